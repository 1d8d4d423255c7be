#!/usr/bin/env bash
# The main job on one machine, no Cloudify: HAProxy and 4 app instances on loopback, 200 requests/s
# through HAProxy while the instances are upgraded from 1.0.0 to 2.0.0, then the count of failed
# requests. Options go to the demo command: scripts/demo.sh --help, --scenario bad-release, ...
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh demo >&2
export PATH="$PATH:/usr/sbin"
jar=target/webapp-upgrade-agent.jar
if [ ! -f "$jar" ] || [ -n "$(find src plugin.yaml pom.xml -newer "$jar" -print -quit)" ]; then
  echo "Building the agent jar ..." >&2
  mvn -B -q -ntp package -DskipTests >&2
fi
exec java -jar "$jar" demo "$@"
