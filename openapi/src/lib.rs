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
mod check_in;
mod devices;
mod doc;
mod documents;
mod enums;
mod health;
mod integral;
mod offices;
mod page;
mod problem;
mod quote;
mod validity;

pub use accounts::{
    AcceptedDto, AccountDto, AccountPatch, EmailRequest, LoginRequest, PasswordChangeRequest,
    PasswordResetConfirmRequest, RefreshRequest, RegisterRequest, StaffCreateRequest, StaffPage,
    TokenPairDto, VerifyEmailRequest,
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
    AvailabilityDto, AvailabilityQuery, ChannelPlaces, DayDto, Places, SessionDto,
};
pub use booking::{
    BookingDto, BookingRequest, BookingStateDto, OfferDto, PaymentAckDto, PaymentDto,
    PaymentListQuery, PaymentNoticeRequest, PaymentPage, PaymentResultDto, PaymentStatusDto,
    WaitlistDto, WaitlistRequest, WaitlistStatusDto,
};
pub use check_in::CheckInCodeDto;
pub use devices::{DeviceDto, DeviceRequest};
pub use doc::{ApiDoc, SNAPSHOT_PATH};
pub use documents::{DocumentDto, DocumentList, DocumentMediaTypeDto};
pub use enums::*;
pub use health::HealthDto;
pub use offices::{
    OfficeDto, OfficeListQuery, OfficePage, OpeningHoursDto, PriorityPolicyDto, ReleaseRuleDto,
};
pub use page::PageQuery;
pub use problem::{FieldError, PROBLEM_CONTENT_TYPE, Problem};
pub use quote::{QuoteDto, QuoteLineDto, QuoteQuery};
pub use validity::{ValidityDto, ValidityQuery};
