//! WAL checkpoints off the hot path. SQLite normally copies the write-ahead log back into the
//! database inside whichever commit crosses the threshold, so one unlucky write (often an audit
//! event on a patient read) pays a few milliseconds of encryption and fsync. A background
//! thread on its own connection checkpoints instead, every couple of seconds; the writer's own
//! automatic checkpoint stays as a backstop should that thread ever stop.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::connection::{self, OpenMode};
use crate::{DatabaseKey, StoreError};

/// How often the background thread checkpoints.
const INTERVAL: Duration = Duration::from_secs(2);
/// The writer's own checkpoint threshold, in pages (SQLite's default is 1,000): only reached if
/// the background thread falls behind.
pub(crate) const BACKSTOP_PAGES: u32 = 16_000;

/// The background checkpointing thread; stopped and joined on drop.
pub(crate) struct Checkpointer {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a second connection to the database at `path` and starts checkpointing.
    pub(crate) fn start(path: &Path, key: &DatabaseKey) -> Result<Checkpointer, StoreError> {
        let (conn, _) = connection::open(path, key, OpenMode::Existing)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                // Runs until the store drops its sender.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
                    // PASSIVE never waits for readers or writers; a busy moment is simply
                    // retried at the next tick.
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                        tracing::warn!("background checkpoint failed: {e}");
                    }
                }
            })
            .map_err(|source| StoreError::Io { path: path.into(), source })?;
        Ok(Checkpointer { stop: Some(stop), thread: Some(thread) })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            // A panicked checkpoint thread has nothing left to clean up.
            let _ = thread.join();
        }
    }
}
