//! Notices refused for breaking the contract, once their sender is authenticated: logged,
//! counted (`paspor_payment_notices_total{outcome="rejected"}`) and kept for system admins
//! with what was received and why, so that a channel sending bad notices is seen and its
//! payments are not lost from sight. Nothing else changes. What is kept is bounded: the
//! body's first 2,048 bytes, the reason's first 500 characters, control characters escaped
//! (PostgreSQL cannot store a NUL, and logs and screens should not carry raw controls).

use paspor_openapi::{PageQuery, RejectedPaymentNoticeDto, RejectedPaymentNoticePage};
use paspor_persistence::rejected_notices::{self, RejectedNotice};

use super::contract::Breach;
use crate::auth::SystemAdmin;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// How much of a refused body is kept.
const KEPT_BODY_BYTES: usize = 2048;

/// How much of a reason or a field name is kept.
const KEPT_TEXT_CHARS: usize = 500;

/// Who sent a notice, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    /// Signed with the payment channel's shared secret.
    Signature,
    /// An integrator client with `payments:write`.
    Integrator(String),
}

impl Sender {
    fn describe(&self) -> String {
        match self {
            Sender::Signature => "signature".to_owned(),
            Sender::Integrator(client) => format!("integrator:{}", shown(client, 200)),
        }
    }
}

/// Records a refused notice and returns the answer to its sender (the breach's problem);
/// a failure to record is the answer instead, so that the channel sends it again.
pub async fn reject(state: &AppState, sender: &Sender, body: &[u8], breach: Breach) -> Refusal {
    let problem = breach.problem();
    let field = (!breach.fields.is_empty()).then(|| {
        shown(
            &breach
                .fields
                .iter()
                .map(|(field, _)| field.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            KEPT_TEXT_CHARS,
        )
    });
    let record = RejectedNotice {
        id: String::new(),
        received_at: state.clock.now(),
        sender: sender.describe(),
        status: breach.answered_status(),
        field,
        reason: shown(&breach.detail, KEPT_TEXT_CHARS),
        body: shown(
            &String::from_utf8_lossy(&body[..body.len().min(KEPT_BODY_BYTES)]),
            KEPT_BODY_BYTES,
        ),
        body_bytes: u64::try_from(body.len()).unwrap_or(u64::MAX),
    };
    tracing::warn!(
        sender = record.sender,
        status = record.status,
        field = record.field.as_deref().unwrap_or(""),
        reason = record.reason,
        "payment notice refused for breaking the contract; kept for an admin"
    );
    let stored = state
        .db
        .run(move |conn| rejected_notices::insert(conn, &record))
        .await;
    match stored {
        Ok(_) => {
            state.metrics.payment_notice("rejected");
            problem
        }
        Err(error) => error,
    }
}

/// A page of refused notices, newest first.
pub async fn list(
    state: &AppState,
    _admin: &SystemAdmin,
    paging: PageQuery,
) -> Result<RejectedPaymentNoticePage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .run(move |conn| rejected_notices::list(conn, offset, i64::from(per_page)))
        .await?;
    Ok(RejectedPaymentNoticePage {
        items: records
            .into_iter()
            .map(|record| RejectedPaymentNoticeDto {
                id: record.id,
                received_at: record.received_at,
                sender: record.sender,
                status: record.status,
                field: record.field,
                reason: record.reason,
                body: record.body,
                body_bytes: record.body_bytes,
            })
            .collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// At most `limit` characters of `text`, each control character as its escape (`\u{0}`).
fn shown(text: &str, limit: usize) -> String {
    text.chars()
        .take(limit)
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_kept_is_bounded_and_free_of_controls() {
        assert_eq!(shown("a\u{0}b\u{1b}\u{85}c", 10), "a\\u{0}b\\u{1b}\\u{85}c");
        assert_eq!(shown("line\nnext", 100), "line\\u{a}next");
        assert_eq!(
            shown(&"é".repeat(600), KEPT_TEXT_CHARS).chars().count(),
            500
        );
        assert_eq!(shown("Rp 650.000 ✓", 100), "Rp 650.000 ✓");
    }
}
