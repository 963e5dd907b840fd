//! Data flows between systems: which personal data one system sends to another. They
//! are what fideslang calls a system's egress (and the other's ingress), and they show
//! a DPO where data goes next when a system is breached, replaced or asked about.

use super::systems;
use crate::error::{Error, Result};
use chrono::Utc;
use entity::system_flow;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

/// The category keys of a flow, as stored.
pub fn categories_of(flow: &system_flow::Model) -> Vec<String> {
    flow.categories
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Every flow, ordered by sender then receiver.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<system_flow::Model>> {
    Ok(system_flow::Entity::find()
        .order_by_asc(system_flow::Column::FromSystemId)
        .order_by_asc(system_flow::Column::ToSystemId)
        .all(db)
        .await?)
}

/// Flows into or out of one system.
pub async fn touching(
    db: &impl ConnectionTrait,
    system_id: i64,
) -> Result<Vec<system_flow::Model>> {
    Ok(system_flow::Entity::find()
        .filter(
            Condition::any()
                .add(system_flow::Column::FromSystemId.eq(system_id))
                .add(system_flow::Column::ToSystemId.eq(system_id)),
        )
        .order_by_asc(system_flow::Column::Id)
        .all(db)
        .await?)
}

/// Records that `from` sends `categories` to `to` (replacing what was recorded for that
/// pair). The flow, and whether anything changed.
pub async fn set<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    from: i64,
    to: i64,
    categories: &[String],
) -> Result<(system_flow::Model, bool)> {
    if from == to {
        return Err(Error::validation(
            "toSystemId",
            "a system does not send data to itself",
        ));
    }
    let txn = db.begin().await?;
    systems::get(&txn, from)
        .await
        .map_err(|_| Error::validation("fromSystemId", format!("no system with id {from}")))?;
    systems::get(&txn, to)
        .await
        .map_err(|_| Error::validation("toSystemId", format!("no system with id {to}")))?;
    let mut keys = Vec::new();
    for (i, c) in categories.iter().enumerate() {
        let field = format!("categories[{i}]");
        keys.push(super::categories::resolve_key(&txn, &field, c).await?.key);
    }
    keys.sort();
    keys.dedup();
    let categories = keys.join(" ");
    let stored = system_flow::Entity::find()
        .filter(system_flow::Column::FromSystemId.eq(from))
        .filter(system_flow::Column::ToSystemId.eq(to))
        .one(&txn)
        .await?;
    let now = Utc::now();
    let (model, changed) = match stored {
        Some(s) if s.categories == categories => (s, false),
        Some(s) => {
            let mut m: system_flow::ActiveModel = s.into();
            m.categories = Set(categories);
            m.updated_at = Set(now);
            (m.update(&txn).await?, true)
        }
        None => {
            let m = system_flow::ActiveModel {
                from_system_id: Set(from),
                to_system_id: Set(to),
                categories: Set(categories),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            (m.insert(&txn).await?, true)
        }
    };
    txn.commit().await?;
    Ok((model, changed))
}

/// Forgets the flow from `from` to `to`: the flow that was recorded, if any.
pub async fn remove<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    from: i64,
    to: i64,
) -> Result<Option<system_flow::Model>> {
    let txn = db.begin().await?;
    let stored = system_flow::Entity::find()
        .filter(system_flow::Column::FromSystemId.eq(from))
        .filter(system_flow::Column::ToSystemId.eq(to))
        .one(&txn)
        .await?;
    if let Some(f) = &stored {
        system_flow::Entity::delete_by_id(f.id).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(stored)
}
