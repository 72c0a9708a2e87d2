//! Staff accounts: first-run setup, create, edit, disable, re-enable, reset and change passwords.
//! Every change writes its audit event in the same transaction.

use chrono::{DateTime, Utc};
use clinic_core::ids::UserId;
use clinic_core::password::{hash_password, verify_password, PasswordCheck};
use clinic_core::{validate_new_password, Actor, AuditAction, AuditRecord, ClinicSetup, NewUser, Role, User, UserStatus};
use rusqlite::{params, OptionalExtension, Row};

use crate::auth::{clear_throttle, login_key};
use crate::{Store, StoreError};

const TABLE: &str = "app_user";
const USER_COLUMNS: &str = "id, username, display_name, role, status, must_change_password, created_at";

/// What the login check needs of an account besides what the app shows.
pub(crate) struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub password_changed_at: String,
}

fn user_from_row(r: &Row<'_>) -> rusqlite::Result<Result<User, StoreError>> {
    let id: String = r.get(0)?;
    let role: String = r.get(3)?;
    let status: String = r.get(4)?;
    let created_at: String = r.get(6)?;
    let corrupt = |column| Ok(Err(StoreError::Corrupt { table: TABLE, column }));
    let Ok(id) = id.parse() else { return corrupt("id") };
    let Some(role) = Role::from_code(&role) else { return corrupt("role") };
    let Some(status) = UserStatus::from_code(&status) else { return corrupt("status") };
    let Ok(created_at) = DateTime::parse_from_rfc3339(&created_at) else { return corrupt("created_at") };
    Ok(Ok(User {
        id,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role,
        status,
        must_change_password: r.get(5)?,
        created_at: created_at.with_timezone(&Utc),
    }))
}

fn flag(value: bool) -> Option<String> {
    Some(if value { "1" } else { "0" }.to_string())
}

impl Store {
    /// How many accounts exist (none means the clinic still needs setting up).
    pub fn count_users(&self) -> Result<u64, StoreError> {
        let n: i64 =
            self.conn.prepare_cached("SELECT count(*) FROM app_user WHERE deleted_at IS NULL")?.query_row([], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// First run: names the clinic and this site and creates the first admin, who needs no
    /// password change. Refused once any account exists.
    pub fn set_up_clinic(&mut self, setup: &ClinicSetup) -> Result<User, StoreError> {
        if self.count_users()? > 0 {
            return Err(StoreError::Conflict("This clinic is already set up; ask its clinic manager for an account".into()));
        }
        // A computer joining a clinic gets its accounts from the clinic's server, never a local admin.
        if let Some(link) = self.sync_link()? {
            return Err(StoreError::Conflict(format!(
                "This computer is joining {}; wait for its records to arrive, then log in",
                link.org_name
            )));
        }
        let password_hash = hash_password(&setup.admin.password)?;
        let id = UserId::new();
        let mut tx = self.write()?;
        tx.sql()
            .prepare_cached("UPDATE local_site SET clinic_name = ?1, site_name = ?2, site_code = ?3 WHERE singleton = 1")?
            .execute(params![setup.clinic_name, setup.site_name, setup.site_code])?;
        insert_user(&mut tx, &id, &setup.admin, &password_hash, false)?;
        let actor = Actor { user_id: id, username: setup.admin.username.clone(), role: Role::Admin };
        tx.audit(&AuditRecord::new(Some(&actor), AuditAction::ClinicSetUp).detail(format!("site code {}", setup.site_code)))?;
        tx.audit(&AuditRecord::new(Some(&actor), AuditAction::UserCreated).entity(TABLE, id).detail("first admin"))?;
        tx.commit()?;
        self.reload_site()?;
        self.get_user(&id)
    }

    /// Creates an account. The password is the admin's temporary one: the user must change it
    /// at their first login.
    pub fn create_user(&mut self, actor: &Actor, user: &NewUser) -> Result<User, StoreError> {
        if self.find_username(&user.username)?.is_some() {
            return Err(StoreError::field("username", "This username is taken; choose another"));
        }
        let password_hash = hash_password(&user.password)?;
        let id = UserId::new();
        let mut tx = self.write()?;
        insert_user(&mut tx, &id, user, &password_hash, true)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::UserCreated)
                .entity(TABLE, id)
                .detail(format!("role {}", user.role.code())),
        )?;
        tx.commit()?;
        self.get_user(&id)
    }

    /// Changes an account's name and role.
    pub fn update_user(&mut self, actor: &Actor, id: &UserId, display_name: &str, role: Role) -> Result<User, StoreError> {
        let current = self.get_user(id)?;
        if current.role == Role::Admin && role != Role::Admin && current.status == UserStatus::Active {
            self.ensure_another_admin(id)?;
        }
        let mut changes = Vec::new();
        if current.display_name != display_name {
            changes.push(("display_name", Some(display_name.to_string())));
        }
        if current.role != role {
            changes.push(("role", Some(role.code().to_string())));
        }
        if changes.is_empty() {
            return Ok(current);
        }
        let detail =
            if current.role != role { format!("role {} to {}", current.role.code(), role.code()) } else { "name".into() };
        let mut tx = self.write()?;
        tx.update(TABLE, id, &changes)?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::UserUpdated).entity(TABLE, id).detail(detail))?;
        tx.commit()?;
        self.get_user(id)
    }

    /// Disables or re-enables an account. Nobody disables themselves, and the last active admin
    /// stays, so the clinic is never left without a manager.
    pub fn set_user_status(&mut self, actor: &Actor, id: &UserId, status: UserStatus) -> Result<User, StoreError> {
        let current = self.get_user(id)?;
        if current.status == status {
            return Ok(current);
        }
        if status == UserStatus::Disabled {
            if current.id == actor.user_id {
                return Err(StoreError::Conflict("You cannot disable your own account".into()));
            }
            if current.role == Role::Admin {
                self.ensure_another_admin(id)?;
            }
        }
        let action = if status == UserStatus::Disabled { AuditAction::UserDisabled } else { AuditAction::UserEnabled };
        let mut changes = vec![("status", Some(status.code().to_string()))];
        // A re-enable names the disables it lifts: a disable made at another site that this one
        // has not seen yet still wins when the two meet (docs/decisions.md §5).
        if status == UserStatus::Active {
            let lifted = crate::sync::derived::known_disables(&self.conn, &id.to_string())?;
            changes.push(("status_lifts", Some(clinic_core::sync::lifts_text(&lifted))));
        }
        let mut tx = self.write()?;
        tx.update(TABLE, id, &changes)?;
        tx.audit(&AuditRecord::new(Some(actor), action).entity(TABLE, id))?;
        tx.commit()?;
        self.get_user(id)
    }

    /// Sets a temporary password that the user must change at their next login; clears any
    /// lockout and ends the user's sessions (their password-changed time moves).
    pub fn reset_password(&mut self, actor: &Actor, id: &UserId, temporary: &str) -> Result<User, StoreError> {
        let current = self.get_user(id)?;
        validate_new_password("password", temporary, &current.username)?;
        let password_hash = hash_password(temporary)?;
        let mut tx = self.write()?;
        let now = Some(tx.now().to_string());
        tx.update(
            TABLE,
            id,
            &[("password_hash", Some(password_hash)), ("must_change_password", flag(true)), ("password_changed_at", now)],
        )?;
        clear_throttle(tx.sql(), &login_key(&current.username))?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::PasswordReset).entity(TABLE, id))?;
        tx.commit()?;
        self.get_user(id)
    }

    /// A user changes their own password: the current one must be right, the new one must pass
    /// the policy and differ from it.
    pub fn change_own_password(
        &mut self,
        actor: &Actor,
        current_password: &str,
        new_password: &str,
        now: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let id = actor.user_id;
        let creds = self.credentials_by_id(&id)?;
        if verify_password(current_password, &creds.password_hash) == PasswordCheck::Wrong {
            self.record_failed_attempt(
                Some(actor),
                &creds.user.username,
                AuditAction::LoginFailed,
                now,
                "wrong current password when changing it",
            )?;
            return Err(StoreError::field("currentPassword", "The current password is not right"));
        }
        validate_new_password("newPassword", new_password, &creds.user.username)?;
        if current_password == new_password {
            return Err(StoreError::field("newPassword", "Choose a password different from the current one"));
        }
        let password_hash = hash_password(new_password)?;
        let mut tx = self.write()?;
        let changed_at = Some(tx.now().to_string());
        tx.update(
            TABLE,
            id,
            &[("password_hash", Some(password_hash)), ("must_change_password", flag(false)), ("password_changed_at", changed_at)],
        )?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::PasswordChanged).entity(TABLE, id))?;
        tx.commit()?;
        self.get_user(&id)
    }

    /// One account.
    pub fn get_user(&self, id: &UserId) -> Result<User, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?1"))?
            .query_row([id], user_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("user", id))?
    }

    /// Every account, active first, then by name.
    pub fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM app_user WHERE deleted_at IS NULL ORDER BY status, display_name COLLATE NOCASE, username"
            ))?
            .query_map([], user_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        Ok(rows)
    }

    /// When the account's password was last set: a session from before then has ended.
    pub fn password_changed_at(&self, id: &UserId) -> Result<String, StoreError> {
        Ok(self.credentials_by_id(id)?.password_changed_at)
    }

    pub(crate) fn credentials_by_username(&self, username: &str) -> Result<Option<Credentials>, StoreError> {
        let name = username.trim().to_lowercase();
        self.conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, password_hash, password_changed_at FROM app_user WHERE username = ?1 AND deleted_at IS NULL"
            ))?
            .query_row([name], credentials_from_row)
            .optional()?
            .transpose()
    }

    fn credentials_by_id(&self, id: &UserId) -> Result<Credentials, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {USER_COLUMNS}, password_hash, password_changed_at FROM app_user WHERE id = ?1"))?
            .query_row([id], credentials_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("user", id))?
    }

    fn find_username(&self, username: &str) -> Result<Option<UserId>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM app_user WHERE username = ?1")?
            .query_row([username], |r| r.get(0))
            .optional()?)
    }

    fn ensure_another_admin(&self, except: &UserId) -> Result<(), StoreError> {
        let others: i64 = self.conn.query_row(
            "SELECT count(*) FROM app_user WHERE role = 'admin' AND status = 'active' AND deleted_at IS NULL AND id <> ?1",
            [except],
            |r| r.get(0),
        )?;
        if others == 0 {
            return Err(StoreError::Conflict("This is the only active admin; make another admin first".into()));
        }
        Ok(())
    }
}

fn credentials_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Credentials, StoreError>> {
    let user = match user_from_row(r)? {
        Ok(user) => user,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(Credentials { user, password_hash: r.get(7)?, password_changed_at: r.get(8)? }))
}

fn insert_user(
    tx: &mut crate::write::WriteTx<'_>,
    id: &UserId,
    user: &NewUser,
    password_hash: &str,
    must_change_password: bool,
) -> Result<(), StoreError> {
    let now = Some(tx.now().to_string());
    tx.insert(
        TABLE,
        id,
        &[
            ("username", Some(user.username.clone())),
            ("display_name", Some(user.display_name.clone())),
            ("role", Some(user.role.code().to_string())),
            ("status", Some(UserStatus::Active.code().to_string())),
            ("password_hash", Some(password_hash.to_string())),
            ("must_change_password", flag(must_change_password)),
            ("password_changed_at", now),
        ],
    )
}
