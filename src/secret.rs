//! The secret key for encryption and signing: from `STEWARD_SECRET_KEY`, or generated
//! once into a key file beside the store.

use crate::config::StoreArgs;
use anyhow::{bail, Context};
use rand::RngCore;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

/// 32 bytes of key material. `Debug` never shows it.
pub struct SecretKey([u8; 32]);

impl SecretKey {
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Derives a key from a configured secret string (at least 32 characters).
    pub fn from_secret(secret: &str) -> anyhow::Result<Self> {
        if secret.trim().len() < 32 {
            bail!(
                "STEWARD_SECRET_KEY must be at least 32 characters (e.g. `openssl rand -hex 32`)"
            );
        }
        Ok(Self(Sha256::digest(secret.trim().as_bytes()).into()))
    }

    /// Reads the configured key, or the key file, creating it on first run.
    pub fn load(store: &StoreArgs) -> anyhow::Result<Self> {
        if let Some(secret) = &store.secret_key {
            return Self::from_secret(secret.expose_secret());
        }
        let path = key_file_path(store);
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read the key file {}", path.display()))?;
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .with_context(|| format!("the key file {} is not 64 hex digits", path.display()))?;
            return Ok(Self(bytes));
        }
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        write_private(&path, format!("{}\n", hex::encode(bytes)).as_bytes(), false)
            .with_context(|| format!("cannot create the key file {}", path.display()))?;
        tracing::warn!(
            path = %path.display(),
            "no STEWARD_SECRET_KEY set: generated a new secret key file; back it up, \
             stored credentials cannot be decrypted without it"
        );
        Ok(Self(bytes))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// `--key-file`, else beside the SQLite file (`steward.db` → `steward.key`), else
/// `steward.key` in the working directory.
pub fn key_file_path(store: &StoreArgs) -> PathBuf {
    if let Some(p) = &store.key_file {
        return p.clone();
    }
    match store.database_url.sqlite_path() {
        Some(db) => db.with_extension("key"),
        None => PathBuf::from("steward.key"),
    }
}

/// Writes `bytes` to a file only its owner can read or write (0600, also when the
/// file was there before). With `replace` false an existing file is an error: key files
/// are never overwritten.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    if replace {
        options.write(true).create(true).truncate(true);
    } else {
        options.write(true).create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    Ok(())
}
