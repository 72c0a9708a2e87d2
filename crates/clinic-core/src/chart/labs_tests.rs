//! Tests of lab result entry and the abnormal flag.

use super::*;

fn d(text: &str) -> Option<Decimal> {
    Some(text.parse().expect("decimal"))
}

fn flag(value: &str, low: &str, high: &str) -> LabFlag {
    let range = ReferenceRange { low: d(low), high: d(high), ..Default::default() };
    abnormal_flag(&LabValue::Numeric { number: value.parse().expect("decimal") }, &range)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).expect("date")
}

#[test]
fn limits_are_normal_and_just_beyond_is_not() {
    assert_eq!(flag("3.5", "3.5", "5.1"), LabFlag::Normal);
    assert_eq!(flag("5.10", "3.5", "5.1"), LabFlag::Normal);
    assert_eq!(flag("5.11", "3.5", "5.1"), LabFlag::High);
    assert_eq!(flag("3.49", "3.5", "5.1"), LabFlag::Low);
}

#[test]
fn the_default_critical_factor_is_two() {
    assert_eq!(flag("10.2", "3.5", "5.1"), LabFlag::High); // exactly twice the high limit
    assert_eq!(flag("10.201", "3.5", "5.1"), LabFlag::CriticalHigh);
    assert_eq!(flag("1.75", "3.5", "5.1"), LabFlag::Low); // exactly half the low limit
    assert_eq!(flag("1.749", "3.5", "5.1"), LabFlag::CriticalLow);
    // A low limit of zero has no default critical low.
    assert_eq!(flag("-5", "0", "1"), LabFlag::Low);
}

#[test]
fn given_critical_limits_replace_the_factor() {
    let range = ReferenceRange { low: d("3.5"), high: d("5.1"), critical_low: d("2.5"), critical_high: d("6.5") };
    let at = |v: &str| abnormal_flag(&LabValue::Numeric { number: v.parse().expect("decimal") }, &range);
    assert_eq!(at("6.5"), LabFlag::High);
    assert_eq!(at("6.51"), LabFlag::CriticalHigh);
    assert_eq!(at("2.5"), LabFlag::Low);
    assert_eq!(at("2.49"), LabFlag::CriticalLow);
    assert!(at("2.49").is_abnormal() && !at("4").is_abnormal());
}

#[test]
fn text_results_and_missing_ranges_are_not_applicable() {
    let text = LabValue::Text { text: "positive".into() };
    assert_eq!(abnormal_flag(&text, &ReferenceRange { high: d("1"), ..Default::default() }), LabFlag::NotApplicable);
    let number = LabValue::Numeric { number: "4".parse().expect("decimal") };
    assert_eq!(abnormal_flag(&number, &ReferenceRange::default()), LabFlag::NotApplicable);
    let only_high = ReferenceRange { high: d("5"), ..Default::default() };
    assert_eq!(abnormal_flag(&number, &only_high), LabFlag::Normal);
}

#[test]
fn validation_parses_and_flags() {
    let input = LabResultInput {
        test: " Potassium ".into(),
        value: "6.2".into(),
        unit: Some("mmol/L".into()),
        reference_low: Some("3.5".into()),
        reference_high: Some("5.1".into()),
        ..Default::default()
    };
    let result = input.validate(today()).expect("valid");
    assert_eq!((result.test.as_str(), result.flag), ("Potassium", LabFlag::High));
    let text = LabResultInput { value: "Negative".into(), ..input.clone() }.validate(today()).expect("valid");
    assert_eq!(text.flag, LabFlag::NotApplicable);
    let json = serde_json::to_value(&result).expect("json");
    assert_eq!((json["value"]["kind"].as_str(), json["value"]["number"].as_str()), (Some("numeric"), Some("6.2")));
    assert_eq!(json["range"]["low"], "3.5");
}

#[test]
fn bad_fields_are_named() {
    let bad = LabResultInput {
        test: "".into(),
        value: "5,4".into(),
        reference_low: Some("5".into()),
        reference_high: Some("4".into()),
        critical_high: Some("abc".into()),
        collected_on: today().succ_opt(),
        ..Default::default()
    };
    let errors = bad.validate(today()).expect_err("invalid");
    for field in ["test", "value", "referenceHigh", "criticalHigh", "collectedOn"] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors}");
    }
    let crossed = LabResultInput {
        test: "K".into(),
        value: "4".into(),
        reference_low: Some("3.5".into()),
        reference_high: Some("5.1".into()),
        critical_low: Some("3.6".into()),
        critical_high: Some("5.0".into()),
        ..Default::default()
    };
    let errors = crossed.validate(today()).expect_err("invalid");
    assert!(errors.for_field("criticalLow").is_some() && errors.for_field("criticalHigh").is_some());
}
