//! Recurring appointments: the wall-clock starts of a weekly series.

use chrono::{Days, NaiveDateTime};

use super::appointment::Recurrence;
use crate::validation::{Collector, ValidationErrors};

/// The most appointments one series may hold.
pub const MAX_OCCURRENCES: u32 = 104;
/// The longest gap between occurrences, in weeks.
pub const MAX_EVERY_WEEKS: u32 = 52;

/// The wall-clock start of every occurrence, the first included. Each keeps the first one's
/// clock time (09:00 stays 09:00 across a daylight-saving change); converting each with
/// `to_utc` is what moves its instant.
pub fn occurrence_starts(first: NaiveDateTime, rule: &Recurrence) -> Result<Vec<NaiveDateTime>, ValidationErrors> {
    let mut c = Collector::default();
    let every_weeks_ok = (1..=MAX_EVERY_WEEKS).contains(&rule.every_weeks);
    if !every_weeks_ok {
        c.add("everyWeeks", format!("Repeat every 1 to {MAX_EVERY_WEEKS} weeks"));
    }
    match (rule.until, rule.count) {
        (Some(_), Some(_)) => c.add("until", "Choose either an end date or a number of appointments, not both"),
        (None, None) => c.add("until", "Choose an end date or a number of appointments"),
        (None, Some(count)) if !(1..=MAX_OCCURRENCES).contains(&count) => {
            c.add("count", format!("Use 1 to {MAX_OCCURRENCES} appointments"))
        }
        (Some(until), None) if until < first.date() => c.add("until", "The end date cannot be before the first appointment"),
        _ => {}
    }
    c.finish(())?;
    let step = u64::from(rule.every_weeks) * 7;
    // One past the limit is enough to tell the receptionist the end date is too far.
    let limit = rule.count.unwrap_or(MAX_OCCURRENCES + 1);
    let mut starts = Vec::new();
    for n in 0..u64::from(limit) {
        let Some(start) = first.checked_add_days(Days::new(n * step)) else { break };
        if rule.until.is_some_and(|until| start.date() > until) {
            break;
        }
        starts.push(start);
    }
    let mut c = Collector::default();
    if starts.len() > MAX_OCCURRENCES as usize {
        c.add("until", format!("That end date makes more than {MAX_OCCURRENCES} appointments; choose an earlier one"));
    }
    c.finish(starts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduling::test_support::{date, local};

    fn rule(every_weeks: u32, until: Option<&str>, count: Option<u32>) -> Recurrence {
        Recurrence { every_weeks, until: until.map(date), count }
    }

    fn field_of(result: Result<Vec<NaiveDateTime>, ValidationErrors>, field: &str) -> String {
        let errors = result.expect_err("invalid rule");
        errors.for_field(field).unwrap_or_else(|| panic!("no {field} error: {errors:?}")).message.clone()
    }

    #[test]
    fn a_count_gives_that_many_starts_every_n_weeks() {
        let starts = occurrence_starts(local("2026-03-02T09:00"), &rule(2, None, Some(3))).expect("valid");
        assert_eq!(starts, [local("2026-03-02T09:00"), local("2026-03-16T09:00"), local("2026-03-30T09:00")]);
        assert_eq!(
            occurrence_starts(local("2026-03-02T09:00"), &rule(1, None, Some(1))).expect("one"),
            [local("2026-03-02T09:00")]
        );
    }

    #[test]
    fn an_end_date_is_inclusive() {
        let starts = occurrence_starts(local("2026-03-02T09:00"), &rule(1, Some("2026-03-16"), None)).expect("valid");
        assert_eq!(starts, [local("2026-03-02T09:00"), local("2026-03-09T09:00"), local("2026-03-16T09:00")]);
        let same_day = occurrence_starts(local("2026-03-02T09:00"), &rule(4, Some("2026-03-02"), None)).expect("valid");
        assert_eq!(same_day, [local("2026-03-02T09:00")]);
        let short = occurrence_starts(local("2026-03-02T09:00"), &rule(1, Some("2026-03-15"), None)).expect("valid");
        assert_eq!(short.len(), 2);
    }

    #[test]
    fn every_weeks_runs_from_1_to_52() {
        for bad in [0, 53] {
            let result = occurrence_starts(local("2026-03-02T09:00"), &rule(bad, None, Some(2)));
            assert_eq!(field_of(result, "everyWeeks"), "Repeat every 1 to 52 weeks", "{bad}");
        }
        let yearly = occurrence_starts(local("2026-03-02T09:00"), &rule(52, None, Some(2))).expect("valid");
        assert_eq!(yearly[1], local("2027-03-01T09:00"));
    }

    #[test]
    fn exactly_one_of_end_date_and_count() {
        let both = occurrence_starts(local("2026-03-02T09:00"), &rule(1, Some("2026-04-01"), Some(3)));
        assert!(field_of(both, "until").contains("not both"));
        let neither = occurrence_starts(local("2026-03-02T09:00"), &rule(1, None, None));
        assert!(field_of(neither, "until").contains("Choose an end date or a number"));
    }

    #[test]
    fn a_count_runs_from_1_to_104() {
        for bad in [0, 105] {
            let result = occurrence_starts(local("2026-03-02T09:00"), &rule(1, None, Some(bad)));
            assert_eq!(field_of(result, "count"), "Use 1 to 104 appointments", "{bad}");
        }
        let most = occurrence_starts(local("2026-03-02T09:00"), &rule(1, None, Some(104))).expect("valid");
        assert_eq!(most.len(), 104);
        assert_eq!(most[103], local("2028-02-21T09:00"));
    }

    #[test]
    fn an_end_date_before_the_first_is_refused() {
        let result = occurrence_starts(local("2026-03-02T09:00"), &rule(1, Some("2026-03-01"), None));
        assert!(field_of(result, "until").contains("before the first"));
    }

    #[test]
    fn an_end_date_may_not_make_more_than_104() {
        // Weekly from 2026-03-02: the 104th is 2028-02-21, the 105th 2028-02-28.
        let most = occurrence_starts(local("2026-03-02T09:00"), &rule(1, Some("2028-02-27"), None)).expect("104");
        assert_eq!(most.len(), 104);
        let too_many = occurrence_starts(local("2026-03-02T09:00"), &rule(1, Some("2028-02-28"), None));
        assert!(field_of(too_many, "until").contains("more than 104"));
        let far = occurrence_starts(local("2026-03-02T09:00"), &rule(1, Some("9999-12-31"), None));
        assert!(far.is_err());
    }
}
