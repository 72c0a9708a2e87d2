//! The front desk's list of double bookings that a merge brought in, and settling them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clinic_core::scheduling::time::to_local;
use clinic_core::scheduling::wire::format_local;
use clinic_core::sync::{BookingConflict, ConflictResolution, ConflictSide};
use clinic_core::{new_id, Actor, AppointmentStatus, AuditAction, AuditRecord, StatusMove};
use rusqlite::{OptionalExtension, Row};

use crate::rows::{parse_instant, RowResult};
use crate::{Store, StoreError};

/// What one open pair is read as: both bookings (`a` first, `b` second, 8 columns each), then
/// the pair's id and when it was found, then the provider.
const CONFLICT_COLUMNS: &str = "a.id, a.patient_id, pa.given_name || ' ' || pa.family_name, pa.mrn, a.starts_at, a.ends_at,
       a.status, coalesce(ka.site_code, la.site_code),
       b.id, b.patient_id, pb.given_name || ' ' || pb.family_name, pb.mrn, b.starts_at, b.ends_at,
       b.status, coalesce(kb.site_code, lb.site_code),
       c.id, c.detected_at, a.provider_id, pr.display_name";

/// The names and site codes [`CONFLICT_COLUMNS`] read.
const CONFLICT_NAMES: &str = "LEFT JOIN patient pa ON pa.id = a.patient_id
     LEFT JOIN patient pb ON pb.id = b.patient_id
     LEFT JOIN provider pr ON pr.id = a.provider_id
     LEFT JOIN local_known_site ka ON ka.site_id = a.site_id
     LEFT JOIN local_site la ON la.site_id = a.site_id
     LEFT JOIN local_known_site kb ON kb.site_id = b.site_id
     LEFT JOIN local_site lb ON lb.site_id = b.site_id";

/// `SELECT {columns}` over the double bookings still to settle, with `{joins}` and `{filter}`
/// (ANDed) added: both appointments are here and not deleted, have one provider, both hold
/// time, still overlap, and nobody decided to keep both.
fn open_pairs_sql(columns: &str, joins: &str, filter: &str) -> String {
    // The statuses that give their time back, as `AppointmentStatus::holds_time` says.
    let free = AppointmentStatus::ALL
        .into_iter()
        .filter(|s| !s.holds_time())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {columns} FROM local_booking_conflict c
         JOIN appointment a ON a.id = c.appointment_id
         JOIN appointment b ON b.id = c.other_id
         {joins}
         WHERE {filter} a.deleted_at IS NULL AND b.deleted_at IS NULL AND a.provider_id = b.provider_id
           AND a.status NOT IN ({free}) AND b.status NOT IN ({free})
           AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
           AND NOT EXISTS (
               SELECT 1 FROM booking_overlap_accepted o WHERE o.deleted_at IS NULL
                  AND ((o.appointment_id = a.id AND o.other_appointment_id = b.id)
                    OR (o.appointment_id = b.id AND o.other_appointment_id = a.id)))"
    )
}

impl Store {
    /// Double bookings still to settle: both appointments hold their time, still overlap, and
    /// nobody decided to keep both. Pairs settled since they were found are left out.
    pub fn booking_conflicts(&self) -> Result<Vec<BookingConflict>, StoreError> {
        let tz = self.clinic_time_zone()?;
        let sql = open_pairs_sql(CONFLICT_COLUMNS, CONFLICT_NAMES, "") + " ORDER BY c.detected_at, c.id";
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], |r| conflict_from_row(r, tz))?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        Ok(rows)
    }

    /// How many double bookings [`booking_conflicts`](Store::booking_conflicts) lists.
    pub fn count_booking_conflicts(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.prepare_cached(&open_pairs_sql("count(*)", "", ""))?.query_row([], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// One double booking, if it is still to settle.
    fn open_booking_conflict(&self, id: &str) -> Result<Option<BookingConflict>, StoreError> {
        let tz = self.clinic_time_zone()?;
        self.conn
            .prepare_cached(&open_pairs_sql(CONFLICT_COLUMNS, CONFLICT_NAMES, "c.id = ?1 AND"))?
            .query_row([id], |r| conflict_from_row(r, tz))
            .optional()?
            .transpose()
    }

    /// Settles a double booking: cancels one of the two (audited as a status move) or records
    /// that both stand (synced, so every site stops listing it). Audited either way.
    pub fn resolve_booking_conflict(
        &mut self,
        actor: &Actor,
        conflict_id: &str,
        resolution: &ConflictResolution,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let conflict = self
            .open_booking_conflict(conflict_id)?
            .ok_or_else(|| StoreError::Conflict("This double booking is settled already (perhaps at another site)".into()))?;
        match resolution {
            ConflictResolution::Cancel { appointment_id, reason } => {
                if ![&conflict.first.appointment_id, &conflict.second.appointment_id].contains(&appointment_id) {
                    return Err(StoreError::field("appointmentId", "Choose one of the two appointments"));
                }
                self.move_appointment_status(actor, appointment_id, StatusMove::Cancel, Some(reason), now)?;
            }
            ConflictResolution::KeepBoth { note } => {
                let note = note.trim();
                if note.chars().count() > 500 {
                    return Err(StoreError::field("note", "Use at most 500 characters"));
                }
                let mut tx = self.write()?;
                let id = new_id().to_string();
                tx.insert(
                    "booking_overlap_accepted",
                    &id,
                    &[
                        ("appointment_id", Some(conflict.first.appointment_id.to_string())),
                        ("other_appointment_id", Some(conflict.second.appointment_id.to_string())),
                        ("accepted_by", Some(actor.user_id.to_string())),
                        ("note", (!note.is_empty()).then(|| note.to_string())),
                    ],
                )?;
                for side in [&conflict.first, &conflict.second] {
                    tx.audit(
                        &AuditRecord::new(Some(actor), AuditAction::DoubleBookingAccepted)
                            .patient(&side.patient_id)
                            .detail(format!("appointment {}", side.appointment_id)),
                    )?;
                }
                tx.commit()?;
            }
        }
        self.conn.execute("DELETE FROM local_booking_conflict WHERE id = ?1", [conflict_id])?;
        Ok(())
    }
}

/// Reads a row of [`CONFLICT_COLUMNS`]; times are put on the clinic's wall clock in `tz`.
fn conflict_from_row(r: &Row<'_>, tz: Tz) -> RowResult<BookingConflict> {
    let (first, second) = match (side_from_row(r, 0, tz)?, side_from_row(r, 8, tz)?) {
        (Ok(first), Ok(second)) => (first, second),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    Ok(Ok(BookingConflict {
        id: r.get(16)?,
        provider_id: r.get(18)?,
        provider_name: r.get(19)?,
        first,
        second,
        detected_at: r.get(17)?,
    }))
}

/// Reads one booking of a pair: the 8 columns from `at`.
fn side_from_row(r: &Row<'_>, at: usize, tz: Tz) -> RowResult<ConflictSide> {
    const T: &str = "appointment";
    let starts_at: String = r.get(at + 4)?;
    let ends_at: String = r.get(at + 5)?;
    let status: String = r.get(at + 6)?;
    let wall_clock = |text: &str, column| parse_instant(text, T, column).map(|t| format_local(to_local(t, tz)));
    let (start, end) = match (wall_clock(&starts_at, "starts_at"), wall_clock(&ends_at, "ends_at")) {
        (Ok(start), Ok(end)) => (start, end),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let Some(status) = AppointmentStatus::from_code(&status) else {
        return Ok(Err(StoreError::Corrupt { table: T, column: "status" }));
    };
    Ok(Ok(ConflictSide {
        appointment_id: r.get(at)?,
        patient_id: r.get(at + 1)?,
        patient_name: r.get(at + 2)?,
        mrn: r.get(at + 3)?,
        start,
        end,
        status,
        booked_at_site: r.get::<_, Option<String>>(at + 7)?.unwrap_or_else(|| "another site".into()),
    }))
}
