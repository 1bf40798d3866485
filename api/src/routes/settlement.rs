//! The payment channel's settlement reports (system admins): importing one, reading it with
//! what became of each line, and listing the lines of one outcome across reports.

use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, get, post, web};
use paspor_app::auth::SystemAdmin;
use paspor_app::locale::Message;
use paspor_app::settlement::{import_report, list_lines, show_report};
use paspor_app::state::AppState;
use paspor_openapi::{
    PageQuery, Problem, SettlementLineListQuery, SettlementLinePage, SettlementReportDetailDto,
    SettlementReportDto,
};

use crate::auth::AdmittedWith;
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::problem::ProblemKind;

/// The largest settlement report: 20,000 lines of at most ~110 bytes.
pub const SETTLEMENT_REPORT_BYTES: usize = 4 * 1024 * 1024;

/// Imports the payment channel's daily settlement report (system admins), a CSV file
/// (`Content-Type: text/csv`, or `application/octet-stream` for clients that send files
/// only as bytes; at most 4 MiB and 20,000 lines): the header
/// `billing_code,amount,ntpn,paid_at` (optionally `,channel`), then one payment a line.
/// A file that breaks the format imports nothing: 422 naming the line. Each line is
/// matched by its billing code and amount and reconciled (see `SettlementOutcome`): a
/// payment made before its deadline whose notice never came is applied, on its place if
/// still held or free, else on the nearest free session of the same office (the person is
/// told), else without a place (the person books one). The same file again is the same
/// report (200, nothing applied twice; lines left pending by an interrupted import are
/// reconciled then).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body(
        description = "The settlement report's bytes, as the channel sends it (CSV, UTF-8)",
        content(("text/csv"), ("application/octet-stream"))
    ),
    responses(
        (status = 201, description = "Imported: the report with how many lines came to each outcome", body = SettlementReportDto),
        (status = 200, description = "This file was imported before: the report as it stands", body = SettlementReportDto),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 4 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is sent neither as text/csv nor as application/octet-stream", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file breaks the format (a bad header, a line that is not UTF-8 or has a field out of the format, the same payment twice, no line, too many lines): nothing imported; the problem names the line", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("")]
pub async fn import_settlement_report(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, body): AdmittedWith<SystemAdmin, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let is_file = request.mime_type().ok().flatten().is_some_and(|mime| {
        (mime.type_() == "text" && mime.subtype() == "csv")
            || (mime.type_() == "application" && mime.subtype() == "octet-stream")
    });
    if !is_file {
        return Err(ApiError::new(
            ProblemKind::UnsupportedMediaType,
            Message::new("settlement-report-content-type"),
        ));
    }
    let imported = import_report(&state, &system_admin, &body).await?;
    Ok(if imported.created {
        HttpResponse::Created().json(imported.report)
    } else {
        HttpResponse::Ok().json(imported.report)
    })
}

/// A settlement report (system admins): how many lines came to each outcome, and one page
/// of its lines in file order, each with its outcome and why.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The report's id"), PageQuery),
    responses(
        (status = 200, description = "The report and a page of its lines", body = SettlementReportDetailDto),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}")]
pub async fn show_settlement_report(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, QueryParams(paging)): AdmittedWith<
        SystemAdmin,
        QueryParams<PageQuery>,
    >,
    id: web::Path<String>,
) -> Result<web::Json<SettlementReportDetailDto>, ApiError> {
    Ok(web::Json(
        show_report(&state, &system_admin, id.into_inner(), paging).await?,
    ))
}

/// The lines of every settlement report with one outcome (system admins), oldest report
/// first: `unmatched` ones (an unknown billing code, another amount than the one due) are
/// for an admin to look into; `refund` ones are kept as unmatched payments to settle as
/// refunded (`POST /v1/admin/payments/{id}/settlement`).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(SettlementLineListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of lines", body = SettlementLinePage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/settlement-lines")]
pub async fn list_settlement_lines(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, (QueryParams(filter), QueryParams(paging))): AdmittedWith<
        SystemAdmin,
        (QueryParams<SettlementLineListQuery>, QueryParams<PageQuery>),
    >,
) -> Result<web::Json<SettlementLinePage>, ApiError> {
    Ok(web::Json(
        list_lines(&state, &system_admin, filter, paging).await?,
    ))
}
