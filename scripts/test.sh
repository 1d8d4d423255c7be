#!/usr/bin/env bash
# The whole test suite: unit tests, then the end-to-end tests against a real HAProxy, real app
# processes on loopback, real Cloudify (local mode) and headless Chromium. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh tests
export PATH="$PATH:/usr/sbin"
mvn -B -ntp verify "$@"
