//! The reference with a database: actix-web reading one indexed row through Diesel and an
//! r2d2 pool on the blocking pool (`web::block`), the least this stack can do for a read
//! that touches the database. The api's reads are reported as a ratio to it, on the same
//! database, in the same run. Not part of the product.
//!
//! `reference-db <listen address> <database URL>`: `postgres://…` or `sqlite://<path>`.
//! It makes its table with one row, then answers `GET /reference/{id}`.

use actix_web::{App, HttpResponse, HttpServer, get, web};
use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

diesel::table! {
    reference_rows (id) {
        id -> Text,
        body -> Text,
    }
}

/// As many connections as the api's pool by default.
const POOL_SIZE: u32 = 10;

const SETUP: &str = "CREATE TABLE IF NOT EXISTS reference_rows (id TEXT PRIMARY KEY, body TEXT NOT NULL);
     DELETE FROM reference_rows;
     INSERT INTO reference_rows (id, body) VALUES ('one', '{\"status\":\"ok\",\"service\":\"reference\"}');";

#[derive(Clone)]
enum Database {
    Postgres(Pool<ConnectionManager<PgConnection>>),
    Sqlite(Pool<ConnectionManager<SqliteConnection>>),
}

impl Database {
    fn open(url: &str) -> anyhow::Result<Database> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = Pool::builder()
                .max_size(POOL_SIZE)
                .build(ConnectionManager::<PgConnection>::new(url))?;
            pool.get()?.batch_execute(SETUP)?;
            Ok(Database::Postgres(pool))
        } else {
            let path = url.trim_start_matches("sqlite://");
            let pool = Pool::builder()
                .max_size(POOL_SIZE)
                .build(ConnectionManager::<SqliteConnection>::new(path))?;
            // As the api's connections: WAL, so that readers never wait for one another.
            pool.get()?
                .batch_execute(&format!("PRAGMA journal_mode = WAL; {SETUP}"))?;
            Ok(Database::Sqlite(pool))
        }
    }

    fn body(&self, id: &str) -> anyhow::Result<Option<String>> {
        let row = reference_rows::table.find(id).select(reference_rows::body);
        Ok(match self {
            Database::Postgres(pool) => row.first(&mut pool.get()?).optional()?,
            Database::Sqlite(pool) => row.first(&mut pool.get()?).optional()?,
        })
    }
}

#[get("/reference/{id}")]
async fn reference(database: web::Data<Database>, id: web::Path<String>) -> HttpResponse {
    let read = web::block(move || database.body(&id)).await;
    match read {
        Ok(Ok(Some(body))) => HttpResponse::Ok()
            .content_type("application/json")
            .body(body),
        Ok(Ok(None)) => HttpResponse::NotFound().finish(),
        _ => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:18091".to_owned());
    let url = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: reference-db <listen address> <database URL>"))?;
    let database = web::Data::new(Database::open(&url)?);
    HttpServer::new(move || App::new().app_data(database.clone()).service(reference))
        .bind(listen)?
        .run()
        .await?;
    Ok(())
}
