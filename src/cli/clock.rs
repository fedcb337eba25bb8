//! The CLI's notion of now and today (`SOURCE_DATE_EPOCH`-aware), and date options.

use super::UsageError;
use crate::history;

/// Now, or `SOURCE_DATE_EPOCH` when set, so that reports can be reproduced byte for byte.
pub fn now() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// `generated_at`: now in UTC, to the second (RFC 3339).
pub fn now_rfc3339() -> String {
    now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Today in UTC, against which deadlines and exemptions are judged.
pub fn today() -> jiff::civil::Date {
    now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// A date option, or a usage error naming it.
pub fn day(flag: &str, s: &str) -> anyhow::Result<jiff::civil::Date> {
    history::parse_day(s).map_err(|e| UsageError(format!("{flag}: {e}")).into())
}
