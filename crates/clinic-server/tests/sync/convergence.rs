//! Convergence (Done means 3): three sites make random edits while random partitions keep some
//! of them from the server, and sync in random orders; once everyone can reach the server and
//! has synced, every site and the server hold the same rows, field by field.
//!
//! `make test` runs a fixed number of cases; `SYNC_PROPTEST_CASES=200 cargo test -p
//! clinic-server --test sync convergence` runs more (so does proptest's own `PROPTEST_CASES`).

use clinic_core::{PatientInput, SiteSettings, UserStatus};
use proptest::prelude::*;

use super::fixtures::*;
use super::harness::*;

const SITES: usize = 3;

/// One step of a scenario.
#[derive(Debug, Clone)]
enum Step {
    /// A front desk registers a patient.
    Register {
        site: usize,
    },
    /// Someone changes a patient's phone (or city) at a site.
    EditPhone {
        site: usize,
        patient: usize,
        digits: u16,
    },
    EditCity {
        site: usize,
        patient: usize,
        city: &'static str,
    },
    Archive {
        site: usize,
        patient: usize,
    },
    /// An admin disables or re-enables the nurse's account.
    Disable {
        site: usize,
    },
    Enable {
        site: usize,
    },
    /// The clinic's time zone changes.
    TimeZone {
        site: usize,
        zone: &'static str,
    },
    /// A booking with the one provider (refused by the site's rules when it clashes there).
    Book {
        site: usize,
        patient: usize,
        quarter: u8,
    },
    /// An invoice issued and part-paid.
    Invoice {
        site: usize,
        patient: usize,
    },
    /// The network changes: these sites (a bit each) can reach the server.
    Partition {
        online: u8,
    },
    /// A site that can reach the server syncs.
    Sync {
        site: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let site = 0..SITES;
    let patient = 0..8usize;
    prop_oneof![
        2 => site.clone().prop_map(|site| Step::Register { site }),
        3 => (site.clone(), patient.clone(), any::<u16>()).prop_map(|(site, patient, digits)| Step::EditPhone { site, patient, digits }),
        2 => (site.clone(), patient.clone(), prop::sample::select(vec!["Accra", "Kumasi", "Tamale", "Lomé"]))
            .prop_map(|(site, patient, city)| Step::EditCity { site, patient, city }),
        1 => (site.clone(), patient.clone()).prop_map(|(site, patient)| Step::Archive { site, patient }),
        1 => site.clone().prop_map(|site| Step::Disable { site }),
        1 => site.clone().prop_map(|site| Step::Enable { site }),
        1 => (site.clone(), prop::sample::select(vec!["Africa/Accra", "Europe/Berlin", "UTC"]))
            .prop_map(|(site, zone)| Step::TimeZone { site, zone }),
        2 => (site.clone(), patient.clone(), 0u8..8).prop_map(|(site, patient, quarter)| Step::Book { site, patient, quarter }),
        1 => (site.clone(), patient).prop_map(|(site, patient)| Step::Invoice { site, patient }),
        2 => (0u8..8).prop_map(|online| Step::Partition { online }),
        4 => site.prop_map(|site| Step::Sync { site }),
    ]
}

/// The ids of the patients this site has (archived ones too), in a stable order.
fn patients_at(site: &TestSite) -> Vec<clinic_core::ids::PatientId> {
    site.with(|s| {
        let mut stmt = s.connection().prepare("SELECT id FROM patient ORDER BY id").expect("query");
        stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("ids")
    })
}

/// Runs a step; edits the site's rules refuse (a booking over another) change nothing.
fn apply(
    step: &Step,
    sites: &[TestSite],
    nurse: &clinic_core::ids::UserId,
    provider: &clinic_core::ids::ProviderId,
    counter: &mut u32,
) {
    let pick = |site: usize, i: usize| {
        let known = patients_at(&sites[site]);
        known[i % known.len()]
    };
    match *step {
        Step::Register { site } => {
            let desk = sites[site].desk();
            *counter += 1;
            sites[site].with(|s| register(s, &desk, &format!("New{counter}"), "Random"));
        }
        Step::EditPhone { site, patient, digits } => {
            let desk = sites[site].desk();
            let id = pick(site, patient);
            sites[site].with(|s| {
                let current = s.get_patient(&id).expect("patient");
                if current.archived_at.is_none() {
                    let mut input = PatientInput::from(&current.details);
                    input.phone = format!("+1 555 01{digits:05}");
                    s.update_patient(&desk, &id, &input, today()).expect("edit phone");
                }
            });
        }
        Step::EditCity { site, patient, city } => {
            let desk = sites[site].desk();
            let id = pick(site, patient);
            sites[site].with(|s| {
                let current = s.get_patient(&id).expect("patient");
                if current.archived_at.is_none() {
                    let mut input = PatientInput::from(&current.details);
                    input.city = city.into();
                    s.update_patient(&desk, &id, &input, today()).expect("edit city");
                }
            });
        }
        Step::Archive { site, patient } => {
            let desk = sites[site].desk();
            let id = pick(site, patient);
            sites[site].with(|s| s.archive_patient(&desk, &id).expect("archive"));
        }
        Step::Disable { site } => {
            sites[site].with(|s| s.set_user_status(&sites[site].admin, nurse, UserStatus::Disabled).expect("disable"));
        }
        Step::Enable { site } => {
            sites[site].with(|s| s.set_user_status(&sites[site].admin, nurse, UserStatus::Active).expect("enable"));
        }
        Step::TimeZone { site, zone } => {
            let settings = SiteSettings { time_zone: zone.into(), ..SiteSettings::default() };
            sites[site].with(|s| s.save_settings(&sites[site].admin, &settings).expect("settings"));
        }
        Step::Book { site, patient, quarter } => {
            let desk = sites[site].desk();
            let id = pick(site, patient);
            let start = next_monday_at(9, 0) + chrono::Duration::minutes(15 * i64::from(quarter));
            sites[site].with(|s| {
                // Refused when this site's diary already has the time taken: nothing is written.
                let _ = s.book_appointment(&desk, &booking(&id, provider, start, 30), chrono::Utc::now());
            });
        }
        Step::Invoice { site, patient } => {
            let desk = sites[site].desk();
            let id = pick(site, patient);
            sites[site].with(|s| {
                let (invoice, _) = issue_invoice(s, &desk, &id, 4_000);
                pay(s, &desk, &invoice, 1_500);
            });
        }
        Step::Partition { .. } | Step::Sync { .. } => {}
    }
}

async fn converges(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let server = TestServer::start(Backend::Sqlite).await;
    let org = server.storage.create_org("Riverside").await;
    let first = TestSite::founding(&server, &org, "S0").await;
    let admin = first.admin.clone();
    let desk = first.desk();
    let (nurse, provider) = first.with(|s| {
        for name in ["Ama", "Kofi", "Esi"] {
            register(s, &desk, name, "Shared");
        }
        (nurse(s, &admin, "nina"), s.save_provider(&admin, None, &super::fixtures::provider("Dr Lee")).expect("provider").id)
    });
    first.sync().await;
    let mut sites = vec![first];
    for code in ["S1", "S2"] {
        let site = TestSite::joining(&server, &org, code, &admin).await;
        site.sync().await;
        sites.push(site);
    }
    let mut online = u8::MAX;
    let mut counter = 0;
    for step in &steps {
        match *step {
            Step::Partition { online: mask } => online = mask,
            Step::Sync { site } if online & (1 << site) != 0 => {
                sites[site].sync().await;
            }
            Step::Sync { .. } => {}
            ref edit => apply(edit, &sites, &nurse, &provider, &mut counter),
        }
    }
    // The network heals: everyone syncs, twice round, so each hears what the others sent.
    for _ in 0..2 {
        for site in &sites {
            site.sync().await;
        }
    }
    let on_server = server.rows(&org).await;
    for site in &sites {
        let rows = site.rows();
        prop_assert!(rows == on_server, "site {} differs from the server after {} steps", site.code, steps.len());
        let pending = site.with(|s| clinic_core::sync::Replica::count_pending(s).expect("pending"));
        prop_assert_eq!(pending, 0);
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("SYNC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(8)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 20,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn sites_converge_whatever_the_edits_partitions_and_sync_order(steps in prop::collection::vec(step(), 5..40)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(within(180, converges(steps)))?;
    }
}
