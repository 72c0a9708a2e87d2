use chrono::TimeZone;

use super::*;

fn at() -> Option<DateTime<Utc>> {
    Some(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("instant"))
}

fn eur() -> Currency {
    Currency::parse("EUR").expect("eur")
}

fn status(paid: i64, credited: i64) -> InvoiceStatus {
    invoice_status(InvoiceKind::Invoice, at(), None, 10_000, paid, credited)
}

#[test]
fn the_balance_is_total_minus_paid_minus_credited() {
    assert_eq!(balance_minor(10_000, 0, 0), 10_000);
    assert_eq!(balance_minor(10_000, 2_500, 0), 7_500);
    assert_eq!(balance_minor(10_000, 2_500, 1_000), 6_500);
    assert_eq!(balance_minor(10_000, 10_000, 3_000), -3_000);
    assert_eq!(balance_minor(i64::MAX, i64::MIN, 0), i64::MAX);
    assert_eq!(balance_minor(i64::MIN, i64::MAX, i64::MAX), i64::MIN);
}

#[test]
fn status_follows_paid_and_credited() {
    assert_eq!(status(0, 0), InvoiceStatus::Issued);
    assert_eq!(status(1, 0), InvoiceStatus::PartiallyPaid);
    assert_eq!(status(9_999, 0), InvoiceStatus::PartiallyPaid);
    assert_eq!(status(10_000, 0), InvoiceStatus::Paid);
    // A partial credit alone does not make it partially paid: less is due, nothing came in.
    assert_eq!(status(0, 4_000), InvoiceStatus::Issued);
    assert_eq!(status(6_000, 4_000), InvoiceStatus::Paid);
    assert_eq!(status(5_000, 4_000), InvoiceStatus::PartiallyPaid);
    // Fully credited, or credited after payment (the clinic owes a refund): nothing to pay.
    assert_eq!(status(0, 10_000), InvoiceStatus::Paid);
    assert_eq!(status(10_000, 3_000), InvoiceStatus::Paid);
    // A refund brings an invoice back to partially paid or issued.
    assert_eq!(status(10_000 - 2_000, 0), InvoiceStatus::PartiallyPaid);
    // An issued invoice of nothing is settled at once.
    assert_eq!(invoice_status(InvoiceKind::Invoice, at(), None, 0, 0, 0), InvoiceStatus::Paid);
}

#[test]
fn void_wins_and_drafts_are_drafts() {
    for kind in [InvoiceKind::Invoice, InvoiceKind::CreditNote] {
        assert_eq!(invoice_status(kind, None, None, 10_000, 0, 0), InvoiceStatus::Draft);
        assert_eq!(invoice_status(kind, at(), at(), 10_000, 0, 0), InvoiceStatus::Void);
        assert_eq!(invoice_status(kind, None, at(), 10_000, 0, 0), InvoiceStatus::Void);
    }
    assert_eq!(invoice_status(InvoiceKind::Invoice, None, None, 10_000, 10_000, 0), InvoiceStatus::Draft);
    assert_eq!(invoice_status(InvoiceKind::CreditNote, at(), None, 10_000, 0, 0), InvoiceStatus::Issued);
    assert_eq!(invoice_status(InvoiceKind::CreditNote, at(), None, 10_000, 10_000, 0), InvoiceStatus::Issued);
    assert_eq!(serde_json::to_string(&InvoiceStatus::PartiallyPaid).expect("json"), r#""partially_paid""#);
    assert_eq!(serde_json::to_string(&InvoiceKind::CreditNote).expect("json"), r#""credit_note""#);
}

#[test]
fn only_a_draft_is_editable() {
    assert_eq!(check_editable(None, None), Ok(()));
    assert_eq!(check_editable(at(), None), Err(InvoiceEditError::Issued));
    assert_eq!(check_editable(at(), at()), Err(InvoiceEditError::Void));
    assert_eq!(InvoiceEditError::Issued.to_string(), "This invoice is issued: void it or issue a credit note");
}

#[test]
fn an_unpaid_issued_invoice_is_voided_with_a_reason() {
    assert_eq!(check_void(at(), None, 0, "  Wrong patient  "), Ok("Wrong patient".into()));
    assert_eq!(check_void(at(), None, 0, "Typo."), Ok("Typo.".into()));
    // Paid, then fully refunded: nothing is paid any more.
    assert!(check_void(at(), None, 0, "Billed twice").is_ok());
}

#[test]
fn void_is_refused_for_drafts_void_paid_and_short_reasons() {
    assert_eq!(check_void(None, None, 0, "Wrong patient"), Err(VoidError::Draft));
    assert_eq!(check_void(at(), at(), 0, "Wrong patient"), Err(VoidError::AlreadyVoid));
    assert_eq!(check_void(at(), None, 1, "Wrong patient"), Err(VoidError::Paid));
    assert!(VoidError::Paid.to_string().contains("refund the payments first or issue a credit note"));
    for short in ["", "   ", "Typo", " ab  "] {
        let Err(VoidError::Invalid(errors)) = check_void(at(), None, 0, short) else { panic!("{short:?} refused") };
        assert!(errors.for_field("voidReason").is_some(), "{short:?}");
    }
    let Err(VoidError::Invalid(errors)) = check_void(at(), None, 0, &"x".repeat(501)) else { panic!("long refused") };
    assert!(errors.for_field("voidReason").is_some());
    assert!(check_void(at(), None, 0, &"x".repeat(500)).is_ok());
}

#[test]
fn credit_notes_never_exceed_what_is_left() {
    let issued = InvoiceStatus::Issued;
    assert_eq!(check_credit(issued, 10_000, 0, 10_000, &eur()), Ok(()));
    assert_eq!(check_credit(InvoiceStatus::Paid, 10_000, 4_000, 6_000, &eur()), Ok(()));
    assert_eq!(check_credit(InvoiceStatus::PartiallyPaid, 10_000, 0, 1, &eur()), Ok(()));
    assert_eq!(check_credit(issued, 10_000, 4_000, 6_001, &eur()), Err(CreditError::TooMuch { left: "EUR 60.00".into() }));
    assert_eq!(
        check_credit(InvoiceStatus::Paid, 10_000, 10_000, 1, &eur()),
        Err(CreditError::TooMuch { left: "EUR 0.00".into() })
    );
    assert_eq!(check_credit(issued, 10_000, 0, 0, &eur()), Err(CreditError::Empty));
    assert_eq!(check_credit(issued, 10_000, 0, -500, &eur()), Err(CreditError::Empty));
    for not_issued in [InvoiceStatus::Draft, InvoiceStatus::Void] {
        assert_eq!(check_credit(not_issued, 10_000, 0, 100, &eur()), Err(CreditError::NotIssued(not_issued)));
    }
}

#[test]
fn payment_is_due_days_after_issue() {
    let issued = NaiveDate::from_ymd_opt(2026, 12, 15).expect("date");
    assert_eq!(due_date(issued, 0), issued);
    assert_eq!(due_date(issued, 30), NaiveDate::from_ymd_opt(2027, 1, 14).expect("date"));
    assert_eq!(due_date(NaiveDate::MAX, 1), NaiveDate::MAX);
}
