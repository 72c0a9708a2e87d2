//! First run: the clinic, this site and the first admin (no default accounts exist).

use serde::Deserialize;
use ts_rs::TS;

use crate::user::{NewUser, NewUserInput};
use crate::validation::{Collector, ValidationErrors};
use crate::Role;

/// What the setup screen sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClinicSetupInput {
    pub clinic_name: String,
    pub site_name: String,
    /// 2 to 6 letters or digits; prefixes record and invoice numbers made at this site.
    pub site_code: String,
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// A checked setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicSetup {
    pub clinic_name: String,
    pub site_name: String,
    pub site_code: String,
    pub admin: NewUser,
}

/// Why `code` (upper-cased) cannot be a site code, or `None` when it can: 2 to 6 letters or
/// digits, unique across the clinic's sites (the sync server checks that part).
pub fn site_code_problem(code: &str) -> Option<&'static str> {
    if code.is_empty() {
        Some("This field is required")
    } else if !(2..=6).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        Some("Use 2 to 6 letters or digits, for example MAIN or WEST2")
    } else {
        None
    }
}

/// The longest site name, in characters.
pub const SITE_NAME_MAX_CHARS: usize = 60;

/// Why `name` cannot name a site, or `None` when it can: required, at most
/// [`SITE_NAME_MAX_CHARS`], no control characters.
pub fn site_name_problem(name: &str) -> Option<String> {
    let mut c = Collector::default();
    c.text("siteName", name, true, SITE_NAME_MAX_CHARS);
    c.finish(()).err().and_then(|e| e.0.into_iter().next()).map(|e| e.message)
}

/// A new computer of an existing clinic, checked: its name, its upper-cased site code and the
/// one-time enrolment code it joins with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoiningSite {
    pub site_name: String,
    pub site_code: String,
    pub enrolment_code: String,
}

/// Checks every field a computer joining a clinic gives, so all problems show at once.
pub fn check_joining_site(site_name: &str, site_code: &str, enrolment_code: &str) -> Result<JoiningSite, ValidationErrors> {
    let mut c = Collector::default();
    let site_name = c.text("siteName", site_name, true, SITE_NAME_MAX_CHARS).unwrap_or_default();
    let site_code = site_code.trim().to_uppercase();
    if let Some(problem) = site_code_problem(&site_code) {
        c.add("siteCode", problem);
    }
    let enrolment_code = enrolment_code_field(&mut c, enrolment_code);
    c.finish(JoiningSite { site_name, site_code, enrolment_code })
}

/// Checks the one-time enrolment code an admin types to enrol this site.
pub fn check_enrolment_code(code: &str) -> Result<String, ValidationErrors> {
    let mut c = Collector::default();
    let code = enrolment_code_field(&mut c, code);
    c.finish(code)
}

fn enrolment_code_field(c: &mut Collector, code: &str) -> String {
    match c.text("code", code, false, 64) {
        Some(code) => code,
        None => {
            c.add("code", "Enter the enrolment code from the clinic's administrator");
            String::new()
        }
    }
}

impl ClinicSetupInput {
    /// Checks every field; the site code is upper-cased.
    pub fn validate(&self) -> Result<ClinicSetup, ValidationErrors> {
        let mut c = Collector::default();
        let clinic_name = c.text("clinicName", &self.clinic_name, true, 100).unwrap_or_default();
        let site_name = c.text("siteName", &self.site_name, true, SITE_NAME_MAX_CHARS).unwrap_or_default();
        let site_code = self.site_code.trim().to_uppercase();
        if let Some(problem) = site_code_problem(&site_code) {
            c.add("siteCode", problem);
        }
        let admin = NewUserInput {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: Some(Role::Admin),
            password: self.password.clone(),
        }
        .validate();
        let admin = match admin {
            Ok(admin) => Some(admin),
            Err(errors) => {
                for e in errors.0 {
                    c.add(&e.field, e.message);
                }
                None
            }
        };
        match admin {
            Some(admin) => c.finish(ClinicSetup { clinic_name, site_name, site_code, admin }),
            None => Err(c.finish(()).expect_err("admin errors were added")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_checks_the_site_code_and_the_admin() {
        let input = ClinicSetupInput {
            clinic_name: "Riverside".into(),
            site_name: "Front desk".into(),
            site_code: "main".into(),
            username: "ana".into(),
            display_name: "Ana".into(),
            password: "plumtreeharbor".into(),
        };
        let ok = input.validate().expect("valid");
        assert_eq!((ok.site_code.as_str(), ok.admin.role), ("MAIN", Role::Admin));
        let bad = ClinicSetupInput { site_code: "M AIN!".into(), password: "password".into(), ..input };
        let errors = bad.validate().expect_err("invalid");
        assert!(errors.for_field("siteCode").is_some() && errors.for_field("password").is_some(), "{errors:?}");
    }

    #[test]
    fn a_joining_site_shows_every_problem_at_once() {
        let ok = check_joining_site(" Front desk 2 ", "desk2", " ABCD-EFGH ").expect("valid");
        assert_eq!(
            (ok.site_name.as_str(), ok.site_code.as_str(), ok.enrolment_code.as_str()),
            ("Front desk 2", "DESK2", "ABCD-EFGH")
        );
        let errors = check_joining_site(&"x".repeat(61), "d", "  ").expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["siteName", "siteCode", "code"]);
        assert!(site_name_problem("Desk\u{7}").is_some() && site_name_problem("Desk").is_none());
        assert_eq!(check_enrolment_code("").expect_err("empty").0[0].field, "code");
    }
}
