//! The inventory's change feed. Every change (made through the API on any node, or by
//! a job such as a scan proposing links) is appended here; each node reads what is new
//! and tells its own subscribers. Entries are kept for a day.

use crate::error::Result;
use chrono::Utc;
use entity::inventory_change;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// What happened to an inventory entity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, async_graphql::Enum,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "ChangeKind")]
pub enum Change {
    Created,
    Updated,
    Deleted,
}

/// What kind of inventory entity changed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, async_graphql::Enum,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "EntityKind")]
pub enum Entity {
    Organisation,
    System,
    DataCategory,
    DataSubject,
    DataUse,
    ProcessingActivity,
    Recipient,
    SystemCategoryLink,
    SystemFlow,
}

/// Appends a change, in the caller's transaction when it has one.
pub async fn record(
    db: &impl ConnectionTrait,
    change: Change,
    entity: Entity,
    id: i64,
    actor: Option<&str>,
) -> Result<()> {
    inventory_change::ActiveModel {
        change: Set(<&str>::from(change).to_owned()),
        entity: Set(<&str>::from(entity).to_owned()),
        entity_id: Set(id),
        actor: Set(actor.map(str::to_owned)),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Changes after `after` (an id), oldest first, at most `limit`.
pub async fn since(
    db: &impl ConnectionTrait,
    after: i64,
    limit: u64,
) -> Result<Vec<inventory_change::Model>> {
    Ok(inventory_change::Entity::find()
        .filter(inventory_change::Column::Id.gt(after))
        .order_by_asc(inventory_change::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The newest change's id (0 when there is none): a node starts relaying after it.
pub async fn latest(db: &impl ConnectionTrait) -> Result<i64> {
    Ok(inventory_change::Entity::find()
        .order_by_desc(inventory_change::Column::Id)
        .one(db)
        .await?
        .map_or(0, |c| c.id))
}

/// Forgets changes older than a day: the feed is for live subscribers, not history
/// (the audit trail is that).
pub async fn prune(db: &impl ConnectionTrait) -> Result<u64> {
    let r = inventory_change::Entity::delete_many()
        .filter(inventory_change::Column::At.lt(Utc::now() - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}
