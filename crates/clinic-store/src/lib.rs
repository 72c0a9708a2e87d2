//! Clinic Desk's local database: an encrypted SQLite file (SQLCipher), its migrations, the one
//! write path that records every change for sync, and patient search.

mod alerts;
pub mod audit;
mod auth;
mod billing;
mod chart;
mod checkpoint;
mod codes;
mod connection;
pub mod demo;
pub mod demo_chart;
pub mod demo_schedule;
mod error;
pub mod key;
mod patients;
mod rows;
pub mod scheduling;
mod search;
mod settings;
mod site;
mod store;
pub mod sync;
mod users;
pub mod write;

pub use chart::PrescriptionDraft;
pub use connection::MIGRATION_COUNT;
pub use error::StoreError;
pub use key::{DatabaseKey, Keychain};
pub use site::{SiteInfo, SiteSetup};
pub use store::Store;
