#!/usr/bin/env bash
# `npm test` (and CI): install what the tests need, then run the gate.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  echo "› installing Debian's chromium (missing at $chromium_path)"
  if [ "$(id -u)" = "0" ]; then
    apt-get update && apt-get install -y chromium
  else
    sudo apt-get update && sudo apt-get install -y chromium
  fi
fi

# The redis step's tests start their own redis-server on a free loopback port.
if ! command -v "${REDIS_SERVER:-redis-server}" >/dev/null 2>&1; then
  echo "› installing Debian's redis-server (missing)"
  if [ "$(id -u)" = "0" ]; then
    apt-get update && apt-get install -y redis-server
  else
    sudo apt-get update && sudo apt-get install -y redis-server
  fi
  # Where the package starts Debian's own redis service, stop it: the tests start their own.
  (service redis-server stop || sudo service redis-server stop) >/dev/null 2>&1 || true
fi

exec node scripts/gate.mjs "$@"
