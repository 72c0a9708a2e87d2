//! One sync: push what waits here, then pull what the server has, page by page (docs/decisions.md §5).
//! The site's replica is locked only between network calls, never across one, so the app's
//! commands are not held up by the network.

use clinic_core::sync::{PullPosition, RefusedChange, Replica, RowChange, SnapshotPosition};

use crate::client::{SyncClient, SyncError};
use crate::protocol::{Outcome, PullRequest, PushRequest, PushResponse, PushedChange, SnapshotRequest};

/// How much one request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batches {
    /// Changes (row writes) sent in one push.
    pub push: usize,
    /// Changes asked for in one pull page.
    pub pull: u32,
    /// Records asked for in one snapshot page.
    pub snapshot: u32,
}

impl Default for Batches {
    fn default() -> Self {
        Batches { push: 1_000, pull: 1_000, snapshot: 2_000 }
    }
}

/// Shared access to a site's replica: locked for one step at a time.
pub trait ReplicaHandle: Send + Sync {
    type Replica: Replica;

    /// Runs `f` with the replica locked.
    fn with<T>(&self, f: impl FnOnce(&mut Self::Replica) -> T) -> T;
}

impl<R: Replica + Send> ReplicaHandle for std::sync::Mutex<R> {
    type Replica = R;

    fn with<T>(&self, f: impl FnOnce(&mut R) -> T) -> T {
        // A poisoned lock means a step panicked mid-way; the database rolled its transaction
        // back, so the replica itself is sound.
        let mut guard = self.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }
}

/// Where a sync has got to, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Changes sent so far and how many waited when the push began.
    Pushing { sent: u64, waiting: u64 },
    /// The server sequence reached so far and the newest one.
    Pulling { cursor: i64, head: i64 },
    /// A joining site copying the clinic's records: how many are in, of how many.
    Copying { records: u64, total: u64 },
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed_applied: u64,
    pub pushed_duplicate: u64,
    pub pushed_rejected: u64,
    /// Changes pulled that were new here.
    pub pulled: u64,
    /// Records copied by a snapshot (a joining site's first sync).
    pub copied: u64,
    pub pages: u64,
    pub new_booking_conflicts: u64,
    /// The server was a different database than last time (restored): everything went again.
    pub started_over: bool,
}

/// Pushes then pulls until both are done, and records the outcome on the replica.
pub async fn sync_once<H: ReplicaHandle>(
    replica: &H,
    client: &SyncClient,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<SyncReport, SyncError> {
    sync_in_batches(replica, client, Batches::default(), progress).await
}

/// [`sync_once`] with other batch sizes (tests and the benchmark).
pub async fn sync_in_batches<H: ReplicaHandle>(
    replica: &H,
    client: &SyncClient,
    batches: Batches,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let mut outcome = run(replica, client, batches, progress, &mut report).await;
    if matches!(outcome, Err(Restart)) {
        outcome = run(replica, client, batches, progress, &mut report).await;
    }
    let outcome = outcome.map_err(|e| match e {
        Restart => SyncError::Malformed("the server changed its database twice during one sync".into()),
        Failed(e) => e,
    });
    let noted = match &outcome {
        Ok(()) => replica.with(|r| r.note_success()),
        Err(e) => replica.with(|r| r.note_failure(&e.to_string())),
    };
    noted.map_err(local)?;
    outcome.map(|()| report)
}

/// How a pass ended early: a new server epoch (start again, once) or a failure.
enum Stop {
    Restart,
    Failed(SyncError),
}
use Stop::{Failed, Restart};

impl From<SyncError> for Stop {
    fn from(e: SyncError) -> Self {
        Failed(e)
    }
}

async fn run<H: ReplicaHandle>(
    replica: &H,
    client: &SyncClient,
    batches: Batches,
    progress: &(dyn Fn(Progress) + Send + Sync),
    report: &mut SyncReport,
) -> Result<(), Stop> {
    push(replica, client, batches.push, progress, report).await?;
    // A joining site that has pulled nothing yet copies the records as they stand instead of
    // replaying every change since the clinic began, then pulls what came after.
    if replica.with(|r| r.wants_snapshot()).map_err(local)? {
        copy_snapshot(replica, client, batches.snapshot, progress, report).await?;
    }
    pull(replica, client, batches.pull, progress, report).await
}

/// Copies the clinic's records page by page, resuming a snapshot that was cut where it
/// stopped. Each page and the position after it are kept in one transaction.
async fn copy_snapshot<H: ReplicaHandle>(
    replica: &H,
    client: &SyncClient,
    page_size: u32,
    progress: &(dyn Fn(Progress) + Send + Sync),
    report: &mut SyncReport,
) -> Result<(), Stop> {
    let mut position = replica.with(|r| r.snapshot_position()).map_err(local)?;
    loop {
        let after = position.as_ref().and_then(|p| p.after.clone());
        let response = client.snapshot(&SnapshotRequest { after, limit: page_size }).await?;
        if epoch_changed(replica, &response.epoch)? {
            report.started_over = true;
            return Err(Restart);
        }
        // Records in the page: its rows, and those sent as their history.
        let from_history: std::collections::HashSet<(&str, &str)> =
            response.history.iter().map(|c| (c.entity.as_str(), c.entity_id.as_str())).collect();
        let records = (response.rows.len() + from_history.len()) as u64;
        let next = match position {
            // The snapshot began on another server database (restored since): begin again. What
            // was applied stays; merging it again changes nothing.
            Some(p) if p.epoch != response.epoch => {
                position = None;
                continue;
            }
            Some(p) => SnapshotPosition { after: response.next.clone(), done: p.done + records, ..p },
            None => SnapshotPosition {
                epoch: response.epoch.clone(),
                as_of: response.head,
                after: response.next.clone(),
                total: response.total.unwrap_or(0),
                done: records,
            },
        };
        let last = !response.more;
        let applied = replica.with(|r| r.apply_snapshot(&response.rows, &response.history, &next, last)).map_err(local)?;
        report.pages += 1;
        report.copied += records;
        report.new_booking_conflicts += applied.new_booking_conflicts;
        progress(Progress::Copying { records: next.done, total: next.total.max(next.done) });
        if last {
            return Ok(());
        }
        position = Some(next);
    }
}

async fn push<H: ReplicaHandle>(
    replica: &H,
    client: &SyncClient,
    batch_size: usize,
    progress: &(dyn Fn(Progress) + Send + Sync),
    report: &mut SyncReport,
) -> Result<(), Stop> {
    let waiting = replica.with(|r| r.count_pending()).map_err(local)?;
    let mut sent = 0u64;
    loop {
        let batch = replica.with(|r| r.pending_changes(batch_size)).map_err(local)?;
        let Some(last) = batch.last().map(|c| c.local_seq) else { return Ok(()) };
        let request = PushRequest {
            changes: batch.into_iter().map(|p| PushedChange { local_seq: p.local_seq, change: p.change }).collect(),
        };
        let response = client.push(&request).await?;
        let refused = check_answers(&request.changes, &response, report)?;
        if epoch_changed(replica, &response.epoch)? {
            report.started_over = true;
            return Err(Restart);
        }
        replica.with(|r| r.acknowledge_push(last, &refused)).map_err(local)?;
        sent += request.changes.len() as u64;
        progress(Progress::Pushing { sent, waiting: waiting.max(sent) });
    }
}

/// Every change must have its answer, in order; returns the refused ones.
fn check_answers(
    sent: &[PushedChange],
    response: &PushResponse,
    report: &mut SyncReport,
) -> Result<Vec<RefusedChange>, SyncError> {
    if response.results.len() != sent.len()
        || response.results.iter().zip(sent).any(|(result, change)| result.change_id != change.change.change_id)
    {
        return Err(SyncError::Malformed("the server did not answer for each change sent".into()));
    }
    let mut refused = Vec::new();
    for result in &response.results {
        match result.outcome {
            Outcome::Applied if !result.refused_fields.is_empty() => {
                report.pushed_applied += 1;
                refused.push(RefusedChange {
                    change_id: result.change_id.clone(),
                    fields: result.refused_fields.clone(),
                    reason: result.reason.clone().unwrap_or_else(|| "refused without a reason".into()),
                });
            }
            Outcome::Applied => report.pushed_applied += 1,
            Outcome::Duplicate => report.pushed_duplicate += 1,
            Outcome::Rejected => {
                report.pushed_rejected += 1;
                refused.push(RefusedChange {
                    change_id: result.change_id.clone(),
                    fields: Vec::new(),
                    reason: result.reason.clone().unwrap_or_else(|| "refused without a reason".into()),
                });
            }
        }
    }
    Ok(refused)
}

/// Whether the server is not the database this site last pulled from; if so the replica starts
/// over (push everything, pull from the start).
fn epoch_changed<H: ReplicaHandle>(replica: &H, epoch: &str) -> Result<bool, SyncError> {
    replica
        .with(|r| -> Result<bool, <H::Replica as Replica>::Error> {
            match r.pull_position()? {
                Some(position) if position.epoch != epoch => {
                    tracing::warn!(
                        "the sync server's database changed (restored from a backup?): sending and fetching everything again"
                    );
                    r.start_over(epoch)?;
                    Ok(true)
                }
                _ => Ok(false),
            }
        })
        .map_err(local)
}

async fn pull<H: ReplicaHandle>(
    replica: &H,
    client: &SyncClient,
    page_size: u32,
    progress: &(dyn Fn(Progress) + Send + Sync),
    report: &mut SyncReport,
) -> Result<(), Stop> {
    loop {
        let position = replica.with(|r| r.pull_position()).map_err(local)?;
        let after = position.as_ref().map_or(0, |p| p.cursor);
        let first = report.pages == 0;
        let response = client.pull(&PullRequest { after, limit: page_size, with_sites: first }).await?;
        // A cursor past the server's newest change: the server lost changes (restored from a
        // backup under the same identity). Start over as for a new epoch.
        // A new epoch starts over inside `epoch_changed`; a lost head under the same epoch
        // starts over here. Either way once.
        if epoch_changed(replica, &response.epoch)? {
            report.started_over = true;
            return Err(Restart);
        }
        if response.head < after {
            replica.with(|r| r.start_over(&response.epoch)).map_err(local)?;
            report.started_over = true;
            return Err(Restart);
        }
        if first {
            replica.with(|r| r.learn_sites(&response.sites)).map_err(local)?;
        }
        let changes: Vec<RowChange> = response.changes.into_iter().map(|c| c.change).collect();
        let next = PullPosition { epoch: response.epoch.clone(), cursor: response.next };
        let applied = replica.with(|r| r.apply_pulled(&changes, &next, response.head)).map_err(local)?;
        report.pages += 1;
        report.pulled += applied.recorded;
        report.new_booking_conflicts += applied.new_booking_conflicts;
        progress(Progress::Pulling { cursor: response.next, head: response.head });
        if !response.more {
            return Ok(());
        }
    }
}

fn local(e: impl std::fmt::Display) -> SyncError {
    SyncError::Local(e.to_string())
}
