//! The reference: plain actix-web answering a fixed small JSON, with as many workers as the
//! api uses here, so that the api's numbers read as a ratio to this stack's limit on this
//! machine. Not part of the product. `reference <listen address>`.

use actix_web::{App, HttpResponse, HttpServer, get};

#[get("/reference")]
async fn reference() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"status":"ok","service":"reference"}"#)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let listen = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18090".to_owned());
    HttpServer::new(|| App::new().service(reference))
        .bind(listen)?
        .run()
        .await
}
