//! Data sources and scan jobs through GraphQL, against real source databases.

use crate::both_stores;
use crate::discovery::{
    mysql_source, postgres_db, postgres_source, sqlite_source, verdicts, SourceDb,
};
use crate::fixtures;
use crate::helpers::TestApp;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use std::time::Duration;

both_stores!(
    sources_are_admin_only_and_never_show_their_password,
    a_scan_job_proposes_links_and_reports_drift_on_rescan,
    scan_progress_is_streamed_until_the_scan_finishes,
    a_running_postgres_scan_is_cancelled_through_graphql,
    full_scans_of_postgres_and_mariadb_sources_give_exact_verdicts,
    a_scan_whose_tables_fail_completes_with_errors_and_names_them,
    long_values_read_in_part_are_named_in_the_coverage,
    binary_texts_read_in_part_are_named_in_the_coverage,
);

async fn system(app: &TestApp, name: &str) -> String {
    app.create_system(name).await
}

async fn add_source(app: &TestApp, system: &str, name: &str, url: &str) -> String {
    let data = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $n: String!, $u: String!) { createDataSource(input: {systemId: $s, name: $n, url: $u}) { id engine host database user } }",
            json!({ "s": system, "n": name, "u": url }),
        )
        .await;
    data["createDataSource"]["id"].as_str().unwrap().to_owned()
}

pub async fn wait_for_scan(app: &TestApp, id: &str) -> Value {
    for _ in 0..600 {
        let data = app
            .gql(
                &app.viewer,
                "query($id: ID!) { scan(id: $id) { status error } }",
                json!({ "id": id }),
            )
            .await;
        let status = data["scan"]["status"].as_str().unwrap().to_owned();
        if !["QUEUED", "RUNNING"].contains(&status.as_str()) {
            return data["scan"].clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("scan {id} did not finish within a minute");
}

/// A scan's coverage of `table`.
fn coverage_of<'a>(scan: &'a Value, table: &str) -> &'a Value {
    scan["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == table)
        .unwrap_or_else(|| panic!("no coverage of {table}: {scan}"))
}

async fn start_scan(app: &TestApp, source: &str, extra: Value) -> String {
    let mut input = json!({ "sourceId": source });
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    let data = app
        .gql(
            &app.dpo,
            "mutation($i: StartScanInput!) { startScan(input: $i) { id status mode sampleRows } }",
            json!({ "i": input }),
        )
        .await;
    data["startScan"]["id"].as_str().unwrap().to_owned()
}

async fn sources_are_admin_only_and_never_show_their_password(app: TestApp) {
    let Some(src) = postgres_source().await else {
        return;
    };
    let sys = system(&app, "Shop").await;
    let with_password = src
        .url
        .replacen("postgres://postgres@", "postgres://postgres:hunter2@", 1);
    assert!(with_password.contains("hunter2"));

    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"shop\", url: $u}) { id } }",
            json!({ "s": sys, "u": with_password }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");

    let id = add_source(&app, &sys, "shop", &with_password).await;
    let (_, body) = app
        .post(
            Some(&app.viewer),
            "{ dataSources { edges { node { id name engine host port database user system { name } } } } }",
            json!({}),
        )
        .await;
    assert!(!body.to_string().contains("hunter2"), "{body}");
    let node = &body["data"]["dataSources"]["edges"][0]["node"];
    assert_eq!(node["engine"], "POSTGRES");
    assert_eq!(node["host"], "127.0.0.1");
    assert_eq!(node["user"], "postgres");
    assert_eq!(node["system"]["name"], "Shop");

    // Sealed at rest: the password is nowhere in Steward's store.
    let store = sea_orm::Database::connect(&app.database_url).await.unwrap();
    let row = store
        .query_one(sea_orm::Statement::from_string(
            store.get_database_backend(),
            "SELECT sealed_url FROM data_sources".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    let sealed: String = row.try_get("", "sealed_url").unwrap();
    assert!(
        !sealed.contains("hunter2") && !sealed.contains("postgres://"),
        "{sealed}"
    );

    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($id: ID!) { testConnection(id: $id) { ok } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let ok = app
        .gql(
            &app.admin,
            "mutation($id: ID!) { testConnection(id: $id) { ok errorKind message tablesVisible } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(ok["testConnection"]["ok"], true, "{ok}");
    assert_eq!(ok["testConnection"]["tablesVisible"], 3);

    let missing = with_password.rsplit_once('/').unwrap().0.to_owned() + "/steward_no_such_db";
    let bad = add_source(&app, &sys, "missing", &missing).await;
    let (_, body) = app
        .post(
            Some(&app.admin),
            "mutation($id: ID!) { testConnection(id: $id) { ok errorKind message } }",
            json!({ "id": bad }),
        )
        .await;
    assert!(!body.to_string().contains("hunter2"), "{body}");
    assert_eq!(body["data"]["testConnection"]["ok"], false);
    assert_eq!(
        body["data"]["testConnection"]["errorKind"],
        "DATABASE_MISSING"
    );
    let recorded = app
        .gql(
            &app.viewer,
            "query($id: ID!) { dataSource(id: $id) { lastTestedAt lastTestError } }",
            json!({ "id": bad }),
        )
        .await;
    assert!(recorded["dataSource"]["lastTestError"]
        .as_str()
        .unwrap()
        .contains("steward_no_such_db"));

    let (code, _) = app
        .gql_err(&app.admin, "mutation($s: ID!) { createDataSource(input: {systemId: $s, name: \"x\", url: \"oracle://db\"}) { id } }", json!({ "s": sys }))
        .await;
    assert_eq!(code, "VALIDATION");
    let (code, _) = app
        .gql_err(&app.admin, "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"shop\", url: $u}) { id } }", json!({ "s": sys, "u": src.url }))
        .await;
    assert_eq!(code, "CONFLICT");
    drop(src);
}

const SCAN: &str = r#"query($id: ID!) { scan(id: $id) {
  status mode sampleRows error
  progress { tablesDone tablesTotal rowsRead bytesRead }
  coverage { schema table status rowsRead columnsScanned columnsSkipped { column reason } }
  findings { schema table column kind categoryKey confidence content matchRatio rowsScanned examples
             link { id status provenance location confidence category { key } } }
  drift { previousScanId newFindings { table column kind } goneFindings { table column kind }
          missingColumns { location link { status } category { key } } }
} }"#;

async fn a_scan_job_proposes_links_and_reports_drift_on_rescan(app: TestApp) {
    let src: SourceDb = sqlite_source().await;
    let sys = system(&app, "Webshop").await;
    let source = add_source(&app, &sys, "webshop", &src.url).await;
    let scan_id = start_scan(&app, &source, json!({})).await;
    let done = wait_for_scan(&app, &scan_id).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");

    let scan = app.gql(&app.viewer, SCAN, json!({ "id": scan_id })).await["scan"].clone();
    assert_eq!(scan["mode"], "SAMPLE");
    assert_eq!(scan["sampleRows"], 1000);
    assert_eq!(scan["progress"]["tablesDone"], 3);
    assert_eq!(scan["progress"]["rowsRead"], 3 * fixtures::PEOPLE as u64);
    let mut got: Vec<(String, String, String, String, String)> = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (
                s("table"),
                s("column"),
                s("kind"),
                s("confidence"),
                s("content").to_lowercase(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, fixtures::expected("devices"));
    for f in scan["findings"].as_array().unwrap() {
        let link = &f["link"];
        assert_eq!(link["status"], "PROPOSED", "{f}");
        assert_eq!(link["provenance"], "DISCOVERED");
        assert_eq!(
            link["location"],
            format!(
                "main.{}.{}",
                f["table"].as_str().unwrap(),
                f["column"].as_str().unwrap()
            )
        );
        assert_eq!(link["category"]["key"], f["categoryKey"]);
    }
    assert!(
        !scan.to_string().contains(&fixtures::email(0)),
        "raw values must not be stored"
    );
    let customers = coverage_of(&scan, "customers");
    assert_eq!(customers["status"], "SCANNED");
    assert_eq!(customers["columnsSkipped"][0]["column"], "created_at");
    assert_eq!(scan["drift"]["previousScanId"], Value::Null);

    // Proposed links are not "held" until a DPO confirms them.
    let held = app
        .gql(
            &app.viewer,
            r#"{ systemsHoldingCategory(key: "user.financial") { location } }"#,
            json!({}),
        )
        .await;
    assert_eq!(held["systemsHoldingCategory"], json!([]));
    let iban_link = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["column"] == "iban")
        .unwrap()["link"]["id"]
        .clone();
    app.gql(
        &app.dpo,
        "mutation($id: ID!) { confirmSystemCategoryLink(id: $id) { status } }",
        json!({ "id": iban_link }),
    )
    .await;
    let held = app
        .gql(
            &app.viewer,
            r#"{ systemsHoldingCategory(key: "user.financial") { location } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        held["systemsHoldingCategory"],
        json!([{ "location": "main.customers.iban" }])
    );

    // Stored introspection, for the export work to follow references.
    let tables = app
        .gql(&app.viewer, "query($id: ID!) { dataSource(id: $id) { tables { name primaryKey foreignKeys { columns refTable refColumns } columns { name skipReason } } } }", json!({ "id": source }))
        .await;
    let orders = tables["dataSource"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "orders")
        .unwrap()
        .clone();
    assert_eq!(orders["primaryKey"], json!(["id"]));
    assert_eq!(
        orders["foreignKeys"],
        json!([{ "columns": ["customer_id"], "refTable": "customers", "refColumns": ["id"] }])
    );

    // The source changes: the IBAN column goes, a new email column arrives.
    {
        use sea_orm::sqlx::sqlite::SqliteConnectOptions;
        use sea_orm::sqlx::{ConnectOptions, Connection};
        let path = src.url.trim_start_matches("sqlite://").to_owned();
        let mut conn = SqliteConnectOptions::new()
            .filename(&path)
            .connect()
            .await
            .unwrap();
        for sql in [
            "ALTER TABLE customers DROP COLUMN iban",
            "ALTER TABLE customers ADD COLUMN backup_email varchar(200)",
            "UPDATE customers SET backup_email = 'backup' || id || '@example.org'",
        ] {
            sea_orm::sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
        conn.close().await.unwrap();
    }
    let rescan = start_scan(&app, &source, json!({ "mode": "FULL" })).await;
    assert_eq!(wait_for_scan(&app, &rescan).await["status"], "COMPLETED");
    let again = app.gql(&app.viewer, SCAN, json!({ "id": rescan })).await["scan"].clone();
    assert_eq!(again["mode"], "FULL");
    assert_eq!(again["drift"]["previousScanId"], json!(scan_id));
    assert_eq!(
        again["drift"]["newFindings"],
        json!([{ "table": "customers", "column": "backup_email", "kind": "email" }])
    );
    assert_eq!(
        again["drift"]["goneFindings"],
        json!([{ "table": "customers", "column": "iban", "kind": "iban" }])
    );
    assert_eq!(
        again["drift"]["missingColumns"],
        json!([{ "location": "main.customers.iban", "link": { "status": "CONFIRMED" }, "category": { "key": "user.financial.bank_account" } }])
    );
    // Links already proposed are not proposed twice.
    let links = app
        .gql(
            &app.viewer,
            "query($id: ID!) { system(id: $id) { categories { location category { key } } } }",
            json!({ "id": sys }),
        )
        .await;
    let pairs: Vec<(String, String)> = links["system"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["location"].as_str().unwrap().to_owned(),
                l["category"]["key"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let unique: std::collections::BTreeSet<&(String, String)> = pairs.iter().collect();
    assert_eq!(unique.len(), pairs.len(), "{pairs:?}");
    assert_eq!(
        pairs.len(),
        fixtures::expected("devices").len() + 1,
        "a link per finding of the first scan and one for backup_email: {pairs:?}"
    );

    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($id: ID!) { cancelScan(id: $id) { id } }",
            json!({ "id": rescan }),
        )
        .await;
    assert_eq!(code, "CONFLICT", "a finished scan cannot be cancelled");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($s: ID!) { startScan(input: {sourceId: $s, sampleRows: 0}) { id } }",
            json!({ "s": source }),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let (code, _) = app
        .gql_err(
            &app.viewer,
            "mutation($s: ID!) { startScan(input: {sourceId: $s}) { id } }",
            json!({ "s": source }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
}

async fn scan_progress_is_streamed_until_the_scan_finishes(app: TestApp) {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message;
    let src = sqlite_source().await;
    let sys = system(&app, "Webshop").await;
    let source = add_source(&app, &sys, "webshop", &src.url).await;
    let scan_id = start_scan(&app, &source, json!({ "mode": "FULL" })).await;

    let mut request = format!("ws://{}/graphql/ws", app.addr)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    request.headers_mut().insert(
        "authorization",
        format!("Bearer {}", app.viewer).parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": {} }).to_string(),
    ))
    .await
    .unwrap();
    ws.send(Message::text(
        json!({ "id": "p", "type": "subscribe", "payload": {
            "query": "subscription($id: ID!) { scanProgress(scanId: $id) { scanId status tablesDone tablesTotal rowsRead } }",
            "variables": { "id": scan_id } } })
        .to_string(),
    ))
    .await
    .unwrap();
    let mut events = Vec::new();
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .expect("progress in time")
            .unwrap()
            .unwrap();
        let Message::Text(text) = msg else { continue };
        let v: Value = serde_json::from_str(&text).unwrap();
        match v["type"].as_str().unwrap() {
            "connection_ack" => continue,
            "next" => events.push(v["payload"]["data"]["scanProgress"].clone()),
            "complete" => break,
            other => panic!("unexpected {other}: {v}"),
        }
    }
    let last = events.last().expect("at least one event");
    assert_eq!(last["status"], "COMPLETED", "{events:#?}");
    assert_eq!(last["tablesDone"], 3);
    assert_eq!(last["rowsRead"], 3 * fixtures::PEOPLE as u64);
    assert!(events.iter().all(|e| e["scanId"] == json!(scan_id)));
}

#[tokio::test]
async fn a_cancelled_scan_stops_and_says_so() {
    use std::sync::atomic::AtomicBool;
    let src = sqlite_source().await;
    let url = steward::discovery::source::SourceUrl::parse(&src.url).unwrap();
    let cancel = AtomicBool::new(true);
    let report = steward::discovery::scan::run(
        &url,
        &Default::default(),
        &steward::discovery::scan::NoProgress,
        &cancel,
    )
    .await
    .unwrap();
    assert!(report.cancelled);
    assert!(report.tables.is_empty());
}

/// Another session holds exclusive locks on every table, so each read waits for the
/// lock timeout (2 s): the scan is reliably RUNNING when it is cancelled, and stops
/// after the table it is on instead of going through the rest.
async fn a_running_postgres_scan_is_cancelled_through_graphql(app: TestApp) {
    let tables = ["t1", "t2", "t3", "t4"];
    let mut setup = Vec::new();
    for t in tables {
        setup.push(format!("CREATE TABLE {t} (id int PRIMARY KEY, email text)"));
        setup.push(format!(
            "INSERT INTO {t} SELECT g, 'user' || g || '@example.no' FROM generate_series(1, 50) g"
        ));
    }
    let Some(src) = postgres_db(setup).await else {
        return;
    };
    let (locker, conn) = tokio_postgres::connect(&src.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    locker
        .batch_execute("BEGIN; LOCK TABLE t1, t2, t3, t4 IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();

    let sys = system(&app, "Locked").await;
    let source = add_source(&app, &sys, "locked", &src.url).await;
    let scan = start_scan(&app, &source, json!({})).await;
    let mut running = false;
    for _ in 0..100 {
        let s = app
            .gql(&app.viewer, "query($id: ID!) { scan(id: $id) { status progress { currentTable tablesTotal } } }", json!({ "id": scan }))
            .await;
        if s["scan"]["status"] == "RUNNING" && !s["scan"]["progress"]["currentTable"].is_null() {
            assert_eq!(s["scan"]["progress"]["tablesTotal"], 4);
            running = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(running, "the scan never reported a table in progress");
    let (code, _) = app
        .gql_err(
            &app.viewer,
            "mutation($id: ID!) { cancelScan(id: $id) { status } }",
            json!({ "id": scan }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    app.gql(
        &app.dpo,
        "mutation($id: ID!) { cancelScan(id: $id) { id } }",
        json!({ "id": scan }),
    )
    .await;
    let done = wait_for_scan(&app, &scan).await;
    assert_eq!(done["status"], "CANCELLED", "{done}");
    let s = app
        .gql(
            &app.viewer,
            "query($id: ID!) { scan(id: $id) { coverage { table status reason rowsRead } } }",
            json!({ "id": scan }),
        )
        .await;
    // The tables being read when the cancel came stop there; those not yet started
    // are not read at all. None is read to the end.
    let coverage = s["scan"]["coverage"].as_array().unwrap();
    assert_eq!(coverage.len(), 4, "{coverage:?}");
    assert!(
        coverage.iter().all(|c| c["status"] != "SCANNED"),
        "{coverage:?}"
    );
    let unread = coverage
        .iter()
        .filter(|c| c["rowsRead"] == 0 && c["reason"] == "scan cancelled")
        .count();
    assert!(unread >= 2, "cancelled scans read on: {coverage:?}");
    let (code, _) = app
        .gql_err(
            &app.dpo,
            "mutation($id: ID!) { cancelScan(id: $id) { id } }",
            json!({ "id": scan }),
        )
        .await;
    assert_eq!(
        code, "CONFLICT",
        "a finished scan cannot be cancelled again"
    );
    locker.batch_execute("ROLLBACK").await.unwrap();
}

/// The fixture on real PostgreSQL (devices in their own schema) and MariaDB sources,
/// scanned FULL as background jobs: the verdicts the CLI gives, stored and served.
async fn full_scans_of_postgres_and_mariadb_sources_give_exact_verdicts(app: TestApp) {
    let (Some(pg), Some(my)) = (postgres_source().await, mysql_source().await) else {
        return;
    };
    let sys = system(&app, "Platform").await;
    for (name, src) in [("pg", &pg), ("maria", &my)] {
        let source = add_source(&app, &sys, name, &src.url).await;
        // A MariaDB user may read other databases too: keep to the fixture's.
        let scope =
            json!({ "mode": "FULL", "schemas": [src.customers_schema, src.devices_schema] });
        let scan_id = start_scan(&app, &source, scope).await;
        let done = wait_for_scan(&app, &scan_id).await;
        assert_eq!(done["status"], "COMPLETED", "{name}: {done}");
        let scan = app.gql(&app.viewer, SCAN, json!({ "id": scan_id })).await["scan"].clone();
        assert_eq!(scan["mode"], "FULL");
        assert_eq!(scan["progress"]["tablesDone"], 3, "{name}");
        assert_eq!(
            scan["progress"]["rowsRead"],
            3 * fixtures::PEOPLE as u64,
            "{name}"
        );
        let findings: Vec<Value> = scan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f["content"] = f["content"].as_str().unwrap().to_lowercase().into();
                f
            })
            .collect();
        assert_eq!(
            verdicts(&findings, src),
            src.expected_verdicts(),
            "{name}: {findings:#?}"
        );
        for f in &findings {
            assert_eq!(f["rowsScanned"], fixtures::PEOPLE as u64, "{name}: {f}");
            assert_eq!(f["link"]["status"], "PROPOSED", "{name}: {f}");
            assert_eq!(
                f["link"]["location"],
                format!(
                    "{}.{}.{}",
                    f["schema"].as_str().unwrap(),
                    f["table"].as_str().unwrap(),
                    f["column"].as_str().unwrap()
                )
            );
        }
        let text = scan.to_string();
        for raw in fixtures::raw_values() {
            assert!(!text.contains(&raw), "{name}: raw value {raw} stored");
        }
    }
}

/// Three tables: the scanner's backend is killed while it waits on the first, the
/// second stays locked past the lock timeout, the third reads fine. The scan goes on
/// after each failure (on a new connection after the kill), and ends
/// COMPLETED_WITH_ERRORS with both failed tables named, never a silent COMPLETED.
async fn a_scan_whose_tables_fail_completes_with_errors_and_names_them(app: TestApp) {
    let mut setup = Vec::new();
    for t in ["a_killed", "b_locked", "c_open"] {
        setup.push(format!("CREATE TABLE {t} (id int PRIMARY KEY, epost text)"));
        setup.push(format!(
            "INSERT INTO {t} SELECT g, 'bruker' || g || '@eksempel.no' FROM generate_series(1, 30) g"
        ));
    }
    let Some(src) = postgres_db(setup).await else {
        return;
    };
    let (locker, conn) = tokio_postgres::connect(&src.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    locker
        .batch_execute("BEGIN; LOCK TABLE a_killed, b_locked IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let (admin, conn) = tokio_postgres::connect(&src.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);

    let sys = system(&app, "Flaky").await;
    let source = add_source(&app, &sys, "flaky", &src.url).await;
    let scan = start_scan(&app, &source, json!({ "mode": "FULL" })).await;
    // Kill the scanner's backend while it waits for the lock on a_killed.
    let mut killed = false;
    for _ in 0..100 {
        let n = admin
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = 'steward-discovery'
                   AND wait_event_type = 'Lock'",
                &[],
            )
            .await
            .unwrap()
            .get::<_, i64>(0);
        if n > 0 {
            killed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(killed, "the scanner never waited on the locked table");
    let done = wait_for_scan(&app, &scan).await;
    locker.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(done["status"], "COMPLETED_WITH_ERRORS", "{done}");
    let error = done["error"].as_str().unwrap();
    assert!(
        error.contains("public.a_killed") && error.contains("public.b_locked"),
        "{error}"
    );
    assert!(!error.contains("c_open"), "{error}");
    let s = app
        .gql(
            &app.viewer,
            "query($id: ID!) { scan(id: $id) { progress { tablesDone tablesTotal } findings { table column kind } coverage { table status reason } } }",
            json!({ "id": scan }),
        )
        .await;
    let coverage = s["scan"]["coverage"].as_array().unwrap();
    let status = |t: &str| {
        coverage
            .iter()
            .find(|c| c["table"].as_str().unwrap().ends_with(t))
            .unwrap_or_else(|| panic!("{t} not in {coverage:?}"))
            .clone()
    };
    assert_eq!(status("a_killed")["status"], "FAILED");
    assert_eq!(status("b_locked")["status"], "FAILED");
    // Tables are read in parallel: b_locked is either still waiting when the backends
    // waiting on locks are killed, or already past its lock timeout.
    let reason = status("b_locked")["reason"].as_str().unwrap().to_owned();
    assert!(
        reason.contains("TIMEOUT") || reason.contains("terminating connection"),
        "{coverage:?}"
    );
    assert_eq!(status("c_open")["status"], "SCANNED");
    assert_eq!(s["scan"]["progress"]["tablesDone"], 3);
    assert_eq!(
        s["scan"]["findings"],
        json!([{ "table": "c_open", "column": "epost", "kind": "email" }]),
        "failed tables give no findings, the open one does"
    );
}

/// Letters of 150 KB whose signature holds the sender's address: a FULL scan searches a
/// long value's head and tail (so the address is found), and the coverage names the
/// column and how many of its values were read in part.
async fn long_values_read_in_part_are_named_in_the_coverage(app: TestApp) {
    let prose = "Kunden ringte om faktura 10023; æøå, ønsker å bytte abonnement 😊. ";
    let statements: Vec<String> =
        std::iter::once("CREATE TABLE brev (id integer PRIMARY KEY, tekst text)".to_string())
            .chain((0..4).map(|i| {
                let body = if i < 3 {
                    prose.repeat(2_300)
                } else {
                    prose.to_string()
                };
                format!(
                    "INSERT INTO brev VALUES ({i}, '{body}Hilsen Kari: kari.nordmann{i}@firma.no')"
                )
            }))
            .collect();
    let mut sources = vec![(
        "sqlite",
        crate::discovery::sqlite_db(statements.clone()).await,
    )];
    if let Some(pg) = postgres_db(statements).await {
        sources.push(("pg", pg));
    }
    let sys = system(&app, "Brevarkiv").await;
    for (name, src) in &sources {
        let (scan, partly) = one_column_read_in_part(&app, &sys, name, &src.url, "brev").await;
        assert_eq!(partly["column"], "tekst");
        assert!(
            partly["reason"]
                .as_str()
                .unwrap()
                .starts_with("3 values read in part: text longer than 64 KB"),
            "{name}: {partly}"
        );
        let email = scan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["column"] == "tekst" && f["kind"] == "email")
            .unwrap_or_else(|| panic!("{name}: {scan}"));
        assert_eq!(email["content"], "FREE_TEXT", "{name}: {email}");
        assert_eq!(email["matchRatio"], 1.0, "{name}: {email}");
    }
}

/// A wiki keeps its pages in a binary column (MediaWiki's `old_text` is a blob): a page
/// longer than the 4 KB a binary value is read as is searched in that part (its
/// author's address is found), and the coverage says how many values were read in
/// part, on every engine. Pictures longer than that are no text, and not counted.
async fn binary_texts_read_in_part_are_named_in_the_coverage(app: TestApp) {
    let prose = "Referat: æøå; møtet flyttes til kl. 14:00 😊 — se vedlegg. ";
    let mut values: Vec<Vec<u8>> = (0..3)
        .map(|i| format!("Skrevet av kari{i}@firma.no. {}", prose.repeat(120)).into_bytes())
        .collect();
    values.push("Kontakt: per.hansen@firma.no".as_bytes().to_vec());
    let mut picture = b"\x89PNG\r\n\x1a\n".to_vec();
    picture.resize(9_000, 0xfe);
    values.push(picture);
    let statements = |blob: &str, literal: fn(&str) -> String| -> Vec<String> {
        std::iter::once(format!(
            "CREATE TABLE wiki_tekst (id integer PRIMARY KEY, innhold {blob})"
        ))
        .chain(values.iter().enumerate().map(|(i, v)| {
            format!(
                "INSERT INTO wiki_tekst VALUES ({i}, {})",
                literal(&hex::encode(v))
            )
        }))
        .collect()
    };
    let x_literal: fn(&str) -> String = |h| format!("X'{h}'");
    let mut sources = vec![(
        "sqlite",
        crate::discovery::sqlite_db(statements("BLOB", x_literal)).await,
    )];
    if let Some(pg) = postgres_db(statements("bytea", |h| format!("'\\x{h}'::bytea"))).await {
        sources.push(("pg", pg));
    }
    if let Some(my) = crate::discovery::mysql_db(statements("BLOB", x_literal)).await {
        sources.push(("mysql", my));
    }
    let sys = system(&app, "Wiki").await;
    for (name, src) in &sources {
        let (scan, partly) =
            one_column_read_in_part(&app, &sys, name, &src.url, "wiki_tekst").await;
        assert_eq!(partly["column"], "innhold");
        let reason = partly["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("3 values read in part: ") && reason.contains("in its first 4 KB"),
            "{name}: {reason}"
        );
        let email = scan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["column"] == "innhold" && f["kind"] == "email")
            .unwrap_or_else(|| panic!("{name}: {scan}"));
        assert_eq!(email["matches"], 4, "{name}: {email}");
    }
}

/// A FULL scan of `url` that completes, and the one column of `table` its coverage says
/// was read in part (`{column, reason}`), with the scan's findings.
async fn one_column_read_in_part(
    app: &TestApp,
    system: &str,
    name: &str,
    url: &str,
    table: &str,
) -> (Value, Value) {
    let source = add_source(app, system, name, url).await;
    let scan_id = start_scan(app, &source, json!({ "mode": "FULL" })).await;
    let done = wait_for_scan(app, &scan_id).await;
    assert_eq!(done["status"], "COMPLETED", "{name}: {done}");
    let scan = app
        .gql(
            &app.viewer,
            r#"query($id: ID!) { scan(id: $id) {
                coverage { table status columnsPartlyRead { column reason } }
                findings { table column kind content matchRatio matches } } }"#,
            json!({ "id": scan_id }),
        )
        .await["scan"]
        .clone();
    let coverage = coverage_of(&scan, table);
    assert_eq!(coverage["status"], "SCANNED", "{name}: {coverage}");
    let partly = coverage["columnsPartlyRead"].as_array().unwrap();
    assert_eq!(partly.len(), 1, "{name}: {coverage}");
    let column = partly[0].clone();
    (scan, column)
}
