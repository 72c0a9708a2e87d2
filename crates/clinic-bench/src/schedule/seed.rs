//! The seed-scale diary: providers and appointment types through the store's commands, then the
//! appointments in bulk through the store's write path.

use clinic_core::ids::{AppointmentTypeId, PatientId, ProviderId};
use std::collections::HashSet;
use std::time::Instant;

use anyhow::{anyhow, bail, Context};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use clinic_core::scheduling::{to_utc, AppointmentStatus, AppointmentTypeInput, ProviderInput, Tz, WeeklyHours};
use clinic_core::{new_id, Actor, PatientInput};
use clinic_store::Store;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;

/// Appointments per seed transaction.
const BATCH: usize = 50_000;
/// The most appointments one provider is given on one day (their grid has 36 quarter hours).
const MAX_PER_DAY: usize = 20;
/// How instants are stored (`clinic_store::scheduling::utc_text`): fixed width, so text order
/// is time order.
const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";
const SPECIALTIES: &[&str] =
    &["General practice", "Paediatrics", "Cardiology", "Dermatology", "Physiotherapy", "Nursing", "Gynaecology"];
const REASONS: &[&str] = &[
    "Check-up",
    "Follow-up",
    "Blood pressure review",
    "Vaccination",
    "Prescription renewal",
    "Back pain",
    "Test results",
    "Cough and fever",
];
const CANCEL_REASONS: &[&str] = &["Patient called to cancel", "Feeling better", "Provider unavailable"];
/// The appointment types: name, minutes, colour.
const TYPES: [(&str, u32, &str); 3] =
    [("Check-up", 15, "#2e7d32"), ("Consultation", 20, "#1565c0"), ("Long consultation", 30, "#6a1b9a")];

/// The appointment type id for each length in minutes.
pub type TypeIds = Vec<(u32, AppointmentTypeId)>;

/// A provider as the measurements need them.
pub struct SeededProvider {
    /// The provider's id.
    pub id: ProviderId,
    /// Start minute of day and the end minute of its session, of every quarter hour a 15-minute
    /// appointment fits in, per ISO weekday (index 0 = Monday).
    pub grid: [Vec<(u32, u32)>; 7],
}

impl SeededProvider {
    /// The quarter hours of `date`; empty on a day off.
    pub fn grid_on(&self, date: NaiveDate) -> &[(u32, u32)] {
        &self.grid[date.weekday().num_days_from_monday() as usize]
    }
}

/// What the seed made, for the measurements to aim at.
pub struct Diary {
    /// Every provider, in the order they were saved (20 in a row form a clinic).
    pub providers: Vec<SeededProvider>,
    /// The first and last clinic day holding appointments.
    pub first_day: NaiveDate,
    /// The last day (inclusive).
    pub last_day: NaiveDate,
    /// Seconds the bulk appointment insert took (providers and types not included).
    pub seed_secs: f64,
    /// Seconds the checkpoint after the insert took (writing the log back into the file).
    pub checkpoint_secs: f64,
    /// Transactions the bulk insert used.
    pub transactions: usize,
    /// Appointments written.
    pub inserted: usize,
    /// A sample of future appointments that hold time: (provider index, start, minutes).
    pub held: Vec<(usize, NaiveDateTime, u32)>,
}

/// Wall-clock minute of day.
fn minute_of(t: NaiveTime) -> u32 {
    t.num_seconds_from_midnight() / 60
}

fn at_minute(date: NaiveDate, minute: u32) -> anyhow::Result<NaiveDateTime> {
    let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).context("minute of day out of range")?;
    Ok(date.and_time(time))
}

fn utc_text(t: DateTime<Utc>) -> String {
    t.format(UTC_FORMAT).to_string()
}

/// Monday to Friday (or Thursday, part-time) 08:00-12:00 and 13:00-18:00.
fn weekly_hours(part_time: bool) -> anyhow::Result<Vec<WeeklyHours>> {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).context("hour of day");
    let (eight, noon, one, six) = (t(8)?, t(12)?, t(13)?, t(18)?);
    let last = if part_time { 4 } else { 5 };
    Ok((1..=last)
        .flat_map(|weekday| [WeeklyHours { weekday, start: eight, end: noon }, WeeklyHours { weekday, start: one, end: six }])
        .collect())
}

fn grid(hours: &[WeeklyHours]) -> [Vec<(u32, u32)>; 7] {
    std::array::from_fn(|i| {
        hours
            .iter()
            .filter(|h| h.weekday as usize == i + 1)
            .flat_map(|h| {
                let (start, end) = (minute_of(h.start), minute_of(h.end));
                (start..end).step_by(15).filter(move |m| m + 15 <= end).map(move |m| (m, end))
            })
            .collect()
    })
}

/// Saves `count` providers (one in five part-time) and the three appointment types through the
/// store's own commands. Returns the providers and the type id for each length.
pub fn providers(
    store: &mut Store,
    actor: &Actor,
    count: usize,
    names: &[PatientInput],
    rng: &mut StdRng,
) -> anyhow::Result<(Vec<SeededProvider>, TypeIds)> {
    let mut types = Vec::new();
    for (name, minutes, colour) in TYPES {
        let input = AppointmentTypeInput { name: name.into(), default_minutes: minutes, colour: colour.into(), active: true };
        types.push((minutes, store.save_appointment_type(actor, None, &input)?.id));
    }
    let mut providers = Vec::with_capacity(count);
    for i in 0..count {
        let person = names.get(i % names.len().max(1)).context("no names to give providers")?;
        let hours = weekly_hours(i % 5 == 4)?;
        let input = ProviderInput {
            user_id: None,
            display_name: format!("Dr {} {}", person.given_name, person.family_name),
            specialty: Some((*SPECIALTIES.choose(rng).context("specialties")?).into()),
            colour: format!("#{:06x}", rng.random_range(0..0x100_0000)),
            room: Some(format!("{}", i % 20 + 1)),
            active: true,
            weekly_hours: hours.clone(),
        };
        let id = store.save_provider(actor, None, &input)?.id;
        providers.push(SeededProvider { id, grid: grid(&hours) });
    }
    Ok((providers, types))
}

/// How many appointments each provider has on each day (`[provider * days + day]`): an equal
/// share each, spread at random over their working days.
fn day_counts(
    providers: &[SeededProvider],
    first: NaiveDate,
    days: usize,
    total: usize,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<u8>> {
    let mut counts = vec![0u8; providers.len() * days];
    for (p, provider) in providers.iter().enumerate() {
        let quota = total / providers.len() + usize::from(p < total % providers.len());
        let working: Vec<usize> = (0..days).filter(|&d| !provider.grid_on(first + Duration::days(d as i64)).is_empty()).collect();
        if quota > working.len() * MAX_PER_DAY {
            bail!("{quota} appointments do not fit in one provider's {} working days; add providers", working.len());
        }
        for _ in 0..quota {
            loop {
                let d = *working.choose(rng).context("a provider without working days")?;
                if usize::from(counts[p * days + d]) < MAX_PER_DAY {
                    counts[p * days + d] += 1;
                    break;
                }
            }
        }
    }
    Ok(counts)
}

/// Writes `total` appointments, one year back and one year ahead of `today`, for the providers
/// and patients given.
///
/// The rows go in through `store.write()` -> `WriteTx::insert` -> `commit`, the path every
/// booking takes, so each one has its change log like a production booking; but they go in
/// `BATCH` at a time and skip the per-booking rule check (and the booking's audit event) on
/// purpose: a million one by one through `book_appointment` (0.6 ms each at best on the 2-core
/// machine, more as the diary grows) would add ten minutes or more to every run. The rules hold
/// by construction instead: weekday hours only, 15 to 30 minutes within a session, no provider
/// or patient overlaps. The booking the benchmark measures goes through the full
/// `book_appointment`.
#[allow(clippy::too_many_arguments)]
pub fn appointments(
    store: &mut Store,
    actor: &Actor,
    providers: Vec<SeededProvider>,
    types: &TypeIds,
    patient_ids: &[PatientId],
    total: usize,
    now: DateTime<Utc>,
    rng: &mut StdRng,
) -> anyhow::Result<Diary> {
    let tz: Tz = store.clinic_time_zone()?;
    let today = now.with_timezone(&tz).date_naive();
    let first = today - Duration::days(365);
    let days = 730;
    let counts = day_counts(&providers, first, days, total, rng)?;
    let held_cap = 5_000;
    let (mut held, mut future_seen) = (Vec::with_capacity(held_cap), 0usize);
    let mut order: Vec<usize> = (0..providers.len()).collect();
    let created_by = Some(actor.user_id.to_string());

    let started = Instant::now();
    let (mut in_tx, mut transactions, mut inserted) = (0, 0, 0);
    let mut tx = store.write()?;
    tx.note_actor(Some(actor.user_id.to_string()));
    for d in 0..days {
        let date = first + Duration::days(d as i64);
        // Which quarter hours each patient is already booked in today: no patient overlaps.
        let mut patient_busy: HashSet<(usize, u32)> = HashSet::new();
        // Providers in a new order each day, so no one's rows sit together in the file.
        order.shuffle(rng);
        for &p in &order {
            let k = usize::from(counts[p * days + d]);
            let grid = providers[p].grid_on(date);
            if k == 0 || grid.is_empty() {
                continue;
            }
            let mut picks = rand::seq::index::sample(rng, grid.len(), k.min(grid.len())).into_vec();
            picks.sort_unstable();
            for (j, &i) in picks.iter().enumerate() {
                let (start, session_end) = grid[i];
                let limit = picks.get(j + 1).map_or(session_end, |&n| grid[n].0.min(session_end));
                let fits: Vec<u32> = TYPES.iter().map(|t| t.1).filter(|m| start + m <= limit).collect();
                let minutes = *fits.choose(rng).context("a quarter hour always fits a check-up")?;
                let quarters = start / 15..(start + minutes).div_ceil(15);
                // A tiny patient list may leave no free patient; then the last one drawn is kept.
                let mut patient = 0;
                for _ in 0..50 {
                    patient = rng.random_range(0..patient_ids.len());
                    if quarters.clone().all(|q| !patient_busy.contains(&(patient, q))) {
                        break;
                    }
                }
                patient_busy.extend(quarters.map(|q| (patient, q)));

                let local = at_minute(date, start)?;
                let starts = to_utc(local, tz)?;
                let ends = starts + Duration::minutes(i64::from(minutes));
                let roll = rng.random_range(0..100);
                let status = match (date < today, roll) {
                    (true, 0..85) => AppointmentStatus::Completed,
                    (true, 85..93) => AppointmentStatus::Cancelled,
                    (true, _) => AppointmentStatus::NoShow,
                    (false, 0..95) => AppointmentStatus::Scheduled,
                    (false, _) => AppointmentStatus::Cancelled,
                };
                if date > today && status.holds_time() {
                    future_seen += 1;
                    // Reservoir sample: every future booking equally likely to be a target.
                    if held.len() < held_cap {
                        held.push((p, local, minutes));
                    } else if let Some(slot) = held.get_mut(rng.random_range(0..future_seen)) {
                        *slot = (p, local, minutes);
                    }
                }
                let type_id = types.iter().find(|t| t.0 == minutes).map(|t| t.1.to_string());
                let cancel_reason = (status == AppointmentStatus::Cancelled)
                    .then(|| CANCEL_REASONS.choose(rng).map(|r| (*r).to_string()))
                    .flatten();
                let checked_in = (status == AppointmentStatus::Completed)
                    .then(|| utc_text(starts - Duration::minutes(rng.random_range(0..15))));
                let reminded = (date < today && rng.random_bool(0.8)).then(|| utc_text(starts - Duration::days(1)));
                let columns = [
                    ("patient_id", patient_ids.get(patient).map(ToString::to_string)),
                    ("provider_id", Some(providers[p].id.to_string())),
                    ("type_id", type_id),
                    ("starts_at", Some(utc_text(starts))),
                    ("ends_at", Some(utc_text(ends))),
                    ("reason", REASONS.choose(rng).map(|r| (*r).to_string())),
                    ("notes", None),
                    ("status", Some(status.code().to_string())),
                    ("cancel_reason", cancel_reason),
                    ("series_id", None),
                    ("checked_in_at", checked_in),
                    ("reminded_at", reminded),
                    ("created_by", created_by.clone()),
                ];
                tx.insert("appointment", new_id(), &columns)?;
                in_tx += 1;
                inserted += 1;
                if in_tx == BATCH {
                    tx.commit()?;
                    transactions += 1;
                    in_tx = 0;
                    tx = store.write()?;
                    tx.note_actor(Some(actor.user_id.to_string()));
                }
            }
        }
    }
    tx.commit()?;
    transactions += 1;
    let seed_secs = started.elapsed().as_secs_f64();
    let settling = Instant::now();
    settle(store)?;
    Ok(Diary {
        providers,
        first_day: first,
        last_day: first + Duration::days(days as i64 - 1),
        seed_secs,
        checkpoint_secs: settling.elapsed().as_secs_f64(),
        transactions,
        inserted,
        held,
    })
}

/// Copies the seed's write-ahead log back into the file and empties it, so the measurements
/// start from a database at rest rather than racing the background checkpoint through a few
/// hundred megabytes of log (a real diary grows over two years, not in two minutes).
pub(crate) fn settle(store: &Store) -> anyhow::Result<()> {
    let mut last = String::new();
    for _ in 0..600 {
        // The background checkpoint thread may hold the checkpoint lock for a moment.
        match store.connection().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)) {
            Ok(0) => return Ok(()),
            Ok(_) => last = "the log stayed busy".into(),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(anyhow!("could not checkpoint the seeded database: {last}"))
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate, Timelike};
    use clinic_core::scheduling::to_local;
    use clinic_core::SiteSettings;
    use clinic_store::demo::demo_patients;
    use clinic_store::{DatabaseKey, SiteSetup};
    use rand::SeedableRng;

    use super::*;

    fn count(store: &Store, sql: &str) -> i64 {
        store.connection().query_row(sql, [], |r| r.get(0)).expect(sql)
    }

    #[test]
    fn seeded_rows_keep_the_booking_rules_and_wait_in_the_outbox() {
        let dir = tempfile::tempdir().expect("tempdir");
        let setup = SiteSetup { clinic_name: "Seed".into(), site_name: "Seed".into(), site_code: "SEED".into() };
        let mut store = Store::create(&dir.path().join("seed.db"), &DatabaseKey::generate(), &setup).expect("store");
        let actor = crate::security::admin(&mut store).expect("admin");
        let settings = SiteSettings { time_zone: "Europe/Berlin".into(), ..SiteSettings::default() };
        store.save_settings(&actor, &settings).expect("time zone");
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let inputs = demo_patients(60, 3, today);
        let ids: Vec<PatientId> = inputs.iter().map(|i| store.create_patient(&actor, i, today).expect("patient").id).collect();
        let mut rng = StdRng::seed_from_u64(3);
        let (providers, types) = providers(&mut store, &actor, 6, &inputs, &mut rng).expect("providers");
        let now = today.and_hms_opt(8, 0, 0).expect("time").and_utc();
        let diary = appointments(&mut store, &actor, providers, &types, &ids, 2_000, now, &mut rng).expect("seed");

        assert_eq!(diary.inserted, 2_000);
        assert_eq!(count(&store, "SELECT count(*) FROM appointment"), 2_000);
        assert_eq!(count(&store, "SELECT count(DISTINCT entity_id) FROM sync_outbox WHERE entity = 'appointment'"), 2_000);
        for key in ["provider_id", "patient_id"] {
            let overlaps = count(
                &store,
                &format!(
                    "SELECT count(*) FROM appointment a JOIN appointment b ON a.{key} = b.{key} AND a.id < b.id
                     AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
                ),
            );
            assert_eq!(overlaps, 0, "{key} overlaps");
        }
        let tz = store.clinic_time_zone().expect("zone");
        let mut rows = store.connection().prepare("SELECT starts_at, ends_at, status FROM appointment").expect("select");
        let rows =
            rows.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).expect("rows");
        for row in rows {
            let (starts, ends, status) = row.expect("row");
            let local = |t: &str| to_local(DateTime::parse_from_rfc3339(t).expect("instant").with_timezone(&Utc), tz);
            let (start, end) = (local(&starts), local(&ends));
            let minutes = (end - start).num_minutes();
            assert!([15, 20, 30].contains(&minutes), "{starts} lasts {minutes}");
            assert!(start.weekday().number_from_monday() <= 5, "{starts} is a weekend");
            let (from, to) = (start.hour() * 60 + start.minute(), end.hour() * 60 + end.minute());
            assert!((480..=720).contains(&from) && to <= 720 || from >= 780 && to <= 1080, "{starts} is outside hours");
            let past = start.date() < today;
            let allowed: &[&str] = if past { &["completed", "cancelled", "no_show"] } else { &["scheduled", "cancelled"] };
            assert!(allowed.contains(&status.as_str()), "{starts}: {status}");
        }
        assert!(!diary.held.is_empty());
    }
}
