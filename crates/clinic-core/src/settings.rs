//! This site's settings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validation::{Collector, ValidationErrors};

/// Minutes without activity before the screen locks, unless changed.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;
const MAX_IDLE_LOCK_MINUTES: u32 = 120;

/// Settings of this computer's installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SiteSettings {
    /// Minutes without activity before the screen locks (1 to 120).
    pub idle_lock_minutes: u32,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings { idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES }
    }
}

impl SiteSettings {
    /// Checks each setting's range.
    pub fn validate(&self) -> Result<SiteSettings, ValidationErrors> {
        let mut c = Collector::default();
        if !(1..=MAX_IDLE_LOCK_MINUTES).contains(&self.idle_lock_minutes) {
            c.add("idleLockMinutes", format!("Use 1 to {MAX_IDLE_LOCK_MINUTES} minutes"));
        }
        c.finish(*self)
    }
}
