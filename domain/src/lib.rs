//! The rules of the passport-application service, as pure functions and types.
//!
//! Nothing here does I/O or reads the clock: "now" and "today" are always arguments, so that
//! every rule can be tested at its exact boundary. The persistence, OpenAPI and HTTP crates
//! convert to and from these types; the rules live only here.

#[macro_use]
mod code;

pub mod account;
pub mod age;
pub mod applicant;
pub mod application;
pub mod booking_limits;
pub mod decision;
pub mod delivery;
pub mod document;
pub mod examination;
pub mod integrator;
pub mod issuance;
pub mod nik;
pub mod offer;
pub mod office;
pub mod passport;
pub mod priority;
pub mod privacy;
pub mod quota;
pub mod screening;
pub mod service_status;
pub mod settlement;
pub mod settlement_report;
pub mod tariff;
pub mod validity;
pub mod walk_in;

pub use account::{
    CodeCheck, EmailAddress, EmailError, PasswordError, PhoneError, PhoneNumber, ResendRefused,
    Role, check_password,
};
pub use age::{age_on, anniversary};
pub use applicant::{MAX_APPLICANTS_PER_ACCOUNT, MaritalStatus, needs_guardian};
pub use application::{
    ApplicationEvent, ApplicationStatus, CancelError, RescheduleError, TransitionError,
    check_cancel, check_reschedule, next_status,
};
pub use booking_limits::{BookingLimits, BookingRecord, LimitRefusal};
pub use code::UnknownCode;
pub use document::{DocumentKind, MAX_DOCUMENT_BYTES, MediaType, accepts_documents};
pub use nik::{Nik, NikError, NikWarning, Sex};
pub use office::{GeoPoint, GeoPointError, OfficeKind, TimeZone};
pub use passport::{
    ApplicationKind, ApplicationKindCode, ApplicationKindError, PassportKind, ReplacementReason,
    Service,
};
pub use priority::{
    NotEligible, PolicyError, PriorityClaim, PriorityGround, PriorityPolicy, priority_grounds,
};
pub use quota::{
    Capacity, Channel, DayRange, KindLimits, PAYMENT_WINDOW, ReleaseRule, ReleaseRuleError,
    ReleaseRules, ReleaseRulesError, ScopedReleaseRule, counts_against_kind_limits, hold_is_live,
    is_released, payment_deadline, place_held_until, release_at, remaining,
};
pub use screening::{
    CountryCode, CountryCodeError, Indicator, IndicatorCode, ScreeningPolicy, ScreeningPolicyError,
    TravelProfile, TravelPurpose, indicators,
};
pub use service_status::{MAX_STATUS_MESSAGE_CHARS, ServiceState};
pub use tariff::{
    CURRENCY, Quote, QuoteError, QuoteLine, QuoteRequest, Rupiah, TariffItem, TariffSchedule,
    builtin_schedules, launch_schedule, quote, schedule_in_force, validity_priced_2024_schedule,
};
pub use validity::{
    Terms, Validity, ValidityError, ValidityRequest, ValidityRule, ValidityRules, rules_in_force,
    validity, validity_in_force,
};
pub use walk_in::{ExaminationReason, WalkInError, WalkInKind, WalkInPlan, WalkInRequest};
