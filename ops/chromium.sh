#!/usr/bin/env bash
# Installs Debian's headless Chromium for the GraphiQL browser test when it is missing.
# Where apt-get cannot run (not root), the browser test skips and says why.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium not found and not root: the browser test will be skipped." >&2
  exit 0
fi
echo "Installing Debian's chromium for the browser test …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
