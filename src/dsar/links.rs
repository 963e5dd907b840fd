//! Signed, expiring, revocable download links of export packages.
//!
//! A token is `LINK.EXPIRES.SIGNATURE`: the link's id, its expiry (Unix seconds) and an
//! HMAC-SHA256 over both and the export id under the secret key. The token is never
//! stored; it is checked by recomputing the HMAC, then the link row says whether it
//! was revoked.

use super::audit;
use crate::domain::ExportStatus;
use crate::error::{Error, Result};
use crate::secret::SecretKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use entity::{dsar_export, export_link};
use hmac::{Hmac, Mac};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait,
};
use serde_json::json;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &SecretKey, export_id: i64, link_id: i64, expires: i64) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(key.bytes()).expect("HMAC takes any key length");
    m.update(format!("steward-export-link\0{export_id}\0{link_id}\0{expires}").as_bytes());
    m
}

pub fn token(key: &SecretKey, export_id: i64, link_id: i64, expires: DateTime<Utc>) -> String {
    let expires = expires.timestamp();
    let sig = mac(key, export_id, link_id, expires)
        .finalize()
        .into_bytes();
    format!("{link_id}.{expires}.{}", URL_SAFE_NO_PAD.encode(sig))
}

/// Why a download is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The token is not one Steward signed for this export (403).
    Invalid,
    /// The link was valid but has expired, was revoked, or the file was purged (410).
    Gone(&'static str),
}

/// Checks a token for `export_id`; gives the link and export it opens.
pub async fn check(
    db: &impl ConnectionTrait,
    key: &SecretKey,
    export_id: i64,
    token: &str,
) -> Result<std::result::Result<(export_link::Model, dsar_export::Model), Refusal>> {
    let mut parts = token.splitn(3, '.');
    let (Some(link), Some(expires), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(Err(Refusal::Invalid));
    };
    let (Ok(link_id), Ok(expires), Ok(sig)) = (
        link.parse::<i64>(),
        expires.parse::<i64>(),
        URL_SAFE_NO_PAD.decode(sig),
    ) else {
        return Ok(Err(Refusal::Invalid));
    };
    if mac(key, export_id, link_id, expires)
        .verify_slice(&sig)
        .is_err()
    {
        return Ok(Err(Refusal::Invalid));
    }
    let Some(link) = export_link::Entity::find_by_id(link_id).one(db).await? else {
        return Ok(Err(Refusal::Invalid));
    };
    if link.export_id != export_id || link.expires_at.timestamp() != expires {
        return Ok(Err(Refusal::Invalid));
    }
    if link.revoked_at.is_some() {
        return Ok(Err(Refusal::Gone("this link has been revoked")));
    }
    if link.expires_at <= Utc::now() {
        return Ok(Err(Refusal::Gone("this link has expired")));
    }
    let Some(export) = dsar_export::Entity::find_by_id(export_id).one(db).await? else {
        return Ok(Err(Refusal::Gone("this export no longer exists")));
    };
    if export.purged_at.is_some() || export.expires_at.is_none_or(|e| e <= Utc::now()) {
        return Ok(Err(Refusal::Gone(
            "this export has expired and was deleted",
        )));
    }
    Ok(Ok((link, export)))
}

/// Creates a link valid for `ttl` (never beyond the export's own expiry).
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &SecretKey,
    export_id: i64,
    ttl: Duration,
    actor: Option<&str>,
) -> Result<(export_link::Model, String)> {
    if ttl <= Duration::zero() {
        return Err(Error::validation("ttlHours", "must be positive"));
    }
    let txn = db.begin().await?;
    let export = dsar_export::Entity::find_by_id(export_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("export", export_id))?;
    if !ExportStatus::from_db(&export.status)?.has_file() {
        return Err(Error::Conflict(format!(
            "export {export_id} is {} and has no file",
            export.status
        )));
    }
    let now = Utc::now();
    let Some(export_expiry) = export
        .expires_at
        .filter(|e| *e > now && export.purged_at.is_none())
    else {
        return Err(Error::Conflict(format!(
            "export {export_id} has expired; start a new one"
        )));
    };
    // Whole seconds: the token carries the expiry in seconds.
    let expires = (now + ttl).min(export_expiry);
    let expires = DateTime::from_timestamp(expires.timestamp(), 0).expect("in range");
    let link = export_link::ActiveModel {
        export_id: Set(export_id),
        expires_at: Set(expires),
        created_by: Set(actor.map(str::to_owned)),
        created_at: Set(now),
        downloads: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Some(export.request_id),
        Some(export_id),
        "LINK_CREATED",
        json!({"link_id": link.id, "expires_at": expires}),
    )
    .await?;
    txn.commit().await?;
    let token = token(key, export_id, link.id, expires);
    Ok((link, token))
}

pub async fn revoke<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    link_id: i64,
    actor: Option<&str>,
) -> Result<export_link::Model> {
    let txn = db.begin().await?;
    let link = export_link::Entity::find_by_id(link_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("export link", link_id))?;
    if link.revoked_at.is_some() {
        return Err(Error::Conflict(format!(
            "link {link_id} is already revoked"
        )));
    }
    let export = dsar_export::Entity::find_by_id(link.export_id)
        .one(&txn)
        .await?;
    let mut active = link.into_active_model();
    active.revoked_at = Set(Some(Utc::now()));
    let link = active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        export.map(|e| e.request_id),
        Some(link.export_id),
        "LINK_REVOKED",
        json!({"link_id": link.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_export_link_and_expiry() {
        let key = SecretKey::from_secret("0123456789abcdef0123456789abcdef").unwrap();
        let other = SecretKey::from_secret("fedcba9876543210fedcba9876543210").unwrap();
        let when = DateTime::from_timestamp(2_000_000_000, 0).unwrap();
        let t = token(&key, 7, 3, when);
        let sig = t.rsplit('.').next().unwrap();
        let raw = URL_SAFE_NO_PAD.decode(sig).unwrap();
        assert!(mac(&key, 7, 3, when.timestamp()).verify_slice(&raw).is_ok());
        assert!(mac(&key, 8, 3, when.timestamp())
            .verify_slice(&raw)
            .is_err());
        assert!(mac(&key, 7, 4, when.timestamp())
            .verify_slice(&raw)
            .is_err());
        assert!(mac(&key, 7, 3, when.timestamp() + 1)
            .verify_slice(&raw)
            .is_err());
        assert!(mac(&other, 7, 3, when.timestamp())
            .verify_slice(&raw)
            .is_err());
    }
}
