//! The baseline: the same patient rows inserted into one plain table of a SQLCipher file, with
//! no validation, change log or search index. Our write path's cost is read against it.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use clinic_core::PatientInput;
use clinic_store::DatabaseKey;
use rusqlite::{params_from_iter, Connection};

/// Inserts every input, one transaction each (as the app does), and returns the seconds taken.
pub fn insert_plain(path: &Path, key: &DatabaseKey, inputs: &[PatientInput], today: NaiveDate) -> anyhow::Result<f64> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch(&format!("PRAGMA key = {};", key.pragma_value()))?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
    // Same columns as the real patient table, so the comparison is the same data.
    let details = inputs.first().map(|i| i.validate(today)).transpose()?;
    let columns: Vec<&str> = details.map(|d| d.columns().into_iter().map(|(c, _)| c).collect()).unwrap_or_default();
    conn.execute_batch(&format!("CREATE TABLE plain_patient (id TEXT PRIMARY KEY, {})", columns.join(" TEXT, ") + " TEXT"))?;
    let sql = format!(
        "INSERT INTO plain_patient (id, {}) VALUES (?1, {})",
        columns.join(", "),
        (2..=columns.len() + 1).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
    );
    // Validation is done before timing: the baseline is the raw insert rate.
    let rows: Vec<Vec<Option<String>>> = inputs
        .iter()
        .map(|i| i.validate(today).map(|d| d.columns().into_iter().map(|(_, v)| v).collect()))
        .collect::<Result<_, _>>()?;
    let started = Instant::now();
    for row in rows {
        let tx = conn.transaction()?;
        let id = Some(clinic_core::new_id().to_string());
        tx.execute(&sql, params_from_iter(std::iter::once(&id).chain(row.iter())))?;
        tx.commit()?;
    }
    Ok(started.elapsed().as_secs_f64())
}
