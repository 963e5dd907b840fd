//! Exports hold exactly one person: a shared mailbox, a caller column mixing emails and
//! phone numbers, an address the person's row refers to and a product catalogue it must
//! not walk into, repeatable packages, a DPO's decisions on ambiguous rows, context of
//! the systems where rows were found only, and a table that cannot be read reported on
//! its own. Real PostgreSQL and MariaDB sources, GraphQL over HTTP, ZIPs unpacked.

use crate::both_stores;
use crate::discovery::{mysql_db, postgres_db, SourceDb};
use crate::exports::{
    assert_manifest_hashes, get, link, register_scan_confirm, rows_by_table, unzip, wait_for_export,
};
use crate::helpers::TestApp;
use crate::subscriptions::{next_json, subscribe};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

both_stores!(
    postgres_exports_resolve_identity,
    mariadb_exports_resolve_identity,
);

/// A telecom's database: three subscribers share `post@firma.no`; calls whose caller is
/// an email (SIP) or a phone number in any format; addresses and a product catalogue.
pub fn telecom_statements() -> Vec<String> {
    let mut s = vec![
        "CREATE TABLE addresses (id INT PRIMARY KEY, street_address VARCHAR(100), postal_code VARCHAR(10), city VARCHAR(60))".to_owned(),
        "CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(100), price DECIMAL(10,2))".into(),
        "CREATE TABLE subscribers (id INT PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(200), mobile VARCHAR(40), address_id INT, prefs TEXT, FOREIGN KEY (address_id) REFERENCES addresses(id))".into(),
        "CREATE TABLE orders (id INT PRIMARY KEY, subscriber_id INT NOT NULL, product_id INT NOT NULL, placed_on DATE, invoice_ref VARCHAR(20), delivery_phone VARCHAR(40), FOREIGN KEY (subscriber_id) REFERENCES subscribers(id), FOREIGN KEY (product_id) REFERENCES products(id))".into(),
        "CREATE TABLE calls (id INT PRIMARY KEY, caller VARCHAR(200), callee VARCHAR(40), seconds INT)".into(),
        "CREATE TABLE support_notes (id INT PRIMARY KEY, subscriber_id INT, note TEXT, FOREIGN KEY (subscriber_id) REFERENCES subscribers(id))".into(),
        "INSERT INTO products VALUES (1, 'Mobilabonnement 10 GB', 299.00), (2, 'Fiber 500/500', 699.00), (3, 'Ruter 📶 WiFi 6', 1499.00)".into(),
    ];
    let streets = ["Storgata 1", "Kongens gate 12", "Bryggen 5"];
    let cities = ["Oslo", "Trondheim", "Bergen"];
    for i in 1..=13 {
        let street = streets
            .get(i - 1)
            .map_or(format!("Skolevegen {i}"), |s| (*s).to_owned());
        let city = cities.get(i - 1).copied().unwrap_or("Tromsø");
        s.push(format!(
            "INSERT INTO addresses VALUES ({i}, '{street}', '{:04}', '{city}')",
            150 + i * 7
        ));
    }
    let people = [
        (1, "Kari Nordmann", "post@firma.no", "+47 912 34 501"),
        (2, "Ola Hansen", "post@firma.no", "912 34 502"),
        (3, "Åse Berg", "POST@firma.no", "+4791234503"),
    ];
    for (i, name, email, phone) in people {
        s.push(format!(
            "INSERT INTO subscribers VALUES ({i}, '{name}', '{email}', '{phone}', {i}, '{{\"språk\": \"nb\", \"varsler\": {{\"sms\": true}}}}')"
        ));
    }
    let names = [
        "Ingrid Olsen",
        "Lars Johansen",
        "Nora Larsen",
        "Jonas Andersen",
        "Emma Pedersen",
        "Henrik Nilsen",
        "Sara Kristiansen",
        "Magnus Jensen",
        "Ida Karlsen",
        "Sander Bø",
    ];
    for i in 4..=13 {
        s.push(format!(
            "INSERT INTO subscribers VALUES ({i}, '{}', 'person{i}@example.no', '+47 4{i:02}1 2{i:03}', {i}, NULL)",
            names[i - 4]
        ));
    }
    // A fourth account on the shared mailbox, without a phone number; and Person 4's
    // old account: same name and email, no phone (theirs, both).
    s.push(
        "INSERT INTO subscribers VALUES (14, 'Per Nordmann', 'post@firma.no', NULL, NULL, NULL)"
            .into(),
    );
    s.push(
        "INSERT INTO subscribers VALUES (15, 'Ingrid  Olsen', 'Person4@example.no', NULL, 4, NULL)"
            .into(),
    );
    // A Swedish customer, her mobile written the Swedish way.
    s.push("INSERT INTO subscribers VALUES (16, 'Sven Svensson', 'sven@exempel.se', '070-123 45 67', NULL, NULL)".into());
    for i in 1..=13 {
        for k in 0..2 {
            let id = 100 + 2 * i + k;
            // Invoice numbers are eight digits; one happens to equal Kari's mobile.
            let invoice = if id == 118 {
                "91234501".to_owned()
            } else {
                format!("7{:07}", id * 37)
            };
            // Delivered to someone else's phone (a gift): still the buyer's order.
            let delivery = format!("+47 4{:02}5 5{:03}", i, id % 1000);
            s.push(format!(
                "INSERT INTO orders VALUES ({id}, {i}, {}, '2026-10-0{}', '{invoice}', '{delivery}')",
                (i + k) % 3 + 1,
                k + 1
            ));
        }
    }
    // Calls: mostly SIP callers (emails), some phone callers in every format.
    let calls = [
        (1, "+47 912 34 501".to_owned(), "+47 404 12 004", 120),
        (2, "912 34 501".to_owned(), "+47 405 12 005", 45),
        (3, "0047 912 34 501".to_owned(), "+47 406 12 006", 3),
        (4, "91234502".to_owned(), "+47 407 12 007", 60),
        (5, "sip:person5@example.no".to_owned(), "+4791234501", 30),
    ];
    for (id, caller, callee, secs) in calls {
        s.push(format!(
            "INSERT INTO calls VALUES ({id}, '{caller}', '{callee}', {secs})"
        ));
    }
    for j in 0..20 {
        s.push(format!(
            "INSERT INTO calls VALUES ({}, 'sip:person{}@example.no', '+47 4{:02}1 2{:03}', {})",
            10 + j,
            4 + j % 10,
            4 + (j + 1) % 10,
            4 + (j + 1) % 10,
            j * 7
        ));
    }
    s.extend([
        "INSERT INTO support_notes VALUES (1, 1, 'Kunden ringte: ønsker faktura på e-post; 😊 fornøyd')".to_owned(),
        "INSERT INTO support_notes VALUES (2, 1, 'Flyttet fra Storgata; ny adresse bekreftet på telefon')".into(),
        "INSERT INTO support_notes VALUES (3, 2, 'Ola ba om kopi til post@firma.no: æøå; OK')".into(),
        "INSERT INTO support_notes VALUES (4, 5, 'Notat: ingen endringer')".into(),
        // Filed on subscriber 6's account; it mentions Kari's number, but it is 6's note.
        "INSERT INTO support_notes VALUES (5, 6, 'Ringte fra naboens telefon +47 912 34 501; ba om ny SIM 📱')".into(),
    ]);
    s
}

/// Kari's rows: table → primary keys.
fn karis_rows() -> BTreeMap<String, BTreeSet<i64>> {
    [
        ("addresses", vec![1]),
        ("calls", vec![1, 2, 3, 5]),
        ("orders", vec![102, 103]),
        ("subscribers", vec![1]),
        ("support_notes", vec![1, 2]),
    ]
    .into_iter()
    .map(|(t, ids)| (t.to_owned(), ids.into_iter().collect()))
    .collect()
}

/// The telecom's inventory: its system and activities, plus another organisation's
/// system whose activities process email too and must not reach Kari's context.
async fn inventory(app: &TestApp) -> String {
    let mut ids = Vec::new();
    for (org, country, system) in [
        ("Telenett AS", "NO", "Kundesystem"),
        ("Rekruttering AB", "SE", "HR"),
    ] {
        let o = app
            .gql(
                &app.dpo,
                "mutation($n: String!, $c: String!) { createOrganisation(input: {name: $n, country: $c}) { id } }",
                json!({"n": org, "c": country}),
            )
            .await["createOrganisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        ids.push((o, app.create_system(system).await));
    }
    let activities = [
        json!({
            "name": "Abonnement og fakturering",
            "purpose": "Deliver the subscription and bill for it",
            "organisationId": ids[0].0,
            "legalBases": [{ "basis": "CONTRACT" }],
            "retention": { "period": "P5Y", "trigger": "AFTER_CONTRACT_END" },
            "data": [
                { "categoryKey": "user.contact.email", "subjectKey": "customer", "source": "PROVIDED" },
                { "categoryKey": "user.contact.phone_number", "subjectKey": "customer", "source": "PROVIDED" }
            ],
            "systemIds": [ids[0].1]
        }),
        json!({
            "name": "Nyhetsbrev",
            "purpose": "Send the newsletter",
            "organisationId": ids[0].0,
            "legalBases": [{ "basis": "CONSENT" }],
            "retention": { "period": "P0D", "trigger": "AFTER_CONSENT_WITHDRAWAL" },
            "data": [{ "categoryKey": "user.contact.email", "subjectKey": "customer", "source": "PROVIDED" }],
            "systemIds": [ids[0].1]
        }),
        json!({
            "name": "Recruitment",
            "purpose": "Assess job applicants",
            "organisationId": ids[1].0,
            "legalBases": [{ "basis": "LEGITIMATE_INTERESTS" }],
            "retention": { "period": "P6M", "trigger": "AFTER_COLLECTION" },
            "data": [{ "categoryKey": "user.contact.email", "subjectKey": "customer", "source": "PROVIDED" }],
            "systemIds": [ids[1].1]
        }),
    ];
    for a in activities {
        app.gql(
            &app.dpo,
            "mutation($input: CreateProcessingActivityInput!) { createProcessingActivity(input: $input) { id } }",
            json!({ "input": a }),
        )
        .await;
    }
    ids[0].1.clone()
}

/// Registers the source under `system`, scans it and confirms every finding.
async fn discover(app: &TestApp, system: &str, src: &SourceDb) -> String {
    let (source, found) = register_scan_confirm(app, system, "telco-db", &src.url, &[]).await;
    let columns: BTreeSet<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    for c in [
        "subscribers.email",
        "subscribers.mobile",
        "addresses.street_address",
        "orders.delivery_phone",
        "subscribers.full_name",
    ] {
        assert!(columns.contains(c), "{c} not in {found:?}");
    }
    assert!(
        !columns.iter().any(|c| c.starts_with("products.")),
        "the catalogue holds no personal data: {found:?}"
    );
    source
}

/// A verified request with these identifiers; returns its id. It asks for access and
/// portability, so downloading access exports does not deliver (and close) it.
async fn request(app: &TestApp, identifiers: Value) -> String {
    let created = app
        .gql(
            &app.dpo,
            "mutation($i: CreateRequestInput!) { createRequest(input: $i) { id identifiers { id } } }",
            json!({ "i": { "kinds": ["ACCESS", "PORTABILITY"], "receivedOn": "2026-11-25", "identifiers": identifiers } }),
        )
        .await;
    let r = &created["createRequest"];
    for i in r["identifiers"].as_array().unwrap() {
        app.gql(
            &app.dpo,
            r#"mutation($id: ID!) { verifyIdentifier(id: $id, method: "ID document checked") { verified } }"#,
            json!({ "id": i["id"] }),
        )
        .await;
    }
    r["id"].as_str().unwrap().to_owned()
}

/// Runs an access export of the request; returns the export and the unpacked ZIP.
async fn export(app: &TestApp, rid: &str) -> (Value, BTreeMap<String, Vec<u8>>) {
    let id = app
        .gql(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r) { id } }",
            json!({ "r": rid }),
        )
        .await["startExport"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Its progress streams until it ends, with the figures the export keeps.
    let mut ws = subscribe(
        app,
        &app.dpo,
        "subscription($id: ID!) { exportProgress(exportId: $id) { status sourcesDone rowsFound } }",
        json!({ "id": id }),
    )
    .await;
    let mut seen = Vec::new();
    while let Some(m) = next_json(&mut ws).await {
        if m["type"] != "next" {
            assert_eq!(m["type"], "complete", "{m}");
            break;
        }
        seen.push(m["payload"]["data"]["exportProgress"].clone());
    }
    let (done, files) = finished(app, &id).await;
    // A viewer may not watch it.
    let mut refused = subscribe(
        app,
        &app.viewer,
        "subscription($id: ID!) { exportProgress(exportId: $id) { status } }",
        json!({ "id": id }),
    )
    .await;
    let m = next_json(&mut refused).await.unwrap();
    assert_eq!(
        m["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{m}"
    );
    assert!(m["payload"]["data"].is_null(), "{m}");
    let last = seen.last().expect("at least the current state");
    assert_eq!(last["status"], done["status"], "{seen:?}");
    assert_eq!(last["rowsFound"], done["rowsFound"], "{seen:?}");
    (done, files)
}

/// An export left RUNNING by a node that died (its job's lease expired a minute ago),
/// as the store holds it after a `kill -9`; waits for another claim to finish it.
async fn export_after_a_crash(app: &TestApp, rid: &str) -> (Value, BTreeMap<String, Vec<u8>>) {
    use sea_orm::{ActiveModelTrait, Set};
    let db = steward::db::connect(&app.database_url.parse().unwrap())
        .await
        .unwrap();
    let export = entity::dsar_export::ActiveModel {
        request_id: Set(rid.parse().unwrap()),
        portability: Set(false),
        status: Set("RUNNING".into()),
        sources_done: Set(1),
        rows_found: Set(3),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let job = steward::dsar::export_job::enqueue(&db, export.id, Some("test-dpo"))
        .await
        .unwrap();
    let mut job: entity::job::ActiveModel = job.into();
    job.status = Set("RUNNING".into());
    job.attempts = Set(1);
    job.lease_owner = Set(Some("dead-node".into()));
    job.lease_expires_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(1)));
    job.update(&db).await.unwrap();
    let id = export.id.to_string();
    finished(app, &id).await
}

/// Waits for an export, then downloads and unzips its package.
async fn finished(app: &TestApp, id: &str) -> (Value, BTreeMap<String, Vec<u8>>) {
    let done = wait_for_export(app, id).await;
    assert!(done["error"].is_null(), "{done}");
    let (url, _) = link(app, id, None).await;
    let (status, bytes) = get(app, &url).await;
    assert_eq!(status, StatusCode::OK);
    let files = unzip(&bytes);
    assert_manifest_hashes(&files);
    (done, files)
}

fn json_file(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Value {
    serde_json::from_slice(&files[name]).unwrap()
}

fn excluded(summary: &Value) -> BTreeSet<(String, String)> {
    summary["ambiguities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["outcome"] == "excluded")
        .map(|a| {
            (
                a["table"]
                    .as_str()
                    .unwrap()
                    .rsplit('.')
                    .next()
                    .unwrap()
                    .to_owned(),
                a["row"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn exports_resolve_identity(app: TestApp, src: SourceDb) {
    let system = inventory(&app).await;
    let source = discover(&app, &system, &src).await;

    // Kari: the shared mailbox and her own mobile, written nationally.
    let kari = request(
        &app,
        json!([{ "kind": "EMAIL", "value": "Post@Firma.no" }, { "kind": "PHONE", "value": "912 34 501" }]),
    )
    .await;
    let (done, files) = export(&app, &kari).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    let summary = &done["summary"];
    assert_eq!(summary["complete"], true);
    assert!(done["tablesRead"].as_i64().unwrap() >= 5, "{done}");
    assert_eq!(done["tablesRead"], summary["tablesRead"]);
    let data = json_file(&files, "data.json");
    assert_eq!(rows_by_table(&data), karis_rows(), "only Kari's rows");
    let text = String::from_utf8_lossy(&files["data.json"]);
    for other in [
        "Ola Hansen",
        "Åse Berg",
        "Kongens gate",
        "Bryggen",
        "Ola ba om kopi",
        "naboens",
        "Mobilabonnement",
    ] {
        assert!(
            !text.contains(other),
            "{other} must not be in Kari's export"
        );
    }
    // Her address came through the reference her row holds, not products.
    let tables = data["systems"][0]["tables"].as_array().unwrap();
    let address = tables.iter().find(|t| t["table"] == "addresses").unwrap();
    let step = &address["rows"][0]["included_because"]["path"][0];
    assert_eq!(step["direction"], "referenced", "{address}");
    assert!(step["from"]
        .as_str()
        .unwrap()
        .ends_with("subscribers.address_id"));
    // The other two accounts on the mailbox, and the note filed on one of them, are
    // listed as ambiguities, in the summary and the manifest, and left out.
    let expected: BTreeSet<(String, String)> = [
        ("subscribers", r#"{"id":2}"#),
        ("subscribers", r#"{"id":3}"#),
        ("subscribers", r#"{"id":14}"#),
        ("support_notes", r#"{"id":3}"#),
        ("support_notes", r#"{"id":5}"#),
    ]
    .into_iter()
    .map(|(t, r)| (t.to_owned(), r.to_owned()))
    .collect();
    assert_eq!(excluded(summary), expected, "{summary}");
    let ambiguity = summary["ambiguities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["row"] == r#"{"id":2}"#)
        .unwrap();
    assert_eq!(ambiguity["identifierKind"], "email");
    assert!(
        ambiguity["reason"]
            .as_str()
            .unwrap()
            .contains("phone number"),
        "{ambiguity}"
    );
    assert_eq!(ambiguity["sourceId"], source.as_str());
    assert!(
        !summary.to_string().contains("912 34 502") && !summary.to_string().contains("91234502"),
        "ambiguities never quote the other person's values"
    );
    let manifest = json_file(&files, "manifest.json");
    let listed = manifest["sources"][0]["ambiguities"].as_array().unwrap();
    assert_eq!(listed.len(), 5, "{manifest}");
    assert_eq!(manifest["sources"][0]["complete"], true);
    let on_request = app
        .gql(
            &app.dpo,
            "query($id: ID!) { dataSubjectRequest(id: $id) { ambiguities { table row outcome } } }",
            json!({ "id": kari }),
        )
        .await;
    assert_eq!(
        on_request["dataSubjectRequest"]["ambiguities"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let index = String::from_utf8_lossy(&files["index.html"]);
    assert!(index.contains("5 record(s) not included"), "{index}");

    // The context: only the activities of the system where her rows are, each once,
    // in words, in English and Norwegian (the organisation is Norwegian).
    let context = json_file(&files, "context.json");
    let names: Vec<&str> = context["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["activity"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Abonnement og fakturering", "Nyhetsbrev"],
        "{context}"
    );
    assert_eq!(context["languages"], json!(["en", "nb"]));
    let billing = &context["activities"][0];
    assert_eq!(billing["legal_bases"][0]["basis"], "CONTRACT");
    assert_eq!(
        billing["data"][0]["retention_text"]["en"],
        "for 5 years after your contract ends"
    );
    assert_eq!(
        billing["data"][0]["retention_text"]["nb"],
        "i 5 år etter at avtalen din er avsluttet"
    );
    let newsletter = &context["activities"][1];
    assert_eq!(
        newsletter["data"][0]["retention_text"]["en"],
        "until you withdraw your consent"
    );
    for raw in [
        "LEGITIMATE_INTERESTS",
        "P0D",
        "P5Y",
        "CONTRACT",
        "Recruitment",
        "Rekruttering",
    ] {
        assert!(!index.contains(raw), "{raw} in index.html");
    }
    assert!(!context.to_string().contains("Recruitment"));
    assert!(index.contains("until you withdraw your consent"));
    assert!(index.contains("til du trekker tilbake samtykket ditt"));
    assert_eq!(context["controllers"][0]["name"], "Telenett AS");
    assert_eq!(context["controllers"].as_array().unwrap().len(), 1);

    // The same request again, by an export whose node died while it ran: another
    // claim runs it from the start, and writes byte for byte the same data.json.
    let (_, again) = export_after_a_crash(&app, &kari).await;
    assert_eq!(
        String::from_utf8_lossy(&again["data.json"]),
        String::from_utf8_lossy(&files["data.json"]),
        "two exports of one request over the same data are identical"
    );

    // The shared mailbox alone names three people: nobody's account is exported.
    let mailbox = request(&app, json!([{ "kind": "EMAIL", "value": "post@firma.no" }])).await;
    let (done, files) = export(&app, &mailbox).await;
    let data = json_file(&files, "data.json");
    let found = rows_by_table(&data);
    assert!(!found.contains_key("subscribers"), "{found:?}");
    assert!(!found.contains_key("orders"), "{found:?}");
    let left_out = excluded(&done["summary"]);
    for id in [1, 2, 3, 14] {
        assert!(
            left_out.contains(&("subscribers".to_owned(), format!("{{\"id\":{id}}}"))),
            "{left_out:?}"
        );
    }

    // A DPO who has checked decides that account 3 is this requester's: the next
    // export includes it and what hangs off it, and says a decision put it there.
    let decided = app
        .gql(
            &app.dpo,
            "mutation($r: ID!, $s: ID!, $t: String!, $row: String!) { decideMatch(input: {requestId: $r, sourceId: $s, table: $t, row: $row, include: true, note: \"Åse confirmed by phone\"}) { include table row decidedBy } }",
            json!({ "r": mailbox, "s": source, "t": ambiguity["table"], "row": "{\"id\": 3}" }),
        )
        .await;
    assert_eq!(decided["decideMatch"]["row"], r#"{"id":3}"#);
    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($r: ID!, $s: ID!) { decideMatch(input: {requestId: $r, sourceId: $s, table: \"subscribers\", row: \"3\", include: true}) { id } }",
            json!({ "r": mailbox, "s": source }),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let (done, files) = export(&app, &mailbox).await;
    let found = rows_by_table(&json_file(&files, "data.json"));
    assert_eq!(found["subscribers"], BTreeSet::from([3]));
    assert_eq!(found["orders"], BTreeSet::from([106, 107]));
    assert_eq!(found["addresses"], BTreeSet::from([3]));
    let included: Vec<&Value> = done["summary"]["ambiguities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["outcome"] == "included")
        .collect();
    assert_eq!(included.len(), 1, "{}", done["summary"]);

    // Person 4 has an old account on the same email, without a phone and with the same
    // name: nothing says it is someone else's, so both are theirs.
    let four = request(
        &app,
        json!([{ "kind": "EMAIL", "value": "person4@example.no" }, { "kind": "PHONE", "value": "+47 4041 2004" }]),
    )
    .await;
    let (done, files) = export(&app, &four).await;
    assert_eq!(
        rows_by_table(&json_file(&files, "data.json"))["subscribers"],
        BTreeSet::from([4, 15]),
        "{}",
        done["summary"]
    );

    // A Swede's number given in E.164 finds it written nationally (070-…), although the
    // company's default region is Norway.
    let sven = request(
        &app,
        json!([{ "kind": "PHONE", "value": "+46 70 123 45 67" }]),
    )
    .await;
    let (_, files) = export(&app, &sven).await;
    assert_eq!(
        rows_by_table(&json_file(&files, "data.json"))["subscribers"],
        BTreeSet::from([16])
    );

    // An account id that an integer column cannot hold is not looked up there (the
    // engine would refuse the statement, quoting it): the rest of the source is
    // searched, and the id appears nowhere, not in the summary, the package or errors.
    let created = app
        .gql(
            &app.dpo,
            "mutation($i: CreateRequestInput!) { createRequest(input: $i) { id identifiers { id } } }",
            json!({ "i": { "kinds": ["ACCESS", "PORTABILITY"], "receivedOn": "2026-11-25", "identifiers": [
                { "kind": "ACCOUNT", "value": "AcctOnlySECRET_77", "sourceId": source, "column": "orders.id" },
                { "kind": "ACCOUNT", "value": "4", "sourceId": source, "column": "subscribers.id" }
            ] } }),
        )
        .await;
    for i in created["createRequest"]["identifiers"].as_array().unwrap() {
        app.gql(
            &app.dpo,
            r#"mutation($id: ID!) { verifyIdentifier(id: $id, method: "signed-in session") { verified } }"#,
            json!({ "id": i["id"] }),
        )
        .await;
    }
    let account = created["createRequest"]["id"].as_str().unwrap().to_owned();
    let (done, files) = export(&app, &account).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    assert!(!done.to_string().contains("AcctOnlySECRET"), "{done}");
    for (name, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("AcctOnlySECRET"),
            "{name} holds the account id"
        );
    }
    let found = rows_by_table(&json_file(&files, "data.json"));
    assert_eq!(found["subscribers"], BTreeSet::from([4]));
    assert_eq!(found["orders"], BTreeSet::from([108, 109]));
    let manifest = json_file(&files, "manifest.json");
    assert!(
        manifest["sources"][0]["columns_not_probed"]
            .to_string()
            .contains("orders.id"),
        "{manifest}"
    );

    // A table gone since the scan: that table is reported, the rest is exported and
    // the export says it is incomplete.
    src.execute(&["ALTER TABLE calls RENAME TO calls_archive"])
        .await;
    let (done, files) = export(&app, &kari).await;
    assert_eq!(done["status"], "COMPLETED_WITH_ERRORS", "{done}");
    let summary = &done["summary"];
    assert_eq!(summary["complete"], false);
    let unreachable = summary["unreachable"].as_array().unwrap();
    assert_eq!(unreachable.len(), 1, "{summary}");
    assert!(unreachable[0]["table"].as_str().unwrap().ends_with("calls"));
    let found = rows_by_table(&json_file(&files, "data.json"));
    let mut expected = karis_rows();
    expected.remove("calls");
    assert_eq!(found, expected);
    let manifest = json_file(&files, "manifest.json");
    assert_eq!(manifest["sources"][0]["complete"], false);
    assert!(String::from_utf8_lossy(&files["index.html"]).contains("could not be read"));
}

async fn postgres_exports_resolve_identity(app: TestApp) {
    let Some(src) = postgres_db(telecom_statements()).await else {
        return;
    };
    exports_resolve_identity(app, src).await;
}

async fn mariadb_exports_resolve_identity(app: TestApp) {
    let Some(src) = mysql_db(telecom_statements()).await else {
        return;
    };
    exports_resolve_identity(app, src).await;
}
