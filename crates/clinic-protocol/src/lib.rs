//! Clinic Desk's sync protocol, the part sites and the server share and nothing more: the JSON
//! bodies of each request, the protocol versions and limits, and certificate fingerprints. It
//! has no HTTP client or server, so the server links it without reqwest and a site without axum.

mod fingerprint;
mod wire;

pub use fingerprint::{Fingerprint, FingerprintError};
pub use wire::*;
