"""Run search paging and metric ordering on a running Crucible server (issue 17 item 5), with Python `requests`.

Usage:
    python3 search_pages.py --url http://127.0.0.1:PORT --experiment ID [--pages 50] [--repeat 3] [--out results.json]

For each ordering, fetches --pages pages of 100 runs one after the other through `runs/search`'s page tokens and
records every page's time, --repeat times; reports the first five pages' and the last five pages' medians (flat
when paging costs the same at every depth) and the whole walk. Then the web UI's re-sort: the first page of 100
ordered by a metric with no filter (what the runs table asks for when a metric column header is clicked), 20 calls.
Every walk is checked: no run twice, pages of exactly 100.
"""

import argparse
import json
import statistics
import time

import requests

ORDERS = [
    ("start_time DESC (default)", [], None),
    ("metrics.m2 DESC", ["metrics.m2 DESC"], None),
    ("params.p1 ASC", ["params.p1 ASC"], None),
    ("attributes.run_name ASC", ["attributes.run_name ASC"], None),
    ("filtered: metrics.m1 > 0.1, by metrics.m2 DESC", ["metrics.m2 DESC"], "metrics.m1 > 0.1"),
]


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--experiment", required=True)
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--header", action="append", default=[], help="extra header NAME:VALUE (e.g. Authorization)")
    ap.add_argument("--out")
    a = ap.parse_args()
    http = requests.Session()
    for h in a.header:
        k, v = h.split(":", 1)
        http.headers[k.strip()] = v.strip()
    url = a.url.rstrip("/") + "/api/2.0/mlflow/runs/search"

    def call(order, filt, token, size=100):
        body = {"experiment_ids": [a.experiment], "max_results": size, "order_by": order}
        if filt:
            body["filter"] = filt
        if token:
            body["page_token"] = token
        t = time.perf_counter()
        r = http.post(url, json=body, timeout=300)
        ms = (time.perf_counter() - t) * 1000
        r.raise_for_status()
        return ms, r.json()

    results = {"load_before": load(), "orders": {}}
    for label, order, filt in ORDERS:
        call(order, filt, None)  # warm-up
        walks = []
        for _ in range(a.repeat):
            token, times, seen = None, [], set()
            for _page in range(a.pages):
                ms, answer = call(order, filt, token)
                runs = answer.get("runs", [])
                ids = {r["info"]["run_id"] for r in runs}
                if len(runs) != 100 or ids & seen:
                    raise RuntimeError(f"{label}: page {_page + 1} has {len(runs)} runs, {len(ids & seen)} seen before")
                seen |= ids
                times.append(ms)
                token = answer.get("next_page_token")
            walks.append(times)
        first = statistics.median(t for w in walks for t in w[:5])
        last = statistics.median(t for w in walks for t in w[-5:])
        total = statistics.median(sum(w) for w in walks)
        results["orders"][label] = {"first5_median_ms": first, "last5_median_ms": last, "walk_median_ms": total, "load": load(), "pages": walks}
        print(f"{label:50} pages 1-5 {first:7.1f} ms, pages {a.pages - 4}-{a.pages} {last:7.1f} ms, all {a.pages} pages {total:8.0f} ms  load {load()}", flush=True)

    resort = []
    for _ in range(21):
        ms, answer = call(["metrics.m2 DESC"], None, None)
        resort.append(ms)
    resort = sorted(resort[1:])
    results["ui_resort"] = {"p50_ms": resort[len(resort) // 2], "min_ms": resort[0], "max_ms": resort[-1], "load": load()}
    print(f"UI re-sort: first page of 100 by metrics.m2 DESC, no filter: p50 {resort[len(resort) // 2]:.1f} ms "
          f"(min {resort[0]:.1f}, max {resort[-1]:.1f})  load {load()}", flush=True)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
