"""Drives Cloudify local mode (cloudify-common) for the end-to-end tests.

    cfy_local.py --storage DIR --name NAME init BLUEPRINT [--inputs JSON]
    cfy_local.py --storage DIR --name NAME execute WORKFLOW [--params JSON] [--retries N]
    cfy_local.py --storage DIR --name NAME instances

Prints one JSON document on stdout; exit 0 when the call succeeded, 1 when the workflow failed
(the document then holds the error). The standard types.yaml import is resolved to the folder in
$CLOUDIFY_SPEC_DIR when set, so no test needs the internet.
"""
import argparse
import json
import os
import sys
import traceback

from cloudify.workflows import local


def resolver():
    spec_dir = os.environ.get('CLOUDIFY_SPEC_DIR')
    if not spec_dir:
        return None
    from dsl_parser.import_resolver.default_import_resolver import \
        DefaultImportResolver
    return DefaultImportResolver(
        rules=[{'https://cloudify.co/spec': 'file://' + os.path.abspath(spec_dir)}])


def storage(args):
    return local.FileStorage(storage_dir=args.storage)


def instances(env):
    out = []
    for inst in env.storage.get_node_instances():
        out.append({
            'id': inst.id,
            'node_id': inst.node_id,
            'state': inst.state,
            'runtime_properties': dict(inst.runtime_properties or {}),
        })
    return sorted(out, key=lambda i: i['id'])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--storage', required=True)
    parser.add_argument('--name', required=True)
    sub = parser.add_subparsers(dest='command', required=True)
    init = sub.add_parser('init')
    init.add_argument('blueprint')
    init.add_argument('--inputs', default='{}')
    execute = sub.add_parser('execute')
    execute.add_argument('workflow')
    execute.add_argument('--params', default='{}')
    execute.add_argument('--retries', type=int, default=0)
    execute.add_argument('--retry-interval', type=int, default=1)
    sub.add_parser('instances')
    args = parser.parse_args()

    if args.command == 'init':
        env = local.init_env(args.blueprint, name=args.name, inputs=json.loads(args.inputs),
                             storage=storage(args), resolver=resolver())
        print(json.dumps({'instances': instances(env)}))
        return 0
    env = local.load_env(args.name, storage=storage(args), resolver=resolver())
    if env is None:
        print(json.dumps({'error': 'no local deployment named %s' % args.name}))
        return 1
    if args.command == 'instances':
        print(json.dumps({'instances': instances(env)}))
        return 0
    try:
        result = env.execute(args.workflow, parameters=json.loads(args.params),
                             task_retries=args.retries,
                             task_retry_interval=args.retry_interval,
                             task_thread_pool_size=1)
    except Exception as e:  # the workflow failed: report it as data
        print(json.dumps({'error': str(e), 'error_type': type(e).__name__,
                          'traceback': traceback.format_exc(),
                          'instances': instances(env)}, default=str))
        return 1
    print(json.dumps({'result': result, 'instances': instances(env)}, default=str))
    return 0


if __name__ == '__main__':
    sys.exit(main())
