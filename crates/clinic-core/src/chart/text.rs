//! Text checks the chart needs beyond `Collector::text`: multi-line notes.

use crate::validation::Collector;

/// Trims a multi-line note; records an error if it is required and empty, too long, or holds
/// control characters other than line breaks and tabs. Returns the trimmed text, `None` when empty.
pub(crate) fn note(c: &mut Collector, field: &str, value: &str, required: bool, max_chars: usize) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        if required {
            c.add(field, "This field is required");
        }
        return None;
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        c.add(field, format!("Use at most {max_chars} characters (this has {chars})"));
    }
    if trimmed.chars().any(|ch| ch.is_control() && !matches!(ch, '\n' | '\r' | '\t')) {
        c.add(field, "Remove the control characters from this field");
    }
    Some(trimmed.to_string())
}

/// Trims an optional one-line text; blank becomes `None`.
pub(crate) fn optional(c: &mut Collector, field: &str, value: Option<&str>, max_chars: usize) -> Option<String> {
    c.text(field, value.unwrap_or(""), false, max_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_keep_line_breaks_but_not_other_controls() {
        let mut c = Collector::default();
        assert_eq!(note(&mut c, "plan", " a\nb\t ", true, 10).as_deref(), Some("a\nb"));
        assert!(c.finish(()).is_ok());
        let mut c = Collector::default();
        note(&mut c, "plan", "a\u{7}b", true, 10);
        note(&mut c, "assessment", "", true, 10);
        note(&mut c, "objective", &"x".repeat(11), false, 10);
        let errors = c.finish(()).expect_err("three problems");
        assert_eq!(errors.0.len(), 3);
    }
}
