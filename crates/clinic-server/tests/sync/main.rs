//! The sync tests, in one binary: the real clinic-server over HTTPS on loopback against SQLite
//! and against PostgreSQL (make test starts it; these tests fail when it cannot be reached),
//! with sites that are real encrypted clinic databases.

/// Two tests of one scenario: against SQLite and against PostgreSQL, each with a time limit.
macro_rules! on_both {
    ($name:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            within(240, $name(Backend::Sqlite)).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            within(240, $name(Backend::Postgres)).await;
        }
    };
}

mod attacks;
mod conformance;
mod convergence;
mod faults;
mod fixtures;
mod harness;
mod hostile;
mod joining;
mod limits;
mod postgres_tls;
mod proxy;
mod requests;
mod two_servers;
mod two_sites;
mod upgrade;
