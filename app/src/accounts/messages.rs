//! The emails accounts receive, written to the outbox in the same transaction as the
//! change that causes them, in the reader's language (`app/locales/*/accounts.ftl`): the
//! account's saved language, or at registration, before there is an account, the
//! language of the registration request.

use paspor_persistence::outbox::{Channel, NewMessage};

use crate::locale::{Args, Language, text};

/// The email `id` (its `<id>-subject` and `<id>-body` messages) in `language`.
fn email(
    language: Language,
    to: &str,
    id: &str,
    args: Option<&Args<'_>>,
    code: Option<&str>,
) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        recipient: to.to_owned(),
        subject: text(language, &format!("{id}-subject"), args),
        body: text(language, &format!("{id}-body"), args),
        code: code.map(str::to_owned),
    }
}

/// The code that verifies a new account's address.
pub fn verification_code(language: Language, to: &str, name: &str, code: &str) -> NewMessage {
    let mut args = Args::new();
    args.set("name", name.to_owned());
    args.set("code", code.to_owned());
    email(
        language,
        to,
        "account-verification",
        Some(&args),
        Some(code),
    )
}

/// Someone tried to register an address that already has an account.
pub fn already_registered(language: Language, to: &str) -> NewMessage {
    email(language, to, "account-already-registered", None, None)
}

/// The code that authorises a new password.
pub fn password_reset_code(language: Language, to: &str, code: &str) -> NewMessage {
    let mut args = Args::new();
    args.set("code", code.to_owned());
    email(language, to, "account-reset", Some(&args), Some(code))
}

/// Many sign-ins failed from every address together: strangers' addresses now wait.
pub fn failed_sign_ins(language: Language, to: &str) -> NewMessage {
    email(language, to, "account-failed-sign-ins", None, None)
}

/// The password was changed or reset.
pub fn password_changed(language: Language, to: &str) -> NewMessage {
    email(language, to, "account-password-changed", None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verification_email_carries_its_code_in_either_language() {
        let english = verification_code(Language::English, "a@example.id", "Ani", "482913");
        assert_eq!(english.subject, "Your Paspor verification code");
        assert!(
            english
                .body
                .starts_with("Hello Ani,\n\nYour verification code is 482913.")
        );
        let indonesian = verification_code(Language::Indonesian, "a@example.id", "Ani", "482913");
        assert!(
            indonesian
                .body
                .starts_with("Halo Ani,\n\nKode verifikasi Anda adalah 482913.")
        );
        assert_eq!(indonesian.code.as_deref(), Some("482913"));
    }
}
