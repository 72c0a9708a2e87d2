//! What a pulled page changes besides its rows: the search index, users' statuses (which follow
//! from their whole history) and double bookings that the merge brought in.

use clinic_core::sync::{conflict_id, resolve_user_status, AppliedPage, StatusWrite};
use clinic_core::{UserStatus, Version};
use rusqlite::{params, OptionalExtension, Transaction};

use super::inbox::Touched;
use crate::patients::reindex_patients;
use crate::scheduling::Diary;
use crate::StoreError;

/// Brings derived data up to date with the rows a page changed.
pub(crate) fn after_pull(tx: &Transaction<'_>, touched: &Touched, now: &str, page: &mut AppliedPage) -> Result<(), StoreError> {
    reindex_patients(tx, &touched.patients)?;
    for id in &touched.users {
        settle_user_status(tx, id)?;
    }
    for id in &touched.appointments {
        page.new_booking_conflicts += note_double_bookings(tx, id, now)?;
    }
    Ok(())
}

/// Every status write recorded for a user, paired with the disables each re-enable lifted.
pub(crate) fn status_history(tx: &rusqlite::Connection, user_id: &str) -> Result<Vec<StatusWrite>, StoreError> {
    let corrupt = || StoreError::Corrupt { table: "sync_status_write", column: "hlc" };
    let mut recorded: Vec<(&str, Option<String>, Version)> = Vec::new();
    let mut stmt = tx.prepare_cached("SELECT hlc, site_id, status, lifts FROM sync_status_write WHERE user_id = ?1")?;
    let mut rows = stmt.query([user_id])?;
    while let Some(r) = rows.next()? {
        let version = Version { hlc: r.get::<_, String>(0)?.parse().map_err(|_| corrupt())?, site_id: r.get(1)? };
        recorded.push(("status", r.get(2)?, version.clone()));
        recorded.push(("status_lifts", r.get(3)?, version));
    }
    Ok(clinic_core::sync::status_writes(recorded))
}

/// Every disable this site knows of for a user: what a re-enable made here lifts.
pub(crate) fn known_disables(conn: &rusqlite::Connection, user_id: &str) -> Result<Vec<Version>, StoreError> {
    Ok(status_history(conn, user_id)?.into_iter().filter(|w| w.status == UserStatus::Disabled).map(|w| w.version).collect())
}

/// Sets a user's status to what their whole status history says (docs/decisions.md §5: security wins).
fn settle_user_status(tx: &Transaction<'_>, user_id: &str) -> Result<(), StoreError> {
    let status = resolve_user_status(&status_history(tx, user_id)?);
    tx.prepare_cached("UPDATE app_user SET status = ?2 WHERE id = ?1 AND status <> ?2")?
        .execute(params![user_id, status.code()])?;
    Ok(())
}

/// Records every appointment of the same provider that now overlaps `id` (both holding time).
/// Returns how many pairs are new.
fn note_double_bookings(tx: &Transaction<'_>, id: &str, now: &str) -> Result<u64, StoreError> {
    let row = tx
        .prepare_cached(
            "SELECT provider_id, starts_at, ends_at FROM appointment
             WHERE id = ?1 AND deleted_at IS NULL AND status NOT IN ('cancelled', 'no_show')",
        )?
        .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        .optional()?;
    let Some((provider, starts, ends)) = row else { return Ok(0) };
    let mut new = 0;
    for (other, _, _) in Diary::Provider.overlapping(tx, &provider, &starts, &ends, Some(&id))? {
        new += tx
            .prepare_cached(
                "INSERT OR IGNORE INTO local_booking_conflict (id, appointment_id, other_id, detected_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![conflict_id(id, &other.to_string()), id, other, now])? as u64;
    }
    Ok(new)
}
