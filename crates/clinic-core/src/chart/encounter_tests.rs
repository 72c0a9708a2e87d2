//! Tests of encounter notes and amendments.

use chrono::TimeZone;

use super::*;
use crate::ids::test_id;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, hour, 0, 0).single().expect("instant")
}

fn note(reason: &str) -> EncounterInput {
    EncounterInput {
        reason: reason.into(),
        subjective: Some("Cough for 3 days.\nNo fever.".into()),
        objective: None,
        assessment: Some("  ".into()),
        plan: Some("Fluids".into()),
        diagnoses: vec![Diagnosis { code: Some(" j06.9 ".into()), description: "Upper respiratory infection".into() }],
    }
}

fn encounter(signed: bool) -> Encounter {
    Encounter {
        id: test_id("e-1"),
        patient_id: test_id("p-1"),
        provider_id: test_id("d-1"),
        appointment_id: None,
        note: note("Cough"),
        created_at: at(9),
        signed_at: signed.then(|| at(10)),
    }
}

fn amendment(id: &str, hour: u32, reason: &str) -> EncounterAmendment {
    EncounterAmendment {
        id: test_id(id),
        encounter_id: test_id("e-1"),
        note: note(reason),
        reason: "Wrong reason".into(),
        amended_by: test_id("d-1"),
        amended_at: at(hour),
    }
}

#[test]
fn a_note_is_tidied() {
    let n = note(" Cough ").validate().expect("valid");
    assert_eq!((n.reason.as_str(), n.assessment, n.subjective.as_deref()), ("Cough", None, Some("Cough for 3 days.\nNo fever.")));
    assert_eq!(n.diagnoses[0].code.as_deref(), Some("J06.9"));
}

#[test]
fn icd10_codes_are_checked_by_shape() {
    for good in ["A00.0", "Z99", "J06.9", "S72.001A", "C4A.0", "e11.65", "QA0.0101"] {
        let n = EncounterInput { diagnoses: vec![Diagnosis { code: Some(good.into()), description: "x".into() }], ..note("R") };
        assert!(n.validate().is_ok(), "{good}");
    }
    for bad in ["A0", "00.0", "A00.", "A00.12345", "A000", "1B0.1", "PEN", "ABC.1", "A00-0", "A00.0.1", "É00"] {
        let n = EncounterInput { diagnoses: vec![Diagnosis { code: Some(bad.into()), description: "x".into() }], ..note("R") };
        let errors = n.validate().expect_err(bad);
        assert!(errors.for_field("diagnoses[0].code").is_some(), "{bad}");
    }
}

#[test]
fn bad_fields_are_named() {
    let diagnoses = vec![
        Diagnosis { code: None, description: "Asthma".into() },
        Diagnosis { code: Some("J45".into()), description: " ".into() },
        Diagnosis { code: Some("j45".into()), description: "Asthma again".into() },
    ];
    let bad = EncounterInput { reason: "".into(), plan: Some("x".repeat(20_001)), diagnoses, ..note("R") };
    let errors = bad.validate().expect_err("invalid");
    for field in ["reason", "plan", "diagnoses[1].description", "diagnoses[2].code"] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors}");
    }
    assert!(errors.for_field("diagnoses[0].code").is_none());
    let many = EncounterInput { diagnoses: vec![Diagnosis { code: None, description: "x".into() }; 21], ..note("R") };
    assert!(many.validate().expect_err("too many").for_field("diagnoses").is_some());
    let twenty = EncounterInput { diagnoses: vec![Diagnosis { code: None, description: "x".into() }; 20], ..note("R") };
    assert!(twenty.validate().is_ok());
}

#[test]
fn an_amendment_needs_a_reason_and_a_valid_note() {
    let bad = AmendmentInput { note: note(""), reason: " ".into() };
    let errors = bad.validate().expect_err("invalid");
    assert!(errors.for_field("reason").is_some() && errors.for_field("amendmentReason").is_some());
    let good = AmendmentInput { note: note("Cough"), reason: " Typo ".into() }.validate().expect("valid");
    assert_eq!(good.reason, "Typo");
}

#[test]
fn signed_notes_are_amended_not_edited() {
    assert_eq!(check_editable(&encounter(true)), Err(EncounterEditError::Signed));
    assert_eq!(check_editable(&encounter(false)), Ok(()));
    assert_eq!(check_amendable(&encounter(false)), Err(EncounterEditError::NotSigned));
    assert_eq!(check_amendable(&encounter(true)), Ok(()));
}

#[test]
fn the_newest_amendment_is_current_and_the_original_is_kept() {
    let original = encounter(true);
    let before = original.clone();
    let amendments = [amendment("a-2", 12, "Cough and wheeze"), amendment("a-1", 11, "Cough, wheeze")];
    let history = current_version(&original, &amendments).expect("history");
    assert_eq!(original, before);
    let ids: Vec<&str> = history.versions.iter().map(|v| v.id.as_str()).collect();
    let want = [
        test_id::<EncounterId>("e-1").to_string(),
        test_id::<AddendumId>("a-1").to_string(),
        test_id::<AddendumId>("a-2").to_string(),
    ];
    assert_eq!(ids, want);
    assert_eq!(history.current.id, want[2]);
    assert_eq!(history.current.note.reason, "Cough and wheeze");
    assert_eq!(history.versions[0].note, original.note);
    assert_eq!((history.versions[0].at, history.versions[0].amendment_reason.clone()), (at(10), None));
}

#[test]
fn same_time_amendments_order_by_id_and_no_amendment_shows_the_original() {
    let history = current_version(&encounter(true), &[amendment("a-9", 11, "Later id"), amendment("a-1", 11, "Earlier id")])
        .expect("history");
    assert_eq!(history.current.id, test_id::<AddendumId>("a-9").to_string());
    let plain = current_version(&encounter(true), &[]).expect("history");
    assert_eq!((plain.current.id, plain.versions.len()), (test_id::<EncounterId>("e-1").to_string(), 1));
}

#[test]
fn another_encounters_amendment_is_refused() {
    let foreign = EncounterAmendment { encounter_id: test_id("e-2"), ..amendment("a-1", 11, "x") };
    assert_eq!(
        current_version(&encounter(true), &[foreign]),
        Err(HistoryError::ForeignAmendment { amendment_id: test_id("a-1") })
    );
}
