//! Validity rule sets as data: each a named, effective-dated set of terms, added and
//! switched on or off by a system admin through the API. The built-in sets come with the
//! migration that made the table, so every database has rules in force whatever the seed
//! setting.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::ValidityRules;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::validity_rule_sets;
use crate::time::{from_db, to_db};
use crate::transaction::{Turn, require_transaction, take_turns};

/// A stored rule set, whether it is switched on, and when it was added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRules {
    /// The rule set.
    pub rules: ValidityRules,
    /// Whether passports' terms may come from it.
    pub enabled: bool,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

type Row = (
    String,
    String,
    NaiveDate,
    bool,
    (i32, bool, String, i32, i32, i32),
    NaiveDateTime,
);

macro_rules! columns {
    () => {
        (
            validity_rule_sets::code,
            validity_rule_sets::name,
            validity_rule_sets::effective_from,
            validity_rule_sets::enabled,
            (
                validity_rule_sets::adult_age,
                validity_rule_sets::married_as_adult,
                validity_rule_sets::adult_years,
                validity_rule_sets::minor_years,
                validity_rule_sets::dual_citizen_child_years,
                validity_rule_sets::dual_citizen_choice_age,
            ),
            validity_rule_sets::created_at,
        )
    };
}

fn years(value: i32, what: &str) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("{what} {value}")))
}

fn int(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// `5,10` as stored, from the terms (ascending, as the domain keeps them).
fn years_text(terms: &[u32]) -> String {
    terms
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn stored(row: Row) -> StoreResult<StoredRules> {
    let (code, name, effective_from, enabled, terms, created_at) = row;
    let (adult_age, married_as_adult, adult_years, minor, dual, choice_age) = terms;
    let adult_years = adult_years
        .split(',')
        .map(|term| {
            term.parse::<u32>()
                .map_err(|_| StoreError::corrupt(format!("adult term {term:?} of {code}")))
        })
        .collect::<StoreResult<Vec<u32>>>()?;
    Ok(StoredRules {
        rules: ValidityRules {
            adult_age: years(adult_age, "adult age")?,
            married_as_adult,
            adult_years,
            minor_years: years(minor, "minor term")?,
            dual_citizen_child_years: years(dual, "dual-citizen term")?,
            dual_citizen_choice_age: years(choice_age, "choice age")?,
            code,
            name,
            effective_from,
        },
        enabled,
        created_at: from_db(created_at),
    })
}

/// Every stored rule set, oldest first (by the date it applies from, then code).
pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<StoredRules>> {
    let rows: Vec<Row> = validity_rule_sets::table
        .order((
            validity_rule_sets::effective_from.asc(),
            validity_rule_sets::code.asc(),
        ))
        .select(columns!())
        .load(conn)?;
    rows.into_iter().map(stored).collect()
}

/// The rule sets switched on, oldest first.
pub fn enabled(conn: &mut DbConnection) -> StoreResult<Vec<ValidityRules>> {
    let rows: Vec<Row> = validity_rule_sets::table
        .filter(validity_rule_sets::enabled.eq(true))
        .order((
            validity_rule_sets::effective_from.asc(),
            validity_rule_sets::code.asc(),
        ))
        .select(columns!())
        .load(conn)?;
    rows.into_iter()
        .map(|row| stored(row).map(|stored| stored.rules))
        .collect()
}

/// The codes of the rule sets switched on, in code order.
pub fn enabled_codes(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    Ok(validity_rule_sets::table
        .filter(validity_rule_sets::enabled.eq(true))
        .order(validity_rule_sets::code.asc())
        .select(validity_rule_sets::code)
        .load(conn)?)
}

/// Inside a write transaction: waits until no other transaction is adding or switching
/// rule sets, so that what was in force before a change (for its audit record) and the
/// change are read and written as one, in this process and any other.
pub fn take_turn(conn: &mut DbConnection) -> StoreResult<()> {
    require_transaction(conn, "changing validity rule sets")?;
    take_turns(conn, Turn::ValidityRules)?;
    Ok(())
}

/// Stores a new rule set (checked by the caller), switched on or off. A code already
/// stored is `StoreError::UniqueViolation`.
pub fn insert(
    conn: &mut DbConnection,
    rules: &ValidityRules,
    enabled: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(validity_rule_sets::table)
        .values((
            validity_rule_sets::code.eq(&rules.code),
            validity_rule_sets::name.eq(&rules.name),
            validity_rule_sets::effective_from.eq(rules.effective_from),
            validity_rule_sets::enabled.eq(enabled),
            validity_rule_sets::adult_age.eq(int(rules.adult_age)),
            validity_rule_sets::married_as_adult.eq(rules.married_as_adult),
            validity_rule_sets::adult_years.eq(years_text(&rules.adult_years)),
            validity_rule_sets::minor_years.eq(int(rules.minor_years)),
            validity_rule_sets::dual_citizen_child_years.eq(int(rules.dual_citizen_child_years)),
            validity_rule_sets::dual_citizen_choice_age.eq(int(rules.dual_citizen_choice_age)),
            validity_rule_sets::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Inside the caller's write transaction: switches on exactly the rule sets named, and off
/// every other. Returns the codes that name no stored rule set (then nothing changed).
pub fn set_enabled(conn: &mut DbConnection, codes: &[String]) -> StoreResult<Vec<String>> {
    let known: Vec<String> = validity_rule_sets::table
        .select(validity_rule_sets::code)
        .load(conn)?;
    let unknown: Vec<String> = codes
        .iter()
        .filter(|code| !known.contains(code))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Ok(unknown);
    }
    diesel::update(validity_rule_sets::table)
        .set(validity_rule_sets::enabled.eq(false))
        .execute(conn)?;
    diesel::update(validity_rule_sets::table.filter(validity_rule_sets::code.eq_any(codes)))
        .set(validity_rule_sets::enabled.eq(true))
        .execute(conn)?;
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use paspor_domain::validity::builtin_rule_sets;

    use super::*;
    use crate::testing::{on_postgres, on_sqlite, start};
    use crate::write_transaction;
    use crate::{connect_pool, run_migrations};

    fn round_trip(url: &str) {
        run_migrations(url).expect("migrated");
        let (pool, _) = connect_pool(url, crate::PoolSettings::default()).expect("a pool");
        let mut conn = pool.get().expect("a connection");
        // The migration's rows are the domain's built-ins, switched on.
        assert_eq!(enabled(&mut conn).unwrap(), builtin_rule_sets());
        assert_eq!(
            enabled_codes(&mut conn).unwrap(),
            ["choice_2024", "ten_year_2022"]
        );

        let one_term = ValidityRules {
            code: "one_term_2027".to_owned(),
            name: "One term for everyone".to_owned(),
            effective_from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            adult_years: vec![10],
            minor_years: 10,
            ..builtin_rule_sets()[1].clone()
        };
        write_transaction(&mut conn, |conn| {
            take_turn(conn)?;
            insert(conn, &one_term, false, start())
        })
        .unwrap();
        let again = write_transaction(&mut conn, |conn| insert(conn, &one_term, true, start()));
        assert!(
            matches!(again, Err(StoreError::UniqueViolation(_))),
            "{again:?}"
        );
        let listed = all(&mut conn).unwrap();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[2].rules, one_term);
        assert!(!listed[2].enabled);
        assert_eq!(listed[2].created_at, start());

        let unknown = write_transaction(&mut conn, |conn| {
            set_enabled(conn, &["one_term_2027".to_owned(), "nope".to_owned()])
        })
        .unwrap();
        assert_eq!(unknown, ["nope"]);
        assert_eq!(enabled(&mut conn).unwrap().len(), 2, "nothing changed");
        write_transaction(&mut conn, |conn| {
            set_enabled(conn, &["one_term_2027".to_owned()])
        })
        .unwrap();
        assert_eq!(enabled(&mut conn).unwrap(), [one_term]);
    }

    #[test]
    fn rule_sets_round_trip_on_sqlite() {
        on_sqlite(round_trip);
    }

    #[test]
    fn rule_sets_round_trip_on_postgres() {
        on_postgres("validity rule sets", round_trip);
    }
}
