//! The billing commands' bodies (docs/billing.md): parse, check permission, call the store, map
//! the error. Money crosses as integer minor units; the currency is on each invoice.

use chrono::{Local, NaiveDate};
use clinic_core::billing::{
    BillingSettings, CashUp, Claim, ClaimListing, ClaimMove, ClaimStatus, ClaimStatusRow, InsurancePolicy, InsurancePolicyInput,
    InvoiceDraftInput, InvoiceLineInput, InvoiceView, OutstandingRow, PatientAccount, PaymentInput, RefundInput, Service,
    ServiceInput,
};
use clinic_core::{AuditAction, AuditRecord};
use serde::Deserialize;
use ts_rs::TS;

use crate::admin::ExportedFile;
use crate::chart::SavedDocument;
use crate::error::{CommandError, ErrorCode};
use crate::patients::parse_id;
use crate::state::AppState;

fn viewed(auth: &mut crate::state::Authorized<'_>, patient_id: &str, what: &str) -> Result<(), CommandError> {
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::BillingViewed).patient(patient_id).detail(what);
    Ok(auth.store.audit(&record).map(drop)?)
}

/// The fee schedule.
pub fn list_services(state: &AppState) -> Result<Vec<Service>, CommandError> {
    Ok(state.authorize("list_services")?.store.list_services()?)
}

/// Adds a service (`id` none) or changes one.
pub fn save_service(state: &AppState, id: Option<&str>, input: &ServiceInput) -> Result<Service, CommandError> {
    let mut auth = state.authorize("save_service")?;
    let id = id.map(|i| parse_id(i, "service")).transpose()?;
    let actor = auth.actor.clone();
    Ok(auth.store.save_service(&actor, id.as_deref(), input)?)
}

/// The billing settings.
pub fn get_billing_settings(state: &AppState) -> Result<BillingSettings, CommandError> {
    Ok(state.authorize("get_billing_settings")?.store.billing_settings()?)
}

/// Saves the billing settings.
pub fn save_billing_settings(state: &AppState, settings: &BillingSettings) -> Result<BillingSettings, CommandError> {
    let mut auth = state.authorize("save_billing_settings")?;
    let actor = auth.actor.clone();
    Ok(auth.store.save_billing_settings(&actor, settings)?)
}

/// A patient's invoices, policies, claims and balance.
pub fn patient_account(state: &AppState, patient_id: &str) -> Result<PatientAccount, CommandError> {
    let mut auth = state.authorize("patient_account")?;
    let patient = parse_id(patient_id, "patient")?;
    let account = auth.store.patient_account(&patient)?;
    viewed(&mut auth, &patient, "account")?;
    Ok(account)
}

/// One invoice.
pub fn get_invoice(state: &AppState, invoice_id: &str) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("get_invoice")?;
    let invoice = auth.store.get_invoice(&parse_id(invoice_id, "invoice")?)?;
    viewed(&mut auth, &invoice.patient_id.clone(), "invoice")?;
    Ok(invoice)
}

/// The lines an invoice from this appointment starts with.
pub fn appointment_invoice_lines(state: &AppState, appointment_id: &str) -> Result<Vec<InvoiceLineInput>, CommandError> {
    let auth = state.authorize("appointment_invoice_lines")?;
    Ok(auth.store.appointment_invoice_lines(&parse_id(appointment_id, "appointment")?)?)
}

/// Starts a draft invoice in the clinic's currency.
pub fn create_invoice(
    state: &AppState,
    patient_id: &str,
    appointment_id: Option<&str>,
    draft: &InvoiceDraftInput,
) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("create_invoice")?;
    let patient = parse_id(patient_id, "patient")?;
    let appointment = appointment_id.map(|a| parse_id(a, "appointment")).transpose()?;
    let currency =
        auth.store.billing_settings()?.currency().map_err(|e| CommandError::new(ErrorCode::Database, e.to_string()))?;
    let actor = auth.actor.clone();
    Ok(auth.store.create_invoice(&actor, &patient, appointment.as_deref(), draft, &currency)?)
}

/// Changes a draft.
pub fn update_invoice_draft(state: &AppState, invoice_id: &str, draft: &InvoiceDraftInput) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("update_invoice_draft")?;
    let id = parse_id(invoice_id, "invoice")?;
    let actor = auth.actor.clone();
    Ok(auth.store.update_invoice_draft(&actor, &id, draft)?)
}

/// Issues a draft: numbered and fixed.
pub fn issue_invoice(state: &AppState, invoice_id: &str) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("issue_invoice")?;
    let id = parse_id(invoice_id, "invoice")?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.issue_invoice(&actor, &id, today)?)
}

/// Voids an issued invoice with a reason.
pub fn void_invoice(state: &AppState, invoice_id: &str, reason: &str) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("void_invoice")?;
    let id = parse_id(invoice_id, "invoice")?;
    let actor = auth.actor.clone();
    Ok(auth.store.void_invoice(&actor, &id, reason)?)
}

/// Issues a credit note against an invoice.
pub fn issue_credit_note(state: &AppState, invoice_id: &str, draft: &InvoiceDraftInput) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("issue_credit_note")?;
    let id = parse_id(invoice_id, "invoice")?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.issue_credit_note(&actor, &id, draft, today)?)
}

/// Takes a payment.
pub fn take_payment(state: &AppState, invoice_id: &str, input: &PaymentInput) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("take_payment")?;
    let id = parse_id(invoice_id, "invoice")?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.take_payment(&actor, &id, input, today)?)
}

/// Gives money back.
pub fn refund_payment(state: &AppState, invoice_id: &str, input: &RefundInput) -> Result<InvoiceView, CommandError> {
    let mut auth = state.authorize("refund_payment")?;
    let id = parse_id(invoice_id, "invoice")?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.refund_payment(&actor, &id, input, today)?)
}

/// Records a patient's insurance policy.
pub fn add_insurance_policy(
    state: &AppState,
    patient_id: &str,
    input: &InsurancePolicyInput,
) -> Result<InsurancePolicy, CommandError> {
    let mut auth = state.authorize("add_insurance_policy")?;
    let patient = parse_id(patient_id, "patient")?;
    let actor = auth.actor.clone();
    Ok(auth.store.add_policy(&actor, &patient, input)?)
}

/// Starts a claim for an invoice.
pub fn create_claim(state: &AppState, invoice_id: &str, policy_id: &str, claimed_minor: i64) -> Result<Claim, CommandError> {
    let mut auth = state.authorize("create_claim")?;
    let (invoice, policy) = (parse_id(invoice_id, "invoice")?, parse_id(policy_id, "insurance policy")?);
    let actor = auth.actor.clone();
    Ok(auth.store.create_claim(&actor, &invoice, &policy, claimed_minor)?)
}

/// Moves a claim along.
pub fn move_claim(state: &AppState, claim_id: &str, mv: &ClaimMove) -> Result<Claim, CommandError> {
    let mut auth = state.authorize("move_claim")?;
    let id = parse_id(claim_id, "claim")?;
    let actor = auth.actor.clone();
    Ok(auth.store.move_claim(&actor, &id, mv)?)
}

/// The claims board.
pub fn list_claims(state: &AppState, status: Option<ClaimStatus>) -> Result<Vec<ClaimListing>, CommandError> {
    let mut auth = state.authorize("list_claims")?;
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
pub fn cash_up(state: &AppState, date: &str) -> Result<CashUp, CommandError> {
    let mut auth = state.authorize("cash_up")?;
    let report = auth.store.cash_up(parse_day(date)?)?;
    reported(&mut auth, "cash-up".into())?;
    Ok(report)
}

/// Outstanding balances by patient and age.
pub fn outstanding_balances(state: &AppState) -> Result<Vec<OutstandingRow>, CommandError> {
    let mut auth = state.authorize("outstanding_balances")?;
    let rows = auth.store.outstanding_balances(state.clinic_today(&auth.store)?)?;
    reported(&mut auth, format!("outstanding balances: {} patients", rows.len()))?;
    Ok(rows)
}

/// Claims by status.
pub fn claims_report(state: &AppState) -> Result<Vec<ClaimStatusRow>, CommandError> {
    let mut auth = state.authorize("claims_report")?;
    let rows = auth.store.claims_report()?;
    reported(&mut auth, "claims by status".into())?;
    Ok(rows)
}

/// Which report to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BillingReport {
    CashUp,
    Outstanding,
    Claims,
}

/// Writes a report as CSV to the exports folder (record numbers, not names, identify patients).
pub fn export_billing_csv(state: &AppState, report: BillingReport, date: Option<&str>) -> Result<ExportedFile, CommandError> {
    let mut auth = state.authorize("export_billing_csv")?;
    let stamp = Local::now().format("%Y%m%d-%H%M%S-%3f");
    let (name, rows): (String, Vec<Vec<String>>) = match report {
        BillingReport::CashUp => {
            let day = parse_day(date.unwrap_or(""))?;
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
            (format!("cash-up-{day}-{stamp}.csv"), rows)
        }
        BillingReport::Outstanding => {
            let owed = auth.store.outstanding_balances(state.clinic_today(&auth.store)?)?;
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
            (format!("outstanding-{stamp}.csv"), rows)
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
            (format!("claims-{stamp}.csv"), rows)
        }
    };
    let path = state.export_path(&name)?;
    let write = || -> Result<(), csv::Error> {
        let mut out = csv::Writer::from_path(&path)?;
        for row in &rows {
            out.write_record(row)?;
        }
        out.flush()?;
        Ok(())
    };
    write().map_err(|e| CommandError::new(ErrorCode::Internal, format!("Could not write {}: {e}", path.display())))?;
    reported(&mut auth, format!("exported {name}"))?;
    Ok(ExportedFile { path: path.display().to_string(), rows: rows.len().saturating_sub(1) as u64 })
}

/// Prints an invoice (or its receipt) to a PDF in the exports folder.
pub fn save_invoice_pdf(state: &AppState, invoice_id: &str, receipt: bool) -> Result<SavedDocument, CommandError> {
    let mut auth = state.authorize("save_invoice_pdf")?;
    let invoice = auth.store.get_invoice(&parse_id(invoice_id, "invoice")?)?;
    let patient = auth.store.get_patient(&invoice.patient_id)?;
    let settings = auth.store.billing_settings()?;
    let site = auth.store.site();
    let letterhead = clinic_print::billing_letterhead(&site.clinic_name, &site.site_name, &settings);
    let sheet = clinic_print::invoice_sheet(letterhead, &patient, &invoice, receipt);
    let bytes = clinic_print::invoice_pdf(&sheet)
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("Could not lay out the invoice: {e}")))?;
    let kind = if receipt { "receipt" } else { "invoice" };
    let number = invoice.number.clone().unwrap_or_else(|| "draft".into());
    let name = format!("{kind}-{number}-{}.pdf", Local::now().format("%Y%m%d-%H%M%S-%3f"));
    let path = state.export_path(&name)?;
    crate::chart::write_new_file(&path, &bytes)?;
    viewed(&mut auth, &invoice.patient_id, &format!("{kind} printed"))?;
    Ok(SavedDocument { path: path.display().to_string() })
}
