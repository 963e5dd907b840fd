//! Subject-access and portability exports end to end: real PostgreSQL and MariaDB
//! sources, discovery through GraphQL, a request, the export job, signed links, and the
//! downloaded ZIP unpacked and checked.

use crate::both_stores;
use crate::discovery::{mysql_db, postgres_db, sqlite_db, SourceDb};
use crate::helpers::TestApp;
use crate::scans::wait_for_scan;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::time::Duration;

both_stores!(
    postgres_access_and_portability_exports_hold_exactly_one_person,
    mariadb_access_and_portability_exports_hold_exactly_one_person,
    requests_track_deadlines_states_and_verification,
);

fn luhn(prefix: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix}{d}"))
        .find(|c| {
            let sum: u32 = c
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, b)| {
                    let n = u32::from(b - b'0');
                    if i % 2 == 1 {
                        if n * 2 > 9 {
                            n * 2 - 9
                        } else {
                            n * 2
                        }
                    } else {
                        n
                    }
                })
                .sum();
            sum % 10 == 0
        })
        .unwrap()
}

/// 30 customers with accounts → devices → usage events, orders → order lines, and
/// support tickets whose `customer_ref` points at customers without a foreign key.
pub fn shop_statements() -> Vec<String> {
    let mut s = vec![
        "CREATE TABLE customers (id INT PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(200), phone VARCHAR(40), last_ip VARCHAR(45), segment VARCHAR(40))".to_owned(),
        "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2), placed_on DATE, FOREIGN KEY (customer_id) REFERENCES customers(id))".into(),
        "CREATE TABLE order_lines (id INT PRIMARY KEY, order_id INT NOT NULL, product VARCHAR(100), qty INT, FOREIGN KEY (order_id) REFERENCES orders(id))".into(),
        "CREATE TABLE accounts (id INT PRIMARY KEY, customer_id INT, username VARCHAR(50), FOREIGN KEY (customer_id) REFERENCES customers(id))".into(),
        "CREATE TABLE devices (id INT PRIMARY KEY, account_id INT, imei VARCHAR(20), FOREIGN KEY (account_id) REFERENCES accounts(id))".into(),
        "CREATE TABLE usage_events (id INT PRIMARY KEY, device_id INT, kind VARCHAR(20), bytes INT, FOREIGN KEY (device_id) REFERENCES devices(id))".into(),
        "CREATE TABLE tickets (id INT PRIMARY KEY, customer_ref VARCHAR(20), body TEXT)".into(),
    ];
    for i in 1..=30i64 {
        let segment = if i % 2 == 1 {
            "high-value"
        } else {
            "churn-risk"
        };
        s.push(format!("INSERT INTO customers VALUES ({i}, 'Person {i}', 'Person.{i}@Example.no', '+47 9{i:02} 34 567', '10.0.{i}.{}', '{segment}')", i * 3));
        s.push(format!(
            "INSERT INTO accounts VALUES ({}, {i}, 'user{i}')",
            100 + i
        ));
        for d in 0..2 {
            let dev = 1000 + 2 * i + d;
            s.push(format!(
                "INSERT INTO devices VALUES ({dev}, {}, '{}')",
                100 + i,
                luhn(&format!("35{:012}", 209900176 + dev))
            ));
            for e in 0..3 {
                s.push(format!(
                    "INSERT INTO usage_events VALUES ({}, {dev}, 'data', {})",
                    dev * 10 + e,
                    i * 100 + e
                ));
            }
        }
        for o in 0..2 {
            let oid = 500 + 2 * i + o;
            s.push(format!(
                "INSERT INTO orders VALUES ({oid}, {i}, {i}.50, '2026-0{}-1{o}')",
                o + 1
            ));
            for l in 0..2 {
                s.push(format!(
                    "INSERT INTO order_lines VALUES ({}, {oid}, 'Product {l}', {})",
                    oid * 10 + l,
                    l + 1
                ));
            }
        }
        s.push(format!("INSERT INTO tickets VALUES ({}, '{i}', 'Hi, this is about my order. Reach me at person.{i}@example.no please.')", 2 * i));
        s.push(format!("INSERT INTO tickets VALUES ({}, '{i}', 'The app crashes when I open the settings page.')", 2 * i + 1));
    }
    s.push("INSERT INTO tickets VALUES (999, NULL, 'Forwarded from PERSON.7@example.no: please delete my account')".into());
    s.push("INSERT INTO tickets VALUES (998, NULL, 'Question from aperson.7@example.no about invoices')".into());
    // A link as a mail client pasted it: the address percent-encoded in the query string.
    s.push("INSERT INTO tickets VALUES (997, NULL, 'Clicked https://shop.example/unsubscribe?email=person.7%40example.no&list=news and nothing happened')".into());
    s.push("INSERT INTO tickets VALUES (996, NULL, 'Clicked https://shop.example/unsubscribe?email=person.17%40example.no&list=news')".into());
    s
}

/// Person 7's rows: table → primary keys.
pub fn expected_rows() -> BTreeMap<&'static str, BTreeSet<i64>> {
    BTreeMap::from([
        ("customers", BTreeSet::from([7])),
        ("accounts", BTreeSet::from([107])),
        ("devices", BTreeSet::from([1014, 1015])),
        (
            "usage_events",
            BTreeSet::from([10140, 10141, 10142, 10150, 10151, 10152]),
        ),
        ("orders", BTreeSet::from([514, 515])),
        ("order_lines", BTreeSet::from([5140, 5141, 5150, 5151])),
        ("tickets", BTreeSet::from([14, 15, 997, 999])),
    ])
}

/// Unpacks a ZIP into name → bytes.
pub fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP file");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().expect("a UTF-8 file name").into_owned(), data);
    }
    out
}

/// `data.json` rows as table → primary keys.
pub fn rows_by_table(data: &Value) -> BTreeMap<String, BTreeSet<i64>> {
    let mut out = BTreeMap::new();
    for system in data["systems"].as_array().unwrap() {
        for t in system["tables"].as_array().unwrap() {
            let ids: BTreeSet<i64> = t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["primary_key"]["id"].as_i64().unwrap())
                .collect();
            out.insert(t["table"].as_str().unwrap().to_owned(), ids);
        }
    }
    out
}

/// Every file the manifest lists is in the ZIP with that SHA-256.
pub fn assert_manifest_hashes(files: &BTreeMap<String, Vec<u8>>) -> Value {
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(
        listed.len() + 1,
        files.len(),
        "every file but the manifest is listed"
    );
    for f in listed {
        let name = f["name"].as_str().unwrap();
        let bytes = files.get(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(f["sha256"], hex::encode(Sha256::digest(bytes)), "{name}");
        assert_eq!(f["bytes"], bytes.len(), "{name}");
    }
    manifest
}

async fn inventory(app: &TestApp) -> String {
    let org = app
        .gql(
            &app.dpo,
            r#"mutation { createOrganisation(input: {name: "Shop AS", country: "NO"}) { id } }"#,
            json!({}),
        )
        .await["createOrganisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let system = app.create_system("Webshop").await;
    let mut recipients = Vec::new();
    for name in ["Postnord", "Sift"] {
        let r = app
            .gql(&app.dpo, "mutation($n: String!) { createRecipient(input: {name: $n, role: PROCESSOR, country: \"SE\"}) { id } }", json!({"n": name}))
            .await;
        recipients.push(r["createRecipient"]["id"].as_str().unwrap().to_owned());
    }
    let activities = [
        json!({
            "name": "Customer account and orders",
            "purpose": "Run the customer's account and deliver orders",
            "organisationId": org,
            "legalBases": [{ "basis": "CONTRACT" }],
            "retention": { "period": "P3Y", "trigger": "AFTER_ACCOUNT_CLOSURE" },
            "data": [
                { "categoryKey": "user.contact.email", "subjectKey": "customer", "source": "PROVIDED" },
                { "categoryKey": "user.contact.phone_number", "subjectKey": "customer", "source": "PROVIDED" },
                { "categoryKey": "user.device.device_id", "subjectKey": "customer", "source": "OBSERVED" }
            ],
            "systemIds": [system],
            "recipients": [{ "recipientId": recipients[0], "purpose": "Parcel delivery" }]
        }),
        json!({
            "name": "Fraud prevention",
            "purpose": "Detect account takeover and payment fraud",
            "organisationId": org,
            "legalBases": [{ "basis": "LEGITIMATE_INTERESTS" }],
            "retention": { "period": "P6M", "trigger": "AFTER_COLLECTION" },
            "data": [{ "categoryKey": "user.device.ip_address", "subjectKey": "customer", "source": "OBSERVED" }],
            "systemIds": [system],
            "recipients": [{ "recipientId": recipients[1], "purpose": "Fraud scoring" }],
            "transfers": [{ "country": "US", "safeguard": "STANDARD_CONTRACTUAL_CLAUSES", "recipientId": recipients[1] }]
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
    system
}

/// Registers `url` as source `name` of `system`, scans it (only `schemas`, when given),
/// confirms every finding, and returns the source id and the (`table.column`, kind)
/// pairs found.
pub async fn register_scan_confirm(
    app: &TestApp,
    system: &str,
    name: &str,
    url: &str,
    schemas: &[&str],
) -> (String, BTreeSet<(String, String)>) {
    let source = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $n: String!, $u: String!) { createDataSource(input: {systemId: $s, name: $n, url: $u}) { id } }",
            json!({ "s": system, "n": name, "u": url }),
        )
        .await["createDataSource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let scan = app
        .gql(
            &app.dpo,
            "mutation($i: StartScanInput!) { startScan(input: $i) { id } }",
            json!({ "i": { "sourceId": source, "schemas": schemas } }),
        )
        .await["startScan"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = wait_for_scan(app, &scan).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    let findings = app
        .gql(
            &app.dpo,
            "query($id: ID!) { scan(id: $id) { findings { table column kind link { id } } } }",
            json!({ "id": scan }),
        )
        .await;
    let findings = findings["scan"]["findings"].as_array().unwrap().clone();
    for f in &findings {
        app.gql(
            &app.dpo,
            "mutation($id: ID!) { confirmSystemCategoryLink(id: $id) { status } }",
            json!({ "id": f["link"]["id"] }),
        )
        .await;
    }
    let found = findings
        .iter()
        .map(|f| {
            (
                format!(
                    "{}.{}",
                    f["table"].as_str().unwrap(),
                    f["column"].as_str().unwrap()
                ),
                f["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (source, found)
}

/// Registers the shop source, scans it, confirms every finding and declares the ticket
/// reference. Returns the source id.
async fn discover(app: &TestApp, system: &str, src: &SourceDb, schema: Option<&str>) -> String {
    let schemas: Vec<&str> = schema.into_iter().collect();
    let (source, found) = register_scan_confirm(app, system, "shop-db", &src.url, &schemas).await;
    for expected in [
        ("customers.email", "email"),
        ("customers.phone", "phone"),
        ("customers.last_ip", "ip"),
        ("tickets.body", "email"),
        ("devices.imei", "imei"),
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} not in {found:?}"
        );
    }
    let r = app
        .gql(
            &app.dpo,
            "mutation($s: ID!) { declareReference(sourceId: $s, from: \"tickets.customer_ref\", to: \"customers.id\", note: \"no FK in the ticket system\") { from to } }",
            json!({ "s": source }),
        )
        .await;
    let schema = schema.unwrap_or("public");
    assert_eq!(
        r["declareReference"]["from"],
        format!("{schema}.tickets.customer_ref")
    );
    source
}

const REQUEST: &str = r#"query($id: ID!) { dataSubjectRequest(id: $id) {
  state identifiers { id kind masked verified } exports { id status error rowsFound }
  auditLog { action actor detail } } }"#;

pub async fn wait_for_export(app: &TestApp, id: &str) -> Value {
    for _ in 0..600 {
        let e = app
            .gql(&app.dpo, "query($id: ID!) { export(id: $id) { id status error rowsFound tablesRead sourcesDone sourcesTotal sha256 expiresAt summary { complete tablesRead tables { system table rows } unreachable { source table error } ambiguities { sourceId source table row identifierKind matchedColumn reason outcome } referencesFollowed { from to via direction rows } } } }", json!({ "id": id }))
            .await;
        if !["QUEUED", "RUNNING"].contains(&e["export"]["status"].as_str().unwrap()) {
            return e["export"].clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("export {id} did not finish within a minute");
}

pub async fn link(app: &TestApp, export: &str, ttl: Option<i32>) -> (String, String) {
    let l = app
        .gql(&app.dpo, "mutation($e: ID!, $t: Int) { createExportLink(exportId: $e, ttlSeconds: $t) { url link { id expiresAt } } }", json!({ "e": export, "t": ttl }))
        .await;
    (
        l["createExportLink"]["url"].as_str().unwrap().to_owned(),
        l["createExportLink"]["link"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

pub async fn get(app: &TestApp, url: &str) -> (StatusCode, Vec<u8>) {
    let r = app.client.get(url).send().await.unwrap();
    let status = r.status();
    (status, r.bytes().await.unwrap().to_vec())
}

async fn exports_hold_exactly_one_person(app: TestApp, src: SourceDb, schema: Option<&str>) {
    let system = inventory(&app).await;
    discover(&app, &system, &src, schema).await;
    // A second source that cannot be reached is reported, not fatal.
    let missing = src.url.rsplit_once('/').unwrap().0.to_owned() + "/steward_no_such_db";
    app.gql(
        &app.admin,
        "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"archive\", url: $u}) { id } }",
        json!({ "s": system, "u": missing }),
    )
    .await;

    // A request with the email in mixed case and the phone in national format.
    let created = app
        .gql(
            &app.dpo,
            r#"mutation($i: CreateRequestInput!) { createRequest(input: $i) { id state dueOn identifiers { id kind masked verified } } }"#,
            json!({ "i": {
                "kinds": ["ACCESS", "PORTABILITY"],
                "receivedOn": "2026-11-20",
                "identifiers": [
                    { "kind": "EMAIL", "value": "  PERSON.7@example.NO " },
                    { "kind": "PHONE", "value": "907 34 567" }
                ]
            }}),
        )
        .await;
    let request = &created["createRequest"];
    assert_eq!(request["state"], "RECEIVED");
    assert_eq!(request["dueOn"], "2026-12-20");
    let rid = request["id"].as_str().unwrap().to_owned();
    let body = request.to_string();
    assert!(
        !body.contains("person.7@example.no") && !body.contains("90734567"),
        "identifiers are shown masked: {body}"
    );

    // Not before every identifier is verified.
    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r) { id } }",
            json!({ "r": rid }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    for i in request["identifiers"].as_array().unwrap() {
        app.gql(&app.dpo, r#"mutation($id: ID!) { verifyIdentifier(id: $id, method: "signed-in session") { verified } }"#, json!({ "id": i["id"] }))
            .await;
    }
    let (code, _) = app
        .gql_err(
            &app.viewer,
            "mutation($r: ID!) { startExport(requestId: $r) { id } }",
            json!({ "r": rid }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");

    // Access export.
    let export = app
        .gql(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r) { id status } }",
            json!({ "r": rid }),
        )
        .await["startExport"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = wait_for_export(&app, &export).await;
    // The archive could not be reached: the package is written, and says it may miss
    // rows, in the status and the summary.
    assert_eq!(done["status"], "COMPLETED_WITH_ERRORS", "{done}");
    assert_eq!(done["rowsFound"], 20);
    assert_eq!(done["sourcesDone"], 2);
    let summary = &done["summary"];
    assert_eq!(summary["complete"], false);
    assert_eq!(summary["unreachable"][0]["source"], "archive");
    assert!(summary["unreachable"][0]["table"].is_null());
    assert!(done["tablesRead"].as_i64().unwrap() >= 5, "{done}");
    assert_eq!(summary["ambiguities"], json!([]));
    let rows: i64 = summary["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rows"].as_i64().unwrap())
        .sum();
    assert_eq!(rows, 20);
    // Packages on disk are Steward's user's only, in a directory that is too, and nothing
    // half-written is left behind.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = app.exports_dir.path();
        let mode = std::fs::metadata(dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "export directory mode {mode:o}");
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                name.ends_with(".zip"),
                "{name} left in the export directory"
            );
            let mode = entry.metadata().unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{name} mode {mode:o}");
        }
    }
    let state = app.gql(&app.dpo, REQUEST, json!({ "id": rid })).await;
    assert_eq!(state["dataSubjectRequest"]["state"], "READY");

    let (url, _) = link(&app, &export, None).await;
    let (status, bytes) = get(&app, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(done["sha256"], hex::encode(Sha256::digest(&bytes)));
    let files = unzip(&bytes);
    for f in [
        "data.json",
        "context.json",
        "manifest.json",
        "schema.json",
        "index.html",
    ] {
        assert!(files.contains_key(f), "{f} missing from {:?}", files.keys());
    }
    let manifest = assert_manifest_hashes(&files);
    let schema: Value = serde_json::from_slice(&files["schema.json"]).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["required"], json!(["request_id", "kind", "systems"]));
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    let expected: BTreeMap<String, BTreeSet<i64>> = expected_rows()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    assert_eq!(rows_by_table(&data), expected);
    let text = String::from_utf8_lossy(&files["data.json"]);
    for other in ["Person.8@", "Person 17", "aperson.7"] {
        assert!(!text.contains(other), "{other} must not be exported");
    }
    // Every row says why it is there.
    let tables = data["systems"][0]["tables"].as_array().unwrap();
    let table = |name: &str| tables.iter().find(|t| t["table"] == name).unwrap().clone();
    let events = table("usage_events");
    let path = &events["rows"][0]["included_because"]["path"];
    assert_eq!(path.as_array().unwrap().len(), 3, "{path}");
    assert_eq!(path[2]["via"], "foreign_key");
    let tickets = table("tickets");
    let by_ref = tickets["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["primary_key"]["id"] == 15)
        .unwrap();
    assert_eq!(by_ref["included_because"]["path"][0]["via"], "declared");
    let customer = &table("customers")["rows"][0];
    assert_eq!(customer["values"]["segment"], "high-value");
    assert!(
        customer["values"]["id"].is_number(),
        "typed values: {customer}"
    );
    // CSV for spreadsheets.
    let csv_name = files
        .keys()
        .find(|k| k.ends_with("tickets.csv"))
        .unwrap()
        .clone();
    let csv = String::from_utf8(files[&csv_name].clone()).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(csv.starts_with("id,customer_ref,body,included_because"));
    // Art. 15 context from the inventory.
    let context: Value = serde_json::from_slice(&files["context.json"]).unwrap();
    let activities = context["activities"].as_array().unwrap();
    let names: Vec<&str> = activities
        .iter()
        .map(|a| a["activity"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Customer account and orders", "Fraud prevention"]);
    let account = &activities[0];
    assert_eq!(
        account["purpose"],
        "Run the customer's account and deliver orders"
    );
    assert_eq!(account["recipients"][0]["name"], "Postnord");
    assert_eq!(account["legal_bases"][0]["basis"], "CONTRACT");
    assert!(account["legal_bases"][0]["text"]["en"]
        .as_str()
        .unwrap()
        .contains("a contract with you"));
    let fraud = &activities[1];
    assert_eq!(fraud["recipients"][0]["name"], "Sift");
    assert_eq!(fraud["transfers"][0]["country"], "US");
    assert_eq!(
        fraud["data"][0]["retention_text"]["en"],
        "for 6 months after it was collected"
    );
    let email = context["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "user.contact.email")
        .unwrap();
    assert_eq!(email["activities"], json!(["Customer account and orders"]));
    assert_eq!(
        context["supervisory_authorities"][0]["name"],
        "Datatilsynet"
    );
    assert!(context["rights"].as_array().unwrap().len() >= 8);
    assert_eq!(manifest["sources"][0]["reachable"], true);
    assert_eq!(manifest["sources"][1]["reachable"], false);
    assert_eq!(manifest["sources"][1]["source"], "archive");
    // The DPO gets the driver's reason; the person a plain one, without host or
    // database names.
    assert!(
        done["summary"]["unreachable"][0]["error"]
            .as_str()
            .unwrap()
            .contains("DATABASE_MISSING"),
        "{done}"
    );
    assert_eq!(
        manifest["sources"][1]["error"],
        "the database could not be reached"
    );
    let index = String::from_utf8_lossy(&files["index.html"]);
    assert!(!index.contains("steward_no_such_db") && !index.contains("127.0.0.1"));
    assert!(manifest["sources"][0]["references_followed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["via"] == "declared"));
    assert!(String::from_utf8_lossy(&files["index.html"]).contains("Datatilsynet"));

    // The download is audited; the request also asks for portability, so it is not
    // delivered yet.
    let state = app.gql(&app.dpo, REQUEST, json!({ "id": rid })).await;
    let r = &state["dataSubjectRequest"];
    assert_eq!(r["state"], "READY");
    let actions: Vec<&str> = r["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for a in [
        "REQUEST_CREATED",
        "IDENTIFIER_VERIFIED",
        "EXPORT_STARTED",
        "EXPORT_COMPLETED",
        "LINK_CREATED",
        "DOWNLOADED",
        "STATE_CHANGED",
    ] {
        assert!(actions.contains(&a), "{a} not in {actions:?}");
    }
    assert!(
        !r["auditLog"].to_string().contains("person.7@"),
        "the audit log never holds identifier values"
    );

    // Wrong, tampered, expired and revoked links get no bytes.
    let (status, body) = get(&app, &url.replace("token=", "token=x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!body.starts_with(b"PK"));
    let last = url.chars().last().unwrap();
    let tampered = format!(
        "{}{}",
        &url[..url.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    assert_eq!(get(&app, &tampered).await.0, StatusCode::FORBIDDEN);
    let other_export = url.replacen(&format!("/exports/{export}?"), "/exports/999999?", 1);
    assert_eq!(get(&app, &other_export).await.0, StatusCode::FORBIDDEN);
    // The id only in its one form: `+N` and `0N` are not export N.
    for alias in [format!("+{export}"), format!("0{export}")] {
        let aliased = url.replacen(
            &format!("/exports/{export}?"),
            &format!("/exports/{alias}?"),
            1,
        );
        assert_eq!(
            get(&app, &aliased).await.0,
            StatusCode::FORBIDDEN,
            "{alias}"
        );
    }
    // A malformed query string gets the same JSON refusal, not a plain-text 400.
    let (status, body) = get(&app, &format!("{url}&token=again")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let refusal: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(refusal["code"], "FORBIDDEN");
    assert_eq!(
        get(&app, &app.url(&format!("/exports/{export}"))).await.0,
        StatusCode::FORBIDDEN
    );
    let (short, _) = link(&app, &export, Some(1)).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, body) = get(&app, &short).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(!body.starts_with(b"PK"));
    let (revocable, link_id) = link(&app, &export, None).await;
    assert_eq!(get(&app, &revocable).await.0, StatusCode::OK);
    app.gql(
        &app.dpo,
        "mutation($id: ID!) { revokeExportLink(id: $id) { revokedAt } }",
        json!({ "id": link_id }),
    )
    .await;
    let (status, body) = get(&app, &revocable).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(!body.starts_with(b"PK"));

    // The portability export leaves out the IP address (legitimate interests) and
    // columns not mapped to a provided or observed category processed on contract.
    let export = app
        .gql(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r, portability: true) { id } }",
            json!({ "r": rid }),
        )
        .await["startExport"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = wait_for_export(&app, &export).await;
    assert_eq!(done["status"], "COMPLETED_WITH_ERRORS", "{done}");
    let (url, _) = link(&app, &export, None).await;
    // A link previewer's HEAD gets the headers and counts as no download.
    let head = app.client.head(&url).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    let length = head.headers()["content-length"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(length.parse::<u64>().unwrap() > 0, "{length}");
    assert!(head.bytes().await.unwrap().is_empty());
    let state = app.gql(&app.dpo, REQUEST, json!({ "id": rid })).await;
    assert_eq!(
        state["dataSubjectRequest"]["state"], "READY",
        "a HEAD request delivers nothing"
    );
    let (status, bytes) = get(&app, &url).await;
    assert_eq!(status, StatusCode::OK);
    let files = unzip(&bytes);
    let manifest = assert_manifest_hashes(&files);
    assert_eq!(manifest["kind"], "portability");
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    let tables = data["systems"][0]["tables"].as_array().unwrap();
    let names: BTreeSet<&str> = tables
        .iter()
        .map(|t| t["table"].as_str().unwrap())
        .collect();
    assert_eq!(names, BTreeSet::from(["customers", "devices", "tickets"]));
    let customers = tables.iter().find(|t| t["table"] == "customers").unwrap();
    assert_eq!(customers["columns"], json!(["id", "email", "phone"]));
    assert_eq!(
        customers["rows"][0]["values"]["email"],
        "Person.7@Example.no"
    );
    let text = String::from_utf8_lossy(&files["data.json"]);
    assert!(
        !text.contains("10.0.7.21") && !text.contains("high-value"),
        "left out: {text}"
    );
    let omitted = manifest["omitted"].to_string();
    assert!(
        omitted.contains("customers.last_ip") && omitted.contains("Art. 20"),
        "{omitted}"
    );
    assert!(omitted.contains("customers.segment"), "{omitted}");

    // Both packages downloaded: delivered.
    let state = app.gql(&app.dpo, REQUEST, json!({ "id": rid })).await;
    assert_eq!(state["dataSubjectRequest"]["state"], "DELIVERED");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r) { id } }",
            json!({ "r": rid }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
}

async fn postgres_access_and_portability_exports_hold_exactly_one_person(app: TestApp) {
    let Some(src) = postgres_db(shop_statements()).await else {
        return;
    };
    exports_hold_exactly_one_person(app, src, None).await;
}

async fn mariadb_access_and_portability_exports_hold_exactly_one_person(app: TestApp) {
    let Some(src) = mysql_db(shop_statements()).await else {
        return;
    };
    let schema = src.customers_schema.clone();
    exports_hold_exactly_one_person(app, src, Some(&schema)).await;
}

async fn requests_track_deadlines_states_and_verification(app: TestApp) {
    const CREATE: &str = r#"mutation($i: CreateRequestInput!) { createRequest(input: $i) { id state dueOn deadline overdue identifiers { id kind masked verified } } }"#;
    let today = chrono::Utc::now().date_naive();
    let create = |received: chrono::NaiveDate, value: &str| {
        json!({ "i": { "kinds": ["ACCESS"], "receivedOn": received.to_string(), "subjectName": "Ola",
                       "identifiers": [{ "kind": "EMAIL", "value": value }] } })
    };
    // Bad input is refused with the field named, and nothing is stored.
    for (vars, field) in [
        (create(today, "not an email"), "identifiers[0].value"),
        (
            create(today + chrono::Duration::days(3), "ola@example.no"),
            "receivedOn",
        ),
        (
            json!({ "i": { "kinds": [], "receivedOn": today.to_string(), "identifiers": [{ "kind": "EMAIL", "value": "ola@example.no" }] } }),
            "kinds",
        ),
        (
            json!({ "i": { "kinds": ["ACCESS"], "receivedOn": today.to_string(), "identifiers": [{ "kind": "ACCOUNT", "value": "42" }] } }),
            "identifiers[0].sourceId",
        ),
        (
            json!({ "i": { "kinds": ["ACCESS"], "receivedOn": today.to_string(), "identifiers": [{ "kind": "PHONE", "value": "12" }] } }),
            "identifiers[0].value",
        ),
        // Absurd dates, too many identifiers, values longer than any identifier.
        (
            json!({ "i": { "kinds": ["ACCESS"], "receivedOn": "-262143-01-01", "identifiers": [{ "kind": "EMAIL", "value": "ola@example.no" }] } }),
            "receivedOn",
        ),
        (
            json!({ "i": { "kinds": ["ACCESS"], "receivedOn": today.to_string(), "identifiers": (0..21).map(|n| json!({ "kind": "EMAIL", "value": format!("ola{n}@example.no") })).collect::<Vec<_>>() } }),
            "identifiers",
        ),
        (
            json!({ "i": { "kinds": ["ACCESS"], "receivedOn": today.to_string(), "identifiers": [{ "kind": "ACCOUNT", "value": "x".repeat(10_000) }] } }),
            "identifiers[0].value",
        ),
    ] {
        let (_, body) = app.post(Some(&app.dpo), CREATE, vars).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "VALIDATION",
            "{body}"
        );
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let none = app
        .gql(&app.dpo, "{ dataSubjectRequests { id } }", json!({}))
        .await;
    assert_eq!(none["dataSubjectRequests"], json!([]));
    let (code, _) = app
        .gql_err(&app.viewer, "{ dataSubjectRequests { id } }", json!({}))
        .await;
    assert_eq!(code, "FORBIDDEN");

    // One received 40 days ago (overdue), one 25 days ago (due within a week), one today.
    let old = app
        .gql(
            &app.dpo,
            CREATE,
            create(today - chrono::Duration::days(40), "old@example.no"),
        )
        .await["createRequest"]
        .clone();
    let near = app
        .gql(
            &app.dpo,
            CREATE,
            create(today - chrono::Duration::days(25), "near@example.no"),
        )
        .await["createRequest"]
        .clone();
    let fresh = app
        .gql(&app.dpo, CREATE, create(today, "fresh@example.no"))
        .await["createRequest"]
        .clone();
    assert_eq!(old["overdue"], true);
    assert_eq!(fresh["overdue"], false);
    assert_eq!(
        fresh["dueOn"],
        (today.checked_add_months(chrono::Months::new(1)).unwrap()).to_string()
    );
    assert_eq!(fresh["identifiers"][0]["masked"], "f***@e***.no");
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let overdue = app
        .gql(
            &app.dpo,
            "{ dataSubjectRequests(overdue: true) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        ids(&overdue["dataSubjectRequests"]),
        vec![old["id"].as_str().unwrap()]
    );
    let soon = app
        .gql(
            &app.dpo,
            "{ dataSubjectRequests(dueWithinDays: 7) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        ids(&soon["dataSubjectRequests"]),
        vec![old["id"].as_str().unwrap(), near["id"].as_str().unwrap()]
    );

    // An extension of up to two months, with its reason, lifts the overdue flag.
    let (_, body) = app
        .post(
            Some(&app.dpo),
            r#"mutation($id: ID!) { extendRequest(id: $id, months: 3, reason: "complex") { id } }"#,
            json!({ "id": old["id"] }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "months", "{body}");
    let extended = app
        .gql(&app.dpo, r#"mutation($id: ID!) { extendRequest(id: $id, months: 2, reason: "many systems to search") { deadline overdue extensionReason } }"#, json!({ "id": old["id"] }))
        .await;
    assert_eq!(extended["extendRequest"]["overdue"], false);
    assert_eq!(
        extended["extendRequest"]["extensionReason"],
        "many systems to search"
    );
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation($id: ID!) { extendRequest(id: $id, months: 1, reason: "again") { id } }"#,
            json!({ "id": old["id"] }),
        )
        .await;
    assert_eq!(code, "CONFLICT");

    // Verification moves RECEIVED → VERIFYING and is recorded with method and person.
    let ident = fresh["identifiers"][0]["id"].clone();
    let v = app
        .gql(&app.dpo, r#"mutation($id: ID!) { verifyIdentifier(id: $id, method: "ID document checked") { verified verifiedMethod verifiedBy verifiedAt } }"#, json!({ "id": ident }))
        .await;
    assert_eq!(
        v["verifyIdentifier"]["verifiedMethod"],
        "ID document checked"
    );
    assert_eq!(v["verifyIdentifier"]["verifiedBy"], "test-dpo");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation($id: ID!) { verifyIdentifier(id: $id, method: "again") { verified } }"#,
            json!({ "id": ident }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    let r = app
        .gql(&app.dpo, REQUEST, json!({ "id": fresh["id"] }))
        .await;
    assert_eq!(r["dataSubjectRequest"]["state"], "VERIFYING");

    // With no sources connected the export is empty but complete; left unread past its
    // expiry it is purged and the request expires.
    let export = app
        .gql(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r) { id } }",
            json!({ "r": fresh["id"] }),
        )
        .await["startExport"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = wait_for_export(&app, &export).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    assert_eq!(done["rowsFound"], 0);
    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($r: ID!) { startExport(requestId: $r, portability: true) { id } }",
            json!({ "r": fresh["id"] }),
        )
        .await;
    assert_eq!(
        code, "VALIDATION",
        "the request did not ask for portability"
    );
    let (url, _) = link(&app, &export, None).await;
    assert_eq!(
        std::fs::read_dir(app.exports_dir.path()).unwrap().count(),
        1
    );
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
        entity::dsar_export::Entity::update_many()
            .col_expr(
                entity::dsar_export::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
            )
            .filter(entity::dsar_export::Column::Id.eq(export.parse::<i64>().unwrap()))
            .exec(&store)
            .await
            .unwrap();
    }
    let (code, _) = app
        .gql_err(&app.dpo, "mutation { purgeExpiredExports }", json!({}))
        .await;
    assert_eq!(code, "FORBIDDEN");
    let purged = app
        .gql(&app.admin, "mutation { purgeExpiredExports }", json!({}))
        .await;
    assert_eq!(purged["purgeExpiredExports"], 1);
    assert_eq!(
        std::fs::read_dir(app.exports_dir.path()).unwrap().count(),
        0,
        "the file is deleted"
    );
    assert_eq!(get(&app, &url).await.0, StatusCode::GONE);
    let r = app
        .gql(&app.dpo, REQUEST, json!({ "id": fresh["id"] }))
        .await;
    assert_eq!(r["dataSubjectRequest"]["state"], "EXPIRED");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($e: ID!) { createExportLink(exportId: $e) { url } }",
            json!({ "e": export }),
        )
        .await;
    assert_eq!(code, "CONFLICT");

    // Rejection needs a reason, is final, and every change is in the audit log.
    let (_, body) = app
        .post(
            Some(&app.dpo),
            r#"mutation($id: ID!) { rejectRequest(id: $id, reason: " ") { id } }"#,
            json!({ "id": near["id"] }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "reason", "{body}");
    let rejected = app
        .gql(&app.dpo, r#"mutation($id: ID!) { rejectRequest(id: $id, reason: "identity could not be verified") { state rejectionReason } }"#, json!({ "id": near["id"] }))
        .await;
    assert_eq!(rejected["rejectRequest"]["state"], "REJECTED");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            r#"mutation($id: ID!) { rejectRequest(id: $id, reason: "twice") { state } }"#,
            json!({ "id": near["id"] }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    let r = app
        .gql(&app.dpo, REQUEST, json!({ "id": near["id"] }))
        .await;
    let log: Vec<(String, String)> = r["dataSubjectRequest"]["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap().to_owned(),
                a["actor"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        log,
        vec![
            ("REQUEST_CREATED".to_owned(), "test-dpo".to_owned()),
            ("STATE_CHANGED".to_owned(), "test-dpo".to_owned())
        ]
    );
    let rejected_only = app
        .gql(
            &app.dpo,
            "{ dataSubjectRequests(state: REJECTED) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        ids(&rejected_only["dataSubjectRequests"]),
        vec![near["id"].as_str().unwrap()]
    );
    let soon = app
        .gql(
            &app.dpo,
            "{ dataSubjectRequests(dueWithinDays: 7) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        soon["dataSubjectRequests"],
        json!([]),
        "rejected and extended requests are no longer due"
    );

    // Identifiers are sealed at rest.
    let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
    use sea_orm::ConnectionTrait;
    let rows = store
        .query_all(sea_orm::Statement::from_string(
            store.get_database_backend(),
            "SELECT sealed_value, masked FROM dsar_identifiers".to_owned(),
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    for row in rows {
        let sealed: String = row.try_get("", "sealed_value").unwrap();
        assert!(!sealed.contains("@example.no"), "{sealed}");
    }
    // So is the person's name; the API shows it to a DPO.
    let names = store
        .query_all(sea_orm::Statement::from_string(
            store.get_database_backend(),
            "SELECT subject_name FROM dsar_requests".to_owned(),
        ))
        .await
        .unwrap();
    for row in names {
        let stored: String = row.try_get("", "subject_name").unwrap();
        assert!(!stored.contains("Ola"), "{stored}");
    }
    let shown = app
        .gql(
            &app.dpo,
            "{ dataSubjectRequests { subjectName } }",
            json!({}),
        )
        .await;
    assert_eq!(shown["dataSubjectRequests"][0]["subjectName"], "Ola");
}

/// Runs `steward export URL ARGS… --out OUT` with a throwaway store in `dir`.
pub fn steward_export(
    url: &str,
    args: &[&str],
    out: &std::path::Path,
    dir: &std::path::Path,
) -> std::process::Output {
    let mut all = vec!["export", url];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out.to_str().unwrap()]);
    std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(&all)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/steward.db?mode=rwc", dir.display()),
        )
        .env(
            "STEWARD_SECRET_KEY",
            "test-secret-key-that-is-long-enough-0123456789",
        )
        .output()
        .unwrap()
}

/// Runs `steward export` with a throwaway store; returns (stdout, zip files).
fn cli_export(src: &SourceDb, args: &[&str]) -> (String, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.zip");
    let output = steward_export(&src.url, args, &out, dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "export failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = unzip(&std::fs::read(&out).unwrap());
    (stdout, files)
}

/// [`cli_export`] of Åse's email, off the async runtime (the CLI blocks).
async fn export_ase(src: SourceDb) -> (String, BTreeMap<String, Vec<u8>>) {
    tokio::task::spawn_blocking(move || cli_export(&src, &["--identifier", "email=Åse@Blåbær.no"]))
        .await
        .unwrap()
}

fn lookup_of<'a>(stdout: &'a str, table: &str) -> &'a str {
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with(table) && l.contains(" rows  ("))
        .unwrap_or_else(|| panic!("{table} not in {stdout}"));
    line.rsplit('(').next().unwrap().trim_end_matches(')')
}

async fn cli_export_finds_one_person(
    src: SourceDb,
    schema: &str,
    add_index: &str,
    execute: impl AsyncFnOnce(&str),
) {
    let reference = "tickets.customer_ref=customers.id";
    let mut base = vec!["--reference", reference];
    if schema != "public" {
        base.extend_from_slice(&["--schema", schema]);
    }
    let mut args = base.clone();
    args.extend_from_slice(&[
        "--identifier",
        "email=PERSON.7@example.NO",
        "--identifier",
        "phone=907 34 567",
    ]);
    let (stdout, files) = cli_export(&src, &args);
    // Every table with a text column read once for both identifiers (customers,
    // accounts, devices, order lines, tickets, usage events), then one statement per
    // reference followed.
    assert!(stdout.contains("Found 20 rows in 7 tables"), "{stdout}");
    assert!(stdout.contains(" 12 statements)"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{schema}.customers.id -> {schema}.tickets.customer_ref (declared): 1 rows"
        )),
        "{stdout}"
    );
    assert_manifest_hashes(&files);
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    let expected: BTreeMap<String, BTreeSet<i64>> = expected_rows()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    assert_eq!(rows_by_table(&data), expected);
    // The same export again: the sample discovery and the probes are the same, and so
    // is data.json, byte for byte.
    let (_, again) = cli_export(&src, &args);
    assert_eq!(
        String::from_utf8_lossy(&again["data.json"]),
        String::from_utf8_lossy(&files["data.json"])
    );
    // Without an index the customers table is read in one pass for all identifiers.
    assert_eq!(lookup_of(&stdout, &format!("{schema}.customers")), "scan");

    // Probing only discovered columns, an index that answers the normalised lookup is
    // used, with the same result; by default every text column is probed, so the
    // table is read in one pass even with the index.
    let mut email_only = base.clone();
    email_only.extend_from_slice(&[
        "--identifier",
        "email=PERSON.7@example.NO",
        "--discovered-columns-only",
    ]);
    let (stdout, _) = cli_export(&src, &email_only);
    assert_eq!(lookup_of(&stdout, &format!("{schema}.customers")), "scan");
    execute(add_index).await;
    let (stdout, files) = cli_export(&src, &email_only);
    assert_eq!(
        lookup_of(&stdout, &format!("{schema}.customers")),
        "index",
        "{stdout}"
    );
    let manifest = assert_manifest_hashes(&files);
    assert!(
        manifest["sources"][0]["columns_not_probed"]
            .to_string()
            .contains("full_name"),
        "{manifest}"
    );
    let all_text = &email_only[..email_only.len() - 1];
    let (stdout, _) = cli_export(&src, all_text);
    assert_eq!(lookup_of(&stdout, &format!("{schema}.customers")), "scan");
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    assert_eq!(rows_by_table(&data), expected);

    // An account id in its own column; portability leaves out the unmapped columns.
    let mut account = base.clone();
    let column = format!("account={schema}.customers.id:7");
    account.extend_from_slice(&["--identifier", &column, "--portability"]);
    let (stdout, files) = cli_export(&src, &account);
    assert_eq!(
        lookup_of(&stdout, &format!("{schema}.customers")),
        "index",
        "{stdout}"
    );
    let manifest = assert_manifest_hashes(&files);
    assert_eq!(manifest["kind"], "portability");
    assert!(stdout.contains("Left out:"), "{stdout}");

    // Bad identifiers are refused before anything is read.
    let dir = tempfile::tempdir().unwrap();
    let out = steward_export(
        &src.url,
        &["--identifier", "email=nope"],
        &dir.path().join("x.zip"),
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--identifier email"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("x.zip").exists());
}

#[tokio::test]
async fn cli_export_on_postgres() {
    let Some(src) = postgres_db(shop_statements()).await else {
        return;
    };
    let url = src.url.clone();
    cli_export_finds_one_person(
        src,
        "public",
        "CREATE INDEX customers_email_lower ON customers (lower(email))",
        async |sql: &str| {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            client.batch_execute(sql).await.unwrap();
        },
    )
    .await;
}

#[tokio::test]
async fn cli_export_on_mariadb() {
    let Some(src) = mysql_db(shop_statements()).await else {
        return;
    };
    let url = src.url.clone();
    let schema = src.customers_schema.clone();
    cli_export_finds_one_person(
        src,
        &schema,
        "CREATE INDEX customers_email ON customers (email)",
        async |sql: &str| {
            use mysql_async::prelude::Queryable;
            let mut conn = mysql_async::Conn::from_url(&url).await.unwrap();
            conn.query_drop(sql).await.unwrap();
            conn.disconnect().await.ok();
        },
    )
    .await;
}

/// Locate itself, on an SQLite source: cycles end, fan-out is capped and reported,
/// composite keys are reported as not followed.
#[tokio::test]
async fn locate_guards_against_cycles_and_fan_out() {
    use sea_orm::sqlx::sqlite::SqliteConnectOptions;
    use sea_orm::sqlx::{ConnectOptions, Connection};
    use steward::discovery::connectors::{Limits, Scope, Source};
    use steward::discovery::source::SourceUrl;
    use steward::domain::IdentifierKind;
    use steward::dsar::identifiers::{Identifier, Matcher, ProbeKind};
    use steward::dsar::locate::{self, ColumnRef, LocateOptions, Probe};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("src.db");
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    let mut sql = vec![
        "PRAGMA foreign_keys = OFF".to_owned(),
        "CREATE TABLE staff (id INTEGER PRIMARY KEY, email TEXT, manager_id INTEGER REFERENCES staff(id))".into(),
        "CREATE TABLE events (id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff(id), what TEXT)".into(),
        "CREATE TABLE shifts (day TEXT, staff_id INTEGER, PRIMARY KEY (day, staff_id))".into(),
        "CREATE TABLE swaps (id INTEGER PRIMARY KEY, day TEXT, staff_id INTEGER, FOREIGN KEY (day, staff_id) REFERENCES shifts(day, staff_id))".into(),
        // 1 manages 2, 2 manages 3, 3 manages 1: a cycle.
        "INSERT INTO staff VALUES (1, 'Boss@Example.no', 3), (2, 'two@example.no', 1), (3, 'three@example.no', 2), (4, 'other@example.no', NULL)".into(),
    ];
    for i in 0..50 {
        sql.push(format!(
            "INSERT INTO events VALUES ({i}, {}, 'login')",
            if i < 45 { 1 } else { 4 }
        ));
    }
    for s in sql {
        sea_orm::sqlx::query(&s).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();

    let url = SourceUrl::parse(&format!("sqlite://{}", path.display())).unwrap();
    let mut source = Source::connect(&url, Limits::default()).await.unwrap();
    let tables = source.introspect(&Scope::default()).await.unwrap();
    let probes = vec![Probe {
        column: ColumnRef::parse("main.staff.email", "main").unwrap(),
        kind: ProbeKind::Email,
        whole_values: true,
    }];
    let matcher = Matcher::new(
        vec![Identifier {
            kind: IdentifierKind::Email,
            value: "boss@example.no".into(),
            column: None,
        }],
        phonenumber::country::Id::NO,
    );
    let options = LocateOptions {
        max_rows_per_table: 10,
        ..LocateOptions::default()
    };
    let no_categories = BTreeMap::new();
    let found = locate::locate(
        &mut source,
        &locate::Plan {
            tables: &tables,
            probes: &probes,
            references: &[],
            column_categories: &no_categories,
            decisions: &locate::Decisions::new(),
        },
        &matcher,
        options,
        &locate::NoLocateProgress,
    )
    .await;
    source.close().await;
    assert!(found.complete(), "{:?}", found.unreadable);
    let staff = found.tables.iter().find(|t| t.table == "staff").unwrap();
    let ids: Vec<i64> = staff
        .rows
        .iter()
        .map(|r| staff.value(r, "id").unwrap().as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![1],
        "the staff the boss manages hold other emails: they are other people"
    );
    let strangers: Vec<&str> = found.ambiguities.iter().map(|a| a.row.as_str()).collect();
    assert_eq!(strangers, [r#"{"id":2}"#], "{:?}", found.ambiguities);
    assert!(found.ambiguities[0]
        .reason
        .contains("another email address"));
    let events = found.tables.iter().find(|t| t.table == "events").unwrap();
    assert_eq!(events.rows.len(), 10);
    assert!(events.truncated, "45 matching events exceed the cap of 10");
    assert!(
        found
            .skipped
            .iter()
            .any(|s| s.what.contains("swaps") && s.reason.contains("composite")),
        "{:?}",
        found.skipped
    );
    // Each level reads a table once: staff (direct), then staff and events per level.
    assert!(
        found.statements <= 1 + 2 * 4,
        "{} statements",
        found.statements
    );
}

/// Tables whose names make the same file name (`"dup x"` and `dup_x`, `Dup_X`) each get
/// a CSV of their own in the package, and the export succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_with_colliding_file_names_get_files_of_their_own() {
    let Some(src) = postgres_db(vec![
        r#"CREATE TABLE "dup x" (id int PRIMARY KEY, epost text)"#.into(),
        r#"CREATE TABLE dup_x (id int PRIMARY KEY, epost text)"#.into(),
        r#"CREATE TABLE "Dup_X" (id int PRIMARY KEY, epost text)"#.into(),
        r#"INSERT INTO "dup x" VALUES (1, 'åse@blåbær.no'), (2, 'per@example.no')"#.into(),
        r#"INSERT INTO dup_x VALUES (1, 'åse@blåbær.no'), (2, 'kari@example.no')"#.into(),
        r#"INSERT INTO "Dup_X" VALUES (1, 'åse@blåbær.no'), (2, 'ola@example.no')"#.into(),
    ])
    .await
    else {
        return;
    };
    let (stdout, files) = export_ase(src).await;
    let csvs: Vec<&String> = files.keys().filter(|k| k.starts_with("csv/")).collect();
    assert_eq!(csvs.len(), 3, "{csvs:?}\n{stdout}");
    let lower: BTreeSet<String> = csvs.iter().map(|k| k.to_lowercase()).collect();
    assert_eq!(lower.len(), 3, "distinct even ignoring case: {csvs:?}");
    for k in csvs {
        let text = String::from_utf8_lossy(&files[k]);
        assert_eq!(
            text.lines().count(),
            2,
            "{k}: a header and Åse's row: {text}"
        );
    }
    assert_manifest_hashes(&files);
}

/// PostgreSQL table inheritance: the person's row lives in the child table, and a query
/// of the parent returns it too. The export holds it once, as the child's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_of_an_inheriting_table_is_exported_once() {
    let Some(src) = postgres_db(vec![
        "CREATE TABLE kunder (id int PRIMARY KEY, navn text, epost text)".into(),
        "CREATE TABLE vip_kunder (nivaa int) INHERITS (kunder)".into(),
        "INSERT INTO kunder VALUES (1, 'Kari Nordmann', 'kari@example.no')".into(),
        "INSERT INTO vip_kunder VALUES (2, 'Åse Ødegård', 'åse@blåbær.no', 3)".into(),
    ])
    .await
    else {
        return;
    };
    let (stdout, files) = export_ase(src).await;
    assert!(stdout.contains("Found 1 rows in 1 tables"), "{stdout}");
    let csvs: Vec<&String> = files.keys().filter(|k| k.starts_with("csv/")).collect();
    assert_eq!(csvs.len(), 1, "{csvs:?}\n{stdout}");
    assert!(csvs[0].contains("vip_kunder"), "{csvs:?}");
    assert_manifest_hashes(&files);
}

/// A table the source's user may not read: `steward export` writes what it could, names
/// the table (`NOT READ:` and the manifest) and exits with status 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_export_names_a_table_it_cannot_read_and_exits_2() {
    let Some(src) = postgres_db(shop_statements()).await else {
        return;
    };
    let role = format!("steward_ro_{}", uuid::Uuid::new_v4().simple());
    src.execute(&[
        &format!("CREATE ROLE {role} LOGIN"),
        &format!("GRANT USAGE ON SCHEMA public TO {role}"),
        &format!("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"),
        &format!("REVOKE SELECT ON tickets FROM {role}"),
    ])
    .await;
    let (scheme, rest) = src.url.split_once("://").unwrap();
    let (_, host) = rest.split_once('@').unwrap();
    let url = format!("{scheme}://{role}@{host}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("partial.zip");
    let output = steward_export(
        &url,
        &["--identifier", "email=person.7@example.no"],
        &out,
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("NOT READ: public.tickets"),
        "{stdout}\n{stderr}"
    );
    assert!(stderr.contains("the export is incomplete"), "{stderr}");
    let files = unzip(&std::fs::read(&out).unwrap());
    let manifest = assert_manifest_hashes(&files);
    assert_eq!(manifest["sources"][0]["complete"], false);
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    assert_eq!(rows_by_table(&data)["customers"], BTreeSet::from([7]));
    drop(src);
    let admin = crate::helpers::postgres_url().unwrap();
    let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    client
        .batch_execute(&format!("DROP ROLE IF EXISTS {role}"))
        .await
        .unwrap();
}

/// Logins kept as bytes (`bytea`, `VARBINARY`, an SQLite `BLOB`) beside a picture: an
/// export finds a person's row by the text the bytes spell, as discovery reads them, and
/// leaves out the row of someone else; a picture (no text) matches no one. A log of 6 KB
/// kept in the same column names the person after its first 4 KB (the part discovery
/// searches): an export reads the whole value, on every engine.
async fn a_login_kept_as_bytes_is_found(src: SourceDb, engine: &str) {
    let (stdout, files) = export_ase(src).await;
    let csv = files
        .iter()
        .find(|(k, _)| k.starts_with("csv/") && k.contains("profiler"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_else(|| panic!("{engine}: no profiler CSV in {:?}\n{stdout}", files.keys()));
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        ids,
        ["2", "4"],
        "{engine}: Åse's rows only: {csv}\n{stdout}"
    );
    // The person reads their login as text, and the picture's bytes in base64, on
    // every engine (not the engine's hex or base64 of the login).
    assert_eq!(&rows[0][1], "åse@blåbær.no", "{engine}: {csv}");
    assert!(
        rows[1][1].starts_with("Innlogginger: kl. 07:45; feil passord 😬"),
        "{engine}"
    );
    assert!(rows[1][1].ends_with("Varslet: åse@blåbær.no"), "{engine}");
    assert_eq!(
        &rows[0][2], r#"{"base64":"iVBORw0KGgoAAAANSUhEUv/+"}"#,
        "{engine}: {csv}"
    );
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    let table = data["systems"][0]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "profiler")
        .unwrap();
    assert_eq!(table["rows"][0]["values"]["innlogging"], "åse@blåbær.no");
    assert_eq!(
        table["rows"][0]["values"]["bilde"],
        json!({ "base64": "iVBORw0KGgoAAAANSUhEUv/+" })
    );
    assert_manifest_hashes(&files);
}

fn profiler_statements(bytes: &str, literal: fn(&[u8]) -> String) -> Vec<String> {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe";
    vec![
        format!("CREATE TABLE profiler (id int PRIMARY KEY, innlogging {bytes}, bilde {bytes})"),
        format!(
            "INSERT INTO profiler VALUES (1, {}, {}), (2, {}, {}), (3, {}, NULL), (4, {}, NULL)",
            literal("per@example.no".as_bytes()),
            literal(png),
            literal("åse@blåbær.no".as_bytes()),
            literal(png),
            literal("kari.åse@blåbær.no".as_bytes()),
            literal(
                format!(
                    "Innlogginger: {} Varslet: åse@blåbær.no",
                    "kl. 07:45; feil passord 😬 — prøv igjen. ".repeat(120)
                )
                .as_bytes()
            ),
        ),
    ]
}

/// A login table keeping the client's address packed (`INET6_ATON`, a `bytea`, a blob)
/// or, in one row, as its text: an export by IP address finds the person's rows in
/// either form, as discovery reads them, and no one else's, and shows the person the
/// address, not the engine's encoding of its bytes.
async fn a_packed_address_is_found(src: SourceDb, engine: &str) {
    let (stdout, files) =
        tokio::task::spawn_blocking(move || cli_export(&src, &["--identifier", "ip=84.212.17.9"]))
            .await
            .unwrap();
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    assert_eq!(
        rows_by_table(&data).get("innlogginger"),
        Some(&BTreeSet::from([1, 3])),
        "{engine}: {stdout}"
    );
    let table = data["systems"][0]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "innlogginger")
        .unwrap();
    for row in table["rows"].as_array().unwrap() {
        assert_eq!(row["values"]["siste_ip"], "84.212.17.9", "{engine}: {row}");
    }
    assert_manifest_hashes(&files);
}

fn innlogginger_statements(bytes: &str, literal: fn(&[u8]) -> String) -> Vec<String> {
    vec![
        format!(
            "CREATE TABLE innlogginger (id int PRIMARY KEY, hendelse varchar(80), siste_ip {bytes})"
        ),
        format!(
            "INSERT INTO innlogginger VALUES (1, 'Innlogget: Åse 🙂', {}), (2, 'Innlogget; Per', {}), \
             (3, 'Innlogget: Åse (tekst)', {}), (4, 'Innlogget: Kari', {}), (5, 'Ukjent', NULL)",
            literal(&[84, 212, 17, 9]),
            literal(&[84, 212, 17, 90]),
            literal(b"84.212.17.9"),
            literal(&[0x2a, 0x02, 0x0f, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_packed_address_is_found_on_every_engine() {
    a_packed_address_is_found(
        sqlite_db(innlogginger_statements("BLOB", hex_literal)).await,
        "sqlite",
    )
    .await;
    if let Some(src) = postgres_db(innlogginger_statements("bytea", bytea_literal)).await {
        a_packed_address_is_found(src, "postgres").await;
    }
    if let Some(src) = mysql_db(innlogginger_statements("varbinary(16)", hex_literal)).await {
        a_packed_address_is_found(src, "mariadb").await;
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_literal(bytes: &[u8]) -> String {
    format!("X'{}'", hex_of(bytes))
}

fn bytea_literal(bytes: &[u8]) -> String {
    format!("'\\x{}'::bytea", hex_of(bytes))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_kept_as_bytes_is_found_on_every_engine() {
    a_login_kept_as_bytes_is_found(
        sqlite_db(profiler_statements("BLOB", hex_literal)).await,
        "sqlite",
    )
    .await;
    if let Some(src) = postgres_db(profiler_statements("bytea", bytea_literal)).await {
        a_login_kept_as_bytes_is_found(src, "postgres").await;
    }
    if let Some(src) = mysql_db(profiler_statements("varbinary(8000)", hex_literal)).await {
        a_login_kept_as_bytes_is_found(src, "mariadb").await;
    }
}

/// A forum's posts where people spell their address out (`åse [at] blåbær [dot] no`):
/// an export by email finds the person's posts in either spelling, and not a post that
/// spells out someone else's address or brackets that hold none. On PostgreSQL the
/// table also keeps settings in an `hstore`, read by its keys.
async fn a_spelt_out_address_is_found(src: SourceDb, engine: &str) {
    let (stdout, files) = tokio::task::spawn_blocking(move || {
        cli_export(&src, &["--identifier", "email=åse@blåbær.no"])
    })
    .await
    .unwrap();
    let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
    let want: BTreeSet<i64> = if engine == "postgres" {
        BTreeSet::from([1, 2, 4, 6])
    } else {
        BTreeSet::from([1, 2, 4])
    };
    assert_eq!(
        rows_by_table(&data).get("innlegg"),
        Some(&want),
        "{engine}: {stdout}"
    );
    assert_manifest_hashes(&files);
}

fn innlegg_statements(engine: &str) -> Vec<String> {
    let hstore = engine == "postgres";
    let mut out = Vec::new();
    if hstore {
        out.push("CREATE EXTENSION IF NOT EXISTS hstore".to_string());
    }
    out.push(format!(
        "CREATE TABLE innlegg (id int PRIMARY KEY, tekst text{})",
        if hstore { ", innstillinger hstore" } else { "" }
    ));
    let rows = [
        "Selger barnevogn; skriv til åse [at] blåbær [dot] no 🙂",
        "Svar: åse(at)blåbær.no – eller ring etter kl. 17:00",
        "Kari: kari [at] blåbær [dot] no; ikke åse",
        "åse@blåbær.no direkte",
        "Møte (at) 10:00 [at] kontoret: åse kommer",
        "Ingen adresse her; æøå",
    ];
    for (i, text) in rows.iter().enumerate() {
        let settings = match (hstore, i) {
            (false, _) => String::new(),
            (true, 5) => ", '\"epost\"=>\"åse@blåbær.no\", \"farge\"=>\"blå\"'".to_string(),
            (true, _) => ", '\"farge\"=>\"grønn\"'".to_string(),
        };
        out.push(format!(
            "INSERT INTO innlegg VALUES ({}, '{}'{settings})",
            i + 1,
            text.replace('\'', "''")
        ));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spelt_out_address_is_found_on_every_engine() {
    a_spelt_out_address_is_found(sqlite_db(innlegg_statements("sqlite")).await, "sqlite").await;
    if let Some(src) = postgres_db(innlegg_statements("postgres")).await {
        a_spelt_out_address_is_found(src, "postgres").await;
    }
    if let Some(src) = mysql_db(innlegg_statements("mariadb")).await {
        a_spelt_out_address_is_found(src, "mariadb").await;
    }
}
