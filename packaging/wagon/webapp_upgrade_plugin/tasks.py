"""The operations of the plugin: each one runs one operation of the bundled agent jar.

The jar is run through cloudify-common's own script plugin machinery (its process execution, the
ctx proxy, output logging, abort and retry), so an operation behaves exactly as it does when a
blueprint carries the jar and names it as the implementation.
"""
import os
import shlex

from cloudify.decorators import operation
from cloudify.exceptions import NonRecoverableError
from script_runner import tasks as script_runner

from webapp_upgrade_plugin import AGENT_JAR
from webapp_upgrade_plugin import aot_cache
from webapp_upgrade_plugin.workflow_entry import find_java

# plugin.yaml's command_prefix starts with this; the launcher puts the java it found in its place.
JAVA_PLACEHOLDER = '${WEBAPP_UPGRADE_JAVA:-java}'
# Used only when a blueprint overrides `process` without a command_prefix; plugin.yaml gives the
# same prefix as the jar-carrying plugin.yaml, with the JVM flags chosen for short-lived operations.
DEFAULT_COMMAND_PREFIX = JAVA_PLACEHOLDER + ' -jar'


@operation
def run(ctx, agent_operation=None, process=None, **inputs):
    """Runs `java ... -jar <the bundled jar> <agent_operation>` with the operation's inputs.

    As with the script plugin, every other input reaches the agent as an environment variable and
    `process` may set cwd, env and command_prefix; the agent's arguments are always just
    `agent_operation`. The java is WEBAPP_UPGRADE_JAVA if set, else the bundled runtime, else
    `java` on the PATH (see workflow_entry.find_java).
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
    cache = _with_java(ctx, config)
    config = script_runner.create_process_config(config, inputs)
    try:
        # The script plugin joins the command into one shell line; quote the jar's path for it.
        return script_runner.process_execution(script_runner.execute, shlex.quote(AGENT_JAR), ctx, config)
    finally:
        problem = cache.finish()
        if problem:
            ctx.logger.debug('no AOT cache this time: %s' % problem)


def _with_java(ctx, config):
    """Puts the java that runs the jar (and the AOT cache's flags) where command_prefix names
    WEBAPP_UPGRADE_JAVA; a prefix of the blueprint's own is left as it is."""
    prefix = config['command_prefix']
    if not isinstance(prefix, str) or not prefix.startswith(JAVA_PLACEHOLDER):
        ctx.logger.debug('running the agent with the command_prefix of the blueprint: %s' % (prefix,))
        return aot_cache.NoCache('command_prefix set by the blueprint')
    env = dict(os.environ)
    env.update(dict((k, str(v)) for k, v in (config.get('env') or {}).items()))
    java, source = find_java(env)
    cache = aot_cache.for_run(java, AGENT_JAR, env)
    flags = shlex.split(prefix[len(JAVA_PLACEHOLDER):])
    if cache.flags:
        # an AOT cache and class-data sharing flags exclude each other
        flags = [f for f in flags if not f.startswith('-Xshare:')]
    config['command_prefix'] = ' '.join(shlex.quote(a) for a in java + cache.flags + flags)
    ctx.logger.debug('running the agent with %s, %s' % (source, cache.describe()))
    return cache
