//! Role guards for fields: `#[graphql(guard = "RoleGuard(Role::Dpo)")]`.

use crate::domain::Role;
use crate::error::Error;
use async_graphql::{Context, ErrorExtensions, Guard};

pub struct RoleGuard(pub Role);

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let principal = super::context::principal(ctx)?;
        if principal.role.includes(self.0) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "this operation needs the {} role; token {:?} has {}",
                self.0, principal.name, principal.role
            ))
            .extend())
        }
    }
}
