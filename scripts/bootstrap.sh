#!/usr/bin/env bash
# Sourced by demo.sh and test.sh: brings a machine with only Node 20 and npm to a
# working checkout (the pinned pnpm, then the locked dependencies).
PNPM_VERSION=12.4.2

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "› installing pnpm $PNPM_VERSION"
  if ! npm i -g "pnpm@$PNPM_VERSION" >/dev/null; then
    # No write access to npm's global prefix: run the pinned pnpm through npx instead.
    pnpm() { npx -y "pnpm@$PNPM_VERSION" "$@"; }
  fi
  hash -r
fi

echo "› pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile
