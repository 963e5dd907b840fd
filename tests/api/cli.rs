use std::path::Path;
use std::process::{Command, Output};

fn steward(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("STEWARD_SECRET_KEY")
        .env_remove("STEWARD_KEY_FILE")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn schema_is_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let generated = text(&out.stdout);
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert!(
        generated == checked_in,
        "schema.graphql is out of date: run `cargo run -- schema > schema.graphql`"
    );
}

#[test]
fn first_run_creates_the_store_and_a_private_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = steward(dir.path(), &["migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("steward.db").exists());
    let key_path = dir.path().join("steward.key");
    let key = std::fs::read_to_string(&key_path).unwrap();
    assert_eq!(key.trim().len(), 64);
    assert!(
        text(&out.stderr).contains("generated a new secret key"),
        "{}",
        text(&out.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "key file must be private, mode {mode:o}");
        // The store and its WAL hold people's data: Steward's user only, whatever the umask.
        for name in ["steward.db", "steward.db-wal", "steward.db-shm"] {
            let Ok(meta) = std::fs::metadata(dir.path().join(name)) else {
                assert_ne!(name, "steward.db");
                continue;
            };
            let mode = meta.permissions().mode();
            assert_eq!(mode & 0o077, 0, "{name} must be private, mode {mode:o}");
        }
    }
    let again = steward(dir.path(), &["migrate"]);
    assert!(again.status.success());
    assert_eq!(
        std::fs::read_to_string(&key_path).unwrap(),
        key,
        "the key is kept across runs"
    );
    assert!(!text(&again.stderr).contains("generated a new secret key"));
}

#[test]
fn tokens_are_created_listed_and_revoked_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let created = steward(
        dir.path(),
        &["token", "create", "--name", "ops", "--role", "dpo"],
    );
    assert!(created.status.success(), "{}", text(&created.stderr));
    let secret = text(&created.stdout).trim().to_owned();
    assert!(secret.starts_with("stw_") && secret.len() == 68, "{secret}");

    let listed = steward(dir.path(), &["token", "list"]);
    let listing = text(&listed.stdout);
    assert!(listing.contains("ops\tDPO"), "{listing}");
    assert!(!listing.contains(&secret), "list must not show the secret");

    let dup = steward(
        dir.path(),
        &["token", "create", "--name", "ops", "--role", "viewer"],
    );
    assert!(!dup.status.success());
    assert!(
        text(&dup.stderr).contains("already exists"),
        "{}",
        text(&dup.stderr)
    );

    let revoked = steward(dir.path(), &["token", "revoke", "ops"]);
    assert!(revoked.status.success());
    assert!(text(&steward(dir.path(), &["token", "list"]).stdout).contains("revoked"));
    let missing = steward(dir.path(), &["token", "revoke", "nobody"]);
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("no token named"));

    let bad_role = steward(
        dir.path(),
        &["token", "create", "--name", "x", "--role", "root"],
    );
    assert!(!bad_role.status.success());
}

#[test]
fn a_short_secret_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("migrate")
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env("STEWARD_SECRET_KEY", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("at least 32 characters"));
    assert!(!text(&out.stderr).contains("short\n"));
}

#[tokio::test]
async fn serve_with_demo_shows_the_demo_inventory_at_once() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let created = steward(
        dir.path(),
        &["token", "create", "--name", "newcomer", "--role", "viewer"],
    );
    let token = text(&created.stdout).trim().to_owned();
    let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("STEWARD_SECRET_KEY")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap().to_owned());
            }
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("server started");
    let body: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{addr}/graphql"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "query": "{ organisations { totalCount } systems { totalCount } dataSources { edges { node { name engine } } } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().ok();
    child.wait().ok();
    assert_eq!(body["data"]["organisations"]["totalCount"], 5, "{body}");
    // The policies' eleven systems, and the demo shop's database as a data source.
    assert_eq!(body["data"]["systems"]["totalCount"], 12, "{body}");
    assert_eq!(
        body["data"]["dataSources"]["edges"][0]["node"],
        serde_json::json!({ "name": "demo-shop", "engine": "SQLITE" }),
        "{body}"
    );
    assert!(dir.path().join("demo-shop.db").exists());
}
