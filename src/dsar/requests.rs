//! Data-subject requests: creation with typed identifiers, verification, deadlines
//! (Art. 12(3)), extensions, rejection and the state machine. Every change is audited.

use super::audit;
use super::identifiers::{normalize, Identifier};
use crate::crypto;
use crate::domain::{IdentifierKind, RequestKind, RequestState};
use crate::error::{Error, Result};
use crate::secret::SecretKey;
use chrono::{Months, NaiveDate, Utc};
use entity::{dsar_identifier, dsar_request};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde_json::json;

const PURPOSE: &str = "dsar-identifier";
/// The person's name is personal data too: sealed like identifiers.
const NAME_PURPOSE: &str = "dsar-subject-name";
/// Identifiers one request may carry, and the longest value.
pub const MAX_IDENTIFIERS: usize = 20;
pub const MAX_IDENTIFIER_CHARS: usize = 320;
/// No request is older than this (dates such as `-262143-01-01` are refused).
pub const EARLIEST_RECEIVED: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");

/// The subject's name as stored: sealed. Rows written before names were sealed hold
/// the name itself, and are shown as they are.
pub fn subject_name(key: &SecretKey, r: &dsar_request::Model) -> Option<String> {
    let stored = r.subject_name.as_deref()?;
    Some(crypto::open(key, NAME_PURPOSE, stored).unwrap_or_else(|_| stored.to_owned()))
}
/// Art. 12(3): the deadline may be extended by two further months.
pub const MAX_EXTENSION_MONTHS: u32 = 2;

#[derive(Debug, Clone)]
pub struct NewIdentifier {
    pub kind: IdentifierKind,
    pub value: String,
    /// For accounts: the source and column (`[schema.]table.column`) of the id.
    pub source_id: Option<i64>,
    pub column: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewRequest {
    pub kinds: Vec<RequestKind>,
    pub subject_name: Option<String>,
    pub received_on: NaiveDate,
    pub identifiers: Vec<NewIdentifier>,
    pub actor: Option<String>,
}

/// Received + one month; a date missing in the next month falls on its last day.
pub fn due_date(received: NaiveDate, months: u32) -> NaiveDate {
    received
        .checked_add_months(Months::new(months))
        .unwrap_or(received)
}

/// The deadline in force: the extended one if extended.
pub fn deadline(r: &dsar_request::Model) -> NaiveDate {
    r.extended_to.unwrap_or(r.due_on)
}

pub fn state_of(r: &dsar_request::Model) -> Result<RequestState> {
    Ok(RequestState::from_db(&r.state)?)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<dsar_request::Model> {
    dsar_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("request", id))
}

pub async fn identifiers_of(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Vec<dsar_identifier::Model>> {
    Ok(dsar_identifier::Entity::find()
        .filter(dsar_identifier::Column::RequestId.eq(request_id))
        .order_by_asc(dsar_identifier::Column::Id)
        .all(db)
        .await?)
}

/// An identifier's value, unsealed for locate.
pub fn unseal(key: &SecretKey, i: &dsar_identifier::Model) -> Result<Identifier> {
    Ok(Identifier {
        kind: IdentifierKind::from_db(&i.kind)?,
        value: crypto::open(key, PURPOSE, &i.sealed_value)?,
        column: i.location.clone(),
    })
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &SecretKey,
    region: phonenumber::country::Id,
    req: NewRequest,
) -> Result<dsar_request::Model> {
    if req.kinds.is_empty() {
        return Err(Error::validation(
            "kinds",
            "give ACCESS, PORTABILITY or both",
        ));
    }
    if req.identifiers.is_empty() {
        return Err(Error::validation(
            "identifiers",
            "give at least one identifier",
        ));
    }
    let today = Utc::now().date_naive();
    if req.received_on > today {
        return Err(Error::validation("receivedOn", "cannot be in the future"));
    }
    if req.received_on < EARLIEST_RECEIVED {
        return Err(Error::validation(
            "receivedOn",
            format!("must be {EARLIEST_RECEIVED} or later"),
        ));
    }
    if req.identifiers.len() > MAX_IDENTIFIERS {
        return Err(Error::validation(
            "identifiers",
            format!("give at most {MAX_IDENTIFIERS} identifiers"),
        ));
    }
    if let Some(n) = req
        .identifiers
        .iter()
        .position(|i| i.value.chars().count() > MAX_IDENTIFIER_CHARS)
    {
        return Err(Error::validation(
            format!("identifiers[{n}].value"),
            format!("is longer than {MAX_IDENTIFIER_CHARS} characters"),
        ));
    }
    let subject_name =
        crate::inventory::optional_text("subjectName", req.subject_name.as_deref(), 200)?;
    // Normalise everything before writing anything.
    let mut prepared = Vec::with_capacity(req.identifiers.len());
    for (n, i) in req.identifiers.into_iter().enumerate() {
        let field = format!("identifiers[{n}].value");
        let value =
            normalize(i.kind, &i.value, region).map_err(|m| Error::validation(&field, m))?;
        let location = match i.kind {
            IdentifierKind::Account => {
                let source_id = i.source_id.ok_or_else(|| {
                    Error::validation(
                        format!("identifiers[{n}].sourceId"),
                        "an account id needs its source",
                    )
                })?;
                let source = crate::discovery::sources::get(db, source_id)
                    .await
                    .map_err(|_| {
                        Error::validation(
                            format!("identifiers[{n}].sourceId"),
                            format!("data source {source_id} does not exist"),
                        )
                    })?;
                let column = i.column.as_deref().ok_or_else(|| {
                    Error::validation(
                        format!("identifiers[{n}].column"),
                        "an account id needs its column, [schema.]table.column",
                    )
                })?;
                let schema = super::default_schema_of(&source);
                let column = super::locate::ColumnRef::parse(column, &schema)
                    .map_err(|m| Error::validation(format!("identifiers[{n}].column"), m))?;
                Some((source_id, column.to_string()))
            }
            _ => None,
        };
        let masked = super::mask_identifier(&Identifier {
            kind: i.kind,
            value: value.clone(),
            column: None,
        });
        prepared.push((i.kind, value, masked, location));
    }
    let txn = db.begin().await?;
    let now = Utc::now();
    let model = dsar_request::ActiveModel {
        access: Set(req.kinds.contains(&RequestKind::Access)),
        portability: Set(req.kinds.contains(&RequestKind::Portability)),
        state: Set(RequestState::Received.as_str().to_owned()),
        subject_name: Set(subject_name.map(|n| crypto::seal(key, NAME_PURPOSE, &n))),
        received_on: Set(req.received_on),
        due_on: Set(due_date(req.received_on, 1)),
        created_by: Set(req.actor.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (kind, value, masked, location) in prepared {
        dsar_identifier::ActiveModel {
            request_id: Set(model.id),
            kind: Set(kind.as_str().to_owned()),
            sealed_value: Set(crypto::seal(key, PURPOSE, &value)),
            masked: Set(masked),
            source_id: Set(location.as_ref().map(|l| l.0)),
            location: Set(location.map(|l| l.1)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        req.actor.as_deref(),
        Some(model.id),
        None,
        "REQUEST_CREATED",
        json!({"state": model.state, "access": model.access, "portability": model.portability, "due_on": model.due_on}),
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Moves a request to `to`, if the state machine allows it, and audits it.
pub async fn transition(
    db: &impl ConnectionTrait,
    request: dsar_request::Model,
    to: RequestState,
    actor: Option<&str>,
    reason: Option<&str>,
) -> Result<dsar_request::Model> {
    let from = state_of(&request)?;
    if from == to {
        return Ok(request);
    }
    if !from.next().contains(&to) {
        return Err(Error::Conflict(format!(
            "request {} is {from} and cannot become {to}",
            request.id
        )));
    }
    let id = request.id;
    let mut active = request.into_active_model();
    active.state = Set(to.as_str().to_owned());
    active.updated_at = Set(Utc::now());
    if to == RequestState::Rejected {
        active.rejection_reason = Set(reason.map(str::to_owned));
    }
    let model = active.update(db).await?;
    audit::record(
        db,
        actor,
        Some(id),
        None,
        "STATE_CHANGED",
        json!({"from": from.as_str(), "to": to.as_str(), "reason": reason}),
    )
    .await?;
    Ok(model)
}

/// Marks one identifier verified (how, by whom); the first one moves the request to
/// VERIFYING.
pub async fn verify_identifier<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    identifier_id: i64,
    method: &str,
    actor: Option<&str>,
) -> Result<dsar_identifier::Model> {
    let method = crate::inventory::required_text("method", method, 200)?;
    let txn = db.begin().await?;
    let ident = dsar_identifier::Entity::find_by_id(identifier_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("identifier", identifier_id))?;
    if ident.verified_at.is_some() {
        return Err(Error::Conflict(format!(
            "identifier {identifier_id} is already verified"
        )));
    }
    let request = get(&txn, ident.request_id).await?;
    let state = state_of(&request)?;
    if state.is_final() {
        return Err(Error::Conflict(format!(
            "request {} is {state}",
            request.id
        )));
    }
    let mut active = ident.into_active_model();
    active.verified_method = Set(Some(method.clone()));
    active.verified_by = Set(actor.map(str::to_owned));
    active.verified_at = Set(Some(Utc::now()));
    let ident = active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Some(request.id),
        None,
        "IDENTIFIER_VERIFIED",
        json!({"identifier_id": ident.id, "kind": ident.kind, "method": method}),
    )
    .await?;
    if state == RequestState::Received {
        transition(&txn, request, RequestState::Verifying, actor, None).await?;
    }
    txn.commit().await?;
    Ok(ident)
}

/// Extends the deadline by one or two months (Art. 12(3)), with the reason.
pub async fn extend<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
    months: u32,
    reason: &str,
    actor: Option<&str>,
) -> Result<dsar_request::Model> {
    let reason = crate::inventory::required_text("reason", reason, 2000)?;
    if !(1..=MAX_EXTENSION_MONTHS).contains(&months) {
        return Err(Error::validation(
            "months",
            "an extension is one or two months (Art. 12(3))",
        ));
    }
    let txn = db.begin().await?;
    let request = get(&txn, id).await?;
    let state = state_of(&request)?;
    if state.is_final() {
        return Err(Error::Conflict(format!("request {id} is {state}")));
    }
    if request.extended_to.is_some() {
        return Err(Error::Conflict(format!(
            "request {id} has already been extended"
        )));
    }
    let to = due_date(request.received_on, 1 + months);
    let mut active = request.into_active_model();
    active.extended_to = Set(Some(to));
    active.extension_reason = Set(Some(reason.clone()));
    active.updated_at = Set(Utc::now());
    let model = active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Some(id),
        None,
        "DEADLINE_EXTENDED",
        json!({"to": to, "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn reject<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
    reason: &str,
    actor: Option<&str>,
) -> Result<dsar_request::Model> {
    let reason = crate::inventory::required_text("reason", reason, 2000)?;
    let txn = db.begin().await?;
    let request = get(&txn, id).await?;
    let state = state_of(&request)?;
    if state.is_final() {
        return Err(Error::Conflict(format!("request {id} is already {state}")));
    }
    let model = transition(&txn, request, RequestState::Rejected, actor, Some(&reason)).await?;
    txn.commit().await?;
    Ok(model)
}

/// Which requests to list.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub state: Option<RequestState>,
    /// Open requests past their deadline.
    pub overdue: bool,
    /// Open requests due within this many days (overdue ones included).
    pub due_within_days: Option<i64>,
}

/// Requests, soonest deadline first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &RequestFilter,
    today: NaiveDate,
) -> Result<Vec<dsar_request::Model>> {
    let mut q = dsar_request::Entity::find();
    if let Some(s) = filter.state {
        q = q.filter(dsar_request::Column::State.eq(s.as_str()));
    }
    let mut all: Vec<dsar_request::Model> =
        q.order_by_asc(dsar_request::Column::Id).all(db).await?;
    let open = |r: &dsar_request::Model| state_of(r).map(|s| !s.is_final()).unwrap_or(false);
    if filter.overdue {
        all.retain(|r| open(r) && deadline(r) < today);
    }
    if let Some(days) = filter.due_within_days {
        let limit = today + chrono::Duration::days(days);
        all.retain(|r| open(r) && deadline(r) <= limit);
    }
    all.sort_by_key(|r| (deadline(r), r.id));
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_month_ends_on_the_same_date_or_the_last_day() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(due_date(d(2026, 3, 15), 1), d(2026, 4, 15));
        assert_eq!(due_date(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(due_date(d(2028, 1, 31), 1), d(2028, 2, 29));
        assert_eq!(due_date(d(2026, 11, 30), 3), d(2027, 2, 28));
    }

    #[test]
    fn the_state_machine_allows_only_forward_moves() {
        use RequestState::*;
        assert!(Received.next().contains(&Verifying));
        assert!(!Received.next().contains(&Ready));
        assert!(Verifying.next().contains(&InProgress));
        assert!(Ready.next().contains(&Delivered));
        assert!(Delivered.is_final() && Rejected.is_final());
        for s in [Received, Verifying, InProgress] {
            assert!(s.next().contains(&Rejected), "{s} can be rejected");
        }
    }
}
