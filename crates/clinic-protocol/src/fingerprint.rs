//! A server certificate's SHA-256 fingerprint: what a clinic server with a self-signed
//! certificate prints, what an admin types at enrolment, and what the site pins.

use sha2::{Digest, Sha256};

/// A certificate's SHA-256 fingerprint.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER certificate.
    pub fn of_der(der: &[u8]) -> Self {
        Fingerprint(Sha256::digest(der).into())
    }

    /// Reads a fingerprint as printed by the server (`AB:CD:…`), or typed with spaces, dashes
    /// or no separators, in either case.
    pub fn parse(text: &str) -> Result<Self, FingerprintError> {
        let hex: String = text.chars().filter(|c| !matches!(c, ':' | ' ' | '-' | '\t')).collect();
        let bytes = hex::decode(&hex).map_err(|_| FingerprintError)?;
        Ok(Fingerprint(bytes.try_into().map_err(|_| FingerprintError)?))
    }
}

impl std::fmt::Display for Fingerprint {
    /// Upper-case hex pairs joined by colons, as browsers and `openssl x509 -fingerprint` show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pairs: Vec<String> = self.0.iter().map(|b| format!("{b:02X}")).collect();
        f.write_str(&pairs.join(":"))
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// A fingerprint that is not 32 bytes of hex.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a certificate fingerprint is 64 hexadecimal digits (SHA-256), as the server prints it")]
pub struct FingerprintError;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_read_back_however_they_are_typed() {
        let f = Fingerprint::of_der(b"certificate");
        let printed = f.to_string();
        assert_eq!(printed.len(), 32 * 3 - 1);
        assert_eq!(Fingerprint::parse(&printed), Ok(f));
        assert_eq!(Fingerprint::parse(&printed.replace(':', "").to_lowercase()), Ok(f));
        assert_eq!(Fingerprint::parse(&printed.replace(':', " ")), Ok(f));
        assert_eq!(Fingerprint::parse("AB:CD"), Err(FingerprintError));
        assert_eq!(Fingerprint::parse("not hex"), Err(FingerprintError));
    }
}
