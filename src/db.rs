//! Opening Steward's own store and running its migrations.

use crate::config::DbUrl;
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
    TransactionTrait,
};
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
        .map_err(|e| anyhow::anyhow!("giving resources their fides keys failed: {e}"))?;
    count_writes(db)
        .await
        .context("adding the store's write counter failed")?;
    Ok(())
}

/// The store's write counter: one row, moved by a trigger on every insert, update and
/// delete of every table, inside the writing transaction, so it becomes visible with
/// the write it counts. Made at every start, so tables that later migrations add get
/// their trigger too.
const VERSION_TABLE: &str = "steward_store_version";

async fn count_writes(db: &DatabaseConnection) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    let tables_sql = match backend {
        DbBackend::Postgres => {
            // Nodes starting together make the triggers one at a time.
            txn.execute_unprepared(&format!(
                "SELECT pg_advisory_xact_lock(hashtext('{VERSION_TABLE}'))"
            ))
            .await?;
            txn.execute_unprepared(&format!(
                "CREATE TABLE IF NOT EXISTS {VERSION_TABLE} \
                 (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL); \
                 INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING"
            ))
            .await?;
            // At commit, once per transaction: the row is locked only while the writer
            // commits, so writers do not queue on it for their whole transaction, and no
            // writer holding it waits for another lock.
            txn.execute_unprepared(&format!(
                "CREATE OR REPLACE FUNCTION steward_count_write() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                 IF current_setting('steward.write_counted', true) IS DISTINCT FROM 'yes' THEN \
                 UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1; \
                 PERFORM set_config('steward.write_counted', 'yes', true); \
                 END IF; RETURN NULL; END $$"
            ))
            .await?;
            format!(
                "SELECT c.relname AS name FROM pg_class c \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() \
                 AND c.relname <> '{VERSION_TABLE}' AND NOT EXISTS \
                 (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'steward_version')"
            )
        }
        _ => {
            txn.execute_unprepared(&format!(
                "CREATE TABLE IF NOT EXISTS {VERSION_TABLE} \
                 (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)"
            ))
            .await?;
            txn.execute_unprepared(&format!(
                "INSERT OR IGNORE INTO {VERSION_TABLE} (id, version) VALUES (1, 0)"
            ))
            .await?;
            format!(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '{VERSION_TABLE}'"
            )
        }
    };
    let tables = txn
        .query_all(Statement::from_string(backend, tables_sql))
        .await?;
    for row in tables {
        let table: String = row.try_get("", "name")?;
        let quoted = table.replace('"', "\"\"");
        if backend == DbBackend::Postgres {
            txn.execute_unprepared(&format!(
                "CREATE CONSTRAINT TRIGGER steward_version AFTER INSERT OR UPDATE OR DELETE \
                 ON \"{quoted}\" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
                 EXECUTE FUNCTION steward_count_write()"
            ))
            .await?;
            continue;
        }
        for op in ["INSERT", "UPDATE", "DELETE"] {
            let trigger = format!("steward_version_{quoted}_{}", op.to_lowercase());
            txn.execute_unprepared(&format!(
                "CREATE TRIGGER IF NOT EXISTS \"{trigger}\" AFTER {op} ON \"{quoted}\" \
                 BEGIN UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1; END"
            ))
            .await?;
        }
    }
    txn.commit().await
}

/// The store's version: it changes whenever a write to the store commits, from this
/// process or any other node or process, and stays the same otherwise (the write
/// counter above). Two reads at the same version see the same data.
pub async fn store_version(db: &DatabaseConnection) -> Result<String, DbErr> {
    let backend = db.get_database_backend();
    let sql = format!("SELECT CAST(version AS TEXT) AS v FROM {VERSION_TABLE} WHERE id = 1");
    let row = db
        .query_one(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| DbErr::Custom("the store has no version row".into()))?;
    row.try_get("", "v")
}
