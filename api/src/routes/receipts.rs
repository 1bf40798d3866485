//! The receipt of a paid application, for its owner and for the staff of its office: JSON
//! or PDF by the request's `Accept`, in the language `Accept-Language` names or else the
//! account's saved one.

use actix_web::http::header::{self, Accept, Header as _, QualityItem};
use actix_web::{HttpRequest, HttpResponse, get, web};
use paspor_app::auth::Applicant;
use paspor_app::locale::Language;
use paspor_app::office::OfficeStaff;
use paspor_app::receipt::{pdf, show_office_receipt, show_receipt};
use paspor_openapi::{Problem, ReceiptDto};

use crate::auth::Admitted;
use crate::error::ApiError;
use crate::language::{AcceptLanguage, json_in};
use crate::security_headers::no_store;
use paspor_app::state::AppState;

/// The PDF media type.
const PDF: &str = "application/pdf";

/// Whether the request prefers the PDF: `application/pdf` ranked above
/// `application/json` and above any wildcard JSON would satisfy. Anything else (no
/// `Accept`, `*/*`, a type neither form is, a malformed header) gets JSON, the API's
/// default, rather than a refusal.
fn wants_pdf(request: &HttpRequest) -> bool {
    let Ok(accept) = Accept::parse(request) else {
        return false;
    };
    // Weighed 0 means "not this".
    let wanted: Vec<QualityItem<actix_web::mime::Mime>> = accept
        .0
        .into_iter()
        .filter(|item| item.quality > header::Quality::ZERO)
        .collect();
    Accept(wanted)
        .ranked()
        .into_iter()
        .find_map(
            |mime| match (mime.type_().as_str(), mime.subtype().as_str()) {
                ("application", "pdf") => Some(true),
                ("application", "json" | "*") | ("*", "*") => Some(false),
                _ => None,
            },
        )
        .unwrap_or(false)
}

/// The language the request names, when it sends `Accept-Language` at all; without one the
/// receipt is in the account's saved language.
fn named_language(request: &HttpRequest, negotiated: Language) -> Option<Language> {
    request
        .headers()
        .contains_key(header::ACCEPT_LANGUAGE)
        .then_some(negotiated)
}

/// The receipt as the request asks for it; never stored by caches (it holds the
/// check-in code, a secret as `GET .../check-in-code` is).
fn answer(request: &HttpRequest, receipt: &ReceiptDto) -> Result<HttpResponse, ApiError> {
    let language = Language::from(receipt.language);
    let response = if wants_pdf(request) {
        let body = pdf::render(receipt, language).map_err(ApiError::internal)?;
        HttpResponse::Ok()
            .content_type(PDF)
            .insert_header((header::CONTENT_LANGUAGE, language.tag()))
            .append_header((header::VARY, "Accept, Accept-Language"))
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename=\"receipt-{}.pdf\"",
                    receipt.application_id
                ),
            ))
            .body(body)
    } else {
        let mut response = json_in(language, receipt);
        response
            .headers_mut()
            .append(header::VARY, header::HeaderValue::from_static("Accept"));
        response
    };
    Ok(no_store(response))
}

/// The receipt of a paid application: the applicant, the items and total paid, the NTPN
/// and bank or channel, the billing code, the appointment (office, address, local date and
/// time with WIB, WITA or WIT) and the check-in code, while one is due (in the PDF as a QR
/// code). JSON by default; a PDF when `Accept` prefers `application/pdf`. Texts in Bahasa
/// Indonesia unless `Accept-Language` asks for English (`en`). Given once the payment is
/// received, and kept after check-in or cancellation (fees are not refunded).
#[utoipa::path(
    operation_id = "show_receipt",
    tag = "applications",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Accept" = Option<String>, Header, description = "`application/pdf` for the PDF; JSON otherwise"),
        ("Accept-Language" = Option<String>, Header, description = "`en` for English texts, Bahasa Indonesia (`id`) for any other value; without the header, the language saved on the applying account")
    ),
    responses(
        (status = 200, description = "The receipt",
            content(
                (ReceiptDto = "application/json"),
                ("application/pdf")
            ),
            headers(
                ("Content-Language" = String, description = "The language of the texts: `id` or `en`"),
                ("Vary" = String, description = "`Accept-Language` and `Accept`"),
                ("Cache-Control" = String, description = "Always `no-store`: the receipt holds the check-in code")
            )),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not paid (the detail gives its status): no receipt yet", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/receipt")]
pub async fn show_application_receipt(
    state: web::Data<AppState>,
    request: HttpRequest,
    Admitted(applicant): Admitted<Applicant>,
    AcceptLanguage(asked): AcceptLanguage,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let asked = named_language(&request, asked);
    let receipt = show_receipt(&state, &applicant, id.into_inner(), asked).await?;
    answer(&request, &receipt)
}

/// The receipt of an application booked at the caller's office (officers and office
/// admins), the same as its owner gets: JSON, or a PDF when `Accept` prefers
/// `application/pdf`, in the language `Accept-Language` names or else the
/// applying account's saved one.
#[utoipa::path(
    operation_id = "show_office_receipt",
    tag = "office",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Accept" = Option<String>, Header, description = "`application/pdf` for the PDF; JSON otherwise"),
        ("Accept-Language" = Option<String>, Header, description = "`en` for English texts, Bahasa Indonesia (`id`) for any other value; without the header, the language saved on the applying account")
    ),
    responses(
        (status = 200, description = "The receipt",
            content(
                (ReceiptDto = "application/json"),
                ("application/pdf")
            ),
            headers(
                ("Content-Language" = String, description = "The language of the texts: `id` or `en`"),
                ("Vary" = String, description = "`Accept-Language` and `Accept`"),
                ("Cache-Control" = String, description = "Always `no-store`: the receipt holds the check-in code")
            )),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not paid (the detail gives its status): no receipt yet", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/applications/{id}/receipt")]
pub async fn show_office_application_receipt(
    state: web::Data<AppState>,
    request: HttpRequest,
    Admitted(staff): Admitted<OfficeStaff>,
    AcceptLanguage(asked): AcceptLanguage,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let asked = named_language(&request, asked);
    let receipt = show_office_receipt(&state, &staff, id.into_inner(), asked).await?;
    answer(&request, &receipt)
}
