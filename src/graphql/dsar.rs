//! Data-subject requests, exports, download links and declared references.

use super::context::{actor, db, parse_id};
use super::error::GqlResultExt;
use super::guards::RoleGuard;
use crate::domain::{ExportStatus, IdentifierKind, RequestKind, RequestState, Role};
use crate::dsar::exports::{self, Exporter};
use crate::dsar::requests::{self, NewIdentifier, NewRequest, RequestFilter};
use crate::dsar::{audit, decisions, links, references};
use crate::error::Error;
use crate::secret::SecretKey;
use async_graphql::{
    Context, ErrorExtensions, InputObject, Object, SimpleObject, Subscription, ID,
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    audit_entry, dsar_export, dsar_identifier, dsar_request, export_link, match_decision,
    source_reference,
};
use futures_util::Stream;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;

fn id(n: i64) -> ID {
    ID(n.to_string())
}

fn enum_of<T>(r: anyhow::Result<T>) -> async_graphql::Result<T> {
    r.gql()
}

/// A data-subject request (Art. 15 access and/or Art. 20 portability).
pub struct RequestObject(pub dsar_request::Model);

#[Object(name = "DataSubjectRequest")]
impl RequestObject {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn kinds(&self) -> Vec<RequestKind> {
        let mut k = Vec::new();
        if self.0.access {
            k.push(RequestKind::Access);
        }
        if self.0.portability {
            k.push(RequestKind::Portability);
        }
        k
    }
    async fn state(&self) -> async_graphql::Result<RequestState> {
        enum_of(RequestState::from_db(&self.0.state))
    }
    /// Stored sealed, like the identifiers.
    async fn subject_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let key = ctx.data::<Arc<SecretKey>>()?;
        Ok(requests::subject_name(key, &self.0))
    }
    async fn received_on(&self) -> NaiveDate {
        self.0.received_on
    }
    /// Received + one month (Art. 12(3)).
    async fn due_on(&self) -> NaiveDate {
        self.0.due_on
    }
    async fn extended_to(&self) -> Option<NaiveDate> {
        self.0.extended_to
    }
    async fn extension_reason(&self) -> Option<&str> {
        self.0.extension_reason.as_deref()
    }
    /// The deadline in force (extended or not).
    async fn deadline(&self) -> NaiveDate {
        requests::deadline(&self.0)
    }
    /// Open and past its deadline.
    async fn overdue(&self) -> async_graphql::Result<bool> {
        let open = !enum_of(RequestState::from_db(&self.0.state))?.is_final();
        Ok(open && requests::deadline(&self.0) < Utc::now().date_naive())
    }
    async fn rejection_reason(&self) -> Option<&str> {
        self.0.rejection_reason.as_deref()
    }
    async fn identifiers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IdentifierObject>> {
        Ok(requests::identifiers_of(db(ctx)?, self.0.id)
            .await
            .gql()?
            .into_iter()
            .map(IdentifierObject)
            .collect())
    }
    async fn exports(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ExportObject>> {
        Ok(exports::for_request(db(ctx)?, self.0.id)
            .await
            .gql()?
            .into_iter()
            .map(ExportObject)
            .collect())
    }
    /// Rows the latest finished export matched that may be someone else's: left out
    /// unless a DPO included them with `decideMatch` (then the next export has them).
    async fn ambiguities(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<exports::ExportAmbiguity>> {
        let list = exports::for_request(db(ctx)?, self.0.id).await.gql()?;
        Ok(list
            .iter()
            .rev()
            .find_map(exports::ExportSummary::of)
            .map(|s| s.ambiguities)
            .unwrap_or_default())
    }
    /// A DPO's decisions on matched rows, oldest first.
    async fn match_decisions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MatchDecisionObject>> {
        Ok(decisions::for_request(db(ctx)?, self.0.id)
            .await
            .gql()?
            .into_iter()
            .map(MatchDecisionObject)
            .collect())
    }
    /// Every change to the request, oldest first.
    async fn audit_log(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AuditEntryObject>> {
        Ok(audit::for_request(db(ctx)?, self.0.id)
            .await
            .gql()?
            .into_iter()
            .map(AuditEntryObject)
            .collect())
    }
    async fn created_by(&self) -> Option<&str> {
        self.0.created_by.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An identifier of the person; only a masked value is ever shown.
pub struct IdentifierObject(pub dsar_identifier::Model);

#[Object(name = "RequestIdentifier")]
impl IdentifierObject {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn kind(&self) -> async_graphql::Result<IdentifierKind> {
        enum_of(IdentifierKind::from_db(&self.0.kind))
    }
    /// e.g. `o***@e***.no`.
    async fn masked(&self) -> &str {
        &self.0.masked
    }
    async fn source_id(&self) -> Option<ID> {
        self.0.source_id.map(id)
    }
    /// For accounts: `schema.table.column`.
    async fn column(&self) -> Option<&str> {
        self.0.location.as_deref()
    }
    async fn verified(&self) -> bool {
        self.0.verified_at.is_some()
    }
    async fn verified_method(&self) -> Option<&str> {
        self.0.verified_method.as_deref()
    }
    async fn verified_by(&self) -> Option<&str> {
        self.0.verified_by.as_deref()
    }
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at
    }
}

pub struct AuditEntryObject(pub audit_entry::Model);

#[Object(name = "AuditEntry")]
impl AuditEntryObject {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn actor(&self) -> Option<&str> {
        self.0.actor.as_deref()
    }
    /// e.g. `STATE_CHANGED`, `IDENTIFIER_VERIFIED`, `LINK_CREATED`, `DOWNLOADED`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    async fn export_id(&self) -> Option<ID> {
        self.0.export_id.map(id)
    }
    /// JSON text with the details.
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }
}

/// One export package of a request and the job that builds it.
pub struct ExportObject(pub dsar_export::Model);

#[Object(name = "Export")]
impl ExportObject {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn request_id(&self) -> ID {
        id(self.0.request_id)
    }
    async fn portability(&self) -> bool {
        self.0.portability
    }
    async fn status(&self) -> async_graphql::Result<ExportStatus> {
        enum_of(ExportStatus::from_db(&self.0.status))
    }
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    async fn sources_total(&self) -> i32 {
        self.0.sources_total
    }
    async fn sources_done(&self) -> i32 {
        self.0.sources_done
    }
    async fn tables_read(&self) -> i32 {
        self.0.tables_read
    }
    async fn rows_found(&self) -> i64 {
        self.0.rows_found
    }
    async fn current_table(&self) -> Option<&str> {
        self.0.current_table.as_deref()
    }
    async fn size_bytes(&self) -> Option<i64> {
        self.0.size_bytes
    }
    /// SHA-256 of the ZIP file.
    async fn sha256(&self) -> Option<&str> {
        self.0.sha256.as_deref()
    }
    /// What the export found and could not do: rows per table, references followed,
    /// sources and tables not read, ambiguous matches left out, columns left out of a
    /// portability export. Null until the export has finished.
    async fn summary(&self) -> Option<exports::ExportSummary> {
        exports::ExportSummary::of(&self.0)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
    async fn purged_at(&self) -> Option<DateTime<Utc>> {
        self.0.purged_at
    }
    async fn links(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ExportLinkObject>> {
        Ok(export_link::Entity::find()
            .filter(export_link::Column::ExportId.eq(self.0.id))
            .order_by_asc(export_link::Column::Id)
            .all(db(ctx)?)
            .await
            .map_err(Error::from)
            .gql()?
            .into_iter()
            .map(ExportLinkObject)
            .collect())
    }
}

pub struct ExportLinkObject(pub export_link::Model);

#[Object(name = "ExportLink")]
impl ExportLinkObject {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn export_id(&self) -> ID {
        id(self.0.export_id)
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
    async fn downloads(&self) -> i32 {
        self.0.downloads
    }
    async fn created_by(&self) -> Option<&str> {
        self.0.created_by.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A new link: the URL is shown once and is not stored.
#[derive(SimpleObject)]
pub struct CreatedExportLink {
    pub link: ExportLinkObject,
    /// `GET` it to download the ZIP; no other credential needed.
    pub url: String,
}

/// A DPO's decision on one row an export matched.
pub struct MatchDecisionObject(pub match_decision::Model);

#[Object(name = "MatchDecision")]
impl MatchDecisionObject {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn source_id(&self) -> ID {
        id(self.0.source_id)
    }
    /// `schema.table`.
    async fn table(&self) -> &str {
        &self.0.table_name
    }
    /// The row's key, e.g. `{"id":12}`.
    async fn row(&self) -> &str {
        &self.0.row_key
    }
    /// True: the row is the person's and is exported; false: it is left out.
    async fn include(&self) -> bool {
        self.0.include
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn decided_by(&self) -> Option<&str> {
        self.0.decided_by.as_deref()
    }
    async fn decided_at(&self) -> DateTime<Utc> {
        self.0.decided_at
    }
}

pub struct ReferenceObject(pub source_reference::Model);

#[Object(name = "SourceReference")]
impl ReferenceObject {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn source_id(&self) -> ID {
        id(self.0.source_id)
    }
    /// The column holding the values, `schema.table.column`.
    async fn from(&self) -> &str {
        &self.0.from_column
    }
    /// The column whose values it holds.
    async fn to(&self) -> &str {
        &self.0.to_column
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

#[derive(InputObject)]
pub struct IdentifierInput {
    pub kind: IdentifierKind,
    pub value: String,
    /// For `ACCOUNT`: the source the id belongs to.
    pub source_id: Option<ID>,
    /// For `ACCOUNT`: `[schema.]table.column` holding the id.
    pub column: Option<String>,
}

/// A DPO's decision on a row an export matched, named as `ambiguities` names it.
#[derive(InputObject)]
pub struct DecideMatchInput {
    pub request_id: ID,
    pub source_id: ID,
    /// `schema.table`.
    pub table: String,
    /// The row's key, e.g. `{"id":12}`.
    pub row: String,
    /// True: the row is the person's; false: leave it out.
    pub include: bool,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct CreateRequestInput {
    pub kinds: Vec<RequestKind>,
    pub identifiers: Vec<IdentifierInput>,
    /// When the request reached the organisation; the deadline counts from it.
    pub received_on: NaiveDate,
    pub subject_name: Option<String>,
}

fn exporter<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Exporter> {
    ctx.data::<Exporter>()
        .map_err(|_| Error::Internal(anyhow::anyhow!("no exporter in GraphQL context")).extend())
}

#[derive(Default)]
pub struct DsarQuery;

#[Object]
impl DsarQuery {
    /// Requests, soonest deadline first. `overdue`: open and past the deadline;
    /// `dueWithinDays`: open and due within that many days (overdue included).
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn data_subject_requests(
        &self,
        ctx: &Context<'_>,
        state: Option<RequestState>,
        #[graphql(default = false)] overdue: bool,
        due_within_days: Option<i32>,
    ) -> async_graphql::Result<Vec<RequestObject>> {
        if due_within_days.is_some_and(|d| d < 0) {
            return Err(Error::validation("dueWithinDays", "must not be negative").extend());
        }
        let filter = RequestFilter {
            state,
            overdue,
            due_within_days: due_within_days.map(i64::from),
        };
        Ok(requests::list(db(ctx)?, &filter, Utc::now().date_naive())
            .await
            .gql()?
            .into_iter()
            .map(RequestObject)
            .collect())
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn data_subject_request(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<RequestObject> {
        let id = parse_id("id", &id)?;
        Ok(RequestObject(requests::get(db(ctx)?, id).await.gql()?))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn export(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ExportObject> {
        let id = parse_id("id", &id)?;
        Ok(ExportObject(exports::get(db(ctx)?, id).await.gql()?))
    }

    /// References declared for a source's columns that have no foreign key.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn source_references(
        &self,
        ctx: &Context<'_>,
        source_id: ID,
    ) -> async_graphql::Result<Vec<ReferenceObject>> {
        let source_id = parse_id("sourceId", &source_id)?;
        Ok(references::list(db(ctx)?, source_id)
            .await
            .gql()?
            .into_iter()
            .map(ReferenceObject)
            .collect())
    }
}

#[derive(Default)]
pub struct DsarMutation;

#[Object]
impl DsarMutation {
    /// Opens a request. Identifiers are normalised (emails lower-case, phones E.164,
    /// IPs canonical), sealed at rest and shown masked.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_request(
        &self,
        ctx: &Context<'_>,
        input: CreateRequestInput,
    ) -> async_graphql::Result<RequestObject> {
        let mut identifiers = Vec::with_capacity(input.identifiers.len());
        for (n, i) in input.identifiers.into_iter().enumerate() {
            identifiers.push(NewIdentifier {
                kind: i.kind,
                value: i.value,
                source_id: super::context::opt_id(
                    &format!("identifiers[{n}].sourceId"),
                    i.source_id.as_ref(),
                )?,
                column: i.column,
            });
        }
        let key = ctx.data::<Arc<SecretKey>>()?;
        let region = exporter(ctx)?.settings.phone_region;
        let model = requests::create(
            db(ctx)?,
            key,
            region,
            NewRequest {
                kinds: input.kinds,
                subject_name: input.subject_name,
                received_on: input.received_on,
                identifiers,
                actor: actor(ctx),
            },
        )
        .await
        .gql()?;
        Ok(RequestObject(model))
    }

    /// Records how an identifier was verified (e.g. "signed-in session", "ID document
    /// checked"). Data is located only with verified identifiers.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn verify_identifier(
        &self,
        ctx: &Context<'_>,
        id: ID,
        method: String,
    ) -> async_graphql::Result<IdentifierObject> {
        let id = parse_id("id", &id)?;
        let who = actor(ctx);
        Ok(IdentifierObject(
            requests::verify_identifier(db(ctx)?, id, &method, who.as_deref())
                .await
                .gql()?,
        ))
    }

    /// Extends the deadline by one or two months (Art. 12(3)); the reason is recorded.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn extend_request(
        &self,
        ctx: &Context<'_>,
        id: ID,
        months: i32,
        reason: String,
    ) -> async_graphql::Result<RequestObject> {
        let id = parse_id("id", &id)?;
        let months = u32::try_from(months).unwrap_or(0);
        let who = actor(ctx);
        Ok(RequestObject(
            requests::extend(db(ctx)?, id, months, &reason, who.as_deref())
                .await
                .gql()?,
        ))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn reject_request(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> async_graphql::Result<RequestObject> {
        let id = parse_id("id", &id)?;
        let who = actor(ctx);
        Ok(RequestObject(
            requests::reject(db(ctx)?, id, &reason, who.as_deref())
                .await
                .gql()?,
        ))
    }

    /// Locates the person in every connected source and builds the package in the
    /// background; follow it with `export(id)`.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn start_export(
        &self,
        ctx: &Context<'_>,
        request_id: ID,
        #[graphql(default = false)] portability: bool,
    ) -> async_graphql::Result<ExportObject> {
        let request_id = parse_id("requestId", &request_id)?;
        let who = actor(ctx);
        Ok(ExportObject(
            exporter(ctx)?
                .start(request_id, portability, who.as_deref())
                .await
                .gql()?,
        ))
    }

    /// A signed download link, valid for `ttlSeconds` (default: until the export
    /// expires).
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_export_link(
        &self,
        ctx: &Context<'_>,
        export_id: ID,
        ttl_seconds: Option<i32>,
    ) -> async_graphql::Result<CreatedExportLink> {
        let export_id = parse_id("exportId", &export_id)?;
        let exporter = exporter(ctx)?;
        let ttl = match ttl_seconds {
            Some(s) if s <= 0 => {
                return Err(Error::validation("ttlSeconds", "must be positive").extend())
            }
            Some(s) => chrono::Duration::seconds(i64::from(s)),
            None => exporter.settings.ttl,
        };
        let key = ctx.data::<Arc<SecretKey>>()?;
        let who = actor(ctx);
        let (link, token) = links::create(db(ctx)?, key, export_id, ttl, who.as_deref())
            .await
            .gql()?;
        let url = format!(
            "{}/exports/{export_id}?token={token}",
            exporter.settings.public_url.trim_end_matches('/')
        );
        Ok(CreatedExportLink {
            link: ExportLinkObject(link),
            url,
        })
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn revoke_export_link(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ExportLinkObject> {
        let id = parse_id("id", &id)?;
        let who = actor(ctx);
        Ok(ExportLinkObject(
            links::revoke(db(ctx)?, id, who.as_deref()).await.gql()?,
        ))
    }

    /// Deletes export files past their expiry now (this also runs hourly); returns how
    /// many were purged.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn purge_expired_exports(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(exporter(ctx)?.purge().await.gql()? as i32)
    }

    /// Declares that `from` (`[schema.]table.column`) holds values of `to` where the
    /// source has no foreign key; locate follows it.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn declare_reference(
        &self,
        ctx: &Context<'_>,
        source_id: ID,
        from: String,
        to: String,
        note: Option<String>,
    ) -> async_graphql::Result<ReferenceObject> {
        let source_id = parse_id("sourceId", &source_id)?;
        let who = actor(ctx);
        Ok(ReferenceObject(
            references::declare(
                db(ctx)?,
                source_id,
                &from,
                &to,
                note.as_deref(),
                who.as_deref(),
            )
            .await
            .gql()?,
        ))
    }

    /// Decides whether a row an export matched is the person's: `include: true` puts
    /// an ambiguous row in the request's next exports, `false` leaves a row out. The
    /// table and row are as `ambiguities` names them; run `startExport` again after.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn decide_match(
        &self,
        ctx: &Context<'_>,
        input: DecideMatchInput,
    ) -> async_graphql::Result<MatchDecisionObject> {
        let request_id = parse_id("requestId", &input.request_id)?;
        let source_id = parse_id("sourceId", &input.source_id)?;
        let who = actor(ctx);
        Ok(MatchDecisionObject(
            decisions::decide(
                db(ctx)?,
                decisions::NewDecision {
                    request_id,
                    source_id,
                    table: &input.table,
                    row: &input.row,
                    include: input.include,
                    note: input.note.as_deref(),
                    actor: who.as_deref(),
                },
            )
            .await
            .gql()?,
        ))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn remove_reference(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ReferenceObject> {
        let id = parse_id("id", &id)?;
        Ok(ReferenceObject(
            references::remove(db(ctx)?, id).await.gql()?,
        ))
    }
}

#[derive(Default)]
pub struct DsarSubscription;

#[Subscription]
impl DsarSubscription {
    /// An export as it runs (`status`, `sourcesDone`, `tablesRead`, `rowsFound`,
    /// `currentTable`), whichever node runs it, until it ends (the last event has a final
    /// status).
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn export_progress(
        &self,
        ctx: &Context<'_>,
        export_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = ExportObject>> {
        let id = parse_id("exportId", &export_id)?;
        let db = db(ctx)?.clone();
        let first = exports::get(&db, id).await.gql()?;
        let stream = super::events::until_finished(
            first,
            move || {
                let db = db.clone();
                async move { exports::get(&db, id).await.ok() }
            },
            |e| ExportStatus::from_db(&e.status).is_ok_and(ExportStatus::is_finished),
        );
        Ok(futures_util::StreamExt::map(stream, ExportObject))
    }
}
