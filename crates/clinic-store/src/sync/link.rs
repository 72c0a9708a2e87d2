//! This site's link to its server: enrolment, how far push and pull have reached, the last
//! outcome, the problems kept for admins, and the clinic's other sites.

use clinic_core::ids::SecurityAlertId;
use clinic_core::sync::{KnownSite, PullPosition};
use clinic_core::{Actor, AuditAction, AuditRecord, FieldError, ValidationErrors};
use rusqlite::{params, Connection, OptionalExtension};

use super::not_enrolled;
use crate::store::now_text;
use crate::{Store, StoreError};

/// What this site knows of its server link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncLink {
    pub server_url: String,
    /// SHA-256 of the pinned self-signed certificate, hex; `None` for a system-trusted one.
    pub cert_fingerprint: Option<String>,
    pub org_id: String,
    pub org_name: String,
    pub epoch: Option<String>,
    pub cursor: i64,
    /// When the first full pull finished; `None` while a joining site is still filling up.
    pub initialised_at: Option<String>,
    pub last_synced_at: Option<String>,
    pub last_error: Option<String>,
}

/// The server's answer to an enrolment, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub server_url: String,
    pub cert_fingerprint: Option<String>,
    pub org_id: String,
    pub org_name: String,
}

/// A change the server refused or this site could not store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncProblem {
    pub change_id: String,
    /// `push` (the server refused it) or `pull` (it could not be stored here).
    pub direction: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub reason: String,
    pub noticed_at: String,
}

/// Checks why an admin unlinks this site: said in words, for the admins who review the alert.
fn check_unlink_reason(reason: &str) -> Result<String, ValidationErrors> {
    const MIN_CHARS: usize = 10;
    const MAX_CHARS: usize = 500;
    let reason = reason.trim();
    let chars = reason.chars().count();
    let problem = if chars < MIN_CHARS {
        Some(format!("Say why this site stops syncing (at least {MIN_CHARS} characters)"))
    } else if chars > MAX_CHARS {
        Some(format!("Use at most {MAX_CHARS} characters"))
    } else if reason.chars().any(char::is_control) {
        Some("Remove the control characters from the reason".into())
    } else {
        None
    };
    match problem {
        Some(message) => Err(ValidationErrors(vec![FieldError { field: "reason".into(), message }])),
        None => Ok(reason.to_string()),
    }
}

pub(crate) fn pull_position(conn: &Connection) -> Result<Option<PullPosition>, StoreError> {
    Ok(conn
        .query_row("SELECT epoch, cursor FROM local_sync WHERE epoch IS NOT NULL", [], |r| {
            Ok(PullPosition { epoch: r.get(0)?, cursor: r.get(1)? })
        })
        .optional()?)
}

/// Moves the pull position; the caller's transaction commits it with the page it pulled.
pub(crate) fn set_pull_position(conn: &Connection, next: &PullPosition, server_head: i64) -> Result<(), StoreError> {
    let updated = conn
        .prepare_cached("UPDATE local_sync SET epoch = ?1, cursor = ?2, server_head = max(?3, ?2)")?
        .execute(params![next.epoch, next.cursor, server_head])?;
    if updated == 0 {
        return Err(not_enrolled());
    }
    Ok(())
}

/// A new server epoch: pull from the start (the caller queues again what this site made).
pub(crate) fn start_over(conn: &Connection, epoch: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE local_sync SET epoch = ?1, cursor = 0, server_head = 0", [epoch])?;
    Ok(())
}

impl Store {
    /// The server link, or `None` while this site works alone.
    pub fn sync_link(&self) -> Result<Option<SyncLink>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT server_url, cert_fingerprint, org_id, org_name, epoch, cursor, initialised_at, last_synced_at, last_error
                 FROM local_sync WHERE unlinked_at IS NULL",
                [],
                |r| {
                    Ok(SyncLink {
                        server_url: r.get(0)?,
                        cert_fingerprint: r.get(1)?,
                        org_id: r.get(2)?,
                        org_name: r.get(3)?,
                        epoch: r.get(4)?,
                        cursor: r.get(5)?,
                        initialised_at: r.get(6)?,
                        last_synced_at: r.get(7)?,
                        last_error: r.get(8)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records an enrolment. A site that enrols again (a revoked token replaced) pushes all of
    /// its changes again, which the server recognises, and pulls from the start. A site that
    /// `joining` an existing clinic counts as set up only once its first full pull is done.
    pub fn save_enrolment(&mut self, enrolment: &Enrolment, joining: bool) -> Result<(), StoreError> {
        let now = now_text();
        let initialised = (!joining).then(|| now.clone());
        let site_id = self.site().site_id.clone();
        let tx = self.conn.transaction()?;
        let enrolled_before: i64 = tx.query_row("SELECT count(*) FROM local_sync", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO local_sync (singleton, server_url, cert_fingerprint, org_id, org_name, enrolled_at, initialised_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (singleton) DO UPDATE SET server_url = excluded.server_url,
                cert_fingerprint = excluded.cert_fingerprint, org_id = excluded.org_id, org_name = excluded.org_name,
                enrolled_at = excluded.enrolled_at, initialised_at = coalesce(initialised_at, excluded.initialised_at),
                epoch = NULL, cursor = 0, server_head = 0, last_error = NULL, last_error_at = NULL, unlinked_at = NULL",
            params![enrolment.server_url, enrolment.cert_fingerprint, enrolment.org_id, enrolment.org_name, now, initialised],
        )?;
        // A first enrolment sends what waits in the outbox (everything made here so far); a
        // site enrolling again sends everything it made, which the server may not have.
        if enrolled_before > 0 {
            super::republish::republish(&tx, &site_id)?;
            super::join::forget(&tx)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// An admin stops this site syncing: the link is marked unlinked, and a security alert (kept
    /// with its audit event) tells the clinic's admins who did it and why, in one transaction.
    /// The caller forgets the site's token. Refused when this site is not linked.
    pub fn unlink_sync(&mut self, actor: &Actor, reason: &str) -> Result<SyncLink, StoreError> {
        let reason = check_unlink_reason(reason)?;
        let link = self.sync_link()?.ok_or_else(|| StoreError::Conflict("This site is not linked to a sync server".into()))?;
        let site = self.site();
        let detail =
            format!("unlinked {} ({}) from {} at {}: {reason}", site.site_name, site.site_code, link.org_name, link.server_url);
        let mut tx = self.write()?;
        let event = tx.audit(&AuditRecord::new(Some(actor), AuditAction::SiteUnlinked).detail(detail.clone()))?;
        let now = tx.now().to_string();
        tx.sql().prepare_cached("UPDATE local_sync SET unlinked_at = ?1")?.execute([&now])?;
        tx.insert(
            "security_alert",
            SecurityAlertId::new(),
            &[
                ("kind", Some("site_unlinked".to_string())),
                ("user_id", Some(actor.user_id.to_string())),
                ("username", Some(actor.username.clone())),
                ("reason", Some(detail)),
                ("audit_event_id", Some(event)),
                ("raised_at", Some(now)),
            ],
        )?;
        tx.commit()?;
        Ok(link)
    }

    /// Notes a finished sync: every page pulled, every change pushed.
    pub(crate) fn note_sync_succeeded(&mut self) -> Result<(), StoreError> {
        let now = now_text();
        self.conn.execute(
            "UPDATE local_sync SET last_synced_at = ?1, initialised_at = coalesce(initialised_at, ?1), last_error = NULL,
             last_error_at = NULL",
            [now],
        )?;
        Ok(())
    }

    /// Notes why the last sync failed, in words for the admin (no patient data).
    pub(crate) fn note_sync_failed(&mut self, message: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE local_sync SET last_error = ?1, last_error_at = ?2", params![message, now_text()])?;
        Ok(())
    }

    /// Changes the server refused and changes that could not be stored here, newest first.
    pub fn sync_problems(&self, limit: u32) -> Result<Vec<SyncProblem>, StoreError> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT change_id, direction, entity, entity_id, field, reason, noticed_at FROM local_sync_problem
                 ORDER BY noticed_at DESC, change_id LIMIT ?1",
            )?
            .query_map([limit], |r| {
                Ok(SyncProblem {
                    change_id: r.get(0)?,
                    direction: r.get(1)?,
                    entity: r.get(2)?,
                    entity_id: r.get(3)?,
                    field: r.get(4)?,
                    reason: r.get(5)?,
                    noticed_at: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// How many problems are kept.
    pub fn count_sync_problems(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM local_sync_problem", [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// Replaces the list of the clinic's sites with the server's.
    pub(crate) fn save_known_sites(&mut self, sites: &[KnownSite]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM local_known_site", [])?;
        for site in sites {
            tx.prepare_cached("INSERT OR REPLACE INTO local_known_site (site_id, site_code, site_name) VALUES (?1, ?2, ?3)")?
                .execute(params![site.site_id, site.site_code, site.site_name])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Names the clinic and this site for a new site that joins an existing clinic from its
    /// server (its accounts and records then arrive by sync). Refused once anything is stored.
    pub fn join_clinic(&mut self, setup: &crate::SiteSetup) -> Result<(), StoreError> {
        if self.count_users()? > 0 || self.count_active_patients()? > 0 {
            return Err(StoreError::Conflict(
                "This computer already holds a clinic; only a new, empty installation can join one".into(),
            ));
        }
        self.conn.execute(
            "UPDATE local_site SET clinic_name = ?1, site_name = ?2, site_code = ?3 WHERE singleton = 1",
            params![setup.clinic_name, setup.site_name, setup.site_code],
        )?;
        self.reload_site()
    }

    /// This installation's id (made at first run, kept in the OS keychain as well).
    pub fn install_id(&self) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT install_id FROM local_site", [], |r| r.get(0))?)
    }

    /// Records this installation's id, once: a database that has one keeps it.
    pub fn adopt_install_id(&mut self, install_id: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE local_site SET install_id = ?1 WHERE install_id IS NULL", [install_id])?;
        Ok(())
    }
}
