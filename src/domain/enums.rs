//! Closed vocabularies of the inventory. Stored as their SCREAMING_SNAKE_CASE names
//! and exposed as GraphQL enums of the same names.

use async_graphql::Enum;
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumString, IntoStaticStr,
            Serialize, Deserialize,
        )]
        #[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order (for pickers).
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored name, e.g. `CONTRACT`.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// Reads a stored name back. Stored values are written by this code, so an
            /// unknown one is a corrupt row, reported as an internal error.
            pub fn from_db(value: &str) -> anyhow::Result<Self> {
                value
                    .parse()
                    .map_err(|_| anyhow::anyhow!(concat!("unknown ", stringify!($name), " {:?} in store"), value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What kind of place a system is.
    SystemKind { Database, Saas, FileStore, Application, Analytics, Other }
);

vocabulary!(
    /// Art. 6(1) GDPR legal bases.
    LegalBasis {
        /// Art. 6(1)(a): consent.
        Consent,
        /// Art. 6(1)(b): performance of a contract with the data subject.
        Contract,
        /// Art. 6(1)(c): a legal obligation of the controller.
        LegalObligation,
        /// Art. 6(1)(d): vital interests.
        VitalInterests,
        /// Art. 6(1)(e): a task in the public interest.
        PublicTask,
        /// Art. 6(1)(f): legitimate interests.
        LegitimateInterests,
    }
);

impl LegalBasis {
    /// The article reference, e.g. `Art. 6(1)(b)`.
    pub fn article(self) -> &'static str {
        match self {
            Self::Consent => "Art. 6(1)(a)",
            Self::Contract => "Art. 6(1)(b)",
            Self::LegalObligation => "Art. 6(1)(c)",
            Self::VitalInterests => "Art. 6(1)(d)",
            Self::PublicTask => "Art. 6(1)(e)",
            Self::LegitimateInterests => "Art. 6(1)(f)",
        }
    }

    /// Art. 20 applies to processing on consent or contract only.
    pub fn allows_portability(self) -> bool {
        matches!(self, Self::Consent | Self::Contract)
    }
}

vocabulary!(
    /// Art. 9(2) conditions for processing special categories.
    SpecialCategoryCondition {
        /// Art. 9(2)(a)
        ExplicitConsent,
        /// Art. 9(2)(b)
        EmploymentAndSocialSecurity,
        /// Art. 9(2)(c)
        VitalInterests,
        /// Art. 9(2)(d)
        NotForProfitBody,
        /// Art. 9(2)(e)
        MadePublicBySubject,
        /// Art. 9(2)(f)
        LegalClaims,
        /// Art. 9(2)(g)
        SubstantialPublicInterest,
        /// Art. 9(2)(h)
        HealthOrSocialCare,
        /// Art. 9(2)(i)
        PublicHealth,
        /// Art. 9(2)(j)
        ArchivingResearchStatistics,
    }
);

impl SpecialCategoryCondition {
    pub fn article(self) -> &'static str {
        match self {
            Self::ExplicitConsent => "Art. 9(2)(a)",
            Self::EmploymentAndSocialSecurity => "Art. 9(2)(b)",
            Self::VitalInterests => "Art. 9(2)(c)",
            Self::NotForProfitBody => "Art. 9(2)(d)",
            Self::MadePublicBySubject => "Art. 9(2)(e)",
            Self::LegalClaims => "Art. 9(2)(f)",
            Self::SubstantialPublicInterest => "Art. 9(2)(g)",
            Self::HealthOrSocialCare => "Art. 9(2)(h)",
            Self::PublicHealth => "Art. 9(2)(i)",
            Self::ArchivingResearchStatistics => "Art. 9(2)(j)",
        }
    }
}

vocabulary!(
    /// The organisation's role in an activity.
    ProcessingRole { Controller, Processor, JointController }
);

vocabulary!(
    /// Where a category of data in an activity comes from.
    DataOrigin {
        /// Given by the data subject (forms, sign-up, messages).
        Provided,
        /// Observed from the subject's use of the service (logs, device data).
        Observed,
        /// Inferred or derived by the controller (scores, segments).
        Inferred,
        /// Received from a third party (partner, customer, public source).
        ThirdParty,
    }
);

impl DataOrigin {
    /// Art. 20 covers provided and observed data, not inferred or third-party data.
    pub fn allows_portability(self) -> bool {
        matches!(self, Self::Provided | Self::Observed)
    }
}

vocabulary!(
    /// The event a retention period runs from.
    RetentionTrigger {
        AfterCollection,
        AfterAccountClosure,
        AfterLastActivity,
        AfterContractEnd,
        AfterConsentWithdrawal,
        AfterEndOfFinancialYear,
    }
);

impl RetentionTrigger {
    pub fn describe(self) -> &'static str {
        match self {
            Self::AfterCollection => "after collection",
            Self::AfterAccountClosure => "after the account is closed",
            Self::AfterLastActivity => "after the last activity",
            Self::AfterContractEnd => "after the contract ends",
            Self::AfterConsentWithdrawal => "after consent is withdrawn",
            Self::AfterEndOfFinancialYear => "after the end of the financial year",
        }
    }
}

vocabulary!(
    /// What a recipient is to the controller.
    RecipientRole { Processor, Controller, JointController, PublicAuthority, Other }
);

vocabulary!(
    /// Chapter V ground for a transfer to a third country.
    TransferSafeguard {
        /// Art. 45 adequacy decision (e.g. EU–US Data Privacy Framework, UK, Switzerland).
        Adequacy,
        /// Art. 46(2)(c) standard contractual clauses.
        StandardContractualClauses,
        /// Art. 47 binding corporate rules.
        BindingCorporateRules,
        /// Art. 49 derogation.
        Derogation,
        Other,
    }
);

vocabulary!(
    /// Review status of a system↔category link.
    LinkStatus { Proposed, Confirmed, Rejected }
);

vocabulary!(
    /// Who asserted a system↔category link.
    LinkProvenance {
        /// Declared by a person through the API.
        Declared,
        /// Found by a discovery scan.
        Discovered,
    }
);

vocabulary!(
    /// API token roles, from least to most powerful.
    Role { Viewer, Dpo, Admin }
);

impl Role {
    fn rank(self) -> u8 {
        match self {
            Self::Viewer => 0,
            Self::Dpo => 1,
            Self::Admin => 2,
        }
    }

    /// Whether this role may do what `required` may do.
    pub fn includes(self, required: Role) -> bool {
        self.rank() >= required.rank()
    }
}

vocabulary!(
    /// How a scan chooses rows.
    ScanMode {
        /// About N rows per table, spread over the table where the engine allows.
        Sample,
        /// Every row, streamed in bounded memory.
        Full,
    }
);

vocabulary!(
    /// Where a scan job is.
    ScanStatus {
        Queued,
        Running,
        /// Every table in scope was read as asked.
        Completed,
        /// The scan finished, but some tables failed or were read only in part: their
        /// coverage says which and why, and findings cover only what was read.
        CompletedWithErrors,
        Failed,
        Cancelled,
    }
);

impl ScanStatus {
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::CompletedWithErrors | Self::Failed | Self::Cancelled
        )
    }
}

vocabulary!(
    /// What a data subject asks for.
    RequestKind {
        /// Art. 15: a copy of their data with its context.
        Access,
        /// Art. 20: what they provided, machine-readable, for consent or contract processing.
        Portability,
    }
);

vocabulary!(
    /// Where a data-subject request is. `REJECTED`, `DELIVERED` and `EXPIRED` are final.
    RequestState { Received, Verifying, InProgress, Ready, Delivered, Rejected, Expired }
);

impl RequestState {
    /// The states a request may move to from this one.
    pub fn next(self) -> &'static [RequestState] {
        use RequestState::*;
        match self {
            Received => &[Verifying, Rejected],
            Verifying => &[InProgress, Rejected],
            // Back to verifying when an identifier is added while work is under way.
            InProgress => &[Ready, Verifying, Rejected],
            // A new export (e.g. portability after access) goes back to work.
            Ready => &[Delivered, InProgress, Expired],
            Delivered => &[],
            Rejected => &[],
            Expired => &[InProgress],
        }
    }

    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }
}

vocabulary!(
    /// How an identifier of a data subject is written and matched.
    IdentifierKind {
        /// Trimmed, compared case-insensitively.
        Email,
        /// Compared in E.164 (default region NO).
        Phone,
        /// IPv4 or IPv6, compared in canonical form.
        Ip,
        /// Norwegian national identity or D-number (11 digits).
        NationalId,
        /// A customer or account id in one column of one source.
        Account,
    }
);

vocabulary!(
    /// Where an export job is. `CompletedWithErrors`: the package was written, but a
    /// source or table could not be read, so it may miss rows (the summary says which).
    ExportStatus { Queued, Running, Completed, CompletedWithErrors, Failed }
);

impl ExportStatus {
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::CompletedWithErrors | Self::Failed
        )
    }

    /// A package was written and can be downloaded.
    pub fn has_file(self) -> bool {
        matches!(self, Self::Completed | Self::CompletedWithErrors)
    }
}
