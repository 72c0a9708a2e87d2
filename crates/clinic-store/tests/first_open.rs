//! The first databases a process opens, opened at the same moment from several threads, all open.
//!
//! SQLite marks itself initialised before SQLCipher has finished its own start-up, so a second
//! thread could key a connection in between and get "An error occurred with PRAGMA key". That
//! only happens once per process, so each round runs in a fresh child process.

mod common;

use std::process::Command;
use std::sync::{Arc, Barrier};
use std::thread;

use clinic_store::{DatabaseKey, Store};

/// Set in the child processes: they do the racing, the parent counts the rounds.
const CHILD: &str = "CLINIC_STORE_FIRST_OPEN_CHILD";
const TEST_NAME: &str = "stores_opened_at_once_by_a_fresh_process_all_open";
const ROUNDS: usize = 10;
const THREADS: usize = 16;

#[test]
fn stores_opened_at_once_by_a_fresh_process_all_open() {
    if std::env::var_os(CHILD).is_some() {
        open_at_once();
        return;
    }
    let exe = std::env::current_exe().expect("test binary path");
    for round in 1..=ROUNDS {
        let out = Command::new(&exe)
            .args(["--exact", TEST_NAME, "--test-threads", "1", "--nocapture"])
            .env(CHILD, "1")
            .output()
            .expect("run child");
        assert!(
            out.status.success(),
            "round {round} of {ROUNDS} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn open_at_once() {
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let dir = tempfile::tempdir().expect("tempdir");
                let key = DatabaseKey::generate();
                barrier.wait();
                Store::create(&common::db_path(dir.path()), &key, &common::setup()).map(|_| ()).map_err(|e| e.to_string())
            })
        })
        .collect();
    let failures: Vec<String> = handles.into_iter().filter_map(|h| h.join().expect("thread").err()).collect();
    assert!(failures.is_empty(), "{} of {THREADS} first opens failed: {failures:?}", failures.len());
}
