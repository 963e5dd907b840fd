//! Forward keyset pagination by primary key, the basis of the GraphQL connections.

use crate::error::{Error, Result};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

pub const DEFAULT_PAGE: u64 = 20;
pub const MAX_PAGE: u64 = 100;

#[derive(Debug, Clone, Copy, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    /// Return items whose id is greater than this one.
    pub after: Option<i64>,
}

impl PageArgs {
    pub fn limit(&self) -> Result<u64> {
        match self.first {
            None => Ok(DEFAULT_PAGE),
            Some(n) if n < 0 => Err(Error::validation("first", "must not be negative")),
            Some(n) if n as u64 > MAX_PAGE => Err(Error::validation(
                "first",
                format!("at most {MAX_PAGE} items per page; use `after` for the next page"),
            )),
            Some(n) => Ok(n as u64),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
    pub has_previous: bool,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_next: self.has_next,
            has_previous: self.has_previous,
            total: self.total,
        }
    }
}

/// Runs `select` one page at a time, ordered by `id`.
pub async fn paginate<E, C>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    id: C,
    args: PageArgs,
) -> Result<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
    C: ColumnTrait,
{
    let limit = args.limit()?;
    let total = select.clone().count(db).await?;
    let mut query = select.order_by_asc(id);
    if let Some(after) = args.after {
        query = query.filter(id.gt(after));
    }
    let mut items = query.limit(limit + 1).all(db).await?;
    let has_next = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Ok(Page {
        items,
        has_next,
        has_previous: args.after.is_some(),
        total,
    })
}
