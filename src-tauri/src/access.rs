//! What a command needs before it runs, as its declaration in `command_table.rs` says: the
//! kinds of access, over the permission table of `clinic-core`.

use clinic_core::Action;

/// Who may call a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No session needed: status, first-run setup, logging in, asking who is logged in.
    Anyone,
    /// Any session, even a locked one or one that must change its password.
    AnySession,
    /// An unlocked session, even one that must change its password.
    UnlockedSession,
    /// An unlocked session whose role may do this action.
    Permission(Action),
    /// An unlocked session whose role may view charts, or with break-the-glass for the patient.
    Chart,
}

/// What `command` needs, or `None` for a name that is not a command.
pub fn access_of(command: &str) -> Option<Access> {
    crate::COMMANDS.iter().find(|c| c.name == command).map(|c| c.access)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::COMMANDS;

    #[test]
    fn every_command_is_declared_once() {
        let unique: BTreeSet<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(unique.len(), COMMANDS.len(), "a command is declared twice");
    }
}
