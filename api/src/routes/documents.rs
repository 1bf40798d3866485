//! An application's documents: uploaded as the raw file (JPEG, PNG or PDF, at most 5 MiB)
//! one per kind, listed, and fetched back byte for byte with its checksum as `ETag`.
//!
//! Who looked at them (`document-reads`): each read by office staff, for the applicant.
//!
//! The document routes live in a scope of their own (see `routes::configure`) because an upload
//! is the one body the API takes past its 64 KiB limit.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use paspor_app::auth::Applicant;
use paspor_domain::{DocumentKind, MAX_DOCUMENT_BYTES};
use paspor_openapi::{
    DocumentDto, DocumentKindDto, DocumentList, DocumentReadPage, PageQuery, Problem,
};

use crate::auth::{AdmittedWith, Bearer};
use crate::error::ApiError;
use crate::etag;
use crate::extract::QueryParams;
use crate::problem::ProblemKind;
use paspor_app::documents;
use paspor_app::locale::{Message, Text};
use paspor_app::state::AppState;

/// The body limit of the document routes, for their scope's `PayloadConfig`.
pub const MAX_UPLOAD_BYTES: usize = MAX_DOCUMENT_BYTES;

/// A body that could not be read, as a problem: past the limit, 413 saying what the limit
/// is; otherwise (a broken upload) 400.
fn unreadable_body(error: &actix_web::Error) -> ApiError {
    let status = error.as_response_error().status_code();
    if status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            ProblemKind::PayloadTooLarge,
            Message::new("document-too-large").with("max", MAX_DOCUMENT_BYTES),
        )
    } else {
        // A broken upload: the library's own words, which are not this service's.
        ApiError::new(
            ProblemKind::MalformedBody,
            Text::Verbatim(error.to_string()),
        )
    }
}

/// The `ETag` of a document: its SHA-256, quoted.
fn entity_tag(sha256: &str) -> String {
    format!("\"{sha256}\"")
}

/// Uploads a document of one of the caller's applications, replacing the one of its kind.
/// The body is the file itself: JPEG, PNG or PDF, recognised from its first bytes (the
/// `Content-Type` header is ignored), at most 5 MiB. Accepted while the application is a
/// draft, awaiting payment or paid, and while the office awaits documents it found missing.
#[utoipa::path(
    operation_id = "upload_document",
    tag = "documents",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("kind" = DocumentKindDto, Path, description = "Which document")
    ),
    request_body(
        description = "The file's raw bytes: a JPEG, PNG or PDF of at most 5 MiB (5,242,880 bytes), recognised from its content whatever the Content-Type says",
        content(
            ("application/octet-stream"),
            ("image/jpeg"),
            ("image/png"),
            ("application/pdf")
        )
    ),
    responses(
        (status = 201, description = "Stored: the application's first document of this kind", body = DocumentDto,
            headers(
                ("Location" = String, description = "The document's address"),
                ("ETag" = String, description = "The quoted SHA-256 of the content")
            )),
        (status = 200, description = "Stored, replacing the document of this kind", body = DocumentDto,
            headers(("ETag" = String, description = "The quoted SHA-256 of the content"))),
        (status = 400, description = "The kind is none of the documents known, or the body was cut short", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants upload", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application no longer takes documents (it is past payment: checked in, decided, expired or cancelled)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 5 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The file is not a JPEG, PNG or PDF", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The document store cannot be written, or the database reached: nothing was recorded; try again shortly", body = Problem, content_type = "application/problem+json"),
        (status = 507, description = "The document store is full: nothing was recorded", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/{kind}")]
pub async fn upload(
    state: web::Data<AppState>,
    AdmittedWith(applicant, path): AdmittedWith<Applicant, web::Path<(String, DocumentKindDto)>>,
    body: Result<web::Bytes, actix_web::Error>,
) -> Result<HttpResponse, ApiError> {
    let content = body.map_err(|error| unreadable_body(&error))?;
    let (id, kind) = path.into_inner();
    let kind = DocumentKind::from(kind);
    let location = format!("/v1/applications/{id}/documents/{kind}");
    let uploaded = documents::upload_document(&state, &applicant, id, kind, content).await?;
    let mut response = if uploaded.replaced {
        HttpResponse::Ok()
    } else {
        HttpResponse::Created()
    };
    if !uploaded.replaced {
        response.insert_header((header::LOCATION, location));
    }
    Ok(response
        .insert_header((header::ETAG, entity_tag(&uploaded.document.sha256)))
        .json(uploaded.document))
}

/// The documents of an application: the applicant's own, or (for its officers and office
/// admins) one booked at the caller's office.
#[utoipa::path(
    operation_id = "list_documents",
    tag = "documents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The documents uploaded so far, in a fixed order of kinds", body = DocumentList),
        (status = 404, description = "No such application that the caller may see", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<web::Json<DocumentList>, ApiError> {
    Ok(web::Json(
        documents::list_documents(&state, &principal, id.into_inner()).await?,
    ))
}

/// One document, byte for byte, with the type it was recognised as. Send its `ETag` back in
/// `If-None-Match` to get a 304 while it is unchanged.
#[utoipa::path(
    operation_id = "show_document",
    tag = "documents",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("kind" = DocumentKindDto, Path, description = "Which document"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of the copy the client holds")
    ),
    responses(
        (status = 200, description = "The file as uploaded",
            content(
                ("image/jpeg"),
                ("image/png"),
                ("application/pdf")
            ),
            headers(
                ("Content-Length" = u64, description = "The file's length in bytes"),
                ("ETag" = String, description = "The quoted SHA-256 of the content"),
                ("X-Content-Type-Options" = String, description = "Always `nosniff`: the type given is the type recognised")
            )),
        (status = 304, description = "Unchanged since the ETag given",
            headers(("ETag" = String, description = "The quoted SHA-256 of the content"))),
        (status = 400, description = "The kind is none of the documents known", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application that the caller may see, or it has no document of this kind", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The document store cannot be read, or the database reached; try again shortly", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{kind}")]
pub async fn show(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    request: HttpRequest,
    path: web::Path<(String, DocumentKindDto)>,
) -> Result<HttpResponse, ApiError> {
    let (id, kind) = path.into_inner();
    let record = documents::find_document(&state, &principal, id, kind.into()).await?;
    let tag = entity_tag(&record.sha256);
    let cached = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| etag::matches(value, &tag));
    let mut response = if cached {
        HttpResponse::NotModified().finish()
    } else {
        let file = documents::fetch_document(&state, record).await?;
        HttpResponse::Ok()
            .content_type(file.media_type.as_str())
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .body(file.content)
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    // Identity documents: private to the caller, revalidated before each use.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(response)
}

/// Who looked at the documents of one of the caller's applications: each time an officer
/// or office admin read one, which office, which document and when, oldest first. The
/// officer is not named; the applicant's own reads are not listed.
#[utoipa::path(
    operation_id = "list_document_reads",
    tag = "documents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id"), PageQuery),
    responses(
        (status = 200, description = "A page of the reads of the application's documents by office staff", body = DocumentReadPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants read this", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/document-reads")]
pub async fn reads(
    state: web::Data<AppState>,
    AdmittedWith(applicant, QueryParams(paging)): AdmittedWith<Applicant, QueryParams<PageQuery>>,
    id: web::Path<String>,
) -> Result<web::Json<DocumentReadPage>, ApiError> {
    Ok(web::Json(
        documents::list_document_reads(&state, &applicant, id.into_inner(), paging).await?,
    ))
}
