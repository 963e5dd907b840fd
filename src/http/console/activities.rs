//! Processing activities in the console: a searchable list, an activity's Art. 30
//! entry, and one form to create or edit it (every part: legal bases, data, systems,
//! recipients, transfers, retention), checked by the same service as the API.

use super::inventory::{publish, record_entry};
use super::pages::{
    self, csrf, errors_of, field, field_of, form_error, layout, words, FieldErrors,
};
use super::{form_again, form_failure, or_answer, posted, refused, signed_in, Fields, Session};
use crate::domain::{
    DataOrigin, LegalBasis, ProcessingRole, RetentionTrigger, Role, SpecialCategoryCondition,
    TransferSafeguard,
};
use crate::error::{Error, Result};
use crate::http::AppState;
use crate::inventory::activities::{
    self, ActivityChanges, DataInput, LegalBasisInput, NewActivity, RecipientRef, RetentionInput,
    TransferInput,
};
use crate::inventory::changes::{Change, Entity};
use crate::inventory::{organisations, ropa};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use entity::{data_category, data_subject, organisation, processing_activity, recipient, system};
use maud::{html, Markup};
use sea_orm::{EntityTrait, QueryOrder};
use serde::Deserialize;

const PAGE: usize = 25;
/// Empty data and transfer rows offered beyond the stored ones.
const SPARE_ROWS: usize = 2;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities", get(list).post(create))
        .route("/activities/new", get(new_form))
        .route("/activities/{id}", get(show).post(edit))
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    page: Option<usize>,
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    let records = match ropa::build(&state.db).await {
        Ok(r) => r,
        Err(e) => return refused(&session, &e),
    };
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    let needle = q.to_lowercase();
    let matching: Vec<_> = records
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.activity.to_lowercase().contains(&needle)
                || r.purpose.to_lowercase().contains(&needle)
        })
        .collect();
    let page = query.page.unwrap_or(0);
    let shown = matching.iter().skip(page * PAGE).take(PAGE);
    let more = matching.len() > (page + 1) * PAGE;
    let encoded: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    layout(
        "Processing activities",
        Some(&session),
        html! {
            h1 { "Processing activities" }
            form.search method="get" action="/activities" role="search" {
                label for="q" { "Search by name or purpose" }
                input #q type="search" name="q" value=(q);
                " " button type="submit" { "Search" }
            }
            @if session.principal.role.includes(Role::Dpo) {
                p { a.button href="/activities/new" { "New activity" } }
            }
            p.muted { (matching.len()) " activities" @if !q.is_empty() { " matching “" (q) "”" } }
            table {
                thead { tr { th { "Activity" } th { "Organisation" } th { "Purpose" } th { "Legal basis" } th { "Systems" } } }
                tbody {
                    @for r in shown {
                        tr {
                            td { a href={ "/activities/" (r.activity_id) } { (r.activity) } }
                            td { (r.organisation.as_deref().unwrap_or("—")) }
                            td { (r.purpose) }
                            td { (r.legal_bases.iter().map(|b| b.article).collect::<Vec<_>>().join(", ")) }
                            td { (r.systems.join(", ")) }
                        }
                    }
                }
            }
            nav.pager aria-label="Pages" {
                @if page > 0 { a href={ "/activities?q=" (encoded) "&page=" (page - 1) } { "Previous page" } }
                @if more { a href={ "/activities?q=" (encoded) "&page=" (page + 1) } { "Next page" } }
            }
        },
    )
    .into_response()
}

async fn show(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    let loaded = async {
        let stored = activities::get(&state.db, id).await?;
        let form = stored_fields(&state, &stored).await?;
        Ok::<_, Error>(form)
    }
    .await;
    match loaded {
        Ok(form) => match activity_view(&state, &session, id, &form, &FieldErrors::new()).await {
            Ok(page) => page.into_response(),
            Err(e) => refused(&session, &e),
        },
        Err(e) => refused(&session, &e),
    }
}

async fn activity_view(
    state: &AppState,
    session: &Session,
    id: i64,
    form: &Fields,
    errors: &FieldErrors,
) -> Result<pages::Page> {
    let record = ropa::build(&state.db)
        .await?
        .into_iter()
        .find(|r| r.activity_id == id)
        .ok_or_else(|| Error::not_found("processing activity", id))?;
    let choices = Choices::load(state).await?;
    Ok(layout(
        &record.activity,
        Some(session),
        html! {
            p { a href="/activities" { "← Activities" } }
            h1 { (record.activity) }
            (record_entry(&record))
            @if session.principal.role.includes(Role::Dpo) {
                details open[!errors.is_empty()] {
                    summary { "Edit this activity" }
                    (activity_form(session, &format!("/activities/{id}"), form, &choices, errors))
                }
            }
        },
    ))
}

async fn new_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Dpo).await);
    match new_view(&state, &session, &Fields::default(), &FieldErrors::new()).await {
        Ok(page) => page.into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn new_view(
    state: &AppState,
    session: &Session,
    form: &Fields,
    errors: &FieldErrors,
) -> Result<pages::Page> {
    let choices = Choices::load(state).await?;
    Ok(layout(
        "New processing activity",
        Some(session),
        html! {
            p { a href="/activities" { "← Activities" } }
            h1 { "New processing activity" }
            (activity_form(session, "/activities", form, &choices, errors))
        },
    ))
}

async fn create(State(state): State<AppState>, headers: HeaderMap, form: Fields) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let created = async {
        let new = activity_of(&form)?;
        activities::create(&state.db, new).await
    }
    .await;
    match created {
        Ok(model) => {
            publish(
                &state,
                &session,
                Entity::ProcessingActivity,
                Change::Created,
                model.id,
            );
            Redirect::to(&format!("/activities/{}", model.id)).into_response()
        }
        Err(e) => match form_failure(&e, "name") {
            Some(_) => form_again(
                &session,
                new_view(&state, &session, &form, &form_errors(&e)).await,
            ),
            None => refused(&session, &e),
        },
    }
}

async fn edit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let updated = async {
        let a = activity_of(&form)?;
        let changes = ActivityChanges {
            name: Some(a.name),
            purpose: Some(a.purpose),
            data_use: Some(a.data_use),
            description: Some(a.description),
            organisation_id: Some(a.organisation_id),
            role: Some(a.role),
            controller_name: Some(a.controller_name),
            legal_bases: Some(a.legal_bases),
            special_category_condition: Some(a.special_category_condition),
            automated_decision_making: Some(a.automated_decision_making),
            security_measures: Some(a.security_measures),
            retention: Some(a.retention),
            data: Some(a.data),
            system_ids: Some(a.system_ids),
            recipients: Some(a.recipients),
            transfers: Some(a.transfers),
        };
        activities::update(&state.db, id, changes).await
    }
    .await;
    match updated {
        Ok(model) => {
            publish(
                &state,
                &session,
                Entity::ProcessingActivity,
                Change::Updated,
                model.id,
            );
            Redirect::to(&format!("/activities/{id}")).into_response()
        }
        Err(e) => match form_failure(&e, "name") {
            Some(_) => form_again(
                &session,
                activity_view(&state, &session, id, &form, &form_errors(&e)).await,
            ),
            None => refused(&session, &e),
        },
    }
}

/// What the form offers to pick from.
struct Choices {
    orgs: Vec<organisation::Model>,
    systems: Vec<system::Model>,
    categories: Vec<data_category::Model>,
    subjects: Vec<data_subject::Model>,
    recipients: Vec<recipient::Model>,
    uses: Vec<entity::data_use::Model>,
}

impl Choices {
    async fn load(state: &AppState) -> Result<Self> {
        let db = &state.db;
        Ok(Self {
            orgs: organisations::all(db).await?,
            systems: system::Entity::find()
                .order_by_asc(system::Column::Name)
                .all(db)
                .await?,
            categories: data_category::Entity::find()
                .order_by_asc(data_category::Column::Key)
                .all(db)
                .await?,
            subjects: data_subject::Entity::find()
                .order_by_asc(data_subject::Column::Key)
                .all(db)
                .await?,
            recipients: recipient::Entity::find()
                .order_by_asc(recipient::Column::Name)
                .all(db)
                .await?,
            uses: crate::inventory::uses::all(db).await?,
        })
    }
}

fn options<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    none: Option<&str>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = none
        .map(|n| (String::new(), n.to_owned()))
        .into_iter()
        .collect();
    out.extend(all.iter().map(|v| (name(*v).to_owned(), words(name(*v)))));
    out
}

/// How many `prefix{i}` rows the form holds, plus spare ones.
fn rows(form: &Fields, prefix: &str) -> usize {
    (0..200)
        .take_while(|i| form.get(&format!("{prefix}{i}")).is_some())
        .count()
        + SPARE_ROWS
}

fn activity_form(
    session: &Session,
    action: &str,
    form: &Fields,
    c: &Choices,
    errors: &FieldErrors,
) -> Markup {
    let ticked = |name: &str, value: &str| form.all(name).any(|v| v == value);
    let mut orgs = vec![(String::new(), "— none —".to_owned())];
    orgs.extend(c.orgs.iter().map(|o| (o.id.to_string(), o.name.clone())));
    let mut cats = vec![(String::new(), "—".to_owned())];
    cats.extend(
        c.categories
            .iter()
            .map(|x| (x.key.clone(), format!("{} — {}", x.key, x.name))),
    );
    let subjects: Vec<(String, String)> = c
        .subjects
        .iter()
        .map(|s| (s.key.clone(), s.name.clone()))
        .collect();
    let mut recipients = vec![(String::new(), "—".to_owned())];
    recipients.extend(
        c.recipients
            .iter()
            .map(|r| (r.id.to_string(), r.name.clone())),
    );
    let mut uses = vec![(String::new(), "— not stated —".to_owned())];
    uses.extend(
        c.uses
            .iter()
            .map(|u| (u.key.clone(), format!("{} — {}", u.key, u.name))),
    );
    let origins = options(DataOrigin::ALL, DataOrigin::as_str, None);
    let triggers = options(RetentionTrigger::ALL, RetentionTrigger::as_str, Some("—"));
    let conditions = options(
        SpecialCategoryCondition::ALL,
        SpecialCategoryCondition::as_str,
        Some("none (no special categories)"),
    );
    let safeguards = options(TransferSafeguard::ALL, TransferSafeguard::as_str, None);
    let roles = options(ProcessingRole::ALL, ProcessingRole::as_str, None);
    html! {
        (form_error(errors))
        form method="post" action=(action) {
            (csrf(session))
            (field_of("Name", "name", form.get("name"), errors, "text", true))
            (field_of("Purpose", "purpose", form.get("purpose"), errors, "text", true))
            (pages::select("Data use (fideslang)", "dataUse", &uses, form.get("dataUse"), errors))
            (field("Description", "description", form.get("description"), errors))
            (pages::select("Organisation", "organisationId", &orgs, form.get("organisationId"), errors))
            (pages::select("Role", "role", &roles, form.get("role").or(Some("CONTROLLER")), errors))
            (field("Controller (for processor activities)", "controllerName", form.get("controllerName"), errors))
            fieldset {
                legend { "Legal basis (Art. 6(1))" }
                @for b in LegalBasis::ALL {
                    label.check {
                        input type="checkbox" name="basis" value=(b.as_str()) checked[ticked("basis", b.as_str())];
                        " " (words(b.as_str()))
                    }
                    @if ticked("basis", b.as_str()) {
                        input type="text" name={ "note_" (b.as_str()) } value=[form.get(&format!("note_{}", b.as_str()))] aria-label={ "Note on " (words(b.as_str())) } placeholder="note (optional)";
                    }
                }
                @if let Some(e) = errors.get("basis") { p.error { (e) } }
            }
            (pages::select("Special-category condition (Art. 9(2))", "specialCondition", &conditions, form.get("specialCondition"), errors))
            fieldset {
                legend { "Personal data" }
                @for i in 0..rows(form, "cat") {
                    div.row {
                        (pages::select("Category", &format!("cat{i}"), &cats, form.get(&format!("cat{i}")), errors))
                        (pages::select("Whose", &format!("subject{i}"), &subjects, form.get(&format!("subject{i}")).or(Some("customer")), errors))
                        (pages::select("From", &format!("origin{i}"), &origins, form.get(&format!("origin{i}")), errors))
                        @for hidden in ["detail", "dperiod", "dtrigger", "dstatute", "ddesc"] {
                            @if let Some(v) = form.get(&format!("{hidden}{i}")) { input type="hidden" name={ (hidden) (i) } value=(v); }
                        }
                    }
                }
            }
            fieldset {
                legend { "Systems" }
                @for s in &c.systems {
                    label.check { input type="checkbox" name="system" value=(s.id) checked[ticked("system", &s.id.to_string())]; " " (s.name) }
                }
                @if let Some(e) = errors.get("system") { p.error { (e) } }
            }
            fieldset {
                legend { "Recipients" }
                @for r in &c.recipients {
                    label.check { input type="checkbox" name="recipient" value=(r.id) checked[ticked("recipient", &r.id.to_string())]; " " (r.name) }
                    @if let Some(p) = form.get(&format!("rpurpose_{}", r.id)) { input type="hidden" name={ "rpurpose_" (r.id) } value=(p); }
                }
                @if let Some(e) = errors.get("recipient") { p.error { (e) } }
            }
            fieldset {
                legend { "Third-country transfers" }
                @for i in 0..rows(form, "tcountry") {
                    div.row {
                        (field("Country", &format!("tcountry{i}"), form.get(&format!("tcountry{i}")), errors))
                        (pages::select("Safeguard (Art. 44–49)", &format!("tsafeguard{i}"), &safeguards, form.get(&format!("tsafeguard{i}")), errors))
                        (pages::select("To recipient", &format!("trecipient{i}"), &recipients, form.get(&format!("trecipient{i}")), errors))
                        (field("Detail", &format!("tdetail{i}"), form.get(&format!("tdetail{i}")), errors))
                    }
                }
            }
            fieldset {
                legend { "Retention" }
                div.row {
                    (field("Period (ISO 8601, e.g. P5Y)", "retentionPeriod", form.get("retentionPeriod"), errors))
                    (pages::select("Counted from", "retentionTrigger", &triggers, form.get("retentionTrigger"), errors))
                }
                (field("Statute", "retentionStatute", form.get("retentionStatute"), errors))
                (field("In words", "retentionDescription", form.get("retentionDescription"), errors))
            }
            (field("Security measures (Art. 32)", "securityMeasures", form.get("securityMeasures"), errors))
            (field("Automated decision-making (Art. 22)", "automatedDecisionMaking", form.get("automatedDecisionMaking"), errors))
            p { button type="submit" { "Save activity" } }
        }
    }
}

fn parse<T: std::str::FromStr>(field: &str, value: &str, what: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| Error::validation(field, format!("choose {what}")))
}

fn retention(
    period: Option<String>,
    trigger: Option<String>,
    statute: Option<String>,
    description: Option<String>,
    field: &str,
) -> Result<Option<RetentionInput>> {
    if period.is_none() && trigger.is_none() && statute.is_none() && description.is_none() {
        return Ok(None);
    }
    Ok(Some(RetentionInput {
        period,
        trigger: trigger
            .map(|t| parse(field, &t, "when the period starts"))
            .transpose()?,
        statute,
        description,
    }))
}

/// The activity a form describes.
fn activity_of(form: &Fields) -> Result<NewActivity> {
    let ids = |name: &str| -> Result<Vec<i64>> {
        form.all(name)
            .map(|v| v.parse().map_err(|_| Error::validation(name, "not an id")))
            .collect()
    };
    let mut data = Vec::new();
    for i in 0..rows(form, "cat") {
        let Some(category_key) = form.text(&format!("cat{i}")) else {
            continue;
        };
        data.push(DataInput {
            category_key,
            subject_key: form.text(&format!("subject{i}")).unwrap_or_default(),
            source: parse(
                &format!("origin{i}"),
                form.get(&format!("origin{i}")).unwrap_or("PROVIDED"),
                "where the data comes from",
            )?,
            source_detail: form.text(&format!("detail{i}")),
            retention: retention(
                form.text(&format!("dperiod{i}")),
                form.text(&format!("dtrigger{i}")),
                form.text(&format!("dstatute{i}")),
                form.text(&format!("ddesc{i}")),
                &format!("dtrigger{i}"),
            )?,
        });
    }
    let mut transfers = Vec::new();
    for i in 0..rows(form, "tcountry") {
        let Some(country) = form.text(&format!("tcountry{i}")) else {
            continue;
        };
        transfers.push(TransferInput {
            country,
            safeguard: parse(
                &format!("tsafeguard{i}"),
                form.get(&format!("tsafeguard{i}")).unwrap_or_default(),
                "a safeguard",
            )?,
            safeguard_detail: form.text(&format!("tdetail{i}")),
            recipient_id: form
                .text(&format!("trecipient{i}"))
                .map(|r| {
                    r.parse()
                        .map_err(|_| Error::validation(format!("trecipient{i}"), "not a recipient"))
                })
                .transpose()?,
        });
    }
    let legal_bases = form
        .all("basis")
        .map(|b| {
            Ok(LegalBasisInput {
                basis: parse("basis", b, "a legal basis")?,
                note: form.text(&format!("note_{b}")),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(NewActivity {
        name: form.get("name").unwrap_or_default().to_owned(),
        purpose: form.get("purpose").unwrap_or_default().to_owned(),
        data_use: form.text("dataUse"),
        description: form.text("description"),
        organisation_id: form
            .text("organisationId")
            .map(|o| {
                o.parse()
                    .map_err(|_| Error::validation("organisationId", "choose an organisation"))
            })
            .transpose()?,
        role: parse("role", form.get("role").unwrap_or("CONTROLLER"), "a role")?,
        controller_name: form.text("controllerName"),
        legal_bases,
        special_category_condition: form
            .text("specialCondition")
            .map(|c| parse("specialCondition", &c, "a condition"))
            .transpose()?,
        automated_decision_making: form.text("automatedDecisionMaking"),
        security_measures: form.text("securityMeasures"),
        retention: retention(
            form.text("retentionPeriod"),
            form.text("retentionTrigger"),
            form.text("retentionStatute"),
            form.text("retentionDescription"),
            "retentionTrigger",
        )?,
        data,
        system_ids: ids("system")?,
        recipients: ids("recipient")?
            .into_iter()
            .map(|id| RecipientRef {
                recipient_id: id,
                purpose: form.text(&format!("rpurpose_{id}")),
            })
            .collect(),
        transfers,
    })
}

/// The service's field names (`legalBases`, `data[2].categoryKey`, `retention.period`)
/// as the form's.
fn form_errors(e: &Error) -> FieldErrors {
    let mut errors = errors_of(e);
    if let Error::Conflict(m) = e {
        errors.remove("");
        errors.insert("name".into(), m.clone());
    }
    let renamed: Vec<(String, String)> = errors
        .drain()
        .map(|(k, v)| {
            let row = |prefix: &str| -> Option<usize> {
                k.strip_prefix(prefix)?.split(']').next()?.parse().ok()
            };
            let name = if let Some(i) = row("data[") {
                if k.contains("subject") {
                    format!("subject{i}")
                } else {
                    format!("cat{i}")
                }
            } else if let Some(i) = row("transfers[") {
                if k.contains("safeguard") {
                    format!("tsafeguard{i}")
                } else {
                    format!("tcountry{i}")
                }
            } else if k.starts_with("retention") {
                if k.contains("trigger") {
                    "retentionTrigger".into()
                } else {
                    "retentionPeriod".into()
                }
            } else {
                match k.as_str() {
                    "legalBases" => "basis".into(),
                    "systemIds" => "system".into(),
                    "recipients" => "recipient".into(),
                    "specialCategoryCondition" => "specialCondition".into(),
                    _ => k,
                }
            };
            (name, v)
        })
        .collect();
    errors.extend(renamed);
    errors
}

/// A stored activity as the form's fields, so editing starts from what is stored.
async fn stored_fields(state: &AppState, a: &processing_activity::Model) -> Result<Fields> {
    let db = &state.db;
    let ids = [a.id];
    let mut f: Vec<(String, String)> = Vec::new();
    let mut put = |k: String, v: Option<String>| {
        if let Some(v) = v {
            f.push((k, v));
        }
    };
    put("name".into(), Some(a.name.clone()));
    put("purpose".into(), Some(a.purpose.clone()));
    put("dataUse".into(), a.data_use.clone());
    put("description".into(), a.description.clone());
    put(
        "organisationId".into(),
        a.organisation_id.map(|o| o.to_string()),
    );
    put("role".into(), Some(a.role.clone()));
    put("controllerName".into(), a.controller_name.clone());
    put(
        "specialCondition".into(),
        a.special_category_condition.clone(),
    );
    put("securityMeasures".into(), a.security_measures.clone());
    put(
        "automatedDecisionMaking".into(),
        a.automated_decision_making.clone(),
    );
    put("retentionPeriod".into(), a.retention_period.clone());
    put("retentionTrigger".into(), a.retention_trigger.clone());
    put("retentionStatute".into(), a.retention_statute.clone());
    put(
        "retentionDescription".into(),
        a.retention_description.clone(),
    );
    for b in activities::legal_bases_of(db, &ids)
        .await?
        .remove(&a.id)
        .unwrap_or_default()
    {
        put(format!("note_{}", b.basis), b.note.clone());
        put("basis".into(), Some(b.basis));
    }
    let cats: std::collections::HashMap<i64, String> = data_category::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.key))
        .collect();
    let subjects: std::collections::HashMap<i64, String> = data_subject::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.key))
        .collect();
    for (i, d) in activities::data_of(db, &ids)
        .await?
        .remove(&a.id)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        put(format!("cat{i}"), cats.get(&d.category_id).cloned());
        put(format!("subject{i}"), subjects.get(&d.subject_id).cloned());
        put(format!("origin{i}"), Some(d.source));
        put(format!("detail{i}"), d.source_detail);
        put(format!("dperiod{i}"), d.retention_period);
        put(format!("dtrigger{i}"), d.retention_trigger);
        put(format!("dstatute{i}"), d.retention_statute);
        put(format!("ddesc{i}"), d.retention_description);
    }
    for s in activities::systems_of(db, &ids)
        .await?
        .remove(&a.id)
        .unwrap_or_default()
    {
        put("system".into(), Some(s.system_id.to_string()));
    }
    for r in activities::recipients_of(db, &ids)
        .await?
        .remove(&a.id)
        .unwrap_or_default()
    {
        put(format!("rpurpose_{}", r.recipient_id), r.purpose);
        put("recipient".into(), Some(r.recipient_id.to_string()));
    }
    for (i, t) in activities::transfers_of(db, &ids)
        .await?
        .remove(&a.id)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        put(format!("tcountry{i}"), Some(t.country));
        put(format!("tsafeguard{i}"), Some(t.safeguard));
        put(format!("tdetail{i}"), t.safeguard_detail);
        put(
            format!("trecipient{i}"),
            t.recipient_id.map(|r| r.to_string()),
        );
    }
    Ok(Fields::from_pairs(f))
}
