"""A quota-release rush: many applicants book one session at once, on several api processes.

Sets up `accounts` x 5 applicants with a draft each (through the API; emails are marked
verified directly in the database to skip reading codes), gives one released session
`places` regular places, then sends one booking attempt per draft -- `attempts` in all --
from `clients` concurrent clients, spread over the api processes. Prints and returns
bookings made (must equal `places`), refusals, errors, p50/p90/p99 latency and requests
per second. Run by bench/rush.sh, which starts the processes.
"""

import argparse
import asyncio
import json
import statistics
import subprocess
import time
import uuid

import aiohttp

PASSWORD = "kopi tubruk di pagi hari"
OFFICE = "0193a000-0000-7000-8000-000000000001"


def psql(url, sql):
    return subprocess.run(["psql", url, "-XAtc", sql], check=True, capture_output=True, text=True).stdout


async def post(session, url, body, token=None, key=True):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if key:
        headers["idempotency-key"] = str(uuid.uuid4())
    async with session.post(url, data=json.dumps(body), headers=headers) as response:
        return response.status, await response.json(content_type=None)


async def bounded(limit, coroutines):
    gate = asyncio.Semaphore(limit)

    async def run(coroutine):
        async with gate:
            return await coroutine

    return await asyncio.gather(*(run(c) for c in coroutines))


def nik(n):
    """The n-th of distinct valid NIKs of a man born 15 May 1990 (district varies past 9999)."""
    return f"3171{n // 9999 + 1:02d}150590{n % 9999 + 1:04d}"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bases", required=True, help="comma-separated api base URLs")
    parser.add_argument("--database", required=True)
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--date", default=None)
    args = parser.parse_args()
    bases = args.bases.split(",")
    connector = aiohttp.TCPConnector(limit=args.clients)
    async with aiohttp.ClientSession(connector=connector) as http:
        started = time.time()
        emails = [f"rush{n}@example.com" for n in range(args.accounts)]
        await bounded(64, (post(http, f"{bases[n % len(bases)]}/v1/auth/register", {
            "email": email, "phone": "081234567890", "full_name": "Rush", "password": PASSWORD,
        }, key=False) for n, email in enumerate(emails)))
        psql(args.database, "UPDATE users SET email_verified_at = now() WHERE email LIKE 'rush%'")
        logins = await bounded(64, (post(http, f"{bases[n % len(bases)]}/v1/auth/login", {
            "email": email, "password": PASSWORD}, key=False) for n, email in enumerate(emails)))
        tokens = [body["access_token"] for _, body in logins]

        async def drafts_of(n, token):
            base = bases[n % len(bases)]
            made = []
            for person in range(5):
                status, applicant = await post(http, f"{base}/v1/applicants", {
                    "nik": nik(n * 5 + person), "full_name": "Rush", "place_of_birth": "Jakarta",
                    "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1",
                    "father_name": "A", "mother_name": "B", "marital_status": "single",
                    "dual_citizen_child": False, "previous_passport_number": None, "guardian_nik": None,
                }, token, key=False)
                status, application = await post(http, f"{base}/v1/applications", {
                    "applicant_id": applicant["id"], "passport_kind": "electronic",
                    "application_kind": "new", "service": "regular",
                    "travel": {"purpose": "tourism", "destination_country": "JP"},
                }, token)
                made.append((token, application["id"]))
            return made

        drafts = [d for made in await bounded(64, (drafts_of(n, t) for n, t in enumerate(tokens))) for d in made]
        date = args.date or psql(args.database, f"""
            SELECT session_date FROM office_sessions WHERE office_id = '{OFFICE}'
            AND release_at <= now() AND session_date > current_date ORDER BY session_date, starts_minute LIMIT 1""").strip()
        session = psql(args.database, f"""
            SELECT id FROM office_sessions WHERE office_id = '{OFFICE}' AND session_date = '{date}'
            ORDER BY starts_minute LIMIT 1""").strip()
        psql(args.database, f"UPDATE office_sessions SET capacity_regular = {args.places} WHERE id = '{session}'")
        setup = time.time() - started

        latencies, statuses = [], []
        first_error = None

        async def attempt(n, token, application):
            base = bases[n % len(bases)]
            began = time.perf_counter()
            nonlocal first_error
            status, body = await post(http, f"{base}/v1/applications/{application}/booking",
                                      {"office_id": OFFICE, "date": date, "session_id": session}, token)
            latencies.append(time.perf_counter() - began)
            statuses.append(status)
            if status not in (200, 409) and first_error is None:
                first_error = body

        rush_started = time.perf_counter()
        await bounded(args.clients, (attempt(n, t, a) for n, (t, a) in enumerate(drafts)))
        elapsed = time.perf_counter() - rush_started
        held = psql(args.database, f"""SELECT count(*) FROM bookings WHERE session_id = '{session}'
            AND released_at IS NULL AND offer = false""").strip()
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    result = {
        "attempts": len(statuses), "clients": args.clients, "processes": len(bases),
        "places": args.places, "booked": statuses.count(200), "bookings_in_database": int(held),
        "full_409": statuses.count(409), "errors": sum(1 for s in statuses if s not in (200, 409)),
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
        "first_error": first_error,
        "p50_ms": round(pct(0.50), 1), "p90_ms": round(pct(0.90), 1), "p99_ms": round(pct(0.99), 1),
        "mean_ms": round(statistics.mean(latencies) * 1000, 1),
        "requests_per_second": round(len(statuses) / elapsed, 1), "setup_seconds": round(setup, 1),
    }
    print(json.dumps(result, indent=2))


asyncio.run(main())
