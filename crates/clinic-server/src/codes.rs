//! Secrets the server hands out: site tokens and one-time enrolment codes. Only their SHA-256
//! hashes are stored (both are long random strings, so a fast hash is enough).

use rand::seq::IndexedRandom;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::storage::{instant_text, Storage, StorageError};

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A new site token: 256 random bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A new one-time enrolment code, `XXXX-XXXX-XXXX` (about 59 bits).
pub fn new_enrolment_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12).filter_map(|_| CODE_ALPHABET.choose(&mut rng).map(|&b| char::from(b))).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Makes a one-time enrolment code for a new site of `org_id`, valid for `valid_for` from now,
/// and keeps its hash. Returns the code (shown once) and when it expires.
pub async fn issue_enrolment_code<S: Storage>(
    storage: &S,
    org_id: &str,
    valid_for: chrono::Duration,
) -> Result<(String, chrono::DateTime<chrono::Utc>), StorageError> {
    issue(storage, org_id, None, valid_for).await
}

/// Makes a one-time code with which the existing site `site_id` (and only it) enrols again and
/// gets a new token, say after its keychain was lost: the operator's `clinic-server site rekey`.
pub async fn issue_rekey_code<S: Storage>(
    storage: &S,
    org_id: &str,
    site_id: &str,
    valid_for: chrono::Duration,
) -> Result<(String, chrono::DateTime<chrono::Utc>), StorageError> {
    issue(storage, org_id, Some(site_id), valid_for).await
}

async fn issue<S: Storage>(
    storage: &S,
    org_id: &str,
    for_site: Option<&str>,
    valid_for: chrono::Duration,
) -> Result<(String, chrono::DateTime<chrono::Utc>), StorageError> {
    let code = new_enrolment_code();
    let now = chrono::Utc::now();
    let expires = now + valid_for;
    let hash = enrolment_code_hash(&code);
    storage.add_enrolment_code(org_id, &hash, for_site, &instant_text(now), &instant_text(expires)).await?;
    Ok((code, expires))
}

/// The stored form of an enrolment code as typed: spaces and dashes dropped, case ignored.
pub fn enrolment_code_hash(typed: &str) -> String {
    let normal: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    secret_hash(&normal)
}

/// The stored form of a secret.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_they_are_typed() {
        let code = new_enrolment_code();
        assert_eq!(code.len(), 14);
        assert_eq!(enrolment_code_hash(&code), enrolment_code_hash(&code.to_lowercase().replace('-', " ")));
        assert_ne!(enrolment_code_hash(&code), enrolment_code_hash(&new_enrolment_code()));
        assert_eq!(new_token().len(), 64);
    }
}
