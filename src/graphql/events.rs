//! Inventory change events, broadcast to GraphQL subscribers.

use crate::inventory::changes;
use crate::tasks::AbortOnDrop;
use async_graphql::{SimpleObject, ID};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::time::Duration;
use tokio::sync::broadcast;

/// The change feed's vocabulary is the API's.
pub use crate::inventory::changes::{Change as ChangeKind, Entity as EntityKind};

/// Something in the inventory changed.
#[derive(Debug, Clone, SimpleObject)]
pub struct InventoryEvent {
    pub change: ChangeKind,
    pub entity: EntityKind,
    pub id: ID,
    /// Who made the change (the token name).
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
}

/// Inventory changes for this node's subscribers. Changes are written to the store's
/// change feed, and every node relays the feed to its own subscribers, so a change made
/// on one node (or by a job) reaches a socket held by another.
#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<InventoryEvent>,
    db: DatabaseConnection,
}

impl EventBus {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            tx: broadcast::channel(256).0,
            db,
        }
    }

    /// Appends a change to the feed, in the background: the change itself is already
    /// stored, and a feed that cannot be written must not fail it.
    pub fn publish(&self, change: ChangeKind, entity: EntityKind, id: i64, actor: Option<String>) {
        let db = self.db.clone();
        tokio::spawn(async move {
            let r = changes::record(&db, change, entity, id, actor.as_deref()).await;
            if let Err(e) = r {
                tracing::warn!(error = ?e, "an inventory change could not be added to the feed");
            }
        });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<InventoryEvent> {
        self.tx.subscribe()
    }

    /// Relays the feed to this node's subscribers every `every`, from the newest change
    /// at start, until the task is dropped; prunes the feed once an hour.
    pub fn relay(&self, every: Duration) -> AbortOnDrop {
        let this = self.clone();
        AbortOnDrop(tokio::spawn(async move {
            let mut last = loop {
                match changes::latest(&this.db).await {
                    Ok(id) => break id,
                    Err(e) => tracing::warn!(error = ?e, "reading the change feed failed"),
                }
                tokio::time::sleep(every * 10).await;
            };
            let mut pruned = std::time::Instant::now();
            loop {
                tokio::time::sleep(every).await;
                match changes::since(&this.db, last, 500).await {
                    Ok(rows) => {
                        for row in rows {
                            last = row.id;
                            if let Some(event) = InventoryEvent::of(&row) {
                                // No subscriber is not an error.
                                let _ = this.tx.send(event);
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = ?e, "reading the change feed failed"),
                }
                if pruned.elapsed() > Duration::from_secs(3600) {
                    pruned = std::time::Instant::now();
                    let _ = changes::prune(&this.db).await;
                }
            }
        }))
    }
}

impl InventoryEvent {
    fn of(row: &entity::inventory_change::Model) -> Option<Self> {
        let change: ChangeKind = row.change.parse().ok()?;
        let entity: EntityKind = row.entity.parse().ok()?;
        Some(Self {
            change,
            entity,
            id: ID(row.entity_id.to_string()),
            actor: row.actor.clone(),
            at: row.at,
        })
    }
}

/// Tells subscribers about a change made by the current request.
pub fn publish(ctx: &async_graphql::Context<'_>, entity: EntityKind, change: ChangeKind, id: i64) {
    if let Ok(bus) = ctx.data::<EventBus>() {
        bus.publish(change, entity, id, super::context::actor(ctx));
    }
}

/// How often a progress subscription reads its job's state from the store.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// A stream of a job's state as the store holds it, whichever node runs the job: the
/// current state at once, then each change read every [`PROGRESS_EVERY`], ending after
/// the first state `finished` says is final (or when the state can no longer be read).
pub fn until_finished<T, F, Fut>(
    first: T,
    read: F,
    finished: fn(&T) -> bool,
) -> impl futures_util::Stream<Item = T> + Send
where
    T: Clone + PartialEq + Send + 'static,
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Option<T>> + Send,
{
    futures_util::stream::unfold((Some(first), None::<T>), move |(mut next, last)| {
        let read = read.clone();
        async move {
            if last.as_ref().is_some_and(finished) {
                return None;
            }
            loop {
                if let Some(item) = next.take() {
                    if last.as_ref() != Some(&item) {
                        return Some((item.clone(), (None, Some(item))));
                    }
                }
                tokio::time::sleep(PROGRESS_EVERY).await;
                next = Some(read().await?);
            }
        }
    })
}
