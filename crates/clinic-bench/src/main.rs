//! `cargo run --release -p clinic-bench -- [--patients N] [--queries N] [--appointments N]
//! [--providers N] [--long-charts N] [--short-charts N] [--invoices N] [--billing-report-runs N]
//! [--billing-requests N] [--sync-sizes N,N] [--sync-sites N] [--sync-orgs N]
//! [--sync-seconds N] [--join-patients N] [--join-appointments N] [--join-invoices N] [--no-join]
//! [--postgres URL] [--json FILE]`

use anyhow::{bail, Context};
use clinic_bench::{run, Config};
use tracing_subscriber::EnvFilter;

fn main() -> anyhow::Result<()> {
    // Progress goes to stderr through tracing; the table (stdout) stays clean for piping.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // The sync server runs in this process: its per-request lines would drown the progress.
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,clinic_server=warn,tower_http=warn")),
        )
        .init();
    if std::env::args().nth(1).as_deref() == Some("--join-site") {
        // The joining site of the seed-scale join, run by the bench as a process of its own.
        // Its answer is the last line on standard output, which the bench reads.
        println!("{}", serde_json::to_string(&clinic_bench::join_site_process()?)?);
        return Ok(());
    }
    let mut config = Config::default();
    let mut json_path = None;
    let mut sync_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--patients" => config.patients = value()?.parse().context("--patients takes a number")?,
            "--queries" => config.search_queries = value()?.parse().context("--queries takes a number")?,
            "--appointments" => {
                config.appointments = value()?.parse().context("--appointments takes a number")?;
            }
            "--providers" => config.providers = value()?.parse().context("--providers takes a number")?,
            "--long-charts" => config.long_charts = value()?.parse().context("--long-charts takes a number")?,
            "--short-charts" => config.short_charts = value()?.parse().context("--short-charts takes a number")?,
            "--invoices" => config.invoices = value()?.parse().context("--invoices takes a number")?,
            "--billing-report-runs" => {
                config.billing_report_runs = value()?.parse().context("--billing-report-runs takes a number")?;
            }
            "--billing-requests" => {
                config.billing_requests = value()?.parse().context("--billing-requests takes a number")?;
            }
            "--sync-sizes" => {
                config.sync.sizes = value()?
                    .split(',')
                    .map(|n| n.trim().parse())
                    .collect::<Result<_, _>>()
                    .context("--sync-sizes takes numbers separated by commas")?;
            }
            "--sync-sites" => config.sync.load.sites = value()?.parse().context("--sync-sites takes a number")?,
            "--sync-orgs" => config.sync.load.orgs = value()?.parse().context("--sync-orgs takes a number")?,
            "--sync-seconds" => config.sync.load.seconds = value()?.parse().context("--sync-seconds takes a number")?,
            "--join-patients" | "--join-appointments" | "--join-invoices" => {
                let n: usize = value()?.parse().with_context(|| format!("{arg} takes a number"))?;
                let join = config.sync.join.get_or_insert_with(Default::default);
                match arg.as_str() {
                    "--join-patients" => join.patients = n,
                    "--join-appointments" => join.appointments = n,
                    _ => join.invoices = n,
                }
            }
            "--no-join" => config.sync.join = None,
            "--postgres" => config.sync.postgres_url = Some(value()?),
            "--sync-only" => sync_only = true,
            "--json" => json_path = Some(value()?),
            "-h" | "--help" => {
                println!(
                    "usage: clinic-bench [--patients N (50000)] [--queries N (400)] \
                     [--appointments N (1000000)] [--providers N (2000)] [--long-charts N (5)] [--short-charts N (5000)] \
                     [--invoices N (1000000)] [--billing-report-runs N (10)] [--billing-requests N (300)] \
                     [--sync-sizes N,N (10000,100000)] [--sync-sites N (1000)] [--sync-orgs N (100)] [--sync-seconds N (60)] \
                     [--join-patients N (50000)] [--join-appointments N (1000000)] [--join-invoices N (200000)] [--no-join] \
                     [--postgres URL (CLINIC_TEST_POSTGRES_URL)] \
                     [--json FILE]"
                );
                return Ok(());
            }
            other => bail!("unknown argument {other}; see --help"),
        }
    }
    if config.patients == 0 {
        bail!("--patients must be at least 1");
    }
    if config.providers == 0 {
        bail!("--providers must be at least 1");
    }
    if config.sync.load.sites == 0 || config.sync.load.orgs == 0 || config.sync.load.orgs > config.sync.load.sites {
        bail!("--sync-sites and --sync-orgs must be at least 1, with no more organisations than sites");
    }
    let dir = tempfile::tempdir().context("scratch folder")?;
    if sync_only {
        config.patients = config.patients.min(2_000);
        let (table, json) = clinic_bench::run_sync_only(&config, dir.path())?;
        println!("{table}");
        if let Some(path) = json_path {
            std::fs::write(&path, serde_json::to_string_pretty(&json)?).with_context(|| format!("writing {path}"))?;
            println!("wrote {path}");
        }
        return Ok(());
    }
    tracing::info!(
        patients = config.patients,
        providers = config.providers,
        appointments = config.appointments,
        invoices = config.invoices,
        dir = %dir.path().display(),
        "building the benchmark clinic"
    );
    let report = run(&config, dir.path())?;
    println!("{}", report.table());
    if let Some(path) = json_path {
        std::fs::write(&path, serde_json::to_string_pretty(&report.json())?).with_context(|| format!("writing {path}"))?;
        println!("wrote {path}");
    }
    Ok(())
}
