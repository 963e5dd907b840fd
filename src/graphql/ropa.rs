use super::context::{db, opt_id};
use super::error::GqlResultExt;
use super::types::{ActivityObject, OrganisationObject};
use crate::domain::ProcessingRole;
use crate::inventory::{activities, organisations};
use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::processing_activity;

/// One organisation's part of the record of processing: what it does as controller
/// (Art. 30(1)) and as processor (Art. 30(2)).
#[derive(SimpleObject)]
pub struct RopaSection {
    pub organisation: Option<OrganisationObject>,
    pub controller_activities: Vec<ActivityObject>,
    pub processor_activities: Vec<ActivityObject>,
}

#[derive(SimpleObject)]
pub struct RecordOfProcessing {
    pub generated_at: DateTime<Utc>,
    pub sections: Vec<RopaSection>,
}

#[derive(Default)]
pub struct RopaQuery;

#[Object]
impl RopaQuery {
    /// The record of processing activities (Art. 30), per organisation. Activities
    /// without an organisation form a last section with `organisation: null`.
    async fn record_of_processing(
        &self,
        ctx: &Context<'_>,
        organisation_id: Option<ID>,
    ) -> async_graphql::Result<RecordOfProcessing> {
        let db = db(ctx)?;
        let only = opt_id("organisationId", organisation_id.as_ref())?;
        let orgs = match only {
            Some(id) => vec![organisations::get(db, id).await.gql()?],
            None => organisations::all(db).await.gql()?,
        };
        let all = activities::all(db, only).await.gql()?;
        let mut sections = Vec::new();
        let split = |acts: Vec<processing_activity::Model>| -> async_graphql::Result<(Vec<ActivityObject>, Vec<ActivityObject>)> {
            let mut controller = Vec::new();
            let mut processor = Vec::new();
            for a in acts {
                match ProcessingRole::from_db(&a.role).gql()? {
                    ProcessingRole::Processor => processor.push(ActivityObject(a)),
                    _ => controller.push(ActivityObject(a)),
                }
            }
            Ok((controller, processor))
        };
        for org in orgs {
            let acts = all
                .iter()
                .filter(|a| a.organisation_id == Some(org.id))
                .cloned()
                .collect();
            let (controller_activities, processor_activities) = split(acts)?;
            sections.push(RopaSection {
                organisation: Some(OrganisationObject(org)),
                controller_activities,
                processor_activities,
            });
        }
        let orphans: Vec<_> = all
            .into_iter()
            .filter(|a| a.organisation_id.is_none())
            .collect();
        if only.is_none() && !orphans.is_empty() {
            let (controller_activities, processor_activities) = split(orphans)?;
            sections.push(RopaSection {
                organisation: None,
                controller_activities,
                processor_activities,
            });
        }
        Ok(RecordOfProcessing {
            generated_at: Utc::now(),
            sections,
        })
    }
}
