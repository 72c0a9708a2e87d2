//! The front desk's list of double bookings that a merge brought in, and settling them.

use chrono::{DateTime, Utc};
use clinic_core::sync::{BookingConflict, ConflictResolution, ConflictSide};
use clinic_core::{new_id, Actor, AppointmentStatus, AuditAction, AuditRecord, StatusMove};
use rusqlite::{params, OptionalExtension};

use crate::{Store, StoreError};

/// What the list needs of one appointment.
struct Booking {
    side: ConflictSide,
    provider_id: String,
    provider_name: Option<String>,
    deleted: bool,
}

impl Store {
    /// Double bookings still to settle: both appointments hold their time, still overlap, and
    /// nobody decided to keep both. Pairs settled since they were found are left out.
    pub fn booking_conflicts(&self) -> Result<Vec<BookingConflict>, StoreError> {
        let found: Vec<(String, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, appointment_id, other_id, detected_at FROM local_booking_conflict ORDER BY detected_at, id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let mut open = Vec::new();
        for (id, a, b, detected_at) in found {
            let (Some(first), Some(second)) = (self.conflict_booking(&a)?, self.conflict_booking(&b)?) else { continue };
            if still_clashes(&first, &second) && !self.overlap_accepted(&a, &b)? {
                open.push(BookingConflict {
                    id,
                    provider_id: first.provider_id,
                    provider_name: first.provider_name,
                    first: first.side,
                    second: second.side,
                    detected_at,
                });
            }
        }
        Ok(open)
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
            .booking_conflicts()?
            .into_iter()
            .find(|c| c.id == conflict_id)
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
                        ("appointment_id", Some(conflict.first.appointment_id.clone())),
                        ("other_appointment_id", Some(conflict.second.appointment_id.clone())),
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

    fn overlap_accepted(&self, a: &str, b: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM booking_overlap_accepted WHERE deleted_at IS NULL
                 AND ((appointment_id = ?1 AND other_appointment_id = ?2) OR (appointment_id = ?2 AND other_appointment_id = ?1))",
            )?
            .query_row(params![a, b], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn conflict_booking(&self, id: &str) -> Result<Option<Booking>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT a.id, a.patient_id, p.given_name || ' ' || p.family_name, p.mrn, a.starts_at, a.ends_at, a.status,
                        coalesce(ks.site_code, ls.site_code), a.provider_id, pr.display_name, a.deleted_at IS NOT NULL
                 FROM appointment a
                 LEFT JOIN patient p ON p.id = a.patient_id
                 LEFT JOIN provider pr ON pr.id = a.provider_id
                 LEFT JOIN local_known_site ks ON ks.site_id = a.site_id
                 LEFT JOIN local_site ls ON ls.site_id = a.site_id
                 WHERE a.id = ?1",
            )?
            .query_row([id], booking_from_row)
            .optional()?
            .transpose()
    }
}

/// Reads a booking selected by `conflict_booking`.
fn booking_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Booking, StoreError>> {
    let status: String = r.get(6)?;
    let Some(status) = AppointmentStatus::from_code(&status) else {
        return Ok(Err(StoreError::Corrupt { table: "appointment", column: "status" }));
    };
    Ok(Ok(Booking {
        side: ConflictSide {
            appointment_id: r.get(0)?,
            patient_id: r.get(1)?,
            patient_name: r.get(2)?,
            mrn: r.get(3)?,
            starts_at: r.get(4)?,
            ends_at: r.get(5)?,
            status,
            booked_at_site: r.get::<_, Option<String>>(7)?.unwrap_or_else(|| "another site".into()),
        },
        provider_id: r.get(8)?,
        provider_name: r.get(9)?,
        deleted: r.get(10)?,
    }))
}

/// Whether two bookings are still a double booking: one provider, both holding time, overlapping.
fn still_clashes(a: &Booking, b: &Booking) -> bool {
    !a.deleted
        && !b.deleted
        && a.provider_id == b.provider_id
        && a.side.status.holds_time()
        && b.side.status.holds_time()
        && a.side.starts_at < b.side.ends_at
        && b.side.starts_at < a.side.ends_at
}
