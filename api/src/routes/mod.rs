//! The routes, registered through `utoipa-actix-web` so that every route is in the OpenAPI
//! document by construction.

mod admin;
mod applicants;
mod applications;
mod auth;
mod delivery;
pub mod dev;
mod devices;
mod documents;
mod fees;
mod health;
mod integrators;
mod me;
pub mod metrics;
mod office;
mod office_admin;
mod office_corrections;
mod office_issuance;
mod office_processing;
mod office_walk_ins;
mod offices;
mod passports;
mod payments;
mod phone;
mod privacy;
mod receipts;
mod settlement;
mod status;
mod walk_in_only_days;
mod webhooks;

use actix_web::web;
use utoipa_actix_web::scope;

use actix_web::middleware::from_fn;

use crate::auth::limit_sign_in;
use paspor_app::auth::SignInLimit;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route; the sign-in endpoints (and the password change)
/// behind the per-address rate limit.
///
/// Routes are grouped in scopes by their first segment after `/v1` because of how actix
/// finds a route: it tries a scope's entries in order, and every pattern with a `{param}`
/// is a regular expression run against the path, while a static scope prefix is a string
/// comparison. In one flat scope the availability read tried every route registered before
/// it: routing was 40 % of the server's CPU samples in the reads benchmark, and each answer
/// cost 27 µs of server CPU against 18 µs with the scopes (docs/PERFORMANCE.md, "Fourth
/// pass"). A scope whose prefix matches but holds no matching route answers with the
/// application's default (404, or 405 with `Allow`), so a nested path such as
/// `/applications/{id}/documents` must be registered inside its parent's scope.
pub fn configure(limit: SignInLimit) -> impl FnOnce(&mut ServiceConfig<'_>) {
    move |config| {
        config.service(health::live).service(health::ready).service(
            scope("/v1")
                .service(
                    scope("/auth")
                        .wrap(from_fn(move |request, next| {
                            limit_sign_in(limit, request, next)
                        }))
                        .service(auth::register)
                        .service(auth::verify_email)
                        .service(auth::resend_code)
                        .service(auth::login)
                        .service(auth::refresh)
                        .service(auth::logout)
                        .service(auth::password_reset)
                        .service(auth::password_reset_confirm),
                )
                .service(
                    scope("/me")
                        .service(me::show)
                        .service(me::update)
                        .service(me::close)
                        .service(devices::register_device)
                        .service(devices::remove_device)
                        .service(phone::send_phone_code)
                        .service(phone::verify_phone)
                        .service(phone::set_whatsapp_consent)
                        .service(privacy::list_consents)
                        .service(privacy::withdraw_consent)
                        .service(privacy::request_export)
                        .service(privacy::show_export)
                        .service(privacy::download_export)
                        .service(
                            scope("/password")
                                .wrap(from_fn(move |request, next| {
                                    limit_sign_in(limit, request, next)
                                }))
                                .service(me::change_password),
                        ),
                )
                .service(
                    scope("/applicants")
                        .service(applicants::create_applicant)
                        .service(applicants::list_applicants)
                        .service(applicants::show_applicant)
                        .service(applicants::update_applicant)
                        .service(applicants::delete_applicant)
                        .service(applicants::list_applicant_corrections),
                )
                .service(
                    scope("/applications")
                        .service(applications::create)
                        .service(applications::list)
                        .service(applications::show)
                        .service(applications::update)
                        .service(applications::remove)
                        .service(applications::book)
                        .service(applications::booking_challenge)
                        .service(applications::reschedule)
                        .service(applications::cancel)
                        .service(applications::join_waitlist)
                        .service(applications::show_waitlist)
                        .service(applications::check_in_code)
                        .service(applications::document_checklist)
                        .service(receipts::show_application_receipt)
                        .service(applications::restart)
                        .service(documents::reads)
                        .service(delivery::show_delivery)
                        .service(delivery::choose_delivery)
                        .service(delivery::drop_delivery)
                        .service(
                            scope("/{id}/documents")
                                // Uploads are the one body past the API's 64 KiB limit.
                                .app_data(web::PayloadConfig::new(documents::MAX_UPLOAD_BYTES))
                                .service(documents::upload)
                                .service(documents::list)
                                .service(documents::show),
                        ),
                )
                .service(
                    scope("/payments/notifications")
                        // Unauthenticated until its signature is checked: a small limit.
                        .app_data(web::PayloadConfig::new(crate::limits::PAYMENT_NOTICE_BYTES))
                        .service(payments::notification),
                )
                .service(
                    scope("/admin")
                        .service(
                            scope("/settlement-reports")
                                // A day's report is larger than the API's 64 KiB limit.
                                .app_data(web::PayloadConfig::new(
                                    settlement::SETTLEMENT_REPORT_BYTES,
                                ))
                                .service(settlement::import_settlement_report)
                                .service(settlement::show_settlement_report),
                        )
                        .service(settlement::list_settlement_lines)
                        .service(payments::list)
                        .service(payments::settle_payment)
                        .service(payments::list_rejected_notices)
                        .service(admin::list_staff)
                        .service(admin::create_staff)
                        .service(admin::update_staff)
                        .service(admin::show_booking_limits)
                        .service(admin::set_booking_limits)
                        .service(admin::show_screening_policy)
                        .service(admin::set_screening_policy)
                        .service(admin::list_screening_policy_versions)
                        .service(admin::show_screening_policy_version)
                        .service(admin::create_office)
                        .service(admin::update_office)
                        .service(admin::list_tariff_schedules)
                        .service(admin::set_tariff_schedules_in_force)
                        .service(admin::list_validity_rules)
                        .service(admin::create_validity_rules)
                        .service(admin::set_validity_rules_in_force)
                        .service(integrators::create_integrator_client)
                        .service(integrators::list_integrator_clients)
                        .service(integrators::revoke_integrator_client)
                        .service(status::set_service_status)
                        .service(walk_in_only_days::set_walk_in_only_day)
                        .service(walk_in_only_days::remove_walk_in_only_day),
                )
                .service(
                    scope("/office")
                        .service(office::list_audit)
                        .service(office_corrections::correct_applicant)
                        .service(office_walk_ins::register_walk_in)
                        .service(office_walk_ins::list_office_walk_ins)
                        .service(office_issuance::issue_passport)
                        .service(office_issuance::hand_over_passport)
                        .service(delivery::dispatch_passport)
                        .service(office_processing::list_office_appointments)
                        .service(office_processing::check_in_application)
                        .service(office_processing::show_office_application)
                        .service(office_processing::record_document_check)
                        .service(office_processing::show_office_document_checklist)
                        .service(office_processing::record_application_biometrics)
                        .service(office_processing::show_application_indicators)
                        .service(office_processing::record_application_screening)
                        .service(office_processing::list_application_screenings)
                        .service(office_processing::show_application_screening)
                        .service(office_processing::record_application_interview)
                        .service(office_processing::record_application_decision)
                        .service(office_admin::list_office_sessions)
                        .service(office_admin::update_office_session)
                        .service(office_admin::show_office_session_templates)
                        .service(office_admin::replace_office_session_templates)
                        .service(office_admin::show_office_settings)
                        .service(office_admin::update_office_settings)
                        .service(office_admin::list_office_holidays)
                        .service(office_admin::create_office_holiday)
                        .service(office_admin::delete_office_holiday)
                        .service(walk_in_only_days::list_own_walk_in_only_days)
                        .service(walk_in_only_days::set_own_walk_in_only_day)
                        .service(walk_in_only_days::remove_own_walk_in_only_day)
                        .service(receipts::show_office_application_receipt),
                )
                .service(
                    scope("/passports")
                        .service(passports::list_passports)
                        .service(passports::show_passport),
                )
                .service(
                    scope("/oauth")
                        .wrap(from_fn(move |request, next| {
                            limit_sign_in(limit, request, next)
                        }))
                        .service(integrators::issue_integrator_token),
                )
                .service(
                    scope("/integrator")
                        .service(integrators::show_integrator_application)
                        .service(webhooks::create_webhook_subscription)
                        .service(webhooks::list_webhook_subscriptions)
                        .service(webhooks::show_webhook_subscription)
                        .service(webhooks::delete_webhook_subscription)
                        .service(webhooks::list_webhook_deliveries)
                        .service(webhooks::replay_webhook_delivery),
                )
                .service(
                    scope("/offices")
                        .service(offices::list)
                        .service(offices::show)
                        .service(offices::availability)
                        .service(walk_in_only_days::list_walk_in_only_days),
                )
                .service(fees::quote)
                .service(fees::validity)
                .service(status::show_service_status)
                .service(status::track_application),
        );
    }
}
