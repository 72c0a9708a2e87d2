//! The chart's tables on a real SQLCipher file: a whole record read back in one call, and the
//! demo clinic's charts made through the same rules. (The rules through the commands are in
//! the app's tests/chart.rs.)

mod common;

use clinic_core::chart::{AllergyRecord, PrescriptionStatus};
use clinic_store::demo_chart::seed_demo_charts;
use common::*;

#[test]
fn demo_charts_are_written_through_the_rules_and_read_back_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let admin = set_up(&mut store);
    let ids: Vec<_> = (0..6)
        .map(|i| store.create_patient(&admin, &patient("Demo", &format!("Chart{i}")), today()).expect("patient").id)
        .collect();
    let changes_before = change_count(&store);
    seed_demo_charts(&mut store, &admin, &ids, 5, today()).expect("demo charts");
    assert!(change_count(&store) > changes_before, "every row went through the change log");

    let first = store.read_chart(&ids[0]).expect("chart");
    assert!(matches!(&first.allergies, AllergyRecord::Known(list) if list[0].substance == "Penicillin"));
    assert_eq!(store.read_chart(&ids[3]).expect("chart").allergies, AllergyRecord::NoKnownAllergies);
    assert_eq!(store.read_chart(&ids[1]).expect("chart").allergies, AllergyRecord::NotRecorded);
    for id in &ids[..5] {
        let chart = store.read_chart(id).expect("chart");
        assert_eq!((chart.conditions.len(), chart.encounters.len(), chart.vitals.len(), chart.labs.len()), (1, 1, 4, 1));
        assert!(chart.encounters[0].signed_at.is_some());
        assert!(chart.vitals.iter().all(|v| v.vitals.bmi_tenths.is_some()));
        assert_eq!(chart.prescriptions.len(), 1);
        assert_eq!(chart.prescriptions[0].prescription.status, PrescriptionStatus::Active);
        assert_eq!(chart.staff.get(&admin.user_id.to_string()).map(String::as_str), Some("Ada Admin"), "{:?}", chart.staff);
    }
    // Newest first: the last vitals written come first.
    for pulse in [61, 62, 63] {
        std::thread::sleep(std::time::Duration::from_millis(3));
        let v = clinic_core::chart::VitalsInput { pulse_per_min: Some(pulse), ..Default::default() };
        store.record_vitals(&admin, &ids[5], &v).expect("vitals");
    }
    let pulses: Vec<Option<u32>> =
        store.read_chart(&ids[5]).expect("chart").vitals.iter().map(|v| v.vitals.measured.pulse_per_min).collect();
    assert_eq!(pulses, [Some(63), Some(62), Some(61)]);
    let untouched = store.read_chart(&ids[5]).expect("chart");
    assert!(untouched.encounters.is_empty() && untouched.labs.is_empty() && untouched.history.updated_at.is_none());
}
