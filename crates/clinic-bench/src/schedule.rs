//! Scheduling at seed scale (issue 7): by default 1,000,000 appointments over two years for
//! 2,000 providers, then the day view of one provider and of a 20-provider clinic, the week
//! view, the next free slot and a booking with its conflict checks, each at p50 and p99.

pub(crate) mod seed;

use clinic_core::ids::{PatientId, ProviderId};
use std::time::{Duration as Elapsed, Instant};

use anyhow::Context;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use clinic_core::scheduling::{BookingInput, SlotRequest};
use clinic_core::{Actor, PatientInput, SiteSettings};
use clinic_store::{Store, StoreError};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;
use serde::Serialize;

use crate::report::Latency;
use crate::Config;
pub(crate) use seed::settle;
use seed::{Diary, SeededProvider};

/// The target for every scheduling figure, at p99.
pub const TARGET_P99_MS: f64 = 10.0;
/// The clinic time zone the benchmark runs in.
pub(crate) const TIME_ZONE: &str = "Europe/Berlin";
/// How many providers one clinic's day view shows side by side.
const CLINIC_PROVIDERS: usize = 20;
/// The figures the issue sets the target for (the split of bookings is for reading only).
const DAY_ONE: &str = "day view, 1 provider";
const DAY_CLINIC: &str = "day view, 20-provider clinic";
const WEEK_ONE: &str = "week view, 1 provider";
const NEXT_ONE: &str = "next available slot, 1 provider";
const BOOK: &str = "book (accepted + refused)";
const TARGETED: [&str; 5] = [DAY_ONE, DAY_CLINIC, WEEK_ONE, NEXT_ONE, BOOK];

/// What the scheduling part of a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleFigures {
    /// Appointments in the diary before the measured bookings.
    pub appointments: usize,
    /// Providers, all active.
    pub providers: usize,
    /// Seconds the bulk insert of the appointments took.
    pub seed_secs: f64,
    /// Seconds the checkpoint after the bulk insert took.
    pub checkpoint_secs: f64,
    /// Transactions the bulk insert used.
    pub seed_transactions: usize,
    /// Size of the database file and its write-ahead log after the seed, in MiB.
    pub database_mib: f64,
    /// The measured operations.
    pub latencies: Vec<Latency>,
    /// Bookings attempted.
    pub bookings: usize,
    /// Bookings refused by a rule (the rest were saved).
    pub refused: usize,
}

impl ScheduleFigures {
    /// The share of measured bookings that a rule refused.
    pub fn refused_share(&self) -> f64 {
        self.refused as f64 / self.bookings.max(1) as f64
    }

    /// The scheduling lines of the printed table; `unit` is one baseline insert in ms.
    pub fn table(&self, unit: f64) -> String {
        let mut out = format!(
            "\nscheduling: {} appointments, {} providers, {TIME_ZONE}\n\
             seeded in {:.1} s ({:.0} rows/s, {} transactions) and checkpointed in {:.1} s; database {:.0} MiB\n",
            self.appointments,
            self.providers,
            self.seed_secs,
            self.appointments as f64 / self.seed_secs.max(f64::EPSILON),
            self.seed_transactions,
            self.checkpoint_secs,
            self.database_mib,
        );
        for l in &self.latencies {
            out.push_str(&l.table_row(unit));
        }
        out.push_str(&format!(
            "bookings refused by a rule: {} of {} ({:.0}%)\n",
            self.refused,
            self.bookings,
            100.0 * self.refused_share()
        ));
        let missed: Vec<&str> = self.missed_targets();
        if missed.is_empty() {
            out.push_str(&format!("target p99 under {TARGET_P99_MS} ms: met by all five scheduling figures\n"));
        } else {
            out.push_str(&format!("target p99 under {TARGET_P99_MS} ms: MISSED by {}\n", missed.join(", ")));
        }
        out
    }

    /// The targeted figures whose p99 is over the target.
    pub fn missed_targets(&self) -> Vec<&str> {
        self.latencies
            .iter()
            .filter(|l| TARGETED.contains(&l.name.as_str()) && l.p99_ms >= TARGET_P99_MS)
            .map(|l| l.name.as_str())
            .collect()
    }

    /// The figures as JSON, each latency with its ratio to the baseline insert (`unit` ms).
    pub fn json(&self, unit: f64) -> serde_json::Value {
        let latencies: Vec<serde_json::Value> = self
            .latencies
            .iter()
            .map(|l| {
                serde_json::json!({
                    "name": l.name,
                    "count": l.count,
                    "p50_ms": l.p50_ms,
                    "p99_ms": l.p99_ms,
                    "max_ms": l.max_ms,
                    "p50_ratio_to_baseline": l.p50_ms / unit,
                    "p99_ratio_to_baseline": l.p99_ms / unit,
                    "target_p99_ms": TARGETED.contains(&l.name.as_str()).then_some(TARGET_P99_MS),
                })
            })
            .collect();
        serde_json::json!({
            "appointments": self.appointments,
            "providers": self.providers,
            "time_zone": TIME_ZONE,
            "seed_secs": self.seed_secs,
            "seed_rows_per_sec": self.appointments as f64 / self.seed_secs.max(f64::EPSILON),
            "seed_transactions": self.seed_transactions,
            "checkpoint_secs": self.checkpoint_secs,
            "database_mib": self.database_mib,
            "latencies": latencies,
            "bookings": self.bookings,
            "bookings_refused": self.refused,
            "bookings_refused_share": self.refused_share(),
            "missed_targets": self.missed_targets(),
        })
    }
}

/// Sets the clinic's time zone, seeds the providers and the diary, and measures.
pub fn measure(
    store: &mut Store,
    actor: &Actor,
    config: &Config,
    patients: (&[PatientId], &[PatientInput]),
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<ScheduleFigures> {
    let (patient_ids, names) = patients;
    let settings = SiteSettings { time_zone: TIME_ZONE.into(), ..store.settings()? };
    store.save_settings(actor, &settings)?;
    // Nine o'clock in Berlin on the benchmark's day: a year of history behind, a year ahead.
    let now = today.and_hms_opt(8, 0, 0).context("benchmark time")?.and_utc();
    let (providers, types) = seed::providers(store, actor, config.providers, names, rng)?;
    tracing::info!(appointments = config.appointments, providers = config.providers, "seeding the diary");
    let diary = seed::appointments(store, actor, providers, &types, patient_ids, config.appointments, now, rng)?;
    let database_mib = ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", store.path().display())).ok())
        .map(|m| m.len() as f64 / (1024.0 * 1024.0))
        .sum();
    tracing::info!(seed_secs = diary.seed_secs, checkpoint_secs = diary.checkpoint_secs, "diary seeded; measuring");

    let mut latencies = views(store, actor, &diary, config.schedule_requests, rng)?;
    let (booked, refused) = bookings(store, actor, &diary, patient_ids, config.schedule_requests, now, rng)?;
    let (bookings, refused_count) = (booked.len() + refused.len(), refused.len());
    let all: Vec<Elapsed> = booked.iter().chain(&refused).copied().collect();
    latencies.push(Latency::from_samples(BOOK, all));
    latencies.push(Latency::from_samples("book, accepted only", booked));
    latencies.push(Latency::from_samples("book, refused only", refused));
    Ok(ScheduleFigures {
        appointments: diary.inserted,
        providers: diary.providers.len(),
        seed_secs: diary.seed_secs,
        checkpoint_secs: diary.checkpoint_secs,
        seed_transactions: diary.transactions,
        database_mib,
        latencies,
        bookings,
        refused: refused_count,
    })
}

fn random_day(rng: &mut StdRng, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    first + Duration::days(rng.random_range(0..=(last - first).num_days().max(0)))
}

/// A random day in [first, last] that the provider works (moved on to the next working day).
fn working_day(rng: &mut StdRng, provider: &SeededProvider, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    let mut day = random_day(rng, first, last - Duration::days(7));
    while provider.grid_on(day).is_empty() && day < last {
        day += Duration::days(1);
    }
    day
}

fn timed<T>(samples: &mut Vec<Elapsed>, f: impl FnOnce() -> Result<T, StoreError>) -> anyhow::Result<()> {
    let t = Instant::now();
    let value = f()?;
    samples.push(t.elapsed());
    std::hint::black_box(value);
    Ok(())
}

/// The day and week views and the next free slot, interleaved so each sees the same cache.
fn views(store: &mut Store, actor: &Actor, diary: &Diary, requests: usize, rng: &mut StdRng) -> anyhow::Result<Vec<Latency>> {
    let providers = &diary.providers;
    let clinic_size = CLINIC_PROVIDERS.min(providers.len());
    let clinics = (providers.len() / clinic_size.max(1)).max(1);
    let (first, last) = (diary.first_day, diary.last_day);
    let mut day_one = Vec::with_capacity(requests);
    let mut day_clinic = Vec::with_capacity(requests);
    let mut week_one = Vec::with_capacity(requests);
    let mut next_one = Vec::with_capacity(requests);
    let mut next_specialty = Vec::new();
    for i in 0..requests {
        let provider = providers.choose(rng).context("no providers")?;
        let one = [provider.id];
        let day = working_day(rng, provider, first, last);
        timed(&mut day_one, || store.calendar(actor, day, 1, Some(&one)))?;

        let clinic = rng.random_range(0..clinics) * clinic_size;
        let ids: Vec<ProviderId> = providers[clinic..clinic + clinic_size].iter().map(|p| p.id).collect();
        let day = working_day(rng, &providers[clinic], first, last);
        timed(&mut day_clinic, || store.calendar(actor, day, 1, Some(&ids)))?;

        let day = random_day(rng, first, last - Duration::days(7));
        let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        timed(&mut week_one, || store.calendar(actor, monday, 7, Some(&one)))?;

        let minute = rng.random_range(7 * 12..19 * 12) * 5;
        let from = random_day(rng, first, last).and_hms_opt(minute / 60, minute % 60, 0).context("minute of day")?;
        let minutes = *[15, 20, 30].choose(rng).context("lengths")?;
        let request = SlotRequest { provider_id: Some(provider.id), specialty: None, from, minutes };
        timed(&mut next_one, || store.next_available_slot(&request))?;
        // Every active provider of a specialty: a few, as it reads every such provider's diary.
        if i % 10 == 0 {
            let specialty = store.get_provider(&provider.id)?.specialty;
            let request = SlotRequest { provider_id: None, specialty, ..request };
            timed(&mut next_specialty, || store.next_available_slot(&request))?;
        }
    }
    Ok(vec![
        Latency::from_samples(DAY_ONE, day_one),
        Latency::from_samples(if clinic_size == CLINIC_PROVIDERS { DAY_CLINIC } else { "day view, whole clinic" }, day_clinic),
        Latency::from_samples(WEEK_ONE, week_one),
        Latency::from_samples(NEXT_ONE, next_one),
        Latency::from_samples("next available, any of a specialty", next_specialty),
    ])
}

/// Bookings through the full `book_appointment`, half aimed at a time a provider already holds
/// (refused: the conflict found) and half at a random quarter hour of their working day in the
/// year ahead (mostly free). Returns the times of the accepted and of the refused ones.
fn bookings(
    store: &mut Store,
    actor: &Actor,
    diary: &Diary,
    patient_ids: &[PatientId],
    requests: usize,
    now: DateTime<Utc>,
    rng: &mut StdRng,
) -> anyhow::Result<(Vec<Elapsed>, Vec<Elapsed>)> {
    let (mut booked, mut refused) = (Vec::new(), Vec::new());
    let tomorrow = now.date_naive() + Duration::days(1);
    for i in 0..requests {
        let aimed = if i % 2 == 0 { diary.held.choose(rng).copied() } else { None };
        let (p, start, minutes) = match aimed {
            Some(held) => held,
            None => {
                let p = rng.random_range(0..diary.providers.len());
                let day = working_day(rng, &diary.providers[p], tomorrow, diary.last_day);
                let &(minute, session_end) = diary.providers[p].grid_on(day).choose(rng).context("a working day")?;
                let fits: Vec<u32> = [15, 20, 30].into_iter().filter(|m| minute + m <= session_end).collect();
                let minutes = *fits.choose(rng).context("a quarter hour fits a check-up")?;
                (p, day.and_hms_opt(minute / 60, minute % 60, 0).context("minute of day")?, minutes)
            }
        };
        let input = BookingInput {
            patient_id: Some(*patient_ids.choose(rng).context("no patients")?),
            provider_id: Some(diary.providers[p].id),
            type_id: None,
            start,
            minutes,
            reason: Some("Check-up".into()),
            notes: None,
            walk_in: false,
        };
        let t = Instant::now();
        let result = store.book_appointment(actor, &input, now);
        let elapsed = t.elapsed();
        match result {
            Ok(appointment) => {
                booked.push(elapsed);
                std::hint::black_box(appointment);
            }
            Err(StoreError::BookingConflict(_)) => refused.push(elapsed),
            Err(e) => return Err(e).context("booking"),
        }
    }
    Ok((booked, refused))
}
