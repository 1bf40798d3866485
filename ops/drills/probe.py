"""Load and timing for the fault drills (standard library only).

  probe.py load --base URL --out FILE --stop FILE [--readers 8] [--writers 2]
      Until the file --stop exists: readers GET an office and its availability, writers
      register new accounts (each 202 is a write the service accepted), and one poller asks
      /health/ready every 0.2 s. Every answer is one JSON line in --out: kind, start and end
      (Unix seconds), status, content type, and for a registration its email.
  probe.py report --events FILE --down T --up T
      Per phase (before the outage, during it, after it) and kind: answers by status, the
      latency (p50/p99/max, and how many took over 2 s), problem+json or not; and how long after --up each kind first
      succeeded again. Prints JSON.
"""

import argparse
import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid

OFFICE = "0193a000-0000-7000-8000-000000000001"
PASSWORD = "kopi tubruk di pagi hari"
TIMEOUT = 60


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("content-type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            answer.read()
            return answer.status, answer.headers.get("content-type", "")
    except urllib.error.HTTPError as answer:
        answer.read()
        return answer.code, answer.headers.get("content-type", "")
    except Exception as error:  # refused, reset, timed out
        return 0, type(error).__name__


def load(args):
    out = open(args.out, "a", buffering=1)
    lock = threading.Lock()
    stopping = lambda: os.path.exists(args.stop)

    def record(kind, began, status, content_type, **more):
        line = {"kind": kind, "start": began, "end": time.time(), "status": status, "type": content_type}
        line.update(more)
        with lock:
            out.write(json.dumps(line) + "\n")

    def reader(n):
        urls = [f"{args.base}/v1/offices/{OFFICE}",
                f"{args.base}/v1/offices/{OFFICE}/availability?from={args.date}&to={args.date}"]
        i = n
        while not stopping():
            began = time.time()
            status, content_type = call("GET", urls[i % 2])
            record("read", began, status, content_type)
            i += 1

    def writer(n):
        while not stopping():
            email = f"drill-{uuid.uuid4().hex[:12]}@example.com"
            body = {"email": email, "phone": "081234567890", "full_name": "Drill", "password": PASSWORD}
            began = time.time()
            status, content_type = call("POST", f"{args.base}/v1/auth/register", body)
            record("write", began, status, content_type, email=email)

    def poller():
        while not stopping():
            began = time.time()
            status, content_type = call("GET", f"{args.base}/health/ready")
            record("ready", began, status, content_type)
            time.sleep(max(0.0, 0.2 - (time.time() - began)))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(args.readers)]
    threads += [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
    threads.append(threading.Thread(target=poller))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def quantile(values, q):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 3)


def report(args):
    events = [json.loads(line) for line in open(args.events)]
    phases = {"before": lambda e: e["start"] < args.down,
              "outage": lambda e: args.down <= e["start"] < args.up,
              "after": lambda e: e["start"] >= args.up}
    result = {"outage_seconds": round(args.up - args.down, 2)}
    for phase, within in phases.items():
        result[phase] = {}
        for kind in ("read", "write", "ready"):
            chosen = [e for e in events if e["kind"] == kind and within(e)]
            latencies = [e["end"] - e["start"] for e in chosen]
            statuses = {}
            for e in chosen:
                statuses[str(e["status"])] = statuses.get(str(e["status"]), 0) + 1
            failures = [e for e in chosen if e["status"] >= 400]
            result[phase][kind] = {
                "answers": len(chosen), "by_status": statuses,
                "p50_s": quantile(latencies, 0.5), "p99_s": quantile(latencies, 0.99),
                "max_s": quantile(latencies, 1.0),
                "over_2s": sum(latency > 2.0 for latency in latencies),
                "failures_problem_json": sum(e["type"].startswith("application/problem+json") for e in failures),
            }
    # The first answer to each kind that failed after the stop, and the first success after
    # the start, measured from the stop and from the start.
    for kind in ("read", "write", "ready"):
        first_failure = min((e["end"] for e in events if e["kind"] == kind and e["start"] >= args.down
                             and e["status"] >= 500), default=None)
        first_success = min((e["end"] for e in events if e["kind"] == kind and e["start"] >= args.up
                             and 200 <= e["status"] < 300), default=None)
        result.setdefault("first_failure_after_stop_s", {})[kind] = (
            round(first_failure - args.down, 3) if first_failure else None)
        result.setdefault("recovered_after_start_s", {})[kind] = (
            round(first_success - args.up, 3) if first_success else None)
    print(json.dumps(result, indent=1))


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    loading = commands.add_parser("load")
    loading.add_argument("--base", required=True)
    loading.add_argument("--out", required=True)
    loading.add_argument("--stop", required=True)
    loading.add_argument("--date", required=True)
    loading.add_argument("--readers", type=int, default=8)
    loading.add_argument("--writers", type=int, default=2)
    reporting = commands.add_parser("report")
    reporting.add_argument("--events", required=True)
    reporting.add_argument("--down", type=float, required=True)
    reporting.add_argument("--up", type=float, required=True)
    args = parser.parse_args()
    {"load": load, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
