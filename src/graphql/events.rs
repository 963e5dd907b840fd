//! Inventory change events, broadcast to GraphQL subscribers.

use async_graphql::{Enum, SimpleObject, ID};
use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ChangeKind {
    Created,
    Updated,
    Deleted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum EntityKind {
    Organisation,
    System,
    DataCategory,
    DataSubject,
    ProcessingActivity,
    Recipient,
    SystemCategoryLink,
}

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

#[derive(Clone)]
pub struct EventBus(broadcast::Sender<InventoryEvent>);

impl Default for EventBus {
    fn default() -> Self {
        Self(broadcast::channel(256).0)
    }
}

impl EventBus {
    pub fn publish(&self, change: ChangeKind, entity: EntityKind, id: i64, actor: Option<String>) {
        // No subscriber is not an error.
        let _ = self.0.send(InventoryEvent {
            change,
            entity,
            id: ID(id.to_string()),
            actor,
            at: Utc::now(),
        });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<InventoryEvent> {
        self.0.subscribe()
    }
}

/// Tells subscribers about a change made by the current request.
pub fn publish(ctx: &async_graphql::Context<'_>, entity: EntityKind, change: ChangeKind, id: i64) {
    if let Ok(bus) = ctx.data::<EventBus>() {
        bus.publish(change, entity, id, super::context::actor(ctx));
    }
}
