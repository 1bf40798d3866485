//! Telling an account holder something, in the account's language, by every channel the
//! account has: an email to its address, a WhatsApp message to its verified number when the
//! holder opted in, and a push notice to each of its devices, written
//! to the outbox in the transaction of the change that causes them.
//!
//! A notice is composed per language from Fluent messages named `<id>-subject`,
//! `<id>-body`, `<id>-push-title` and `<id>-push-body` (see `app/locales/*/notices.ftl`),
//! so that the caller only says which notice and with what; [`tell_account`] picks the
//! language saved on the account. Every notice to a holder goes through it, so that a new
//! channel joins in one place.

use chrono::{DateTime, Utc};
use paspor_persistence::accounts::{language_of, users};
use paspor_persistence::outbox::{self, Channel, NewMessage};
use paspor_persistence::{DbConnection, StoreResult};

use crate::applications::{PushNotice, push_to_devices};
use crate::locale::{Args, Language, text};
use crate::whatsapp::notices::TemplateMessage;
use crate::whatsapp::{Template, enqueue_for_user};

/// What the holder is told, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The email's subject.
    pub subject: String,
    /// The email's text.
    pub body: String,
    /// The push notice's title.
    pub push_title: String,
    /// The push notice's one line (nothing a lock screen should not show).
    pub push_body: String,
    /// The WhatsApp message, when the notice has a template of its own; otherwise it goes
    /// as the general notice template with the push notice's title and line.
    pub whatsapp: Option<TemplateMessage>,
}

impl Notice {
    /// The notice `id` in `language`, its variables from `args`. The push messages use
    /// only those a lock screen may show (never a billing code): the catalogue's messages
    /// decide, and the push ones leave the others out.
    pub fn of(language: Language, id: &str, args: &Args<'_>) -> Notice {
        Notice {
            subject: text(language, &format!("{id}-subject"), Some(args)),
            body: text(language, &format!("{id}-body"), Some(args)),
            push_title: text(language, &format!("{id}-push-title"), Some(args)),
            push_body: text(language, &format!("{id}-push-body"), Some(args)),
            whatsapp: None,
        }
    }

    /// The notice with a WhatsApp message of its own template.
    #[must_use]
    pub fn with_whatsapp(mut self, message: TemplateMessage) -> Notice {
        self.whatsapp = Some(message);
        self
    }
}

/// The language saved on `account` (the default for one it does not know).
pub fn language_of_account(conn: &mut DbConnection, account: &str) -> StoreResult<Language> {
    Ok(Language::of_account(&language_of(conn, account)?))
}

/// Enqueues the notice `compose` writes in the language of `account`: the email to its
/// address, the push notice to each of its devices. Call it in the transaction of the
/// change that causes it.
pub fn tell_account(
    conn: &mut DbConnection,
    account: &str,
    compose: &dyn Fn(Language) -> Notice,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    // One read of the account gives its language, its address and its WhatsApp consent.
    let Some(user) = users::find(conn, account)? else {
        return Ok(());
    };
    let language = Language::of_account(&user.language);
    let notice = compose(language);
    let email = NewMessage {
        channel: Channel::Email,
        recipient: user.email.clone(),
        subject: notice.subject.clone(),
        body: notice.body.clone(),
        code: None,
    };
    outbox::enqueue(conn, &email, now)?;
    let whatsapp = notice.whatsapp.unwrap_or_else(|| {
        TemplateMessage::new(
            Template::Notice,
            vec![notice.push_title.clone(), notice.push_body.clone()],
        )
    });
    enqueue_for_user(
        conn,
        &user,
        whatsapp.template,
        language,
        whatsapp.params,
        now,
    )?;
    let push = PushNotice {
        title: notice.push_title,
        body: notice.push_body,
    };
    push_to_devices(conn, account, &push, now)?;
    Ok(())
}
