//! Clinic Desk's central sync server (docs/decisions.md §6): axum over rustls, the sync API and site
//! enrolment, storage behind a trait (SQLite by default, PostgreSQL for scale), metrics and
//! structured logs without patient data.

pub mod codes;
pub mod connections;
pub mod http;
pub mod metrics;
pub mod push;
pub mod server;
pub mod storage;
pub mod tls;

pub use http::limits::{Limits, Rate};
pub use server::{install_crypto_provider, start, start_with, RunningServer, ServerOptions, StartError};
pub use storage::postgres::PostgresStorage;
pub use storage::sqlite::SqliteStorage;
pub use storage::{AnyStorage, Database, Storage, StorageError};
