//! The data map page: an SVG of the inventory in five lanes, filters, and the details
//! of the node clicked (each node is a link; no script).

use super::pages::{layout, words};
use super::{or_answer, refused, signed_in, Session};
use crate::domain::{LegalBasis, Role};
use crate::error::Error;
use crate::http::AppState;
use crate::inventory::map::{self, DataMap, Lane, MapFilter, Node};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

const LANE_WIDTH: i64 = 240;
const NODE_WIDTH: i64 = 212;
const NODE_HEIGHT: i64 = 40;
const ROW: i64 = 48;
const TOP: i64 = 40;
/// How far a data flow between two systems bows left of their lane.
const FLOW_BOW: i64 = 24;
/// Characters of a label shown in a node (the whole label is its tooltip).
const LABEL_CHARS: usize = 28;

pub fn routes() -> Router<AppState> {
    Router::new().route("/map", get(page))
}

#[derive(Deserialize, Default, Clone)]
struct MapQuery {
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    focus: Option<String>,
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl MapQuery {
    fn filter(&self) -> Result<MapFilter, Error> {
        Ok(MapFilter {
            category: nonempty(&self.category).map(str::to_owned),
            legal_basis: nonempty(&self.basis)
                .map(|b| b.parse::<LegalBasis>())
                .transpose()
                .map_err(|_| Error::validation("basis", "not a legal basis"))?,
            system_id: nonempty(&self.system)
                .map(|s| s.parse::<i64>())
                .transpose()
                .map_err(|_| Error::validation("system", "not a system id"))?,
            country: nonempty(&self.country).map(str::to_owned),
        })
    }

    /// This page's address with `focus` set to a node.
    fn with_focus(&self, key: &str) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("category", &self.category),
            ("basis", &self.basis),
            ("system", &self.system),
            ("country", &self.country),
        ] {
            if let Some(v) = nonempty(value) {
                q.append_pair(name, v);
            }
        }
        q.append_pair("focus", key);
        format!("/map?{}#details", q.finish())
    }
}

async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<MapQuery>,
) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    let built = async {
        let filter = query.filter()?;
        map::build(&state.db, &filter).await
    }
    .await;
    match built {
        Ok(data) => render(&session, &query, &data).into_response(),
        Err(e) => refused(&session, &e),
    }
}

fn render(session: &Session, query: &MapQuery, data: &DataMap) -> super::pages::Page {
    let bases: Vec<&LegalBasis> = LegalBasis::ALL.iter().collect();
    let focus = nonempty(&query.focus).and_then(|k| data.node(k));
    let counts: Vec<(Lane, usize)> = Lane::ALL
        .iter()
        .map(|l| (*l, data.lane(*l).count()))
        .collect();
    layout(
        "Data map",
        Some(session),
        html! {
            h1 { "Data map" }
            form.filters method="get" action="/map" {
                div.field { label for="category" { "Category (and below)" } input #category name="category" value=[nonempty(&query.category)] placeholder="user.contact"; }
                div.field { label for="basis" { "Legal basis" }
                    select #basis name="basis" {
                        option value="" { "any" }
                        @for b in &bases { option value=(b.as_str()) selected[nonempty(&query.basis) == Some(b.as_str())] { (words(b.as_str())) } }
                    }
                }
                div.field { label for="system" { "System id" } input #system name="system" value=[nonempty(&query.system)] inputmode="numeric"; }
                div.field { label for="country" { "Country" } input #country name="country" value=[nonempty(&query.country)] placeholder="US"; }
                div.field { button type="submit" { "Filter" } " " a href="/map" { "Clear" } }
            }
            p.muted {
                @for (i, (lane, n)) in counts.iter().enumerate() { @if i > 0 { " · " } (n) " " (lane.title().to_lowercase()) }
                ". " span.legend.transfer { "Red" } ": data leaves the EEA; " span.legend.special { "purple" } ": special category (Art. 9); dotted arrows: data flows between systems."
            }
            @if data.nodes.is_empty() { p { "Nothing matches these filters." } }
            @else {
                div.map { (svg(query, data, focus.map(|n| n.key.as_str()))) }
            }
            @if let Some(n) = focus { (details(data, n)) }
        },
    )
}

fn truncate(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

fn svg(query: &MapQuery, data: &DataMap, focus: Option<&str>) -> Markup {
    // Where each node sits: its lane's x, its row's y.
    let mut place: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut rows = 0i64;
    for (col, lane) in Lane::ALL.iter().enumerate() {
        for (row, n) in data.lane(*lane).enumerate() {
            place.insert(
                n.key.as_str(),
                (col as i64 * LANE_WIDTH + 10, TOP + row as i64 * ROW),
            );
            rows = rows.max(row as i64 + 1);
        }
    }
    let width = Lane::ALL.len() as i64 * LANE_WIDTH;
    let height = TOP + rows * ROW + 10;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height) viewBox={ "0 0 " (width) " " (height) } role="img" aria-labelledby="map-title" {
            title #map-title { "Data map: organisations, systems, data categories, processing activities and recipients" }
            @for (col, lane) in Lane::ALL.iter().enumerate() {
                text.lane x=(col as i64 * LANE_WIDTH + 10) y="20" { (lane.title()) }
            }
            defs {
                marker #flow-arrow viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto" {
                    path d="M0,0 L8,4 L0,8 z" {}
                }
            }
            g.edges {
                @for e in data.edges.iter().filter(|e| e.flow) {
                    // A flow between two systems: an arrow bowing left of their lane.
                    @if let (Some((x1, y1)), Some((_, y2))) = (place.get(e.from.as_str()), place.get(e.to.as_str())) {
                        @let (sy, ty, bow) = (y1 + NODE_HEIGHT / 2, y2 + NODE_HEIGHT / 2, x1 - FLOW_BOW);
                        @let lit = focus.is_some_and(|f| f == e.from || f == e.to);
                        path class={ "edge flow" @if e.transfer { " transfer" } @if lit { " lit" } }
                            marker-end="url(#flow-arrow)"
                            d={ "M" (x1) "," (sy) " C" (bow) "," (sy) " " (bow) "," (ty) " " (x1) "," (ty) } {}
                    }
                }
                @for e in data.edges.iter().filter(|e| !e.flow) {
                    @if let (Some((x1, y1)), Some((x2, y2))) = (place.get(e.from.as_str()), place.get(e.to.as_str())) {
                        @let (sx, sy, tx, ty) = (x1 + NODE_WIDTH, y1 + NODE_HEIGHT / 2, *x2, y2 + NODE_HEIGHT / 2);
                        @let mid = (sx + tx) / 2;
                        @let lit = focus.is_some_and(|f| f == e.from || f == e.to);
                        path class={ "edge" @if e.transfer { " transfer" } @if lit { " lit" } }
                            d={ "M" (sx) "," (sy) " C" (mid) "," (sy) " " (mid) "," (ty) " " (tx) "," (ty) } {}
                    }
                }
            }
            @for n in &data.nodes {
                @if let Some((x, y)) = place.get(n.key.as_str()) {
                    (node(query, n, *x, *y, focus == Some(n.key.as_str())))
                }
            }
        }
    }
}

fn node(query: &MapQuery, n: &Node, x: i64, y: i64, focused: bool) -> Markup {
    let class = format!(
        "node {}{}{}{}",
        format!("{:?}", n.lane).to_lowercase(),
        if n.transfer { " transfer" } else { "" },
        if n.special { " special" } else { "" },
        if focused { " focus" } else { "" },
    );
    html! {
        a href=(query.with_focus(&n.key)) class=(class) {
            title { (n.label) @if !n.detail.is_empty() { " — " (n.detail) } }
            rect x=(x) y=(y) width=(NODE_WIDTH) height=(NODE_HEIGHT) rx="6" {}
            text x=(x + 8) y=(y + 17) { (truncate(&n.label)) }
            text.detail x=(x + 8) y=(y + 33) { (truncate(&n.detail)) @if n.transfer { " · outside EEA" } @if n.special { " · Art. 9" } }
        }
    }
}

fn href_of(n: &Node) -> String {
    match n.lane {
        Lane::System => format!("/systems/{}", n.id),
        Lane::Activity => format!("/activities/{}", n.id),
        Lane::Category => format!("/map?category={}", n.detail),
        Lane::Organisation | Lane::Recipient => "/record".to_owned(),
    }
}

fn details(data: &DataMap, n: &Node) -> Markup {
    let mut near: Vec<&Node> = data.neighbours(&n.key).collect();
    near.sort_by_key(|x| (x.lane, x.label.clone()));
    near.dedup_by_key(|x| x.key.clone());
    let sends: Vec<&Node> = data.flows(&n.key, true).collect();
    let receives: Vec<&Node> = data.flows(&n.key, false).collect();
    html! {
        section #details.details aria-labelledby="details-title" {
            h2 #details-title { (n.label) }
            p.muted { (n.detail) }
            @if n.transfer { p { span.tag.transfer { "third-country transfer" } } }
            @if n.special { p { span.tag.special { "special category (Art. 9)" } } }
            ul {
                @for x in &near { li { span.muted { (x.lane.title()) ": " } (x.label) } }
                @for x in &sends { li { span.muted { "Sends data to: " } (x.label) } }
                @for x in &receives { li { span.muted { "Receives data from: " } (x.label) } }
            }
            p { a href=(href_of(n)) { "Open " (n.label) } }
        }
    }
}
