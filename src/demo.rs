//! The demo inventory: one organisation per privacy policy studied in `shared/policies/`,
//! with the systems, data, purposes, legal bases, retention, recipients and transfers
//! each policy states. Where a policy is silent on something the model needs (a legal
//! basis, a safeguard), the entry says so in its note instead of inventing it.

use crate::domain::{
    DataOrigin::{self, *},
    LegalBasis::{self, *},
    ProcessingRole, RecipientRole, RetentionTrigger, SpecialCategoryCondition, SystemKind,
    TransferSafeguard,
};
use crate::inventory::activities::{
    self, DataInput, LegalBasisInput, NewActivity, RecipientRef, RetentionInput, TransferInput,
};
use crate::inventory::links::{self, NewLink};
use crate::inventory::organisations::{self, OrganisationFields};
use crate::inventory::recipients::{self, NewRecipient};
use crate::inventory::systems::{self, NewSystem};
use anyhow::Context;
use entity::{organisation, processing_activity, system};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, TransactionTrait,
};
use std::collections::HashMap;

/// True when the store holds no organisations, systems or activities.
pub async fn store_is_empty(db: &impl ConnectionTrait) -> anyhow::Result<bool> {
    Ok(organisation::Entity::find().count(db).await? == 0
        && system::Entity::find().count(db).await? == 0
        && processing_activity::Entity::find().count(db).await? == 0)
}

const MARKER: &str = "Pixotope Technologies AS";

/// Loads the demo inventory in one transaction; does nothing when it is already there.
pub async fn load<C: ConnectionTrait + TransactionTrait>(db: &C) -> anyhow::Result<String> {
    if organisations::all(db)
        .await?
        .iter()
        .any(|o| o.name == MARKER)
    {
        return Ok("the demo inventory is already loaded".into());
    }
    let txn = db.begin().await?;
    let mut demo = Demo {
        txn: &txn,
        recipients: HashMap::new(),
        systems: HashMap::new(),
        activities: 0,
    };
    demo.pixotope().await.context("demo: Pixotope")?;
    demo.pexip().await.context("demo: Pexip")?;
    demo.ixt().await.context("demo: IXT")?;
    demo.plaato().await.context("demo: Plaato")?;
    demo.sikom().await.context("demo: Sikom")?;
    let summary = format!(
        "demo inventory loaded: 5 organisations, {} systems, {} recipients, {} processing activities",
        demo.systems.len(),
        demo.recipients.len(),
        demo.activities
    );
    txn.commit().await?;
    Ok(summary)
}

struct Demo<'a> {
    txn: &'a DatabaseTransaction,
    recipients: HashMap<&'static str, i64>,
    systems: HashMap<&'static str, i64>,
    activities: usize,
}

/// One activity as the demo states it.
#[derive(Default)]
struct Act {
    name: &'static str,
    purpose: &'static str,
    description: Option<&'static str>,
    role: Option<ProcessingRole>,
    controller: Option<&'static str>,
    bases: Vec<(LegalBasis, Option<&'static str>)>,
    special: Option<SpecialCategoryCondition>,
    /// (category key, subject key, source)
    data: Vec<(&'static str, &'static str, DataOrigin)>,
    /// Per-category retention overrides: (category key, retention)
    overrides: Vec<(&'static str, RetentionInput)>,
    retention: Option<RetentionInput>,
    systems: Vec<&'static str>,
    recipients: Vec<(&'static str, Option<&'static str>)>,
    /// (country, safeguard, detail, recipient)
    transfers: Vec<(
        &'static str,
        TransferSafeguard,
        &'static str,
        Option<&'static str>,
    )>,
}

fn keep(period: &str, trigger: RetentionTrigger) -> RetentionInput {
    RetentionInput::period(period, trigger)
}

fn until_consent_withdrawn() -> RetentionInput {
    RetentionInput {
        description: Some("Deleted when consent is withdrawn".into()),
        ..keep("P0D", RetentionTrigger::AfterConsentWithdrawal)
    }
}

fn criteria(text: &str) -> RetentionInput {
    RetentionInput {
        description: Some(text.into()),
        ..Default::default()
    }
}

fn bookkeeping() -> RetentionInput {
    RetentionInput {
        statute: Some("Norwegian Bookkeeping Act (bokføringsloven) § 13".into()),
        ..keep("P5Y", RetentionTrigger::AfterEndOfFinancialYear)
    }
}

impl Demo<'_> {
    async fn org(&self, name: &str, fields: OrganisationFields) -> anyhow::Result<i64> {
        Ok(organisations::create(self.txn, name, fields).await?.id)
    }

    async fn recipient(
        &mut self,
        name: &'static str,
        role: RecipientRole,
        country: Option<&str>,
        description: &str,
    ) -> anyhow::Result<()> {
        let r = recipients::create(
            self.txn,
            NewRecipient {
                name: name.into(),
                role,
                country: country.map(Into::into),
                contract_reference: (role == RecipientRole::Processor)
                    .then(|| "Data processing agreement".to_owned()),
                description: Some(description.into()),
            },
        )
        .await?;
        self.recipients.insert(name, r.id);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn system(
        &mut self,
        org: i64,
        name: &'static str,
        kind: SystemKind,
        description: &str,
        country: Option<&str>,
        vendor: Option<&str>,
        categories: &[&str],
    ) -> anyhow::Result<()> {
        let s = systems::create(
            self.txn,
            NewSystem {
                name: name.into(),
                organisation_id: Some(org),
                description: Some(description.into()),
                owner: None,
                kind,
                hosting_country: country.map(Into::into),
                vendor: vendor.map(Into::into),
            },
        )
        .await?;
        for key in categories {
            links::link(self.txn, NewLink::declared(s.id, *key, Some("demo".into()))).await?;
        }
        self.systems.insert(name, s.id);
        Ok(())
    }

    async fn activity(&mut self, org: i64, a: Act) -> anyhow::Result<()> {
        let overrides: HashMap<&str, RetentionInput> = a.overrides.into_iter().collect();
        let new = NewActivity {
            name: a.name.into(),
            purpose: a.purpose.into(),
            description: a.description.map(Into::into),
            organisation_id: Some(org),
            role: a.role.unwrap_or(ProcessingRole::Controller),
            controller_name: a.controller.map(Into::into),
            legal_bases: a
                .bases
                .into_iter()
                .map(|(basis, note)| LegalBasisInput {
                    basis,
                    note: note.map(Into::into),
                })
                .collect(),
            special_category_condition: a.special,
            automated_decision_making: None,
            security_measures: None,
            retention: a.retention,
            data: a
                .data
                .into_iter()
                .map(|(category, subject, source)| DataInput {
                    category_key: category.into(),
                    subject_key: subject.into(),
                    source,
                    source_detail: None,
                    retention: overrides.get(category).cloned(),
                })
                .collect(),
            system_ids: a.systems.iter().map(|s| self.systems[s]).collect(),
            recipients: a
                .recipients
                .iter()
                .map(|(r, purpose)| RecipientRef {
                    recipient_id: self.recipients[r],
                    purpose: purpose.map(Into::into),
                })
                .collect(),
            transfers: a
                .transfers
                .iter()
                .map(|(country, safeguard, detail, recipient)| TransferInput {
                    country: (*country).into(),
                    safeguard: *safeguard,
                    safeguard_detail: Some((*detail).into()),
                    recipient_id: recipient.map(|r| self.recipients[r]),
                })
                .collect(),
        };
        activities::create(self.txn, new)
            .await
            .with_context(|| format!("activity {:?}", a.name))?;
        self.activities += 1;
        Ok(())
    }

    /// Broadcast-graphics software vendor; processes personal data only in Director.
    async fn pixotope(&mut self) -> anyhow::Result<()> {
        let org = self
            .org(
                MARKER,
                OrganisationFields {
                    registration_number: Some("812 664 522".into()),
                    address: Some("Sommerogata 13-15, 0255 Oslo".into()),
                    country: Some("NO".into()),
                    dpo_name: Some("Data Protection Officer".into()),
                    security_measures: Some(
                        "Access to Director through individual credentials; personal data not \
                         transferred out of the EU/EEA"
                            .into(),
                    ),
                    ..Default::default()
                },
            )
            .await?;
        self.system(
            org,
            "Pixotope Director",
            SystemKind::Application,
            "Front-end application where end users log in to the customer's account and licences",
            None,
            None,
            &[
                "user.contact.email",
                "user.contact.phone_number",
                "user.account.username",
                "user.authorization.password",
                "user.device.ip_address",
            ],
        )
        .await?;
        let account_end = keep("P6M", RetentionTrigger::AfterAccountClosure);
        self.activity(org, Act {
            name: "Pixotope: Director accounts and service delivery",
            purpose: "Provide Director and Pixotope's products and services to the customer and its end users as agreed with the customer",
            bases: vec![(Contract, Some("Through the agreement with the customer, and the customer's agreement with the end user"))],
            data: vec![
                ("user.contact.email", "end_user", Provided),
                ("user.contact.phone_number", "end_user", Provided),
                ("user.account.username", "end_user", Provided),
                ("user.authorization.password", "end_user", Provided),
                ("user.contact.organization", "end_user", Provided),
                ("user.name", "end_user", Provided),
                ("user.workplace", "end_user", Provided),
                ("user.demographic.nationality", "end_user", Provided),
                ("user.demographic.gender", "end_user", Provided),
                ("user.demographic.occupation", "end_user", Provided),
            ],
            retention: Some(RetentionInput {
                description: Some("Erased when no longer needed, e.g. when the customer removes the end user's authorisation, and no later than 6 months after the account is deactivated or the customer relationship ends".into()),
                ..account_end.clone()
            }),
            systems: vec!["Pixotope Director"],
            ..Default::default()
        }).await?;
        self.activity(org, Act {
            name: "Pixotope: customer and end-user communication",
            purpose: "Answer service requests and give agreed assistance for the products and Director",
            bases: vec![(Contract, None)],
            data: vec![
                ("user.contact.email", "end_user", Provided),
                ("user.contact.phone_number", "end_user", Provided),
                ("user.name", "end_user", Provided),
            ],
            retention: Some(account_end.clone()),
            systems: vec!["Pixotope Director"],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "Pixotope: technical functionality of Director",
                purpose: "Ensure Director works well on the user's device",
                bases: vec![(
                    LegitimateInterests,
                    Some("Improving Director and the account system for end users and customers"),
                )],
                data: vec![
                    ("user.device.ip_address", "end_user", Observed),
                    ("user.device.telemetry", "end_user", Observed),
                    ("user.behavior", "end_user", Observed),
                ],
                retention: Some(account_end.clone()),
                systems: vec!["Pixotope Director"],
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "Pixotope: user statistics and fraud prevention",
                purpose: "Control and monitor Director's user base and prevent fraudulent activity",
                bases: vec![(
                    LegitimateInterests,
                    Some(
                        "Keeping Director secure and the integrity and confidentiality of its data",
                    ),
                )],
                data: vec![
                    ("user.device.ip_address", "end_user", Observed),
                    ("user.behavior", "end_user", Observed),
                ],
                retention: Some(account_end),
                systems: vec!["Pixotope Director"],
                ..Default::default()
            },
        )
        .await
    }

    /// Video-conferencing provider; controller for direct users, processor for partners.
    async fn pexip(&mut self) -> anyhow::Result<()> {
        let org = self
            .org(
                "Pexip AS",
                OrganisationFields {
                    country: Some("NO".into()),
                    security_measures: Some(
                        "SSL/TLS on all pages and services; PoPs in data centres meeting \
                         international security standards; administrative, technical and \
                         physical safeguards"
                            .into(),
                    ),
                    ..Default::default()
                },
            )
            .await?;
        self.recipient(
            "Salesforce",
            RecipientRole::Processor,
            Some("US"),
            "CRM: manages clients and processes",
        )
        .await?;
        self.recipient(
            "Stripe",
            RecipientRole::Processor,
            Some("US"),
            "Payment processing",
        )
        .await?;
        self.recipient(
            "HubSpot",
            RecipientRole::Processor,
            Some("US"),
            "Marketing communication and analytics",
        )
        .await?;
        self.recipient(
            "Google Analytics",
            RecipientRole::Processor,
            Some("US"),
            "Website analytics",
        )
        .await?;
        self.recipient(
            "Pexip affiliated partners",
            RecipientRole::Controller,
            None,
            "Authorised resellers of Pexip products and services",
        )
        .await?;
        self.system(
            org,
            "Pexip Service",
            SystemKind::Application,
            "Video-conferencing service on a global network of points of presence",
            None,
            None,
            &[
                "user.contact.email",
                "user.name",
                "user.telemetry",
                "user.device.ip_address",
            ],
        )
        .await?;
        self.system(
            org,
            "Pexip Salesforce CRM",
            SystemKind::Saas,
            "Customer relationship management",
            Some("US"),
            Some("Salesforce"),
            &[
                "user.contact.email",
                "user.contact.phone_number",
                "user.name",
            ],
        )
        .await?;
        self.system(
            org,
            "Pexip Stripe payments",
            SystemKind::Saas,
            "eCommerce payments",
            Some("US"),
            Some("Stripe"),
            &["user.financial.credit_card", "user.payment"],
        )
        .await?;
        let unstated = "The policy says some providers store data outside the EU but does not name the safeguard";
        self.activity(org, Act {
            name: "Pexip: accounts and service delivery",
            purpose: "Operate and deliver the Pexip service to direct users: product activation, delivery, support and notifications",
            description: Some("Covers Pexip Free and eCommerce users, for whom Pexip is controller"),
            bases: vec![(Consent, Some("The policy asks users to consent to objectives one and two (operate and improve the service)"))],
            data: vec![
                ("user.contact.email", "customer", Provided),
                ("user.contact.phone_number", "customer", Provided),
                ("user.name", "customer", Provided),
                ("user.authorization.credentials", "customer", Provided),
                ("user.account.settings", "customer", Provided),
                ("user.content.self_image", "customer", Provided),
                ("user.content.private", "customer", Provided),
                ("user.device.ip_address", "customer", Observed),
                ("user.device.device_id", "customer", Observed),
                ("user.location.imprecise", "customer", Observed),
                ("user.telemetry", "customer", Observed),
            ],
            overrides: vec![("user.telemetry", RetentionInput {
                description: Some("Call history".into()),
                ..keep("P2Y", RetentionTrigger::AfterCollection)
            })],
            retention: Some(criteria("As long as needed for the purposes, including legal, accounting and reporting obligations")),
            systems: vec!["Pexip Service", "Pexip Salesforce CRM"],
            recipients: vec![("Salesforce", Some("Manage clients and processes"))],
            transfers: vec![("US", TransferSafeguard::Other, unstated, Some("Salesforce"))],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "Pexip: eCommerce payments",
                purpose: "Process payments for products and services bought online",
                bases: vec![(Contract, None)],
                data: vec![
                    ("user.financial.credit_card", "customer", Provided),
                    ("user.payment", "customer", Provided),
                    ("user.contact.email", "customer", Provided),
                ],
                retention: Some(criteria(
                    "As long as needed, including accounting obligations",
                )),
                systems: vec!["Pexip Stripe payments"],
                recipients: vec![("Stripe", Some("Payment processing"))],
                transfers: vec![("US", TransferSafeguard::Other, unstated, Some("Stripe"))],
                ..Default::default()
            },
        )
        .await?;
        self.activity(org, Act {
            name: "Pexip: sales and marketing communications",
            purpose: "Send sales, marketing and promotional communications matching stated interests",
            bases: vec![(Consent, Some("Opt-out through the unsubscribe link in every email"))],
            data: vec![
                ("user.contact.email", "prospect", Provided),
                ("user.name", "prospect", Provided),
                ("user.contact.phone_number", "prospect", Provided),
                ("user.contact.email", "newsletter_subscriber", Provided),
            ],
            retention: Some(until_consent_withdrawn()),
            systems: vec!["Pexip Salesforce CRM"],
            recipients: vec![("HubSpot", Some("Communicate with you")), ("Salesforce", None)],
            transfers: vec![("US", TransferSafeguard::Other, unstated, Some("HubSpot"))],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "Pexip: product improvement and analytics",
                purpose: "Understand and improve products, services and website content",
                bases: vec![(Consent, Some("Objective two in the policy"))],
                data: vec![
                    (
                        "user.behavior.browsing_history",
                        "website_visitor",
                        Observed,
                    ),
                    ("user.device.cookie_id", "website_visitor", Observed),
                    ("user.device.ip_address", "website_visitor", Observed),
                ],
                retention: Some(criteria("As long as needed for the purpose")),
                recipients: vec![("Google Analytics", None), ("HubSpot", None)],
                transfers: vec![(
                    "US",
                    TransferSafeguard::Other,
                    unstated,
                    Some("Google Analytics"),
                )],
                ..Default::default()
            },
        )
        .await?;
        self.activity(org, Act {
            name: "Pexip: security and fraud detection",
            purpose: "Protect products and users: detect fraud and malicious software, validate licences, resolve disputes",
            bases: vec![(LegitimateInterests, Some("Security of products and users"))],
            data: vec![
                ("user.device.ip_address", "customer", Observed),
                ("user.telemetry", "customer", Observed),
            ],
            retention: Some(keep("P2Y", RetentionTrigger::AfterCollection)),
            systems: vec!["Pexip Service"],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "Pexip: service delivery for partners' customers",
                purpose: "Provide the Pexip service to users who buy through an affiliated partner",
                role: Some(ProcessingRole::Processor),
                controller: Some("Pexip affiliated partners (authorised resellers)"),
                bases: vec![(
                    Contract,
                    Some("Processing on the partner's behalf under a data processing agreement"),
                )],
                data: vec![
                    ("user.contact.email", "end_user", Provided),
                    ("user.name", "end_user", Provided),
                    ("user.telemetry", "end_user", Observed),
                ],
                retention: Some(RetentionInput {
                    description: Some("Call history".into()),
                    ..keep("P2Y", RetentionTrigger::AfterCollection)
                }),
                systems: vec!["Pexip Service"],
                recipients: vec![("Pexip affiliated partners", Some("Service delivery"))],
                ..Default::default()
            },
        )
        .await
    }

    /// IoT/telematics operator (SIM cards, traffic data).
    async fn ixt(&mut self) -> anyhow::Result<()> {
        let org = self
            .org(
                "IXT AS",
                OrganisationFields {
                    registration_number: Some("93329617".into()),
                    address: Some("Studievegen 2, 2815 Gjøvik".into()),
                    country: Some("NO".into()),
                    contact_email: Some("support@ixt.no".into()),
                    security_measures: Some(
                        "Regular risk assessments, technical systems and physical procedures, \
                         routines to verify access and correction requests"
                            .into(),
                    ),
                    ..Default::default()
                },
            )
            .await?;
        self.recipient("IXT subcontractors", RecipientRole::Processor, None,
            "Networks, cloud storage, hosting, data warehousing, security monitoring, logging, analytics, customer service, email, payment providers").await?;
        self.recipient(
            "Public authorities (Norway)",
            RecipientRole::PublicAuthority,
            Some("NO"),
            "Where law requires disclosure, or to pursue legal claims or suspected fraud",
        )
        .await?;
        self.system(
            org,
            "IXT IoT platform",
            SystemKind::Application,
            "SIM and connectivity platform, with customer-defined SIM tags",
            Some("NO"),
            None,
            &[
                "user.contact.phone_number",
                "user.device.device_id",
                "user.government_id.vehicle_registration",
                "user.telemetry",
                "user.location.imprecise",
            ],
        )
        .await?;
        self.system(
            org,
            "IXT customer and billing system",
            SystemKind::Database,
            "Customers, orders, invoices and payments",
            Some("NO"),
            None,
            &[
                "user.name",
                "user.contact.email",
                "user.contact.phone_number",
                "user.unique_id.customer_id",
                "user.payment",
            ],
        )
        .await?;
        self.system(
            org,
            "IXT support desk",
            SystemKind::Saas,
            "Support tickets and customer communication",
            None,
            None,
            &["user.name", "user.contact.email", "user.content.private"],
        )
        .await?;
        let li_criteria = criteria("Deleted when the legitimate interest no longer exists");
        self.activity(
            org,
            Act {
                name: "IXT: deliver services to customers",
                purpose: "Provide and deliver services, e.g. when establishing an order",
                bases: vec![(Contract, None)],
                data: vec![
                    ("user.name", "customer", Provided),
                    ("user.demographic.date_of_birth", "customer", Provided),
                    ("user.contact.email", "customer", Provided),
                    ("user.contact.phone_number", "customer", Provided),
                    ("user.unique_id.customer_id", "customer", Provided),
                    ("user.name", "customer_representative", Provided),
                    ("user.content.private", "customer", Provided),
                ],
                retention: Some(criteria(
                    "As long as necessary to fulfil the contract, unless law requires longer",
                )),
                systems: vec!["IXT customer and billing system"],
                recipients: vec![("IXT subcontractors", None)],
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "IXT: supplier information",
                purpose: "Work with suppliers",
                bases: vec![(Contract, None)],
                data: vec![
                    ("user.name", "supplier_contact", Provided),
                    ("user.contact.email", "supplier_contact", Provided),
                    ("user.contact.phone_number", "supplier_contact", Provided),
                ],
                retention: Some(criteria("As long as necessary to perform the contract")),
                ..Default::default()
            },
        )
        .await?;
        self.activity(org, Act {
            name: "IXT: service functionality for end users",
            purpose: "Make IXT's service work for the customers' end users, with data the customer registers (SIM tags)",
            bases: vec![(LegitimateInterests, Some("Performance of the contract with our customers"))],
            data: vec![
                ("user.contact.phone_number", "end_user", ThirdParty),
                ("user.government_id.vehicle_registration", "end_user", ThirdParty),
                ("user.device.device_id", "end_user", ThirdParty),
                ("user.account.username", "end_user", ThirdParty),
                ("user.name", "end_user", ThirdParty),
            ],
            retention: Some(li_criteria.clone()),
            systems: vec!["IXT IoT platform"],
            recipients: vec![("IXT subcontractors", None)],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "IXT: customer support",
                purpose: "Respond to feedback and support requests",
                bases: vec![(
                    LegitimateInterests,
                    Some("Performance of the contract with our customers"),
                )],
                data: vec![
                    ("user.unique_id.customer_id", "support_contact", Provided),
                    ("user.name", "support_contact", Provided),
                    ("user.contact.email", "support_contact", Provided),
                    ("user.contact.phone_number", "support_contact", Provided),
                    ("user.content.private", "support_contact", Provided),
                ],
                retention: Some(li_criteria.clone()),
                systems: vec!["IXT support desk"],
                recipients: vec![("IXT subcontractors", Some("Customer service and email"))],
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "IXT: payment and invoicing",
                purpose: "Sales, invoicing, shipment of services and warranty",
                bases: vec![(Contract, None)],
                data: vec![
                    ("user.behavior.purchase_history", "customer", Provided),
                    ("user.contact.address", "customer", Provided),
                    ("user.contact.email", "customer", Provided),
                    ("user.payment", "customer", Provided),
                ],
                retention: Some(bookkeeping()),
                systems: vec!["IXT customer and billing system"],
                recipients: vec![(
                    "IXT subcontractors",
                    Some("Payment and transaction providers"),
                )],
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "IXT: website and social media",
                purpose:
                    "Log behaviour patterns on the website and social media to improve the service",
                bases: vec![(
                    LegitimateInterests,
                    Some("Improving and developing the service"),
                )],
                data: vec![
                    ("user.name", "website_visitor", Observed),
                    ("user.account.username", "website_visitor", Observed),
                    (
                        "user.behavior.browsing_history",
                        "website_visitor",
                        Observed,
                    ),
                ],
                retention: Some(li_criteria.clone()),
                ..Default::default()
            },
        )
        .await?;
        self.activity(org, Act {
            name: "IXT: fault rectification, misuse prevention and security",
            purpose: "Keep services secure, fix faults, and detect or prevent misuse of the electronic communication service",
            bases: vec![
                (LegalObligation, Some("E.g. detecting and preventing cyberattacks; traffic and location data of the transmission service")),
                (LegitimateInterests, Some("Maintaining information security")),
            ],
            data: vec![
                ("user.telemetry", "end_user", Observed),
                ("user.device.ip_address", "end_user", Observed),
                ("user.device.device_id", "end_user", Observed),
                ("user.unique_id", "end_user", Observed),
                ("user.location.imprecise", "end_user", Observed),
                ("user.contact", "customer", Provided),
            ],
            retention: Some(criteria("Deleted when the statutory obligation or legitimate interest ceases")),
            systems: vec!["IXT IoT platform"],
            recipients: vec![("IXT subcontractors", Some("Security monitoring and logging")), ("Public authorities (Norway)", None)],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "IXT: sales and marketing",
                purpose: "Product marketing, target groups, customised marketing and newsletters",
                bases: vec![(
                    Consent,
                    Some("Or the Marketing Control Act § 15(1) for existing customers"),
                )],
                data: vec![
                    ("user.name", "newsletter_subscriber", Provided),
                    ("user.contact.email", "newsletter_subscriber", Provided),
                    (
                        "user.contact.phone_number",
                        "newsletter_subscriber",
                        Provided,
                    ),
                    ("user.job_title", "newsletter_subscriber", Provided),
                    ("user.behavior", "newsletter_subscriber", Observed),
                ],
                retention: Some(until_consent_withdrawn()),
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "IXT: recruitment",
                purpose: "Assess candidates who apply for positions, solicited or not",
                bases: vec![(LegitimateInterests, None)],
                special: Some(SpecialCategoryCondition::ExplicitConsent),
                data: vec![
                    ("user.name", "job_applicant", Provided),
                    ("user.contact", "job_applicant", Provided),
                    ("user.content.private", "job_applicant", Provided),
                ],
                retention: Some(li_criteria),
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "IXT: compliance with legal requirements",
                purpose:
                    "Accounting, and information to competent authorities when law requires it",
                bases: vec![(LegalObligation, None)],
                data: vec![
                    ("user.name", "customer", Provided),
                    ("user.payment", "customer", Provided),
                ],
                retention: Some(bookkeeping()),
                systems: vec!["IXT customer and billing system"],
                recipients: vec![("Public authorities (Norway)", None)],
                ..Default::default()
            },
        )
        .await
    }

    /// Brewing-device maker with a cloud app.
    async fn plaato(&mut self) -> anyhow::Result<()> {
        let org = self
            .org(
                "Plaato Technologies AS",
                OrganisationFields {
                    country: Some("NO".into()),
                    ..Default::default()
                },
            )
            .await?;
        self.recipient(
            "Plaato payment processor",
            RecipientRole::Processor,
            Some("US"),
            "Payment processing",
        )
        .await?;
        self.recipient(
            "Facebook Pixel (Meta)",
            RecipientRole::Controller,
            Some("US"),
            "Website analytics and advertising",
        )
        .await?;
        self.recipient(
            "Plaato website provider",
            RecipientRole::Processor,
            None,
            "Website hosting",
        )
        .await?;
        self.system(
            org,
            "Plaato app and user accounts",
            SystemKind::Application,
            "Cloud app and user accounts for brewing devices",
            None,
            None,
            &["user.name", "user.contact.email", "user.behavior"],
        )
        .await?;
        self.system(
            org,
            "Plaato accounting",
            SystemKind::Saas,
            "Invoices and bookkeeping",
            None,
            None,
            &["user.name", "user.payment"],
        )
        .await?;
        self.system(
            org,
            "Plaato website",
            SystemKind::Application,
            "Website with chat",
            None,
            None,
            &["user.device.cookie_id", "user.behavior.browsing_history"],
        )
        .await?;
        let consent = until_consent_withdrawn();
        self.activity(org, Act {
            name: "Plaato: ordering and user accounts",
            purpose: "Connect users to their accounts and reset forgotten passwords",
            bases: vec![(Contract, None)],
            data: vec![
                ("user.name", "customer", Provided),
                ("user.contact.email", "customer", Provided),
                ("user.contact.organization", "customer_representative", Provided),
                ("user.name", "end_user", Provided),
                ("user.contact.email", "end_user", Provided),
            ],
            retention: Some(RetentionInput {
                description: Some("Kept while the account is active; inactive accounts are deleted, after notification, after 12 months of inactivity".into()),
                ..keep("P12M", RetentionTrigger::AfterLastActivity)
            }),
            systems: vec!["Plaato app and user accounts"],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "Plaato: invoicing and bookkeeping",
                purpose: "Invoice the customer in accordance with the customer agreement",
                bases: vec![
                    (Contract, Some("The customer agreement")),
                    (LegalObligation, Some("Norwegian Bookkeeping Act")),
                ],
                data: vec![
                    ("user.name", "customer", Provided),
                    ("user.payment", "customer", Provided),
                    ("user.name", "customer_representative", Provided),
                ],
                retention: Some(RetentionInput {
                    description: Some(
                        "Longer in exceptional cases to defend a legal claim (Art. 17(3)(e))"
                            .into(),
                    ),
                    ..bookkeeping()
                }),
                systems: vec!["Plaato accounting"],
                recipients: vec![("Plaato payment processor", None)],
                transfers: vec![(
                    "US",
                    TransferSafeguard::Other,
                    "The policy lists a US payment processor without naming the safeguard",
                    Some("Plaato payment processor"),
                )],
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "Plaato: user statistics and personalised services",
                purpose:
                    "Learn how the service is used to improve it, and personalise the user panel",
                bases: vec![(Consent, None)],
                data: vec![
                    ("user.behavior", "end_user", Observed),
                    ("user.account.settings", "end_user", Inferred),
                ],
                retention: Some(consent.clone()),
                systems: vec!["Plaato app and user accounts"],
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "Plaato: newsletter",
                purpose: "Send the newsletter to subscribers",
                bases: vec![(
                    Consent,
                    Some("Withdraw with the unsubscribe button or by contacting us"),
                )],
                data: vec![
                    ("user.name", "newsletter_subscriber", Provided),
                    ("user.contact.email", "newsletter_subscriber", Provided),
                ],
                retention: Some(consent.clone()),
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "Plaato: online statistics and marketing",
                purpose: "Website statistics and online marketing on advertising platforms",
                bases: vec![(Consent, Some("Optional cookies"))],
                data: vec![
                    ("user.device.cookie_id", "website_visitor", Observed),
                    (
                        "user.behavior.browsing_history",
                        "website_visitor",
                        Observed,
                    ),
                ],
                retention: Some(consent),
                systems: vec!["Plaato website"],
                recipients: vec![
                    ("Google Analytics", Some("Website analytics")),
                    (
                        "Facebook Pixel (Meta)",
                        Some("Website analytics and advertising"),
                    ),
                    ("Plaato website provider", None),
                ],
                transfers: vec![(
                    "US",
                    TransferSafeguard::Other,
                    "The policy does not name the safeguard",
                    Some("Google Analytics"),
                )],
                ..Default::default()
            },
        )
        .await?;
        self.activity(
            org,
            Act {
                name: "Plaato: customer service and sales",
                purpose: "Customer service and ordering by chat, email and phone",
                bases: vec![(Contract, None)],
                data: vec![
                    ("user.name", "support_contact", Provided),
                    ("user.location.imprecise", "support_contact", Provided),
                    ("user.contact.phone_number", "support_contact", Provided),
                    ("user.contact.email", "support_contact", Provided),
                ],
                retention: Some(RetentionInput {
                    description: Some(
                        "Longer in exceptional cases to defend a legal claim (Art. 17(3)(e))"
                            .into(),
                    ),
                    ..keep("P6M", RetentionTrigger::AfterCollection)
                }),
                systems: vec!["Plaato website"],
                ..Default::default()
            },
        )
        .await
    }

    /// Smart-heating/energy company; processor for its customers' services.
    async fn sikom(&mut self) -> anyhow::Result<()> {
        let org = self
            .org(
                "Sikom Connect AS",
                OrganisationFields {
                    country: Some("NO".into()),
                    security_measures: Some(
                        "Commercially reasonable physical and technical safeguards, security \
                         policies, procedures and employee training"
                            .into(),
                    ),
                    ..Default::default()
                },
            )
            .await?;
        self.recipient("Sikom contractors and service providers", RecipientRole::Processor, None,
            "Sub-contractors, cloud hosting, banks and payment providers, within and outside the EU").await?;
        self.system(
            org,
            "Sikom app and cloud service",
            SystemKind::Application,
            "Smart-heating app and the cloud service behind it",
            None,
            None,
            &[
                "user.name",
                "user.contact.email",
                "user.contact.phone_number",
                "user.location.precise",
                "user.device.device_id",
                "user.device.telemetry",
            ],
        )
        .await?;
        let unstated = "Legal basis not stated in the policy";
        let retention = criteria("As long as necessary to provide the service; financial records as long as the law requires");
        self.activity(
            org,
            Act {
                name: "Sikom: operating the service for customers",
                purpose: "Operate the service on behalf of Sikom's customers",
                role: Some(ProcessingRole::Processor),
                controller: Some("Sikom's customers (the service owners)"),
                bases: vec![(
                    Contract,
                    Some("Processing under the customer's data processing agreement"),
                )],
                data: vec![
                    ("user.name", "end_user", Provided),
                    ("user.contact.email", "end_user", Provided),
                    ("user.contact.phone_number", "end_user", Provided),
                    ("user.location.precise", "end_user", Observed),
                    ("user.device.device_id", "end_user", Observed),
                    ("user.device.telemetry", "end_user", Observed),
                ],
                retention: Some(retention.clone()),
                systems: vec!["Sikom app and cloud service"],
                recipients: vec![("Sikom contractors and service providers", None)],
                ..Default::default()
            },
        )
        .await?;
        self.activity(org, Act {
            name: "Sikom: developing and improving the service",
            purpose: "Understand users and how they use the services, to improve them (Sikom's own purpose)",
            bases: vec![(Consent, Some("Obtained electronically when users sign up"))],
            data: vec![
                ("user.behavior", "end_user", Observed),
                ("user.device.telemetry", "end_user", Observed),
            ],
            retention: Some(until_consent_withdrawn()),
            systems: vec!["Sikom app and cloud service"],
            ..Default::default()
        }).await?;
        self.activity(
            org,
            Act {
                name: "Sikom: customer service and product activation",
                purpose: "Customer support, and activation of software and devices",
                bases: vec![(Contract, Some(unstated))],
                data: vec![
                    ("user.contact.email", "customer", Provided),
                    ("user.contact.phone_number", "customer", Provided),
                    ("user.device.device_id", "customer", Observed),
                    ("user.location.precise", "customer", Observed),
                ],
                retention: Some(retention.clone()),
                systems: vec!["Sikom app and cloud service"],
                ..Default::default()
            },
        )
        .await?;
        self.activity(org, Act {
            name: "Sikom: security and service quality",
            purpose: "Keep the services working and at the necessary quality, from measurement tools and technical logs",
            bases: vec![(LegitimateInterests, Some(unstated))],
            data: vec![("user.device.telemetry", "end_user", Observed)],
            retention: Some(retention.clone()),
            systems: vec!["Sikom app and cloud service"],
            ..Default::default()
        }).await?;
        self.activity(org, Act {
            name: "Sikom: marketing and event communication",
            purpose: "Marketing and invitations to trade shows and trainings",
            bases: vec![(Consent, Some("Opt out through the link in every marketing email or the preference centre"))],
            data: vec![
                ("user.contact.email", "customer", Provided),
                ("user.contact.address", "customer", Provided),
            ],
            retention: Some(until_consent_withdrawn()),
            ..Default::default()
        }).await
    }
}

/// The demo shop: a small SQLite database of a webshop's customers, orders and support
/// tickets (Norwegian names and text, a shared family mailbox), written beside the
/// store and registered as a data source of a demo system, so the README's tour can
/// scan it, review the findings and export one customer's data on the reader's machine.
pub mod shop {
    use crate::discovery::sources::{self, NewSource};
    use crate::inventory::organisations;
    use crate::inventory::systems::{self, NewSystem};
    use crate::secret::SecretKey;
    use anyhow::Context;
    use sea_orm::{
        ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
        TransactionTrait,
    };
    use std::path::{Path, PathBuf};

    /// The source's name in the inventory.
    pub const SOURCE: &str = "demo-shop";
    const SYSTEM: &str = "Plaato webshop database (demo shop)";

    const CUSTOMERS: &[(&str, &str, &str, &str)] = &[
        (
            "Ola Nordmann",
            "ola.nordmann@example.no",
            "+47 912 34 567",
            "Storgata 1, 0155 Oslo",
        ),
        (
            "Kari Nordmann",
            "kari.nordmann@example.no",
            "+47 913 45 678",
            "Storgata 1, 0155 Oslo",
        ),
        (
            "Åse Bø",
            "ase.bo@blåbær.no",
            "+47 404 11 223",
            "Bryggen 3, 5003 Bergen",
        ),
        (
            "Per Ødegård",
            "per@odegard.no",
            "+47 922 55 010",
            "Kongens gate 7, 7011 Trondheim",
        ),
        (
            "Siri Lie",
            "post@lie-familien.no",
            "+47 458 77 120",
            "Løkkeveien 12, 4008 Stavanger",
        ),
        (
            "Jon Lie",
            "post@lie-familien.no",
            "+47 458 77 121",
            "Løkkeveien 12, 4008 Stavanger",
        ),
        (
            "Ingrid Haugen",
            "ingrid.haugen@example.com",
            "+46 70 123 45 67",
            "Drottninggatan 5, 111 51 Stockholm",
        ),
        (
            "Mats Berg",
            "mats.berg@example.no",
            "+47 934 00 881",
            "Tollbugata 2, 8006 Bodø",
        ),
    ];

    /// Where the shop is written: beside a SQLite store, else in the working directory.
    pub fn path_beside(store: Option<&Path>) -> PathBuf {
        store
            .and_then(Path::parent)
            .map(|d| d.join("demo-shop.db"))
            .unwrap_or_else(|| PathBuf::from("demo-shop.db"))
    }

    /// Writes the shop database file at `path`.
    pub async fn write(path: &Path) -> anyhow::Result<()> {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = sea_orm::Database::connect(&url)
            .await
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut sql = vec![
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT, address TEXT, created_at TEXT)".to_owned(),
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), total NUMERIC, delivery_note TEXT, ordered_at TEXT)".to_owned(),
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_ref INTEGER, subject TEXT, body TEXT, client_ip TEXT)".to_owned(),
        ];
        let q = |s: &str| s.replace('\'', "''");
        for (i, (name, email, phone, address)) in CUSTOMERS.iter().enumerate() {
            let id = i + 1;
            sql.push(format!(
                "INSERT INTO customers VALUES ({id}, '{}', '{}', '{}', '{}', '2025-0{}-1{} 10:00:00')",
                q(name),
                q(email),
                q(phone),
                q(address),
                1 + i % 9,
                i % 10
            ));
            for o in 0..2 {
                sql.push(format!(
                    "INSERT INTO orders VALUES ({}, {id}, {}.50, 'Levering: ring på døra; kode 12:30 🙂', '2026-0{}-0{} 12:00:00')",
                    id * 10 + o,
                    199 + 100 * o + id,
                    1 + o,
                    1 + i % 9
                ));
            }
            sql.push(format!(
                "INSERT INTO tickets VALUES ({id}, {id}, 'Spørsmål om ordre {}', 'Hei! Jeg lurer på leveringen; nås på {} eller {} etter kl. 16:00. Mvh {}', '81.{}.{}.{}')",
                id * 10,
                q(phone),
                q(email),
                q(name),
                10 + i,
                20 + i,
                30 + i
            ));
        }
        for s in sql {
            db.execute_unprepared(&s).await?;
        }
        db.close().await?;
        Ok(())
    }

    /// Writes the shop (unless the file is there) and registers it as a source of a
    /// demo system (unless it is registered). Says what it did.
    pub async fn install(
        db: &DatabaseConnection,
        key: &SecretKey,
        path: &Path,
    ) -> anyhow::Result<String> {
        let registered = entity::data_source::Entity::find()
            .filter(entity::data_source::Column::Name.eq(SOURCE))
            .one(db)
            .await?;
        if registered.is_some() {
            return Ok("the demo shop is already registered".into());
        }
        if !path.exists() {
            write(path).await?;
        }
        let org = organisations::all(db)
            .await?
            .into_iter()
            .find(|o| o.name == "Plaato Technologies AS")
            .map(|o| o.id);
        // The system and its source are stored together or not at all.
        let txn = db.begin().await?;
        let system = systems::create(
            &txn,
            NewSystem {
                organisation_id: org,
                description: Some(
                    "The demo shop's customers, orders and support tickets (SQLite).".into(),
                ),
                hosting_country: Some("NO".into()),
                kind: crate::domain::SystemKind::Database,
                ..NewSystem::named(SYSTEM)
            },
        )
        .await?;
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        sources::create(
            &txn,
            key,
            NewSource {
                system_id: system.id,
                name: SOURCE.into(),
                url: format!("sqlite:{}", path.display()),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(format!(
            "demo shop {} registered as data source {SOURCE:?} of {SYSTEM:?}",
            path.display()
        ))
    }
}
