//! Registering and removing devices. A token names one app install, so it belongs to one
//! account at a time: registered by another account, it moves to the caller (the phone
//! changed users), and the previous account's notices stop going to it.

use chrono::{DateTime, Utc};
use paspor_domain::account::{DevicePlatform, MAX_DEVICES_PER_ACCOUNT, check_device_token};
use paspor_openapi::{DeviceDto, DeviceRequest};
use paspor_persistence::devices::{self, DeviceRecord};
use paspor_persistence::{DbConnection, StoreError, write_transaction};

use super::DeviceError;
use crate::auth::AccountHolder;
use crate::state::AppState;
use crate::write::Write;

/// A device as registered, and whether it is new to the account.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The device.
    pub device: DeviceDto,
    /// False when the account had registered this token before (it was renewed).
    pub created: bool,
}

fn device_dto(device: DeviceRecord) -> DeviceDto {
    DeviceDto {
        id: device.id,
        platform: device.platform.into(),
        created_at: device.created_at,
        updated_at: device.updated_at,
    }
}

/// In one transaction with the account held, so that concurrent registrations keep the
/// limit: renews the caller's device with this token, or adds it (taking it from another
/// account) and drops the caller's oldest beyond the limit.
fn store(
    conn: &mut DbConnection,
    account: &str,
    platform: DevicePlatform,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(DeviceRecord, bool), DeviceError> {
    write_transaction(conn, |conn| {
        devices::lock_owner(conn, account)?;
        let existing = devices::find_by_token(conn, token)?;
        let (id, created) = match existing {
            Some(device) if device.account_id == account => {
                devices::renew(conn, &device.id, platform, now)?;
                (device.id, false)
            }
            other => {
                if let Some(device) = other {
                    // Gone already if its account removed it meanwhile: moved either way.
                    let _gone = devices::delete(conn, &device.account_id, &device.id)?;
                }
                let id = devices::insert(conn, account, platform, token, now)?;
                devices::keep_newest(conn, account, MAX_DEVICES_PER_ACCOUNT, &id)?;
                (id, true)
            }
        };
        let device = devices::find_owned(conn, account, &id)?
            .ok_or_else(|| anyhow::anyhow!("device {id} vanished"))?;
        Ok((device, created))
    })
}

/// Whether a registration failed because another account registered the same token at the
/// same moment (its transaction committed after this one looked).
fn lost_race(error: &DeviceError) -> bool {
    matches!(error, DeviceError::Store(StoreError::UniqueViolation(_)))
}

/// Registers the caller's device, or renews it when its token is registered already.
pub fn register_device(
    state: &AppState,
    principal: &AccountHolder,
    request: DeviceRequest,
) -> Result<Write<Registered, DeviceError>, DeviceError> {
    check_device_token(&request.token)
        .map_err(|reason| DeviceError::Invalid("token".to_owned(), reason.into()))?;
    let account = principal.account.clone();
    let platform = DevicePlatform::from(request.platform);
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        // Each try in a savepoint: a lost race leaves the transaction around usable.
        let (device, created) = match store(conn, &account, platform, &request.token, now) {
            // Once more: the token is found now, and moves or renews.
            Err(error) if lost_race(&error) => store(conn, &account, platform, &request.token, now),
            other => other,
        }?;
        Ok(Registered {
            device: device_dto(device),
            created,
        })
    }))
}

/// Removes one of the caller's devices: no more notices go to it.
pub async fn remove_device(
    state: &AppState,
    principal: &AccountHolder,
    id: String,
) -> Result<(), DeviceError> {
    let account = principal.account.clone();
    let deleted = state
        .db
        .call(move |conn| devices::delete(conn, &account, &id).map_err(DeviceError::from))
        .await?;
    if deleted.applied() {
        Ok(())
    } else {
        Err(DeviceError::NotFound)
    }
}
