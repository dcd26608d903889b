#!/usr/bin/env bash
# A local PostgreSQL for Goodwill's event store, from Debian packages, without Docker.
#
#   bash ops/postgres/pgctl.sh start    install (if needed), init, start, create db + user
#   bash ops/postgres/pgctl.sh stop     stop the server (data is kept)
#   bash ops/postgres/pgctl.sh status   exit 0 when running
#   bash ops/postgres/pgctl.sh url      print postgresql://goodwill:…@127.0.0.1:5433/goodwill
#
# Every command is safe to run twice. The cluster lives in var/postgres (override with
# GOODWILL_PG_DIR); it listens on 127.0.0.1 only, port 5433 (GOODWILL_PG_PORT). Both are
# read from the environment, else from the `.env` file Goodwill's settings read
# ($GOODWILL_ENV_FILE, else .env in the working directory).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
# system user that the Debian package creates; as any other user it is yours.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENV_FILE="${GOODWILL_ENV_FILE:-$PWD/.env}"

# A setting from the environment, else its last `NAME=value` line in the .env file.
setting() {
  local name="$1" value="${!1:-}"
  if [[ -z "$value" && -f "$ENV_FILE" ]]; then
    value="$(sed -n -E "s/^[[:space:]]*(export[[:space:]]+)?$name[[:space:]]*=[[:space:]]*//p" \
      "$ENV_FILE" | tail -n 1 | tr -d '\r')"
    value="${value%"${value##*[![:space:]]}"}"
    [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]] && value="${BASH_REMATCH[1]}"
  fi
  echo "$value"
}

# As root the cluster belongs to `postgres`, which must reach the directory through every
# parent; when the checkout is private (e.g. under /root), use a per-checkout directory
# under /var/lib/postgresql instead. The same choice is made on every call.
choose_base() {
  local preferred="$ROOT/var/postgres" named
  named="$(setting GOODWILL_PG_DIR)"
  if [[ -n "$named" ]]; then echo "$named"; return; fi
  if [[ $(id -u) -ne 0 ]] || ! id postgres >/dev/null 2>&1; then echo "$preferred"; return; fi
  mkdir -p "$preferred"
  if runuser -u postgres -- test -x "$preferred"; then
    echo "$preferred"
  else
    echo "/var/lib/postgresql/goodwill-$(echo -n "$ROOT" | md5sum | cut -c1-10)"
  fi
}
PORT="$(setting GOODWILL_PG_PORT)"
PORT="${PORT:-5433}"
DB=goodwill
DB_USER=goodwill

set_paths() {
  BASE="$(choose_base)"
  DATA="$BASE/data"
  SOCKETS="$BASE/run"
  LOG="$BASE/server.log"
  PASSWORD_FILE="$BASE/password"
}
set_paths

say() { echo "pgctl: $*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
  # Debian's server binaries, newest major version first. /usr/local/bin may hold stray
  # links on some machines, so only the package's own directory is trusted.
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

install_server() {
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL server binaries not found; install the 'postgresql' package (needs root)."
  command -v apt-get >/dev/null || die "PostgreSQL not found and apt-get is not available."
  say "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null >&2
  apt-get install -y -qq --no-install-recommends postgresql </dev/null >&2
  # The package may start its own cluster on 5432; ours is separate and untouched by it.
}

bindir() {
  local dir
  dir="$(find_bindir)" || { install_server; dir="$(find_bindir)" || die "install did not provide server binaries"; }
  echo "$dir"
}

# Run a command as the cluster's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

password() {
  if [[ ! -s "$PASSWORD_FILE" ]]; then
    mkdir -p "$BASE"
    (umask 077; head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$PASSWORD_FILE")
  fi
  cat "$PASSWORD_FILE"
}

is_running() {
  local bin="$1"
  [[ -f "$DATA/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

prepare_dirs() {
  mkdir -p "$BASE" "$SOCKETS"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' system user (the Debian package creates it)"
    chown postgres:postgres "$SOCKETS"
    [[ -d "$DATA" ]] && chown -R postgres:postgres "$DATA"
    runuser -u postgres -- test -x "$BASE" \
      || die "user postgres cannot reach $BASE; set GOODWILL_PG_DIR to a reachable directory"
    touch "$LOG" && chown postgres:postgres "$LOG"
  fi
}

init_cluster() {
  local bin="$1"
  [[ -f "$DATA/PG_VERSION" ]] && return 0
  say "initialising a cluster in $DATA"
  mkdir -p "$DATA"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$DATA"
  chmod 700 "$DATA"
  as_owner "$bin/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || as_owner "$bin/initdb" -D "$DATA" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C >/dev/null
  # Our settings last, so they win over the defaults above them.
  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# goodwill (ops/postgres/pgctl.sh)
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKETS'
max_connections = 200
fsync = on
EOF
}

psql_admin() {
  local bin="$1"; shift
  as_owner "$bin/psql" -h "$SOCKETS" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

ensure_database() {
  local bin="$1" pw
  pw="$(password)"
  if [[ "$(psql_admin "$bin" -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != 1 ]]; then
    psql_admin "$bin" -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$pw'"
  else
    psql_admin "$bin" -c "ALTER ROLE $DB_USER LOGIN PASSWORD '$pw'"
  fi
  if [[ "$(psql_admin "$bin" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
    psql_admin "$bin" -c "CREATE DATABASE $DB OWNER $DB_USER"
  fi
  # The privacy tests checkpoint and read the table files to prove erasure reached the disk.
  psql_admin "$bin" -c "GRANT pg_checkpoint, pg_read_all_settings TO $DB_USER" 2>/dev/null || true
}

start() {
  local bin
  bin="$(bindir)"
  set_paths  # an install just now may have created the postgres user
  prepare_dirs
  init_cluster "$bin"
  if is_running "$bin"; then
    say "already running on 127.0.0.1:$PORT"
  else
    say "starting PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PORT"
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null \
      || { tail -n 30 "$LOG" >&2; die "server did not start (log: $LOG)"; }
  fi
  ensure_database "$bin"
  say "ready: $(url)"
}

stop() {
  local bin
  bin="$(find_bindir)" || { say "not installed"; return 0; }
  if is_running "$bin"; then
    as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

status() {
  local bin
  bin="$(find_bindir)" || { say "not installed"; return 1; }
  if is_running "$bin"; then say "running on 127.0.0.1:$PORT"; else say "not running"; return 1; fi
}

url() {
  echo "postgresql://$DB_USER:$(password)@127.0.0.1:$PORT/$DB"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
