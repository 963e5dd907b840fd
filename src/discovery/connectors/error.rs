//! Connector errors: a kind a person can act on, and a message with no secrets.

use crate::error::Error;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectorErrorKind {
    /// The server refused the user name or password.
    Authentication,
    /// The server could not be reached (refused, unresolvable, timed out).
    Network,
    /// TLS was required or failed.
    Tls,
    /// The database (or SQLite file) does not exist.
    DatabaseMissing,
    /// The user may not read this.
    Permission,
    /// A statement ran past its timeout.
    Timeout,
    Other,
}

impl ConnectorErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Authentication => "AUTHENTICATION",
            Self::Network => "NETWORK",
            Self::Tls => "TLS",
            Self::DatabaseMissing => "DATABASE_MISSING",
            Self::Permission => "PERMISSION",
            Self::Timeout => "TIMEOUT",
            Self::Other => "OTHER",
        }
    }
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct ConnectorError {
    pub kind: ConnectorErrorKind,
    pub message: String,
}

impl ConnectorError {
    pub fn new(kind: ConnectorErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The same error told from the caller's point of view (`cannot read x: …`).
    pub fn context(mut self, context: &str) -> Self {
        let detail = self
            .message
            .strip_prefix("query failed: ")
            .unwrap_or(&self.message);
        self.message = format!("{context}: {detail}");
        self
    }

    /// Classifies an error by its text, for drivers that give little structure.
    pub fn from_text(context: &str, text: &str) -> Self {
        let lower = text.to_lowercase();
        let kind = if lower.contains("password")
            || lower.contains("access denied")
            || lower.contains("authentication")
        {
            ConnectorErrorKind::Authentication
        } else if lower.contains("tls")
            || lower.contains("ssl")
            || lower.contains("certificate")
            || lower.contains("secure connection")
        {
            ConnectorErrorKind::Tls
        } else if lower.contains("unknown database")
            || lower.contains("does not exist") && lower.contains("database")
        {
            ConnectorErrorKind::DatabaseMissing
        } else if lower.contains("refused")
            || lower.contains("resolve")
            || lower.contains("unreachable")
            || lower.contains("timed out")
            || lower.contains("network")
            || lower.contains("io error")
            || lower.contains("broken pipe")
        {
            ConnectorErrorKind::Network
        } else if lower.contains("denied") || lower.contains("permission") {
            ConnectorErrorKind::Permission
        } else if lower.contains("timeout")
            || lower.contains("canceling statement")
            || lower.contains("max_statement_time")
        {
            ConnectorErrorKind::Timeout
        } else {
            ConnectorErrorKind::Other
        };
        Self::new(kind, format!("{context}: {}", scrub(text)))
    }
}

/// Removes anything that looks like a URL's credentials from a driver message.
pub fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_inclusive(char::is_whitespace) {
        match (word.find("://"), word.rfind('@')) {
            (Some(s), Some(a)) if a > s => {
                out.push_str(&word[..s + 3]);
                out.push_str("***");
                out.push_str(&word[a..]);
            }
            _ => out.push_str(word),
        }
    }
    out
}

impl From<ConnectorError> for Error {
    fn from(e: ConnectorError) -> Self {
        Error::Validation {
            field: Some("source".into()),
            message: format!("{} ({})", e.message, e.kind.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_classified_and_scrubbed() {
        let e =
            ConnectorError::from_text("connect", "password authentication failed for user \"app\"");
        assert_eq!(e.kind, ConnectorErrorKind::Authentication);
        let e = ConnectorError::from_text("connect", "Connection refused (os error 111)");
        assert_eq!(e.kind, ConnectorErrorKind::Network);
        let e = ConnectorError::from_text("connect", "Unknown database 'shop'");
        assert_eq!(e.kind, ConnectorErrorKind::DatabaseMissing);
        assert_eq!(
            scrub("bad url mysql://root:pw@host/db here"),
            "bad url mysql://***@host/db here"
        );
    }
}
