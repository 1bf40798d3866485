"""Signed payment notices for the kill -9 drill (standard library only).

  notices.py --bases URL[,URL] --codes FILE --out FILE [--secret S] [--threads 8]
             [--kill-pid PID --kill-after N]
Sends one notice per line of FILE ("<billing code> <amount>"), event id "drill-<code>" (the
same in every round, as a payment channel resends an event it got no answer for), signed
`Paspor-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, spread over the bases.
With --kill-pid, sends SIGKILL to that process once N notices have been answered. Writes
one JSON line per notice (code, base, status, result) to --out and prints a summary.
"""

import argparse
import datetime
import hashlib
import hmac
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

DEVELOPMENT_SECRET = "development-payment-webhook-secret-0123456789"


def send(base, secret, code, amount):
    body = json.dumps({
        "event_id": f"drill-{code}", "billing_code": code, "amount": amount,
        "paid_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
    }).encode()
    stamp = str(int(time.time()))
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(f"{base}/v1/payments/notifications", data=body, method="POST")
    request.add_header("content-type", "application/json")
    request.add_header("paspor-signature", f"t={stamp},v1={mac}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read()).get("result")
    except urllib.error.HTTPError as answer:
        return answer.code, None
    except Exception as error:
        return 0, type(error).__name__


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bases", required=True)
    parser.add_argument("--codes", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--secret", default=DEVELOPMENT_SECRET)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--kill-pid", type=int)
    parser.add_argument("--kill-after", type=int, default=0)
    args = parser.parse_args()
    bases = args.bases.split(",")
    codes = [line.split() for line in open(args.codes) if line.strip()]
    answered = 0
    lock = threading.Lock()
    out = open(args.out, "a", buffering=1)
    summary = {}

    def one(n, code, amount):
        nonlocal answered
        base = bases[n % len(bases)]
        status, result = send(base, args.secret, code, int(amount))
        with lock:
            answered += 1
            key = f"{status} {result}"
            summary[key] = summary.get(key, 0) + 1
            out.write(json.dumps({"code": code, "base": base, "status": status, "result": result}) + "\n")
            if args.kill_pid and answered == args.kill_after:
                os.kill(args.kill_pid, signal.SIGKILL)
                print(f"killed {args.kill_pid} after {answered} answers", flush=True)

    with ThreadPoolExecutor(args.threads) as pool:
        for n, (code, amount) in enumerate(codes):
            pool.submit(one, n, code, amount)
    print(json.dumps({"notices": len(codes), "answers": summary}))


if __name__ == "__main__":
    main()
