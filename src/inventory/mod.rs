//! Inventory services: plain async functions over a sea-orm connection. They own the
//! invariants (validation, uniqueness, references) and know nothing of GraphQL.

pub mod activities;
pub mod categories;
pub mod changes;
pub mod flows;
pub mod links;
pub mod map;
pub mod organisations;
pub mod page;
pub mod recipients;
pub mod ropa;
pub mod subjects;
pub mod systems;
pub mod uses;

pub use page::{Page, PageArgs};

use crate::error::{Error, Result};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Trims a required text field and rejects it when empty or too long.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    checked_text(field, value, max).map(str::to_owned)
}

/// `value` when it is at most `max` characters and holds no NUL or other control
/// character but tab and line breaks (PostgreSQL cannot store NUL; the rest is never
/// meant): a clear VALIDATION error naming `field` otherwise.
pub(crate) fn checked_text<'v>(field: &str, value: &'v str, max: usize) -> Result<&'v str> {
    if value.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(Error::validation(
            field,
            "must not contain NUL or other control characters",
        ));
    }
    Ok(value)
}

/// Trims an optional text field; blank becomes `None`.
pub(crate) fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => checked_text(field, v, max).map(|v| Some(v.to_owned())),
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

/// A fides key for a new resource named `name`: derived from the name (see
/// [`crate::fides::key_of`]), with `_2`, `_3`, … when another resource of its kind has it.
pub(crate) async fn fresh_fides_key<E: EntityTrait>(
    db: &impl ConnectionTrait,
    key_column: E::Column,
    name: &str,
) -> Result<String>
where
    E::Model: Sync,
{
    let base = crate::fides::key_of(name);
    let mut key = base.clone();
    let mut n = 1;
    while E::find()
        .filter(key_column.eq(key.as_str()))
        .count(db)
        .await?
        > 0
    {
        n += 1;
        key = format!("{base}_{n}");
    }
    Ok(key)
}

/// Gives every organisation, system and activity without a fides key one derived from
/// its name (rows from before keys were stored). Run at start-up.
pub async fn backfill_fides_keys(db: &impl ConnectionTrait) -> Result<()> {
    use entity::{organisation, processing_activity, system};
    backfill::<organisation::Entity>(
        db,
        organisation::Column::Id,
        organisation::Column::Name,
        organisation::Column::FidesKey,
    )
    .await?;
    backfill::<system::Entity>(
        db,
        system::Column::Id,
        system::Column::Name,
        system::Column::FidesKey,
    )
    .await?;
    backfill::<processing_activity::Entity>(
        db,
        processing_activity::Column::Id,
        processing_activity::Column::Name,
        processing_activity::Column::FidesKey,
    )
    .await
}

/// Keys for one kind's rows that have none, in the order they were made.
async fn backfill<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: E::Column,
    name: E::Column,
    key: E::Column,
) -> Result<()>
where
    E::Model: Sync,
{
    use sea_orm::{QueryOrder, QuerySelect};
    let rows: Vec<(i64, String)> = E::find()
        .select_only()
        .column(id)
        .column(name)
        .filter(key.is_null())
        .order_by_asc(id)
        .into_tuple()
        .all(db)
        .await?;
    for (row, named) in rows {
        let fresh = fresh_fides_key::<E>(db, key, &named).await?;
        E::update_many()
            .col_expr(key, sea_orm::sea_query::Expr::value(fresh))
            .filter(id.eq(row))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Every row of an entity, by id.
pub(crate) async fn by_id<E>(
    db: &impl sea_orm::ConnectionTrait,
) -> Result<std::collections::HashMap<i64, E::Model>>
where
    E: sea_orm::EntityTrait,
    E::Model: entity::HasId,
{
    use entity::HasId;
    Ok(E::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id(), m))
        .collect())
}
