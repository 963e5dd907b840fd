//! Relay-style connections over the inventory's keyset pages.

use crate::error::Error;
use crate::inventory::{Page, PageArgs};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{ErrorExtensions, OutputType, SimpleObject};

#[derive(SimpleObject)]
pub struct Totals {
    /// How many items match the filter, across all pages.
    pub total_count: u64,
}

pub type Conn<N> = Connection<String, N, Totals, EmptyFields>;

/// `first` (default 20, at most 100) and `after` (an opaque cursor from a previous page).
pub fn page_args(first: Option<i32>, after: Option<String>) -> async_graphql::Result<PageArgs> {
    let after = match after {
        None => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            Error::validation("after", format!("{c:?} is not a cursor from this API")).extend()
        })?),
    };
    let args = PageArgs { first, after };
    args.limit().map_err(|e| e.extend())?;
    Ok(args)
}

pub fn to_connection<M, N: OutputType>(
    page: Page<M>,
    id: impl Fn(&M) -> i64,
    wrap: impl Fn(M) -> N,
) -> Conn<N> {
    let mut conn = Connection::with_additional_fields(
        page.has_previous,
        page.has_next,
        Totals {
            total_count: page.total,
        },
    );
    conn.edges.extend(
        page.items
            .into_iter()
            .map(|m| Edge::new(id(&m).to_string(), wrap(m))),
    );
    conn
}

/// Complexity of a connection field: `first` items, each as costly as its selection.
pub fn complexity(child: usize, first: Option<i32>) -> usize {
    let n = first
        .unwrap_or(crate::inventory::page::DEFAULT_PAGE as i32)
        .clamp(1, 100) as usize;
    n.saturating_mul(child).saturating_add(1)
}
