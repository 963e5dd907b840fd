//! The export package: a ZIP written straight to disk with `data.json`, one CSV per
//! table, `context.json`, `schema.json`, `index.html` and, last, `manifest.json` with
//! every other file's SHA-256.

use super::context::Context;
use super::locate::{ColumnCategories, FoundTable, Located};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// One source's part of an export.
pub struct SourcePart<'a> {
    pub system: String,
    pub source: String,
    pub engine: String,
    /// What locate found; `Err` when the source could not be reached, with what the
    /// person is told about it (no driver details: no host names, paths or values).
    pub located: Result<&'a Located, String>,
    /// Data categories of each column known to hold personal data.
    pub column_categories: &'a ColumnCategories,
}

pub struct PackageInput<'a> {
    pub request_id: Option<i64>,
    pub portability: bool,
    /// `(kind, masked value)` of each identifier used.
    pub identifiers: Vec<(String, String)>,
    pub sources: Vec<SourcePart<'a>>,
    pub context: &'a Context,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

/// A column left out of a portability export, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Omitted {
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackageSummary {
    pub files: Vec<FileEntry>,
    /// Rows per `system/schema.table`.
    pub rows: BTreeMap<String, usize>,
    pub omitted: Vec<Omitted>,
    pub size_bytes: u64,
    /// SHA-256 of the ZIP file itself.
    pub sha256: String,
}

/// Counts and hashes what goes into one ZIP entry.
struct Hashing<'w, W: Write> {
    inner: &'w mut W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Every entry: deflated, readable by all.
fn entry_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644)
}

struct Zip {
    writer: ZipWriter<BufWriter<File>>,
    files: Vec<FileEntry>,
}

impl Zip {
    fn entry(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.writer.start_file(name, entry_options())?;
        let mut w = Hashing {
            inner: &mut self.writer,
            hasher: Sha256::new(),
            bytes: 0,
        };
        fill(&mut w)?;
        let (hasher, bytes) = (w.hasher, w.bytes);
        self.files.push(FileEntry {
            name: name.to_owned(),
            sha256: hex::encode(hasher.finalize()),
            bytes,
        });
        Ok(())
    }
}

/// The tables as exported: for portability only key columns and columns of portable
/// categories; tables left with none of those are left out.
fn shape_tables(
    part: &SourcePart<'_>,
    located: &Located,
    portable: Option<&dyn Fn(&str) -> bool>,
    omitted: &mut Vec<Omitted>,
) -> Vec<FoundTable> {
    let Some(portable) = portable else {
        return located.tables.clone();
    };
    let mut out = Vec::new();
    for t in &located.tables {
        let keep: Vec<bool> = t
            .columns
            .iter()
            .map(|c| {
                let full = format!("{}.{}.{c}", t.schema, t.table);
                // A column of several categories is portable when one of them is:
                // the rows are the subject's, and so is what they wrote there.
                match part.column_categories.get(&full) {
                    Some(cats) if cats.iter().any(|cat| portable(cat)) => true,
                    _ if t.primary_key.contains(c) => true,
                    Some(cats) => {
                        let listed: Vec<&str> = cats.iter().map(String::as_str).collect();
                        let (noun, verb) = if listed.len() == 1 {
                            ("category", "is")
                        } else {
                            ("categories", "are")
                        };
                        omitted.push(Omitted {
                            column: format!("{}/{full}", part.system),
                            reason: format!("{noun} {} {verb} not provided or observed data processed on consent or contract (Art. 20)", listed.join(", ")),
                        });
                        false
                    }
                    None => {
                        omitted.push(Omitted {
                            column: format!("{}/{full}", part.system),
                            reason: "not mapped to a data category in the inventory".into(),
                        });
                        false
                    }
                }
            })
            .collect();
        let personal = t
            .columns
            .iter()
            .zip(&keep)
            .any(|(c, k)| *k && !t.primary_key.contains(c));
        if !personal {
            continue;
        }
        let mut shaped = t.clone();
        shaped.columns = t
            .columns
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.clone())
            .collect();
        for row in &mut shaped.rows {
            row.values = std::mem::take(&mut row.values)
                .into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(v, _)| v)
                .collect();
        }
        out.push(shaped);
    }
    out
}

/// `data.json`, serialised straight into the ZIP entry.
#[derive(Serialize)]
/// Nothing in it depends on the time or on the order rows came in: the same request
/// over the same data gives the same bytes.
struct DataFile<'a> {
    request_id: Option<i64>,
    kind: &'a str,
    systems: Vec<SystemOut<'a>>,
}

#[derive(Serialize)]
struct SystemOut<'a> {
    system: &'a str,
    source: &'a str,
    tables: Vec<TableOut<'a>>,
}

#[derive(Serialize)]
struct TableOut<'a> {
    schema: &'a str,
    table: &'a str,
    primary_key: &'a [String],
    columns: &'a [String],
    rows: Rows<'a>,
}

/// One table's rows, columns in table order.
struct Rows<'t>(&'t FoundTable);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct RowOut<'a> {
            primary_key: Ordered<'a>,
            values: Ordered<'a>,
            included_because: &'a super::locate::Reason,
        }
        let t = self.0;
        let mut seq = s.serialize_seq(Some(t.rows.len()))?;
        for row in &t.rows {
            seq.serialize_element(&RowOut {
                primary_key: Ordered(&t.columns, &row.values, Some(&t.primary_key)),
                values: Ordered(&t.columns, &row.values, None),
                included_because: &row.reason,
            })?;
        }
        seq.end()
    }
}

struct Ordered<'t>(&'t [String], &'t [Value], Option<&'t [String]>);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (c, v) in self.0.iter().zip(self.1) {
            if self.2.is_none_or(|only| only.contains(c)) {
                map.serialize_entry(c, v)?;
            }
        }
        map.end()
    }
}

fn csv_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A file-name-safe form of a system or table name.
/// Entry names handed out so far. Tables whose names differ only in characters a file
/// name cannot hold (`dup x`, `dup_x`), or only in case (which a case-insensitive file
/// system unpacks into one file), or two sources of one system with the same table,
/// would otherwise share a name: each later one gets `-2`, `-3`, … before `.csv`.
#[derive(Default)]
struct UniqueNames(std::collections::HashSet<String>);

impl UniqueNames {
    fn claim(&mut self, stem: &str) -> String {
        let mut n = 1;
        loop {
            let name = if n == 1 {
                format!("{stem}.csv")
            } else {
                format!("{stem}-{n}.csv")
            };
            if self.0.insert(name.to_lowercase()) {
                return name;
            }
            n += 1;
        }
    }
}

fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn because(t: &FoundTable, i: usize) -> String {
    let r = &t.rows[i].reason;
    let mut text = format!("{} matched in {}", r.identifier_kind, r.matched_column);
    for s in &r.path {
        text.push_str(&format!(
            " -> {} = {} ({}, {})",
            s.to, s.value, s.via, s.direction
        ));
    }
    text
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the package to `path` (through a temporary file renamed at the end). Both are
/// readable by Steward's own user only (0600), whatever the umask; a temporary file left
/// by a failure is removed.
pub fn write(path: &Path, input: &PackageInput<'_>) -> anyhow::Result<PackageSummary> {
    let tmp = path.with_extension("zip.part");
    let written = write_to(&tmp, path, input);
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Opens a new file readable and writable by this user only.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn write_to(tmp: &Path, path: &Path, input: &PackageInput<'_>) -> anyhow::Result<PackageSummary> {
    let generated_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let file = create_private(tmp)?;
    let mut zip = Zip {
        writer: ZipWriter::new(BufWriter::new(file)),
        files: Vec::new(),
    };
    let mut omitted = Vec::new();
    let portable = |cat: &str| input.context.is_portable(cat);
    let shaped: Vec<Result<Vec<FoundTable>, String>> = input
        .sources
        .iter()
        .map(|p| match &p.located {
            Ok(l) => Ok(shape_tables(
                p,
                l,
                input
                    .portability
                    .then_some(&portable as &dyn Fn(&str) -> bool),
                &mut omitted,
            )),
            Err(e) => Err(e.clone()),
        })
        .collect();
    let kind = if input.portability {
        "portability"
    } else {
        "access"
    };

    // data.json, written table by table.
    zip.entry("data.json", |w| {
        let data = DataFile {
            request_id: input.request_id,
            kind,
            systems: input
                .sources
                .iter()
                .zip(&shaped)
                .map(|(p, tables)| SystemOut {
                    system: &p.system,
                    source: &p.source,
                    tables: tables
                        .iter()
                        .flatten()
                        .map(|t| TableOut {
                            schema: &t.schema,
                            table: &t.table,
                            primary_key: &t.primary_key,
                            columns: &t.columns,
                            rows: Rows(t),
                        })
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(w, &data)?;
        Ok(())
    })?;

    // One CSV per table, each under a name of its own.
    let mut rows = BTreeMap::new();
    let mut names = UniqueNames::default();
    for (p, tables) in input.sources.iter().zip(&shaped) {
        for t in tables.iter().flatten() {
            rows.insert(format!("{}/{}", p.system, t.name()), t.rows.len());
            let name = names.claim(&format!(
                "csv/{}/{}",
                file_part(&p.system),
                file_part(&t.name())
            ));
            zip.entry(&name, |w| {
                let mut out = csv::Writer::from_writer(w);
                let mut header: Vec<&str> = t.columns.iter().map(String::as_str).collect();
                header.push("included_because");
                out.write_record(&header)?;
                for (i, row) in t.rows.iter().enumerate() {
                    let mut record: Vec<String> = row.values.iter().map(csv_cell).collect();
                    record.push(because(t, i));
                    out.write_record(&record)?;
                }
                out.flush()?;
                Ok(())
            })?;
        }
    }

    zip.entry("context.json", |w| {
        serde_json::to_writer_pretty(w, input.context)?;
        Ok(())
    })?;
    zip.entry("schema.json", |w| {
        w.write_all(DATA_SCHEMA.as_bytes())?;
        Ok(())
    })?;
    zip.entry("index.html", |w| {
        w.write_all(index_html(input, &shaped, &rows, &generated_at).as_bytes())?;
        Ok(())
    })?;

    let sources: Vec<Value> = input
        .sources
        .iter()
        .zip(&shaped)
        .map(|(p, tables)| match &p.located {
            Ok(l) => json!({
                "system": p.system,
                "source": p.source,
                "engine": p.engine,
                "reachable": true,
                "complete": l.complete(),
                "tables_covered": l.covered,
                "unreadable_tables": l.unreadable.iter().map(|u| json!({"table": u.what, "kind": u.kind, "explanation": u.for_subject()})).collect::<Vec<_>>(),
                "ambiguities": l.ambiguities,
                "columns_not_probed": l.not_probed,
                "tables_with_rows": tables.as_ref().map(|ts| ts.iter().map(FoundTable::name).collect::<Vec<_>>()).unwrap_or_default(),
                "truncated_tables": l.tables.iter().filter(|t| t.truncated).map(FoundTable::name).collect::<Vec<_>>(),
                "references_followed": l.followed,
                "not_covered": l.skipped,
                "rows_read": l.rows_read,
            }),
            Err(e) => json!({
                "system": p.system,
                "source": p.source,
                "engine": p.engine,
                "reachable": false,
                "error": e,
            }),
        })
        .collect();
    let manifest = json!({
        "request_id": input.request_id,
        "kind": kind,
        "generated_at": generated_at,
        "generator": concat!("steward ", env!("CARGO_PKG_VERSION")),
        "identifiers": input.identifiers.iter().map(|(k, m)| json!({"kind": k, "value": m})).collect::<Vec<_>>(),
        "sources": sources,
        "omitted": omitted,
        "files": zip.files,
    });
    zip.writer.start_file("manifest.json", entry_options())?;
    serde_json::to_writer_pretty(&mut zip.writer, &manifest)?;
    let files = zip.files;
    let mut buffered = zip.writer.finish()?;
    buffered.flush()?;
    let file = buffered.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(tmp, path)?;
    let (sha256, size_bytes) = hash_file(path)?;
    Ok(PackageSummary {
        files,
        rows,
        omitted,
        size_bytes,
        sha256,
    })
}

fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let n = std::io::copy(&mut f, &mut hasher)?;
    Ok((hex::encode(hasher.finalize()), n))
}

fn index_html(
    input: &PackageInput<'_>,
    shaped: &[Result<Vec<FoundTable>, String>],
    rows: &BTreeMap<String, usize>,
    generated_at: &str,
) -> String {
    let e = html_escape;
    let mut h = String::new();
    let title = if input.portability {
        "Your data (portable copy, GDPR Art. 20)"
    } else {
        "Your data (GDPR Art. 15)"
    };
    h.push_str(&format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em;text-align:left}}</style>\
         </head><body>\n<h1>{title}</h1>\n<p>Generated {}{}.</p>\n",
        e(generated_at),
        input.request_id.map(|r| format!(" for request {r}")).unwrap_or_default()
    ));
    h.push_str("<h2>Identifiers searched for</h2><ul>");
    for (k, m) in &input.identifiers {
        h.push_str(&format!("<li>{}: {}</li>", e(k), e(m)));
    }
    h.push_str("</ul>\n<h2>Where we found data about you</h2>\n<table><tr><th>System / table</th><th>Rows</th></tr>");
    for (t, n) in rows {
        h.push_str(&format!("<tr><td>{}</td><td>{n}</td></tr>", e(t)));
    }
    h.push_str("</table>\n");
    let unreachable: Vec<String> = input
        .sources
        .iter()
        .zip(shaped)
        .filter_map(|(p, s)| {
            s.as_ref()
                .err()
                .map(|err| format!("{} ({}): {}", p.system, p.source, err))
        })
        .collect();
    if !unreachable.is_empty() {
        h.push_str("<p><strong>Not searched (unreachable):</strong></p><ul>");
        for u in unreachable {
            h.push_str(&format!("<li>{}</li>", e(&u)));
        }
        h.push_str("</ul>");
    }
    // Rows left out because they may be someone else's: said, never shown.
    let left_out: usize = input
        .sources
        .iter()
        .filter_map(|p| p.located.as_ref().ok())
        .map(|l| {
            l.ambiguities
                .iter()
                .filter(|a| a.outcome == "excluded")
                .count()
        })
        .sum();
    if left_out > 0 {
        h.push_str(&format!(
            "<p><strong>{left_out} record(s) not included:</strong> they matched one of your \
             identifiers but may belong to someone else (a shared email address, for \
             instance), so we left them out to protect that person. If you think they are \
             yours, tell us and we will check.</p>\n"
        ));
    }
    let not_read: Vec<String> = input
        .sources
        .iter()
        .filter_map(|p| p.located.as_ref().ok().map(|l| (p, l)))
        .flat_map(|(p, l)| {
            l.unreadable
                .iter()
                .map(move |u| format!("{} ({}): {}", p.system, u.what, u.for_subject()))
        })
        .collect();
    if !not_read.is_empty() {
        h.push_str("<p><strong>Not searched (could not be read):</strong></p><ul>");
        for u in not_read {
            h.push_str(&format!("<li>{}</li>", e(&u)));
        }
        h.push_str("</ul>");
    }
    let c = input.context;
    context_html(&mut h, c, false);
    if c.languages.contains(&"nb") {
        h.push_str("<hr lang=\"nb\">\n<div lang=\"nb\">\n");
        context_html(&mut h, c, true);
        h.push_str("</div>\n");
    }
    h.push_str("<h2>Your rights</h2><ul>");
    for r in &input.context.rights {
        h.push_str(&format!("<li>{} ({})</li>", e(r.right), e(r.article)));
    }
    h.push_str("</ul>\n");
    for a in &input.context.supervisory_authorities {
        h.push_str(&format!(
            "<p>You can complain to {} (<a href=\"{}\">{}</a>).</p>\n",
            e(a.name),
            e(a.website),
            e(a.website)
        ));
    }
    h.push_str("<p>The files <code>data.json</code> and <code>csv/</code> hold the data itself; <code>context.json</code> the information above; <code>manifest.json</code> lists every file with its SHA-256.</p>\n</body></html>\n");
    h
}

/// The activities behind the person's data, in English or Norwegian.
fn context_html(h: &mut String, c: &Context, nb: bool) {
    let e = html_escape;
    let pick = |t: &super::context::Text| -> String {
        if nb {
            t.nb.clone().unwrap_or_else(|| t.en.clone())
        } else {
            t.en.clone()
        }
    };
    let [why, purpose, basis, data, recipients, transfers, none, gap] = if nb {
        [
            "Hvorfor vi behandler opplysningene",
            "Formål",
            "Rettslig grunnlag",
            "Opplysninger",
            "Mottakere",
            "Overføring ut av EØS",
            "ingen",
            "Også funnet, men ennå ikke beskrevet i vår protokoll over behandlingsaktiviteter",
        ]
    } else {
        [
            "Why we process it",
            "Purpose",
            "Legal basis",
            "Your data",
            "Recipients",
            "Transfers outside the EEA",
            "none",
            "Also found, but not yet described in our record of processing",
        ]
    };
    h.push_str(&format!("<h2>{why}</h2>\n"));
    for a in &c.activities {
        h.push_str(&format!(
            "<h3>{}{}</h3>\n<p>{}</p>\n<ul>",
            e(&a.activity),
            a.controller
                .as_deref()
                .map(|x| format!(" ({})", e(x)))
                .unwrap_or_default(),
            e(&pick(&a.summary))
        ));
        h.push_str(&format!("<li>{purpose}: {}</li>", e(&a.purpose)));
        let bases: Vec<String> = a.legal_bases.iter().map(|b| pick(&b.text)).collect();
        h.push_str(&format!(
            "<li>{basis}: {}</li>",
            e(&if bases.is_empty() {
                none.to_owned()
            } else {
                bases.join("; ")
            })
        ));
        h.push_str(&format!("<li>{data}:<ul>"));
        for d in &a.data {
            h.push_str(&format!(
                "<li>{}: {}; {}</li>",
                e(&d.name),
                e(&pick(&d.source_text)),
                e(&pick(&d.retention_text))
            ));
        }
        h.push_str("</ul></li>");
        let to: Vec<String> = a.recipients.iter().map(|r| pick(&r.text)).collect();
        h.push_str(&format!(
            "<li>{recipients}: {}</li>",
            e(&if to.is_empty() {
                none.to_owned()
            } else {
                to.join("; ")
            })
        ));
        let out: Vec<String> = a.transfers.iter().map(|t| pick(&t.text)).collect();
        h.push_str(&format!(
            "<li>{transfers}: {}</li>",
            e(&if out.is_empty() {
                none.to_owned()
            } else {
                out.join("; ")
            })
        ));
        h.push_str("</ul>\n");
    }
    if !c.not_described.is_empty() {
        h.push_str(&format!(
            "<p>{gap}: {}.</p>\n",
            e(&c.not_described.join(", "))
        ));
    }
}

/// JSON Schema (2020-12) of `data.json`.
pub const DATA_SCHEMA: &str = include_str!("data.schema.json");
