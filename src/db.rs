//! Opening Steward's own store and running its migrations.

use crate::config::DbUrl;
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::time::Duration;

/// Connects to the store named by `url`. SQLite files are created when missing and
/// run in WAL mode with foreign keys on.
#[tracing::instrument(skip_all, fields(db = %url))]
pub async fn connect(url: &DbUrl) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = url.sqlite_path() {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create directory {}", dir.display()))?;
        }
    }
    let mut options = ConnectOptions::new(url.expose().to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if url.is_sqlite() {
        // One connection: SQLite has one writer at a time, and a transaction that read
        // before writing fails at once ("database is locked") when another connection
        // wrote in between, whatever the busy timeout. With one connection statements
        // and transactions queue in the pool instead. Every connection the pool opens
        // (it replaces old ones) gets the same settings.
        options
            .max_connections(1)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
    } else {
        options.max_connections(10);
    }
    let db = Database::connect(options)
        .await
        .with_context(|| format!("cannot connect to the store at {url}"))?;
    if url.is_sqlite() {
        if let Some(path) = url.sqlite_path() {
            private_files(&path)?;
        }
    }
    Ok(db)
}

/// Makes the SQLite store and its WAL and shared-memory files readable by Steward's own
/// user only (0600), whatever the umask: they hold people's data.
fn private_files(db: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            match std::fs::set_permissions(&name, std::fs::Permissions::from_mode(0o600)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| {
                        format!("cannot restrict {}", std::path::Path::new(&name).display())
                    })
                }
                _ => {}
            }
        }
    }
    let _ = db;
    Ok(())
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("applying migrations failed")?;
    crate::inventory::backfill_fides_keys(db)
        .await
        .map_err(|e| anyhow::anyhow!("giving resources their fides keys failed: {e}"))
}
