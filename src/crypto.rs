//! Encryption of secrets at rest (AES-256-GCM under a key derived from the secret key).

use crate::secret::SecretKey;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

const NONCE: usize = 12;

fn cipher(key: &SecretKey, purpose: &str) -> Aes256Gcm {
    let mut h = Sha256::new();
    h.update(b"steward/");
    h.update(purpose.as_bytes());
    h.update(key.bytes());
    Aes256Gcm::new_from_slice(&h.finalize()).expect("32-byte key")
}

/// Encrypts `plaintext` for `purpose` (also bound as associated data); base64 output.
pub fn seal(key: &SecretKey, purpose: &str, plaintext: &str) -> String {
    let mut nonce = [0u8; NONCE];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let sealed = cipher(key, purpose)
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext.as_bytes(),
                aad: purpose.as_bytes(),
            },
        )
        .expect("AES-GCM encryption does not fail for in-memory data");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    STANDARD.encode(out)
}

/// Decrypts what [`seal`] produced with the same key and purpose.
pub fn open(key: &SecretKey, purpose: &str, sealed: &str) -> anyhow::Result<String> {
    let bytes = STANDARD.decode(sealed.trim())?;
    anyhow::ensure!(bytes.len() > NONCE, "sealed value too short");
    let (nonce, data) = bytes.split_at(NONCE);
    let plain = cipher(key, purpose)
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: data,
                aad: purpose.as_bytes(),
            },
        )
        .map_err(|_| anyhow::anyhow!("cannot decrypt: wrong secret key or damaged value"))?;
    Ok(String::from_utf8(plain)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> SecretKey {
        SecretKey::from_secret(&format!("{s}-0123456789abcdef0123456789abcdef")).unwrap()
    }

    #[test]
    fn sealed_values_round_trip_and_hide_the_plaintext() {
        let k = key("a");
        let sealed = seal(&k, "source-url", "postgres://u:hunter2@h/db");
        assert!(!sealed.contains("hunter2"));
        assert_ne!(
            sealed,
            seal(&k, "source-url", "postgres://u:hunter2@h/db"),
            "fresh nonce each time"
        );
        assert_eq!(
            open(&k, "source-url", &sealed).unwrap(),
            "postgres://u:hunter2@h/db"
        );
    }

    #[test]
    fn the_wrong_key_or_purpose_cannot_open() {
        let sealed = seal(&key("a"), "source-url", "secret");
        assert!(open(&key("b"), "source-url", &sealed).is_err());
        assert!(open(&key("a"), "other", &sealed).is_err());
        assert!(open(&key("a"), "source-url", "bm90IHNlYWxlZA==").is_err());
    }
}
