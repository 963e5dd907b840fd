//! The inventory in the console: systems (list, search, create, edit, link categories,
//! decide links), the category tree, activities and the record of processing.

use super::pages::{self, csrf, field, form_error, layout, words, FieldErrors};
use super::{
    back_to, form_again, form_failure, or_answer, posted, refused, signed_in, Fields, Session,
};
use crate::config::RopaFormat;
use crate::domain::{LinkStatus, Role, SystemKind};
use crate::error::{Error, Result};
use crate::http::AppState;
use crate::inventory::changes::{Change, Entity};
use crate::inventory::ropa::{self, RopaRecord};
use crate::inventory::{categories, flows, links, organisations, systems, PageArgs};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use entity::{data_category, data_source, organisation, system, system_category};
use maud::{html, Markup};
use sea_orm::EntityTrait;
use serde::Deserialize;
use std::collections::HashMap;

/// Systems per page of the list.
const PAGE: i32 = 25;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/systems", get(system_list).post(create_system))
        .route("/systems/new", get(new_system))
        .route("/systems/{id}", get(system_page).post(edit_system))
        .route("/systems/{id}/links", post(link_category))
        .route("/systems/{id}/flows", post(set_flow))
        .route("/systems/{id}/flows/remove", post(remove_flow))
        .route("/links/decide", post(decide))
        .route("/categories", get(category_tree).post(create_category))
        .route("/record", get(record))
        .route(
            "/record.csv",
            get(|State(s): State<AppState>, h: HeaderMap| async move {
                record_file(&s, &h, RopaFormat::Csv).await
            }),
        )
        .route(
            "/record.json",
            get(|State(s): State<AppState>, h: HeaderMap| async move {
                record_file(&s, &h, RopaFormat::Json).await
            }),
        )
        .route(
            "/record.xlsx",
            get(|State(s): State<AppState>, h: HeaderMap| async move {
                record_file(&s, &h, RopaFormat::Xlsx).await
            }),
        )
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    after: Option<i64>,
}

async fn system_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    let filter = systems::SystemFilter {
        name_contains: query.q.clone(),
        ..Default::default()
    };
    let page = PageArgs {
        first: Some(PAGE),
        after: query.after,
    };
    match systems::list(&state.db, filter, page).await {
        Ok(page) => {
            let q = query.q.as_deref().unwrap_or_default();
            let next = page
                .has_next
                .then(|| page.items.last().map(|s| s.id))
                .flatten();
            layout(
                "Systems",
                Some(&session),
                html! {
                    h1 { "Systems" }
                    form.search method="get" action="/systems" role="search" {
                        label for="q" { "Search by name" }
                        input #q type="search" name="q" value=(q);
                        " " button type="submit" { "Search" }
                    }
                    @if session.principal.role.includes(Role::Dpo) {
                        p { a.button href="/systems/new" { "New system" } }
                    }
                    p.muted { (page.total) " systems" @if !q.is_empty() { " matching “" (q) "”" } }
                    table {
                        thead { tr { th { "Name" } th { "Kind" } th { "Hosted in" } th { "Owner" } } }
                        tbody {
                            @for s in &page.items {
                                tr {
                                    td { a href={ "/systems/" (s.id) } { (s.name) } }
                                    td { (words(&s.kind)) }
                                    td { (s.hosting_country.as_deref().unwrap_or("—")) }
                                    td { (s.owner.as_deref().unwrap_or("—")) }
                                }
                            }
                        }
                    }
                    nav.pager aria-label="Pages" {
                        @if query.after.is_some() { a href={ "/systems?q=" (encode(q)) } { "First page" } }
                        @if let Some(after) = next { a href={ "/systems?q=" (encode(q)) "&after=" (after) } { "Next page" } }
                    }
                },
            )
            .into_response()
        }
        Err(e) => refused(&session, &e),
    }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn new_system(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Dpo).await);
    match new_system_view(&state, &session, &Fields::default(), &FieldErrors::new()).await {
        Ok(page) => page.into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn new_system_view(
    state: &AppState,
    session: &Session,
    form: &Fields,
    errors: &FieldErrors,
) -> Result<pages::Page> {
    let orgs = organisations::all(&state.db).await?;
    Ok(layout(
        "New system",
        Some(session),
        html! {
            p { a href="/systems" { "← Systems" } }
            h1 { "New system" }
            (system_form(session, "/systems", None, form, &orgs, errors))
        },
    ))
}

/// The create/edit form; values from the post being answered, else from `current`.
fn system_form(
    session: &Session,
    action: &str,
    current: Option<&system::Model>,
    form: &Fields,
    orgs: &[organisation::Model],
    errors: &FieldErrors,
) -> Markup {
    let posted = form.get("csrf").is_some();
    let value = |name: &str, stored: Option<&str>| -> Option<String> {
        if posted {
            form.get(name).map(str::to_owned)
        } else {
            stored.map(str::to_owned)
        }
    };
    let kinds: Vec<(String, String)> = SystemKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), words(k.as_str())))
        .collect();
    let mut org_options = vec![(String::new(), "— none —".to_owned())];
    org_options.extend(orgs.iter().map(|o| (o.id.to_string(), o.name.clone())));
    let org = value(
        "organisationId",
        current
            .and_then(|c| c.organisation_id)
            .map(|i| i.to_string())
            .as_deref(),
    );
    let kind = value("kind", current.map(|c| c.kind.as_str()));
    html! {
        (form_error(errors))
        form method="post" action=(action) {
            (csrf(session))
            (pages::field_of("Name", "name", value("name", current.map(|c| c.name.as_str())).as_deref(), errors, "text", true))
            (pages::select("Kind", "kind", &kinds, kind.as_deref().or(Some("OTHER")), errors))
            (pages::select("Organisation", "organisationId", &org_options, org.as_deref(), errors))
            (field("Hosting country (ISO code, e.g. NO)", "hostingCountry", value("hostingCountry", current.and_then(|c| c.hosting_country.as_deref())).as_deref(), errors))
            (field("Owner", "owner", value("owner", current.and_then(|c| c.owner.as_deref())).as_deref(), errors))
            (field("Vendor", "vendor", value("vendor", current.and_then(|c| c.vendor.as_deref())).as_deref(), errors))
            (field("Description", "description", value("description", current.and_then(|c| c.description.as_deref())).as_deref(), errors))
            p { button type="submit" { @if current.is_some() { "Save changes" } @else { "Create system" } } }
        }
    }
}

fn organisation_of(form: &Fields) -> Result<Option<i64>> {
    match form.text("organisationId") {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| Error::validation("organisationId", "choose an organisation")),
    }
}

fn kind_of(form: &Fields) -> Result<SystemKind> {
    form.get("kind")
        .unwrap_or("OTHER")
        .parse()
        .map_err(|_| Error::validation("kind", "choose a kind"))
}

async fn create_system(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let created = async {
        let new = systems::NewSystem {
            name: form.get("name").unwrap_or_default().to_owned(),
            organisation_id: organisation_of(&form)?,
            description: form.text("description"),
            owner: form.text("owner"),
            kind: kind_of(&form)?,
            hosting_country: form.text("hostingCountry"),
            vendor: form.text("vendor"),
        };
        systems::create(&state.db, new).await
    }
    .await;
    match created {
        Ok(model) => {
            publish(&state, &session, Entity::System, Change::Created, model.id);
            Redirect::to(&format!("/systems/{}", model.id)).into_response()
        }
        Err(e) => match form_failure(&e, "name") {
            Some(errors) => form_again(
                &session,
                new_system_view(&state, &session, &form, &errors).await,
            ),
            None => refused(&session, &e),
        },
    }
}

async fn edit_system(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let updated = async {
        let changes = systems::SystemChanges {
            name: Some(form.get("name").unwrap_or_default().to_owned()),
            organisation_id: Some(organisation_of(&form)?),
            description: Some(form.text("description")),
            owner: Some(form.text("owner")),
            kind: Some(kind_of(&form)?),
            hosting_country: Some(form.text("hostingCountry")),
            vendor: Some(form.text("vendor")),
        };
        systems::update(&state.db, id, changes).await
    }
    .await;
    match updated {
        Ok(model) => {
            publish(&state, &session, Entity::System, Change::Updated, model.id);
            Redirect::to(&format!("/systems/{id}")).into_response()
        }
        Err(e) => match form_failure(&e, "name") {
            Some(errors) => form_again(
                &session,
                system_view(&state, &session, id, &form, &errors).await,
            ),
            None => refused(&session, &e),
        },
    }
}

pub(super) fn publish(
    state: &AppState,
    session: &Session,
    entity: Entity,
    change: Change,
    id: i64,
) {
    state
        .events
        .publish(change, entity, id, Some(session.principal.name.clone()));
}

async fn system_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    match system_view(
        &state,
        &session,
        id,
        &Fields::default(),
        &FieldErrors::new(),
    )
    .await
    {
        Ok(page) => page.into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn category_names(state: &AppState) -> Result<HashMap<i64, data_category::Model>> {
    Ok(data_category::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

async fn system_view(
    state: &AppState,
    session: &Session,
    id: i64,
    form: &Fields,
    errors: &FieldErrors,
) -> Result<pages::Page> {
    let db = &state.db;
    let system = systems::get(db, id).await?;
    let links = links::for_system(db, id, None).await?;
    let cats = category_names(state).await?;
    let orgs = organisations::all(db).await?;
    let sources: Vec<data_source::Model> = crate::discovery::sources::for_system(db, id).await?;
    let activities = crate::inventory::activities::list(
        db,
        crate::inventory::activities::ActivityFilter {
            system_id: Some(id),
            ..Default::default()
        },
        PageArgs {
            first: Some(100),
            after: None,
        },
    )
    .await?;
    let flows_here = flows::touching(db, id).await?;
    let others: Vec<system::Model> = system::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|s| s.id != id)
        .collect();
    let name_of = |sid: i64| {
        others
            .iter()
            .find(|s| s.id == sid)
            .map_or_else(|| format!("system {sid}"), |s| s.name.clone())
    };
    let dpo = session.principal.role.includes(Role::Dpo);
    let mut keys: Vec<&data_category::Model> = cats.values().collect();
    keys.sort_by(|a, b| a.key.cmp(&b.key));
    let org_name = system
        .organisation_id
        .and_then(|o| orgs.iter().find(|x| x.id == o))
        .map(|o| o.name.clone());
    Ok(layout(
        &system.name,
        Some(session),
        html! {
            p { a href="/systems" { "← Systems" } }
            h1 { (system.name) }
            dl {
                dt { "Kind" } dd { (words(&system.kind)) }
                dt { "Organisation" } dd { (org_name.as_deref().unwrap_or("—")) }
                dt { "Hosted in" } dd { (system.hosting_country.as_deref().unwrap_or("—")) }
                dt { "Owner" } dd { (system.owner.as_deref().unwrap_or("—")) }
                dt { "Vendor" } dd { (system.vendor.as_deref().unwrap_or("—")) }
                @if let Some(d) = &system.description { dt { "Description" } dd { (d) } }
            }
            h2 { "Data categories" }
            (link_table(session, &links, &cats, &format!("/systems/{id}")))
            @if dpo {
                form method="post" action={ "/systems/" (id) "/links" } {
                    (csrf(session))
                    div.field {
                        label for="category" { "Link a data category" }
                        select #category name="category" {
                            @for c in &keys { option value=(c.key) { (c.key) " — " (c.name) } }
                        }
                    }
                    (field("Where in the system (optional, e.g. public.users.email)", "location", None, errors))
                    p { button type="submit" { "Link category" } }
                }
            }
            h2 { "Data flows" }
            p.muted { "Personal data this system sends to other systems, and receives from them (fideslang's egress and ingress)." }
            @if flows_here.is_empty() { p.muted { "No flow is recorded." } } @else {
                table {
                    thead { tr { th { "Direction" } th { "System" } th { "Data categories" } @if dpo { th { "Remove" } } } }
                    tbody { @for f in &flows_here {
                        @let out = f.from_system_id == id;
                        @let other = if out { f.to_system_id } else { f.from_system_id };
                        tr {
                            td { (if out { "sends to" } else { "receives from" }) }
                            td { a href={ "/systems/" (other) } { (name_of(other)) } }
                            td { @let cats = flows::categories_of(f); @if cats.is_empty() { span.muted { "not stated" } } @else { @for c in &cats { code { (c) } " " } } }
                            @if dpo { td {
                                form method="post" action={ "/systems/" (id) "/flows/remove" } {
                                    (csrf(session))
                                    input type="hidden" name="from" value=(f.from_system_id);
                                    input type="hidden" name="to" value=(f.to_system_id);
                                    button type="submit" { "Remove" }
                                }
                            } }
                        }
                    } }
                }
            }
            @if dpo && !others.is_empty() {
                form method="post" action={ "/systems/" (id) "/flows" } {
                    (csrf(session))
                    (form_error(errors))
                    (pages::select("Sends personal data to", "toSystemId", &others.iter().map(|s| (s.id.to_string(), s.name.clone())).collect::<Vec<_>>(), form.get("toSystemId"), errors))
                    (field("Data categories sent (keys, separated by spaces; optional)", "categories", form.get("categories"), errors))
                    p { button type="submit" { "Record flow" } }
                }
            }
            h2 { "Data sources" }
            @if sources.is_empty() { p.muted { "No data source is attached; " a href="/sources" { "add one" } " to scan it." } }
            ul { @for s in &sources { li { a href={ "/sources/" (s.id) } { (s.name) } " (" (words(&s.engine)) ")" } } }
            h2 { "Processing activities" }
            @if activities.items.is_empty() { p.muted { "No activity uses this system." } }
            ul { @for a in &activities.items { li { a href={ "/activities/" (a.id) } { (a.name) } } } }
            @if dpo {
                details open[!errors.is_empty()] {
                    summary { "Edit this system" }
                    (system_form(session, &format!("/systems/{id}"), Some(&system), form, &orgs, errors))
                }
            }
        },
    ))
}

/// Links with their status; a DPO decides proposed ones here, one by one or ticked
/// together.
pub(super) fn link_table(
    session: &Session,
    links: &[system_category::Model],
    cats: &HashMap<i64, data_category::Model>,
    back: &str,
) -> Markup {
    let proposed = links.iter().filter(|l| l.status == "PROPOSED").count();
    // Decisions only for a DPO, and only when there is something to decide.
    let dpo = session.principal.role.includes(Role::Dpo) && proposed > 0;
    let table = html! {
                table.links {
                    thead { tr {
                        @if dpo { th { span.sr { "Select" } } }
                        th { "Category" } th { "Where" } th { "Status" } th { "From" } th { "Confidence" }
                        @if dpo { th { "Decide" } }
                    } }
                    tbody {
                        @for l in links {
                            @let cat = cats.get(&l.category_id);
                            tr {
                                @if dpo {
                                    td { @if l.status == "PROPOSED" {
                                        input type="checkbox" name="link" value=(l.id) id={ "pick-" (l.id) } aria-label={ "Select link " (l.id) };
                                    } }
                                }
                                td {
                                    (cat.map(|c| c.key.as_str()).unwrap_or("?"))
                                    @if cat.is_some_and(|c| c.special) { " " span.tag.special { "special category" } }
                                }
                                td { code { (if l.location.is_empty() { "whole system" } else { l.location.as_str() }) } }
                                td { span class={ "status " (l.status.to_lowercase()) } { (words(&l.status)) } }
                                td { (words(&l.provenance)) @if let Some(s) = l.scan_id { " " a href={ "/scans/" (s) } { "scan #" (s) } } }
                                td { @if let Some(c) = l.confidence { (format!("{:.0} %", c * 100.0)) } @else { "—" } }
                                @if dpo {
                                    td { @if l.status == "PROPOSED" {
                                        button.small type="submit" name="confirm" value=(l.id) { "Confirm" }
                                        " "
                                        button.small.secondary type="submit" name="reject" value=(l.id) { "Reject" }
                                    } }
                                }
                            }
                        }
                    }
                }
    };
    html! {
        @if links.is_empty() {
            p.muted { "No data categories are linked yet." }
        } @else if dpo {
            form method="post" action="/links/decide" {
                (csrf(session))
                input type="hidden" name="back" value=(back);
                (table)
                @if proposed > 1 {
                    p {
                        button type="submit" name="bulk" value="confirm" { "Confirm selected" }
                        " "
                        button.secondary type="submit" name="bulk" value="reject" { "Reject selected" }
                    }
                }
            }
        } @else {
            (table)
        }
    }
}

async fn set_flow(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let categories: Vec<String> = form
        .get("categories")
        .unwrap_or_default()
        .split([' ', ',', ';'])
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    let to = form.get("toSystemId").and_then(|t| t.parse::<i64>().ok());
    let done = match to {
        Some(to) => flows::set(&state.db, id, to, &categories).await,
        None => Err(Error::validation("toSystemId", "choose a system")),
    };
    match done {
        Ok((flow, changed)) => {
            if changed {
                publish(
                    &state,
                    &session,
                    Entity::SystemFlow,
                    Change::Updated,
                    flow.id,
                );
            }
            Redirect::to(&format!("/systems/{id}")).into_response()
        }
        Err(e) => match form_failure(&e, "toSystemId") {
            Some(errors) => {
                // A category's message belongs to the one field they are typed in.
                let errors: FieldErrors = errors
                    .into_iter()
                    .map(|(k, v)| match k.starts_with("categories") {
                        true => ("categories".to_owned(), v),
                        false => (k, v),
                    })
                    .collect();
                form_again(
                    &session,
                    system_view(&state, &session, id, &form, &errors).await,
                )
            }
            None => refused(&session, &e),
        },
    }
}

async fn remove_flow(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let ends = (
        form.get("from").and_then(|v| v.parse::<i64>().ok()),
        form.get("to").and_then(|v| v.parse::<i64>().ok()),
    );
    let (Some(from), Some(to)) = ends else {
        return refused(&session, &Error::validation("to", "no such flow"));
    };
    // Only a flow of the system whose page this is.
    if from != id && to != id {
        return refused(
            &session,
            &Error::validation("to", "no such flow on this system"),
        );
    }
    match flows::remove(&state.db, from, to).await {
        Ok(removed) => {
            if let Some(f) = removed {
                publish(&state, &session, Entity::SystemFlow, Change::Deleted, f.id);
            }
            Redirect::to(&format!("/systems/{id}")).into_response()
        }
        Err(e) => refused(&session, &e),
    }
}

async fn link_category(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let mut new = links::NewLink::declared(
        id,
        form.get("category").unwrap_or_default(),
        Some(session.principal.name.clone()),
    );
    new.location = form.text("location");
    match links::link(&state.db, new).await {
        Ok(link) => {
            publish(
                &state,
                &session,
                Entity::SystemCategoryLink,
                Change::Created,
                link.id,
            );
            Redirect::to(&format!("/systems/{id}")).into_response()
        }
        Err(e) => match form_failure(&e, "category") {
            Some(errors) => form_again(
                &session,
                system_view(&state, &session, id, &Fields::default(), &errors).await,
            ),
            None => refused(&session, &e),
        },
    }
}

/// Confirms or rejects links: one (`confirm=ID` / `reject=ID`), or every ticked `link`
/// with `bulk=confirm|reject`.
async fn decide(State(state): State<AppState>, headers: HeaderMap, form: Fields) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let (status, ids): (LinkStatus, Vec<&str>) = if let Some(id) = form.get("confirm") {
        (LinkStatus::Confirmed, vec![id])
    } else if let Some(id) = form.get("reject") {
        (LinkStatus::Rejected, vec![id])
    } else {
        let status = match form.get("bulk") {
            Some("confirm") => LinkStatus::Confirmed,
            Some("reject") => LinkStatus::Rejected,
            _ => {
                let e = Error::validation("bulk", "choose confirm or reject");
                return refused(&session, &e);
            }
        };
        (status, form.all("link").collect())
    };
    if ids.is_empty() {
        let e = Error::validation("link", "tick the links to decide first");
        return refused(&session, &e);
    }
    let mut parsed = Vec::with_capacity(ids.len());
    for id in ids {
        match id.parse::<i64>() {
            Ok(id) => parsed.push(id),
            Err(_) => return refused(&session, &Error::validation("link", "not a link id")),
        }
    }
    let note = form.text("note");
    let decided = links::decide_many(
        &state.db,
        &parsed,
        status,
        Some(session.principal.name.clone()),
        note.as_deref(),
    )
    .await;
    match decided {
        Ok(models) => {
            for m in models {
                publish(
                    &state,
                    &session,
                    Entity::SystemCategoryLink,
                    Change::Updated,
                    m.id,
                );
            }
            back_to(form.get("back"), "/systems")
        }
        Err(e) => refused(&session, &e),
    }
}

async fn category_tree(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    match category_view(&state, &session, &Fields::default(), &FieldErrors::new()).await {
        Ok(page) => page.into_response(),
        Err(e) => refused(&session, &e),
    }
}

/// A custom category joins the taxonomy (its parent is its dotted prefix by default).
async fn create_category(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let new = categories::NewCategory {
        key: form.get("key").unwrap_or_default().trim().to_owned(),
        name: form.get("name").unwrap_or_default().to_owned(),
        description: form.text("description"),
        parent_key: form.text("parentKey"),
        special: form.checked("special"),
    };
    match categories::create(&state.db, new).await {
        Ok(c) => {
            publish(
                &state,
                &session,
                Entity::DataCategory,
                Change::Created,
                c.id,
            );
            Redirect::to("/categories").into_response()
        }
        Err(e) => match form_failure(&e, "key") {
            Some(errors) => form_again(
                &session,
                category_view(&state, &session, &form, &errors).await,
            ),
            None => refused(&session, &e),
        },
    }
}

async fn category_view(
    state: &AppState,
    session: &Session,
    form: &Fields,
    errors: &FieldErrors,
) -> Result<pages::Page> {
    let cats = data_category::Entity::find().all(&state.db).await?;
    let held = links::confirmed_counts(&state.db).await?;
    let mut children: HashMap<Option<i64>, Vec<&data_category::Model>> = HashMap::new();
    for c in &cats {
        children.entry(c.parent_id).or_default().push(c);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.key.cmp(&b.key));
    }
    fn branch(
        parent: Option<i64>,
        children: &HashMap<Option<i64>, Vec<&data_category::Model>>,
        held: &HashMap<i64, u64>,
    ) -> Markup {
        html! {
            @if let Some(list) = children.get(&parent) {
                ul {
                    @for c in list {
                        li {
                            a href={ "/map?category=" (c.key) } { code { (c.key) } } " " (c.name)
                            @if c.special { " " span.tag.special { "special category (Art. 9)" } }
                            @if c.custom { " " span.tag { "custom" } }
                            @if let Some(n) = held.get(&c.id) { " " span.muted { "· held by " (n) " system" @if *n != 1 { "s" } } }
                            (branch(Some(c.id), children, held))
                        }
                    }
                }
            }
        }
    }
    Ok(layout(
        "Data categories",
        Some(session),
        html! {
            h1 { "Data categories" }
            p.muted { (cats.len()) " categories (fideslang keys). Follow one to see where it is held on the data map." }
            @if session.principal.role.includes(Role::Dpo) {
                details open[!errors.is_empty()] {
                    summary { "Add a custom category" }
                    (form_error(errors))
                    form method="post" action="/categories" {
                        (csrf(session))
                        (pages::field_of("Key (dotted, e.g. user.contact.pager)", "key", form.get("key"), errors, "text", true))
                        (pages::field_of("Name", "name", form.get("name"), errors, "text", true))
                        (field("Parent key (default: the key's dotted prefix)", "parentKey", form.get("parentKey"), errors))
                        (field("Description", "description", form.get("description"), errors))
                        label.check { input type="checkbox" name="special" value="1" checked[form.checked("special")]; " Special category (Art. 9)" }
                        p { button type="submit" { "Add category" } }
                    }
                }
            }
            div.tree { (branch(None, &children, &held)) }
        },
    ))
}

/// One activity's Art. 30 entry.
pub(super) fn record_entry(r: &RopaRecord) -> Markup {
    html! {
        dl.record {
            dt { "Controller" } dd { (r.controller.as_deref().or(r.organisation.as_deref()).unwrap_or("—")) " (" (words(r.role.as_str())) ")" }
            @if let Some(d) = &r.dpo { dt { "Data protection officer" } dd { (d) } }
            dt { "Purpose" } dd { (r.purpose) }
            @if let Some(u) = &r.data_use { dt { "Data use" } dd { code { (u) } } }
            dt { "Legal basis" } dd {
                @for b in &r.legal_bases { (b.article) " " (words(b.basis.as_str())) @if let Some(n) = &b.note { " — " (n) } br; }
            }
            @if let Some(c) = &r.special_category_condition { dt { "Special-category condition" } dd { (c) } }
            dt { "Data subjects" } dd { (r.data_subjects.join(", ")) }
            dt { "Personal data" } dd {
                ul { @for d in &r.data { li {
                    code { (d.category) } " " (d.category_name)
                    @if d.special { " " span.tag.special { "special" } }
                    " · " (d.subject) " · " (words(&d.source))
                    @if let Some(ret) = &d.retention { " · kept " (ret) }
                } } }
            }
            dt { "Recipients" } dd {
                @if r.recipients.is_empty() { "—" }
                ul { @for x in &r.recipients { li { (x.name) " (" (words(&x.role)) @if let Some(c) = &x.country { ", " (c) } ")" } } }
            }
            dt { "Third-country transfers" } dd {
                @if r.transfers.is_empty() { "none" }
                ul { @for t in &r.transfers { li { span.tag.transfer { (t.country) } " " (words(t.safeguard.as_str())) @if let Some(to) = &t.recipient { " to " (to) } } } }
            }
            dt { "Retention" } dd { (r.retention.as_deref().unwrap_or("—")) }
            dt { "Systems" } dd { @if r.systems.is_empty() { "—" } @else { (r.systems.join(", ")) } }
            @if let Some(m) = &r.security_measures { dt { "Security measures" } dd { (m) } }
        }
    }
}

async fn record(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    match ropa::build(&state.db).await {
        Ok(records) => layout(
            "Record of processing",
            Some(&session),
            html! {
                h1 { "Record of processing activities (Art. 30)" }
                p.noprint { "Download: " a href="/record.csv" download { "CSV" } " · " a href="/record.json" download { "JSON" } " · " a href="/record.xlsx" download { "Spreadsheet (xlsx)" } " · or print this page." }
                @for r in &records {
                    section.entry {
                        h2 { (r.activity) @if let Some(o) = &r.organisation { " " span.muted { "· " (o) } } }
                        (record_entry(r))
                    }
                }
            },
        )
        .into_response(),
        Err(e) => refused(&session, &e),
    }
}

/// The record as a file (CSV, JSON or a spreadsheet), for any signed-in role.
async fn record_file(state: &AppState, headers: &HeaderMap, format: RopaFormat) -> Response {
    let session = or_answer!(signed_in(state, headers, Role::Viewer).await);
    match crate::http::record_download(&state.db, format).await {
        Ok(file) => file,
        Err(e) => refused(&session, &e),
    }
}
