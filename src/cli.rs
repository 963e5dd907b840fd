//! What each `steward` subcommand does.

use crate::config::{
    Cli, Command, ExportJobArgs, RopaFormat, ServeArgs, StoreArgs, TokenCommand, WorkerArgs,
};
use crate::discovery::scan_job::ScanSettings;
use crate::dsar::exports::{ExportSettings, Exporter};
use crate::graphql::Limits;
use crate::http::{self, AppState};
use crate::inventory::ropa;
use crate::secret::SecretKey;
use crate::{auth, db, demo};
use anyhow::Context;
use sea_orm::DatabaseConnection;
use std::io::Write;

/// Logs go to stderr, so stdout stays clean for `schema`, `ropa` and `token create`.
pub fn init_tracing() {
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "steward=info,tower_http=info".into());
    // Driver statements carry the values locate looks for (and the store's, sealed or
    // not): never logged, whatever RUST_LOG asks for.
    for quiet in [
        "tokio_postgres=warn",
        "mysql_async=warn",
        "mysql_common=warn",
        "sqlx=warn",
        "sea_orm=warn",
    ] {
        if let Ok(d) = quiet.parse() {
            filter = filter.add_directive(d);
        }
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

async fn open_store(store: &StoreArgs) -> anyhow::Result<DatabaseConnection> {
    let conn = db::connect(&store.database_url).await?;
    db::migrate(&conn).await?;
    Ok(conn)
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.store, args).await,
        Command::Worker(args) => worker(&cli.store, args).await,
        Command::Migrate => {
            open_store(&cli.store).await?;
            SecretKey::load(&cli.store)?;
            eprintln!("migrations applied to {}", cli.store.database_url);
            Ok(())
        }
        Command::Schema => {
            print!("{}", crate::graphql::sdl());
            Ok(())
        }
        Command::Token { command } => token(&cli.store, command).await,
        Command::Fides { command } => match command {
            crate::config::FidesCommand::Export { out, organization } => {
                let conn = open_store(&cli.store).await?;
                let mut doc = crate::fides::export::build(&conn).await?;
                if let Some(key) = organization {
                    doc = doc.for_organization(&key);
                    anyhow::ensure!(
                        !doc.organization.is_empty(),
                        "no organisation has the fides key {key:?}"
                    );
                }
                let yaml = crate::fides::export::to_yaml(&doc)?;
                match out {
                    Some(path) => crate::secret::write_private(&path, yaml.as_bytes(), true)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                    None => std::io::stdout().lock().write_all(yaml.as_bytes())?,
                }
                Ok(())
            }
            crate::config::FidesCommand::Import { paths } => {
                let conn = open_store(&cli.store).await?;
                for file in crate::fides::files(&paths)? {
                    let name = file.display().to_string();
                    let text = std::fs::read_to_string(&file)
                        .with_context(|| format!("cannot read {name}"))?;
                    let doc = crate::fides::import::read(&text)
                        .map_err(|e| anyhow::anyhow!("{name}: {}", e.public_message()))?;
                    let done = crate::fides::import::import(&conn, &doc)
                        .await
                        .map_err(|e| {
                            anyhow::anyhow!(
                                "{name}: {}; nothing of this file was imported",
                                e.public_message()
                            )
                        })?;
                    println!("{name}: {}", serde_json::to_string(&done)?);
                }
                Ok(())
            }
        },
        Command::Scan(args) => crate::discovery::cli::scan(args).await,
        Command::Export(args) => {
            let conn = open_store(&cli.store).await?;
            crate::dsar::cli::export(&conn, args).await
        }
        Command::Bench(args) => crate::bench::run(args).await,
        Command::Detect => {
            let stdin = std::io::stdin();
            crate::discovery::cli::detect(stdin.lock(), std::io::stdout().lock())
        }
        Command::Demo => {
            let conn = open_store(&cli.store).await?;
            let key = SecretKey::load(&cli.store)?;
            eprintln!("{}", demo::load(&conn).await?);
            eprintln!("{}", demo_shop(&cli.store, &conn, &key).await?);
            Ok(())
        }
        Command::Ropa { format, out } => {
            use std::io::IsTerminal;
            if format == RopaFormat::Xlsx && out.is_none() && std::io::stdout().is_terminal() {
                anyhow::bail!("a spreadsheet is binary: give --out FILE or redirect the output");
            }
            let conn = open_store(&cli.store).await?;
            let records = ropa::build(&conn).await?;
            let bytes = ropa::write(&records, format)?;
            match out {
                Some(path) => crate::secret::write_private(&path, &bytes, true)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => std::io::stdout().lock().write_all(&bytes)?,
            }
            Ok(())
        }
    }
}

/// Writes the demo shop beside the store and registers it.
async fn demo_shop(
    store: &StoreArgs,
    conn: &DatabaseConnection,
    key: &SecretKey,
) -> anyhow::Result<String> {
    let path = demo::shop::path_beside(store.database_url.sqlite_path().as_deref());
    demo::shop::install(conn, key, &path).await
}

/// Export settings shared by `serve` and `worker`; removes what a crash left
/// half-written in the export directory.
fn export_settings(
    store: &StoreArgs,
    args: &ExportJobArgs,
    public_url: String,
) -> anyhow::Result<ExportSettings> {
    let dir = args.export_dir.clone().unwrap_or_else(|| {
        store
            .database_url
            .sqlite_path()
            .and_then(|p| p.parent().map(|d| d.join("exports")))
            .unwrap_or_else(|| "exports".into())
    });
    // Another node sharing the directory may be writing a package right now: only
    // files nobody has touched for a while are left over from a crash.
    let partial = Exporter::remove_partial_files(&dir, std::time::Duration::from_secs(15 * 60))
        .with_context(|| format!("cannot clean {}", dir.display()))?;
    if partial > 0 {
        tracing::warn!("{partial} half-written export files from an earlier crash were removed");
    }
    let mut exports = ExportSettings::new(dir, public_url);
    exports.ttl = chrono::Duration::days(i64::from(args.export_ttl_days));
    exports.phone_region = crate::dsar::cli::parse_region(&args.phone_region)?;
    Ok(exports)
}

async fn serve(store: &StoreArgs, args: ServeArgs) -> anyhow::Result<()> {
    let conn = open_store(store).await?;
    let key = SecretKey::load(store)?;
    if args.demo {
        if demo::store_is_empty(&conn).await? {
            let summary = demo::load(&conn).await?;
            tracing::info!("{summary}");
            // Not inside the macro: a disabled level would skip the call.
            let shop = demo_shop(store, &conn, &key).await?;
            tracing::info!("{shop}");
        } else {
            tracing::info!("--demo: the store already holds an inventory; demo not loaded");
        }
    }
    if auth::list(&conn).await?.is_empty() {
        tracing::warn!(
            "no API tokens yet: create one with `steward token create --name admin --role admin`"
        );
    }
    let limits = Limits {
        depth: args.max_query_depth,
        complexity: args.max_query_complexity,
        body_bytes: args.max_body_bytes,
        request_timeout: std::time::Duration::from_secs(args.request_timeout_secs),
        loader_delay: std::time::Duration::from_micros(args.loader_delay_us),
        read_cache_entries: args.read_cache_entries,
    };
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let public_url = args.public_url.clone().unwrap_or_else(|| {
        format!(
            "http://{}",
            listener
                .local_addr()
                .map(|a| a.to_string())
                .unwrap_or_default()
        )
    });
    let exports = export_settings(store, &args.exports, public_url)?;
    let jobs = args.jobs.settings();
    let (node, workers) = (jobs.node_id.clone(), jobs.workers);
    let state = AppState::with_jobs(
        conn,
        key,
        limits,
        exports,
        jobs,
        ScanSettings::with_part_mb(args.jobs.scan_part_mb),
    );
    state
        .exporter
        .spawn_purger(std::time::Duration::from_secs(3600));
    tracing::info!(
        "Steward listening on http://{} (GraphiQL at /graphql, store {}; node {node}, {workers} job workers)",
        listener.local_addr()?,
        store.database_url
    );
    http::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// `steward worker`: job workers only, until SIGTERM or Ctrl-C; then they drain.
async fn worker(store: &StoreArgs, args: WorkerArgs) -> anyhow::Result<()> {
    let conn = open_store(store).await?;
    let key = std::sync::Arc::new(SecretKey::load(store)?);
    let exports = export_settings(store, &args.exports, String::new())?;
    let jobs = args.jobs.settings();
    if jobs.workers == 0 {
        anyhow::bail!("--workers 0: a worker node needs at least one worker");
    }
    let (node, workers) = (jobs.node_id.clone(), jobs.workers);
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let exporter = Exporter::new(conn.clone(), key.clone(), exports, wake.clone());
    let runtime = crate::node::runtime(
        &conn,
        &key,
        &exporter,
        jobs,
        ScanSettings::with_part_mb(args.jobs.scan_part_mb),
        wake,
    );
    let stop = tokio_util::sync::CancellationToken::new();
    let running = runtime.start(stop.clone());
    tracing::info!(
        "Steward worker {node} running {workers} job workers (store {})",
        store.database_url
    );
    shutdown_signal().await;
    tracing::info!("stopping: no new jobs; running ones are given the grace period");
    stop.cancel();
    running.join().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

async fn token(store: &StoreArgs, command: TokenCommand) -> anyhow::Result<()> {
    let conn = open_store(store).await?;
    match command {
        TokenCommand::Create { name, role } => {
            let (model, secret) = auth::create(&conn, &name, role.into()).await?;
            eprintln!(
                "created token {:?} with role {}; it is shown once, store it now:",
                model.name, model.role
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            let tokens = auth::list(&conn).await?;
            if tokens.is_empty() {
                eprintln!("no tokens");
            }
            for t in tokens {
                let state = match (t.revoked_at, t.last_used_at) {
                    (Some(at), _) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
                    (None, Some(at)) => format!("last used {}", at.format("%Y-%m-%d %H:%M")),
                    (None, None) => "never used".into(),
                };
                println!("{}\t{}\t{}…\t{}", t.name, t.role, t.prefix, state);
            }
        }
        TokenCommand::Revoke { name } => {
            let t = auth::revoke(&conn, &name).await?;
            eprintln!("revoked token {:?}", t.name);
        }
    }
    Ok(())
}

/// A one-line account of an error for the terminal. Service errors show their public
/// message; other errors show their context chain.
pub fn describe(e: &anyhow::Error) -> String {
    if let Some(service) = e.downcast_ref::<crate::error::Error>() {
        return match service {
            crate::error::Error::Internal(inner) => format!("{inner:#}"),
            other => other.public_message(),
        };
    }
    format!("{e:#}")
}
