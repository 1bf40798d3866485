"""Writes the benchmark's results (JSON lines from bench/run.sh) into docs/PERFORMANCE.md,
between the lines `<!-- bench:start -->` and `<!-- bench:end -->`, as tables with the
targets of issue 8 checked against them (reported, never asserted in tests).

Usage: python3 bench/report.py RESULTS.jsonl docs/PERFORMANCE.md "MACHINE DESCRIPTION"
Every target is also printed with its measured value; with `-` as the document, only printed.
"""

import json
import sys

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def fmt_ms(value):
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def statuses(line):
    return ", ".join(f"{code}: {count:,}" for code, count in line["statuses"].items())


def main():
    results_path, doc_path, machine = sys.argv[1:4]
    lines = [json.loads(text) for text in open(results_path) if text.strip()]
    out = [START, "", f"Measured by `bash bench/run.sh` on {machine}; load generator "
           "`bench/loadgen` (Rust, closed loop, one request in flight per connection) on the "
           "same cores as the servers. Peak memory is each server process's VmHWM.", ""]
    out += ["| scenario | database | connections | requests/s | p50 | p90 | p99 | errors (5xx + none) | statuses | peak MB |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for line in lines:
        conns = line.get("connections", line.get("clients", ""))
        out.append(f"| {line['scenario']} | {line['backend']} | {conns} | {line['requests_per_second']:,.0f} | "
                   f"{fmt_ms(line['p50_ms'])} | {fmt_ms(line['p90_ms'])} | {fmt_ms(line['p99_ms'])} | "
                   f"{line['errors']} | {statuses(line)} | {', '.join(map(str, line['peak_mb']))} |")
    rushes = [line for line in lines if line["scenario"].startswith("rush")]
    if rushes:
        out += ["", "The rush in detail:", "",
                "| database | processes | attempts | clients | places | booked (200) | held in the database | 409 | errors | p99 | requests/s | setup s |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in rushes:
            out.append(f"| {r['backend']} | {r['processes']} | {r['requests']:,} | {r['clients']} | {r['places']} | "
                       f"**{r['booked']}** | {r['held_in_database']} | {r['full_409']:,} | {r['errors']} | "
                       f"{fmt_ms(r['p99_ms'])} | {r['requests_per_second']:,.0f} | {r['setup_seconds']} |")

    taps = [line for line in lines if line["scenario"].startswith("double tap")]
    if taps:
        out += ["", "The double tap in detail (each draft booked that many times at once, a fresh "
                "key each time):", "",
                "| database | processes | drafts x taps | places | booked (200) | distinct applications | billing codes | held in the database | 409 | errors | p99 | exact |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for t in taps:
            drafts = t["requests"] // t["taps"]
            out.append(f"| {t['backend']} | {t['processes']} | {drafts:,} x {t['taps']} | {t['places']} | "
                       f"**{t['booked']}** | {t['applications_booked']} | {t['billing_codes']} | "
                       f"{t['held_in_database']} | {t['refused_409']:,} | {t['errors']} | "
                       f"{fmt_ms(t['p99_ms'])} | {'yes' if t['exact'] else '**no**'} |")

    # Release day (issue 23): the bookings line with the database's counts, and the reads.
    release = {line["scenario"].removeprefix("release day: "): line
               for line in lines if line["scenario"].startswith("release day: ")}
    day = release.get("bookings")
    if day:
        out += ["", "Release day in detail (owners arriving within the window, front-loaded; "
                "places counted in PostgreSQL afterwards):", "",
                "| processes | offices | sessions | accounts x 5 drafts | window s | capacity | booked (200) | held in the database | sessions at / over / under capacity | held twice | full 409 | gave up | errors | booking p99 | availability p99 before / during / after | setup s |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
        reads = " / ".join(fmt_ms(release[k]["p99_ms"]) if k in release else "-"
                           for k in ("availability before the rush", "availability during the rush",
                                     "availability after the rush"))
        out.append(f"| {day['processes']} | {day['offices']} | {day['sessions']} | {day['accounts']:,} x 5 | "
                   f"{day['window_seconds']} | {day['capacity']:,} | **{day['booked']:,}** | "
                   f"{day['held_in_database']:,} | {day['sessions_at_capacity']} / {day['sessions_over']} / "
                   f"{day['sessions_under']} | {day['applications_held_twice']} | {day['full_409']:,} | "
                   f"{day['gave_up']:,} | {day['errors']} | {fmt_ms(day['p99_ms'])} | {reads} | "
                   f"{day['setup_seconds']} |")

    # The targets of issues 8 and 19, checked against this run.
    by = {(line["scenario"], line["backend"]): line for line in lines}
    reference = by.get(("reference: plain actix-web", "none"))
    checks = []
    for backend in ("sqlite", "postgres"):
        # Issue 23: a citizen's own applications against one row read through the same stack.
        one_row = by.get(("reference: one row", backend))
        for scenario, share in (("reads: one application with a token", 0.6),
                                ("reads: the account's applications with a token", 0.5)):
            read = by.get((scenario, backend))
            if read and one_row:
                ratio = read["requests_per_second"] / one_row["requests_per_second"]
                checks.append((f"{scenario.removeprefix('reads: ')} ≥ {share:.0%} of one row read "
                               f"through the same stack ({backend})",
                               f"{read['requests_per_second']:,.0f} vs {one_row['requests_per_second']:,.0f} "
                               f"req/s ({ratio:.0%})", ratio >= share))
        reads = by.get(("reads: availability for a month", backend))
        if reads and reference:
            ratio = reads["requests_per_second"] / reference["requests_per_second"]
            checks.append((f"availability reads ≥ 50 % of the reference's requests/s ({backend})",
                           f"{ratio:.0%}", ratio >= 0.5))
            checks.append((f"availability p99 < 50 ms at {reads['connections']} connections ({backend})",
                           fmt_ms(reads["p99_ms"]), reads["p99_ms"] < 50))
        storm = by.get(("storm: availability reads during a login storm", backend))
        if reads and storm:
            ratio = storm["p99_ms"] / reads["p99_ms"]
            checks.append((f"read p99 during the login storm ≤ 2 × without ({backend})",
                           f"{fmt_ms(storm['p99_ms'])} vs {fmt_ms(reads['p99_ms'])} ({ratio:.1f} ×)", ratio <= 2))
        logins = by.get(("storm: the logins themselves", backend))
        if logins:
            # Issue 23: a sign-in that is let in is served within 3 s; the rest are told at
            # once (503 with Retry-After) and come back, as the app does.
            shed = logins["statuses"].get("503", 0)
            signed_in = logins["statuses"].get("200", 0)
            checks.append((f"sign-in p99 ≤ 3 s in the storm, {logins['connections']} connections ({backend})",
                           f"{fmt_ms(logins['succeeded_p99_ms'])} over {signed_in:,} sign-ins "
                           f"({signed_in / logins['seconds']:,.0f}/s); {shed:,} told to come back (503)",
                           logins["succeeded_p99_ms"] <= 3000 and signed_in > 0))
    for r in rushes:
        if r["backend"] == "postgres" and r["processes"] == 2:
            ok = r["booked"] == r["places"] == r["held_in_database"] and r["errors"] == 0 and r["p99_ms"] < 1000
            checks.append(("rush on PostgreSQL, 2 processes: exactly the places booked, 0 errors, p99 < 1 s",
                           f"{r['booked']} booked, {r['held_in_database']} held, {r['errors']} errors, p99 {fmt_ms(r['p99_ms'])}", ok))
        if r["booked"] != r["places"] or r["held_in_database"] != r["places"]:
            checks.append((f"rush exactness ({r['backend']}, {r['processes']} processes)",
                           f"{r['booked']} booked, {r['held_in_database']} held of {r['places']}", False))
    for t in taps:
        if t["backend"] == "postgres" and t["processes"] == 2:
            checks.append(("double tap on PostgreSQL, 2 processes: exactly the places booked, for as many "
                           "distinct applications, 0 errors",
                           f"{t['booked']} booked, {t['applications_booked']} applications, "
                           f"{t['held_in_database']} held, {t['errors']} errors",
                           t["exact"] and t["errors"] == 0))
    if day:
        checks.append(("release day (PostgreSQL, 2 processes): exactly the capacity held in every session, "
                       "counted in the database",
                       f"{day['sessions_at_capacity']} of {day['sessions']} sessions at capacity, "
                       f"{day['held_in_database']:,} held of {day['capacity']:,}, {day['booked']:,} booked, "
                       f"{day['applications_held_twice']} held twice", day["exact"]))
        errors = sum(line["errors"] for line in release.values())
        checks.append(("release day: 0 5xx (nor unanswered requests)", f"{errors:,}", errors == 0))
        checks.append(("release day: booking p99 < 500 ms", fmt_ms(day["p99_ms"]), day["p99_ms"] < 500))
        during = release.get("availability during the rush")
        if during:
            checks.append(("release day: availability p99 < 50 ms during the rush", fmt_ms(during["p99_ms"]),
                           during["p99_ms"] < 50))
        quiet = [release[k] for k in ("availability before the rush", "availability after the rush") if k in release]
        if quiet:
            worst = max(line["p99_ms"] for line in quiet)
            checks.append(("release day: availability p99 < 50 ms before and after the rush",
                           " / ".join(fmt_ms(line["p99_ms"]) for line in quiet), worst < 50))
    # Issue 23, cost as the data grows: each load on the seeded PostgreSQL database (lines
    # "seeded: <scenario>" from run.sh's million block) against the same load on an empty
    # database in this run; requests/s and p99 each within 20 %.
    seeded = [line for line in lines if line["scenario"].startswith("seeded: ") and line["backend"] == "postgres"]
    if seeded:
        rows = seeded[0]["seed_rows"]
        out += ["", f"The seeded database (issue 23): scale {seeded[0]['seed_scale']:g}, "
                f"{rows['applications']:,} applications, {rows['bookings']:,} bookings, "
                f"{rows['history']:,} history rows, {rows['sessions']:,} sessions, "
                f"{rows['accounts']:,} accounts, {rows['database_mb']:,} MB; seeded by "
                f"`bench/seed/million.sql` in {seeded[0]['seed_seconds']:,.0f} s."]
    if seeded and not any(line["scenario"].startswith("seeded: rush") for line in seeded):
        checks.append(("the rush on the seeded database within 20 % of the empty one (postgres)",
                       "no result: its run failed (see the run's output)", False))
    for line in seeded:
        name = line["scenario"].removeprefix("seeded: ")
        empty = by.get((name, "postgres"))
        label = f"{name.removeprefix('reads: ')} on the seeded database within 20 % of the empty one (postgres)"
        if not empty:
            checks.append((label, "no empty-database figure in this run", False))
            continue
        rate = line["requests_per_second"] / empty["requests_per_second"]
        p99 = line["p99_ms"] / empty["p99_ms"] if empty["p99_ms"] else float("inf")
        checks.append((label,
                       f"{line['requests_per_second']:,.0f} vs {empty['requests_per_second']:,.0f} req/s "
                       f"({rate:.0%}), p99 {fmt_ms(line['p99_ms'])} vs {fmt_ms(empty['p99_ms'])} ({p99:.0%})",
                       rate >= 0.8 and p99 <= 1.2))
        if name.startswith("rush"):
            ok = line["booked"] == line["places"] == line["held_in_database"] and line["errors"] == 0
            checks.append((f"{name} on the seeded database: exactly the places booked, 0 errors",
                           f"{line['booked']} booked, {line['held_in_database']} held, {line['errors']} errors", ok))
    peak = max((mb for line in lines if line["backend"] != "none" for mb in line["peak_mb"]), default=0)
    checks.append(("peak server memory < 150 MB in every scenario", f"{peak} MB", peak < 150))
    out += ["", "Targets of issues 8, 19 and 23 against this run:", "", "| target | measured | met |", "| --- | --- | --- |"]
    out += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks]
    out += ["", END]

    # Every target, measured and met or not, on the terminal too.
    print("== targets against this run")
    for name, value, ok in checks:
        print(f"{'met    ' if ok else 'NOT MET'}  {name}: {value}")
    if doc_path == "-":
        return

    text = open(doc_path).read()
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + "\n".join(out) + tail
    else:
        text = text.rstrip("\n") + "\n\n## The benchmark suite (issue 8)\n\n" + "\n".join(out) + "\n"
    open(doc_path, "w").write(text)


main()
