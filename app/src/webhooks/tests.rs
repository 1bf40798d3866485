//! The guide's worked example (docs/INTEGRATORS.md) is what the server signs: the body is
//! the one the server writes for that event, and the digest the one it computes, so the
//! page cannot drift from the code.

use chrono::DateTime;
use paspor_domain::ApplicationStatus;
use paspor_domain::integrator::EventType;
use paspor_openapi::{ApplicationStatusChangedData, WebhookEventDto};

use crate::signature::{sign, verify};

const GUIDE: &str = include_str!("../../../docs/INTEGRATORS.md");
const SECRET: &str = "whsec_kN3vR8qT2xW5yZ7bC9dF1gH4jK6mP0sU3wX5zA7cE9g";
const BODY: &str = r#"{"id":"0193b7e4-2c1a-7d3e-9f40-6a5b8c7d9e01","type":"application.status_changed","created_at":"2026-11-25T03:00:00Z","data":{"application_id":"0193b7e1-8f2d-7a6b-b1c4-3e5f7a9c0d12","status":"paid","changed_at":"2026-11-25T03:00:00Z"}}"#;
const HEADER: &str =
    "t=1795575600,v1=af14472fa76da3d87e2cb8b03f97b04ceeef8427404acb4ca56cfc9d69e2c6a8";

#[test]
fn the_guide_s_worked_example_is_what_the_server_signs() {
    let at = DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
        .unwrap()
        .to_utc();
    assert_eq!(at.timestamp(), 1_795_575_600);
    // The body, as the server writes it for this event.
    let written = serde_json::to_string(&WebhookEventDto {
        id: "0193b7e4-2c1a-7d3e-9f40-6a5b8c7d9e01".to_owned(),
        event_type: EventType::ApplicationStatusChanged.into(),
        created_at: at,
        data: ApplicationStatusChangedData {
            application_id: "0193b7e1-8f2d-7a6b-b1c4-3e5f7a9c0d12".to_owned(),
            status: ApplicationStatus::Paid.into(),
            changed_at: at,
        },
    })
    .unwrap();
    assert_eq!(written, BODY);
    assert_eq!(sign(SECRET.as_bytes(), at, BODY.as_bytes()), HEADER);
    assert_eq!(
        verify(SECRET.as_bytes(), Some(HEADER), BODY.as_bytes(), at),
        Ok(())
    );
    for shown in [SECRET, BODY, HEADER, "1795575600"] {
        assert!(GUIDE.contains(shown), "the guide no longer shows {shown}");
    }
}
