//! Staff accounts: what an admin enters, what the app shows, and the login back-off rule.

use crate::ids::UserId;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::password::check_new_password;
use crate::validation::{Collector, ValidationErrors};
use crate::Role;

/// Failed logins in a row before the account is locked for a while.
pub const FAILURES_BEFORE_LOCKOUT: u32 = 5;
/// The longest a lockout lasts, however many failures there were.
pub const MAX_LOCKOUT_MINUTES: i64 = 60;

/// How long an account stays locked after `failures` failed logins in a row: nothing before
/// the fifth, then 1 minute, doubling with each further failure up to an hour.
pub fn lockout_after(failures: u32) -> Option<Duration> {
    let beyond = failures.checked_sub(FAILURES_BEFORE_LOCKOUT)?;
    let minutes = 1i64.checked_shl(beyond.min(16)).unwrap_or(MAX_LOCKOUT_MINUTES).min(MAX_LOCKOUT_MINUTES);
    Some(Duration::minutes(minutes))
}

/// Whether an account may log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }

    /// The status for a stored code.
    pub fn from_code(code: &str) -> Option<UserStatus> {
        [UserStatus::Active, UserStatus::Disabled].into_iter().find(|s| s.code() == code)
    }
}

/// A staff account as the app shows it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct User {
    #[ts(type = "string")]
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub status: UserStatus,
    /// Set by a password reset: the user must choose a new password at their next login.
    pub must_change_password: bool,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}

/// A new account, as an admin (or first-run setup) enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub password: String,
}

/// A checked new account: the username lower-cased, names trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// An admin's edit of an account: name and role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserUpdateInput {
    pub display_name: String,
    pub role: Option<Role>,
}

const MAX_USERNAME: usize = 32;
const MAX_DISPLAY_NAME: usize = 80;

fn username(c: &mut Collector, value: &str) -> String {
    let name = value.trim().to_lowercase();
    if name.is_empty() {
        c.add("username", "This field is required");
    } else if name.chars().count() < 3 || name.chars().count() > MAX_USERNAME {
        c.add("username", format!("Use 3 to {MAX_USERNAME} characters"));
    } else if !name.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '.' | '_' | '-')) {
        c.add("username", "Use only letters, digits, dots, dashes and underscores (no spaces)");
    }
    name
}

fn role(c: &mut Collector, value: Option<Role>) -> Role {
    value.unwrap_or_else(|| {
        c.add("role", "Choose a role");
        Role::FrontDesk
    })
}

/// Checks a password field against the policy, adding the reason as a field error.
pub(crate) fn password_field(c: &mut Collector, field: &str, password: &str, username: &str) {
    if let Err(why) = check_new_password(password, username) {
        c.add(field, why.to_string());
    }
}

impl NewUserInput {
    /// Checks every field, the password against the policy.
    pub fn validate(&self) -> Result<NewUser, ValidationErrors> {
        let mut c = Collector::default();
        let username = username(&mut c, &self.username);
        let display_name = c.text("displayName", &self.display_name, true, MAX_DISPLAY_NAME).unwrap_or_default();
        let role = role(&mut c, self.role);
        password_field(&mut c, "password", &self.password, &username);
        c.finish(NewUser { username, display_name, role, password: self.password.clone() })
    }
}

impl UserUpdateInput {
    /// Checks the name and role; returns them trimmed.
    pub fn validate(&self) -> Result<(String, Role), ValidationErrors> {
        let mut c = Collector::default();
        let display_name = c.text("displayName", &self.display_name, true, MAX_DISPLAY_NAME).unwrap_or_default();
        let role = role(&mut c, self.role);
        c.finish((display_name, role))
    }
}

/// Checks a password someone is choosing for `username`, as the field `field`.
pub fn validate_new_password(field: &str, password: &str, username: &str) -> Result<(), ValidationErrors> {
    let mut c = Collector::default();
    password_field(&mut c, field, password, username);
    c.finish(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_starts_at_the_fifth_failure_and_doubles_to_an_hour() {
        assert_eq!(lockout_after(0), None);
        assert_eq!(lockout_after(4), None);
        assert_eq!(lockout_after(5), Some(Duration::minutes(1)));
        assert_eq!(lockout_after(6), Some(Duration::minutes(2)));
        assert_eq!(lockout_after(8), Some(Duration::minutes(8)));
        assert_eq!(lockout_after(11), Some(Duration::minutes(60)));
        assert_eq!(lockout_after(u32::MAX), Some(Duration::minutes(60)));
    }

    #[test]
    fn a_new_user_is_checked_field_by_field() {
        let input = NewUserInput { username: "Ana Pereira".into(), display_name: " ".into(), role: None, password: "123".into() };
        let errors = input.validate().expect_err("invalid");
        for field in ["username", "displayName", "role", "password"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors:?}");
        }
        let good = NewUserInput {
            username: " Ana.Pereira ".into(),
            display_name: "Ana Pereira".into(),
            role: Some(Role::Nurse),
            password: "plumtreeharbor".into(),
        };
        assert_eq!(good.validate().expect("valid").username, "ana.pereira");
    }
}
