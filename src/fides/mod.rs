//! Fides interop: the inventory as fideslang resources (`organization`, `system` with
//! `privacy_declarations`, `dataset`, `data_category`, `data_subject`), in the YAML
//! layout fideslang's tools read. What fideslang cannot say (retention rules, the
//! legal basis of each category, recipients, transfers with their safeguards, where in
//! a system a category is held) travels in each resource's `steward` extension field,
//! which fideslang's models ignore.

pub mod dataset;
pub mod export;
pub mod import;
pub mod model;

use crate::domain::{LegalBasis, SpecialCategoryCondition};
use std::collections::HashSet;

/// The files named: each file itself, each folder's `.yml` and `.yaml` files by name.
pub fn files(paths: &[std::path::PathBuf]) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<_> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "yml" || x == "yaml"))
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// A fides key made from a name: lower case, letters and digits, `_` between words
/// (Norwegian letters spelled out: `Blåbær AS` → `blabaer_as`).
pub fn key_of(name: &str) -> String {
    let mut key = String::new();
    for c in name.to_lowercase().chars() {
        let spelled = match c {
            'æ' => "ae",
            'ø' | 'ö' => "o",
            'å' | 'ä' | 'à' | 'á' | 'â' => "a",
            'é' | 'è' | 'ê' => "e",
            'ü' => "u",
            _ => "",
        };
        if !spelled.is_empty() {
            key.push_str(spelled);
        } else if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') {
            key.push('_');
        }
    }
    let key = key.trim_matches('_');
    if key.is_empty() {
        "unnamed".to_owned()
    } else {
        key.to_owned()
    }
}

/// Hands out keys unique within one document (`crm`, `crm_2`, …).
#[derive(Default)]
pub struct Keys(HashSet<String>);

impl Keys {
    /// Keys that resources already have are never handed out to others.
    pub fn reserving<'a>(stored: impl IntoIterator<Item = &'a Option<String>>) -> Self {
        Self(stored.into_iter().flatten().cloned().collect())
    }

    /// A resource's stored key, or (when it has none) one taken from its name.
    pub fn of(&mut self, stored: &Option<String>, name: &str) -> String {
        match stored {
            Some(k) => k.clone(),
            None => self.take(name),
        }
    }

    pub fn take(&mut self, name: &str) -> String {
        let base = key_of(name);
        let mut key = base.clone();
        let mut n = 1;
        while !self.0.insert(key.clone()) {
            n += 1;
            key = format!("{base}_{n}");
        }
        key
    }
}

/// Whether `key` is a fides key as fideslang allows them: letters, digits and `_ . - < >`.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 200
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '<' | '>'))
}

/// fideslang's name for an Art. 6(1) basis.
pub fn basis_name(b: LegalBasis) -> &'static str {
    match b {
        LegalBasis::Consent => "Consent",
        LegalBasis::Contract => "Contract",
        LegalBasis::LegalObligation => "Legal obligations",
        LegalBasis::VitalInterests => "Vital interests",
        LegalBasis::PublicTask => "Public interest",
        LegalBasis::LegitimateInterests => "Legitimate interests",
    }
}

/// fideslang's name for an Art. 9(2) condition.
pub fn condition_name(c: SpecialCategoryCondition) -> &'static str {
    use SpecialCategoryCondition as S;
    match c {
        S::ExplicitConsent => "Explicit consent",
        S::EmploymentAndSocialSecurity => "Employment, social security and social protection",
        S::VitalInterests => "Vital interests",
        S::NotForProfitBody => "Not-for-profit bodies",
        S::MadePublicBySubject => "Made public by the data subject",
        S::LegalClaims => "Legal claims or judicial acts",
        S::SubstantialPublicInterest => {
            "Reasons of substantial public interest (with a basis in law)"
        }
        S::HealthOrSocialCare => "Health or social care (with a basis in law)",
        S::PublicHealth => "Public health (with a basis in law)",
        S::ArchivingResearchStatistics => {
            "Archiving, research and statistics (with a basis in law)"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_read_like_their_names() {
        assert_eq!(key_of("Blåbær Økologisk AS"), "blabaer_okologisk_as");
        assert_eq!(key_of("IXT: customer support"), "ixt_customer_support");
        assert_eq!(key_of("🛒 ; :"), "unnamed");
        let mut keys = Keys::default();
        assert_eq!(keys.take("CRM"), "crm");
        assert_eq!(keys.take("crm"), "crm_2");
        assert_eq!(keys.take("C.R.M"), "c_r_m");
    }

    proptest! {
        /// Every key fideslang accepts (`^[a-zA-Z0-9_.<>-]+$`), whatever the name.
        #[test]
        fn any_name_gives_a_valid_key(name in "\\PC{0,40}") {
            let key = key_of(&name);
            prop_assert!(!key.is_empty());
            prop_assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{}", key);
        }
    }
}
