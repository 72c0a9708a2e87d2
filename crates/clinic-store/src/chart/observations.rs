//! What nurses and doctors record on a chart: allergies (and "no known allergies"), vital
//! signs, and lab results, which raise an urgent alert when abnormal.

use chrono::NaiveDate;
use clinic_core::chart::{
    allergy_record, check_no_known_allergies, no_known_allergies_after, Allergy, AllergyInput, AllergyRecord, LabEntry, LabFlag,
    LabResult, LabResultInput, LabValue, VitalsInput, VitalsReading,
};
use clinic_core::ids::{AllergyId, LabResultId, PatientId, ResultAlertId, UserId, VitalsId};
use clinic_core::{Actor, AuditAction, AuditRecord};
use rusqlite::OptionalExtension;

use super::rows::{
    allergy_from_row, code, date_text, lab_columns, lab_from_row, vitals_columns, vitals_from_row, ALLERGY_COLUMNS, LAB_COLUMNS,
    VITALS_COLUMNS,
};
use super::set_profile;
use crate::write::{changed, WriteTx};
use crate::{Store, StoreError};

fn allergy_columns(a: &AllergyInput) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("substance", Some(a.substance.clone())),
        ("reaction", a.reaction.clone()),
        ("severity", code(&a.severity)),
        ("status", code(&a.status)),
        ("noted_on", date_text(a.noted_on)),
    ]
}

/// The words of an urgent-result alert: test, value, unit and how it is out of range.
fn alert_message(result: &LabResult) -> String {
    let value = match &result.value {
        LabValue::Numeric { number } => number.to_string(),
        LabValue::Text { text } => text.clone(),
    };
    let how = match result.flag {
        LabFlag::CriticalLow => "critical low",
        LabFlag::CriticalHigh => "critical high",
        LabFlag::Low => "low",
        LabFlag::High => "high",
        LabFlag::Normal | LabFlag::NotApplicable => "out of range",
    };
    let unit = result.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    format!("{} {value}{unit} ({how})", result.test)
}

impl Store {
    /// Every allergy recorded for a patient, newest first, whatever its status.
    pub fn list_allergies(&self, patient_id: &PatientId) -> Result<Vec<Allergy>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ALLERGY_COLUMNS} FROM allergy WHERE patient_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC"
            ))?
            .query_map([patient_id], allergy_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// Whether "no known allergies" is recorded for the patient.
    pub(crate) fn no_known_allergies(&self, patient_id: &PatientId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT no_known_allergies FROM clinical_profile WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([patient_id], |r| r.get::<_, bool>(0))
            .optional()?
            .unwrap_or(false))
    }

    /// The patient's allergy state: not recorded, none known, or the active allergies.
    pub fn allergy_state(&self, patient_id: &PatientId) -> Result<AllergyRecord, StoreError> {
        Ok(allergy_record(&self.list_allergies(patient_id)?, self.no_known_allergies(patient_id)?))
    }

    /// Records an allergy; an active one ends "no known allergies". Audited.
    pub fn record_allergy(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        input: &AllergyInput,
        today: NaiveDate,
    ) -> Result<Allergy, StoreError> {
        let input = input.validate(today)?;
        self.get_patient(patient_id)?;
        let nka = self.no_known_allergies(patient_id)?;
        let id = AllergyId::new();
        let mut tx = self.write()?;
        let mut columns = allergy_columns(&input);
        columns.push(("patient_id", Some(patient_id.to_string())));
        columns.push(("recorded_by", Some(actor.user_id.to_string())));
        tx.insert("allergy", id, &columns)?;
        if nka && !no_known_allergies_after(nka, &input) {
            set_profile(&mut tx, patient_id, &[("no_known_allergies", Some("0".into()))])?;
        }
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::AllergyRecorded).patient(patient_id).entity("allergy", id))?;
        tx.commit()?;
        Ok(input.into_allergy(id))
    }

    /// Corrects an allergy or changes its status (inactive, entered in error). Audited.
    pub fn change_allergy(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        allergy_id: &AllergyId,
        input: &AllergyInput,
        today: NaiveDate,
    ) -> Result<Allergy, StoreError> {
        let input = input.validate(today)?;
        let old = self
            .list_allergies(patient_id)?
            .into_iter()
            .find(|a| a.id == *allergy_id)
            .ok_or_else(|| StoreError::not_found("allergy", allergy_id))?;
        let before = allergy_columns(&AllergyInput {
            substance: old.substance,
            reaction: old.reaction,
            severity: old.severity,
            status: old.status,
            noted_on: old.noted_on,
        });
        let nka = self.no_known_allergies(patient_id)?;
        let mut tx = self.write()?;
        tx.update("allergy", allergy_id, &changed(allergy_columns(&input), before))?;
        if nka && !no_known_allergies_after(nka, &input) {
            set_profile(&mut tx, patient_id, &[("no_known_allergies", Some("0".into()))])?;
        }
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::AllergyChanged).patient(patient_id).entity("allergy", allergy_id))?;
        tx.commit()?;
        Ok(input.into_allergy(*allergy_id))
    }

    /// Records that the patient was asked and has no known allergies; refused while an active
    /// allergy is on the chart. Audited.
    pub fn record_no_known_allergies(&mut self, actor: &Actor, patient_id: &PatientId) -> Result<AllergyRecord, StoreError> {
        self.get_patient(patient_id)?;
        check_no_known_allergies(&self.list_allergies(patient_id)?)?;
        let mut tx = self.write()?;
        set_profile(&mut tx, patient_id, &[("no_known_allergies", Some("1".into()))])?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::AllergyRecorded).patient(patient_id).detail("no known allergies"))?;
        tx.commit()?;
        self.allergy_state(patient_id)
    }

    /// Records a set of vital signs taken now, with the BMI worked out. Audited.
    pub fn record_vitals(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        input: &VitalsInput,
    ) -> Result<VitalsReading, StoreError> {
        let vitals = input.validate()?;
        self.get_patient(patient_id)?;
        let id = VitalsId::new();
        let mut tx = self.write()?;
        let mut columns = vitals_columns(&vitals);
        columns.push(("patient_id", Some(patient_id.to_string())));
        columns.push(("taken_at", Some(tx.now().to_string())));
        columns.push(("recorded_by", Some(actor.user_id.to_string())));
        tx.insert("vitals", id, &columns)?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::VitalsRecorded).patient(patient_id).entity("vitals", id))?;
        tx.commit()?;
        self.get_vitals(&id)
    }

    fn get_vitals(&self, id: &VitalsId) -> Result<VitalsReading, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {VITALS_COLUMNS} FROM vitals WHERE id = ?1"))?
            .query_row([id], vitals_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("vitals", id))?
    }

    /// Records a lab result with its flag. An abnormal result raises an urgent alert for the
    /// doctor who last signed a note for the patient, if still an active doctor; otherwise for
    /// any doctor. Audited.
    pub fn record_lab_result(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        input: &LabResultInput,
        today: NaiveDate,
    ) -> Result<LabEntry, StoreError> {
        let result = input.validate(today)?;
        self.get_patient(patient_id)?;
        let doctor: Option<UserId> = self
            .conn
            .prepare_cached(
                "SELECT e.provider_id FROM encounter e
                 JOIN app_user u ON u.id = e.provider_id AND u.role = 'doctor' AND u.status = 'active'
                 WHERE e.patient_id = ?1 AND e.signed_at IS NOT NULL AND e.deleted_at IS NULL
                 ORDER BY e.signed_at DESC LIMIT 1",
            )?
            .query_row([patient_id], |r| r.get(0))
            .optional()?;
        let id = LabResultId::new();
        let mut tx = self.write()?;
        let mut columns = lab_columns(&result);
        columns.push(("patient_id", Some(patient_id.to_string())));
        columns.push(("recorded_by", Some(actor.user_id.to_string())));
        tx.insert("lab_result", id, &columns)?;
        if result.flag.is_abnormal() {
            raise_alert(&mut tx, patient_id, &id, &result, doctor)?;
        }
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::LabResultRecorded).patient(patient_id).entity("lab_result", id))?;
        tx.commit()?;
        self.conn
            .prepare_cached(&format!("SELECT {LAB_COLUMNS} FROM lab_result WHERE id = ?1"))?
            .query_row([&id], lab_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("lab_result", id))?
    }
}

fn raise_alert(
    tx: &mut WriteTx<'_>,
    patient_id: &PatientId,
    lab_result_id: &LabResultId,
    result: &LabResult,
    doctor: Option<UserId>,
) -> Result<(), StoreError> {
    tx.insert(
        "clinical_alert",
        ResultAlertId::new(),
        &[
            ("patient_id", Some(patient_id.to_string())),
            ("lab_result_id", Some(lab_result_id.to_string())),
            ("flag", code(&result.flag)),
            ("message", Some(alert_message(result))),
            ("for_user_id", doctor.map(|d| d.to_string())),
        ],
    )
}
