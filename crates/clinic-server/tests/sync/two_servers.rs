//! More than one server (issue 16, Done means 2): two servers on one PostgreSQL database, as
//! two `clinic-server` processes behind a load balancer, with sites pushing and pulling through
//! both at once. 100,000 changes later, every change was taken once and every site received
//! every other site's changes exactly once: no pull cursor skipped a change another server
//! committed late, and none came twice.

use std::collections::{HashMap, HashSet};

use clinic_core::sync::RowChange;
use clinic_core::Hlc;
use clinic_sync::protocol::{EnrolRequest, Outcome, PullRequest, PushRequest, PushedChange};
use clinic_sync::{Credentials, SyncClient};

use super::harness::*;

const SITES: usize = 4;
const BATCHES: usize = 25;
const BATCH: usize = 1_000;

/// A batch of new patient rows from `site`, at that site's places `first..`.
fn batch(site: &str, code: &str, round: usize, desk: &str) -> Vec<PushedChange> {
    let wall_ms = chrono::Utc::now().timestamp_millis().unsigned_abs();
    (0..BATCH)
        .map(|i| {
            let n = round * BATCH + i;
            let fields = [
                ("created_at", "2026-12-01T09:00:00.000Z".to_string()),
                ("mrn", format!("{code}-{n:06}")),
                ("given_name", format!("Two{n}")),
                ("family_name", "Servers".to_string()),
                ("date_of_birth", "1980-01-01".to_string()),
                ("sex", "unknown".to_string()),
            ];
            let id = clinic_core::new_id().to_string();
            let hlc = Hlc { wall_ms, counter: u32::try_from(i).expect("small") };
            let mut change = RowChange::new("patient", &id, hlc, site, fields.map(|(f, v)| (f, Some(v))));
            // Registered by the clinic's front desk: the server authorizes every change by its actor.
            change.actor = Some(desk.to_string());
            PushedChange { local_seq: i64::try_from(n + 1).expect("small"), change }
        })
        .collect()
}

/// One site's client to each server.
struct Site {
    id: String,
    code: String,
    clients: [SyncClient; 2],
}

async fn enrol(servers: &[&TestServer; 2], org: &clinic_server::storage::Org, i: usize) -> Site {
    let (id, install_id, code) = (clinic_core::new_id().to_string(), clinic_core::new_id().to_string(), format!("S{i}"));
    let request = EnrolRequest {
        code: servers[0].storage.enrolment_code(org).await,
        site_id: id.clone(),
        site_code: code.clone(),
        site_name: format!("Site {i}"),
        install_id: install_id.clone(),
    };
    let answer = SyncClient::new(&servers[0].address(), None).expect("client").enrol(&request).await.expect("enrol");
    let credentials = Credentials { token: answer.token, install_id };
    let client = |s: &TestServer| SyncClient::new(&s.address(), Some(credentials.clone())).expect("client");
    Site { id, code, clients: [client(servers[0]), client(servers[1])] }
}

/// Pulls everything after `cursor` through alternating servers; returns the change ids seen (with
/// repeats) and the new cursor.
async fn pull_all(site: &Site, mut cursor: i64, seen: &mut Vec<String>) -> i64 {
    let mut page = 0;
    loop {
        let answer =
            site.clients[page % 2].pull(&PullRequest { after: cursor, limit: 2_000, with_sites: false }).await.expect("pull");
        seen.extend(answer.changes.iter().map(|c| c.change.change_id.clone()));
        cursor = answer.next;
        page += 1;
        if !answer.more {
            return cursor;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_take_and_hand_out_every_change_once() {
    within(600, async {
        let first = TestServer::start(Backend::Postgres).await;
        let second = first.beside().await;
        let org = first.storage.create_org("Riverside").await;
        // The clinic's accounts, from its first site; the sites below pull from after them.
        let hq = TestSite::founding(&first, &org, "HQ").await;
        hq.sync().await;
        let desk = hq.desk().user_id.to_string();
        let seeded = first.storage.count_changes(&org).await;
        let mut sites = Vec::new();
        for i in 0..SITES {
            sites.push(enrol(&[&first, &second], &org, i).await);
        }
        // Every site pushes its batches through alternating servers while pulling between them:
        // pushes through the two servers commit in whatever order their transactions take.
        let tasks = sites.into_iter().enumerate().map(|(s, site)| {
            let desk = desk.clone();
            tokio::spawn(async move {
                let (mut sent, mut seen, mut cursor) = (Vec::new(), Vec::new(), seeded);
                for round in 0..BATCHES {
                    let changes = batch(&site.id, &site.code, round, &desk);
                    sent.extend(changes.iter().map(|c| c.change.change_id.clone()));
                    let answer = site.clients[(s + round) % 2].push(&PushRequest { changes }).await.expect("push");
                    assert!(answer.results.iter().all(|r| r.outcome == Outcome::Applied), "every change is new");
                    cursor = pull_all(&site, cursor, &mut seen).await;
                }
                (site, sent, seen, cursor)
            })
        });
        let mut done = Vec::new();
        for task in tasks {
            done.push(task.await.expect("site task"));
        }
        let total = first.storage.count_changes(&org).await;
        assert_eq!(total, seeded + (SITES * BATCHES * BATCH) as i64, "every change taken once");
        let mut made_by: HashMap<String, usize> = HashMap::new();
        for (s, (_, sent, _, _)) in done.iter().enumerate() {
            made_by.extend(sent.iter().map(|id| (id.clone(), s)));
        }
        for (s, (site, _, seen, cursor)) in done.iter_mut().enumerate() {
            // Everything committed since this site's last pull.
            *cursor = pull_all(site, *cursor, seen).await;
            let distinct: HashSet<&String> = seen.iter().collect();
            assert_eq!(distinct.len(), seen.len(), "site {s} received a change twice");
            let expected: HashSet<&String> = made_by.iter().filter(|(_, by)| **by != s).map(|(id, _)| id).collect();
            assert_eq!(distinct, expected, "site {s} received every other site's change");
        }
    })
    .await;
}
