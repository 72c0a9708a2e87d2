//! The patient chart's tables (docs/chart.md): allergies, the problem list and history, visit
//! notes with their amendments, vital signs, lab results with urgent alerts, and prescriptions.
//! The rules live in `clinic_core::chart`; this module stores and reads. Every write is
//! audited with the patient's id; reads are audited by the command that shows them.

mod notes;
mod observations;
mod prescriptions;
mod record;
pub(crate) mod rows;

pub use prescriptions::PrescriptionDraft;

use rusqlite::OptionalExtension;

use crate::write::WriteTx;
use crate::StoreError;

/// Writes fields of the patient's clinical profile, creating the row on first use. Its id is the
/// patient's, so rows made on two sites merge field by field.
pub(crate) fn set_profile(
    tx: &mut WriteTx<'_>,
    patient_id: &clinic_core::ids::PatientId,
    columns: &[(&'static str, Option<String>)],
) -> Result<(), StoreError> {
    let exists = tx
        .sql()
        .prepare_cached("SELECT 1 FROM clinical_profile WHERE id = ?1")?
        .query_row([patient_id], |_| Ok(()))
        .optional()?
        .is_some();
    if exists {
        tx.update("clinical_profile", patient_id, columns)
    } else {
        tx.insert("clinical_profile", patient_id, columns)
    }
}
