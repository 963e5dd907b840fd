//! Subject-access (Art. 15) and portability (Art. 20) requests: identifiers, locating a
//! person's rows across sources, export packages and their signed download links.

pub mod audit;
pub mod cli;
pub mod context;
pub mod decisions;
pub mod export_job;
pub mod exports;
pub mod identifiers;
pub mod links;
pub mod locate;
pub mod package;
pub mod pipeline;
pub mod references;
pub mod requests;

use crate::discovery::detectors::Kind;
use crate::discovery::mask::mask;
use crate::discovery::source::Engine;
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

/// The schema `TABLE.COLUMN` means in a source of `engine`: PostgreSQL `public`, a
/// MySQL URL's database, SQLite `main`.
pub fn default_schema(engine: Engine, database: Option<&str>) -> String {
    match engine {
        Engine::Postgres => "public".into(),
        Engine::Mysql => database.unwrap_or_default().to_owned(),
        Engine::Sqlite => "main".into(),
    }
}

/// [`default_schema`] of a registered source.
pub fn default_schema_of(source: &entity::data_source::Model) -> String {
    let engine = match source.engine.as_str() {
        "MYSQL" => Engine::Mysql,
        "SQLITE" => Engine::Sqlite,
        _ => Engine::Postgres,
    };
    default_schema(engine, source.database_name.as_deref())
}
