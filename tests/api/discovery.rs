//! Discovery scans through the CLI against real PostgreSQL, MariaDB and SQLite sources.

use crate::fixtures;
use crate::helpers::{postgres_url, with_database};
use serde_json::Value;
use std::process::{Command, Output};

/// A source database made for one test and dropped afterwards.
pub struct SourceDb {
    pub url: String,
    /// The schema `devices` lives in, as the scan reports it.
    pub devices_schema: String,
    pub customers_schema: String,
    drop: Option<Box<dyn FnOnce() + Send>>,
    _dir: Option<tempfile::TempDir>,
}

impl SourceDb {
    /// The fixture's verdicts as [`verdicts`] lists them for this source (devices
    /// named with their schema where it is not the customers' one).
    pub fn expected_verdicts(&self) -> Vec<(String, String, String, String, String)> {
        if self.devices_schema != self.customers_schema {
            fixtures::expected(&format!("{}.devices", self.devices_schema))
        } else {
            fixtures::expected("devices")
        }
    }
}

impl SourceDb {
    /// Runs statements on the source, as its owner would (tests change a source
    /// between scans and exports).
    pub async fn execute(&self, statements: &[&str]) {
        if self.url.starts_with("postgres") {
            let (client, conn) = tokio_postgres::connect(&self.url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            for sql in statements {
                client
                    .batch_execute(sql)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        } else {
            use mysql_async::prelude::Queryable;
            let mut conn = mysql_async::Conn::from_url(&self.url).await.unwrap();
            for sql in statements {
                conn.query_drop(*sql)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
            conn.disconnect().await.ok();
        }
    }
}

impl Drop for SourceDb {
    fn drop(&mut self) {
        if let Some(f) = self.drop.take() {
            let _ = std::thread::spawn(f).join();
        }
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

pub async fn postgres_source() -> Option<SourceDb> {
    let mut db = postgres_db(fixtures::statements("postgres", Some("iot"))).await?;
    db.devices_schema = "iot".into();
    Some(db)
}

/// A fresh PostgreSQL database holding what `statements` create.
pub async fn postgres_db(statements: Vec<String>) -> Option<SourceDb> {
    let admin_url = postgres_url()?;
    let name = format!("src_{}", uuid::Uuid::new_v4().simple());
    let (admin, conn) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls)
        .await
        .expect("connect PostgreSQL");
    tokio::spawn(conn);
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let url = with_database(&admin_url, &name);
    // Made before the statements run, so a statement that fails drops the database
    // while the test unwinds.
    let drop_name = name.clone();
    let db = SourceDb {
        url: url.clone(),
        devices_schema: "public".into(),
        customers_schema: "public".into(),
        drop: Some(Box::new(move || {
            block_on(async move {
                if let Ok((c, conn)) =
                    tokio_postgres::connect(&admin_url, tokio_postgres::NoTls).await
                {
                    tokio::spawn(conn);
                    let _ = c
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {drop_name} WITH (FORCE)"))
                        .await;
                }
            })
        })),
        _dir: None,
    };
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    for sql in statements {
        client
            .batch_execute(&sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    client.batch_execute("ANALYZE").await.unwrap();
    Some(db)
}

pub fn mysql_url() -> Option<String> {
    match std::env::var("TEST_MYSQL_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("TEST_MYSQL_URL must point at MariaDB/MySQL when CI is set")
        }
        _ => {
            eprintln!("SKIP: TEST_MYSQL_URL not set, MariaDB variant not run");
            None
        }
    }
}

pub async fn mysql_source() -> Option<SourceDb> {
    mysql_db(fixtures::statements("mysql", None)).await
}

/// A fresh MariaDB/MySQL database holding what `statements` create.
pub async fn mysql_db(statements: Vec<String>) -> Option<SourceDb> {
    use mysql_async::prelude::Queryable;
    let admin_url = mysql_url()?;
    let name = format!("src_{}", uuid::Uuid::new_v4().simple());
    let mut admin = mysql_async::Conn::from_url(&admin_url)
        .await
        .expect("connect MariaDB");
    admin
        .query_drop(format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    admin.disconnect().await.ok();
    let url = with_database(&admin_url, &name);
    // Made before the statements run, so a statement that fails drops the database
    // while the test unwinds.
    let drop_name = name.clone();
    let db = SourceDb {
        url: url.clone(),
        devices_schema: name.clone(),
        customers_schema: name,
        drop: Some(Box::new(move || {
            block_on(async move {
                if let Ok(mut c) = mysql_async::Conn::from_url(&admin_url).await {
                    let _ = c
                        .query_drop(format!("DROP DATABASE IF EXISTS {drop_name}"))
                        .await;
                    let _ = c.disconnect().await;
                }
            })
        })),
        _dir: None,
    };
    let mut conn = mysql_async::Conn::from_url(&url).await.unwrap();
    for sql in statements {
        conn.query_drop(&sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    conn.disconnect().await.ok();
    Some(db)
}

pub async fn sqlite_source() -> SourceDb {
    sqlite_db(fixtures::statements("sqlite", None)).await
}

/// A fresh SQLite file holding what `statements` create.
pub async fn sqlite_db(statements: Vec<String>) -> SourceDb {
    use sea_orm::sqlx::sqlite::SqliteConnectOptions;
    use sea_orm::sqlx::{ConnectOptions, Connection};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    for sql in statements {
        sea_orm::sqlx::query(&sql)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    conn.close().await.unwrap();
    SourceDb {
        url: format!("sqlite://{}", path.display()),
        devices_schema: "main".into(),
        customers_schema: "main".into(),
        drop: None,
        _dir: Some(dir),
    }
}

fn steward(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(args)
        .output()
        .unwrap()
}

fn scan_json(src: &SourceDb, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["scan", src.url.as_str(), "--json"];
    args.extend_from_slice(extra);
    let out = steward(&args);
    assert!(
        out.status.success(),
        "scan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for raw in fixtures::raw_values() {
        assert!(
            !stdout.contains(&raw),
            "raw value {raw} leaked into the scan output"
        );
    }
    serde_json::from_str(&stdout).unwrap()
}

pub fn verdicts(
    findings: &[Value],
    src: &SourceDb,
) -> Vec<(String, String, String, String, String)> {
    let mut v: Vec<_> = findings
        .iter()
        .map(|f| {
            let schema = f["schema"].as_str().unwrap();
            let table = f["table"].as_str().unwrap();
            let table = if schema == src.devices_schema
                && table == "devices"
                && src.devices_schema != src.customers_schema
            {
                format!("{schema}.devices")
            } else {
                table.to_owned()
            };
            (
                table,
                f["column"].as_str().unwrap().to_owned(),
                f["kind"].as_str().unwrap().to_owned(),
                f["confidence"].as_str().unwrap().to_owned(),
                f["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

fn assert_exact_verdicts(src: &SourceDb, extra: &[&str]) {
    let findings = scan_json(src, extra);
    assert_eq!(
        verdicts(&findings, src),
        src.expected_verdicts(),
        "{findings:#?}"
    );
    for f in &findings {
        for key in [
            "schema",
            "table",
            "column",
            "kind",
            "category",
            "confidence",
            "score",
            "match_ratio",
            "rows_scanned",
            "examples",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        let examples = f["examples"].as_array().unwrap();
        assert!(!examples.is_empty() && examples.len() <= 3, "{f}");
        assert!(
            examples.iter().all(|e| e.as_str().unwrap().contains('*')),
            "{f}"
        );
        assert_eq!(f["rows_scanned"], fixtures::PEOPLE as u64, "{f}");
    }
    let email = findings.iter().find(|f| f["column"] == "email").unwrap();
    assert_eq!(email["category"], "user.contact.email");
    assert_eq!(email["match_ratio"], 1.0);
    assert!(email["examples"][0].as_str().unwrap().ends_with(".no"));
    let notes = findings
        .iter()
        .find(|f| f["column"] == "notes" && f["kind"] == "email")
        .unwrap();
    assert_eq!(notes["matches"], 4, "{notes}");
}

fn assert_coverage(src: &SourceDb, extra: &[&str]) {
    let mut args = vec!["scan", src.url.as_str(), "--report"];
    args.extend_from_slice(extra);
    let out = steward(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["mode"], "SAMPLE");
    assert_eq!(report["sample_rows"], 1000);
    let tables = report["tables"].as_array().unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let customers = tables.iter().find(|t| t["name"] == "customers").unwrap();
    assert_eq!(customers["status"], "SCANNED");
    assert_eq!(customers["rows_read"], fixtures::PEOPLE as u64);
    assert_eq!(customers["primary_key"], serde_json::json!(["id"]));
    let skipped: Vec<&str> = customers["columns_skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["column"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["created_at"], "timestamps are not read");
    let orders = tables.iter().find(|t| t["name"] == "orders").unwrap();
    let fk = &orders["foreign_keys"][0];
    assert_eq!(fk["columns"], serde_json::json!(["customer_id"]));
    assert_eq!(fk["ref_table"], "customers");
    assert_eq!(fk["ref_columns"], serde_json::json!(["id"]));
    let readable = String::from_utf8(
        steward(&{
            let mut a = vec!["scan", src.url.as_str()];
            a.extend_from_slice(extra);
            a
        })
        .stdout,
    )
    .unwrap();
    assert!(readable.contains("Personal data found:"), "{readable}");
    assert!(
        readable.contains("customers.email  email  HIGH"),
        "{readable}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_scan_gives_exact_verdicts_in_both_modes() {
    let Some(src) = postgres_source().await else {
        return;
    };
    tokio::task::spawn_blocking(move || {
        assert_exact_verdicts(&src, &[]);
        assert_exact_verdicts(&src, &["--mode", "full"]);
        assert_coverage(&src, &[]);
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_scan_gives_exact_verdicts_in_both_modes() {
    let Some(src) = mysql_source().await else {
        return;
    };
    tokio::task::spawn_blocking(move || {
        let schema = src.customers_schema.clone();
        assert_exact_verdicts(&src, &["--schema", &schema]);
        assert_exact_verdicts(&src, &["--schema", &schema, "--mode", "full"]);
        assert_coverage(&src, &["--schema", &schema]);
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_scan_gives_exact_verdicts_in_both_modes() {
    let src = sqlite_source().await;
    tokio::task::spawn_blocking(move || {
        assert_exact_verdicts(&src, &[]);
        assert_exact_verdicts(&src, &["--mode", "full"]);
        assert_coverage(&src, &[]);
    })
    .await
    .unwrap();
}

#[test]
fn unreachable_or_wrong_sources_fail_with_a_reason_and_no_secret() {
    let cases = [
        ("postgres://postgres:hunter2@127.0.0.1:1/none", "NETWORK"),
        ("sqlite:///nonexistent/dir/app.db", "DATABASE_MISSING"),
        (
            "postgres://postgres:hunter2@127.0.0.1:5432/steward_no_such_db",
            "DATABASE_MISSING",
        ),
        (
            "mysql://nobody:hunter2@127.0.0.1:3306/test",
            "AUTHENTICATION",
        ),
    ];
    for (url, kind) in cases {
        let out = steward(&["scan", url, "--json"]);
        assert!(!out.status.success(), "{url}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(kind), "{url}: {err}");
        assert!(
            !err.contains("hunter2"),
            "{url}: the password leaked: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    let bad = steward(&["scan", "oracle://x"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("must start with"));
}

#[test]
fn detect_prints_entities_with_code_point_offsets() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("detect")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = "Hei Åse! Ring +47 912 34 567 eller skriv til ola@example.no.\nVersjon 10.2.3.4, faktura 45678901.\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let chars: Vec<char> = text.chars().collect();
    let found: Vec<(String, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let (s, e) = (
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
            );
            assert!(v["score"].as_f64().unwrap() > 0.0);
            (
                v["kind"].as_str().unwrap().to_owned(),
                chars[s..e].iter().collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("phone".to_owned(), "+47 912 34 567".to_owned()),
            ("email".to_owned(), "ola@example.no".to_owned())
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_tables_the_user_cannot_read_are_reported_not_fatal() {
    let Some(src) = postgres_source().await else {
        return;
    };
    let role = format!("steward_r_{}", uuid::Uuid::new_v4().simple());
    let (owner, conn) = tokio_postgres::connect(&src.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    owner
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN; GRANT USAGE ON SCHEMA public, iot TO {role}; GRANT SELECT ON orders TO {role};"
        ))
        .await
        .unwrap();
    let as_reader = src
        .url
        .replacen("postgres://postgres@", &format!("postgres://{role}@"), 1);
    let url = as_reader.clone();
    let out = tokio::task::spawn_blocking(move || steward(&["scan", &url, "--report"]))
        .await
        .unwrap();
    owner
        .batch_execute(&format!("REVOKE ALL ON ALL TABLES IN SCHEMA public, iot FROM {role}; REVOKE USAGE ON SCHEMA public, iot FROM {role};"))
        .await
        .ok();
    let cleanup_role = role.clone();
    drop(owner);
    drop(src);
    if let Some(admin_url) = postgres_url() {
        let (admin, conn) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        admin
            .batch_execute(&format!("DROP ROLE IF EXISTS {cleanup_role}"))
            .await
            .ok();
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |name: &str| {
        let t = report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap();
        (
            t["status"].as_str().unwrap().to_owned(),
            t["reason"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(status("orders").0, "SCANNED");
    let (customers, reason) = status("customers");
    assert_eq!(customers, "SKIPPED");
    assert!(reason.contains("SELECT privilege"), "{reason}");
    assert_eq!(status("devices").0, "SKIPPED");
    let tables: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["table"].as_str().unwrap())
        .collect();
    assert_eq!(
        tables,
        ["orders"],
        "only the readable table has findings (its shipping notes)"
    );
}

/// A table of several COPY blocks (1 MB each), with NULLs and values that COPY escapes
/// (tabs, newlines, backslashes): a FULL scan counts every row and match exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_postgres_scan_counts_exactly_across_copy_blocks() {
    const ROWS: u64 = 40_000;
    let Some(src) = postgres_db(vec![format!(
        "CREATE TABLE messages (id int PRIMARY KEY, email text, body text);
         INSERT INTO messages SELECT g,
           CASE WHEN g % 4 = 0 THEN NULL ELSE 'user' || g || '@example.no' END,
           E'Line one\\nand\\ta tab, a back\\\\slash; ' ||
           CASE WHEN g % 10 = 0 THEN 'write to kontakt' || g || '@example.org please'
                ELSE 'nothing personal in this message at all' END
         FROM generate_series(1, {ROWS}) g"
    )])
    .await
    else {
        return;
    };
    let findings = tokio::task::spawn_blocking(move || {
        let out = steward(&["scan", &src.url, "--mode", "full", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = steward(&["scan", &src.url, "--mode", "full", "--report"]);
        let report: Value = serde_json::from_slice(&report.stdout).unwrap();
        let bytes = report["tables"][0]["bytes_read"].as_u64().unwrap();
        assert!(
            bytes > 3 * 1024 * 1024,
            "the table spans several blocks: {bytes} bytes"
        );
        assert_eq!(report["tables"][0]["rows_read"], ROWS);
        serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
    })
    .await
    .unwrap();
    let find = |column: &str| {
        findings
            .iter()
            .find(|f| f["column"] == column && f["kind"] == "email")
            .unwrap_or_else(|| panic!("no email finding in {column}: {findings:#?}"))
    };
    let email = find("email");
    assert_eq!(email["rows_scanned"], ROWS);
    assert_eq!(email["matches"], ROWS * 3 / 4, "NULLs are not matches");
    assert_eq!(email["match_ratio"], 1.0, "over the non-null values");
    assert_eq!(email["content"], "values");
    let body = find("body");
    assert_eq!(body["rows_scanned"], ROWS);
    assert_eq!(body["matches"], ROWS / 10, "{body}");
    assert_eq!(body["match_ratio"], 0.1);
    assert_eq!(body["content"], "free_text");
    // A message's own text is a note besides.
    assert!(
        findings
            .iter()
            .any(|f| f["column"] == "body" && f["kind"] == "note"),
        "{findings:#?}"
    );
    assert_eq!(findings.len(), 3, "{findings:#?}");
}

/// PostgreSQL table inheritance: a query of the parent returns its children's rows as
/// its own. Each row is read once, in its own table: the parent's email column, empty
/// in its own rows, is no email column because its child's rows hold addresses, and its
/// coverage counts its own rows. A partitioned table is read whole, through its parent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inherited_postgres_table_is_read_without_its_childrens_rows() {
    let Some(src) = postgres_db(vec![
        "CREATE TABLE kunder (id int PRIMARY KEY, navn text, epost text);
         CREATE TABLE vip_kunder (nivaa int) INHERITS (kunder);
         INSERT INTO kunder SELECT g, 'Kari Nordmann', NULL FROM generate_series(1, 200) g;
         INSERT INTO vip_kunder SELECT g + 1000, 'Ola Nordmann', 'vip' || g || '@example.no', 1
           FROM generate_series(1, 50) g;
         CREATE TABLE innlogginger (tid date NOT NULL, epost text) PARTITION BY RANGE (tid);
         CREATE TABLE innlogginger_2024 PARTITION OF innlogginger
           FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
         CREATE TABLE innlogginger_2025 PARTITION OF innlogginger
           FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
         INSERT INTO innlogginger SELECT '2024-06-01'::date + g, 'bruker' || g || '@example.no'
           FROM generate_series(1, 400) g;"
            .to_owned(),
    ])
    .await
    else {
        return;
    };
    tokio::task::spawn_blocking(move || {
        for mode in ["sample", "full"] {
            let findings = scan_json(&src, &["--mode", mode]);
            let mut emails: Vec<(String, u64)> = findings
                .iter()
                .filter(|f| f["kind"] == "email")
                .map(|f| {
                    (
                        f["table"].as_str().unwrap().to_owned(),
                        f["rows_scanned"].as_u64().unwrap(),
                    )
                })
                .collect();
            emails.sort();
            assert_eq!(
                emails,
                [
                    ("innlogginger".to_owned(), 400),
                    ("vip_kunder".to_owned(), 50)
                ],
                "{mode}: {findings:#?}"
            );
            let report = steward(&["scan", &src.url, "--mode", mode, "--report"]);
            let report: Value = serde_json::from_slice(&report.stdout).unwrap();
            let rows = |name: &str| {
                report["tables"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|t| t["name"] == name)
                    .unwrap_or_else(|| panic!("{name}: {report:#}"))["rows_read"]
                    .clone()
            };
            assert_eq!(rows("kunder"), 200, "{mode}");
            assert_eq!(rows("vip_kunder"), 50, "{mode}");
        }
    })
    .await
    .unwrap();
}

/// `steward scan` prints what it found in the tables it could read, then exits with
/// status 2 and names every table it could not: a table locked past the lock timeout
/// on PostgreSQL and on MariaDB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_exits_non_zero_and_names_tables_it_could_not_read() {
    let setup = |engine: &str| {
        let mut v = Vec::new();
        for t in ["kunder", "laast"] {
            v.push(format!(
                "CREATE TABLE {t} (id int PRIMARY KEY, epost varchar(80))"
            ));
            for i in 1..=10 {
                v.push(format!(
                    "INSERT INTO {t} VALUES ({i}, 'kunde{i}@bedrift.no')"
                ));
            }
        }
        let _ = engine;
        v
    };
    let (Some(pg), Some(my)) = (
        postgres_db(setup("postgres")).await,
        mysql_db(setup("mysql")).await,
    ) else {
        return;
    };
    // Hold the lock in another session for the whole scan.
    let (locker, conn) = tokio_postgres::connect(&pg.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    locker
        .batch_execute("BEGIN; LOCK TABLE laast IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    use mysql_async::prelude::Queryable;
    let mut my_locker = mysql_async::Conn::from_url(&my.url).await.unwrap();
    my_locker
        .query_drop("LOCK TABLES laast WRITE")
        .await
        .unwrap();

    for (src, extra) in [
        (&pg, vec![]),
        (&my, vec!["--schema", my.customers_schema.as_str()]),
    ] {
        let url = src.url.clone();
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let out = tokio::task::spawn_blocking(move || {
            let mut args = vec!["scan", url.as_str()];
            args.extend(extra.iter().map(String::as_str));
            steward(&args)
        })
        .await
        .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stdout.contains("kunder.epost  email  HIGH"), "{stdout}");
        assert!(stdout.contains("laast  FAILED"), "{stdout}");
        assert!(stderr.contains("the scan is incomplete"), "{stderr}");
        assert!(stderr.contains(".laast (FAILED"), "{stderr}");
        assert!(!stderr.contains(".kunder"), "{stderr}");
    }
    locker.batch_execute("ROLLBACK").await.unwrap();
    my_locker.query_drop("UNLOCK TABLES").await.unwrap();
    my_locker.disconnect().await.ok();
}

/// A 4 MB line with tens of thousands of identifiers: `steward detect` finds each one at
/// its code-point offset (it used to be quadratic in the matches of a line).
#[test]
fn detect_handles_a_long_line_with_many_matches() {
    use std::io::Write;
    let unit = "Åse 😀: ring +47 912 34 567; skriv til åse@blåbær.no. ";
    let copies = 4 * 1024 * 1024 / unit.len();
    let line = unit.repeat(copies);
    let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("detect")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), copies * 2);
    let unit_chars = unit.chars().count() as u64;
    let last = &lines[lines.len() - 1];
    assert_eq!(last["kind"], "email");
    // The last email starts where `åse@` does in the last copy.
    let into_unit = unit[..unit.find("åse@").unwrap()].chars().count() as u64;
    assert_eq!(
        last["start"].as_u64().unwrap(),
        (copies as u64 - 1) * unit_chars + into_unit
    );
}
