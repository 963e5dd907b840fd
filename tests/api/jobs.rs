//! The job runtime: claims, leases, takeover and drain, with real processes
//! (`steward serve --workers 0` and `steward worker`s) sharing a PostgreSQL store, and
//! with in-process claimers on both stores.

use crate::discovery::postgres_db;
use crate::helpers::{process_store, Backend, TestApp, SECRET};
use crate::subscriptions::{next_json, subscribe};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use steward::jobs::{self, Handler, HandlerFuture, JobContext, JobSettings, Outcome, Runtime};

/// A `steward` process, killed when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn steward(store: &TestApp, args: &[&str]) -> Proc {
    let child = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(args)
        .env("DATABASE_URL", &store.database_url)
        .env("STEWARD_SECRET_KEY", SECRET)
        .env("STEWARD_EXPORT_DIR", store.exports_dir.path())
        .env("RUST_LOG", "steward=warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start steward");
    Proc(child)
}

fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// `steward serve --workers 0`: the API only; every job runs on worker processes.
async fn api_node(store: &mut TestApp) -> Proc {
    let addr = free_port();
    let proc = steward(
        store,
        &[
            "serve",
            "--bind",
            &addr.to_string(),
            "--workers",
            "0",
            "--node-id",
            "api",
        ],
    );
    store.serving_at(addr);
    for _ in 0..300 {
        if let Ok(r) = store.client.get(store.url("/healthz")).send().await {
            if r.status().is_success() {
                return proc;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the API node did not start");
}

/// `steward worker` with one worker, 1 MiB scan parts and a 3-second lease.
fn worker(store: &TestApp, node: &str) -> Proc {
    steward(
        store,
        &[
            "worker",
            "--node-id",
            node,
            "--workers",
            "1",
            "--scan-part-mb",
            "1",
            "--job-lease-seconds",
            "3",
            "--shutdown-grace-seconds",
            "5",
        ],
    )
}

const PEOPLE: i64 = 120_000;

/// A source whose `kunder` table spans about 20 MiB: twenty parts of 1 MiB. Rows mix
/// Norwegian prose with `:` and `;`, emails, phones and IPs.
async fn big_source() -> Option<crate::discovery::SourceDb> {
    postgres_db(vec![
        "CREATE TABLE kunder (id int PRIMARY KEY, epost text, mobil text, notat text, ip inet)".into(),
        format!(
            "INSERT INTO kunder SELECT g, 'kunde' || g || '@eksempel.no', '+47 9' || lpad((g % 10000000)::text, 7, '0'), \
             'Ringte på: ønsker ny avtale; kontakt før kl. 16 🙂 sak ' || g || repeat(' æøå', 10), \
             ('10.' || (g % 250) || '.' || (g % 200) || '.' || (g % 100 + 1))::inet \
             FROM generate_series(1, {PEOPLE}) g"
        ),
        "CREATE TABLE produkter (id int PRIMARY KEY, kode text)".into(),
        "INSERT INTO produkter SELECT g, 'SKU-' || g FROM generate_series(1, 500) g".into(),
        "ANALYZE".into(),
    ])
    .await
}

/// The verdicts as one pass over the source gives them: what `steward scan` prints.
async fn single_pass(url: &str) -> BTreeMap<(String, String, String), (u64, u64, String)> {
    let url = steward::discovery::source::SourceUrl::parse(url).unwrap();
    let options = steward::discovery::scan::ScanOptions {
        sampling: steward::discovery::connectors::Sampling::Full,
        ..Default::default()
    };
    let report = steward::discovery::scan::run(
        &url,
        &options,
        &steward::discovery::scan::NoProgress,
        &std::sync::atomic::AtomicBool::new(false),
    )
    .await
    .unwrap();
    report
        .findings
        .iter()
        .map(|f| {
            (
                (
                    f.table.clone(),
                    f.column.clone(),
                    f.finding.kind.as_str().to_owned(),
                ),
                (
                    f.finding.matches,
                    f.finding.rows_scanned,
                    f.finding.confidence.as_str().to_owned(),
                ),
            )
        })
        .collect()
}

fn verdicts(scan: &Value) -> BTreeMap<(String, String, String), (u64, u64, String)> {
    scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                (
                    f["table"].as_str().unwrap().to_owned(),
                    f["column"].as_str().unwrap().to_owned(),
                    f["kind"].as_str().unwrap().to_owned(),
                ),
                (
                    f["matches"].as_u64().unwrap(),
                    f["rowsScanned"].as_u64().unwrap(),
                    f["confidence"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

async fn start_full_scan(app: &TestApp, url: &str) -> String {
    let sys = app.create_system("Kundesystem").await;
    let source = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"kunder\", url: $u}) { id } }",
            json!({ "s": sys, "u": url }),
        )
        .await["createDataSource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.gql(
        &app.dpo,
        "mutation($s: ID!) { startScan(input: {sourceId: $s, mode: FULL}) { id } }",
        json!({ "s": source }),
    )
    .await["startScan"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

const SCAN: &str = "query($id: ID!) { scan(id: $id) { status error nodes parts { total done } progress { rowsRead tablesDone tablesTotal } findings { table column kind matches rowsScanned confidence } } }";

async fn wait_done(app: &TestApp, id: &str, within: Duration) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let scan = app.gql(&app.viewer, SCAN, json!({ "id": id })).await["scan"].clone();
        if !["QUEUED", "RUNNING"].contains(&scan["status"].as_str().unwrap()) {
            return scan;
        }
        assert!(
            Instant::now() < deadline,
            "scan {id} did not finish: {scan}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Jobs of the store by status and lease owner, read directly.
async fn job_rows(app: &TestApp) -> Vec<entity::job::Model> {
    use sea_orm::EntityTrait;
    let db = steward::db::connect(&app.database_url.parse().unwrap())
        .await
        .unwrap();
    let rows = entity::job::Entity::find().all(&db).await.unwrap();
    db.close().await.ok();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_scan_shared_by_two_workers_gives_the_verdicts_of_one_pass() {
    let Some(mut app) = process_store(Backend::Postgres).await else {
        return;
    };
    let Some(src) = big_source().await else {
        return;
    };
    let _api = api_node(&mut app).await;
    let _w1 = worker(&app, "w1");
    let _w2 = worker(&app, "w2");
    // Subscribers on the API node, which runs no job, see what the workers do.
    let mut changes = subscribe(
        &app,
        &app.viewer,
        "subscription { inventoryChanges { change entity id actor } }",
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let id = start_full_scan(&app, &src.url).await;
    let mut progress = subscribe(
        &app,
        &app.viewer,
        "subscription($id: ID!) { scanProgress(scanId: $id) { status rowsRead tablesDone } }",
        json!({ "id": id }),
    )
    .await;
    let mut seen = Vec::new();
    loop {
        let m = next_json(&mut progress)
            .await
            .expect("progress until the end");
        if m["type"] == "complete" {
            break;
        }
        seen.push(m["payload"]["data"]["scanProgress"].clone());
    }
    let last = seen.last().unwrap();
    assert_eq!(last["status"], "COMPLETED", "{seen:#?}");
    assert_eq!(last["rowsRead"], PEOPLE + 500);
    assert!(
        seen.iter()
            .any(|p| p["status"] == "RUNNING" && p["rowsRead"].as_i64().unwrap() > 0),
        "progress while running: {seen:#?}"
    );
    // The system made through the API first, then the links the scan proposed.
    let mut proposed = 0;
    while let Some(m) = next_json(&mut changes).await {
        let change = &m["payload"]["data"]["inventoryChanges"];
        if change["entity"] == "SYSTEM_CATEGORY_LINK" {
            assert_eq!(change["actor"], format!("scan:{id}"), "{change}");
            proposed += 1;
        }
        if proposed == 3 {
            break;
        }
    }
    assert_eq!(proposed, 3, "the links the scan proposed reach subscribers");
    let scan = wait_done(&app, &id, Duration::from_secs(240)).await;
    assert_eq!(scan["status"], "COMPLETED", "{scan}");
    assert!(
        scan["parts"]["total"].as_i64().unwrap() >= 10,
        "the big table was not divided: {scan}"
    );
    assert_eq!(scan["parts"]["done"], scan["parts"]["total"]);
    assert_eq!(
        scan["nodes"],
        json!(["w1", "w2"]),
        "both workers read parts"
    );
    assert_eq!(scan["progress"]["rowsRead"], PEOPLE + 500);
    assert_eq!(scan["progress"]["tablesDone"], 2);
    let expected = single_pass(&src.url).await;
    assert!(!expected.is_empty());
    assert_eq!(verdicts(&scan), expected);
}

/// Two workers share a scan; one is killed with SIGKILL while it reads a part, the
/// other is stopped with SIGTERM and drains (exits within its grace period, its part
/// back on the queue). A third worker finishes: no part is counted twice, and the
/// verdicts are those of one pass.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_is_taken_over_and_a_stopped_one_drains() {
    let Some(mut app) = process_store(Backend::Postgres).await else {
        return;
    };
    let Some(src) = big_source().await else {
        return;
    };
    let _api = api_node(&mut app).await;
    let mut doomed = worker(&app, "doomed");
    let mut drained = worker(&app, "drained");
    let id = start_full_scan(&app, &src.url).await;
    // Wait until both hold a running part.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let rows = job_rows(&app).await;
        let holds = |node: &str| {
            rows.iter().any(|j| {
                j.kind == "scan_part"
                    && j.status == "RUNNING"
                    && j.lease_owner.as_deref() == Some(node)
            })
        };
        if holds("doomed") && holds("drained") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the workers never ran parts together"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    doomed.0.kill().unwrap(); // SIGKILL
    doomed.0.wait().unwrap();
    let stopped = Instant::now();
    let term = Command::new("kill")
        .args(["-TERM", &drained.0.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let status = drained.0.wait().unwrap();
    assert!(status.success(), "a drained worker exits cleanly: {status}");
    assert!(
        stopped.elapsed() < Duration::from_secs(8),
        "drain took {:?}, past the 5 s grace",
        stopped.elapsed()
    );
    let rows = job_rows(&app).await;
    assert!(
        !rows
            .iter()
            .any(|j| j.lease_owner.as_deref() == Some("drained") && j.status == "RUNNING"),
        "the drained worker released what it held"
    );
    let mid = app.gql(&app.viewer, SCAN, json!({ "id": id })).await["scan"].clone();
    assert_eq!(mid["status"], "RUNNING", "{mid}");

    let _rescuer = worker(&app, "rescuer");
    let scan = wait_done(&app, &id, Duration::from_secs(240)).await;
    assert_eq!(scan["status"], "COMPLETED", "{scan}");
    assert!(scan["nodes"]
        .as_array()
        .unwrap()
        .contains(&json!("rescuer")));
    assert_eq!(scan["parts"]["done"], scan["parts"]["total"]);
    assert_eq!(
        scan["progress"]["rowsRead"],
        PEOPLE + 500,
        "parts read again are not counted twice"
    );
    assert_eq!(verdicts(&scan), single_pass(&src.url).await);
    // The killed worker's part was claimed again after its lease expired.
    let rows = job_rows(&app).await;
    assert!(rows.iter().all(|j| j.status == "COMPLETED"), "{rows:#?}");
    assert!(rows
        .iter()
        .any(|j| j.kind == "scan_part" && j.attempts == 2));
}

/// A FULL scan of a MariaDB table bigger than a part is divided into primary-key
/// ranges that workers read apart; the verdicts are those of one pass.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_mariadb_table_is_read_in_key_ranges() {
    let Some(mut app) = process_store(Backend::Postgres).await else {
        return;
    };
    let Some(src) = crate::discovery::mysql_db(vec![
        "CREATE TABLE kunder (id INT PRIMARY KEY, epost VARCHAR(200), notat TEXT) CHARACTER SET utf8mb4".into(),
        "INSERT INTO kunder SELECT seq, CONCAT('kunde', seq, '@eksempel.no'),          CONCAT('Ringte på: ønsker ny avtale; ring +47 9', LPAD(seq, 7, '0'), ' før kl. 16 🙂 ', REPEAT('æøå ', 10))          FROM seq_1_to_40000".into(),
        "ANALYZE TABLE kunder".into(),
    ])
    .await
    else {
        return;
    };
    let _api = api_node(&mut app).await;
    let _w1 = worker(&app, "w1");
    let _w2 = worker(&app, "w2");
    let id = start_full_scan(&app, &src.url).await;
    let scan = wait_done(&app, &id, Duration::from_secs(240)).await;
    assert_eq!(scan["status"], "COMPLETED", "{scan}");
    assert!(
        scan["parts"]["total"].as_i64().unwrap() >= 3,
        "the table was not divided: {scan}"
    );
    assert_eq!(scan["progress"]["rowsRead"], 40_000);
    let expected = single_pass(&src.url).await;
    assert!(!expected.is_empty());
    assert_eq!(verdicts(&scan), expected);
}

/// A job kind for the claim tests: records who ran which job.
struct Recorder(Arc<Mutex<Vec<(i64, String)>>>);

impl Handler for Recorder {
    fn process(&self, ctx: JobContext) -> HandlerFuture<Outcome> {
        let seen = self.0.clone();
        Box::pin(async move {
            seen.lock()
                .unwrap()
                .push((ctx.job.id, ctx.node.to_string()));
            Ok(Outcome::Completed)
        })
    }
    fn give_up(&self, _job: entity::job::Model, _reason: String) -> HandlerFuture<()> {
        Box::pin(async { Ok(()) })
    }
}

async fn concurrent_claimers_run_each_job_exactly_once(app: TestApp) {
    let db = steward::db::connect(&app.database_url.parse().unwrap())
        .await
        .unwrap();
    let mut queued = Vec::new();
    for n in 0..200 {
        let job = jobs::enqueue(&db, "record", &format!("test:{n}"), json!({ "n": n }))
            .await
            .unwrap();
        queued.push(job.id);
    }
    let seen = Arc::new(Mutex::new(Vec::new()));
    let stop = tokio_util::sync::CancellationToken::new();
    let mut handles = Vec::new();
    for node in ["n1", "n2", "n3", "n4"] {
        let mut settings = JobSettings::new(node);
        settings.workers = 3;
        settings.poll = Duration::from_millis(20);
        let runtime = Runtime::new(db.clone(), settings, Arc::default())
            .with("record", Arc::new(Recorder(seen.clone())));
        handles.push(runtime.start(stop.clone()));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while jobs::count(&db, jobs::COMPLETED).await.unwrap() < 200 {
        assert!(Instant::now() < deadline, "not all jobs ran");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.cancel();
    for h in handles {
        h.join().await;
    }
    let seen = seen.lock().unwrap().clone();
    let mut ids: Vec<i64> = seen.iter().map(|(id, _)| *id).collect();
    ids.sort();
    assert_eq!(ids, queued, "every job ran exactly once");
    let nodes: std::collections::BTreeSet<&str> = seen.iter().map(|(_, n)| n.as_str()).collect();
    assert!(nodes.len() >= 2, "claims were shared: {nodes:?}");
}

/// A job whose node died (its lease expired) is claimed again and runs; one that has
/// lost its node `max_attempts` times is given up, and what it worked on says why.
async fn expired_leases_are_taken_over_and_repeated_deaths_fail_the_job(app: TestApp) {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let db = steward::db::connect(&app.database_url.parse().unwrap())
        .await
        .unwrap();
    let src = crate::discovery::sqlite_source().await;
    let sys = app.create_system("Nettbutikk").await;
    let source: i64 = app
        .gql(
            &app.admin,
            "mutation($s: ID!, $u: String!) { createDataSource(input: {systemId: $s, name: \"butikk\", url: $u}) { id } }",
            json!({ "s": sys, "u": src.url }),
        )
        .await["createDataSource"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let mut scans = Vec::new();
    for attempts in [1, jobs::DEFAULT_MAX_ATTEMPTS] {
        let scan = entity::scan::ActiveModel {
            source_id: Set(source),
            mode: Set("SAMPLE".into()),
            sample_rows: Set(Some(100)),
            scope: Set("{}".into()),
            status: Set("RUNNING".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        let job = steward::discovery::jobs::enqueue(&db, scan.id)
            .await
            .unwrap();
        // Claimed by a node that died a minute ago.
        let mut job: entity::job::ActiveModel = job.into();
        job.status = Set("RUNNING".into());
        job.attempts = Set(attempts);
        job.lease_owner = Set(Some("dead-node".into()));
        job.lease_expires_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(1)));
        job.update(&db).await.unwrap();
        scans.push(scan.id);
        // One at a time: a source has one running scan.
        let done = crate::scans::wait_for_scan(&app, &scan.id.to_string()).await;
        if attempts == 1 {
            assert_eq!(done["status"], "COMPLETED", "{done}");
        } else {
            assert_eq!(done["status"], "FAILED", "{done}");
            assert!(
                done["error"].as_str().unwrap().contains("stopped 3 times"),
                "{done}"
            );
        }
    }
    // The scan is ended first, then its job: wait for the job's own end.
    let mut rows = Vec::new();
    for _ in 0..100 {
        rows = entity::job::Entity::find().all(&db).await.unwrap();
        if rows
            .iter()
            .all(|j| j.status != "RUNNING" && j.status != "QUEUED")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let plan = |scan: i64| {
        rows.iter()
            .find(|j| j.kind == "scan" && j.subject == format!("scan:{scan}"))
            .unwrap()
    };
    assert_eq!(plan(scans[0]).status, "COMPLETED");
    assert_eq!(plan(scans[0]).attempts, 2);
    assert_eq!(plan(scans[1]).status, "FAILED");
}

crate::both_stores!(
    concurrent_claimers_run_each_job_exactly_once,
    expired_leases_are_taken_over_and_repeated_deaths_fail_the_job,
);
