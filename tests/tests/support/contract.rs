//! Answers read into the contract's own types (`paspor_openapi`), so that a test reads the
//! fields of what the document promises, and an answer that breaks the schema (a field
//! missing, of another type, a code no enum holds) fails where it is read.

use paspor_openapi::{
    AcceptedDto, AccountDto, ApplicantDto, ApplicantPage, ApplicationDto, ApplicationPage,
    ApplicationStatusChangedData, AuditPage, AuditRecordDto, AvailabilityDto, BookingChallengeDto,
    BookingDto, BookingLimitsDto, CheckInCodeDto, DecisionDto, DeviceDto, DocumentCheckDto,
    DocumentChecklistDto, DocumentDto, DocumentList, HealthDto, HolidayDto, HolidayList,
    IndicatorsDto, IntegratorApplicationDto, IntegratorCreatedDto, IntegratorDto, IntegratorPage,
    InterviewDto, OAuthProblem, OfficeApplicantDto, OfficeApplicationDto, OfficeAppointmentsDto,
    OfficeDto, OfficePage, OfficeSessionDto, OfficeSessionList, OfficeSettingsDto, PassportDto,
    PassportHandOverDto, PassportIssuedData, PassportPage, PaymentAckDto, PaymentDto, PaymentPage,
    PaymentReceivedData, Problem, QuoteDto, RejectedPaymentNoticePage, ScreeningDto, ScreeningPage,
    ScreeningPolicyDto, ScreeningPolicyPage, SessionTemplateList, SettlementDto, StaffPage,
    TariffScheduleDto, TariffScheduleList, TokenDto, TokenPairDto, ValidityDto, ValidityRulesDto,
    ValidityRulesList, WaitlistDto, WalkInDto, WalkInPage, WebhookCreatedDto, WebhookDeliveryDto,
    WebhookDeliveryPage, WebhookDto, WebhookEventDto, WebhookPage,
};

use super::app::Answer;

/// A body of the contract that an answer may be read into.
pub trait Contract: Sized {
    /// Reads the body as sent.
    fn from_body(bytes: &[u8]) -> serde_json::Result<Self>;
}

/// Implements [`Contract`] for each type with serde's derived `Deserialize`.
macro_rules! contract {
    ($($dto:ty),+ $(,)?) => {
        $(
            impl Contract for $dto {
                fn from_body(bytes: &[u8]) -> serde_json::Result<Self> {
                    serde_json::from_slice(bytes)
                }
            }
        )+
    };
}

contract! {
    AcceptedDto, AccountDto, ApplicantDto, ApplicantPage, ApplicationDto, ApplicationPage,
    AuditPage, AuditRecordDto, AvailabilityDto, BookingChallengeDto, BookingDto,
    BookingLimitsDto, CheckInCodeDto, DecisionDto, DeviceDto, DocumentCheckDto, DocumentChecklistDto,
    DocumentDto, DocumentList, HealthDto, HolidayDto, HolidayList, IntegratorApplicationDto,
    IntegratorCreatedDto, IntegratorDto, IntegratorPage, InterviewDto, OAuthProblem,
    OfficeApplicantDto, OfficeApplicationDto, OfficeAppointmentsDto, OfficeDto, OfficePage,
    OfficeSessionDto, OfficeSessionList, OfficeSettingsDto, PassportDto, PassportHandOverDto,
    PassportPage, PaymentAckDto, PaymentDto, PaymentPage, Problem, QuoteDto,
    RejectedPaymentNoticePage, SessionTemplateList, SettlementDto, StaffPage, TariffScheduleDto,
    TariffScheduleList, TokenDto, TokenPairDto, ValidityDto, ValidityRulesDto, ValidityRulesList,
    WaitlistDto, WalkInDto,
    WalkInPage, IndicatorsDto, ScreeningDto, ScreeningPage, ScreeningPolicyDto,
    ScreeningPolicyPage, WebhookCreatedDto, WebhookDeliveryDto, WebhookDeliveryPage, WebhookDto,
    WebhookPage, WebhookEventDto<ApplicationStatusChangedData>,
    WebhookEventDto<PaymentReceivedData>, WebhookEventDto<PassportIssuedData>,
}

// A paid application's receipt.
contract! { paspor_openapi::ReceiptDto }
// Issue 26: the service's status and tracking without signing in.
contract! {
    paspor_openapi::ServiceStatusDto, paspor_openapi::TrackingDto,
}
// Issue 26: the payment channel's settlement reports.
contract! {
    paspor_openapi::SettlementReportDto, paspor_openapi::SettlementReportDetailDto,
    paspor_openapi::SettlementLinePage,
}

// Issue 26: an office's walk-in-only days, and delivery by post.
contract! {
    paspor_openapi::WalkInOnlyDayDto, paspor_openapi::WalkInOnlyDayList,
    paspor_openapi::DeliveryDto,
}

impl Answer {
    /// The body read into a type of the contract; panics, showing the body, when it does
    /// not fit.
    #[track_caller]
    pub fn parse<T: Contract>(&self) -> T {
        T::from_body(&self.bytes).unwrap_or_else(|error| {
            panic!(
                "the body is not a {}: {error}\n{:#}",
                std::any::type_name::<T>(),
                self.json
            )
        })
    }
}

// The person's data rights: consents, corrections, exports.
contract! {
    paspor_openapi::ConsentPage, paspor_openapi::CorrectionDto, paspor_openapi::CorrectionList,
    paspor_openapi::DataExportDto,
}
