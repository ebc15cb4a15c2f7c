#!/usr/bin/env bash
# A Java runtime for the Spark local-mode test (tests/spark/). Debian/Ubuntu, non-interactive; needs root
# (or sudo). Does nothing when `java` is already on PATH.
set -euo pipefail

if command -v java >/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "java: no apt-get here; install a Java 17+ runtime for the Spark test" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless </dev/null
java -version
