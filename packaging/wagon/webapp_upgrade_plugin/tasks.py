"""The operations of the plugin: each one runs one operation of the bundled agent jar.

The jar is run through cloudify-common's own script plugin machinery (its process execution, the
ctx proxy, output logging, abort and retry), so an operation behaves exactly as it does when a
blueprint carries the jar and names it as the implementation.
"""
import shlex

from cloudify.decorators import operation
from cloudify.exceptions import NonRecoverableError
from script_runner import tasks as script_runner

from webapp_upgrade_plugin import AGENT_JAR

# Used only when a blueprint overrides `process` without a command_prefix; plugin.yaml gives the
# same prefix as the jar-carrying plugin.yaml, with the JVM flags chosen for short-lived operations.
DEFAULT_COMMAND_PREFIX = '${WEBAPP_UPGRADE_JAVA:-java} -jar'


@operation
def run(ctx, agent_operation=None, process=None, **inputs):
    """Runs `java ... -jar <the bundled jar> <agent_operation>` with the operation's inputs.

    As with the script plugin, every other input reaches the agent as an environment variable and
    `process` may set cwd, env and command_prefix; the agent's arguments are always just
    `agent_operation`.
    """
    if not isinstance(agent_operation, str) or not agent_operation.strip() \
            or any(c.isspace() for c in agent_operation):
        raise NonRecoverableError(
            "input 'agent_operation' is %r: allowed is one agent operation name such as "
            "webapp.upgrade, without spaces" % (agent_operation,))
    if process is not None and not isinstance(process, dict):
        raise NonRecoverableError(
            "input 'process' is a %s: allowed is a dict (cwd, env, command_prefix, ...)"
            % type(process).__name__)
    config = dict(process or {})
    config.setdefault('command_prefix', DEFAULT_COMMAND_PREFIX)
    config['args'] = [agent_operation]
    config = script_runner.create_process_config(config, inputs)
    # The script plugin joins the command into one shell line; quote the jar's path for it.
    return script_runner.process_execution(script_runner.execute, shlex.quote(AGENT_JAR), ctx, config)
