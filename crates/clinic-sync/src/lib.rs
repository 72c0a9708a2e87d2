//! Clinic Desk sync, a site's side: the HTTPS client (reqwest on rustls, a self-signed server
//! pinned by fingerprint), the sync engine that drives a site's replica
//! (`clinic_core::sync::Replica`), and when the background loop syncs. The wire types it speaks
//! are `clinic-protocol`'s, re-exported here as `protocol`.

pub mod client;
pub mod engine;
pub mod schedule;
pub mod tls;

pub use clinic_protocol as protocol;

pub use client::{Credentials, ServerAddress, SyncClient, SyncError};
pub use engine::{sync_in_batches, sync_once, Batches, Progress, ReplicaHandle, SyncReport};
pub use tls::{Fingerprint, Trust};
