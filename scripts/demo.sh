#!/usr/bin/env bash
# `npm start`: install what the demo needs, then run it (simulator without API keys).
# Extra arguments go to the demo server, e.g. `npm start -- --prod`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

if [ "${1:-}" = "--prod" ]; then
  pnpm --filter @cascadekit/demo build
fi
cd apps/demo
exec node --conditions=@cascadekit/source --import tsx server.ts "$@"
