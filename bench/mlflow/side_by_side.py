"""Crucible against the real MLflow server, side by side: the same Python `requests` client, the same workloads, the
two servers measured in one run, the workloads interleaved server by server (never at once).

Usage (bench/mlflow/run.sh starts both servers and calls this):
    python side_by_side.py --server crucible=http://127.0.0.1:P1 --server mlflow=http://127.0.0.1:P2 \
        --mlflow-db /path/to/mlflow.db [--repeat 3] [--calls 1000] [--search-runs 10000] [--out results.json]

Workloads (each server gets its own experiment per pass; 1 warmup pass of log-metric (100 calls) and search, then
--repeat passes of everything, server after server):
  log-metric   --calls `runs/log-metric` calls one at a time on one run: p50, p90, mean
  log-batch    10 calls of `runs/log-batch` with 1,000 metrics each: total seconds
  runs         100 runs, each `runs/create` + `runs/log-batch` (5 metrics, 5 params, 2 tags) + `runs/update`: total seconds
  search       `runs/search` over --search-runs runs of one experiment, filter `metrics.m1 > 0.5 and params.p1 = 'a'`,
               ordered by `metrics.m2 DESC`, first 100: p50 of 20 calls; both answers' run names must be equal
  client       the MLflow Python client in a child process: start a run, log 5 params and 20 metrics, log a
               scikit-learn model (`mlflow.sklearn.log_model`, artifacts through the server) and register it: seconds

The search data are the same rows on both servers (seeded with random.Random(42)), written into each server's SQLite
file with the rows its own runs/create + log-batch would write (runs, latest_metrics, metrics, params, tags; Crucible's
then ANALYZEd, as its PRAGMA optimize does after growth), because 20,000 REST calls per server take longer than a
benchmark may run on a loaded machine (without --crucible-db, Crucible's are seeded through its REST API). Every answer is checked (HTTP 200, and the search's run names).
"""

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid

import requests

API = "/api/2.0/mlflow"
SEARCH_FILTER = "metrics.m1 > 0.5 and params.p1 = 'a'"
SEARCH_ORDER = ["metrics.m2 DESC"]
PARAM_VALUES = [chr(ord("a") + i) for i in range(20)]


def now_ms():
    return int(time.time() * 1000)


class Server:
    def __init__(self, name, url):
        self.name, self.url = name, url.rstrip("/")
        self.http = requests.Session()

    def post(self, path, body):
        r = self.http.post(self.url + API + path, json=body, timeout=300)
        if r.status_code != 200:
            raise RuntimeError(f"{self.name} {path}: HTTP {r.status_code} {r.text[:300]}")
        return r.json()

    def experiment(self, name):
        return self.post("/experiments/create", {"name": name})["experiment_id"]

    def run(self, experiment_id, name=None):
        body = {"experiment_id": experiment_id, "start_time": now_ms()}
        if name:
            body["run_name"] = name
        return self.post("/runs/create", body)["run"]["info"]["run_id"]


def log_metric(s, tag, calls):
    run = s.run(s.experiment(f"lm-{tag}"))
    times = []
    for i in range(calls):
        body = {"run_id": run, "key": "loss", "value": 1.0 / (i + 1), "timestamp": now_ms(), "step": i}
        t = time.perf_counter()
        s.post("/runs/log-metric", body)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": times[len(times) // 2], "p90_ms": times[int(len(times) * 0.9)], "mean_ms": statistics.fmean(times)}


def log_batch(s, tag):
    run = s.run(s.experiment(f"lb-{tag}"))
    ts = now_ms()
    bodies = [{"run_id": run, "metrics": [{"key": f"m{j % 10}", "value": j * 0.5, "timestamp": ts, "step": i * 1000 + j} for j in range(1000)]}
              for i in range(10)]
    t = time.perf_counter()
    for body in bodies:
        s.post("/runs/log-batch", body)
    return {"seconds": time.perf_counter() - t}


def runs(s, tag):
    exp = s.experiment(f"runs-{tag}")
    t = time.perf_counter()
    for i in range(100):
        run = s.run(exp, f"run-{i}")
        ts = now_ms()
        s.post("/runs/log-batch", {
            "run_id": run,
            "metrics": [{"key": f"m{k}", "value": i * 0.1 + k, "timestamp": ts, "step": 0} for k in range(5)],
            "params": [{"key": f"p{k}", "value": str(i % (k + 2))} for k in range(5)],
            "tags": [{"key": "team", "value": "a"}, {"key": "kind", "value": "bench"}],
        })
        s.post("/runs/update", {"run_id": run, "status": "FINISHED", "end_time": now_ms()})
    return {"seconds": time.perf_counter() - t}


def search_rows(count):
    rng = random.Random(42)
    rows = []
    base = 1_700_000_000_000
    for i in range(count):
        metrics = {f"m{k}": rng.random() for k in range(1, 6)}
        params = {f"p{k}": rng.choice(PARAM_VALUES) for k in range(1, 6)}
        rows.append((f"run-{i:06d}", base + i * 1000, metrics, params))
    return rows


def seed_crucible(s, exp, rows):
    for name, start, metrics, params in rows:
        run = s.post("/runs/create", {"experiment_id": exp, "run_name": name, "start_time": start})["run"]["info"]["run_id"]
        s.post("/runs/log-batch", {
            "run_id": run,
            "metrics": [{"key": k, "value": v, "timestamp": start, "step": 0} for k, v in metrics.items()],
            "params": [{"key": k, "value": v} for k, v in params.items()],
            "tags": [{"key": "team", "value": "a"}],
        })


# Each server's own tables, as its runs/create + runs/log-batch write them: (INSERT, row builder) per table.
LAYOUTS = {
    "mlflow": {
        "run": ("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, "
                "source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                lambda run, exp, name, start: (run, name, "UNKNOWN", "", "", "bench", "RUNNING", start, None, "", "active",
                                                f"mlflow-artifacts:/{exp}/{run}/artifacts", int(exp))),
        "metric": ("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?,?,?,?,?,?)",
                   lambda run, k, v, ts: (k, v, ts, run, 0, 0)),
        "latest": ("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)",
                   lambda run, k, v, ts: (k, v, ts, 0, 0, run)),
        "param": ("INSERT INTO params (key, value, run_uuid) VALUES (?,?,?)", lambda run, k, v: (k, v, run)),
        "tag": ("INSERT INTO tags (key, value, run_uuid) VALUES (?,?,?)", lambda run, k, v: (k, v, run)),
    },
    "crucible": {
        "run": ("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                lambda run, exp, name, start: (run, int(exp), name, "", "RUNNING", start, None, f"mlflow-artifacts:/{exp}/{run}/artifacts", "active")),
        "metric": ("INSERT INTO metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (?,?,?,?,?,?)",
                   lambda run, k, v, ts: (run, k, v, 0, ts, 0)),
        "latest": ("INSERT INTO latest_metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (?,?,?,?,?,?)",
                   lambda run, k, v, ts: (run, k, v, 0, ts, 0)),
        "param": ("INSERT INTO params (run_uuid, key, value) VALUES (?,?,?)", lambda run, k, v: (run, k, v)),
        "tag": ("INSERT INTO tags (run_uuid, key, value) VALUES (?,?,?)", lambda run, k, v: (run, k, v)),
    },
}


def seed_db(server, db_path, exp, rows):
    """The rows the server's own runs/create + runs/log-batch write, inserted in one transaction; Crucible's file is then
    ANALYZEd (what its PRAGMA optimize does once a table has grown)."""
    layout = LAYOUTS[server]
    out = {table: [] for table in layout}
    for name, start, metrics, params in rows:
        run = uuid.uuid4().hex
        out["run"].append(layout["run"][1](run, exp, name, start))
        for k, v in metrics.items():
            out["metric"].append(layout["metric"][1](run, k, v, start))
            out["latest"].append(layout["latest"][1](run, k, v, start))
        out["param"] += [layout["param"][1](run, k, v) for k, v in params.items()]
        out["tag"] += [layout["tag"][1](run, "mlflow.runName", name), layout["tag"][1](run, "team", "a")]
    db = sqlite3.connect(db_path, timeout=60)
    with db:
        for table, (sql, _) in layout.items():
            db.executemany(sql, out[table])
    if server == "crucible":
        db.execute("ANALYZE")
    db.close()


def search(s, exp, calls=20):
    body = {"experiment_ids": [exp], "filter": SEARCH_FILTER, "order_by": SEARCH_ORDER, "max_results": 100}
    times, names = [], None
    for _ in range(calls):
        t = time.perf_counter()
        answer = s.post("/runs/search", body)
        times.append((time.perf_counter() - t) * 1000)
        names = [r["info"]["run_name"] for r in answer.get("runs", [])]
    times.sort()
    return {"p50_ms": times[len(times) // 2], "min_ms": times[0], "max_ms": times[-1]}, names


CLIENT = r"""
import sys, time, mlflow, mlflow.sklearn, numpy as np
from sklearn.linear_model import LogisticRegression
mlflow.set_tracking_uri(sys.argv[1])
rng = np.random.default_rng(0)
X = rng.normal(size=(200, 5)); y = (X[:, 0] > 0).astype(int)
model = LogisticRegression().fit(X, y)
mlflow.set_experiment(sys.argv[2])
t = time.perf_counter()
with mlflow.start_run() as run:
    mlflow.log_params({f"p{i}": i for i in range(5)})
    for step in range(20):
        mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
    mlflow.sklearn.log_model(model, name="model", registered_model_name=sys.argv[3], input_example=X[:2])
seconds = time.perf_counter() - t
client = mlflow.MlflowClient()
versions = client.search_model_versions(f"name='{sys.argv[3]}'")
assert len(versions) == 1 and versions[0].run_id == run.info.run_id, versions
print(seconds)
"""


def client_workload(s, tag):
    out = subprocess.run([sys.executable, "-c", CLIENT, s.url, f"client-{tag}", f"model-{tag}"],
                         capture_output=True, text=True, timeout=600, env={**os.environ, "MLFLOW_ENABLE_ASYNC_LOGGING": "false"})
    if out.returncode != 0:
        raise RuntimeError(f"{s.name} MLflow client workload failed:\n{out.stderr[-3000:]}")
    return {"seconds": float(out.stdout.strip().splitlines()[-1])}


def uptime():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", action="append", required=True, help="NAME=URL (crucible=..., mlflow=...)")
    ap.add_argument("--mlflow-db", required=True)
    ap.add_argument("--crucible-db", help="seed the search runs into this SQLite file directly (else through the REST API)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--search-runs", type=int, default=10_000)
    ap.add_argument("--only", default="log-metric,log-batch,runs,search,client")
    ap.add_argument("--out")
    a = ap.parse_args()
    servers = [Server(*spec.split("=", 1)) for spec in a.server]
    only = set(a.only.split(","))
    results = {s.name: {} for s in servers}
    loads = []

    def record(workload, server, value):
        results[server.name].setdefault(workload, []).append(value)
        loads.append(uptime())
        print(f"  {workload:10} {server.name:8} {json.dumps(value)}  load {loads[-1]}", file=sys.stderr, flush=True)

    if "search" in only:
        rows = search_rows(a.search_runs)
        for s in servers:
            exp = s.experiment(f"search-{a.search_runs}-{uuid.uuid4().hex[:6]}")
            t = time.perf_counter()
            if s.name == "mlflow":
                seed_db("mlflow", a.mlflow_db, exp, rows)
            elif a.crucible_db:
                seed_db("crucible", a.crucible_db, exp, rows)
            else:
                seed_crucible(s, exp, rows)
            print(f"  seeded {len(rows)} runs into {s.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
            s.search_experiment = exp

    for p in range(a.repeat + 1):
        warm = p == 0
        for s in servers:
            tag = f"{p}-{uuid.uuid4().hex[:6]}"
            for workload in ["log-metric", "log-batch", "runs", "search", "client"]:
                if workload not in only or (warm and workload in ("log-batch", "runs", "client")):
                    continue
                if workload == "log-metric":
                    value = log_metric(s, tag, a.calls if not warm else 100)
                elif workload == "log-batch":
                    value = log_batch(s, tag)
                elif workload == "runs":
                    value = runs(s, tag)
                elif workload == "search":
                    value, names = search(s, s.search_experiment)
                    value["first"] = names[:3]
                    s.search_names = names
                else:
                    value = client_workload(s, tag)
                if not warm:
                    record(workload, s, value)
        if "search" in only and len(servers) > 1:
            first = servers[0].search_names
            for s in servers[1:]:
                if s.search_names != first:
                    raise RuntimeError(f"search answers differ: {servers[0].name} {first[:5]} vs {s.name} {s.search_names[:5]}")

    summary = {"load_average_samples": loads, "results": results}
    text = json.dumps(summary, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
