#!/usr/bin/env python3
"""Markdown report of one serving benchmark run (bench/serving/run.sh): reads OUT/meta.tsv, OUT/results.tsv and
OUT/ort-raw.md, prints the tables, the ratios against the naive baselines and the issue 4 targets. Exits 1 when any
wrk row saw a non-2xx answer or a socket error: such a row did not measure what it claims."""
import csv
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])
meta = dict(line.rstrip("\n").split("\t", 1) for line in open(out / "meta.tsv") if "\t" in line)
rows = list(csv.DictReader(open(out / "results.tsv"), delimiter="\t"))
for r in rows:
    for k in ("req_s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "server_cpu_ms_per_req", "load1"):
        r[k] = float(r[k])
    for k in ("connections", "requests", "non2xx", "socket_errors"):
        r[k] = int(r[k])


def fmt_ms(v):
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}"


def find(key, c):
    return next((r for r in rows if r["key"] == key and r["connections"] == c), None)


def ratio(r, base_key):
    base = find(base_key, r["connections"])
    return f"{r['req_s'] / base['req_s']:.2f}×" if base and base["req_s"] > 0 and not r["key"].startswith("naive") else "-"


print(f"Serving benchmark, started {meta.get('started')}, {meta.get('commit')}")
print()
print("| | |")
print("|---|---|")
for k, label in [("nproc", "cores (`nproc`)"), ("cpu", "CPU (`/proc/cpuinfo`)"), ("dotnet", ".NET"), ("ort", "ONNX Runtime"),
                  ("wrk", "wrk"), ("load_start", "load average at start"), ("load_end", "load average at end"), ("command", "command")]:
    if k in meta:
        print(f"| {label} | {'`' + meta[k] + '`' if k == 'command' else meta[k]} |")
print()

ort = out / "ort-raw.md"
if ort.exists():
    print("**(a) ONNX Runtime in-process** (`OnnxSession.Run` in a loop on one thread, prebuilt input, no HTTP):")
    print()
    print("| batch | session threads | calls | p50 µs | p99 µs | calls/s | rows/s |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for line in ort.read_text().splitlines():
        m = re.search(r"\| ([\d,]+) \|.*\| batch (\d+); ([^;]+); p50 ([\d.]+) µs, p99 ([\d.]+) µs; ([\d,]+) calls/s = \*\*([\d,]+) rows/s\*\*", line)
        if m:
            calls, batch, threads, p50, p99, cps, rps = m.groups()
            print(f"| {batch} | {threads} | {calls} | {p50} | {p99} | {cps} | {rps} |")
    print()

print("**(b), (c) over HTTP** (wrk, 1 thread at 1 connection, else 2; same POST body every request; ratios are req/s "
      "against the naive rows at the same connection count in this run):")
print()
print("| scenario | connections | batching | capture | req/s | p50 ms | p90 ms | p99 ms | vs naive (ORT default threads) | vs naive (1 thread) | server CPU per request | drain after | load |")
print("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in sorted(rows, key=lambda r: r["connections"]):
    bad = " **(errors: %d non-2xx, %d socket)**" % (r["non2xx"], r["socket_errors"]) if r["non2xx"] or r["socket_errors"] else ""
    print(f"| {r['scenario']}{bad} | {r['connections']} | {r['batching']} | {r['capture']} | {r['req_s']:,.0f} | {fmt_ms(r['p50_ms'])} | {fmt_ms(r['p90_ms'])} | "
          f"{fmt_ms(r['p99_ms'])} | {ratio(r, 'naive')} | {ratio(r, 'naive1')} | {r['server_cpu_ms_per_req'] * 1000:.0f} µs | {r.get('settle_s', '-')} s | {r['load1']:.1f} |")
print()

print("Server CPU per request: the server process's user + system time from before wrk starts until it is idle again "
      "(\"drain after\": seconds it stayed busy after wrk stopped), divided by the requests answered.")
print()
metrics = out / "crucible-metrics.txt"
if metrics.exists():
    lines = [l for l in metrics.read_text().splitlines()
             if not l.startswith("#") and re.match(r"crucible_serving_(capture_\w+|batch_size_\w*(sum|count)|batch_requests_\w*(sum|count))", l)]
    if lines:
        print("Crucible's counters at the end of the run (`GET /metrics`; warmup and checks included):")
        print()
        print("```")
        print("\n".join(lines))
        print("```")
        print()

stored = out / "stored.tsv"
if stored.exists():
    print("Predictions in the store after the run (`SELECT count(*) FROM predictions` per deployment, shadows left out) "
          "against the requests answered (wrk's counts, warmups included, plus the check call); wrk does not count "
          "answers still in flight when it stops, so the store may hold a few more:")
    print()
    print("| deployment | answered | in the store | lost |")
    print("|---|---:|---:|---:|")
    for line in stored.read_text().splitlines():
        name, answered, kept = line.split("\t")
        capture = next((r["capture"] for r in rows if r["key"] == "crucible:" + name), "")
        lost = "- (capture off)" if capture.startswith("off") else max(0, int(answered) - int(kept)) if kept.isdigit() else "?"
        print(f"| {name} | {int(answered):,} | {kept if not kept.isdigit() else f'{int(kept):,}'} | {lost} |")
    print()

crucible = [r for r in rows if r["key"].startswith("crucible:")]
if crucible:
    print("**Targets (issue 4):**")
    print()
    for r in (r for r in crucible if r["batching"] == "off" and r["connections"] == 1):
        ok = r["p50_ms"] < 0.3
        print(f"- p50 at 1 connection < 0.3 ms (batching off, capture {r['capture']}): {fmt_ms(r['p50_ms'])} ms: **{'met' if ok else 'missed'}**"
              + ("" if ok else f" (by {r['p50_ms'] - 0.3:.3f} ms, {r['p50_ms'] / 0.3:.2f}× the target)"))
    for r in (r for r in crucible if r["batching"] != "off" and r["connections"] == 1):
        print(f"  - batching {r['batching']}, capture {r['capture']}, at 1 connection: p50 {fmt_ms(r['p50_ms'])} ms")
    naive, naive1 = find("naive", 64), find("naive1", 64)
    for capture in dict.fromkeys(r["capture"] for r in crucible):
        batched64 = [r for r in crucible if r["batching"] != "off" and r["connections"] == 64 and r["capture"] == capture]
        if not batched64:
            continue
        best = max(batched64, key=lambda r: r["req_s"])
        checks = [(f"≥ 13,000 req/s: {best['req_s']:,.0f}", best["req_s"] >= 13000),
                  (f"p99 < 10 ms: {fmt_ms(best['p99_ms'])} ms", best["p99_ms"] < 10)]
        if naive:
            checks.append((f"≥ 2× naive (ORT default threads, {naive['req_s']:,.0f} req/s): {best['req_s'] / naive['req_s']:.2f}×", best["req_s"] >= 2 * naive["req_s"]))
        if naive1:
            checks.append((f"≥ 2× naive (1 thread, {naive1['req_s']:,.0f} req/s): {best['req_s'] / naive1['req_s']:.2f}×", best["req_s"] >= 2 * naive1["req_s"]))
        print(f"- 64 connections with batching, capture {capture} (best of the batched deployments: {best['batching']}):")
        for text, ok in checks:
            print(f"  - {text}: **{'met' if ok else 'missed'}**")
    floor64 = find("floor", 64)
    if floor64:
        print(f"- HTTP floor at 64 connections (Kestrel, no model, no JSON): {floor64['req_s']:,.0f} req/s, p99 {fmt_ms(floor64['p99_ms'])} ms")
    print()

# --auth: each token row against the auth-off row of the same deployment, connection count and round.
tokens = [r for r in rows if r["key"].split(":")[0] in ("crucible-bearer", "crucible-serving")]
if tokens:
    print("**Authentication A/B** (`--auth`; each token row against the auth-off row of the same deployment, connections and "
          "round; rounds alternate the order of the targets):")
    print()
    print("| deployment | connections | credentials | rounds | req/s (range) | p99 ms (range) | server CPU µs per request (range) | req/s vs auth off, per round | server CPU vs auth off, per round |")
    print("|---|---:|---|---:|---|---|---|---|---|")

    def span(values, f):
        return f(min(values)) + ("" if len(values) == 1 else "–" + f(max(values)))

    groups = {}
    for r in rows:
        mode, name = r["key"].split(":", 1) if ":" in r["key"] else (r["key"], "")
        if mode in ("crucible", "crucible-bearer", "crucible-serving"):
            groups.setdefault((name, r["connections"], mode), []).append(r)
    for (name, c, mode), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], ["crucible", "crucible-bearer", "crucible-serving"].index(kv[0][2]))):
        base = {r.get("round", "1"): r for r in groups.get((name, c, "crucible"), [])}
        label = {"crucible": "none (`--no-auth`)", "crucible-bearer": "admin Bearer token", "crucible-serving": "serving-only token"}[mode]
        pairs = [(r, base.get(r.get("round", "1"))) for r in group]
        rps = " ".join(f"{r['req_s'] / b['req_s']:.3f}" for r, b in pairs if b) if mode != "crucible" else "-"
        cpu = " ".join(f"{r['server_cpu_ms_per_req'] / b['server_cpu_ms_per_req']:.3f}" for r, b in pairs if b) if mode != "crucible" else "-"
        print(f"| {name} | {c} | {label} | {len(group)} | {span([r['req_s'] for r in group], lambda v: f'{v:,.0f}')} | "
              f"{span([r['p99_ms'] for r in group], fmt_ms)} | {span([r['server_cpu_ms_per_req'] * 1000 for r in group], lambda v: f'{v:.1f}')} | {rps} | {cpu} |")
    print()

failed = [r for r in rows if r["non2xx"] or r["socket_errors"]]
if failed:
    print(f"**INVALID RUN: {len(failed)} row(s) saw non-2xx answers or socket errors:** "
          + ", ".join(f"{r['key']} c={r['connections']}" for r in failed))
    sys.exit(1)
