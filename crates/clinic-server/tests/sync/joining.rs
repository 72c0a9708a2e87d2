//! Joining a clinic by snapshot (issue 16): a new site copies the records as they stand, page by
//! page, then pulls what came after. A join cut mid-snapshot resumes where it stopped and ends
//! identical to an uninterrupted one; a change made at the site while it joined is neither lost
//! nor doubled; records whose merge needs their history (a user's status) come with it.

use std::sync::atomic::Ordering::SeqCst;

use clinic_core::ids::UserId;
use clinic_core::sync::Replica;
use clinic_core::{PatientInput, Role, UserStatus};
use clinic_server::storage::Org;
use clinic_sync::Batches;

use super::fixtures::*;
use super::harness::*;
use super::proxy::Proxy;

/// Small pages, so a snapshot of a small clinic takes many requests.
const SMALL: Batches = Batches { push: 50, pull: 50, snapshot: 10 };

/// A clinic with some history: patients (some edited after they were made), an appointment, an
/// invoice with a payment, and a nurse disabled and enabled again.
fn clinic_with_history(a: &TestSite) -> UserId {
    let admin = a.admin.clone();
    let desk = a.desk();
    a.with(|s| {
        let lee = s.save_provider(&admin, None, &provider("Dr Lee")).expect("provider").id;
        for i in 0..40 {
            let id = register(s, &desk, &format!("Joiner{i}"), "Snapshot");
            if i % 4 == 0 {
                let edited =
                    PatientInput { phone: format!("+1 555 01{i:02} 0000"), ..patient(&format!("Joiner{i}"), "Snapshot") };
                s.update_patient(&desk, &id, &edited, today()).expect("edit");
            }
            if i == 1 {
                book(s, &desk, &id, &lee, next_monday_at(9, 0));
                let invoice = issue_invoice(s, &desk, &id, 4_000);
                pay(s, &desk, &invoice.0, 1_500);
            }
        }
        let nina = nurse(s, &admin, "nina");
        s.set_user_status(&admin, &nina, UserStatus::Disabled).expect("disable");
        s.set_user_status(&admin, &nina, UserStatus::Active).expect("enable");
        nina
    })
}

/// Bytes the server sends a site joining `org` now (a throwaway site joins through a proxy).
async fn join_bytes(server: &TestServer, org: &Org, admin: &clinic_core::Actor) -> u64 {
    let probe = TestSite::joining(server, org, "PROBE", admin).await;
    let proxy = Proxy::start(server.addr()).await;
    probe.sync_with(&probe.client_via(&proxy.url(), server), SMALL).await.expect("probe join");
    proxy.faults.downstream_bytes.load(SeqCst)
}

/// A clinic with history synced to a new server, and the bytes a join of it takes.
async fn synced_clinic(backend: Backend) -> (TestServer, Org, TestSite, UserId, u64) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let a = TestSite::founding(&server, &org, "MAIN").await;
    let nina = clinic_with_history(&a);
    a.sync().await;
    let bytes = join_bytes(&server, &org, &a.admin).await;
    (server, org, a, nina, bytes)
}

/// Cuts `site`'s first sync a third of the way through its snapshot (by the bytes a join
/// took the probe, one connection carrying them all: an estimate, so not too near the end);
/// returns how many records were in.
async fn join_cut_midway(site: &TestSite, proxy: &Proxy, server: &TestServer, join_bytes: u64) -> u64 {
    proxy.faults.cut_after.store(join_bytes / 3, SeqCst);
    let cut = site.sync_with(&site.client_via(&proxy.url(), server), SMALL).await;
    assert!(cut.is_err(), "the cut connection fails the sync");
    assert!(proxy.faults.cuts.load(SeqCst) >= 1, "the proxy cut a connection");
    let position = site.with(|s| s.snapshot_position().expect("position")).expect("a snapshot is under way");
    assert!(position.done > 0 && position.done < position.total, "cut midway: {} of {}", position.done, position.total);
    assert_eq!(site.cursor(), 0, "no pull before the snapshot is done");
    proxy.heal();
    position.done
}

async fn a_join_cut_mid_snapshot_ends_as_an_uninterrupted_one(backend: Backend) {
    let (server, org, a, nina, bytes) = synced_clinic(backend).await;
    let records = server.rows(&org).await.len() as u64;

    let cut = TestSite::joining(&server, &org, "DESK2", &a.admin).await;
    let proxy = Proxy::start(server.addr()).await;
    let before_cut = join_cut_midway(&cut, &proxy, &server, bytes).await;
    let resumed = cut.sync_with(&cut.client_via(&proxy.url(), &server), SMALL).await.expect("resumed join");
    assert_eq!(resumed.copied, records - before_cut, "the resumed snapshot copied only what the cut left");
    assert!(cut.with(|s| s.snapshot_position().expect("position")).is_none(), "the snapshot is over");

    let whole = TestSite::joining(&server, &org, "DESK3", &a.admin).await;
    let report = whole.sync_with(&whole.client, SMALL).await.expect("uninterrupted join");
    assert_eq!((report.copied, report.pulled), (records, 0), "a joining site copies each record once and replays nothing");

    let expected = server.rows(&org).await;
    assert_eq!(cut.rows(), expected, "the resumed join holds what the server holds");
    assert_eq!(whole.rows(), expected);
    assert_eq!(a.rows(), expected);
    assert_eq!(cut.cursor(), whole.cursor(), "both pull from the same point");
    for site in [&cut, &whole] {
        site.with(|s| {
            let found = s.search_patients("Joiner17", 5).expect("search");
            assert!(found.iter().any(|p| p.given_name == "Joiner17"), "copied patients are searchable");
            assert_eq!(s.get_user(&nina).expect("nina").status, UserStatus::Active, "the status history came along");
        });
    }

    // Later changes merge at both exactly as if every change had been replayed: A disables the
    // nurse again, and a site that never saw A's history re-enables her without having seen it.
    a.with(|s| s.set_user_status(&a.admin, &nina, UserStatus::Disabled).expect("disable again"));
    cut.with(|s| s.set_user_status(&cut.admin, &nina, UserStatus::Active).expect("re-enable unaware"));
    for site in [&a, &cut, &whole, &a, &cut, &whole] {
        site.sync().await;
    }
    let expected = server.rows(&org).await;
    for site in [&a, &cut, &whole] {
        assert_eq!(site.rows(), expected);
        assert_eq!(site.with(|s| s.get_user(&nina).expect("nina").status), UserStatus::Disabled, "a disable it never saw wins");
    }
}

async fn a_change_made_while_joining_is_neither_lost_nor_doubled(backend: Backend) {
    let (server, org, a, nina, bytes) = synced_clinic(backend).await;
    let b = TestSite::joining(&server, &org, "DESK2", &a.admin).await;
    let proxy = Proxy::start(server.addr()).await;
    join_cut_midway(&b, &proxy, &server, bytes).await;

    // Mid-join, B renames the nurse (users come first, so she is in) and registers a patient (a
    // record the rest of the snapshot then meets); A changes the same nurse's role.
    let desk = a.desk();
    let made_at_b = b.with(|s| {
        s.update_user(&b.admin, &nina, "Nina Joined", Role::Nurse).expect("rename at B");
        register(s, &desk, "Joined", "Meanwhile");
        s.count_pending().expect("pending")
    });
    a.with(|s| {
        let name = s.get_user(&nina).expect("nina").display_name;
        s.update_user(&a.admin, &nina, &name, Role::Doctor).expect("new role at A");
    });
    a.sync().await;

    let report = b.sync_with(&b.client_via(&proxy.url(), &server), SMALL).await.expect("join resumed");
    assert_eq!(report.pushed_applied, made_at_b, "B's changes went to the server once");
    a.sync().await;
    b.sync().await;
    let expected = server.rows(&org).await;
    assert_eq!(a.rows(), expected);
    assert_eq!(b.rows(), expected);
    for site in [&a, &b] {
        site.with(|s| {
            let merged = s.get_user(&nina).expect("nina");
            assert_eq!((merged.display_name.as_str(), merged.role), ("Nina Joined", Role::Doctor), "both edits kept");
            let found = s.search_patients("Meanwhile", 5).expect("search");
            assert_eq!(found.iter().filter(|p| p.family_name == "Meanwhile").count(), 1, "the patient made while joining, once");
        });
    }
    let made_while_joining =
        expected.iter().filter(|(_, fields)| fields.get("family_name").map(String::as_str) == Some("Meanwhile"));
    assert_eq!(made_while_joining.count(), 1);
}

on_both!(a_join_cut_mid_snapshot_ends_as_an_uninterrupted_one, join_cut_mid_snapshot_sqlite, join_cut_mid_snapshot_postgres);
on_both!(a_change_made_while_joining_is_neither_lost_nor_doubled, change_while_joining_sqlite, change_while_joining_postgres);
