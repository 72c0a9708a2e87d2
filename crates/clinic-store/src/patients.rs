//! Patients: register, edit, read, list and archive, all through the write path.

use chrono::NaiveDate;
use clinic_core::ids::PatientId;
use clinic_core::{
    Actor, AuditAction, AuditRecord, BloodGroup, ListPatientsRequest, Patient, PatientDetails, PatientInput, PatientPage,
    PatientSort, PatientSummary, Sex,
};
use rusqlite::{params, OptionalExtension, Row};

use crate::rows::{parse_date, parse_instant, parse_opt_instant, RowResult};
use crate::search::index_patient;
use crate::site::next_in_sequence;
use crate::write::{Saved, WriteTx};
use crate::{Store, StoreError};

const TABLE: &str = "patient";
const MRN_SEQUENCE: &str = "mrn";

/// Every column of a patient row, in the order [`patient_from_row`] reads them.
const PATIENT_COLUMNS: &str = "id, mrn, given_name, middle_name, family_name, preferred_name, date_of_birth, sex, phone, email, \
     address_line1, address_line2, city, region, postal_code, country, blood_group, emergency_contact_name, \
     emergency_contact_relationship, emergency_contact_phone, insurance_provider, insurance_policy_number, \
     insurance_group_number, notes, site_id, created_at, updated_at, deleted_at";

/// The columns of a list line, in the order [`summary_from_row`] reads them.
pub(crate) const SUMMARY_COLUMNS: &str =
    "p.id, p.mrn, p.given_name, p.family_name, p.preferred_name, p.date_of_birth, p.sex, p.phone, p.email, p.deleted_at";

impl Store {
    /// Registers a new patient with the next medical record number of this site.
    pub fn create_patient(&mut self, actor: &Actor, input: &PatientInput, today: NaiveDate) -> Result<Patient, StoreError> {
        let details = input.validate(today)?;
        // The number is taken in the saving transaction, so a failed save uses none.
        let mrn = std::cell::OnceCell::new();
        let numbered = |tx: &WriteTx<'_>| {
            let number = next_in_sequence(tx.sql(), MRN_SEQUENCE)?;
            let mrn = mrn.get_or_init(|| format!("{}-{number:06}", tx.site().site_code));
            let mut columns = vec![("mrn", Some(mrn.clone()))];
            columns.extend(details.columns());
            Ok(columns)
        };
        let saved = self.save_row(TABLE, None, numbered, |tx, saved: &Saved<PatientId>| {
            let mrn = mrn.get().ok_or_else(|| StoreError::Internal("a new patient was saved without a record number".into()))?;
            index_patient(tx.sql(), &saved.id, mrn, &details)?;
            Ok(AuditRecord::new(Some(actor), AuditAction::PatientCreated).patient(&saved.id))
        })?;
        self.get_patient(&saved.id)
    }

    /// Replaces a patient's details with `input`; only the fields that changed are written
    /// and recorded, so two sites editing different fields both keep their edits.
    pub fn update_patient(
        &mut self,
        actor: &Actor,
        id: &PatientId,
        input: &PatientInput,
        today: NaiveDate,
    ) -> Result<Patient, StoreError> {
        let details = input.validate(today)?;
        let current = self.get_patient(id)?;
        if current.archived_at.is_some() {
            return Err(StoreError::Conflict("This patient is archived; archived records cannot be edited".into()));
        }
        let stored = Some((*id, current.details.columns()));
        let saved = self.save_row(
            TABLE,
            stored,
            |_| Ok(details.columns()),
            |tx, saved| {
                index_patient(tx.sql(), id, &current.mrn, &details)?;
                // The audit names the changed fields, never their values.
                Ok(AuditRecord::new(Some(actor), AuditAction::PatientUpdated).patient(id).detail(saved.written.join(", ")))
            },
        )?;
        if saved.written.is_empty() {
            return Ok(current);
        }
        self.get_patient(id)
    }

    /// Archives a patient (a tombstone: the record stays, hidden from lists and search).
    /// Archiving an archived patient changes nothing.
    pub fn archive_patient(&mut self, actor: &Actor, id: &PatientId) -> Result<Patient, StoreError> {
        let current = self.get_patient(id)?;
        if current.archived_at.is_some() {
            return Ok(current);
        }
        let mut tx = self.write()?;
        tx.tombstone(TABLE, id)?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::PatientArchived).patient(id))?;
        tx.commit()?;
        self.get_patient(id)
    }

    /// One patient for `actor` to see: the read is audited.
    pub fn read_patient(&mut self, actor: &Actor, id: &PatientId) -> Result<Patient, StoreError> {
        let patient = self.get_patient(id)?;
        self.audit(&AuditRecord::new(Some(actor), AuditAction::PatientViewed).patient(id))?;
        Ok(patient)
    }

    /// One patient by id, archived or not (not audited: for the store's own use and tests).
    pub fn get_patient(&self, id: &PatientId) -> Result<Patient, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {PATIENT_COLUMNS} FROM patient WHERE id = ?1"))?
            .query_row([id], patient_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found(TABLE, id))?
    }

    /// A page of patients in the requested order, with the total count.
    pub fn list_patients(&self, request: &ListPatientsRequest) -> Result<PatientPage, StoreError> {
        let request = request.clamped();
        let filter = if request.include_archived { "" } else { "WHERE deleted_at IS NULL" };
        let order = match request.sort {
            PatientSort::FamilyName => "family_name COLLATE NOCASE, given_name COLLATE NOCASE, id",
            PatientSort::GivenName => "given_name COLLATE NOCASE, family_name COLLATE NOCASE, id",
            PatientSort::DateOfBirth => "date_of_birth, id",
            PatientSort::RecentlyUpdated => "updated_at DESC, id",
            PatientSort::Mrn => "mrn",
        };
        let total: i64 =
            self.conn.prepare_cached(&format!("SELECT count(*) FROM patient {filter}"))?.query_row([], |r| r.get(0))?;
        // Rows skipped by OFFSET are walked in the (partial) index only; the 25 rows of the page
        // are the only ones read from the table.
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM patient p
             WHERE p.rowid IN (SELECT rowid FROM patient {filter} ORDER BY {order} LIMIT ?1 OFFSET ?2)
             ORDER BY {}",
            prefixed(order)
        );
        let items = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![request.page_size, to_sql_int(request.offset())], summary_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        Ok(PatientPage { items, total: total.unsigned_abs(), page: request.page, page_size: request.page_size })
    }

    /// How many patients are not archived.
    pub fn count_active_patients(&self) -> Result<u64, StoreError> {
        let count: i64 =
            self.conn.prepare_cached("SELECT count(*) FROM patient WHERE deleted_at IS NULL")?.query_row([], |r| r.get(0))?;
        Ok(count.unsigned_abs())
    }
}

/// Rewrites the search entries of these patients from their stored rows (after a pull changed
/// them), all in one pass; a row that has not arrived whole yet is left for later.
pub(crate) fn reindex_patients<'a>(
    tx: &rusqlite::Transaction<'_>,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<(), StoreError> {
    let mut read = tx.prepare_cached(&format!("SELECT {PATIENT_COLUMNS} FROM patient WHERE id = ?1"))?;
    let mut patients = Vec::new();
    for id in ids {
        if let Some(patient) = read.query_row([id], patient_from_row).optional()?.transpose()? {
            patients.push(patient);
        }
    }
    crate::search::index_patients(tx, patients.iter().map(|p| (&p.id, p.mrn.as_str(), &p.details)))
}

/// An ORDER BY list with every column qualified by the `p` alias.
fn prefixed(order: &str) -> String {
    order.split(", ").map(|term| format!("p.{term}")).collect::<Vec<_>>().join(", ")
}

/// SQLite integers are signed; an offset past i64::MAX is no real page, so it saturates.
fn to_sql_int(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn patient_from_row(r: &Row<'_>) -> RowResult<Patient> {
    let text = |i: usize| r.get::<_, String>(i);
    let opt = |i: usize| r.get::<_, Option<String>>(i);
    let details = (|| -> Result<PatientDetails, StoreError> {
        Ok(PatientDetails {
            given_name: text(2)?,
            middle_name: opt(3)?,
            family_name: text(4)?,
            preferred_name: opt(5)?,
            date_of_birth: parse_date(&text(6)?, TABLE, "date_of_birth")?,
            sex: parse_sex(&text(7)?)?,
            phone: opt(8)?,
            email: opt(9)?,
            address_line1: opt(10)?,
            address_line2: opt(11)?,
            city: opt(12)?,
            region: opt(13)?,
            postal_code: opt(14)?,
            country: opt(15)?,
            blood_group: opt(16)?
                .map(|c| BloodGroup::from_code(&c).ok_or(StoreError::Corrupt { table: TABLE, column: "blood_group" }))
                .transpose()?,
            emergency_contact_name: opt(17)?,
            emergency_contact_relationship: opt(18)?,
            emergency_contact_phone: opt(19)?,
            insurance_provider: opt(20)?,
            insurance_policy_number: opt(21)?,
            insurance_group_number: opt(22)?,
            notes: opt(23)?,
        })
    })();
    let patient = (|| -> Result<Patient, StoreError> {
        Ok(Patient {
            id: r.get(0)?,
            mrn: text(1)?,
            details: details?,
            site_id: text(24)?,
            created_at: parse_instant(&text(25)?, TABLE, "created_at")?,
            updated_at: parse_instant(&text(26)?, TABLE, "updated_at")?,
            archived_at: parse_opt_instant(opt(27)?, TABLE, "deleted_at")?,
        })
    })();
    Ok(patient)
}

pub(crate) fn summary_from_row(r: &Row<'_>) -> RowResult<PatientSummary> {
    let summary = (|| -> Result<PatientSummary, StoreError> {
        Ok(PatientSummary {
            id: r.get(0)?,
            mrn: r.get(1)?,
            given_name: r.get(2)?,
            family_name: r.get(3)?,
            preferred_name: r.get(4)?,
            date_of_birth: parse_date(&r.get::<_, String>(5)?, TABLE, "date_of_birth")?,
            sex: parse_sex(&r.get::<_, String>(6)?)?,
            phone: r.get(7)?,
            email: r.get(8)?,
            archived: r.get::<_, Option<String>>(9)?.is_some(),
        })
    })();
    Ok(summary)
}

fn parse_sex(text: &str) -> Result<Sex, StoreError> {
    Sex::from_code(text).ok_or(StoreError::Corrupt { table: TABLE, column: "sex" })
}
