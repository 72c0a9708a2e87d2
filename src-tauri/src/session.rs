//! The logged-in session of this app window. It lives only in the Rust process: the UI never
//! sends a role or a user id, it only asks what the session is.

use chrono::{DateTime, Duration, Utc};
use clinic_core::ids::{PatientId, UserId};
use clinic_core::{permissions_of, Action, Actor, Role, User};
use serde::Serialize;
use ts_rs::TS;

/// How long a break-the-glass access to one chart lasts.
pub const BREAK_THE_GLASS_MINUTES: i64 = 30;
/// The UI locks the screen after the idle time; the Rust side locks at the latest this much
/// later, in case the UI did not (its activity reports are throttled).
pub const IDLE_LOCK_GRACE_SECONDS: i64 = 60;

/// Emergency access to one patient's chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartGrant {
    pub patient_id: PatientId,
    pub expires_at: DateTime<Utc>,
}

/// The logged-in user of this window.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    /// The account's password-changed time at login: if it moves, the session has ended.
    pub password_changed_at: String,
    pub locked: bool,
    pub last_activity: DateTime<Utc>,
    pub grants: Vec<ChartGrant>,
}

impl Session {
    /// A session for a user who just logged in.
    pub fn start(user: User, password_changed_at: String, now: DateTime<Utc>) -> Self {
        Session { user, password_changed_at, locked: false, last_activity: now, grants: Vec::new() }
    }

    /// Who is acting, for audit events.
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.user.id, username: self.user.username.clone(), role: self.user.role }
    }

    /// Whether the session has been idle past `idle_minutes` (plus the grace).
    pub fn idle_past(&self, idle_minutes: u32, now: DateTime<Utc>) -> bool {
        now - self.last_activity > Duration::minutes(i64::from(idle_minutes)) + Duration::seconds(IDLE_LOCK_GRACE_SECONDS)
    }

    /// An unexpired break-the-glass grant for this patient.
    pub fn grant_for(&self, patient_id: &PatientId, now: DateTime<Utc>) -> Option<&ChartGrant> {
        self.grants.iter().find(|g| g.patient_id == *patient_id && g.expires_at > now)
    }

    /// Adds (or renews) emergency access to a chart.
    pub fn grant(&mut self, patient_id: &PatientId, now: DateTime<Utc>) -> ChartGrant {
        self.grants.retain(|g| g.patient_id != *patient_id && g.expires_at > now);
        let grant = ChartGrant { patient_id: *patient_id, expires_at: now + Duration::minutes(BREAK_THE_GLASS_MINUTES) };
        self.grants.push(grant.clone());
        grant
    }

    /// What the UI is told about the session.
    pub fn info(&self, idle_lock_minutes: u32) -> SessionInfo {
        SessionInfo {
            user_id: self.user.id,
            username: self.user.username.clone(),
            display_name: self.user.display_name.clone(),
            role: self.user.role,
            permissions: permissions_of(self.user.role),
            must_change_password: self.user.must_change_password,
            locked: self.locked,
            idle_lock_minutes,
        }
    }
}

/// The session as the UI sees it: enough to show the right screens. The Rust side checks
/// every command again; this only keeps the UI from offering what would be refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionInfo {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub permissions: Vec<Action>,
    pub must_change_password: bool,
    pub locked: bool,
    pub idle_lock_minutes: u32,
}
