#!/usr/bin/env bash
# Debian's Chromium for the dashboard's browser tests (tests/web/), which drive it with Playwright for Python
# through `executable_path`: Playwright's own browser download is never used. Non-interactive; needs root
# (or sudo). Does nothing when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium: no apt-get here; install Chromium at /usr/bin/chromium for tests/web" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium </dev/null
/usr/bin/chromium --version
