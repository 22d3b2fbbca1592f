#!/usr/bin/env bash
# `npm test`: the whole suite. Unit and database tests (SQLite always; PostgreSQL when
# TEST_DATABASE_URL is set), the type check, a production build, then Playwright end to end.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== unit and database tests"
npx vitest run

echo "== type check"
npx tsc --noEmit -p .

echo "== production build"
npx next build

echo "== end-to-end (Chromium)"
npx playwright test -c e2e/playwright.config.ts
