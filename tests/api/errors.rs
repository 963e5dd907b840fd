use crate::both_stores;
use crate::helpers::{spawn_app_with, Backend, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use steward::graphql::Limits;

both_stores!(malformed_requests_get_typed_errors);

async fn malformed_requests_get_typed_errors(app: TestApp) {
    let (code, message) = app
        .gql_err(
            &app.viewer,
            "{ systems { edges { node { nme } } } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    assert!(message.contains("nme"), "{message}");
    let (code, _) = app
        .gql_err(
            &app.viewer,
            "{ systems(first: 101) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let (code, _) = app
        .gql_err(
            &app.viewer,
            r#"{ systems(after: "not-a-cursor") { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");

    let resp = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&app.viewer)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
}

#[tokio::test]
async fn deep_and_costly_queries_are_refused() {
    let app = spawn_app_with(
        Backend::Sqlite,
        Limits {
            depth: 5,
            complexity: 200,
        },
    )
    .await
    .unwrap();
    let deep = "{ systems(first: 1) { edges { node { organisation { systems(first: 1) { edges { node { name } } } } } } } }";
    let (code, message) = app.gql_err(&app.viewer, deep, json!({})).await;
    assert_eq!(code, "VALIDATION");
    assert!(message.to_lowercase().contains("deep"), "{message}");
    let costly = "{ systems(first: 100) { edges { node { name kind vendor owner } } } }";
    let (code, message) = app.gql_err(&app.viewer, costly, json!({})).await;
    assert_eq!(code, "VALIDATION");
    assert!(message.to_lowercase().contains("complex"), "{message}");
    app.gql(
        &app.viewer,
        "{ systems(first: 5) { edges { node { name } } } }",
        json!({}),
    )
    .await;
}
