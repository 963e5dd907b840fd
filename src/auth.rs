//! API tokens: generated once, stored as SHA-256, each with a role.

use crate::domain::Role;
use crate::error::{Error, Result};
use crate::inventory::required_text;
use chrono::{Duration, Utc};
use entity::api_token;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

/// Who is calling: the token's name and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub role: Role,
}

const PREFIX: &str = "stw_";

fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{PREFIX}{}", hex::encode(bytes))
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token and returns it with its secret, which is never stored or shown again.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    role: Role,
) -> Result<(api_token::Model, String)> {
    let name = required_text("name", name, 100)?;
    if api_token::Entity::find()
        .filter(api_token::Column::Name.eq(&name))
        .one(db)
        .await?
        .is_some()
    {
        return Err(Error::Conflict(format!(
            "a token named {name:?} already exists"
        )));
    }
    let secret = generate();
    let model = api_token::ActiveModel {
        name: Set(name),
        role: Set(role.as_str().to_owned()),
        token_hash: Set(hash(&secret)),
        prefix: Set(secret[..PREFIX.len() + 6].to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((model, secret))
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?)
}

pub async fn revoke(db: &impl ConnectionTrait, name: &str) -> Result<api_token::Model> {
    let token = api_token::Entity::find()
        .filter(api_token::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no token named {name:?}")))?;
    if token.revoked_at.is_some() {
        return Ok(token);
    }
    let mut model: api_token::ActiveModel = token.into();
    model.revoked_at = Set(Some(Utc::now()));
    Ok(model.update(db).await?)
}

/// Whether the token named `name` may still be used (exists, not revoked). Live
/// subscriptions ask this now and then and end when it says no.
pub async fn still_valid(db: &impl ConnectionTrait, name: &str) -> Result<bool> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::Name.eq(name))
        .one(db)
        .await?
        .is_some_and(|t| t.revoked_at.is_none()))
}

/// Resolves a presented secret to its principal. Unknown and revoked tokens are
/// refused with the same message so a caller learns nothing from the difference.
pub async fn authenticate(db: &impl ConnectionTrait, secret: &str) -> Result<Principal> {
    let refused = || Error::Unauthenticated("the API token is not valid".into());
    let token = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash(secret.trim())))
        .one(db)
        .await?
        .ok_or_else(refused)?;
    if token.revoked_at.is_some() {
        return Err(refused());
    }
    let role = Role::from_db(&token.role)?;
    let now = Utc::now();
    if token
        .last_used_at
        .is_none_or(|t| now - t > Duration::minutes(1))
    {
        let mut model: api_token::ActiveModel = token.clone().into();
        model.last_used_at = Set(Some(now));
        model.update(db).await?;
    }
    Ok(Principal {
        name: token.name,
        role,
    })
}

/// Reads `Bearer <token>` from an `Authorization` header value.
pub fn bearer(header: Option<&str>) -> Result<&str> {
    let value = header.ok_or_else(|| {
        Error::Unauthenticated(
            "missing API token: send `Authorization: Bearer <token>` (create one with \
             `steward token create`)"
                .into(),
        )
    })?;
    let (scheme, token) = value.trim().split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(Error::Unauthenticated(
            "the Authorization header must be `Bearer <token>`".into(),
        ));
    }
    Ok(token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_header_is_parsed_strictly() {
        assert_eq!(bearer(Some("Bearer abc")).unwrap(), "abc");
        assert_eq!(bearer(Some("bearer  abc ")).unwrap(), "abc");
        assert_eq!(bearer(None).unwrap_err().code(), "UNAUTHENTICATED");
        assert_eq!(
            bearer(Some("Basic abc")).unwrap_err().code(),
            "UNAUTHENTICATED"
        );
        assert_eq!(
            bearer(Some("Bearer ")).unwrap_err().code(),
            "UNAUTHENTICATED"
        );
    }

    #[test]
    fn generated_tokens_are_unique_and_hashed() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert!(a.starts_with(PREFIX) && a.len() == PREFIX.len() + 64);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
    }
}
