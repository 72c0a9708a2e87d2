use super::*;
use crate::billing::status::balance_minor;
use crate::ids::test_id;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn eur() -> Currency {
    Currency::parse("EUR").expect("eur")
}

fn payment() -> PaymentInput {
    PaymentInput {
        amount_minor: 2_500,
        method: PaymentMethod::Cash,
        reference: Some("  ".into()),
        received_on: day("2026-03-02"),
    }
}

fn refund() -> RefundInput {
    RefundInput {
        amount_minor: 1_000,
        method: PaymentMethod::Card,
        reason: " Overcharged ".into(),
        refunded_on: day("2026-03-02"),
    }
}

fn take(status: InvoiceStatus, balance: i64, amount: i64) -> Result<(), PaymentError> {
    check_payment(InvoiceKind::Invoice, status, balance, amount, &eur())
}

#[test]
fn a_good_payment_is_trimmed_and_stored_as_is() {
    let p = payment().validate(day("2026-03-02")).expect("paid today is fine");
    assert_eq!(p.reference, None);
    let stored = p.into_payment(test_id("pay-1"), test_id("inv-1"));
    assert_eq!((stored.amount_minor, stored.refund_reason.clone(), stored.is_refund()), (2_500, None, false));
    let json = serde_json::to_value(&stored).expect("json");
    assert_eq!((json["receivedOn"].as_str(), json["method"].as_str()), (Some("2026-03-02"), Some("cash")));
    assert_eq!(json["invoiceId"], test_id::<InvoiceId>("inv-1").to_string());
    let method: PaymentMethod = serde_json::from_str(r#""bank_transfer""#).expect("method");
    assert_eq!(method, PaymentMethod::BankTransfer);
}

#[test]
fn payment_fields_are_checked() {
    let bad = PaymentInput { amount_minor: 0, reference: Some("r".repeat(61)), received_on: day("2026-03-03"), ..payment() };
    let errors = bad.validate(day("2026-03-02")).expect_err("invalid");
    for field in ["amountMinor", "reference", "receivedOn"] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors}");
    }
    let negative = PaymentInput { amount_minor: -1, ..payment() };
    assert!(negative.validate(day("2026-03-02")).expect_err("negative").for_field("amountMinor").is_some());
    let huge = PaymentInput { amount_minor: MAX_SAFE_MINOR + 1, ..payment() };
    assert!(huge.validate(day("2026-03-02")).expect_err("huge").for_field("amountMinor").is_some());
    let edge = PaymentInput { amount_minor: 1, reference: Some("r".repeat(60)), ..payment() };
    assert!(edge.validate(day("2026-03-02")).is_ok());
}

#[test]
fn a_refund_is_a_negative_payment_with_a_reason() {
    let r = refund().validate(day("2026-03-02")).expect("valid");
    let stored = r.into_payment(test_id("pay-2"), test_id("inv-1"));
    assert_eq!(stored.amount_minor, -1_000);
    assert_eq!((stored.refund_reason.as_deref(), stored.is_refund()), (Some("Overcharged"), true));
    assert_eq!(stored.received_on, day("2026-03-02"));
    let bad = RefundInput { amount_minor: 0, reason: " ".into(), refunded_on: day("2026-03-03"), ..refund() };
    let errors = bad.validate(day("2026-03-02")).expect_err("invalid");
    for field in ["amountMinor", "reason", "refundedOn"] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors}");
    }
    let long = RefundInput { reason: "r".repeat(201), ..refund() };
    assert!(long.validate(day("2026-03-02")).expect_err("long").for_field("reason").is_some());
    assert!(RefundInput { reason: "r".repeat(200), ..refund() }.validate(day("2026-03-02")).is_ok());
}

#[test]
fn partial_payments_and_a_refund_make_the_balance() {
    let today = day("2026-03-02");
    let rows = vec![
        payment().validate(today).expect("valid").into_payment(test_id("p1"), test_id("inv")),
        PaymentInput { amount_minor: 5_000, method: PaymentMethod::Card, ..payment() }
            .into_payment(test_id("p2"), test_id("inv")),
        refund().validate(today).expect("valid").into_payment(test_id("p3"), test_id("inv")),
    ];
    assert_eq!(paid_minor(&rows), 6_500);
    assert_eq!(balance_minor(10_000, paid_minor(&rows), 0), 3_500);
    assert_eq!(paid_minor(&[]), 0);
}

#[test]
fn payments_up_to_the_balance_are_taken() {
    assert_eq!(take(InvoiceStatus::Issued, 10_000, 1), Ok(()));
    assert_eq!(take(InvoiceStatus::Issued, 10_000, 10_000), Ok(()));
    assert_eq!(take(InvoiceStatus::PartiallyPaid, 3_500, 3_500), Ok(()));
}

#[test]
fn overpayment_is_refused_with_the_balance() {
    let err = take(InvoiceStatus::PartiallyPaid, 3_500, 3_501).expect_err("over");
    assert_eq!(err, PaymentError::Overpayment { balance_due: "EUR 35.00".into() });
    assert_eq!(err.to_string(), "This is more than the balance due (EUR 35.00): take at most the balance");
    assert_eq!(take(InvoiceStatus::Paid, 0, 1), Err(PaymentError::NothingDue));
    assert_eq!(take(InvoiceStatus::Paid, -3_000, 100), Err(PaymentError::NothingDue));
}

#[test]
fn drafts_void_invoices_credit_notes_and_non_positive_amounts_are_refused() {
    assert_eq!(take(InvoiceStatus::Draft, 10_000, 100), Err(PaymentError::Draft));
    assert_eq!(take(InvoiceStatus::Void, 10_000, 100), Err(PaymentError::Void));
    assert_eq!(take(InvoiceStatus::Issued, 10_000, 0), Err(PaymentError::NotPositive));
    assert_eq!(take(InvoiceStatus::Issued, 10_000, -100), Err(PaymentError::NotPositive));
    let credit = check_payment(InvoiceKind::CreditNote, InvoiceStatus::Issued, 10_000, 100, &eur());
    assert_eq!(credit, Err(PaymentError::CreditNote));
}

#[test]
fn refunds_are_limited_to_what_was_paid() {
    assert_eq!(check_refund(6_500, 6_500, &eur()), Ok(()));
    assert_eq!(check_refund(6_500, 1, &eur()), Ok(()));
    let err = check_refund(6_500, 6_501, &eur()).expect_err("too much");
    assert_eq!(err, RefundError::MoreThanPaid { paid: "EUR 65.00".into() });
    assert_eq!(check_refund(0, 1, &eur()), Err(RefundError::MoreThanPaid { paid: "EUR 0.00".into() }));
    assert_eq!(check_refund(6_500, 0, &eur()), Err(RefundError::NotPositive));
    assert_eq!(check_refund(6_500, -5, &eur()), Err(RefundError::NotPositive));
}
