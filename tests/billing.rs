//! Billing through its commands on a real SQLCipher file (issue 8, Done means 3 and part of 4):
//! payments and voids are audited with the patient; the invoice PDF is read back with pdftotext.

mod common;

use clinic_core::billing::InvoiceStatus;
use clinic_core::{AuditAction, AuditQuery, Role};
use clinic_desk_lib::billing::BillingReport;
use clinic_desk_lib::{commands, ErrorCode};
use common::*;

#[test]
fn the_front_desk_bills_takes_part_payment_and_prints_the_balance_due() {
    let clinic = Clinic::new();
    clinic.log_in(Role::FrontDesk);
    let p = clinic.patient;
    let not_done = commands::create_invoice(&clinic.state, p, Some(clinic.appointment), invoice_draft(12_000));
    assert_eq!(not_done.expect_err("only completed appointments").code, ErrorCode::Conflict);
    let draft = commands::create_invoice(&clinic.state, p, None, invoice_draft(12_000)).expect("draft");
    assert_eq!(draft.currency.code(), "EUR");
    let issued = commands::issue_invoice(&clinic.state, draft.id).expect("issue");
    let number = issued.number.clone().expect("numbered");
    assert!(number.starts_with("RIV-"), "{number}");
    let over = commands::take_payment(&clinic.state, issued.id, cash(12_001)).expect_err("overpayment");
    assert_eq!(over.code, ErrorCode::Conflict);
    let part = commands::take_payment(&clinic.state, issued.id, cash(5_000)).expect("partial cash");
    assert_eq!((part.status, part.balance_minor), (InvoiceStatus::PartiallyPaid, 7_000));
    let saved = commands::save_invoice_pdf(&clinic.state, issued.id, false).expect("pdf");
    let text = pdftotext(&saved.path);
    for expected in [number.as_str(), "Ada Okafor", "Consultation", "EUR 120.00", "EUR 50.00", "Balance due", "EUR 70.00"] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(!saved.path.contains("Okafor"), "the file name names no patient: {}", saved.path);

    // The front desk may not void; billing may, and only once the payment is refunded.
    assert_eq!(
        commands::void_invoice(&clinic.state, issued.id, "Wrong patient".into()).expect_err("role").code,
        ErrorCode::Forbidden
    );
    clinic.log_in(Role::Billing);
    assert_eq!(
        commands::void_invoice(&clinic.state, issued.id, "Wrong patient".into()).expect_err("paid").code,
        ErrorCode::Conflict
    );
    commands::refund_payment(&clinic.state, issued.id, refund(5_000)).expect("refund");
    let void = commands::void_invoice(&clinic.state, issued.id, "Wrong patient".into()).expect("void");
    assert_eq!(void.status, InvoiceStatus::Void);

    let audited =
        |action| clinic.store().all_audit_events(&AuditQuery { action: Some(action), ..Default::default() }).expect("audit");
    for action in
        [AuditAction::PaymentTaken, AuditAction::PaymentRefunded, AuditAction::InvoiceVoided, AuditAction::InvoiceIssued]
    {
        let events = audited(action);
        assert_eq!(events.len(), 1, "{action:?}");
        assert_eq!(events[0].patient_id, Some(p.to_string()), "{action:?} names the patient");
    }
}

#[test]
fn reports_are_for_billing_and_admins_and_export_to_csv() {
    let clinic = Clinic::new();
    clinic.log_in(Role::FrontDesk);
    let p = clinic.patient;
    let invoice = commands::create_invoice(&clinic.state, p, None, invoice_draft(8_000)).expect("draft");
    commands::issue_invoice(&clinic.state, invoice.id).expect("issue");
    assert_eq!(commands::outstanding_balances(&clinic.state).expect_err("front desk").code, ErrorCode::Forbidden);
    clinic.log_in(Role::Admin);
    let owed = commands::outstanding_balances(&clinic.state).expect("report");
    assert_eq!((owed.len(), owed[0].days_0_to_30_minor), (1, 8_000));
    let file = commands::export_billing_csv(&clinic.state, BillingReport::Outstanding, None).expect("csv");
    let csv = std::fs::read_to_string(&file.path).expect("csv file");
    assert_eq!(file.rows, 1);
    assert!(csv.contains("RIV-000001") && csv.contains("8000") && !csv.contains("Okafor"), "{csv}");
}
