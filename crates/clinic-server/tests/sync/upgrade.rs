//! Upgrading from sync protocol 1 (issue 16, Done means 3): a site database written by the
//! protocol 1 store, with changes the server had not had yet, is migrated when the new version
//! opens it, and sends exactly those changes, once; another site then receives them.

use clinic_core::sync::{Replica, RowChange};
use clinic_core::{Actor, Hlc};
use clinic_server::storage::{now_text, Enrolment, Org, Push};
use clinic_server::{codes, Storage};
use clinic_store::{DatabaseKey, SiteSetup, Store};
use clinic_sync::protocol::{Outcome, PushedChange};

use super::harness::*;

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../clinic-store/tests/fixtures")
}

/// The accounts the v1 site had sent its old server before it was upgraded, as that server
/// holds them (the server authorizes each change by its maker): the admin first, who made their
/// own account, then the others, made by the admin. Sent from a site of their own, like the
/// earlier pushes this test's server never saw. Returns how many changes that was.
async fn accounts_known_to_the_server(server: &TestServer, org: &Org, store: &Store) -> i64 {
    let accounts: Vec<(String, String, String, String)> = store
        .connection()
        .prepare("SELECT id, username, role, created_at FROM app_user ORDER BY username <> 'ada', username")
        .expect("accounts")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("accounts")
        .collect::<Result<_, _>>()
        .expect("accounts");
    let admin = accounts[0].0.clone();
    let code = server.storage.enrolment_code(org).await;
    let token = codes::new_token();
    let enrolment = Enrolment {
        code_hash: codes::enrolment_code_hash(&code),
        site_id: clinic_core::new_id().to_string(),
        site_code: "OLD".into(),
        site_name: "Earlier pushes".into(),
        install_id: clinic_core::new_id().to_string(),
        token_hash: codes::secret_hash(&token),
        now: now_text(),
    };
    server.storage.0.enrol(&enrolment).await.expect("enrol");
    let site = server.storage.0.site_by_token(&codes::secret_hash(&token)).await.expect("site").expect("enrolled");
    let changes: Vec<PushedChange> = accounts
        .iter()
        .zip(1..)
        .map(|((id, username, role, created_at), seq)| {
            let fields = [("username", username), ("role", role), ("created_at", created_at)];
            let hlc = Hlc { wall_ms: 1_700_000_000_000, counter: u32::try_from(seq).expect("few") };
            let mut change = RowChange::new("app_user", id, hlc, &site.site_id, fields.map(|(f, v)| (f, Some(v.clone()))));
            change.actor = Some(admin.clone());
            PushedChange { local_seq: seq, change }
        })
        .collect();
    let answers = server.storage.0.push(Push { site: &site, changes, now: &now_text() }).await.expect("push");
    assert!(answers.iter().all(|a| a.outcome == Outcome::Applied), "{answers:?}");
    answers.len() as i64
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
    let seeded = accounts_known_to_the_server(&server, &org, &store).await;
    let site = TestSite::adopt(&server, &org, store, dir, admin.clone()).await;

    let report = site.sync().await;
    assert_eq!((report.pushed_applied, report.pushed_duplicate, report.pushed_rejected), (waiting, 0, 0));
    let reached = server.storage.count_changes(&org).await - seeded;
    assert_eq!(reached as u64, waiting, "each unsent change reached the server once");
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
