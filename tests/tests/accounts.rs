//! Accounts: the whole journey from registration to sign-out, email codes and their
//! limits, refresh rotation and reuse, password reset and change, the account itself,
//! and staff created by operators and system admins.

use paspor_domain::account::Role;
use paspor_openapi::{AccountDto, RoleDto, StaffPage, TokenPairDto};
use reqwest::Method;
use serde_json::json;

use crate::support::{PASSWORD, SEED_OFFICE_ID, access, refresh};

on_both_backends! {
    async fn the_whole_journey_from_registration_to_sign_out(app) {
        let email = "siti@example.com";
        let code = app.register(email).await;
        assert_eq!(code.len(), 6);

        // Not verified yet: the right password gets a 403 that says so.
        let early = app
            .post("/v1/auth/login", &json!({"email": email, "password": PASSWORD}), None)
            .await;
        assert!(early.problem(403).detail.contains("not verified"));

        let verified = app
            .post("/v1/auth/verify-email", &json!({"email": "SITI@example.com", "code": code}), None)
            .await;
        assert_eq!(verified.status, 204);

        let tokens = app.login(email, PASSWORD).await;
        assert_eq!(tokens.token_type, "Bearer");
        assert_eq!(tokens.expires_in, 900);
        let me = app.send(Method::GET, "/v1/me", None, Some(access(&tokens))).await;
        assert_eq!(me.status, 200, "{:#}", me.json);
        let account: AccountDto = me.parse();
        assert_eq!(account.email, email);
        assert_eq!(account.phone.as_deref(), Some("+6281234567890"));
        assert_eq!(account.role, RoleDto::Applicant);
        assert!(account.email_verified);
        assert_eq!(account.office_id, None);

        // Rotation: a refresh gives a new pair; the old refresh token is spent.
        let renewed = app
            .post("/v1/auth/refresh", &json!({"refresh_token": refresh(&tokens)}), None)
            .await;
        assert_eq!(renewed.status, 200, "{:#}", renewed.json);
        let renewed: TokenPairDto = renewed.parse();
        assert_ne!(refresh(&renewed), refresh(&tokens));

        // Reuse of the spent token revokes the whole family, the new token included.
        let replayed = app
            .post("/v1/auth/refresh", &json!({"refresh_token": refresh(&tokens)}), None)
            .await;
        replayed.problem(401);
        let after_replay = app
            .post("/v1/auth/refresh", &json!({"refresh_token": refresh(&renewed)}), None)
            .await;
        after_replay.problem(401);

        // A new sign-in, then sign-out ends that session.
        let session = app.login(email, PASSWORD).await;
        let out = app
            .post("/v1/auth/logout", &json!({"refresh_token": refresh(&session)}), None)
            .await;
        assert_eq!(out.status, 204);
        app.post("/v1/auth/refresh", &json!({"refresh_token": refresh(&session)}), None)
            .await
            .problem(401);
    }
}

on_both_backends! {
    async fn registration_and_login_do_not_reveal_which_emails_exist(app) {
        app.applicant("known@example.com").await;
        let body = |email: &str| {
            json!({"email": email, "phone": "081234567890", "full_name": "Someone", "password": PASSWORD})
        };
        let known = app.post("/v1/auth/register", &body("known@example.com"), None).await;
        let unknown = app.post("/v1/auth/register", &body("new@example.com"), None).await;
        assert_eq!(known.status, 202);
        assert_eq!((known.status, &known.json), (unknown.status, &unknown.json));
        // The owner of the taken address hears of it.
        let mail = app.wait_for_emails("known@example.com", 2).await;
        assert!(mail[1]["subject"].as_str().unwrap().contains("tried to register"));
        assert!(mail[1]["code"].is_null());

        let wrong = app
            .post("/v1/auth/login", &json!({"email": "known@example.com", "password": "not the password"}), None)
            .await;
        let nobody = app
            .post("/v1/auth/login", &json!({"email": "nobody@example.com", "password": "not the password"}), None)
            .await;
        let wrong = wrong.problem(401);
        let nobody = nobody.problem(401);
        assert_eq!(wrong.detail, nobody.detail);
        assert_eq!(wrong.problem_type, nobody.problem_type);
    }
}

on_both_backends! {
    async fn registration_checks_every_field(app) {
        let answer = app
            .post(
                "/v1/auth/register",
                &json!({"email": "not-an-email", "phone": "+1 555 0100", "full_name": " ", "password": "password123"}),
                None,
            )
            .await;
        answer.problem(400);
        let mut fields = answer.error_fields();
        fields.sort();
        assert_eq!(fields, ["email", "full_name", "password", "phone"]);

        // The length is the schema's (400); a common password is refused by a rule (422).
        for (password, reason, status) in [("short", "at least 8", 400), (&*"x".repeat(129), "at most 128", 400), ("Password123", "common", 422)] {
            let answer = app
                .post(
                    "/v1/auth/register",
                    &json!({"email": "a@example.com", "phone": "081234567890", "full_name": "A", "password": password}),
                    None,
                )
                .await;
            let problem = answer.problem(status);
            assert_eq!(answer.error_fields(), ["password"], "{password}");
            assert!(problem.detail.contains(reason), "{:#}", answer.json);
        }
        // Nothing was created: the address registers normally afterwards.
        app.applicant("a@example.com").await;
    }
}

on_both_backends! {
    async fn codes_expire_and_allow_five_tries(app) {
        let email = "tries@example.com";
        let code = app.register(email).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..5 {
            app.post("/v1/auth/verify-email", &json!({"email": email, "code": wrong}), None)
                .await
                .problem(422);
        }
        // The sixth try is refused even with the right code.
        let sixth = app
            .post("/v1/auth/verify-email", &json!({"email": email, "code": code}), None)
            .await;
        assert_eq!(sixth.error_fields(), ["code"]);

        // A new code (after the minute between sends) works, but not after 10 minutes.
        app.clock.advance(chrono::TimeDelta::seconds(61));
        let resent = app.post("/v1/auth/resend-code", &json!({"email": email}), None).await;
        assert_eq!(resent.status, 202);
        let mail = app.wait_for_emails(email, 2).await;
        let fresh = mail[1]["code"].as_str().unwrap().to_owned();
        app.clock.advance(chrono::TimeDelta::minutes(10));
        app.post("/v1/auth/verify-email", &json!({"email": email, "code": fresh}), None)
            .await
            .problem(422);
    }
}

on_both_backends! {
    async fn resends_are_limited_per_account(app) {
        let email = "resend@example.com";
        app.register(email).await;
        // Within the minute: the same answer, but nothing is sent.
        let soon = app.post("/v1/auth/resend-code", &json!({"email": email}), None).await;
        assert_eq!(soon.status, 202);
        // Four more a minute apart are sent: five in the hour.
        for sent in 2..=5 {
            app.clock.advance(chrono::TimeDelta::seconds(61));
            app.post("/v1/auth/resend-code", &json!({"email": email}), None).await;
            app.wait_for_emails(email, sent).await;
        }
        app.clock.advance(chrono::TimeDelta::seconds(61));
        let sixth = app.post("/v1/auth/resend-code", &json!({"email": email}), None).await;
        assert_eq!(sixth.status, 202);
        // An unknown address answers alike.
        let unknown = app.post("/v1/auth/resend-code", &json!({"email": "x@example.com"}), None).await;
        assert_eq!((unknown.status, &unknown.json), (sixth.status, &sixth.json));
        // Give the worker a chance to deliver anything wrongly enqueued, then count.
        app.post("/v1/auth/resend-code", &json!({"email": "flush@example.com"}), None).await;
        app.register("flush@example.com").await;
        assert_eq!(app.emails_to(email).len(), 5);
    }
}

on_both_backends! {
    async fn a_forgotten_password_is_reset_by_emailed_code(app) {
        let email = "forgot@example.com";
        let old_session = app.applicant(email).await;
        let asked = app.post("/v1/auth/password-reset", &json!({"email": email}), None).await;
        assert_eq!(asked.status, 202);
        let unknown = app.post("/v1/auth/password-reset", &json!({"email": "ghost@example.com"}), None).await;
        assert_eq!((asked.status, &asked.json), (unknown.status, &unknown.json));
        let mail = app.wait_for_emails(email, 2).await;
        let code = mail[1]["code"].as_str().unwrap().to_owned();

        let new_password = "sambal matah pedas sekali";
        let weak = app
            .post("/v1/auth/password-reset/confirm", &json!({"email": email, "code": code, "new_password": "12345678"}), None)
            .await;
        assert_eq!(weak.error_fields(), ["new_password"]);
        let done = app
            .post("/v1/auth/password-reset/confirm", &json!({"email": email, "code": code, "new_password": new_password}), None)
            .await;
        assert_eq!(done.status, 204, "{:#}", done.json);
        // The code is spent, every session ended, and only the new password works.
        app.post("/v1/auth/password-reset/confirm", &json!({"email": email, "code": code, "new_password": new_password}), None)
            .await
            .problem(422);
        app.post("/v1/auth/refresh", &json!({"refresh_token": refresh(&old_session)}), None)
            .await
            .problem(401);
        app.post("/v1/auth/login", &json!({"email": email, "password": PASSWORD}), None)
            .await
            .problem(401);
        app.login(email, new_password).await;
    }
}

on_both_backends! {
    async fn a_password_change_needs_the_current_one_and_ends_other_sessions(app) {
        let email = "change@example.com";
        let this = app.applicant(email).await;
        let other = app.login(email, PASSWORD).await;
        let wrong = app
            .post("/v1/me/password", &json!({"current_password": "nope nope", "new_password": "teh manis hangat sekali"}), Some(access(&this)))
            .await;
        wrong.problem(422);
        assert_eq!(wrong.error_fields(), ["current_password"]);
        let changed = app
            .post("/v1/me/password", &json!({"current_password": PASSWORD, "new_password": "teh manis hangat sekali"}), Some(access(&this)))
            .await;
        assert_eq!(changed.status, 204, "{:#}", changed.json);
        app.post("/v1/auth/refresh", &json!({"refresh_token": refresh(&other)}), None)
            .await
            .problem(401);
        let kept = app
            .post("/v1/auth/refresh", &json!({"refresh_token": refresh(&this)}), None)
            .await;
        assert_eq!(kept.status, 200);
        app.login(email, "teh manis hangat sekali").await;
    }
}

on_both_backends! {
    async fn the_account_can_be_changed_and_closed(app) {
        let email = "close@example.com";
        let tokens = app.applicant(email).await;
        let patched = app
            .send(Method::PATCH, "/v1/me", Some(&json!({"full_name": "Siti R.", "phone": "+62 811 222 3333"})), Some(access(&tokens)))
            .await;
        assert_eq!(patched.status, 200, "{:#}", patched.json);
        let account: AccountDto = patched.parse();
        assert_eq!(account.full_name, "Siti R.");
        assert_eq!(account.phone.as_deref(), Some("+628112223333"));
        let bad = app
            .send(Method::PATCH, "/v1/me", Some(&json!({"phone": "12"})), Some(access(&tokens)))
            .await;
        assert_eq!(bad.error_fields(), ["phone"]);

        let closed = app.send(Method::DELETE, "/v1/me", None, Some(access(&tokens))).await;
        assert_eq!(closed.status, 204);
        app.send(Method::GET, "/v1/me", None, Some(access(&tokens))).await.problem(401);
        app.post("/v1/auth/refresh", &json!({"refresh_token": refresh(&tokens)}), None)
            .await
            .problem(401);
        app.post("/v1/auth/login", &json!({"email": email, "password": PASSWORD}), None)
            .await
            .problem(401);
        // The address is free again.
        app.applicant(email).await;
    }
}

on_both_backends! {
    async fn staff_roles_are_checked_on_every_staff_route(app) {
        let applicant = app.applicant("warga@example.com").await;
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        let office_admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        let admin = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let new_staff = json!({
            "email": "baru@imigrasi.example", "full_name": "Petugas Baru", "password": PASSWORD,
            "role": "officer", "office_id": SEED_OFFICE_ID
        });
        for tokens in [&applicant, &officer, &office_admin] {
            app.send(Method::GET, "/v1/admin/users", None, Some(access(tokens))).await.problem(403);
            app.post("/v1/admin/users", &new_staff, Some(access(tokens))).await.problem(403);
        }
        let created = app.post("/v1/admin/users", &new_staff, Some(access(&admin))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let account: AccountDto = created.parse();
        assert_eq!(account.role, RoleDto::Officer);
        assert_eq!(account.office_id.as_deref(), Some(SEED_OFFICE_ID));
        assert!(account.email_verified);
        let listed = app.send(Method::GET, "/v1/admin/users?per_page=10", None, Some(access(&admin))).await;
        let listed: StaffPage = listed.parse();
        assert_eq!(listed.total, 4);
        let mut roles: Vec<_> = listed.items.iter().map(|u| u.role).collect();
        roles.sort_by_key(|role| RoleDto::ALL.iter().position(|r| r == role));
        assert_eq!(roles, [RoleDto::Officer, RoleDto::Officer, RoleDto::OfficeAdmin, RoleDto::SystemAdmin]);

        // The office rules of staff roles.
        let no_office = json!({"email": "x@imigrasi.example", "full_name": "X", "password": PASSWORD, "role": "officer"});
        assert_eq!(app.post("/v1/admin/users", &no_office, Some(access(&admin))).await.error_fields(), ["office_id"]);
        let unknown_office = json!({"email": "x@imigrasi.example", "full_name": "X", "password": PASSWORD, "role": "officer", "office_id": "nope"});
        assert_eq!(app.post("/v1/admin/users", &unknown_office, Some(access(&admin))).await.error_fields(), ["office_id"]);
        let applicant_role = json!({"email": "x@imigrasi.example", "full_name": "X", "password": PASSWORD, "role": "applicant"});
        assert_eq!(app.post("/v1/admin/users", &applicant_role, Some(access(&admin))).await.error_fields(), ["role"]);
        app.post("/v1/admin/users", &new_staff, Some(access(&admin))).await.problem(409);

        // The officer's token carries the office.
        let me = app.send(Method::GET, "/v1/me", None, Some(access(&officer))).await;
        assert_eq!(me.parse::<AccountDto>().office_id.as_deref(), Some(SEED_OFFICE_ID));
    }
}
