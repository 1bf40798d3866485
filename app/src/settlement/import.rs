//! Importing a settlement report: read whole (a malformed file imports nothing), kept once
//! by the SHA-256 of its content with its lines pending, then each pending line reconciled
//! in a transaction of its own, and the import audited once its last line is. The same
//! file sent again, or at once, is the same report: its pending lines (none, once done)
//! are reconciled, and nothing is applied twice.

use paspor_domain::settlement_report::read_report;
use paspor_openapi::SettlementReportDto;
use paspor_persistence::settlement_reports;
use paspor_persistence::{StoreError, write_transaction};
use sha2::{Digest as _, Sha256};

use super::SettlementError;
use super::read::report_dto;
use super::reconcile::{Reconciler, reconcile_line};
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The report imported, and whether this request kept it first.
#[derive(Debug)]
pub struct Imported {
    pub report: SettlementReportDto,
    pub created: bool,
}

/// Imports the settlement report in `body` (CSV, see `paspor_domain::settlement_report`).
pub async fn import_report(
    state: &AppState,
    admin: &SystemAdmin,
    body: &[u8],
) -> Result<Imported, Refusal> {
    let lines = read_report(body).map_err(SettlementError::Report)?;
    let content_sha256 = hex::encode(Sha256::digest(body));
    let admin_id = admin.account.clone();
    let now = state.clock.now();
    let (sha, by) = (content_sha256.clone(), admin_id.clone());
    let kept = state
        .db
        .call(move |conn| {
            match write_transaction(conn, |conn| {
                settlement_reports::insert(conn, &sha, &by, &lines, now)
            }) {
                Ok(id) => Ok((id, true)),
                // Kept already (by an earlier import, or one racing this one).
                Err(StoreError::UniqueViolation(_)) => {
                    settlement_reports::find_by_content(conn, &sha)?
                        .map(|report| (report.id, false))
                        .ok_or_else(|| {
                            SettlementError::Internal(anyhow::anyhow!(
                                "settlement report {sha} refused as a duplicate but not found"
                            ))
                        })
                }
                Err(error) => Err(SettlementError::Store(error)),
            }
        })
        .await?;
    let (report_id, created) = kept;
    let id = report_id.clone();
    let pending = state
        .db
        .run(move |conn| settlement_reports::pending_lines(conn, &id))
        .await?;
    let mut applied_any = false;
    for line_id in pending {
        let (reference, admin, report) =
            (state.reference.clone(), admin_id.clone(), report_id.clone());
        let move_days = state.late_payments.move_days;
        let now = state.clock.now();
        let outcome = state
            .db
            .call(move |conn| {
                let reconciler = Reconciler {
                    reference: &reference,
                    admin: &admin,
                    report_id: &report,
                    move_days,
                };
                write_transaction(conn, |conn| {
                    reconcile_line(conn, &reconciler, &line_id, now)
                })
            })
            .await
            .map_err(Refusal::from)?;
        applied_any |= outcome.is_some();
    }
    if applied_any {
        state.outbox.wake();
    }
    let actor = Actor::of(admin);
    let id = report_id.clone();
    let now = state.clock.now();
    let report = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let counts = counts_dto(conn, &id)?;
                // Once, by whichever import reconciled its last line.
                if counts.pending == 0 && settlement_reports::finish(conn, &id, now)?.applied() {
                    audit::record(
                        conn,
                        &actor,
                        now,
                        Change {
                            action: "settlement_report.import",
                            object_type: "settlement_report",
                            object_id: &id,
                            before: None::<&()>,
                            after: Some(&counts),
                        },
                    )?;
                }
                let record =
                    settlement_reports::find(conn, &id)?.ok_or(SettlementError::NotFound)?;
                Ok::<_, SettlementError>(report_dto(record, counts))
            })
        })
        .await?;
    Ok(Imported { report, created })
}

fn counts_dto(
    conn: &mut paspor_persistence::DbConnection,
    id: &str,
) -> Result<paspor_openapi::SettlementCountsDto, SettlementError> {
    super::read::counts_of(conn, id)
}
