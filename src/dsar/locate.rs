//! Finding every row about a person in one source: direct matches in the columns that
//! hold personal data, then the rows that depend on them through foreign keys and
//! declared references.
//!
//! Each table with probed columns is read at most once per request: either through an
//! index (when every probed column has one that answers the lookup) or in one streaming
//! pass that checks all identifiers at once. Following references reads only the rows
//! whose key is among the values found, in chunks.

use super::identifiers::{Identifier, Matcher, ProbeKind};
use crate::discovery::connectors::{ConnectorError, Dialect, Source, TableInfo};
use crate::domain::IdentifierKind;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
}

impl Default for LocateOptions {
    fn default() -> Self {
        Self {
            max_depth: 6,
            max_rows_per_table: 10_000,
            chunk: 500,
            use_indexes: true,
        }
    }
}

/// One step of an inclusion path: rows of `to` whose `to` column equals `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The parent column (`schema.table.column`).
    pub from: String,
    /// The child column that refers to it.
    pub to: String,
    /// `foreign_key` or `declared`.
    pub via: &'static str,
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

#[derive(Debug, Clone)]
pub struct FoundRow {
    /// Values in the table's column order.
    pub values: Vec<Value>,
    pub reason: Reason,
}

#[derive(Debug, Clone)]
pub struct FoundTable {
    pub schema: String,
    pub table: String,
    pub columns: Vec<String>,
    pub primary_key: Vec<String>,
    pub rows: Vec<FoundRow>,
    /// How rows were first found here: `index`, `scan` or `reference`.
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
    pub rows: u64,
}

/// A table or reference that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub what: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Located {
    pub tables: Vec<FoundTable>,
    pub followed: Vec<Followed>,
    pub skipped: Vec<Skipped>,
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

/// The table's rows kept so far, de-duplicated by primary key (or whole row).
struct Collected {
    table: FoundTable,
    seen: HashSet<String>,
}

impl Collected {
    fn new(t: &TableInfo, lookup: &'static str) -> Self {
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
            seen: HashSet::new(),
        }
    }

    /// Keeps the row unless already kept; returns its index when new.
    fn add(
        &mut self,
        json: &str,
        reason: Reason,
        limit: usize,
    ) -> Result<Option<usize>, ConnectorError> {
        let object: serde_json::Map<String, Value> = serde_json::from_str(json).map_err(|e| {
            ConnectorError::new(
                crate::discovery::connectors::ConnectorErrorKind::Other,
                format!("{} returned a row that is not JSON: {e}", self.table.name()),
            )
        })?;
        let key = if self.table.primary_key.is_empty() {
            json.to_owned()
        } else {
            self.table
                .primary_key
                .iter()
                .map(|k| object.get(k).and_then(key_text).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\u{1f}")
        };
        if self.seen.contains(&key) {
            return Ok(None);
        }
        if self.table.rows.len() >= limit {
            self.table.truncated = true;
            return Ok(None);
        }
        self.seen.insert(key);
        let values = self
            .table
            .columns
            .iter()
            .map(|c| object.get(c).cloned().unwrap_or(Value::Null))
            .collect();
        self.table.rows.push(FoundRow { values, reason });
        Ok(Some(self.table.rows.len() - 1))
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

/// The categories of every column of the tables where rows were found.
pub fn found_categories(
    located: &Located,
    column_categories: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let tables: BTreeSet<String> = located.tables.iter().map(|t| t.name()).collect();
    column_categories
        .iter()
        .filter(|(column, _)| {
            column
                .rsplit_once('.')
                .is_some_and(|(table, _)| tables.contains(table))
        })
        .map(|(_, c)| c.clone())
        .collect()
}

/// Finds the rows about the person `matcher` describes in one source.
pub async fn locate(
    source: &mut Source,
    tables: &[TableInfo],
    probes: &[Probe],
    references: &[Reference],
    matcher: &Matcher,
    options: LocateOptions,
    progress: &dyn LocateProgress,
) -> Result<Located, ConnectorError> {
    let dialect = source.dialect();
    let by_name: HashMap<(String, String), &TableInfo> = tables
        .iter()
        .map(|t| ((t.schema.clone(), t.name.clone()), t))
        .collect();
    let mut out = Located::default();
    let mut collected: BTreeMap<(String, String), Collected> = BTreeMap::new();

    // 1. Direct matches, one read per table.
    let mut by_table: BTreeMap<(String, String), Vec<&Probe>> = BTreeMap::new();
    for p in probes {
        if matcher.wants(p.kind, &p.column.to_string()) {
            by_table.entry(p.column.table_key()).or_default().push(p);
        }
    }
    for (key, probes) in by_table {
        let Some(table) = by_name.get(&key).copied() else {
            out.skipped.push(Skipped {
                what: format!("{}.{}", key.0, key.1),
                reason: "the table is not in the source (introspect or rescan it)".into(),
            });
            continue;
        };
        if let Some(why) = &table.unreadable {
            out.skipped.push(Skipped {
                what: format!("{}.{}", key.0, key.1),
                reason: why.clone(),
            });
            continue;
        }
        let probes: Vec<&Probe> = probes
            .into_iter()
            .filter(|p| {
                let known = table.columns.iter().any(|c| c.name == p.column.column);
                if !known {
                    out.skipped.push(Skipped {
                        what: p.column.to_string(),
                        reason: "the column is not in the table any more".into(),
                    });
                }
                known
            })
            .collect();
        if probes.is_empty() {
            continue;
        }
        progress.table(&format!("{}.{}", table.schema, table.name));
        let filter = if options.use_indexes {
            index_filter(source, dialect, table, &probes, matcher).await?
        } else {
            None
        };
        let lookup = if filter.is_some() { "index" } else { "scan" };
        let mut select = vec![dialect.row_json(table)];
        select.extend(probes.iter().map(|p| dialect.text(&p.column.column)));
        let sql = format!(
            "SELECT {} FROM {} AS {}{}",
            select.join(", "),
            dialect.table(table),
            Dialect::ROW_ALIAS,
            filter.map(|f| format!(" WHERE {f}")).unwrap_or_default()
        );
        let mut kept = Collected::new(table, lookup);
        let mut failure: Option<ConnectorError> = None;
        let limit = options.max_rows_per_table;
        let stats = source
            .select(&sql, select.len(), &mut |row| {
                let Some(json) = row[0] else { return true };
                for (p, value) in probes.iter().zip(&row[1..]) {
                    let Some(value) = value else { continue };
                    let column = p.column.to_string();
                    if let Some(i) = matcher.find(p.kind, &column, value) {
                        let reason = Reason {
                            identifier: i,
                            identifier_kind: matcher.identifiers()[i].kind_name(),
                            matched_column: column,
                            path: Vec::new(),
                        };
                        if let Err(e) = kept.add(json, reason, limit) {
                            failure = Some(e);
                            return false;
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
        out.rows_read += stats.rows;
        out.statements += 1;
        out.covered
            .insert(format!("{}.{}", table.schema, table.name));
        if !kept.table.rows.is_empty() {
            collected.insert(key, kept);
        }
        progress.rows_found(collected.values().map(|c| c.table.rows.len() as u64).sum());
    }

    // 2. Dependent rows, level by level.
    let edges = edges(tables, references, &mut out.skipped);
    let mut frontier: HashMap<(String, String), Vec<usize>> = collected
        .iter()
        .map(|(k, c)| (k.clone(), (0..c.table.rows.len()).collect()))
        .collect();
    let mut followed: BTreeMap<(String, String, &'static str), u64> = BTreeMap::new();
    for _depth in 0..options.max_depth {
        let mut next: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for edge in &edges {
            let parent_key = edge.to.table_key();
            let Some(rows) = frontier.get(&parent_key) else {
                continue;
            };
            let Some(child) = by_name.get(&edge.from.table_key()).copied() else {
                continue;
            };
            if child.unreadable.is_some() {
                continue;
            }
            // Parent key value → the reason of the first parent row holding it.
            let mut reasons: HashMap<String, Reason> = HashMap::new();
            {
                let parent = &collected[&parent_key].table;
                for &i in rows {
                    let row = &parent.rows[i];
                    if let Some(v) = parent.value(row, &edge.to.column).and_then(key_text) {
                        reasons.entry(v).or_insert_with(|| row.reason.clone());
                    }
                }
            }
            if reasons.is_empty() {
                continue;
            }
            progress.table(&format!("{}.{}", child.schema, child.name));
            let via = if edge.declared {
                "declared"
            } else {
                "foreign_key"
            };
            let mut values: Vec<String> = reasons.keys().cloned().collect();
            values.sort();
            let child_key = edge.from.table_key();
            let mut brought = 0u64;
            for chunk in values.chunks(options.chunk.max(1)) {
                let sql = format!(
                    "SELECT {}, {} FROM {} AS {} WHERE {}",
                    dialect.row_json(child),
                    dialect.text(&edge.from.column),
                    dialect.table(child),
                    Dialect::ROW_ALIAS,
                    dialect.equals(&edge.from.column, chunk)
                );
                let kept = collected
                    .entry(child_key.clone())
                    .or_insert_with(|| Collected::new(child, "reference"));
                let mut failure: Option<ConnectorError> = None;
                let mut new_rows: Vec<usize> = Vec::new();
                let limit = options.max_rows_per_table;
                let stats = source
                    .select(&sql, 2, &mut |row| {
                        let (Some(json), Some(value)) = (row[0], row[1]) else {
                            return true;
                        };
                        let Some(parent) = reasons.get(value.trim()).or_else(|| reasons.get(value))
                        else {
                            return true;
                        };
                        let mut reason = parent.clone();
                        reason.path.push(Step {
                            from: edge.to.to_string(),
                            to: edge.from.to_string(),
                            via,
                            value: value.to_owned(),
                        });
                        match kept.add(json, reason, limit) {
                            Ok(Some(i)) => new_rows.push(i),
                            Ok(None) => {}
                            Err(e) => {
                                failure = Some(e);
                                return false;
                            }
                        }
                        true
                    })
                    .await
                    .map_err(|e| {
                        e.context(&format!("cannot read {}.{}", child.schema, child.name))
                    })?;
                if let Some(e) = failure {
                    return Err(e);
                }
                out.rows_read += stats.rows;
                out.statements += 1;
                out.covered
                    .insert(format!("{}.{}", child.schema, child.name));
                brought += new_rows.len() as u64;
                next.entry(child_key.clone()).or_default().extend(new_rows);
            }
            *followed
                .entry((edge.to.to_string(), edge.from.to_string(), via))
                .or_default() += brought;
            progress.rows_found(collected.values().map(|c| c.table.rows.len() as u64).sum());
        }
        next.retain(|_, v| !v.is_empty());
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    out.followed = followed
        .into_iter()
        .map(|((from, to, via), rows)| Followed {
            from,
            to,
            via,
            rows,
        })
        .collect();
    out.tables = collected
        .into_values()
        .map(|c| c.table)
        .filter(|t| !t.rows.is_empty())
        .collect();
    Ok(out)
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
    let mut clauses = Vec::new();
    for p in probes {
        if !p.whole_values || !matches!(p.kind, ProbeKind::Email | ProbeKind::Account) {
            return Ok(None);
        }
        let support = source
            .index_support(&table.schema, &table.name, &p.column.column)
            .await?;
        let values = matcher.values_for(p.kind, &p.column.to_string());
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
    fn column_refs_parse_with_a_default_schema() {
        let c = ColumnRef::parse("orders.customer_id", "public").unwrap();
        assert_eq!(c.to_string(), "public.orders.customer_id");
        let c = ColumnRef::parse("shop.orders.customer_id", "public").unwrap();
        assert_eq!(c.schema, "shop");
        assert!(ColumnRef::parse("orders", "public").is_err());
        assert!(ColumnRef::parse("a..b", "public").is_err());
    }
}
