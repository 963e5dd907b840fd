use crate::both_stores;
use crate::helpers::TestApp;
use serde_json::json;

both_stores!(
    systems_page_forward_with_cursors,
    create_system_rejects_duplicate_name,
    update_and_delete_system,
    system_in_use_by_an_activity_cannot_be_deleted,
    links_are_declared_confirmed_and_can_be_rejected,
);

async fn systems_page_forward_with_cursors(app: TestApp) {
    for name in ["CRM", "Billing", "Support desk"] {
        app.create_system(name).await;
    }
    let q = "query($after: String) { systems(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }";
    let first = app.gql(&app.viewer, q, json!({ "after": null })).await;
    let page = &first["systems"];
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let names: Vec<&str> = page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["CRM", "Billing"]);
    let second = app
        .gql(
            &app.viewer,
            q,
            json!({ "after": page["pageInfo"]["endCursor"] }),
        )
        .await;
    let edges = second["systems"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0]["node"]["name"], "Support desk");
    assert_eq!(second["systems"]["pageInfo"]["hasNextPage"], false);

    let filtered = app
        .gql(
            &app.viewer,
            r#"{ systems(filter: {nameContains: "Bill"}) { edges { node { name } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(filtered["systems"]["edges"][0]["node"]["name"], "Billing");
    assert_eq!(filtered["systems"]["edges"].as_array().unwrap().len(), 1);
}

async fn create_system_rejects_duplicate_name(app: TestApp) {
    app.create_system("CRM").await;
    let (code, message) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createSystem(input: {name: "CRM", vendor: "Other"}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    assert!(message.contains("CRM"), "{message}");
    assert_eq!(app.count("systems").await, 1);

    let (code, message) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createSystem(input: {name: "  "}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    assert!(message.contains("name"), "{message}");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createSystem(input: {name: "X", hostingCountry: "Norway"}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    // Two letters are not enough: the code must be one ISO 3166 assigns.
    let (code, message) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createSystem(input: {name: "X", hostingCountry: "XX"}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION", "{message}");
    assert_eq!(app.count("systems").await, 1);
}

async fn update_and_delete_system(app: TestApp) {
    let id = app.create_system("CRM").await;
    let data = app
        .gql(
            &app.dpo,
            r#"mutation($id: ID!) { updateSystem(input: {id: $id, kind: SAAS, hostingCountry: "us", vendor: "Salesforce"}) { kind hostingCountry vendor name } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        data["updateSystem"],
        json!({ "kind": "SAAS", "hostingCountry": "US", "vendor": "Salesforce", "name": "CRM" })
    );
    let cleared = app
        .gql(&app.dpo, r#"mutation($id: ID!) { updateSystem(input: {id: $id, vendor: null}) { vendor kind } }"#, json!({ "id": id }))
        .await;
    assert_eq!(
        cleared["updateSystem"],
        json!({ "vendor": null, "kind": "SAAS" })
    );
    app.gql(
        &app.dpo,
        "mutation($id: ID!) { deleteSystem(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let (code, _) = app
        .gql_err(
            &app.viewer,
            "query($id: ID!) { system(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
    let (code, _) = app
        .gql_err(&app.viewer, r#"{ system(id: "abc") { id } }"#, json!({}))
        .await;
    assert_eq!(code, "VALIDATION");
}

async fn system_in_use_by_an_activity_cannot_be_deleted(app: TestApp) {
    let id = app.create_system("Billing").await;
    app.gql(
        &app.dpo,
        r#"mutation($sys: ID!) { createProcessingActivity(input: {name: "Invoicing", purpose: "Invoice customers",
            legalBases: [{basis: CONTRACT}], systemIds: [$sys]}) { id } }"#,
        json!({ "sys": id }),
    )
    .await;
    let (code, message) = app
        .gql_err(
            &app.dpo,
            "mutation($id: ID!) { deleteSystem(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    assert!(message.contains("Invoicing"), "{message}");
    assert_eq!(app.count("systems").await, 1);
}

async fn links_are_declared_confirmed_and_can_be_rejected(app: TestApp) {
    let id = app.create_system("CRM").await;
    let link = app
        .gql(
            &app.dpo,
            r#"mutation($id: ID!) { linkSystemCategory(input: {systemId: $id, categoryKey: "user.contact.email", location: "public.users.email"}) {
                id status provenance location createdBy category { key } system { name } } }"#,
            json!({ "id": id }),
        )
        .await;
    let l = &link["linkSystemCategory"];
    assert_eq!(l["status"], "CONFIRMED");
    assert_eq!(l["provenance"], "DECLARED");
    assert_eq!(l["location"], "public.users.email");
    assert_eq!(l["createdBy"], "test-dpo");
    assert_eq!(l["category"]["key"], "user.contact.email");
    let link_id = l["id"].as_str().unwrap().to_owned();

    let rejected = app
        .gql(
            &app.dpo,
            r#"mutation($id: ID!) { rejectSystemCategoryLink(id: $id, note: "test data only") { status decidedBy note } }"#,
            json!({ "id": link_id }),
        )
        .await;
    assert_eq!(
        rejected["rejectSystemCategoryLink"],
        json!({ "status": "REJECTED", "decidedBy": "test-dpo", "note": "test data only" })
    );
    let held = app
        .gql(
            &app.viewer,
            r#"{ systemsHoldingCategory(key: "user.contact.email") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(held["systemsHoldingCategory"], json!([]));
    let with_rejected = app
        .gql(
            &app.viewer,
            r#"{ systemsHoldingCategory(key: "user.contact.email", statuses: [REJECTED]) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        with_rejected["systemsHoldingCategory"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    app.gql(
        &app.dpo,
        "mutation($id: ID!) { confirmSystemCategoryLink(id: $id) { status } }",
        json!({ "id": link_id }),
    )
    .await;
    let of_system = app
        .gql(&app.viewer, r#"query($id: ID!) { system(id: $id) { categories(statuses: [CONFIRMED]) { category { key } } } }"#, json!({ "id": id }))
        .await;
    assert_eq!(
        of_system["system"]["categories"][0]["category"]["key"],
        "user.contact.email"
    );

    let (code, message) = app
        .gql_err(&app.dpo, r#"mutation($id: ID!) { linkSystemCategory(input: {systemId: $id, categoryKey: "user.contact.emial"}) { id } }"#, json!({ "id": id }))
        .await;
    assert_eq!(code, "VALIDATION");
    assert!(message.contains("user.contact.emial"), "{message}");

    app.gql(
        &app.dpo,
        "mutation($id: ID!) { unlinkSystemCategory(id: $id) { id } }",
        json!({ "id": link_id }),
    )
    .await;
    let after = app
        .gql(
            &app.viewer,
            r#"query($id: ID!) { system(id: $id) { categories { id } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(after["system"]["categories"], json!([]));
}

both_stores!(nested_lists_cost_the_same_number_of_statements_for_any_page_size);

/// DataLoaders batch what each object resolves, so a page of 12 systems with their
/// organisation and categories costs the same statements as a page of 3.
async fn nested_lists_cost_the_same_number_of_statements_for_any_page_size(app: TestApp) {
    use std::sync::atomic::Ordering;
    let org = app
        .gql(
            &app.dpo,
            r#"mutation { createOrganisation(input: {name: "Acme AS"}) { id } }"#,
            json!({}),
        )
        .await;
    let org = org["createOrganisation"]["id"].as_str().unwrap().to_owned();
    for i in 0..12 {
        let id = app
            .gql(
                &app.dpo,
                "mutation($n: String!, $o: ID!) { createSystem(input: {name: $n, organisationId: $o}) { id } }",
                json!({ "n": format!("System {i}"), "o": org }),
            )
            .await["createSystem"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for key in ["user.contact.email", "user.device.ip_address"] {
            app.link_category(&id, key).await;
        }
    }
    let query = "query($n: Int) { systems(first: $n) { edges { node { name organisation { name } categories { status category { key parent { key } } } } } } }";
    let cost = |n: i64| {
        let app = &app;
        async move {
            let before = app.statements.load(Ordering::SeqCst);
            let data = app.gql(&app.viewer, query, json!({ "n": n })).await;
            let edges = data["systems"]["edges"].as_array().unwrap();
            assert_eq!(edges.len() as i64, n);
            assert!(edges
                .iter()
                .all(|e| e["node"]["organisation"]["name"] == "Acme AS"));
            assert!(edges
                .iter()
                .all(|e| e["node"]["categories"].as_array().unwrap().len() == 2));
            app.statements.load(Ordering::SeqCst) - before
        }
    };
    // Warm up: the token's last-use stamp is written at most once a minute, and the
    // token's check is kept (see the read cache) once the store is unchanged.
    cost(1).await;
    cost(2).await;
    let small = cost(3).await;
    let large = cost(12).await;
    assert_eq!(
        small, large,
        "statements grow with the page size: {small} for 3, {large} for 12"
    );
    assert!(large <= 8, "{large} statements for one nested page");
}
