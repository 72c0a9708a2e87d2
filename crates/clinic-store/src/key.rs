//! The database key: 256 random bits kept in the OS keychain (docs/decisions.md §3).

use std::fmt;

use keyring_core::{Entry, Error as KeyringError};
use rand::RngCore;

use crate::StoreError;

/// A raw 256-bit SQLCipher key. Never printed, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseKey([u8; 32]);

impl DatabaseKey {
    /// A fresh random key from the OS's secure random source.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        DatabaseKey(bytes)
    }

    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        DatabaseKey(bytes)
    }

    /// The `PRAGMA key` value: a raw key in SQLCipher's blob syntax, so no passphrase
    /// derivation runs (the key is already random).
    pub fn pragma_value(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("\"x'{hex}'\"")
    }
}

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(<redacted>)")
    }
}

impl Drop for DatabaseKey {
    fn drop(&mut self) {
        // Best effort: do not leave key material in freed memory.
        self.0.iter_mut().for_each(|b| *b = 0);
    }
}

/// Where one database's key lives in the OS keychain. Uses whichever store is the process's
/// default: the platform keychain in the app, keyring's mock store in tests.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
    account: String,
}

impl Keychain {
    /// The keychain entry `service` / `account`.
    pub fn new(service: impl Into<String>, account: impl Into<String>) -> Self {
        Keychain { service: service.into(), account: account.into() }
    }

    fn entry(&self) -> Result<Entry, StoreError> {
        Entry::new(&self.service, &self.account).map_err(keychain_error)
    }

    /// The stored key, or `None` when the keychain has no entry for it.
    pub fn load(&self) -> Result<Option<DatabaseKey>, StoreError> {
        match self.entry()?.get_secret() {
            Ok(secret) => {
                let bytes: [u8; 32] = secret.as_slice().try_into().map_err(|_| StoreError::BadKey)?;
                Ok(Some(DatabaseKey(bytes)))
            }
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    /// Stores `key`, replacing any earlier one.
    pub fn save(&self, key: &DatabaseKey) -> Result<(), StoreError> {
        self.entry()?.set_secret(&key.0).map_err(keychain_error)
    }

    /// Removes the key (used when a database that was never finished is cleaned up).
    pub fn delete(&self) -> Result<(), StoreError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// One clear message for "there is no keychain to use", whatever the platform said.
fn keychain_error(e: KeyringError) -> StoreError {
    match e {
        KeyringError::NoDefaultStore => StoreError::KeychainUnavailable {
            detail: "no credential store could be found (no Secret Service on the session bus)".into(),
        },
        KeyringError::NoStorageAccess(inner) => {
            StoreError::KeychainUnavailable { detail: format!("the keychain is locked or absent ({inner})") }
        }
        other => StoreError::Keychain(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let key = DatabaseKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{key:?}"), "DatabaseKey(<redacted>)");
        assert!(key.pragma_value().starts_with("\"x'abab"));
        assert_eq!(key.pragma_value().len(), 64 + 5);
    }

    #[test]
    fn missing_store_is_a_clear_keychain_error() {
        let err = keychain_error(KeyringError::NoDefaultStore);
        assert!(err.to_string().starts_with("no unlocked system keychain"), "{err}");
    }
}
