//! Reads a PostgreSQL URL and decides how to reach it: over TLS (rustls) with the server's
//! certificate checked, by default and whatever `sslmode` asks for short of `disable`, which is
//! allowed only for a database on this machine. tokio-postgres reads neither `sslrootcert` nor
//! the `verify-*` modes, so both are taken out of the URL here (docs/operations.md, "PostgreSQL").

use std::net::IpAddr;
use std::path::Path;
use std::str::FromStr;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};
use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::Config;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::StorageError;

/// Where the database is and how its connections are secured.
pub struct PostgresAddress {
    pub config: Config,
    pub tls: MakeRustlsConnect,
}

fn invalid(why: impl std::fmt::Display) -> StorageError {
    // Never the URL itself: it holds the database password.
    StorageError::Database(format!("the PostgreSQL address is not valid: {why}"))
}

/// Parses `url` (`postgres://user:password@host:port/db?sslmode=…&sslrootcert=…`).
pub fn parse(url: &str) -> Result<PostgresAddress, StorageError> {
    let mut parsed = url::Url::parse(url).map_err(invalid)?;
    if !matches!(parsed.scheme(), "postgres" | "postgresql") {
        return Err(invalid("it must start with postgres://"));
    }
    let (mut mode, mut root_cert) = (None, None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter_map(|(key, value)| match key.as_ref() {
            "sslmode" => {
                mode = Some(value.into_owned());
                None
            }
            "sslrootcert" => {
                root_cert = Some(value.into_owned());
                None
            }
            _ => Some((key.into_owned(), value.into_owned())),
        })
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut config = Config::from_str(parsed.as_str()).map_err(invalid)?;
    let tls = match mode.as_deref() {
        None | Some("prefer" | "require" | "verify-ca" | "verify-full") => {
            config.ssl_mode(SslMode::Require);
            true
        }
        Some("disable") => {
            if !config.get_hosts().iter().all(is_this_machine) {
                return Err(invalid(
                    "sslmode=disable is allowed only for a PostgreSQL on this machine; \
                     reach another machine over TLS (sslmode=verify-full)",
                ));
            }
            config.ssl_mode(SslMode::Disable);
            false
        }
        Some(other) => return Err(invalid(format!("sslmode={other} is not one of disable, require, verify-ca or verify-full"))),
    };
    let roots = if tls { roots(root_cert.as_deref())? } else { RootCertStore::empty() };
    // ring, as everywhere else here (no aws-lc build), whatever provider the process installed.
    let client = ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(invalid)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(PostgresAddress { config, tls: MakeRustlsConnect::new(client) })
}

fn is_this_machine(host: &Host) -> bool {
    match host {
        Host::Unix(_) => true,
        Host::Tcp(name) => name == "localhost" || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()),
    }
}

/// The certificate authorities a database's certificate must chain to: the PEM file named by
/// `sslrootcert`, or the public web roots (also for `sslrootcert=system`).
fn roots(root_cert: Option<&str>) -> Result<RootCertStore, StorageError> {
    let mut roots = RootCertStore::empty();
    match root_cert {
        None | Some("system") => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Some(path) => {
            let unreadable = |why: String| invalid(format!("sslrootcert {path}: {why}"));
            let certs = CertificateDer::pem_file_iter(Path::new(path))
                .map_err(|e| unreadable(e.to_string()))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| unreadable(e.to_string()))?;
            if certs.is_empty() {
                return Err(unreadable("the file holds no certificate".into()));
            }
            for cert in certs {
                roots.add(cert).map_err(|e| unreadable(e.to_string()))?;
            }
        }
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(url: &str) -> String {
        match parse(url) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn tls_is_the_default_and_the_ssl_options_leave_the_url() {
        let address = parse("postgres://u:secret@db.internal:5433/clinic?options=-csearch_path%3Dx").expect("parse");
        assert_eq!(address.config.get_ssl_mode(), SslMode::Require);
        assert_eq!(address.config.get_options(), Some("-csearch_path=x"));
        let address = parse("postgres://u:secret@db.internal/clinic?sslmode=verify-full&sslrootcert=system").expect("parse");
        assert_eq!(address.config.get_ssl_mode(), SslMode::Require);
        assert_eq!(address.config.get_dbname(), Some("clinic"));
    }

    #[test]
    fn plain_connections_only_on_this_machine() {
        for url in ["postgres://u@127.0.0.1/db?sslmode=disable", "postgres://u@localhost/db?sslmode=disable"] {
            assert_eq!(parse(url).expect(url).config.get_ssl_mode(), SslMode::Disable);
        }
        let message = error_of("postgres://u:secret@db.internal/db?sslmode=disable");
        assert!(message.contains("only for a PostgreSQL on this machine"), "{message}");
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn bad_modes_and_root_files_are_named() {
        assert!(error_of("postgres://u@h/db?sslmode=allow").contains("sslmode=allow is not one of"));
        let message = error_of("postgres://u@h/db?sslrootcert=/no/such/ca.pem");
        assert!(message.contains("sslrootcert /no/such/ca.pem"), "{message}");
        let dir = tempfile::tempdir().expect("tempdir");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate").expect("write");
        let message = error_of(&format!("postgres://u@h/db?sslrootcert={}", empty.display()));
        assert!(message.contains("holds no certificate"), "{message}");
        assert!(error_of("mysql://u@h/db").contains("postgres://"));
    }
}
