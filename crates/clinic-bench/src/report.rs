//! Latency summaries, the printed table and the JSON file.

use std::time::Duration;

use serde::Serialize;

use crate::billing::BillingFigures;
use crate::chart::CHART_TARGET_P99_MS;
use crate::schedule::ScheduleFigures;
use crate::sync::SyncFigures;

/// Percentiles of one measured operation.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub name: String,
    pub count: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    #[serde(skip)]
    pub samples: Vec<Duration>,
}

impl Latency {
    /// One line of the printed table; `unit` is one baseline insert in milliseconds.
    pub fn table_row(&self, unit: f64) -> String {
        format!(
            "{:<40} {:>9.3} {:>9.3} {:>9.3} {:>9.2}x\n",
            format!("{} ({})", self.name, self.count),
            self.p50_ms,
            self.p99_ms,
            self.max_ms,
            self.p99_ms / unit
        )
    }

    /// Summarises `samples` (nearest-rank percentiles).
    pub fn from_samples(name: &str, mut samples: Vec<Duration>) -> Latency {
        samples.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let rank = |p: f64| {
            let i = ((p * samples.len() as f64).ceil() as usize).saturating_sub(1);
            samples.get(i.min(samples.len().saturating_sub(1))).copied().map(ms).unwrap_or(0.0)
        };
        Latency {
            name: name.to_string(),
            count: samples.len(),
            p50_ms: rank(0.50),
            p99_ms: rank(0.99),
            max_ms: samples.last().copied().map(ms).unwrap_or(0.0),
            samples,
        }
    }
}

/// Everything one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub patients: usize,
    /// Patients registered per second through the full write path.
    pub insert_per_sec: f64,
    /// The same rows per second into a plain SQLCipher table (the baseline).
    pub baseline_insert_per_sec: f64,
    pub search: Vec<Latency>,
    pub listing: Vec<Latency>,
    /// Login and audit costs.
    pub security: Vec<Latency>,
    /// The diary at seed scale: day and week views, next free slot, booking.
    pub schedule: ScheduleFigures,
    /// Opening charts, long and short.
    pub chart: Vec<Latency>,
    /// The size of one long chart as sent to the window.
    pub chart_json_bytes: usize,
    /// The ledger at seed scale: the outstanding balances report, an invoice, its PDF.
    pub billing: BillingFigures,
    /// Sync throughput and the server's latency under many sites.
    pub sync: SyncFigures,
}

impl Report {
    /// Write-path insert rate as a fraction of the plain SQLCipher rate.
    pub fn insert_ratio(&self) -> f64 {
        self.insert_per_sec / self.baseline_insert_per_sec
    }

    /// Mean time of one baseline insert, the unit the latency ratios are given in.
    pub fn baseline_insert_ms(&self) -> f64 {
        1000.0 / self.baseline_insert_per_sec
    }

    /// The report as a table for people.
    pub fn table(&self) -> String {
        let unit = self.baseline_insert_ms();
        let mut out = format!(
            "Clinic Desk benchmark: {} patients\n\n\
             {:<40} {:>12} {:>12}\n\
             {:<40} {:>12.0} {:>12}\n\
             {:<40} {:>12.0} {:>11.2}x\n\n\
             {:<40} {:>9} {:>9} {:>9} {:>10}\n",
            self.patients,
            "insert",
            "rows/s",
            "vs baseline",
            "plain SQLCipher insert (baseline)",
            self.baseline_insert_per_sec,
            "1.00x",
            "register patient (write path + index)",
            self.insert_per_sec,
            self.insert_ratio(),
            "operation",
            "p50 ms",
            "p99 ms",
            "max ms",
            "p99/base",
        );
        for l in self.search.iter().chain(&self.listing).chain(&self.security) {
            out.push_str(&l.table_row(unit));
        }
        if let Some(added) = self.audit_added_p99_ms() {
            out.push_str(&format!("\naudit event on a patient read adds {added:.3} ms at p99\n"));
        }
        out.push_str(&self.schedule.table(unit));
        out.push_str(&format!(
            "\nchart (read, audit event, JSON for the window; {} KB for a long chart; target p99 < {CHART_TARGET_P99_MS} ms)\n",
            self.chart_json_bytes / 1024
        ));
        for l in &self.chart {
            out.push_str(&l.table_row(unit));
        }
        out.push_str(&self.billing.table(unit));
        out.push_str(&self.sync.table(unit));
        out.push_str(&format!("\np99/base: p99 latency in units of one baseline insert ({unit:.3} ms in this run)\n"));
        out
    }

    /// The report as JSON, with the ratios spelled out.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "patients": self.patients,
            "insert_per_sec": self.insert_per_sec,
            "baseline_insert_per_sec": self.baseline_insert_per_sec,
            "insert_ratio_to_baseline": self.insert_ratio(),
            "baseline_insert_ms": self.baseline_insert_ms(),
            "search": self.search,
            "listing": self.listing,
            "security": self.security,
            "audit_added_p99_ms": self.audit_added_p99_ms(),
            "schedule": self.schedule.json(self.baseline_insert_ms()),
            "chart": self.chart,
            "chart_json_bytes": self.chart_json_bytes,
            "chart_target_p99_ms": CHART_TARGET_P99_MS,
            "billing": self.billing.json(self.baseline_insert_ms()),
            "sync": self.sync.json(self.baseline_insert_ms()),
        })
    }

    /// How much the audit event adds to opening a patient, at p99.
    pub fn audit_added_p99_ms(&self) -> Option<f64> {
        let p99 = |name: &str| self.security.iter().find(|l| l.name == name).map(|l| l.p99_ms);
        Some(p99("open one patient, audited")? - p99("open one patient")?)
    }
}
