//! Read-only connections to source databases: introspection and row streaming.
//!
//! Every connector opens a read-only transaction with statement and lock timeouts,
//! streams rows (never loading a table), and casts the columns it reads to text in SQL
//! so that detectors see every engine's values the same way.

mod error;
mod mysql;
mod pg_tls;
mod postgres;
mod sqlite;

pub use error::{ConnectorError, ConnectorErrorKind};
pub use postgres::CopyBlock;

use super::source::{Engine, SourceUrl};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: String,
    pub data_type: String,
    pub nullable: bool,
    /// Why the column is not read, when it is not (binary, dates, booleans, …).
    pub skip_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_schema: String,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableInfo {
    pub schema: String,
    pub name: String,
    pub columns: Vec<ColumnInfo>,
    /// The engine's estimate, when it keeps one.
    pub row_estimate: Option<i64>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Why the table cannot be read by this user, if it cannot.
    pub unreadable: Option<String>,
    /// The table's size in 8 KiB blocks as the engine last counted it: PostgreSQL's
    /// `relpages` (read without taking a lock), MySQL's `DATA_LENGTH` / 8192.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<i64>,
    /// PostgreSQL: other tables inherit from this one (table inheritance, not
    /// partitioning). A query of it would return their rows as its own, so it is read
    /// `FROM ONLY` and each row is read once, in its own table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
}

impl TableInfo {
    /// The column of this name, as introspection described it.
    pub fn column(&self, name: &str) -> Option<&ColumnInfo> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn scannable_columns(&self) -> Vec<&ColumnInfo> {
        self.columns
            .iter()
            .filter(|c| c.skip_reason.is_none())
            .collect()
    }
}

/// How rows are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// About `n` rows, spread over the table where the engine allows.
    Sample(u64),
    /// Every row, streamed.
    Full,
    /// Every row stored in blocks `start..end` (`end` none: to the end of the table) of
    /// a PostgreSQL table: one part of a FULL scan that several workers share.
    Blocks { start: u64, end: Option<u64> },
    /// Every row whose integer primary key is in `start..end` (either end open) of a
    /// MySQL/MariaDB table: one part of a FULL scan that several workers share.
    Keys {
        start: Option<i64>,
        end: Option<i64>,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub statement_timeout: Duration,
    pub lock_timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            statement_timeout: Duration::from_secs(60),
            lock_timeout: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// What a table read delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadStats {
    pub rows: u64,
    pub bytes: u64,
    /// The sink asked to stop (cancel or time budget) before the end.
    pub stopped: bool,
    /// Per column read, how many binary values the connector read as text only in part
    /// ([`binary_read`]); empty when none was. (A PostgreSQL `bytea` arrives as hex
    /// digits, which the column's profile reads and counts itself.)
    pub read_in_part: Vec<u64>,
}

/// Receives rows: one `Option<&str>` per scannable column, in order. Returns false to stop.
pub type RowSink<'a> = dyn FnMut(&[Option<&str>]) -> bool + Send + 'a;

/// Where a table read ([`Source::read`]) delivers what it reads.
pub trait TableSink: Send {
    /// One row: one value per scannable column, in order. False asks the reader to stop.
    fn row(&mut self, values: &[Option<&str>]) -> bool;

    /// Whole rows as PostgreSQL's `COPY … TO STDOUT` text, undecoded, for sinks that
    /// decode them elsewhere (on other threads). By default each row goes to [`row`].
    ///
    /// [`row`]: TableSink::row
    fn copy_block(&mut self, block: CopyBlock, width: usize) -> bool {
        block.for_each_row(width, |values| self.row(values))
    }
}

/// How many leading bytes of a binary value (`BLOB`, `VARBINARY`, `bytea`) are searched:
/// enough for any identifier a binary column keeps as text, little for an image.
pub const BINARY_PREFIX: usize = 4096;

/// How many leading bytes of a binary value are read: one more than are searched, so
/// that a text that goes on is known to have been read in part ([`binary_read`]).
pub const BINARY_READ: usize = BINARY_PREFIX + 1;

/// A binary value's bytes as text, when they are text: UTF-8, allowing a character cut
/// at the end of a [`BINARY_PREFIX`] read. Anything else (an image, a hash, a UUID's
/// sixteen bytes) is no text, and is read as no value.
pub fn binary_text(bytes: &[u8]) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        // A character cut by the prefix: what comes before it is text.
        Err(e) if e.error_len().is_none() && bytes.len() >= BINARY_PREFIX => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    }
    .filter(|text| !text.contains('\0'))
}

/// What a binary column's name says its bytes may pack: an IP address as `inet_pton`
/// (MySQL's `INET6_ATON`) writes one, four or sixteen bytes, or a MAC address's six.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackedAddress {
    Ip,
    Mac,
}

impl PackedAddress {
    /// What the name of a binary column says it packs (`ip`, `siste_ip`, `mac`).
    pub fn of_column(name: &str) -> Option<Self> {
        let kinds = super::hints::for_column(name).kinds;
        if kinds.contains(&super::detectors::Kind::Ip) {
            Some(Self::Ip)
        } else if kinds.contains(&super::detectors::Kind::Mac) {
            Some(Self::Mac)
        } else {
            None
        }
    }
}

/// A binary value as text: under a name that says it packs an address, the address
/// its bytes pack (an IPv4 or IPv6 address written out, a MAC address as twelve hex
/// digits), as the MySQL connector reads one with `INET6_NTOA`/`HEX`, unless they are
/// an address's text already (MediaWiki keeps `rc_ip` so); else the bytes' text when
/// they are text ([`binary_text`]), or none.
pub fn binary_value(bytes: &[u8], packed: Option<PackedAddress>) -> Option<String> {
    let text = binary_text(bytes);
    let address_text = || text.is_some_and(|t| t.trim().parse::<std::net::IpAddr>().is_ok());
    match (packed, bytes.len()) {
        (Some(PackedAddress::Ip), 4 | 16) if !address_text() => {
            let ip = match <[u8; 4]>::try_from(bytes) {
                Ok(v4) => std::net::IpAddr::from(v4),
                Err(_) => std::net::IpAddr::from(<[u8; 16]>::try_from(bytes).ok()?),
            };
            Some(ip.to_string())
        }
        (Some(PackedAddress::Mac), 6) => Some(hex::encode_upper(bytes)),
        _ => text.map(str::to_owned),
    }
}

/// A binary value read as its first [`BINARY_READ`] bytes: the text of its first
/// [`BINARY_PREFIX`] ([`binary_value`]), and whether that text is only the value's
/// beginning, which the coverage says (an image cut short loses nothing; a wiki page
/// kept in a `MEDIUMBLOB` does).
pub fn binary_read(bytes: &[u8], packed: Option<PackedAddress>) -> (Option<String>, bool) {
    let text = binary_value(&bytes[..bytes.len().min(BINARY_PREFIX)], packed);
    let in_part = text.is_some() && bytes.len() > BINARY_PREFIX;
    (text, in_part)
}

/// How a probed column's values arrive ([`Dialect::probe_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeForm {
    Text,
    /// The hex digits of the bytes, which may pack an address.
    Hex(Option<PackedAddress>),
}

/// The key of the object a SQLite row's JSON gives a blob as (`{"$hex": "C3A5…"}`,
/// see [`Dialect::row_json`]): no text value reads as an object.
pub const BLOB_HEX_KEY: &str = "$hex";

/// How a row's JSON ([`Dialect::row_json`]) gives a binary column's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BytesForm {
    /// PostgreSQL's `bytea`: `\x` and the hex digits.
    PgHex,
    /// MySQL's binary types: base64, in lines of 76 characters.
    Base64,
    /// A SQLite blob, in any column: `{"$hex": "…"}` ([`BLOB_HEX_KEY`]).
    Marked,
}

impl BytesForm {
    /// How `dialect`'s row JSON gives `column`'s bytes, if it may hold bytes (a column
    /// MySQL reads as the address it packs arrives as text).
    pub fn of(dialect: Dialect, column: &ColumnInfo) -> Option<Self> {
        match dialect {
            Dialect::Postgres => (column.data_type == "bytea").then_some(Self::PgHex),
            // As `row_json` reads it.
            Dialect::Mysql => (mysql::is_binary(&column.data_type.to_lowercase())
                && PackedAddress::of_column(&column.name).is_none())
            .then_some(Self::Base64),
            Dialect::Sqlite => Some(Self::Marked),
        }
    }

    /// The bytes `value` gives in this form, if it gives any.
    fn bytes(self, value: &serde_json::Value) -> Option<Vec<u8>> {
        use base64::Engine as _;
        match (self, value) {
            (Self::PgHex, serde_json::Value::String(s)) => hex::decode(s.strip_prefix("\\x")?).ok(),
            (Self::Base64, serde_json::Value::String(s)) => {
                let compact: String = s.split_ascii_whitespace().collect();
                base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .ok()
            }
            (Self::Marked, serde_json::Value::Object(o)) if o.len() == 1 => {
                hex::decode(o.get(BLOB_HEX_KEY)?.as_str()?).ok()
            }
            _ => None,
        }
    }
}

/// A row's value in a column named for an address as the address it packs, where the
/// row's JSON ([`Dialect::row_json`]) gives its bytes (PostgreSQL's `bytea`, a SQLite
/// blob; MySQL's row gives the address itself): what an export shows a person,
/// `84.212.17.9` rather than `\x54d41109`.
pub fn packed_json_value(
    value: &mut serde_json::Value,
    form: Option<BytesForm>,
    packed: Option<PackedAddress>,
) {
    let Some(bytes) = form
        .filter(|_| packed.is_some())
        .and_then(|f| f.bytes(value))
    else {
        return;
    };
    if let Some(text) = binary_value(&bytes, packed) {
        *value = serde_json::Value::String(text);
    }
}

/// A binary value of a row's JSON as an export shows it to the person: its text where
/// its bytes are text (a login MediaWiki keeps in a `VARBINARY`, `åse@blåbær.no`, not
/// `w6VzZUBibMOlYsOmci5ubw==`), else `{"base64": "…"}` on every engine (a picture),
/// whatever encoding the engine gave. Keys are read before this: a row's key and the
/// references followed keep the engine's encoding.
pub fn shown_json_value(value: &mut serde_json::Value, form: Option<BytesForm>) {
    use base64::Engine as _;
    let Some(bytes) = form.and_then(|f| f.bytes(value)) else {
        return;
    };
    *value = match std::str::from_utf8(&bytes) {
        Ok(text) if !text.contains('\0') => serde_json::Value::String(text.to_owned()),
        _ => serde_json::json!({
            "base64": base64::engine::general_purpose::STANDARD.encode(&bytes)
        }),
    };
}

/// A value read as the hex digits of its bytes ([`Dialect::reads_hex`]) as text: see
/// [`binary_value`].
pub fn hex_value(digits: &str, packed: Option<PackedAddress>) -> Option<String> {
    binary_value(&hex::decode(digits).ok()?, packed)
}

/// [`hex_value`], and whether its text is only the value's beginning ([`binary_read`]).
pub fn hex_read(digits: &str, packed: Option<PackedAddress>) -> (Option<String>, bool) {
    match hex::decode(digits) {
        Ok(bytes) => binary_read(&bytes, packed),
        Err(_) => (None, false),
    }
}

/// One row's decoded values on their way to the sink, with the running totals.
pub(crate) struct RowBuffer {
    values: Vec<Option<String>>,
    pub stats: ReadStats,
}

impl RowBuffer {
    pub fn new(width: usize) -> Self {
        Self {
            values: Vec::with_capacity(width),
            stats: ReadStats::default(),
        }
    }

    pub fn push(&mut self, value: Option<String>) {
        self.stats.bytes += value.as_ref().map_or(0, |s| s.len() as u64);
        self.values.push(value);
    }

    /// [`push`](Self::push) a binary value's text ([`binary_read`]), counting it where
    /// it was read in part.
    pub fn push_binary(&mut self, (value, in_part): (Option<String>, bool)) {
        if in_part {
            let column = self.values.len();
            let counts = &mut self.stats.read_in_part;
            if counts.len() <= column {
                counts.resize(column + 1, 0);
            }
            counts[column] += 1;
        }
        self.push(value);
    }

    /// Hands the row to the sink; false when the sink asked to stop.
    pub fn deliver(&mut self, sink: &mut RowSink<'_>) -> bool {
        self.stats.rows += 1;
        let refs: Vec<Option<&str>> = self.values.iter().map(|v| v.as_deref()).collect();
        let go_on = sink(&refs);
        self.values.clear();
        self.stats.stopped = !go_on;
        go_on
    }
}

/// Which schemas and tables to look at.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub schemas: Vec<String>,
    /// `table` or `schema.table`.
    pub tables: Vec<String>,
}

impl Scope {
    /// The scope a scan of `url` keeps to: a MySQL URL that names a database keeps to
    /// that database (a schema, in MySQL's words) unless schemas are given.
    pub fn within(&self, url: &SourceUrl) -> Scope {
        let mut scope = self.clone();
        if url.engine() == Engine::Mysql && scope.schemas.is_empty() {
            scope.schemas.extend(url.info().database);
        }
        scope
    }

    pub fn includes(&self, schema: &str, table: &str) -> bool {
        (self.schemas.is_empty() || self.schemas.iter().any(|s| s == schema))
            && (self.tables.is_empty()
                || self
                    .tables
                    .iter()
                    .any(|t| t == table || *t == format!("{schema}.{table}")))
    }
}

/// What an index on a column can answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexSupport {
    /// `column IN (…)` by exact value.
    pub exact: bool,
    /// Case-insensitive equality (PostgreSQL: an index on `lower(column)`; MySQL: a
    /// `_ci` collation).
    pub case_insensitive: bool,
}

/// How to write SQL for an engine: quoting, literals, text casts and whole rows as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    pub fn quote(self, ident: &str) -> String {
        match self {
            Dialect::Mysql => format!("`{}`", ident.replace('`', "``")),
            _ => format!("\"{}\"", ident.replace('"', "\"\"")),
        }
    }

    /// The table as a `FROM` item (SQLite files have one schema, `main`).
    pub fn table(self, t: &TableInfo) -> String {
        match self {
            Dialect::Sqlite => self.quote(&t.name),
            Dialect::Postgres if t.inherited => {
                format!("ONLY {}.{}", self.quote(&t.schema), self.quote(&t.name))
            }
            _ => format!("{}.{}", self.quote(&t.schema), self.quote(&t.name)),
        }
    }

    /// A string literal. PostgreSQL sessions run with `standard_conforming_strings` and
    /// MySQL sessions without `NO_BACKSLASH_ESCAPES` (both set on connect).
    pub fn literal(self, value: &str) -> String {
        let value = value.replace('\0', "");
        match self {
            Dialect::Mysql => format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''")),
            _ => format!("'{}'", value.replace('\'', "''")),
        }
    }

    /// Whether `column` is read as the hex digits of its first [`BINARY_PREFIX`] bytes
    /// ([`Dialect::text_of`]), to be made text by [`hex_value`]: PostgreSQL's `bytea`,
    /// whose `::text` is `\x…` and whose `convert_from` fails the whole read on the first
    /// value that is no UTF-8. (MySQL's `CAST … AS CHAR` and SQLite's `CAST … AS TEXT`
    /// give a binary value's text themselves; a column SQLite declares `bytea` holds
    /// whatever was stored.)
    pub fn reads_hex(self, column: &ColumnInfo) -> bool {
        self == Dialect::Postgres && column.data_type == "bytea"
    }

    /// `column` read as text, or as the hex digits of its first bytes where
    /// [`Dialect::reads_hex`].
    ///
    /// PostgreSQL's `hstore` (`"mobil"=>"+47 …", "epost"=>"…"`) arrives as the JSON
    /// object its extension casts it to, so that its keys are read as JSON keys are.
    pub fn text_of(self, column: &ColumnInfo) -> String {
        let q = self.quote(&column.name);
        if self.reads_hex(column) {
            format!("encode(substring({q} from 1 for {BINARY_READ}), 'hex')")
        } else if self == Dialect::Postgres && is_hstore(&column.data_type) {
            format!("{q}::json::text")
        } else {
            self.text(&column.name)
        }
    }

    /// How an export's probe reads `column`: as [`Dialect::text_of`] does, except that a
    /// `bytea` arrives whole, and a binary column named for an IP or a MAC address
    /// arrives as the hex digits of its bytes on every engine, to be read as discovery
    /// reads it ([`hex_value`]): a person's address kept packed (`INET6_ATON`, a
    /// `bytea`, a blob) is their address.
    pub fn probe_of(self, column: &ColumnInfo) -> (String, ProbeForm) {
        let packed = PackedAddress::of_column(&column.name);
        let q = self.quote(&column.name);
        match self {
            // The whole value: a person named after the part discovery searches
            // ([`BINARY_PREFIX`]) is theirs all the same.
            _ if self.reads_hex(column) => (format!("encode({q}, 'hex')"), ProbeForm::Hex(packed)),
            Dialect::Mysql if packed.is_some() && mysql::is_binary(&column.data_type) => {
                (format!("HEX({q})"), ProbeForm::Hex(packed))
            }
            // SQLite's values carry their own types: a blob under an address's name may
            // pack one, and the hex of a text value spells that text.
            Dialect::Sqlite if packed.is_some() => (format!("hex({q})"), ProbeForm::Hex(packed)),
            _ => (self.text_of(column), ProbeForm::Text),
        }
    }

    /// [`Dialect::text_of`] the column `name` of `table`, as introspection described
    /// it (as plain text when it did not).
    pub fn text_in(self, table: &TableInfo, name: &str) -> String {
        table
            .column(name)
            .map_or_else(|| self.text(name), |c| self.text_of(c))
    }

    /// `column` read as text.
    pub fn text(self, column: &str) -> String {
        let q = self.quote(column);
        match self {
            Dialect::Postgres => format!("{q}::text"),
            Dialect::Mysql => format!("CAST({q} AS CHAR)"),
            Dialect::Sqlite => format!("CAST({q} AS TEXT)"),
        }
    }

    /// The whole row as a JSON object text with typed values; `FROM` the table must
    /// carry the alias [`Dialect::ROW_ALIAS`].
    pub fn row_json(self, t: &TableInfo) -> String {
        let pairs = |value: &dyn Fn(&ColumnInfo) -> String| {
            t.columns
                .iter()
                .map(|c| format!("{}, {}", self.literal(&c.name), value(c)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Dialect::Postgres => format!("row_to_json({})::text", Self::ROW_ALIAS),
            Dialect::Mysql => format!(
                "CAST(JSON_OBJECT({}) AS CHAR)",
                pairs(&|c| {
                    let q = self.quote(&c.name);
                    let ty = c.data_type.to_lowercase();
                    if !mysql::is_binary(&ty) {
                        q
                    } else if PackedAddress::of_column(&c.name).is_some() {
                        // The address a column named for one packs, as discovery reads it.
                        mysql::select_expr(&c.name, &ty).0
                    } else {
                        format!("TO_BASE64({q})")
                    }
                })
            ),
            // A blob, in any column, as an object no text reads as ([`BytesForm`]).
            Dialect::Sqlite => format!(
                "json_object({})",
                pairs(&|c| {
                    let q = self.quote(&c.name);
                    format!(
                        "CASE WHEN typeof({q}) = 'blob' THEN json_object('{BLOB_HEX_KEY}', hex({q})) ELSE {q} END"
                    )
                })
            ),
        }
    }

    pub const ROW_ALIAS: &'static str = "steward_row";

    /// `column` compared case-insensitively with `values` (already lower-case), in a form
    /// the engine answers from an index when [`IndexSupport::case_insensitive`].
    pub fn equals_ignoring_case(self, column: &str, values: &[String]) -> String {
        let list = self.list(values);
        let q = self.quote(column);
        match self {
            Dialect::Mysql => format!("{q} IN ({list})"),
            _ => format!("lower({q}) IN ({list})"),
        }
    }

    /// `column IN (values)`, literals left for the engine to coerce to the column type.
    pub fn equals(self, column: &str, values: &[String]) -> String {
        format!("{} IN ({})", self.quote(column), self.list(values))
    }

    fn list(self, values: &[String]) -> String {
        values
            .iter()
            .map(|v| self.literal(v))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An open, read-only connection to a source.
pub enum Source {
    Postgres(postgres::PgSource),
    Mysql(mysql::MySource),
    Sqlite(sqlite::LiteSource),
}

impl Source {
    pub async fn connect(url: &SourceUrl, limits: Limits) -> Result<Self, ConnectorError> {
        let connect = async {
            Ok(match url.engine() {
                Engine::Postgres => {
                    Source::Postgres(postgres::PgSource::connect(url, limits).await?)
                }
                Engine::Mysql => Source::Mysql(mysql::MySource::connect(url, limits).await?),
                Engine::Sqlite => Source::Sqlite(sqlite::LiteSource::connect(url, limits).await?),
            })
        };
        match tokio::time::timeout(limits.connect_timeout, connect).await {
            Ok(r) => r,
            Err(_) => Err(ConnectorError::new(
                ConnectorErrorKind::Network,
                format!(
                    "no answer from the server within {:?}",
                    limits.connect_timeout
                ),
            )),
        }
    }

    /// Every table the connecting user can see, except the engine's system schemas.
    pub async fn introspect(&mut self, scope: &Scope) -> Result<Vec<TableInfo>, ConnectorError> {
        let mut tables = match self {
            Source::Postgres(s) => s.introspect().await?,
            Source::Mysql(s) => s.introspect().await?,
            Source::Sqlite(s) => s.introspect().await?,
        };
        tables.retain(|t| scope.includes(&t.schema, &t.name));
        tables.sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        Ok(tables)
    }

    /// Streams the scannable columns of `table` into `sink`.
    pub async fn read(
        &mut self,
        table: &TableInfo,
        sampling: Sampling,
        sink: &mut dyn TableSink,
    ) -> Result<ReadStats, ConnectorError> {
        let columns: Vec<&str> = table
            .scannable_columns()
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        if columns.is_empty() {
            return Ok(ReadStats::default());
        }
        match self {
            Source::Postgres(s) => s.read(table, &columns, sampling, sink).await,
            Source::Mysql(s) => s.read(table, &columns, sampling, sink).await,
            Source::Sqlite(s) => s.read(table, &columns, sampling, sink).await,
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Source::Postgres(_) => Dialect::Postgres,
            Source::Mysql(_) => Dialect::Mysql,
            Source::Sqlite(_) => Dialect::Sqlite,
        }
    }

    /// Streams the rows of a read-only `SELECT` whose `width` columns are all text
    /// (build it with [`Source::dialect`]).
    pub async fn select(
        &mut self,
        sql: &str,
        width: usize,
        sink: &mut RowSink<'_>,
    ) -> Result<ReadStats, ConnectorError> {
        match self {
            Source::Postgres(s) => s.select(sql, width, sink).await,
            Source::Mysql(s) => s.select(sql, width, sink).await,
            Source::Sqlite(s) => s.select(sql, width, sink).await,
        }
    }

    /// The lowest and highest value of a table's single integer primary key (MySQL and
    /// MariaDB, to divide a big table into key ranges); none for other engines and keys.
    pub async fn key_bounds(
        &mut self,
        table: &TableInfo,
    ) -> Result<Option<(i64, i64)>, ConnectorError> {
        let [key] = &table.primary_key[..] else {
            return Ok(None);
        };
        let integer = table.columns.iter().any(|c| {
            &c.name == key
                && matches!(
                    // `int(11)`, `bigint unsigned`: the type's name is what counts.
                    c.data_type
                        .to_ascii_lowercase()
                        .split(['(', ' '])
                        .next()
                        .unwrap_or_default(),
                    "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint"
                )
        });
        match self {
            Source::Mysql(s) if integer => s.key_bounds(table, key).await,
            _ => Ok(None),
        }
    }

    /// Which lookups on `column` an index answers without reading the whole table.
    pub async fn index_support(
        &mut self,
        schema: &str,
        table: &str,
        column: &str,
    ) -> Result<IndexSupport, ConnectorError> {
        match self {
            Source::Postgres(s) => s.index_support(schema, table, column).await,
            Source::Mysql(s) => s.index_support(schema, table, column).await,
            Source::Sqlite(s) => s.index_support(table, column).await,
        }
    }

    pub async fn close(self) {
        match self {
            Source::Postgres(s) => s.close().await,
            Source::Mysql(s) => s.close().await,
            Source::Sqlite(s) => s.close().await,
        }
    }
}

/// The seed of every sample: the same data gives the same sample, so a SAMPLE scan (and
/// the discovery step of `steward export`) gives the same verdicts and examples on
/// every run.
pub(crate) const SAMPLE_SEED: u32 = 20_261_129;

/// For sampling: the share of a table to draw so that about `n` rows come back.
/// Whether a PostgreSQL column's type (as `format_type` names it, qualified when its
/// extension's schema is not on the path) is `hstore`.
fn is_hstore(data_type: &str) -> bool {
    data_type == "hstore" || data_type.ends_with(".hstore")
}

pub(crate) fn sample_fraction(n: u64, estimate: Option<i64>) -> Option<f64> {
    match estimate {
        Some(e) if e > 0 && (e as u64) > n.saturating_mul(2) => {
            Some(((n as f64 * 2.0) / e as f64).min(1.0))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_address_is_read_as_the_address_it_packs() {
        let ip = Some(PackedAddress::Ip);
        assert_eq!(
            binary_value(&[84, 212, 33, 7], ip).as_deref(),
            Some("84.212.33.7")
        );
        let v6 = "2a02:fe1::1"
            .parse::<std::net::Ipv6Addr>()
            .unwrap()
            .octets();
        assert_eq!(binary_value(&v6, ip).as_deref(), Some("2a02:fe1::1"));
        // An address's text in a binary column is read as it is, sixteen bytes too.
        for text in ["10.0.0.1", "2001:db8:1:2::77"] {
            assert_eq!(binary_value(text.as_bytes(), ip).as_deref(), Some(text));
        }
        // Four bytes under an IP's name are the address they pack, letters or not.
        assert_eq!(binary_value(b"ABCD", ip).as_deref(), Some("65.66.67.68"));
        assert_eq!(
            binary_value(&[0, 0x1a, 0x2b, 1, 2, 3], Some(PackedAddress::Mac)).as_deref(),
            Some("001A2B010203")
        );
        // Under any other name: the bytes' text, or none.
        assert_eq!(binary_value(&[84, 212, 33, 7], None), None);
        assert_eq!(
            binary_value(b"kari@example.no", None).as_deref(),
            Some("kari@example.no")
        );
        assert_eq!(hex_value("54d42107", ip).as_deref(), Some("84.212.33.7"));
        assert_eq!(hex_value("not hex", ip), None);
        assert_eq!(PackedAddress::of_column("siste_ip"), ip);
        assert_eq!(
            PackedAddress::of_column("ruter_mac"),
            Some(PackedAddress::Mac)
        );
        assert_eq!(PackedAddress::of_column("bilde"), None);
    }

    #[test]
    fn binary_values_are_text_only_when_their_bytes_are() {
        assert_eq!(binary_text(b"ola@example.no"), Some("ola@example.no"));
        assert_eq!(
            binary_text("åse@blåbær.no".as_bytes()),
            Some("åse@blåbær.no")
        );
        // A picture, a UUID's bytes, UTF-16: no text.
        assert_eq!(binary_text(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(binary_text(&[0xc3, 0x28, 0x41]), None);
        assert_eq!(binary_text("o\0l\0a\0".as_bytes()), None);
        // An `ø` cut by the prefix read: the text before it.
        let mut cut = "x".repeat(BINARY_PREFIX - 1).into_bytes();
        cut.push(0xc3);
        assert_eq!(binary_text(&cut).map(str::len), Some(BINARY_PREFIX - 1));
        // …but a short value ending in half a character is no text.
        assert_eq!(binary_text(&[b'a', 0xc3]), None);
    }

    /// A row's binary value as an export shows it: the text its bytes are, whichever
    /// encoding the engine gave them in, else base64; text values stay as they are.
    #[test]
    fn binary_values_of_a_row_show_as_their_text_or_base64() {
        use serde_json::{json, Value};
        let shown = |v: Value, form| {
            let mut v = v;
            shown_json_value(&mut v, Some(form));
            v
        };
        let login = "åse@blåbær.no";
        for (given, form) in [
            (
                json!(format!("\\x{}", hex::encode(login))),
                BytesForm::PgHex,
            ),
            (json!("w6VzZUBibMOl\nYsOmci5ubw=="), BytesForm::Base64),
            (
                json!({ BLOB_HEX_KEY: hex::encode_upper(login) }),
                BytesForm::Marked,
            ),
        ] {
            assert_eq!(shown(given, form), json!(login), "{form:?}");
        }
        let png = json!({ "base64": "iVBORw0KGgo=" });
        assert_eq!(shown(json!("\\x89504e470d0a1a0a"), BytesForm::PgHex), png);
        assert_eq!(
            shown(
                json!({ BLOB_HEX_KEY: "89504E470D0A1A0A" }),
                BytesForm::Marked
            ),
            png
        );
        // A SQLite text value, even one that spells hex, is text.
        assert_eq!(shown(json!("\\x41"), BytesForm::Marked), json!("\\x41"));
        assert_eq!(shown(json!(null), BytesForm::Base64), json!(null));
        let mut packed = json!({ BLOB_HEX_KEY: "54D41109" });
        packed_json_value(
            &mut packed,
            Some(BytesForm::Marked),
            Some(PackedAddress::Ip),
        );
        assert_eq!(packed, json!("84.212.17.9"));
    }

    /// A binary value read as its first `BINARY_READ` bytes: a text that goes on is
    /// searched in its first `BINARY_PREFIX` and said to be read in part; an image that
    /// goes on, a short text and a packed address are not.
    #[test]
    fn a_binary_text_that_goes_on_is_read_in_part() {
        let page = "Kontakt: åse@blåbær.no; ring 😊 ".repeat(200);
        let read = &page.as_bytes()[..BINARY_READ];
        let (text, in_part) = binary_read(read, None);
        let text = text.unwrap();
        assert!(in_part);
        assert!(text.len() <= BINARY_PREFIX && text.len() > BINARY_PREFIX - 4);
        assert!(page.starts_with(&text));
        let (text, in_part) = binary_read(&page.as_bytes()[..BINARY_PREFIX], None);
        assert!(!in_part && text.is_some());
        assert_eq!(
            binary_read(b"ola@example.no", None),
            (Some("ola@example.no".to_owned()), false)
        );
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(BINARY_READ, 0xff);
        assert_eq!(binary_read(&png, None), (None, false));
        let ip = Some(PackedAddress::Ip);
        assert_eq!(
            binary_read(&[84, 212, 33, 7], ip),
            (Some("84.212.33.7".to_owned()), false)
        );
        // The same through the hex digits a `bytea` arrives as.
        let (text, in_part) = hex_read(&hex::encode(read), None);
        assert!(in_part && page.starts_with(&text.unwrap()));
        assert_eq!(hex_read("zz", None), (None, false));
    }
}
