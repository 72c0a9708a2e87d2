//! The values a change carries, checked with the validators a local write uses: at the server
//! on push and at each site on pull, so a value no site could use is never stored (docs/sync.md,
//! "Who may write what"). Today that is the clinic-wide settings, which every command reads.

use super::Fields;

/// The fields of a write to `entity`'s row `entity_id` whose values are unusable, each with
/// its reason (naming the field, never the value).
pub fn unusable_values(entity: &str, entity_id: &str, fields: &Fields) -> Vec<(String, String)> {
    match (entity, fields.get("value")) {
        ("clinic_setting", Some(Some(value))) => match crate::settings::clinic::check(entity_id, value) {
            Ok(()) => Vec::new(),
            Err(reason) => vec![("value".to_string(), reason)],
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::clinic;

    fn setting(value: &str) -> Fields {
        [("value".to_string(), Some(value.to_string()))].into_iter().collect()
    }

    #[test]
    fn clinic_settings_are_checked_as_a_save_checks_them() {
        let hours = clinic::row_id(clinic::OPENING_HOURS);
        assert!(unusable_values("clinic_setting", &hours, &setting("[]")).is_empty());
        let refused = unusable_values("clinic_setting", &hours, &setting("{not json"));
        assert_eq!(refused[0].0, "value");
        assert!(refused[0].1.contains("opening hours setting is unusable"), "{}", refused[0].1);
        let zone = clinic::row_id(clinic::TIME_ZONE);
        assert!(unusable_values("clinic_setting", &zone, &setting("Europe/Berlin")).is_empty());
        assert!(!unusable_values("clinic_setting", &zone, &setting("Mars/Olympus")).is_empty());
        let billing = clinic::row_id(clinic::BILLING);
        assert!(!unusable_values("clinic_setting", &billing, &setting("7")).is_empty());
        assert!(unusable_values("clinic_setting", &clinic::row_id("from_a_newer_version"), &setting("x")).is_empty());
        assert!(unusable_values("patient", "p", &setting("{")).is_empty());
    }
}
