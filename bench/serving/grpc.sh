#!/usr/bin/env bash
# gRPC against REST on the serving benchmark's MLP (issue 17, item 3; docs/benchmarks.md, "gRPC"). Starts one
# `crucible server --grpc-port` (fresh SQLite store, capture at its default: on), registers
# tests/Crucible.Onnx.Tests/Fixtures/mlp.onnx and deploys it unbatched as mlp-direct, then runs
# `Crucible.Bench grpc-load` (one client harness for both protocols) against OIP REST JSON, gRPC typed contents and
# gRPC raw contents: 1 row at 64 concurrent callers, and a 1 MiB tensor (8192 rows x 32 FP32) at 1 and 8 callers.
#   bench/serving/grpc.sh [--seconds S] [--nice N]
# Uses the Release builds in place: dotnet build src/Crucible.Cli -c Release; dotnet build bench/Crucible.Bench -c Release.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_PER_ROW=5
NICE=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) SECONDS_PER_ROW=$2; shift 2 ;;
    --nice) NICE=(nice -n "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
CLI=$REPO/src/Crucible.Cli/bin/Release/net10.0/crucible.dll
BENCH=$REPO/bench/Crucible.Bench/bin/Release/net10.0/Crucible.Bench.dll
MODEL=$REPO/tests/Crucible.Onnx.Tests/Fixtures/mlp.onnx
WORK=$(mktemp -d /tmp/crucible-grpc-bench.XXXXXX)
SERVER=""
cleanup() { [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PORT=$(free_port)
GRPC_PORT=$(free_port)
API=http://127.0.0.1:$PORT
"${NICE[@]}" dotnet "$CLI" server --no-auth --port "$PORT" --grpc-port "$GRPC_PORT" \
  --backend-store-uri "sqlite:///$WORK/crucible.db" --artifacts-destination "$WORK/artifacts" >"$WORK/server.log" 2>&1 &
SERVER=$!
for ((i = 0; i < 600; i++)); do curl -sf "$API/health" >/dev/null && break; sleep 0.1; done
post() { curl -sf -XPOST -H 'Content-Type: application/json' "$API/$1" -d "$2"; }
run_id=$(post api/2.0/mlflow/runs/create '{"experiment_id":"0"}' | jq -r .run.info.run_id)
source=$(curl -sf -XPOST -H 'Content-Type: application/octet-stream' --data-binary @"$MODEL" \
  "$API/api/crucible/v1/runs/$run_id/packages/model" | jq -r .source)
post api/2.0/mlflow/registered-models/create '{"name":"mlp"}' >/dev/null
post api/2.0/mlflow/model-versions/create "$(jq -nc --arg s "$source" --arg r "$run_id" '{name:"mlp",source:$s,run_id:$r}')" >/dev/null
post api/crucible/v1/deployments '{"name":"mlp-direct","routes":[{"model":"mlp","version":"1"}]}' >/dev/null
for ((i = 0; i < 600; i++)); do curl -sf "$API/v2/models/mlp-direct/ready" | jq -e '.ready' >/dev/null 2>&1 && break; sleep 0.1; done

echo "commit $(git -C "$REPO" rev-parse --short HEAD), $(nproc) cores, start: $(uptime)"
for spec in 1:64 8192:1 8192:8; do
  rows=${spec%%:*} callers=${spec##*:}
  for target in rest-json grpc-typed grpc-raw; do
    url=$API
    [[ $target == grpc-* ]] && url=http://127.0.0.1:$GRPC_PORT
    "${NICE[@]}" dotnet "$BENCH" grpc-load --target "$target" --url "$url" --deployment mlp-direct \
      --rows "$rows" --concurrency "$callers" --seconds "$SECONDS_PER_ROW"
  done
done
echo "end: $(uptime)"
