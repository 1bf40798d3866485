//! The emails accounts receive, written to the outbox in the same transaction as the
//! change that causes them.

use paspor_persistence::outbox::{Channel, NewMessage};

fn email(to: &str, subject: &str, body: String, code: Option<&str>) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        recipient: to.to_owned(),
        subject: subject.to_owned(),
        body,
        code: code.map(str::to_owned),
    }
}

/// The code that verifies a new account's address.
pub fn verification_code(to: &str, name: &str, code: &str) -> NewMessage {
    email(
        to,
        "Your Paspor verification code",
        format!(
            "Hello {name},\n\nYour verification code is {code}. It is valid for 10 minutes.\n\n\
             If you did not register, ignore this email."
        ),
        Some(code),
    )
}

/// Someone tried to register an address that already has an account.
pub fn already_registered(to: &str) -> NewMessage {
    email(
        to,
        "Someone tried to register with your email address",
        "Someone tried to create a Paspor account with this email address, which already has \
         one. If it was you, sign in instead, or reset your password if you forgot it. If it \
         was not you, you need do nothing: your account is unchanged."
            .to_owned(),
        None,
    )
}

/// The code that authorises a new password.
pub fn password_reset_code(to: &str, code: &str) -> NewMessage {
    email(
        to,
        "Your Paspor password reset code",
        format!(
            "Your password reset code is {code}. It is valid for 10 minutes.\n\n\
             If you did not ask to reset your password, ignore this email: your password is \
             unchanged."
        ),
        Some(code),
    )
}

/// Many sign-ins failed from every address together: strangers' addresses now wait.
pub fn failed_sign_ins(to: &str) -> NewMessage {
    email(
        to,
        "Many failed sign-ins to your Paspor account",
        "There were many failed attempts to sign in to your account in the last hour. You \
         can still sign in from a phone or computer you used before; other addresses wait a \
         while between tries. If these attempts were not yours, consider changing your \
         password."
            .to_owned(),
        None,
    )
}

/// The password was changed or reset.
pub fn password_changed(to: &str) -> NewMessage {
    email(
        to,
        "Your Paspor password was changed",
        "The password of your Paspor account was just changed, and other sessions were signed \
         out. If this was not you, reset your password at once."
            .to_owned(),
        None,
    )
}
