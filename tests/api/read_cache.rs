//! Repeated inventory reads are answered from the read cache while the store is
//! unchanged: never after a write (through the API or behind it), never another
//! caller's answer, never after the caller's token was revoked.

use crate::both_stores;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::{json, Value};
use steward::http::READ_CACHE_HEADER;

const NESTED: &str = "{ systems(first: 20) { edges { node { id name organisation { name } categories { category { key parent { key } } } } } } }";

/// Posts `query` as `token`; returns the status, the read-cache header and the body.
async fn read(app: &TestApp, token: &str, query: &str) -> (StatusCode, Option<String>, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let cache = response
        .headers()
        .get(READ_CACHE_HEADER)
        .map(|v| v.to_str().unwrap().to_owned());
    (status, cache, response.json().await.unwrap())
}

/// Reads until the answer comes from the cache (writes the API makes in the background,
/// such as the change feed's record, move the store's version once more); returns it.
async fn read_until_kept(app: &TestApp, token: &str, query: &str) -> Value {
    let mut seen = Vec::new();
    for _ in 0..40 {
        let (status, cache, body) = read(app, token, query).await;
        assert_eq!(status, StatusCode::OK, "{body:#}");
        if cache.as_deref() == Some("hit") {
            // What the cache answers is what the store answered last.
            if let Some(last) = seen.last() {
                assert_eq!(&body, last, "a kept answer differs from the last one");
            }
            return body;
        }
        assert_eq!(cache.as_deref(), Some("miss"), "{body:#}");
        seen.push(body);
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("an unchanged store never answered from the cache: {seen:#?}");
}

fn names(body: &Value) -> Vec<String> {
    body["data"]["systems"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect()
}

both_stores!(a_kept_answer_is_never_served_after_the_store_changed);

async fn a_kept_answer_is_never_served_after_the_store_changed(app: TestApp) {
    let id = app.create_system("Kundeportal æøå: 🎫").await;
    app.link_category(&id, "user.contact.email").await;
    let kept = read_until_kept(&app, &app.viewer, NESTED).await;
    assert_eq!(names(&kept), ["Kundeportal æøå: 🎫"]);
    let categories = &kept["data"]["systems"]["edges"][0]["node"]["categories"];
    assert_eq!(categories[0]["category"]["key"], "user.contact.email");

    // A write through the API: the next read sees it.
    app.gql(
        &app.dpo,
        "mutation($s: ID!) { updateSystem(input: {id: $s, name: \"Kundeportal; ny\"}) { id } }",
        json!({ "s": id }),
    )
    .await;
    let (_, cache, body) = read(&app, &app.viewer, NESTED).await;
    assert_eq!(names(&body), ["Kundeportal; ny"], "{cache:?}");
    let kept = read_until_kept(&app, &app.viewer, NESTED).await;
    assert_eq!(names(&kept), ["Kundeportal; ny"]);

    // A write behind the API, from another connection (another node, a CLI, a script):
    // the store's own triggers count it.
    let other = Database::connect(&app.database_url).await.unwrap();
    let backend = other.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE systems SET name = 'Endret utenfor' WHERE id = $1",
        _ => "UPDATE systems SET name = 'Endret utenfor' WHERE id = ?",
    };
    let changed = other
        .execute(Statement::from_sql_and_values(
            backend,
            sql,
            [id.parse::<i64>().unwrap().into()],
        ))
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    let (_, _, body) = read(&app, &app.viewer, NESTED).await;
    assert_eq!(names(&body), ["Endret utenfor"]);
    let kept = read_until_kept(&app, &app.viewer, NESTED).await;
    assert_eq!(names(&kept), ["Endret utenfor"]);

    // Another caller never gets the viewer's answer.
    let (_, cache, body) = read(&app, &app.dpo, NESTED).await;
    assert_eq!(cache.as_deref(), Some("miss"));
    assert_eq!(names(&body), ["Endret utenfor"]);

    // What is not kept: errors, mutations, answers about the caller or subjects.
    let (_, cache, body) = read(&app, &app.viewer, "{ system(id: \"987654\") { name } }").await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
    assert_eq!(cache, None);
    for query in [
        "{ viewer { name } }",
        "{ dataSubjectRequests { id } }",
        "{ systems(first: 1) { totalCount } viewer { role } }",
    ] {
        for _ in 0..2 {
            let (status, cache, body) = read(&app, &app.viewer, query).await;
            assert_eq!(status, StatusCode::OK, "{body:#}");
            assert_eq!(cache, None, "{query}");
        }
    }

    // A revoked token is refused at once, though its answers were kept.
    read_until_kept(&app, &app.viewer, NESTED).await;
    app.gql(
        &app.admin,
        r#"mutation { revokeApiToken(name: "test-viewer") { name } }"#,
        json!({}),
    )
    .await;
    let (status, _, body) = read(&app, &app.viewer, NESTED).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body:#}");
    assert!(body["data"].is_null());

    // Every table of the store counts its writes.
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind = 'r' AND n.nspname = current_schema() \
             AND c.relname <> 'steward_store_version' AND NOT EXISTS (SELECT 1 FROM pg_trigger t \
             WHERE t.tgrelid = c.oid AND t.tgname = 'steward_version')"
        }
        _ => {
            "SELECT name FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> 'steward_store_version' AND (SELECT count(*) FROM sqlite_master t \
             WHERE t.type = 'trigger' AND t.tbl_name = m.name AND t.name LIKE 'steward_version_%') < 3"
        }
    };
    let uncounted = other
        .query_all(Statement::from_string(backend, sql))
        .await
        .unwrap();
    let uncounted: Vec<String> = uncounted
        .iter()
        .map(|r| r.try_get("", "name").unwrap())
        .collect();
    assert!(
        uncounted.is_empty(),
        "tables without the write counter: {uncounted:?}"
    );
    other.close().await.unwrap();
}
