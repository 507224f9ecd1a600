//! Secrets the server must read back (a connector's secret token, which
//! signs its webhook deliveries; a Telegram bot token), sealed with the
//! server's key before they are stored: a copy of the database alone does
//! not reveal them.
//!
//! The key is 32 random bytes in `<data-dir>/secret.key` (created on the
//! first start, readable by its owner only; back it up with the database),
//! or the hex of `SWITCHBOARD_SECRET_KEY` when set (several instances share
//! one key that way).

use std::path::Path;

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// The environment variable that overrides the key file.
pub const KEY_ENV: &str = "SWITCHBOARD_SECRET_KEY";
const KEY_FILE: &str = "secret.key";
const NONCE_BYTES: usize = 12;

/// Seals and opens secrets with the server's key.
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

/// Why the key could not be read or made.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key file could not be read or written.
    #[error("the secret key file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The key is not 64 hex digits.
    #[error("the secret key ({0}) must be 64 hexadecimal digits")]
    Malformed(&'static str),
}

impl Sealer {
    /// The key of `SWITCHBOARD_SECRET_KEY`, else of the data folder's key
    /// file, made on the first start.
    pub fn load(data_dir: &Path) -> Result<Self, KeyError> {
        if let Ok(hex_key) = std::env::var(KEY_ENV) {
            return Self::from_hex(hex_key.trim(), KEY_ENV);
        }
        let path = data_dir.join(KEY_FILE);
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_hex(text.trim(), "secret.key"),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = ChaCha20Poly1305::generate_key(&mut OsRng);
                write_private(&path, &hex::encode(key)).map_err(io)?;
                Ok(Self {
                    cipher: ChaCha20Poly1305::new(&key),
                })
            }
            Err(error) => Err(io(error)),
        }
    }

    fn from_hex(text: &str, source: &'static str) -> Result<Self, KeyError> {
        let bytes = hex::decode(text).map_err(|_| KeyError::Malformed(source))?;
        if bytes.len() != 32 {
            return Err(KeyError::Malformed(source));
        }
        Ok(Self {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&bytes)),
        })
    }

    /// The secret sealed: hex of a fresh nonce followed by the ciphertext.
    pub fn seal(&self, secret: &str) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encrypting into a Vec fails only past the cipher's length limit
        // (256 GiB); a secret is a few dozen bytes.
        let sealed = self
            .cipher
            .encrypt(&nonce, secret.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        hex::encode(out)
    }

    /// The secret, if `sealed` was sealed with this key.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed).ok()?;
        if bytes.len() <= NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let sealer = Sealer::load(dir.path()).unwrap();
        let sealed = sealer.seal("123456:bot-token");
        assert!(!sealed.contains("bot-token"));
        assert_ne!(
            sealed,
            sealer.seal("123456:bot-token"),
            "a fresh nonce each time"
        );
        assert_eq!(sealer.open(&sealed).as_deref(), Some("123456:bot-token"));
        // The key file is kept: a restart opens what was sealed before.
        let again = Sealer::load(dir.path()).unwrap();
        assert_eq!(again.open(&sealed).as_deref(), Some("123456:bot-token"));
        let other = Sealer::load(tempfile::tempdir().unwrap().path()).unwrap();
        assert_eq!(other.open(&sealed), None);
        assert_eq!(sealer.open("not hex"), None);
        assert_eq!(sealer.open(&sealed[..20]), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Sealer::load(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
