//! The domain's refusals as messages. The domain crate states its rules in English for
//! logs and tests (`Display`); what a person reads is the message each refusal maps to
//! here, written in their language at the edge. The matches are exhaustive, so a new
//! refusal of the domain does not compile until it has its message; the tests check that
//! each message is in the files.

use paspor_domain::account::{
    DeviceTokenError, EmailError, MAX_ADDRESS_CHARS, MAX_DEVICE_TOKEN_CHARS, MAX_LOCAL_PART_CHARS,
    PasswordError, PhoneError, ResendRefused,
};
use paspor_domain::application::{
    ApplicationStatus, CancelError, RescheduleError, TransitionError,
};
use paspor_domain::decision::{
    ApprovalMissing, DecisionError, DecisionOutcome, HoldError, MAX_HOLD_YEARS, PostponementReason,
    RefusalReason,
};
use paspor_domain::issuance::FamilyCardError;
use paspor_domain::nik::NikError;
use paspor_domain::offer::{ChoiceError, Choices};
use paspor_domain::office::Office;
use paspor_domain::screening::CountryCodeError;
use paspor_domain::validity::{ValidityError, ValidityRule};
use paspor_domain::{ApplicationKindError, LimitRefusal, PassportKind};
use paspor_domain::{GeoPointError, QuoteError};

use crate::booking_proof::ProofError;
use crate::locale::{Message, Text};
use crate::signature::SignatureError;

/// A refusal that people read as a message.
pub trait Said {
    /// Its message.
    fn said(&self) -> Message;
}

/// Each refusal of the domain reads as its message wherever a text is expected.
macro_rules! texts_of {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for Text {
            fn from(error: $error) -> Self {
                Text::Said(error.said())
            }
        }
    )*};
}

texts_of!(
    EmailError,
    PasswordError,
    PhoneError,
    NikError,
    DeviceTokenError,
    ResendRefused,
    RescheduleError,
    CancelError,
    LimitRefusal,
    ApplicationKindError,
    CountryCodeError,
    GeoPointError,
    ValidityError,
    QuoteError,
    ChoiceError,
    FamilyCardError,
    DecisionError,
    ApprovalMissing,
);

/// Terms in years as a list the language reads ("5 or 10", "5 atau 10").
pub fn years(terms: &[u32]) -> Text {
    match terms.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let rest: Vec<String> = rest.iter().map(u32::to_string).collect();
            Message::new("list-or")
                .with("rest", rest.join(", "))
                .with("last", last.to_string())
                .into()
        }
        Some((last, _)) => Text::Verbatim(last.to_string()),
        None => Message::new("list-none").into(),
    }
}

/// Who a validity rule is for ("a minor", "anak di bawah umur").
fn holder(rule: ValidityRule) -> Message {
    let code = match rule {
        ValidityRule::DualCitizenChildCappedAt21 => ValidityRule::DualCitizenChild.as_str(),
        other => other.as_str(),
    };
    Message::new(format!("holder-{code}"))
}

/// A term the rules do not allow this holder.
fn term_not_allowed(years_asked: u32, rule: ValidityRule, allowed: &[u32]) -> Message {
    Message::new("validity-term-not-allowed")
        .with("holder", holder(rule))
        .with("allowed", years(allowed))
        .with("years", years_asked)
}

/// Why `office` cannot make a passport of `kind` now, if it cannot (the rule is the
/// domain's [`Office::refuses`]).
pub fn office_refuses(office: &Office, kind: PassportKind) -> Option<Message> {
    office.refuses(kind)?;
    let id = match kind {
        PassportKind::Electronic => "office-no-e-passport",
        PassportKind::NonElectronic => "office-e-passport-only",
    };
    Some(Message::new(id).with("office", office.name.as_str()))
}

/// An application's status as people read it ("awaiting payment").
pub fn status(status: ApplicationStatus) -> Message {
    Message::new(format!("status-{}", status.as_str()))
}

/// A field's generic reasons, shared by every form.
pub mod field {
    use crate::locale::Message;

    /// Empty, or only whitespace.
    pub fn empty() -> Message {
        Message::new("field-empty")
    }

    /// Longer than `max` characters.
    pub fn too_long(max: usize) -> Message {
        Message::new("field-too-long").with("max", max)
    }

    /// Holds a control character.
    pub fn control_characters() -> Message {
        Message::new("field-control-characters")
    }
}

impl Said for EmailError {
    fn said(&self) -> Message {
        match self {
            EmailError::Empty => field::empty(),
            EmailError::TooLong => field::too_long(MAX_ADDRESS_CHARS),
            EmailError::NotAnAddress => Message::new("email-not-an-address"),
            EmailError::LocalPartTooLong => {
                Message::new("email-local-part-too-long").with("max", MAX_LOCAL_PART_CHARS)
            }
            EmailError::LocalPartCharacter => Message::new("email-local-part-character"),
            EmailError::LocalPartDots => Message::new("email-local-part-dots"),
            EmailError::Domain => Message::new("email-domain"),
        }
    }
}

impl Said for PasswordError {
    fn said(&self) -> Message {
        match self {
            PasswordError::TooShort { min } => Message::new("field-too-short").with("min", *min),
            PasswordError::TooLong { max } => field::too_long(*max),
            PasswordError::Common => Message::new("password-common"),
        }
    }
}

impl Said for PhoneError {
    fn said(&self) -> Message {
        match self {
            PhoneError::Empty => field::empty(),
            PhoneError::InvalidCharacter => Message::new("phone-character"),
            PhoneError::ForeignCountryCode => Message::new("phone-foreign"),
            PhoneError::MissingPrefix => Message::new("phone-prefix"),
            PhoneError::LeadingDigit => Message::new("phone-leading-digit"),
            PhoneError::Length { found } => Message::new("phone-length").with("found", *found),
        }
    }
}

impl Said for NikError {
    fn said(&self) -> Message {
        match self {
            NikError::Length { found } => Message::new("nik-length").with("found", *found),
            NikError::NonDigit => Message::new("nik-non-digit"),
            NikError::ZeroRegionCode => Message::new("nik-zero-region"),
            NikError::ZeroSerial => Message::new("nik-zero-serial"),
            NikError::InvalidBirthDate => Message::new("nik-birth-date"),
        }
    }
}

impl Said for DeviceTokenError {
    fn said(&self) -> Message {
        match self {
            DeviceTokenError::Empty => field::empty(),
            DeviceTokenError::TooLong => field::too_long(MAX_DEVICE_TOKEN_CHARS),
            DeviceTokenError::ControlCharacter => field::control_characters(),
        }
    }
}

impl Said for SignatureError {
    fn said(&self) -> Message {
        match self {
            SignatureError::Malformed => Message::new("signature-malformed"),
            SignatureError::Stale => Message::new("signature-stale"),
            SignatureError::Mismatch => Message::new("signature-mismatch"),
        }
    }
}

impl Said for RescheduleError {
    fn said(&self) -> Message {
        match self {
            RescheduleError::NotPaid { status: now } => {
                Message::new("reschedule-not-paid").with("status", status(*now))
            }
            RescheduleError::AlreadyRescheduled => Message::new("reschedule-once"),
            RescheduleError::TooLate { appointment_date } => {
                Message::new("reschedule-too-late").with("date", appointment_date.to_string())
            }
        }
    }
}

impl Said for CancelError {
    fn said(&self) -> Message {
        match self {
            CancelError::NotCancellable { status: now } => {
                Message::new("cancel-not-cancellable").with("status", status(*now))
            }
            CancelError::AppointmentPassed { appointment_date } => {
                Message::new("cancel-appointment-passed").with("date", appointment_date.to_string())
            }
        }
    }
}

impl Said for LimitRefusal {
    fn said(&self) -> Message {
        match self {
            LimitRefusal::CoolingDown {
                count,
                window_days,
                until,
            } => Message::new("limit-cooling-down")
                .with("count", *count)
                .with("days", *window_days)
                .with("until", until.to_rfc3339()),
            LimitRefusal::TooManyHolds { limit, until } => Message::new("limit-holds")
                .with("limit", *limit)
                .with("until", until.to_rfc3339()),
            LimitRefusal::ReleaseAllowanceUsed { limit } => {
                Message::new("limit-release-allowance").with("limit", *limit)
            }
        }
    }
}

impl Said for ApplicationKindError {
    fn said(&self) -> Message {
        match self {
            ApplicationKindError::ReasonRequired => Message::new("kind-reason-required"),
            ApplicationKindError::ReasonNotAllowed(reason) => {
                Message::new("kind-reason-not-allowed").with("reason", reason.as_str())
            }
        }
    }
}

impl Said for CountryCodeError {
    fn said(&self) -> Message {
        Message::new("country-code-form").with("value", format!("{:?}", self.0))
    }
}

impl Said for TransitionError {
    fn said(&self) -> Message {
        Message::new("transition-refused")
            .with(
                "action",
                Message::new(format!("event-{}", self.event.as_str())),
            )
            .with("status", status(self.from))
            .with("code", self.from.as_str())
    }
}

impl Said for ProofError {
    fn said(&self) -> Message {
        match self {
            ProofError::Missing => Message::new("proof-missing"),
            ProofError::BadChallenge => Message::new("proof-bad-challenge"),
            ProofError::Unsolved => Message::new("proof-unsolved"),
        }
    }
}

impl Said for GeoPointError {
    fn said(&self) -> Message {
        match self {
            GeoPointError::NotFinite => Message::new("geo-not-finite"),
            GeoPointError::LatitudeOutOfRange(value) => {
                Message::new("geo-latitude").with("value", value.to_string())
            }
            GeoPointError::LongitudeOutOfRange(value) => {
                Message::new("geo-longitude").with("value", value.to_string())
            }
        }
    }
}

impl Said for ValidityError {
    fn said(&self) -> Message {
        match self {
            ValidityError::IssueBeforeBirth {
                birth_date,
                issue_date,
            } => Message::new("validity-issue-before-birth")
                .with("issue", issue_date.to_string())
                .with("birth", birth_date.to_string()),
            ValidityError::DualCitizenOver21 {
                choice_birthday,
                issue_date,
            } => Message::new("validity-dual-citizen-over")
                .with("birthday", choice_birthday.to_string())
                .with("issue", issue_date.to_string()),
            ValidityError::TermNotAllowed {
                years,
                rule,
                allowed,
            } => term_not_allowed(*years, *rule, allowed),
            ValidityError::NoRulesInForce { on } => {
                Message::new("validity-no-rules").with("on", on.to_string())
            }
        }
    }
}

impl Said for QuoteError {
    fn said(&self) -> Message {
        match self {
            QuoteError::ValidityRequired => Message::new("quote-validity-required"),
            QuoteError::UnsupportedValidity(years) => {
                Message::new("quote-unsupported-validity").with("years", *years)
            }
            QuoteError::MissingPrice(item) => {
                Message::new("quote-missing-price").with("item", item.as_str())
            }
            QuoteError::Overflow => Message::new("quote-overflow"),
        }
    }
}

impl Said for ChoiceError {
    fn said(&self) -> Message {
        match self {
            ChoiceError::KindNotOffered(kind) => {
                Message::new("offer-kind-not-offered").with("kind", passport_kind(*kind))
            }
            ChoiceError::TermNotOffered { years, choices } => term_not_offered(*years, choices),
        }
    }
}

/// The rule of `paspor_domain::offer`'s refusal of a term, in messages.
fn term_not_offered(years_asked: u32, choices: &Choices) -> Message {
    if choices.rule_terms.contains(&years_asked) {
        Message::new("offer-term-not-a-choice").with("terms", years(&choices.terms))
    } else {
        term_not_allowed(years_asked, choices.rule, &choices.rule_terms)
    }
}

/// A passport kind as people read it ("electronic", "paspor elektronik").
pub fn passport_kind(kind: PassportKind) -> Message {
    Message::new(format!("passport-kind-{}", kind.as_str()))
}

impl Said for FamilyCardError {
    fn said(&self) -> Message {
        match self {
            FamilyCardError::Length { found } => {
                Message::new("family-card-length").with("found", *found)
            }
            FamilyCardError::NonDigit => Message::new("family-card-non-digit"),
            FamilyCardError::ZeroRegionCode => Message::new("family-card-zero-region"),
        }
    }
}

impl Said for DecisionError {
    fn said(&self) -> Message {
        match self {
            DecisionError::ReasonRequired { outcome } => Message::new("decision-reason-required")
                .with("outcome", outcome.as_str())
                .with("codes", reason_codes(*outcome)),
            DecisionError::UnknownReason { outcome, code } => {
                Message::new("decision-reason-unknown")
                    .with("code", format!("{code:?}"))
                    .with("outcome", outcome.as_str())
                    .with("codes", reason_codes(*outcome))
            }
            DecisionError::ReasonNotAllowed => Message::new("decision-reason-not-allowed"),
            DecisionError::HoldRequired => Message::new("decision-hold-required"),
            DecisionError::HoldNotAllowed { outcome } => {
                Message::new("decision-hold-not-allowed").with("outcome", outcome.as_str())
            }
            DecisionError::Hold(HoldError::NotAfterToday { today }) => {
                Message::new("decision-hold-not-after-today").with("today", today.to_string())
            }
            DecisionError::Hold(HoldError::TooLong { latest }) => {
                Message::new("decision-hold-too-long")
                    .with("years", MAX_HOLD_YEARS)
                    .with("latest", latest.to_string())
            }
        }
    }
}

/// The reason codes an outcome takes, as the contract spells them.
fn reason_codes(outcome: DecisionOutcome) -> String {
    let codes: Vec<&str> = match outcome {
        DecisionOutcome::Approved => Vec::new(),
        DecisionOutcome::Postponed => PostponementReason::ALL.map(|r| r.as_str()).to_vec(),
        DecisionOutcome::Refused => RefusalReason::ALL.map(|r| r.as_str()).to_vec(),
    };
    codes.join(", ")
}

impl Said for ApprovalMissing {
    fn said(&self) -> Message {
        let id = match (self.biometrics, self.interview) {
            (true, true) => "approval-needs-both",
            (true, false) => "approval-needs-biometrics",
            _ => "approval-needs-interview",
        };
        Message::new(id)
    }
}

impl Said for ResendRefused {
    fn said(&self) -> Message {
        Message::new("code-resend-wait").with("seconds", self.retry_after_seconds())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use paspor_domain::application::ApplicationEvent;

    use super::*;
    use crate::locale::{Language, has_message};

    /// Every refusal of the domain that people read, one of each kind.
    fn every_refusal() -> Vec<Message> {
        let mut all = Vec::new();
        all.extend(
            [
                EmailError::Empty,
                EmailError::TooLong,
                EmailError::NotAnAddress,
                EmailError::LocalPartTooLong,
                EmailError::LocalPartCharacter,
                EmailError::LocalPartDots,
                EmailError::Domain,
            ]
            .iter()
            .map(Said::said),
        );
        all.extend(
            [
                PasswordError::TooShort { min: 8 },
                PasswordError::TooLong { max: 128 },
                PasswordError::Common,
            ]
            .iter()
            .map(Said::said),
        );
        all.extend(
            [
                PhoneError::Empty,
                PhoneError::InvalidCharacter,
                PhoneError::ForeignCountryCode,
                PhoneError::MissingPrefix,
                PhoneError::LeadingDigit,
                PhoneError::Length { found: 3 },
            ]
            .iter()
            .map(Said::said),
        );
        all.extend(
            [
                NikError::Length { found: 3 },
                NikError::NonDigit,
                NikError::ZeroRegionCode,
                NikError::ZeroSerial,
                NikError::InvalidBirthDate,
            ]
            .iter()
            .map(Said::said),
        );
        all.extend(
            [
                DeviceTokenError::Empty,
                DeviceTokenError::TooLong,
                DeviceTokenError::ControlCharacter,
            ]
            .iter()
            .map(Said::said),
        );
        all.extend(
            [
                SignatureError::Malformed,
                SignatureError::Stale,
                SignatureError::Mismatch,
            ]
            .iter()
            .map(Said::said),
        );
        all.extend(
            [
                ProofError::Missing,
                ProofError::BadChallenge,
                ProofError::Unsolved,
            ]
            .iter()
            .map(Said::said),
        );
        all.extend(
            [
                GeoPointError::NotFinite,
                GeoPointError::LatitudeOutOfRange(91.0),
                GeoPointError::LongitudeOutOfRange(181.0),
            ]
            .iter()
            .map(Said::said),
        );
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        for rule in ValidityRule::ALL {
            all.push(
                ValidityError::TermNotAllowed {
                    years: 7,
                    rule,
                    allowed: vec![5, 10],
                }
                .said(),
            );
        }
        all.extend([
            ValidityError::IssueBeforeBirth {
                birth_date: day,
                issue_date: day,
            }
            .said(),
            ValidityError::DualCitizenOver21 {
                choice_birthday: day,
                issue_date: day,
            }
            .said(),
            ValidityError::NoRulesInForce { on: day }.said(),
            QuoteError::ValidityRequired.said(),
            QuoteError::UnsupportedValidity(7).said(),
            QuoteError::MissingPrice(paspor_domain::TariffItem::ALL[0]).said(),
            QuoteError::Overflow.said(),
            Message::new("list-or"),
            Message::new("list-none"),
            Message::new("offer-term-not-a-choice"),
        ]);
        for kind in PassportKind::ALL {
            all.push(ChoiceError::KindNotOffered(kind).said());
        }
        all.extend(
            [
                FamilyCardError::Length { found: 3 },
                FamilyCardError::NonDigit,
                FamilyCardError::ZeroRegionCode,
            ]
            .iter()
            .map(Said::said),
        );
        for outcome in DecisionOutcome::ALL {
            all.push(DecisionError::ReasonRequired { outcome }.said());
            all.push(DecisionError::HoldNotAllowed { outcome }.said());
            all.push(
                DecisionError::UnknownReason {
                    outcome,
                    code: "x".to_owned(),
                }
                .said(),
            );
        }
        all.extend([
            DecisionError::ReasonNotAllowed.said(),
            DecisionError::HoldRequired.said(),
            DecisionError::Hold(HoldError::NotAfterToday { today: day }).said(),
            DecisionError::Hold(HoldError::TooLong { latest: day }).said(),
        ]);
        for (biometrics, interview) in [(true, true), (true, false), (false, true)] {
            all.push(
                ApprovalMissing {
                    biometrics,
                    interview,
                }
                .said(),
            );
        }
        all.push(
            ResendRefused {
                retry_after: TimeDelta::seconds(30),
            }
            .said(),
        );
        all
    }

    #[test]
    fn every_refusal_of_the_domain_has_its_message_in_every_language() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let until = chrono::DateTime::<chrono::Utc>::MIN_UTC;
        let mut all = every_refusal();
        for event in ApplicationEvent::ALL {
            all.push(
                TransitionError {
                    from: ApplicationStatus::Draft,
                    event,
                }
                .said(),
            );
        }
        for now in ApplicationStatus::ALL {
            all.push(status(now));
            all.push(RescheduleError::NotPaid { status: now }.said());
            all.push(CancelError::NotCancellable { status: now }.said());
        }
        all.extend([
            RescheduleError::AlreadyRescheduled.said(),
            RescheduleError::TooLate {
                appointment_date: date,
            }
            .said(),
            CancelError::AppointmentPassed {
                appointment_date: date,
            }
            .said(),
            LimitRefusal::CoolingDown {
                count: 2,
                window_days: 30,
                until,
            }
            .said(),
            LimitRefusal::TooManyHolds { limit: 2, until }.said(),
            LimitRefusal::ReleaseAllowanceUsed { limit: 2 }.said(),
            ApplicationKindError::ReasonRequired.said(),
            ApplicationKindError::ReasonNotAllowed(paspor_domain::ReplacementReason::Lost).said(),
            CountryCodeError("x".to_owned()).said(),
        ]);
        for message in all {
            for language in Language::ALL {
                assert!(
                    has_message(language, message.id()),
                    "{} has no {language:?} text",
                    message.id()
                );
            }
        }
    }

    #[test]
    fn a_nik_refusal_reads_as_the_directorate_writes_it() {
        let said = NikError::Length { found: 15 }.said();
        assert_eq!(
            said.render(Language::Indonesian),
            "NIK harus 16 digit angka, yang dikirim 15 karakter"
        );
        assert_eq!(
            said.render(Language::English),
            NikError::Length { found: 15 }.to_string()
        );
    }
}
