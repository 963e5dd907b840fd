//! MySQL and MariaDB sources through mysql_async.

use super::{
    binary_read, sample_fraction, ColumnInfo, ConnectorError, ConnectorErrorKind, Dialect,
    ForeignKey, IndexSupport, Limits, PackedAddress, ReadStats, RowBuffer, RowSink, Sampling,
    TableInfo, TableSink, BINARY_READ, SAMPLE_SEED,
};
use crate::discovery::hints;
use crate::discovery::source::SourceUrl;
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Opts, Row, Value};
use std::collections::HashMap;

pub struct MySource {
    conn: Conn,
}

const SYSTEM_SCHEMAS: &str = "('mysql', 'information_schema', 'performance_schema', 'sys')";

fn my_error(context: &str, e: mysql_async::Error) -> ConnectorError {
    if let mysql_async::Error::Server(s) = &e {
        let kind = match s.code {
            1045 | 1698 => ConnectorErrorKind::Authentication,
            1049 => ConnectorErrorKind::DatabaseMissing,
            1044 | 1142 | 1143 => ConnectorErrorKind::Permission,
            1969 | 3024 | 1205 => ConnectorErrorKind::Timeout,
            _ => ConnectorErrorKind::Other,
        };
        return ConnectorError::new(kind, format!("{context}: {}", s.message));
    }
    ConnectorError::from_text(context, &e.to_string())
}

pub(crate) fn quote(ident: &str) -> String {
    format!("`{}`", ident.replace('`', "``"))
}

fn skip_reason(column: &str, data_type: &str) -> Option<String> {
    match data_type {
        "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" | "json" | "int"
        | "bigint" | "mediumint" | "decimal" | "inet4" | "inet6" | "enum" | "set" => None,
        "date" | "datetime" | "timestamp" | "year" if hints::wants_dates(column) => None,
        // Read as text where the bytes are text (see `select_expr`).
        t if is_binary(t) => None,
        other => Some(format!("type {other} is not scanned")),
    }
}

/// Whether a column type (`COLUMN_TYPE`: `varbinary(40)`, `blob`) holds bytes.
pub(super) fn is_binary(data_type: &str) -> bool {
    matches!(
        data_type.split('(').next(),
        Some("binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob")
    )
}

/// The expression a column is read by: as text, a binary address converted first. A
/// binary column may hold the address's text as well (MediaWiki keeps `rc_ip` so, in a
/// `VARBINARY(40)`): text that parses as an address, or a MAC that is not six bytes, is
/// read as it is, since `INET6_NTOA` gives nothing for it (or, for 16 bytes of text, an
/// address that is not there) and `HEX` would spell out its letters. (No `REGEXP`:
/// MySQL 8 refuses one on a binary string.) Any other binary column (MediaWiki keeps
/// user names and emails in `VARBINARY` and `TINYBLOB`) is read as its first bytes,
/// kept where they are text ([`ValueForm::Bytes`]).
pub(super) fn select_expr(column: &str, data_type: &str) -> (String, ValueForm) {
    let c = quote(column);
    if !is_binary(data_type) {
        return (format!("CAST({c} AS CHAR)"), ValueForm::Text);
    }
    let expr = match PackedAddress::of_column(column) {
        Some(PackedAddress::Ip) => format!(
            "IF(INET6_ATON(CAST({c} AS CHAR)) IS NOT NULL, CAST({c} AS CHAR), INET6_NTOA({c}))"
        ),
        Some(PackedAddress::Mac) => format!("IF(LENGTH({c}) = 6, HEX({c}), CAST({c} AS CHAR))"),
        None => return (format!("LEFT({c}, {BINARY_READ})"), ValueForm::Bytes),
    };
    (expr, ValueForm::Text)
}

/// How a selected value's bytes become text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueForm {
    /// Text in the session's character set; bytes that are not UTF-8 replaced.
    Text,
    /// A binary value's first bytes: their text when they are text, else none, and
    /// whether the value went on ([`binary_read`]).
    Bytes,
}

/// A binary value as [`ValueForm::Bytes`] reads it.
fn bytes_read(v: Option<&Value>) -> (Option<String>, bool) {
    match v {
        Some(Value::Bytes(b)) => binary_read(b, None),
        v => (text(v), false),
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::NULL => None,
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::Int(i) => Some(i.to_string()),
        Value::UInt(u) => Some(u.to_string()),
        other => Some(other.as_sql(true).trim_matches('\'').to_owned()),
    }
}

impl MySource {
    pub async fn connect(url: &SourceUrl, limits: Limits) -> Result<Self, ConnectorError> {
        let opts = Opts::from_url(url.expose()).map_err(|e| {
            ConnectorError::new(
                ConnectorErrorKind::Other,
                format!(
                    "the MySQL URL is not valid: {}",
                    super::error::scrub(&e.to_string())
                ),
            )
        })?;
        let mut conn = Conn::new(opts)
            .await
            .map_err(|e| my_error("cannot connect", e))?;
        // Locate writes string literals with backslash escapes; make sure they mean that.
        conn.query_drop("SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')")
            .await
            .map_err(|e| my_error("cannot configure the session", e))?;
        conn.query_drop("SET SESSION TRANSACTION READ ONLY")
            .await
            .map_err(|e| my_error("cannot make the session read-only", e))?;
        let secs = limits.statement_timeout.as_secs_f64();
        // MariaDB and MySQL name the statement deadline differently; set what exists.
        let _ = conn
            .query_drop(format!("SET SESSION max_statement_time = {secs}"))
            .await;
        let _ = conn
            .query_drop(format!(
                "SET SESSION max_execution_time = {}",
                limits.statement_timeout.as_millis()
            ))
            .await;
        let lock = limits.lock_timeout.as_secs().max(1);
        let _ = conn
            .query_drop(format!("SET SESSION lock_wait_timeout = {lock}"))
            .await;
        let _ = conn
            .query_drop(format!("SET SESSION innodb_lock_wait_timeout = {lock}"))
            .await;
        Ok(Self { conn })
    }

    pub async fn close(self) {
        let _ = self.conn.disconnect().await;
    }

    pub async fn introspect(&mut self) -> Result<Vec<TableInfo>, ConnectorError> {
        let tables: Vec<Row> = self
            .conn
            .query(format!(
                "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, DATA_LENGTH FROM information_schema.TABLES
                 WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN {SYSTEM_SCHEMAS}"
            ))
            .await
            .map_err(|e| my_error("cannot list tables", e))?;
        let columns: Vec<Row> = self
            .conn
            .query(format!(
                "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE
                 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA NOT IN {SYSTEM_SCHEMAS}
                 ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION"
            ))
            .await
            .map_err(|e| my_error("cannot list columns", e))?;
        let keys: Vec<Row> = self
            .conn
            .query(format!(
                "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,
                        REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
                 FROM information_schema.KEY_COLUMN_USAGE
                 WHERE TABLE_SCHEMA NOT IN {SYSTEM_SCHEMAS}
                   AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)
                 ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION"
            ))
            .await
            .map_err(|e| my_error("cannot list keys", e))?;

        let s = |r: &Row, i: usize| text(r.as_ref(i)).unwrap_or_default();
        let mut by_name: HashMap<(String, String), TableInfo> = HashMap::new();
        for r in &tables {
            let key = (s(r, 0), s(r, 1));
            by_name.insert(
                key.clone(),
                TableInfo {
                    schema: key.0,
                    name: key.1,
                    columns: Vec::new(),
                    row_estimate: text(r.as_ref(2)).and_then(|v| v.parse().ok()),
                    primary_key: Vec::new(),
                    foreign_keys: Vec::new(),
                    unreadable: None,
                    blocks: text(r.as_ref(3))
                        .and_then(|v| v.parse::<i64>().ok())
                        .map(|b| b / 8192),
                    inherited: false,
                },
            );
        }
        for r in &columns {
            if let Some(t) = by_name.get_mut(&(s(r, 0), s(r, 1))) {
                let data_type = s(r, 3).to_lowercase();
                let name = s(r, 2);
                t.columns.push(ColumnInfo {
                    skip_reason: skip_reason(&name, &data_type),
                    name,
                    data_type: s(r, 4),
                    nullable: s(r, 5) == "YES",
                });
            }
        }
        let mut fks: HashMap<(String, String, String), ForeignKey> = HashMap::new();
        for r in &keys {
            let (schema, table, constraint) = (s(r, 0), s(r, 1), s(r, 2));
            let column = s(r, 3);
            if constraint == "PRIMARY" {
                if let Some(t) = by_name.get_mut(&(schema, table)) {
                    t.primary_key.push(column);
                }
                continue;
            }
            let fk = fks
                .entry((schema, table, constraint))
                .or_insert_with(|| ForeignKey {
                    columns: Vec::new(),
                    ref_schema: s(r, 4),
                    ref_table: s(r, 5),
                    ref_columns: Vec::new(),
                });
            fk.columns.push(column);
            fk.ref_columns.push(s(r, 6));
        }
        let mut fks: Vec<_> = fks.into_iter().collect();
        fks.sort_by(|a, b| a.0.cmp(&b.0));
        for ((schema, table, _), fk) in fks {
            if let Some(t) = by_name.get_mut(&(schema, table)) {
                t.foreign_keys.push(fk);
            }
        }
        Ok(by_name.into_values().collect())
    }

    pub async fn read(
        &mut self,
        table: &TableInfo,
        columns: &[&str],
        sampling: Sampling,
        sink: &mut dyn TableSink,
    ) -> Result<ReadStats, ConnectorError> {
        let (select, forms): (Vec<String>, Vec<ValueForm>) = columns
            .iter()
            .map(|c| select_expr(c, table.column(c).map_or("", |i| i.data_type.as_str())))
            .unzip();
        let from = Dialect::Mysql.table(table);
        let sql = match sampling {
            Sampling::Full | Sampling::Blocks { .. } => {
                format!("SELECT {} FROM {from}", select.join(", "))
            }
            Sampling::Keys { start, end } => {
                let key = table.primary_key.first().map(|k| quote(k)).ok_or_else(|| {
                    ConnectorError::new(
                        ConnectorErrorKind::Other,
                        format!("{from} has no primary key to read a range of"),
                    )
                })?;
                let mut range = vec!["1 = 1".to_owned()];
                if let Some(start) = start {
                    range.push(format!("{key} >= {start}"));
                }
                if let Some(end) = end {
                    range.push(format!("{key} < {end}"));
                }
                format!(
                    "SELECT {} FROM {from} WHERE {}",
                    select.join(", "),
                    range.join(" AND ")
                )
            }
            Sampling::Sample(n) => match sample_fraction(n, table.row_estimate) {
                Some(f) => format!(
                    "SELECT {} FROM {from} WHERE RAND({SAMPLE_SEED}) < {f:.6} LIMIT {n}",
                    select.join(", ")
                ),
                None => format!("SELECT {} FROM {from} LIMIT {n}", select.join(", ")),
            },
        };
        let context = format!("cannot read {}.{}", table.schema, table.name);
        self.select_forms(&sql, &forms, &mut |values| sink.row(values))
            .await
            .map_err(|e| e.context(&context))
    }

    pub async fn key_bounds(
        &mut self,
        table: &TableInfo,
        key: &str,
    ) -> Result<Option<(i64, i64)>, ConnectorError> {
        let from = Dialect::Mysql.table(table);
        let key = quote(key);
        let row: Option<(Option<i64>, Option<i64>)> = self
            .conn
            .query_first(format!(
                "SELECT CAST(MIN({key}) AS SIGNED), CAST(MAX({key}) AS SIGNED) FROM {from}"
            ))
            .await
            .map_err(|e| my_error("cannot read the key range", e))?;
        Ok(match row {
            Some((Some(lo), Some(hi))) => Some((lo, hi)),
            _ => None,
        })
    }

    /// Streams the rows of any read-only `SELECT` of `width` columns, as text.
    pub async fn select(
        &mut self,
        sql: &str,
        width: usize,
        sink: &mut RowSink<'_>,
    ) -> Result<ReadStats, ConnectorError> {
        self.select_forms(sql, &vec![ValueForm::Text; width], sink)
            .await
    }

    /// [`select`](Self::select) with each column's values read in its [`ValueForm`].
    async fn select_forms(
        &mut self,
        sql: &str,
        forms: &[ValueForm],
        sink: &mut RowSink<'_>,
    ) -> Result<ReadStats, ConnectorError> {
        let width = forms.len();
        let mut result = self
            .conn
            .query_iter(sql)
            .await
            .map_err(|e| my_error("query failed", e))?;
        let mut row_buf = RowBuffer::new(width);
        while let Some(row) = result
            .next()
            .await
            .map_err(|e| my_error("query failed", e))?
        {
            for (i, form) in forms.iter().enumerate() {
                match form {
                    ValueForm::Text => row_buf.push(text(row.as_ref(i))),
                    ValueForm::Bytes => row_buf.push_binary(bytes_read(row.as_ref(i))),
                }
            }
            if !row_buf.deliver(sink) {
                break;
            }
        }
        drop(result);
        Ok(row_buf.stats)
    }

    /// Which lookups an index led by `column` answers. Comparisons under a `_ci`
    /// collation ignore case, so such an index answers case-insensitive lookups too.
    pub async fn index_support(
        &mut self,
        schema: &str,
        table: &str,
        column: &str,
    ) -> Result<IndexSupport, ConnectorError> {
        let rows: Vec<(Option<String>,)> = self
            .conn
            .exec(
                "SELECT c.COLLATION_NAME FROM information_schema.STATISTICS s
                 JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA
                   AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
                 WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.COLUMN_NAME = ?
                   AND s.SEQ_IN_INDEX = 1",
                (schema, table, column),
            )
            .await
            .map_err(|e| my_error("cannot list indexes", e))?;
        Ok(IndexSupport {
            exact: !rows.is_empty(),
            case_insensitive: rows
                .iter()
                .any(|(c,)| c.as_deref().is_some_and(|c| c.ends_with("_ci"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `require_ssl=true` encrypts, or fails with kind TLS when the server has no TLS.
    #[tokio::test]
    async fn require_ssl_encrypts_or_fails_as_tls() {
        let url = match std::env::var("TEST_MYSQL_URL") {
            Ok(u) if !u.is_empty() => u,
            _ if std::env::var_os("CI").is_some() => panic!("TEST_MYSQL_URL is required under CI"),
            _ => return eprintln!("SKIP: TEST_MYSQL_URL not set"),
        };
        let mut plain = MySource::connect(&SourceUrl::parse(&url).unwrap(), Limits::default())
            .await
            .unwrap();
        let have: Option<(String, String)> = plain
            .conn
            .query_first("SHOW VARIABLES LIKE 'have_ssl'")
            .await
            .unwrap();
        plain.close().await;
        let sep = if url.contains('?') { '&' } else { '?' };
        let tls_url = format!("{url}{sep}require_ssl=true&verify_ca=false&verify_identity=false");
        let result =
            MySource::connect(&SourceUrl::parse(&tls_url).unwrap(), Limits::default()).await;
        match have.map(|(_, v)| v).as_deref() {
            Some("YES") => {
                let mut s = result.expect("TLS connection");
                let cipher: Option<(String, String)> = s
                    .conn
                    .query_first("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
                    .await
                    .unwrap();
                assert!(!cipher.unwrap().1.is_empty());
                s.close().await;
            }
            _ => {
                let err = result.err().expect("no TLS on the server");
                assert_eq!(err.kind, ConnectorErrorKind::Tls, "{}", err.message);
            }
        }
    }

    /// The scanning session refuses writes (needs TEST_MYSQL_URL; required under CI).
    #[tokio::test]
    async fn the_scanning_session_refuses_writes() {
        let url = match std::env::var("TEST_MYSQL_URL") {
            Ok(u) if !u.is_empty() => u,
            _ if std::env::var_os("CI").is_some() => panic!("TEST_MYSQL_URL is required under CI"),
            _ => return eprintln!("SKIP: TEST_MYSQL_URL not set"),
        };
        let mut source = MySource::connect(&SourceUrl::parse(&url).unwrap(), Limits::default())
            .await
            .unwrap();
        let err = source
            .conn
            .query_drop("CREATE TABLE steward_must_not_exist (i int)")
            .await
            .expect_err("a write must fail");
        assert!(
            matches!(&err, mysql_async::Error::Server(s) if s.code == 1792),
            "{err}"
        );
        source.close().await;
    }
}
