#!/bin/bash
set -e
node=$(ctx node id)
instance=$(ctx instance id)
port=$(ctx node properties port)
ctx logger info "bash reached instance $instance of node $node"
ctx instance runtime-properties agent_version bash
ctx instance runtime-properties agent_java_version none
ctx instance runtime-properties agent_checked_at "$(date -Is)"
ctx logger info "node property port is $port; agent check recorded"
