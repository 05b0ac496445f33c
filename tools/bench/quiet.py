#!/usr/bin/env python3
"""Whole-process wall-clock series for the suite load and the traces, taken as quietly as the
machine allows: before each run the script waits (at most 3 s) until no other process is
running. Prints best and median of each. Standard library only; run from the repository's
root.

Usage:
  python3 benches/gen_suite.py 10000 /tmp/archyblock archy yaml
  python3 tools/bench/quiet.py BINARY [SUITE_FILE]
"""
import os
import statistics
import subprocess
import sys
import time


def running():
    with open("/proc/stat") as stat:
        for line in stat:
            if line.startswith("procs_running"):
                return int(line.split()[1])
    return 1


def series(cmd, n):
    times = []
    for _ in range(n):
        start = time.time()
        while running() > 1 and time.time() - start < 3:
            time.sleep(0.002)
        s = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - s) * 1000)
    return sorted(times)


def main():
    binary = sys.argv[1]
    suite = sys.argv[2] if len(sys.argv) > 2 else "/tmp/archyblock/generated.scenarios.yaml"
    with open("/proc/loadavg") as load:
        print("load", load.read().strip())
    size = os.path.getsize(suite)
    t = series([binary, "test", suite, "--filter", "zzzz"], 20)
    med = statistics.median(t)
    print(f"suite load: best {t[0]:.1f} ms ({size / t[0] / 1000:.1f} MB/s), "
          f"median {med:.1f} ms ({size / med / 1000:.1f} MB/s)")
    steps = 1000005
    for fmt in ("json", "text"):
        t = series([binary, "run", "Bench_Loop", "--flows", "fixtures/flows-bench", "--var",
                    "Flow.iterations=200000", "--max-steps", str(steps), "--format", fmt], 9)
        med = statistics.median(t)
        print(f"{fmt} trace, {steps} steps: best {t[0]:.0f} ms "
              f"({steps / t[0] / 1000:.2f} M steps/s), median {med:.0f} ms "
              f"({steps / med / 1000:.2f} M steps/s)")


if __name__ == "__main__":
    main()
