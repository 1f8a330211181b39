#!/usr/bin/env bash
# Runs every Crucible test against real components: a throwaway PostgreSQL cluster, an S3-compatible
# server (moto), ONNX Runtime, Chromium and Prometheus. Installs what a fresh machine lacks, cleans up
# after itself, and ends with one line: "N passed, N failed, N skipped".
#   scripts/test.sh                 every test
#   scripts/test.sh --filter EXPR   passes EXPR to dotnet test --filter
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FILTER=()
if [[ "${1:-}" == "--filter" ]]; then FILTER=(--filter "$2"); fi

source scripts/lib/services.sh
ensure_packages
start_postgres
start_s3
trap stop_services EXIT

RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"
set +e
dotnet test Crucible.slnx -c Release "${FILTER[@]}" \
  --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | tee "$RESULTS.log" | grep -E "error|Failed |Passed!|Failed!|\[FAIL\]" || true
status=${PIPESTATUS[0]}
set -e
summary=$(python3 scripts/lib/trx_summary.py "$RESULTS")
echo "$summary"
# Red if dotnet test failed (a build error runs no test) or any test failed.
failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$summary")
if [[ "$status" -ne 0 || "$failed" -ne 0 ]]; then exit 1; fi
