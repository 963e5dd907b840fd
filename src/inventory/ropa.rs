//! The record of processing activities (Art. 30) as flat, serialisable records, for
//! `steward ropa` (JSON and CSV).

use super::activities::{self, activity_retention, data_retention};
use super::by_id;
use crate::domain::{LegalBasis, ProcessingRole, SpecialCategoryCondition, TransferSafeguard};
use crate::error::Result;
use entity::{data_category, data_subject, organisation, recipient, system};
use sea_orm::ConnectionTrait;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RopaRecord {
    pub activity_id: i64,
    pub activity: String,
    pub organisation: Option<String>,
    pub organisation_registration_number: Option<String>,
    pub organisation_address: Option<String>,
    pub organisation_contact: Option<String>,
    pub dpo: Option<String>,
    pub eu_representative: Option<String>,
    pub role: ProcessingRole,
    /// The controller: the organisation itself, or for processor activities the
    /// controller it processes for.
    pub controller: Option<String>,
    pub purpose: String,
    /// The fideslang data use the purpose falls under, when stated.
    pub data_use: Option<String>,
    pub description: Option<String>,
    pub legal_bases: Vec<RopaLegalBasis>,
    pub special_category_condition: Option<String>,
    pub data_subjects: Vec<String>,
    pub data: Vec<RopaData>,
    pub recipients: Vec<RopaRecipient>,
    pub transfers: Vec<RopaTransfer>,
    pub retention: Option<String>,
    pub systems: Vec<String>,
    pub security_measures: Option<String>,
    pub automated_decision_making: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RopaLegalBasis {
    pub basis: LegalBasis,
    pub article: &'static str,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RopaData {
    pub category: String,
    pub category_name: String,
    pub special: bool,
    pub subject: String,
    pub source: String,
    pub retention: Option<String>,
    /// The rule behind `retention`, for texts that explain it in words.
    #[serde(skip)]
    pub retention_rule: Option<crate::domain::Retention>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RopaRecipient {
    pub name: String,
    pub role: String,
    pub country: Option<String>,
    pub contract_reference: Option<String>,
    pub purpose: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RopaTransfer {
    pub country: String,
    pub safeguard: TransferSafeguard,
    pub detail: Option<String>,
    pub recipient: Option<String>,
}

/// The organisation's data protection officer as one line: `Name <contact>`.
pub fn dpo_of(o: &organisation::Model) -> Option<String> {
    match (&o.dpo_name, &o.dpo_contact) {
        (Some(n), Some(c)) => Some(format!("{n} <{c}>")),
        (n, c) => n.clone().or_else(|| c.clone()),
    }
}

/// Builds the whole record, ordered by organisation and activity name.
pub async fn build(db: &impl ConnectionTrait) -> Result<Vec<RopaRecord>> {
    let orgs = by_id::<organisation::Entity>(db).await?;
    let categories = by_id::<data_category::Entity>(db).await?;
    let subjects = by_id::<data_subject::Entity>(db).await?;
    let recipients = by_id::<recipient::Entity>(db).await?;
    let systems = by_id::<system::Entity>(db).await?;
    let list = activities::all(db, None).await?;
    let ids: Vec<i64> = list.iter().map(|a| a.id).collect();
    let mut bases = activities::legal_bases_of(db, &ids).await?;
    let mut data = activities::data_of(db, &ids).await?;
    let mut act_systems = activities::systems_of(db, &ids).await?;
    let mut act_recipients = activities::recipients_of(db, &ids).await?;
    let mut transfers = activities::transfers_of(db, &ids).await?;

    let mut out = Vec::with_capacity(list.len());
    for a in list {
        let org = a.organisation_id.and_then(|id| orgs.get(&id));
        let role = ProcessingRole::from_db(&a.role)?;
        let retention = activity_retention(&a)?;
        let mut rows = Vec::new();
        let mut subject_names: Vec<String> = Vec::new();
        for d in data.remove(&a.id).unwrap_or_default() {
            let (Some(c), Some(s)) = (categories.get(&d.category_id), subjects.get(&d.subject_id))
            else {
                continue;
            };
            if !subject_names.contains(&s.key) {
                subject_names.push(s.key.clone());
            }
            let rule = data_retention(&d)?.or_else(|| retention.clone());
            rows.push(RopaData {
                category: c.key.clone(),
                category_name: c.name.clone(),
                special: c.special,
                subject: s.key.clone(),
                source: d.source.clone(),
                retention: rule.as_ref().map(|r| r.summary()),
                retention_rule: rule,
            });
        }
        out.push(RopaRecord {
            activity_id: a.id,
            activity: a.name.clone(),
            organisation: org.map(|o| o.name.clone()),
            organisation_registration_number: org.and_then(|o| o.registration_number.clone()),
            organisation_address: org.and_then(|o| o.address.clone()),
            organisation_contact: org.and_then(|o| o.contact_email.clone()),
            dpo: org.and_then(dpo_of),
            eu_representative: org.and_then(|o| o.eu_representative.clone()),
            role,
            controller: match role {
                ProcessingRole::Processor => a.controller_name.clone(),
                _ => org
                    .map(|o| o.name.clone())
                    .or_else(|| a.controller_name.clone()),
            },
            purpose: a.purpose.clone(),
            data_use: a.data_use.clone(),
            description: a.description.clone(),
            legal_bases: bases
                .remove(&a.id)
                .unwrap_or_default()
                .into_iter()
                .map(|b| {
                    let basis = LegalBasis::from_db(&b.basis)?;
                    Ok(RopaLegalBasis {
                        basis,
                        article: basis.article(),
                        note: b.note,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            special_category_condition: a
                .special_category_condition
                .as_deref()
                .map(SpecialCategoryCondition::from_db)
                .transpose()?
                .map(|c| c.article().to_owned()),
            data_subjects: subject_names,
            data: rows,
            recipients: act_recipients
                .remove(&a.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|ar| {
                    recipients.get(&ar.recipient_id).map(|r| RopaRecipient {
                        name: r.name.clone(),
                        role: r.role.clone(),
                        country: r.country.clone(),
                        contract_reference: r.contract_reference.clone(),
                        purpose: ar.purpose,
                    })
                })
                .collect(),
            transfers: transfers
                .remove(&a.id)
                .unwrap_or_default()
                .into_iter()
                .map(|t| {
                    Ok(RopaTransfer {
                        country: t.country,
                        safeguard: TransferSafeguard::from_db(&t.safeguard)?,
                        detail: t.safeguard_detail,
                        recipient: t
                            .recipient_id
                            .and_then(|r| recipients.get(&r))
                            .map(|r| r.name.clone()),
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            retention: retention.map(|r| r.summary()),
            systems: act_systems
                .remove(&a.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|s| systems.get(&s.system_id).map(|s| s.name.clone()))
                .collect(),
            security_measures: a
                .security_measures
                .clone()
                .or_else(|| org.and_then(|o| o.security_measures.clone())),
            automated_decision_making: a.automated_decision_making.clone(),
        });
    }
    out.sort_by(|x, y| (&x.organisation, &x.activity).cmp(&(&y.organisation, &y.activity)));
    Ok(out)
}

/// The record in one of its formats.
pub fn write(records: &[RopaRecord], format: crate::config::RopaFormat) -> anyhow::Result<Vec<u8>> {
    use crate::config::RopaFormat;
    Ok(match format {
        RopaFormat::Json => {
            let mut out = serde_json::to_vec_pretty(records)?;
            out.push(b'\n');
            out
        }
        RopaFormat::Csv => {
            let mut out = Vec::new();
            write_csv(records, &mut out)?;
            out
        }
        RopaFormat::Xlsx => write_xlsx(records)?,
    })
}

/// The record's columns (CSV), one row per activity.
const COLUMNS: [&str; 16] = [
    "organisation",
    "activity",
    "role",
    "controller",
    "dpo",
    "eu_representative",
    "purpose",
    "legal_bases",
    "special_category_condition",
    "data_subjects",
    "data_categories",
    "recipients",
    "transfers",
    "retention",
    "systems",
    "security_measures",
];

/// One activity's cells, in [`COLUMNS`] order; lists joined with "; ".
fn cells(r: &RopaRecord) -> [String; 16] {
    let join = |items: Vec<String>| items.join("; ");
    [
        r.organisation.clone().unwrap_or_default(),
        r.activity.clone(),
        r.role.as_str().to_owned(),
        r.controller.clone().unwrap_or_default(),
        r.dpo.clone().unwrap_or_default(),
        r.eu_representative.clone().unwrap_or_default(),
        r.purpose.clone(),
        join(
            r.legal_bases
                .iter()
                .map(|b| match &b.note {
                    Some(n) => format!("{} ({})", b.article, n),
                    None => b.article.to_owned(),
                })
                .collect(),
        ),
        r.special_category_condition.clone().unwrap_or_default(),
        join(r.data_subjects.clone()),
        join(
            r.data
                .iter()
                .map(|d| match &d.retention {
                    Some(ret) => format!(
                        "{} [{}; {}; retention: {}]",
                        d.category, d.subject, d.source, ret
                    ),
                    None => format!("{} [{}; {}]", d.category, d.subject, d.source),
                })
                .collect(),
        ),
        join(
            r.recipients
                .iter()
                .map(|x| match &x.country {
                    Some(c) => format!("{} ({}, {})", x.name, x.role, c),
                    None => format!("{} ({})", x.name, x.role),
                })
                .collect(),
        ),
        join(
            r.transfers
                .iter()
                .map(|t| {
                    format!(
                        "{}: {}{}",
                        t.country,
                        t.safeguard,
                        t.detail
                            .as_ref()
                            .map(|d| format!(" ({d})"))
                            .unwrap_or_default()
                    )
                })
                .collect(),
        ),
        r.retention.clone().unwrap_or_default(),
        join(r.systems.clone()),
        r.security_measures.clone().unwrap_or_default(),
    ]
}

/// Writes the record as CSV, one row per activity, lists joined with "; ".
pub fn write_csv<W: std::io::Write>(records: &[RopaRecord], out: W) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for r in records {
        w.write_record(cells(r))?;
    }
    w.flush()?;
    Ok(())
}

/// A spreadsheet column: its heading (with the Art. 30 point it answers), the
/// [`COLUMNS`] cell it shows, and its width.
type SheetColumn = (&'static str, usize, f64);

/// Art. 30(1): the controller's record, one row per activity.
const CONTROLLER_SHEET: &[SheetColumn] = &[
    ("(a) Controller", 3, 24.0),
    ("(a) Organisation", 0, 24.0),
    ("(a) Data protection officer", 4, 28.0),
    ("(a) Representative in the EU", 5, 22.0),
    ("Processing activity", 1, 30.0),
    ("(b) Purpose", 6, 40.0),
    ("(b) Legal basis (Art. 6)", 7, 30.0),
    ("Special-category condition (Art. 9)", 8, 22.0),
    ("(c) Data subjects", 9, 22.0),
    ("(c) Personal data", 10, 50.0),
    ("(d) Recipients", 11, 36.0),
    ("(e) Third-country transfers", 12, 36.0),
    ("(f) Retention", 13, 36.0),
    ("(g) Security measures", 15, 36.0),
    ("Systems", 14, 30.0),
];

/// Art. 30(2): the processor's record of what it does for controllers.
const PROCESSOR_SHEET: &[SheetColumn] = &[
    ("(a) Processor", 0, 24.0),
    ("(a) Controller", 3, 28.0),
    ("(a) Data protection officer", 4, 28.0),
    ("(a) Representative in the EU", 5, 22.0),
    ("Processing activity", 1, 30.0),
    ("(b) Categories of processing", 6, 40.0),
    ("(b) Personal data", 10, 50.0),
    ("(c) Third-country transfers", 12, 36.0),
    ("(d) Security measures", 15, 36.0),
    ("Systems", 14, 30.0),
];

/// Writes the record as a spreadsheet a DPO can hand over: a sheet of controller
/// activities (Art. 30(1)) and one of processor activities (Art. 30(2)).
pub fn write_xlsx(records: &[RopaRecord]) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#E8EEF8");
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let processor = |r: &&RopaRecord| r.role == ProcessingRole::Processor;
    let sheets: [(&str, &[SheetColumn], Vec<&RopaRecord>); 2] = [
        (
            "Controller (Art. 30(1))",
            CONTROLLER_SHEET,
            records.iter().filter(|r| !processor(r)).collect(),
        ),
        (
            "Processor (Art. 30(2))",
            PROCESSOR_SHEET,
            records.iter().filter(processor).collect(),
        ),
    ];
    for (name, columns, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        for (c, (heading, _, width)) in columns.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(0, c, *heading, &head)?;
            sheet.set_column_width(c, *width)?;
        }
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            let values = cells(r);
            for (c, (_, cell, _)) in columns.iter().enumerate() {
                sheet.write_string_with_format(row, c as u16, &values[*cell], &body)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    }
    Ok(book.save_to_buffer()?)
}
