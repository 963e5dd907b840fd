use crate::both_stores;
use crate::helpers::{spawn_app_with, Backend, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use steward::graphql::Limits;

both_stores!(
    malformed_requests_get_typed_errors,
    bad_strings_are_validation_errors_and_wildcards_are_literal,
    ambiguous_source_urls_are_refused_without_echoing_them,
);

/// A password with a raw `/` (or `@`, `#`, `?`) would move part of it into the host or
/// database shown to viewers: such URLs are refused, and the message quotes none of it.
async fn ambiguous_source_urls_are_refused_without_echoing_them(app: TestApp) {
    let system = app.create_system("Secrets test").await;
    for url in [
        "postgres://sec_writer:Sl/ashSECRET_0004@db.example/shop",
        "mysql://sec_writer:a@bSECRET_0005@db.example/shop",
        "postgres://sec_writer:x#ySECRET_0006@db.example/shop",
    ] {
        let (code, message) = app
            .gql_err(
                &app.admin,
                "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"x\", url: $u}) { id } }",
                json!({ "s": system, "u": url }),
            )
            .await;
        assert_eq!(code, "VALIDATION", "{url}");
        assert!(
            !message.contains("SECRET") && !message.contains("ash") && message.contains("%2F"),
            "{message}"
        );
    }
    // Encoded, it is accepted and shows user, host and database only.
    let shown = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"x\", url: $u}) { host database user } }",
            json!({ "s": system, "u": "postgres://sec_writer:Sl%2FashSECRET_0004@db.example/shop" }),
        )
        .await;
    assert_eq!(
        shown["createDataSource"],
        json!({"host": "db.example", "database": "shop", "user": "sec_writer"})
    );
    let listed = app
        .gql(
            &app.viewer,
            "{ dataSources { edges { node { name host database user } } } }",
            json!({}),
        )
        .await;
    assert!(!listed.to_string().contains("SECRET"), "{listed}");
}

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
            ..Limits::default()
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

/// Fragments that each spread the previous one twice: under 1 KB, millions of fields
/// once expanded. Refused at once for any token, and two at a time do not stall the
/// server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fragment_bombs_are_refused_before_they_are_expanded() {
    let app = spawn_app_with(Backend::Sqlite, Limits::default())
        .await
        .unwrap();
    let mut bomb = String::from("query { ...F24 }\nfragment F1 on Query { __typename }\n");
    for k in 2..=24 {
        bomb.push_str(&format!(
            "fragment F{k} on Query {{ ...F{} ...F{} }}\n",
            k - 1,
            k - 1
        ));
    }
    assert!(bomb.len() < 1100, "{}", bomb.len());
    let started = std::time::Instant::now();
    let (a, b, health) = tokio::join!(
        app.gql_err(&app.viewer, &bomb, json!({})),
        app.gql_err(&app.viewer, &bomb, json!({})),
        app.client.get(app.url("/healthz")).send(),
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    for (code, message) in [a, b] {
        assert_eq!(code, "VALIDATION");
        assert!(message.contains("fragments"), "{message}");
    }
    assert_eq!(health.unwrap().status(), StatusCode::OK);
    // Fragments used sensibly still work.
    let fine = app
        .gql(
            &app.viewer,
            "query { ...A ...B } fragment A on Query { systems(first: 2) { totalCount } } fragment B on Query { __typename }",
            json!({}),
        )
        .await;
    assert!(fine["systems"]["totalCount"].is_number(), "{fine}");
}

/// Every request has a deadline (`STEWARD_REQUEST_TIMEOUT_SECS`): past it the client
/// gets 503 with code TIMEOUT. Here another process holds the SQLite store's write lock,
/// so a mutation waits for it, and the one-second deadline ends the request first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_past_their_deadline_are_answered_with_timeout() {
    use sea_orm::sqlx::{Connection, Executor};
    let app = spawn_app_with(
        Backend::Sqlite,
        Limits {
            request_timeout: std::time::Duration::from_secs(1),
            ..Limits::default()
        },
    )
    .await
    .unwrap();
    let mut other = sea_orm::sqlx::SqliteConnection::connect(&app.database_url)
        .await
        .unwrap();
    other.execute("BEGIN IMMEDIATE").await.unwrap();
    let started = std::time::Instant::now();
    let r = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&app.dpo)
        .json(&json!({ "query": "mutation { createSystem(input: {name: \"Waits\", kind: DATABASE}) { id } }" }))
        .send()
        .await
        .unwrap();
    let waited = started.elapsed();
    other.execute("ROLLBACK").await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT", "{body}");
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
}

/// Sends raw HTTP/1.1 `head` (and `body`) to the app, and returns the status line of
/// the answer, or `None` when none came within five seconds.
async fn raw_status(app: &TestApp, head: &str, body: &[u8]) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let read = async {
        while !answer.windows(2).any(|w| w == b"\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), read)
        .await
        .ok()?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    text.lines().next().map(str::to_owned)
}

/// A client without a token is refused before its body is read: a request announcing
/// 300 MiB and sending one byte gets its 401 at once. With a token, a body over the
/// limit (1 MiB by default) is refused with 413, declared or streamed in chunks.
#[tokio::test]
async fn bodies_are_read_only_after_the_token_and_only_up_to_the_limit() {
    let app = spawn_app_with(Backend::Sqlite, Limits::default())
        .await
        .unwrap();
    let post = |extra: &str| {
        format!(
            "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{extra}\r\n"
        )
    };
    let status = raw_status(&app, &post("Content-Length: 314572800\r\n"), b"{").await;
    assert!(
        status.as_deref().is_some_and(|s| s.contains(" 401 ")),
        "no token: {status:?}"
    );
    let auth = format!("Authorization: Bearer {}\r\n", app.viewer);
    let status = raw_status(
        &app,
        &post(&format!("{auth}Content-Length: 2097152\r\n")),
        b"{",
    )
    .await;
    assert!(
        status.as_deref().is_some_and(|s| s.contains(" 413 ")),
        "declared too large: {status:?}"
    );
    let chunk = vec![b' '; 2 * 1024 * 1024];
    let mut body = format!("{:x}\r\n", chunk.len()).into_bytes();
    body.extend_from_slice(&chunk);
    body.extend_from_slice(b"\r\n0\r\n\r\n");
    let status = raw_status(
        &app,
        &post(&format!("{auth}Transfer-Encoding: chunked\r\n")),
        &body,
    )
    .await;
    assert!(
        status.as_deref().is_some_and(|s| s.contains(" 413 ")),
        "streamed too large: {status:?}"
    );
    // An ordinary query under the limit still works.
    let ok = app
        .gql(&app.viewer, "{ viewer { name role } }", json!({}))
        .await;
    assert_eq!(ok["viewer"]["role"], "VIEWER");
}

/// GraphiQL's standard introspection query (graphql-js `getIntrospectionQuery`, with
/// descriptions and deprecated input values), which reaches depth 13.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args(includeDeprecated: true) { ...InputValue }
    type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}"#;

/// GraphiQL can load the schema under the default limits, which still refuse an
/// ordinary query as deep as the introspection query, and a deeper introspection one.
#[tokio::test]
async fn graphiql_introspection_works_under_the_default_limits() {
    let app = spawn_app_with(Backend::Sqlite, Limits::default())
        .await
        .unwrap();
    let data = app.gql(&app.viewer, INTROSPECTION, json!({})).await;
    let types = data["__schema"]["types"].as_array().unwrap();
    assert!(
        types.iter().any(|t| t["name"] == "ScanStatus"),
        "{} types",
        types.len()
    );
    // An ordinary query 13 deep: refused as before.
    let deep = "{ systems(first: 1) { edges { node { organisation { systems(first: 1) { edges { node { organisation { systems(first: 1) { edges { node { organisation { name } } } } } } } } } } } } }";
    let (code, _) = app.gql_err(&app.viewer, deep, json!({})).await;
    assert_eq!(code, "VALIDATION");
    // Introspection nested past its own bound: refused.
    let mut nested = String::from("name");
    for _ in 0..12 {
        nested = format!("name fields {{ type {{ {nested} }} }}");
    }
    let query = format!("{{ __schema {{ types {{ {nested} }} }} }}");
    let (code, _) = app.gql_err(&app.viewer, &query, json!({})).await;
    assert_eq!(code, "VALIDATION");
}

/// A NUL byte or another control character in a name, and an over-long search text, are
/// VALIDATION errors that change nothing (a NUL reached PostgreSQL and came back
/// INTERNAL); `%` and `_` in `nameContains` match themselves, not everything.
async fn bad_strings_are_validation_errors_and_wildcards_are_literal(app: TestApp) {
    let create = "mutation($n: String!) { createSystem(input: {name: $n}) { id name } }";
    for bad in ["Kunde\u{0}register", "Kunde\u{7}register"] {
        let (code, message) = app.gql_err(&app.dpo, create, json!({ "n": bad })).await;
        assert_eq!(code, "VALIDATION", "{message}");
        assert!(message.contains("control"), "{message}");
    }
    let before = app.count("systems").await;
    app.gql(&app.dpo, create, json!({ "n": "Rabatt 50% – kampanje" }))
        .await;
    app.gql(&app.dpo, create, json!({ "n": "Kunde_register" }))
        .await;
    app.gql(&app.dpo, create, json!({ "n": "Kunderegister" }))
        .await;
    assert_eq!(app.count("systems").await, before + 3);
    let search = "query($t: String!) { systems(first: 100, filter: {nameContains: $t}) { edges { node { name } } } }";
    let names = |data: serde_json::Value| -> Vec<String> {
        data["systems"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(app.gql(&app.viewer, search, json!({ "t": "%" })).await),
        ["Rabatt 50% – kampanje"]
    );
    assert_eq!(
        names(app.gql(&app.viewer, search, json!({ "t": "e_r" })).await),
        ["Kunde_register"]
    );
    let long = "x".repeat(100_000);
    let (code, _) = app.gql_err(&app.viewer, search, json!({ "t": long })).await;
    assert_eq!(code, "VALIDATION");
    let (code, _) = app
        .gql_err(&app.viewer, search, json!({ "t": "a\u{0}b" }))
        .await;
    assert_eq!(code, "VALIDATION");
}
