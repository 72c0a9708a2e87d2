//! The sync figures as the printed table and the JSON file, with the ratios spelled out.

use crate::sync::SyncFigures;

impl SyncFigures {
    /// The sync part of the printed table; `unit` is one baseline insert in milliseconds.
    pub fn table(&self, unit: f64) -> String {
        let mut out = format!(
            "\nsync: patient records per second, and as a ratio to the raw insert of the same rows into a plain SQLCipher table\n\
             {:<12} {:>8} {:>8} {:>12} {:>8} {:>14} {:>8} {:>12} {:>10}\n",
            "server", "records", "changes", "push/s", "ratio", "pull+apply/s", "ratio", "raw insert/s", "bytes/rec"
        );
        for t in &self.throughput {
            out.push_str(&format!(
                "{:<12} {:>8} {:>8} {:>12.0} {:>7.2}x {:>14.0} {:>7.2}x {:>12.0} {:>10.0}\n",
                t.server,
                t.records,
                t.changes,
                t.push_per_sec,
                t.push_per_sec / t.raw_insert_per_sec,
                t.pull_apply_per_sec,
                t.pull_apply_per_sec / t.raw_insert_per_sec,
                t.raw_insert_per_sec,
                t.push_bytes_per_record
            ));
        }
        out.push_str(&format!(
            "\nsync: sites syncing every few seconds, then all at once\n{:<12} {:>5} {:>6} {:>5} {:>9} {:>13} {:>13} {:>7} {:>5} {:>9} {:>7} {:>7}\n",
            "server", "procs", "sites", "orgs", "req/s", "push p99 ms", "pull p99 ms", "errors", "lost", "burst s", "warm s", "errors"
        ));
        for (l, b) in self.sites_load.iter().zip(&self.burst) {
            out.push_str(&format!(
                "{:<12} {:>5} {:>6} {:>5} {:>9.0} {:>13.1} {:>13.1} {:>7} {:>5} {:>9.2} {:>7.2} {:>7}\n",
                l.server,
                l.processes,
                l.sites,
                l.orgs,
                l.requests_per_sec,
                l.push.p99_ms,
                l.pull.p99_ms,
                l.errors,
                l.lost,
                b.seconds,
                b.warm_seconds,
                b.errors
            ));
        }
        for l in &self.sites_load {
            out.push_str(&l.push.table_row(unit));
            out.push_str(&l.pull.table_row(unit));
        }
        if let Some(j) = &self.join {
            let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
            let d = &j.disk;
            out.push_str(&format!(
                "\nsync: a new computer joins a clinic of {} patients, {} appointments, {} invoices ({} records)\n\
                 {:.1} s; peak memory: the joining site {:.0} MiB, the bench process with the server {:.0} MiB (from {:.0}); its database {:.0} MiB: rows and indexes {:.0}, search {:.0}, \
                 sync metadata {:.0} ({:.2}x the rows), audit {:.0}, other {:.0}\n",
                j.patients,
                j.appointments,
                j.invoices,
                j.records,
                j.seconds,
                j.peak_rss_mb,
                j.server_peak_rss_mb,
                j.server_rss_before_mb,
                mib(d.total_bytes),
                mib(d.rows_and_indexes_bytes),
                mib(d.search_bytes),
                mib(d.sync_metadata_bytes),
                d.sync_metadata_bytes as f64 / d.rows_and_indexes_bytes.max(1) as f64,
                mib(d.audit_bytes),
                mib(d.other_bytes)
            ));
        }
        for note in &self.skipped {
            out.push_str(&format!("not measured: {note}\n"));
        }
        out
    }

    /// The JSON form with the ratios spelled out.
    pub fn json(&self, unit: f64) -> serde_json::Value {
        serde_json::json!({
            "records": self.throughput.iter().map(|t| serde_json::json!({
                "server": t.server,
                "patients": t.records,
                "changes": t.changes,
                "push_records_per_sec": t.push_per_sec,
                "pull_apply_records_per_sec": t.pull_apply_per_sec,
                "raw_record_insert_per_sec": t.raw_insert_per_sec,
                "push_ratio_to_raw_insert": t.push_per_sec / t.raw_insert_per_sec,
                "pull_apply_ratio_to_raw_insert": t.pull_apply_per_sec / t.raw_insert_per_sec,
                "push_bytes_per_record": t.push_bytes_per_record,
            })).collect::<Vec<_>>(),
            "sites_load": self.sites_load.iter().map(|l| serde_json::json!({
                "server": l.server,
                "processes": l.processes,
                "sites": l.sites,
                "orgs": l.orgs,
                "seconds": l.seconds,
                "requests": l.requests,
                "requests_per_sec": l.requests_per_sec,
                "push_p50_ms": l.push.p50_ms,
                "push_p99_ms": l.push.p99_ms,
                "pull_p50_ms": l.pull.p50_ms,
                "pull_p99_ms": l.pull.p99_ms,
                "push_p99_ratio_to_baseline": l.push.p99_ms / unit,
                "pull_p99_ratio_to_baseline": l.pull.p99_ms / unit,
                "errors": l.errors,
                "lost": l.lost,
            })).collect::<Vec<_>>(),
            "burst": self.burst.iter().map(|b| serde_json::json!({
                "server": b.server,
                "processes": b.processes,
                "sites": b.sites,
                "seconds": b.seconds,
                "warm_connections_seconds": b.warm_seconds,
                "errors": b.errors,
            })).collect::<Vec<_>>(),
            "join": self.join.as_ref().map(|j| serde_json::json!({
                "patients": j.patients,
                "appointments": j.appointments,
                "invoices": j.invoices,
                "records": j.records,
                "seconds": j.seconds,
                "peak_rss_mb": j.peak_rss_mb,
                "server_peak_rss_mb": j.server_peak_rss_mb,
                "server_rss_before_mb": j.server_rss_before_mb,
            })),
            "disk": self.join.as_ref().map(|j| serde_json::json!({
                "total_bytes": j.disk.total_bytes,
                "rows_and_indexes_bytes": j.disk.rows_and_indexes_bytes,
                "search_bytes": j.disk.search_bytes,
                "sync_metadata_bytes": j.disk.sync_metadata_bytes,
                "audit_bytes": j.disk.audit_bytes,
                "other_bytes": j.disk.other_bytes,
                "sync_metadata_ratio_to_rows": j.disk.sync_metadata_bytes as f64 / j.disk.rows_and_indexes_bytes.max(1) as f64,
            })),
            "skipped": self.skipped,
        })
    }
}
