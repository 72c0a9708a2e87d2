//! Sync's domain (docs/decisions.md §5): the row change that travels between sites, the registry
//! of synced tables with their conflict rules, the merge decisions that the server and every
//! site share, double bookings found after a merge, and what the sync engine needs of a site.

mod access;
mod change;
mod conflicts;
mod merge;
mod registry;
mod replica;
mod values;
mod versions;

pub use access::{
    access, authorize, disabled_at, Authorized, RowBefore, TableAccess, Writer, Writers, ACCESS, OWN_PASSWORD_FIELDS,
};
pub use change::{Fields, InvalidChange, RowChange, MAX_VALUE_BYTES};
pub use conflicts::{conflict_id, BookingConflict, ConflictResolution, ConflictSide};
pub use merge::{
    is_status_field, lifts_text, merge_pulled, merge_pushed, parse_lifts, resolve_user_status, status_writes, FieldState,
    FieldWrite, Merge, StatusWrite, STATUS_FIELDS,
};
pub use registry::{synced_table_names, table, FieldRule, TableKind, TableRule, TABLES};
pub use replica::{
    AppliedPage, KnownSite, PendingChange, PullPosition, RefusedChange, Replica, RowKey, SnapshotPosition, SnapshotRow,
};
pub use values::unusable_values;
pub use versions::RowVersions;
