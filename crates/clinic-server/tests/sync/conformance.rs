//! The storage conformance suite (docs/decisions.md §6): the same checks against SQLite and PostgreSQL,
//! straight through the `Storage` trait, so the two cannot drift.

use clinic_core::sync::RowChange;
use clinic_core::Hlc;
use clinic_server::codes;
use clinic_server::storage::{instant_text, now_text, Enrolment, Org, Push, Site, StorageError};
use clinic_server::{AnyStorage, PostgresStorage, SqliteStorage, Storage};
use clinic_sync::protocol::{Outcome, PushedChange};

use super::harness::*;

async fn storage_for(backend: Backend) -> (AnyStorage, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = match backend {
        Backend::Sqlite => AnyStorage::Sqlite(SqliteStorage::open(&dir.path().join("server.db")).expect("sqlite")),
        Backend::Postgres => AnyStorage::Postgres(PostgresStorage::connect(&postgres_schema_url().await).await.expect("pg")),
    };
    (storage, dir)
}

fn in_an_hour() -> String {
    instant_text(chrono::Utc::now() + chrono::Duration::hours(1))
}

/// Enrols a new site with a fresh code; returns the site as the server knows it.
async fn enrol<S: Storage>(s: &S, org: &Org, code: &str) -> Site {
    let typed = codes::new_enrolment_code();
    s.add_enrolment_code(&org.id, &codes::enrolment_code_hash(&typed), None, &now_text(), &in_an_hour()).await.expect("code");
    let token = codes::new_token();
    let enrolment = Enrolment {
        code_hash: codes::enrolment_code_hash(&typed),
        site_id: clinic_core::new_id().to_string(),
        site_code: code.into(),
        site_name: format!("Site {code}"),
        install_id: clinic_core::new_id().to_string(),
        token_hash: codes::secret_hash(&token),
        now: now_text(),
    };
    s.enrol(&enrolment).await.expect("enrol");
    s.site_by_token(&codes::secret_hash(&token)).await.expect("lookup").expect("site")
}

/// One row's write of `fields` at `ms`.
fn row(site: &Site, seq: i64, entity: &str, id: &str, fields: &[(&str, &str)], ms: u64) -> PushedChange {
    PushedChange {
        local_seq: seq,
        change: RowChange {
            change_id: clinic_core::new_id().to_string(),
            entity: entity.into(),
            entity_id: id.into(),
            fields: fields.iter().map(|(f, v)| ((*f).to_string(), Some((*v).to_string()))).collect(),
            hlc: Hlc { wall_ms: ms, counter: 0 },
            site_id: site.site_id.clone(),
            // The server authorizes each change by its actor: accounts are the admin's to
            // write, the rest the front desk's.
            actor: Some(if entity == "app_user" { ADMIN } else { DESK }.to_string()),
        },
    }
}

const ADMIN: &str = "0190b7c4-0000-7000-8000-0000000000a1";
const DESK: &str = "0190b7c4-0000-7000-8000-0000000000d1";

/// The organisation's accounts, made at a site of their own: its first admin (who makes their
/// own account, the clinic having no one yet) and a front desk. Returns the server's head after.
async fn accounts<S: Storage>(s: &S, org: &Org) -> i64 {
    let hq = enrol(s, org, "HQ").await;
    let account = |seq, id: &str, role| {
        row(&hq, seq, "app_user", id, &[("created_at", "2026-01-01T00:00:00.000Z"), ("username", id), ("role", role)], 1)
    };
    let made = [account(1, ADMIN, "admin"), account(2, DESK, "front_desk")];
    assert_eq!(push(s, &hq, &made).await.expect("accounts"), [Outcome::Applied; 2]);
    s.count_changes(&org.id).await.expect("count")
}

fn change(site: &Site, seq: i64, entity: &str, id: &str, field: &str, value: &str, ms: u64) -> PushedChange {
    row(site, seq, entity, id, &[(field, value)], ms)
}

/// Pushes a batch; the storage reads the site's current row itself, inside its transaction.
async fn push<S: Storage>(s: &S, site: &Site, changes: &[PushedChange]) -> Result<Vec<Outcome>, StorageError> {
    Ok(s.push(Push { site, changes: changes.to_vec(), now: &now_text() }).await?.into_iter().map(|r| r.outcome).collect())
}

async fn enrolment_codes_and_sites<S: Storage>(s: S) {
    let org = s.create_org("North", &now_text()).await.expect("org");
    assert!(matches!(s.create_org("North", &now_text()).await, Err(StorageError::Duplicate(_))));
    assert_eq!(s.find_org("North").await.expect("find").map(|o| o.id), Some(org.id.clone()));
    assert_eq!(s.find_org(&org.id).await.expect("find").map(|o| o.name), Some("North".into()));

    let typed = codes::new_enrolment_code();
    let hash = codes::enrolment_code_hash(&typed);
    s.add_enrolment_code(&org.id, &hash, None, &now_text(), &in_an_hour()).await.expect("code");
    let attempt = |site_id: &str, code: &str, token: &str| Enrolment {
        code_hash: hash.clone(),
        site_id: site_id.into(),
        site_code: code.into(),
        site_name: "Desk".into(),
        install_id: clinic_core::new_id().to_string(),
        token_hash: codes::secret_hash(token),
        now: now_text(),
    };
    let first_id = clinic_core::new_id().to_string();
    s.enrol(&attempt(&first_id, "MAIN", "t1")).await.expect("first use");
    let reused = s.enrol(&attempt(&clinic_core::new_id().to_string(), "OTHER", "t2")).await;
    assert!(matches!(reused, Err(StorageError::BadEnrolmentCode)), "a code works once");

    let expired = codes::new_enrolment_code();
    s.add_enrolment_code(&org.id, &codes::enrolment_code_hash(&expired), None, &now_text(), "2000-01-01T00:00:00.000Z")
        .await
        .expect("code");
    let late = Enrolment {
        code_hash: codes::enrolment_code_hash(&expired),
        ..attempt(&clinic_core::new_id().to_string(), "LATE", "t3")
    };
    assert!(matches!(s.enrol(&late).await, Err(StorageError::BadEnrolmentCode)), "an expired code is refused");

    let taken = enrol_with(&s, &org, &clinic_core::new_id().to_string(), "MAIN").await;
    assert!(matches!(taken, Err(StorageError::SiteCodeTaken { .. })), "{taken:?}");
    // An ordinary code makes a new site only: a known site id (every pull lists them) cannot
    // take over that site's token, and the code is not spent by the attempt.
    let takeover = codes::new_enrolment_code();
    s.add_enrolment_code(&org.id, &codes::enrolment_code_hash(&takeover), None, &now_text(), &in_an_hour()).await.expect("code");
    let attempt_takeover = Enrolment { code_hash: codes::enrolment_code_hash(&takeover), ..attempt(&first_id, "MAIN", "t4") };
    assert!(matches!(s.enrol(&attempt_takeover).await, Err(StorageError::SiteRefused(_))));
    assert!(s.site_by_token(&codes::secret_hash("t1")).await.expect("lookup").is_some(), "the real site keeps its token");
    assert!(s.site_by_token(&codes::secret_hash("t4")).await.expect("lookup").is_none());
    let fresh = Enrolment { site_id: clinic_core::new_id().to_string(), ..attempt_takeover.clone() };
    s.enrol(&Enrolment { site_code: "FRESH".into(), ..fresh }).await.expect("the refused attempt left the code unspent");

    // The site that lost its token gets a new one only with a re-key code made for it.
    let (rekey, _) = codes::issue_rekey_code(&s, &org.id, &first_id, chrono::Duration::hours(1)).await.expect("rekey code");
    let rekey_attempt = |site_id: &str, token: &str| Enrolment {
        code_hash: codes::enrolment_code_hash(&rekey),
        ..attempt(site_id, if site_id == first_id { "MAIN" } else { "ELSE" }, token)
    };
    let other_site = clinic_core::new_id().to_string();
    assert!(matches!(s.enrol(&rekey_attempt(&other_site, "t5")).await, Err(StorageError::SiteRefused(_))), "for one site only");
    s.enrol(&rekey_attempt(&first_id, "t6")).await.expect("re-key");
    assert!(s.site_by_token(&codes::secret_hash("t1")).await.expect("lookup").is_none(), "the old token stops working");
    assert!(s.site_by_token(&codes::secret_hash("t6")).await.expect("lookup").is_some());
    assert!(matches!(s.enrol(&rekey_attempt(&first_id, "t7")).await, Err(StorageError::BadEnrolmentCode)), "used once");

    let revoked = s.revoke_site(&org.id, "MAIN", &now_text()).await.expect("revoke");
    assert!(revoked.revoked_at.is_some());
    assert!(matches!(enrol_with(&s, &org, &first_id, "MAIN").await, Err(StorageError::SiteRefused(_))));
    let south = s.create_org("South", &now_text()).await.expect("org");
    assert!(
        matches!(enrol_with(&s, &south, &first_id, "SOUTH").await, Err(StorageError::SiteRefused(_))),
        "a site id stays with its organisation"
    );
    assert!(matches!(s.revoke_site(&south.id, "MAIN", &now_text()).await, Err(StorageError::NotFound(_))));
    let sites = s.list_sites(&org.id).await.expect("sites");
    assert_eq!(sites.len(), 2);
    let codes_listed: Vec<String> =
        s.site_directory(&org.id).await.expect("directory").into_iter().map(|k| k.site_code).collect();
    assert_eq!(codes_listed, ["FRESH", "MAIN"]);

    let epoch = s.epoch().await.expect("epoch");
    assert_ne!(s.rotate_epoch().await.expect("rotate"), epoch);
    s.ready().await.expect("ready");
}

async fn enrol_with<S: Storage>(s: &S, org: &Org, site_id: &str, code: &str) -> Result<Org, StorageError> {
    let typed = codes::new_enrolment_code();
    s.add_enrolment_code(&org.id, &codes::enrolment_code_hash(&typed), None, &now_text(), &in_an_hour()).await.expect("code");
    s.enrol(&Enrolment {
        code_hash: codes::enrolment_code_hash(&typed),
        site_id: site_id.into(),
        site_code: code.into(),
        site_name: "Desk".into(),
        install_id: clinic_core::new_id().to_string(),
        token_hash: codes::secret_hash(&codes::new_token()),
        now: now_text(),
    })
    .await
}

async fn pushes_merge_and_pulls_page<S: Storage>(s: S) {
    let org = s.create_org("North", &now_text()).await.expect("org");
    let seeded = accounts(&s, &org).await;
    let a = enrol(&s, &org, "A").await;
    let b = enrol(&s, &org, "B").await;
    let batch = [
        row(&a, 1, "patient", "p1", &[("created_at", "2026-01-01T00:00:00.000Z"), ("mrn", "A-000001"), ("phone", "1")], 10),
        change(&a, 2, "payment", "pay1", "amount_minor", "500", 11),
        change(&a, 3, "patient", "p3", "created_at", "2026-01-03T00:00:00.000Z", 12),
    ];
    assert_eq!(push(&s, &a, &batch).await.expect("push"), [Outcome::Applied; 3]);
    assert_eq!(push(&s, &a, &batch).await.expect("retry"), [Outcome::Duplicate; 3], "a retried batch is applied once");
    // B: a later phone wins, a payment never changes, and an MRN another patient holds is
    // refused with its whole row.
    let b_batch = [
        change(&b, 1, "patient", "p1", "phone", "2", 20),
        change(&b, 2, "payment", "pay1", "amount_minor", "900", 21),
        row(&b, 3, "patient", "p2", &[("created_at", "2026-01-02T00:00:00.000Z"), ("mrn", "A-000001")], 22),
    ];
    assert_eq!(push(&s, &b, &b_batch).await.expect("push"), [Outcome::Applied, Outcome::Rejected, Outcome::Rejected]);
    let states = s.field_states(&org.id).await.expect("states");
    let value = |entity: &str, id: &str, field: &str| {
        states.iter().find(|f| f.entity == entity && f.entity_id == id && f.field == field).and_then(|f| f.value.clone())
    };
    assert_eq!(value("patient", "p1", "phone").as_deref(), Some("2"));
    assert_eq!(value("payment", "pay1", "amount_minor").as_deref(), Some("500"));
    assert_eq!(value("patient", "p2", "mrn"), None);
    assert_eq!(s.count_changes(&org.id).await.expect("count"), seeded + 4);

    // A copy of A's database sending new changes at positions A already used is refused whole.
    let forked = [change(&a, 3, "patient", "p1", "city", "Accra", 30)];
    assert!(matches!(push(&s, &a, &forked).await, Err(StorageError::Forked)));

    // Pulls: B gets A's changes only, in order, whole rows, with their actor.
    let page = s.pull(&org.id, &b.site_id, seeded, 2).await.expect("pull");
    let first = &page.changes[0].change;
    assert_eq!(first.fields.keys().map(String::as_str).collect::<Vec<_>>(), ["created_at", "mrn", "phone"]);
    assert_eq!(first.actor, batch[0].change.actor, "the actor travels with the change");
    assert_eq!(page.changes.len(), 2);
    assert!(page.more);
    let rest = s.pull(&org.id, &b.site_id, page.next, 100).await.expect("pull");
    assert_eq!(rest.changes.len(), 1);
    assert!(!rest.more);
    assert_eq!(rest.next, rest.head, "the last page moves the cursor to the head, past B's own change");
    assert_eq!(rest.head, seeded + 4);
    let nothing = s.pull(&org.id, &b.site_id, rest.next, 100).await.expect("pull");
    assert!(nothing.changes.is_empty() && !nothing.more && nothing.next == seeded + 4);
    let for_a = s.pull(&org.id, &a.site_id, seeded, 100).await.expect("pull");
    assert_eq!(for_a.changes.len(), 1, "A gets B's one accepted change");

    // Another organisation sees none of it.
    let south = s.create_org("South", &now_text()).await.expect("org");
    let c = enrol(&s, &south, "C").await;
    assert!(s.pull(&south.id, &c.site_id, 0, 100).await.expect("pull").changes.is_empty());
    assert!(s.field_states(&south.id).await.expect("states").is_empty());
}

async fn a_users_status_is_settled_from_its_history<S: Storage>(s: S) {
    let org = s.create_org("North", &now_text()).await.expect("org");
    accounts(&s, &org).await;
    let a = enrol(&s, &org, "A").await;
    let b = enrol(&s, &org, "B").await;
    push(&s, &a, &[change(&a, 1, "app_user", "u", "status", "active", 1)]).await.expect("create");
    push(&s, &a, &[change(&a, 2, "app_user", "u", "status", "disabled", 10)]).await.expect("disable at A");
    // B re-enables later by its clock, lifting only its own earlier disable.
    let b_disable = change(&b, 1, "app_user", "u", "status", "disabled", 5);
    let lifts = format!("{}@{}", b_disable.change.hlc, b.site_id);
    push(&s, &b, &[b_disable]).await.expect("disable at B");
    let enable = [row(&b, 2, "app_user", "u", &[("status", "active"), ("status_lifts", &lifts)], 20)];
    push(&s, &b, &enable).await.expect("enable at B");
    let states = s.field_states(&org.id).await.expect("states");
    let status = states.iter().find(|f| f.entity_id == "u" && f.field == "status").and_then(|f| f.value.clone());
    assert_eq!(status.as_deref(), Some("disabled"), "A's disable was never lifted");
}

on_both!(enrolment_codes_and_sites_conform, enrolment_sqlite, enrolment_postgres);
on_both!(pushes_merge_and_pulls_page_conform, push_pull_sqlite, push_pull_postgres);
on_both!(user_status_conforms, user_status_sqlite, user_status_postgres);

async fn enrolment_codes_and_sites_conform(backend: Backend) {
    match storage_for(backend).await {
        (AnyStorage::Sqlite(s), _dir) => enrolment_codes_and_sites(s).await,
        (AnyStorage::Postgres(s), _dir) => enrolment_codes_and_sites(s).await,
    }
}

async fn pushes_merge_and_pulls_page_conform(backend: Backend) {
    match storage_for(backend).await {
        (AnyStorage::Sqlite(s), _dir) => pushes_merge_and_pulls_page(s).await,
        (AnyStorage::Postgres(s), _dir) => pushes_merge_and_pulls_page(s).await,
    }
}

async fn user_status_conforms(backend: Backend) {
    match storage_for(backend).await {
        (AnyStorage::Sqlite(s), _dir) => a_users_status_is_settled_from_its_history(s).await,
        (AnyStorage::Postgres(s), _dir) => a_users_status_is_settled_from_its_history(s).await,
    }
}
