//! Billing on a real SQLCipher file (issue 8, Done means 1): totals with quantities, discounts
//! and tax rounding; nothing changes after issue; void and credit note; partial payments and the
//! balance; refunds; the claim lifecycle; numbers that two offline sites never share.

mod common;

use clinic_core::billing::{
    ClaimMove, ClaimStatus, Currency, InsurancePolicyInput, InvoiceDraftInput, InvoiceLineInput, InvoiceStatus, PaymentInput,
    PaymentMethod, RefundInput, ServiceInput,
};
use clinic_core::{AuditAction, AuditQuery};
use clinic_store::{DatabaseKey, SiteSetup, Store, StoreError};
use common::*;

fn eur() -> Currency {
    Currency::parse("EUR").expect("currency")
}

fn line(description: &str, quantity: u32, unit_price_minor: i64, discount_bp: u32, tax_rate_bp: u32) -> InvoiceLineInput {
    InvoiceLineInput { service_id: None, description: description.into(), quantity, unit_price_minor, discount_bp, tax_rate_bp }
}

fn draft(lines: Vec<InvoiceLineInput>) -> InvoiceDraftInput {
    InvoiceDraftInput { lines, notes: None, due_days: 30 }
}

fn pay(amount_minor: i64) -> PaymentInput {
    PaymentInput { amount_minor, method: PaymentMethod::Cash, reference: None, received_on: today() }
}

struct Desk {
    store: Store,
    actor: clinic_core::Actor,
    patient: clinic_core::ids::PatientId,
    _dir: tempfile::TempDir,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let actor = set_up(&mut store);
    let patient = store.create_patient(&actor, &patient("Zoë", "Ñúñez-Øberg"), today()).expect("patient").id;
    Desk { store, actor, patient, _dir: dir }
}

#[test]
fn totals_round_each_line_and_add_up() {
    let mut d = desk();
    // 3 × 33.33 = 99.99, 10 % off = 10.00 (9.999 rounds up), net 89.99, 7.7 % tax = 6.93 (6.929).
    // 1 × 0.05 at 10 % tax = 0.005 → 0.01 (half away from zero), three times.
    let lines = vec![
        line("Consultation", 3, 3333, 1000, 770),
        line("Dressing", 1, 5, 0, 1000),
        line("Dressing", 1, 5, 0, 1000),
        line("Dressing", 1, 5, 0, 1000),
    ];
    let invoice = d.store.create_invoice(&d.actor, &d.patient, None, &draft(lines), &eur()).expect("draft");
    assert_eq!(invoice.status, InvoiceStatus::Draft);
    assert_eq!(invoice.number, None, "a draft has no number");
    let first = &invoice.lines[0];
    assert_eq!((first.subtotal_minor, first.discount_minor, first.net_minor, first.tax_minor), (9999, 1000, 8999, 693));
    assert_eq!(invoice.totals.subtotal_minor, 9999 + 15);
    assert_eq!(invoice.totals.discount_minor, 1000);
    assert_eq!(invoice.totals.tax_minor, 693 + 3, "tax is rounded per line, then summed");
    assert_eq!(invoice.totals.total_minor, 8999 + 693 + 15 + 3);
}

#[test]
fn an_issued_invoice_is_numbered_and_never_changes() {
    let mut d = desk();
    let invoice =
        d.store.create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Visit", 1, 5000, 0, 0)]), &eur()).expect("draft");
    let edited =
        d.store.update_invoice_draft(&d.actor, &invoice.id, &draft(vec![line("Long visit", 2, 5000, 0, 0)])).expect("edit draft");
    assert_eq!(edited.totals.total_minor, 10_000);
    let issued = d.store.issue_invoice(&d.actor, &invoice.id, today()).expect("issue");
    assert_eq!(issued.number.as_deref(), Some("TEST-2026-00001"));
    assert_eq!(issued.status, InvoiceStatus::Issued);
    assert_eq!(issued.due_on, Some(today() + chrono::Duration::days(30)));
    let refused = d.store.update_invoice_draft(&d.actor, &invoice.id, &draft(vec![line("Cheaper", 1, 1, 0, 0)]));
    assert!(matches!(refused, Err(StoreError::Conflict(ref m)) if m.contains("issued")), "{refused:?}");
    assert!(matches!(d.store.issue_invoice(&d.actor, &invoice.id, today()), Err(StoreError::Conflict(_))));
    assert_eq!(d.store.get_invoice(&invoice.id).expect("read"), issued, "nothing changed");
}

#[test]
fn partial_payments_a_refused_overpayment_and_a_refund_keep_the_balance_right() {
    let mut d = desk();
    let invoice =
        d.store.create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Visit", 1, 10_000, 0, 0)]), &eur()).expect("draft");
    assert!(matches!(d.store.take_payment(&d.actor, &invoice.id, &pay(100), today()), Err(StoreError::Conflict(_))), "draft");
    d.store.issue_invoice(&d.actor, &invoice.id, today()).expect("issue");
    let after_one = d.store.take_payment(&d.actor, &invoice.id, &pay(3_000), today()).expect("partial");
    assert_eq!((after_one.status, after_one.balance_minor), (InvoiceStatus::PartiallyPaid, 7_000));
    let over = d.store.take_payment(&d.actor, &invoice.id, &pay(7_001), today()).expect_err("overpayment");
    assert!(over.to_string().contains("EUR 70.00"), "{over}");
    let card = PaymentInput { method: PaymentMethod::Card, reference: Some("AUTH 123".into()), ..pay(7_000) };
    let paid = d.store.take_payment(&d.actor, &invoice.id, &card, today()).expect("rest");
    assert_eq!((paid.status, paid.balance_minor, paid.paid_minor), (InvoiceStatus::Paid, 0, 10_000));

    let refund = RefundInput {
        amount_minor: 2_500,
        method: PaymentMethod::Cash,
        reason: "Dressing not used".into(),
        refunded_on: today(),
    };
    let refunded = d.store.refund_payment(&d.actor, &invoice.id, &refund, today()).expect("refund");
    assert_eq!((refunded.status, refunded.balance_minor), (InvoiceStatus::PartiallyPaid, 2_500));
    let stored = refunded.payments.last().expect("refund row");
    assert_eq!((stored.amount_minor, stored.refund_reason.as_deref()), (-2_500, Some("Dressing not used")));
    let too_much = RefundInput { amount_minor: 7_501, ..refund };
    assert!(d.store.refund_payment(&d.actor, &invoice.id, &too_much, today()).is_err(), "at most what was paid");
    let audited =
        |action| d.store.all_audit_events(&AuditQuery { action: Some(action), ..Default::default() }).expect("audit").len();
    assert_eq!((audited(AuditAction::PaymentTaken), audited(AuditAction::PaymentRefunded)), (2, 1));
}

#[test]
fn void_needs_a_reason_and_no_payments_and_a_credit_note_lowers_the_balance() {
    let mut d = desk();
    let a = d.store.create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Visit", 1, 8_000, 0, 0)]), &eur()).expect("a");
    d.store.issue_invoice(&d.actor, &a.id, today()).expect("issue");
    assert!(matches!(d.store.void_invoice(&d.actor, &a.id, "no"), Err(StoreError::Validation(_))), "reason too short");
    let void = d.store.void_invoice(&d.actor, &a.id, "Billed to the wrong patient").expect("void");
    assert_eq!((void.status, void.void_reason.as_deref()), (InvoiceStatus::Void, Some("Billed to the wrong patient")));
    assert!(d.store.take_payment(&d.actor, &a.id, &pay(100), today()).is_err(), "no payments on a void invoice");

    let b = d.store.create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Visit", 2, 5_000, 0, 0)]), &eur()).expect("b");
    d.store.issue_invoice(&d.actor, &b.id, today()).expect("issue");
    d.store.take_payment(&d.actor, &b.id, &pay(2_000), today()).expect("pay");
    assert!(matches!(d.store.void_invoice(&d.actor, &b.id, "Changed my mind"), Err(StoreError::Conflict(_))), "paid: credit it");
    let credit = d
        .store
        .issue_credit_note(&d.actor, &b.id, &draft(vec![line("One visit not given", 1, 5_000, 0, 0)]), today())
        .expect("credit");
    assert_eq!(credit.number.as_deref(), Some("TEST-2026-00003"), "credit notes share the site's sequence");
    let b = d.store.get_invoice(&b.id).expect("b");
    assert_eq!((b.credited_minor, b.balance_minor, b.status), (5_000, 3_000, InvoiceStatus::PartiallyPaid));
    let too_much = d.store.issue_credit_note(&d.actor, &b.id, &draft(vec![line("More", 1, 5_001, 0, 0)]), today());
    assert!(matches!(too_much, Err(StoreError::Conflict(_))), "{too_much:?}");
    assert!(d.store.take_payment(&d.actor, &credit.id, &pay(1), today()).is_err(), "a credit note takes no payments");
}

#[test]
fn a_claim_goes_from_draft_to_paid_and_sets_the_patients_share() {
    let mut d = desk();
    let invoice = d
        .store
        .create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Surgery", 1, 50_000, 0, 0)]), &eur())
        .expect("draft");
    let policy = InsurancePolicyInput {
        payer: "Helix Health".into(),
        member_id: "HX-99812".into(),
        group_number: None,
        valid_from: today() - chrono::Duration::days(365),
        valid_to: None,
    };
    let policy = d.store.add_policy(&d.actor, &d.patient, &policy).expect("policy");
    assert!(d.store.create_claim(&d.actor, &invoice.id, &policy.id, 40_000).is_err(), "a draft is not claimed");
    d.store.issue_invoice(&d.actor, &invoice.id, today()).expect("issue");
    assert!(matches!(d.store.create_claim(&d.actor, &invoice.id, &policy.id, 50_001), Err(StoreError::Validation(_))));
    let claim = d.store.create_claim(&d.actor, &invoice.id, &policy.id, 40_000).expect("claim");
    assert_eq!(claim.state.status, ClaimStatus::Draft);
    assert!(d.store.create_claim(&d.actor, &invoice.id, &policy.id, 1).is_err(), "one claim per invoice");
    assert!(d.store.move_claim(&d.actor, &claim.id, &ClaimMove::RecordPayment { paid_minor: 1 }).is_err());
    d.store.move_claim(&d.actor, &claim.id, &ClaimMove::Submit).expect("submit");
    let approved = d.store.move_claim(&d.actor, &claim.id, &ClaimMove::Approve { approved_minor: 30_000 }).expect("approve");
    assert_eq!(approved.state.status, ClaimStatus::PartiallyApproved);
    assert_eq!(clinic_core::billing::patient_share(50_000, Some((approved.state.status, approved.state.approved_minor))), 20_000);
    let paid = d.store.move_claim(&d.actor, &claim.id, &ClaimMove::RecordPayment { paid_minor: 30_000 }).expect("paid");
    assert_eq!((paid.state.status, paid.state.paid_minor), (ClaimStatus::Paid, 30_000));
    assert!(d.store.move_claim(&d.actor, &claim.id, &ClaimMove::Submit).is_err(), "paid is final");
}

#[test]
fn two_sites_issuing_offline_at_once_never_share_a_number() {
    let mut numbers = Vec::new();
    let mut dirs = Vec::new();
    for code in ["RIV", "NTH"] {
        let dir = tempfile::tempdir().expect("tempdir");
        use_mock_keychain();
        let setup = SiteSetup { clinic_name: "Test Clinic".into(), site_name: code.into(), site_code: code.into() };
        let mut store = Store::create(&db_path(dir.path()), &DatabaseKey::generate(), &setup).expect("store");
        let first_run = clinic_core::ClinicSetupInput {
            clinic_name: "Test Clinic".into(),
            site_name: code.into(),
            site_code: code.into(),
            username: "ada".into(),
            display_name: "Ada Admin".into(),
            password: PASSWORD.into(),
        };
        let admin = store.set_up_clinic(&first_run.validate().expect("valid")).expect("setup");
        let actor = clinic_core::Actor { user_id: admin.id, username: admin.username, role: admin.role };
        let p = store.create_patient(&actor, &patient("Ada", code), today()).expect("patient").id;
        for _ in 0..5 {
            let i = store.create_invoice(&actor, &p, None, &draft(vec![line("Visit", 1, 100, 0, 0)]), &eur()).expect("draft");
            numbers.push(store.issue_invoice(&actor, &i.id, today()).expect("issue").number.expect("number"));
        }
        dirs.push(dir);
    }
    let unique: std::collections::BTreeSet<&String> = numbers.iter().collect();
    assert_eq!(unique.len(), 10, "{numbers:?}");
    assert!(numbers.contains(&"RIV-2026-00001".to_string()) && numbers.contains(&"NTH-2026-00001".to_string()));
    for n in &numbers {
        assert!(clinic_core::billing::parse_invoice_number(n).is_some(), "{n}");
    }
}

#[test]
fn service_codes_are_unique_in_the_fee_schedule() {
    let mut d = desk();
    let consult = ServiceInput {
        code: "cons-15".into(),
        name: "Consultation".into(),
        price_minor: 4_500,
        tax_rate_bp: 0,
        active: true,
        appointment_type_id: None,
    };
    let saved = d.store.save_service(&d.actor, None, &consult).expect("service");
    assert_eq!(saved.details.code, "CONS-15");
    let clash = d.store.save_service(&d.actor, None, &ServiceInput { name: "Other".into(), ..consult.clone() });
    assert!(matches!(clash, Err(StoreError::Validation(ref e)) if e.for_field("code").is_some()), "{clash:?}");
    let cheaper = ServiceInput { price_minor: 4_000, ..consult };
    assert_eq!(d.store.save_service(&d.actor, Some(&saved.id), &cheaper).expect("edit").details.price_minor, 4_000);
    assert_eq!(d.store.list_services().expect("list").len(), 1);
}

#[test]
fn reports_cash_up_the_day_age_what_is_owed_and_count_claims() {
    let mut d = desk();
    let old_day = today() - chrono::Duration::days(45);
    let old =
        d.store.create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Old visit", 1, 4_000, 0, 0)]), &eur()).expect("old");
    d.store.issue_invoice(&d.actor, &old.id, old_day).expect("issued 45 days ago");
    let new =
        d.store.create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Visit", 1, 6_000, 0, 0)]), &eur()).expect("new");
    d.store.issue_invoice(&d.actor, &new.id, today()).expect("issued today");
    d.store.take_payment(&d.actor, &new.id, &pay(1_000), today()).expect("cash");
    let card = PaymentInput { method: PaymentMethod::Card, ..pay(2_000) };
    d.store.take_payment(&d.actor, &new.id, &card, today()).expect("card");
    let refund = RefundInput { amount_minor: 500, method: PaymentMethod::Cash, reason: "Change".into(), refunded_on: today() };
    d.store.refund_payment(&d.actor, &new.id, &refund, today()).expect("refund");
    let void =
        d.store.create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Mistake", 1, 9_999, 0, 0)]), &eur()).expect("void");
    d.store.issue_invoice(&d.actor, &void.id, today()).expect("issue");
    d.store.void_invoice(&d.actor, &void.id, "Entered twice").expect("void");

    let cash_up = d.store.cash_up(today()).expect("cash-up");
    let by_method: Vec<(PaymentMethod, u32, i64)> = cash_up.rows.iter().map(|r| (r.method, r.count, r.amount_minor)).collect();
    assert_eq!(by_method, vec![(PaymentMethod::Card, 1, 2_000), (PaymentMethod::Cash, 2, 500)]);
    assert_eq!(cash_up.totals[0].amount_minor, 2_500);
    assert!(d.store.cash_up(old_day).expect("cash-up").rows.is_empty());

    let owed = d.store.outstanding_balances(today()).expect("outstanding");
    assert_eq!(owed.len(), 1, "{owed:?}");
    let row = &owed[0];
    assert_eq!(
        (row.days_0_to_30_minor, row.days_31_to_60_minor, row.total_minor),
        (3_500, 4_000, 7_500),
        "the void invoice owes nothing"
    );
    assert_eq!(row.oldest_issued_on, Some(old_day));
    let account = d.store.patient_account(&d.patient).expect("account");
    assert_eq!((account.invoices.len(), account.balance_minor), (3, 7_500));

    let policy = InsurancePolicyInput {
        payer: "Helix".into(),
        member_id: "H1".into(),
        group_number: None,
        valid_from: old_day,
        valid_to: None,
    };
    let policy = d.store.add_policy(&d.actor, &d.patient, &policy).expect("policy");
    let claim = d.store.create_claim(&d.actor, &old.id, &policy.id, 4_000).expect("claim");
    d.store.move_claim(&d.actor, &claim.id, &ClaimMove::Submit).expect("submit");
    let report = d.store.claims_report().expect("claims");
    assert_eq!(report.len(), 1);
    assert_eq!((report[0].status, report[0].count, report[0].claimed_minor), (ClaimStatus::Submitted, 1, 4_000));
    let listed = d.store.list_claims(Some(ClaimStatus::Submitted)).expect("list");
    assert_eq!((listed.len(), listed[0].payer.as_str(), listed[0].mrn.as_str()), (1, "Helix", "TEST-000001"));
    assert!(d.store.list_claims(Some(ClaimStatus::Paid)).expect("list").is_empty());
}

#[test]
fn an_invoice_from_an_appointment_starts_with_its_types_services() {
    use clinic_core::scheduling::AppointmentTypeInput;
    use common::schedule::{booking, now, provider};
    let mut d = desk();
    let checkup = AppointmentTypeInput { name: "Check-up".into(), default_minutes: 20, colour: "#22aa66".into(), active: true };
    let checkup = d.store.save_appointment_type(&d.actor, None, &checkup).expect("type");
    let linked = ServiceInput {
        code: "CHK".into(),
        name: "Check-up".into(),
        price_minor: 6_000,
        tax_rate_bp: 0,
        active: true,
        appointment_type_id: Some(checkup.id),
    };
    d.store.save_service(&d.actor, None, &linked).expect("linked service");
    let other = ServiceInput { code: "XR".into(), name: "X-ray".into(), appointment_type_id: None, ..linked.clone() };
    d.store.save_service(&d.actor, None, &other).expect("other service");
    let lee = d.store.save_provider(&d.actor, None, &provider("Dr Lee", "General practice")).expect("provider");
    let mut input = booking(&d.patient, &lee.id, "2026-12-01T10:00", 20);
    input.type_id = Some(checkup.id);
    let appointment = d.store.book_appointment(&d.actor, &input, now()).expect("book");
    let lines = d.store.appointment_invoice_lines(&appointment.id).expect("lines");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!((lines[0].description.as_str(), lines[0].unit_price_minor, lines[0].quantity), ("Check-up", 6_000, 1));
    let untyped = d.store.book_appointment(&d.actor, &booking(&d.patient, &lee.id, "2026-12-02T10:00", 20), now()).expect("book");
    assert!(d.store.appointment_invoice_lines(&untyped.id).expect("lines").is_empty());
}

#[test]
fn a_paid_claim_pays_the_invoice_and_blocks_what_would_unbalance_it() {
    let mut d = desk();
    let invoice = d
        .store
        .create_invoice(&d.actor, &d.patient, None, &draft(vec![line("Surgery", 1, 50_000, 0, 0)]), &eur())
        .expect("draft");
    let unknown = InvoiceLineInput {
        service_id: Some("01900000-0000-7000-8000-000000000000".parse().expect("an id")),
        ..line("Ghost", 1, 1, 0, 0)
    };
    let refused = d.store.update_invoice_draft(&d.actor, &invoice.id, &draft(vec![unknown]));
    assert!(matches!(refused, Err(StoreError::Validation(ref e)) if e.for_field("lines[0].serviceId").is_some()), "{refused:?}");
    d.store.issue_invoice(&d.actor, &invoice.id, today()).expect("issue");
    let early = PaymentInput { received_on: today() - chrono::Duration::days(1), ..pay(100) };
    assert!(
        matches!(d.store.take_payment(&d.actor, &invoice.id, &early, today()), Err(StoreError::Validation(_))),
        "before issue"
    );
    let policy = InsurancePolicyInput {
        payer: "Helix".into(),
        member_id: "H1".into(),
        group_number: None,
        valid_from: today(),
        valid_to: None,
    };
    let policy = d.store.add_policy(&d.actor, &d.patient, &policy).expect("policy");
    let claim = d.store.create_claim(&d.actor, &invoice.id, &policy.id, 30_000).expect("claim");
    assert!(matches!(d.store.void_invoice(&d.actor, &invoice.id, "Wrong patient"), Err(StoreError::Conflict(_))), "claim open");
    d.store.move_claim(&d.actor, &claim.id, &ClaimMove::Submit).expect("submit");
    d.store.move_claim(&d.actor, &claim.id, &ClaimMove::Approve { approved_minor: 30_000 }).expect("approve");
    d.store.move_claim(&d.actor, &claim.id, &ClaimMove::RecordPayment { paid_minor: 30_000 }).expect("paid");
    let after = d.store.get_invoice(&invoice.id).expect("invoice");
    assert_eq!((after.paid_minor, after.balance_minor, after.status), (30_000, 20_000, InvoiceStatus::PartiallyPaid));
    assert_eq!(after.payments[0].method, PaymentMethod::Insurance);
    let credit = d
        .store
        .issue_credit_note(&d.actor, &invoice.id, &draft(vec![line("Goodwill", 1, 1_000, 0, 0)]), today())
        .expect("credit");
    assert!(
        matches!(d.store.void_invoice(&d.actor, &credit.id, "Not a mistake"), Err(StoreError::Conflict(_))),
        "credit notes are not voided"
    );
}
