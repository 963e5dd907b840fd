//! Form fields as posted, repeated names included (checkbox lists), read without
//! failing: a missing or malformed field is the page's to explain, not a bare 422.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A posted `application/x-www-form-urlencoded` body.
#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(body).into_owned().collect())
    }

    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed, `None` when empty.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a checkbox named `name` was ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(req, state).await.map_err(|_| {
            (StatusCode::PAYLOAD_TOO_LARGE, "the form is too large").into_response()
        })?;
        Ok(Self::parse(&body))
    }
}

#[cfg(test)]
mod tests {
    use super::Fields;
    use proptest::prelude::*;

    #[test]
    fn repeated_names_and_encoded_text() {
        let f = Fields::parse(b"link=3&link=5&name=Bl%C3%A5b%C3%A6r+%3B+AS&empty=+");
        assert_eq!(f.all("link").collect::<Vec<_>>(), ["3", "5"]);
        assert_eq!(f.get("name"), Some("Blåbær ; AS"));
        assert_eq!(f.text("empty"), None);
        assert!(!f.checked("portability"));
    }

    proptest! {
        /// Any bytes parse, and a value written by a browser reads back the same.
        #[test]
        fn any_body_parses(body in proptest::collection::vec(any::<u8>(), 0..200), value in "\\PC{0,40}") {
            let _ = Fields::parse(&body);
            let encoded: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("v", &value)
                .finish();
            let parsed = Fields::parse(encoded.as_bytes());
            prop_assert_eq!(parsed.get("v"), Some(value.as_str()));
        }
    }
}
