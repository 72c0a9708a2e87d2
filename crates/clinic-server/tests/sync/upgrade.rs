//! Upgrading from sync protocol 1 (issue 16, Done means 3): a site database written by the
//! protocol 1 store, with changes the server had not had yet, is migrated when the new version
//! opens it, and sends exactly those changes, once; another site then receives them.

use clinic_core::sync::Replica;
use clinic_core::Actor;
use clinic_store::{DatabaseKey, SiteSetup, Store};

use super::harness::*;

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../clinic-store/tests/fixtures")
}

async fn a_v1_site_sends_its_unsent_changes_once(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    std::fs::copy(fixtures().join("v1-site.db"), &path).expect("copy the fixture");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("v1-site.json")).expect("summary")).expect("json");
    let setup = SiteSetup { clinic_name: "Test Clinic".into(), site_name: "Front desk".into(), site_code: "TEST".into() };
    let store = Store::open(&path, &DatabaseKey::from_bytes([7u8; 32]), &setup).expect("the v1 database opens");
    let waiting = store.count_pending().expect("pending");
    assert_eq!(waiting, summary["unsent_row_writes"].as_u64().expect("count"));
    let admin = store
        .connection()
        .query_row("SELECT id, username FROM app_user WHERE username = 'ada'", [], |r| {
            Ok(Actor {
                user_id: r.get::<_, String>(0)?.parse().expect("id"),
                username: r.get(1)?,
                role: clinic_core::Role::Admin,
            })
        })
        .expect("the admin");
    let site = TestSite::adopt(&server, &org, store, dir, admin.clone()).await;

    let report = site.sync().await;
    assert_eq!((report.pushed_applied, report.pushed_duplicate, report.pushed_rejected), (waiting, 0, 0));
    assert_eq!(server.storage.count_changes(&org).await as u64, waiting, "each unsent change reached the server once");
    assert_eq!(site.waiting(), 0);
    let again = site.sync().await;
    assert_eq!(again.pushed_applied + again.pushed_duplicate, 0, "nothing is sent twice");

    let b = TestSite::joining(&server, &org, "DESK2", &admin).await;
    assert_eq!(b.sync().await.copied as usize, server.rows(&org).await.len(), "the joining site copies each record once");
    let names: Vec<String> = b
        .rows()
        .into_iter()
        .filter(|((table, _), _)| table == "patient")
        .filter_map(|(_, fields)| fields.get("given_name").cloned())
        .collect();
    for name in ["Unsent0", "Unsent1", "Unsent2"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
}

on_both!(a_v1_site_sends_its_unsent_changes_once, v1_site_upgrade_sqlite, v1_site_upgrade_postgres);
