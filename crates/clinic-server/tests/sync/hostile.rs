//! A hostile server (issue 17, Limits): a site reads at most 64 MiB of any answer, so a small
//! gzipped answer that inflates without end cannot fill the site's memory.

use std::io::Write;
use std::net::SocketAddr;

use axum::http::header::{CONTENT_ENCODING, CONTENT_TYPE};
use axum::routing::get;
use axum_server::tls_rustls::RustlsConfig;
use clinic_server::tls::TlsSource;
use clinic_sync::{ServerAddress, SyncClient, SyncError, Trust};
use flate2::write::GzEncoder;
use flate2::Compression;

/// 80 MiB of spaces (valid JSON padding), gzipped to well under a megabyte.
fn inflating_answer() -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..80 {
        gz.write_all(&block).expect("gzip");
    }
    gz.write_all(b"{}").expect("gzip");
    gz.finish().expect("gzip")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_stops_reading_an_answer_past_its_limit() {
    clinic_server::install_crypto_provider();
    let dir = tempfile::tempdir().expect("tempdir");
    let tls = TlsSource::SelfSigned { dir: dir.path().join("tls"), names: vec![] }.load().expect("certificate");
    let body = inflating_answer();
    assert!(body.len() < 1024 * 1024, "the bomb is small on the wire: {} bytes", body.len());
    let app = axum::Router::new().route(
        "/v1/info",
        get(move || {
            let body = body.clone();
            async move { ([(CONTENT_TYPE, "application/json"), (CONTENT_ENCODING, "gzip")], body) }
        }),
    );
    let config = RustlsConfig::from_pem(tls.cert_pem.clone(), tls.key_pem.clone()).await.expect("tls config");
    let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(axum_server::from_tcp_rustls(listener, config).expect("server").serve(app.into_make_service()));

    let address = ServerAddress { url: format!("https://127.0.0.1:{}", addr.port()), trust: Trust::Pinned(tls.fingerprint) };
    let client = SyncClient::new(&address, None).expect("client");
    match client.info().await {
        Err(SyncError::Malformed(message)) => assert!(message.contains("larger than 64 MiB"), "{message}"),
        other => panic!("an answer inflating to 80 MiB was read: {other:?}"),
    }
    server.abort();
}
