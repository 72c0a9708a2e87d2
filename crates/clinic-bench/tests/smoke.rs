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
        invoices: 200,
        billing_report_runs: 3,
        billing_requests: 5,
        sync: clinic_bench::SyncConfig {
            sizes: vec![300],
            load: clinic_bench::LoadConfig {
                sites: 6,
                orgs: 2,
                seconds: 2,
                period: std::time::Duration::from_millis(400),
                changes_per_push: 2,
            },
            join: Some(clinic_bench::JoinConfig {
                patients: 120,
                appointments: 1_500,
                invoices: 200,
                providers: 4,
                program: env!("CARGO_BIN_EXE_clinic-bench").into(),
            }),
            postgres_url: Some(std::env::var("CLINIC_TEST_POSTGRES_URL").expect("make test sets CLINIC_TEST_POSTGRES_URL")),
        },
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

    let billing = &report.billing;
    // The seed's 200 plus the one issued through create, issue and take_payment.
    assert_eq!((billing.invoices, billing.seed_invoices, billing.patients), (201, 200, 300));
    assert!(billing.lines >= billing.invoices && billing.lines <= 3 * billing.invoices, "{billing:?}");
    assert!(billing.payments > 0 && billing.partially_paid > 0 && billing.open_invoices > 0, "{billing:?}");
    assert!(billing.seed_secs > 0.0 && billing.seed_rows >= 400 && billing.seed_transactions == 1, "{billing:?}");
    assert_eq!(billing.report_reads, billing.invoices - billing.voided);
    assert!(billing.patients_owing > 0 && billing.patients_owing <= billing.open_invoices);
    assert!(billing.issued_number.starts_with("BNCH-2026-"), "{}", billing.issued_number);
    assert!(billing.pdf_bytes > 1_000, "{}", billing.pdf_bytes);
    let counts: Vec<(&str, usize)> = billing.latencies.iter().map(|l| (l.name.as_str(), l.count)).collect();
    assert_eq!(counts, [("outstanding balances report", 3), ("open one invoice (get_invoice)", 5), ("invoice PDF, one page", 5)]);
    assert!(billing.latencies.iter().all(|l| l.p50_ms > 0.0 && l.p99_ms >= l.p50_ms && l.max_ms >= l.p99_ms));

    let json = report.json();
    let pdf = &json["billing"]["latencies"][2];
    assert_eq!(pdf["target_p99_ms"].as_f64(), Some(50.0));
    assert!(pdf["p99_ratio_to_baseline"].as_f64().expect("ratio") > 0.0);
    assert!(json["billing"]["seed_invoices_per_sec"].as_f64().expect("rate") > 0.0);
    assert!(json["billing"]["pdf_target_met"].is_boolean());
    assert!(report.table().contains("billing: 201 invoices") && report.table().contains("one-page invoice PDF"));
    assert!(json["insert_ratio_to_baseline"].as_f64().expect("ratio") > 0.0);
    let first = &json["schedule"]["latencies"][0];
    assert!(first["p99_ratio_to_baseline"].as_f64().expect("ratio") > 0.0);
    assert!(report.table().contains("p99/base") && report.table().contains("bookings refused"));

    let sync = &report.sync;
    let servers: Vec<&str> = sync.throughput.iter().map(|t| t.server.as_str()).collect();
    assert_eq!(servers, ["SQLite", "PostgreSQL"]);
    assert!(sync.throughput.iter().all(|t| t.records == 300 && t.changes >= 600), "a patient and its audit event each");
    assert!(sync.throughput.iter().all(|t| t.push_per_sec > 0.0 && t.pull_apply_per_sec > 0.0 && t.raw_insert_per_sec > 0.0));
    assert!(sync.throughput.iter().all(|t| t.push_bytes_per_record > 100.0 && t.push_bytes_per_record < 2_000.0));
    // SQLite, PostgreSQL, and two PostgreSQL server instances on one database.
    let setups: Vec<(&str, usize)> = sync.sites_load.iter().map(|l| (l.server.as_str(), l.processes)).collect();
    assert_eq!(setups, [("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2)]);
    for load in &sync.sites_load {
        assert_eq!((load.sites, load.orgs, load.errors, load.lost), (6, 2, 0, 0), "{load:?}");
        // Each site syncs about every 0.4 s for 2 s: a push and a pull each time.
        assert!(load.push.count >= 6 * 3 && load.pull.count == load.push.count, "{load:?}");
        assert!(load.push.p99_ms >= load.push.p50_ms && load.requests_per_sec > 0.0);
    }
    assert_eq!(sync.burst.len(), 3);
    assert!(
        sync.burst.iter().all(|b| b.sites == 6 && b.errors == 0 && b.seconds > 0.0 && b.warm_seconds > 0.0),
        "{:?}",
        sync.burst
    );
    assert!(json["sync"]["records"][0]["push_ratio_to_raw_insert"].as_f64().expect("ratio") > 0.0);
    assert_eq!(json["sync"]["sites_load"][2]["processes"], 2);
    assert!(json["sync"]["sites_load"][0]["pull_p99_ms"].as_f64().is_some());
    assert_eq!(json["sync"]["burst"][1]["errors"], 0);
    assert!(report.table().contains("sites syncing every few seconds, then all at once"));
    let join = sync.join.as_ref().expect("the join was measured");
    assert!(join.patients >= 120 && join.appointments >= 1_500 && join.invoices >= 200, "{join:?}");
    assert!(join.records > 1_500 + 200 + 2 * 120 && join.seconds > 0.0, "{join:?}");
    assert!(join.peak_rss_mb > 1.0 && join.server_peak_rss_mb >= join.server_rss_before_mb, "{join:?}");
    let disk = &join.disk;
    let parts = disk.rows_and_indexes_bytes + disk.search_bytes + disk.sync_metadata_bytes + disk.audit_bytes + disk.other_bytes;
    assert_eq!(parts, disk.total_bytes, "the parts add up");
    assert!(disk.rows_and_indexes_bytes > 0 && disk.search_bytes > 0 && disk.sync_metadata_bytes > 0 && disk.audit_bytes > 0);
    assert_eq!(json["sync"]["join"]["patients"].as_u64(), Some(join.patients as u64));
    assert!(json["sync"]["disk"]["sync_metadata_ratio_to_rows"].as_f64().expect("ratio") > 0.0);
}
