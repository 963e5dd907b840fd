use crate::both_stores;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

both_stores!(
    health_and_graphiql_are_public,
    graphql_requires_a_valid_token,
    viewer_reads_but_cannot_write,
    dpo_writes_inventory_but_cannot_manage_tokens,
    admin_manages_tokens_and_revoked_tokens_stop_working,
);

async fn health_and_graphiql_are_public(app: TestApp) {
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("graphiql") || html.contains("GraphiQL"),
        "{html}"
    );
    assert!(html.contains("/graphql/ws"));
}

async fn graphql_requires_a_valid_token(app: TestApp) {
    let query = "{ systems { totalCount } }";
    let (status, body) = app.post(None, query, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert!(body["data"].is_null());

    let (status, body) = app
        .post(Some("stw_not-a-real-token"), query, json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

    let resp = app
        .client
        .post(app.url("/graphql"))
        .header("authorization", format!("Basic {}", app.admin))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(resp.headers()["www-authenticate"], "Bearer");

    let data = app
        .gql(&app.viewer, "{ viewer { name role } }", json!({}))
        .await;
    assert_eq!(
        data["viewer"],
        json!({ "name": "test-viewer", "role": "VIEWER" })
    );
}

async fn viewer_reads_but_cannot_write(app: TestApp) {
    let data = app
        .gql(&app.viewer, "{ systems { totalCount } }", json!({}))
        .await;
    assert_eq!(data["systems"]["totalCount"], 0);
    let (code, message) = app
        .gql_err(
            &app.viewer,
            r#"mutation { createSystem(input: {name: "CRM"}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    assert!(message.contains("DPO"), "{message}");
    assert_eq!(app.count("systems").await, 0);
    let (code, _) = app
        .gql_err(
            &app.viewer,
            r#"mutation { createDataCategory(input: {key: "user.x", name: "X"}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
}

async fn dpo_writes_inventory_but_cannot_manage_tokens(app: TestApp) {
    app.create_system("CRM").await;
    assert_eq!(app.count("systems").await, 1);
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createApiToken(name: "x", role: ADMIN) { secret } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let (code, _) = app
        .gql_err(&app.dpo, "{ apiTokens { name } }", json!({}))
        .await;
    assert_eq!(code, "FORBIDDEN");
}

async fn admin_manages_tokens_and_revoked_tokens_stop_working(app: TestApp) {
    let data = app
        .gql(
            &app.admin,
            r#"mutation { createApiToken(name: "ci-reader", role: VIEWER) { secret token { name role prefix } } }"#,
            json!({}),
        )
        .await;
    let secret = data["createApiToken"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(secret.starts_with(data["createApiToken"]["token"]["prefix"].as_str().unwrap()));
    assert_eq!(data["createApiToken"]["token"]["role"], "VIEWER");

    let me = app
        .gql(&secret, "{ viewer { name role } }", json!({}))
        .await;
    assert_eq!(me["viewer"]["name"], "ci-reader");

    let listed = app
        .gql(&app.admin, "{ apiTokens { name revokedAt } }", json!({}))
        .await;
    let names: Vec<&str> = listed["apiTokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"ci-reader"));
    assert!(
        !listed.to_string().contains(&secret),
        "token list must not show secrets"
    );

    let (code, _) = app
        .gql_err(
            &app.admin,
            r#"mutation { createApiToken(name: "ci-reader", role: DPO) { secret } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "CONFLICT");

    app.gql(
        &app.admin,
        r#"mutation { revokeApiToken(name: "ci-reader") { revokedAt } }"#,
        json!({}),
    )
    .await;
    let (status, body) = app
        .post(Some(&secret), "{ viewer { name } }", json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
}
