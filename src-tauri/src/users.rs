//! Staff account management (admins).

use clinic_core::{NewUserInput, User, UserStatus, UserUpdateInput};
use clinic_store::StoreError;

use crate::error::CommandError;
use crate::patients::parse_id;
use crate::state::AppState;

/// Every account.
pub fn list(state: &AppState) -> Result<Vec<User>, CommandError> {
    Ok(state.authorize("list_users")?.store.list_users()?)
}

/// Creates an account with a temporary password the user changes at first login.
pub fn create(state: &AppState, input: &NewUserInput) -> Result<User, CommandError> {
    let mut auth = state.authorize("create_user")?;
    let user = input.validate().map_err(StoreError::from)?;
    let actor = auth.actor.clone();
    Ok(auth.store.create_user(&actor, &user)?)
}

/// Changes an account's name and role.
pub fn update(state: &AppState, id: &str, input: &UserUpdateInput) -> Result<User, CommandError> {
    let mut auth = state.authorize("update_user")?;
    let id = parse_id(id, "staff account")?;
    let (name, role) = input.validate().map_err(StoreError::from)?;
    let actor = auth.actor.clone();
    Ok(auth.store.update_user(&actor, &id, &name, role)?)
}

/// Disables an account: it can no longer log in, and its session here ends.
pub fn disable(state: &AppState, id: &str) -> Result<User, CommandError> {
    set_status(state, "disable_user", id, UserStatus::Disabled)
}

/// Re-enables a disabled account.
pub fn enable(state: &AppState, id: &str) -> Result<User, CommandError> {
    set_status(state, "enable_user", id, UserStatus::Active)
}

fn set_status(state: &AppState, command: &'static str, id: &str, status: UserStatus) -> Result<User, CommandError> {
    let mut auth = state.authorize(command)?;
    let id = parse_id(id, "staff account")?;
    let actor = auth.actor.clone();
    Ok(auth.store.set_user_status(&actor, &id, status)?)
}

/// Sets a temporary password; the user must change it at next login.
pub fn reset_password(state: &AppState, id: &str, temporary_password: &str) -> Result<User, CommandError> {
    let mut auth = state.authorize("reset_user_password")?;
    let id = parse_id(id, "staff account")?;
    let actor = auth.actor.clone();
    Ok(auth.store.reset_password(&actor, &id, temporary_password)?)
}
