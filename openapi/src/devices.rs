//! Devices on the wire: the phones an account receives push notices on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::DevicePlatformDto;

/// A device to notify: the push token the platform's push service (FCM, APNs) gave the app.
/// Registering a token again renews it; a token registered by another account moves to
/// this one (the phone changed hands or users).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceRequest {
    /// The push service that reaches the device.
    pub platform: DevicePlatformDto,
    /// The push token: 1 to 4096 characters, no control characters.
    #[schema(
        min_length = 1,
        max_length = 4096,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$",
        example = "dXq3c0Q8R2-fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx"
    )]
    pub token: String,
}

/// A registered device. Its token is not echoed back.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeviceDto {
    /// The device's id, for `DELETE /v1/me/devices/{token_id}`.
    pub id: String,
    /// The push service that reaches it.
    pub platform: DevicePlatformDto,
    /// When it was first registered to this account.
    pub created_at: DateTime<Utc>,
    /// When it was last registered (again).
    pub updated_at: DateTime<Utc>,
}
