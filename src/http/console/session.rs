//! Console sessions: a random secret in an `HttpOnly`, `SameSite=Strict` cookie, its
//! hash in the store, bound to the API token signed in with. A revoked token ends its
//! sessions at their next request.

use crate::auth::Principal;
use crate::domain::Role;
use crate::error::Result;
use axum::http::header::{self, HeaderMap};
use chrono::{Duration, Utc};
use entity::{api_token, console_session};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

const COOKIE: &str = "steward_session";
/// How long a session lasts from sign-in.
const LIFETIME_HOURS: i64 = 8;

/// A signed-in browser.
pub struct Session {
    id: i64,
    pub principal: Principal,
    /// The form token this session's forms carry.
    pub csrf: String,
}

/// The cookie a sign-in sets.
pub struct Cookie(String);

impl Cookie {
    /// The `Set-Cookie` value; `Secure` when the console is served over https.
    pub fn header(&self, secure: bool) -> String {
        format!(
            "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
            self.0,
            LIFETIME_HOURS * 3600,
            if secure { "; Secure" } else { "" }
        )
    }

    pub fn cleared() -> String {
        format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    }
}

fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn cookie_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(&format!("{COOKIE}=")))
        .filter(|v| !v.is_empty())
}

impl Session {
    /// Starts a session for a principal who just signed in.
    pub async fn start(db: &impl ConnectionTrait, principal: &Principal) -> Result<Cookie> {
        let secret = hex::encode(rand::random::<[u8; 32]>());
        let now = Utc::now();
        console_session::ActiveModel {
            secret_hash: Set(digest(&secret)),
            token_name: Set(principal.name.clone()),
            csrf: Set(hex::encode(rand::random::<[u8; 16]>())),
            created_at: Set(now),
            expires_at: Set(now + Duration::hours(LIFETIME_HOURS)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        // Expired sessions of anyone are forgotten now and then.
        console_session::Entity::delete_many()
            .filter(console_session::Column::ExpiresAt.lt(now))
            .exec(db)
            .await?;
        Ok(Cookie(secret))
    }

    /// The session the request's cookie names, if it is live and its token is not
    /// revoked; a session of a revoked token is ended here.
    pub async fn of(db: &impl ConnectionTrait, headers: &HeaderMap) -> Option<Session> {
        let secret = cookie_of(headers)?;
        let row = console_session::Entity::find()
            .filter(console_session::Column::SecretHash.eq(digest(secret)))
            .filter(console_session::Column::ExpiresAt.gt(Utc::now()))
            .one(db)
            .await
            .ok()??;
        let token = api_token::Entity::find()
            .filter(api_token::Column::Name.eq(row.token_name.as_str()))
            .one(db)
            .await
            .ok()?;
        let Some(token) = token.filter(|t| t.revoked_at.is_none()) else {
            let _ = console_session::Entity::delete_by_id(row.id).exec(db).await;
            return None;
        };
        Some(Session {
            id: row.id,
            principal: Principal {
                name: token.name,
                role: Role::from_db(&token.role).ok()?,
            },
            csrf: row.csrf,
        })
    }

    /// Whether a form's token is this session's, compared in constant time.
    pub fn accepts(&self, presented: &str) -> bool {
        let (a, b) = (self.csrf.as_bytes(), presented.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    pub async fn end(&self, db: &impl ConnectionTrait) -> Result<()> {
        console_session::Entity::delete_by_id(self.id)
            .exec(db)
            .await?;
        Ok(())
    }
}
