//! sea-orm entities for Steward's own store.
//!
//! These types mirror the tables created by the `migration` crate. They carry no
//! GraphQL or HTTP concerns: the API wraps them in its own types.

pub mod activity_data;
pub mod activity_legal_basis;
pub mod activity_recipient;
pub mod activity_system;
pub mod api_token;
pub mod audit_entry;
pub mod console_session;
pub mod data_category;
pub mod data_source;
pub mod data_subject;
pub mod data_use;
pub mod dsar_export;
pub mod dsar_identifier;
pub mod dsar_request;
pub mod export_link;
pub mod inventory_change;
pub mod job;
pub mod match_decision;
pub mod organisation;
pub mod processing_activity;
pub mod recipient;
pub mod scan;
pub mod scan_finding;
pub mod scan_part;
pub mod source_reference;
pub mod source_table;
pub mod system;
pub mod system_category;
pub mod system_flow;
pub mod transfer;

pub mod prelude {
    pub use super::activity_data::Entity as ActivityData;
    pub use super::activity_legal_basis::Entity as ActivityLegalBasis;
    pub use super::activity_recipient::Entity as ActivityRecipient;
    pub use super::activity_system::Entity as ActivitySystem;
    pub use super::api_token::Entity as ApiToken;
    pub use super::data_category::Entity as DataCategory;
    pub use super::data_source::Entity as DataSource;
    pub use super::data_subject::Entity as DataSubject;
    pub use super::data_use::Entity as DataUse;
    pub use super::organisation::Entity as Organisation;
    pub use super::processing_activity::Entity as ProcessingActivity;
    pub use super::recipient::Entity as Recipient;
    pub use super::scan::Entity as Scan;
    pub use super::scan_finding::Entity as ScanFinding;
    pub use super::source_table::Entity as SourceTable;
    pub use super::system::Entity as System;
    pub use super::system_category::Entity as SystemCategory;
    pub use super::system_flow::Entity as SystemFlow;
    pub use super::transfer::Entity as Transfer;
}

/// Every entity here has an integer primary key named `id`; loaders group by it.
pub trait HasId {
    fn id(&self) -> i64;
}

macro_rules! has_id {
    ($($m:ident),* $(,)?) => {
        $(impl HasId for $m::Model { fn id(&self) -> i64 { self.id } })*
    };
}

has_id!(
    match_decision,
    activity_data,
    activity_legal_basis,
    activity_recipient,
    activity_system,
    api_token,
    audit_entry,
    console_session,
    data_category,
    data_source,
    data_subject,
    data_use,
    dsar_export,
    dsar_identifier,
    dsar_request,
    export_link,
    inventory_change,
    job,
    organisation,
    processing_activity,
    recipient,
    scan,
    scan_finding,
    scan_part,
    source_reference,
    source_table,
    system,
    system_category,
    system_flow,
    transfer,
);
