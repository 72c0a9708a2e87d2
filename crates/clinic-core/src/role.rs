//! Staff roles (docs/decisions.md §4). The patient portal's role arrives with the portal.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a member of staff does at the clinic, which decides what they may do in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Admin,
    Doctor,
    Nurse,
    FrontDesk,
    Billing,
}

impl Role {
    /// Every staff role.
    pub const ALL: [Role; 5] = [Role::Admin, Role::Doctor, Role::Nurse, Role::FrontDesk, Role::Billing];

    /// The code stored in the database and sent over the wire.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Doctor => "doctor",
            Role::Nurse => "nurse",
            Role::FrontDesk => "front_desk",
            Role::Billing => "billing",
        }
    }

    /// The role for a stored code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}
