//! Clinic Desk sync, the parts sites and the server share: the wire protocol, the HTTPS client
//! (reqwest on rustls, a self-signed server pinned by fingerprint), the sync engine that drives
//! a site's replica (`clinic_core::sync::Replica`), and when the background loop syncs.

pub mod client;
pub mod engine;
pub mod protocol;
pub mod schedule;
pub mod tls;

pub use client::{Credentials, ServerAddress, SyncClient, SyncError};
pub use engine::{sync_in_batches, sync_once, Batches, Progress, ReplicaHandle, SyncReport};
pub use tls::{Fingerprint, Trust};
