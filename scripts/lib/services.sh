# Starts and stops the real components the tests use. Sourced by scripts/test.sh and bench scripts.
# Exports PG_CONN (Npgsql connection string) and S3_URL (moto endpoint) for the tests.
export PATH="${PYENV_ROOT:-$HOME/.pyenv}/shims:$PATH"
export DEBIAN_FRONTEND=noninteractive
SERVICES_TMP=$(mktemp -d /tmp/crucible-test.XXXXXX)
chmod 755 "$SERVICES_TMP"

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

ensure_packages() {
  local missing=()
  [[ -x /usr/lib/postgresql/15/bin/initdb ]] || missing+=(postgresql-15)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v prometheus >/dev/null || missing+=(prometheus)
  # The container image test (tests/Crucible.Deploy.Tests).
  command -v podman >/dev/null || missing+=(podman buildah runc)
  [[ -x /usr/sbin/debootstrap ]] || missing+=(debootstrap)
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  PGBIN=/usr/lib/postgresql/15/bin
  PGTMP="$SERVICES_TMP/pg"; mkdir -p "$PGTMP"; chown postgres:postgres "$PGTMP"
  PGPORT=$(free_port)
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP -c max_connections=300" start >/dev/null
  runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" crucible_test
  export PG_CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=crucible_test"
  export PG_ADMIN_CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
}

start_s3() {
  S3PORT=$(free_port)
  moto_server -H 127.0.0.1 -p "$S3PORT" >"$SERVICES_TMP/moto.log" 2>&1 &
  MOTO_PID=$!
  export S3_URL="http://127.0.0.1:$S3PORT"
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$S3_URL/" && return 0; sleep 0.1; done
  echo "moto_server did not start; see $SERVICES_TMP/moto.log" >&2
  return 1
}

stop_services() {
  if [[ -n "${MOTO_PID:-}" ]]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
  if [[ -n "${PGTMP:-}" ]]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$SERVICES_TMP"
}
