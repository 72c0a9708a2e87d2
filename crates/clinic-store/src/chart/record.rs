//! Reading a whole chart in one go (the screen opens with a single call) and a doctor's list of
//! open urgent results.

use clinic_core::ids::{EncounterId, PatientId, UserId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use clinic_core::chart::{allergy_record, ChartRecord, EncounterAmendment, UrgentResult};

use super::notes::{amendment_from_row, encounter_from_row, summarize, AMENDMENT_SELECT, ENCOUNTER_SELECT};
use super::rows::{alert_from_row, lab_from_row, vitals_from_row, ALERT_COLUMNS, LAB_COLUMNS, VITALS_COLUMNS};
use crate::{Store, StoreError};

impl Store {
    /// Everything clinical about one patient (not audited: the command that shows it audits).
    pub fn read_chart(&self, patient_id: &PatientId) -> Result<ChartRecord, StoreError> {
        let allergy_history = self.list_allergies(patient_id)?;
        let allergies = allergy_record(&allergy_history, self.no_known_allergies(patient_id)?);
        let mut amendments: HashMap<EncounterId, Vec<EncounterAmendment>> = HashMap::new();
        for amendment in self
            .conn
            .prepare_cached(&format!("{AMENDMENT_SELECT} WHERE patient_id = ?1 AND deleted_at IS NULL"))?
            .query_map([patient_id], amendment_from_row)?
        {
            let amendment = amendment??;
            amendments.entry(amendment.encounter_id).or_default().push(amendment);
        }
        let encounters = self
            .conn
            .prepare_cached(&format!(
                "{ENCOUNTER_SELECT} WHERE patient_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC"
            ))?
            .query_map([patient_id], encounter_from_row)?
            .map(|row| {
                let encounter = row??;
                summarize(&encounter, amendments.get(&encounter.id).map(Vec::as_slice).unwrap_or_default())
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let vitals = self
            .conn
            .prepare_cached(&format!(
                "SELECT {VITALS_COLUMNS} FROM vitals WHERE patient_id = ?1 AND deleted_at IS NULL ORDER BY taken_at DESC, id DESC"
            ))?
            .query_map([patient_id], vitals_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        let labs = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LAB_COLUMNS} FROM lab_result WHERE patient_id = ?1 AND deleted_at IS NULL
                 ORDER BY coalesce(collected_on, substr(created_at, 1, 10)) DESC, created_at DESC, id DESC"
            ))?
            .query_map([patient_id], lab_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        let alerts = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ALERT_COLUMNS} FROM clinical_alert WHERE patient_id = ?1 AND acknowledged_at IS NULL AND deleted_at IS NULL
                 ORDER BY created_at DESC"
            ))?
            .query_map([patient_id], alert_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        let prescriptions = self.list_prescriptions(patient_id)?;
        let mut people: BTreeSet<String> = BTreeSet::new();
        people.extend(encounters.iter().flat_map(|e| [e.provider_id.to_string(), e.current.author.to_string()]));
        people.extend(vitals.iter().map(|v| v.recorded_by.clone()));
        people.extend(labs.iter().map(|l| l.recorded_by.clone()));
        people.extend(prescriptions.iter().map(|p| p.prescriber_id.to_string()));
        let staff = self.staff_names(&people)?;
        Ok(ChartRecord {
            allergies,
            allergy_history,
            conditions: self.list_conditions(patient_id)?,
            history: self.patient_history(patient_id)?,
            encounters,
            vitals,
            labs,
            prescriptions,
            alerts,
            staff,
        })
    }

    /// Display names of the given users (staff are few; one scan of the table).
    fn staff_names(&self, ids: &BTreeSet<String>) -> Result<BTreeMap<String, String>, StoreError> {
        let mut names = BTreeMap::new();
        let mut statement = self.conn.prepare_cached("SELECT id, display_name FROM app_user")?;
        for row in statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            if ids.contains(&id) {
                names.insert(id, name);
            }
        }
        Ok(names)
    }

    /// Open urgent results for `doctor_id` and those raised for any doctor, newest first.
    pub fn list_clinical_alerts(&self, doctor_id: &UserId) -> Result<Vec<UrgentResult>, StoreError> {
        let columns = ALERT_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ");
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {columns}, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name, p.mrn
             FROM clinical_alert a JOIN patient p ON p.id = a.patient_id
             WHERE a.acknowledged_at IS NULL AND a.deleted_at IS NULL AND (a.for_user_id IS NULL OR a.for_user_id = ?1)
             ORDER BY a.created_at DESC LIMIT 500"
        ))?;
        let rows = statement.query_map([doctor_id], |r| {
            let alert = alert_from_row(r)?;
            Ok(alert.map(|alert| (alert, r.get::<_, String>(8), r.get::<_, String>(9))))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (alert, name, mrn) = row??;
            found.push(UrgentResult { alert, patient_name: name?, mrn: mrn? });
        }
        Ok(found)
    }
}
