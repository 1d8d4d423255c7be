# Times each operation as the workflow sees it: from execute_operation to its result. The first
# `plugin` run, which records and builds the AOT cache, is timed apart as `plugin_first`.
import json
import time

from cloudify.workflows import ctx
from cloudify.workflows import parameters as p

instance = list(list(ctx.nodes)[0].instances)[0]
timings = {'noop': [], 'bash': [], 'agent': [], 'plugin': [], 'plugin_no_cache': []}
start = time.monotonic()
instance.execute_operation('bench.plugin').get()
first = time.monotonic() - start
for _ in range(p.rounds):
    for op in timings:
        start = time.monotonic()
        instance.execute_operation('bench.' + op).get()
        timings[op].append(time.monotonic() - start)
timings['plugin_first'] = [first]
with open(p.out, 'w') as f:
    json.dump(timings, f)
