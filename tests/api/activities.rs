use crate::both_stores;
use crate::helpers::TestApp;
use serde_json::{json, Value};

both_stores!(
    processing_activity_records_the_full_art30_entry,
    activities_are_found_by_legal_basis_category_and_system,
    bad_activity_input_changes_nothing,
    activity_update_replaces_given_lists_only,
    data_uses_and_flows_are_kept_and_checked,
);

const CREATE: &str = r#"mutation($input: CreateProcessingActivityInput!) {
  createProcessingActivity(input: $input) { id name } }"#;

const READ: &str = r#"query($id: ID!) { processingActivity(id: $id) {
  name purpose dataUse { key name custom } role controllerName organisation { name }
  legalBases { basis article note }
  retention { period trigger statute summary erasureDue(event: "2026-01-31T00:00:00Z") }
  data { category { key } subject { key } source retentionOverridden retention { period trigger } }
  systems { name }
  recipients { purpose recipient { name role country } }
  transfers { country safeguard safeguardDetail recipient { name } }
} }"#;

async fn setup(app: &TestApp) -> (String, String, String) {
    let org = app
        .gql(&app.dpo, r#"mutation { createOrganisation(input: {name: "Acme AS", country: "no", dpoName: "Dana"}) { id country } }"#, json!({}))
        .await;
    assert_eq!(org["createOrganisation"]["country"], "NO");
    let system = app.create_system("Billing").await;
    let recipient = app
        .gql(
            &app.dpo,
            r#"mutation { createRecipient(input: {name: "Stripe", role: PROCESSOR, country: "US", contractReference: "DPA 2024-03"}) { id } }"#,
            json!({}),
        )
        .await;
    (
        org["createOrganisation"]["id"].as_str().unwrap().to_owned(),
        system,
        recipient["createRecipient"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

fn invoicing(org: &str, system: &str, recipient: &str) -> Value {
    json!({
        "name": "Invoicing",
        "purpose": "Invoice customers and keep the books",
        "dataUse": "essential.service.payment_processing",
        "organisationId": org,
        "legalBases": [{ "basis": "CONTRACT" }, { "basis": "LEGAL_OBLIGATION", "note": "Bookkeeping Act" }],
        "retention": { "period": "P5Y", "trigger": "AFTER_END_OF_FINANCIAL_YEAR", "statute": "Bookkeeping Act § 13" },
        "data": [
            { "categoryKey": "user.name", "subjectKey": "customer", "source": "PROVIDED" },
            { "categoryKey": "user.payment", "subjectKey": "customer", "source": "PROVIDED",
              "retention": { "period": "P13M", "trigger": "AFTER_COLLECTION" } }
        ],
        "systemIds": [system],
        "recipients": [{ "recipientId": recipient, "purpose": "Card payments" }],
        "transfers": [{ "country": "US", "safeguard": "ADEQUACY", "safeguardDetail": "EU-US Data Privacy Framework", "recipientId": recipient }]
    })
}

async fn processing_activity_records_the_full_art30_entry(app: TestApp) {
    let (org, system, recipient) = setup(&app).await;
    let created = app
        .gql(
            &app.dpo,
            CREATE,
            json!({ "input": invoicing(&org, &system, &recipient) }),
        )
        .await;
    let id = created["createProcessingActivity"]["id"].as_str().unwrap();
    let a = &app.gql(&app.viewer, READ, json!({ "id": id })).await["processingActivity"];
    assert_eq!(a["role"], "CONTROLLER");
    assert_eq!(
        a["dataUse"],
        json!({ "key": "essential.service.payment_processing", "name": "Essential for Payment Processing", "custom": false })
    );
    assert_eq!(a["organisation"]["name"], "Acme AS");
    assert_eq!(
        a["legalBases"],
        json!([
            { "basis": "CONTRACT", "article": "Art. 6(1)(b)", "note": null },
            { "basis": "LEGAL_OBLIGATION", "article": "Art. 6(1)(c)", "note": "Bookkeeping Act" }
        ])
    );
    assert_eq!(a["retention"]["period"], "P5Y");
    assert_eq!(a["retention"]["trigger"], "AFTER_END_OF_FINANCIAL_YEAR");
    assert_eq!(a["retention"]["statute"], "Bookkeeping Act § 13");
    assert_eq!(a["retention"]["erasureDue"], "2031-01-31T00:00:00+00:00");
    assert_eq!(
        a["data"],
        json!([
            { "category": { "key": "user.name" }, "subject": { "key": "customer" }, "source": "PROVIDED",
              "retentionOverridden": false, "retention": { "period": "P5Y", "trigger": "AFTER_END_OF_FINANCIAL_YEAR" } },
            { "category": { "key": "user.payment" }, "subject": { "key": "customer" }, "source": "PROVIDED",
              "retentionOverridden": true, "retention": { "period": "P13M", "trigger": "AFTER_COLLECTION" } }
        ])
    );
    assert_eq!(a["systems"], json!([{ "name": "Billing" }]));
    assert_eq!(
        a["recipients"],
        json!([{ "purpose": "Card payments", "recipient": { "name": "Stripe", "role": "PROCESSOR", "country": "US" } }])
    );
    assert_eq!(
        a["transfers"],
        json!([{ "country": "US", "safeguard": "ADEQUACY", "safeguardDetail": "EU-US Data Privacy Framework", "recipient": { "name": "Stripe" } }])
    );

    let processor = app
        .gql(
            &app.dpo,
            CREATE,
            json!({ "input": {
                "name": "Hosting for partners", "purpose": "Run the service for resellers' customers",
                "role": "PROCESSOR", "controllerName": "Partner AS", "organisationId": org,
                "legalBases": [{ "basis": "CONTRACT", "note": "DPA with the partner" }],
                "data": [{ "categoryKey": "user.contact.email", "subjectKey": "end_user", "source": "PROVIDED" }]
            } }),
        )
        .await;
    assert_eq!(
        processor["createProcessingActivity"]["name"],
        "Hosting for partners"
    );
    let ropa = app
        .gql(&app.viewer, r#"{ recordOfProcessing { sections { organisation { name dpoName } controllerActivities { name } processorActivities { name controllerName } } } }"#, json!({}))
        .await;
    assert_eq!(
        ropa["recordOfProcessing"]["sections"],
        json!([{ "organisation": { "name": "Acme AS", "dpoName": "Dana" },
                 "controllerActivities": [{ "name": "Invoicing" }],
                 "processorActivities": [{ "name": "Hosting for partners", "controllerName": "Partner AS" }] }])
    );
}

async fn activities_are_found_by_legal_basis_category_and_system(app: TestApp) {
    let (org, system, recipient) = setup(&app).await;
    app.gql(
        &app.dpo,
        CREATE,
        json!({ "input": invoicing(&org, &system, &recipient) }),
    )
    .await;
    app.gql(
        &app.dpo,
        CREATE,
        json!({ "input": { "name": "Newsletter", "purpose": "Send news", "legalBases": [{ "basis": "CONSENT" }],
            "data": [{ "categoryKey": "user.contact.email", "subjectKey": "newsletter_subscriber", "source": "PROVIDED" }] } }),
    )
    .await;
    let names = |v: &Value, field: &str| -> Vec<String> {
        v[field]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let q = r#"query($f: ProcessingActivityFilter) { processingActivities(filter: $f) { edges { node { name } } } }"#;
    let consent = app
        .gql(&app.viewer, q, json!({ "f": { "legalBasis": "CONSENT" } }))
        .await;
    assert_eq!(names(&consent, "processingActivities"), ["Newsletter"]);
    let obligation = app
        .gql(
            &app.viewer,
            q,
            json!({ "f": { "legalBasis": "LEGAL_OBLIGATION" } }),
        )
        .await;
    assert_eq!(names(&obligation, "processingActivities"), ["Invoicing"]);
    let contact = app
        .gql(
            &app.viewer,
            q,
            json!({ "f": { "categoryKey": "user.contact" } }),
        )
        .await;
    assert_eq!(names(&contact, "processingActivities"), ["Newsletter"]);
    let on_system = app
        .gql(&app.viewer, q, json!({ "f": { "systemId": system } }))
        .await;
    assert_eq!(names(&on_system, "processingActivities"), ["Invoicing"]);
    let by_category = app
        .gql(
            &app.viewer,
            r#"{ dataCategory(key: "user") { activities(first: 10) { totalCount } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(by_category["dataCategory"]["activities"]["totalCount"], 2);
}

async fn bad_activity_input_changes_nothing(app: TestApp) {
    let (org, system, recipient) = setup(&app).await;
    let base = invoicing(&org, &system, &recipient);
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "unknown category",
            json!({ "data": [{ "categoryKey": "user.nope", "subjectKey": "customer", "source": "PROVIDED" }] }),
            "data[0].categoryKey",
        ),
        (
            "unknown subject",
            json!({ "data": [{ "categoryKey": "user.name", "subjectKey": "martian", "source": "PROVIDED" }] }),
            "data[0].subjectKey",
        ),
        ("no legal basis", json!({ "legalBases": [] }), "legalBases"),
        (
            "twice the same basis",
            json!({ "legalBases": [{ "basis": "CONSENT" }, { "basis": "CONSENT" }] }),
            "legalBases[1].basis",
        ),
        (
            "period without trigger",
            json!({ "retention": { "period": "P6M" } }),
            "retention.trigger",
        ),
        (
            "bad duration",
            json!({ "retention": { "period": "six months", "trigger": "AFTER_COLLECTION" } }),
            "retention.period",
        ),
        (
            "transfer inside the EEA",
            json!({ "transfers": [{ "country": "SE", "safeguard": "ADEQUACY" }] }),
            "transfers[0].country",
        ),
        (
            "special category without Art. 9 condition",
            json!({ "data": [{ "categoryKey": "user.health_and_medical", "subjectKey": "customer", "source": "PROVIDED" }] }),
            "specialCategoryCondition",
        ),
        (
            "processor without controller",
            json!({ "role": "PROCESSOR" }),
            "controllerName",
        ),
        (
            "unknown system",
            json!({ "systemIds": ["999999"] }),
            "systemIds[0]",
        ),
        (
            "unknown recipient",
            json!({ "recipients": [{ "recipientId": "999999" }] }),
            "recipients[0].recipientId",
        ),
    ];
    for (what, patch, field) in cases {
        let mut input = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            input[k] = v.clone();
        }
        let (_, body) = app
            .post(Some(&app.dpo), CREATE, json!({ "input": input }))
            .await;
        let err = &body["errors"][0];
        assert_eq!(err["extensions"]["code"], "VALIDATION", "{what}: {body}");
        assert_eq!(err["extensions"]["field"], field, "{what}: {body}");
    }
    // An unknown enum value is refused before any resolver runs.
    let mut input = base.clone();
    input["legalBases"] = json!([{ "basis": "BECAUSE_WE_CAN" }]);
    let (_, body) = app
        .post(Some(&app.dpo), CREATE, json!({ "input": input }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );

    assert_eq!(
        app.count("processingActivities").await,
        0,
        "nothing may be stored half-way"
    );

    let with_condition = {
        let mut input = base.clone();
        input["data"] = json!([{ "categoryKey": "user.health_and_medical", "subjectKey": "customer", "source": "PROVIDED" }]);
        input["specialCategoryCondition"] = json!("EXPLICIT_CONSENT");
        input
    };
    app.gql(&app.dpo, CREATE, json!({ "input": with_condition }))
        .await;
    let (code, _) = app
        .gql_err(&app.dpo, CREATE, json!({ "input": base }))
        .await;
    assert_eq!(code, "CONFLICT", "same name twice");
    assert_eq!(app.count("processingActivities").await, 1);
}

async fn activity_update_replaces_given_lists_only(app: TestApp) {
    let (org, system, recipient) = setup(&app).await;
    let created = app
        .gql(
            &app.dpo,
            CREATE,
            json!({ "input": invoicing(&org, &system, &recipient) }),
        )
        .await;
    let id = created["createProcessingActivity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.gql(
        &app.dpo,
        r#"mutation($id: ID!) { updateProcessingActivity(input: {id: $id, purpose: "Invoicing only",
            legalBases: [{basis: CONTRACT}], transfers: []}) { id } }"#,
        json!({ "id": id }),
    )
    .await;
    let a = &app.gql(&app.viewer, READ, json!({ "id": id })).await["processingActivity"];
    assert_eq!(a["purpose"], "Invoicing only");
    assert_eq!(a["legalBases"].as_array().unwrap().len(), 1);
    assert_eq!(a["transfers"], json!([]));
    assert_eq!(
        a["data"].as_array().unwrap().len(),
        2,
        "data was not given, so it stays"
    );
    assert_eq!(a["recipients"].as_array().unwrap().len(), 1);

    let (code, _) = app
        .gql_err(&app.dpo, r#"mutation($id: ID!) { updateProcessingActivity(input: {id: $id, legalBases: []}) { id } }"#, json!({ "id": id }))
        .await;
    assert_eq!(code, "VALIDATION");
    let still = &app.gql(&app.viewer, READ, json!({ "id": id })).await["processingActivity"];
    assert_eq!(still["legalBases"].as_array().unwrap().len(), 1);

    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($id: ID!) { deleteRecipient(id: $id) { id } }",
            json!({ "id": recipient }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    app.gql(
        &app.dpo,
        "mutation($id: ID!) { deleteProcessingActivity(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    app.gql(
        &app.dpo,
        "mutation($id: ID!) { deleteRecipient(id: $id) { id } }",
        json!({ "id": recipient }),
    )
    .await;
    assert_eq!(app.count("processingActivities").await, 0);
}

async fn data_uses_and_flows_are_kept_and_checked(app: TestApp) {
    let (org, system, recipient) = setup(&app).await;
    let created = app
        .gql(
            &app.dpo,
            CREATE,
            json!({ "input": invoicing(&org, &system, &recipient) }),
        )
        .await;
    let id = created["createProcessingActivity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A data use of the organisation's own, under a default one.
    let made = app
        .gql(
            &app.dpo,
            r#"mutation { createDataUse(input: {key: "essential.service.payment_processing.avdrag", name: "Avdrag: nedbetaling på faktura"}) { key parentKey custom } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        made["createDataUse"],
        json!({ "key": "essential.service.payment_processing.avdrag", "parentKey": "essential.service.payment_processing", "custom": true })
    );
    let update = r#"mutation($id: ID!, $use: String) { updateProcessingActivity(input: {id: $id, dataUse: $use}) { id } }"#;
    app.gql(
        &app.dpo,
        update,
        json!({ "id": id, "use": "essential.service.payment_processing.avdrag" }),
    )
    .await;
    let a = &app.gql(&app.viewer, READ, json!({ "id": id })).await["processingActivity"];
    assert_eq!(a["dataUse"]["name"], "Avdrag: nedbetaling på faktura");

    // Unknown, malformed, or a viewer: refused, and the stored use stays.
    for (who, key, want) in [
        (&app.dpo, "marketing.spam", "VALIDATION"),
        (&app.dpo, "Marketing; Spam", "VALIDATION"),
        (&app.viewer, "marketing", "FORBIDDEN"),
    ] {
        let (code, message) = app
            .gql_err(who, update, json!({ "id": id, "use": key }))
            .await;
        assert_eq!(code, want, "{key}: {message}");
        if want == "VALIDATION" {
            assert!(message.contains("dataUse"), "{message}");
        }
    }
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation { createDataUse(input: {key: "marketing", name: "Again"}) { key } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    let a = &app.gql(&app.viewer, READ, json!({ "id": id })).await["processingActivity"];
    assert_eq!(
        a["dataUse"]["key"],
        "essential.service.payment_processing.avdrag"
    );
    // Null clears it.
    app.gql(&app.dpo, update, json!({ "id": id, "use": null }))
        .await;
    let a = &app.gql(&app.viewer, READ, json!({ "id": id })).await["processingActivity"];
    assert_eq!(a["dataUse"], Value::Null);

    // A flow from the billing system to a support desk, replaced, then removed.
    let desk = app
        .gql(
            &app.dpo,
            r#"mutation { createSystem(input: {name: "Kundeservice: Zendesk", kind: SAAS}) { id } }"#,
            json!({}),
        )
        .await["createSystem"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let set = r#"mutation($from: ID!, $to: ID!, $cats: [String!]!) {
        setDataFlow(input: {fromSystemId: $from, toSystemId: $to, categories: $cats}) { from { name } to { name } categories } }"#;
    let flow = app
        .gql(
            &app.dpo,
            set,
            json!({ "from": system, "to": desk, "cats": ["user.name", "user.contact.email", "user.name"] }),
        )
        .await;
    assert_eq!(
        flow["setDataFlow"],
        json!({ "from": { "name": "Billing" }, "to": { "name": "Kundeservice: Zendesk" }, "categories": ["user.contact.email", "user.name"] })
    );
    app.gql(
        &app.dpo,
        set,
        json!({ "from": system, "to": desk, "cats": ["user.contact.email"] }),
    )
    .await;
    let read = r#"query($id: ID!) { system(id: $id) { sendsTo { to { name } categories } receivesFrom { from { name } } } }"#;
    let billing = app.gql(&app.viewer, read, json!({ "id": system })).await;
    assert_eq!(
        billing["system"]["sendsTo"],
        json!([{ "to": { "name": "Kundeservice: Zendesk" }, "categories": ["user.contact.email"] }])
    );
    let zendesk = app.gql(&app.viewer, read, json!({ "id": desk })).await;
    assert_eq!(
        zendesk["system"]["receivesFrom"],
        json!([{ "from": { "name": "Billing" } }])
    );
    for (vars, field) in [
        (
            json!({ "from": system, "to": system, "cats": [] }),
            "toSystemId",
        ),
        (
            json!({ "from": system, "to": "999999", "cats": [] }),
            "toSystemId",
        ),
        (
            json!({ "from": system, "to": desk, "cats": ["user.nope"] }),
            "categories[0]",
        ),
    ] {
        let (code, message) = app.gql_err(&app.dpo, set, vars).await;
        assert_eq!(code, "VALIDATION", "{message}");
        assert!(message.contains(field), "{field}: {message}");
    }
    let billing = app.gql(&app.viewer, read, json!({ "id": system })).await;
    assert_eq!(
        billing["system"]["sendsTo"][0]["categories"],
        json!(["user.contact.email"]),
        "a refused change leaves the flow as it was"
    );
    let remove = r#"mutation($from: ID!, $to: ID!) { removeDataFlow(fromSystemId: $from, toSystemId: $to) }"#;
    let gone = app
        .gql(&app.dpo, remove, json!({ "from": system, "to": desk }))
        .await;
    assert_eq!(gone["removeDataFlow"], true);
    let again = app
        .gql(&app.dpo, remove, json!({ "from": system, "to": desk }))
        .await;
    assert_eq!(again["removeDataFlow"], false);

    // Deleting a system takes its flows with it.
    app.gql(
        &app.dpo,
        set,
        json!({ "from": desk, "to": system, "cats": [] }),
    )
    .await;
    app.gql(
        &app.dpo,
        r#"mutation($id: ID!) { deleteSystem(id: $id) { id } }"#,
        json!({ "id": desk }),
    )
    .await;
    let billing = app.gql(&app.viewer, read, json!({ "id": system })).await;
    assert_eq!(billing["system"]["receivesFrom"], json!([]));
}
