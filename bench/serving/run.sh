#!/usr/bin/env bash
# Serving benchmark (issue 4): in-process ONNX Runtime, then the same 32-64-3 MLP over Open Inference Protocol v2
# HTTP on the real Crucible server (batching off and on), a naive ASP.NET + ORT baseline, and a Kestrel floor, all
# in one run, with wrk as the load generator. See bench/README.md ("Serving") and docs/benchmarks.md.
#
# Every server this script starts is killed on exit (also on failure or Ctrl+C), by its own pid.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/serving/run.sh [options]

  --duration D         wrk duration per row (default 10s)
  --warmup D           wrk warmup per target at 16 connections, discarded (default 3s)
  --connections "C.."  connection counts (default "1 16 64"); wrk uses 1 thread at 1 connection, else 2
  --batching "S:D.."   one batched deployment per max_batch_size:max_delay_ms pair (default "32:1")
  --capture "V.."      Crucible deployments per prediction-capture setting: default (field left out), false, true
                       (default "default"); "false" adds -nocap to the deployment names
  --targets "T.."      which servers: floor naive naive1 crucible (default all four)
  --auth "M.."         Crucible's auth modes (default "off"): off (a server with --no-auth), bearer (a second server
                       with auth on, each request with its admin's Bearer token), serving (that server, each request
                       with a serving-only token for the deployment called); each mode is one target per deployment
  --rounds N           measure every target N times at each connection count, in order then reversed (default 1)
  --ort-seconds S      timed seconds per in-process ort-raw row (default 5; 0 skips ort-raw)
  --rev REV            build from `git archive REV` (default HEAD), so uncommitted files of others stay out
  --worktree           build the working tree as it is instead
  --bin DIR            build output (default /tmp/crucible-serving/bin); --skip-build reuses it
  --skip-build
  --out DIR            results folder (default /tmp/crucible-serving/results-<UTC time>)
  --keep               keep the scratch folder (server logs, store)
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$REPO/bench/serving"
DURATION=10s
WARMUP=3s
CONNECTIONS="1 16 64"
BATCHING="32:1"
CAPTURE="default"
TARGETS="floor naive naive1 crucible"
AUTH="off"
ROUNDS=1
ORT_SECONDS=5
REV=HEAD
BIN=/tmp/crucible-serving/bin
SKIP_BUILD=0
KEEP=0
OUT=""
ARGS="$*"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --batching) BATCHING=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --auth) AUTH=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --capture) CAPTURE=$2; shift 2 ;;
    --ort-seconds) ORT_SECONDS=$2; shift 2 ;;
    --rev) REV=$2; shift 2 ;;
    --worktree) REV=""; shift ;;
    --bin) BIN=$2; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

for tool in wrk curl jq python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (wrk: apt-get install -y --no-install-recommends wrk)" >&2; exit 2; }
done

has_target() { [[ " $TARGETS " == *" $1 "* ]]; }
has_auth() { [[ " $AUTH " == *" $1 "* ]]; }
for mode in $AUTH; do
  [[ $mode == off || $mode == bearer || $mode == serving ]] || { echo "unknown --auth mode $mode" >&2; exit 2; }
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "--rounds needs a positive integer" >&2; exit 2; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

WORK=$(mktemp -d /tmp/crucible-serving-XXXXXX)
OUT=${OUT:-/tmp/crucible-serving/results-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT" "$OUT/wrk"
PIDS=()
WRK_PID=""

cleanup() {
  local status=$?
  [[ -n ${WRK_PID:-} ]] && kill "$WRK_PID" 2>/dev/null
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ $KEEP == 0 ]]; then rm -rf "$WORK"; else log "scratch kept in $WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------- build
SRC=$REPO
if [[ $SKIP_BUILD == 0 ]]; then
  if [[ -n $REV ]]; then
    SRC="$WORK/src"
    mkdir -p "$SRC"
    git -C "$REPO" archive "$REV" | tar -x -C "$SRC"
  fi
  log "building from ${REV:-the working tree} into $BIN"
  for p in src/Crucible.Cli:cli bench/Crucible.Bench:bench bench/Crucible.Bench.Naive:naive; do
    dotnet build "$SRC/${p%%:*}" -c Release -o "$BIN/${p##*:}" -v q -nologo >"$WORK/build-${p##*:}.log" 2>&1 \
      || { tail -30 "$WORK/build-${p##*:}.log" >&2; exit 1; }
  done
fi
MODEL="$REPO/tests/Crucible.Onnx.Tests/Fixtures/mlp.onnx"
EXPECTED="$REPO/tests/Crucible.Onnx.Tests/Fixtures/expected.json"

# The first row of the fixture's input and numpy's answer for it: every server's answer is checked against it.
python3 - "$EXPECTED" "$WORK/body.json" "$WORK/expected.json" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))["mlp"]["run"]
x = run["inputs"]["input"]["data"][:32]
json.dump({"inputs": [{"name": "input", "shape": [1, 32], "datatype": "FP32", "data": x}]}, open(sys.argv[2], "w"), separators=(",", ":"))
json.dump(run["outputs"]["probabilities"]["data"][:3], open(sys.argv[3], "w"))
EOF
export WRK_BODY="$WORK/body.json"

# ---------------------------------------------------------------------------------------------------- machine
{
  echo "started	$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [[ -n $REV && $SKIP_BUILD == 0 ]]; then echo "commit	commit $(git -C "$REPO" rev-parse --short "$REV") (git archive)"
  elif [[ $SKIP_BUILD == 0 ]]; then echo "commit	working tree at $(git -C "$REPO" rev-parse --short HEAD)"
  else echo "commit	binaries reused from $BIN"; fi
  echo "nproc	$(nproc)"
  echo "cpu	$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "dotnet	SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')"
  echo "wrk	$(wrk --version 2>&1 | head -1 | awk '{print $2}')"
  echo "command	bench/serving/run.sh $ARGS"
  echo "load_start	$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/meta.tsv"

# ---------------------------------------------------------------------------------------------------- (a) ORT in-process
if [[ $ORT_SECONDS != 0 ]]; then
  log "ort-raw: ${ORT_SECONDS} s per row"
  dotnet "$BIN/bench/Crucible.Bench.dll" ort-raw --onnx-model "$MODEL" --ort-seconds "$ORT_SECONDS" \
    --work "$WORK/ort" >"$OUT/ort-raw.md" 2>"$OUT/ort-raw.log"
  grep -o 'ORT [0-9.]*' "$OUT/ort-raw.md" | head -1 | sed 's/ORT /ort\t/' >>"$OUT/meta.tsv"
fi

# ---------------------------------------------------------------------------------------------------- servers
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

declare -A PID URL LABEL BATCH CAPTURED AUTHZ DEPLOYMENTS CRUCIBLE_API
DEPLOYMENT_ORDER=()
ORDER=()

# start NAME LOG COMMAND...: runs COMMAND in the background; its pid is killed on exit.
start() {
  local name=$1 logfile=$2; shift 2
  "$@" >"$logfile" 2>&1 &
  PIDS+=("$!")
  PID[$name]=$!
}

CURL_AUTH=()
wait_ok() { # URL [seconds] [jq test]; sends the header in CURL_AUTH (curl -H arguments) when set
  local url=$1 limit=${2:-60} test=${3:-}
  for ((i = 0; i < limit * 10; i++)); do
    if body=$(curl -sf "${CURL_AUTH[@]}" "$url" 2>/dev/null); then
      if [[ -z $test ]] || jq -e "$test" >/dev/null <<<"$body"; then return 0; fi
    fi
    sleep 0.1
  done
  echo "no answer from $url within $limit s" >&2
  return 1
}

# check NAME: one infer call; the answer must be 200 and (except the floor) match numpy within 1e-4.
check() {
  local name=$1 answer auth=()
  [[ -n ${AUTHZ[$name]:-} ]] && auth=(-H "Authorization: ${AUTHZ[$name]}")
  answer=$(curl -sf -XPOST -H 'Content-Type: application/json' "${auth[@]}" --data-binary @"$WRK_BODY" "${URL[$name]}") \
    || { echo "$name: infer call failed" >&2; return 1; }
  [[ $name == floor ]] && return 0
  python3 - "$WORK/expected.json" "$name" "$answer" <<'EOF'
import json, sys
expected = json.load(open(sys.argv[1]))
out = json.loads(sys.argv[3])["outputs"][0]
ok = out["shape"] == [1, 3] and all(abs(a - b) < 1e-4 for a, b in zip(out["data"], expected)) and len(out["data"]) == 3
print(f"{sys.argv[2]}: {out['name']} {out['data']} {'matches' if ok else 'DIFFERS FROM'} numpy {expected}", file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}

if has_target floor; then
  port=$(free_port)
  start floor "$WORK/floor.log" dotnet "$BIN/bench/Crucible.Bench.dll" floor-server --port "$port"
  wait_ok "http://127.0.0.1:$port/health"
  URL[floor]="http://127.0.0.1:$port/api/2.0/mlflow/runs/log-metric"
  LABEL[floor]="floor: Kestrel reads the body, answers {}"; BATCH[floor]="-"; ORDER+=(floor)
fi

for variant in naive:0 naive1:1; do
  name=${variant%%:*} threads=${variant##*:}
  has_target "$name" || continue
  port=$(free_port)
  start "$name" "$WORK/$name.log" dotnet "$BIN/naive/Crucible.Bench.Naive.dll" --model "$MODEL" \
    --intra-op-threads "$threads" --urls "http://127.0.0.1:$port"
  wait_ok "http://127.0.0.1:$port/health"
  URL[$name]="http://127.0.0.1:$port/v2/models/mlp/infer"
  if [[ $threads == 0 ]]; then LABEL[$name]="naive: ASP.NET + reflection JSON + ORT (intra-op 0, ORT default)"
  else LABEL[$name]="naive: ASP.NET + reflection JSON + ORT (intra-op 1)"; fi
  BATCH[$name]="-"; ORDER+=("$name")
done

# setup_crucible SERVER: starts `crucible server` as SERVER (crucible: --no-auth; crucible-auth: auth on, its
# first-start admin token read back), registers the model and creates the deployments. Each deployment becomes one
# target per auth mode served by that server: crucible:NAME (auth off), crucible-bearer:NAME (the admin's Bearer
# token) and crucible-serving:NAME (a serving-only token for NAME), as --auth asks.
setup_crucible() {
  local server=$1 port dir flags=() auth=()
  port=$(free_port)
  dir="$WORK/$server"
  mkdir -p "$dir"
  [[ $server == crucible ]] && flags=(--no-auth)
  start "$server" "$dir/server.log" dotnet "$BIN/cli/crucible.dll" server \
    --backend-store-uri "sqlite:///$dir/crucible.db" --artifacts-destination "$dir/artifacts" --port "$port" "${flags[@]}"
  API="http://127.0.0.1:$port"
  CRUCIBLE_API[$server]=$API
  wait_ok "$API/health"
  if [[ $server == crucible-auth ]]; then
    ADMIN_AUTH="Authorization: Bearer $(tr -d '[:space:]' <"$dir/admin.token")"
    auth=(-H "$ADMIN_AUTH")
  fi
  post() { # PATH JSON: prints the answer; fails unless 2xx
    local answer code
    answer=$(curl -s -XPOST -H 'Content-Type: application/json' "${auth[@]}" -w '\n%{http_code}' "$API/$1" -d "$2")
    code=${answer##*$'\n'}
    [[ $code == 2* ]] || { echo "POST $1 $2 answered $code: ${answer%$'\n'*}" >&2; return 1; }
    echo "${answer%$'\n'*}"
  }
  run_id=$(post api/2.0/mlflow/runs/create '{"experiment_id":"0"}' | jq -r .run.info.run_id)
  source=$(curl -sf -XPOST -H 'Content-Type: application/octet-stream' "${auth[@]}" --data-binary @"$MODEL" \
    "$API/api/crucible/v1/runs/$run_id/packages/model" | jq -r .source)
  [[ -n $source && $source != null ]] || { echo "writing the model package gave no source" >&2; exit 1; }
  post api/2.0/mlflow/registered-models/create '{"name":"mlp"}' >/dev/null
  post api/2.0/mlflow/model-versions/create "$(jq -nc --arg s "$source" --arg r "$run_id" '{name:"mlp",source:$s,run_id:$r}')" >/dev/null
  log "$server: registered mlp version 1 from $source"

  for capture in $CAPTURE; do
    suffix=""; [[ $capture == false ]] && suffix="-nocap"; [[ $capture == true ]] && suffix="-cap"
    deployments=("mlp-direct$suffix:")
    for b in $BATCHING; do deployments+=("mlp-b${b%%:*}-${b##*:}$suffix:$b"); done
    for d in "${deployments[@]}"; do
      name=${d%%:*} batching=${d#*:}
      name=${name//./p}
      body=$(jq -nc --arg n "$name" '{name:$n,routes:[{model:"mlp",version:"1",weight:100}]}')
      if [[ -n $batching ]]; then
        body=$(jq -c --argjson s "${batching%%:*}" --argjson d "${batching##*:}" \
          '.routes[0] |= del(.weight) | .batching = {max_batch_size:$s,max_delay_ms:$d}' <<<"$body")
      fi
      [[ $capture != default ]] && body=$(jq -c --argjson c "$capture" '.capture = $c' <<<"$body")
      answer=$(post api/crucible/v1/deployments "$body")
      CURL_AUTH=("${auth[@]}")
      wait_ok "$API/v2/models/$name/ready" 60 '.ready == true'
      CURL_AUTH=()
      log "$server: deployment $name ready: $(jq -c '.deployment | {batching, capture}' <<<"$answer")"
      local modes=off
      [[ $server == crucible-auth ]] && modes="bearer serving"
      for mode in $modes; do
        has_auth "$mode" || continue
        key="crucible:$name"; [[ $mode != off ]] && key="crucible-$mode:$name"
        URL[$key]="$API/v2/models/$name/infer"; PID[$key]=${PID[$server]}
        CAPTURED[$key]=$(jq -r 'if .deployment.capture then "on" else "off" end' <<<"$answer")
        [[ $capture == default ]] && CAPTURED[$key]+=" (default)"
        if [[ -z $batching ]]; then LABEL[$key]="crucible: OIP v2, batching off"; BATCH[$key]="off"
        else LABEL[$key]="crucible: OIP v2, batching on"; BATCH[$key]="${batching%%:*} rows / ${batching##*:} ms"; fi
        case $mode in
          off) LABEL[$key]+=", auth off" ;;
          bearer) LABEL[$key]+=", admin Bearer token"; AUTHZ[$key]=${ADMIN_AUTH#Authorization: } ;;
          serving)
            LABEL[$key]+=", serving-only token"
            AUTHZ[$key]="Bearer $(post api/crucible/v1/tokens "$(jq -nc --arg n "$name" '{name:("bench-" + $n),serving_deployment:$n}')" | jq -er .secret)" ;;
        esac
        [[ -z ${DEPLOYMENTS[$name]:-} ]] && DEPLOYMENT_ORDER+=("$name")
        DEPLOYMENTS[$name]=1
      done
    done
  done
}

if has_target crucible; then
  has_auth off && setup_crucible crucible
  { has_auth bearer || has_auth serving; } && setup_crucible crucible-auth
  # Interleaved per deployment: auth off, Bearer, serving-only next to each other, so drift hits them alike.
  for name in "${DEPLOYMENT_ORDER[@]}"; do
    for key in "crucible:$name" "crucible-bearer:$name" "crucible-serving:$name"; do
      [[ -n ${URL[$key]:-} ]] && ORDER+=("$key")
    done
  done
fi

for name in "${ORDER[@]}"; do check "$name"; done

# ---------------------------------------------------------------------------------------------------- (b), (c) wrk
TICK=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$TICK" '{print ($14 + $15) * 1000 / t}' "/proc/$1/stat"; }

all_cpu_ms() { local sum=0 pid; for pid in "${PIDS[@]}"; do sum=$(awk -v s="$sum" -v c="$(cpu_ms "$pid")" 'BEGIN {print s + c}'); done; echo "$sum"; }

# settle: waits (at most 60 s) until all servers together use under 5% of a core, so no row pays for work left
# over from the one before (Crucible writes captured predictions in the background); prints the seconds waited.
# Called before each wrk run, and after it: the second wait is the row's drain time (settle_s in results.tsv).
settle() {
  local started=$SECONDS t0 t1
  while ((SECONDS - started < 60)); do
    t0=$(all_cpu_ms); sleep 0.5; t1=$(all_cpu_ms)
    awk -v a="$t0" -v b="$t1" 'BEGIN {exit !(b - a < 25)}' && break
  done
  echo $((SECONDS - started))
}

# measure NAME CONNECTIONS DURATION [warmup|ROUND]: one wrk run; a result line in results.tsv unless warmup.
measure() {
  local name=$1 c=$2 duration=$3 warm= round=${4:-1} threads=2 raw load cpu0 cpu1 settled
  [[ $round == warmup ]] && warm=1 round=0
  ((c < 2)) && threads=1
  settle >/dev/null
  local suffix=""
  if ((round > 1)); then suffix="-r$round"; fi
  raw="$OUT/wrk/${name//:/-}-c$c${warm:+-warmup}$suffix.txt"
  load=$(cut -d' ' -f1 /proc/loadavg)
  cpu0=$(cpu_ms "${PID[$name]}")
  # wrk runs in the background so a signal reaches the trap at once; its CPU time is the change in the shell's
  # children times (`times`, second line) across the wait that reaps it.
  times >"$raw.t0"
  # infer.lua sends WRK_AUTHORIZATION as the Authorization header when set (kept out of wrk's command line).
  WRK_AUTHORIZATION=${AUTHZ[$name]:-} wrk -t"$threads" -c"$c" -d"$duration" --latency -s "$HERE/infer.lua" "${URL[$name]}" >"$raw" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID"
  WRK_PID=""
  times >"$raw.t1"
  paste <(tail -1 "$raw.t0") <(tail -1 "$raw.t1") | awk '
    function s(t) { split(t, a, /[ms]/); return a[1] * 60 + a[2] }
    { printf "%.2f\n", s($3) + s($4) - s($1) - s($2) }' >"$raw.time"
  rm -f "$raw.t0" "$raw.t1"
  # Every answered request of a Crucible deployment (warmups too) for the stored-predictions count at the end.
  [[ $name == crucible:* ]] && printf '%s\t%s\n' "${name#crucible:}" "$(grep -o 'requests=[0-9]*' "$raw" | cut -d= -f2)" >>"$OUT/answered.tsv"
  # The server's CPU per request includes what it finishes after wrk stops (captured predictions still queued).
  settled=$(settle)
  cpu1=$(cpu_ms "${PID[$name]}")
  [[ -n $warm ]] && return 0
  python3 - "$raw" "$name" "${LABEL[$name]}" "$c" "${BATCH[$name]}" "${CAPTURED[$name]:--}" "$load" "$cpu0" "$cpu1" "$settled" "$round" >>"$OUT/results.tsv" <<'EOF'
import re, sys
raw, name, label, c, batching, capture, load, cpu0, cpu1, settled, round_ = sys.argv[1:]
text = open(raw).read()
r = dict(kv.split("=") for kv in re.search(r"^WRK_RESULT (.*)$", text, re.M).group(1).split())
rps = float(re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M).group(1))
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
non2xx = max(int(m.group(1)) if m else 0, int(r["non2xx"]))
socket = sum(int(r[k]) for k in ("connect", "read", "write", "timeout"))
wrk_cpu = sum(map(float, open(raw + ".time").read().split()))
requests = int(r["requests"])
server_cpu = (float(cpu1) - float(cpu0)) / max(requests, 1)
ms = lambda us: int(us) / 1000
print("\t".join(map(str, [name, label, c, batching, capture, f"{rps:.0f}", ms(r["p50_us"]), ms(r["p90_us"]), ms(r["p99_us"]), ms(r["max_us"]),
                          requests, non2xx, socket, load, f"{server_cpu:.4f}", f"{wrk_cpu:.2f}", settled, round_])))
EOF
  tail -1 "$OUT/results.tsv" | awk -F'\t' '{printf "   %-36s c=%-3s %8s req/s  p50 %s  p99 %s ms  CPU %s ms/req  non-2xx %s  socket errors %s  load %s  settled %s s\n", $1, $3, $6, $7, $9, $15, $12, $13, $14, $17}' >&2
}

printf 'key\tscenario\tconnections\tbatching\tcapture\treq_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\trequests\tnon2xx\tsocket_errors\tload1\tserver_cpu_ms_per_req\twrk_cpu_s\tsettle_s\tround\n' >"$OUT/results.tsv"
log "warmup: $WARMUP per target at 16 connections"
for name in "${ORDER[@]}"; do measure "$name" 16 "$WARMUP" warmup; done
for ((round = 1; round <= ROUNDS; round++)); do
  # Odd rounds in order, even rounds reversed (A B C C B A ...): a steady drift in the machine's load cancels out.
  targets=("${ORDER[@]}")
  ((round % 2 == 0)) && for ((i = ${#ORDER[@]} - 1, j = 0; i >= 0; i--, j++)); do targets[j]=${ORDER[i]}; done
  for c in $CONNECTIONS; do
    log "== round $round of $ROUNDS: $c connection(s), $DURATION per target"
    for name in "${targets[@]}"; do measure "$name" "$c" "$DURATION" "$round"; done
  done
done
echo "load_end	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.tsv"
# Crucible's own counters: predictions captured or dropped, and rows per ONNX Runtime run, per deployment.
for server in "${!CRUCIBLE_API[@]}"; do
  metrics_auth=(); [[ $server == crucible-auth ]] && metrics_auth=(-H "$ADMIN_AUTH")
  file=crucible-metrics.txt; [[ $server == crucible-auth ]] && file=crucible-auth-metrics.txt
  curl -sf "${metrics_auth[@]}" "${CRUCIBLE_API[$server]}/metrics" >"$OUT/$file" || true
done

# Predictions in the store (counted from the predictions table, not from a counter) against the requests answered
# (wrk's count, warmups included, plus the one check call), per deployment of the auth-off server; the settle after
# the last row waited until the capture writer was idle.
if [[ -n ${CRUCIBLE_API[crucible]:-} ]]; then
  for name in "${DEPLOYMENT_ORDER[@]}"; do
    answered=$(awk -F'\t' -v d="$name" '$1 == d {s += $2} END {print s + 1}' "$OUT/answered.tsv" 2>/dev/null || echo 1)
    stored=$(sqlite3 "file:$WORK/crucible/crucible.db?mode=ro" "SELECT count(*) FROM predictions WHERE deployment = '$name' AND shadow = 0" 2>/dev/null || echo "?")
    printf '%s\t%s\t%s\n' "$name" "$answered" "$stored" >>"$OUT/stored.tsv"
  done
fi

# Every server must still be alive, or its rows measured a dead port.
for name in "${ORDER[@]}"; do
  kill -0 "${PID[$name]}" 2>/dev/null || { echo "$name (pid ${PID[$name]}) died during the run; see $WORK" >&2; KEEP=1; exit 1; }
done

python3 "$HERE/report.py" "$OUT" | tee "$OUT/report.md"
log "results in $OUT"
