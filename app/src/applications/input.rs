//! Turning the wire form of a draft into what is stored, collecting every problem so that
//! the app can show them all at once.

use paspor_domain::validity::MAX_YEARS;
use paspor_domain::{ApplicationKind, CountryCode};
use paspor_openapi::{ApplicationCreateRequest, ApplicationPatch, TravelDto};
use paspor_persistence::applications::DraftContent;

use super::ApplicationError;
use crate::locale::{Message, Text};
use crate::said::field;

/// The longest free-text answer accepted.
const MAX_TEXT_CHARS: usize = 500;
/// The longest stay accepted, in days: ten years.
const MAX_STAY_DAYS: u32 = 3650;
/// The longest office id accepted (ids are UUIDs).
const MAX_OFFICE_ID_CHARS: usize = 64;

/// "must be from 1 to `max`".
fn range(max: impl Into<crate::locale::Arg>) -> Text {
    Message::new("field-range").with("max", max).into()
}

/// A trimmed optional text: blank is absent; too long (counted as sent, as the schema's
/// `maxLength`) or with control characters (its `pattern`) is a problem for `field`.
fn text(
    field: &str,
    value: Option<&str>,
    max: usize,
    problems: &mut Vec<(String, Text)>,
) -> Option<String> {
    let sent = value?;
    let value = Some(sent.trim()).filter(|v| !v.is_empty())?;
    if sent.chars().count() > max {
        problems.push((field.to_owned(), field::too_long(max).into()));
    } else if value.chars().any(char::is_control) {
        problems.push((field.to_owned(), field::control_characters().into()));
    }
    Some(value.to_owned())
}

/// Checks the parts of a draft and puts them together.
pub fn draft_content(
    passport_kind: paspor_openapi::PassportKindDto,
    application_kind: paspor_openapi::ApplicationKindCodeDto,
    replacement_reason: Option<paspor_openapi::ReplacementReasonDto>,
    service: paspor_openapi::ServiceDto,
    travel: &TravelDto,
) -> Result<DraftContent, ApplicationError> {
    let mut problems = Vec::new();
    // Which kinds take which reason is a rule the schema cannot state.
    let mut rules = Vec::new();
    let kind =
        ApplicationKind::from_parts(application_kind.into(), replacement_reason.map(Into::into))
            .map_err(|error| rules.push(("replacement_reason".to_owned(), error.into())))
            .ok();
    let destination = CountryCode::parse(&travel.destination_country)
        .map_err(|error| {
            problems.push(("travel.destination_country".to_owned(), error.into()));
        })
        .ok();
    if let Some(days) = travel.length_of_stay_days
        && !(1..=MAX_STAY_DAYS).contains(&days)
    {
        problems.push((
            "travel.length_of_stay_days".to_owned(),
            range(MAX_STAY_DAYS),
        ));
    }
    let address_abroad = text(
        "travel.address_abroad",
        travel.address_abroad.as_deref(),
        MAX_TEXT_CHARS,
        &mut problems,
    );
    let contact_name = text(
        "travel.contact_name",
        travel.contact_name.as_deref(),
        200,
        &mut problems,
    );
    let contact_phone = text(
        "travel.contact_phone",
        travel.contact_phone.as_deref(),
        32,
        &mut problems,
    );
    let accommodation = text(
        "travel.accommodation",
        travel.accommodation.as_deref(),
        MAX_TEXT_CHARS,
        &mut problems,
    );
    let (Some(application_kind), Some(destination), true) =
        (kind, destination, problems.is_empty() && rules.is_empty())
    else {
        return Err(if problems.is_empty() {
            ApplicationError::Rejected(rules)
        } else {
            problems.append(&mut rules);
            ApplicationError::Invalid(problems)
        });
    };
    if application_kind.needs_examination() {
        return Err(ApplicationError::NeedsOffice);
    }
    Ok(DraftContent {
        passport_kind: passport_kind.into(),
        application_kind,
        service: service.into(),
        travel_purpose: travel.purpose.into(),
        destination,
        planned_departure: travel.planned_departure,
        address_abroad,
        length_of_stay_days: travel.length_of_stay_days,
        contact_name,
        contact_phone,
        has_return_ticket: travel.has_return_ticket,
        accommodation,
        labour_recommendation_letter: travel.labour_recommendation_letter,
        validity_years: None,
        office_id: None,
    })
}

/// What breaks the schema in a draft's validity and office (what is offered is checked
/// against the rules in force: see `super::choice`).
fn choice_problems(validity_years: Option<u32>, office_id: Option<&str>) -> Vec<(String, Text)> {
    let mut problems = Vec::new();
    if let Some(years) = validity_years
        && !(1..=MAX_YEARS).contains(&years)
    {
        problems.push(("validity_years".to_owned(), range(MAX_YEARS)));
    }
    if let Some(id) = office_id {
        if id.chars().count() > MAX_OFFICE_ID_CHARS {
            problems.push((
                "office_id".to_owned(),
                field::too_long(MAX_OFFICE_ID_CHARS).into(),
            ));
        } else if id.chars().any(char::is_control) {
            problems.push(("office_id".to_owned(), field::control_characters().into()));
        }
    }
    problems
}

/// The content checked by [`draft_content`] with the validity and office chosen, every
/// problem of either told at once.
fn with_choice(
    content: Result<DraftContent, ApplicationError>,
    validity_years: Option<u32>,
    office_id: Option<&str>,
) -> Result<DraftContent, ApplicationError> {
    let mut problems = choice_problems(validity_years, office_id);
    match content {
        Ok(mut content) if problems.is_empty() => {
            content.validity_years = validity_years;
            content.office_id = office_id.map(str::to_owned);
            Ok(content)
        }
        Ok(_) => Err(ApplicationError::Invalid(problems)),
        Err(ApplicationError::Invalid(mut others)) => {
            others.append(&mut problems);
            Err(ApplicationError::Invalid(others))
        }
        // Schema problems first, then the rules, as `draft_content` tells them.
        Err(ApplicationError::Rejected(mut rules)) if !problems.is_empty() => {
            problems.append(&mut rules);
            Err(ApplicationError::Invalid(problems))
        }
        Err(other) => Err(other),
    }
}

/// The content of a new draft.
pub fn new_draft(request: &ApplicationCreateRequest) -> Result<DraftContent, ApplicationError> {
    let content = draft_content(
        request.passport_kind,
        request.application_kind,
        request.replacement_reason,
        request.service,
        &request.travel,
    );
    with_choice(
        content,
        request.validity_years,
        request.office_id.as_deref(),
    )
}

/// The content of a draft after a patch: absent fields keep their stored values.
pub fn patched_draft(
    current: &DraftContent,
    patch: &ApplicationPatch,
) -> Result<DraftContent, ApplicationError> {
    let kind = patch
        .application_kind
        .unwrap_or_else(|| current.application_kind.code().into());
    // A reason given alone changes the reason; a kind given alone keeps the stored reason
    // only where it still fits (a new passport has none).
    let reason = match (patch.application_kind, patch.replacement_reason) {
        (_, Some(reason)) => Some(reason),
        (Some(paspor_openapi::ApplicationKindCodeDto::New), None) => None,
        _ => current
            .application_kind
            .replacement_reason()
            .map(Into::into),
    };
    let travel = patch.travel.clone().unwrap_or_else(|| travel_dto(current));
    let content = draft_content(
        patch
            .passport_kind
            .unwrap_or_else(|| current.passport_kind.into()),
        kind,
        reason,
        patch.service.unwrap_or_else(|| current.service.into()),
        &travel,
    );
    let validity_years = patch.validity_years.unwrap_or(current.validity_years);
    let office_id = match &patch.office_id {
        Some(office_id) => office_id.as_deref(),
        None => current.office_id.as_deref(),
    };
    with_choice(content, validity_years, office_id)
}

/// Whether a patch changes what is offered or chosen: the kind, the term or the office.
pub fn changes_choice(patch: &ApplicationPatch) -> bool {
    patch.passport_kind.is_some() || patch.validity_years.is_some() || patch.office_id.is_some()
}

/// The wire form of a draft's trip and questionnaire.
pub fn travel_dto(content: &DraftContent) -> TravelDto {
    TravelDto {
        purpose: content.travel_purpose.into(),
        destination_country: content.destination.as_str().to_owned(),
        planned_departure: content.planned_departure,
        address_abroad: content.address_abroad.clone(),
        length_of_stay_days: content.length_of_stay_days,
        contact_name: content.contact_name.clone(),
        contact_phone: content.contact_phone.clone(),
        has_return_ticket: content.has_return_ticket,
        accommodation: content.accommodation.clone(),
        labour_recommendation_letter: content.labour_recommendation_letter,
    }
}
