//! The phones an account receives push notices on: which platform, the token the platform's
//! push service gave the app, and how many an account may register.
//!
//! The token is opaque (FCM and APNs each have their own form), so only its length is
//! checked, and that it holds no control characters: it travels in the push services'
//! requests, where a line break could forge a header.

code_enum! {
    /// The push service a device is reached through.
    pub enum DevicePlatform {
        /// Firebase Cloud Messaging.
        Android => "android",
        /// Apple Push Notification service.
        Ios => "ios",
    }
}

/// The most devices one account may register; registering one more drops the one
/// registered (or renewed) longest ago.
pub const MAX_DEVICES_PER_ACCOUNT: u32 = 10;

/// The longest device token accepted, in characters.
pub const MAX_DEVICE_TOKEN_CHARS: usize = 4096;

/// Why a device token is refused. The messages read as the reason of a form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeviceTokenError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {MAX_DEVICE_TOKEN_CHARS} characters")]
    TooLong,
    #[error("must not hold control characters")]
    ControlCharacter,
}

/// Checks a device token as the app sent it.
pub fn check_device_token(token: &str) -> Result<(), DeviceTokenError> {
    if token.is_empty() {
        return Err(DeviceTokenError::Empty);
    }
    if token.chars().count() > MAX_DEVICE_TOKEN_CHARS {
        return Err(DeviceTokenError::TooLong);
    }
    if token.chars().any(char::is_control) {
        return Err(DeviceTokenError::ControlCharacter);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&DevicePlatform::ALL, DevicePlatform::as_str);
        assert_eq!(
            DevicePlatform::ALL.map(DevicePlatform::as_str),
            ["android", "ios"]
        );
    }

    #[test]
    fn tokens_from_one_to_4096_characters() {
        let longest = "é".repeat(MAX_DEVICE_TOKEN_CHARS);
        let cases = [
            ("", Err(DeviceTokenError::Empty)),
            ("a", Ok(())),
            ("fcm:APA91bH-x_y", Ok(())),
            (longest.as_str(), Ok(())),
            ("line\nbreak", Err(DeviceTokenError::ControlCharacter)),
            ("nul\0", Err(DeviceTokenError::ControlCharacter)),
        ];
        for (token, expected) in cases {
            assert_eq!(check_device_token(token), expected, "{token:?}");
        }
        let too_long = format!("{longest}a");
        assert_eq!(
            check_device_token(&too_long),
            Err(DeviceTokenError::TooLong)
        );
    }
}
