//! The audit log: every state change, verification, export, link and download.
//! Entries name identifiers by kind and id, never by value.

use crate::error::Result;
use chrono::Utc;
use entity::audit_entry;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::Value;

/// Appends one entry.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<&str>,
    request_id: Option<i64>,
    export_id: Option<i64>,
    action: &str,
    detail: Value,
) -> Result<audit_entry::Model> {
    Ok(audit_entry::ActiveModel {
        at: Set(Utc::now()),
        actor: Set(actor.map(str::to_owned)),
        request_id: Set(request_id),
        export_id: Set(export_id),
        action: Set(action.to_owned()),
        detail: Set((!detail.is_null()).then(|| detail.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A request's entries, oldest first.
pub async fn for_request(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Vec<audit_entry::Model>> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::RequestId.eq(request_id))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?)
}
