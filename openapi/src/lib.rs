//! The wire contract of the passport service: every request and response body, the
//! problem body, and the document's own description. This is what integrators read.
//!
//! DTOs here convert from domain values; nothing in this crate knows about SQL or HTTP
//! handlers. The HTTP crate collects the routes and merges them into [`ApiDoc`].

#[macro_use]
mod wire_enum;

mod accounts;
mod applicants;
mod applications;
mod audit;
mod availability;
mod booking;
mod booking_limits;
mod check_in;
mod delivery;
mod devices;
mod doc;
mod documents;
mod enums;
mod health;
mod integral;
mod integrators;
mod office_admin;
mod office_processing;
mod offices;
mod page;
mod passports;
mod phone;
mod privacy;
mod problem;
mod problem_language;
mod quote;
mod receipt;
mod screening;
mod service_status;
mod settlement;
mod tracking;
mod validity;
mod validity_rules;
mod walk_in_only_days;
mod walk_ins;

pub use accounts::{
    AcceptedDto, AccountDto, AccountPatch, EmailRequest, LoginRequest, PasswordChangeRequest,
    PasswordResetConfirmRequest, RefreshRequest, RegisterRequest, StaffCreateRequest, StaffPage,
    StaffPatch, TokenPairDto, VerifyEmailRequest,
};
pub use applicants::{
    ApplicantCreateRequest, ApplicantDto, ApplicantPage, ApplicantPatch, NikWarningCodeDto,
    NikWarningDto,
};
pub use applications::{
    ApplicationCreateRequest, ApplicationDto, ApplicationPage, ApplicationPatch, HistoryEntryDto,
    TravelDto,
};
pub use audit::{AuditPage, AuditQuery, AuditRecordDto};
pub use availability::{
    AvailabilityDto, AvailabilityQuery, ChannelPlaces, DayDto, KindPlaces, Places, SessionDto,
};
pub use booking::{
    BookingChallengeDto, BookingDto, BookingRequest, BookingStateDto, OfferDto,
    PAYMENT_NOTICE_MAX_AMOUNT, PaymentAckDto, PaymentDto, PaymentListQuery, PaymentNoticeRequest,
    PaymentPage, PaymentResultDto, PaymentStatusDto, RejectedPaymentNoticeDto,
    RejectedPaymentNoticePage, WaitlistDto, WaitlistRequest, WaitlistStatusDto,
};
pub use booking::{NTPN_LENGTH, PAYMENT_CHANNEL_MAX_CHARS};
pub use booking_limits::BookingLimitsDto;
pub use check_in::CheckInCodeDto;
pub use delivery::{
    CourierDto, DeliveryDto, DeliveryFeePaymentDto, DeliveryRequest, DispatchDto, DispatchRequest,
};
pub use devices::{DeviceDto, DeviceRequest};
pub use doc::{ApiDoc, SNAPSHOT_PATH};
pub use documents::{
    DocumentChecklistDto, DocumentChecklistItemDto, DocumentDto, DocumentList,
    DocumentMediaTypeDto, DocumentReadDto, DocumentReadPage, LanguageDto,
};
pub use enums::*;
pub use health::HealthDto;
pub use integrators::{
    ApplicationStatusChangedData, DeliveryStatusDto, EventTypeDto, INTEGRATOR_SECURITY,
    IntegratorApplicationDto, IntegratorCreateRequest, IntegratorCreatedDto, IntegratorDto,
    IntegratorPage, OAuthErrorCode, OAuthProblem, PassportIssuedData, PaymentReceivedData,
    ScopeDto, StatusEntryDto, TOKEN_PATH, TokenDto, TokenRequest, WebhookAttemptDto,
    WebhookCreateRequest, WebhookCreatedDto, WebhookDeliveryDto, WebhookDeliveryPage, WebhookDto,
    WebhookEventDto, WebhookPage,
};
pub use office_admin::{
    ChannelLoadDto, HolidayDto, HolidayList, HolidayQuery, KindLoadDto, OfficeCreateRequest,
    OfficePatch, OfficeSessionDto, OfficeSessionList, OfficeSettingsDto, OfficeSettingsPatch,
    SessionCapacityPatch, SessionChannelsDto, SessionTemplateDto, SessionTemplateList,
    SettlementDto, SettlementRequest, SettlementResolutionDto, TariffInForceRequest,
    TariffPriceDto, TariffScheduleDto, TariffScheduleList,
};
pub use office_processing::{
    AppointmentDto, AppointmentSessionDto, BiometricsDto, BiometricsRequest, CheckInRequest,
    DecisionDto, DecisionOutcomeDto, DecisionRequest, DocumentCheckDto, DocumentCheckRequest,
    EarlierPostponementDto, IndicatorCodeDto, IndicatorDto, IndicatorsDto, InterviewAnswerDto,
    InterviewDto, InterviewRequest, OfficeApplicantDto, OfficeApplicationDto,
    OfficeAppointmentsDto, OfficeAppointmentsQuery, OfficeBookingDto, SessionCapacityDto,
};
pub use offices::{
    DayRangeDto, OfficeDto, OfficeListQuery, OfficePage, OpeningHoursDto, PriorityPolicyDto,
    ReleaseRuleDto, ScopedReleaseRuleDto, first_rule, release_rules_dto,
};
pub use page::PageQuery;
pub use passports::{
    BenefitDto, HandOverRequest, IssuanceRequest, PassportDto, PassportHandOverDto, PassportPage,
    PassportStatusDto, RecipientKindDto,
};
pub use phone::{PhoneCodeRequest, WhatsAppConsentRequest};
pub use privacy::{
    ConsentDto, ConsentPage, ConsentPurposeDto, CorrectionDto, CorrectionList, CorrectorDto,
    DataExportDto, ExportProgressDto, ExportStateDto, OfficeCorrectionRequest,
};
pub use problem::{FieldError, PROBLEM_CONTENT_TYPE, Problem};
pub use quote::{PassportOptionDto, QuoteDto, QuoteLineDto, QuoteQuery};
pub use receipt::{
    ApplicationPaymentDto, ReceiptAppointmentDto, ReceiptDto, ReceiptItemDto, ReceiptPaymentDto,
};
pub use screening::{
    CountryCodeDto, ScreeningDto, ScreeningPage, ScreeningPolicyDto, ScreeningPolicyPage,
    ScreeningPolicyRequest,
};
pub use service_status::{
    ServiceStateDto, ServiceStatusDto, ServiceStatusMessages, ServiceStatusRequest,
};
pub use settlement::{
    SettlementCountsDto, SettlementLineDto, SettlementLineListQuery, SettlementLinePage,
    SettlementOutcomeDto, SettlementReportDetailDto, SettlementReportDto,
};
pub use tracking::{TrackingDto, TrackingRequest};
pub use validity::{ValidityDto, ValidityQuery};
pub use validity_rules::{
    ValidityRulesCreateRequest, ValidityRulesDto, ValidityRulesInForceRequest, ValidityRulesList,
};
pub use walk_in_only_days::{
    MAX_WALK_IN_ONLY_REASON_CHARS, WalkInOnlyDayDto, WalkInOnlyDayList, WalkInOnlyDayRequest,
    WalkInOnlyReasons,
};
pub use walk_ins::{
    ExaminationDto, ExaminationReasonDto, PriorityClaimDto, PriorityGroundDto, WalkInCreateRequest,
    WalkInDto, WalkInKindDto, WalkInPage, WalkInQuery,
};
