//! `steward bench --suite jobs`: how fast the job queue hands out work, and what a
//! FULL scan of the bench table takes with one and with two worker processes.

use crate::discovery::connectors::Scope;
use crate::discovery::jobs::{Scanner, StartScan};
use crate::domain::ScanMode;
use crate::jobs::{self, Handler, HandlerFuture, JobContext, JobSettings, Outcome, Runtime};
use crate::secret::SecretKey;
use anyhow::Context as _;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const STORE_DB: &str = "steward_bench_store";

/// A job that does nothing: the queue's own cost.
struct Noop;

impl Handler for Noop {
    fn process(&self, _ctx: JobContext) -> HandlerFuture<Outcome> {
        Box::pin(async { Ok(Outcome::Completed) })
    }
    fn give_up(&self, _job: entity::job::Model, _reason: String) -> HandlerFuture<()> {
        Box::pin(async { Ok(()) })
    }
}

/// A fresh PostgreSQL store database on `server`, migrated; its URL.
async fn fresh_store(server: &str) -> anyhow::Result<String> {
    let admin = sea_orm::Database::connect(server).await?;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {STORE_DB} WITH (FORCE)"))
        .await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {STORE_DB}"))
        .await?;
    admin.close().await?;
    let url = super::with_db(server, STORE_DB);
    let db = crate::db::connect(&url.parse().map_err(|e| anyhow::anyhow!("{e}"))?).await?;
    crate::db::migrate(&db).await?;
    db.close().await?;
    Ok(url)
}

async fn store(url: &str) -> anyhow::Result<DatabaseConnection> {
    crate::db::connect(&url.parse().map_err(|e| anyhow::anyhow!("{e}"))?).await
}

/// Claims per second with 1–4 claimers, each its own node with its own pool, on
/// `url`'s store.
async fn claims(label: &str, url: &str) -> anyhow::Result<()> {
    const JOBS: usize = 2000;
    println!("  claims on {label} ({JOBS} no-op jobs a run):");
    for claimers in 1..=4 {
        let db = store(url).await?;
        entity::job::Entity::delete_many().exec(&db).await?;
        for n in 0..JOBS {
            jobs::enqueue(&db, "bench_noop", &format!("bench:{n}"), json!({})).await?;
        }
        let stop = tokio_util::sync::CancellationToken::new();
        let mut nodes = Vec::new();
        let t = Instant::now();
        for c in 0..claimers {
            let mut settings = JobSettings::new(format!("claimer-{c}"));
            settings.workers = 1;
            settings.poll = Duration::from_millis(5);
            let runtime = Runtime::new(store(url).await?, settings, Arc::default())
                .with("bench_noop", Arc::new(Noop));
            nodes.push(runtime.start(stop.clone()));
        }
        while jobs::count(&db, jobs::COMPLETED).await? < JOBS as u64 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let secs = t.elapsed().as_secs_f64();
        stop.cancel();
        for n in nodes {
            n.join().await;
        }
        println!(
            "    {claimers} claimer{}: {:7.0} jobs/s  ({secs:.2} s; claim, run and record each)",
            if claimers == 1 { " " } else { "s" },
            JOBS as f64 / secs
        );
    }
    Ok(())
}

/// A `steward worker` process, killed when dropped.
struct WorkerProc(Child);

impl Drop for WorkerProc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A FULL scan of the bench table run by `workers` worker processes, on a store shared
/// through PostgreSQL; wall time in seconds.
async fn shared_scan(
    store_url: &str,
    source_url: &str,
    workers: usize,
    part_mb: u64,
) -> anyhow::Result<(f64, i64, Vec<String>)> {
    let db = store(store_url).await?;
    let secret = hex::encode(rand::random::<[u8; 32]>());
    let key = SecretKey::from_secret(&secret)?;
    crate::demo::load(&db).await.ok();
    let system = entity::system::Entity::find()
        .one(&db)
        .await?
        .context("the demo holds a system")?;
    let source = crate::discovery::sources::create(
        &db,
        &key,
        crate::discovery::sources::NewSource {
            system_id: system.id,
            name: format!("bench-{workers}-{}", rand::random::<u32>()),
            url: source_url.to_owned(),
        },
    )
    .await?;
    let exe = std::env::current_exe()?;
    let procs: Vec<WorkerProc> = (0..workers)
        .map(|i| {
            Command::new(&exe)
                .args([
                    "worker",
                    "--workers",
                    "1",
                    "--node-id",
                    &format!("bench-w{i}"),
                    "--scan-part-mb",
                    &part_mb.to_string(),
                ])
                .env("DATABASE_URL", store_url)
                .env("STEWARD_SECRET_KEY", &secret)
                .env("RUST_LOG", "steward=warn")
                .stdout(Stdio::null())
                .spawn()
                .map(WorkerProc)
        })
        .collect::<Result<_, _>>()?;
    let scanner = Scanner::new(db.clone(), Arc::default());
    let t = Instant::now();
    let scan = scanner
        .start(StartScan {
            source_id: source.id,
            mode: ScanMode::Full,
            sample_rows: None,
            scope: Scope {
                schemas: vec!["public".into()],
                tables: vec![super::TABLE.into()],
            },
            actor: Some("bench".into()),
        })
        .await?;
    let done = loop {
        let s = scanner.get(scan.id).await?;
        if !["QUEUED", "RUNNING"].contains(&s.status.as_str()) {
            break s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let secs = t.elapsed().as_secs_f64();
    drop(procs);
    anyhow::ensure!(
        done.status == "COMPLETED",
        "the scan ended {}: {:?}",
        done.status,
        done.error
    );
    let nodes = crate::discovery::scan_job::nodes(&db, scan.id).await?;
    Ok((secs, done.bytes_read, nodes))
}

pub async fn run(args: &super::BenchArgs) -> anyhow::Result<()> {
    println!("job queue");
    let dir = std::env::temp_dir().join(format!("steward-bench-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let db = store(&sqlite).await?;
    crate::db::migrate(&db).await?;
    db.close().await?;
    claims(
        "SQLite (one node; claims take turns on the store's one connection)",
        &sqlite,
    )
    .await?;
    let store_url = fresh_store(&args.server_url).await?;
    claims("PostgreSQL (FOR UPDATE SKIP LOCKED)", &store_url).await?;
    let _ = std::fs::remove_dir_all(&dir);

    let source_url = super::prepare(args).await?;
    let copy = super::copy_seconds(&source_url, super::SELECT).await?;
    println!(
        "FULL scan of {} ({:.0} MB as COPY text, {} MB parts), worker processes sharing a PostgreSQL store:",
        super::TABLE,
        copy.1 as f64 / 1e6,
        args.part_mb
    );
    println!(
        "    COPY … TO STDOUT      {:6.1} s  {:7.1} MB/s",
        copy.0,
        copy.1 as f64 / 1e6 / copy.0
    );
    for workers in [1, 2] {
        let (secs, bytes, nodes) =
            shared_scan(&store_url, &source_url, workers, args.part_mb).await?;
        println!(
            "    {workers} worker{}             {secs:6.1} s  {:7.1} MB/s  ratio to COPY {:.2}  (parts read by {})",
            if workers == 1 { " " } else { "s" },
            bytes as f64 / 1e6 / secs,
            copy.0 / secs,
            nodes.join(", ")
        );
    }
    println!(
        "  ({} cores here: the workers, their profiling threads and PostgreSQL share them)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if args.drop {
        let admin = sea_orm::Database::connect(&args.server_url).await?;
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {STORE_DB} WITH (FORCE)"))
            .await?;
    }
    Ok(())
}
