#!/usr/bin/env python3
"""Schemathesis against a live server, once per role, on one database.

Starts the built `paspor` binary on a free port of 127.0.0.1 with a database of its own,
creates an account of every role (an applicant registered and verified through the API,
reading the code from the development mail file; staff with `paspor create-user`), and runs
`schemathesis run` with every check, authenticated as each role in turn. Exits non-zero on
the first failing run. `.ci/schemathesis.sh` prepares the binary and schemathesis and calls
this once per database; it can be called directly too:

    .ci/schemathesis.py --binary target/debug/paspor --schemathesis ~/.cache/.../schemathesis \
        --database sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

# The seed office every fresh database has (Kantor Imigrasi Pangkalpinang).
SEED_OFFICE = "0193a000-0000-7000-8000-000000000001"
PASSWORD = "kopi tubruk di pagi hari"
JWT_SECRET = "schemathesis-secret-that-is-at-least-32-bytes"
PAYMENT_SECRET = "schemathesis-payment-secret-at-least-32-bytes"

# Each role that signs in, and the office staff of that role belong to.
STAFF = [
    ("officer", SEED_OFFICE),
    ("office_admin", SEED_OFFICE),
    ("system_admin", None),
]

ROOT = Path(__file__).resolve().parent.parent


def say(message: str) -> None:
    print(f"[schemathesis] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(method: str, url: str, body: dict | None = None, headers: dict | None = None):
    """One request; returns (status, parsed JSON body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("content-type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def expect(what: str, answer, status: int):
    if answer[0] != status:
        raise SystemExit(f"{what}: expected {status}, got {answer[0]}: {answer[1]}")
    return answer[1]


class Server:
    """The `paspor` binary serving on a free port, with its log in the work folder."""

    def __init__(self, binary: Path, database_url: str, work: Path):
        self.binary = binary
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.mail_file = work / "outbox.jsonl"
        self.log_path = work / "server.log"
        self.env = {
            **os.environ,
            "PASPOR_ENV": "development",
            "PASPOR_DATABASE_URL": database_url,
            "PASPOR_LISTEN": f"127.0.0.1:{self.port}",
            "PASPOR_MAIL_FILE": str(self.mail_file),
            "PASPOR_STORAGE_DIR": str(work / "documents"),
            "PASPOR_JWT_SECRET": JWT_SECRET,
            "PASPOR_PAYMENT_WEBHOOK_SECRET": PAYMENT_SECRET,
            # Every request comes from 127.0.0.1: the sign-in limit would turn most of the
            # run's sign-in requests into 429s, and test nothing more. Its 429 is documented
            # and tested by the black-box suite.
            "PASPOR_AUTH_RATE_PER_MINUTE": "1000000",
            "RUST_LOG": os.environ.get("RUST_LOG", "warn"),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        say(f"starting {self.binary} on {self.base} (log: {self.log_path})")
        log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(self.binary), "serve"], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped at start:\n{self.log_path.read_text()}")
            try:
                if call("GET", f"{self.base}/health/ready")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("the server did not become ready in 120 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def login(self, email: str) -> str:
        tokens = expect(
            f"sign-in of {email}",
            call("POST", f"{self.base}/v1/auth/login", {"email": email, "password": PASSWORD}),
            200,
        )
        return tokens["access_token"]

    def applicant(self, email: str) -> str:
        """Registers and verifies an applicant through the API; returns an access token."""
        expect(
            "registration",
            call(
                "POST",
                f"{self.base}/v1/auth/register",
                {
                    "email": email,
                    "phone": "0812-3456-7890",
                    "full_name": "Siti Rahayu",
                    "password": PASSWORD,
                },
            ),
            202,
        )
        code = self.emailed_code(email)
        expect(
            "verification",
            call("POST", f"{self.base}/v1/auth/verify-email", {"email": email, "code": code}),
            204,
        )
        return self.login(email)

    def emailed_code(self, email: str) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.mail_file.exists():
                for line in reversed(self.mail_file.read_text().splitlines()):
                    mail = json.loads(line)
                    if mail.get("to") == email and mail.get("code"):
                        return mail["code"]
            time.sleep(0.1)
        raise SystemExit(f"no verification code was emailed to {email}")

    def staff(self, email: str, role: str, office: str | None) -> str:
        """Creates a staff account as an operator would; returns an access token."""
        command = [str(self.binary), "create-user", "--email", email, "--role", role]
        if office:
            command += ["--office", office]
        subprocess.run(
            command, env=self.env, input=PASSWORD + "\n", text=True, check=True,
            stdout=subprocess.DEVNULL,
        )
        return self.login(email)


def roles(server: Server) -> list[tuple[str, str]]:
    """An access token of every role, freshly signed in (they last 15 minutes)."""
    run = uuid.uuid4().hex[:8]
    tokens = [("applicant", server.applicant(f"applicant-{run}@example.com"))]
    for role, office in STAFF:
        tokens.append((role, server.staff(f"{role.replace('_', '-')}-{run}@example.com", role, office)))
    return tokens


def schemathesis(args, server: Server, role: str, token: str, reports: Path) -> int:
    command = [
        str(args.schemathesis),
        "--config-file",
        str(ROOT / ".ci" / "schemathesis.toml"),
        "run",
        str(args.schema),
        "--url",
        server.base,
        "--checks",
        "all",
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--header",
        f"Authorization: Bearer {token}",
        # Reproducible runs: no example database carried from one run to the next.
        "--generation-database",
        "none",
        "--report",
        "junit",
        "--report-junit-path",
        str(reports / f"{role}.xml"),
        *args.extra,
    ]
    say(f"as {role}: schemathesis run --checks all --max-examples {args.max_examples} --seed {args.seed}")
    started = time.monotonic()
    hooks = {**os.environ, "SCHEMATHESIS_HOOKS": str(ROOT / ".ci" / "schemathesis_hooks.py")}
    outcome = subprocess.run(command, cwd=reports, env=hooks).returncode
    say(f"as {role}: exit {outcome} after {time.monotonic() - started:.0f} s")
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, required=True, help="the built `paspor` binary")
    parser.add_argument("--schemathesis", type=Path, required=True, help="the schemathesis command")
    parser.add_argument("--database", required=True, help="`sqlite`, or a postgres:// URL of a fresh database")
    parser.add_argument("--schema", type=Path, default=ROOT / "openapi" / "openapi.json")
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "50")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SCHEMATHESIS_SEED", "20261125")))
    parser.add_argument("--roles", default="applicant,officer,office_admin,system_admin")
    parser.add_argument("extra", nargs="*", help="more arguments for `schemathesis run` (after --)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="paspor-schemathesis-") as folder:
        work = Path(folder)
        url = f"sqlite://{work / 'paspor.db'}" if args.database == "sqlite" else args.database
        server = Server(args.binary.resolve(), url, work)
        reports = Path(os.environ.get("SCHEMATHESIS_REPORTS", ROOT / "target" / "schemathesis")) / (
            "sqlite" if args.database == "sqlite" else "postgres"
        )
        reports.mkdir(parents=True, exist_ok=True)
        failed = []
        try:
            server.start()
            wanted = args.roles.split(",")
            for role, token in roles(server):
                if role not in wanted:
                    continue
                if schemathesis(args, server, role, token, reports) != 0:
                    failed.append(role)
                if not server.alive():
                    say("the server died")
                    failed.append("server")
                    break
        finally:
            server.stop()
            errors = [line for line in server.log_path.read_text().splitlines() if "ERROR" in line]
            if errors:
                say(f"the server logged {len(errors)} errors; the first ones:")
                for line in errors[:20]:
                    print(line)
        if failed:
            say(f"FAILED as: {', '.join(failed)} (reports in {reports})")
            return 1
        say("no failures")
        return 0


if __name__ == "__main__":
    sys.exit(main())
