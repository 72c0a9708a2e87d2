use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date")
}

fn valid_input() -> PatientInput {
    PatientInput {
        given_name: " Maria ".into(),
        family_name: "López".into(),
        date_of_birth: "1984-03-27".into(),
        sex: Some(Sex::Female),
        phone: "+1 (555) 010-2030".into(),
        email: "maria.lopez@example.com".into(),
        ..Default::default()
    }
}

#[test]
fn valid_input_is_trimmed_and_empty_fields_become_none() {
    let details = valid_input().validate(today()).expect("valid");
    assert_eq!(details.given_name, "Maria");
    assert_eq!(details.middle_name, None);
    assert_eq!(details.date_of_birth, NaiveDate::from_ymd_opt(1984, 3, 27).expect("date"));
    assert_eq!(details.display_name(), "Maria López");
}

#[test]
fn required_fields_are_reported_together() {
    let errors = PatientInput::default().validate(today()).expect_err("empty input");
    for field in ["givenName", "familyName", "dateOfBirth", "sex"] {
        assert!(errors.for_field(field).is_some(), "{field} should be required: {errors:?}");
    }
    assert!(errors.for_field("email").is_none());
}

#[test]
fn date_of_birth_must_be_a_real_past_date() {
    let check = |dob: &str| {
        let input = PatientInput { date_of_birth: dob.into(), ..valid_input() };
        input.validate(today()).err().and_then(|e| e.for_field("dateOfBirth").map(|f| f.message.clone()))
    };
    assert!(check("2026-11-25").expect("future").contains("future"));
    assert!(check("27/03/1984").expect("format").contains("YYYY-MM-DD"));
    assert!(check("2023-02-30").is_some(), "30 February does not exist");
    assert!(check("1850-01-01").expect("too old").contains("130"));
    assert_eq!(check("2026-11-24"), None, "born today is fine");
}

#[test]
fn email_and_phone_formats_are_checked() {
    let errors = PatientInput { email: "maria@".into(), phone: "12ab".into(), ..valid_input() }
        .validate(today())
        .expect_err("bad formats");
    assert!(errors.for_field("email").is_some());
    assert!(errors.for_field("phone").expect("phone").message.contains("digits"));
    let no_tld = PatientInput { email: "maria@localhost".into(), ..valid_input() };
    assert!(no_tld.validate(today()).is_err());
    let short = PatientInput { phone: "555 12".into(), ..valid_input() };
    assert!(short.validate(today()).expect_err("short").for_field("phone").expect("phone").message.contains("7 to 15"));
    let plus_inside = PatientInput { phone: "555+1234567".into(), ..valid_input() };
    assert!(plus_inside.validate(today()).is_err());
}

#[test]
fn lengths_and_control_characters_are_limited() {
    let long = PatientInput { family_name: "x".repeat(101), ..valid_input() };
    let err = long.validate(today()).expect_err("too long");
    assert!(err.for_field("familyName").expect("field").message.contains("100"));
    let control = PatientInput { city: "Ber\u{7}lin".into(), ..valid_input() };
    assert!(control.validate(today()).expect_err("control").for_field("city").is_some());
    let notes = PatientInput { notes: "line one\nline two".into(), ..valid_input() };
    assert!(notes.validate(today()).is_ok(), "notes may span lines");
}

#[test]
fn input_round_trips_through_details() {
    let details = valid_input().validate(today()).expect("valid");
    let again = PatientInput::from(&details).validate(today()).expect("still valid");
    assert_eq!(details, again);
}

#[test]
fn codes_round_trip() {
    for b in BloodGroup::ALL {
        assert_eq!(BloodGroup::from_code(b.code()), Some(b));
    }
    for s in [Sex::Female, Sex::Male, Sex::Other, Sex::Unknown] {
        assert_eq!(Sex::from_code(s.code()), Some(s));
    }
    let json = serde_json::to_string(&BloodGroup::AbNeg).expect("json");
    assert_eq!(json, "\"AB-\"");
}
