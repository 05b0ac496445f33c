#!/usr/bin/env python3
"""Whole-process wall clock of commands, run in turn so that a change in the machine's pace
falls on all of them alike. Prints the best, the first quartile and the median of each, in
milliseconds; each command's output goes to /dev/null. Standard library only.

Usage:
  python3 tools/bench/wall.py RUNS LABEL=COMMAND [LABEL=COMMAND ...]
  python3 tools/bench/wall.py 15 "before=./old run X --flows f" "after=./new run X --flows f"
"""
import shlex
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    times = {label: [] for label, _ in commands}
    for _ in range(runs):
        for label, command in commands:
            start = time.perf_counter()
            subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[label].append((time.perf_counter() - start) * 1000)
    for label, ms in times.items():
        ms.sort()
        print(
            f"{label}: min {ms[0]:.1f} ms, p25 {ms[len(ms) // 4]:.1f}, "
            f"median {statistics.median(ms):.1f} ms ({len(ms)} runs)"
        )


if __name__ == "__main__":
    main()
