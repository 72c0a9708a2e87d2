//! Either storage, chosen when the program runs: the command line, the benchmark and the tests
//! open whichever [`Database`] they are given and use it through the one [`Storage`] trait.

use clinic_protocol::{ChangeResult, RowKey};

use super::postgres::PostgresStorage;
use super::sqlite::SqliteStorage;
use super::{Database, Enrolment, Org, PullPage, Push, Site, SnapshotPage, Storage, StorageError, StoredField};

/// A SQLite or a PostgreSQL storage; every call goes to the one it holds.
#[derive(Clone)]
pub enum AnyStorage {
    Sqlite(SqliteStorage),
    Postgres(PostgresStorage),
}

impl AnyStorage {
    /// Opens (or makes) the storage `database` names, bringing its schema up to date.
    pub async fn open(database: &Database) -> Result<AnyStorage, StorageError> {
        Ok(match database {
            Database::Sqlite(path) => AnyStorage::Sqlite(SqliteStorage::open(path)?),
            Database::Postgres(url) => AnyStorage::Postgres(PostgresStorage::connect(url).await?),
        })
    }
}

impl From<SqliteStorage> for AnyStorage {
    fn from(storage: SqliteStorage) -> Self {
        AnyStorage::Sqlite(storage)
    }
}

impl From<PostgresStorage> for AnyStorage {
    fn from(storage: PostgresStorage) -> Self {
        AnyStorage::Postgres(storage)
    }
}

/// `$call` on whichever storage `$self` holds, bound to `$s`.
macro_rules! delegate {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            AnyStorage::Sqlite($s) => $call.await,
            AnyStorage::Postgres($s) => $call.await,
        }
    };
}

impl Storage for AnyStorage {
    async fn epoch(&self) -> Result<String, StorageError> {
        delegate!(self, s => s.epoch())
    }

    async fn rotate_epoch(&self) -> Result<String, StorageError> {
        delegate!(self, s => s.rotate_epoch())
    }

    async fn ready(&self) -> Result<(), StorageError> {
        delegate!(self, s => s.ready())
    }

    async fn create_org(&self, name: &str, now: &str) -> Result<Org, StorageError> {
        delegate!(self, s => s.create_org(name, now))
    }

    async fn find_org(&self, id_or_name: &str) -> Result<Option<Org>, StorageError> {
        delegate!(self, s => s.find_org(id_or_name))
    }

    async fn list_orgs(&self) -> Result<Vec<Org>, StorageError> {
        delegate!(self, s => s.list_orgs())
    }

    async fn add_enrolment_code(
        &self,
        org_id: &str,
        code_hash: &str,
        for_site: Option<&str>,
        now: &str,
        expires_at: &str,
    ) -> Result<(), StorageError> {
        delegate!(self, s => s.add_enrolment_code(org_id, code_hash, for_site, now, expires_at))
    }

    async fn enrol(&self, enrolment: &Enrolment) -> Result<Org, StorageError> {
        delegate!(self, s => s.enrol(enrolment))
    }

    async fn site_by_token(&self, token_hash: &str) -> Result<Option<Site>, StorageError> {
        delegate!(self, s => s.site_by_token(token_hash))
    }

    async fn list_sites(&self, org_id: &str) -> Result<Vec<Site>, StorageError> {
        delegate!(self, s => s.list_sites(org_id))
    }

    async fn revoke_site(&self, org_id: &str, id_or_code: &str, now: &str) -> Result<Site, StorageError> {
        delegate!(self, s => s.revoke_site(org_id, id_or_code, now))
    }

    async fn push(&self, push: Push<'_>) -> Result<Vec<ChangeResult>, StorageError> {
        delegate!(self, s => s.push(push))
    }

    async fn pull(&self, org_id: &str, except_site: &str, after: i64, limit: u32) -> Result<PullPage, StorageError> {
        delegate!(self, s => s.pull(org_id, except_site, after, limit))
    }

    async fn snapshot(
        &self,
        org_id: &str,
        after: Option<&RowKey>,
        limit: u32,
        count: bool,
    ) -> Result<SnapshotPage, StorageError> {
        delegate!(self, s => s.snapshot(org_id, after, limit, count))
    }

    async fn field_states(&self, org_id: &str) -> Result<Vec<StoredField>, StorageError> {
        delegate!(self, s => s.field_states(org_id))
    }

    async fn count_changes(&self, org_id: &str) -> Result<i64, StorageError> {
        delegate!(self, s => s.count_changes(org_id))
    }
}
