//! Inventory services: plain async functions over a sea-orm connection. They own the
//! invariants (validation, uniqueness, references) and know nothing of GraphQL.

pub mod activities;
pub mod categories;
pub mod links;
pub mod organisations;
pub mod page;
pub mod recipients;
pub mod ropa;
pub mod subjects;
pub mod systems;

pub use page::{Page, PageArgs};

use crate::error::{Error, Result};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Trims a required text field and rejects it when empty or too long.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// Trims an optional text field; blank becomes `None`.
pub(crate) fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.chars().count() > max => Err(Error::validation(
            field,
            format!("must be at most {max} characters"),
        )),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

/// A change to an optional field: leave it, clear it, or set it.
pub type Patch<T> = Option<Option<T>>;

pub(crate) fn patch_text(field: &str, value: &Patch<String>, max: usize) -> Result<Patch<String>> {
    value
        .as_ref()
        .map(|v| optional_text(field, v.as_deref(), max))
        .transpose()
}

pub(crate) const NAME_MAX: usize = 200;
pub(crate) const TEXT_MAX: usize = 10_000;

/// Refuses a name another row of `E` already has (`except` is the row being renamed).
pub(crate) async fn ensure_unique_name<E: EntityTrait>(
    db: &impl ConnectionTrait,
    name_column: E::Column,
    id_column: E::Column,
    name: &str,
    except: Option<i64>,
    what: &str,
) -> Result<()>
where
    E::Model: Sync,
{
    let mut q = E::find().filter(name_column.eq(name));
    if let Some(id) = except {
        q = q.filter(id_column.ne(id));
    }
    if q.count(db).await? > 0 {
        return Err(Error::Conflict(format!(
            "{what} named {name:?} already exists"
        )));
    }
    Ok(())
}
