//! SQLite storage: the embedded default (`clinic-server serve` needs no set-up). One writer
//! connection and a few readers on a WAL database; every call runs on tokio's blocking pool.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use clinic_core::sync::RowChange;
use clinic_protocol::{ChangeResult, PulledChange, PushedChange, RowKey};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use super::{
    parse_hlc, version, Enrolment, Org, PullPage, Push, Site, SnapshotPage, Storage, StorageError, StoredField, SITE_COLUMNS,
};
use crate::push::{self, Known};

mod snapshot;

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

const READERS: usize = 4;

/// A SQLite file holding the server's data.
#[derive(Clone)]
pub struct SqliteStorage {
    inner: Arc<Inner>,
}

struct Inner {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

fn db(e: rusqlite::Error) -> StorageError {
    StorageError::Database(e.to_string())
}

fn open_connection(path: &Path) -> Result<Connection, StorageError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(db)?;
    // A 64 MiB page cache per connection (SQLite's default is 2 MiB): a push reads and writes
    // many rows' state and index pages.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -65536;",
    )
    .map_err(db)?;
    Ok(conn)
}

impl SqliteStorage {
    /// Opens (or makes) the database file at `path`, bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StorageError::Database(format!("cannot make the folder {}: {e}", parent.display())))?;
        }
        let mut writer = open_connection(path)?;
        embedded::migrations::runner().run(&mut writer).map_err(|e| StorageError::Migration(e.to_string()))?;
        writer
            .execute(
                "INSERT OR IGNORE INTO server_meta (singleton, epoch, created_at) VALUES (1, ?1, ?2)",
                params![clinic_core::new_id().to_string(), super::now_text()],
            )
            .map_err(db)?;
        let readers = (0..READERS).map(|_| open_connection(path).map(Mutex::new)).collect::<Result<_, _>>()?;
        Ok(SqliteStorage { inner: Arc::new(Inner { writer: Mutex::new(writer), readers, next_reader: AtomicUsize::new(0) }) })
    }

    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, StorageError> {
        let inner = self.inner.clone();
        blocking(move || {
            let mut conn = inner.writer.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
    }

    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, StorageError> {
        let inner = self.inner.clone();
        blocking(move || {
            let i = inner.next_reader.fetch_add(1, Ordering::Relaxed) % inner.readers.len();
            let mut conn = inner.readers[i].lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, StorageError> + Send + 'static) -> Result<T, StorageError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| StorageError::Database(format!("a database task stopped: {e}")))?
}

fn site_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Site> {
    Ok(Site {
        site_id: r.get(0)?,
        org_id: r.get(1)?,
        code: r.get(2)?,
        name: r.get(3)?,
        install_id: r.get(4)?,
        enrolled_at: r.get(5)?,
        last_seen_at: r.get(6)?,
        revoked_at: r.get(7)?,
        last_local_seq: r.get(8)?,
    })
}

fn org_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Org> {
    Ok(Org { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)? })
}

/// Reads what a batch touches, inside the push transaction.
fn read_known(tx: &Transaction<'_>, org: &str, needs: &push::Needs) -> Result<Known, StorageError> {
    let mut known = Known::default();
    let mut exists = tx.prepare_cached("SELECT 1 FROM change WHERE org_id = ?1 AND change_id = ?2").map_err(db)?;
    for id in &needs.change_ids {
        if exists.query_row(params![org, id], |_| Ok(())).optional().map_err(db)?.is_some() {
            known.existing.insert(id.clone());
        }
    }
    let mut state = tx
        .prepare_cached("SELECT fields, versions FROM row_state WHERE org_id = ?1 AND entity = ?2 AND entity_id = ?3")
        .map_err(db)?;
    for key in &needs.rows {
        let row = state
            .query_row(params![org, key.0, key.1], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .optional()
            .map_err(db)?;
        if let Some((fields, versions)) = row {
            known.rows.insert(key.clone(), super::parse_row(&fields, &versions)?);
        }
    }
    let mut holder = tx
        .prepare_cached("SELECT entity_id FROM unique_value WHERE org_id = ?1 AND entity = ?2 AND field = ?3 AND value = ?4")
        .map_err(db)?;
    for key in &needs.unique {
        if let Some(id) = holder.query_row(params![org, key.0, key.1, key.2], |r| r.get(0)).optional().map_err(db)? {
            known.holders.insert(key.clone(), id);
        }
    }
    known.has_accounts = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM row_state WHERE org_id = ?1 AND entity = 'app_user')")
        .map_err(db)?
        .query_row([org], |r| r.get(0))
        .map_err(db)?;
    let mut statuses = tx
        .prepare_cached("SELECT fields, hlc, site_id FROM change WHERE org_id = ?1 AND entity = 'app_user' AND entity_id = ?2")
        .map_err(db)?;
    for user in &needs.users {
        let rows: Vec<(String, String, String)> = statuses
            .query_map(params![org, user], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(db)?
            .collect::<Result<_, _>>()
            .map_err(db)?;
        let mut history = Vec::new();
        for (fields, hlc, site) in rows {
            history.extend(super::status_changes(&super::parse_fields(&fields)?, &version(&hlc, site)?));
        }
        known.statuses.insert(user.clone(), history);
    }
    Ok(known)
}

fn push_blocking(
    conn: &mut Connection,
    site_id: &str,
    changes: &[PushedChange],
    now: &str,
) -> Result<Vec<ChangeResult>, StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
    // The site as it is now, inside the transaction: its last position may have moved.
    let site = tx.query_row(&format!("SELECT {SITE_COLUMNS} FROM site WHERE id = ?1"), [site_id], site_from_row).map_err(db)?;
    let known = read_known(&tx, &site.org_id, &push::needs(changes))?;
    let plan = push::plan(&site, changes, known, super::now_ms())?;
    let last_seq: i64 =
        tx.query_row("SELECT last_seq FROM organisation WHERE id = ?1", [&site.org_id], |r| r.get(0)).map_err(db)?;
    {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO change (org_id, seq, change_id, entity, entity_id, fields, hlc, site_id, actor, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .map_err(db)?;
        for (i, pushed) in plan.accepted.iter().enumerate() {
            let c = &pushed.change;
            insert
                .execute(params![
                    site.org_id,
                    last_seq + 1 + i as i64,
                    c.change_id,
                    c.entity,
                    c.entity_id,
                    super::fields_json(&c.fields),
                    c.hlc.to_string(),
                    c.site_id,
                    c.actor,
                    now
                ])
                .map_err(db)?;
        }
        let mut upsert = tx
            .prepare_cached(
                "INSERT INTO row_state (org_id, entity, entity_id, fields, versions) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (org_id, entity, entity_id) DO UPDATE SET fields = excluded.fields, versions = excluded.versions",
            )
            .map_err(db)?;
        for ((entity, id), row) in &plan.rows {
            upsert
                .execute(params![site.org_id, entity, id, super::fields_json(&row.fields), super::versions_json(&row.versions)])
                .map_err(db)?;
        }
        let mut claim = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO unique_value (org_id, entity, field, value, entity_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(db)?;
        for ((entity, field, value), id) in &plan.claims {
            claim.execute(params![site.org_id, entity, field, value, id]).map_err(db)?;
        }
    }
    tx.execute(
        "UPDATE organisation SET last_seq = ?2 WHERE id = ?1",
        params![site.org_id, last_seq + plan.accepted.len() as i64],
    )
    .map_err(db)?;
    tx.execute(
        "UPDATE site SET last_local_seq = ?2, last_seen_at = ?3 WHERE id = ?1",
        params![site.site_id, plan.last_local_seq, now],
    )
    .map_err(db)?;
    tx.commit().map_err(db)?;
    Ok(plan.results)
}

fn pull_blocking(conn: &mut Connection, org: &str, except: &str, after: i64, limit: u32) -> Result<PullPage, StorageError> {
    // One read transaction: the head and the page come from the same snapshot.
    let tx = conn.transaction().map_err(db)?;
    let head: i64 =
        tx.query_row("SELECT last_seq FROM organisation WHERE id = ?1", [org], |r| r.get(0)).optional().map_err(db)?.unwrap_or(0);
    let fetched: Vec<PulledChange> = tx
        .prepare_cached(
            "SELECT seq, change_id, entity, entity_id, fields, hlc, site_id, actor FROM change
             WHERE org_id = ?1 AND seq > ?2 AND site_id <> ?3 ORDER BY seq LIMIT ?4",
        )
        .map_err(db)?
        .query_map(params![org, after, except, i64::from(limit.max(1)) + 1], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?, r.get(6)?, r.get(7)?))
        })
        .map_err(db)?
        .map(|row| {
            let (seq, change_id, entity, entity_id, fields, hlc, site_id, actor) = row.map_err(db)?;
            let change = RowChange {
                change_id,
                entity,
                entity_id,
                fields: super::parse_fields(&fields)?,
                hlc: parse_hlc(&hlc)?,
                site_id,
                actor,
            };
            Ok(PulledChange { seq, change })
        })
        .collect::<Result<_, StorageError>>()?;
    Ok(super::cut_page(fetched, limit, head))
}

impl Storage for SqliteStorage {
    async fn epoch(&self) -> Result<String, StorageError> {
        self.read(|c| c.query_row("SELECT epoch FROM server_meta", [], |r| r.get(0)).map_err(db)).await
    }

    async fn rotate_epoch(&self) -> Result<String, StorageError> {
        self.write(|c| {
            let epoch = clinic_core::new_id().to_string();
            c.execute("UPDATE server_meta SET epoch = ?1", [&epoch]).map_err(db)?;
            Ok(epoch)
        })
        .await
    }

    async fn ready(&self) -> Result<(), StorageError> {
        self.read(|c| c.query_row("SELECT count(*) FROM server_meta", [], |r| r.get::<_, i64>(0)).map(|_| ()).map_err(db)).await
    }

    async fn create_org(&self, name: &str, now: &str) -> Result<Org, StorageError> {
        let org = Org { id: clinic_core::new_id().to_string(), name: name.to_string(), created_at: now.to_string() };
        let row = org.clone();
        self.write(move |c| {
            c.execute(
                "INSERT INTO organisation (id, name, created_at) VALUES (?1, ?2, ?3)",
                params![row.id, row.name, row.created_at],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    StorageError::Duplicate(format!("an organisation called {} exists already", row.name))
                }
                _ => db(e),
            })?;
            Ok(())
        })
        .await?;
        Ok(org)
    }

    async fn find_org(&self, id_or_name: &str) -> Result<Option<Org>, StorageError> {
        let key = id_or_name.to_string();
        self.read(move |c| {
            c.query_row("SELECT id, name, created_at FROM organisation WHERE id = ?1 OR name = ?1", [key], org_from_row)
                .optional()
                .map_err(db)
        })
        .await
    }

    async fn list_orgs(&self) -> Result<Vec<Org>, StorageError> {
        self.read(|c| {
            c.prepare("SELECT id, name, created_at FROM organisation ORDER BY name")
                .and_then(|mut s| s.query_map([], org_from_row)?.collect())
                .map_err(db)
        })
        .await
    }

    async fn add_enrolment_code(
        &self,
        org_id: &str,
        code_hash: &str,
        for_site: Option<&str>,
        now: &str,
        expires_at: &str,
    ) -> Result<(), StorageError> {
        let values = [org_id, code_hash, now, expires_at].map(str::to_string);
        let for_site = for_site.map(str::to_string);
        self.write(move |c| {
            c.execute(
                "INSERT INTO enrolment_code (org_id, code_hash, created_at, expires_at, for_site) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![values[0], values[1], values[2], values[3], for_site],
            )
            .map(|_| ())
            .map_err(db)
        })
        .await
    }

    async fn enrol(&self, enrolment: &Enrolment) -> Result<Org, StorageError> {
        let e = enrolment.clone();
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
            let code: Option<(String, String, Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT org_id, expires_at, used_at, for_site FROM enrolment_code WHERE code_hash = ?1",
                    [&e.code_hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(db)?;
            let code = code.as_ref().map(|(org_id, expires_at, used, for_site)| super::StoredCode {
                org_id,
                expires_at,
                used: used.is_some(),
                for_site: for_site.as_deref(),
            });
            let org_id = super::check_enrolment_code(code.as_ref(), &e.now)?.to_string();
            let existing: Option<(String, Option<String>)> = tx
                .query_row("SELECT org_id, revoked_at FROM site WHERE id = ?1", [&e.site_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
                .map_err(db)?;
            if let Some(code) = &code {
                super::check_site_can_enrol(existing.as_ref().map(|(o, r)| (o.as_str(), r.is_some())), code, &e.site_id)?;
            }
            let holder: Option<String> = tx
                .query_row("SELECT id FROM site WHERE org_id = ?1 AND code = ?2 AND id <> ?3", params![org_id, e.site_code, e.site_id], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(db)?;
            if holder.is_some() {
                return Err(StorageError::SiteCodeTaken { code: e.site_code.clone() });
            }
            tx.execute(
                "INSERT INTO site (id, org_id, code, name, install_id, token_hash, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, install_id = excluded.install_id,
                 token_hash = excluded.token_hash, enrolled_at = excluded.enrolled_at",
                params![e.site_id, org_id, e.site_code, e.site_name, e.install_id, e.token_hash, e.now],
            )
            .map_err(db)?;
            tx.execute("UPDATE enrolment_code SET used_at = ?2, used_by_site = ?3 WHERE code_hash = ?1", params![e.code_hash, e.now, e.site_id])
                .map_err(db)?;
            let org = tx.query_row("SELECT id, name, created_at FROM organisation WHERE id = ?1", [&org_id], org_from_row).map_err(db)?;
            tx.commit().map_err(db)?;
            Ok(org)
        })
        .await
    }

    async fn site_by_token(&self, token_hash: &str) -> Result<Option<Site>, StorageError> {
        let hash = token_hash.to_string();
        self.read(move |c| {
            c.query_row(&format!("SELECT {SITE_COLUMNS} FROM site WHERE token_hash = ?1"), [hash], site_from_row)
                .optional()
                .map_err(db)
        })
        .await
    }

    async fn list_sites(&self, org_id: &str) -> Result<Vec<Site>, StorageError> {
        let org = org_id.to_string();
        self.read(move |c| {
            c.prepare(&format!("SELECT {SITE_COLUMNS} FROM site WHERE org_id = ?1 ORDER BY code"))
                .and_then(|mut s| s.query_map([org], site_from_row)?.collect())
                .map_err(db)
        })
        .await
    }

    async fn revoke_site(&self, org_id: &str, id_or_code: &str, now: &str) -> Result<Site, StorageError> {
        let (org, key, now) = (org_id.to_string(), id_or_code.to_string(), now.to_string());
        self.write(move |c| {
            c.query_row(
                &format!(
                    "UPDATE site SET revoked_at = coalesce(revoked_at, ?3) WHERE org_id = ?1 AND (id = ?2 OR code = ?2)
                     RETURNING {SITE_COLUMNS}"
                ),
                params![org, key, now],
                site_from_row,
            )
            .optional()
            .map_err(db)?
            .ok_or_else(|| StorageError::NotFound(format!("this organisation has no site {key}")))
        })
        .await
    }

    async fn push(&self, push: Push<'_>) -> Result<Vec<ChangeResult>, StorageError> {
        let (site_id, changes, now) = (push.site.site_id.clone(), push.changes, push.now.to_string());
        self.write(move |c| push_blocking(c, &site_id, &changes, &now)).await
    }

    async fn pull(&self, org_id: &str, except_site: &str, after: i64, limit: u32) -> Result<PullPage, StorageError> {
        let (org, except) = (org_id.to_string(), except_site.to_string());
        self.read(move |c| pull_blocking(c, &org, &except, after, limit)).await
    }

    async fn snapshot(
        &self,
        org_id: &str,
        after: Option<&RowKey>,
        limit: u32,
        count: bool,
    ) -> Result<SnapshotPage, StorageError> {
        let (org, after) = (org_id.to_string(), after.cloned());
        self.read(move |c| snapshot::page(c, &org, after.as_ref(), limit, count)).await
    }

    async fn field_states(&self, org_id: &str) -> Result<Vec<StoredField>, StorageError> {
        let org = org_id.to_string();
        self.read(move |c| {
            let mut stmt = c
                .prepare("SELECT entity, entity_id, fields, versions FROM row_state WHERE org_id = ?1 ORDER BY entity, entity_id")
                .map_err(db)?;
            let rows = stmt
                .query_map([org], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
                })
                .map_err(db)?;
            let mut fields = Vec::new();
            for row in rows {
                let (entity, id, row_fields, versions) = row.map_err(db)?;
                fields.extend(super::row_fields(&entity, &id, super::parse_row(&row_fields, &versions)?));
            }
            Ok(fields)
        })
        .await
    }

    async fn count_changes(&self, org_id: &str) -> Result<i64, StorageError> {
        let org = org_id.to_string();
        self.read(move |c| c.query_row("SELECT count(*) FROM change WHERE org_id = ?1", [org], |r| r.get(0)).map_err(db)).await
    }
}
