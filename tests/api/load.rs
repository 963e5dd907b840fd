//! Load on the embedded store: 50 concurrent writers against one SQLite file, through
//! the real server over loopback, bounded in size. Every mutation must succeed: no
//! "database is locked".

use crate::helpers::{spawn_app, Backend};
use serde_json::json;
use std::time::Instant;

const WRITERS: usize = 50;
const EACH: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_writers_on_sqlite_see_no_errors() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let org = app
        .gql(
            &app.dpo,
            r#"mutation { createOrganisation(input: {name: "Last AS", country: "NO"}) { id } }"#,
            json!({}),
        )
        .await["createOrganisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = Instant::now();
    let writer = |w: usize| {
        let app = &app;
        let org = org.clone();
        async move {
            let mut failures = Vec::new();
            for i in 0..EACH {
                // A transaction that reads (name unique? organisation exists?) before it
                // writes: the pattern that fails at once on a busy SQLite file.
                let (status, body) = app
                    .post(
                        Some(&app.dpo),
                        "mutation($n: String!, $o: ID!) { createSystem(input: {name: $n, kind: DATABASE, organisationId: $o}) { id } }",
                        json!({ "n": format!("system {w}-{i} æøå"), "o": org }),
                    )
                    .await;
                if !status.is_success() || body.get("errors").is_some() {
                    failures.push(body.to_string());
                }
            }
            failures
        }
    };
    let results = futures_util::future::join_all((0..WRITERS).map(writer)).await;
    let elapsed = started.elapsed();
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} of {} mutations failed, e.g. {}",
        failures.len(),
        WRITERS * EACH,
        failures[0]
    );
    let count = app
        .gql(&app.viewer, "{ systems { totalCount } }", json!({}))
        .await;
    assert_eq!(count["systems"]["totalCount"], WRITERS * EACH);
    eprintln!(
        "{} mutations from {WRITERS} writers in {:.1} s",
        WRITERS * EACH,
        elapsed.as_secs_f64()
    );
}
