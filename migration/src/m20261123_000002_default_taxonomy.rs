//! Reference data: the default data-category taxonomy (keys compatible with fideslang)
//! and the common data-subject categories. Demo data does not belong here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (key, name, Art. 9 special category). Parents come before children.
pub const CATEGORIES: &[(&str, &str, bool)] = &[
    ("user", "User data", false),
    ("user.account", "Account", false),
    ("user.account.username", "Username", false),
    (
        "user.account.settings",
        "Account settings and preferences",
        false,
    ),
    ("user.authorization", "Authorization", false),
    ("user.authorization.credentials", "Credentials", false),
    ("user.authorization.password", "Password", false),
    ("user.behavior", "Behaviour", false),
    ("user.behavior.browsing_history", "Browsing history", false),
    ("user.behavior.purchase_history", "Purchase history", false),
    ("user.behavior.search_history", "Search history", false),
    (
        "user.behavior.media_consumption",
        "Media consumption",
        false,
    ),
    ("user.biometric", "Biometric data for identification", true),
    ("user.biometric.fingerprint", "Fingerprint", true),
    ("user.biometric.voice", "Voice print", true),
    ("user.contact", "Contact data", false),
    ("user.contact.address", "Postal address", false),
    ("user.contact.address.street", "Street", false),
    ("user.contact.address.city", "City", false),
    ("user.contact.address.postal_code", "Postal code", false),
    ("user.contact.address.country", "Country", false),
    ("user.contact.email", "Email address", false),
    ("user.contact.phone_number", "Phone number", false),
    ("user.contact.fax_number", "Fax number", false),
    ("user.contact.organization", "Organisation", false),
    ("user.contact.url", "URL", false),
    ("user.content", "User-generated content", false),
    (
        "user.content.private",
        "Private content and communications",
        false,
    ),
    ("user.content.public", "Public content", false),
    ("user.content.self_image", "Image of the user", false),
    (
        "user.criminal_history",
        "Criminal convictions and offences",
        false,
    ),
    ("user.demographic", "Demographic data", false),
    ("user.demographic.age_range", "Age range", false),
    ("user.demographic.date_of_birth", "Date of birth", false),
    ("user.demographic.gender", "Gender", false),
    ("user.demographic.language", "Language", false),
    ("user.demographic.nationality", "Nationality", false),
    ("user.demographic.occupation", "Occupation", false),
    (
        "user.demographic.political_opinion",
        "Political opinion",
        true,
    ),
    (
        "user.demographic.race_ethnicity",
        "Racial or ethnic origin",
        true,
    ),
    (
        "user.demographic.religious_belief",
        "Religious or philosophical belief",
        true,
    ),
    (
        "user.demographic.sexual_orientation",
        "Sex life or sexual orientation",
        true,
    ),
    (
        "user.demographic.trade_union_membership",
        "Trade-union membership",
        true,
    ),
    ("user.device", "Device data", false),
    ("user.device.cookie", "Cookie", false),
    ("user.device.cookie_id", "Cookie identifier", false),
    (
        "user.device.device_id",
        "Device identifier (IMEI, MAC, …)",
        false,
    ),
    ("user.device.ip_address", "IP address", false),
    ("user.device.telemetry", "Device telemetry", false),
    ("user.financial", "Financial data", false),
    ("user.financial.bank_account", "Bank account number", false),
    ("user.financial.credit_card", "Payment card number", false),
    ("user.genetic", "Genetic data", true),
    ("user.government_id", "Government identifiers", false),
    (
        "user.government_id.drivers_license_number",
        "Driver's licence number",
        false,
    ),
    (
        "user.government_id.national_identification_number",
        "National identity number",
        false,
    ),
    (
        "user.government_id.passport_number",
        "Passport number",
        false,
    ),
    (
        "user.government_id.vehicle_registration",
        "Vehicle registration number",
        false,
    ),
    ("user.health_and_medical", "Health and medical data", true),
    ("user.job_title", "Job title", false),
    ("user.location", "Location", false),
    ("user.location.imprecise", "Imprecise location", false),
    ("user.location.precise", "Precise location (GPS)", false),
    ("user.name", "Name", false),
    ("user.name.first", "First name", false),
    ("user.name.last", "Last name", false),
    ("user.payment", "Payment data", false),
    (
        "user.privacy_preferences",
        "Privacy preferences and consents",
        false,
    ),
    ("user.sensor", "Sensor data", false),
    ("user.telemetry", "Usage and traffic data", false),
    ("user.unique_id", "Unique identifier", false),
    (
        "user.unique_id.customer_id",
        "Customer or account identifier",
        false,
    ),
    (
        "user.unique_id.pseudonymous",
        "Pseudonymous identifier",
        false,
    ),
    ("user.workplace", "Workplace", false),
];

/// (key, name)
pub const SUBJECTS: &[(&str, &str)] = &[
    ("customer", "Customer"),
    ("customer_representative", "Customer representative"),
    ("end_user", "End user"),
    ("employee", "Employee"),
    ("job_applicant", "Job applicant"),
    ("prospect", "Prospect"),
    ("newsletter_subscriber", "Newsletter subscriber"),
    ("supplier_contact", "Supplier contact"),
    ("website_visitor", "Website visitor"),
    ("support_contact", "Person contacting support"),
];

fn parent_key(key: &str) -> Option<&str> {
    key.rfind('.').map(|i| &key[..i])
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let now = chrono::Utc::now();
        let categories = Alias::new("data_categories");
        for (key, name, special) in CATEGORIES {
            let parent: SimpleExpr = match parent_key(key) {
                Some(p) => SimpleExpr::SubQuery(
                    None,
                    Box::new(
                        Query::select()
                            .column(Alias::new("id"))
                            .from(categories.clone())
                            .and_where(Expr::col(Alias::new("key")).eq(p))
                            .to_owned()
                            .into_sub_query_statement(),
                    ),
                ),
                None => Expr::value(Option::<i64>::None),
            };
            let insert = Query::insert()
                .into_table(categories.clone())
                .columns(
                    [
                        "key",
                        "name",
                        "parent_id",
                        "special",
                        "custom",
                        "created_at",
                        "updated_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    (*key).into(),
                    (*name).into(),
                    parent,
                    (*special).into(),
                    false.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(backend.build(&insert)).await?;
        }
        for (key, name) in SUBJECTS {
            let insert = Query::insert()
                .into_table(Alias::new("data_subjects"))
                .columns(["key", "name", "custom", "created_at", "updated_at"].map(Alias::new))
                .values_panic([
                    (*key).into(),
                    (*name).into(),
                    false.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(backend.build(&insert)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        for table in ["data_subjects", "data_categories"] {
            let delete = Query::delete()
                .from_table(Alias::new(table))
                .and_where(Expr::col(Alias::new("custom")).eq(false))
                .to_owned();
            db.execute(backend.build(&delete)).await?;
        }
        Ok(())
    }
}
