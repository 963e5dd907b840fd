//! SQLite files, opened read-only through the sqlx that Steward's store already uses.

use super::{
    binary_read, binary_value, ColumnInfo, ConnectorError, ConnectorErrorKind, Dialect, ForeignKey,
    IndexSupport, Limits, PackedAddress, ReadStats, RowBuffer, RowSink, Sampling, TableInfo,
    TableSink, BINARY_READ, SAMPLE_SEED,
};
use crate::discovery::hints;
use crate::discovery::source::SourceUrl;
use futures_util::TryStreamExt;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteValueRef};
use sea_orm::sqlx::{self, ConnectOptions, Connection, Row, TypeInfo, ValueRef};

pub struct LiteSource {
    conn: SqliteConnection,
}

fn lite_error(context: &str, e: sqlx::Error) -> ConnectorError {
    ConnectorError::from_text(context, &e.to_string())
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Which columns are read, by SQLite's affinity rules: every column but those of REAL
/// affinity (`REAL`, `FLOAT`, `DOUBLE`: measurements), booleans, and dates and times
/// whose name does not say date of birth. Text, integer, blob and untyped columns are
/// read, and so is every other declared type (`NUMERIC`, or a type another engine
/// named, `inet`, `uuid`, `bytea`, a domain such as `email`: NUMERIC affinity keeps
/// text as text).
fn skip_reason(column: &str, declared: &str) -> Option<String> {
    let t = declared.to_uppercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let dated = has(&["DATE", "TIME"]);
    let read = if dated {
        hints::wants_dates(column)
    } else {
        // `INT` first, as SQLite decides (`FLOATING POINT` is an integer column).
        has(&["INT", "CHAR", "CLOB", "TEXT", "BLOB"]) || !has(&["REAL", "FLOA", "DOUB", "BOOL"])
    };
    (!read).then(|| format!("type {declared} is not scanned"))
}

impl LiteSource {
    pub async fn connect(url: &SourceUrl, limits: Limits) -> Result<Self, ConnectorError> {
        let path = url.sqlite_path().unwrap_or_default();
        if path.is_empty() || !std::path::Path::new(&path).is_file() {
            return Err(ConnectorError::new(
                ConnectorErrorKind::DatabaseMissing,
                format!("no SQLite file at {path}"),
            ));
        }
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .read_only(true)
            .create_if_missing(false)
            .busy_timeout(limits.lock_timeout)
            .disable_statement_logging();
        let mut conn = options
            .connect()
            .await
            .map_err(|e| lite_error("cannot open the SQLite file", e))?;
        sqlx::query("PRAGMA query_only = ON")
            .execute(&mut conn)
            .await
            .map_err(|e| lite_error("cannot make the connection read-only", e))?;
        Ok(Self { conn })
    }

    pub async fn close(self) {
        let _ = self.conn.close().await;
    }

    pub async fn introspect(&mut self) -> Result<Vec<TableInfo>, ConnectorError> {
        let tables: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )
        .fetch_all(&mut self.conn)
        .await
        .map_err(|e| lite_error("cannot list tables", e))?;
        let names = without_shadow_tables(tables);
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let cols = sqlx::query(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid",
            )
            .bind(&name)
            .fetch_all(&mut self.conn)
            .await
            .map_err(|e| lite_error("cannot list columns", e))?;
            let mut columns = Vec::new();
            let mut pk: Vec<(i64, String)> = Vec::new();
            for c in cols {
                let col: String = c.get(0);
                let declared: String = c.get(1);
                let notnull: i64 = c.get(2);
                let pk_pos: i64 = c.get(3);
                if pk_pos > 0 {
                    pk.push((pk_pos, col.clone()));
                }
                columns.push(ColumnInfo {
                    skip_reason: skip_reason(&col, &declared),
                    name: col,
                    data_type: declared,
                    nullable: notnull == 0,
                });
            }
            pk.sort();
            let fk_rows = sqlx::query("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq")
                .bind(&name)
                .fetch_all(&mut self.conn)
                .await
                .map_err(|e| lite_error("cannot list foreign keys", e))?;
            let mut foreign_keys: Vec<(i64, ForeignKey)> = Vec::new();
            for r in fk_rows {
                let id: i64 = r.get(0);
                let to: Option<String> = r.get(3);
                match foreign_keys.last_mut() {
                    Some((last, fk)) if *last == id => {
                        fk.columns.push(r.get(2));
                        fk.ref_columns.push(to.unwrap_or_default());
                    }
                    _ => foreign_keys.push((
                        id,
                        ForeignKey {
                            columns: vec![r.get(2)],
                            ref_schema: "main".into(),
                            ref_table: r.get(1),
                            ref_columns: vec![to.unwrap_or_default()],
                        },
                    )),
                }
            }
            out.push(TableInfo {
                schema: "main".into(),
                name,
                columns,
                row_estimate: None,
                primary_key: pk.into_iter().map(|(_, c)| c).collect(),
                foreign_keys: foreign_keys.into_iter().map(|(_, fk)| fk).collect(),
                unreadable: None,
                blocks: None,
                inherited: false,
            });
        }
        Ok(out)
    }

    pub async fn read(
        &mut self,
        table: &TableInfo,
        columns: &[&str],
        sampling: Sampling,
        sink: &mut dyn TableSink,
    ) -> Result<ReadStats, ConnectorError> {
        // Any column may hold blobs (SQLite does not enforce declared types): a blob's
        // first bytes are read, and kept where they are text (see `select`).
        let select: Vec<String> = columns
            .iter()
            .map(|c| {
                let q = quote(c);
                format!(
                    "CASE WHEN typeof({q}) = 'blob' THEN substr({q}, 1, {BINARY_READ}) ELSE CAST({q} AS TEXT) END"
                )
            })
            .collect();
        let from = Dialect::Sqlite.table(table);
        let sql = match sampling {
            Sampling::Full | Sampling::Blocks { .. } | Sampling::Keys { .. } => {
                format!("SELECT {} FROM {from}", select.join(", "))
            }
            Sampling::Sample(n) => {
                // Spread over the table by a hash of the rowid, so the same data gives
                // the same sample; a table WITHOUT ROWID has none, and is drawn at random.
                let create: Option<String> =
                    sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = ?")
                        .bind(&table.name)
                        .fetch_optional(&mut self.conn)
                        .await
                        .map_err(|e| lite_error("cannot read the table definition", e))?;
                let rowid = !create
                    .unwrap_or_default()
                    .to_uppercase()
                    .contains("WITHOUT ROWID");
                let order = if rowid {
                    format!("(rowid * 2654435761 + {SAMPLE_SEED}) % 4294967291")
                } else {
                    "random()".to_owned()
                };
                format!(
                    "SELECT {} FROM {from} ORDER BY {order} LIMIT {n}",
                    select.join(", ")
                )
            }
        };
        let context = format!("cannot read {}", table.name);
        // A blob under an address's name may pack the address (see `binary_value`).
        let packed: Vec<Option<PackedAddress>> = columns
            .iter()
            .map(|c| PackedAddress::of_column(c))
            .collect();
        self.rows(&sql, &packed, true, &mut |values| sink.row(values))
            .await
            .map_err(|e| e.context(&context))
    }

    /// Streams the rows of any read-only `SELECT` whose `width` columns are text. A blob
    /// is read as its text when its bytes are text ([`binary_value`]) and as no value when
    /// they are not (an image); a text that is not valid UTF-8 is read with the invalid
    /// bytes replaced. Neither fails the read.
    pub async fn select(
        &mut self,
        sql: &str,
        width: usize,
        sink: &mut RowSink<'_>,
    ) -> Result<ReadStats, ConnectorError> {
        self.rows(sql, &vec![None; width], false, sink).await
    }

    /// [`LiteSource::select`], a blob in column `i` read as the address it packs where
    /// `packed[i]` says so ([`binary_value`]). Where the `SELECT` reads blobs as their
    /// first [`BINARY_READ`] bytes (`prefixed`, a table's read), a blob's text is that
    /// of its first [`BINARY_PREFIX`](super::BINARY_PREFIX), and the stats count the
    /// blobs that went on.
    async fn rows(
        &mut self,
        sql: &str,
        packed: &[Option<PackedAddress>],
        prefixed: bool,
        sink: &mut RowSink<'_>,
    ) -> Result<ReadStats, ConnectorError> {
        let mut rows = sqlx::query(sql).fetch(&mut self.conn);
        let mut row_buf = RowBuffer::new(packed.len());
        while let Some(row) = rows
            .try_next()
            .await
            .map_err(|e| lite_error("query failed", e))?
        {
            for (i, packed) in packed.iter().enumerate() {
                let raw = row
                    .try_get_raw(i)
                    .map_err(|e| lite_error("query failed", e))?;
                row_buf.push_binary(lite_text(raw, *packed, prefixed));
            }
            if !row_buf.deliver(sink) {
                break;
            }
        }
        Ok(row_buf.stats)
    }

    /// Which lookups an index led by `column` answers (SQLite compares case-sensitively
    /// unless the column says otherwise, so only exact lookups are claimed).
    pub async fn index_support(
        &mut self,
        table: &str,
        column: &str,
    ) -> Result<IndexSupport, ConnectorError> {
        let firsts: Vec<String> = sqlx::query_scalar(
            "SELECT ii.name FROM pragma_index_list(?1) il, pragma_index_info(il.name) ii
             WHERE ii.seqno = 0 AND il.partial = 0",
        )
        .bind(table)
        .fetch_all(&mut self.conn)
        .await
        .map_err(|e| lite_error("cannot list indexes", e))?;
        Ok(IndexSupport {
            exact: firsts.iter().any(|c| c == column),
            case_insensitive: false,
        })
    }
}

/// A value as text: see [`LiteSource::select`].
fn lite_text(
    raw: SqliteValueRef<'_>,
    packed: Option<PackedAddress>,
    prefixed: bool,
) -> (Option<String>, bool) {
    if raw.is_null() {
        return (None, false);
    }
    let blob = raw.type_info().name() == "BLOB";
    let Ok(bytes) = <&[u8] as sqlx::Decode<sqlx::Sqlite>>::decode(raw) else {
        return (None, false);
    };
    if blob && prefixed {
        binary_read(bytes, packed)
    } else if blob {
        (binary_value(bytes, packed), false)
    } else {
        (Some(String::from_utf8_lossy(bytes).into_owned()), false)
    }
}

/// What a virtual table's module (full-text search, R-tree) keeps in tables of its own,
/// named after the virtual table: `notes_fts_content`, `places_rtree_node`.
const SHADOW_SUFFIXES: &[&str] = &[
    "content", "segments", "segdir", "docsize", "stat", "data", "idx", "config", "node", "parent",
    "rowid",
];

/// The tables of `(name, sql)` to scan: all but the shadow tables of a virtual table.
/// Their rows are the virtual table's own, read through it (an FTS4 table's
/// `_content` holds the same text as the table; the others hold index blobs), so each
/// value is reported once, under the table the application defined.
fn without_shadow_tables(tables: Vec<(String, Option<String>)>) -> Vec<String> {
    let virtuals: Vec<String> = tables
        .iter()
        .filter(|(_, sql)| {
            sql.as_deref().is_some_and(|sql| {
                sql.split_whitespace()
                    .take(3)
                    .map(str::to_ascii_uppercase)
                    .eq(["CREATE", "VIRTUAL", "TABLE"])
            })
        })
        .map(|(name, _)| name.to_lowercase())
        .collect();
    let is_shadow = |name: &str| {
        let name = name.to_lowercase();
        virtuals.iter().any(|v| {
            name.strip_prefix(v.as_str())
                .and_then(|rest| rest.strip_prefix('_'))
                .is_some_and(|suffix| SHADOW_SUFFIXES.contains(&suffix))
        })
    };
    tables
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !is_shadow(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_say_which_columns_are_read() {
        for read in [
            "TEXT",
            "varchar(80)",
            "INTEGER",
            "BIGINT",
            "NUMERIC",
            "decimal(11,0)",
            "BLOB",
            "",
            // Types another engine named: NUMERIC affinity, text kept as text.
            "bytea",
            "epost",
            "inet",
            "uuid",
            "JSON",
        ] {
            assert_eq!(skip_reason("fnr", read), None, "{read}");
        }
        for skipped in ["REAL", "DOUBLE", "BOOLEAN", "TIMESTAMP"] {
            assert!(skip_reason("fnr", skipped).is_some(), "{skipped}");
        }
        assert_eq!(skip_reason("fodselsdato", "DATE"), None);
    }

    #[test]
    fn shadow_tables_of_virtual_tables_are_left_to_their_table() {
        let table = |name: &str, sql: &str| (name.to_owned(), Some(sql.to_owned()));
        let tables = vec![
            table(
                "notes",
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
            ),
            table(
                "Notes_FTS",
                "create  virtual table Notes_FTS using fts5(body)",
            ),
            table(
                "notes_fts_data",
                "CREATE TABLE 'notes_fts_data'(id INTEGER PRIMARY KEY, block BLOB)",
            ),
            table(
                "notes_fts_content",
                "CREATE TABLE 'notes_fts_content'(id INTEGER PRIMARY KEY, c0)",
            ),
            table(
                "notes_fts_archive",
                "CREATE TABLE notes_fts_archive (body TEXT)",
            ),
            table("orders_content", "CREATE TABLE orders_content (body TEXT)"),
            ("legacy".to_owned(), None),
        ];
        assert_eq!(
            without_shadow_tables(tables),
            [
                "notes",
                "Notes_FTS",
                "notes_fts_archive",
                "orders_content",
                "legacy"
            ]
        );
    }

    #[tokio::test]
    async fn the_scanning_connection_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("src.db");
        let mut setup = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (i int)")
            .execute(&mut setup)
            .await
            .unwrap();
        setup.close().await.unwrap();
        let url = SourceUrl::parse(&format!("sqlite://{}", path.display())).unwrap();
        let mut source = LiteSource::connect(&url, Limits::default()).await.unwrap();
        let err = sqlx::query("INSERT INTO t VALUES (1)")
            .execute(&mut source.conn)
            .await;
        assert!(err.is_err(), "a write must fail");
        source.close().await;
    }
}
