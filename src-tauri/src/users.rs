//! Staff account management (admins).

use clinic_core::ids::UserId;
use clinic_core::{NewUserInput, User, UserStatus, UserUpdateInput};
use clinic_store::StoreError;

use crate::error::CommandError;
use crate::state::Authorized;

/// Every account.
pub fn list(auth: Authorized<'_>) -> Result<Vec<User>, CommandError> {
    Ok(auth.store.list_users()?)
}

/// Creates an account with a temporary password the user changes at first login.
pub fn create(mut auth: Authorized<'_>, input: NewUserInput) -> Result<User, CommandError> {
    let user = input.validate().map_err(StoreError::from)?;
    Ok(auth.store.create_user(&auth.actor, &user)?)
}

/// Changes an account's name and role.
pub fn update(mut auth: Authorized<'_>, id: UserId, input: UserUpdateInput) -> Result<User, CommandError> {
    let (name, role) = input.validate().map_err(StoreError::from)?;
    Ok(auth.store.update_user(&auth.actor, &id, &name, role)?)
}

/// Disables an account: it can no longer log in, and its session here ends.
pub fn disable(auth: Authorized<'_>, id: UserId) -> Result<User, CommandError> {
    set_status(auth, id, UserStatus::Disabled)
}

/// Re-enables a disabled account.
pub fn enable(auth: Authorized<'_>, id: UserId) -> Result<User, CommandError> {
    set_status(auth, id, UserStatus::Active)
}

fn set_status(mut auth: Authorized<'_>, id: UserId, status: UserStatus) -> Result<User, CommandError> {
    Ok(auth.store.set_user_status(&auth.actor, &id, status)?)
}

/// Sets a temporary password; the user must change it at next login.
pub fn reset_password(mut auth: Authorized<'_>, id: UserId, temporary_password: String) -> Result<User, CommandError> {
    Ok(auth.store.reset_password(&auth.actor, &id, &temporary_password)?)
}
