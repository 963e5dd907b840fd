use crate::both_stores;
use crate::helpers::TestApp;
use serde_json::json;

both_stores!(
    default_taxonomy_is_shipped,
    custom_category_joins_the_tree_and_queries_include_descendants,
    category_cycles_are_rejected,
    category_in_use_cannot_be_deleted,
    data_subjects_can_be_added,
);

async fn default_taxonomy_is_shipped(app: TestApp) {
    let data = app
        .gql(
            &app.viewer,
            r#"{ email: dataCategory(key: "user.contact.email") { name special custom parent { key } }
                 health: dataCategory(key: "user.health_and_medical") { special }
                 nid: dataCategory(key: "user.government_id.national_identification_number") { parent { key } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["email"]["parent"]["key"], "user.contact");
    assert_eq!(data["email"]["custom"], false);
    assert_eq!(data["email"]["special"], false);
    assert_eq!(data["health"]["special"], true);
    assert_eq!(data["nid"]["parent"]["key"], "user.government_id");
    let (code, _) = app
        .gql_err(
            &app.viewer,
            r#"{ dataCategory(key: "user.nope") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
}

async fn custom_category_joins_the_tree_and_queries_include_descendants(app: TestApp) {
    let created = app
        .gql(
            &app.dpo,
            r#"mutation { createDataCategory(input: {key: "user.contact.email.work", name: "Work email"}) { key custom parent { key } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        created["createDataCategory"],
        json!({ "key": "user.contact.email.work", "custom": true, "parent": { "key": "user.contact.email" } })
    );

    let crm = app.create_system("CRM").await;
    app.create_system("Wiki").await;
    app.link_category(&crm, "user.contact.email.work").await;

    let holding = app
        .gql(
            &app.viewer,
            r#"{ systemsHoldingCategory(key: "user.contact") { system { name } category { key } }
                 exact: systemsHoldingCategory(key: "user.contact", includeDescendants: false) { id }
                 systems(filter: {holdsCategory: "user.contact"}) { edges { node { name } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        holding["systemsHoldingCategory"],
        json!([{ "system": { "name": "CRM" }, "category": { "key": "user.contact.email.work" } }])
    );
    assert_eq!(holding["exact"], json!([]));
    assert_eq!(
        holding["systems"]["edges"],
        json!([{ "node": { "name": "CRM" } }])
    );

    let under = app
        .gql(&app.viewer, r#"{ dataCategories(first: 100, filter: {under: "user.contact.email"}) { totalCount edges { node { key } } } }"#, json!({}))
        .await;
    let keys: Vec<&str> = under["dataCategories"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["user.contact.email", "user.contact.email.work"]);

    let (code, _) = app
        .gql_err(&app.dpo, r#"mutation { createDataCategory(input: {key: "user.contact.email.work", name: "Again"}) { id } }"#, json!({}))
        .await;
    assert_eq!(code, "CONFLICT");
    let (code, message) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createDataCategory(input: {key: "User Email", name: "Bad"}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    assert!(message.starts_with("key:"), "{message}");
    let (code, _) = app
        .gql_err(&app.dpo, r#"mutation { createDataCategory(input: {key: "user.loyalty", name: "Loyalty", parentKey: "user.nope"}) { id } }"#, json!({}))
        .await;
    assert_eq!(code, "VALIDATION");
}

async fn category_cycles_are_rejected(app: TestApp) {
    let (code, message) = app
        .gql_err(&app.dpo, r#"mutation { updateDataCategory(input: {key: "user.contact", parentKey: "user.contact.email"}) { id } }"#, json!({}))
        .await;
    assert_eq!(code, "VALIDATION");
    assert!(message.contains("cycle"), "{message}");
    let (code, _) = app
        .gql_err(&app.dpo, r#"mutation { updateDataCategory(input: {key: "user.contact", parentKey: "user.contact"}) { id } }"#, json!({}))
        .await;
    assert_eq!(code, "VALIDATION");
    let data = app
        .gql(
            &app.viewer,
            r#"{ dataCategory(key: "user.contact") { parent { key } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["dataCategory"]["parent"]["key"], "user");

    let moved = app
        .gql(&app.dpo, r#"mutation { updateDataCategory(input: {key: "user.job_title", parentKey: "user.workplace", special: false}) { parent { key } } }"#, json!({}))
        .await;
    assert_eq!(
        moved["updateDataCategory"]["parent"]["key"],
        "user.workplace"
    );
}

async fn category_in_use_cannot_be_deleted(app: TestApp) {
    app.gql(&app.dpo, r#"mutation { createDataCategory(input: {key: "user.loyalty_tier", name: "Loyalty tier"}) { id } }"#, json!({})).await;
    let crm = app.create_system("CRM").await;
    app.link_category(&crm, "user.loyalty_tier").await;
    let (code, message) = app
        .gql_err(
            &app.dpo,
            r#"mutation { deleteDataCategory(key: "user.loyalty_tier") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    assert!(message.contains("in use"), "{message}");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation { deleteDataCategory(key: "user.contact") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    app.gql(
        &app.viewer,
        r#"{ dataCategory(key: "user.loyalty_tier") { id } }"#,
        json!({}),
    )
    .await;

    app.gql(
        &app.dpo,
        "mutation($id: ID!) { deleteSystem(id: $id) { id } }",
        json!({ "id": crm }),
    )
    .await;
    app.gql(
        &app.dpo,
        r#"mutation { deleteDataCategory(key: "user.loyalty_tier") { key } }"#,
        json!({}),
    )
    .await;
    let (code, _) = app
        .gql_err(
            &app.viewer,
            r#"{ dataCategory(key: "user.loyalty_tier") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
}

async fn data_subjects_can_be_added(app: TestApp) {
    let before = app.count("dataSubjects").await;
    assert!(before >= 5);
    app.gql(&app.dpo, r#"mutation { createDataSubject(input: {key: "patient", name: "Patient"}) { key custom } }"#, json!({})).await;
    assert_eq!(app.count("dataSubjects").await, before + 1);
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createDataSubject(input: {key: "patient", name: "Again"}) { key } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "CONFLICT");
}
