//! Passwords: the policy for new passwords (OWASP ASVS 5, V6.2) and argon2id hashing.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Fewest characters a password may have (ASVS 5: at least 8; 15 recommended).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The length the policy recommends, shown as a hint.
pub const RECOMMENDED_PASSWORD_CHARS: usize = 15;
/// Most characters accepted (ASVS asks for at least 64 to be allowed).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// argon2id memory in KiB. OWASP's floor is 19 MiB with 2 passes; we use 64 MiB and 3 passes
/// so a login costs a few hundred milliseconds, not tens.
pub const HASH_MEMORY_KIB: u32 = 65_536;
/// argon2id passes.
pub const HASH_ITERATIONS: u32 = 3;
/// argon2id lanes.
pub const HASH_PARALLELISM: u32 = 1;

// OWASP's floor for argon2id (19 MiB, 2 passes, 1 lane), checked when this compiles.
const _: () = assert!(HASH_MEMORY_KIB >= 19_456 && HASH_ITERATIONS >= 2 && HASH_PARALLELISM == 1);

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../data/common-passwords.txt").lines().filter(|l| !l.is_empty()).collect());

/// Why a new password is refused, in words for the person choosing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRejection {
    #[error("Use at least {MIN_PASSWORD_CHARS} characters ({RECOMMENDED_PASSWORD_CHARS} or more is better; a few words make a good one)")]
    TooShort,
    #[error("Use at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("The password cannot be the username")]
    SameAsUsername,
    #[error("This is one of the most common passwords and easy to guess; choose another")]
    TooCommon,
}

/// Checks a new password against the policy: length only, no composition rules, not the
/// username, not a common password.
pub fn check_new_password(password: &str, username: &str) -> Result<(), PasswordRejection> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordRejection::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordRejection::TooLong);
    }
    let lowered = password.to_lowercase();
    if !username.is_empty() && lowered.trim() == username.trim().to_lowercase() {
        return Err(PasswordRejection::SameAsUsername);
    }
    if COMMON_PASSWORDS.contains(lowered.as_str()) {
        return Err(PasswordRejection::TooCommon);
    }
    Ok(())
}

/// A failure of the hashing library itself (never a wrong password).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn hasher(memory_kib: u32, iterations: u32, parallelism: u32) -> Result<Argon2<'static>, HashError> {
    let params = Params::new(memory_kib, iterations, parallelism, None).map_err(|e| HashError(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password with argon2id at this version's parameters, as a PHC string
/// (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let mut salt = [0u8; 16];
    rand::Rng::fill(&mut rand::rng(), &mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashError(e.to_string()))?;
    let argon = hasher(HASH_MEMORY_KIB, HASH_ITERATIONS, HASH_PARALLELISM)?;
    Ok(argon.hash_password(password.as_bytes(), &salt).map_err(|e| HashError(e.to_string()))?.to_string())
}

/// What checking a password against a stored hash found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// Wrong password (or a hash that cannot be read: never a way in).
    Wrong,
    /// Right password, and the hash uses this version's parameters.
    Right,
    /// Right password, but the hash is older or weaker: store a fresh one.
    RightButRehash,
}

/// Checks `password` against a stored PHC hash, in constant time for the hash comparison.
pub fn verify_password(password: &str, stored: &str) -> PasswordCheck {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return PasswordCheck::Wrong;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return PasswordCheck::Wrong;
    };
    let Ok(argon) = hasher(params.m_cost(), params.t_cost(), params.p_cost()) else {
        return PasswordCheck::Wrong;
    };
    if argon.verify_password(password.as_bytes(), &parsed).is_err() {
        return PasswordCheck::Wrong;
    }
    let current = parsed.algorithm.as_str() == "argon2id"
        && params.m_cost() >= HASH_MEMORY_KIB
        && params.t_cost() >= HASH_ITERATIONS
        && params.p_cost() == HASH_PARALLELISM;
    if current {
        PasswordCheck::Right
    } else {
        PasswordCheck::RightButRehash
    }
}

/// A hash of a random password, checked against when the username is unknown so that a
/// failed login takes the same time whether or not the user exists.
pub fn decoy_hash() -> &'static str {
    static DECOY: LazyLock<String> = LazyLock::new(|| {
        let mut secret = [0u8; 24];
        rand::Rng::fill(&mut rand::rng(), &mut secret);
        // If hashing itself fails every real login fails the same way, so an empty decoy is safe.
        hash_password(&hex::encode(secret)).unwrap_or_default()
    });
    &DECOY
}

/// Hashes with explicit parameters: for tests of rehashing an older hash.
pub fn hash_password_with(password: &str, memory_kib: u32, iterations: u32, parallelism: u32) -> Result<String, HashError> {
    let salt = SaltString::encode_b64(b"fixed-test-salt!").map_err(|e| HashError(e.to_string()))?;
    let argon = hasher(memory_kib, iterations, parallelism)?;
    Ok(argon.hash_password(password.as_bytes(), &salt).map_err(|e| HashError(e.to_string()))?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_refuses_short_common_and_username_passwords_only() {
        assert_eq!(check_new_password("short", "ana"), Err(PasswordRejection::TooShort));
        assert_eq!(check_new_password("ABCDEFG", "ana"), Err(PasswordRejection::TooShort));
        assert_eq!(check_new_password("password1", "ana"), Err(PasswordRejection::TooCommon));
        assert_eq!(check_new_password("Password1", "ana"), Err(PasswordRejection::TooCommon));
        assert_eq!(check_new_password("iloveyou", "ana"), Err(PasswordRejection::TooCommon));
        assert_eq!(check_new_password("Anapereira", "anapereira"), Err(PasswordRejection::SameAsUsername));
        assert_eq!(check_new_password(&"x".repeat(129), "ana"), Err(PasswordRejection::TooLong));
        // No composition rules: lower-case words are fine, and so are 64+ characters.
        assert_eq!(check_new_password("correct horse battery staple", "ana"), Ok(()));
        assert_eq!(check_new_password("plumtreeharbor", "ana"), Ok(()));
        assert_eq!(check_new_password(&"long passphrase ".repeat(6), "ana"), Ok(()));
        // Characters, not bytes: eight accented letters are eight.
        assert_eq!(check_new_password("éèêëàâäô", "ana"), Ok(()));
    }

    #[test]
    fn the_bundled_list_is_loaded() {
        assert!(COMMON_PASSWORDS.len() > 10_000);
        assert!(COMMON_PASSWORDS.contains("12345678"));
    }

    #[test]
    fn hashes_are_argon2id_at_the_chosen_parameters() {
        let hash = hash_password("plumtreeharbor").expect("hash");
        assert!(
            hash.starts_with(&format!("$argon2id$v=19$m={HASH_MEMORY_KIB},t={HASH_ITERATIONS},p={HASH_PARALLELISM}$")),
            "{hash}"
        );
        assert_eq!(verify_password("plumtreeharbor", &hash), PasswordCheck::Right);
        assert_eq!(verify_password("plumtreeharboR", &hash), PasswordCheck::Wrong);
        assert_ne!(hash_password("plumtreeharbor").expect("hash"), hash, "salted");
    }

    #[test]
    fn an_older_weaker_hash_still_works_and_asks_for_a_rehash() {
        let old = hash_password_with("plumtreeharbor", 19_456, 2, 1).expect("hash");
        assert_eq!(verify_password("plumtreeharbor", &old), PasswordCheck::RightButRehash);
        assert_eq!(verify_password("wrong password", &old), PasswordCheck::Wrong);
        assert_eq!(verify_password("plumtreeharbor", "not a hash"), PasswordCheck::Wrong);
    }
}
