#!/usr/bin/env bash
# Installs what webapp-upgrade needs on a Debian or Ubuntu machine, and nothing twice.
#   scripts/setup.sh demo    a JDK 17, Maven, HAProxy and Node.js (the demo's sample app)
#   scripts/setup.sh tests   the same, plus Chromium (the report's browser test) and a Python venv
#                            (.venv) with cloudify-common and the cfy CLI 7.0.5: the real Cloudify
#                            the end-to-end tests run against
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-tests}"
case "$what" in demo|tests) ;; *) echo "usage: scripts/setup.sh demo|tests" >&2; exit 2 ;; esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export PATH="$PATH:/usr/sbin"

packages=()
command -v javac >/dev/null 2>&1 || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)
command -v haproxy >/dev/null 2>&1 || packages+=(haproxy)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
if [ "$what" = tests ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v python3 >/dev/null 2>&1 || packages+=(python3)
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || packages+=(python3-venv)
fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if [ "$what" = tests ]; then
  VENV=.venv
  CLOUDIFY_VERSION=7.0.5
  if ! "$VENV/bin/python" -c "import importlib.metadata as m; assert m.version('cloudify-common') == '$CLOUDIFY_VERSION'; assert m.version('cloudify') == '$CLOUDIFY_VERSION'" >/dev/null 2>&1; then
    echo "Creating $VENV with cloudify-common and cfy $CLOUDIFY_VERSION ..."
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
    "$VENV/bin/pip" install -q "cloudify-common[dispatcher]==$CLOUDIFY_VERSION" "cloudify==$CLOUDIFY_VERSION"
  fi
fi

echo "Ready: $(java -version 2>&1 | head -1), $(haproxy -v | head -1 | cut -d' ' -f1-3), node $(node --version)"
