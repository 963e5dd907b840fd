use super::{ParseError, RetentionTrigger};
use chrono::{DateTime, Duration, Months, Utc};
use serde::Serialize;

/// An ISO-8601 duration such as `P6M`, `P2Y`, `P12M`, `P30D`, `P1W`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsoDuration {
    text: String,
    months: u32,
    days: u32,
    seconds: u64,
}

impl IsoDuration {
    pub fn parse(field: &str, value: &str) -> Result<Self, ParseError> {
        let text = value.trim().to_ascii_uppercase();
        let invalid = || {
            ParseError::new(
                field,
                format!("{value:?} is not an ISO-8601 duration (e.g. P6M, P2Y, P30D, P1W)"),
            )
        };
        // The parser accepts a bare "PT"; ISO 8601 needs at least one number.
        if text.ends_with('T') || !text.chars().any(|c| c.is_ascii_digit()) {
            return Err(invalid());
        }
        let parsed = iso8601::duration(&text).map_err(|_| invalid())?;
        let (months, days, seconds) = match parsed {
            iso8601::Duration::YMDHMS {
                year,
                month,
                day,
                hour,
                minute,
                second,
                millisecond,
            } => {
                if millisecond != 0 {
                    return Err(invalid());
                }
                let months = year
                    .checked_mul(12)
                    .and_then(|m| m.checked_add(month))
                    .ok_or_else(invalid)?;
                let seconds = u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second);
                (months, day, seconds)
            }
            iso8601::Duration::Weeks(w) => (0, w.checked_mul(7).ok_or_else(invalid)?, 0),
        };
        Ok(Self {
            text,
            months,
            days,
            seconds,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant this duration after `from` (calendar months, then days, then time).
    pub fn after(&self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        from.checked_add_months(Months::new(self.months))?
            .checked_add_signed(Duration::days(i64::from(self.days)))?
            .checked_add_signed(Duration::seconds(i64::try_from(self.seconds).ok()?))
    }
}

/// How long a category is kept: a duration and the event it runs from, and/or the
/// statutory rule that sets it, with free-text criteria where the policy has no number.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Retention {
    pub period: Option<String>,
    pub trigger: Option<RetentionTrigger>,
    pub statute: Option<String>,
    pub description: Option<String>,
}

impl Retention {
    /// Checks a retention rule: a period needs the event it runs from, and a rule must
    /// say something (a period, a statute or the criteria).
    pub fn parse(
        field: &str,
        period: Option<&str>,
        trigger: Option<RetentionTrigger>,
        statute: Option<&str>,
        description: Option<&str>,
    ) -> Result<Self, ParseError> {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let period = period
            .map(|p| IsoDuration::parse(&format!("{field}.period"), p))
            .transpose()?;
        match (&period, trigger) {
            (Some(_), None) => {
                return Err(ParseError::new(
                    format!("{field}.trigger"),
                    "a retention period needs the event it runs from (trigger)",
                ))
            }
            (None, Some(_)) => {
                return Err(ParseError::new(
                    format!("{field}.period"),
                    "a retention trigger needs a period (ISO-8601, e.g. P6M)",
                ))
            }
            _ => {}
        }
        let rule = Self {
            period: period.map(|p| p.text),
            trigger,
            statute: clean(statute),
            description: clean(description),
        };
        if rule.is_empty() {
            return Err(ParseError::new(
                field,
                "a retention rule needs a period and trigger, a statute, or a description",
            ));
        }
        Ok(rule)
    }

    pub fn is_empty(&self) -> bool {
        self.period.is_none() && self.statute.is_none() && self.description.is_none()
    }

    /// When data whose trigger event happened at `event` is due for erasure.
    pub fn erasure_due(&self, event: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let period = IsoDuration::parse("period", self.period.as_deref()?).ok()?;
        period.after(event)
    }

    /// A sentence for people: "P6M after the account is closed (Bookkeeping Act § 13)".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let (Some(p), Some(t)) = (&self.period, self.trigger) {
            parts.push(format!("{p} {}", t.describe()));
        }
        if let Some(s) = &self.statute {
            parts.push(format!("statutory: {s}"));
        }
        if let Some(d) = &self.description {
            parts.push(d.clone());
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn durations_parse_and_add_calendar_months() {
        let d = IsoDuration::parse("p", "p6m").unwrap();
        assert_eq!(d.as_str(), "P6M");
        let from = Utc.with_ymd_and_hms(2026, 8, 31, 0, 0, 0).unwrap();
        assert_eq!(
            d.after(from).unwrap(),
            Utc.with_ymd_and_hms(2027, 2, 28, 0, 0, 0).unwrap()
        );
        let two_years = IsoDuration::parse("p", "P2Y").unwrap();
        assert_eq!(
            two_years.after(from).unwrap(),
            Utc.with_ymd_and_hms(2028, 8, 31, 0, 0, 0).unwrap()
        );
        let weeks = IsoDuration::parse("p", "P2W").unwrap();
        assert_eq!(
            weeks.after(from).unwrap(),
            Utc.with_ymd_and_hms(2026, 9, 14, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn malformed_durations_are_rejected() {
        for bad in ["6 months", "P", "PT", "6M", "P6X", ""] {
            assert!(IsoDuration::parse("p", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn retention_needs_period_and_trigger_together() {
        let err = Retention::parse("retention", Some("P6M"), None, None, None).unwrap_err();
        assert_eq!(err.field, "retention.trigger");
        let err = Retention::parse(
            "retention",
            None,
            Some(RetentionTrigger::AfterCollection),
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(err.field, "retention.period");
        assert!(Retention::parse("retention", None, None, None, Some("  ")).is_err());
        let statutory = Retention::parse(
            "retention",
            Some("P5Y"),
            Some(RetentionTrigger::AfterEndOfFinancialYear),
            Some("Bookkeeping Act § 13"),
            None,
        )
        .unwrap();
        assert_eq!(
            statutory.summary(),
            "P5Y after the end of the financial year; statutory: Bookkeeping Act § 13"
        );
    }
}
