//! The sync tests, in one binary: the real clinic-server over HTTPS on loopback against SQLite
//! and against PostgreSQL (make test starts it; these tests fail when it cannot be reached),
//! with sites that are real encrypted clinic databases.

mod fixtures;
mod harness;
mod requests;
mod two_sites;
