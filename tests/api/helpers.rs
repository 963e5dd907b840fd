use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use steward::config::DbUrl;
use steward::domain::Role;
use steward::dsar::exports::ExportSettings;
use steward::graphql::Limits;
use steward::http::{self, AppState};
use steward::secret::SecretKey;
use tokio::sync::oneshot;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(TestApp)` once per backend.
#[macro_export]
macro_rules! both_stores {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await {
                    super::$name(app).await
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    super::$name(app).await
                }
            }
        }
    )*};
}

/// A PostgreSQL database made for one test, dropped when the test ends.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime; use a runtime of our own on a thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(db) = Database::connect(&admin_url).await {
                    let _ = db
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await;
                }
            });
        })
        .join();
    }
}

enum Store {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(#[allow(dead_code)] PgDatabase),
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub database_url: String,
    /// How many SQL statements the server has run.
    pub statements: Arc<AtomicUsize>,
    pub admin: String,
    pub dpo: String,
    pub viewer: String,
    shutdown: Option<oneshot::Sender<()>>,
    /// Where the server writes export packages.
    pub exports_dir: tempfile::TempDir,
    // Dropped last: the store outlives the server and the pool.
    _store: Store,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn init_tracing() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("steward=debug")
            .with_test_writer()
            .try_init();
    }
}

/// The URL of a PostgreSQL server for tests, or `None` to skip (never in CI).
pub fn postgres_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("TEST_DATABASE_URL must point at PostgreSQL when CI is set")
        }
        _ => {
            eprintln!("SKIP: TEST_DATABASE_URL not set, PostgreSQL variant not run");
            None
        }
    }
}

pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    format!("{}/{}{}", &base[..host_end], name, query)
}

async fn new_store(backend: Backend) -> Option<(String, Store)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}/steward.db?mode=rwc", dir.path().display());
            Some((url, Store::Sqlite(dir)))
        }
        Backend::Postgres => {
            let admin_url = postgres_url()?;
            let name = format!("steward_t_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url)
                .await
                .unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL: {e}"));
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let url = with_database(&admin_url, &name);
            Some((url, Store::Postgres(PgDatabase { admin_url, name })))
        }
    }
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, Limits::default()).await
}

pub async fn spawn_app_with(backend: Backend, limits: Limits) -> Option<TestApp> {
    init_tracing();
    let (database_url, store) = new_store(backend).await?;
    let url: DbUrl = database_url.parse().unwrap();
    let mut db = steward::db::connect(&url).await.expect("connect store");
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    // Requests' statements only: idle job workers and the change relay poll the store
    // in the background.
    db.set_metric_callback(move |m| {
        let sql = &m.statement.sql;
        if !(sql.contains("\"jobs\"") || sql.contains("\"inventory_changes\"")) {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    steward::db::migrate(&db).await.expect("migrate store");
    let (_, admin) = steward::auth::create(&db, "test-admin", Role::Admin)
        .await
        .unwrap();
    let (_, dpo) = steward::auth::create(&db, "test-dpo", Role::Dpo)
        .await
        .unwrap();
    let (_, viewer) = steward::auth::create(&db, "test-viewer", Role::Viewer)
        .await
        .unwrap();
    let key = SecretKey::from_secret("test-secret-key-that-is-long-enough-0123456789").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let exports_dir = tempfile::tempdir().unwrap();
    let exports = ExportSettings::new(exports_dir.path().to_owned(), format!("http://{addr}"));
    let state = AppState::new(db.clone(), key, limits, exports);
    let (tx, rx) = oneshot::channel();
    tokio::spawn(http::serve(listener, state, async {
        let _ = rx.await;
    }));
    Some(TestApp {
        addr,
        client: reqwest::Client::new(),
        database_url,
        statements,
        admin,
        dpo,
        viewer,
        shutdown: Some(tx),
        exports_dir,
        _store: store,
    })
}

/// A migrated store with the test tokens, for servers and workers started as processes
/// (`steward serve`, `steward worker`); the key is `SECRET`.
pub async fn process_store(backend: Backend) -> Option<TestApp> {
    let (database_url, store) = new_store(backend).await?;
    let url: DbUrl = database_url.parse().unwrap();
    let db = steward::db::connect(&url).await.expect("connect store");
    steward::db::migrate(&db).await.expect("migrate store");
    let mut tokens = Vec::new();
    for (name, role) in [
        ("admin", Role::Admin),
        ("dpo", Role::Dpo),
        ("viewer", Role::Viewer),
    ] {
        tokens.push(steward::auth::create(&db, name, role).await.unwrap().1);
    }
    db.close().await.ok();
    let [admin, dpo, viewer] = <[String; 3]>::try_from(tokens).unwrap();
    Some(TestApp {
        // Set by `serving_at` once the server process listens.
        addr: "127.0.0.1:9".parse().unwrap(),
        client: reqwest::Client::new(),
        database_url,
        statements: Arc::default(),
        admin,
        dpo,
        viewer,
        shutdown: None,
        exports_dir: tempfile::tempdir().unwrap(),
        _store: store,
    })
}

/// The secret key processes started on a [`process_store`] use.
pub const SECRET: &str = "test-secret-key-that-is-long-enough-0123456789";

impl TestApp {
    /// Talks to a server process at `addr` from now on.
    pub fn serving_at(&mut self, addr: SocketAddr) {
        self.addr = addr;
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// POSTs a GraphQL operation with an optional bearer token.
    pub async fn post(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let body: Value = resp.json().await.expect("JSON body");
        assert_no_leak(&body);
        (status, body)
    }

    /// Runs an operation as `token` and returns `data`, failing on any error.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        let (status, body) = self.post(Some(token), query, variables).await;
        assert!(
            body.get("errors")
                .is_none_or(|e| e.as_array().is_some_and(|a| a.is_empty())),
            "unexpected errors: {body:#}"
        );
        assert_eq!(status, StatusCode::OK);
        body["data"].clone()
    }

    /// Runs an operation that must fail, returning its first error's code and message.
    pub async fn gql_err(&self, token: &str, query: &str, variables: Value) -> (String, String) {
        let (_, body) = self.post(Some(token), query, variables).await;
        let err = &body["errors"][0];
        assert!(!err.is_null(), "expected an error, got {body:#}");
        (
            err["extensions"]["code"]
                .as_str()
                .unwrap_or("<none>")
                .to_owned(),
            err["message"].as_str().unwrap_or_default().to_owned(),
        )
    }

    pub async fn count(&self, connection: &str) -> u64 {
        let data = self
            .gql(
                &self.viewer,
                &format!("{{ {connection}(first: 1) {{ totalCount }} }}"),
                json!({}),
            )
            .await;
        data[connection]["totalCount"].as_u64().unwrap()
    }

    pub async fn create_system(&self, name: &str) -> String {
        let data = self
            .gql(
                &self.dpo,
                "mutation($name: String!) { createSystem(input: {name: $name}) { id name } }",
                json!({ "name": name }),
            )
            .await;
        data["createSystem"]["id"].as_str().unwrap().to_owned()
    }

    /// Links the system `system` (an id) to the data category `key`, as the DPO.
    pub async fn link_category(&self, system: &str, key: &str) {
        self.gql(
            &self.dpo,
            "mutation($s: ID!, $k: String!) { linkSystemCategory(input: {systemId: $s, categoryKey: $k}) { id } }",
            json!({ "s": system, "k": key }),
        )
        .await;
    }
}

/// No response may carry SQL, driver names or secrets.
pub fn assert_no_leak(body: &Value) {
    let text = body.to_string().to_lowercase();
    for needle in [
        "select ",
        "insert into",
        "sqlx",
        "sqlite error",
        "syntax error at",
        "password=",
    ] {
        assert!(!text.contains(needle), "response leaks {needle:?}: {body}");
    }
}
