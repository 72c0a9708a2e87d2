//! PostgreSQL storage, for a clinic group that outgrows one machine: the server keeps no state
//! of its own, so several can run behind a load balancer on one database. A push locks its
//! organisation's row, so sequence numbers are committed in order and a pull never skips one.

use clinic_core::sync::RowChange;
use clinic_protocol::{ChangeResult, PulledChange, RowKey};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::{IsolationLevel, Row};

use super::{
    parse_hlc, version, Enrolment, Org, PullPage, Push, Site, SnapshotPage, Storage, StorageError, StoredField, SITE_COLUMNS,
};
use crate::push::{self, Known};

mod snapshot;
mod write;

use write::{insert_changes, upsert_rows};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// A PostgreSQL database holding the server's data.
#[derive(Clone)]
pub struct PostgresStorage {
    pool: Pool,
}

/// A database error in words that carry no row values (PostgreSQL's detail line can).
fn db(e: tokio_postgres::Error) -> StorageError {
    match e.as_db_error() {
        Some(d) => StorageError::Database(format!("{} (SQLSTATE {})", d.message(), d.code().code())),
        None => {
            // tokio-postgres names only the step ("error performing TLS handshake"): the causes
            // say what to fix (an unknown issuer, a certificate for another name).
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !message.contains(&cause_text) {
                    message = format!("{message}: {cause_text}");
                }
                source = cause.source();
            }
            StorageError::Database(message)
        }
    }
}

fn pool_error(e: deadpool_postgres::PoolError) -> StorageError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => db(e),
        other => StorageError::Database(format!("no database connection: {other}")),
    }
}

fn is_unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION)
}

impl PostgresStorage {
    /// Connects to `url` (`postgres://user:password@host:port/database`), over TLS unless
    /// `sslmode=disable` (this machine only), bringing its schema up to date. A `search_path` in
    /// the URL's `options` selects a schema.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let address = super::postgres_address::parse(url)?;
        let manager =
            Manager::from_config(address.config, address.tls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(16)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(std::time::Duration::from_secs(10)))
            .create_timeout(Some(std::time::Duration::from_secs(10)))
            .build()
            .map_err(|e| StorageError::Database(e.to_string()))?;
        let mut client = pool.get().await.map_err(pool_error)?;
        embedded::migrations::runner().run_async(&mut **client).await.map_err(|e| StorageError::Migration(e.to_string()))?;
        client
            .execute(
                "INSERT INTO server_meta (singleton, epoch, created_at) VALUES (1, $1, $2) ON CONFLICT (singleton) DO NOTHING",
                &[&clinic_core::new_id().to_string(), &super::now_text()],
            )
            .await
            .map_err(db)?;
        Ok(PostgresStorage { pool })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StorageError> {
        self.pool.get().await.map_err(pool_error)
    }
}

/// Makes a new, empty schema named `prefix` and a new id in the database at `url`, and returns
/// `url` with connections set to use it (tests and the benchmark: runs never meet).
pub async fn fresh_schema_url(url: &str, prefix: &str) -> Result<String, StorageError> {
    let address = super::postgres_address::parse(url)?;
    let (client, connection) = address.config.connect(address.tls).await.map_err(db)?;
    tokio::spawn(connection);
    let schema = format!("{prefix}{}", clinic_core::new_id().simple());
    client.batch_execute(&format!("CREATE SCHEMA {schema}")).await.map_err(db)?;
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{separator}options=-csearch_path%3D{schema}"))
}

fn site_from_row(r: &Row) -> Site {
    Site {
        site_id: r.get(0),
        org_id: r.get(1),
        code: r.get(2),
        name: r.get(3),
        install_id: r.get(4),
        enrolled_at: r.get(5),
        last_seen_at: r.get(6),
        revoked_at: r.get(7),
        last_local_seq: r.get(8),
    }
}

fn org_from_row(r: &Row) -> Org {
    Org { id: r.get(0), name: r.get(1), created_at: r.get(2) }
}

/// Reads what a batch touches, a handful of queries whatever its size.
async fn read_known(tx: &impl GenericClient, org: &str, needs: &push::Needs) -> Result<Known, StorageError> {
    let mut known = Known::default();
    for row in tx
        .query("SELECT change_id FROM change WHERE org_id = $1 AND change_id = ANY($2)", &[&org, &needs.change_ids])
        .await
        .map_err(db)?
    {
        known.existing.insert(row.get(0));
    }
    let (entities, ids): (Vec<&str>, Vec<&str>) = needs.rows.iter().map(|(e, i)| (e.as_str(), i.as_str())).unzip();
    for row in tx
        .query(
            // LATERAL, so each key is one primary-key lookup.
            "SELECT s.entity, s.entity_id, s.fields, s.versions
             FROM UNNEST($2::text[], $3::text[]) AS k (entity, entity_id)
             JOIN LATERAL (SELECT * FROM row_state r WHERE r.org_id = $1 AND r.entity = k.entity
                           AND r.entity_id = k.entity_id) s ON true",
            &[&org, &entities, &ids],
        )
        .await
        .map_err(db)?
    {
        let (fields, versions): (&str, &str) = (row.get(2), row.get(3));
        known.rows.insert((row.get(0), row.get(1)), super::parse_row(fields, versions)?);
    }
    let (entities, fields, values) = unzip3(&needs.unique);
    for row in tx
        .query(
            "SELECT u.entity, u.field, u.value, u.entity_id
             FROM UNNEST($2::text[], $3::text[], $4::text[]) AS k (entity, field, value)
             JOIN LATERAL (SELECT * FROM unique_value v WHERE v.org_id = $1 AND v.entity = k.entity
                           AND v.field = k.field AND v.value = k.value) u ON true",
            &[&org, &entities, &fields, &values],
        )
        .await
        .map_err(db)?
    {
        known.holders.insert((row.get(0), row.get(1), row.get(2)), row.get(3));
    }
    known.has_accounts = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM row_state WHERE org_id = $1 AND entity = 'app_user')", &[&org])
        .await
        .map_err(db)?
        .get(0);
    if !needs.users.is_empty() {
        // A user with no recorded status yet gets no entry: the plan reads that as no history.
        for row in tx
            .query(
                "SELECT entity_id, fields, hlc, site_id FROM change WHERE org_id = $1 AND entity = 'app_user' AND entity_id = ANY($2)",
                &[&org, &needs.users],
            )
            .await
            .map_err(db)?
        {
            let (fields, hlc): (&str, &str) = (row.get(1), row.get(2));
            let changes = super::status_changes(&super::parse_fields(fields)?, &version(hlc, row.get(3))?);
            if !changes.is_empty() {
                known.statuses.entry(row.get(0)).or_default().extend(changes);
            }
        }
    }
    Ok(known)
}

/// The three columns of `(String, String, String)` keys, borrowed.
fn unzip3<'a>(
    keys: impl IntoIterator<Item = &'a (String, String, String), IntoIter: ExactSizeIterator>,
) -> (Vec<&'a str>, Vec<&'a str>, Vec<&'a str>) {
    let keys = keys.into_iter();
    let mut out = (Vec::with_capacity(keys.len()), Vec::with_capacity(keys.len()), Vec::with_capacity(keys.len()));
    for (a, b, c) in keys {
        out.0.push(a.as_str());
        out.1.push(b.as_str());
        out.2.push(c.as_str());
    }
    out
}

impl Storage for PostgresStorage {
    async fn epoch(&self) -> Result<String, StorageError> {
        Ok(self.client().await?.query_one("SELECT epoch FROM server_meta", &[]).await.map_err(db)?.get(0))
    }

    async fn rotate_epoch(&self) -> Result<String, StorageError> {
        let epoch = clinic_core::new_id().to_string();
        self.client().await?.execute("UPDATE server_meta SET epoch = $1", &[&epoch]).await.map_err(db)?;
        Ok(epoch)
    }

    async fn ready(&self) -> Result<(), StorageError> {
        self.client().await?.query_one("SELECT 1", &[]).await.map_err(db)?;
        Ok(())
    }

    async fn create_org(&self, name: &str, now: &str) -> Result<Org, StorageError> {
        let org = Org { id: clinic_core::new_id().to_string(), name: name.to_string(), created_at: now.to_string() };
        self.client()
            .await?
            .execute(
                "INSERT INTO organisation (id, name, created_at) VALUES ($1, $2, $3)",
                &[&org.id, &org.name, &org.created_at],
            )
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StorageError::Duplicate(format!("an organisation called {name} exists already"))
                } else {
                    db(e)
                }
            })?;
        Ok(org)
    }

    async fn find_org(&self, id_or_name: &str) -> Result<Option<Org>, StorageError> {
        let row = self
            .client()
            .await?
            .query_opt("SELECT id, name, created_at FROM organisation WHERE id = $1 OR name = $1", &[&id_or_name])
            .await
            .map_err(db)?;
        Ok(row.as_ref().map(org_from_row))
    }

    async fn list_orgs(&self) -> Result<Vec<Org>, StorageError> {
        let rows =
            self.client().await?.query("SELECT id, name, created_at FROM organisation ORDER BY name", &[]).await.map_err(db)?;
        Ok(rows.iter().map(org_from_row).collect())
    }

    async fn add_enrolment_code(
        &self,
        org_id: &str,
        code_hash: &str,
        for_site: Option<&str>,
        now: &str,
        expires_at: &str,
    ) -> Result<(), StorageError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO enrolment_code (org_id, code_hash, created_at, expires_at, for_site) VALUES ($1, $2, $3, $4, $5)",
                &[&org_id, &code_hash, &now, &expires_at, &for_site],
            )
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn enrol(&self, e: &Enrolment) -> Result<Org, StorageError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        let code = tx
            .query_opt(
                "SELECT org_id, expires_at, used_at, for_site FROM enrolment_code WHERE code_hash = $1 FOR UPDATE",
                &[&e.code_hash],
            )
            .await
            .map_err(db)?;
        let code = code.as_ref().map(|r| super::StoredCode {
            org_id: r.get(0),
            expires_at: r.get(1),
            used: r.get::<_, Option<&str>>(2).is_some(),
            for_site: r.get(3),
        });
        let org_id = super::check_enrolment_code(code.as_ref(), &e.now)?.to_string();
        let existing = tx.query_opt("SELECT org_id, revoked_at FROM site WHERE id = $1", &[&e.site_id]).await.map_err(db)?;
        let existing: Option<(String, bool)> = existing.map(|r| (r.get(0), r.get::<_, Option<String>>(1).is_some()));
        if let Some(code) = &code {
            super::check_site_can_enrol(existing.as_ref().map(|(o, revoked)| (o.as_str(), *revoked)), code, &e.site_id)?;
        }
        let holder = tx
            .query_opt("SELECT id FROM site WHERE org_id = $1 AND code = $2 AND id <> $3", &[&org_id, &e.site_code, &e.site_id])
            .await
            .map_err(db)?;
        if holder.is_some() {
            return Err(StorageError::SiteCodeTaken { code: e.site_code.clone() });
        }
        tx.execute(
            "INSERT INTO site (id, org_id, code, name, install_id, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, install_id = excluded.install_id,
             token_hash = excluded.token_hash, enrolled_at = excluded.enrolled_at",
            &[&e.site_id, &org_id, &e.site_code, &e.site_name, &e.install_id, &e.token_hash, &e.now],
        )
        .await
        .map_err(|err| {
            if is_unique_violation(&err) {
                StorageError::SiteCodeTaken { code: e.site_code.clone() }
            } else {
                db(err)
            }
        })?;
        tx.execute(
            "UPDATE enrolment_code SET used_at = $2, used_by_site = $3 WHERE code_hash = $1",
            &[&e.code_hash, &e.now, &e.site_id],
        )
        .await
        .map_err(db)?;
        let org = org_from_row(
            &tx.query_one("SELECT id, name, created_at FROM organisation WHERE id = $1", &[&org_id]).await.map_err(db)?,
        );
        tx.commit().await.map_err(db)?;
        Ok(org)
    }

    async fn site_by_token(&self, token_hash: &str) -> Result<Option<Site>, StorageError> {
        let row = self
            .client()
            .await?
            .query_opt(&format!("SELECT {SITE_COLUMNS} FROM site WHERE token_hash = $1"), &[&token_hash])
            .await
            .map_err(db)?;
        Ok(row.as_ref().map(site_from_row))
    }

    async fn list_sites(&self, org_id: &str) -> Result<Vec<Site>, StorageError> {
        let rows = self
            .client()
            .await?
            .query(&format!("SELECT {SITE_COLUMNS} FROM site WHERE org_id = $1 ORDER BY code"), &[&org_id])
            .await
            .map_err(db)?;
        Ok(rows.iter().map(site_from_row).collect())
    }

    async fn revoke_site(&self, org_id: &str, id_or_code: &str, now: &str) -> Result<Site, StorageError> {
        let row = self
            .client()
            .await?
            .query_opt(
                &format!(
                    "UPDATE site SET revoked_at = coalesce(revoked_at, $3) WHERE org_id = $1 AND (id = $2 OR code = $2)
                     RETURNING {SITE_COLUMNS}"
                ),
                &[&org_id, &id_or_code, &now],
            )
            .await
            .map_err(db)?;
        row.as_ref()
            .map(site_from_row)
            .ok_or_else(|| StorageError::NotFound(format!("this organisation has no site {id_or_code}")))
    }

    async fn push(&self, push: Push<'_>) -> Result<Vec<ChangeResult>, StorageError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        // The organisation's row is the lock that orders its pushes and their sequence numbers.
        let last_seq: i64 = tx
            .query_one("SELECT last_seq FROM organisation WHERE id = $1 FOR UPDATE", &[&push.site.org_id])
            .await
            .map_err(db)?
            .get(0);
        let site = site_from_row(
            &tx.query_one(&format!("SELECT {SITE_COLUMNS} FROM site WHERE id = $1"), &[&push.site.site_id]).await.map_err(db)?,
        );
        let known = read_known(&tx, &site.org_id, &push::needs(&push.changes)).await?;
        let plan = push::plan(&site, &push.changes, known, super::now_ms())?;
        insert_changes(&tx, &site.org_id, last_seq, &plan.accepted, push.now).await?;
        upsert_rows(&tx, &site.org_id, &plan.rows).await?;
        if !plan.claims.is_empty() {
            let (entities, fields, values) = unzip3(plan.claims.iter().map(|(k, _)| k));
            let holders: Vec<&str> = plan.claims.iter().map(|(_, id)| id.as_str()).collect();
            tx.execute(
                "INSERT INTO unique_value (org_id, entity, field, value, entity_id)
                 SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING",
                &[&site.org_id, &entities, &fields, &values, &holders],
            )
            .await
            .map_err(db)?;
        }
        tx.execute(
            "UPDATE organisation SET last_seq = $2 WHERE id = $1",
            &[&site.org_id, &(last_seq + plan.accepted.len() as i64)],
        )
        .await
        .map_err(db)?;
        tx.execute(
            "UPDATE site SET last_local_seq = $2, last_seen_at = $3 WHERE id = $1",
            &[&site.site_id, &plan.last_local_seq, &push.now],
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(plan.results)
    }

    async fn pull(&self, org_id: &str, except_site: &str, after: i64, limit: u32) -> Result<PullPage, StorageError> {
        let mut client = self.client().await?;
        let (tx, head) = read_with_head(&mut client, org_id).await?;
        let rows = tx
            .query(
                "SELECT seq, change_id, entity, entity_id, fields, hlc, site_id, actor FROM change
                 WHERE org_id = $1 AND seq > $2 AND site_id <> $3 ORDER BY seq LIMIT $4",
                &[&org_id, &after, &except_site, &(i64::from(limit.max(1)) + 1)],
            )
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        let fetched = rows
            .iter()
            .map(|r| {
                let (fields, hlc): (&str, &str) = (r.get(4), r.get(5));
                Ok(PulledChange {
                    seq: r.get(0),
                    change: RowChange {
                        change_id: r.get(1),
                        entity: r.get(2),
                        entity_id: r.get(3),
                        fields: super::parse_fields(fields)?,
                        hlc: parse_hlc(hlc)?,
                        site_id: r.get(6),
                        actor: r.get(7),
                    },
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(super::cut_page(fetched, limit, head))
    }

    async fn snapshot(
        &self,
        org_id: &str,
        after: Option<&RowKey>,
        limit: u32,
        count: bool,
    ) -> Result<SnapshotPage, StorageError> {
        self.snapshot_page(org_id, after, limit, count).await
    }

    async fn field_states(&self, org_id: &str) -> Result<Vec<StoredField>, StorageError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT entity, entity_id, fields, versions FROM row_state WHERE org_id = $1 ORDER BY entity, entity_id",
                &[&org_id],
            )
            .await
            .map_err(db)?;
        let mut fields = Vec::new();
        for r in &rows {
            let (entity, id, row_fields, versions): (&str, &str, &str, &str) = (r.get(0), r.get(1), r.get(2), r.get(3));
            fields.extend(super::row_fields(entity, id, super::parse_row(row_fields, versions)?));
        }
        Ok(fields)
    }

    async fn count_changes(&self, org_id: &str) -> Result<i64, StorageError> {
        Ok(self.client().await?.query_one("SELECT count(*) FROM change WHERE org_id = $1", &[&org_id]).await.map_err(db)?.get(0))
    }
}

/// Begins a read-only repeatable-read transaction and reads the organisation's head in it, so
/// the head and what is read after it come from one database snapshot.
pub(super) async fn read_with_head<'c>(
    client: &'c mut deadpool_postgres::Object,
    org: &str,
) -> Result<(deadpool_postgres::Transaction<'c>, i64), StorageError> {
    let tx =
        client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start().await.map_err(db)?;
    let head: i64 =
        tx.query_opt("SELECT last_seq FROM organisation WHERE id = $1", &[&org]).await.map_err(db)?.map_or(0, |r| r.get(0));
    Ok((tx, head))
}
