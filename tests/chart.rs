//! The chart through its commands on a real SQLCipher file (issue 6, Done means 1 and 4): the
//! allergy warning and its override reason, "no known allergies" apart from "not recorded",
//! amendments that never overwrite, implausible vitals refused with field errors, urgent lab
//! alerts, who may write what, and the prescription PDF read back with pdftotext.

mod common;

use std::process::Command;

use clinic_core::chart::{
    AllergyInput, AllergyRecord, AllergyStatus, AmendmentInput, ConflictKind, LabFlag, PrescriptionStatus, VitalsInput,
};
use clinic_core::{AuditAction, AuditQuery, Role};
use clinic_desk_lib::{commands, ErrorCode};
use common::*;

fn field<'a>(err: &'a clinic_desk_lib::CommandError, name: &str) -> Option<&'a str> {
    err.field_errors.iter().find(|f| f.field == name).map(|f| f.message.as_str())
}

fn chart_of(clinic: &Clinic) -> clinic_core::chart::ChartRecord {
    commands::open_patient_chart(&clinic.state, clinic.patient).expect("open chart").record
}

#[test]
fn an_allergy_match_warns_and_the_override_reason_is_stored() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Doctor);
    let p = clinic.patient;
    commands::record_allergy(&clinic.state, p, allergy_input()).expect("penicillin allergy");

    let conflicts = commands::check_prescription(&clinic.state, p, "Amoxicillin".into()).expect("check");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].kind, ConflictKind::SameClass);
    assert!(commands::check_prescription(&clinic.state, p, "Paracetamol".into()).expect("check").is_empty());

    let refused = commands::prescribe(&clinic.state, p, prescription_input("Amoxicillin"), None, None).expect_err("no reason");
    assert_eq!(refused.code, ErrorCode::Validation);
    assert!(field(&refused, "overrideReason").is_some_and(|m| m.contains("Penicillin")), "{refused:?}");
    let short = commands::prescribe(&clinic.state, p, prescription_input("Amoxicillin"), Some("ok".into()), None);
    assert!(field(&short.expect_err("too short"), "overrideReason").is_some());
    assert!(chart_of(&clinic).prescriptions.is_empty(), "nothing is stored on a refusal");

    let reason = "Rash only, tolerated amoxicillin in 2019";
    let written = commands::prescribe(&clinic.state, p, prescription_input("Amoxicillin"), Some(reason.into()), None)
        .expect("prescribed anyway");
    assert_eq!(written.prescription.override_reason.as_deref(), Some(reason));
    assert_eq!(written.prescription.status, PrescriptionStatus::Active);
    let stored = chart_of(&clinic).prescriptions;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].prescription.override_reason.as_deref(), Some(reason));
    // With no allergy match no reason is kept, even when one is sent.
    let plain =
        commands::prescribe(&clinic.state, p, prescription_input("Paracetamol"), Some(reason.into()), None).expect("plain");
    assert_eq!(plain.prescription.override_reason, None);

    let events = clinic
        .store()
        .all_audit_events(&AuditQuery { action: Some(AuditAction::PrescriptionWritten), ..Default::default() })
        .expect("audit");
    assert_eq!(events.len(), 2);
    assert!(events.iter().any(|e| e.detail.as_deref() == Some("allergy warning overridden")));
    assert!(events.iter().all(|e| e.patient_id == Some(p.to_string())));
    assert!(events.iter().all(|e| !e.detail.as_deref().unwrap_or("").contains("2019")), "the reason stays out of the audit");
}

#[test]
fn no_known_allergies_is_not_the_same_as_not_recorded() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Nurse);
    let p = clinic.patient;
    assert_eq!(chart_of(&clinic).allergies, AllergyRecord::NotRecorded);
    assert_eq!(commands::record_no_known_allergies(&clinic.state, p).expect("nka"), AllergyRecord::NoKnownAllergies);
    assert_eq!(chart_of(&clinic).allergies, AllergyRecord::NoKnownAllergies);

    let allergy = commands::record_allergy(&clinic.state, p, allergy_input()).expect("allergy");
    assert!(matches!(chart_of(&clinic).allergies, AllergyRecord::Known(ref list) if list.len() == 1));
    let refused = commands::record_no_known_allergies(&clinic.state, p).expect_err("an active allergy exists");
    assert!(field(&refused, "noKnownAllergies").is_some(), "{refused:?}");

    // Entered in error: no longer an allergy, and the earlier "none known" answer does not come back.
    let input = AllergyInput { status: AllergyStatus::EnteredInError, ..allergy_input() };
    commands::change_allergy(&clinic.state, p, allergy.id, input.clone()).expect("entered in error");
    let record = chart_of(&clinic);
    assert_eq!(record.allergies, AllergyRecord::NotRecorded);
    assert_eq!(record.allergy_history.len(), 1, "the row is kept for history");
}

#[test]
fn an_amendment_keeps_the_signed_original() {
    let clinic = Clinic::new();
    let doctor = clinic.log_in(Role::Doctor);
    let p = clinic.patient;
    let draft = commands::save_encounter(&clinic.state, p, None, Some(clinic.appointment), note_input(), false).expect("draft");
    assert!(draft.signed_at.is_none());
    let mut edited = note_input();
    edited.plan = Some("Fluids, paracetamol, review in 5 days".into());
    let signed = commands::save_encounter(&clinic.state, p, Some(draft.id), None, edited.clone(), true).expect("sign");
    assert!(signed.signed_at.is_some());
    let refused = commands::save_encounter(&clinic.state, p, Some(draft.id), None, note_input(), false).expect_err("signed");
    assert_eq!(refused.code, ErrorCode::Conflict);

    let no_reason = AmendmentInput { note: note_input(), reason: "  ".into() };
    let err = commands::amend_encounter(&clinic.state, p, draft.id, no_reason.clone()).expect_err("reason needed");
    assert!(field(&err, "amendmentReason").is_some());
    let mut corrected = edited.clone();
    corrected.assessment = Some("Streptococcal pharyngitis".into());
    let amendment = AmendmentInput { note: corrected.clone(), reason: "Rapid strep test came back positive".into() };
    let summary = commands::amend_encounter(&clinic.state, p, draft.id, amendment.clone()).expect("amend");
    assert_eq!(summary.version_count, 2);
    assert_eq!(summary.current.note, corrected);

    let history = commands::encounter_history(&clinic.state, p, draft.id).expect("history");
    assert_eq!(history.versions.len(), 2);
    assert_eq!(history.versions[0].note, edited, "the original is never overwritten");
    assert_eq!(history.versions[0].amendment_reason, None);
    assert_eq!(history.versions[1].amendment_reason.as_deref(), Some("Rapid strep test came back positive"));
    let listed = chart_of(&clinic).encounters;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].current.note, corrected);
    assert_eq!(listed[0].appointment_id, Some(clinic.appointment));
    assert_eq!(chart_of(&clinic).staff.get(&doctor.user_id.to_string()).map(String::as_str), Some("Doctor"));
}

#[test]
fn implausible_vitals_are_refused_with_field_errors_and_nothing_is_stored() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Nurse);
    let p = clinic.patient;
    let bad = VitalsInput { pulse_per_min: Some(0), weight_g: Some(700_000), ..Default::default() };
    let err = commands::record_vitals(&clinic.state, p, bad).expect_err("implausible");
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(field(&err, "pulsePerMin").is_some() && field(&err, "weightG").is_some(), "{err:?}");
    assert!(chart_of(&clinic).vitals.is_empty());

    let good = VitalsInput { height_mm: Some(1750), weight_g: Some(70_000), pulse_per_min: Some(72), ..Default::default() };
    let reading = commands::record_vitals(&clinic.state, p, good).expect("vitals");
    assert_eq!(reading.vitals.bmi_tenths, Some(229));
    assert_eq!(chart_of(&clinic).vitals, vec![reading]);
}

#[test]
fn a_critical_lab_result_alerts_the_patients_doctor_until_acknowledged() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Doctor);
    let p = clinic.patient;
    commands::save_encounter(&clinic.state, p, None, None, note_input(), true).expect("signed visit");
    clinic.log_in(Role::Nurse);
    let lab = commands::record_lab_result(&clinic.state, p, lab_input()).expect("lab");
    assert_eq!(lab.result.flag, LabFlag::CriticalHigh);
    let alerts = chart_of(&clinic).alerts;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].message, "Potassium 6.8 mmol/L (critical high)");
    assert_eq!(alerts[0].for_user_id, Some(clinic.actor(Role::Doctor).user_id));
    let normal = clinic_core::chart::LabResultInput { value: "4.1".into(), ..lab_input() };
    assert_eq!(commands::record_lab_result(&clinic.state, p, normal.clone()).expect("normal").result.flag, LabFlag::Normal);
    assert_eq!(chart_of(&clinic).alerts.len(), 1, "a normal result raises nothing");

    clinic.log_in(Role::Doctor);
    let open = commands::list_clinical_alerts(&clinic.state).expect("alerts");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].patient_name, "Ada Okafor");
    commands::acknowledge_clinical_alert(&clinic.state, open[0].alert.id).expect("acknowledge");
    assert!(commands::list_clinical_alerts(&clinic.state).expect("alerts").is_empty());
    assert!(chart_of(&clinic).alerts.is_empty());
}

#[test]
fn emergency_access_reads_the_chart_but_writes_nothing() {
    let clinic = Clinic::new();
    clinic.log_in(Role::FrontDesk);
    let p = clinic.patient;
    assert_eq!(commands::open_patient_chart(&clinic.state, p).expect_err("no clinical access").code, ErrorCode::Forbidden);
    commands::break_the_glass(&clinic.state, p, "Patient collapsed in the waiting room".into()).expect("glass");
    commands::open_patient_chart(&clinic.state, p).expect("emergency read");
    commands::check_prescription(&clinic.state, p, "Amoxicillin".into()).expect("emergency read of allergies");
    let vitals = VitalsInput { pulse_per_min: Some(80), ..Default::default() };
    assert_eq!(commands::record_vitals(&clinic.state, p, vitals).expect_err("no write").code, ErrorCode::Forbidden);
    assert_eq!(commands::record_allergy(&clinic.state, p, allergy_input()).expect_err("no write").code, ErrorCode::Forbidden);
    // The grant is for one patient only.
    let other = clinic.other_patient;
    assert_eq!(
        commands::check_prescription(&clinic.state, other, "x".into()).expect_err("other chart").code,
        ErrorCode::Forbidden
    );
}

#[test]
fn the_prescription_pdf_names_the_patient_the_drug_and_the_dose() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Doctor);
    let p = clinic.patient;
    let rx = commands::prescribe(&clinic.state, p, prescription_input("Amoxicillin"), None, None).expect("rx");
    let saved = commands::save_prescription_pdf(&clinic.state, p, vec![rx.prescription.id]).expect("pdf");
    assert!(saved.path.ends_with(".pdf") && !saved.path.contains("Okafor"), "{}", saved.path);
    let text = pdftotext(&saved.path);
    for expected in ["Ada Okafor", "Amoxicillin", "500 mg", "1 capsule", "three times a day", "Doctor", "Riverside"] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let dir = tempfile::tempdir().expect("dir");
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1", &saved.path])
        .arg(&prefix)
        .status()
        .expect("pdftoppm must be installed (poppler-utils)");
    assert!(status.success());
    let png = std::fs::read_dir(dir.path()).expect("dir").next().expect("a page image").expect("entry").path();
    assert!(std::fs::read(png).expect("png").starts_with(b"\x89PNG"));
    let printed = clinic
        .store()
        .all_audit_events(&AuditQuery { action: Some(AuditAction::PrescriptionPrinted), ..Default::default() })
        .expect("audit");
    assert_eq!(printed.len(), 1);
    // Someone else's prescription id does not print on this patient's sheet.
    let other = clinic.other_patient;
    let err = commands::save_prescription_pdf(&clinic.state, other, vec![rx.prescription.id]).expect_err("wrong patient");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn ids_of_another_patient_are_not_found_on_this_chart() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Doctor);
    let (p, other) = (clinic.patient, clinic.other_patient);
    let allergy = commands::record_allergy(&clinic.state, other, allergy_input()).expect("allergy");
    let condition = commands::record_condition(&clinic.state, other, condition_input()).expect("condition");
    let encounter = commands::save_encounter(&clinic.state, other, None, None, note_input(), true).expect("note");
    let rx = commands::prescribe(&clinic.state, other, prescription_input("Paracetamol"), None, None).expect("rx");
    let amendment = AmendmentInput { note: note_input(), reason: "Wrong patient?".into() };
    let stop = clinic_core::chart::PrescriptionChange::Stop { reason: Some("x".into()) };
    let results = [
        commands::change_allergy(&clinic.state, p, allergy.id, allergy_input()).map(drop),
        commands::change_condition(&clinic.state, p, condition.id, condition_input()).map(drop),
        commands::amend_encounter(&clinic.state, p, encounter.id, amendment.clone()).map(drop),
        commands::encounter_history(&clinic.state, p, encounter.id).map(drop),
        commands::save_encounter(&clinic.state, p, Some(encounter.id), None, note_input(), false).map(drop),
        commands::change_prescription(&clinic.state, p, rx.prescription.id, stop.clone()).map(drop),
        commands::prescribe(&clinic.state, p, prescription_input("Ibuprofen"), None, Some(encounter.id)).map(drop),
    ];
    for (i, result) in results.into_iter().enumerate() {
        assert_eq!(result.expect_err("foreign id").code, ErrorCode::NotFound, "call {i}");
    }
    let mine = chart_of(&clinic);
    assert!(mine.allergy_history.is_empty() && mine.conditions.is_empty() && mine.prescriptions.is_empty());
    assert!(mine.encounters.is_empty());
}

#[test]
fn only_the_author_finishes_a_draft_note() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Admin);
    let input = clinic_core::NewUserInput {
        username: "second.doctor".into(),
        display_name: "Dr Second".into(),
        role: Some(Role::Doctor),
        password: PASSWORD.into(),
    };
    commands::create_user(&clinic.state, input.clone()).expect("second doctor");
    clinic.log_in(Role::Doctor);
    let p = clinic.patient;
    let draft = commands::save_encounter(&clinic.state, p, None, None, note_input(), false).expect("draft");
    commands::log_in(&clinic.state, "second.doctor".into(), PASSWORD.into()).expect("login");
    commands::change_own_password(&clinic.state, PASSWORD.into(), "second doctor's own words".into()).expect("own password");
    let refused = commands::save_encounter(&clinic.state, p, Some(draft.id), None, note_input(), true).expect_err("not theirs");
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("Only the doctor who wrote this draft"), "{}", refused.message);
    assert!(chart_of(&clinic).encounters[0].signed_at.is_none(), "still a draft");
}

#[test]
fn an_alert_goes_to_an_active_doctor_only_and_each_listed_patient_read_is_audited() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Doctor);
    let p = clinic.patient;
    commands::save_encounter(&clinic.state, p, None, None, note_input(), true).expect("signed");
    let doctor = clinic.actor(Role::Doctor).user_id;
    // The doctor who saw the patient leaves: the next urgent result is for any doctor.
    clinic.log_in(Role::Admin);
    commands::disable_user(&clinic.state, doctor).expect("disable");
    clinic.log_in(Role::Nurse);
    commands::record_lab_result(&clinic.state, p, lab_input()).expect("lab");
    assert_eq!(chart_of(&clinic).alerts[0].for_user_id, None);
    commands::record_lab_result(&clinic.state, clinic.other_patient, lab_input()).expect("lab");

    clinic.log_in(Role::Admin);
    commands::enable_user(&clinic.state, doctor).expect("enable");
    clinic.log_in(Role::Doctor);
    assert_eq!(commands::list_clinical_alerts(&clinic.state).expect("alerts").len(), 2);
    let query = AuditQuery { user_id: Some(doctor), action: Some(AuditAction::ClinicalRecordRead), ..Default::default() };
    let reads = clinic.store().all_audit_events(&query).expect("audit");
    let mut patients: Vec<String> = reads.iter().filter_map(|e| e.patient_id.clone()).collect();
    patients.sort();
    let mut expected = vec![clinic.patient.to_string(), clinic.other_patient.to_string()];
    expected.sort();
    assert_eq!(patients, expected, "one read per patient on the list");
}

#[test]
fn only_active_prescriptions_print_and_each_once() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Doctor);
    let p = clinic.patient;
    let a = commands::prescribe(&clinic.state, p, prescription_input("Paracetamol"), None, None).expect("rx").prescription.id;
    let b = commands::prescribe(&clinic.state, p, prescription_input("Ibuprofen"), None, None).expect("rx").prescription.id;
    let twice = commands::save_prescription_pdf(&clinic.state, p, vec![a, a, b]).expect("pdf");
    let text = pdftotext(&twice.path);
    assert_eq!(text.matches("Paracetamol").count(), 1, "{text}");
    assert!(text.contains("Ibuprofen"));
    let again = commands::save_prescription_pdf(&clinic.state, p, vec![a]).expect("second print");
    assert_ne!(again.path, twice.path, "a second print never overwrites the first");
    let stop = clinic_core::chart::PrescriptionChange::Stop { reason: Some("Not needed".into()) };
    commands::change_prescription(&clinic.state, p, b, stop.clone()).expect("stop");
    let refused = commands::save_prescription_pdf(&clinic.state, p, vec![a, b]).expect_err("stopped");
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("Ibuprofen is no longer active"), "{}", refused.message);
}
