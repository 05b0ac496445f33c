#!/usr/bin/env python3
"""The stated `rust-version` holds for the locked tree.

Every package in Cargo.lock (all platforms, dev-dependencies too) may state the oldest Rust it
builds with (`rust-version`); `cargo install --locked` fails on a toolchain older than the
newest of them. So each workspace member's `rust-version` (Cargo.toml's `[package]` and
`[workspace.package]`) must be at least that newest need: this check fails, naming each
package that needs more, when a `cargo update` or a new dependency raises it.

It reads `cargo metadata --locked` (run by .ci/run; offline once the registry cache holds the
locked packages: `cargo fetch --locked`). Packages that state no `rust-version` cannot be
checked and are counted. Whether flowsim's own code builds on that toolchain is clippy's
`incompatible_msrv` lint (std APIs newer than `rust-version`), run by .ci/run.
"""
import json
import subprocess
import sys
from pathlib import Path


def version(text):
    """`1.88` and `1.88.0` alike, as a tuple that compares."""
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        ["cargo", "metadata", "--locked", "--format-version", "1"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
    meta = json.loads(out)
    members = set(meta["workspace_members"])
    needs = []
    unstated = 0
    stated = []
    for p in meta["packages"]:
        if p["id"] in members:
            stated.append((p["name"], p["rust_version"]))
        elif p["rust_version"]:
            needs.append((version(p["rust_version"]), p["name"], p["version"], p["rust_version"]))
        else:
            unstated += 1
    needs.sort(reverse=True)
    newest = needs[0]
    failures = []
    by_version = {}
    for name, rv in sorted(stated):
        by_version.setdefault(rv, []).append(name)
    for rv, names in sorted(by_version.items(), key=lambda kv: str(kv[0])):
        crates = ", ".join(names)
        if rv is None:
            failures.append(f"{crates} state no rust-version; the locked tree needs {newest[3]}")
            continue
        over = [n for n in needs if n[0] > version(rv)]
        if over:
            listed = ", ".join(f"{n[1]} {n[2]} ({n[3]})" for n in over)
            failures.append(f"{crates} state rust-version {rv}, but the locked tree needs more: {listed}")
    if failures:
        for f in failures:
            print(f"error: {f}", file=sys.stderr)
        print(
            f'   = help: set rust-version = "{newest[3]}" in Cargo.toml ([package] and '
            "[workspace.package]), or lock older versions of those packages",
            file=sys.stderr,
        )
        return 1
    print(
        f"msrv: rust-version holds for {len(stated)} workspace crates; the newest need of "
        f"{len(needs)} locked packages is {newest[1]} {newest[2]} ({newest[3]}); "
        f"{unstated} state none"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
