//! Field-level validation errors, shaped so the UI can show each next to its field.

use serde::Serialize;
use ts_rs::TS;

/// One problem with one field of an input form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// The input's key as the UI names it (camelCase, e.g. `dateOfBirth`).
    pub field: String,
    /// What is wrong, in words a receptionist understands.
    pub message: String,
}

/// Every field error found in one input; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} field(s) need attention: {}", .0.len(), field_list(.0))]
pub struct ValidationErrors(pub Vec<FieldError>);

fn field_list(errors: &[FieldError]) -> String {
    errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>().join(", ")
}

impl ValidationErrors {
    /// The error for `field`, if there is one.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
}

/// Collects field errors while an input is checked.
#[derive(Debug, Default)]
pub(crate) struct Collector(Vec<FieldError>);

impl Collector {
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        // One message per field: the first problem found is the one to fix first.
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError { field: field.to_string(), message: message.into() });
        }
    }

    /// Trims `value`; records an error if it is required and empty, too long, or holds
    /// control characters. Returns the trimmed text, `None` when empty.
    pub(crate) fn text(&mut self, field: &str, value: &str, required: bool, max_chars: usize) -> Option<String> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            if required {
                self.add(field, "This field is required");
            }
            return None;
        }
        let chars = trimmed.chars().count();
        if chars > max_chars {
            self.add(field, format!("Use at most {max_chars} characters (this has {chars})"));
        }
        let multiline_ok = field == "notes";
        if trimmed.chars().any(|c| c.is_control() && !(multiline_ok && (c == '\n' || c == '\t' || c == '\r'))) {
            self.add(field, "Remove the control characters from this field");
        }
        Some(trimmed.to_string())
    }

    pub(crate) fn finish<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}
