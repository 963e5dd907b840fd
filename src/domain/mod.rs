//! Value types of the inventory model. Each parses its input once (`parse` or
//! `FromStr`) so services only ever see valid values.

mod enums;
mod keys;
mod retention;

pub use enums::*;
pub use keys::{
    optional_country as keys_optional_country, outside_eea, CategoryKey, CountryCode, DataUseKey,
    SubjectKey,
};
pub use retention::{IsoDuration, Retention};

/// A value that failed to parse: names the field and says what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ParseError {
    pub field: String,
    pub message: String,
}

impl ParseError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
