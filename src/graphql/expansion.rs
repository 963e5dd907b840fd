//! Refuses documents whose fragments expand into more selections than any sensible
//! query has, before async-graphql validates them: validation expands every fragment
//! spread, so 22 fragments that each spread the previous one twice (under 1 KB) would
//! cost four million selections and seconds of CPU per request. Sizes are computed
//! once per fragment, so this check is linear in the document.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Variables};
use std::collections::HashMap;
use std::sync::Arc;

/// Selections a document may expand to (fields, counted with every fragment spread
/// replaced by its fragment). The complexity limit already bounds what runs; this
/// bounds what validation has to look at.
pub const MAX_EXPANDED_SELECTIONS: u64 = 50_000;

/// The number of selections `doc`'s largest operation expands to, saturating.
pub fn expanded_selections(doc: &ExecutableDocument) -> u64 {
    let mut memo: HashMap<&str, Option<u64>> = HashMap::new();
    let sizes = doc
        .operations
        .iter()
        .map(|(_, op)| size_of(&op.node.selection_set.node, doc, &mut memo));
    sizes.max().unwrap_or(0)
}

fn size_of<'d>(
    set: &'d SelectionSet,
    doc: &'d ExecutableDocument,
    memo: &mut HashMap<&'d str, Option<u64>>,
) -> u64 {
    let mut total: u64 = 0;
    for item in &set.items {
        let n = match &item.node {
            Selection::Field(f) => {
                1u64.saturating_add(size_of(&f.node.selection_set.node, doc, memo))
            }
            Selection::InlineFragment(i) => size_of(&i.node.selection_set.node, doc, memo),
            Selection::FragmentSpread(s) => {
                let name = s.node.fragment_name.node.as_str();
                match memo.get(name) {
                    Some(Some(n)) => *n,
                    // In progress: a cycle, which validation refuses; count nothing.
                    Some(None) => 0,
                    None => match doc.fragments.get(&s.node.fragment_name.node) {
                        None => 0,
                        Some(fragment) => {
                            memo.insert(name, None);
                            let n = size_of(&fragment.node.selection_set.node, doc, memo);
                            memo.insert(name, Some(n));
                            n
                        }
                    },
                }
            }
        };
        total = total.saturating_add(n);
    }
    total
}

/// The extension: checks each parsed document.
pub struct ExpansionLimit;

impl ExtensionFactory for ExpansionLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ExpansionCheck)
    }
}

struct ExpansionCheck;

#[async_graphql::async_trait::async_trait]
impl Extension for ExpansionCheck {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        // Measured on a parse of our own, before async-graphql's own parse step, which
        // already walks every spread (its recursion-depth check) once per occurrence.
        let n = async_graphql::parser::parse_query(query)
            .map(|doc| expanded_selections(&doc))
            .unwrap_or(0);
        if n > MAX_EXPANDED_SELECTIONS {
            let mut e = ServerError::new(
                format!(
                    "the query expands to more than {MAX_EXPANDED_SELECTIONS} selections once its fragments are spread; write it without repeating fragments"
                ),
                None,
            );
            e.extensions
                .get_or_insert_with(Default::default)
                .set("code", "VALIDATION");
            return Err(e);
        }
        next.run(ctx, query, variables).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `levels` fragments, each spreading the previous one twice.
    pub fn doubling(levels: usize) -> String {
        let mut q = String::from("query { ...F0 }\nfragment F1 on Query { __typename }\n");
        q = q.replace("...F0", &format!("...F{levels}"));
        for k in 2..=levels {
            q.push_str(&format!(
                "fragment F{k} on Query {{ ...F{} ...F{} }}\n",
                k - 1,
                k - 1
            ));
        }
        q
    }

    #[test]
    fn doubling_fragments_are_measured_without_expanding_them() {
        let doc = async_graphql::parser::parse_query(doubling(22)).unwrap();
        let t = std::time::Instant::now();
        assert_eq!(expanded_selections(&doc), 1 << 21);
        assert!(t.elapsed() < std::time::Duration::from_millis(50));
        let doc = async_graphql::parser::parse_query(doubling(10)).unwrap();
        assert_eq!(expanded_selections(&doc), 512);
        // 200 levels saturate instead of overflowing.
        let doc = async_graphql::parser::parse_query(doubling(200)).unwrap();
        assert_eq!(expanded_selections(&doc), u64::MAX);
        // A cycle counts nothing more (validation refuses it).
        let doc = async_graphql::parser::parse_query(
            "{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }",
        )
        .unwrap();
        assert_eq!(expanded_selections(&doc), 1);
    }
}
