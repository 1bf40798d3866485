//! Accounts on the wire: registration, email codes, sign-in and tokens, the caller's own
//! account, and staff accounts as system admins manage them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::LanguageDto;
use crate::enums::RoleDto;

/// A new applicant account. The password is 8 to 128 characters and not a common one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The email address; compared case-insensitively.
    #[schema(format = "email", max_length = 254, example = "siti@example.com")]
    pub email: String,
    /// An Indonesian phone number (`08…`, `62…` or `+62…`); stored as `+62…`.
    #[schema(
        max_length = 32,
        pattern = r"^[ .()-]*(\+[ .()-]*6[ .()-]*2|6[ .()-]*2|0)[ .()-]*[2-9]([ .()-]*[0-9]){7,11}[ .()-]*$",
        example = "0812-3456-7890"
    )]
    pub phone: String,
    /// The account holder's full name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Siti Rahayu"
    )]
    pub full_name: String,
    /// 8 to 128 characters, not on the list of common passwords.
    #[schema(min_length = 8, max_length = 128, format = "password")]
    pub password: String,
    /// The version of the privacy notice the app showed and the person agreed to. When
    /// sent, it must be the version in force (else 422, so that the app learns it showed an
    /// old one); when left out, the version in force is recorded as agreed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 32, example = "2026-12-01")]
    pub privacy_notice_version: Option<String>,
}

/// The answer to a registration or a request for a code: the same whether or not the
/// address already had an account, so that nobody learns which addresses do.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AcceptedDto {
    /// What happens next.
    #[schema(
        example = "if the address can receive it, a 6-digit code is on its way; it is valid for 10 minutes"
    )]
    pub message: String,
}

/// A 6-digit code received by email, for the account with this email address.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    /// The account's email address.
    #[schema(format = "email", max_length = 254, example = "siti@example.com")]
    pub email: String,
    /// The code from the email.
    #[schema(pattern = "^[0-9]{6}$", example = "042917")]
    pub code: String,
}

/// Whose email-verification code to send again.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    /// The account's email address.
    #[schema(format = "email", max_length = 254, example = "siti@example.com")]
    pub email: String,
}

/// Email and password.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's email address.
    #[schema(format = "email", max_length = 254, example = "siti@example.com")]
    pub email: String,
    /// The password.
    #[schema(min_length = 1, max_length = 128, format = "password")]
    pub password: String,
}

/// A signed-in session: a short-lived access token and the refresh token that renews it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenPairDto {
    /// The JWT to send as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// The opaque token for `POST /v1/auth/refresh`; each is good for one use, 30 days.
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: u32,
}

/// A refresh token, to renew the session or end it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token of the session.
    #[schema(min_length = 1, max_length = 256)]
    pub refresh_token: String,
}

/// A new password, authorised by an emailed reset code.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirmRequest {
    /// The account's email address.
    #[schema(format = "email", max_length = 254, example = "siti@example.com")]
    pub email: String,
    /// The code from the reset email.
    #[schema(pattern = "^[0-9]{6}$", example = "042917")]
    pub code: String,
    /// The new password: 8 to 128 characters, not a common one.
    #[schema(min_length = 8, max_length = 128, format = "password")]
    pub new_password: String,
}

/// A password change by the signed-in holder.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeRequest {
    /// The current password.
    #[schema(min_length = 1, max_length = 128, format = "password")]
    pub current_password: String,
    /// The new password: 8 to 128 characters, not a common one.
    #[schema(min_length = 8, max_length = 128, format = "password")]
    pub new_password: String,
}

/// An account as its holder (or a system admin) sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccountDto {
    /// The account's id.
    pub id: String,
    /// The email address, normalised to lower case.
    #[schema(format = "email")]
    pub email: String,
    /// The phone number in `+62` form; null for a staff account created without one.
    #[schema(example = "+6281234567890")]
    pub phone: Option<String>,
    /// The holder's full name.
    pub full_name: String,
    /// What the account may do.
    pub role: RoleDto,
    /// The office of an officer or office admin; null for other roles.
    pub office_id: Option<String>,
    /// Whether the email address has been verified.
    pub email_verified: bool,
    /// Whether a system admin disabled the account: it cannot sign in.
    pub disabled: bool,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// The language of what is sent to the account later (emails, push notices,
    /// reminders): set at registration from its `Accept-Language`, changed with
    /// `PATCH /v1/me`.
    pub language: LanguageDto,
    /// Whether the phone number was verified by a code sent to it by WhatsApp; a changed
    /// number is unverified again.
    pub phone_verified: bool,
    /// When the holder opted in to WhatsApp notices; null when they have not (or withdrew).
    /// Notices go by WhatsApp only while this is set and the phone is verified.
    pub whatsapp_opted_in_at: Option<DateTime<Utc>>,
}

/// Changes to the caller's own account; absent fields stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    /// A new full name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub full_name: Option<String>,
    /// A new Indonesian phone number.
    #[schema(
        max_length = 32,
        pattern = r"^[ .()-]*(\+[ .()-]*6[ .()-]*2|6[ .()-]*2|0)[ .()-]*[2-9]([ .()-]*[0-9]){7,11}[ .()-]*$"
    )]
    pub phone: Option<String>,
    /// The language of what is sent to the account from now on: `id` (Bahasa Indonesia)
    /// or `en` (English).
    pub language: Option<LanguageDto>,
}

/// A staff account created by a system admin; it is verified from the start.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffCreateRequest {
    /// The staff member's email address.
    #[schema(
        format = "email",
        max_length = 254,
        example = "petugas@imigrasi.example"
    )]
    pub email: String,
    /// An Indonesian phone number, if the staff member has one.
    #[schema(
        max_length = 32,
        pattern = r"^[ .()-]*(\+[ .()-]*6[ .()-]*2|6[ .()-]*2|0)[ .()-]*[2-9]([ .()-]*[0-9]){7,11}[ .()-]*$",
        example = "0812-3456-7890"
    )]
    pub phone: Option<String>,
    /// The staff member's full name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub full_name: String,
    /// The initial password: 8 to 128 characters, not a common one.
    #[schema(min_length = 8, max_length = 128, format = "password")]
    pub password: String,
    /// A staff role: `officer`, `office_admin` or `system_admin`.
    pub role: RoleDto,
    /// The office, required for officers and office admins, absent otherwise.
    pub office_id: Option<String>,
}

/// Changes to a staff account by a system admin; absent fields stay as they are. Any change
/// ends the account's sessions: its access tokens stop working and it signs in again.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffPatch {
    /// Another staff role: `officer`, `office_admin` or `system_admin`.
    pub role: Option<RoleDto>,
    /// The office, with a role that has one (required when the role becomes officer or
    /// office admin from system admin; absent for a system admin).
    pub office_id: Option<String>,
    /// True disables the account (it signs in no more); false enables it again.
    pub disabled: Option<bool>,
}

/// A page of staff accounts, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StaffPage {
    /// The accounts of this page.
    pub items: Vec<AccountDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many staff accounts there are in all.
    pub total: u64,
}
