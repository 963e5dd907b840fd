use crate::both_stores;
use crate::helpers::TestApp;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

both_stores!(
    inventory_changes_are_streamed_to_subscribers,
    revoking_a_token_ends_its_subscriptions,
);

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub async fn connect(app: &TestApp) -> Ws {
    let mut request = format!("ws://{}/graphql/ws", app.addr)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    ws
}

pub async fn next_json(ws: &mut Ws) -> Option<Value> {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .ok()??
            .ok()?;
        match msg {
            Message::Text(t) => return serde_json::from_str(&t).ok(),
            Message::Close(_) => return None,
            _ => continue,
        }
    }
}

async fn inventory_changes_are_streamed_to_subscribers(app: TestApp) {
    // Without a token the connection is refused.
    let mut anonymous = connect(&app).await;
    anonymous
        .send(Message::text(
            json!({ "type": "connection_init", "payload": {} }).to_string(),
        ))
        .await
        .unwrap();
    assert!(
        next_json(&mut anonymous)
            .await
            .is_none_or(|m| m["type"] != "connection_ack"),
        "an unauthenticated connection must not be acknowledged"
    );

    let mut ws = connect(&app).await;
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {}", app.viewer) } }).to_string(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await.unwrap()["type"], "connection_ack");
    ws.send(Message::text(
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { inventoryChanges { change entity id actor } }" } })
            .to_string(),
    ))
    .await
    .unwrap();
    // Give the subscription a moment to attach before the change happens.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let id = app.create_system("Data warehouse").await;
    let event = next_json(&mut ws).await.expect("an event");
    assert_eq!(event["type"], "next", "{event}");
    assert_eq!(
        event["payload"]["data"]["inventoryChanges"],
        json!({ "change": "CREATED", "entity": "SYSTEM", "id": id, "actor": "test-dpo" })
    );
}

/// Revoking a token ends the subscriptions opened with it: the connection is closed
/// within a few seconds and no further change reaches it.
async fn revoking_a_token_ends_its_subscriptions(app: TestApp) {
    let created = app
        .gql(
            &app.admin,
            "mutation { createApiToken(name: \"dashboard\", role: VIEWER) { secret } }",
            json!({}),
        )
        .await;
    let secret = created["createApiToken"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ws = connect(&app).await;
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {secret}") } }).to_string(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await.unwrap()["type"], "connection_ack");
    ws.send(Message::text(
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { inventoryChanges { change entity id } }" } })
            .to_string(),
    ))
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.create_system("Before revocation").await;
    assert_eq!(next_json(&mut ws).await.expect("an event")["type"], "next");

    app.gql(
        &app.admin,
        "mutation { revokeApiToken(name: \"dashboard\") { revokedAt } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    app.create_system("After revocation").await;
    let after = next_json(&mut ws).await;
    assert!(
        after.is_none(),
        "a revoked token's subscription received {after:?}"
    );
}

/// Opens a subscription with `token`.
pub async fn subscribe(app: &TestApp, token: &str, query: &str, variables: Value) -> Ws {
    let mut ws = connect(app).await;
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } }).to_string(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await.unwrap()["type"], "connection_ack");
    ws.send(Message::text(
        json!({ "id": "1", "type": "subscribe", "payload": { "query": query, "variables": variables } })
            .to_string(),
    ))
    .await
    .unwrap();
    ws
}
