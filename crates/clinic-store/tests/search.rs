//! Search by name prefix, misspelt name, phone digits, email and record number.

mod common;

use clinic_core::PatientInput;
use clinic_store::Store;
use common::*;

fn names(store: &Store, query: &str) -> Vec<String> {
    store.search_patients(query, 20).expect("search").into_iter().map(|p| format!("{} {}", p.given_name, p.family_name)).collect()
}

fn clinic() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let people = [
        ("Margaret", "Thompson", "+1 555 0100 1234"),
        ("Martin", "Thomson", "+1 555 0100 9876"),
        ("Johannes", "Schmidt", "+49 30 901820"),
        ("Zoë", "Ñúñez-Øberg", "+34 600 123 456"),
        ("Aisha", "Rahman", "07700 900123"),
    ];
    for (given, family, phone) in people {
        let input = PatientInput { phone: phone.into(), ..patient(given, family) };
        store.create_patient(&actor(), &input, today()).expect("create");
    }
    (dir, store)
}

#[test]
fn finds_by_name_prefix() {
    let (_dir, store) = clinic();
    assert_eq!(names(&store, "Marg"), ["Margaret Thompson"]);
    assert_eq!(names(&store, "schm joh"), ["Johannes Schmidt"], "several prefixes, any order");
    let mar = names(&store, "mar");
    assert!(mar.contains(&"Margaret Thompson".to_string()) && mar.contains(&"Martin Thomson".to_string()));
}

#[test]
fn finds_a_misspelt_name() {
    let (_dir, store) = clinic();
    assert_eq!(names(&store, "Schmitd").first().map(String::as_str), Some("Johannes Schmidt"), "two letters swapped");
    assert_eq!(names(&store, "Rahmen"), ["Aisha Rahman"], "one letter wrong");
    assert_eq!(names(&store, "Rhaman").first().map(String::as_str), Some("Aisha Rahman"));
    let thompson = names(&store, "Tompson");
    assert!(thompson.contains(&"Margaret Thompson".to_string()), "one letter missing: {thompson:?}");
    assert!(names(&store, "Xyzzyq").is_empty(), "nothing near is nothing found");
}

#[test]
fn exact_and_prefix_matches_rank_before_typos() {
    let (_dir, store) = clinic();
    let found = names(&store, "Thomson");
    assert_eq!(found.first().map(String::as_str), Some("Martin Thomson"));
    assert!(found.contains(&"Margaret Thompson".to_string()), "the near spelling follows: {found:?}");
}

#[test]
fn finds_by_phone_digits_in_any_format() {
    let (_dir, store) = clinic();
    assert_eq!(names(&store, "555 0100 1234"), ["Margaret Thompson"]);
    assert_eq!(names(&store, "+1-555-0100-9876"), ["Martin Thomson"]);
    assert_eq!(names(&store, "900123"), ["Aisha Rahman"], "the end of a number is enough");
    assert_eq!(names(&store, "901820"), ["Johannes Schmidt"]);
}

#[test]
fn accents_fold_and_email_and_record_numbers_match() {
    let (_dir, store) = clinic();
    assert_eq!(names(&store, "zoe nunez"), ["Zoë Ñúñez-Øberg"]);
    assert_eq!(names(&store, "Øberg"), ["Zoë Ñúñez-Øberg"]);
    assert_eq!(names(&store, "johannes.schmidt@example"), ["Johannes Schmidt"]);
    assert_eq!(names(&store, "TEST-000003"), ["Johannes Schmidt"]);
}

#[test]
fn query_syntax_is_only_text() {
    let (_dir, store) = clinic();
    for odd in ["\"", "NOT", "a OR b", "*", "(", "name:x", "^", "''", "  "] {
        store.search_patients(odd, 10).unwrap_or_else(|e| panic!("query {odd:?} failed: {e}"));
    }
    assert!(names(&store, "").is_empty());
}

#[test]
fn edits_are_searchable_at_once() {
    let (_dir, mut store) = clinic();
    let id = store.search_patients("Rahman", 1).expect("search")[0].id;
    let renamed = PatientInput { family_name: "Karimi".into(), phone: "07700 900123".into(), ..patient("Aisha", "Karimi") };
    store.update_patient(&actor(), &id, &renamed, today()).expect("update");
    assert!(names(&store, "Rahman").is_empty(), "the old name is gone from the index");
    assert_eq!(names(&store, "Karimi"), ["Aisha Karimi"]);
}
