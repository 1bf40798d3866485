//! Every refusal the use cases answer with is written from messages that exist in every
//! language: each variant of the feature errors converted to messages is built here and
//! turned into its [`Refusal`], and every message its detail and field reasons name must
//! be in the files, with no English left untranslated. A refusal added without its
//! messages fails here (or does not compile, where the matches are exhaustive).

use chrono::{NaiveDate, TimeZone as _, Utc};
use paspor_domain::application::{ApplicationEvent, ApplicationStatus, TransitionError};
use paspor_domain::{Channel, DocumentKind, LimitRefusal, NikError, PassportKind};
use paspor_persistence::places::PlaceError;

use crate::accounts::AccountError;
use crate::applicants::ApplicantError;
use crate::applications::ApplicationError;
use crate::check_in::CheckInError;
use crate::documents::DocumentError;
use crate::locale::{Arg, Language, Message, Text, has_message};
use crate::office::processing::ProcessingError;
use crate::office::walk_ins::WalkInError;
use crate::privacy::PrivacyError;
use crate::refusal::Refusal;
use crate::settlement::SettlementError;
use paspor_domain::settlement_report::{LineFault, ReportError};

/// Whether `text` holds English that is not a message, however deep.
fn untranslated(text: &Text) -> bool {
    match text {
        Text::Untranslated(_) => true,
        Text::Verbatim(_) => false,
        Text::Joined(parts) => parts.iter().any(untranslated),
        Text::Said(message) => message.args().iter().any(|(_, arg)| match arg {
            Arg::Said(said) => untranslated(said),
            _ => false,
        }),
    }
}

/// Asserts that `refusal` is written only from messages every language has.
#[track_caller]
fn written_in_every_language(refusal: &Refusal) {
    let mut texts = vec![refusal.detail()];
    texts.extend(refusal.field_errors().iter().map(|field| &field.reason));
    for text in texts {
        assert!(!untranslated(text), "untranslated: {text:?}");
        for message in text.messages() {
            for language in Language::ALL {
                assert!(
                    has_message(language, message.id()),
                    "{} has no {language:?} text ({refusal:?})",
                    message.id()
                );
            }
        }
    }
}

fn refusals() -> Vec<Refusal> {
    let until = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let field = |reason: NikError| vec![("nik".to_owned(), Text::from(reason))];
    let mut all: Vec<Refusal> = vec![
        AccountError::Invalid(field(NikError::NonDigit)).into(),
        AccountError::Rejected(field(NikError::ZeroSerial)).into(),
        AccountError::BadCredentials.into(),
        AccountError::Unverified.into(),
        AccountError::Throttled {
            until,
            retry_after: 30,
        }
        .into(),
        AccountError::Busy { retry_after: 3 }.into(),
        AccountError::BadCode.into(),
        AccountError::BadRefreshToken.into(),
        AccountError::Closed.into(),
        AccountError::NotFound.into(),
        AccountError::Internal(anyhow::anyhow!("cause")).into(),
        ApplicantError::NotFound.into(),
        ApplicantError::LimitReached.into(),
        ApplicantError::DuplicateNik.into(),
        ApplicantError::HasApplications.into(),
        ApplicantError::NikInUse.into(),
        ApplicantError::AccountClosed.into(),
        ApplicationError::NotFound("application").into(),
        ApplicationError::PersonHasActive(Some("0193".to_owned())).into(),
        ApplicationError::PersonHasActive(None).into(),
        ApplicationError::NeedsOffice.into(),
        ApplicationError::NotADraft.into(),
        ApplicationError::Full.into(),
        ApplicationError::NotReleased(until).into(),
        ApplicationError::BillingCodeTaken.into(),
        ApplicationError::limited(LimitRefusal::ReleaseAllowanceUsed { limit: 2 }, until).into(),
        ApplicationError::limited(LimitRefusal::TooManyHolds { limit: 2, until }, until).into(),
        ApplicationError::limited(
            LimitRefusal::CoolingDown {
                count: 3,
                window_days: 30,
                until,
            },
            until,
        )
        .into(),
        WalkInError::NoPlaceToday(Channel::ALL[0]).into(),
        WalkInError::SessionFull(Channel::ALL[0]).into(),
        WalkInError::PersonHasActive.into(),
        ProcessingError::NotFound.into(),
        ProcessingError::ScreeningNotFound.into(),
        ProcessingError::Moved.into(),
        ProcessingError::CheckIn(CheckInError::Invalid).into(),
        ProcessingError::CheckIn(CheckInError::OtherOffice {
            office_id: "0193".to_owned(),
        })
        .into(),
        ProcessingError::CheckIn(CheckInError::OtherDay { date: day }).into(),
        DocumentError::NotFound(None).into(),
        DocumentError::UnsupportedType.into(),
    ];
    for kind in PassportKind::ALL {
        all.push(ApplicationError::KindFull(kind).into());
    }
    all.push(SettlementError::NotFound.into());
    for report in [
        ReportError::NotUtf8 { line: 3 },
        ReportError::Empty,
        ReportError::TooManyLines,
    ] {
        all.push(SettlementError::Report(report).into());
    }
    for reason in [
        LineFault::Header,
        LineFault::Columns { count: 5 },
        LineFault::BillingCode,
        LineFault::Amount,
        LineFault::Ntpn,
        LineFault::PaidAt,
        LineFault::Channel,
        LineFault::Duplicate,
    ] {
        all.push(SettlementError::Report(ReportError::Malformed { line: 2, reason }).into());
    }
    for place in [
        PlaceError::Closed,
        PlaceError::WalkInOnly,
        PlaceError::AlreadyHeld,
        PlaceError::OfferGone,
        PlaceError::NotHeld,
    ] {
        all.push(ApplicationError::from(place).into());
    }
    for status in ApplicationStatus::ALL {
        all.push(DocumentError::Closed(status).into());
        all.push(
            ProcessingError::NotInReview {
                action: "approval",
                status,
            }
            .into(),
        );
        for event in ApplicationEvent::ALL {
            all.push(
                ProcessingError::Transition(TransitionError {
                    from: status,
                    event,
                })
                .into(),
            );
        }
    }
    for kind in DocumentKind::ALL {
        all.push(DocumentError::NotFound(Some(kind)).into());
    }
    // Every thing a use case names as not found.
    for what in [
        "account",
        "applicant",
        "application",
        "booking",
        "delivery",
        "device",
        "holiday",
        "integrator client",
        "office",
        "passport",
        "payment",
        "screening",
        "screening policy version",
        "session",
        "waitlist entry",
        "webhook subscription",
    ] {
        all.push(Refusal::not_found(what));
    }
    all.extend(privacy_refusals());
    all
}

/// The data-rights refusals: consents, exports, corrections.
fn privacy_refusals() -> Vec<Refusal> {
    let mut all: Vec<Refusal> = vec![
        PrivacyError::UnknownPurpose.into(),
        PrivacyError::PrivacyNoticeWhileOpen.into(),
        PrivacyError::ExportNotFound.into(),
        PrivacyError::AccountClosed.into(),
        AccountError::Rejected(vec![(
            "privacy_notice_version".to_owned(),
            Message::new("consent-notice-version-not-current")
                .with("current", "2026-12-01")
                .into(),
        )])
        .into(),
    ];
    for state in ["pending", "building", "failed", "expired"] {
        all.push(PrivacyError::ExportNotReady(state).into());
    }
    all
}

#[test]
fn every_converted_refusal_is_written_in_every_language() {
    let all = refusals();
    assert!(all.len() > 100);
    for refusal in &all {
        written_in_every_language(refusal);
    }
}

#[test]
fn the_languages_differ_where_people_read_them() {
    let refusal: Refusal = ApplicantError::DuplicateNik.into();
    assert_eq!(
        refusal.detail().render(Language::Indonesian),
        "akun ini sudah memiliki pemohon dengan NIK ini"
    );
    assert_eq!(
        refusal.detail().render(Language::English),
        "this account already has an applicant with this NIK"
    );
    let full: Refusal = ApplicationError::KindFull(PassportKind::Electronic).into();
    assert!(
        full.detail()
            .render(Language::Indonesian)
            .starts_with("kuota paspor elektronik pada sesi ini sudah penuh"),
        "{}",
        full.detail().render(Language::Indonesian)
    );
}
