//! The GraphQL API: schema, one module per domain, guards, loaders and error mapping.
//! Resolvers parse input, call one service and wrap the result.

pub mod activity;
pub mod category;
pub mod connection;
pub mod context;
pub mod discovery;
pub mod dsar;
pub mod error;
pub mod events;
pub mod expansion;
mod fides;
pub mod guards;
pub mod link;
pub mod loaders;
pub mod organisation;
pub mod read_cache;
pub mod recipient;
pub mod ropa;
pub mod system;
pub mod token;
pub mod types;

use crate::discovery::jobs::Scanner;
use crate::secret::SecretKey;
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, MergedObject, MergedSubscription, Schema, Subscription};
use futures_util::Stream;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

pub use events::EventBus;

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    organisation::OrganisationQuery,
    system::SystemQuery,
    category::CategoryQuery,
    activity::ActivityQuery,
    recipient::RecipientQuery,
    ropa::RopaQuery,
    fides::FidesQuery,
    token::TokenQuery,
    discovery::DiscoveryQuery,
    dsar::DsarQuery,
);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    organisation::OrganisationMutation,
    system::SystemMutation,
    category::CategoryMutation,
    activity::ActivityMutation,
    recipient::RecipientMutation,
    link::LinkMutation,
    token::TokenMutation,
    discovery::DiscoveryMutation,
    dsar::DsarMutation,
    fides::FidesMutation,
);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct SubscriptionRoot(
    InventorySubscription,
    discovery::DiscoverySubscription,
    dsar::DsarSubscription,
);

#[derive(Default)]
pub struct InventorySubscription;

#[Subscription]
impl InventorySubscription {
    /// Changes to the inventory as they happen.
    async fn inventory_changes(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = events::InventoryEvent>> {
        context::principal(ctx)?;
        let bus = ctx.data::<EventBus>()?;
        // A subscriber that falls behind skips what it missed rather than failing.
        Ok(BroadcastStream::new(bus.subscribe()).filter_map(|e| e.ok()))
    }
}

pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Query limits: how deep and how costly one operation may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub depth: usize,
    pub complexity: usize,
    /// The largest request body `POST /graphql` reads, in bytes.
    pub body_bytes: usize,
    /// How long one `POST /graphql` may take before it is answered with an error.
    pub request_timeout: std::time::Duration,
    /// How long a DataLoader batch waits for more keys.
    pub loader_delay: std::time::Duration,
    /// How many answers to inventory reads the read cache keeps (0: none).
    pub read_cache_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            depth: 12,
            complexity: 5000,
            body_bytes: 1024 * 1024,
            request_timeout: std::time::Duration::from_secs(30),
            loader_delay: std::time::Duration::from_micros(LOADER_DELAY_US),
            read_cache_entries: crate::config::READ_CACHE_ENTRIES,
        }
    }
}

pub use crate::config::LOADER_DELAY_US;

pub fn build_schema(
    db: DatabaseConnection,
    events: EventBus,
    scanner: Scanner,
    exporter: crate::dsar::exports::Exporter,
    key: Arc<SecretKey>,
    limits: Limits,
) -> AppSchema {
    // How long a batch waits for keys: the fields of one level register theirs in the
    // same poll, so a short wait still makes a level one query; concurrent requests
    // share the loader, and a longer wait batches them together at the cost of latency.
    let loader = DataLoader::new(loaders::StoreLoader { db: db.clone() }, tokio::spawn)
        .delay(limits.loader_delay);
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot::default(),
    )
    .data(db)
    .data(loader)
    .data(events)
    .data(scanner)
    .data(exporter)
    .data(key)
    .limit_depth(limits.depth)
    .limit_complexity(limits.complexity)
    .extension(expansion::ExpansionLimit)
    .finish()
}

/// How deep an introspection-only operation may go: GraphiQL's standard introspection
/// query reaches 13 (seven nested `ofType`s under `__schema.types.fields.args.type`),
/// deeper than ordinary queries are allowed; 20 still bounds a hostile one.
pub const INTROSPECTION_DEPTH: usize = 20;

/// Whether every operation in `doc` asks only for introspection (`__schema`, `__type`,
/// `__typename` at its root). Such operations run under [`INTROSPECTION_DEPTH`].
pub fn introspection_only(doc: &async_graphql::parser::types::ExecutableDocument) -> bool {
    use async_graphql::parser::types::{DocumentOperations, Selection};
    let roots = |op: &async_graphql::parser::types::OperationDefinition| {
        op.selection_set.node.items.iter().all(
            |item| matches!(&item.node, Selection::Field(f) if f.node.name.node.starts_with("__")),
        )
    };
    match &doc.operations {
        DocumentOperations::Single(op) => roots(&op.node),
        DocumentOperations::Multiple(ops) => ops.values().all(|op| roots(&op.node)),
    }
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot::default(),
    )
    .finish()
    .sdl()
}
