//! What only doctors write: the problem list, the family and social history, visit notes and
//! their amendments, and acknowledging urgent results.

use chrono::NaiveDate;
use clinic_core::chart::{
    check_amendable, check_editable, current_version, AmendmentInput, Condition, ConditionInput, Encounter, EncounterAmendment,
    EncounterHistory, EncounterInput, EncounterSummary, PatientHistory, PatientHistoryInput,
};
use clinic_core::ids::{AddendumId, AppointmentId, ConditionId, EncounterId, PatientId, ResultAlertId, UserId};
use clinic_core::{Actor, AuditAction, AuditRecord};
use rusqlite::OptionalExtension;

use super::rows::{code, condition_from_row, date_text, note_columns, note_from_row, CONDITION_COLUMNS};
use super::set_profile;
use crate::rows::parse_instant;
use crate::write::{changed, WriteTx};
use crate::{Store, StoreError};

fn condition_columns(c: &ConditionInput) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("problem", Some(c.problem.clone())),
        ("code", c.code.clone()),
        ("onset", date_text(c.onset)),
        ("status", code(&c.status)),
        ("resolved_on", date_text(c.resolved_on)),
    ]
}

/// The encounter columns read by [`encounter_from_row`].
pub(crate) const ENCOUNTER_SELECT: &str =
    "SELECT id, patient_id, provider_id, appointment_id, created_at, signed_at, reason, subjective, objective, assessment, plan, diagnoses FROM encounter";

pub(crate) fn encounter_from_row(r: &rusqlite::Row<'_>) -> crate::rows::RowResult<Encounter> {
    const T: &str = "encounter";
    let (id, patient_id, provider_id, appointment_id): (EncounterId, PatientId, UserId, Option<AppointmentId>) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let (created_at, signed_at): (String, Option<String>) = (r.get(4)?, r.get(5)?);
    let note = match note_from_row(r, 6, T)? {
        Ok(note) => note,
        Err(e) => return Ok(Err(e)),
    };
    Ok((|| {
        Ok(Encounter {
            id,
            patient_id,
            provider_id,
            appointment_id,
            note,
            created_at: parse_instant(&created_at, T, "created_at")?,
            signed_at: signed_at.map(|s| parse_instant(&s, T, "signed_at")).transpose()?,
        })
    })())
}

/// The amendment columns read by [`amendment_from_row`].
pub(crate) const AMENDMENT_SELECT: &str = "SELECT id, encounter_id, amendment_reason, amended_by, created_at, reason, subjective, objective, assessment, plan, diagnoses FROM encounter_amendment";

pub(crate) fn amendment_from_row(r: &rusqlite::Row<'_>) -> crate::rows::RowResult<EncounterAmendment> {
    const T: &str = "encounter_amendment";
    let (id, encounter_id, reason, amended_by, created_at): (AddendumId, EncounterId, String, UserId, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    let note = match note_from_row(r, 5, T)? {
        Ok(note) => note,
        Err(e) => return Ok(Err(e)),
    };
    Ok(parse_instant(&created_at, T, "created_at").map(|amended_at| EncounterAmendment {
        id,
        encounter_id,
        note,
        reason,
        amended_by,
        amended_at,
    }))
}

/// The summary the chart lists for one encounter.
pub(crate) fn summarize(encounter: &Encounter, amendments: &[EncounterAmendment]) -> Result<EncounterSummary, StoreError> {
    let history = current_version(encounter, amendments)
        .map_err(|_| StoreError::Corrupt { table: "encounter_amendment", column: "encounter_id" })?;
    Ok(EncounterSummary {
        id: encounter.id,
        provider_id: encounter.provider_id,
        appointment_id: encounter.appointment_id,
        created_at: encounter.created_at,
        signed_at: encounter.signed_at,
        version_count: u32::try_from(history.versions.len()).unwrap_or(u32::MAX),
        current: history.current,
    })
}

impl Store {
    /// The patient's problem list: active first, then by problem.
    pub fn list_conditions(&self, patient_id: &PatientId) -> Result<Vec<Condition>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {CONDITION_COLUMNS} FROM condition WHERE patient_id = ?1 AND deleted_at IS NULL
                 ORDER BY status = 'resolved', problem COLLATE NOCASE, id"
            ))?
            .query_map([patient_id], condition_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// Adds a problem (`condition_id` none) or changes one of the patient's. Audited.
    pub fn save_condition(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        condition_id: Option<&ConditionId>,
        input: &ConditionInput,
        today: NaiveDate,
    ) -> Result<Condition, StoreError> {
        let input = input.validate(today)?;
        self.get_patient(patient_id)?;
        let mut columns = condition_columns(&input);
        let stored = match condition_id {
            Some(id) => {
                let old = self
                    .list_conditions(patient_id)?
                    .into_iter()
                    .find(|c| c.id == *id)
                    .ok_or_else(|| StoreError::not_found("condition", id))?;
                Some((*id, condition_columns(&old.details)))
            }
            None => {
                columns.push(("patient_id", Some(patient_id.to_string())));
                columns.push(("recorded_by", Some(actor.user_id.to_string())));
                None
            }
        };
        let saved = self.save_row(
            "condition",
            stored,
            |_| Ok(columns),
            |_, saved| {
                let action = if saved.is_new { AuditAction::ConditionRecorded } else { AuditAction::ConditionChanged };
                Ok(AuditRecord::new(Some(actor), action).patient(patient_id).entity("condition", saved.id))
            },
        )?;
        Ok(Condition { id: saved.id, details: input })
    }

    /// The family and social history.
    pub fn patient_history(&self, patient_id: &PatientId) -> Result<PatientHistory, StoreError> {
        let row: Option<(Option<String>, Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT family_history, social_history, history_updated_at FROM clinical_profile WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .query_row([patient_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((family_history, social_history, updated_at)) = row else {
            return Ok(PatientHistory::default());
        };
        let updated_at = updated_at.map(|t| parse_instant(&t, "clinical_profile", "history_updated_at")).transpose()?;
        Ok(PatientHistory { family_history, social_history, updated_at })
    }

    /// Saves the family and social history (each field on its own, so two sites' edits of
    /// different fields both stay). Audited.
    pub fn save_patient_history(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        input: &PatientHistoryInput,
    ) -> Result<PatientHistory, StoreError> {
        let input = input.validate()?;
        self.get_patient(patient_id)?;
        let old = self.patient_history(patient_id)?;
        let mut columns = changed(
            vec![("family_history", input.family_history.clone()), ("social_history", input.social_history.clone())],
            vec![("family_history", old.family_history), ("social_history", old.social_history)],
        );
        if columns.is_empty() {
            return self.patient_history(patient_id);
        }
        let mut tx = self.write()?;
        columns.push(("history_updated_at", Some(tx.now().to_string())));
        set_profile(&mut tx, patient_id, &columns)?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::HistoryChanged).patient(patient_id))?;
        tx.commit()?;
        self.patient_history(patient_id)
    }

    /// One of the patient's encounters.
    pub(crate) fn get_encounter(&self, patient_id: &PatientId, encounter_id: &EncounterId) -> Result<Encounter, StoreError> {
        self.conn
            .prepare_cached(&format!("{ENCOUNTER_SELECT} WHERE id = ?1 AND patient_id = ?2 AND deleted_at IS NULL"))?
            .query_row(rusqlite::params![encounter_id, patient_id], encounter_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("encounter", encounter_id))?
    }

    fn amendments_of(&self, encounter_id: &EncounterId) -> Result<Vec<EncounterAmendment>, StoreError> {
        self.conn
            .prepare_cached(&format!("{AMENDMENT_SELECT} WHERE encounter_id = ?1 AND deleted_at IS NULL"))?
            .query_map([encounter_id], amendment_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// Every version of one note, the original first.
    pub fn encounter_history(&self, patient_id: &PatientId, encounter_id: &EncounterId) -> Result<EncounterHistory, StoreError> {
        let encounter = self.get_encounter(patient_id, encounter_id)?;
        current_version(&encounter, &self.amendments_of(encounter_id)?)
            .map_err(|_| StoreError::Corrupt { table: "encounter_amendment", column: "encounter_id" })
    }

    /// Starts a note (`encounter_id` none) or edits a draft, and signs it when `sign` is set. A
    /// signed note is refused: it is corrected by an amendment. Audited.
    pub fn save_encounter(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        encounter_id: Option<&EncounterId>,
        appointment_id: Option<&AppointmentId>,
        note: &EncounterInput,
        sign: bool,
    ) -> Result<EncounterSummary, StoreError> {
        let note = note.validate()?;
        self.get_patient(patient_id)?;
        if let Some(appointment_id) = appointment_id {
            if self.get_appointment(appointment_id)?.patient_id != *patient_id {
                return Err(StoreError::Conflict("That appointment is for another patient".into()));
            }
        }
        let text = |id: Option<&AppointmentId>| id.map(|a| a.to_string());
        let mut columns = note_columns(&note)?;
        let stored = match encounter_id {
            Some(id) => {
                let old = self.get_encounter(patient_id, id)?;
                check_editable(&old).map_err(|e| StoreError::Conflict(e.to_string()))?;
                // A note is signed in its author's name: nobody else finishes it for them.
                if old.provider_id != actor.user_id {
                    return Err(StoreError::Conflict("Only the doctor who wrote this draft can change or sign it".into()));
                }
                // A draft keeps its appointment unless another is named.
                columns.push(("appointment_id", text(appointment_id.or(old.appointment_id.as_ref()))));
                let mut before = note_columns(&old.note)?;
                before.extend([("appointment_id", text(old.appointment_id.as_ref())), ("signed_at", None)]);
                Some((*id, before))
            }
            None => {
                columns.push(("appointment_id", text(appointment_id)));
                None
            }
        };
        let is_new = stored.is_none();
        let note_columns = |tx: &WriteTx<'_>| {
            // Signed at the write's own time, as every other time it records.
            columns.push(("signed_at", sign.then(|| tx.now().to_string())));
            if is_new {
                columns.push(("patient_id", Some(patient_id.to_string())));
                columns.push(("provider_id", Some(actor.user_id.to_string())));
            }
            Ok(columns)
        };
        let saved =
            self.save_row("encounter", stored, note_columns, |_, saved| Ok(encounter_audit(actor, patient_id, &saved.id, sign)))?;
        summarize(&self.get_encounter(patient_id, &saved.id)?, &[])
    }

    /// Corrects a signed note: the whole corrected note is stored beside the original, which
    /// never changes. Audited.
    pub fn amend_encounter(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        encounter_id: &EncounterId,
        input: &AmendmentInput,
    ) -> Result<EncounterSummary, StoreError> {
        let input = input.validate()?;
        let encounter = self.get_encounter(patient_id, encounter_id)?;
        check_amendable(&encounter).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let id = AddendumId::new();
        let mut tx = self.write()?;
        let mut columns = note_columns(&input.note)?;
        columns.push(("encounter_id", Some(encounter_id.to_string())));
        columns.push(("patient_id", Some(patient_id.to_string())));
        columns.push(("amendment_reason", Some(input.reason.clone())));
        columns.push(("amended_by", Some(actor.user_id.to_string())));
        tx.insert("encounter_amendment", id, &columns)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::EncounterAmended).patient(patient_id).entity("encounter", encounter_id),
        )?;
        tx.commit()?;
        summarize(&encounter, &self.amendments_of(encounter_id)?)
    }

    /// Closes an urgent-result alert. Audited.
    pub fn acknowledge_clinical_alert(&mut self, actor: &Actor, alert_id: &ResultAlertId) -> Result<(), StoreError> {
        let found: Option<(PatientId, Option<String>)> = self
            .conn
            .prepare_cached("SELECT patient_id, acknowledged_at FROM clinical_alert WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([alert_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((patient_id, acknowledged)) = found else {
            return Err(StoreError::not_found("clinical_alert", alert_id));
        };
        if acknowledged.is_some() {
            return Ok(());
        }
        let mut tx = self.write()?;
        let now = tx.now().to_string();
        tx.update(
            "clinical_alert",
            alert_id,
            &[("acknowledged_at", Some(now)), ("acknowledged_by", Some(actor.user_id.to_string()))],
        )?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::ClinicalAlertAcknowledged)
                .patient(&patient_id)
                .entity("clinical_alert", alert_id),
        )?;
        tx.commit()
    }
}

fn encounter_audit(actor: &Actor, patient_id: &PatientId, encounter_id: &EncounterId, signed: bool) -> AuditRecord {
    let action = if signed { AuditAction::EncounterSigned } else { AuditAction::EncounterSaved };
    AuditRecord::new(Some(actor), action).patient(patient_id).entity("encounter", encounter_id)
}
