//! This site's side of sync (design.md §5): the changes waiting for the server, applying what
//! the server sends, the link to the server, and the double bookings a merge brings in.

mod conflicts;
pub(crate) mod derived;
mod inbox;
mod link;
mod outbox;
mod snapshot;

use clinic_core::sync::{AppliedPage, FieldChange, KnownSite, PendingChange, PullPosition, RefusedChange, Replica};

pub use link::{Enrolment, SyncLink, SyncProblem};
pub use snapshot::SyncedRows;

use crate::site::save_clock;
use crate::store::now_ms;
use crate::{Store, StoreError};

impl Replica for Store {
    type Error = StoreError;

    fn pending_changes(&self, max: usize) -> Result<Vec<PendingChange>, StoreError> {
        outbox::pending(&self.conn, max)
    }

    fn count_pending(&self) -> Result<u64, StoreError> {
        outbox::count_pending(&self.conn)
    }

    fn acknowledge_push(&mut self, through_local_seq: i64, refused: &[RefusedChange]) -> Result<(), StoreError> {
        outbox::acknowledge(&mut self.conn, through_local_seq, refused)
    }

    fn pull_position(&self) -> Result<Option<PullPosition>, StoreError> {
        link::pull_position(&self.conn)
    }

    fn apply_pulled(
        &mut self,
        changes: &[FieldChange],
        next: &PullPosition,
        server_head: i64,
    ) -> Result<AppliedPage, StoreError> {
        let Store { conn, clock, .. } = self;
        let tx = conn.transaction()?;
        let page = inbox::apply(&tx, clock, now_ms(), changes)?;
        link::set_pull_position(&tx, next, server_head)?;
        save_clock(&tx, clock.last())?;
        tx.commit()?;
        Ok(page)
    }

    fn start_over(&mut self, epoch: &str) -> Result<(), StoreError> {
        link::start_over(&self.conn, epoch)
    }

    fn learn_sites(&mut self, sites: &[KnownSite]) -> Result<(), StoreError> {
        self.save_known_sites(sites)
    }

    fn note_success(&mut self) -> Result<(), StoreError> {
        self.note_sync_succeeded()
    }

    fn note_failure(&mut self, message: &str) -> Result<(), StoreError> {
        self.note_sync_failed(message)
    }
}
