//! Prescriptions: the allergy check before prescribing, the override reason, status changes,
//! and reading them back for the medication list and the printed prescription.

use clinic_core::chart::{
    allergy_conflicts, change_status, check_override, AllergyConflict, AllergyStatus, PrescriptionChange,
    PrescriptionChangeError, PrescriptionEntry, PrescriptionInput, PrescriptionStatus,
};
use clinic_core::ids::{EncounterId, PatientId, PrescriptionId};
use clinic_core::{Actor, AuditAction, AuditRecord};
use rusqlite::OptionalExtension;

use super::rows::{code, prescription_columns, prescription_from_row, PRESCRIPTION_COLUMNS};
use crate::{Store, StoreError};

/// A prescription as the doctor submits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrescriptionDraft {
    /// What is prescribed.
    pub input: PrescriptionInput,
    /// Why to go ahead despite an allergy warning.
    pub override_reason: Option<String>,
    /// The visit it is written in, if any.
    pub encounter_id: Option<EncounterId>,
}

impl Store {
    /// The warnings prescribing `medication` would raise against the patient's active allergies.
    pub fn prescription_conflicts(&self, patient_id: &PatientId, medication: &str) -> Result<Vec<AllergyConflict>, StoreError> {
        let active: Vec<_> = self.list_allergies(patient_id)?.into_iter().filter(|a| a.status == AllergyStatus::Active).collect();
        Ok(allergy_conflicts(medication, &active))
    }

    /// Every prescription of the patient: active first, then newest first.
    pub fn list_prescriptions(&self, patient_id: &PatientId) -> Result<Vec<PrescriptionEntry>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {PRESCRIPTION_COLUMNS} FROM prescription WHERE patient_id = ?1 AND deleted_at IS NULL
                 ORDER BY status <> 'active', created_at DESC, id DESC"
            ))?
            .query_map([patient_id], prescription_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    fn get_prescription(&self, patient_id: &PatientId, id: &PrescriptionId) -> Result<PrescriptionEntry, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {PRESCRIPTION_COLUMNS} FROM prescription WHERE id = ?1 AND patient_id = ?2 AND deleted_at IS NULL"
            ))?
            .query_row(rusqlite::params![id, patient_id], prescription_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("prescription", id))?
    }

    /// Writes a prescription. When the medication matches an active allergy it is refused
    /// unless a reason to go ahead is given; the reason is stored with it. Audited.
    pub fn prescribe(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        draft: &PrescriptionDraft,
    ) -> Result<PrescriptionEntry, StoreError> {
        let input = draft.input.validate()?;
        self.get_patient(patient_id)?;
        if let Some(encounter_id) = &draft.encounter_id {
            self.get_encounter(patient_id, encounter_id)?;
        }
        let conflicts = self.prescription_conflicts(patient_id, &input.medication)?;
        check_override(&conflicts, draft.override_reason.as_deref())?;
        let override_reason =
            if conflicts.is_empty() { None } else { draft.override_reason.as_deref().map(|r| r.trim().to_string()) };
        let id = PrescriptionId::new();
        let mut tx = self.write()?;
        let mut columns = prescription_columns(&input);
        columns.extend([
            ("patient_id", Some(patient_id.to_string())),
            ("encounter_id", draft.encounter_id.map(|e| e.to_string())),
            ("status", code(&PrescriptionStatus::Active)),
            ("override_reason", override_reason),
            ("prescriber_id", Some(actor.user_id.to_string())),
        ]);
        tx.insert("prescription", id, &columns)?;
        let mut record =
            AuditRecord::new(Some(actor), AuditAction::PrescriptionWritten).patient(patient_id).entity("prescription", id);
        if !conflicts.is_empty() {
            record = record.detail("allergy warning overridden");
        }
        tx.audit(&record)?;
        tx.commit()?;
        self.get_prescription(patient_id, &id)
    }

    /// Completes or stops an active prescription. Audited.
    pub fn change_prescription(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        prescription_id: &PrescriptionId,
        change: &PrescriptionChange,
    ) -> Result<PrescriptionEntry, StoreError> {
        let current = self.get_prescription(patient_id, prescription_id)?;
        let next = change_status(current.prescription.status, change).map_err(|e| match e {
            PrescriptionChangeError::Invalid(errors) => StoreError::Validation(errors),
            not_active @ PrescriptionChangeError::NotActive(_) => StoreError::Conflict(not_active.to_string()),
        })?;
        let mut tx = self.write()?;
        tx.update("prescription", prescription_id, &[("status", code(&next.status)), ("stop_reason", next.stop_reason)])?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::PrescriptionChanged)
                .patient(patient_id)
                .entity("prescription", prescription_id)
                .detail(format!("to {}", code(&next.status).unwrap_or_default())),
        )?;
        tx.commit()?;
        self.get_prescription(patient_id, prescription_id)
    }

    /// The active prescriptions to print, in the order asked. Completed and stopped ones are
    /// history, not something to hand to a pharmacy; an id asked twice is printed once.
    pub fn prescriptions_to_print(
        &self,
        patient_id: &PatientId,
        ids: &[PrescriptionId],
    ) -> Result<Vec<PrescriptionEntry>, StoreError> {
        let mut chosen: Vec<PrescriptionEntry> = Vec::with_capacity(ids.len());
        for id in ids {
            if chosen.iter().any(|c| &c.prescription.id == id) {
                continue;
            }
            let entry = self.get_prescription(patient_id, id)?;
            if entry.prescription.status != PrescriptionStatus::Active {
                return Err(StoreError::Conflict(format!(
                    "{} is no longer active: only active prescriptions are printed",
                    entry.prescription.details.medication
                )));
            }
            chosen.push(entry);
        }
        if chosen.is_empty() {
            return Err(StoreError::Conflict("Choose at least one prescription to print".into()));
        }
        Ok(chosen)
    }
}
