//! The app's state: the open store (or why it could not be opened), the session, and the
//! check every command makes before it runs.

use clinic_core::ids::PatientId;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use clinic_core::{role_may, Action, Actor, AuditAction, AuditRecord, UserStatus};
use clinic_store::{Store, StoreError};
use serde::Serialize;
use ts_rs::TS;

use crate::access::Access;
use crate::command::CommandSpec;
use crate::error::{CommandError, ErrorCode};
use crate::session::Session;

/// The sync indicator: whether this site syncs and how it went last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncState {
    /// Not enrolled with a server: the site works alone.
    NotConfigured,
    /// The server cannot be reached; work goes on here and syncs later.
    Offline,
    /// A sync is running.
    Syncing,
    /// The last sync finished.
    Online,
    /// Sync stopped for a reason a person must fix (revoked site, copied database, upgrade).
    NeedsAttention,
}

/// What the app shell shows before and after login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub clinic_name: String,
    pub site_code: String,
    pub site_name: String,
    /// No account exists yet: the first-run setup screen is shown.
    pub needs_setup: bool,
    /// First-run setup will also fill the clinic with made-up demo patients.
    pub demo: bool,
    /// A new site that joined the clinic and is still fetching its records: the app waits.
    pub joining: bool,
    /// The clinic's IANA time zone: the wall clock of the schedule.
    pub time_zone: String,
}

/// The time source: the real clock, or a test's.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Shared by every command.
pub struct AppState {
    store: Result<Mutex<Store>, CommandError>,
    session: Mutex<Option<Session>>,
    clock: Clock,
    /// Where exports (the audit CSV) are written.
    pub export_dir: PathBuf,
    /// Whether setup seeds the demo clinic's patients.
    pub demo: bool,
    /// The site's sync: installation, token, background activity.
    pub sync: crate::sync::service::SyncService,
}

/// A command that passed its check: the store, who is acting, and the app's state (its clock,
/// its exports folder).
pub struct Authorized<'a> {
    pub store: MutexGuard<'a, Store>,
    pub actor: Actor,
    pub state: &'a AppState,
    session: MutexGuard<'a, Option<Session>>,
}

impl Authorized<'_> {
    /// Now, by the app's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.state.now()
    }

    /// The clinic's date now, on its own time zone.
    pub fn today(&self) -> Result<chrono::NaiveDate, CommandError> {
        self.state.clinic_today(&self.store)
    }

    /// The session, to change it (lock, grants).
    pub fn session(&mut self) -> &mut Session {
        // authorize() only returns an Authorized when a session exists.
        self.session.as_mut().expect("authorized commands have a session")
    }

    /// Ends the session (log out).
    pub fn end_session(&mut self) {
        *self.session = None;
    }
}

impl AppState {
    /// State over an open store.
    pub fn ready(store: Store) -> Self {
        AppState::with_clock(Ok(store), Arc::new(Utc::now))
    }

    /// State for an app whose database could not be opened: every command answers with why.
    pub fn failed(error: CommandError) -> Self {
        AppState::with_clock(Err(error), Arc::new(Utc::now))
    }

    /// State with a given clock (tests move time forward).
    pub fn with_clock(store: Result<Store, CommandError>, clock: Clock) -> Self {
        AppState {
            store: store.map(Mutex::new),
            session: Mutex::new(None),
            clock,
            export_dir: std::env::temp_dir(),
            demo: false,
            sync: Default::default(),
        }
    }

    /// Now, by this state's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The store, locked for one command. Lock order: the store, then the session.
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A poisoned lock means a command panicked mid-way; SQLite rolled its transaction back,
        // so the connection itself is still sound.
        Ok(store.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// The store's lock itself, for the background sync (which locks it step by step).
    pub fn store_handle(&self) -> Result<&Mutex<Store>, CommandError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// The clinic's date now, on its own time zone (the date rules and reports go by).
    pub fn clinic_today(&self, store: &Store) -> Result<chrono::NaiveDate, CommandError> {
        Ok(clinic_store::scheduling::clinic_today(self.now(), store.clinic_time_zone()?))
    }

    /// The session slot, locked (after the store).
    pub fn session_slot(&self) -> MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Checks that the session may run `command` by its declared access, and returns the store
    /// with the acting user. A refusal by the permission table is audited. The account is
    /// re-read each time, so a role change, a disable or a password reset takes effect at the
    /// next command. The typed command functions call this; bodies never name themselves.
    pub fn authorize(&self, command: &CommandSpec) -> Result<Authorized<'_>, CommandError> {
        self.authorize_on(command.access, command.name, None)
    }

    /// [`authorize`](Self::authorize) for a command about one patient: a chart's grant counts,
    /// and a refusal is audited against that patient.
    pub fn authorize_on_patient(&self, command: &CommandSpec, patient_id: &PatientId) -> Result<Authorized<'_>, CommandError> {
        self.authorize_on(command.access, command.name, Some(patient_id))
    }

    /// The session as it stands, for a command open to anyone that shows it (a locked one too).
    pub fn any_session(&self) -> Result<Authorized<'_>, CommandError> {
        // Any session passes, so nothing is ever refused under this name.
        self.authorize_on(Access::AnySession, "any_session", None)
    }

    fn authorize_on(
        &self,
        access: Access,
        command: &str,
        patient_id: Option<&PatientId>,
    ) -> Result<Authorized<'_>, CommandError> {
        let mut store = self.store()?;
        let mut slot = self.session_slot();
        let now = self.now();
        let Some(session) = slot.as_mut() else {
            return Err(CommandError::new(ErrorCode::NotSignedIn, "Log in to continue"));
        };
        if let Err(e) = refresh(&store, session) {
            *slot = None;
            return Err(e);
        }
        let actor = session.actor();
        if !session.locked && session.idle_past(store.settings()?.idle_lock_minutes, now) {
            session.locked = true;
            store.audit(&AuditRecord::new(Some(&actor), AuditAction::SessionLocked).detail("idle"))?;
        }
        let needs_unlocked = !matches!(access, Access::AnySession | Access::Anyone);
        if needs_unlocked && session.locked {
            return Err(CommandError::new(ErrorCode::SessionLocked, "The screen is locked; enter your password to go on"));
        }
        let needs_permission = matches!(access, Access::Permission(_) | Access::Chart);
        if needs_permission && session.user.must_change_password {
            return Err(CommandError::new(ErrorCode::PasswordChangeRequired, "Choose a new password before going on"));
        }
        let allowed = match access {
            Access::Permission(action) => role_may(actor.role, action),
            Access::Chart => {
                role_may(actor.role, Action::ViewChart) || patient_id.is_some_and(|p| session.grant_for(p, now).is_some())
            }
            Access::Anyone | Access::AnySession | Access::UnlockedSession => true,
        };
        if !allowed {
            let mut denial = AuditRecord::new(Some(&actor), AuditAction::PermissionDenied).detail(command);
            if let Some(patient) = patient_id {
                denial = denial.patient(patient);
            }
            store.audit(&denial)?;
            return Err(CommandError::forbidden(refusal(access, actor.role)));
        }
        if needs_unlocked {
            session.last_activity = now;
        }
        Ok(Authorized { store, actor, state: self, session: slot })
    }

    /// Starts a session for a user who just logged in (replacing any other).
    pub fn start_session(&self, store: &Store, user: clinic_core::User) -> Result<Session, CommandError> {
        let changed = store.password_changed_at(&user.id)?;
        let session = Session::start(user, changed, self.now());
        *self.session_slot() = Some(session.clone());
        Ok(session)
    }

    /// The header's facts about this site.
    pub fn status(&self) -> Result<AppStatus, CommandError> {
        let store = self.store()?;
        let site = store.site();
        let link = store.sync_link()?;
        Ok(AppStatus {
            clinic_name: site.clinic_name.clone(),
            site_code: site.site_code.clone(),
            site_name: site.site_name.clone(),
            needs_setup: store.count_users()? == 0 && link.is_none(),
            demo: self.demo,
            joining: link.as_ref().is_some_and(|l| l.initialised_at.is_none()),
            time_zone: store.settings()?.time_zone,
        })
    }
}

/// Re-reads the session's account: a disabled account or a changed password ends the session.
fn refresh(store: &Store, session: &mut Session) -> Result<(), CommandError> {
    let id = session.user.id;
    let user = match store.get_user(&id) {
        Ok(user) => user,
        Err(StoreError::NotFound { .. }) => {
            return Err(CommandError::new(ErrorCode::SessionEnded, "Your account no longer exists; log in again"));
        }
        Err(e) => return Err(e.into()),
    };
    if user.status == UserStatus::Disabled {
        return Err(CommandError::new(ErrorCode::SessionEnded, "Your account was disabled; ask a clinic manager"));
    }
    if store.password_changed_at(&id)? != session.password_changed_at {
        return Err(CommandError::new(ErrorCode::SessionEnded, "Your password was reset; log in with the new one"));
    }
    session.user = user;
    Ok(())
}

/// Why a role was refused, in the user's words.
fn refusal(access: Access, role: clinic_core::Role) -> String {
    let what = match access {
        Access::Permission(Action::ViewPatients) => "see patient records",
        Access::Permission(Action::EditPatients) => "register or edit patients",
        Access::Permission(Action::ViewChart) | Access::Chart => {
            return format!(
                "Your role ({}) has no access to clinical records. In an emergency, use \"Emergency access\" and give a reason",
                role_label(role)
            );
        }
        Access::Permission(Action::BreakTheGlass) => "use emergency access (your role can open charts already)",
        Access::Permission(Action::ManageUsers) => "manage staff accounts",
        Access::Permission(Action::ViewAuditTrail) => "see the audit trail",
        Access::Permission(Action::ManageSettings) => "change settings",
        Access::Permission(Action::ViewSchedule) => "see the schedule",
        Access::Permission(Action::BookAppointments) => "book or move appointments",
        Access::Permission(Action::ManageSchedules) => "change providers' schedules",
        Access::Permission(Action::RecordObservations) => "record vitals, allergies or lab results",
        Access::Permission(Action::WriteClinicalNotes) => "write visit notes or the problem list",
        Access::Permission(Action::Prescribe) => "prescribe medications",
        Access::Permission(Action::ViewBilling) => "see invoices and payments",
        Access::Permission(Action::TakePayments) => "write invoices or take payments",
        Access::Permission(Action::ManageBilling) => "void invoices, give refunds, or change the fee schedule or claims",
        Access::Permission(Action::ViewBillingReports) => "see the billing reports",
        Access::Anyone | Access::AnySession | Access::UnlockedSession => "do this",
    };
    format!("Your role ({}) cannot {what}; this attempt was recorded", role_label(role))
}

fn role_label(role: clinic_core::Role) -> &'static str {
    match role {
        clinic_core::Role::Admin => "admin",
        clinic_core::Role::Doctor => "doctor",
        clinic_core::Role::Nurse => "nurse",
        clinic_core::Role::FrontDesk => "front desk",
        clinic_core::Role::Billing => "billing",
    }
}
