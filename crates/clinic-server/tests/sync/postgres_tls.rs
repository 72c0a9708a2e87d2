//! PostgreSQL over TLS (issue 17, Done means 6): the server's connections are encrypted and the
//! database's certificate is checked. `make postgres` serves TLS from a test CA and refuses the
//! test role any unencrypted connection, so every PostgreSQL test here runs over TLS.

use clinic_server::storage::postgres_address;
use clinic_server::PostgresStorage;

use super::harness::POSTGRES_URL_VAR;

fn test_url() -> String {
    std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| panic!("{POSTGRES_URL_VAR} is not set (make test sets it)"))
}

/// `url` with one query parameter replaced (or removed, with `None`).
fn with_param(url: &str, key: &str, value: Option<&str>) -> String {
    let mut parsed = url::Url::parse(url).expect("url");
    let kept: Vec<(String, String)> =
        parsed.query_pairs().filter(|(k, _)| k != key).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let mut pairs = parsed.query_pairs_mut();
    pairs.clear().extend_pairs(kept);
    if let Some(value) = value {
        pairs.append_pair(key, value);
    }
    drop(pairs);
    parsed.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_reaches_postgres_over_verified_tls() {
    let url = test_url();
    assert!(url.contains("sslmode=verify-full"), "the tests' URL asks for verify-full: make test sets it");
    let address = postgres_address::parse(&url).expect("the test URL");
    let (client, connection) = address.config.connect(address.tls).await.expect("a TLS connection");
    tokio::spawn(connection);
    let row = client.query_one("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).await.expect("query");
    let (ssl, version): (bool, Option<String>) = (row.get(0), row.get(1));
    assert!(ssl, "the connection is encrypted");
    assert!(version.as_deref().is_some_and(|v| v.starts_with("TLSv1.")), "{version:?}");
    PostgresStorage::connect(&url).await.expect("the storage connects over TLS");

    // A certificate from a CA this server was not told to trust is refused.
    let public_roots = with_param(&url, "sslrootcert", Some("system"));
    let refused = PostgresStorage::connect(&public_roots).await.err().expect("an unknown issuer is refused").to_string();
    assert!(refused.contains("certificate"), "{refused}");
    // And the database itself refuses this role a connection without TLS.
    let plain = with_param(&url, "sslmode", Some("disable"));
    let refused = PostgresStorage::connect(&plain).await.err().expect("no encryption is refused").to_string();
    assert!(refused.contains("no encryption"), "{refused}");
}
