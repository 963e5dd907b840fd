//! Mapping service errors to GraphQL errors with a stable `extensions.code`.

use crate::error::Error;
use async_graphql::{ErrorExtensions, ServerError};

impl ErrorExtensions for Error {
    fn extend(&self) -> async_graphql::Error {
        if let Error::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error while serving GraphQL");
        }
        let code = self.code();
        let field = match self {
            Error::Validation { field, .. } => field.clone(),
            _ => None,
        };
        async_graphql::Error::new(self.public_message()).extend_with(|_, e| {
            e.set("code", code);
            if let Some(f) = &field {
                e.set("field", f.as_str());
            }
        })
    }
}

/// `?` for service results inside resolvers, keeping the error code.
pub trait GqlResultExt<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResultExt<T> for Result<T, Error> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}

impl<T> GqlResultExt<T> for anyhow::Result<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| Error::Internal(e).extend())
    }
}

/// Errors raised before any resolver ran (syntax, unknown field, bad enum value, depth
/// or complexity limit) carry no code; they are the client's mistake, so VALIDATION.
pub fn ensure_codes(errors: &mut [ServerError]) {
    for e in errors {
        let has_code = e
            .extensions
            .as_ref()
            .is_some_and(|x| x.get("code").is_some());
        if !has_code {
            e.extensions
                .get_or_insert_with(Default::default)
                .set("code", "VALIDATION");
        }
    }
}
