//! Export jobs: locate a request's subject in every connected source, then write the
//! package. Jobs run in the background with progress in the store; files live in the
//! export directory until they expire and are purged.

use super::audit;
use super::requests::{self, state_of};
use crate::domain::{ExportStatus, RequestState};
use crate::error::{Error, Result};
use crate::secret::SecretKey;
use async_graphql::SimpleObject;
use chrono::{Duration, Utc};
use entity::dsar_export;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Notify;

/// Where exports go and how long they live.
#[derive(Debug, Clone)]
pub struct ExportSettings {
    pub dir: PathBuf,
    /// How long a package (and any link to it) lives.
    pub ttl: Duration,
    /// Region for phone numbers without a country code.
    pub phone_region: phonenumber::country::Id,
    /// Base of download links, e.g. `https://steward.example.com`.
    pub public_url: String,
}

impl ExportSettings {
    pub fn new(dir: PathBuf, public_url: impl Into<String>) -> Self {
        Self {
            dir,
            ttl: Duration::days(7),
            phone_region: phonenumber::country::Id::NO,
            public_url: public_url.into(),
        }
    }
}

/// What an export found and what it could not do, stored with the export and shown
/// in GraphQL.
#[derive(Debug, Clone, Default, Serialize, Deserialize, SimpleObject)]
#[graphql(name = "ExportSummary")]
pub struct ExportSummary {
    /// Every source was reached and every table that should be read was read. When
    /// false, `unreachable` says what is missing and the export may miss rows.
    pub complete: bool,
    /// Rows per table where rows were found.
    pub tables: Vec<TableRows>,
    pub references_followed: Vec<FollowedReference>,
    /// Sources (`table` empty) or single tables that could not be read.
    pub unreachable: Vec<Unreachable>,
    /// Matched rows that may be someone else's: left out unless a DPO included them.
    pub ambiguities: Vec<ExportAmbiguity>,
    /// Columns left out of a portability export, and why.
    pub omitted: Vec<OmittedColumn>,
    /// Tables read across all sources.
    pub tables_read: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct TableRows {
    pub system: String,
    pub source: String,
    /// `schema.table`.
    pub table: String,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct FollowedReference {
    pub source: String,
    pub from: String,
    pub to: String,
    /// `foreign_key` or `declared`.
    pub via: String,
    /// `referencing` (rows that refer to found rows) or `referenced` (rows found rows
    /// refer to).
    pub direction: String,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct Unreachable {
    pub source: String,
    /// The table, or none when the whole source could not be reached.
    pub table: Option<String>,
    pub error: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
#[graphql(name = "MatchAmbiguity")]
pub struct ExportAmbiguity {
    /// The source, for `decideMatch`.
    pub source_id: async_graphql::ID,
    pub source: String,
    /// `schema.table`.
    pub table: String,
    /// The row's key, e.g. `{"id":12}`, for `decideMatch`.
    pub row: String,
    /// Kind of the identifier that matched it.
    pub identifier_kind: String,
    pub matched_column: String,
    pub reason: String,
    /// `excluded`, or `included` by a DPO's decision.
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct OmittedColumn {
    pub column: String,
    pub reason: String,
}

impl ExportSummary {
    /// The summary stored with an export; `None` for exports written before summaries
    /// were typed.
    pub fn of(export: &dsar_export::Model) -> Option<Self> {
        serde_json::from_str(export.summary.as_deref()?).ok()
    }
}

/// The kind of an export's job ([`super::export_job`]).
pub const EXPORT: &str = "export";

/// Queues an export's job, in the caller's transaction.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    export_id: i64,
    actor: Option<&str>,
) -> Result<entity::job::Model> {
    crate::jobs::enqueue(
        db,
        EXPORT,
        &format!("export:{export_id}"),
        json!({ "export_id": export_id, "actor": actor }),
    )
    .await
}

#[derive(Clone)]
pub struct Exporter {
    pub(super) db: DatabaseConnection,
    pub(super) key: Arc<SecretKey>,
    pub settings: Arc<ExportSettings>,
    /// Wakes this node's idle workers when an export is queued.
    wake: Arc<Notify>,
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<dsar_export::Model> {
    dsar_export::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("export", id))
}

pub async fn for_request(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Vec<dsar_export::Model>> {
    Ok(dsar_export::Entity::find()
        .filter(dsar_export::Column::RequestId.eq(request_id))
        .order_by_asc(dsar_export::Column::Id)
        .all(db)
        .await?)
}

impl Exporter {
    pub fn new(
        db: DatabaseConnection,
        key: Arc<SecretKey>,
        settings: ExportSettings,
        wake: Arc<Notify>,
    ) -> Self {
        Self {
            db,
            key,
            settings: Arc::new(settings),
            wake,
        }
    }

    /// Removes what a crash left half-written in `dir` (`*.zip.part`: they hold
    /// personal data and no export points at them). Returns how many.
    /// Only files not written for `idle` are removed (another node may be writing).
    pub fn remove_partial_files(dir: &Path, idle: std::time::Duration) -> std::io::Result<usize> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in entries {
            let path = entry?.path();
            let stale = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().unwrap_or_default() >= idle);
            if path.to_string_lossy().ends_with(".zip.part") && stale {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Starts an export of a request whose identifiers are all verified.
    pub async fn start(
        &self,
        request_id: i64,
        portability: bool,
        actor: Option<&str>,
    ) -> Result<dsar_export::Model> {
        // Checks, the request's state, the export, its job and the audit entry: one
        // transaction, so a failure half-way leaves nothing behind.
        let txn = self.db.begin().await?;
        let request = requests::get(&txn, request_id).await?;
        let state = state_of(&request)?;
        if portability && !request.portability {
            return Err(Error::validation(
                "portability",
                "the request does not ask for portability",
            ));
        }
        if !portability && !request.access {
            return Err(Error::validation(
                "portability",
                "the request asks for portability only",
            ));
        }
        if !matches!(
            state,
            RequestState::Verifying
                | RequestState::InProgress
                | RequestState::Ready
                | RequestState::Expired
        ) {
            return Err(Error::Conflict(format!(
                "request {request_id} is {state}; verify its identifiers first"
            )));
        }
        let identifiers = requests::identifiers_of(&txn, request_id).await?;
        if let Some(i) = identifiers.iter().find(|i| i.verified_at.is_none()) {
            return Err(Error::Conflict(format!(
                "identifier {} ({}) is not verified; data is located only with verified identifiers",
                i.id, i.kind
            )));
        }
        let busy = for_request(&txn, request_id).await?.into_iter().any(|e| {
            matches!(
                ExportStatus::from_db(&e.status),
                Ok(ExportStatus::Queued | ExportStatus::Running)
            )
        });
        if busy {
            return Err(Error::Conflict(format!(
                "an export of request {request_id} is already running"
            )));
        }

        requests::transition(&txn, request, RequestState::InProgress, actor, None).await?;
        let export = dsar_export::ActiveModel {
            request_id: Set(request_id),
            portability: Set(portability),
            status: Set(ExportStatus::Queued.as_str().to_owned()),
            created_by: Set(actor.map(str::to_owned)),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            Some(request_id),
            Some(export.id),
            "EXPORT_STARTED",
            json!({"portability": portability}),
        )
        .await?;
        enqueue(&txn, export.id, actor).await?;
        txn.commit().await?;
        self.wake.notify_waiters();
        Ok(export)
    }

    /// Deletes expired export files; a ready request whose exports all expired unread
    /// becomes EXPIRED.
    pub async fn purge(&self) -> Result<u64> {
        let now = Utc::now();
        let due = dsar_export::Entity::find()
            .filter(dsar_export::Column::ExpiresAt.lte(now))
            .filter(dsar_export::Column::PurgedAt.is_null())
            .all(&self.db)
            .await?;
        let mut n = 0;
        for e in due {
            if let Some(f) = &e.file_name {
                match tokio::fs::remove_file(self.settings.dir.join(f)).await {
                    Ok(()) => {}
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                    Err(err) => {
                        tracing::warn!(export = e.id, error = %err, "cannot delete an expired export file");
                        continue;
                    }
                }
            }
            let request_id = e.request_id;
            let id = e.id;
            let mut m = e.into_active_model();
            m.purged_at = Set(Some(now));
            m.update(&self.db).await?;
            audit::record(
                &self.db,
                Some("steward"),
                Some(request_id),
                Some(id),
                "EXPORT_PURGED",
                serde_json::Value::Null,
            )
            .await?;
            n += 1;
            let request = requests::get(&self.db, request_id).await?;
            let live = for_request(&self.db, request_id).await?.iter().any(|x| {
                x.purged_at.is_none()
                    && ExportStatus::from_db(&x.status).is_ok_and(ExportStatus::has_file)
            });
            if state_of(&request)? == RequestState::Ready && !live {
                requests::transition(
                    &self.db,
                    request,
                    RequestState::Expired,
                    Some("steward"),
                    Some("every export expired before it was downloaded"),
                )
                .await?;
            }
        }
        Ok(n)
    }

    /// Purges now and then every `every` until the process ends.
    pub fn spawn_purger(&self, every: std::time::Duration) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.purge().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!("purged {n} expired exports"),
                    Err(e) => tracing::warn!(error = ?e, "purging expired exports failed"),
                }
                tokio::time::sleep(every).await;
            }
        });
    }

    /// Records a download: counts it, audits it and marks the request delivered.
    pub async fn downloaded(
        &self,
        link: &entity::export_link::Model,
        export: &dsar_export::Model,
    ) -> Result<()> {
        entity::export_link::Entity::update_many()
            .col_expr(
                entity::export_link::Column::Downloads,
                sea_orm::sea_query::Expr::col(entity::export_link::Column::Downloads).add(1),
            )
            .filter(entity::export_link::Column::Id.eq(link.id))
            .exec(&self.db)
            .await?;
        let actor = format!("link:{}", link.id);
        audit::record(
            &self.db,
            Some(&actor),
            Some(export.request_id),
            Some(export.id),
            "DOWNLOADED",
            json!({"link_id": link.id}),
        )
        .await?;
        // Delivered once every kind asked for (access, portability) has been downloaded.
        let request = requests::get(&self.db, export.request_id).await?;
        if state_of(&request)? != RequestState::Ready {
            return Ok(());
        }
        let exports = for_request(&self.db, request.id).await?;
        let ids: Vec<i64> = exports.iter().map(|e| e.id).collect();
        let downloaded: BTreeSet<i64> = entity::export_link::Entity::find()
            .filter(entity::export_link::Column::ExportId.is_in(ids))
            .filter(entity::export_link::Column::Downloads.gt(0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| l.export_id)
            .collect();
        let delivered = |portability: bool| {
            exports
                .iter()
                .any(|e| e.portability == portability && downloaded.contains(&e.id))
        };
        if (!request.access || delivered(false)) && (!request.portability || delivered(true)) {
            requests::transition(
                &self.db,
                request,
                RequestState::Delivered,
                Some(&actor),
                None,
            )
            .await?;
        }
        Ok(())
    }
}

/// Creates `dir` (and its parents) if missing, and makes it readable by Steward's own
/// user only (0700): it holds people's data.
pub(super) fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_written_packages_are_removed_and_finished_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("export-1-ab.zip.part"), b"data.json").unwrap();
        std::fs::write(dir.path().join("export-2-cd.zip"), b"PK").unwrap();
        assert_eq!(
            Exporter::remove_partial_files(dir.path(), std::time::Duration::ZERO).unwrap(),
            1
        );
        assert!(dir.path().join("export-2-cd.zip").exists());
        assert!(!dir.path().join("export-1-ab.zip.part").exists());
        let missing = dir.path().join("not-yet");
        assert_eq!(
            Exporter::remove_partial_files(&missing, std::time::Duration::ZERO).unwrap(),
            0
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_export_directory_is_private_even_when_it_existed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        std::fs::create_dir(&exports).unwrap();
        std::fs::set_permissions(&exports, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&exports).unwrap();
        let mode = std::fs::metadata(&exports).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
