# Python workload for ugc: prints "ready PID"; then for each line on stdin runs gc.collect()
# N times (argument, default 5), each after making 100 unreachable reference cycles, and
# prints "done"; exits at EOF.
import gc
import os
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
gc.disable()  # no automatic collections: only the ones below
print("ready", os.getpid(), flush=True)
while sys.stdin.readline():
    for i in range(n):
        for j in range(100):
            cycle = []
            cycle.append(cycle)
        del cycle
        gc.collect()
    print("done", n, flush=True)
