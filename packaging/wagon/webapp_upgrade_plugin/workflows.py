"""The webapp_upgrade and webapp_rollback workflows, run by the jar installed with the plugin.

Both hand over to the same entry as the script workflow a jar-carrying blueprint uses
(workflow_entry, the release's webapp_upgrade_workflow.py); the engine tells them apart by the
workflow's name and reads the parameters from the workflow context.
"""
from cloudify.decorators import workflow

from webapp_upgrade_plugin import AGENT_JAR
from webapp_upgrade_plugin import workflow_entry


@workflow
def webapp_upgrade(ctx, **parameters):
    workflow_entry.run_engine(AGENT_JAR)


@workflow
def webapp_rollback(ctx, **parameters):
    workflow_entry.run_engine(AGENT_JAR)
