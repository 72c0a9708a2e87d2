use super::*;
use crate::billing::service::ServiceInput;
use crate::ids::test_id;

fn line(quantity: u32, unit_price_minor: i64, discount_bp: u32, tax_rate_bp: u32) -> InvoiceLineInput {
    InvoiceLineInput {
        service_id: None,
        description: "Consultation".into(),
        quantity,
        unit_price_minor,
        discount_bp,
        tax_rate_bp,
    }
}

fn figures(l: &InvoiceLine) -> [i64; 5] {
    [l.subtotal_minor, l.discount_minor, l.net_minor, l.tax_minor, l.total_minor]
}

fn draft(lines: Vec<InvoiceLineInput>) -> InvoiceDraftInput {
    InvoiceDraftInput { lines, notes: None, due_days: 30 }
}

#[test]
fn a_line_multiplies_discounts_then_taxes() {
    // 3 × 12.50 = 37.50; 10 % off = 3.75; net 33.75; 20 % tax = 6.75; total 40.50.
    assert_eq!(figures(&InvoiceLine::price(line(3, 1_250, 1_000, 2_000))), [3_750, 375, 3_375, 675, 4_050]);
    // No discount, no tax: the total is the subtotal.
    assert_eq!(figures(&InvoiceLine::price(line(2, 4_500, 0, 0))), [9_000, 0, 9_000, 0, 9_000]);
    // A full discount leaves nothing to tax.
    assert_eq!(figures(&InvoiceLine::price(line(1, 9_999, 10_000, 2_000))), [9_999, 9_999, 0, 0, 0]);
    // A free line costs nothing.
    assert_eq!(figures(&InvoiceLine::price(line(5, 0, 500, 2_000))), [0, 0, 0, 0, 0]);
}

#[test]
fn half_cents_round_away_from_zero_on_each_line() {
    // 15 % off 0.10 is 1.5 cents: 2 off. Net 8, 25 % tax = 2.
    assert_eq!(figures(&InvoiceLine::price(line(1, 10, 1_500, 2_500))), [10, 2, 8, 2, 10]);
    // 7 % tax on 0.50 is 3.5 cents: 4.
    assert_eq!(figures(&InvoiceLine::price(line(1, 50, 0, 700))), [50, 0, 50, 4, 54]);
    // 7 % tax on 0.49 is 3.43 cents: 3.
    assert_eq!(figures(&InvoiceLine::price(line(1, 49, 0, 700))), [49, 0, 49, 3, 52]);
}

#[test]
fn tax_is_rounded_per_line_then_summed() {
    // Three lines of 0.05 at 10 %: 0.5 cent each rounds to 1, so 3 cents of tax, where taxing
    // the 15-cent sum once would give 2 (1.5 → 2). The lines decide.
    let lines: Vec<InvoiceLine> = (0..3).map(|_| InvoiceLine::price(line(1, 5, 0, 1_000))).collect();
    let totals = invoice_totals(&lines);
    assert_eq!(totals, InvoiceTotals { subtotal_minor: 15, discount_minor: 0, tax_minor: 3, total_minor: 18 });
    assert_eq!(totals.total_minor, lines.iter().map(|l| l.total_minor).sum::<i64>());
}

#[test]
fn totals_sum_quantities_discounts_and_tax() {
    let lines = draft(vec![line(2, 4_500, 0, 0), line(3, 1_250, 1_000, 2_000), line(1, 19_999, 2_500, 1_900)]).priced_lines();
    // Line 3: 199.99, 25 % off = 49.9975 → 50.00; net 149.99; 19 % = 28.4981 → 28.50; total 178.49.
    assert_eq!(figures(&lines[2]), [19_999, 5_000, 14_999, 2_850, 17_849]);
    let totals = invoice_totals(&lines);
    assert_eq!(totals.subtotal_minor, 9_000 + 3_750 + 19_999);
    assert_eq!(totals.discount_minor, 375 + 5_000);
    assert_eq!(totals.tax_minor, 675 + 2_850);
    assert_eq!(totals.total_minor, 9_000 + 4_050 + 17_849);
    assert_eq!(totals.subtotal_minor - totals.discount_minor + totals.tax_minor, totals.total_minor);
    assert_eq!(invoice_totals(&[]), InvoiceTotals::default());
}

#[test]
fn the_biggest_valid_lines_stay_exact() {
    let biggest = line(MAX_QUANTITY, MAX_PRICE_MINOR, 0, 10_000);
    let priced = InvoiceLine::price(biggest.clone());
    let most = 100_000_000_000_000; // 10 000 × 100 000 000.00, in cents
    assert_eq!(figures(&priced), [most, 0, most, most, 2 * most]);
    // 45 such lines (9.0e15) still fit the UI's exact range; 46 do not.
    assert!(draft(vec![biggest.clone(); 45]).validate().is_ok());
    let errors = draft(vec![biggest; 46]).validate().expect_err("too large");
    assert!(errors.for_field("lines").is_some());
}

#[test]
fn unvalidated_extremes_saturate_instead_of_overflowing() {
    let priced = InvoiceLine::price(line(u32::MAX, i64::MAX, 0, 10_000));
    assert_eq!((priced.subtotal_minor, priced.total_minor), (i64::MAX, i64::MAX));
    let totals = invoice_totals(&[priced.clone(), priced]);
    assert_eq!(totals.total_minor, i64::MAX);
}

#[test]
fn a_good_draft_is_trimmed() {
    let mut first = line(1, 4_500, 0, 0);
    first.description = "  Consultation  ".into();
    let mut typed = serde_json::to_value(&first).expect("json");
    typed["serviceId"] = "  ".into();
    let first: InvoiceLineInput = serde_json::from_value(typed).expect("a blank service reads as none");
    let good = InvoiceDraftInput { lines: vec![first], notes: Some(" Thank you.\nPay by transfer. ".into()), due_days: 0 };
    let valid = good.validate().expect("valid");
    assert_eq!((valid.lines[0].description.as_str(), valid.lines[0].service_id), ("Consultation", None));
    assert_eq!(valid.notes.as_deref(), Some("Thank you.\nPay by transfer."));
    let json = serde_json::to_value(&valid).expect("json");
    assert_eq!((json["dueDays"].as_u64(), json["lines"][0]["unitPriceMinor"].as_i64()), (Some(0), Some(4_500)));
    let priced = serde_json::to_value(InvoiceLine::price(valid.lines[0].clone())).expect("json");
    assert_eq!((priced["description"].as_str(), priced["totalMinor"].as_i64()), (Some("Consultation"), Some(4_500)));
}

#[test]
fn line_errors_name_the_line_and_field() {
    let bad = InvoiceLineInput {
        service_id: None,
        description: " ".into(),
        quantity: 0,
        unit_price_minor: -1,
        discount_bp: 10_001,
        tax_rate_bp: 10_001,
    };
    let errors = draft(vec![line(1, 100, 0, 0), bad]).validate().expect_err("invalid");
    // A service id that is not an id (too long, say) is refused when the draft is read.
    for field in ["description", "quantity", "unitPriceMinor", "discountBp", "taxRateBp"] {
        assert!(errors.for_field(&format!("lines[1].{field}")).is_some(), "{field}: {errors}");
    }
    assert!(errors.0.iter().all(|e| e.field.starts_with("lines[1].")), "{errors}");
    let too_many = InvoiceLineInput { quantity: MAX_QUANTITY + 1, unit_price_minor: MAX_PRICE_MINOR + 1, ..line(1, 0, 0, 0) };
    let errors = draft(vec![too_many]).validate().expect_err("invalid");
    assert!(errors.for_field("lines[0].quantity").is_some() && errors.for_field("lines[0].unitPriceMinor").is_some());
}

#[test]
fn line_limits_are_inclusive() {
    let edge = InvoiceLineInput { description: "d".repeat(200), ..line(MAX_QUANTITY, MAX_PRICE_MINOR, 10_000, 10_000) };
    assert!(draft(vec![edge.clone()]).validate().is_ok());
    let long = InvoiceLineInput { description: "d".repeat(201), ..edge };
    assert!(draft(vec![long]).validate().expect_err("long").for_field("lines[0].description").is_some());
}

#[test]
fn a_draft_has_one_to_two_hundred_lines_and_a_term_of_a_year_at_most() {
    assert!(draft(vec![]).validate().expect_err("empty").for_field("lines").is_some());
    assert!(draft(vec![line(1, 100, 0, 0); MAX_LINES]).validate().is_ok());
    assert!(draft(vec![line(1, 100, 0, 0); MAX_LINES + 1]).validate().expect_err("201").for_field("lines").is_some());
    let year = InvoiceDraftInput { due_days: MAX_DUE_DAYS, ..draft(vec![line(1, 100, 0, 0)]) };
    assert!(year.validate().is_ok());
    let longer = InvoiceDraftInput { due_days: MAX_DUE_DAYS + 1, notes: Some("n".repeat(2_001)), ..year };
    let errors = longer.validate().expect_err("invalid");
    assert!(errors.for_field("dueDays").is_some() && errors.for_field("notes").is_some());
}

#[test]
fn a_service_fills_a_line() {
    let service = ServiceInput {
        code: "XR".into(),
        name: "X-ray".into(),
        price_minor: 6_000,
        tax_rate_bp: 700,
        active: true,
        appointment_type_id: None,
    }
    .into_service(test_id("svc-1"));
    let l = InvoiceLineInput::from_service(&service, 2);
    assert_eq!(l, InvoiceLineInput { service_id: Some(test_id("svc-1")), description: "X-ray".into(), ..line(2, 6_000, 0, 700) });
    assert_eq!(figures(&InvoiceLine::price(l)), [12_000, 0, 12_000, 840, 12_840]);
}
