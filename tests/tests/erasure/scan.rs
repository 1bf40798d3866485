//! Looking through every table of a test's database, as the database lists them (not a
//! hand-kept list): which tables there are, their columns, and where a text appears.

use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl, sql_query};
use paspor_persistence::DbConnection;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every table of the database, by name.
pub fn tables(conn: &mut DbConnection) -> Vec<String> {
    let names = match conn {
        DbConnection::Sqlite(sqlite) => sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .load::<Name>(sqlite),
        DbConnection::Postgresql(pg) => sql_query(
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
        )
        .load::<Name>(pg),
    };
    names
        .expect("the tables are listed")
        .into_iter()
        .map(|row| row.name)
        .collect()
}

/// The columns of `table`.
pub fn columns(conn: &mut DbConnection, table: &str) -> Vec<String> {
    let names = match conn {
        DbConnection::Sqlite(sqlite) => sql_query("SELECT name FROM pragma_table_info($1)")
            .bind::<Text, _>(table)
            .load::<Name>(sqlite),
        DbConnection::Postgresql(pg) => sql_query(
            "SELECT CAST(column_name AS TEXT) AS name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1",
        )
        .bind::<Text, _>(table)
        .load::<Name>(pg),
    };
    let names: Vec<String> = names
        .expect("the columns are listed")
        .into_iter()
        .map(|row| row.name)
        .collect();
    assert!(!names.is_empty(), "{table} has columns");
    names
}

/// How many rows of `table` hold `needle` anywhere in `column` (read as text).
pub fn rows_holding(conn: &mut DbConnection, table: &str, column: &str, needle: &str) -> i64 {
    let sql =
        format!("SELECT COUNT(*) AS n FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE $1");
    let pattern = format!("%{needle}%");
    let counted = match conn {
        DbConnection::Sqlite(sqlite) => sql_query(sql)
            .bind::<Text, _>(pattern)
            .get_result::<Count>(sqlite),
        DbConnection::Postgresql(pg) => sql_query(sql)
            .bind::<Text, _>(pattern)
            .get_result::<Count>(pg),
    };
    counted.expect("the rows are counted").n
}

/// How many rows `table` has.
pub fn rows(conn: &mut DbConnection, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM \"{table}\"");
    let counted = match conn {
        DbConnection::Sqlite(sqlite) => sql_query(sql).get_result::<Count>(sqlite),
        DbConnection::Postgresql(pg) => sql_query(sql).get_result::<Count>(pg),
    };
    counted.expect("the rows are counted").n
}

/// Every place (needle, table, column) where one of `needles` appears, over every column of
/// every table.
pub fn places_of(conn: &mut DbConnection, needles: &[&str]) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for table in tables(conn) {
        for column in columns(conn, &table) {
            for needle in needles {
                if rows_holding(conn, &table, &column, needle) > 0 {
                    found.push(((*needle).to_owned(), table.clone(), column.clone()));
                }
            }
        }
    }
    found
}
