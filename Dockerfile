# Multi-stage build of the `paspor` server: a Rust builder, then a slim Debian runtime.
FROM rust:1-bookworm AS builder
WORKDIR /src
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cargo build --release --locked -p paspor-api \
    && cp target/release/paspor /usr/local/bin/paspor

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/paspor --create-home paspor \
    && install -d -o paspor -m 700 /var/lib/paspor/documents
COPY --from=builder /usr/local/bin/paspor /usr/local/bin/paspor
USER paspor
WORKDIR /var/lib/paspor
ENV PASPOR_LISTEN=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["paspor"]
CMD ["serve"]
