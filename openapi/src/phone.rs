//! The caller's phone number as a WhatsApp recipient: the code that verifies it, and the
//! opt-in to WhatsApp notices.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A 6-digit code received by WhatsApp on the account's phone number.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneCodeRequest {
    /// The code from the WhatsApp message.
    #[schema(pattern = "^[0-9]{6}$", example = "042917")]
    pub code: String,
}

/// Whether the holder wants notices by WhatsApp.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatsAppConsentRequest {
    /// True opts in (notices go to the phone number once it is verified); false withdraws.
    pub opted_in: bool,
}
