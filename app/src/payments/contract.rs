//! A payment notice's fields checked against the contract (`PaymentNoticeRequest`), all of
//! them, before anything is applied or kept as a payment. A signed notice is trusted to come
//! from the channel, not to be well formed: an event id of 129 characters, a billing code
//! like `1' OR '1'='1` or a payment dated 1970 used to be applied or kept as `unmatched`.
//!
//! What breaks the schema is a 400; a `paid_at` out of bounds (a rule of time the schema
//! cannot state) a 422. Either names its field.

use chrono::{DateTime, TimeDelta, Utc};
use paspor_openapi::{
    NTPN_LENGTH, PAYMENT_CHANNEL_MAX_CHARS, PAYMENT_NOTICE_MAX_AMOUNT, PaymentNoticeRequest,
};

use crate::refusal::Refusal;
use crate::refusal::RefusalKind;
use crate::text_input;

/// The earliest `paid_at` taken: the service did not exist before.
pub fn era_start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_704_067_200, 0).expect("2024-01-01T00:00:00Z")
}

/// How far ahead of the server's clock `paid_at` may be: the channel's clock may run a
/// little fast, as the signature's window allows (`crate::signature::verify`).
pub const FUTURE_TOLERANCE: TimeDelta = TimeDelta::minutes(5);

/// Why a notice was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// 400 (malformed or breaking the schema) or 422 (`paid_at` out of bounds).
    pub kind: RefusalKind,
    /// Each field at fault with its reason; empty when the body as a whole is no notice.
    pub fields: Vec<(String, String)>,
    /// What to say when no field is at fault.
    pub detail: String,
}

impl Breach {
    fn fields(kind: RefusalKind, fields: Vec<(String, String)>) -> Breach {
        let detail = fields
            .iter()
            .map(|(field, reason)| format!("`{field}` {reason}"))
            .collect::<Vec<_>>()
            .join("; ");
        Breach {
            kind,
            fields,
            detail,
        }
    }

    /// The status its sender is answered with, kept with the rejected notice: 422 where a
    /// rule refuses it, 400 where it breaks the schema or is no notice at all (the HTTP
    /// edge answers these kinds so; its tests hold the two together).
    pub fn answered_status(&self) -> u16 {
        match self.kind {
            RefusalKind::Unprocessable => 422,
            _ => 400,
        }
    }

    /// The answer to the sender.
    pub fn problem(&self) -> Refusal {
        match self.kind {
            RefusalKind::Unprocessable => Refusal::refused_fields(self.fields.clone()),
            _ if self.fields.is_empty() => Refusal::new(self.kind, self.detail.as_str()),
            RefusalKind::MalformedBody => self.fields.iter().fold(
                Refusal::new(RefusalKind::MalformedBody, self.detail.as_str()),
                |problem, (field, reason)| problem.with_field_error(field, reason.as_str()),
            ),
            _ => Refusal::invalid_fields(self.fields.clone()),
        }
    }
}

/// The notice in `body`, if every field keeps the contract at `now`.
pub fn read_notice(body: &[u8], now: DateTime<Utc>) -> Result<PaymentNoticeRequest, Breach> {
    if let Some(field) = text_input::json_field_with_control(body) {
        return Err(Breach::fields(
            RefusalKind::Invalid,
            vec![(field, text_input::JSON_REASON.to_owned())],
        ));
    }
    let notice = parse(body)?;
    let mut broken = Vec::new();
    let event_id_chars = notice.event_id.chars().count();
    if !(1..=128).contains(&event_id_chars)
        || !notice.event_id.chars().all(|c| c.is_ascii_graphic())
    {
        broken.push((
            "event_id".to_owned(),
            "must be 1 to 128 visible ASCII characters".to_owned(),
        ));
    }
    if notice.billing_code.len() != 15 || !notice.billing_code.bytes().all(|b| b.is_ascii_digit()) {
        broken.push(("billing_code".to_owned(), "must be 15 digits".to_owned()));
    }
    if !(1..=PAYMENT_NOTICE_MAX_AMOUNT).contains(&notice.amount) {
        broken.push((
            "amount".to_owned(),
            format!("must be at least 1 and at most {PAYMENT_NOTICE_MAX_AMOUNT} rupiah"),
        ));
    }
    if notice.ntpn.as_deref().is_some_and(|ntpn| !is_ntpn(ntpn)) {
        broken.push((
            "ntpn".to_owned(),
            format!("must be {NTPN_LENGTH} capital letters or digits"),
        ));
    }
    if notice
        .channel
        .as_deref()
        .is_some_and(|channel| !is_channel(channel))
    {
        broken.push((
            "channel".to_owned(),
            format!(
                "must be 1 to {PAYMENT_CHANNEL_MAX_CHARS} characters, not blank, without \
                 control characters or surrounding spaces"
            ),
        ));
    }
    if !broken.is_empty() {
        return Err(Breach::fields(RefusalKind::Invalid, broken));
    }
    if notice.paid_at < era_start() {
        return Err(Breach::fields(
            RefusalKind::Unprocessable,
            vec![(
                "paid_at".to_owned(),
                "must not be before 2024-01-01T00:00:00Z, before this service".to_owned(),
            )],
        ));
    }
    if notice.paid_at > now + FUTURE_TOLERANCE {
        return Err(Breach::fields(
            RefusalKind::Unprocessable,
            vec![(
                "paid_at".to_owned(),
                format!(
                    "must not be more than 5 minutes after the server's clock ({})",
                    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ),
            )],
        ));
    }
    Ok(notice)
}

/// An NTPN as SIMPONI issues it: 16 capital letters or digits.
fn is_ntpn(ntpn: &str) -> bool {
    ntpn.len() == NTPN_LENGTH
        && ntpn
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// A channel's name as a receipt can print it.
fn is_channel(channel: &str) -> bool {
    (1..=PAYMENT_CHANNEL_MAX_CHARS).contains(&channel.chars().count())
        && channel.trim() == channel
        && !channel.chars().any(char::is_control)
}

/// The body as a notice, naming the field serde stopped at (`amount` for a string, the
/// missing field, ...).
fn parse(body: &[u8]) -> Result<PaymentNoticeRequest, Breach> {
    let malformed = |message: String, field: Option<String>| Breach {
        kind: RefusalKind::MalformedBody,
        detail: format!("the body is not a payment notice: {message}"),
        fields: field.map(|field| (field, message)).into_iter().collect(),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let notice = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let message = error.inner().to_string();
        let path = error.path().to_string();
        // `.` is the root (a missing or unknown field is named in the message), `?` a key
        // that could not be read.
        let field = match path.as_str() {
            "." => missing_field(&message),
            "?" => None,
            _ => Some(path),
        };
        malformed(message, field)
    })?;
    deserializer
        .end()
        .map_err(|error| malformed(error.to_string(), None))?;
    Ok(notice)
}

/// serde names a missing or unknown field in back-quotes, at the root.
fn missing_field(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn notice() -> serde_json::Value {
        json!({
            "event_id": "evt-1",
            "billing_code": "820261125000417",
            "amount": 650_000,
            "paid_at": "2026-11-25T02:59:00Z"
        })
    }

    fn breach(change: impl FnOnce(&mut serde_json::Value)) -> Breach {
        let mut body = notice();
        change(&mut body);
        read_notice(&serde_json::to_vec(&body).unwrap(), now()).unwrap_err()
    }

    fn fields(breach: &Breach) -> Vec<&str> {
        breach
            .fields
            .iter()
            .map(|(field, _)| field.as_str())
            .collect()
    }

    #[test]
    fn a_notice_within_the_contract_is_read() {
        let read = read_notice(&serde_json::to_vec(&notice()).unwrap(), now()).unwrap();
        assert_eq!(read.amount, 650_000);
        // The bounds themselves are inside.
        for (field, value) in [
            ("event_id", json!("e".repeat(128))),
            ("event_id", json!("!~")),
            ("amount", json!(1)),
            ("amount", json!(PAYMENT_NOTICE_MAX_AMOUNT)),
            ("paid_at", json!("2024-01-01T00:00:00Z")),
            ("paid_at", json!("2026-11-25T03:05:00Z")),
            ("ntpn", json!("0A1B2C3D4E5F6G7H")),
            ("ntpn", json!(null)),
            ("channel", json!("Bank BRI")),
            ("channel", json!("B".repeat(64))),
            ("channel", json!("Bank Pembangunan Daerah Bangka Belitung")),
        ] {
            let mut body = notice();
            body[field] = value;
            assert!(
                read_notice(&serde_json::to_vec(&body).unwrap(), now()).is_ok(),
                "{body}"
            );
        }
    }

    #[test]
    fn each_field_out_of_the_contract_is_named() {
        let cases: Vec<(&str, serde_json::Value, RefusalKind)> = vec![
            ("event_id", json!("e".repeat(129)), RefusalKind::Invalid),
            ("event_id", json!(""), RefusalKind::Invalid),
            ("event_id", json!("a b"), RefusalKind::Invalid),
            ("event_id", json!("é"), RefusalKind::Invalid),
            ("event_id", json!("a\u{0}b"), RefusalKind::Invalid),
            ("event_id", json!("a\u{1b}b"), RefusalKind::Invalid),
            ("billing_code", json!("1' OR '1'='1"), RefusalKind::Invalid),
            (
                "billing_code",
                json!("82026112500041"),
                RefusalKind::Invalid,
            ),
            (
                "billing_code",
                json!("8202611250004170"),
                RefusalKind::Invalid,
            ),
            (
                "billing_code",
                json!("８２０２６１１２５０００４１"),
                RefusalKind::Invalid,
            ),
            ("amount", json!(0), RefusalKind::Invalid),
            ("amount", json!(-650_000), RefusalKind::Invalid),
            (
                "amount",
                json!(PAYMENT_NOTICE_MAX_AMOUNT + 1),
                RefusalKind::Invalid,
            ),
            ("amount", json!("650000"), RefusalKind::MalformedBody),
            (
                "paid_at",
                json!("1970-01-01T00:00:00Z"),
                RefusalKind::Unprocessable,
            ),
            (
                "paid_at",
                json!("2023-12-31T23:59:59Z"),
                RefusalKind::Unprocessable,
            ),
            (
                "paid_at",
                json!("2099-01-01T00:00:00Z"),
                RefusalKind::Unprocessable,
            ),
            (
                "paid_at",
                json!("2026-11-25T03:05:01Z"),
                RefusalKind::Unprocessable,
            ),
            ("paid_at", json!("yesterday"), RefusalKind::MalformedBody),
            ("ntpn", json!("0A1B2C3D4E5F6G7"), RefusalKind::Invalid),
            ("ntpn", json!("0A1B2C3D4E5F6G7H8"), RefusalKind::Invalid),
            ("ntpn", json!("0a1b2c3d4e5f6g7h"), RefusalKind::Invalid),
            ("ntpn", json!("0A1B2C3D4E5F6G7\u{0}"), RefusalKind::Invalid),
            ("ntpn", json!("N".repeat(10_000)), RefusalKind::Invalid),
            (
                "ntpn",
                json!(1234567890123456_i64),
                RefusalKind::MalformedBody,
            ),
            ("channel", json!(""), RefusalKind::Invalid),
            ("channel", json!("   "), RefusalKind::Invalid),
            ("channel", json!(" BRI"), RefusalKind::Invalid),
            ("channel", json!("B".repeat(65)), RefusalKind::Invalid),
            ("channel", json!("Bank\u{0}BRI"), RefusalKind::Invalid),
            ("channel", json!("Bank\u{85}BRI"), RefusalKind::Invalid),
            ("channel", json!(["BRI"]), RefusalKind::MalformedBody),
        ];
        for (field, value, kind) in cases {
            let refused = breach(|body| body[field] = value.clone());
            assert_eq!(refused.kind, kind, "{field}: {value}");
            assert_eq!(fields(&refused), [field], "{field}: {value}");
            assert_eq!(refused.problem().kind(), kind, "{field}: {value}");
        }
    }

    #[test]
    fn missing_and_unknown_fields_are_named_and_garbage_is_malformed() {
        let missing = breach(|body| {
            body.as_object_mut().unwrap().remove("amount");
        });
        assert_eq!(fields(&missing), ["amount"]);
        let unknown = breach(|body| body["status"] = json!("paid"));
        assert_eq!(fields(&unknown), ["status"]);
        let garbage = read_notice(b"{not json", now()).unwrap_err();
        assert_eq!(garbage.kind, RefusalKind::MalformedBody);
        assert!(garbage.fields.is_empty(), "{garbage:?}");
        let trailing = read_notice(
            &[serde_json::to_vec(&notice()).unwrap(), b" []".to_vec()].concat(),
            now(),
        )
        .unwrap_err();
        assert_eq!(trailing.kind, RefusalKind::MalformedBody);
    }

    #[test]
    fn several_broken_fields_are_all_named() {
        let refused = breach(|body| {
            body["event_id"] = json!("");
            body["billing_code"] = json!("x");
        });
        assert_eq!(fields(&refused), ["event_id", "billing_code"]);
    }
}
