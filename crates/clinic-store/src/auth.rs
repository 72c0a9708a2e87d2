//! Logging in and unlocking: password checks with a per-username back-off, the same answer
//! and about the same time for an unknown user as for a wrong password, every attempt audited.

use chrono::{DateTime, Duration, Utc};
use clinic_core::password::{decoy_hash, hash_password, verify_password, PasswordCheck};
use clinic_core::{lockout_after, Actor, AuditAction, AuditRecord, User, UserStatus};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::store::instant_text;
use crate::{Store, StoreError};

/// The throttle's key for a typed username: a hash, so nothing typed (perhaps a password in the
/// wrong box) is kept, and unknown names are throttled like known ones.
pub(crate) fn login_key(username: &str) -> String {
    hex::encode(Sha256::digest(format!("login:{}", username.trim().to_lowercase())))
}

pub(crate) fn clear_throttle(tx: &Transaction<'_>, key: &str) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM local_login_throttle WHERE login_key = ?1")?.execute([key])?;
    Ok(())
}

/// Minutes left of a lockout, rounded up, at least one.
fn minutes_left(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let seconds = (until - now).num_seconds().max(1);
    (seconds + 59) / 60
}

fn actor_of(user: &User) -> Actor {
    Actor { user_id: user.id, username: user.username.clone(), role: user.role }
}

impl Store {
    /// Checks a username and password. On success returns the account (rehashing its password
    /// if it was hashed at older parameters); otherwise a failure that does not say whether the
    /// username exists. Every attempt writes an audit event.
    pub fn log_in(&mut self, username: &str, password: &str, now: DateTime<Utc>) -> Result<User, StoreError> {
        let user = self.check_password(username, password, now, AuditAction::LoginFailed)?;
        if user.status == UserStatus::Disabled {
            self.audit(&AuditRecord::new(Some(&actor_of(&user)), AuditAction::LoginFailed).detail("account disabled"))?;
            return Err(StoreError::AccountDisabled);
        }
        self.audit(&AuditRecord::new(Some(&actor_of(&user)), AuditAction::LoginSucceeded))?;
        Ok(user)
    }

    /// Checks the locked session's user's password to unlock the screen, with the same
    /// back-off as logging in.
    pub fn unlock(&mut self, actor: &Actor, password: &str, now: DateTime<Utc>) -> Result<User, StoreError> {
        let user = self.check_password(&actor.username, password, now, AuditAction::UnlockFailed)?;
        if user.status == UserStatus::Disabled {
            return Err(StoreError::AccountDisabled);
        }
        self.audit(&AuditRecord::new(Some(actor), AuditAction::SessionUnlocked))?;
        Ok(user)
    }

    fn check_password(
        &mut self,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
        failure: AuditAction,
    ) -> Result<User, StoreError> {
        let key = login_key(username);
        let locked_until: Option<String> = self
            .conn
            .prepare_cached("SELECT locked_until FROM local_login_throttle WHERE login_key = ?1")?
            .query_row([&key], |r| r.get(0))
            .optional()?
            .flatten();
        let creds = self.credentials_by_username(username)?;
        let actor = creds.as_ref().map(|c| actor_of(&c.user));
        if let Some(until) = locked_until.and_then(|u| DateTime::parse_from_rfc3339(&u).ok()).map(|u| u.with_timezone(&Utc)) {
            if until > now {
                self.audit(&AuditRecord::new(actor.as_ref(), failure).detail("refused: locked out"))?;
                return Err(StoreError::LockedOut { minutes: minutes_left(until, now) });
            }
        }
        // An unknown user is checked against a decoy hash of the same cost, so both fail alike.
        let stored = creds.as_ref().map_or(decoy_hash(), |c| c.password_hash.as_str());
        let check = verify_password(password, stored);
        let creds = match (creds, check) {
            (Some(creds), PasswordCheck::Right | PasswordCheck::RightButRehash) => creds,
            _ => {
                let locked = self.record_failed_attempt(actor.as_ref(), username, failure, now, "wrong username or password")?;
                return Err(match locked {
                    Some(minutes) => StoreError::LockedOut { minutes },
                    None => StoreError::InvalidCredentials,
                });
            }
        };
        let mut tx = self.write()?;
        clear_throttle(tx.sql(), &key)?;
        if check == PasswordCheck::RightButRehash {
            // Same password, stronger hash: password_changed_at stays, so sessions go on. The
            // user's own password write, so theirs to make (the server authorizes it as such).
            tx.note_actor(Some(creds.user.id.to_string()));
            tx.update("app_user", creds.user.id.to_string(), &[("password_hash", Some(hash_password(password)?))])?;
        }
        tx.commit()?;
        Ok(creds.user)
    }

    /// Counts a failed attempt for `username` and audits it; locks the name for a while once
    /// there have been too many. Returns the lockout's minutes when this attempt started one.
    pub(crate) fn record_failed_attempt(
        &mut self,
        actor: Option<&Actor>,
        username: &str,
        action: AuditAction,
        now: DateTime<Utc>,
        detail: &str,
    ) -> Result<Option<i64>, StoreError> {
        let key = login_key(username);
        let mut tx = self.write()?;
        let failures: u32 = tx
            .sql()
            .prepare_cached(
                "INSERT INTO local_login_throttle (login_key, failures) VALUES (?1, 1)
                 ON CONFLICT (login_key) DO UPDATE SET failures = failures + 1
                 RETURNING failures",
            )?
            .query_row([&key], |r| r.get(0))?;
        tx.audit(&AuditRecord::new(actor, action).detail(detail))?;
        let lockout = lockout_after(failures);
        if let Some(duration) = lockout {
            let until = now + duration;
            tx.sql()
                .prepare_cached("UPDATE local_login_throttle SET locked_until = ?2 WHERE login_key = ?1")?
                .execute(params![key, instant_text(until)])?;
            tx.audit(
                &AuditRecord::new(actor, AuditAction::AccountLockedOut)
                    .detail(format!("{failures} failed attempts; locked for {} minute(s)", duration.num_minutes())),
            )?;
        }
        tx.commit()?;
        Ok(lockout.map(|d: Duration| d.num_minutes()))
    }
}
