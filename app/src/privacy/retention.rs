//! The retention registry: for every table of the database, how its rows are tied to a
//! person and what becomes of them when that person's account closes and when the period
//! they are kept for ends. Closing an account (`super::closing`) and the retention job
//! (`super::expiry`) both read it; `docs/PRIVACY.md` has the same table in words, with the
//! law behind each line, and a test keeps the two naming the same tables. A test that
//! lists the tables of a live database fails for a table missing here: adding a table
//! means adding its line.
//!
//! Order matters: rows are deleted in this order, so a table comes before the tables its
//! rows refer to.

use paspor_persistence::erasure::Blank;

/// How the rows of a table are tied to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tie {
    /// Not about one person: reference data, settings, counters, or rows tied to no account.
    Unlinked,
    /// One of these columns holds the account's id.
    Account(&'static [&'static str]),
    /// One of these columns holds one of the account's addresses: its email, its phone,
    /// a device's push token, or the hash failed sign-ins are counted under.
    Contact(&'static [&'static str]),
    /// One of these columns holds the id of one of the account's applicants.
    Applicant(&'static [&'static str]),
    /// One of these columns holds the id of one of the account's applications.
    Application(&'static [&'static str]),
    /// One of these columns holds the id of a passport issued on one of its applications.
    Passport(&'static [&'static str]),
}

/// How many years a setting keeps something (`PASPOR_RETENTION_*`, see
/// `crate::config::RetentionSettings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Years {
    /// Payment records (`PASPOR_RETENTION_PAYMENT_YEARS`).
    Payments,
    /// The audit trail of staff actions (`PASPOR_RETENTION_AUDIT_YEARS`).
    Audit,
}

/// How long what is kept stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// As long as the decided application it belongs to is held: the later of its
    /// decision plus `PASPOR_RETENTION_DECISION_YEARS` and its passport's expiry plus
    /// `PASPOR_RETENTION_PASSPORT_YEARS` (a hold per application, `retention_holds`).
    WithDecision,
    /// So many years after the instant in `column`, whoever the row belongs to.
    YearsAfter { column: &'static str, years: Years },
}

/// What becomes of a table's rows when the account they are tied to closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Deleted at closing.
    Erase,
    /// Kept for statistics, with these personal columns blanked at closing.
    Anonymise {
        columns: &'static [(&'static str, Blank)],
    },
    /// Kept for `period` because the law asks for it (`because`), with `anonymise`
    /// blanked at closing. Rows tied to an application never decided (a draft, an expired
    /// or cancelled one) or its applicant are erased at closing unless `undecided_too`
    /// (then kept and blanked the same).
    Keep {
        period: Period,
        because: &'static str,
        anonymise: &'static [(&'static str, Blank)],
        undecided_too: bool,
    },
    /// Not about a person (`Tie::Unlinked`): nothing happens at closing.
    NotPersonal { because: &'static str },
}

/// One table's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableRule {
    pub table: &'static str,
    pub tie: Tie,
    pub rule: Rule,
}

const fn line(table: &'static str, tie: Tie, rule: Rule) -> TableRule {
    TableRule { table, tie, rule }
}

const fn erase(table: &'static str, tie: Tie) -> TableRule {
    line(table, tie, Rule::Erase)
}

/// Kept with the decision on the application, then erased.
const fn with_decision(
    table: &'static str,
    tie: Tie,
    anonymise: &'static [(&'static str, Blank)],
) -> TableRule {
    line(
        table,
        tie,
        Rule::Keep {
            period: Period::WithDecision,
            because: DECISION_RECORD,
            anonymise,
            undecided_too: false,
        },
    )
}

const fn not_personal(table: &'static str, because: &'static str) -> TableRule {
    line(table, Tie::Unlinked, Rule::NotPersonal { because })
}

const DECISION_RECORD: &str =
    "the record of a decision on a travel document (UU 6/2011 Keimigrasian; UU 43/2009 Kearsipan)";

const APPLICATION: Tie = Tie::Application(&["application_id"]);

/// The registry, children before parents.
pub const REGISTRY: &[TableRule] = &[
    // What an account holds of its own, and what was sent to it.
    erase("refresh_tokens", Tie::Account(&["user_id"])),
    erase("one_time_codes", Tie::Account(&["user_id"])),
    erase("phone_codes", Tie::Account(&["user_id"])),
    erase("devices", Tie::Account(&["account_id"])),
    erase("idempotency_keys", Tie::Account(&["account_id"])),
    erase("sign_in_addresses", Tie::Account(&["account_id"])),
    erase("sign_in_failures", Tie::Contact(&["subject"])),
    erase("data_exports", Tie::Account(&["account_id"])),
    line(
        "consents",
        Tie::Account(&["user_id"]),
        Rule::Keep {
            period: Period::YearsAfter {
                column: "withdrawn_at",
                years: Years::Audit,
            },
            because: "proof of what the person agreed to and when it ended (UU 27/2022 Pasal 24)",
            anonymise: &[],
            undecided_too: true,
        },
    ),
    erase("outbox_messages", Tie::Contact(&["recipient"])),
    // What hangs off an application.
    erase("reminders_sent", APPLICATION),
    erase("waitlist_entries", APPLICATION),
    erase(
        "application_restarts",
        Tie::Application(&["from_application_id", "to_application_id"]),
    ),
    with_decision("passport_hand_overs", Tie::Passport(&["passport_id"]), &[]),
    with_decision("passport_dispatches", Tie::Passport(&["passport_id"]), &[]),
    with_decision(
        "application_deliveries",
        APPLICATION,
        &[("phone", Blank::Empty)],
    ),
    with_decision("passports", APPLICATION, &[]),
    with_decision("application_decisions", APPLICATION, &[]),
    with_decision("screenings", APPLICATION, &[]),
    with_decision("application_interviews", APPLICATION, &[]),
    with_decision("application_biometrics", APPLICATION, &[]),
    with_decision("application_document_checks", APPLICATION, &[]),
    with_decision("document_reads", APPLICATION, &[]),
    with_decision("application_documents", APPLICATION, &[]),
    with_decision("walk_ins", APPLICATION, &[]),
    with_decision("application_history", APPLICATION, &[]),
    with_decision("bookings", APPLICATION, &[]),
    line(
        "settlement_lines",
        APPLICATION,
        Rule::Keep {
            period: Period::YearsAfter {
                column: "paid_at",
                years: Years::Payments,
            },
            because: "state revenue (PNBP) records: UU 9/2018 PNBP, UU 43/2009 Kearsipan",
            anonymise: &[("application_id", Blank::Null), ("session_id", Blank::Null)],
            undecided_too: true,
        },
    ),
    line(
        "payments",
        APPLICATION,
        Rule::Keep {
            period: Period::YearsAfter {
                column: "paid_at",
                years: Years::Payments,
            },
            because: "state revenue (PNBP) records: UU 9/2018 PNBP, UU 43/2009 Kearsipan",
            anonymise: &[("application_id", Blank::Null)],
            undecided_too: true,
        },
    ),
    with_decision(
        "applications",
        Tie::Application(&["id"]),
        &[
            ("contact_name", Blank::Null),
            ("contact_phone", Blank::Null),
            ("address_abroad", Blank::Null),
            ("accommodation", Blank::Null),
        ],
    ),
    with_decision(
        "applicant_corrections",
        Tie::Applicant(&["applicant_id"]),
        &[],
    ),
    with_decision(
        "applicants",
        Tie::Applicant(&["id"]),
        &[
            ("address", Blank::Marker),
            ("father_name", Blank::Marker),
            ("mother_name", Blank::Marker),
            ("guardian_nik", Blank::Null),
        ],
    ),
    line(
        "audit_records",
        Tie::Unlinked,
        Rule::Keep {
            period: Period::YearsAfter {
                column: "at",
                years: Years::Audit,
            },
            because: "accountability of officers' acts (UU 30/2014 Administrasi Pemerintahan, UU 43/2009 Kearsipan)",
            anonymise: &[],
            undecided_too: true,
        },
    ),
    line(
        "users",
        Tie::Account(&["id"]),
        Rule::Anonymise {
            columns: &[
                ("email", Blank::ClosedAddress),
                ("phone", Blank::Empty),
                ("full_name", Blank::Empty),
                ("password_hash", Blank::Empty),
                ("phone_verified_at", Blank::Null),
                ("whatsapp_opted_in_at", Blank::Null),
            ],
        },
    ),
    // What the service keeps of its own.
    line(
        "retention_holds",
        APPLICATION,
        Rule::Keep {
            period: Period::WithDecision,
            because: "until when a decided application is kept (this table's own bookkeeping)",
            anonymise: &[],
            undecided_too: false,
        },
    ),
    not_personal(
        "pending_file_deletions",
        "names of files already unlinked from every row, until the store deleted them",
    ),
    not_personal(
        "erasure_permits",
        "which rows of an append-only table an erasure may delete, within its own transaction",
    ),
    not_personal(
        "webhook_events",
        "events sent to integrators: an application's id and status, no identity",
    ),
    not_personal("webhook_deliveries", "delivery state of webhook events"),
    not_personal("webhook_attempts", "delivery attempts of webhook events"),
    not_personal("webhook_subscriptions", "integrators' subscriptions"),
    not_personal("integrator_clients", "integrators (organisations)"),
    not_personal(
        "rate_limits",
        "per client address or application number; the hourly purge deletes each once spent",
    ),
    not_personal(
        "settlement_reports",
        "the payment channel's reports as files: a hash, who imported them and when",
    ),
    not_personal(
        "rejected_payment_notices",
        "malformed notices from the payment channel, tied to no account",
    ),
    not_personal("offices", "reference data"),
    not_personal("office_holidays", "reference data"),
    not_personal(
        "office_walk_in_only_days",
        "an office's walk-in-only days and their reasons",
    ),
    not_personal("session_templates", "reference data"),
    not_personal("office_sessions", "reference data"),
    not_personal("tariff_schedules", "reference data"),
    not_personal("tariff_prices", "reference data"),
    not_personal("validity_rule_sets", "reference data"),
    not_personal("booking_limits", "settings"),
    not_personal("screening_policies", "settings"),
    not_personal("service_status", "settings"),
    not_personal("applied_settings", "settings"),
    not_personal("__diesel_schema_migrations", "which migrations ran"),
];

/// The line of `table`, if the registry has one.
pub fn rule_of(table: &str) -> Option<&'static TableRule> {
    REGISTRY.iter().find(|line| line.table == table)
}

impl TableRule {
    /// The columns blanked at closing (in rows that are kept).
    pub fn blanked(&self) -> &'static [(&'static str, Blank)] {
        match self.rule {
            Rule::Anonymise { columns } => columns,
            Rule::Keep { anonymise, .. } => anonymise,
            Rule::Erase | Rule::NotPersonal { .. } => &[],
        }
    }

    /// Whether the rows tied to a closed account may still hold a person's identity in
    /// `column`: only kept rows, in columns not blanked.
    pub fn keeps_personal(&self, column: &str) -> bool {
        matches!(self.rule, Rule::Keep { .. })
            && !self.blanked().iter().any(|(blanked, _)| *blanked == column)
    }
}
