#!/usr/bin/env bash
# Make the PostgreSQL server binaries available to the store tests (tests/store/conftest.py starts a
# throwaway cluster from them). Does nothing when they are installed or when MARSAD_TEST_POSTGRES_URL
# names a server. Debian/Ubuntu only; needs root (or sudo) to install. Non-interactive.
set -euo pipefail

if [ -n "${MARSAD_TEST_POSTGRES_URL:-}" ]; then
  echo "postgres: using MARSAD_TEST_POSTGRES_URL"
  exit 0
fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null; then
  echo "postgres: server binaries already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "postgres: no apt-get here; install the PostgreSQL server or set MARSAD_TEST_POSTGRES_URL" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql </dev/null
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
echo "postgres: installed $(ls /usr/lib/postgresql)"
