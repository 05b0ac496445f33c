#!/usr/bin/env python3
"""The speed targets measured paired: this checkout's release binary (B) against one built from
an earlier commit (A), on the same machine in the same minutes, pair by pair (A then B, then B
then A, alternately), so that a change in the machine's pace falls on both alike. Absolute
times on a shared machine drift by 2x between days; a ratio of pairs does not.

For each target: the median wall time of each binary, the median of the per-pair ratios B/A
(below 1: B is faster), and each binary's peak memory (the median of its runs' maximum resident
set, from wait4). Prints a Markdown table for BENCHMARKS.md. Standard library only; needs git
and cargo; run from the repository's root.

Usage:
  python3 tools/bench/paired.py BASE_REV [--runs 9] [--only NAME ...] [--executions N]
      [--base-binary PATH] [--head-binary PATH]   (binaries already built: no build)
      [--gap SECONDS] [--busy] [--profile release]

The machine's condition is part of the figure. By default the runs follow each other at once
on an otherwise idle machine: each process takes memory its predecessor just gave back. Two
other conditions, each named in the table's heading:
  --gap S   sleep S seconds before each run. A virtual machine whose balloon reports free
            pages (virtio-balloon free page reporting: this project's VMs) hands memory freed
            for about 2 s back to its host, and each page a process then touches is backed
            anew: a run after a pause, as a user's single command is, pays for each page it
            touches. 4 is enough here.
  --busy    keep one core busy (a spinning process, placed by the scheduler) while the pairs
            run: a machine doing other work, as a shared CI runner or a laptop compiling is.

BASE_REV is built once in a git worktree under target/paired/ (its own target folder, kept for
the next call); this checkout is built with `cargo build --profile release --locked`.
`--profile dist` builds both as the release archives and the wheel are built (fat LTO, one
codegen unit: some minutes each). The targets:
  load     `test` of the 10,000-scenario Archy suite with a filter that matches none (reading)
  suite    `test` of that suite (reading and running)
  json     a 1,000,000-step run, its JSON trace to /dev/null
  text     the same run, its text trace to /dev/null
  short    a 17-step run of that flow, its JSON trace to /dev/null (a process's own cost: use
           some hundreds of pairs)
  traffic  `traffic` over N recorded executions (tools/orggen, `--executions`, default 100,000)
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRACE = "run Bench_Loop --flows fixtures/flows-bench --var Flow.iterations=200000 --max-steps 1000000"
SHORT = "run Bench_Loop --flows fixtures/flows-bench --var Flow.iterations=1"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build_head(profile):
    sh(["cargo", "build", "--profile", profile, "--locked", "--quiet", "--bin", "flowsim"], cwd=ROOT)
    return ROOT / "target" / profile / "flowsim"


def build_base(rev, profile):
    work = ROOT / "target/paired"
    tree = work / "tree"
    commit = sh(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT,
                capture_output=True, text=True).stdout.strip()
    work.mkdir(parents=True, exist_ok=True)
    if tree.exists():
        sh(["git", "-C", str(tree), "checkout", "--quiet", "--detach", commit])
    else:
        sh(["git", "worktree", "add", "--quiet", "--detach", str(tree), commit], cwd=ROOT)
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / "target"))
    sh(["cargo", "build", "--profile", profile, "--locked", "--quiet", "--bin", "flowsim"], cwd=tree,
       env=env)
    return work / "target" / profile / "flowsim", commit[:10]


def copied(binary, to):
    """A fresh copy of `binary` at `to`, executable."""
    tmp = to.with_suffix(".tmp")
    shutil.copyfile(binary, tmp)
    tmp.chmod(0o755)
    tmp.replace(to)
    return to


def seconds(t):
    """`t` in seconds, or milliseconds below a tenth of a second."""
    return f"{t:.3f} s" if t >= 0.1 else f"{t * 1000:.2f} ms"


def once(argv, cwd):
    """One run: wall seconds and peak resident memory (MB) of the process."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, argv))}: exit {code}")
    return wall, usage.ru_maxrss / 1024


def targets(scratch, executions):
    suite = scratch / "suite/generated.scenarios.yaml"
    if not suite.exists():
        sh([sys.executable, "benches/gen_suite.py", "10000", str(suite.parent), "archy", "yaml"],
           cwd=ROOT, stdout=subprocess.DEVNULL)
    found = {
        "load": ["test", str(suite), "--filter", "zzzz"],
        "suite": ["test", str(suite)],
        "json": TRACE.split() + ["--format", "json"],
        "text": TRACE.split() + ["--format", "text"],
        "short": SHORT.split() + ["--format", "json"],
    }
    org = scratch / f"org{executions}"
    if not (org / "executions.ndjson").exists():
        sh([sys.executable, "tools/orggen/orggen.py", str(org), "--flows", "100",
            "--scenarios", "100", "--executions", str(executions)], cwd=ROOT,
           stdout=subprocess.DEVNULL)
    found["traffic"] = ["traffic", str(org / "executions.ndjson"), "--flows", str(org / "flows"),
                        "--fixtures", "fixtures/archy/data"]
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--executions", type=int, default=100_000)
    ap.add_argument("--base-binary", type=Path)
    ap.add_argument("--head-binary", type=Path)
    ap.add_argument("--gap", type=float, default=0.0)
    ap.add_argument("--busy", action="store_true")
    ap.add_argument("--profile", default="release")
    args = ap.parse_args()
    if args.base_binary:
        base, commit = args.base_binary, "given"
    else:
        base, commit = build_base(args.base, args.profile)
    head = args.head_binary or build_head(args.profile)
    scratch = Path(tempfile.gettempdir()) / "flowsim-paired"
    scratch.mkdir(exist_ok=True)
    chosen = targets(scratch, args.executions)
    if args.only:
        chosen = {k: v for k, v in chosen.items() if k in args.only}
    condition = ", ".join(
        c for c in [f"{args.gap:g} s before each run" if args.gap else "",
                    "one core kept busy" if args.busy else ""] if c) or "runs back to back"
    print(f"A = {args.base} ({commit}), B = this checkout; {args.runs} pairs each; {condition}; "
          f"load {os.getloadavg()[0]:.1f}\n")
    # Each binary is run from a copy made now, side by side, removed at the end: the same
    # bytes as the linker's file start up to 0.8 ms sooner from a copy (measured on a 17-step
    # run; the page cache holds the two files' pages alike only once both were written alike).
    base, head = copied(base, scratch / "A-flowsim"), copied(head, scratch / "B-flowsim")
    spinner = None
    try:
        if args.busy:
            spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            time.sleep(0.5)
        table(chosen, base, head, args)
    finally:
        if spinner:
            spinner.kill()
            spinner.wait()
        base.unlink(missing_ok=True)
        head.unlink(missing_ok=True)
    print(f"\nload {os.getloadavg()[0]:.1f}")


def table(chosen, base, head, args):
    """The pairs of each target, a row each."""
    print("| target | A median | B median | B/A (median of pairs) | A peak | B peak |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, argv in chosen.items():
        a_runs, b_runs, ratios = [], [], []
        for i in range(args.runs):
            pair = [(base, a_runs), (head, b_runs)]
            if i % 2:
                pair.reverse()
            for binary, runs in pair:
                time.sleep(args.gap)
                runs.append(once([str(binary)] + argv, ROOT))
            ratios.append(b_runs[-1][0] / a_runs[-1][0])
        med = lambda rs, k: statistics.median(r[k] for r in rs)
        print(f"| {name} | {seconds(med(a_runs, 0))} | {seconds(med(b_runs, 0))} | "
              f"{statistics.median(ratios):.3f} | {med(a_runs, 1):.0f} MB | {med(b_runs, 1):.0f} MB |",
              flush=True)


if __name__ == "__main__":
    main()
