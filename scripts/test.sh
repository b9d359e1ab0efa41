#!/usr/bin/env bash
# The whole test suite: unit, integration on SQLite and PostgreSQL, and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_nodedir=/usr
[ -d node_modules ] || npm ci
bash scripts/ensure-test-deps.sh
source scripts/pg-throwaway.sh
npx tsc -p .
npx vite build --logLevel warn
npx vitest run "$@"
