//! This site's settings.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::scheduling::hours::weekly_hours_on;
use crate::scheduling::time::parse_time_zone;
use crate::scheduling::WeeklyHours;
use crate::validation::{Collector, ValidationErrors};

/// Minutes without activity before the screen locks, unless changed.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;
const MAX_IDLE_LOCK_MINUTES: u32 = 120;
/// The clinic's time zone until an admin sets it.
pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// Settings of this computer's installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SiteSettings {
    /// Minutes without activity before the screen locks (1 to 120).
    pub idle_lock_minutes: u32,
    /// The clinic's IANA time zone (such as `Europe/Berlin`): the wall clock of the schedule.
    // A client that predates the setting may leave it out; it then reads as the default.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// When the clinic is open, on its wall clock; no booking falls outside. Empty: the
    /// providers' own hours are the only limit.
    #[serde(default)]
    pub opening_hours: Vec<WeeklyHours>,
}

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.to_string()
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings { idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES, time_zone: default_time_zone(), opening_hours: Vec::new() }
    }
}

impl SiteSettings {
    /// Checks each setting; returns them with the time zone name trimmed.
    pub fn validate(&self) -> Result<SiteSettings, ValidationErrors> {
        let mut c = Collector::default();
        if !(1..=MAX_IDLE_LOCK_MINUTES).contains(&self.idle_lock_minutes) {
            c.add("idleLockMinutes", format!("Use 1 to {MAX_IDLE_LOCK_MINUTES} minutes"));
        }
        let time_zone = self.time_zone.trim().to_string();
        if time_zone.is_empty() {
            c.add("timeZone", "Choose the clinic's time zone");
        } else if let Err(unknown) = parse_time_zone(&time_zone) {
            c.add("timeZone", unknown.to_string());
        }
        let opening_hours = weekly_hours_on(&mut c, "openingHours", &self.opening_hours);
        c.finish(SiteSettings { idle_lock_minutes: self.idle_lock_minutes, time_zone, opening_hours })
    }

    /// The clinic's time zone; UTC if the stored name is not a known zone (it was checked when
    /// saved, so that only happens to a damaged settings table).
    pub fn zone(&self) -> Tz {
        parse_time_zone(self.time_zone.trim()).unwrap_or(Tz::UTC)
    }
}

/// The clinic-wide settings, each one synced row of `clinic_setting` (docs/sync.md).
pub mod clinic {
    use uuid::Uuid;

    use super::SiteSettings;
    use crate::billing::BillingSettings;

    /// The clinic's time zone.
    pub const TIME_ZONE: &str = "time_zone";
    /// The clinic's opening hours, as JSON.
    pub const OPENING_HOURS: &str = "opening_hours";
    /// The billing settings, as JSON.
    pub const BILLING: &str = "billing";
    /// Every clinic-wide setting.
    pub const KEYS: [&str; 3] = [TIME_ZONE, OPENING_HOURS, BILLING];

    /// A clinic setting's row id: the same at every site for the same key, so two sites setting
    /// it merge into one row.
    pub fn row_id(key: &str) -> String {
        const NAMESPACE: Uuid = Uuid::from_u128(0x6c0d_5e3a_8f1b_4c2e_9a77_c1d1_5e57_0001);
        Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
    }

    /// Why `value` cannot be the setting stored in row `row_id`, if it cannot: the checks a
    /// local save makes, for a value that arrives by sync. A row of a key this version does not
    /// know (a newer version's) is not checked. The reason names the setting, never the value.
    pub fn check(row_id: &str, value: &str) -> Result<(), String> {
        match KEYS.into_iter().find(|k| row_id == self::row_id(k)) {
            Some(key) => check_key(key, value),
            None => Ok(()),
        }
    }

    /// Why `value` cannot be the clinic setting `key`, if it cannot; a key not in [`KEYS`] is
    /// not checked.
    pub fn check_key(key: &str, value: &str) -> Result<(), String> {
        let unusable = |why: &str| Err(format!("the clinic's {} setting is unusable: {why}", key.replace('_', " ")));
        let checked = match key {
            TIME_ZONE => SiteSettings { time_zone: value.into(), ..SiteSettings::default() }.validate().map(|_| ()),
            OPENING_HOURS => match serde_json::from_str(value) {
                Ok(hours) => SiteSettings { opening_hours: hours, ..SiteSettings::default() }.validate().map(|_| ()),
                Err(_) => return unusable("it is not a list of opening hours"),
            },
            BILLING => match serde_json::from_str::<BillingSettings>(value) {
                Ok(billing) => billing.validate().map(|_| ()),
                Err(_) => return unusable("it is not a set of billing settings"),
            },
            // A newer version's setting: this one does not know what it should hold.
            _ => return Ok(()),
        };
        checked.or_else(|errors| unusable(&errors.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_zone_is_utc_and_valid() {
        let settings = SiteSettings::default();
        assert_eq!(settings.time_zone, "UTC");
        assert_eq!(settings.validate(), Ok(settings.clone()));
        assert_eq!(settings.zone(), Tz::UTC);
    }

    #[test]
    fn the_time_zone_must_be_a_real_iana_zone() {
        let with = |zone: &str| SiteSettings { time_zone: zone.into(), ..SiteSettings::default() }.validate();
        let checked = with(" Europe/Berlin ").expect("valid");
        assert_eq!(checked.time_zone, "Europe/Berlin");
        assert_eq!(checked.zone(), chrono_tz::Europe::Berlin);
        assert!(with("America/New_York").is_ok());
        for bad in ["Europe/Atlantis", "CEST+2", "europe/berlin"] {
            let errors = with(bad).expect_err(bad);
            let message = &errors.for_field("timeZone").expect("timeZone").message;
            assert!(message.contains(bad) && message.contains("time zone"), "{bad}: {message}");
        }
        let errors = with("  ").expect_err("blank");
        assert_eq!(errors.for_field("timeZone").expect("timeZone").message, "Choose the clinic's time zone");
    }

    #[test]
    fn opening_hours_are_checked_like_a_provider_s_week() {
        let t = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").expect("time");
        let hours = |start, end| WeeklyHours { weekday: 2, start: t(start), end: t(end) };
        let with = |h: Vec<WeeklyHours>| SiteSettings { opening_hours: h, ..SiteSettings::default() }.validate();
        let ok = with(vec![hours("13:00", "18:00"), hours("08:00", "12:00")]).expect("valid");
        assert_eq!(ok.opening_hours[0].start, t("08:00"), "sorted");
        let errors = with(vec![hours("08:00", "12:00"), hours("11:00", "18:00")]).expect_err("overlap");
        assert!(errors.for_field("openingHours").expect("openingHours").message.contains("Tuesday"));
        assert!(with(vec![hours("18:00", "08:00")]).expect_err("backwards").for_field("openingHours").is_some());
    }

    #[test]
    fn idle_lock_minutes_are_still_checked() {
        let errors = SiteSettings { idle_lock_minutes: 0, ..SiteSettings::default() }.validate().expect_err("range");
        assert!(errors.for_field("idleLockMinutes").is_some());
        assert!(errors.for_field("timeZone").is_none());
    }

    #[test]
    fn the_wire_shape_carries_time_zone_and_defaults_it_when_missing() {
        let settings = SiteSettings { idle_lock_minutes: 5, time_zone: "Europe/Berlin".into(), opening_hours: Vec::new() };
        assert_eq!(
            serde_json::to_string(&settings).expect("json"),
            r#"{"idleLockMinutes":5,"timeZone":"Europe/Berlin","openingHours":[]}"#
        );
        let old: SiteSettings = serde_json::from_str(r#"{"idleLockMinutes":5}"#).expect("old client");
        assert_eq!(old.time_zone, "UTC");
    }
}
