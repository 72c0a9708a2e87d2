//! Migrations run on a new database and are a no-op on an existing one.

mod common;

use clinic_store::{Store, MIGRATION_COUNT};
use common::*;

fn schema_versions(store: &Store) -> Vec<i64> {
    let mut stmt = store.connection().prepare("SELECT version FROM refinery_schema_history ORDER BY version").expect("history");
    stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("versions")
}

#[test]
fn new_database_gets_every_migration_and_reopening_applies_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, key) = new_store(dir.path());
    assert_eq!(store.migrations_applied(), MIGRATION_COUNT);
    let versions = schema_versions(&store);
    assert_eq!(versions.len(), MIGRATION_COUNT);
    let site = store.site().clone();
    let created = store.create_patient(&actor(), &patient("Grace", "Hopper"), today()).expect("create");
    drop(store);

    for _ in 0..2 {
        let store = Store::open(&db_path(dir.path()), &key, &setup()).expect("reopen");
        assert_eq!(store.migrations_applied(), 0, "an up-to-date database needs no migration");
        assert_eq!(schema_versions(&store), versions);
        assert_eq!(store.site(), &site, "the site identity survives reopening");
        assert_eq!(store.get_patient(&created.id).expect("still there").mrn, created.mrn);
    }
}

#[test]
fn pragmas_are_set_on_every_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _key) = new_store(dir.path());
    let conn = store.connection();
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("journal");
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
    let busy: i64 = conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0)).expect("busy");
    let cipher: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).expect("cipher");
    assert_eq!(journal, "wal");
    assert_eq!(fk, 1);
    assert!(busy >= 1000);
    assert!(cipher.starts_with('4'), "SQLCipher 4.x, got {cipher}");
}
