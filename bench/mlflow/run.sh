#!/usr/bin/env bash
# Crucible against the real MLflow 3.6 server, side by side in one run (issue 17 item 6): both servers on SQLite
# (fresh stores), MLflow under gunicorn with 4 sync workers (../shared/tools/mlflow-env/start-mlflow-server.sh),
# Crucible as `crucible server --no-auth`, the same Python `requests` client (side_by_side.py) and the MLflow Python
# client for both. Every server this script starts is killed on exit, by its own pid.
#
#   MLFLOW_ENV=/path/to/mlflow-env bench/mlflow/run.sh --cli /path/to/crucible.dll [--out DIR] [-- side_by_side.py options]
#
# MLFLOW_ENV must hold a built MLflow env (MIRROR=... MLFLOW_ENV=... bash /work/shared/tools/mlflow-env/rebuild.sh);
# its Python (3.11 with requests, numpy, scikit-learn via Debian) runs the clients. --cli is a Release build of
# src/Crucible.Cli (dotnet build src/Crucible.Cli -c Release -o DIR).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=${MLFLOW_TOOLS:-/work/shared/tools/mlflow-env}
CLI="" OUT=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --cli) CLI=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n $CLI && -f $CLI ]] || { echo "--cli PATH/crucible.dll is required" >&2; exit 2; }
: "${MLFLOW_ENV:?set MLFLOW_ENV to the built MLflow env}"
OUT=${OUT:-$(mktemp -d /tmp/crucible-vs-mlflow.XXXXXX)}
mkdir -p "$OUT/crucible" "$OUT/mlflow"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ok() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }

CPORT=$(free_port); MPORT=$(free_port)
dotnet "$CLI" server --backend-store-uri "sqlite:///$OUT/crucible/crucible.db" --artifacts-destination "$OUT/crucible/artifacts" \
  --port "$CPORT" --no-auth >"$OUT/crucible/server.log" 2>&1 &
PIDS+=($!)
MLFLOW_ENV=$MLFLOW_ENV bash "$TOOLS/start-mlflow-server.sh" "$MPORT" "$OUT/mlflow" 4 >"$OUT/mlflow/server.log" 2>&1 &
PIDS+=($!)
wait_ok "http://127.0.0.1:$CPORT/health"
wait_ok "http://127.0.0.1:$MPORT/health"
{ echo "start: $(date -u +%FT%TZ) $(uptime)"; git -C "$HERE" rev-parse --short HEAD 2>/dev/null || true; } | tee "$OUT/machine.txt"
. "$MLFLOW_ENV/env.sh"
python "$HERE/side_by_side.py" --server "crucible=http://127.0.0.1:$CPORT" --server "mlflow=http://127.0.0.1:$MPORT" \
  --mlflow-db "$OUT/mlflow/mlflow.db" --crucible-db "$OUT/crucible/crucible.db" --out "$OUT/results.json" "$@"
echo "end: $(date -u +%FT%TZ) $(uptime)" | tee -a "$OUT/machine.txt"
echo "results: $OUT/results.json" >&2
