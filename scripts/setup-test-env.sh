#!/usr/bin/env bash
# Installs what the tests and the demo need on a Debian or Ubuntu machine, and nothing twice:
# a JDK 17 and Maven, HAProxy, Node.js (the sample app), and a Python venv (.venv) with
# cloudify-common and the cfy CLI 7.0.5, the real Cloudify the end-to-end tests run against.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=()
command -v javac >/dev/null 2>&1 || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || packages+=(haproxy)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || packages+=(python3-venv)

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# Debian's haproxy package starts a service with an empty configuration; the tests run their own
# HAProxy processes on loopback ports, so a running service does not get in their way.
export PATH="$PATH:/usr/sbin"

VENV=.venv
CLOUDIFY_VERSION=7.0.5
if ! "$VENV/bin/python" -c "import importlib.metadata as m; assert m.version('cloudify-common') == '$CLOUDIFY_VERSION'; assert m.version('cloudify') == '$CLOUDIFY_VERSION'" >/dev/null 2>&1; then
  echo "Creating $VENV with cloudify-common and cfy $CLOUDIFY_VERSION ..."
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q "cloudify-common[dispatcher]==$CLOUDIFY_VERSION" "cloudify==$CLOUDIFY_VERSION"
fi

echo "Ready: java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(haproxy -v | head -1 | cut -d' ' -f1-3), node $(node --version), $("$VENV/bin/python" -c "import importlib.metadata as m; print('cloudify-common', m.version('cloudify-common'))")"
