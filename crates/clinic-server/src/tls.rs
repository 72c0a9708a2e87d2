//! The server's certificate: files given by the operator, or a self-signed one made on first
//! start and kept in the data folder, so its fingerprint (which sites pin) stays the same.

use std::path::{Path, PathBuf};

use clinic_protocol::Fingerprint;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

/// Where the certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsSource {
    /// A certificate chain and its private key, PEM files.
    Files { cert: PathBuf, key: PathBuf },
    /// A self-signed certificate kept in `dir` (made there if missing) for these names.
    SelfSigned { dir: PathBuf, names: Vec<String> },
}

/// A certificate ready to serve.
#[derive(Clone)]
pub struct TlsMaterial {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
    /// SHA-256 of the server's own certificate (the first in the chain).
    pub fingerprint: Fingerprint,
}

impl std::fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsMaterial").field("fingerprint", &self.fingerprint).field("key_pem", &"<redacted>").finish()
    }
}

/// A certificate that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TlsError(String);

impl TlsSource {
    /// Reads (or for a self-signed source, makes once) the certificate and key.
    pub fn load(&self) -> Result<TlsMaterial, TlsError> {
        match self {
            TlsSource::Files { cert, key } => material(read(cert)?, read(key)?),
            TlsSource::SelfSigned { dir, names } => {
                let (cert, key) = (dir.join("self-signed-cert.pem"), dir.join("self-signed-key.pem"));
                if !cert.exists() || !key.exists() {
                    make_self_signed(dir, &cert, &key, names)?;
                }
                material(read(&cert)?, read(&key)?)
            }
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|e| TlsError(format!("cannot read {}: {e}", path.display())))
}

fn material(cert_pem: Vec<u8>, key_pem: Vec<u8>) -> Result<TlsMaterial, TlsError> {
    let first = CertificateDer::pem_slice_iter(&cert_pem)
        .next()
        .ok_or_else(|| TlsError("the certificate file holds no PEM certificate".into()))?
        .map_err(|e| TlsError(format!("the certificate file is not valid PEM: {e}")))?;
    rustls::pki_types::PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|e| TlsError(format!("the key file holds no PEM private key: {e}")))?;
    let fingerprint = Fingerprint::of_der(first.as_ref());
    Ok(TlsMaterial { cert_pem, key_pem, fingerprint })
}

fn make_self_signed(dir: &Path, cert: &Path, key: &Path, names: &[String]) -> Result<(), TlsError> {
    let mut subject_names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    subject_names.extend(names.iter().cloned());
    let certified = rcgen::generate_simple_self_signed(subject_names)
        .map_err(|e| TlsError(format!("could not make a self-signed certificate: {e}")))?;
    std::fs::create_dir_all(dir).map_err(|e| TlsError(format!("cannot make {}: {e}", dir.display())))?;
    write_private(key, certified.signing_key.serialize_pem().as_bytes())?;
    std::fs::write(cert, certified.cert.pem()).map_err(|e| TlsError(format!("cannot write {}: {e}", cert.display())))
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, contents: &[u8]) -> Result<(), TlsError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| TlsError(format!("cannot write {}: {e}", path.display())))?;
    file.write_all(contents).map_err(|e| TlsError(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_signed_certificate_is_made_once_and_keeps_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let source = TlsSource::SelfSigned { dir: dir.path().join("tls"), names: vec!["clinic.lan".into()] };
        let first = source.load().unwrap();
        let again = source.load().unwrap();
        assert_eq!(first.fingerprint, again.fingerprint);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("tls/self-signed-key.pem")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let missing = TlsSource::Files { cert: dir.path().join("nope.pem"), key: dir.path().join("nope.key") };
        assert!(missing.load().unwrap_err().to_string().contains("cannot read"));
    }
}
