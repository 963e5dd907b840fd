use super::ParseError;
use std::fmt;

fn check_segments(field: &str, value: &str, what: &str) -> Result<(), ParseError> {
    if value.is_empty() || value.len() > 200 {
        return Err(ParseError::new(
            field,
            format!("{what} must be 1 to 200 characters"),
        ));
    }
    for segment in value.split('.') {
        let mut chars = segment.chars();
        let ok = matches!(chars.next(), Some('a'..='z'))
            && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'));
        if !ok {
            return Err(ParseError::new(
                field,
                format!(
                    "{what} {value:?} is not valid: use dot-separated lower-case segments of \
                     letters, digits and '_', each starting with a letter (e.g. user.contact.email)"
                ),
            ));
        }
    }
    Ok(())
}

/// A data-category key in the fideslang style: `user.contact.email`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CategoryKey(String);

impl CategoryKey {
    pub fn parse(field: &str, value: &str) -> Result<Self, ParseError> {
        let value = value.trim();
        check_segments(field, value, "category key")?;
        Ok(Self(value.to_owned()))
    }

    /// The key of the parent by naming convention: `user.contact` for `user.contact.email`.
    pub fn parent(&self) -> Option<CategoryKey> {
        self.0.rfind('.').map(|i| Self(self.0[..i].to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CategoryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A data-use key in the fideslang style: `marketing.communications.email`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataUseKey(String);

impl DataUseKey {
    pub fn parse(field: &str, value: &str) -> Result<Self, ParseError> {
        let value = value.trim();
        check_segments(field, value, "data use key")?;
        Ok(Self(value.to_owned()))
    }

    /// The parent by naming convention: `marketing` for `marketing.communications`.
    pub fn parent(&self) -> Option<&str> {
        self.0.rfind('.').map(|i| &self.0[..i])
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A data-subject category key: `customer`, `job_applicant`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SubjectKey(String);

impl SubjectKey {
    pub fn parse(field: &str, value: &str) -> Result<Self, ParseError> {
        let value = value.trim();
        check_segments(field, value, "subject key")?;
        if value.contains('.') {
            return Err(ParseError::new(field, "subject key must not contain '.'"));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The officially assigned ISO 3166-1 alpha-2 codes, and `XK` (Kosovo, which IBANs and
/// the EU use).
const ASSIGNED: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
    BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
    EC EE EG EH ER ES ET FI FJ FK FM FO FR \
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU \
    ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
    LA LB LC LI LK LR LS LT LU LV LY \
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
    NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
    RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
    TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
    VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK";

/// An ISO 3166-1 alpha-2 country code, upper case (`NO`, `US`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(field: &str, value: &str) -> Result<Self, ParseError> {
        let upper = value.trim().to_ascii_uppercase();
        if upper.len() == 2 && ASSIGNED.split(' ').any(|c| c == upper) {
            Ok(Self(upper))
        } else {
            let hint = if upper == "UK" {
                " (the United Kingdom is GB)"
            } else {
                ""
            };
            Err(ParseError::new(
                field,
                format!(
                    "{value:?} is not an ISO 3166-1 alpha-2 country code (e.g. NO, SE, US){hint}"
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// EU/EEA member states: transfers there are not third-country transfers.
    pub fn is_eea(&self) -> bool {
        const EEA: &[&str] = &[
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
            "LI", "NO",
        ];
        EEA.contains(&self.0.as_str())
    }
}

/// Whether a stored country code names a country outside the EU/EEA (a third country);
/// no code, or one that does not parse, is not.
pub fn outside_eea(country: Option<&str>) -> bool {
    country.is_some_and(|c| CountryCode::parse("country", c).is_ok_and(|c| !c.is_eea()))
}

/// Parses an optional country field, passing `None` through.
pub fn optional_country(field: &str, value: Option<&str>) -> Result<Option<String>, ParseError> {
    value
        .map(|v| CountryCode::parse(field, v).map(|c| c.0))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_key_accepts_fideslang_keys_and_knows_its_parent() {
        let key = CategoryKey::parse("key", " user.contact.email ").unwrap();
        assert_eq!(key.as_str(), "user.contact.email");
        assert_eq!(key.parent().unwrap().as_str(), "user.contact");
        assert_eq!(CategoryKey::parse("key", "user").unwrap().parent(), None);
    }

    #[test]
    fn category_key_rejects_malformed_keys() {
        for bad in [
            "",
            "User.Email",
            "user..email",
            ".user",
            "user.",
            "user.1email",
            "user email",
        ] {
            let err = CategoryKey::parse("key", bad).unwrap_err();
            assert_eq!(err.field, "key", "{bad:?}");
        }
    }

    #[test]
    fn country_code_is_normalised_and_checked() {
        assert_eq!(CountryCode::parse("c", "no").unwrap().as_str(), "NO");
        assert!(CountryCode::parse("c", "NO").unwrap().is_eea());
        assert!(!CountryCode::parse("c", "US").unwrap().is_eea());
        assert_eq!(
            super::ASSIGNED.split(' ').count(),
            250,
            "249 assigned and XK"
        );
        for ok in ["gb", "US", "XK", "AX", "SJ"] {
            assert!(CountryCode::parse("c", ok).is_ok(), "{ok}");
        }
        for bad in ["Norway", "N", "N0", "", "XX", "ZZ", "UK", "EU"] {
            assert!(CountryCode::parse("c", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn subject_key_rejects_dots() {
        assert!(SubjectKey::parse("s", "end_user").is_ok());
        assert!(SubjectKey::parse("s", "end.user").is_err());
    }
}
