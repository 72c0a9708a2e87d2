//! Registering, editing, listing and archiving patients.

mod common;

use clinic_core::{ListPatientsRequest, PatientInput, PatientSort};
use clinic_store::StoreError;
use common::*;

fn list(sort: PatientSort, page: u32, page_size: u32, include_archived: bool) -> ListPatientsRequest {
    ListPatientsRequest { page, page_size, sort, include_archived }
}

#[test]
fn create_get_and_update_keep_every_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let input =
        PatientInput { city: "Springfield".into(), notes: "Prefers mornings".into(), ..patient("Zoë", "Ñúñez-Øberg") };
    let created = store.create_patient(&actor(), &input, today()).expect("create");
    assert_eq!(created.mrn, "TEST-000001");
    assert_eq!(created.id.as_uuid().get_version_num(), 7);
    assert_eq!(created.site_id, store.site().site_id);
    assert_eq!(PatientInput::from(&created.details), input);

    let second = store.create_patient(&actor(), &patient("Ada", "Okafor"), today()).expect("create");
    assert_eq!(second.mrn, "TEST-000002", "record numbers follow the site's sequence");

    let edited = PatientInput { phone: "+44 20 7946 0958".into(), city: String::new(), ..input };
    let updated = store.update_patient(&actor(), &created.id, &edited, today()).expect("update");
    assert_eq!(updated.details.phone.as_deref(), Some("+44 20 7946 0958"));
    assert_eq!(updated.details.city, None);
    assert!(updated.updated_at >= created.updated_at);
    assert_eq!(updated.created_at, created.created_at);
}

#[test]
fn invalid_input_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let good = store.create_patient(&actor(), &patient("Ada", "Okafor"), today()).expect("create");
    let changes_before = change_count(&store);

    let bad = PatientInput { email: "not-an-email".into(), ..patient("Bea", "Mensah") };
    let err = store.create_patient(&actor(), &bad, today()).expect_err("invalid");
    let StoreError::Validation(errors) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].field, "email");

    let bad_edit = PatientInput { date_of_birth: "2999-01-01".into(), ..patient("Ada", "Okafor") };
    let err = store.update_patient(&actor(), &good.id, &bad_edit, today()).expect_err("invalid");
    assert!(matches!(err, StoreError::Validation(_)));
    assert_eq!(change_count(&store), changes_before, "no change was recorded");
    assert_eq!(store.get_patient(&good.id).expect("get"), good, "the stored patient is unchanged");
    assert_eq!(store.count_active_patients().expect("count"), 1);
}

#[test]
fn unknown_ids_are_not_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let missing = &"0190b7c4-0000-7000-8000-000000000000".parse().expect("an id");
    assert!(matches!(store.get_patient(missing), Err(StoreError::NotFound { .. })));
    assert!(matches!(store.update_patient(&actor(), missing, &patient("A", "B"), today()), Err(StoreError::NotFound { .. })));
    assert!(matches!(store.archive_patient(&actor(), missing), Err(StoreError::NotFound { .. })));
}

#[test]
fn list_pages_and_sorts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let names = [("Carla", "Young"), ("Ben", "adams"), ("Ana", "Moore"), ("Dev", "Baker"), ("Eve", "Zhang")];
    for (given, family) in names {
        store.create_patient(&actor(), &patient(given, family), today()).expect("create");
    }
    let first = store.list_patients(&list(PatientSort::FamilyName, 1, 2, false)).expect("page 1");
    assert_eq!(first.total, 5);
    let families: Vec<_> = first.items.iter().map(|p| p.family_name.as_str()).collect();
    assert_eq!(families, ["adams", "Baker"], "sorted by family name, case-insensitively");
    let last = store.list_patients(&list(PatientSort::FamilyName, 3, 2, false)).expect("page 3");
    assert_eq!(last.items.len(), 1);
    assert_eq!(last.items[0].family_name, "Zhang");
    let beyond = store.list_patients(&list(PatientSort::FamilyName, 9, 2, false)).expect("past the end");
    assert!(beyond.items.is_empty());
    let by_given = store.list_patients(&list(PatientSort::GivenName, 1, 1, false)).expect("given");
    assert_eq!(by_given.items[0].given_name, "Ana");
    let by_mrn = store.list_patients(&list(PatientSort::Mrn, 1, 5, false)).expect("mrn");
    assert_eq!(by_mrn.items[0].family_name, "Young");
}

#[test]
fn archived_patients_leave_lists_but_keep_their_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let kept = store.create_patient(&actor(), &patient("Ada", "Okafor"), today()).expect("create");
    let gone = store.create_patient(&actor(), &patient("Bea", "Mensah"), today()).expect("create");
    let archived = store.archive_patient(&actor(), &gone.id).expect("archive");
    assert!(archived.archived_at.is_some());
    assert_eq!(store.archive_patient(&actor(), &gone.id).expect("again"), archived, "archiving twice changes nothing");

    let active = store.list_patients(&list(PatientSort::FamilyName, 1, 10, false)).expect("list");
    assert_eq!(active.total, 1);
    assert_eq!(active.items[0].id, kept.id);
    let all = store.list_patients(&list(PatientSort::FamilyName, 1, 10, true)).expect("list all");
    assert_eq!(all.total, 2);
    assert!(all.items.iter().any(|p| p.archived));
    assert!(store.search_patients("Mensah", 10).expect("search").is_empty(), "search leaves archived patients out");
    let edit = store.update_patient(&actor(), &gone.id, &patient("Bea", "Mensah-Osei"), today());
    assert!(matches!(edit, Err(StoreError::Conflict(_))), "an archived record is not edited");
    let count: i64 = store.connection().query_row("SELECT count(*) FROM patient", [], |r| r.get(0)).expect("count");
    assert_eq!(count, 2, "nothing is deleted");
}
