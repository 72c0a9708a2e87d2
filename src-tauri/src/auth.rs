//! Setup, login, lock, unlock, logout and own-password change.

use clinic_core::{AuditAction, AuditRecord, ClinicSetupInput};

use crate::error::{CommandError, ErrorCode};
use crate::session::SessionInfo;
use crate::startup::seed_demo;
use crate::state::{AppState, AppStatus, Authorized};

/// What the app shows before anyone logs in.
pub fn app_status(state: &AppState) -> Result<AppStatus, CommandError> {
    state.status()
}

/// This build's version, for the user menu (what support asks first).
pub fn app_version(_state: &AppState) -> Result<String, CommandError> {
    Ok(env!("CARGO_PKG_VERSION").to_string())
}

/// First run: names the clinic and site, creates the first admin and logs them in. In a demo
/// install it then fills the clinic with made-up patients.
pub fn set_up_clinic(state: &AppState, input: ClinicSetupInput) -> Result<SessionInfo, CommandError> {
    let setup = input.validate().map_err(clinic_store::StoreError::from)?;
    let mut store = state.store()?;
    let admin = store.set_up_clinic(&setup)?;
    let session = state.start_session(&store, admin)?;
    if state.demo {
        seed_demo(&mut store, &session.actor(), state.now())?;
    }
    Ok(session.info(store.settings()?.idle_lock_minutes))
}

/// Logs a user in, replacing whoever was logged in on this window.
pub fn log_in(state: &AppState, username: String, password: String) -> Result<SessionInfo, CommandError> {
    let mut store = state.store()?;
    if store.count_users()? == 0 {
        return Err(CommandError::new(ErrorCode::SetupRequired, "This clinic has no accounts yet; set it up first"));
    }
    let user = store.log_in(&username, &password, state.now())?;
    let session = state.start_session(&store, user)?;
    Ok(session.info(store.settings()?.idle_lock_minutes))
}

/// The session, if someone is logged in (a locked session included).
pub fn current_session(state: &AppState) -> Result<Option<SessionInfo>, CommandError> {
    match state.any_session() {
        Ok(mut auth) => {
            let idle = auth.store.settings()?.idle_lock_minutes;
            Ok(Some(auth.session().info(idle)))
        }
        Err(e) if e.code == ErrorCode::NotSignedIn => Ok(None),
        Err(e) => Err(e),
    }
}

/// Locks the screen now (the "Lock" button, or the UI's idle timer).
pub fn lock_session(mut auth: Authorized<'_>) -> Result<SessionInfo, CommandError> {
    if !auth.session().locked {
        auth.session().locked = true;
        auth.store.audit(&AuditRecord::new(Some(&auth.actor), AuditAction::SessionLocked))?;
    }
    let idle = auth.store.settings()?.idle_lock_minutes;
    Ok(auth.session().info(idle))
}

/// Unlocks the screen with the session user's password.
pub fn unlock_session(mut auth: Authorized<'_>, password: String) -> Result<SessionInfo, CommandError> {
    if auth.session().locked {
        let now = auth.now();
        auth.store.unlock(&auth.actor, &password, now)?;
        let session = auth.session();
        session.locked = false;
        session.last_activity = now;
    }
    let idle = auth.store.settings()?.idle_lock_minutes;
    Ok(auth.session().info(idle))
}

/// Logs out.
pub fn log_out(mut auth: Authorized<'_>) -> Result<(), CommandError> {
    auth.store.audit(&AuditRecord::new(Some(&auth.actor), AuditAction::LoggedOut))?;
    auth.end_session();
    Ok(())
}

/// The user is active in the window (typing, clicking): keeps the session from locking.
pub fn record_activity(_auth: Authorized<'_>) -> Result<(), CommandError> {
    // The check itself marks the session active.
    Ok(())
}

/// The user changes their own password (required after a reset).
pub fn change_own_password(mut auth: Authorized<'_>, current: String, new: String) -> Result<SessionInfo, CommandError> {
    let now = auth.now();
    let user = auth.store.change_own_password(&auth.actor, &current, &new, now)?;
    let changed = auth.store.password_changed_at(&user.id)?;
    let idle = auth.store.settings()?.idle_lock_minutes;
    let session = auth.session();
    session.user = user;
    session.password_changed_at = changed;
    Ok(session.info(idle))
}
