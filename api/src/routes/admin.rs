//! What system admins manage: staff accounts, offices, which tariff schedules are in
//! force, the validity rule sets, the limits on bookings and the trafficking screening
//! policy. Every change appends an audit record.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use paspor_app::auth::SystemAdmin;
use paspor_app::entity_tag::IfMatch;
use paspor_openapi::{
    AccountDto, BookingLimitsDto, OfficeCreateRequest, OfficeDto, OfficePatch, PageQuery, Problem,
    ScreeningPolicyDto, ScreeningPolicyPage, ScreeningPolicyRequest, StaffCreateRequest, StaffPage,
    StaffPatch, TariffInForceRequest, TariffScheduleList, ValidityRulesCreateRequest,
    ValidityRulesDto, ValidityRulesInForceRequest, ValidityRulesList,
};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::etag::json_or_not_modified;
use crate::extract::{Json, QueryParams, parse_json};
use crate::idempotency::{self, Answer, KEY_OPTIONAL};
use paspor_app::accounts;
use paspor_app::office::admin;
use paspor_app::state::AppState;

/// Staff accounts, oldest first (system admins only).
#[utoipa::path(
    operation_id = "list_staff",
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of staff accounts", body = StaffPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/users")]
pub async fn list_staff(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, QueryParams(paging)): AdmittedWith<
        SystemAdmin,
        QueryParams<PageQuery>,
    >,
) -> Result<web::Json<StaffPage>, ApiError> {
    Ok(web::Json(
        accounts::list_staff(&state, &system_admin, paging).await?,
    ))
}

/// Creates a staff account, verified from the start (system admins only). Recorded in the
/// audit trail as `staff.create` (the account without secrets).
#[utoipa::path(
    operation_id = "create_staff",
    tag = "admin",
    security(("bearer" = [])),
    request_body = StaffCreateRequest,
    responses(
        (status = 201, description = "The account", body = AccountDto),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is a common one, the role is not a staff role, the office is missing, superfluous or unknown", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account with this email exists", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached right now, or the password checks queued ahead would keep this one waiting longer than allowed (a storm of sign-ins); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/users")]
pub async fn create_staff(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(body)): AdmittedWith<SystemAdmin, Json<StaffCreateRequest>>,
) -> Result<HttpResponse, ApiError> {
    let account = accounts::create_staff(&state, &system_admin, body.into()).await?;
    Ok(HttpResponse::Created().json(account))
}

/// Changes a staff account (system admins only): another role or office, or disabled (it
/// signs in no more) or enabled again. Every session of the account ends at once: its
/// access tokens are refused (401) from now on. Recorded as `staff.update`.
#[utoipa::path(
    operation_id = "update_staff",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The staff account's id")),
    request_body = StaffPatch,
    responses(
        (status = 200, description = "The account as it now stands", body = AccountDto),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff account", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The role is not a staff role, the office is missing, superfluous or unknown, or a system admin would disable their own account", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/users/{id}")]
pub async fn update_staff(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(patch)): AdmittedWith<SystemAdmin, Json<StaffPatch>>,
    id: web::Path<String>,
) -> Result<web::Json<AccountDto>, ApiError> {
    Ok(web::Json(
        accounts::update_staff(&state, &system_admin, id.into_inner(), patch).await?,
    ))
}

/// Creates an office with its policies and, optionally, its weekly sessions (system admins
/// only). Its dated sessions are created at once, so `GET /v1/offices/{id}/availability`
/// shows them. An `Idempotency-Key` is optional: a retry with the same key replays the
/// answer instead of creating a second office.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours)")),
    request_body = OfficeCreateRequest,
    responses(
        (status = 201, description = "The office", body = OfficeDto,
            headers(("Location" = String, description = "The office's address"))),
        (status = 400, description = "A field is invalid (each is named)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The office closes before it opens, a weekly session does not fit (overlap, outside the opening hours, ends before it starts), the release rules leave a day of the month out or release one twice (or both `release_rule` and `release_rules` were given), or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/offices")]
pub async fn create_office(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, body): AdmittedWith<SystemAdmin, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let input: OfficeCreateRequest = parse_json(&request, &body)?;
    let work = admin::create_office(&state, &system_admin, input)?;
    idempotency::write(
        &state,
        &system_admin,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        |office| Answer::created(office).at(format!("/v1/offices/{}", office.id)),
    )
    .await
}

/// Changes any descriptive field or policy of an office (system admins only). A new
/// release rule or time zone moves the release time of the sessions not yet released;
/// new opening hours must still hold the office's weekly sessions.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The office's id")),
    request_body = OfficePatch,
    responses(
        (status = 200, description = "The office as it now stands", body = OfficeDto),
        (status = 400, description = "A field is invalid (each is named)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The weekly sessions do not fit the new opening hours", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The office would close before it opens, or the release rules leave a day of the month out or release one twice (or both `release_rule` and `release_rules` were given)", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/offices/{id}")]
pub async fn update_office(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(patch)): AdmittedWith<SystemAdmin, Json<OfficePatch>>,
    id: web::Path<String>,
) -> Result<web::Json<OfficeDto>, ApiError> {
    Ok(web::Json(
        admin::update_office(&state, &system_admin, id.into_inner(), patch).await?,
    ))
}

/// Every tariff schedule with its prices and whether it is switched on (system admins
/// only). Of the schedules switched on, quotes use the latest effective on the date priced.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The schedules, oldest first", body = TariffScheduleList),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/tariff-schedules")]
pub async fn list_tariff_schedules(
    state: web::Data<AppState>,
    Admitted(system_admin): Admitted<SystemAdmin>,
) -> Result<web::Json<TariffScheduleList>, ApiError> {
    Ok(web::Json(
        admin::list_tariff_schedules(&state, &system_admin).await?,
    ))
}

/// Switches on exactly the schedules named, every other off (system admins only); quotes
/// and new bookings follow at once. The choice survives restarts: `PASPOR_TARIFF_SCHEDULES`
/// is applied at start only when its value changed since it was last applied.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = TariffInForceRequest,
    responses(
        (status = 200, description = "Every schedule, as now switched", body = TariffScheduleList),
        (status = 400, description = "The body is not such a request", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A code names no schedule, none is named, or none named is in force today", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/tariff-schedules/in-force")]
pub async fn set_tariff_schedules_in_force(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(body)): AdmittedWith<SystemAdmin, Json<TariffInForceRequest>>,
) -> Result<web::Json<TariffScheduleList>, ApiError> {
    Ok(web::Json(
        admin::set_tariffs_in_force(&state, &system_admin, body).await?,
    ))
}

/// Every validity rule set with its terms and whether it is switched on (system admins
/// only). Of the sets switched on, a passport's term comes from the latest effective on
/// its issue date.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rule sets, oldest first", body = ValidityRulesList),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/validity-rules")]
pub async fn list_validity_rules(
    state: web::Data<AppState>,
    Admitted(system_admin): Admitted<SystemAdmin>,
) -> Result<web::Json<ValidityRulesList>, ApiError> {
    Ok(web::Json(
        admin::list_validity_rules(&state, &system_admin).await?,
    ))
}

/// Adds a validity rule set: a regulation's terms from the date it applies (system admins
/// only). It is switched off unless `enabled` is true; rule sets are never changed, a new
/// regulation is a new set. Recorded in the audit trail as `validity_rules.create`. An
/// `Idempotency-Key` is optional: a retry with the same key replays the answer.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours)")),
    request_body = ValidityRulesCreateRequest,
    responses(
        (status = 201, description = "The rule set", body = ValidityRulesDto),
        (status = 400, description = "A field breaks the schema (each is named)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A rule set with this code exists, or a request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The adult terms are not one to ten terms of 1 to 10 years each named once, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/validity-rules")]
pub async fn create_validity_rules(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, body): AdmittedWith<SystemAdmin, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let input: ValidityRulesCreateRequest = parse_json(&request, &body)?;
    let work = admin::create_validity_rules(&state, &system_admin, input)?;
    idempotency::write(
        &state,
        &system_admin,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::created,
    )
    .await
}

/// Switches on exactly the validity rule sets named, every other off (system admins
/// only); quotes, drafts, bookings and issuance follow at once. Recorded in the audit
/// trail as `validity_rules.in_force`.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = ValidityRulesInForceRequest,
    responses(
        (status = 200, description = "Every rule set, as now switched", body = ValidityRulesList),
        (status = 400, description = "The body is not such a request", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A code names no rule set, none is named, or none named is in force today", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/validity-rules/in-force")]
pub async fn set_validity_rules_in_force(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(body)): AdmittedWith<
        SystemAdmin,
        Json<ValidityRulesInForceRequest>,
    >,
) -> Result<web::Json<ValidityRulesList>, ApiError> {
    Ok(web::Json(
        admin::set_validity_rules_in_force(&state, &system_admin, body).await?,
    ))
}

/// The limits a booking must pass besides a free place, which hold brokers back (system
/// admins only): a person whose bookings lapsed unpaid or were cancelled too often waits,
/// an account holds so many places awaiting payment at once, and makes so many bookings of
/// one release.
#[utoipa::path(
    operation_id = "show_booking_limits",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The limits in force", body = BookingLimitsDto),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/booking-limits")]
pub async fn show_booking_limits(
    state: web::Data<AppState>,
    Admitted(system_admin): Admitted<SystemAdmin>,
) -> Result<web::Json<BookingLimitsDto>, ApiError> {
    Ok(web::Json(
        admin::show_booking_limits(&state, &system_admin).await?,
    ))
}

/// Replaces the limits a booking must pass (system admins only); the next booking is
/// judged by them. Recorded in the audit trail as `booking_limits.update`.
#[utoipa::path(
    operation_id = "set_booking_limits",
    tag = "admin",
    security(("bearer" = [])),
    request_body = BookingLimitsDto,
    responses(
        (status = 200, description = "The limits now in force", body = BookingLimitsDto),
        (status = 400, description = "A field is missing or out of its bounds", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/booking-limits")]
pub async fn set_booking_limits(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(limits)): AdmittedWith<SystemAdmin, Json<BookingLimitsDto>>,
) -> Result<web::Json<BookingLimitsDto>, ApiError> {
    Ok(web::Json(
        admin::set_booking_limits(&state, &system_admin, limits).await?,
    ))
}

/// A version of the screening policy as answered: JSON with its ETag (the version's), or
/// 304 when `If-None-Match` names it.
fn policy_answer(
    request: &HttpRequest,
    policy: &ScreeningPolicyDto,
) -> Result<HttpResponse, ApiError> {
    let body = serde_json::to_vec(policy).map_err(ApiError::internal)?;
    Ok(json_or_not_modified(
        request,
        &admin::version_tag(policy.version),
        web::Bytes::from(body),
        HeaderValue::from_static("private, no-cache"),
    ))
}

/// The trafficking screening policy in force (system admins): the watched ages, the
/// watched destinations and the tourist stay that is long, with its version. Its `ETag`
/// is what a change sends back in `If-Match`.
#[utoipa::path(
    operation_id = "show_screening_policy",
    tag = "admin",
    security(("bearer" = [])),
    params(("If-None-Match" = Option<String>, Header, description = "The ETag of the version the client holds")),
    responses(
        (status = 200, description = "The policy in force", body = ScreeningPolicyDto,
            headers(("ETag" = String, description = "The version's tag, for `If-Match`"))),
        (status = 304, description = "Still the version whose ETag was given"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/screening-policy")]
pub async fn show_screening_policy(
    state: web::Data<AppState>,
    Admitted(system_admin): Admitted<SystemAdmin>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let policy = admin::show_screening_policy(&state, &system_admin).await?;
    policy_answer(&request, &policy)
}

/// Puts a new version of the screening policy in force (system admins), on condition that
/// `If-Match` names the version in force (its `ETag`): a change made meanwhile by someone
/// else is never undone unseen. Earlier versions are kept as they were, and so is every
/// screening judged by them; the next screening is judged by this one. Recorded in the
/// audit trail as `screening_policy.update`, with both versions.
#[utoipa::path(
    operation_id = "set_screening_policy",
    tag = "admin",
    security(("bearer" = [])),
    params(("If-Match" = Option<String>, Header, description = "The ETag of the version in force, as `GET` gave it (or `*`); without it the change is refused with 428")),
    request_body = ScreeningPolicyRequest,
    responses(
        (status = 200, description = "The new version, now in force", body = ScreeningPolicyDto,
            headers(("ETag" = String, description = "The new version's tag"))),
        (status = 400, description = "A field is missing, out of its bounds, or not a country code's form (two upper-case letters); the body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names another version than the one in force: the policy changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The watched ages end before they begin, a destination is a code no country has, or a destination is listed twice (`errors` names each)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match` was sent", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/screening-policy")]
pub async fn set_screening_policy(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, Json(body)): AdmittedWith<SystemAdmin, Json<ScreeningPolicyRequest>>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let if_match = match request.headers().get(header::IF_MATCH) {
        // A value that is not text names no version.
        Some(value) => IfMatch::parse(Some(value.to_str().unwrap_or_default())),
        None => IfMatch::Absent,
    };
    let policy = admin::set_screening_policy(&state, &system_admin, body, if_match).await?;
    policy_answer(&request, &policy)
}

/// The screening policy's versions, newest first (system admins).
#[utoipa::path(
    operation_id = "list_screening_policy_versions",
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of versions", body = ScreeningPolicyPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/screening-policy/versions")]
pub async fn list_screening_policy_versions(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, QueryParams(paging)): AdmittedWith<
        SystemAdmin,
        QueryParams<PageQuery>,
    >,
) -> Result<web::Json<ScreeningPolicyPage>, ApiError> {
    Ok(web::Json(
        admin::list_screening_policy_versions(&state, &system_admin, paging).await?,
    ))
}

/// One version of the screening policy (system admins): the one a screening names, to
/// explain a decision taken under it.
#[utoipa::path(
    operation_id = "show_screening_policy_version",
    tag = "admin",
    security(("bearer" = [])),
    params(("version" = u32, Path, minimum = 1, description = "The version, as a screening names it")),
    responses(
        (status = 200, description = "The version", body = ScreeningPolicyDto),
        (status = 400, description = "The version is not a number", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/screening-policy/versions/{version}")]
pub async fn show_screening_policy_version(
    state: web::Data<AppState>,
    Admitted(system_admin): Admitted<SystemAdmin>,
    version: web::Path<u32>,
) -> Result<web::Json<ScreeningPolicyDto>, ApiError> {
    Ok(web::Json(
        admin::show_screening_policy_version(&state, &system_admin, version.into_inner()).await?,
    ))
}
