//! Subject-access (Art. 15) and portability (Art. 20) requests: identifiers, locating a
//! person's rows across sources, export packages and their signed download links.

pub mod audit;
pub mod cli;
pub mod context;
pub mod exports;
pub mod identifiers;
pub mod links;
pub mod locate;
pub mod package;
pub mod references;
pub mod requests;

use crate::discovery::detectors::Kind;
use crate::discovery::mask::mask;
use crate::domain::IdentifierKind;

/// An identifier as it may be shown: masked like discovery evidence.
pub fn mask_identifier(i: &identifiers::Identifier) -> String {
    match i.kind {
        IdentifierKind::Email => mask(Kind::Email, &i.value),
        IdentifierKind::Phone => mask(Kind::Phone, &i.value),
        IdentifierKind::Ip => mask(Kind::Ip, &i.value),
        IdentifierKind::NationalId => mask(Kind::NationalId, &i.value),
        IdentifierKind::Account => {
            let shown: String = i.value.chars().take(2).collect();
            format!("{shown}***")
        }
    }
}

/// The schema `TABLE.COLUMN` means in a registered source.
pub fn default_schema_of(source: &entity::data_source::Model) -> String {
    match source.engine.as_str() {
        "MYSQL" => source.database_name.clone().unwrap_or_default(),
        "SQLITE" => "main".into(),
        _ => "public".into(),
    }
}
