//! The one error type of Steward's services, with a stable `code` per variant.
//!
//! Messages of every variant but `Internal` are meant for the person calling the API;
//! `Internal` carries the cause for the log and shows only "internal error".

use crate::domain::ParseError;
use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 404: the thing named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 400: the input is malformed or breaks a rule; `field` names the culprit.
    #[error("{message}")]
    Validation {
        field: Option<String>,
        message: String,
    },
    /// 409: the input clashes with stored data (duplicate name, still in use).
    #[error("{0}")]
    Conflict(String),
    /// 403: the caller's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 401: no valid credentials.
    #[error("{0}")]
    Unauthenticated(String),
    /// 500: anything else. Logged where mapped, never sent.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "NOT_FOUND",
            Error::Validation { .. } => "VALIDATION",
            Error::Conflict(_) => "CONFLICT",
            Error::Forbidden(_) => "FORBIDDEN",
            Error::Unauthenticated(_) => "UNAUTHENTICATED",
            Error::Internal(_) => "INTERNAL",
        }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: Some(field.into()),
            message: message.into(),
        }
    }

    pub fn not_found(what: &str, key: impl std::fmt::Display) -> Self {
        Error::NotFound(format!("{what} {key} does not exist"))
    }

    /// The message a client may see.
    pub fn public_message(&self) -> String {
        match self {
            Error::Validation {
                field: Some(f),
                message,
            } if !message.starts_with(f.as_str()) => format!("{f}: {message}"),
            e => e.to_string(),
        }
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Validation {
            field: Some(e.field),
            message: e.message,
        }
    }
}

impl From<DbErr> for Error {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Error::Conflict("a record with the same unique name or key already exists".into())
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Error::Conflict(
                "the change would break a reference between records (still in use, or \
                 referring to something that does not exist)"
                    .into(),
            ),
            _ => Error::Internal(anyhow::Error::new(e)),
        }
    }
}
