# Runs each probe operation and records what Cloudify made of it (return value or error).
import json

from cloudify.workflows import ctx
from cloudify.workflows import parameters as p

results = {}
app = [n for n in ctx.nodes if n.id == 'app'][0]
instance = list(app.instances)[0]


def attempt(name, fn):
    try:
        results[name] = {'ok': True, 'value': fn()}
    except Exception as e:
        results[name] = {'ok': False, 'error_type': type(e).__name__, 'error': str(e)}


for op in ['rw', 'returns_dict', 'returns_text', 'error', 'retry', 'abort', 'crash']:
    attempt(op, lambda op=op: instance.execute_operation('probe.' + op).get())
rel = list(instance.relationships)[0]
attempt('relationship', lambda: rel.execute_source_operation('probe_rel.source_rw').get())

with open(p.out, 'w') as f:
    json.dump(results, f, default=str)
