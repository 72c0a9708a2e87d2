//! This installation: its site identity, its clock state and its number sequences.

use chrono::Utc;
use clinic_core::{new_id, Hlc};
use rand::seq::IndexedRandom;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::StoreError;

/// What a new database is told about the clinic and this site on first run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSetup {
    pub clinic_name: String,
    pub site_name: String,
    /// Short code, unique across the clinic's sites; prefixes record and invoice numbers.
    pub site_code: String,
}

impl SiteSetup {
    /// A setup with a random four-letter site code (letters that cannot be misread).
    pub fn with_random_code(clinic_name: impl Into<String>, site_name: impl Into<String>) -> Self {
        const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
        let mut rng = rand::rng();
        let site_code = (0..4).filter_map(|_| LETTERS.choose(&mut rng).map(|&b| char::from(b))).collect();
        SiteSetup { clinic_name: clinic_name.into(), site_name: site_name.into(), site_code }
    }
}

/// The site this database belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    pub site_id: String,
    pub site_code: String,
    pub site_name: String,
    pub clinic_name: String,
}

/// Reads the site row with the clock's last value, or makes it from `setup` when the
/// database is new.
pub(crate) fn load_or_create(conn: &Connection, setup: &SiteSetup) -> Result<(SiteInfo, Hlc), StoreError> {
    if let Some(found) = load(conn)? {
        return Ok(found);
    }
    let info = SiteInfo {
        site_id: new_id().to_string(),
        site_code: setup.site_code.clone(),
        site_name: setup.site_name.clone(),
        clinic_name: setup.clinic_name.clone(),
    };
    conn.execute(
        "INSERT INTO local_site (singleton, site_id, site_code, site_name, clinic_name, hlc_last, created_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            info.site_id,
            info.site_code,
            info.site_name,
            info.clinic_name,
            Hlc::default().to_string(),
            Utc::now().to_rfc3339()
        ],
    )?;
    Ok((info, Hlc::default()))
}

fn load(conn: &Connection) -> Result<Option<(SiteInfo, Hlc)>, StoreError> {
    let row = conn
        .query_row("SELECT site_id, site_code, site_name, clinic_name, hlc_last FROM local_site", [], |r| {
            Ok((
                SiteInfo { site_id: r.get(0)?, site_code: r.get(1)?, site_name: r.get(2)?, clinic_name: r.get(3)? },
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    row.map(|(info, hlc)| {
        let hlc = hlc.parse().map_err(|_| StoreError::Corrupt { table: "local_site", column: "hlc_last" })?;
        Ok((info, hlc))
    })
    .transpose()
}

/// Persists the clock so a restart never hands out an earlier timestamp.
pub(crate) fn save_clock(tx: &Transaction<'_>, hlc: Hlc) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE local_site SET hlc_last = ?1 WHERE singleton = 1")?.execute([hlc.to_string()])?;
    Ok(())
}

/// The next value of a per-site sequence, without gaps: it commits or rolls back with `tx`.
pub(crate) fn next_in_sequence(tx: &Transaction<'_>, name: &str) -> Result<i64, StoreError> {
    let value = tx
        .prepare_cached(
            "INSERT INTO local_sequence (name, last_value) VALUES (?1, 1)
             ON CONFLICT (name) DO UPDATE SET last_value = last_value + 1
             RETURNING last_value",
        )?
        .query_row([name], |r| r.get(0))?;
    Ok(value)
}
