//! Invoices and credit notes: drafts that change freely, issuing (numbered, total fixed),
//! voiding with a reason, and credit notes. Balances are computed on every read.

use chrono::NaiveDate;
use clinic_core::billing::{
    check_credit, check_editable, check_void, due_date, invoice_number, invoice_status, invoice_totals, paid_minor, Currency,
    InvoiceDraftInput, InvoiceKind, InvoiceView, VoidError,
};
use clinic_core::ids::{AppointmentId, InvoiceId, PatientId};
use clinic_core::{new_id, Actor, AuditAction, AuditRecord};
use rusqlite::OptionalExtension;

use super::rows::{line_from_row, payment_from_row, LINE_COLUMNS, PAYMENT_COLUMNS};
use crate::codes::{code, from_code};
use crate::rows::{parse_opt_date, parse_opt_instant};
use crate::site::next_in_sequence;
use crate::write::WriteTx;
use crate::{Store, StoreError};

const T: &str = "invoice";

const INVOICE_COLUMNS: &str = "id, patient_id, appointment_id, kind, credits_invoice_id, number, currency, notes, due_days, \
     issued_at, issued_on, due_on, voided_at, void_reason, total_minor";

/// An invoice's stored facts, before its lines and payments are read.
struct Facts {
    id: InvoiceId,
    patient_id: PatientId,
    appointment_id: Option<AppointmentId>,
    kind: String,
    credits_invoice_id: Option<InvoiceId>,
    number: Option<String>,
    currency: String,
    notes: Option<String>,
    due_days: u32,
    issued_at: Option<String>,
    issued_on: Option<String>,
    due_on: Option<String>,
    voided_at: Option<String>,
    void_reason: Option<String>,
    /// Fixed when issued; `None` for a draft.
    total_minor: Option<i64>,
}

fn facts_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Facts> {
    Ok(Facts {
        id: r.get(0)?,
        patient_id: r.get(1)?,
        appointment_id: r.get(2)?,
        kind: r.get(3)?,
        credits_invoice_id: r.get(4)?,
        number: r.get(5)?,
        currency: r.get(6)?,
        notes: r.get(7)?,
        due_days: r.get(8)?,
        issued_at: r.get(9)?,
        issued_on: r.get(10)?,
        due_on: r.get(11)?,
        voided_at: r.get(12)?,
        void_reason: r.get(13)?,
        total_minor: r.get(14)?,
    })
}

fn draft_columns(draft: &InvoiceDraftInput) -> Vec<(&'static str, Option<String>)> {
    vec![("notes", draft.notes.clone()), ("due_days", Some(draft.due_days.to_string()))]
}

/// Writes a draft's lines, in order, under `invoice_id`.
fn insert_lines(tx: &mut WriteTx<'_>, invoice_id: &InvoiceId, draft: &InvoiceDraftInput) -> Result<(), StoreError> {
    for (position, line) in draft.lines.iter().enumerate() {
        tx.insert(
            "invoice_line",
            new_id(),
            &[
                ("invoice_id", Some(invoice_id.to_string())),
                ("position", Some(position.to_string())),
                ("service_id", line.service_id.map(|s| s.to_string())),
                ("description", Some(line.description.clone())),
                ("quantity", Some(line.quantity.to_string())),
                ("unit_price_minor", Some(line.unit_price_minor.to_string())),
                ("discount_bp", Some(line.discount_bp.to_string())),
                ("tax_rate_bp", Some(line.tax_rate_bp.to_string())),
            ],
        )?;
    }
    Ok(())
}

fn edit_refused(e: impl std::fmt::Display) -> StoreError {
    StoreError::Conflict(e.to_string())
}

impl Store {
    fn invoice_facts(&self, id: &InvoiceId) -> Result<Facts, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {INVOICE_COLUMNS} FROM invoice WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row([id], facts_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found(T, id))
    }

    /// One invoice or credit note with its lines, payments, credits, balance and status.
    pub fn get_invoice(&self, id: &InvoiceId) -> Result<InvoiceView, StoreError> {
        let facts = self.invoice_facts(id)?;
        self.view_of(facts)
    }

    fn view_of(&self, f: Facts) -> Result<InvoiceView, StoreError> {
        let lines = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LINE_COLUMNS} FROM invoice_line WHERE invoice_id = ?1 AND deleted_at IS NULL ORDER BY position, id"
            ))?
            .query_map([&f.id], line_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        let payments = self
            .conn
            .prepare_cached(&format!(
                "SELECT {PAYMENT_COLUMNS} FROM payment WHERE invoice_id = ?1 AND deleted_at IS NULL ORDER BY received_on, created_at, id"
            ))?
            .query_map([&f.id], payment_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        let credited_minor = self.credited_minor(&f.id)?;
        let mut totals = invoice_totals(&lines);
        // The total fixed at issue is the one every balance and report uses.
        if let Some(fixed) = f.total_minor {
            totals.total_minor = fixed;
        }
        let paid = paid_minor(&payments);
        let kind: InvoiceKind = from_code(&f.kind, T, "kind")?;
        let (issued_at, voided_at) =
            (parse_opt_instant(f.issued_at, T, "issued_at")?, parse_opt_instant(f.voided_at, T, "voided_at")?);
        let status = invoice_status(kind, issued_at, voided_at, totals.total_minor, paid, credited_minor);
        Ok(InvoiceView {
            id: f.id,
            patient_id: f.patient_id,
            appointment_id: f.appointment_id,
            kind,
            credits_invoice_id: f.credits_invoice_id,
            number: f.number,
            currency: Currency::parse(&f.currency).map_err(|_| StoreError::Corrupt { table: T, column: "currency" })?,
            notes: f.notes,
            due_days: f.due_days,
            issued_at,
            issued_on: parse_opt_date(f.issued_on, T, "issued_on")?,
            due_on: parse_opt_date(f.due_on, T, "due_on")?,
            voided_at,
            void_reason: f.void_reason,
            lines,
            totals,
            payments,
            paid_minor: paid,
            credited_minor,
            balance_minor: clinic_core::billing::balance_minor(totals.total_minor, paid, credited_minor),
            status,
        })
    }

    /// Refuses lines that name a service the fee schedule does not have.
    fn check_services(&self, draft: &InvoiceDraftInput) -> Result<(), StoreError> {
        let mut errors = Vec::new();
        for (i, line) in draft.lines.iter().enumerate() {
            if let Some(service) = &line.service_id {
                if matches!(self.get_service(service), Err(StoreError::NotFound { .. })) {
                    errors.push(clinic_core::FieldError {
                        field: format!("lines[{i}].serviceId"),
                        message: "This service is not in the fee schedule".into(),
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Validation(clinic_core::ValidationErrors(errors)))
        }
    }

    /// What issued, unvoided credit notes take off `invoice_id`.
    fn credited_minor(&self, invoice_id: &InvoiceId) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(total_minor), 0) FROM invoice
                 WHERE credits_invoice_id = ?1 AND kind = 'credit_note' AND issued_at IS NOT NULL AND voided_at IS NULL
                   AND deleted_at IS NULL",
            )?
            .query_row([invoice_id], |r| r.get(0))?)
    }

    /// A patient's invoices and credit notes, newest first.
    pub fn patient_invoices(&self, patient_id: &PatientId) -> Result<Vec<InvoiceView>, StoreError> {
        let facts = self
            .conn
            .prepare_cached(&format!(
                "SELECT {INVOICE_COLUMNS} FROM invoice WHERE patient_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC"
            ))?
            .query_map([patient_id], facts_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        facts.into_iter().map(|f| self.view_of(f)).collect()
    }

    /// Starts a draft invoice for a patient (optionally for one of their appointments). Audited.
    pub fn create_invoice(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        appointment_id: Option<&AppointmentId>,
        draft: &InvoiceDraftInput,
        currency: &Currency,
    ) -> Result<InvoiceView, StoreError> {
        let draft = draft.validate()?;
        self.get_patient(patient_id)?;
        if let Some(appointment) = appointment_id {
            let appointment = self.get_appointment(appointment)?;
            if appointment.patient_id != *patient_id {
                return Err(StoreError::Conflict("That appointment is for another patient".into()));
            }
            if appointment.status != clinic_core::scheduling::AppointmentStatus::Completed {
                return Err(StoreError::Conflict("Only a completed appointment is invoiced".into()));
            }
        }
        self.check_services(&draft)?;
        let id = InvoiceId::new();
        let mut tx = self.write()?;
        let mut columns = draft_columns(&draft);
        columns.extend([
            ("patient_id", Some(patient_id.to_string())),
            ("appointment_id", appointment_id.map(ToString::to_string)),
            ("kind", code(&InvoiceKind::Invoice)),
            ("currency", Some(currency.code().to_string())),
            ("created_by", Some(actor.user_id.to_string())),
        ]);
        tx.insert(T, id, &columns)?;
        insert_lines(&mut tx, &id, &draft)?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::InvoiceCreated).patient(patient_id).entity(T, id))?;
        tx.commit()?;
        self.get_invoice(&id)
    }

    /// Replaces a draft's lines and details; an issued or void invoice never changes. Audited.
    pub fn update_invoice_draft(
        &mut self,
        actor: &Actor,
        id: &InvoiceId,
        draft: &InvoiceDraftInput,
    ) -> Result<InvoiceView, StoreError> {
        let draft = draft.validate()?;
        let current = self.get_invoice(id)?;
        check_editable(current.issued_at, current.voided_at).map_err(edit_refused)?;
        self.check_services(&draft)?;
        let old_lines: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM invoice_line WHERE invoice_id = ?1 AND deleted_at IS NULL")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut tx = self.write()?;
        for line in &old_lines {
            tx.tombstone("invoice_line", line)?;
        }
        insert_lines(&mut tx, id, &draft)?;
        tx.update(T, id, &draft_columns(&draft))?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::InvoiceChanged).patient(&current.patient_id).entity(T, id))?;
        tx.commit()?;
        self.get_invoice(id)
    }

    /// Issues a draft: numbers it `<SITE>-<YEAR>-<NNNNN>` from this site's own sequence, dates
    /// it `today` (the clinic's date) and fixes its total. Audited.
    pub fn issue_invoice(&mut self, actor: &Actor, id: &InvoiceId, today: NaiveDate) -> Result<InvoiceView, StoreError> {
        let current = self.get_invoice(id)?;
        check_editable(current.issued_at, current.voided_at).map_err(edit_refused)?;
        if current.lines.is_empty() {
            return Err(StoreError::Conflict("An invoice needs at least one line before it is issued".into()));
        }
        let action = match current.kind {
            InvoiceKind::Invoice => AuditAction::InvoiceIssued,
            InvoiceKind::CreditNote => AuditAction::CreditNoteIssued,
        };
        let mut tx = self.write()?;
        issue_in(&mut tx, id, current.totals.total_minor, current.due_days, today)?;
        tx.audit(&AuditRecord::new(Some(actor), action).patient(&current.patient_id).entity(T, id))?;
        tx.commit()?;
        self.get_invoice(id)
    }

    /// Voids an issued invoice with a reason, while nothing is paid and no credit note is
    /// issued against it. Audited.
    pub fn void_invoice(&mut self, actor: &Actor, id: &InvoiceId, reason: &str) -> Result<InvoiceView, StoreError> {
        let current = self.get_invoice(id)?;
        let reason = check_void(current.issued_at, current.voided_at, current.paid_minor, reason).map_err(|e| match e {
            VoidError::Invalid(errors) => StoreError::Validation(errors),
            other => StoreError::Conflict(other.to_string()),
        })?;
        if current.kind != InvoiceKind::Invoice {
            return Err(StoreError::Conflict("A credit note is not voided: issue the invoice again if it was wrong".into()));
        }
        if current.credited_minor != 0 {
            return Err(StoreError::Conflict("A credit note is issued against this invoice: it cannot be voided".into()));
        }
        if self.open_claim(id)?.is_some() {
            return Err(StoreError::Conflict("This invoice has a claim with the payer: deny or settle it first".into()));
        }
        let mut tx = self.write()?;
        let now = tx.now().to_string();
        tx.update(T, id, &[("voided_at", Some(now)), ("void_reason", Some(reason))])?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::InvoiceVoided).patient(&current.patient_id).entity(T, id))?;
        tx.commit()?;
        self.get_invoice(id)
    }

    /// Issues a credit note against an issued invoice: its own number, at most what is left
    /// to credit. The lines are what is credited, written as positive amounts. Audited.
    pub fn issue_credit_note(
        &mut self,
        actor: &Actor,
        invoice_id: &InvoiceId,
        draft: &InvoiceDraftInput,
        today: NaiveDate,
    ) -> Result<InvoiceView, StoreError> {
        let draft = draft.validate()?;
        let original = self.get_invoice(invoice_id)?;
        self.check_services(&draft)?;
        if original.kind != InvoiceKind::Invoice {
            return Err(StoreError::Conflict("A credit note credits an invoice, not another credit note".into()));
        }
        let credit_total = invoice_totals(&draft.priced_lines()).total_minor;
        check_credit(original.status, original.totals.total_minor, original.credited_minor, credit_total, &original.currency)
            .map_err(edit_refused)?;
        let id = InvoiceId::new();
        let mut tx = self.write()?;
        let mut columns = draft_columns(&draft);
        columns.extend([
            ("patient_id", Some(original.patient_id.to_string())),
            ("kind", code(&InvoiceKind::CreditNote)),
            ("credits_invoice_id", Some(invoice_id.to_string())),
            ("currency", Some(original.currency.code().to_string())),
            ("created_by", Some(actor.user_id.to_string())),
        ]);
        tx.insert(T, id, &columns)?;
        insert_lines(&mut tx, &id, &draft)?;
        issue_in(&mut tx, &id, credit_total, draft.due_days, today)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::CreditNoteIssued)
                .patient(&original.patient_id)
                .entity(T, id)
                .detail(format!("credits {}", original.number.as_deref().unwrap_or("a draft"))),
        )?;
        tx.commit()?;
        self.get_invoice(&id)
    }
}

/// Numbers and dates an invoice inside `tx` and fixes its total.
fn issue_in(tx: &mut WriteTx<'_>, id: &InvoiceId, total_minor: i64, due_days: u32, today: NaiveDate) -> Result<(), StoreError> {
    let year = chrono::Datelike::year(&today);
    let sequence = next_in_sequence(tx.sql(), &format!("invoice-{year}"))?;
    let sequence =
        u32::try_from(sequence).map_err(|_| StoreError::Conflict("This year's invoice numbers have run out".into()))?;
    let number = invoice_number(&tx.site().site_code, year, sequence);
    let now = tx.now().to_string();
    tx.update(
        T,
        id,
        &[
            ("number", Some(number)),
            ("total_minor", Some(total_minor.to_string())),
            ("issued_at", Some(now)),
            ("issued_on", Some(today.format("%Y-%m-%d").to_string())),
            ("due_on", Some(due_date(today, due_days).format("%Y-%m-%d").to_string())),
        ],
    )
}
