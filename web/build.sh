#!/usr/bin/env bash
# Builds the dashboard: `npm ci` (pinned by package-lock.json, from the npm registry) then `node build.mjs`,
# which writes src/marsad/web/static/. Idempotent and quick when nothing changed: npm ci runs only when the
# lock file differs from what node_modules holds, and the build only when its inputs' digest changed.
set -euo pipefail

cd "$(dirname "$0")"
static=../src/marsad/web/static

if ! cmp -s package-lock.json node_modules/.package-lock.json.ci 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error </dev/null
  cp package-lock.json node_modules/.package-lock.json.ci
fi

digest=$(cat package-lock.json build.mjs $(find src -type f | LC_ALL=C sort) | sha256sum | cut -d' ' -f1)
if [ -f "$static/BUILD" ] && [ "$(cat "$static/BUILD")" = "$digest" ]; then
  echo "dashboard up to date in src/marsad/web/static"
  exit 0
fi
node build.mjs "$digest"
