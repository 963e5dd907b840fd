//! Finding every row about a person in one source: direct matches in the columns that
//! hold personal data, then the rows that depend on them through foreign keys and
//! declared references.
//!
//! Every table with a column that can hold an identifier asked for is read once per
//! request: through an index when every probed column has one that answers the lookup,
//! else in one streaming pass that checks every such column for every identifier at
//! once (so a wrong or partial discovery verdict cannot hide rows). Matched rows that
//! the request's other identifiers contradict, or that are one of several people
//! matched by one identifier, are left out and listed as ambiguities. Following
//! references reads only the rows whose key is among the values found, in chunks:
//! rows that refer to found rows, then rows found rows refer to where those hold
//! personal data.

use super::identifiers::{Identifier, Matcher, ProbeKind};
use crate::discovery::connectors::{
    hex_value, packed_json_value, shown_json_value, BytesForm, ConnectorError, Dialect,
    PackedAddress, ProbeForm, Source, TableInfo,
};
use crate::domain::IdentifierKind;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// A column, `schema.table.column`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ColumnRef {
    pub schema: String,
    pub table: String,
    pub column: String,
}

impl ColumnRef {
    /// Reads `[schema.]table.column`; the schema defaults to `default_schema`.
    pub fn parse(text: &str, default_schema: &str) -> Result<Self, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let (schema, table, column) = match parts.as_slice() {
            [t, c] => (default_schema, *t, *c),
            [s, t, c] => (*s, *t, *c),
            _ => return Err(format!("{text:?} is not [SCHEMA.]TABLE.COLUMN")),
        };
        if [schema, table, column].iter().any(|p| p.is_empty()) {
            return Err(format!("{text:?} is not [SCHEMA.]TABLE.COLUMN"));
        }
        Ok(Self {
            schema: schema.into(),
            table: table.into(),
            column: column.into(),
        })
    }

    fn table_key(&self) -> (String, String) {
        (self.schema.clone(), self.table.clone())
    }
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.schema, self.table, self.column)
    }
}

/// A column to look for identifiers in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub column: ColumnRef,
    pub kind: ProbeKind,
    /// Discovery found whole values of this kind (not JSON or free text), so an index
    /// lookup by the normalised value finds them.
    pub whole_values: bool,
}

/// `from` holds values of `to` (a child column referencing a parent key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub from: ColumnRef,
    pub to: ColumnRef,
    /// Declared by a DPO rather than a foreign-key constraint.
    pub declared: bool,
    /// A search may walk from a `from` row up to the row it names (a fideslang
    /// `direction: from` says it may not: only down, from the named row).
    pub walk_up: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct LocateOptions {
    /// How many references deep to follow from a matched row.
    pub max_depth: usize,
    /// Rows kept per table; beyond it the table is reported truncated (fan-out guard).
    pub max_rows_per_table: usize,
    /// Key values per lookup statement when following references.
    pub chunk: usize,
    /// Use indexes for direct lookups where they answer them.
    pub use_indexes: bool,
    /// Probe every column that can hold an asked-for identifier as text, not only the
    /// columns discovery named. Off, tables can be answered by indexes, at the risk
    /// that a wrong or partial verdict hides rows (the manifest says which columns were
    /// not probed).
    pub probe_all_text: bool,
}

impl Default for LocateOptions {
    fn default() -> Self {
        Self {
            max_depth: 6,
            max_rows_per_table: 10_000,
            chunk: 500,
            use_indexes: true,
            probe_all_text: true,
        }
    }
}

/// One step of an inclusion path: rows of `to` whose `to` column equals `value`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Step {
    /// The column holding the value on the row already found (`schema.table.column`).
    pub from: String,
    /// The column of the row brought in.
    pub to: String,
    /// `foreign_key` or `declared`.
    pub via: &'static str,
    /// `referencing`: the row brought in refers to the found one (an order of a
    /// customer); `referenced`: the found row refers to it (a customer's address).
    pub direction: &'static str,
    /// The key value followed.
    pub value: String,
}

/// Why a row is in the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Index into the request's identifiers.
    #[serde(skip)]
    pub identifier: usize,
    /// e.g. `email`.
    pub identifier_kind: &'static str,
    /// The column where the identifier matched.
    pub matched_column: String,
    /// References followed from the matched row, in order.
    pub path: Vec<Step>,
}

impl Reason {
    /// Of two ways to reach one row, the one kept: the shortest path, then the first
    /// identifier, column and steps, so the same data gives the same reason every run
    /// whatever order the engine returns rows in.
    fn better_than(&self, other: &Reason) -> bool {
        (
            self.path.len(),
            self.identifier,
            &self.matched_column,
            &self.path,
        ) < (
            other.path.len(),
            other.identifier,
            &other.matched_column,
            &other.path,
        )
    }
}

#[derive(Debug, Clone)]
pub struct FoundRow {
    /// Values in the table's column order.
    pub values: Vec<Value>,
    pub reason: Reason,
    /// The row's primary key as JSON (`{"id":7}`), or a digest of the row where the
    /// table has none: what a DPO's include/exclude decision names.
    pub key: String,
}

#[derive(Debug, Clone)]
pub struct FoundTable {
    pub schema: String,
    pub table: String,
    pub columns: Vec<String>,
    pub primary_key: Vec<String>,
    pub rows: Vec<FoundRow>,
    /// How rows were first found here: `index`, `scan`, `reference` (rows referring to
    /// a found row) or `referenced` (rows a found row refers to).
    pub lookup: &'static str,
    /// More rows matched than `max_rows_per_table`.
    pub truncated: bool,
}

impl FoundTable {
    pub fn name(&self) -> String {
        format!("{}.{}", self.schema, self.table)
    }

    /// The value of `column` in `row`.
    pub fn value<'r>(&self, row: &'r FoundRow, column: &str) -> Option<&'r Value> {
        let i = self.columns.iter().position(|c| c == column)?;
        row.values.get(i)
    }
}

/// A reference followed, with how many new rows it brought in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Followed {
    pub from: String,
    pub to: String,
    pub via: &'static str,
    pub direction: &'static str,
    pub rows: u64,
}

/// A table, column or reference that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub what: String,
    pub reason: String,
}

/// A table (or column) that should have been read and was not. `reason` is for the
/// DPO and never quotes a value (driver messages are stripped of quoted text); what the
/// person is told comes from `kind` alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unread {
    pub what: String,
    /// `MISSING` (gone since the scan), `PERMISSION`, `TIMEOUT`, `NETWORK`, `OTHER`, ….
    pub kind: &'static str,
    pub reason: String,
}

impl Unread {
    fn of(what: String, e: &ConnectorError, context: &str) -> Self {
        Self {
            what,
            kind: e.kind.as_str(),
            reason: format!("{context}{}", without_quoted(&e.message)),
        }
    }

    /// What the person is told about it.
    pub fn for_subject(&self) -> &'static str {
        match self.kind {
            "MISSING" => "it is no longer where our records say it is",
            "PERMISSION" => "we were not allowed to read it",
            "TIMEOUT" => "reading it took too long",
            "NETWORK" => "the database could not be reached",
            _ => "it could not be read",
        }
    }
}

/// A driver message with every quoted part (`"…"`, `'…'`, `` `…` ``) replaced by `…`:
/// drivers quote the values they choke on (`invalid input syntax for type integer:
/// "AB-77"`), and those may be identifiers or other people's data.
pub fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<char> = None;
    for c in text.chars() {
        match open {
            Some(q) if c == q => {
                out.push(q);
                open = None;
            }
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => {
                out.push(c);
                out.push('…');
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    out
}

/// Whether `value` can be compared with a column of this type without the engine
/// rejecting it (an account id `AB-77` against an integer column).
fn fits(data_type: &str, value: &str) -> bool {
    let t = data_type.to_lowercase();
    let numeric = [
        "int", "serial", "numeric", "decimal", "real", "double", "float", "number",
    ]
    .iter()
    .any(|w| t.contains(w))
        && !t.contains("interval")
        && !t.contains("point");
    !numeric || value.trim().parse::<f64>().is_ok_and(f64::is_finite)
}

/// A row that matched an identifier (or that a found row refers to) but may be someone
/// else's: left out unless a DPO decided to include it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ambiguity {
    /// `schema.table`.
    pub table: String,
    /// The row's primary key as JSON, e.g. `{"id":12}`.
    pub row: String,
    /// Kind of the identifier that matched, e.g. `email`.
    pub identifier_kind: &'static str,
    /// Where it matched (or the reference that led to the row).
    pub matched_column: String,
    /// Why the row may not be the person's. Never quotes the other person's values.
    pub reason: String,
    /// `excluded`, or `included` when a DPO decided the row is the person's.
    pub outcome: &'static str,
}

/// A DPO's decisions on matched rows: (`schema.table`, row key) → include?
pub type Decisions = BTreeMap<(String, String), bool>;

#[derive(Debug, Clone, Default)]
pub struct Located {
    pub tables: Vec<FoundTable>,
    pub followed: Vec<Followed>,
    /// References not followed (composite keys).
    pub skipped: Vec<Skipped>,
    /// Tables that should have been read and could not be: the result is incomplete.
    pub unreadable: Vec<Unread>,
    /// Columns of read tables that were not probed, and why.
    pub not_probed: Vec<Skipped>,
    /// Rows left out (or included by decision) because they may be someone else's.
    pub ambiguities: Vec<Ambiguity>,
    /// Every table read (`schema.table`), matched or not.
    pub covered: BTreeSet<String>,
    /// Rows read from the source (matched or not).
    pub rows_read: u64,
    /// Statements run against the source.
    pub statements: u64,
}

impl Located {
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }

    /// Every table that should have been read was read.
    pub fn complete(&self) -> bool {
        self.unreadable.is_empty()
    }
}

/// Progress of a locate, for jobs and progress bars.
pub trait LocateProgress: Send + Sync {
    fn table(&self, _name: &str) {}
    fn rows_found(&self, _total: u64) {}
}

pub struct NoLocateProgress;
impl LocateProgress for NoLocateProgress {}

fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// Orders key values as the engine would: numbers by value, the rest as text.
fn compare_values(a: &[Value], b: &[Value]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => key_text(x).cmp(&key_text(y)),
        };
        if o.is_ne() {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// The table's rows kept so far, de-duplicated by key.
struct Collected {
    table: FoundTable,
    seen: HashMap<String, usize>,
    /// Per column, the address its name says its bytes may pack.
    packed: Vec<Option<PackedAddress>>,
    /// Per column, how the row's JSON gives its bytes, if it may hold bytes.
    bytes: Vec<Option<BytesForm>>,
}

impl Collected {
    fn new(t: &TableInfo, lookup: &'static str, dialect: Dialect) -> Self {
        Self {
            table: FoundTable {
                schema: t.schema.clone(),
                table: t.name.clone(),
                columns: t.columns.iter().map(|c| c.name.clone()).collect(),
                primary_key: t.primary_key.clone(),
                rows: Vec::new(),
                lookup,
                truncated: false,
            },
            seen: HashMap::new(),
            packed: t
                .columns
                .iter()
                .map(|c| PackedAddress::of_column(&c.name))
                .collect(),
            bytes: t
                .columns
                .iter()
                .map(|c| BytesForm::of(dialect, c))
                .collect(),
        }
    }

    /// Reads a row the source returned as a JSON object.
    fn parse(&self, json: &str) -> Result<(Vec<Value>, String), ConnectorError> {
        let object: serde_json::Map<String, Value> = serde_json::from_str(json).map_err(|e| {
            ConnectorError::new(
                crate::discovery::connectors::ConnectorErrorKind::Other,
                format!("{} returned a row that is not JSON: {e}", self.table.name()),
            )
        })?;
        let values: Vec<Value> = self
            .table
            .columns
            .iter()
            .zip(self.packed.iter().zip(&self.bytes))
            .map(|(c, (packed, form))| {
                let mut v = object.get(c).cloned().unwrap_or(Value::Null);
                packed_json_value(&mut v, *form, *packed);
                v
            })
            .collect();
        let key = row_key(&self.table, &values);
        Ok((values, key))
    }

    /// Keeps the row unless already kept (then the better reason wins); returns its
    /// index when new.
    fn add(
        &mut self,
        values: Vec<Value>,
        key: String,
        reason: Reason,
        limit: usize,
    ) -> Option<usize> {
        if let Some(&i) = self.seen.get(&key) {
            if reason.better_than(&self.table.rows[i].reason) {
                self.table.rows[i].reason = reason;
            }
            return None;
        }
        if self.table.rows.len() >= limit {
            self.table.truncated = true;
            return None;
        }
        self.seen.insert(key.clone(), self.table.rows.len());
        self.table.rows.push(FoundRow {
            values,
            reason,
            key,
        });
        Some(self.table.rows.len() - 1)
    }

    /// Keeps the rows `keep` accepts, in order, and re-indexes them.
    fn retain(&mut self, keep: impl Fn(&FoundRow) -> bool) {
        self.table.rows.retain(|r| keep(r));
        self.seen = self
            .table
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.clone(), i))
            .collect();
    }

    /// Rows by key, so two runs over the same data list them alike.
    fn into_sorted(mut self) -> FoundTable {
        let pk: Vec<usize> = self
            .table
            .primary_key
            .iter()
            .filter_map(|k| self.table.columns.iter().position(|c| c == k))
            .collect();
        let key_of = |r: &FoundRow| -> Vec<Value> {
            if pk.is_empty() {
                vec![Value::String(r.key.clone())]
            } else {
                pk.iter().map(|&i| r.values[i].clone()).collect()
            }
        };
        self.table
            .rows
            .sort_by(|a, b| compare_values(&key_of(a), &key_of(b)));
        // Bytes as the person reads them, once every reference has been followed by
        // the values the engine gave.
        for row in &mut self.table.rows {
            for (v, form) in row.values.iter_mut().zip(&self.bytes) {
                shown_json_value(v, *form);
            }
        }
        self.table
    }
}

/// The key a DPO's decision names: the primary key as a JSON object, or, for a table
/// without one, a digest of the whole row.
fn row_key(t: &FoundTable, values: &[Value]) -> String {
    if t.primary_key.is_empty() {
        use sha2::Digest;
        let text = serde_json::to_string(values).unwrap_or_default();
        return format!(
            "sha256:{}",
            hex::encode(&sha2::Sha256::digest(text.as_bytes())[..12])
        );
    }
    let mut object = serde_json::Map::new();
    for k in &t.primary_key {
        let v = t
            .columns
            .iter()
            .position(|c| c == k)
            .map_or(Value::Null, |i| values[i].clone());
        object.insert(k.clone(), v);
    }
    Value::Object(object).to_string()
}

/// A row key as a DPO writes it back (`{"id": 12}`, `sha256:…`), in the form
/// [`row_key`] gives it (compact JSON); `None` when it is no row key.
pub fn parse_row_key(text: &str) -> Option<String> {
    let text = text.trim();
    if text.starts_with("sha256:") {
        return Some(text.to_owned());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) if !o.is_empty() => Some(Value::Object(o).to_string()),
        _ => None,
    }
}

/// Probes for the account identifiers: their own columns, compared exactly.
pub fn account_probes(identifiers: &[Identifier], default_schema: &str) -> Vec<Probe> {
    let mut out: Vec<Probe> = Vec::new();
    for i in identifiers
        .iter()
        .filter(|i| i.kind == IdentifierKind::Account)
    {
        let Some(column) = i
            .column
            .as_deref()
            .and_then(|c| ColumnRef::parse(c, default_schema).ok())
        else {
            continue;
        };
        if !out.iter().any(|p| p.column == column) {
            out.push(Probe {
                column,
                kind: ProbeKind::Account,
                whole_values: true,
            });
        }
    }
    out
}

/// The data categories of each column known to hold personal data, by
/// `schema.table.column`: a column can hold several (a ticket's text is a note, and
/// holds emails).
pub type ColumnCategories = BTreeMap<String, BTreeSet<String>>;

/// For each system where rows were found, the categories of the columns of the tables
/// they were found in: what an export's context describes.
pub fn systems_with_rows<'a>(
    parts: impl IntoIterator<Item = (&'a str, &'a Located, &'a ColumnCategories)>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (system, located, categories) in parts {
        if !located.tables.is_empty() {
            found
                .entry(system.to_owned())
                .or_default()
                .extend(found_categories(located, categories));
        }
    }
    found
}

/// The categories of every column of the tables where rows were found.
pub fn found_categories(
    located: &Located,
    column_categories: &ColumnCategories,
) -> BTreeSet<String> {
    let tables: BTreeSet<String> = located.tables.iter().map(|t| t.name()).collect();
    column_categories
        .iter()
        .filter(|(column, _)| {
            column
                .rsplit_once('.')
                .is_some_and(|(table, _)| tables.contains(table))
        })
        .flat_map(|(_, c)| c.iter().cloned())
        .collect()
}

/// Whether a column of this declared type can hold an email, phone number, IP address
/// or national id written as text.
fn holds_text(data_type: &str) -> bool {
    let t = data_type.to_lowercase();
    t.is_empty()
        || [
            "char", "text", "json", "clob", "xml", "string", "enum", "set(", "hstore",
        ]
        .iter()
        .any(|w| t.contains(w))
        || t == "set"
}

fn holds_ip(data_type: &str) -> bool {
    let t = data_type.to_lowercase();
    t.contains("inet") || t.contains("cidr")
}

/// What a locate works from, for one source.
pub struct Plan<'a> {
    /// The source's tables (as last scanned, or introspected now).
    pub tables: &'a [TableInfo],
    /// Columns discovery (or the inventory) says hold identifiers, and account columns.
    pub probes: &'a [Probe],
    /// Declared references, besides the foreign keys.
    pub references: &'a [Reference],
    /// Categories of each column known to hold personal data: a table with any is one
    /// whose rows a found row may lead to.
    pub column_categories: &'a ColumnCategories,
    /// A DPO's decisions on matched rows of this source.
    pub decisions: &'a Decisions,
}

/// Every column of `table` to probe: those discovery named, then every other column
/// that can hold an asked-for identifier as text (a wrong or partial verdict must not
/// hide rows), in column order. Columns left out are noted in `not_probed`.
fn probes_for(
    table: &TableInfo,
    named: &[&Probe],
    asked: &[ProbeKind],
    all_text: bool,
    not_probed: &mut Vec<Skipped>,
) -> Vec<Probe> {
    let mut out: Vec<Probe> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    let mut unprobed_text: Vec<String> = Vec::new();
    for c in &table.columns {
        let before = out.len();
        for kind in asked.iter().copied().chain([ProbeKind::Account]) {
            if let Some(p) = named
                .iter()
                .find(|p| p.column.column == c.name && p.kind == kind)
            {
                out.push((*p).clone());
            } else if kind != ProbeKind::Account
                && (holds_text(&c.data_type) || (kind == ProbeKind::Ip && holds_ip(&c.data_type)))
            {
                if !all_text {
                    if !unprobed_text.contains(&c.name) {
                        unprobed_text.push(c.name.clone());
                    }
                    continue;
                }
                out.push(Probe {
                    column: ColumnRef {
                        schema: table.schema.clone(),
                        table: table.name.clone(),
                        column: c.name.clone(),
                    },
                    kind,
                    whole_values: false,
                });
            }
        }
        if out.len() == before && !unprobed_text.contains(&c.name) {
            left_out.push(format!("{} ({})", c.name, c.data_type));
        }
    }
    if !unprobed_text.is_empty() {
        not_probed.push(Skipped {
            what: format!("{}.{}: {}", table.schema, table.name, unprobed_text.join(", ")),
            reason: "only the columns discovery named were probed (asked for); these could hold identifiers as text".into(),
        });
    }
    if !left_out.is_empty() {
        not_probed.push(Skipped {
            what: format!("{}.{}: {}", table.schema, table.name, left_out.join(", ")),
            reason: "the type cannot hold the identifiers asked for as text, and discovery found none there".into(),
        });
    }
    out
}

/// How a row stands against the request's identifiers, from the columns that hold
/// whole identifiers (discovery's email, phone and national-id columns, and account
/// columns).
#[derive(Debug, Default)]
struct Identity {
    /// Normalised values by kind.
    values: BTreeMap<&'static str, BTreeSet<String>>,
    /// A kind the request gives whose values here are all other ones, and the column.
    contradicted: Option<(&'static str, String)>,
    /// Kinds whose value here is one of the request's.
    corroborated: BTreeSet<&'static str>,
    /// The row describes one person (at most one column per kind of identifier), so it
    /// can be judged.
    single: bool,
}

/// The whole-identifier columns of a table: (column, kind); a mixed column (a caller
/// that is an email or a phone number) is there once per kind.
type IdentityCols = Vec<(String, ProbeKind)>;

fn identity_columns(probes: &[&Probe]) -> IdentityCols {
    let mut out: IdentityCols = probes
        .iter()
        .filter(|p| p.whole_values)
        .filter(|p| {
            matches!(
                p.kind,
                ProbeKind::Email | ProbeKind::Phone | ProbeKind::NationalId | ProbeKind::Account
            )
        })
        .map(|p| (p.column.column.clone(), p.kind))
        .collect();
    out.sort_by(|a, b| (&a.0, a.1 as u8).cmp(&(&b.0, b.1 as u8)));
    out.dedup();
    out
}

/// How a row stands against the request. `matched` is the column (and kind) where an
/// identifier matched the row, if it did directly.
///
/// Only a row that describes one person is judged: one with at most one column of
/// each kind of identifier. A call (caller and callee), a referral (referrer and
/// referee) or an order with a recipient's phone concerns two people by design, and
/// the other party's identifier there says nothing about whose row it is.
fn identity(
    table: &FoundTable,
    values: &[Value],
    columns: &IdentityCols,
    matcher: &Matcher,
    matched: Option<(&str, ProbeKind)>,
) -> Identity {
    let mut parties: BTreeMap<u8, BTreeSet<&str>> = BTreeMap::new();
    for (column, kind) in columns.iter().map(|(c, k)| (c.as_str(), *k)).chain(matched) {
        parties.entry(kind as u8).or_default().insert(column);
    }
    let mut out = Identity::default();
    if parties.values().any(|c| c.len() > 1) {
        return out;
    }
    out.single = true;
    let mut by_kind: BTreeMap<&'static str, (bool, bool, String)> = BTreeMap::new();
    for (column, kind) in columns {
        let Some(text) = table
            .columns
            .iter()
            .position(|c| c == column)
            .and_then(|i| key_text(&values[i]))
        else {
            continue;
        };
        let full = format!("{}.{}.{column}", table.schema, table.table);
        let Some((name, value, mine)) = matcher.whole(*kind, &full, &text) else {
            continue;
        };
        out.values.entry(name).or_default().insert(value);
        let Some(mine) = mine else { continue };
        let entry = by_kind.entry(name).or_insert((false, false, full.clone()));
        if mine {
            entry.0 = true;
        } else {
            entry.1 = true;
            entry.2 = full;
        }
    }
    for (kind, (matched, other, column)) in by_kind {
        if matched {
            out.corroborated.insert(kind);
        } else if other && out.contradicted.is_none() {
            out.contradicted = Some((kind, column));
        }
    }
    out
}

/// Where a directly matched row matched: its column's name and the identifier's kind.
fn matched_at<'r>(row: &'r FoundRow, matcher: &Matcher) -> Option<(&'r str, ProbeKind)> {
    if !row.reason.path.is_empty() {
        return None;
    }
    let column = row.reason.matched_column.rsplit('.').next()?;
    let kind = match matcher.identifiers().get(row.reason.identifier)?.kind {
        IdentifierKind::Email => ProbeKind::Email,
        IdentifierKind::Phone => ProbeKind::Phone,
        IdentifierKind::Ip => ProbeKind::Ip,
        IdentifierKind::NationalId => ProbeKind::NationalId,
        IdentifierKind::Account => ProbeKind::Account,
    };
    Some((column, kind))
}

/// A row's name as one lower-case text (first and last name columns joined), when the
/// table has name columns and the row a name.
fn full_name(table: &FoundTable, values: &[Value], columns: &[String]) -> Option<String> {
    let parts: Vec<String> = columns
        .iter()
        .filter_map(|c| table.columns.iter().position(|x| x == c))
        .filter_map(|i| key_text(&values[i]))
        .map(|v| {
            v.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|v| !v.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn kind_words(kind: &str) -> &'static str {
    match kind {
        "name" => "name",
        "email" => "email address",
        "phone" => "phone number",
        "national_id" => "national identity number",
        "account" => "account id",
        _ => "identifier",
    }
}

/// Finds the rows about the person `matcher` describes in one source. A table that
/// cannot be read is listed in `unreadable` and the rest is read all the same.
pub async fn locate(
    source: &mut Source,
    plan: &Plan<'_>,
    matcher: &Matcher,
    options: LocateOptions,
    progress: &dyn LocateProgress,
) -> Located {
    let dialect = source.dialect();
    let tables = plan.tables;
    let by_name: HashMap<(String, String), &TableInfo> = tables
        .iter()
        .map(|t| ((t.schema.clone(), t.name.clone()), t))
        .collect();
    let mut out = Located::default();
    let mut collected: BTreeMap<(String, String), Collected> = BTreeMap::new();
    let asked: Vec<ProbeKind> = [
        ProbeKind::Email,
        ProbeKind::Phone,
        ProbeKind::Ip,
        ProbeKind::NationalId,
    ]
    .into_iter()
    .filter(|k| matcher.wants(*k, ""))
    .collect();

    // Discovery's probes by table; a table named there but gone is reported.
    let mut named: BTreeMap<(String, String), Vec<&Probe>> = BTreeMap::new();
    for p in plan.probes {
        if matcher.wants(p.kind, &p.column.to_string()) || p.whole_values {
            named.entry(p.column.table_key()).or_default().push(p);
        }
    }
    for (key, probes) in &named {
        let Some(table) = by_name.get(key) else {
            out.unreadable.push(Unread {
                what: format!("{}.{}", key.0, key.1),
                kind: "MISSING",
                reason: "the table is not in the source (introspect or rescan it)".into(),
            });
            continue;
        };
        for p in probes {
            if !table.columns.iter().any(|c| c.name == p.column.column) {
                out.unreadable.push(Unread {
                    what: p.column.to_string(),
                    kind: "MISSING",
                    reason: "the column is not in the table any more (rescan the source)".into(),
                });
            }
        }
    }
    let mut identity_cols: HashMap<(String, String), IdentityCols> = HashMap::new();

    // 1. Direct matches, one read per table, every table with a column to probe.
    let mut ordered: Vec<&TableInfo> = tables.iter().collect();
    ordered.sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
    for table in ordered {
        let key = (table.schema.clone(), table.name.clone());
        let named_here: Vec<&Probe> = named.get(&key).cloned().unwrap_or_default();
        let probes: Vec<Probe> = probes_for(
            table,
            &named_here,
            &asked,
            options.probe_all_text,
            &mut out.not_probed,
        )
        .into_iter()
        .filter(|p| matcher.wants(p.kind, &p.column.to_string()))
        .filter(|p| {
            // An account id the column's type cannot hold is not looked up there (the
            // engine would refuse the statement, quoting the id).
            if p.kind != ProbeKind::Account {
                return true;
            }
            let ty = table
                .columns
                .iter()
                .find(|c| c.name == p.column.column)
                .map_or("", |c| c.data_type.as_str());
            let fit = matcher
                .values_for(ProbeKind::Account, &p.column.to_string())
                .iter()
                .any(|v| fits(ty, v));
            if !fit {
                out.not_probed.push(Skipped {
                    what: p.column.to_string(),
                    reason: format!(
                        "the account identifier given for it cannot be a value of its type ({ty}); it was not looked up there"
                    ),
                });
            }
            fit
        })
        .collect();
        // An account id the column cannot hold judges no row there either.
        let mut judged = identity_columns(&named_here);
        judged.retain(|(column, kind)| {
            *kind != ProbeKind::Account
                || probes
                    .iter()
                    .any(|p| p.kind == ProbeKind::Account && &p.column.column == column)
        });
        identity_cols.insert(key.clone(), judged);
        if probes.is_empty() {
            continue;
        }
        if let Some(why) = &table.unreadable {
            out.unreadable.push(Unread {
                what: format!("{}.{}", table.schema, table.name),
                kind: "PERMISSION",
                reason: why.clone(),
            });
            continue;
        }
        progress.table(&format!("{}.{}", table.schema, table.name));
        let discovered: BTreeSet<&str> = named_here
            .iter()
            .map(|p| p.column.column.as_str())
            .collect();
        match read_direct(
            source,
            dialect,
            table,
            &probes,
            &discovered,
            matcher,
            options,
        )
        .await
        {
            Ok((kept, rows_read)) => {
                out.rows_read += rows_read;
                out.statements += 1;
                out.covered
                    .insert(format!("{}.{}", table.schema, table.name));
                if !kept.table.rows.is_empty() {
                    collected.insert(key, kept);
                }
            }
            Err(e) => out.unreadable.push(Unread::of(
                format!("{}.{}", table.schema, table.name),
                &e,
                "",
            )),
        }
        progress.rows_found(collected.values().map(|c| c.table.rows.len() as u64).sum());
    }

    // 2. Identity resolution: matched rows that the request contradicts, or that are
    //    one of several distinct people matched by one identifier, are left out.
    let edges = edges(tables, plan.references, &mut out.skipped);
    let mut excluded: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
    // Name columns (by the inventory's categories), in column order.
    let mut names: HashMap<(String, String), Vec<String>> = HashMap::new();
    for t in tables {
        let cols: Vec<String> = t
            .columns
            .iter()
            .filter(|c| {
                plan.column_categories
                    .get(&format!("{}.{}.{}", t.schema, t.name, c.name))
                    .is_some_and(|cats| {
                        cats.iter()
                            .any(|cat| cat == "user.name" || cat.starts_with("user.name."))
                    })
            })
            .map(|c| c.name.clone())
            .collect();
        if !cols.is_empty() {
            names.insert((t.schema.clone(), t.name.clone()), cols);
        }
    }
    resolve(
        &mut collected,
        &identity_cols,
        &names,
        matcher,
        plan.decisions,
        &mut excluded,
        &mut out.ambiguities,
    );
    // Tables of people: where an identifier matched a row in a column that holds whole
    // identifiers (a customer's email column). A row reached through a reference is
    // judged only there (a colleague in the staff table); an order's delivery phone
    // says nothing about whose order it is.
    let people_tables: BTreeSet<(String, String)> = collected
        .iter()
        .filter(|(key, c)| {
            identity_cols.get(*key).is_some_and(|cols| {
                c.table.rows.iter().any(|r| {
                    matched_at(r, matcher)
                        .is_some_and(|(col, kind)| cols.iter().any(|(c, k)| c == col && *k == kind))
                })
            })
        })
        .map(|(k, _)| k.clone())
        .chain(excluded.keys().cloned())
        .collect();
    exclude_rows_of_excluded(
        &mut collected,
        &edges,
        plan.decisions,
        &mut excluded,
        &mut out.ambiguities,
    );
    exclude_rows_of_others(
        &mut collected,
        &edges,
        &people_tables,
        plan.decisions,
        &mut excluded,
        &mut out.ambiguities,
    );

    // 3. Rows that refer to found rows (a customer's orders), level by level.
    let mut followed = FollowedCounts::new();
    let mut walk = Walk {
        source,
        dialect,
        by_name: &by_name,
        options,
        progress,
        excluded: &excluded,
        decisions: plan.decisions,
        people_tables: &people_tables,
        matcher,
        identity_cols: &identity_cols,
    };
    let all: Vec<&Reference> = edges.iter().collect();
    walk.levels(
        Direction::Referencing,
        &all,
        &mut collected,
        &mut out,
        &mut followed,
    )
    .await;

    // 4. Rows found rows refer to (a customer's address), where that table holds
    //    personal data or a declared reference says so; never catalogue tables, and
    //    never onward to rows that refer to those (a shared address is not a way in to
    //    its other residents).
    let personal: BTreeSet<String> = plan
        .column_categories
        .keys()
        .filter_map(|c| c.rsplit_once('.').map(|(t, _)| t.to_owned()))
        .collect();
    let upward: Vec<&Reference> = edges
        .iter()
        .filter(|e| {
            e.walk_up
                && (e.declared || personal.contains(&format!("{}.{}", e.to.schema, e.to.table)))
        })
        .collect();
    walk.levels(
        Direction::Referenced,
        &upward,
        &mut collected,
        &mut out,
        &mut followed,
    )
    .await;

    out.followed = followed
        .into_iter()
        .map(|((from, to, via, direction), rows)| Followed {
            from,
            to,
            via,
            direction,
            rows,
        })
        .collect();
    out.tables = collected
        .into_values()
        .map(Collected::into_sorted)
        .filter(|t| !t.rows.is_empty())
        .collect();
    out.ambiguities
        .sort_by(|a, b| (&a.table, &a.row).cmp(&(&b.table, &b.row)));
    out.ambiguities
        .dedup_by(|a, b| a.table == b.table && a.row == b.row);
    out
}

/// Reads one table once, keeping the rows where a probe finds an identifier. In a
/// column discovery found nothing in, a bare number is not taken for a phone number.
async fn read_direct(
    source: &mut Source,
    dialect: Dialect,
    table: &TableInfo,
    probes: &[Probe],
    discovered: &BTreeSet<&str>,
    matcher: &Matcher,
    options: LocateOptions,
) -> Result<(Collected, u64), ConnectorError> {
    let probes: Vec<&Probe> = probes.iter().collect();
    let bare: Vec<bool> = probes
        .iter()
        .map(|p| discovered.contains(p.column.column.as_str()))
        .collect();
    let filter = if options.use_indexes {
        index_filter(source, dialect, table, &probes, matcher).await?
    } else {
        None
    };
    let lookup = if filter.is_some() { "index" } else { "scan" };
    let mut select = vec![dialect.row_json(table)];
    let (exprs, forms): (Vec<String>, Vec<ProbeForm>) = probes
        .iter()
        .map(|p| probe_select(dialect, table, &p.column.column))
        .unzip();
    select.extend(exprs);
    let sql = format!(
        "SELECT {} FROM {} AS {}{}",
        select.join(", "),
        dialect.table(table),
        Dialect::ROW_ALIAS,
        filter.map(|f| format!(" WHERE {f}")).unwrap_or_default()
    );
    let mut kept = Collected::new(table, lookup, dialect);
    let mut failure: Option<ConnectorError> = None;
    let columns: Vec<String> = probes.iter().map(|p| p.column.to_string()).collect();
    let stats = source
        .select(&sql, select.len(), &mut |row| {
            let Some(json) = row[0] else { return true };
            for ((((p, column), value), bare), form) in probes
                .iter()
                .zip(&columns)
                .zip(&row[1..])
                .zip(&bare)
                .zip(&forms)
            {
                let Some(mut value) = *value else { continue };
                let text;
                if let ProbeForm::Hex(packed) = *form {
                    text = hex_value(value, packed);
                    let Some(text) = text.as_deref() else {
                        continue;
                    };
                    value = text;
                }
                if let Some(i) = matcher.find_with(p.kind, column, value, *bare) {
                    let reason = Reason {
                        identifier: i,
                        identifier_kind: matcher.identifiers()[i].kind_name(),
                        matched_column: column.clone(),
                        path: Vec::new(),
                    };
                    match kept.parse(json) {
                        Ok((values, key)) => {
                            kept.add(values, key, reason, options.max_rows_per_table);
                        }
                        Err(e) => {
                            failure = Some(e);
                            return false;
                        }
                    }
                    break;
                }
            }
            true
        })
        .await
        .map_err(|e| e.context(&format!("cannot read {}.{}", table.schema, table.name)))?;
    if let Some(e) = failure {
        return Err(e);
    }
    Ok((kept, stats.rows))
}

/// A probed column's expression, and how its values arrive ([`Dialect::probe_of`]): a
/// column is matched by the text discovery read in it.
fn probe_select(dialect: Dialect, table: &TableInfo, column: &str) -> (String, ProbeForm) {
    table.column(column).map_or_else(
        || (dialect.text(column), ProbeForm::Text),
        |c| dialect.probe_of(c),
    )
}

/// Leaves out matched rows that may be someone else's (see [`Ambiguity`]); a DPO's
/// decision on a row overrides.
fn resolve(
    collected: &mut BTreeMap<(String, String), Collected>,
    identity_cols: &HashMap<(String, String), IdentityCols>,
    names: &HashMap<(String, String), Vec<String>>,
    matcher: &Matcher,
    decisions: &Decisions,
    excluded: &mut HashMap<(String, String), BTreeSet<String>>,
    ambiguities: &mut Vec<Ambiguity>,
) {
    for (key, kept) in collected.iter_mut() {
        let Some(columns) = identity_cols.get(key).filter(|c| !c.is_empty()) else {
            continue;
        };
        let t = &kept.table;
        let name_cols = names.get(key).map_or(&[][..], Vec::as_slice);
        let ids: Vec<Identity> = t
            .rows
            .iter()
            .map(|r| {
                let mut id = identity(t, &r.values, columns, matcher, matched_at(r, matcher));
                // The name tells two people apart (never compared with the request).
                if id.single {
                    if let Some(name) = full_name(t, &r.values, name_cols) {
                        id.values.entry("name").or_default().insert(name);
                    }
                }
                id
            })
            .collect();
        let judged = |i: usize| ids[i].single && !ids[i].values.is_empty();
        let confirmed = |i: usize| {
            ids[i]
                .corroborated
                .iter()
                .any(|k| *k != t.rows[i].reason.identifier_kind)
        };
        // An identifier is shared in this table when rows it matched belong to
        // different people: one the request contradicts, or two that differ.
        // Compared by distinct value sets, not row by row: a person may have thousands
        // of rows in a log table, and they hold few distinct values.
        let mut shared: BTreeMap<usize, &'static str> = BTreeMap::new();
        let mut seen: BTreeMap<(usize, &'static str), BTreeSet<&BTreeSet<String>>> =
            BTreeMap::new();
        for i in (0..t.rows.len()).filter(|&i| judged(i)) {
            let group = t.rows[i].reason.identifier;
            if let Some((kind, _)) = &ids[i].contradicted {
                shared.entry(group).or_insert(kind);
            }
            for (kind, values) in &ids[i].values {
                seen.entry((group, *kind)).or_default().insert(values);
            }
        }
        for ((group, kind), sets) in &seen {
            let sets: Vec<&&BTreeSet<String>> = sets.iter().take(64).collect();
            let differ = sets.iter().enumerate().any(|(a, x)| {
                sets[a + 1..]
                    .iter()
                    .any(|y| !x.is_empty() && !y.is_empty() && x.is_disjoint(y))
            });
            if differ {
                shared.entry(*group).or_insert(kind);
            }
        }
        let mut why: Vec<Option<String>> = vec![None; t.rows.len()];
        for (i, row) in t.rows.iter().enumerate() {
            if let Some((kind, column)) = &ids[i].contradicted {
                why[i] = Some(format!(
                    "{} holds another {} than the request's",
                    column,
                    kind_words(kind)
                ));
            } else if judged(i) && !confirmed(i) {
                if let Some(kind) = shared.get(&row.reason.identifier) {
                    why[i] = Some(format!(
                        "the same {} matched rows of {} that belong to different people (they differ in their {}); nothing else in the request confirms this one is the person's",
                        kind_words(row.reason.identifier_kind),
                        t.name(),
                        kind_words(kind)
                    ));
                }
            }
        }
        let table_name = t.name();
        let mut drop: BTreeSet<String> = BTreeSet::new();
        for (row, why) in t.rows.iter().zip(why) {
            let decided = decisions
                .get(&(table_name.clone(), row.key.clone()))
                .copied();
            let reason = match (why, decided) {
                (_, Some(true)) | (None, None) => {
                    if decided == Some(true) {
                        ambiguities.push(ambiguity(
                            &table_name,
                            row,
                            "a DPO decided this row is the person's",
                            "included",
                        ));
                    }
                    continue;
                }
                (Some(w), _) => w,
                (None, Some(false)) => "a DPO decided this row is not the person's".into(),
            };
            ambiguities.push(ambiguity(&table_name, row, &reason, "excluded"));
            drop.insert(row.key.clone());
        }
        if !drop.is_empty() {
            kept.retain(|r| !drop.contains(&r.key));
            excluded.entry(key.clone()).or_default().extend(drop);
        }
    }
}

fn ambiguity(table: &str, row: &FoundRow, reason: &str, outcome: &'static str) -> Ambiguity {
    Ambiguity {
        table: table.to_owned(),
        row: row.key.clone(),
        identifier_kind: row.reason.identifier_kind,
        matched_column: row
            .reason
            .path
            .last()
            .map_or_else(|| row.reason.matched_column.clone(), |s| s.from.clone()),
        reason: reason.to_owned(),
        outcome,
    }
}

/// Matched rows that refer to an excluded row (a ticket of the other account holder
/// that mentions the shared mailbox) are left out with it.
fn exclude_rows_of_excluded(
    collected: &mut BTreeMap<(String, String), Collected>,
    edges: &[Reference],
    decisions: &Decisions,
    excluded: &mut HashMap<(String, String), BTreeSet<String>>,
    ambiguities: &mut Vec<Ambiguity>,
) {
    // Key values of excluded rows, by parent column; read before rows are dropped.
    let mut gone: HashMap<String, BTreeSet<String>> = HashMap::new();
    for a in ambiguities.iter().filter(|a| a.outcome == "excluded") {
        let Ok(Value::Object(pk)) = serde_json::from_str::<Value>(&a.row) else {
            continue;
        };
        for (column, value) in pk {
            if let Some(v) = key_text(&value) {
                gone.entry(format!("{}.{column}", a.table))
                    .or_default()
                    .insert(v);
            }
        }
    }
    if gone.is_empty() {
        return;
    }
    for edge in edges {
        let Some(values) = gone.get(&edge.to.to_string()) else {
            continue;
        };
        let why = format!(
            "it refers through {} to a row of {}.{} that is left out",
            edge.from, edge.to.schema, edge.to.table
        );
        leave_out_referring(
            collected,
            edge,
            decisions,
            excluded,
            ambiguities,
            |v| values.contains(v),
            &why,
        );
    }
}

/// Leaves out the matched rows of `edge`'s referring table whose reference value
/// `leave_out` picks (unless a DPO included them), listing each with `why`.
fn leave_out_referring(
    collected: &mut BTreeMap<(String, String), Collected>,
    edge: &Reference,
    decisions: &Decisions,
    excluded: &mut HashMap<(String, String), BTreeSet<String>>,
    ambiguities: &mut Vec<Ambiguity>,
    leave_out: impl Fn(&str) -> bool,
    why: &str,
) {
    let key = edge.from.table_key();
    let Some(kept) = collected.get_mut(&key) else {
        return;
    };
    let name = kept.table.name();
    let mut drop = BTreeSet::new();
    for row in &kept.table.rows {
        let Some(v) = kept.table.value(row, &edge.from.column).and_then(key_text) else {
            continue;
        };
        if leave_out(v.trim()) && decisions.get(&(name.clone(), row.key.clone())) != Some(&true) {
            ambiguities.push(ambiguity(&name, row, why, "excluded"));
            drop.insert(row.key.clone());
        }
    }
    if !drop.is_empty() {
        kept.retain(|r| !drop.contains(&r.key));
        excluded.entry(key).or_default().extend(drop);
    }
}

/// Matched rows that refer to another person's row are left out: once the person's
/// own rows of a table of people are known (matched directly), a ticket filed on someone else's
/// account that merely mentions the person's email, or a session of another customer
/// behind the same office IP address, belongs to that other person. A table referring
/// to itself (a manager) is not judged this way.
fn exclude_rows_of_others(
    collected: &mut BTreeMap<(String, String), Collected>,
    edges: &[Reference],
    people_tables: &BTreeSet<(String, String)>,
    decisions: &Decisions,
    excluded: &mut HashMap<(String, String), BTreeSet<String>>,
    ambiguities: &mut Vec<Ambiguity>,
) {
    for edge in edges {
        let (child, parent) = (edge.from.table_key(), edge.to.table_key());
        if child == parent || !people_tables.contains(&parent) {
            continue;
        }
        // The person's key values in the parent table, when they have rows there.
        let Some(theirs) = collected.get(&parent).and_then(|p| {
            let values: BTreeSet<String> = p
                .table
                .rows
                .iter()
                .filter_map(|r| p.table.value(r, &edge.to.column).and_then(key_text))
                .collect();
            (!values.is_empty()).then_some(values)
        }) else {
            continue;
        };
        let why = format!(
            "it matched, but through {} it belongs to a row of {}.{} that is not the person's",
            edge.from, edge.to.schema, edge.to.table
        );
        leave_out_referring(
            collected,
            edge,
            decisions,
            excluded,
            ambiguities,
            |v| !theirs.contains(v),
            &why,
        );
    }
}

#[derive(Clone, Copy)]
enum Direction {
    /// Rows that refer to found rows.
    Referencing,
    /// Rows found rows refer to.
    Referenced,
}

/// An edge walked one way: found rows hold `found` values; rows of `other` whose
/// `other` column equals them are brought in.
struct Hop<'e> {
    found: &'e ColumnRef,
    other: &'e ColumnRef,
    via: &'static str,
    direction: &'static str,
}

impl Direction {
    fn of(self, edge: &Reference) -> Hop<'_> {
        let via = if edge.declared {
            "declared"
        } else {
            "foreign_key"
        };
        match self {
            Direction::Referencing => Hop {
                found: &edge.to,
                other: &edge.from,
                via,
                direction: "referencing",
            },
            Direction::Referenced => Hop {
                found: &edge.from,
                other: &edge.to,
                via,
                direction: "referenced",
            },
        }
    }
}

impl Hop<'_> {
    fn key(&self) -> (String, String, &'static str, &'static str) {
        (
            self.found.to_string(),
            self.other.to_string(),
            self.via,
            self.direction,
        )
    }
}

struct Walk<'w, 's> {
    source: &'s mut Source,
    dialect: Dialect,
    by_name: &'w HashMap<(String, String), &'w TableInfo>,
    options: LocateOptions,
    progress: &'w dyn LocateProgress,
    excluded: &'w HashMap<(String, String), BTreeSet<String>>,
    decisions: &'w Decisions,
    people_tables: &'w BTreeSet<(String, String)>,
    matcher: &'w Matcher,
    identity_cols: &'w HashMap<(String, String), IdentityCols>,
}

type Frontier = BTreeMap<(String, String), Vec<usize>>;
type FollowedCounts = BTreeMap<(String, String, &'static str, &'static str), u64>;

impl Walk<'_, '_> {
    /// Follows `edges` one way, level by level from every row found so far, at most
    /// `max_depth` levels; each level starts from the rows the last one brought in.
    async fn levels(
        &mut self,
        direction: Direction,
        edges: &[&Reference],
        collected: &mut BTreeMap<(String, String), Collected>,
        out: &mut Located,
        followed: &mut FollowedCounts,
    ) {
        let mut frontier: Frontier = collected
            .iter()
            .map(|(k, c)| (k.clone(), (0..c.table.rows.len()).collect()))
            .collect();
        for _depth in 0..self.options.max_depth {
            let mut next: Frontier = BTreeMap::new();
            for edge in edges {
                let hop = direction.of(edge);
                if let Some(n) = self
                    .follow(&hop, &frontier, collected, &mut next, out)
                    .await
                {
                    *followed.entry(hop.key()).or_default() += n;
                }
            }
            next.retain(|_, v| !v.is_empty());
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
    }

    /// Brings in the rows `hop` leads to from the frontier's rows; returns how many
    /// were new, or `None` when there was nothing to follow. Rows a referenced row
    /// would bring that are someone else's are listed as ambiguities instead.
    async fn follow(
        &mut self,
        hop: &Hop<'_>,
        frontier: &Frontier,
        collected: &mut BTreeMap<(String, String), Collected>,
        next: &mut Frontier,
        out: &mut Located,
    ) -> Option<u64> {
        let (matcher, identity_cols) = (self.matcher, self.identity_cols);
        let found_key = hop.found.table_key();
        let rows = frontier.get(&found_key)?;
        let other = self.by_name.get(&hop.other.table_key()).copied()?;
        if other.unreadable.is_some() || !other.columns.iter().any(|c| c.name == hop.other.column) {
            return None;
        }
        // Key value → the best reason among found rows holding it.
        let mut reasons: BTreeMap<String, Reason> = BTreeMap::new();
        {
            let found = &collected.get(&found_key)?.table;
            for &i in rows {
                let row = &found.rows[i];
                if let Some(v) = found.value(row, &hop.found.column).and_then(key_text) {
                    match reasons.get(&v) {
                        Some(r) if !row.reason.better_than(r) => {}
                        _ => {
                            reasons.insert(v, row.reason.clone());
                        }
                    }
                }
            }
        }
        // A row found rows refer to that is already here needs no second read.
        if hop.direction == "referenced" {
            if let Some(have) = collected.get(&hop.other.table_key()) {
                for row in &have.table.rows {
                    if let Some(v) = have.table.value(row, &hop.other.column).and_then(key_text) {
                        reasons.remove(&v);
                    }
                }
            }
        }
        if reasons.is_empty() {
            return None;
        }
        let name = format!("{}.{}", other.schema, other.name);
        self.progress.table(&name);
        let other_key = hop.other.table_key();
        let values: Vec<String> = reasons.keys().cloned().collect();
        let lookup = match hop.direction {
            "referencing" => "reference",
            _ => "referenced",
        };
        let no_exclusions = BTreeSet::new();
        let excluded = self.excluded.get(&other_key).unwrap_or(&no_exclusions);
        // Judged by email, phone and national id only: a person may hold several
        // accounts, and the walk reached this row through one of theirs.
        let identity_here: Option<IdentityCols> = identity_cols
            .get(&other_key)
            .filter(|_| self.people_tables.contains(&other_key))
            .map(|cols| {
                cols.iter()
                    .filter(|(_, k)| *k != ProbeKind::Account)
                    .cloned()
                    .collect()
            });
        let decisions = self.decisions;
        let mut brought = 0u64;
        for chunk in values.chunks(self.options.chunk.max(1)) {
            let sql = format!(
                "SELECT {}, {} FROM {} AS {} WHERE {}",
                self.dialect.row_json(other),
                self.dialect.text(&hop.other.column),
                self.dialect.table(other),
                Dialect::ROW_ALIAS,
                self.dialect.equals(&hop.other.column, chunk)
            );
            let kept = collected
                .entry(other_key.clone())
                .or_insert_with(|| Collected::new(other, lookup, self.dialect));
            let mut failure: Option<ConnectorError> = None;
            let mut new_rows: Vec<usize> = Vec::new();
            let mut strangers: Vec<Ambiguity> = Vec::new();
            let limit = self.options.max_rows_per_table;
            let read = self
                .source
                .select(&sql, 2, &mut |row| {
                    let (Some(json), Some(value)) = (row[0], row[1]) else {
                        return true;
                    };
                    let Some(parent) = reasons.get(value.trim()).or_else(|| reasons.get(value))
                    else {
                        return true;
                    };
                    let (values, key) = match kept.parse(json) {
                        Ok(v) => v,
                        Err(e) => {
                            failure = Some(e);
                            return false;
                        }
                    };
                    let decided = decisions.get(&(name.clone(), key.clone())).copied();
                    if excluded.contains(&key) || decided == Some(false) {
                        return true;
                    }
                    let mut reason = parent.clone();
                    reason.path.push(Step {
                        from: hop.found.to_string(),
                        to: hop.other.to_string(),
                        via: hop.via,
                        direction: hop.direction,
                        value: value.to_owned(),
                    });
                    // A row reached through a reference may be another person's (a
                    // colleague whose manager the person is, an order's `referred_by`
                    // customer): the request must not contradict it.
                    if let Some(columns) = identity_here.as_ref().filter(|_| decided != Some(true)) {
                        let id = identity(&kept.table, &values, columns, matcher, None);
                        if let Some((kind, column)) = id.contradicted {
                            let how = if hop.direction == "referenced" {
                                "a found row refers to it"
                            } else {
                                "it refers to a found row"
                            };
                            strangers.push(Ambiguity {
                                table: kept.table.name(),
                                row: key,
                                identifier_kind: reason.identifier_kind,
                                matched_column: hop.found.to_string(),
                                reason: format!(
                                    "{how} through {}, but {column} holds another {} than the request's",
                                    hop.other,
                                    kind_words(kind)
                                ),
                                outcome: "excluded",
                            });
                            return true;
                        }
                    }
                    if let Some(i) = kept.add(values, key, reason, limit) {
                        new_rows.push(i);
                    }
                    true
                })
                .await;
            out.ambiguities.extend(strangers);
            let stats = match (read, failure) {
                (Ok(stats), None) => stats,
                (Err(e), _) | (Ok(_), Some(e)) => {
                    out.unreadable.push(Unread::of(
                        name.clone(),
                        &e,
                        &format!("cannot follow {} → {}: ", hop.found, hop.other),
                    ));
                    break;
                }
            };
            out.rows_read += stats.rows;
            out.statements += 1;
            out.covered.insert(name.clone());
            brought += new_rows.len() as u64;
            // Rows reached by a referenced hop lead only to further referenced rows.
            next.entry(other_key.clone()).or_default().extend(new_rows);
        }
        self.progress
            .rows_found(collected.values().map(|c| c.table.rows.len() as u64).sum());
        Some(brought)
    }
}

/// A `WHERE` clause answered by indexes, when every probed column of the table has one
/// that answers its lookup; `None` means the table is read in one pass instead.
async fn index_filter(
    source: &mut Source,
    dialect: Dialect,
    table: &TableInfo,
    probes: &[&Probe],
    matcher: &Matcher,
) -> Result<Option<String>, ConnectorError> {
    if probes.is_empty() {
        return Ok(None);
    }
    let mut clauses = Vec::new();
    for p in probes {
        if !p.whole_values || !matches!(p.kind, ProbeKind::Email | ProbeKind::Account) {
            return Ok(None);
        }
        let support = source
            .index_support(&table.schema, &table.name, &p.column.column)
            .await?;
        let ty = table
            .column(&p.column.column)
            .map_or("", |c| c.data_type.as_str());
        let mut values = matcher.values_for(p.kind, &p.column.to_string());
        values.retain(|v| fits(ty, v));
        if values.is_empty() {
            return Ok(None);
        }
        match p.kind {
            ProbeKind::Email if support.case_insensitive => {
                clauses.push(dialect.equals_ignoring_case(&p.column.column, &values))
            }
            ProbeKind::Account if support.exact => {
                clauses.push(dialect.equals(&p.column.column, &values))
            }
            _ => return Ok(None),
        }
    }
    Ok((!clauses.is_empty()).then(|| clauses.join(" OR ")))
}

/// Foreign keys of single columns plus declared references, each once.
fn edges(
    tables: &[TableInfo],
    references: &[Reference],
    skipped: &mut Vec<Skipped>,
) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for t in tables {
        for fk in &t.foreign_keys {
            if fk.columns.len() != 1 || fk.ref_columns.len() != 1 {
                skipped.push(Skipped {
                    what: format!("{}.{}({})", t.schema, t.name, fk.columns.join(", ")),
                    reason: "composite foreign keys are not followed".into(),
                });
                continue;
            }
            out.push(Reference {
                from: ColumnRef {
                    schema: t.schema.clone(),
                    table: t.name.clone(),
                    column: fk.columns[0].clone(),
                },
                to: ColumnRef {
                    schema: fk.ref_schema.clone(),
                    table: fk.ref_table.clone(),
                    column: fk.ref_columns[0].clone(),
                },
                declared: false,
                walk_up: true,
            });
        }
    }
    for r in references {
        if !out.iter().any(|e| e.from == r.from && e.to == r.to) {
            out.push(r.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_are_read_back_in_the_form_locate_writes() {
        assert_eq!(
            parse_row_key(r#" {"id": 12} "#).as_deref(),
            Some(r#"{"id":12}"#)
        );
        assert_eq!(parse_row_key("sha256:ab12").as_deref(), Some("sha256:ab12"));
        for bad in ["12", "{}", "[1]", "id=12", ""] {
            assert_eq!(parse_row_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn column_refs_parse_with_a_default_schema() {
        let c = ColumnRef::parse("orders.customer_id", "public").unwrap();
        assert_eq!(c.to_string(), "public.orders.customer_id");
        let c = ColumnRef::parse("shop.orders.customer_id", "public").unwrap();
        assert_eq!(c.schema, "shop");
        assert!(ColumnRef::parse("orders", "public").is_err());
        assert!(ColumnRef::parse("a..b", "public").is_err());
    }
}
