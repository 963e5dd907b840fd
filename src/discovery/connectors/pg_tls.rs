//! TLS to PostgreSQL sources, with libpq's `sslmode` meanings:
//!
//! - `disable`: no TLS;
//! - `prefer` (the default) and `require`: encrypt (prefer falls back to plain text when
//!   the server has no TLS), without checking the certificate — as libpq does;
//! - `verify-ca` and `verify-full`: encrypt and check the certificate chain and host name
//!   against the web PKI roots, or against the CA file in `sslrootcert`.

use super::{ConnectorError, ConnectorErrorKind};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// What the URL asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    /// Encrypt if the server can (`prefer`) or must (`require`); no certificate check.
    Encrypt,
    /// Encrypt and verify, optionally against this CA file.
    Verify {
        root_cert: Option<String>,
    },
}

/// Splits Steward's TLS options off a `postgres://` URL: returns the URL to hand to
/// tokio-postgres (whose `sslmode` knows only disable/prefer/require) and the mode.
pub fn split(url: &str) -> Result<(String, TlsMode), ConnectorError> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), TlsMode::Encrypt));
    };
    let mut mode = "prefer".to_owned();
    let mut root_cert = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", v)) => mode = v.to_owned(),
            Some(("sslrootcert", v)) => root_cert = Some(v.to_owned()),
            _ => kept.push(pair.to_owned()),
        }
    }
    let (pg_mode, tls) = match mode.as_str() {
        "disable" => ("disable", TlsMode::Disable),
        "allow" | "prefer" => ("prefer", TlsMode::Encrypt),
        "require" if root_cert.is_some() => ("require", TlsMode::Verify { root_cert }),
        "require" => ("require", TlsMode::Encrypt),
        "verify-ca" | "verify-full" => ("require", TlsMode::Verify { root_cert }),
        other => {
            return Err(ConnectorError::new(
                ConnectorErrorKind::Tls,
                format!(
                "sslmode={other} is not one of disable, prefer, require, verify-ca, verify-full"
            ),
            ))
        }
    };
    kept.push(format!("sslmode={pg_mode}"));
    Ok((format!("{base}?{}", kept.join("&")), tls))
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The rustls client configuration for `mode` (not called for `Disable`).
pub fn config(mode: &TlsMode) -> Result<ClientConfig, ConnectorError> {
    let tls_error = |m: String| ConnectorError::new(ConnectorErrorKind::Tls, m);
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(format!("TLS set-up failed: {e}")))?;
    Ok(match mode {
        TlsMode::Disable | TlsMode::Encrypt => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
            .with_no_client_auth(),
        TlsMode::Verify { root_cert } => {
            let mut roots = RootCertStore::empty();
            match root_cert {
                None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
                Some(path) => {
                    let certs = CertificateDer::pem_file_iter(path)
                        .map_err(|e| tls_error(format!("cannot read sslrootcert {path}: {e}")))?;
                    for cert in certs {
                        let cert =
                            cert.map_err(|e| tls_error(format!("sslrootcert {path}: {e}")))?;
                        roots
                            .add(cert)
                            .map_err(|e| tls_error(format!("sslrootcert {path}: {e}")))?;
                    }
                }
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    })
}

/// Accepts any certificate but still checks the handshake signatures: encryption
/// without authentication, as libpq's `sslmode=require`.
#[derive(Debug)]
struct EncryptOnly(Arc<CryptoProvider>);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_is_read_like_libpq() {
        let (url, mode) = split("postgres://u@h/db").unwrap();
        assert_eq!(
            (url.as_str(), mode),
            ("postgres://u@h/db", TlsMode::Encrypt)
        );
        let (url, mode) = split("postgres://u@h/db?sslmode=disable&application_name=x").unwrap();
        assert_eq!(url, "postgres://u@h/db?application_name=x&sslmode=disable");
        assert_eq!(mode, TlsMode::Disable);
        let (url, mode) =
            split("postgres://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem").unwrap();
        assert_eq!(url, "postgres://u@h/db?sslmode=require");
        assert_eq!(
            mode,
            TlsMode::Verify {
                root_cert: Some("/ca.pem".into())
            }
        );
        assert_eq!(
            split("postgres://u@h/db?sslmode=bogus").unwrap_err().kind,
            ConnectorErrorKind::Tls
        );
        assert!(config(&TlsMode::Verify {
            root_cert: Some("/no/such/ca.pem".into())
        })
        .is_err());
        assert!(config(&TlsMode::Encrypt).is_ok());
    }
}
