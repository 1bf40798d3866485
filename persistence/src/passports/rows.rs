//! The rows of `passports` and `passport_hand_overs`, and their conversion to the records
//! the rest of the server sees.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use paspor_domain::PassportKind;
use paspor_domain::issuance::{PassportNumber, PassportStatus, RecipientKind};

use super::records::{DispatchRecord, HandOverRecord, PassportRecord};
use crate::error::{StoreError, StoreResult};
use crate::schema::{passport_dispatches, passport_hand_overs, passports};
use crate::time::from_db;

#[derive(Queryable, Selectable)]
#[diesel(table_name = passports)]
pub(super) struct PassportRow {
    id: String,
    number: String,
    application_id: String,
    office_id: String,
    kind: String,
    chip: bool,
    holder_name: String,
    holder_nik: String,
    issue_date: NaiveDate,
    expiry_date: NaiveDate,
    ready_date: NaiveDate,
    collect_by: NaiveDate,
    status: String,
    issued_by: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = passport_hand_overs)]
pub(super) struct HandOverRow {
    recipient: String,
    recipient_name: String,
    recipient_nik: Option<String>,
    family_card_number: Option<String>,
    power_of_attorney_reference: Option<String>,
    officer_id: String,
    handed_over_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = passport_dispatches)]
pub(super) struct DispatchRow {
    courier: String,
    tracking_number: String,
    officer_id: String,
    dispatched_at: NaiveDateTime,
}

impl DispatchRow {
    fn into_record(self) -> DispatchRecord {
        DispatchRecord {
            courier: self.courier,
            tracking_number: self.tracking_number,
            officer_id: self.officer_id,
            at: from_db(self.dispatched_at),
        }
    }
}

fn parse<T: std::str::FromStr>(what: &str, value: &str) -> StoreResult<T> {
    value
        .parse()
        .map_err(|_| StoreError::corrupt(format!("{what} {value:?}")))
}

impl HandOverRow {
    fn into_record(self) -> StoreResult<HandOverRecord> {
        Ok(HandOverRecord {
            recipient: parse::<RecipientKind>("hand-over recipient", &self.recipient)?,
            recipient_name: self.recipient_name,
            recipient_nik: self.recipient_nik,
            family_card_number: self.family_card_number,
            power_of_attorney_reference: self.power_of_attorney_reference,
            officer_id: self.officer_id,
            at: from_db(self.handed_over_at),
        })
    }
}

impl PassportRow {
    pub(super) fn into_record(
        self,
        hand_over: Option<HandOverRow>,
        dispatch: Option<DispatchRow>,
    ) -> StoreResult<PassportRecord> {
        Ok(PassportRecord {
            number: parse::<PassportNumber>("passport number", &self.number)?,
            kind: parse::<PassportKind>("passport kind", &self.kind)?,
            status: parse::<PassportStatus>("passport status", &self.status)?,
            hand_over: hand_over.map(HandOverRow::into_record).transpose()?,
            dispatch: dispatch.map(DispatchRow::into_record),
            id: self.id,
            application_id: self.application_id,
            office_id: self.office_id,
            chip: self.chip,
            holder_name: self.holder_name,
            holder_nik: self.holder_nik,
            issue_date: self.issue_date,
            expiry_date: self.expiry_date,
            ready_date: self.ready_date,
            collect_by: self.collect_by,
            issued_by: self.issued_by,
            created_at: from_db(self.created_at),
            updated_at: from_db(self.updated_at),
        })
    }
}
