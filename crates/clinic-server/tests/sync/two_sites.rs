//! Two sites and a server (Done means 2): edits made offline at both, then synced in both orders;
//! both sites and the server end identical, field by field, and each rule of docs/decisions.md §5 held.

use clinic_core::{PatientInput, UserStatus};

use super::fixtures::*;
use super::harness::*;

#[derive(Debug, Clone, Copy)]
enum Order {
    AThenB,
    BThenA,
}

async fn offline_edits_converge(backend: Backend, order: Order) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let a = TestSite::founding(&server, &org, "NORTH").await;
    let admin = a.admin.clone();
    let desk = a.desk();
    // What both sites share before they go offline: a patient, a provider, a nurse's account.
    let (shared, second, lee, nina) = a.with(|s| {
        let shared = register(s, &desk, "Ama", "Mensah");
        let second = register(s, &desk, "Kofi", "Boateng");
        let lee = s.save_provider(&admin, None, &provider("Dr Lee")).expect("provider").id;
        let nina = nurse(s, &admin, "nina");
        (shared, second, lee, nina)
    });
    a.sync().await;
    let b = TestSite::joining(&server, &org, "SOUTH", &admin).await;
    let first_pull = b.sync().await;
    assert!(first_pull.copied > 0, "the joining site fills up from the server");
    assert!(b.with(|s| s.get_patient(&shared)).is_ok(), "the shared patient reached the new site");

    // Offline at A.
    let (a_invoice, a_number) = a.with(|s| {
        let phone = PatientInput { phone: "+1 555 0199 0000".into(), ..patient("Ama", "Mensah") };
        s.update_patient(&desk, &shared, &phone, today()).expect("edit phone at A");
        register(s, &desk, "Abena", "North");
        book(s, &desk, &shared, &lee, next_monday_at(10, 0));
        s.set_user_status(&admin, &nina, UserStatus::Disabled).expect("disable at A");
        let invoice = issue_invoice(s, &desk, &shared, 8_000);
        pay(s, &desk, &invoice.0, 3_000);
        invoice
    });
    // Offline at B, at the same time.
    let (_, b_number) = b.with(|s| {
        let email = PatientInput { email: "ama@example.org".into(), ..patient("Ama", "Mensah") };
        s.update_patient(&desk, &shared, &email, today()).expect("edit email at B");
        register(s, &desk, "Esi", "South");
        book(s, &desk, &second, &lee, next_monday_at(10, 15));
        // B had disabled and re-enabled Nina earlier; it never saw A's disable.
        s.set_user_status(&admin, &nina, UserStatus::Disabled).expect("disable at B");
        s.set_user_status(&admin, &nina, UserStatus::Active).expect("re-enable at B");
        let settings = clinic_core::SiteSettings { time_zone: "Africa/Accra".into(), ..Default::default() };
        s.save_settings(&admin, &settings).expect("clinic time zone at B");
        issue_invoice(s, &desk, &second, 5_000)
    });

    match order {
        Order::AThenB => {
            a.sync().await;
            b.sync().await;
            a.sync().await;
        }
        Order::BThenA => {
            b.sync().await;
            a.sync().await;
            b.sync().await;
        }
    }

    let on_server = server.rows(&org).await;
    assert_eq!(a.rows(), on_server, "site A and the server hold the same rows, field by field ({order:?}, {backend:?})");
    assert_eq!(b.rows(), on_server, "site B and the server hold the same rows, field by field ({order:?}, {backend:?})");

    for site in [&a, &b] {
        site.with(|s| {
            // Different fields of one patient: both edits kept.
            let p = s.get_patient(&shared).expect("patient");
            assert_eq!(p.details.phone.as_deref(), Some("+1 555 0199 0000"), "site {}", site.code);
            assert_eq!(p.details.email.as_deref(), Some("ama@example.org"), "site {}", site.code);
            // A new patient on each side.
            let names: Vec<String> = s.search_patients("Abena", 5).expect("search").into_iter().map(|p| p.family_name).collect();
            assert_eq!(names, ["North"], "site {} finds A's new patient", site.code);
            assert_eq!(s.search_patients("Esi", 5).expect("search").len(), 1, "site {} finds B's new patient", site.code);
            // One provider booked twice while apart: both kept, flagged for the front desk.
            assert_eq!(s.booking_conflicts().expect("conflicts").len(), 1, "site {} lists the double booking", site.code);
            // Disabled at A wins over B's re-enable that never saw it.
            assert_eq!(s.get_user(&nina).expect("nina").status, UserStatus::Disabled, "site {}", site.code);
            assert_eq!(s.settings().expect("settings").time_zone, "Africa/Accra", "site {}", site.code);
            // The payment arrived, and the invoice's balance is worked out from it.
            let invoice = s.get_invoice(&a_invoice).expect("A's invoice");
            assert_eq!(invoice.balance_minor, 5_000, "site {}", site.code);
        });
    }
    // Invoices numbered offline at the same time never share a number.
    assert!(a_number.starts_with("NORTH-") && b_number.starts_with("SOUTH-"), "{a_number} {b_number}");
    let numbers: Vec<String> =
        on_server.iter().filter(|((table, _), _)| table == "invoice").filter_map(|(_, row)| row.get("number").cloned()).collect();
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(numbers.len(), 2);
    assert_eq!(unique.len(), numbers.len(), "no duplicate invoice numbers after sync: {numbers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_converge_a_then_b_sqlite() {
    within(120, offline_edits_converge(Backend::Sqlite, Order::AThenB)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_converge_b_then_a_sqlite() {
    within(120, offline_edits_converge(Backend::Sqlite, Order::BThenA)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_converge_a_then_b_postgres() {
    within(120, offline_edits_converge(Backend::Postgres, Order::AThenB)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_converge_b_then_a_postgres() {
    within(120, offline_edits_converge(Backend::Postgres, Order::BThenA)).await;
}
