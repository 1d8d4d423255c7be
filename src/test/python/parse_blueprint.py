"""Parses a blueprint with Cloudify's real DSL parser and prints what the tests check, as JSON.

    parse_blueprint.py BLUEPRINT
"""
import json
import sys

from cfy_local import resolver
from dsl_parser.parser import parse_from_path


def main():
    try:
        plan = parse_from_path(sys.argv[1], resolver=resolver())
    except Exception as e:  # the parser's refusal is the result
        print(json.dumps({'error': '%s: %s' % (type(e).__name__, e)}))
        return 1
    print(json.dumps({
        'nodes': {n['id']: {'type_hierarchy': n['type_hierarchy'],
                            'operations': sorted(k for k in n['operations'] if '.' in k)}
                  for n in plan['nodes']},
        'workflows': {name: sorted(w.get('parameters', {}).keys())
                      for name, w in plan['workflows'].items()},
    }))
    return 0


if __name__ == '__main__':
    sys.exit(main())
