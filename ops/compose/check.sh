#!/usr/bin/env bash
# Checks docker-compose.yml with Compose itself (`config`: parsing, interpolation, the
# compose schema, profiles), with no Docker engine. Uses `docker compose` (v2) where it
# runs, else Debian's docker-compose, installed here when missing and apt-get may run.
# Exit code non-zero when the file does not load, for both the default and `scale` profile.
set -euo pipefail
cd "$(dirname "$0")/../.."
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  if ! command -v docker-compose >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "neither 'docker compose' nor docker-compose found, and not root to install it" >&2
      exit 1
    fi
    echo "Installing Debian's docker-compose to check docker-compose.yml …"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  fi
  compose=(docker-compose)
fi
# Only the variables given here count: not the shell's, not ./.env (the local server's).
empty_env="$(mktemp)"
trap 'rm -f "$empty_env"' EXIT
run() { env -i PATH="$PATH" HOME="${HOME:-/tmp}" "$@" "${compose[@]}" --env-file "$empty_env" \
          -f docker-compose.yml "${profile[@]}" config -q; }
profile=()
run NEO4J_PASSWORD=check
profile=(--profile scale)
run NEO4J_PASSWORD=check POSTGRES_PASSWORD=check GOODWILL_TOKEN_SECRET=check \
    GOODWILL_MASTER_KEY=check
echo "docker-compose.yml loads with ${compose[*]} (default and scale profiles)."
