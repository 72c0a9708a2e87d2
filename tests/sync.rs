//! Sync through the app's commands, against the real clinic-server over HTTPS on loopback: an
//! admin enrols an existing site, a new computer joins the clinic and fills up from the server,
//! enrolment errors land next to their fields, a copied database does not sync as its site, and
//! the front desk settles a double booking that a sync brought in.

mod common;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use clinic_core::sync::ConflictResolution;
use clinic_core::Role;
use clinic_desk_lib::state::{AppState, SyncState};
use clinic_desk_lib::sync::{service, EnrolInput, JoinClinicInput, UnlinkInput};
use clinic_desk_lib::{commands, ErrorCode};
use clinic_server::storage::{now_text, Org};
use clinic_server::tls::TlsSource;
use clinic_server::{codes, RunningServer, SqliteStorage, Storage};
use clinic_store::{DatabaseKey, SiteSetup, Store};
use common::*;

struct Server {
    running: RunningServer,
    storage: SqliteStorage,
    org: Org,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let tls = TlsSource::SelfSigned { dir: dir.path().join("tls"), names: vec![] }.load().expect("certificate");
        let storage = SqliteStorage::open(&dir.path().join("server.db")).expect("storage");
        let org = storage.create_org("Riverside Group", &now_text()).await.expect("org");
        let running = clinic_server::start(storage.clone(), "127.0.0.1:0".parse().expect("addr"), &tls).await.expect("server");
        Server { running, storage, org, _dir: dir }
    }

    async fn code(&self) -> String {
        self.code_for(None).await
    }

    /// A code the operator makes with `clinic-server site rekey` (for one known site) or, with
    /// no site, an ordinary one.
    async fn code_for(&self, site: Option<&str>) -> String {
        let code = codes::new_enrolment_code();
        let expires = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        self.storage
            .add_enrolment_code(&self.org.id, &codes::enrolment_code_hash(&code), site, &now_text(), &expires)
            .await
            .expect("code");
        code
    }

    fn url(&self) -> String {
        self.running.url()
    }

    fn fingerprint(&self) -> String {
        self.running.fingerprint.to_string()
    }
}

/// A new, empty installation: what a second computer of the clinic starts as.
fn empty_site() -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = SiteSetup::with_random_code("Clinic Desk", "This computer");
    let store = Store::create(&dir.path().join("clinic.db"), &DatabaseKey::generate(), &setup).expect("store");
    let clock = Arc::new(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).single().expect("time"));
    let state = AppState::with_clock(Ok(store), clock);
    attach_sync(&state, dir.path());
    (state, dir)
}

async fn sync_now(state: &AppState) -> clinic_sync::SyncReport {
    service::run_once(state, &|| {}).await.expect("enrolled").expect("sync")
}

fn join_input(server: &Server, code: &str, site_code: &str) -> JoinClinicInput {
    JoinClinicInput {
        server_url: server.url(),
        fingerprint: server.fingerprint(),
        code: code.into(),
        site_name: "Front desk 2".into(),
        site_code: site_code.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_enrols_the_site_and_a_new_computer_joins_and_fills_up() {
    let server = Server::start().await;
    let clinic = Clinic::new();
    clinic.log_in(Role::Admin);
    let input = EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code: server.code().await };
    let status = commands::enrol_site(&clinic.state, input.clone()).await.expect("enrol");
    assert_eq!(status.org_name.as_deref(), Some("Riverside Group"));
    assert!(status.waiting > 0, "the site's records wait for their first push");
    let report = sync_now(&clinic.state).await;
    assert!(report.pushed_applied > 0 && report.pushed_rejected == 0, "{report:?}");
    let status = commands::sync_status(&clinic.state).expect("status");
    assert_eq!((status.state, status.waiting), (SyncState::Online, 0));
    assert!(status.last_synced_at.is_some() && status.initialised);
    // Enrolling is audited; the token is in the keychain, not the database.
    assert!(clinic
        .store()
        .list_audit_events(&Default::default(), 1, 5)
        .expect("audit")
        .events
        .iter()
        .any(|e| e.action == clinic_core::AuditAction::SiteEnrolled));

    // A second computer joins the clinic from the first-run screen.
    let (site_b, _dir) = empty_site();
    assert!(commands::app_status(&site_b).expect("status").needs_setup);
    let joined = commands::join_clinic(&site_b, join_input(&server, &server.code().await, "DESK2")).await.expect("join");
    assert!(!joined.initialised, "a joining site waits for its records");
    let before = commands::app_status(&site_b).expect("status");
    assert!(before.joining && !before.needs_setup, "{before:?}");
    assert_eq!(before.site_code, "DESK2");
    assert_eq!(before.clinic_name, "Riverside Group");
    // While it joins, a local first-run setup is refused by Rust too, not only hidden by the UI.
    let setup = clinic_core::ClinicSetupInput {
        clinic_name: "Elsewhere".into(),
        site_name: "Back office".into(),
        site_code: "ELSE".into(),
        username: "intruder".into(),
        display_name: "Intruder".into(),
        password: PASSWORD.into(),
    };
    assert_eq!(commands::set_up_clinic(&site_b, setup.clone()).expect_err("refused while joining").code, ErrorCode::Conflict);
    sync_now(&site_b).await;
    let after = commands::app_status(&site_b).expect("status");
    assert!(!after.joining && !after.needs_setup, "{after:?}");
    // The clinic's accounts arrived: the front desk logs in at the new computer with its password.
    commands::log_in(&site_b, username(Role::FrontDesk), PASSWORD.into()).expect("login at the new site");
    let found = commands::search_patients(&site_b, "okafor".into(), 5).expect("search");
    assert_eq!(found.len(), 1, "the patient registered at the first site is found at the second");

    // A patient registered at the new site reaches the first one.
    commands::create_patient(&site_b, patient_input("Yaw", "Asante")).expect("register at B");
    sync_now(&site_b).await;
    sync_now(&clinic.state).await;
    clinic.log_in(Role::FrontDesk);
    assert_eq!(commands::search_patients(&clinic.state, "asante".into(), 5).expect("search").len(), 1);
    // Joining twice is refused: this computer holds a clinic now.
    let again = commands::join_clinic(&site_b, join_input(&server, &server.code().await, "DESK3")).await.expect_err("refused");
    assert_eq!(again.code, ErrorCode::Conflict);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_errors_point_at_the_field_to_fix() {
    let server = Server::start().await;
    let clinic = Clinic::new();
    clinic.log_in(Role::Admin);
    let field_of = |e: clinic_desk_lib::CommandError| e.field_errors.first().map(|f| f.field.clone()).unwrap_or(e.message);
    let code = server.code().await;

    let wrong_print = EnrolInput { server_url: server.url(), fingerprint: "AB".repeat(32), code: code.clone() };
    assert_eq!(field_of(commands::enrol_site(&clinic.state, wrong_print.clone()).await.expect_err("pinned")), "fingerprint");
    let unpinned = EnrolInput { server_url: server.url(), fingerprint: String::new(), code: code.clone() };
    let err = commands::enrol_site(&clinic.state, unpinned.clone()).await.expect_err("self-signed, not trusted");
    assert!(err.field_errors[0].message.contains("fingerprint the server printed"), "{err:?}");
    let plain_http = EnrolInput { server_url: server.url().replace("https", "http"), ..unpinned.clone() };
    assert_eq!(field_of(commands::enrol_site(&clinic.state, plain_http.clone()).await.expect_err("http")), "serverUrl");
    let bad_code = EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code: "WXYZ-WXYZ-WXYZ".into() };
    assert_eq!(field_of(commands::enrol_site(&clinic.state, bad_code.clone()).await.expect_err("code")), "code");
    // Nothing was saved by the failures: the site is still not enrolled.
    assert_eq!(commands::sync_status(&clinic.state).expect("status").state, SyncState::NotConfigured);

    // The clinic's site code RIV is taken: a joining computer must choose another.
    let good = EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code };
    commands::enrol_site(&clinic.state, good.clone()).await.expect("enrol");
    let (site_b, _dir) = empty_site();
    let taken = commands::join_clinic(&site_b, join_input(&server, &server.code().await, "RIV")).await.expect_err("taken");
    assert_eq!(field_of(taken), "siteCode");
    assert!(commands::app_status(&site_b).expect("status").needs_setup, "a refused join leaves the computer as it was");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_linked_site_is_unlinked_by_an_admin_before_it_enrols_again() {
    let server = Server::start().await;
    let clinic = Clinic::new();
    clinic.log_in(Role::Admin);
    let input = EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code: server.code().await };
    commands::enrol_site(&clinic.state, input).await.expect("enrol");
    sync_now(&clinic.state).await;
    let site_id = clinic.store().site().site_id.clone();
    let keys = clinic.state.sync.keys().expect("keys");

    // Enrolling again while linked is refused, and the link is as it was.
    let again = EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code: server.code().await };
    let refused = commands::enrol_site(&clinic.state, again.clone()).await.expect_err("linked");
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("already syncs with Riverside Group") && refused.message.contains("unlink"), "{refused:?}");
    assert_eq!(commands::sync_status(&clinic.state).expect("status").state, SyncState::Online);

    // Unlinking needs a reason; a refused unlink changes nothing.
    let short = commands::unlink_site(&clinic.state, UnlinkInput { reason: "oops".into() }).expect_err("no reason");
    assert_eq!(short.field_errors[0].field, "reason", "{short:?}");
    assert!(keys.token(&site_id).expect("keychain").is_some());

    let status =
        commands::unlink_site(&clinic.state, UnlinkInput { reason: "Moving to the new server".into() }).expect("unlinked");
    assert_eq!(status.state, SyncState::NotConfigured);
    assert_eq!(keys.token(&site_id).expect("keychain"), None, "the token left the keychain");
    assert!(service::run_once(&clinic.state, &|| {}).await.is_none(), "an unlinked site does not sync");
    let alerts = commands::list_security_alerts(&clinic.state).expect("alerts");
    let alert = alerts.iter().find(|a| a.kind == "site_unlinked").expect("a security alert for the admins");
    assert!(alert.reason.contains("Riverside Group") && alert.reason.contains("Moving to the new server"), "{alert:?}");
    let events = clinic.store().list_audit_events(&Default::default(), 1, 5).expect("audit").events;
    assert!(events.iter().any(|e| e.action == clinic_core::AuditAction::SiteUnlinked));
    let twice = commands::unlink_site(&clinic.state, UnlinkInput { reason: "Moving to the new server".into() });
    assert_eq!(twice.expect_err("not linked").code, ErrorCode::Conflict);

    // The same server knows this site: an ordinary code is refused, and only the operator's
    // rekey code links it again. It then sends everything, the alert included.
    let taken = commands::enrol_site(&clinic.state, again).await.expect_err("a known site");
    assert_eq!(taken.code, ErrorCode::Conflict, "{taken:?}");
    let rekey =
        EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code: server.code_for(Some(&site_id)).await };
    commands::enrol_site(&clinic.state, rekey).await.expect("enrol again");
    let report = sync_now(&clinic.state).await;
    assert!(report.pushed_applied > 0 && report.pushed_rejected == 0, "{report:?}");
    assert_eq!(commands::sync_status(&clinic.state).expect("status").state, SyncState::Online);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copied_database_does_not_sync_as_its_site() {
    let server = Server::start().await;
    let clinic = Clinic::new();
    // The same database opened under another installation's keychain (copied to another computer).
    let other_keys = service::SiteKeys { database: "/elsewhere/clinic.db".into() };
    let copy = service::SyncService::default();
    copy.attach(other_keys, &mut clinic.store()).expect("attach");
    let refused = copy.install_id().expect_err("copied");
    assert!(refused.message.contains("copied from another computer"), "{}", refused.message);

    // The real installation enrols; a token used from another installation is refused by the server.
    clinic.log_in(Role::Admin);
    let input = EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code: server.code().await };
    commands::enrol_site(&clinic.state, input.clone()).await.expect("enrol");
    let site_id = clinic.store().site().site_id.clone();
    let token = clinic.state.sync.keys().expect("keys").token(&site_id).expect("keychain").expect("token");
    let address = service::server_address(&server.url(), Some(&server.fingerprint())).expect("address");
    let stolen = clinic_sync::SyncClient::new(
        &address,
        Some(clinic_sync::Credentials { token, install_id: clinic_core::new_id().to_string() }),
    )
    .expect("client");
    let err = stolen
        .pull(&clinic_sync::protocol::PullRequest { after: 0, limit: 10, with_sites: false })
        .await
        .expect_err("wrong installation");
    assert!(
        matches!(&err, clinic_sync::SyncError::Refused { kind: clinic_sync::protocol::ErrorKind::WrongInstallation, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("copied from another computer"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_desk_settles_a_double_booking_that_a_sync_brought_in() {
    let server = Server::start().await;
    let clinic = Clinic::new();
    clinic.log_in(Role::Admin);
    let input = EnrolInput { server_url: server.url(), fingerprint: server.fingerprint(), code: server.code().await };
    commands::enrol_site(&clinic.state, input.clone()).await.expect("enrol");
    sync_now(&clinic.state).await;
    let (site_b, _dir) = empty_site();
    commands::join_clinic(&site_b, join_input(&server, &server.code().await, "DESK2")).await.expect("join");
    sync_now(&site_b).await;

    // Both desks book Dr Lee for the same afternoon while apart.
    clinic.log_in(Role::FrontDesk);
    commands::log_in(&site_b, username(Role::FrontDesk), PASSWORD.into()).expect("login at B");
    commands::book_appointment(&clinic.state, booking_input(&clinic.patient, &clinic.provider, "2026-12-02T10:00"))
        .expect("booked at A");
    commands::book_appointment(&site_b, booking_input(&clinic.other_patient, &clinic.provider, "2026-12-02T10:15"))
        .expect("booked at B");
    sync_now(&site_b).await;
    let report = sync_now(&clinic.state).await;
    assert_eq!(report.new_booking_conflicts, 1);
    assert_eq!(commands::sync_status(&clinic.state).expect("status").conflicts, 1, "the indicator counts it");

    let conflicts = commands::list_booking_conflicts(&clinic.state).expect("list");
    assert_eq!(conflicts.len(), 1);
    let pair = &conflicts[0];
    assert_eq!(pair.provider_name.as_deref(), Some("Dr Lee"));
    let mut sites = [pair.first.booked_at_site.as_str(), pair.second.booked_at_site.as_str()];
    sites.sort_unstable();
    assert_eq!(sites, ["DESK2", "RIV"], "each side says where it was booked");
    let theirs = if pair.first.booked_at_site == "DESK2" { &pair.first } else { &pair.second };
    let empty_reason = ConflictResolution::Cancel { appointment_id: theirs.appointment_id, reason: " ".into() };
    assert_eq!(
        commands::resolve_booking_conflict(&clinic.state, pair.id.clone(), empty_reason.clone())
            .expect_err("reason")
            .field_errors[0]
            .field,
        "reason"
    );
    let cancel = ConflictResolution::Cancel { appointment_id: theirs.appointment_id, reason: "Booked twice".into() };
    let left = commands::resolve_booking_conflict(&clinic.state, pair.id.clone(), cancel.clone()).expect("settled");
    assert!(left.is_empty());
    // The cancellation reaches the other desk, whose list empties too.
    sync_now(&clinic.state).await;
    sync_now(&site_b).await;
    assert!(commands::list_booking_conflicts(&site_b).expect("list at B").is_empty());
}
