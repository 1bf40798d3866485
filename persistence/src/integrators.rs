//! Integrator clients: who they are, the hash of their secret, the scopes a system admin
//! granted them, and whether they are revoked. Also the one read model integrators get of
//! an application: its status.
//!
//! Revoking keeps the row (the audit trail and the delivery log name the client) and
//! takes effect at once, because every integrator request checks [`is_active`].

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::ApplicationStatus;
use paspor_domain::integrator::ScopeSet;

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{applications, integrator_clients};
use crate::time::{from_db, to_db};
use crate::transaction::require_transaction;

/// A client to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClient<'a> {
    /// The client id handed out.
    pub id: &'a str,
    /// A name for people.
    pub name: &'a str,
    /// The SHA-256 (hex) of its secret.
    pub secret_hash: &'a str,
    /// What it may do.
    pub scopes: ScopeSet,
    /// The system admin who created it.
    pub created_by: &'a str,
}

/// A client as admins see it (never its secret's hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRecord {
    /// The client id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it may do.
    pub scopes: ScopeSet,
    /// The system admin who created it.
    pub created_by: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What the token endpoint checks a client's credentials against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    /// The SHA-256 (hex) of its secret.
    pub secret_hash: String,
    /// What it may do.
    pub scopes: ScopeSet,
}

type Row = (
    String,
    String,
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

macro_rules! client_columns {
    () => {
        (
            integrator_clients::id,
            integrator_clients::name,
            integrator_clients::scopes,
            integrator_clients::created_by,
            integrator_clients::created_at,
            integrator_clients::revoked_at,
        )
    };
}

fn scopes(stored: &str) -> StoreResult<ScopeSet> {
    ScopeSet::parse(stored).map_err(|_| StoreError::corrupt(format!("client scopes {stored:?}")))
}

fn record(row: Row) -> StoreResult<ClientRecord> {
    let (id, name, stored_scopes, created_by, created_at, revoked_at) = row;
    Ok(ClientRecord {
        scopes: scopes(&stored_scopes)?,
        id,
        name,
        created_by,
        created_at: from_db(created_at),
        revoked_at: revoked_at.map(from_db),
    })
}

/// Records a client. A second active client of the same name fails with a unique
/// violation (the index makes it so even when two admins race).
pub fn insert_client(
    conn: &mut DbConnection,
    client: &NewClient<'_>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(integrator_clients::table)
        .values((
            integrator_clients::id.eq(client.id),
            integrator_clients::name.eq(client.name),
            integrator_clients::secret_hash.eq(client.secret_hash),
            integrator_clients::scopes.eq(client.scopes.to_string()),
            integrator_clients::created_by.eq(client.created_by),
            integrator_clients::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether an active (not revoked) client has this name.
pub fn name_taken(conn: &mut DbConnection, name: &str) -> StoreResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        integrator_clients::table
            .filter(integrator_clients::name.eq(name))
            .filter(integrator_clients::revoked_at.is_null()),
    ))
    .get_result(conn)?)
}

/// One client, revoked or not.
pub fn find_client(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ClientRecord>> {
    integrator_clients::table
        .find(id)
        .select(client_columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// A page of clients, oldest first, and how many there are.
pub fn list_clients(
    conn: &mut DbConnection,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<ClientRecord>, i64)> {
    let total = integrator_clients::table.count().get_result(conn)?;
    let rows: Vec<Row> = integrator_clients::table
        .order((
            integrator_clients::created_at.asc(),
            integrator_clients::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(client_columns!())
        .load(conn)?;
    Ok((
        rows.into_iter().map(record).collect::<StoreResult<_>>()?,
        total,
    ))
}

/// The credentials of an active client; `None` when unknown or revoked.
pub fn active_credentials(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<Option<ClientCredentials>> {
    let row: Option<(String, String)> = integrator_clients::table
        .find(id)
        .filter(integrator_clients::revoked_at.is_null())
        .select((integrator_clients::secret_hash, integrator_clients::scopes))
        .first(conn)
        .optional()?;
    row.map(|(secret_hash, stored)| {
        Ok(ClientCredentials {
            secret_hash,
            scopes: scopes(&stored)?,
        })
    })
    .transpose()
}

/// Whether the client exists and is not revoked.
pub fn is_active(conn: &mut DbConnection, id: &str) -> StoreResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        integrator_clients::table
            .find(id)
            .filter(integrator_clients::revoked_at.is_null()),
    ))
    .get_result(conn)?)
}

/// Inside a write transaction: the client `id` locked until the transaction ends, if it is
/// active (skipped otherwise), so that what is checked of all its rows (how many webhook
/// subscriptions it holds) and the write after the check are atomic.
pub fn lock_active(conn: &mut DbConnection, id: &str) -> StoreResult<Conditional> {
    require_transaction(conn, "locking an integrator client")?;
    let active = integrator_clients::table
        .find(id)
        .filter(integrator_clients::revoked_at.is_null())
        .select(integrator_clients::id);
    let found: Option<String> = match conn {
        DbConnection::Postgresql(pg) => active.for_no_key_update().first(pg).optional()?,
        DbConnection::Sqlite(_) => active.first(conn).optional()?,
    };
    Ok(Conditional::of(found.is_some()))
}

/// Revokes a client; returns whether it was active until now.
pub fn revoke(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<Conditional> {
    let revoked = diesel::update(
        integrator_clients::table
            .find(id)
            .filter(integrator_clients::revoked_at.is_null()),
    )
    .set(integrator_clients::revoked_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(Conditional::of_rows(revoked))
}

/// An application's current status and when it last changed, if it exists.
pub fn application_status(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<Option<(ApplicationStatus, DateTime<Utc>)>> {
    let row: Option<(String, NaiveDateTime)> = applications::table
        .find(id)
        .select((applications::status, applications::updated_at))
        .first(conn)
        .optional()?;
    row.map(|(status, updated_at)| {
        let status = status
            .parse()
            .map_err(|_| StoreError::corrupt(format!("application status {status:?}")))?;
        Ok((status, from_db(updated_at)))
    })
    .transpose()
}
