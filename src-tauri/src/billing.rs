//! The billing commands' bodies (docs/billing.md): parse, check permission, call the store, map
//! the error. Money crosses as integer minor units; the currency is on each invoice.

use chrono::NaiveDate;
use clinic_core::billing::{
    BillingSettings, CashUp, Claim, ClaimListing, ClaimMove, ClaimStatus, ClaimStatusRow, InsurancePolicy, InsurancePolicyInput,
    InvoiceDraftInput, InvoiceLineInput, InvoiceView, OutstandingRow, PatientAccount, PaymentInput, RefundInput, Service,
    ServiceInput,
};
use clinic_core::ids::{AppointmentId, ClaimId, InvoiceId, PatientId, PolicyId, ServiceId};
use clinic_core::{AuditAction, AuditRecord};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::admin::ExportedFile;
use crate::chart::SavedDocument;
use crate::error::{CommandError, ErrorCode};
use crate::exports::{write_csv_export, write_export};
use crate::state::Authorized;

fn viewed(auth: &mut crate::state::Authorized<'_>, patient_id: &PatientId, what: &str) -> Result<(), CommandError> {
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::BillingViewed).patient(patient_id).detail(what);
    Ok(auth.store.audit(&record).map(drop)?)
}

/// The fee schedule.
pub fn list_services(auth: Authorized<'_>) -> Result<Vec<Service>, CommandError> {
    Ok(auth.store.list_services()?)
}

/// Adds a service (`id` none) or changes one.
pub fn save_service(mut auth: Authorized<'_>, id: Option<ServiceId>, input: ServiceInput) -> Result<Service, CommandError> {
    Ok(auth.store.save_service(&auth.actor, id.as_ref(), &input)?)
}

/// The billing settings.
pub fn get_billing_settings(auth: Authorized<'_>) -> Result<BillingSettings, CommandError> {
    Ok(auth.store.billing_settings()?)
}

/// Saves the billing settings.
pub fn save_billing_settings(mut auth: Authorized<'_>, settings: BillingSettings) -> Result<BillingSettings, CommandError> {
    Ok(auth.store.save_billing_settings(&auth.actor, &settings)?)
}

/// A patient's invoices, policies, claims and balance.
pub fn patient_account(mut auth: Authorized<'_>, patient_id: PatientId) -> Result<PatientAccount, CommandError> {
    let patient = patient_id;
    let account = auth.store.patient_account(&patient)?;
    viewed(&mut auth, &patient, "account")?;
    Ok(account)
}

/// One invoice.
pub fn get_invoice(mut auth: Authorized<'_>, invoice_id: InvoiceId) -> Result<InvoiceView, CommandError> {
    let invoice = auth.store.get_invoice(&invoice_id)?;
    viewed(&mut auth, &invoice.patient_id, "invoice")?;
    Ok(invoice)
}

/// The lines an invoice from this appointment starts with.
pub fn appointment_invoice_lines(
    auth: Authorized<'_>,
    appointment_id: AppointmentId,
) -> Result<Vec<InvoiceLineInput>, CommandError> {
    Ok(auth.store.appointment_invoice_lines(&appointment_id)?)
}

/// Starts a draft invoice in the clinic's currency.
pub fn create_invoice(
    mut auth: Authorized<'_>,
    patient_id: PatientId,
    appointment_id: Option<AppointmentId>,
    draft: InvoiceDraftInput,
) -> Result<InvoiceView, CommandError> {
    let patient = patient_id;
    let appointment = appointment_id;
    let currency =
        auth.store.billing_settings()?.currency().map_err(|e| CommandError::new(ErrorCode::Database, e.to_string()))?;
    Ok(auth.store.create_invoice(&auth.actor, &patient, appointment.as_ref(), &draft, &currency)?)
}

/// Changes a draft.
pub fn update_invoice_draft(
    mut auth: Authorized<'_>,
    invoice_id: InvoiceId,
    draft: InvoiceDraftInput,
) -> Result<InvoiceView, CommandError> {
    let id = invoice_id;
    Ok(auth.store.update_invoice_draft(&auth.actor, &id, &draft)?)
}

/// Issues a draft: numbered and fixed.
pub fn issue_invoice(mut auth: Authorized<'_>, invoice_id: InvoiceId) -> Result<InvoiceView, CommandError> {
    let id = invoice_id;
    let today = auth.today()?;
    Ok(auth.store.issue_invoice(&auth.actor, &id, today)?)
}

/// Voids an issued invoice with a reason.
pub fn void_invoice(mut auth: Authorized<'_>, invoice_id: InvoiceId, reason: String) -> Result<InvoiceView, CommandError> {
    let id = invoice_id;
    Ok(auth.store.void_invoice(&auth.actor, &id, &reason)?)
}

/// Issues a credit note against an invoice.
pub fn issue_credit_note(
    mut auth: Authorized<'_>,
    invoice_id: InvoiceId,
    draft: InvoiceDraftInput,
) -> Result<InvoiceView, CommandError> {
    let id = invoice_id;
    let today = auth.today()?;
    Ok(auth.store.issue_credit_note(&auth.actor, &id, &draft, today)?)
}

/// Takes a payment.
pub fn take_payment(mut auth: Authorized<'_>, invoice_id: InvoiceId, input: PaymentInput) -> Result<InvoiceView, CommandError> {
    let id = invoice_id;
    let today = auth.today()?;
    Ok(auth.store.take_payment(&auth.actor, &id, &input, today)?)
}

/// Gives money back.
pub fn refund_payment(mut auth: Authorized<'_>, invoice_id: InvoiceId, input: RefundInput) -> Result<InvoiceView, CommandError> {
    let id = invoice_id;
    let today = auth.today()?;
    Ok(auth.store.refund_payment(&auth.actor, &id, &input, today)?)
}

/// Records a patient's insurance policy.
pub fn add_insurance_policy(
    mut auth: Authorized<'_>,
    patient_id: PatientId,
    input: InsurancePolicyInput,
) -> Result<InsurancePolicy, CommandError> {
    let patient = patient_id;
    Ok(auth.store.add_policy(&auth.actor, &patient, &input)?)
}

/// Starts a claim for an invoice.
pub fn create_claim(
    mut auth: Authorized<'_>,
    invoice_id: InvoiceId,
    policy_id: PolicyId,
    claimed_minor: i64,
) -> Result<Claim, CommandError> {
    let (invoice, policy) = (invoice_id, policy_id);
    Ok(auth.store.create_claim(&auth.actor, &invoice, &policy, claimed_minor)?)
}

/// Moves a claim along.
pub fn move_claim(mut auth: Authorized<'_>, claim_id: ClaimId, mv: ClaimMove) -> Result<Claim, CommandError> {
    let id = claim_id;
    Ok(auth.store.move_claim(&auth.actor, &id, &mv)?)
}

/// The claims board.
pub fn list_claims(mut auth: Authorized<'_>, status: Option<ClaimStatus>) -> Result<Vec<ClaimListing>, CommandError> {
    let claims = auth.store.list_claims(status)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::BillingViewed).detail(format!("claims: {}", claims.len()));
    auth.store.audit(&record)?;
    Ok(claims)
}

fn parse_day(text: &str) -> Result<NaiveDate, CommandError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CommandError::field("date", "Use a date like 2026-11-24"))
}

fn reported(auth: &mut crate::state::Authorized<'_>, what: String) -> Result<(), CommandError> {
    Ok(auth.store.audit(&AuditRecord::new(Some(&auth.actor), AuditAction::BillingViewed).detail(what)).map(drop)?)
}

/// The cash-up of one day.
pub fn cash_up(mut auth: Authorized<'_>, date: String) -> Result<CashUp, CommandError> {
    let report = auth.store.cash_up(parse_day(&date)?)?;
    reported(&mut auth, "cash-up".into())?;
    Ok(report)
}

/// Outstanding balances by patient and age.
pub fn outstanding_balances(mut auth: Authorized<'_>) -> Result<Vec<OutstandingRow>, CommandError> {
    let rows = auth.store.outstanding_balances(auth.today()?)?;
    reported(&mut auth, format!("outstanding balances: {} patients", rows.len()))?;
    Ok(rows)
}

/// Claims by status.
pub fn claims_report(mut auth: Authorized<'_>) -> Result<Vec<ClaimStatusRow>, CommandError> {
    let rows = auth.store.claims_report()?;
    reported(&mut auth, "claims by status".into())?;
    Ok(rows)
}

/// Which report to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BillingReport {
    CashUp,
    Outstanding,
    Claims,
}

/// Writes a report as CSV to the exports folder (record numbers, not names, identify patients).
pub fn export_billing_csv(
    mut auth: Authorized<'_>,
    report: BillingReport,
    date: Option<String>,
) -> Result<ExportedFile, CommandError> {
    let (stem, rows): (String, Vec<Vec<String>>) = match report {
        BillingReport::CashUp => {
            let day = parse_day(date.as_deref().unwrap_or(""))?;
            let cash = auth.store.cash_up(day)?;
            let mut rows = vec![vec!["date".into(), "currency".into(), "method".into(), "count".into(), "amount_minor".into()]];
            rows.extend(cash.rows.iter().map(|r| {
                vec![
                    day.to_string(),
                    r.currency.clone(),
                    format!("{:?}", r.method),
                    r.count.to_string(),
                    r.amount_minor.to_string(),
                ]
            }));
            (format!("cash-up-{day}"), rows)
        }
        BillingReport::Outstanding => {
            let owed = auth.store.outstanding_balances(auth.today()?)?;
            let mut rows =
                vec![["mrn", "currency", "days_0_30", "days_31_60", "days_61_90", "over_90", "total", "oldest_issued_on"]
                    .map(String::from)
                    .to_vec()];
            rows.extend(owed.iter().map(|r| {
                vec![
                    r.mrn.clone(),
                    r.currency.clone(),
                    r.days_0_to_30_minor.to_string(),
                    r.days_31_to_60_minor.to_string(),
                    r.days_61_to_90_minor.to_string(),
                    r.over_90_minor.to_string(),
                    r.total_minor.to_string(),
                    r.oldest_issued_on.map(|d| d.to_string()).unwrap_or_default(),
                ]
            }));
            ("outstanding".to_string(), rows)
        }
        BillingReport::Claims => {
            let claims = auth.store.claims_report()?;
            let mut rows = vec![["status", "count", "claimed_minor", "approved_minor", "paid_minor"].map(String::from).to_vec()];
            rows.extend(claims.iter().map(|r| {
                vec![
                    r.status.label().to_string(),
                    r.count.to_string(),
                    r.claimed_minor.to_string(),
                    r.approved_minor.to_string(),
                    r.paid_minor.to_string(),
                ]
            }));
            ("claims".to_string(), rows)
        }
    };
    let path = write_csv_export(&auth, &stem, |out| rows.iter().try_for_each(|row| out.write_record(row)))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    reported(&mut auth, format!("exported {name}"))?;
    Ok(ExportedFile { path: path.display().to_string(), rows: rows.len().saturating_sub(1) as u64 })
}

/// Prints an invoice (or its receipt) to a PDF in the exports folder.
pub fn save_invoice_pdf(mut auth: Authorized<'_>, invoice_id: InvoiceId, receipt: bool) -> Result<SavedDocument, CommandError> {
    let invoice = auth.store.get_invoice(&invoice_id)?;
    let patient = auth.store.get_patient(&invoice.patient_id)?;
    let settings = auth.store.billing_settings()?;
    let site = auth.store.site();
    let letterhead = clinic_print::billing_letterhead(&site.clinic_name, &site.site_name, &settings);
    let sheet = clinic_print::invoice_sheet(letterhead, &patient, &invoice, receipt);
    let bytes = clinic_print::invoice_pdf(&sheet)
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("Could not lay out the invoice: {e}")))?;
    let kind = if receipt { "receipt" } else { "invoice" };
    let number = invoice.number.clone().unwrap_or_else(|| "draft".into());
    let path = write_export(&auth, &format!("{kind}-{number}"), "pdf", &bytes)?;
    viewed(&mut auth, &invoice.patient_id, &format!("{kind} printed"))?;
    Ok(SavedDocument { path: path.display().to_string() })
}
