//! The receipt of a paid application: the NTPN and channel a payment notice carries, kept
//! once; the receipt as JSON and as a PDF whose text names the NTPN and the amount and
//! whose QR code decodes to the check-in code; in Indonesian and English; for the owner and
//! the office's staff only, and only once paid.

use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, CheckInCodeDto, LanguageDto, PaymentAckDto, PaymentPage,
    PaymentResultDto, ReceiptDto, TokenPairDto,
};
use paspor_persistence::payments;
use reqwest::Method;
use serde_json::json;

use crate::support::{
    Answer, SEED_OFFICE_ID, TestApp, access, book_new, notify, nth_nik, paid_notice,
};

const NTPN: &str = "0A1B2C3D4E5F6G7H";

/// `GET path` with a token and extra headers.
async fn get_with(app: &TestApp, path: &str, token: &str, headers: &[(&str, &str)]) -> Answer {
    let bearer = format!("Bearer {token}");
    let mut all = vec![("authorization", bearer.as_str())];
    all.extend_from_slice(headers);
    app.request(Method::GET, path, &all).await
}

async fn receipt(
    app: &TestApp,
    tokens: &TokenPairDto,
    id: &str,
    headers: &[(&str, &str)],
) -> Answer {
    get_with(
        app,
        &format!("/v1/applications/{id}/receipt"),
        access(tokens),
        headers,
    )
    .await
}

async fn view(app: &TestApp, tokens: &TokenPairDto, id: &str) -> ApplicationDto {
    app.send(
        Method::GET,
        &format!("/v1/applications/{id}"),
        None,
        Some(access(tokens)),
    )
    .await
    .parse()
}

/// The amount due on the application's booking.
async fn due(app: &TestApp, tokens: &TokenPairDto, id: &str) -> i64 {
    view(app, tokens, id)
        .await
        .booking
        .expect("a booking")
        .amount
}

/// Books and pays with the NTPN; returns (application id, billing code, amount).
async fn paid_with_ntpn(app: &TestApp, tokens: &TokenPairDto, n: usize) -> (String, String, i64) {
    let (id, billing_code) = book_new(app, tokens, &nth_nik(n)).await;
    let amount = due(app, tokens, &id).await;
    let paid = notify(
        app,
        &paid_notice(app, &format!("evt-{n}"), &billing_code, amount, NTPN),
    )
    .await;
    assert_eq!(
        paid.parse::<PaymentAckDto>().result,
        PaymentResultDto::Applied,
        "{:#}",
        paid.json
    );
    (id, billing_code, amount)
}

/// The text of a PDF's first page.
fn pdf_text(bytes: &[u8]) -> String {
    let document = lopdf::Document::load_mem(bytes).expect("a PDF that parses");
    assert_eq!(document.get_pages().len(), 1);
    document.extract_text(&[1]).expect("its text")
}

/// What the QR code image on a PDF's first page holds.
fn pdf_qr(bytes: &[u8]) -> String {
    let document = lopdf::Document::load_mem(bytes).expect("a PDF that parses");
    let page = document.get_pages()[&1];
    let images = document.get_page_images(page).expect("the page's images");
    assert_eq!(images.len(), 1, "one image: the QR code");
    let image = &images[0];
    let (width, height) = (
        usize::try_from(image.width).unwrap(),
        usize::try_from(image.height).unwrap(),
    );
    assert_eq!(
        image.content.len(),
        width * height,
        "8-bit greyscale samples"
    );
    // One sample per module: scaled up as the page scales it, for the detector.
    const SCALE: usize = 8;
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width * SCALE, height * SCALE, |x, y| {
            image.content[(y / SCALE) * width + x / SCALE]
        });
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a QR code that decodes").1
}

on_both_backends! {
    async fn a_paid_application_has_a_receipt_with_its_ntpn_items_and_check_in_qr(app) {
        let tokens = app.applicant("struk@example.com").await;
        let (id, billing_code) = book_new(&app, &tokens, &nth_nik(1)).await;
        // Unpaid: no receipt yet, and the view shows no payment.
        let unpaid = receipt(&app, &tokens, &id, &[]).await;
        assert!(unpaid.problem(409).detail.contains("awaiting_payment"), "{:#}", unpaid.json);
        assert!(view(&app, &tokens, &id).await.payment.is_none());

        let amount = due(&app, &tokens, &id).await;
        let paid = notify(&app, &paid_notice(&app, "evt-struk", &billing_code, amount, NTPN)).await;
        assert_eq!(paid.parse::<PaymentAckDto>().result, PaymentResultDto::Applied);
        let shown = view(&app, &tokens, &id).await;
        assert_eq!(shown.status, ApplicationStatusDto::Paid);
        let payment = shown.payment.expect("the payment on the view");
        assert_eq!(payment.ntpn.as_deref(), Some(NTPN));
        assert_eq!(payment.channel.as_deref(), Some("Bank BRI"));
        assert_eq!(payment.amount, amount);

        let code = app
            .send(Method::GET, &format!("/v1/applications/{id}/check-in-code"), None, Some(access(&tokens)))
            .await
            .parse::<CheckInCodeDto>()
            .code;

        // JSON, in Indonesian when asked.
        let answer = receipt(&app, &tokens, &id, &[("accept-language", "id")]).await;
        assert_eq!(answer.status, 200, "{:#}", answer.json);
        assert_eq!(answer.header("content-language"), "id");
        assert_eq!(answer.header("cache-control"), "no-store");
        assert!(answer.header("content-type").starts_with("application/json"));
        let json = answer.parse::<ReceiptDto>();
        assert_eq!(json.language, LanguageDto::Id);
        assert_eq!(json.title, "Bukti Pembayaran Permohonan Paspor");
        assert_eq!(json.application_id, id);
        assert!(!json.applicant_name.is_empty());
        assert_eq!(json.payment.amount, amount);
        assert_eq!(json.items.iter().map(|item| item.amount).sum::<i64>(), amount);
        assert!(json.items.iter().all(|item| item.code.is_some()), "{:?}", json.items);
        assert_eq!(json.items[0].label, "Paspor elektronik 48 halaman");
        assert_eq!(json.payment.ntpn.as_deref(), Some(NTPN));
        assert_eq!(json.payment.channel.as_deref(), Some("Bank BRI"));
        assert_eq!(json.payment.billing_code, billing_code);
        let appointment = json.appointment.expect("the appointment");
        assert_eq!(appointment.office_id, SEED_OFFICE_ID);
        assert!(appointment.office_name.contains("Pangkalpinang"), "{}", appointment.office_name);
        // Thursday 26 November 2026, the first session, on Jakarta's clock.
        assert!(appointment.text.starts_with("Kamis, 26 November 2026 pukul "), "{}", appointment.text);
        assert!(appointment.text.ends_with(" WIB"), "{}", appointment.text);
        assert_eq!(json.check_in_code.as_deref(), Some(code.as_str()));

        // English on request.
        let english = receipt(&app, &tokens, &id, &[("accept-language", "en")]).await;
        assert_eq!(english.header("content-language"), "en");
        let english = english.parse::<ReceiptDto>();
        assert_eq!(english.title, "Passport Application Payment Receipt");
        assert_eq!(english.items[0].label, "Electronic passport, 48 pages");
        assert!(english.appointment.unwrap().text.starts_with("Thursday, 26 November 2026 at "));

        // Without the header, the language saved on the account (registered in English),
        // and after the owner switches to Indonesian, Indonesian.
        let path = format!("/v1/applications/{id}/receipt");
        let bearer = format!("Bearer {}", access(&tokens));
        let unasked = app.request_unlabelled(Method::GET, &path, &[("authorization", bearer.as_str())]).await;
        assert_eq!(unasked.header("content-language"), "en");
        assert_eq!(unasked.parse::<ReceiptDto>().title, "Passport Application Payment Receipt");
        let switched = app
            .send(Method::PATCH, "/v1/me", Some(&json!({"language": "id"})), Some(access(&tokens)))
            .await;
        assert_eq!(switched.status, 200, "{:#}", switched.json);
        let unasked = app.request_unlabelled(Method::GET, &path, &[("authorization", bearer.as_str())]).await;
        assert_eq!(unasked.header("content-language"), "id");
        assert_eq!(unasked.parse::<ReceiptDto>().title, "Bukti Pembayaran Permohonan Paspor");

        // The PDF: its text names the NTPN and the amount; its QR code is the check-in code.
        for (language, labels) in [("id", ["Kode billing", "Jumlah dibayar", "Jadwal kedatangan"]), ("en", ["Billing code", "Total paid", "Appointment"])] {
            let pdf = receipt(&app, &tokens, &id, &[("accept", "application/pdf"), ("accept-language", language)]).await;
            assert_eq!(pdf.status, 200);
            assert_eq!(pdf.header("content-type"), "application/pdf");
            assert_eq!(pdf.header("content-language"), language);
            let text = pdf_text(&pdf.bytes);
            assert!(text.contains(NTPN), "{text}");
            assert!(text.contains(&json.payment.amount_text), "{text}");
            assert!(text.contains(&billing_code), "{text}");
            for label in labels {
                assert!(text.contains(label), "{label} in {text}");
            }
            assert_eq!(pdf_qr(&pdf.bytes), code);
        }
        // JSON wins where the client takes either, or names neither.
        for accept in ["*/*", "application/json, application/pdf", "application/pdf;q=0, */*", "text/html"] {
            let answer = receipt(&app, &tokens, &id, &[("accept", accept)]).await;
            assert!(answer.header("content-type").starts_with("application/json"), "{accept}");
        }
        let preferred = receipt(&app, &tokens, &id, &[("accept", "application/json;q=0.5, application/pdf")]).await;
        assert_eq!(preferred.header("content-type"), "application/pdf");
    }
}

on_both_backends! {
    async fn a_replayed_or_second_notice_keeps_the_first_ntpn(app) {
        let tokens = app.applicant("ulang@example.com").await;
        let (id, billing_code, amount) = paid_with_ntpn(&app, &tokens, 2).await;
        // The same event again, with another NTPN: a duplicate, nothing changes.
        let replay = notify(&app, &paid_notice(&app, "evt-2", &billing_code, amount, "ZZZZZZZZZZZZZZZZ")).await;
        assert_eq!(replay.parse::<PaymentAckDto>().result, PaymentResultDto::Duplicate);
        // Another event paying the same code: kept for an admin, not on the receipt.
        let again = notify(&app, &paid_notice(&app, "evt-2b", &billing_code, amount, "YYYYYYYYYYYYYYYY")).await;
        assert_eq!(again.parse::<PaymentAckDto>().result, PaymentResultDto::Unmatched);
        // Racing copies of one more event, each with its own NTPN: one is kept, once.
        let notices: Vec<_> = (0..8)
            .map(|n| paid_notice(&app, "evt-2c", &billing_code, amount, &format!("RACE{n:012}")))
            .collect();
        let racing: Vec<_> = notices.iter().map(|notice| notify(&app, notice)).collect();
        let results: Vec<PaymentResultDto> = futures::future::join_all(racing)
            .await
            .into_iter()
            .map(|answer| answer.parse::<PaymentAckDto>().result)
            .collect();
        assert_eq!(results.iter().filter(|r| **r == PaymentResultDto::Unmatched).count(), 1, "{results:?}");
        assert_eq!(results.iter().filter(|r| **r == PaymentResultDto::Duplicate).count(), 7, "{results:?}");

        let mut conn = app.pool().get().unwrap();
        let kept = payments::paid_for(&mut conn, &[id.as_str()]).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[&id].notice.ntpn.as_deref(), Some(NTPN));
        assert_eq!(payments::find_by_event(&mut conn, "evt-2").unwrap().unwrap().notice.ntpn.as_deref(), Some(NTPN));
        assert!(payments::find_by_event(&mut conn, "evt-2c").unwrap().is_some());
        drop(conn);
        let json = receipt(&app, &tokens, &id, &[]).await.parse::<ReceiptDto>();
        assert_eq!(json.payment.ntpn.as_deref(), Some(NTPN));
        assert_eq!(view(&app, &tokens, &id).await.payment.unwrap().ntpn.as_deref(), Some(NTPN));
        // System admins see each kept payment's own NTPN and channel.
        let system = app.staff("admin@imigrasi.example", Role::SystemAdmin, None).await;
        let unmatched = app
            .send(Method::GET, "/v1/admin/payments?status=unmatched", None, Some(access(&system)))
            .await
            .parse::<PaymentPage>();
        let second = unmatched.items.iter().find(|p| p.event_id == "evt-2b").expect("kept for an admin");
        assert_eq!(second.ntpn.as_deref(), Some("YYYYYYYYYYYYYYYY"));
        assert_eq!(second.channel.as_deref(), Some("Bank BRI"));
    }
}

on_both_backends! {
    async fn hostile_ntpn_and_channel_values_are_refused_and_nothing_is_stored(app) {
        let tokens = app.applicant("jahat@example.com").await;
        let (id, billing_code) = book_new(&app, &tokens, &nth_nik(3)).await;
        let amount = due(&app, &tokens, &id).await;
        let huge = "N".repeat(10_240);
        let hostile = [
            ("ntpn", json!("0A1B2C3D4E5F6G7\u{0}")),
            ("ntpn", json!(huge)),
            ("ntpn", json!(1_234_567_890_123_456_i64)),
            ("ntpn", json!("0a1b2c3d4e5f6g7h")),
            ("ntpn", json!("0A1B2C3D4E5F6G7")),
            ("channel", json!("Bank\u{0}BRI")),
            ("channel", json!(huge)),
            ("channel", json!(["Bank BRI"])),
            ("channel", json!("")),
            ("channel", json!("\u{1b}[31mBRI")),
        ];
        for (n, (field, value)) in hostile.iter().enumerate() {
            let event = format!("evt-hostile-{n}");
            let mut notice = paid_notice(&app, &event, &billing_code, amount, NTPN);
            notice[*field] = value.clone();
            let refused = notify(&app, &notice).await;
            assert_eq!(refused.status, 400, "{field}: {:#}", refused.json);
            assert_eq!(refused.error_fields(), [*field], "{:#}", refused.json);
            let mut conn = app.pool().get().unwrap();
            assert!(payments::find_by_event(&mut conn, &event).unwrap().is_none());
        }
        // Nothing paid it.
        let mut conn = app.pool().get().unwrap();
        assert!(payments::paid_for(&mut conn, &[id.as_str()]).unwrap().is_empty());
        drop(conn);
        assert_eq!(view(&app, &tokens, &id).await.status, ApplicationStatusDto::AwaitingPayment);
        receipt(&app, &tokens, &id, &[]).await.problem(409);
        // A notice without them is still applied (the money was received); the receipt
        // then shows none.
        let bare = json!({"event_id": "evt-bare", "billing_code": billing_code, "amount": amount, "paid_at": app.clock.now()});
        assert_eq!(notify(&app, &bare).await.parse::<PaymentAckDto>().result, PaymentResultDto::Applied);
        let json = receipt(&app, &tokens, &id, &[]).await.parse::<ReceiptDto>();
        assert_eq!(json.payment.ntpn, None);
        assert_eq!(json.payment.channel, None);
        let text = pdf_text(&receipt(&app, &tokens, &id, &[("accept", "application/pdf"), ("accept-language", "id")]).await.bytes);
        assert!(text.contains("(tidak tercantum)"), "{text}");
    }
}

on_both_backends! {
    async fn only_the_owner_and_the_offices_staff_read_a_receipt(app) {
        let tokens = app.applicant("pemilik@example.com").await;
        let (id, _, _) = paid_with_ntpn(&app, &tokens, 4).await;
        let office_path = format!("/v1/office/applications/{id}/receipt");

        // Another applicant: as if it did not exist; an unknown id likewise.
        let other = app.applicant("lain@example.com").await;
        receipt(&app, &other, &id, &[]).await.problem(404);
        receipt(&app, &tokens, "no-such-application", &[]).await.problem(404);
        // Applicants may not use the office's route; staff may not use the applicant's.
        get_with(&app, &office_path, access(&tokens), &[]).await.problem(403);
        let officer = app.staff("petugas@imigrasi.example", Role::Officer, Some(SEED_OFFICE_ID)).await;
        receipt(&app, &officer, &id, &[]).await.problem(403);
        let system = app.staff("sistem@imigrasi.example", Role::SystemAdmin, None).await;
        get_with(&app, &office_path, access(&system), &[]).await.problem(403);

        // The office's officer and admin read the same receipt, JSON and PDF.
        let owner = receipt(&app, &tokens, &id, &[]).await.parse::<ReceiptDto>();
        let admin = app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await;
        for staff in [&officer, &admin] {
            let json = get_with(&app, &office_path, access(staff), &[]).await;
            assert_eq!(json.status, 200, "{:#}", json.json);
            assert_eq!(json.json, serde_json::to_value(&owner).unwrap());
            let pdf = get_with(&app, &office_path, access(staff), &[("accept", "application/pdf")]).await;
            assert!(pdf_text(&pdf.bytes).contains(NTPN));
        }
        get_with(&app, "/v1/office/applications/no-such-application/receipt", access(&officer), &[])
            .await
            .problem(404);
    }
}

on_both_backends! {
    async fn a_cancelled_paid_application_keeps_its_receipt_without_appointment_or_code(app) {
        let tokens = app.applicant("batal.struk@example.com").await;
        let (id, billing_code, amount) = paid_with_ntpn(&app, &tokens, 5).await;
        let cancelled = app
            .post(&format!("/v1/applications/{id}/cancel"), &json!(null), Some(access(&tokens)))
            .await;
        assert_eq!(cancelled.parse::<ApplicationDto>().status, ApplicationStatusDto::Cancelled);
        // Fees are not refunded: the receipt stays, with no appointment and no code.
        let json = receipt(&app, &tokens, &id, &[("accept-language", "en")]).await.parse::<ReceiptDto>();
        assert!(json.appointment.is_none(), "{:?}", json.appointment);
        assert_eq!(json.check_in_code, None);
        assert_eq!(json.payment.billing_code, billing_code);
        assert_eq!(json.payment.ntpn.as_deref(), Some(NTPN));
        assert_eq!(json.items.iter().map(|item| item.amount).sum::<i64>(), amount);
        assert!(json.payment.paid_at_text.ends_with(" WIB"), "{}", json.payment.paid_at_text);
        let pdf = receipt(&app, &tokens, &id, &[("accept", "application/pdf"), ("accept-language", "en")]).await;
        let text = pdf_text(&pdf.bytes);
        assert!(text.contains("no longer holds an appointment"), "{text}");
        let document = lopdf::Document::load_mem(&pdf.bytes).unwrap();
        let page = document.get_pages()[&1];
        assert!(document.get_page_images(page).unwrap().is_empty(), "no QR code");
    }
}
