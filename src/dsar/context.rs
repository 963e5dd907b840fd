//! The Art. 15 context of an export, for the person it is about: the processing
//! activities of the systems where their rows were found (each once), with purposes,
//! legal bases, where the data came from, how long it is kept, who receives it and
//! transfers; the controllers, the subject's rights and whom to complain to. Every
//! code (`CONTRACT`, `P3Y`) is kept for machines and explained in words for people:
//! in English, and in Norwegian where a controller is Norwegian.

use crate::domain::{
    DataOrigin, LegalBasis, RecipientRole, Retention, RetentionTrigger, TransferSafeguard,
};
use crate::error::Result;
use crate::inventory::ropa::{self, RopaRecord};
use entity::organisation;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A text for people: English, and Norwegian (bokmål) where a controller is Norwegian.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nb: Option<String>,
}

impl Text {
    fn new(en: impl Into<String>, nb: impl Into<String>, norwegian: bool) -> Self {
        Self {
            en: en.into(),
            nb: norwegian.then(|| nb.into()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// Languages the texts are in: `en`, and `nb` where a controller is Norwegian.
    pub languages: Vec<&'static str>,
    pub controllers: Vec<Controller>,
    /// The activities of the systems where the person's rows were found that declare
    /// a category found there; each once.
    pub activities: Vec<ActivityContext>,
    /// Found categories and the activities above that process them.
    pub categories: Vec<CategoryContext>,
    /// Categories found that no activity of those systems declares: a gap in the
    /// record of processing, shown rather than hidden.
    pub not_described: Vec<String>,
    pub rights: Vec<Right>,
    pub supervisory_authorities: Vec<Authority>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Controller {
    pub name: String,
    pub country: Option<String>,
    pub registration_number: Option<String>,
    pub address: Option<String>,
    pub contact: Option<String>,
    pub dpo: Option<String>,
    pub eu_representative: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryContext {
    pub category: String,
    pub name: String,
    /// Names of the activities (in `activities`) that process it.
    pub activities: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivityContext {
    pub activity: String,
    pub controller: Option<String>,
    /// Systems of this export where the activity's data was found.
    pub systems: Vec<String>,
    pub purpose: String,
    pub legal_bases: Vec<BasisContext>,
    pub special_category_condition: Option<String>,
    /// The person's data this activity processes, as found.
    pub data: Vec<DataContext>,
    pub recipients: Vec<RecipientContext>,
    pub transfers: Vec<TransferContext>,
    pub automated_decision_making: Option<String>,
    /// The whole activity in a sentence or two.
    pub summary: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct BasisContext {
    /// e.g. `CONTRACT`.
    pub basis: LegalBasis,
    pub article: &'static str,
    pub note: Option<String>,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataContext {
    pub category: String,
    pub name: String,
    /// `PROVIDED`, `OBSERVED`, `INFERRED` or `THIRD_PARTY`.
    pub source: String,
    pub source_text: Text,
    /// The rule as recorded, e.g. `P3Y after the account is closed`.
    pub retention: Option<String>,
    pub retention_text: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecipientContext {
    pub name: String,
    pub role: String,
    pub country: Option<String>,
    pub purpose: Option<String>,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct TransferContext {
    pub country: String,
    pub safeguard: TransferSafeguard,
    pub recipient: Option<String>,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Right {
    pub right: &'static str,
    pub article: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Authority {
    pub country: String,
    pub name: &'static str,
    pub website: &'static str,
}

const RIGHTS: [(&str, &str); 9] = [
    (
        "access to your personal data and this information",
        "Art. 15",
    ),
    ("rectification of inaccurate data", "Art. 16"),
    ("erasure", "Art. 17"),
    ("restriction of processing", "Art. 18"),
    (
        "data portability (data you provided, processed on consent or contract)",
        "Art. 20",
    ),
    (
        "objection to processing based on legitimate interests or for direct marketing",
        "Art. 21",
    ),
    (
        "not to be subject to solely automated decisions with legal or similar effects",
        "Art. 22",
    ),
    (
        "withdrawal of consent at any time, without affecting earlier processing",
        "Art. 7(3)",
    ),
    (
        "lodging a complaint with a supervisory authority",
        "Art. 77",
    ),
];

/// The supervisory authority of an EEA (or UK) country.
fn authority(country: &str) -> Option<Authority> {
    let (name, website) = match country {
        "NO" => ("Datatilsynet", "https://www.datatilsynet.no"),
        "SE" => ("Integritetsskyddsmyndigheten (IMY)", "https://www.imy.se"),
        "DK" => ("Datatilsynet", "https://www.datatilsynet.dk"),
        "FI" => (
            "Office of the Data Protection Ombudsman",
            "https://tietosuoja.fi",
        ),
        "IS" => ("Persónuvernd", "https://www.personuvernd.is"),
        "DE" => (
            "Der Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)",
            "https://www.bfdi.bund.de",
        ),
        "IE" => (
            "Data Protection Commission",
            "https://www.dataprotection.ie",
        ),
        "FR" => (
            "Commission nationale de l'informatique et des libertés (CNIL)",
            "https://www.cnil.fr",
        ),
        "NL" => (
            "Autoriteit Persoonsgegevens",
            "https://autoriteitpersoonsgegevens.nl",
        ),
        "BE" => (
            "Autorité de protection des données",
            "https://www.autoriteprotectiondonnees.be",
        ),
        "ES" => (
            "Agencia Española de Protección de Datos (AEPD)",
            "https://www.aepd.es",
        ),
        "IT" => (
            "Garante per la protezione dei dati personali",
            "https://www.garanteprivacy.it",
        ),
        "AT" => ("Datenschutzbehörde", "https://www.dsb.gv.at"),
        "PL" => (
            "Urząd Ochrony Danych Osobowych (UODO)",
            "https://uodo.gov.pl",
        ),
        "GB" => (
            "Information Commissioner's Office (ICO)",
            "https://ico.org.uk",
        ),
        _ => return None,
    };
    Some(Authority {
        country: country.to_owned(),
        name,
        website,
    })
}

/// Whether an activity declaring `declared` covers the found category `found`.
pub fn covers(declared: &str, found: &str) -> bool {
    declared == found
        || found.starts_with(&format!("{declared}."))
        || declared.starts_with(&format!("{found}."))
}

/// The context for the person's rows: `found` maps each system where rows were found
/// to the categories of the columns found there.
pub async fn build(
    db: &impl ConnectionTrait,
    found: &BTreeMap<String, BTreeSet<String>>,
) -> Result<Context> {
    let records = ropa::build(db).await?;
    let orgs = organisation::Entity::find().all(db).await?;
    Ok(assemble(&records, &orgs, found))
}

fn assemble(
    records: &[RopaRecord],
    orgs: &[organisation::Model],
    found: &BTreeMap<String, BTreeSet<String>>,
) -> Context {
    // The activities of those systems that declare a category found there.
    let mut chosen: Vec<(&RopaRecord, Vec<String>, BTreeSet<String>)> = Vec::new();
    for r in records {
        let mut systems = Vec::new();
        let mut categories = BTreeSet::new();
        for (system, cats) in found {
            if !r.systems.contains(system) {
                continue;
            }
            let here: Vec<&String> = cats
                .iter()
                .filter(|c| r.data.iter().any(|d| covers(&d.category, c)))
                .collect();
            if !here.is_empty() {
                systems.push(system.clone());
                categories.extend(here.into_iter().cloned());
            }
        }
        if !systems.is_empty() {
            chosen.push((r, systems, categories));
        }
    }
    let used_orgs: BTreeSet<&str> = chosen
        .iter()
        .filter_map(|(r, _, _)| r.organisation.as_deref())
        .collect();
    let controllers: Vec<&organisation::Model> = orgs
        .iter()
        .filter(|o| used_orgs.contains(o.name.as_str()))
        .collect();
    let norwegian = controllers
        .iter()
        .any(|o| o.country.as_deref() == Some("NO"));

    let mut activities = Vec::new();
    let mut by_category: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for (r, systems, categories) in &chosen {
        let mut data: Vec<DataContext> = Vec::new();
        for d in &r.data {
            if !categories.iter().any(|c| covers(&d.category, c))
                || data
                    .iter()
                    .any(|x| x.category == d.category && x.source == d.source)
            {
                continue;
            }
            data.push(DataContext {
                category: d.category.clone(),
                name: d.category_name.clone(),
                source: d.source.clone(),
                source_text: source_text(&d.source, norwegian),
                retention: d.retention.clone(),
                retention_text: retention_text(d.retention_rule.as_ref(), norwegian),
            });
        }
        for c in categories {
            let name = r
                .data
                .iter()
                .find(|d| covers(&d.category, c))
                .map(|d| d.category_name.clone())
                .unwrap_or_else(|| c.clone());
            let entry = by_category.entry(c.clone()).or_insert((name, Vec::new()));
            if !entry.1.contains(&r.activity) {
                entry.1.push(r.activity.clone());
            }
        }
        let legal_bases: Vec<BasisContext> = r
            .legal_bases
            .iter()
            .map(|b| BasisContext {
                basis: b.basis,
                article: b.article,
                note: b.note.clone(),
                text: basis_text(b.basis, norwegian),
            })
            .collect();
        let recipients: Vec<RecipientContext> = r
            .recipients
            .iter()
            .map(|x| RecipientContext {
                name: x.name.clone(),
                role: x.role.clone(),
                country: x.country.clone(),
                purpose: x.purpose.clone(),
                text: recipient_text(&x.name, &x.role, x.purpose.as_deref(), norwegian),
            })
            .collect();
        let transfers: Vec<TransferContext> = r
            .transfers
            .iter()
            .map(|t| TransferContext {
                country: t.country.clone(),
                safeguard: t.safeguard,
                recipient: t.recipient.clone(),
                text: transfer_text(&t.country, t.safeguard, t.recipient.as_deref(), norwegian),
            })
            .collect();
        let summary = activity_summary(r, &data, &legal_bases, &recipients, norwegian);
        activities.push(ActivityContext {
            activity: r.activity.clone(),
            controller: r.controller.clone(),
            systems: systems.clone(),
            purpose: r.purpose.clone(),
            legal_bases,
            special_category_condition: r.special_category_condition.clone(),
            data,
            recipients,
            transfers,
            automated_decision_making: r.automated_decision_making.clone(),
            summary,
        });
    }
    let described: BTreeSet<&String> = by_category.keys().collect();
    let not_described: Vec<String> = found
        .values()
        .flatten()
        .filter(|c| !described.contains(c))
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut authorities: Vec<Authority> = controllers
        .iter()
        .filter_map(|o| o.country.as_deref().and_then(authority))
        .collect();
    authorities.sort_by(|a, b| a.country.cmp(&b.country));
    authorities.dedup_by(|a, b| a.country == b.country);
    Context {
        languages: if norwegian {
            vec!["en", "nb"]
        } else {
            vec!["en"]
        },
        controllers: controllers
            .into_iter()
            .map(|o| Controller {
                name: o.name.clone(),
                country: o.country.clone(),
                registration_number: o.registration_number.clone(),
                address: o.address.clone(),
                contact: o.contact_email.clone(),
                dpo: ropa::dpo_of(o),
                eu_representative: o.eu_representative.clone(),
            })
            .collect(),
        activities,
        categories: by_category
            .into_iter()
            .map(|(category, (name, activities))| CategoryContext {
                category,
                name,
                activities,
            })
            .collect(),
        not_described,
        rights: RIGHTS
            .iter()
            .map(|(right, article)| Right { right, article })
            .collect(),
        supervisory_authorities: authorities,
    }
}

impl Context {
    /// Art. 20: the category is provided by or observed from the subject and processed
    /// on consent or contract by at least one of the activities.
    pub fn is_portable(&self, category: &str) -> bool {
        self.activities.iter().any(|a| {
            a.legal_bases.iter().any(|b| b.basis.allows_portability())
                && a.data.iter().any(|d| {
                    covers(&d.category, category)
                        && DataOrigin::from_db(&d.source).is_ok_and(DataOrigin::allows_portability)
                })
        })
    }

    /// An empty context (no inventory), for benchmarks and tools.
    pub fn empty() -> Self {
        Self {
            languages: vec!["en"],
            controllers: Vec::new(),
            activities: Vec::new(),
            categories: Vec::new(),
            not_described: Vec::new(),
            rights: Vec::new(),
            supervisory_authorities: Vec::new(),
        }
    }
}

fn basis_text(basis: LegalBasis, nb: bool) -> Text {
    let (en, no) = match basis {
        LegalBasis::Consent => ("your consent", "ditt samtykke"),
        LegalBasis::Contract => (
            "a contract with you, or steps you asked for before entering one",
            "en avtale med deg, eller tiltak du ba om før en avtale ble inngått",
        ),
        LegalBasis::LegalObligation => (
            "a legal obligation we have",
            "en rettslig forpliktelse vi har",
        ),
        LegalBasis::VitalInterests => (
            "protecting your or another person's vital interests",
            "å verne dine eller en annen persons vitale interesser",
        ),
        LegalBasis::PublicTask => (
            "a task in the public interest or the exercise of official authority",
            "en oppgave i allmennhetens interesse eller utøvelse av offentlig myndighet",
        ),
        LegalBasis::LegitimateInterests => (
            "our legitimate interests, weighed against yours (you may object)",
            "våre berettigede interesser, veid mot dine (du kan protestere)",
        ),
    };
    Text::new(
        format!("{en} ({})", basis.article()),
        format!("{no} ({})", basis.article().replace("Art.", "art.")),
        nb,
    )
}

fn source_text(source: &str, nb: bool) -> Text {
    let (en, no) = match DataOrigin::from_db(source) {
        Ok(DataOrigin::Provided) => ("you gave it to us", "du ga oss dem"),
        Ok(DataOrigin::Observed) => (
            "recorded as you use our services",
            "registrert når du bruker tjenestene våre",
        ),
        Ok(DataOrigin::Inferred) => (
            "derived by us from other data about you",
            "utledet av oss fra andre opplysninger om deg",
        ),
        Ok(DataOrigin::ThirdParty) => ("received from others", "mottatt fra andre"),
        Err(_) => ("not recorded", "ikke registrert"),
    };
    Text::new(en, no, nb)
}

/// `P3Y` → "3 years" / "3 år"; `P1Y6M` → "1 year and 6 months"; `None` for zero.
fn duration_words(iso: &str, nb: bool) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut number = String::new();
    let mut in_time = false;
    for c in iso.trim().to_ascii_uppercase().chars().skip(1) {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        if c == 'T' {
            in_time = true;
            continue;
        }
        let n: u64 = std::mem::take(&mut number).parse().unwrap_or(0);
        if n == 0 {
            continue;
        }
        let (one, many, en_one, en_many) = match (c, in_time) {
            ('Y', _) => ("år", "år", "year", "years"),
            ('M', false) => ("måned", "måneder", "month", "months"),
            ('W', _) => ("uke", "uker", "week", "weeks"),
            ('D', _) => ("dag", "dager", "day", "days"),
            ('H', _) => ("time", "timer", "hour", "hours"),
            ('M', true) => ("minutt", "minutter", "minute", "minutes"),
            _ => ("sekund", "sekunder", "second", "seconds"),
        };
        let word = match (nb, n == 1) {
            (true, true) => one,
            (true, false) => many,
            (false, true) => en_one,
            (false, false) => en_many,
        };
        parts.push(format!("{n} {word}"));
    }
    if parts.is_empty() {
        return None;
    }
    Some(join_and(&parts, if nb { " og " } else { " and " }))
}

/// `a, b and c` (with `and` in the text's language).
fn join_and(parts: &[String], and: &str) -> String {
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => parts.join(""),
    }
}

fn trigger_words(t: RetentionTrigger, nb: bool) -> (&'static str, &'static str) {
    // (after …, until …)
    match (t, nb) {
        (RetentionTrigger::AfterCollection, false) => {
            ("after it was collected", "until it has been collected")
        }
        (RetentionTrigger::AfterCollection, true) => {
            ("etter at de ble samlet inn", "til de er samlet inn")
        }
        (RetentionTrigger::AfterAccountClosure, false) => (
            "after your account is closed",
            "until your account is closed",
        ),
        (RetentionTrigger::AfterAccountClosure, true) => (
            "etter at kontoen din er avsluttet",
            "til kontoen din er avsluttet",
        ),
        (RetentionTrigger::AfterLastActivity, false) => {
            ("after your last activity", "until your last activity")
        }
        (RetentionTrigger::AfterLastActivity, true) => {
            ("etter din siste aktivitet", "til din siste aktivitet")
        }
        (RetentionTrigger::AfterContractEnd, false) => {
            ("after your contract ends", "until your contract ends")
        }
        (RetentionTrigger::AfterContractEnd, true) => (
            "etter at avtalen din er avsluttet",
            "til avtalen din er avsluttet",
        ),
        (RetentionTrigger::AfterConsentWithdrawal, false) => (
            "after you withdraw your consent",
            "until you withdraw your consent",
        ),
        (RetentionTrigger::AfterConsentWithdrawal, true) => (
            "etter at du trekker tilbake samtykket ditt",
            "til du trekker tilbake samtykket ditt",
        ),
        (RetentionTrigger::AfterEndOfFinancialYear, false) => (
            "after the end of the financial year",
            "until the end of the financial year",
        ),
        (RetentionTrigger::AfterEndOfFinancialYear, true) => (
            "etter utgangen av regnskapsåret",
            "til utgangen av regnskapsåret",
        ),
    }
}

fn retention_in(rule: Option<&Retention>, nb: bool) -> String {
    let Some(rule) = rule else {
        return if nb {
            "ikke angitt".into()
        } else {
            "not stated".into()
        };
    };
    let mut parts = Vec::new();
    if let (Some(p), Some(t)) = (&rule.period, rule.trigger) {
        let (after, until) = trigger_words(t, nb);
        parts.push(match duration_words(p, nb) {
            Some(d) if nb => format!("i {d} {after}"),
            Some(d) => format!("for {d} {after}"),
            None => until.to_owned(),
        });
    }
    if let Some(s) = &rule.statute {
        parts.push(if nb {
            format!("så lenge loven krever ({s})")
        } else {
            format!("as long as the law requires ({s})")
        });
    }
    if let Some(d) = &rule.description {
        parts.push(d.clone());
    }
    parts.join("; ")
}

fn retention_text(rule: Option<&Retention>, nb: bool) -> Text {
    Text {
        en: retention_in(rule, false),
        nb: nb.then(|| retention_in(rule, true)),
    }
}

fn recipient_text(name: &str, role: &str, purpose: Option<&str>, nb: bool) -> Text {
    let (en, no) = match RecipientRole::from_db(role) {
        Ok(RecipientRole::Processor) => {
            ("processes it on our behalf", "behandler dem på våre vegne")
        }
        Ok(RecipientRole::Controller) => {
            ("uses it for its own purposes", "bruker dem til egne formål")
        }
        Ok(RecipientRole::JointController) => (
            "decides together with us how it is used",
            "bestemmer sammen med oss hvordan de brukes",
        ),
        Ok(RecipientRole::PublicAuthority) => (
            "a public authority, receives it",
            "en offentlig myndighet, mottar dem",
        ),
        _ => ("receives it", "mottar dem"),
    };
    let why = |p: &str| format!(" ({p})");
    Text::new(
        format!("{name} {en}{}", purpose.map(why).unwrap_or_default()),
        format!("{name} {no}{}", purpose.map(why).unwrap_or_default()),
        nb,
    )
}

fn transfer_text(
    country: &str,
    safeguard: TransferSafeguard,
    recipient: Option<&str>,
    nb: bool,
) -> Text {
    let (en, no) = match safeguard {
        TransferSafeguard::Adequacy => (
            "an EU adequacy decision (Art. 45)",
            "en beslutning fra EU om tilstrekkelig beskyttelsesnivå (art. 45)",
        ),
        TransferSafeguard::StandardContractualClauses => (
            "the EU standard contractual clauses (Art. 46)",
            "EUs standard personvernbestemmelser (art. 46)",
        ),
        TransferSafeguard::BindingCorporateRules => (
            "binding corporate rules (Art. 47)",
            "bindende virksomhetsregler (art. 47)",
        ),
        TransferSafeguard::Derogation => (
            "an exception for specific situations (Art. 49)",
            "et unntak for særlige situasjoner (art. 49)",
        ),
        TransferSafeguard::Other => ("other safeguards", "andre garantier"),
    };
    let to = recipient.map(|r| format!(" ({r})")).unwrap_or_default();
    Text::new(
        format!("sent to {country}{to}, protected by {en}"),
        format!("overføres til {country}{to}, beskyttet av {no}"),
        nb,
    )
}

fn activity_summary(
    r: &RopaRecord,
    data: &[DataContext],
    bases: &[BasisContext],
    recipients: &[RecipientContext],
    nb: bool,
) -> Text {
    let names: Vec<&str> = data.iter().map(|d| d.name.as_str()).collect();
    let names: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| !names[..*i].contains(n))
        .map(|(_, n)| *n)
        .collect();
    let who = r.controller.as_deref().unwrap_or("We");
    let en_bases: Vec<String> = bases.iter().map(|b| b.text.en.clone()).collect();
    let en = format!(
        "{who} uses your {} to {}, on the basis of {}.{}",
        join_and(
            &names.iter().map(|n| n.to_lowercase()).collect::<Vec<_>>(),
            " and "
        ),
        lower_first(&r.purpose),
        if en_bases.is_empty() {
            "no legal basis recorded".to_owned()
        } else {
            join_and(&en_bases, " and ")
        },
        if recipients.is_empty() {
            " It is not shared with others.".to_owned()
        } else {
            format!(
                " It is shared with {}.",
                join_and(
                    &recipients
                        .iter()
                        .map(|x| x.name.clone())
                        .collect::<Vec<_>>(),
                    " and "
                )
            )
        }
    );
    let nb_text = nb.then(|| {
        let no_bases: Vec<String> = bases.iter().filter_map(|b| b.text.nb.clone()).collect();
        format!(
            "{who} bruker opplysningene dine ({}) til dette formålet: {}. Grunnlag: {}.{}",
            join_and(
                &names.iter().map(|n| n.to_lowercase()).collect::<Vec<_>>(),
                " og "
            ),
            r.purpose.trim_end_matches('.'),
            if no_bases.is_empty() {
                "ikke registrert".to_owned()
            } else {
                join_and(&no_bases, " og ")
            },
            if recipients.is_empty() {
                " De deles ikke med andre.".to_owned()
            } else {
                format!(
                    " De deles med {}.",
                    join_and(
                        &recipients
                            .iter()
                            .map(|x| x.name.clone())
                            .collect::<Vec<_>>(),
                        " og "
                    )
                )
            }
        )
    });
    Text { en, nb: nb_text }
}

fn lower_first(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    let mut c = s.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_words_in_both_languages() {
        assert_eq!(duration_words("P3Y", false).as_deref(), Some("3 years"));
        assert_eq!(
            duration_words("P1Y6M", false).as_deref(),
            Some("1 year and 6 months")
        );
        assert_eq!(duration_words("P6M", true).as_deref(), Some("6 måneder"));
        assert_eq!(duration_words("P1W", true).as_deref(), Some("1 uke"));
        assert_eq!(duration_words("PT12H", false).as_deref(), Some("12 hours"));
        assert_eq!(duration_words("P0D", false), None);
        let rule = |p: &str, t| Retention {
            period: Some(p.into()),
            trigger: Some(t),
            statute: None,
            description: None,
        };
        let zero = rule("P0D", RetentionTrigger::AfterConsentWithdrawal);
        assert_eq!(
            retention_in(Some(&zero), false),
            "until you withdraw your consent"
        );
        assert_eq!(
            retention_in(Some(&zero), true),
            "til du trekker tilbake samtykket ditt"
        );
        let three = rule("P3Y", RetentionTrigger::AfterAccountClosure);
        assert_eq!(
            retention_in(Some(&three), false),
            "for 3 years after your account is closed"
        );
        assert_eq!(
            retention_in(Some(&three), true),
            "i 3 år etter at kontoen din er avsluttet"
        );
        assert_eq!(retention_in(None, false), "not stated");
    }

    #[test]
    fn codes_are_explained_not_shown_raw() {
        let t = basis_text(LegalBasis::LegitimateInterests, true);
        assert!(t.en.contains("legitimate interests") && t.en.contains("Art. 6(1)(f)"));
        assert!(!t.en.contains("LEGITIMATE_INTERESTS"));
        assert!(t.nb.unwrap().contains("berettigede interesser"));
        assert_eq!(basis_text(LegalBasis::Consent, false).nb, None);
        assert_eq!(source_text("PROVIDED", false).en, "you gave it to us");
    }
}
