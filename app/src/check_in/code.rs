//! The code's form: `<payload>.<signature>`, both base64url without padding. The payload is
//! `v1|<application>|<office>|<date>` and the signature its HMAC-SHA256 under the
//! [`CheckInKey`]; a change to any byte of either part is refused. The version leads so
//! that a later form can be told apart, and ids never hold `|` (they are UUIDs; `issue`
//! refuses one that would).

use std::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use paspor_domain::TimeZone;
use paspor_domain::office::Office;

use crate::auth::CheckInKey;

/// The payload's first field.
const VERSION: &str = "v1";

/// Between the payload's fields.
const SEPARATOR: char = '|';

/// Far above a real code (about 160 characters): longer input is refused before decoding.
const MAX_CODE_CHARS: usize = 1024;

/// What a code says: this application checks in at this office on this date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    /// The application.
    pub application_id: String,
    /// The office of its booking.
    pub office_id: String,
    /// The appointment's date, in the office's calendar.
    pub date: NaiveDate,
}

/// The office that scans a code: its id and the time zone its calendar runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanningOffice<'a> {
    /// The office's id.
    pub id: &'a str,
    /// Its time zone.
    pub time_zone: TimeZone,
}

impl<'a> From<&'a Office> for ScanningOffice<'a> {
    fn from(office: &'a Office) -> Self {
        ScanningOffice {
            id: &office.id,
            time_zone: office.time_zone,
        }
    }
}

/// Why a scanned code is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckInError {
    /// Not a code the service issued: malformed, altered, or signed with another key.
    #[error("this is not a valid check-in code")]
    Invalid,
    /// A genuine code, for an appointment at another office.
    #[error("this check-in code is for another office ({office_id})")]
    OtherOffice {
        /// The office the appointment is at.
        office_id: String,
    },
    /// A genuine code, for an appointment on another day.
    #[error("this check-in code is valid on {date} only")]
    OtherDay {
        /// The appointment's date.
        date: NaiveDate,
    },
}

/// When a code for `date` is valid at an office in `time_zone`: from local midnight to the
/// next local midnight (exclusive), as UTC instants.
pub fn validity(date: NaiveDate, time_zone: TimeZone) -> Range<DateTime<Utc>> {
    let from = time_zone.to_utc(date.and_time(NaiveTime::MIN));
    from..from + TimeDelta::days(1)
}

/// The code for a check-in. Fails only for an id holding the separator, which would make
/// two check-ins share a payload.
pub fn issue(key: &CheckInKey, check_in: &CheckIn) -> anyhow::Result<String> {
    let ids = [&check_in.application_id, &check_in.office_id];
    if ids.iter().any(|id| id.contains(SEPARATOR)) {
        anyhow::bail!("an id of check-in {check_in:?} holds {SEPARATOR:?}");
    }
    let payload = format!(
        "{VERSION}{SEPARATOR}{}{SEPARATOR}{}{SEPARATOR}{}",
        check_in.application_id,
        check_in.office_id,
        check_in.date.format("%Y-%m-%d"),
    );
    Ok(format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(&payload),
        URL_SAFE_NO_PAD.encode(key.sign(payload.as_bytes())),
    ))
}

/// Checks a scanned code at `office` at `now`: it must be one the service issued, for this
/// office, and `now` must fall on its date in the office's time zone. Pure: no clock, no
/// database.
pub fn verify(
    key: &CheckInKey,
    code: &str,
    office: ScanningOffice<'_>,
    now: DateTime<Utc>,
) -> Result<CheckIn, CheckInError> {
    let check_in = decode(key, code.trim()).ok_or(CheckInError::Invalid)?;
    if check_in.office_id != office.id {
        return Err(CheckInError::OtherOffice {
            office_id: check_in.office_id,
        });
    }
    if !validity(check_in.date, office.time_zone).contains(&now) {
        return Err(CheckInError::OtherDay {
            date: check_in.date,
        });
    }
    Ok(check_in)
}

/// The check-in a genuine code names; `None` for anything else. The signature is checked
/// before the payload is read, so nothing unsigned is ever parsed.
fn decode(key: &CheckInKey, code: &str) -> Option<CheckIn> {
    if code.len() > MAX_CODE_CHARS {
        return None;
    }
    let (payload, signature) = code.split_once('.')?;
    // The engine refuses non-canonical trailing bits, so no two spellings decode alike.
    let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    if !key.is_signature_of(&payload, &signature) {
        return None;
    }
    let payload = String::from_utf8(payload).ok()?;
    let mut fields = payload.split(SEPARATOR);
    let (Some(VERSION), Some(application), Some(office), Some(date), None) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return None;
    };
    Some(CheckIn {
        application_id: application.to_owned(),
        office_id: office.to_owned(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
    })
}
