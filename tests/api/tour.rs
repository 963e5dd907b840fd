//! The README's tour, run as written: its `sh` blocks in order, in one shell, against
//! `steward serve --demo` started the way the README's first command starts it (the
//! default SQLite store in the working directory), with `cargo run --release -q --`
//! standing for the built binary and the server's port for 8080.

use crate::exports::unzip;
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::Duration;

fn tour_script(binary: &str, base: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("## A five-minute tour")
        .expect("the README has a tour");
    let end = readme[start + 5..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + 5 + i);
    let mut script = String::from("set -euo pipefail\n");
    let mut rest = &readme[start..end];
    while let Some(open) = rest.find("```sh\n") {
        let body = &rest[open + 6..];
        let close = body.find("```").expect("a closed block");
        script.push_str(&body[..close]);
        rest = &body[close + 3..];
    }
    script
        .replace("cargo run --release -q --", binary)
        .replace("http://127.0.0.1:8080", base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_tour_runs_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_steward");
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let base = format!("http://{addr}");
    let clean = |c: &mut Command| {
        for var in [
            "DATABASE_URL",
            "STEWARD_SECRET_KEY",
            "STEWARD_EXPORT_DIR",
            "STEWARD_BIND",
        ] {
            c.env_remove(var);
        }
    };
    let mut serve = Command::new(binary);
    serve
        .args(["serve", "--demo", "--bind", &addr.to_string()])
        .current_dir(dir.path())
        .env("RUST_LOG", "steward=warn")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("serve.log")).unwrap());
    clean(&mut serve);
    let mut server = serve.spawn().expect("start the server");
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                up = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "the server did not start");

    let script = tour_script(binary, &base);
    let mut bash = Command::new("bash");
    bash.arg("-c").arg(&script).current_dir(dir.path());
    clean(&mut bash);
    let out = tokio::task::spawn_blocking(move || bash.output())
        .await
        .unwrap()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        out.status.success(),
        "the tour failed ({}) in a directory holding {files:?}:\n{stdout}\n{stderr}\nserver: {}",
        out.status,
        std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default()
    );
    for expected in [
        r#""status":"CONFIRMED","provenance":"DECLARED""#,
        r#""location":"main.customers.email","category":{"key":"user.contact.email"}"#,
        r#""export":{"status":"COMPLETED""#,
        "Found 4 rows in 3 tables",
    ] {
        assert!(stdout.contains(expected), "{expected} not in:\n{stdout}");
    }
    assert!(
        !stdout.contains("\"errors\""),
        "an answer was an error:\n{stdout}"
    );

    // The package downloaded through the link holds Ola's rows and nobody else's.
    for file in ["ola.zip", "ola-cli.zip"] {
        let files = unzip(&std::fs::read(dir.path().join(file)).unwrap());
        let data: Value = serde_json::from_slice(&files["data.json"]).unwrap();
        let text = data.to_string();
        assert!(text.contains("ola.nordmann@example.no"), "{file}: {text}");
        for other in [
            "kari.nordmann@example.no",
            "post@lie-familien.no",
            "Per Ødegård",
        ] {
            assert!(!text.contains(other), "{file} holds {other}");
        }
    }
}
