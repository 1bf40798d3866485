//! Handing a ready passport over: to the holder, to a family member on the same family
//! card (whose number the officer checked), or to a proxy with a power of attorney (whose
//! reference is recorded). The record says who received it, what was checked, which
//! officer handed it over and when.

use chrono::{DateTime, Utc};
use paspor_domain::issuance::{FamilyCardNumber, PassportStatus, RecipientKind};
use paspor_domain::{ApplicationEvent, Nik};
use paspor_openapi::{HandOverRequest, PassportDto};
use paspor_persistence::passports::{self, HandOverRecord};
use paspor_persistence::{DbConnection, applications};
use serde::Serialize;

use super::access::{lock_at_office, next};
use super::view::passport_dto;
use super::{IssuanceError, notices};
use crate::audit::{self, Actor, Change};
use crate::locale::{Message, Text};
use crate::office::OfficeStaff;
use crate::office::notify::notify_holder;
use crate::refusal::Refusal;
use crate::said::field;
use crate::state::AppState;
use crate::write::Write;

/// The longest name or reference accepted.
const MAX_TEXT_CHARS: usize = 200;

/// The recipient as the request names them, each part checked on its own.
struct Recipient {
    kind: RecipientKind,
    name: Option<String>,
    nik: Option<Nik>,
    family_card: Option<FamilyCardNumber>,
    power_of_attorney: Option<String>,
}

/// A trimmed text: blank is absent; too long or with control characters is a problem.
fn text(field: &str, value: Option<String>, problems: &mut Vec<(String, Text)>) -> Option<String> {
    let value = value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())?;
    if value.chars().count() > MAX_TEXT_CHARS {
        problems.push((field.to_owned(), field::too_long(MAX_TEXT_CHARS).into()));
    } else if value.chars().any(char::is_control) {
        problems.push((field.to_owned(), field::control_characters().into()));
    }
    Some(value)
}

/// The schema's form of a NIK or family card number: 16 digits. What the digits encode is
/// the parser's rule to judge.
fn sixteen_digits(field: &str, value: &str, problems: &mut Vec<(String, Text)>) -> Option<()> {
    if value.len() == 16 && value.bytes().all(|b| b.is_ascii_digit()) {
        Some(())
    } else {
        problems.push((field.to_owned(), Message::new("sixteen-digits").into()));
        None
    }
}

fn required(kind: RecipientKind) -> Text {
    Message::new("recipient-required")
        .with("kind", kind.to_string())
        .into()
}

/// Checks that `value` is present exactly when `needed` for `kind`.
fn presence<T>(
    field: &str,
    value: &Option<T>,
    needed: bool,
    kind: RecipientKind,
    problems: &mut Vec<(String, Text)>,
) {
    match (value, needed) {
        (None, true) => problems.push((field.to_owned(), required(kind))),
        (Some(_), false) => problems.push((
            field.to_owned(),
            Message::new("recipient-not-applicable")
                .with("kind", kind.to_string())
                .into(),
        )),
        _ => {}
    }
}

/// Every problem of the request at once, or the recipient. The texts' form breaks the
/// schema (400); who must show what, and the numbers' encoded facts, are rules (422).
fn recipient(request: HandOverRequest) -> Result<Recipient, IssuanceError> {
    let kind = RecipientKind::from(request.recipient);
    let (mut problems, mut refusals) = (Vec::new(), Vec::new());
    let name = text("recipient_name", request.recipient_name, &mut problems);
    if name.is_none() && kind != RecipientKind::Holder {
        refusals.push(("recipient_name".to_owned(), required(kind)));
    }
    let nik = request.recipient_nik.and_then(|nik| {
        sixteen_digits("recipient_nik", &nik, &mut problems)?;
        Nik::parse(&nik)
            .map_err(|error| refusals.push(("recipient_nik".to_owned(), error.into())))
            .ok()
    });
    let named = |fields: &[(String, Text)]| fields.iter().any(|(f, _)| f == "recipient_nik");
    if nik.is_none() && kind.needs_nik() && !named(&problems) && !named(&refusals) {
        refusals.push(("recipient_nik".to_owned(), required(kind)));
    }
    let card = request.family_card_number.clone();
    presence(
        "family_card_number",
        &card,
        kind.needs_family_card(),
        kind,
        &mut refusals,
    );
    let family_card = card.filter(|_| kind.needs_family_card()).and_then(|card| {
        sixteen_digits("family_card_number", &card, &mut problems)?;
        FamilyCardNumber::parse(&card)
            .map_err(|error| refusals.push(("family_card_number".to_owned(), error.into())))
            .ok()
    });
    let attorney = text(
        "power_of_attorney_reference",
        request.power_of_attorney_reference,
        &mut problems,
    );
    presence(
        "power_of_attorney_reference",
        &attorney,
        kind.needs_power_of_attorney(),
        kind,
        &mut refusals,
    );
    if !problems.is_empty() {
        problems.extend(refusals);
        return Err(IssuanceError::Invalid(problems));
    }
    if !refusals.is_empty() {
        return Err(IssuanceError::Rejected(refusals));
    }
    Ok(Recipient {
        kind,
        name,
        nik,
        family_card,
        power_of_attorney: attorney,
    })
}

impl Recipient {
    /// The record of the hand-over of the passport of the person `holder_nik`, named
    /// `holder_name`: the holder is the holder, anyone else is not.
    fn record(
        self,
        holder_nik: &str,
        holder_name: &str,
        officer: &str,
        at: DateTime<Utc>,
    ) -> Result<HandOverRecord, IssuanceError> {
        let is_holder = self.nik.as_ref().map(|nik| nik.as_str() == holder_nik);
        match (self.kind, is_holder) {
            (RecipientKind::Holder, Some(false)) => {
                return Err(IssuanceError::refused(
                    "recipient_nik",
                    Message::new("recipient-not-holder"),
                ));
            }
            (RecipientKind::FamilyMember | RecipientKind::Proxy, Some(true)) => {
                return Err(IssuanceError::refused(
                    "recipient_nik",
                    Message::new("recipient-is-holder"),
                ));
            }
            _ => {}
        }
        Ok(HandOverRecord {
            recipient: self.kind,
            recipient_name: self.name.unwrap_or_else(|| holder_name.to_owned()),
            recipient_nik: self.nik.map(String::from),
            family_card_number: self.family_card.map(String::from),
            power_of_attorney_reference: self.power_of_attorney,
            officer_id: officer.to_owned(),
            at,
        })
    }
}

/// The hand-over as the audit trail keeps it: everything checked.
#[derive(Serialize)]
struct HandOverAudit<'a> {
    passport: &'a PassportDto,
    recipient: RecipientKind,
    recipient_name: &'a str,
    recipient_nik: Option<&'a str>,
    family_card_number: Option<&'a str>,
    power_of_attorney_reference: Option<&'a str>,
}

/// Hands the ready passport of application `id` over at the caller's office.
pub fn hand_over(
    state: &AppState,
    principal: &OfficeStaff,
    id: String,
    request: HandOverRequest,
) -> Result<Write<PassportDto, IssuanceError>, Refusal> {
    let office = principal.office().to_owned();
    let recipient = recipient(request)?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        hand_over_in(conn, &actor, &office, &id, recipient, now)
    }))
}

/// Inside a write transaction: the checks, the record, the moves, the audit record and the
/// notice.
fn hand_over_in(
    conn: &mut DbConnection,
    actor: &Actor,
    office: &str,
    id: &str,
    recipient: Recipient,
    now: DateTime<Utc>,
) -> Result<PassportDto, IssuanceError> {
    let (mut application, facts) = lock_at_office(conn, id, office)?;
    let to = next(facts.status, ApplicationEvent::HandOver)?;
    let passport = passports::find_by_application(conn, id)?
        .ok_or_else(|| anyhow::anyhow!("ready application {id} has no passport"))?;
    let before = passport_dto(passport.clone());
    let record = recipient.record(
        &passport.holder_nik,
        &passport.holder_name,
        &actor.account,
        now,
    )?;
    passports::insert_hand_over(conn, &passport.id, &record)?;
    let moved = passports::set_status(
        conn,
        &passport.id,
        PassportStatus::Ready,
        PassportStatus::Collected,
        now,
    )?;
    let note = format!(
        "handed over to {} ({})",
        record.recipient_name, record.recipient
    );
    if moved.skipped()
        || applications::move_status(conn, &mut application, to, Some(&note), now)?.skipped()
    {
        return Err(anyhow::anyhow!(
            "passport {} of {id} is not ready although its application is",
            passport.number
        )
        .into());
    }
    let collected = passports::find_by_application(conn, id)?
        .ok_or_else(|| anyhow::anyhow!("passport of {id} is gone"))?;
    let after = passport_dto(collected);
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "application.hand_over",
            object_type: "application",
            object_id: id,
            before: Some(&before),
            after: Some(&HandOverAudit {
                passport: &after,
                recipient: record.recipient,
                recipient_name: &record.recipient_name,
                recipient_nik: record.recipient_nik.as_deref(),
                family_card_number: record.family_card_number.as_deref(),
                power_of_attorney_reference: record.power_of_attorney_reference.as_deref(),
            }),
        },
    )?;
    notify_holder(
        conn,
        id,
        &notices::collected(
            passport.number.as_str(),
            record.recipient,
            &record.recipient_name,
        ),
        now,
    )?;
    Ok(after)
}
