//! PostgreSQL sources through tokio-postgres.

use super::{
    sample_fraction, ColumnInfo, ConnectorError, ConnectorErrorKind, Dialect, ForeignKey,
    IndexSupport, Limits, ReadStats, RowBuffer, RowSink, Sampling, TableInfo, TableSink,
    SAMPLE_SEED,
};
use crate::discovery::hints;
use crate::discovery::source::SourceUrl;
use futures_util::{pin_mut, StreamExt, TryStreamExt};
use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, NoTls};

/// The connection's half that reads the server's messages and writes our requests.
type Driver = Pin<Box<dyn Future<Output = Result<(), tokio_postgres::Error>> + Send>>;

pub struct PgSource {
    client: Client,
    /// Polled by whichever task awaits the client (see [`driven`]); `None` once closed.
    driver: Option<Driver>,
}

/// Awaits `op` while polling the connection in the same task. A connection spawned as
/// a task of its own handed every message over to the reading task on another thread,
/// with a wake-up: COPY sends a `CopyData` message a row, and the threads doing that
/// took about a sixth of a FULL scan's CPU on the benchmark table (`perf`).
async fn driven<T>(driver: &mut Option<Driver>, op: impl Future<Output = T>) -> T {
    let mut op = std::pin::pin!(op);
    std::future::poll_fn(|cx| {
        if let Some(d) = driver.as_mut() {
            if let Poll::Ready(end) = d.as_mut().poll(cx) {
                if let Err(e) = end {
                    tracing::debug!(error = %e, "source connection closed");
                }
                // Dropping it ends the client's requests with an error of their own.
                *driver = None;
            }
        }
        op.as_mut().poll(cx)
    })
    .await
}

fn pg_error(context: &str, e: tokio_postgres::Error) -> ConnectorError {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let kind = if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            ConnectorErrorKind::Authentication
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            ConnectorErrorKind::DatabaseMissing
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            ConnectorErrorKind::Permission
        } else if *code == SqlState::QUERY_CANCELED || *code == SqlState::LOCK_NOT_AVAILABLE {
            ConnectorErrorKind::Timeout
        } else {
            ConnectorErrorKind::Other
        };
        return ConnectorError::new(kind, format!("{context}: {}", db.message()));
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    ConnectorError::from_text(context, &text)
}

/// `"schema"."table"` with quotes doubled.
pub(crate) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn is_scannable(column: &str, category: &str, type_name: &str) -> Option<String> {
    match (category, type_name) {
        ("S", _) | ("N", _) | ("I", _) | ("E", _) => None,
        ("D", "date" | "timestamp" | "timestamptz") if hints::wants_dates(column) => None,
        ("U", "json" | "jsonb" | "citext" | "macaddr" | "macaddr8" | "xml" | "hstore") => None,
        // Read as text where the bytes are text (see `Dialect::reads_hex`).
        ("U", "bytea") => None,
        // A composite type's text form lists its fields: read as text.
        ("C", _) => None,
        ("A", t) if ["_text", "_varchar", "_bpchar", "_citext", "_inet"].contains(&t) => None,
        _ => Some(format!("type {type_name} is not scanned")),
    }
}

impl PgSource {
    pub async fn connect(url: &SourceUrl, limits: Limits) -> Result<Self, ConnectorError> {
        let (pg_url, mode) = super::pg_tls::split(url.expose())?;
        let (client, driver): (Client, Driver) = if mode == super::pg_tls::TlsMode::Disable {
            let (client, connection) = tokio_postgres::connect(&pg_url, NoTls)
                .await
                .map_err(|e| pg_error("cannot connect", e))?;
            (client, Box::pin(connection))
        } else {
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(super::pg_tls::config(&mode)?);
            let (client, connection) = tokio_postgres::connect(&pg_url, tls)
                .await
                .map_err(|e| pg_error("cannot connect", e))?;
            (client, Box::pin(connection))
        };
        let mut driver = Some(driver);
        // Read-only for the whole session; every statement has a deadline.
        let settings = format!(
            "SET default_transaction_read_only = on; SET statement_timeout = {}; \
             SET lock_timeout = {}; SET idle_in_transaction_session_timeout = 60000; \
             SET standard_conforming_strings = on; SET application_name = 'steward-discovery'",
            limits.statement_timeout.as_millis(),
            limits.lock_timeout.as_millis()
        );
        driven(&mut driver, client.batch_execute(&settings))
            .await
            .map_err(|e| pg_error("cannot configure the session", e))?;
        Ok(Self { client, driver })
    }

    pub async fn close(self) {
        drop(self.client);
        if let Some(driver) = self.driver {
            if let Err(e) = driver.await {
                tracing::debug!(error = %e, "source connection closed");
            }
        }
    }

    pub async fn introspect(&mut self) -> Result<Vec<TableInfo>, ConnectorError> {
        let tables = driven(
            &mut self.driver,
            self.client.query(
                "SELECT c.oid, n.nspname::text, c.relname::text, c.reltuples::float8,
                        has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT'),
                        c.relpages::int8,
                        c.relkind = 'r' AND EXISTS (
                            SELECT 1 FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid
                            WHERE i.inhparent = c.oid AND NOT child.relispartition)
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'",
                &[],
            ),
        )
            .await
            .map_err(|e| pg_error("cannot list tables", e))?;
        let columns = driven(
            &mut self.driver,
            self.client.query(
                "SELECT a.attrelid, a.attname::text, format_type(a.atttypid, a.atttypmod),
                        t.typname::text, t.typcategory::text, NOT a.attnotnull
                 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                 JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm')
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                 ORDER BY a.attrelid, a.attnum",
                &[],
            ),
        )
        .await
        .map_err(|e| pg_error("cannot list columns", e))?;
        let constraints = driven(
            &mut self.driver,
            self.client.query(
                "SELECT con.conrelid, con.contype::text,
                        ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o),
                        fn.nspname::text, fc.relname::text,
                        ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o)
                 FROM pg_constraint con
                 LEFT JOIN pg_class fc ON fc.oid = con.confrelid
                 LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
                 WHERE con.contype IN ('p', 'f')
                 ORDER BY con.conrelid, con.conname",
                &[],
            ),
        )
            .await
            .map_err(|e| pg_error("cannot list keys", e))?;

        let mut by_oid: HashMap<u32, TableInfo> = HashMap::new();
        for r in &tables {
            let readable: bool = r.get(4);
            let estimate: f64 = r.get(3);
            by_oid.insert(
                r.get(0),
                TableInfo {
                    schema: r.get(1),
                    name: r.get(2),
                    columns: Vec::new(),
                    row_estimate: (estimate >= 0.0).then_some(estimate as i64),
                    primary_key: Vec::new(),
                    foreign_keys: Vec::new(),
                    unreadable: (!readable).then(|| "the user has no SELECT privilege".to_owned()),
                    blocks: Some(r.get(5)),
                    inherited: r.get(6),
                },
            );
        }
        for r in &columns {
            let oid: u32 = r.get(0);
            if let Some(t) = by_oid.get_mut(&oid) {
                let type_name: String = r.get(3);
                let category: String = r.get(4);
                let name: String = r.get(1);
                t.columns.push(ColumnInfo {
                    skip_reason: is_scannable(&name, &category, &type_name),
                    name,
                    data_type: r.get(2),
                    nullable: r.get(5),
                });
            }
        }
        for r in &constraints {
            let oid: u32 = r.get(0);
            let Some(t) = by_oid.get_mut(&oid) else {
                continue;
            };
            let kind: String = r.get(1);
            let columns: Vec<String> = r.get(2);
            if kind == "p" {
                t.primary_key = columns;
            } else {
                t.foreign_keys.push(ForeignKey {
                    columns,
                    ref_schema: r.get(3),
                    ref_table: r.get(4),
                    ref_columns: r.get(5),
                });
            }
        }
        Ok(by_oid.into_values().collect())
    }

    pub async fn read(
        &mut self,
        table: &TableInfo,
        columns: &[&str],
        sampling: Sampling,
        sink: &mut dyn TableSink,
    ) -> Result<ReadStats, ConnectorError> {
        // A `bytea` column as the hex of its first bytes, which its profile reads as
        // text where they are text (`Dialect::reads_hex`).
        let select: Vec<String> = columns
            .iter()
            .map(|c| Dialect::Postgres.text_in(table, c))
            .collect();
        let from = Dialect::Postgres.table(table);
        match sampling {
            Sampling::Full | Sampling::Keys { .. } => {
                let sql = format!("COPY (SELECT {} FROM {from}) TO STDOUT", select.join(", "));
                self.copy(&sql, columns.len(), sink).await
            }
            Sampling::Blocks { start, end } => {
                // A TID range scan: only these blocks are read.
                let mut range = format!("ctid >= '({start},0)'::tid");
                if let Some(end) = end {
                    range.push_str(&format!(" AND ctid < '({end},0)'::tid"));
                }
                let sql = format!(
                    "COPY (SELECT {} FROM {from} WHERE {range}) TO STDOUT",
                    select.join(", ")
                );
                self.copy(&sql, columns.len(), sink).await
            }
            Sampling::Sample(n) => {
                let tablesample = sample_fraction(n, table.row_estimate)
                    .map(|f| {
                        format!(
                            " TABLESAMPLE SYSTEM ({:.6}) REPEATABLE ({SAMPLE_SEED})",
                            (f * 100.0).max(0.0001)
                        )
                    })
                    .unwrap_or_default();
                let sql = format!(
                    "SELECT {} FROM {from}{tablesample} LIMIT {n}",
                    select.join(", ")
                );
                self.select(&sql, columns.len(), &mut |values| sink.row(values))
                    .await
                    .map_err(|e| e.context(&format!("cannot read {from}")))
            }
        }
    }

    /// Streams the rows of any read-only `SELECT` whose `width` columns are text.
    pub async fn select(
        &mut self,
        sql: &str,
        width: usize,
        sink: &mut RowSink<'_>,
    ) -> Result<ReadStats, ConnectorError> {
        let rows = driven(
            &mut self.driver,
            self.client.query_raw(sql, std::iter::empty::<i32>()),
        )
        .await
        .map_err(|e| pg_error("query failed", e))?;
        pin_mut!(rows);
        let mut row_buf = RowBuffer::new(width);
        while let Some(row) = driven(&mut self.driver, rows.try_next())
            .await
            .map_err(|e| pg_error("query failed", e))?
        {
            for i in 0..width {
                let v: Option<String> = row
                    .try_get(i)
                    .map_err(|e| pg_error("cannot decode a value", e))?;
                row_buf.push(v);
            }
            if !row_buf.deliver(sink) {
                break;
            }
        }
        Ok(row_buf.stats)
    }

    /// Which lookups an index on `column` answers without reading the whole table.
    pub async fn index_support(
        &mut self,
        schema: &str,
        table: &str,
        column: &str,
    ) -> Result<IndexSupport, ConnectorError> {
        let defs = driven(
            &mut self.driver,
            self.client.query(
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                 JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relname = $2 AND i.indpred IS NULL",
                &[&schema, &table],
            ),
        )
        .await
        .map_err(|e| pg_error("cannot list indexes", e))?;
        let mut support = IndexSupport::default();
        for r in defs {
            let def: String = r.get(0);
            let Some(keys) = def
                .split_once(" USING ")
                .and_then(|(_, rest)| rest.split_once('('))
            else {
                continue;
            };
            let first = keys.1;
            for name in [column.to_owned(), quote(column)] {
                if first.starts_with(&format!("{name})"))
                    || first.starts_with(&format!("{name},"))
                    || first.starts_with(&format!("{name} "))
                {
                    support.exact = true;
                }
                if first.starts_with(&format!("lower(({name})::text))"))
                    || first.starts_with(&format!("lower({name}))"))
                {
                    support.case_insensitive = true;
                }
            }
        }
        Ok(support)
    }

    /// Streams `COPY … TO STDOUT` (text format) to the sink in blocks of whole rows,
    /// undecoded: the reader only gathers bytes, so decoding and detection can run on
    /// other threads while the server keeps sending.
    async fn copy(
        &mut self,
        sql: &str,
        width: usize,
        sink: &mut dyn TableSink,
    ) -> Result<ReadStats, ConnectorError> {
        let stream = driven(&mut self.driver, self.client.copy_out(sql))
            .await
            .map_err(|e| pg_error("cannot start COPY", e))?;
        pin_mut!(stream);
        let mut stats = ReadStats::default();
        let mut block = CopyBlock::new();
        while let Some(data) = driven(&mut self.driver, stream.next()).await {
            let data = data.map_err(|e| pg_error("COPY failed", e))?;
            stats.bytes += data.len() as u64;
            // The server sends one CopyData message per row, each ending in a newline;
            // a block is cut only after one, so it always holds whole rows.
            block.bytes.extend_from_slice(&data);
            if data.ends_with(b"\n") {
                block.rows += 1;
                stats.rows += 1;
                if block.bytes.len() >= CopyBlock::BYTES
                    && !sink.copy_block(std::mem::take(&mut block), width)
                {
                    stats.stopped = true;
                    return Ok(stats);
                }
            }
        }
        if !block.bytes.is_empty() && !sink.copy_block(block, width) {
            stats.stopped = true;
        }
        Ok(stats)
    }
}

/// Whole rows of `COPY … TO STDOUT` text format, as the server sent them: fields split
/// by tabs, rows ended by newlines, `\N` for NULL, backslash escapes in values.
#[derive(Debug, Default)]
pub struct CopyBlock {
    bytes: Vec<u8>,
    rows: u64,
}

impl CopyBlock {
    /// A block is handed on once it holds this many bytes.
    pub const BYTES: usize = 1024 * 1024;

    fn new() -> Self {
        Self {
            bytes: Vec::with_capacity(Self::BYTES + 64 * 1024),
            rows: 0,
        }
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// A block of whatever bytes a test wants decoded.
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Self {
        let rows = bytes.iter().filter(|b| **b == b'\n').count() as u64;
        Self { bytes, rows }
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The block as text: checked once for UTF-8 (the session's client encoding), with
    /// anything invalid replaced rather than failing the read.
    pub fn text(&self) -> Cow<'_, str> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.bytes),
        }
    }

    /// Decodes the rows of `text` (see [`CopyBlock::text`]): exactly `width` cells per
    /// row appended to `cells`, `None` for NULL, escapes undone. One pass finds every
    /// tab, newline and backslash; a value without a backslash is borrowed as it is.
    pub fn decode<'t>(text: &'t str, width: usize, cells: &mut Vec<Option<Cow<'t, str>>>) {
        fn cell(raw: &str, escaped: bool) -> Option<Cow<'_, str>> {
            match (escaped, raw) {
                (false, _) => Some(Cow::Borrowed(raw)),
                (true, "\\N") => None,
                (true, _) => Some(unescape_copy(raw)),
            }
        }
        let bytes = text.as_bytes();
        let (mut field_start, mut fields, mut escaped) = (0, 0, false);
        let mut row_start = cells.len();
        for i in memchr::memchr3_iter(b'\t', b'\n', b'\\', bytes) {
            let separator = bytes[i];
            if separator == b'\\' {
                escaped = true;
                continue;
            }
            if fields < width {
                cells.push(cell(&text[field_start..i], escaped));
            }
            (field_start, fields, escaped) = (i + 1, fields + 1, false);
            if separator == b'\n' {
                cells.resize(row_start + width, None);
                (row_start, fields) = (cells.len(), 0);
            }
        }
        // A last row without its newline.
        if field_start < bytes.len() || fields > 0 {
            if fields < width {
                cells.push(cell(&text[field_start..], escaped));
            }
            cells.resize(row_start + width, None);
        }
    }

    /// Decodes the block and lends `f` all its cells, `width` per row.
    pub fn with_cells<R>(&self, width: usize, f: impl FnOnce(&[Option<&str>]) -> R) -> R {
        let text = self.text();
        let mut cells = Vec::with_capacity(self.rows as usize * width);
        Self::decode(&text, width, &mut cells);
        let values: Vec<Option<&str>> = cells.iter().map(|c| c.as_deref()).collect();
        f(&values)
    }

    /// Decodes the block and hands each row to `row`; false when `row` asked to stop.
    pub fn for_each_row(&self, width: usize, mut row: impl FnMut(&[Option<&str>]) -> bool) -> bool {
        width == 0 || self.with_cells(width, |cells| cells.chunks_exact(width).all(&mut row))
    }
}

/// Undoes COPY text-format escapes (`\\`, `\t`, `\n`, `\r`, …).
fn unescape_copy(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let raw = text.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' && i + 1 < raw.len() {
            let c = raw[i + 1];
            out.push(match c {
                b'n' => b'\n',
                b't' => b'\t',
                b'r' => b'\r',
                b'b' => 8,
                b'f' => 12,
                b'v' => 11,
                other => other,
            });
            i += 2;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_escapes_are_undone() {
        assert_eq!(unescape_copy("plain"), "plain");
        assert_eq!(unescape_copy("a\\tb\\nc\\\\d"), "a\tb\nc\\d");
    }

    #[test]
    fn copy_blocks_decode_to_rows_of_the_asked_width() {
        let text = "1\tola@example.no\t\\N\n2\ta\\tb\tc\\\\d\n3\n";
        let mut cells = Vec::new();
        CopyBlock::decode(text, 3, &mut cells);
        let cells: Vec<Option<&str>> = cells.iter().map(|c| c.as_deref()).collect();
        assert_eq!(
            cells,
            [
                Some("1"),
                Some("ola@example.no"),
                None,
                Some("2"),
                Some("a\tb"),
                Some("c\\d"),
                Some("3"),
                None,
                None,
            ]
        );
        let block = CopyBlock {
            bytes: text.as_bytes().to_vec(),
            rows: 3,
        };
        let mut seen = Vec::new();
        assert!(block.for_each_row(3, |row| {
            seen.push(row.iter().map(|v| v.map(str::to_owned)).collect::<Vec<_>>());
            true
        }));
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[1][1].as_deref(), Some("a\tb"));
        assert!(
            !block.for_each_row(3, |_| false),
            "a sink can stop the rows"
        );
    }

    /// The scanning session refuses writes (needs TEST_DATABASE_URL; required under CI).
    #[tokio::test]
    async fn the_scanning_session_refuses_writes() {
        let url = match std::env::var("TEST_DATABASE_URL") {
            Ok(u) if !u.is_empty() => u,
            _ if std::env::var_os("CI").is_some() => {
                panic!("TEST_DATABASE_URL is required under CI")
            }
            _ => return eprintln!("SKIP: TEST_DATABASE_URL not set"),
        };
        let mut source = PgSource::connect(&SourceUrl::parse(&url).unwrap(), Limits::default())
            .await
            .unwrap();
        let write = source
            .client
            .batch_execute("CREATE TABLE steward_must_not_exist (i int)");
        let err = driven(&mut source.driver, write)
            .await
            .expect_err("a write must fail");
        assert_eq!(
            err.code(),
            Some(&SqlState::READ_ONLY_SQL_TRANSACTION),
            "{err}"
        );
        let show = source.client.query_one("SHOW statement_timeout", &[]);
        let timeout: String = driven(&mut source.driver, show).await.unwrap().get(0);
        assert_eq!(timeout, "1min");
        source.close().await;
    }

    /// `sslmode` works as in libpq against the local server (needs TEST_DATABASE_URL).
    #[tokio::test]
    async fn sslmode_encrypts_and_verifies() {
        let url = match std::env::var("TEST_DATABASE_URL") {
            Ok(u) if !u.is_empty() => u,
            _ if std::env::var_os("CI").is_some() => {
                panic!("TEST_DATABASE_URL is required under CI")
            }
            _ => return eprintln!("SKIP: TEST_DATABASE_URL not set"),
        };
        let with = |mode: &str| {
            let sep = if url.contains('?') { '&' } else { '?' };
            SourceUrl::parse(&format!("{url}{sep}sslmode={mode}")).unwrap()
        };
        let mut plain = PgSource::connect(&with("disable"), Limits::default())
            .await
            .unwrap();
        let show = plain.client.query_one("SHOW ssl", &[]);
        let server_ssl: String = driven(&mut plain.driver, show).await.unwrap().get(0);
        async fn encrypted(s: &mut PgSource) -> bool {
            let sql = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
            let ssl = s.client.query_one(sql, &[]);
            driven(&mut s.driver, ssl).await.unwrap().get::<_, bool>(0)
        }
        assert!(!encrypted(&mut plain).await);
        plain.close().await;
        if server_ssl == "on" {
            let mut s = PgSource::connect(&with("require"), Limits::default())
                .await
                .unwrap();
            assert!(encrypted(&mut s).await, "sslmode=require encrypts");
            s.close().await;
            // The local server's certificate is self-signed: verification must fail.
            let err = PgSource::connect(&with("verify-full"), Limits::default())
                .await
                .err()
                .expect("an untrusted certificate is refused");
            assert_eq!(err.kind, ConnectorErrorKind::Tls, "{}", err.message);
        } else {
            let err = PgSource::connect(&with("require"), Limits::default())
                .await
                .err()
                .expect("require fails without TLS on the server");
            assert_eq!(err.kind, ConnectorErrorKind::Tls, "{}", err.message);
        }
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote("users"), "\"users\"");
        assert_eq!(quote("we\"ird"), "\"we\"\"ird\"");
    }
}
