//! Keeps the benchmark program from rotting: a small run must produce sane figures.

use clinic_bench::{run, Config};

#[test]
fn a_small_run_measures_every_hot_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = Config {
        patients: 300,
        search_queries: 50,
        list_requests: 20,
        seed: 1,
        logins: 2,
        appointments: 2_000,
        providers: 40,
        schedule_requests: 20,
        long_charts: 1,
        short_charts: 20,
        chart_requests: 10,
    };
    let report = run(&config, dir.path()).expect("bench run");
    assert_eq!(report.patients, 300);
    assert!(report.insert_per_sec > 0.0 && report.baseline_insert_per_sec > 0.0);
    let kinds: Vec<&str> = report.search.iter().map(|l| l.name.as_str()).collect();
    for kind in ["all queries", "name prefix", "full name", "misspelt name", "phone digits", "record number"] {
        assert!(kinds.contains(&kind), "missing {kind} in {kinds:?}");
    }
    assert!(report.search.iter().all(|l| l.count > 0 && l.p99_ms >= l.p50_ms));
    assert_eq!(report.listing.len(), 3);
    let security: Vec<&str> = report.security.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(security.len(), 5, "{security:?}");
    assert!(report.security.iter().all(|l| l.count > 0));
    assert!(report.audit_added_p99_ms().is_some());

    let chart: Vec<&str> = report.chart.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(chart.len(), 3, "{chart:?}");
    assert!(report.chart.iter().all(|l| l.count == 10 && l.p99_ms >= l.p50_ms), "{:?}", report.chart);
    // A long chart carries its 200 visits, 500 vitals and 50 prescriptions to the window.
    assert!(report.chart_json_bytes > 200 * 500, "{}", report.chart_json_bytes);

    let schedule = &report.schedule;
    assert_eq!((schedule.appointments, schedule.providers), (2_000, 40));
    let names: Vec<&str> = schedule.latencies.iter().map(|l| l.name.as_str()).collect();
    for name in [
        "day view, 1 provider",
        "day view, 20-provider clinic",
        "week view, 1 provider",
        "next available slot, 1 provider",
        "book (accepted + refused)",
    ] {
        assert!(names.contains(&name), "missing {name} in {names:?}");
    }
    assert!(schedule.latencies.iter().all(|l| l.p99_ms >= l.p50_ms));
    assert!(schedule.latencies.iter().filter(|l| !l.name.ends_with(" only")).all(|l| l.count > 0), "{names:?}");
    assert_eq!(schedule.bookings, 20);
    assert!(schedule.refused >= 10, "bookings aimed at held times are refused: {}", schedule.refused);

    let json = report.json();
    assert!(json["insert_ratio_to_baseline"].as_f64().expect("ratio") > 0.0);
    let first = &json["schedule"]["latencies"][0];
    assert!(first["p99_ratio_to_baseline"].as_f64().expect("ratio") > 0.0);
    assert!(report.table().contains("p99/base") && report.table().contains("bookings refused"));
}
