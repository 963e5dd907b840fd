//! Answers to repeated inventory reads, served again while the store is unchanged.
//!
//! A nested inventory read resolves hundreds of fields; tools and dashboards ask the same
//! one over and over while the inventory changes a few times a day. Every request first
//! reads the store's version ([`crate::db::store_version`]: PostgreSQL's snapshot, or a
//! counter SQLite's triggers move on every write), which changes with any committed
//! write from any node or process. An answer is kept under the version read before it
//! was computed, and only when the version after is the same, so an answer served from
//! here is exactly what running the query again would give. The bearer token's check is
//! kept the same way: a revoked token changes the store and is checked again.
//!
//! Only queries whose root fields all read the inventory are kept (see
//! [`CACHED_ROOTS`]): no personal data of data subjects, nothing computed from the
//! clock, no audit trail to write. Answers with errors are never kept. Answers are kept
//! per caller (name and role), bounded in number and size, and for at most
//! [`MAX_AGE`].

use crate::auth::Principal;
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Root fields whose answers may be kept: the inventory's lists and objects.
pub const CACHED_ROOTS: &[&str] = &[
    "organisations",
    "organisation",
    "systems",
    "system",
    "dataCategories",
    "dataCategory",
    "systemsHoldingCategory",
    "dataUses",
    "dataSubjects",
    "processingActivities",
    "processingActivity",
    "recipients",
    "__typename",
];

/// The largest answer kept, in bytes.
pub const MAX_ENTRY_BYTES: usize = 256 * 1024;

/// How long an answer is kept at most, even when the store has not changed.
pub const MAX_AGE: Duration = Duration::from_secs(30);

/// How long a token's check is trusted while the store is unchanged: the token's
/// last-use stamp is written at most once a minute, by the check.
const PRINCIPAL_AGE: Duration = Duration::from_secs(60);

/// Answers by caller and request, and token checks by token hash.
pub struct ReadCache {
    capacity: usize,
    answers: Mutex<Entries<Bytes>>,
    principals: Mutex<Entries<Principal>>,
}

struct Entries<T> {
    map: HashMap<String, Entry<T>>,
    clock: u64,
}

struct Entry<T> {
    version: String,
    value: T,
    at: Instant,
    used: u64,
}

impl<T: Clone> Entries<T> {
    fn new() -> Self {
        Self {
            map: HashMap::new(),
            clock: 0,
        }
    }

    fn get(&mut self, key: &str, version: &str, max_age: Duration) -> Option<T> {
        self.clock += 1;
        let entry = self.map.get_mut(key)?;
        if entry.version != version || entry.at.elapsed() > max_age {
            self.map.remove(key);
            return None;
        }
        entry.used = self.clock;
        Some(entry.value.clone())
    }

    /// Keeps `value`; when full, drops what an older version of the store answered,
    /// then the least recently used.
    fn put(&mut self, key: String, version: &str, value: T, capacity: usize) {
        if capacity == 0 {
            return;
        }
        if self.map.len() >= capacity && !self.map.contains_key(&key) {
            self.map.retain(|_, e| e.version == version);
            if self.map.len() >= capacity {
                let oldest = self
                    .map
                    .iter()
                    .min_by_key(|(_, e)| e.used)
                    .map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    self.map.remove(&k);
                }
            }
        }
        self.clock += 1;
        let entry = Entry {
            version: version.to_owned(),
            value,
            at: Instant::now(),
            used: self.clock,
        };
        self.map.insert(key, entry);
    }
}

/// What identifies one answer: who asks, and exactly what, as a SHA-256 digest (a key
/// takes 64 bytes however large the request, so the cache's size is its answers').
pub fn answer_key(principal: &Principal, request: &async_graphql::Request) -> Option<String> {
    use sha2::{Digest, Sha256};
    if !request.extensions.is_empty() {
        return None;
    }
    let asked = serde_json::to_vec(&(
        &principal.name,
        principal.role.as_str(),
        &request.query,
        &request.operation_name,
        &request.variables,
    ))
    .ok()?;
    Some(hex::encode(Sha256::digest(asked)))
}

/// Whether every operation of `doc` is a query that asks only for inventory roots.
pub fn cacheable(doc: &ExecutableDocument) -> bool {
    doc.operations.iter().all(|(_, op)| {
        op.node.ty == OperationType::Query
            && op.node.selection_set.node.items.iter().all(|item| {
                matches!(&item.node, Selection::Field(f)
                    if CACHED_ROOTS.contains(&f.node.name.node.as_str()))
            })
    })
}

impl ReadCache {
    /// A cache of `capacity` answers (0: nothing is kept).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            answers: Mutex::new(Entries::new()),
            principals: Mutex::new(Entries::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    pub fn answer(&self, key: &str, version: &str) -> Option<Bytes> {
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.get(key, version, MAX_AGE)
    }

    pub fn keep_answer(&self, key: String, version: &str, body: Bytes) {
        if body.len() > MAX_ENTRY_BYTES {
            return;
        }
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.put(key, version, body, self.capacity);
    }

    pub fn principal(&self, token_hash: &str, version: &str) -> Option<Principal> {
        let mut principals = self.principals.lock().unwrap_or_else(|e| e.into_inner());
        principals.get(token_hash, version, PRINCIPAL_AGE)
    }

    pub fn keep_principal(&self, token_hash: String, version: &str, principal: Principal) {
        let mut principals = self.principals.lock().unwrap_or_else(|e| e.into_inner());
        principals.put(token_hash, version, principal, self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    fn doc(q: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(q).unwrap()
    }

    #[test]
    fn only_inventory_queries_are_kept() {
        assert!(cacheable(&doc("{ systems { edges { node { name } } } }")));
        assert!(cacheable(&doc(
            "query A { dataUses { key } } query B { __typename organisations { totalCount } }"
        )));
        for q in [
            "mutation { createOrganisation(input: {name: \"x\"}) { id } }",
            "{ systems { totalCount } viewer { name } }",
            "{ dataSubjectRequests { id } }",
            "{ recordOfProcessing { generatedAt } }",
            "{ ...F } fragment F on Query { systems { totalCount } }",
            "{ ... on Query { systems { totalCount } } }",
            "subscription { inventoryChanges { id } }",
        ] {
            assert!(!cacheable(&doc(q)), "{q}");
        }
    }

    #[test]
    fn an_answer_is_served_for_its_version_only_and_the_cache_stays_bounded() {
        let cache = ReadCache::new(2);
        cache.keep_answer("a".into(), "v1", Bytes::from_static(b"A"));
        assert_eq!(cache.answer("a", "v1").as_deref(), Some(&b"A"[..]));
        assert_eq!(cache.answer("a", "v2"), None);
        // Dropped once seen stale.
        assert_eq!(cache.answer("a", "v1"), None);
        for k in ["a", "b", "c"] {
            cache.keep_answer(k.into(), "v2", Bytes::from_static(b"x"));
        }
        let kept = ["a", "b", "c"]
            .iter()
            .filter(|k| cache.answer(k, "v2").is_some())
            .count();
        assert_eq!(kept, 2);
        let big = Bytes::from(vec![b' '; MAX_ENTRY_BYTES + 1]);
        cache.keep_answer("big".into(), "v2", big);
        assert_eq!(cache.answer("big", "v2"), None);
        let off = ReadCache::new(0);
        off.keep_answer("a".into(), "v1", Bytes::from_static(b"A"));
        assert_eq!(off.answer("a", "v1"), None);
    }

    #[test]
    fn callers_do_not_share_answers() {
        let request = async_graphql::Request::new("{ systems { totalCount } }");
        let who = |name: &str, role| Principal {
            name: name.into(),
            role,
        };
        let a = answer_key(&who("a", Role::Viewer), &request).unwrap();
        let b = answer_key(&who("b", Role::Viewer), &request).unwrap();
        let a_dpo = answer_key(&who("a", Role::Dpo), &request).unwrap();
        assert!(a != b && a != a_dpo);
        let vars = async_graphql::Request::new("{ systems { totalCount } }").variables(
            async_graphql::Variables::from_json(serde_json::json!({"n": 1})),
        );
        assert_ne!(answer_key(&who("a", Role::Viewer), &vars).unwrap(), a);
        // Keys stay small whatever is asked.
        let big = async_graphql::Request::new(format!(
            "{{ systems {{ totalCount }} }} # {}",
            "x".repeat(100_000)
        ));
        assert_eq!(answer_key(&who("a", Role::Viewer), &big).unwrap().len(), 64);
    }
}
