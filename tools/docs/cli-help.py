#!/usr/bin/env python3
"""Rewrites every `$ flowsim ... --help` console block of docs/cli.md with what the binary prints.

Run after changing a command's flags: `cargo build && python3 tools/docs/cli-help.py`
(or pass the binary: `python3 tools/docs/cli-help.py target/release/flowsim`). The docs tests
(tests/it/readme.rs) fail until the page matches the binary.
"""
import re
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parents[2]
binary = sys.argv[1] if len(sys.argv) > 1 else str(root / "target/debug/flowsim")
page = root / "docs/cli.md"
text = page.read_text()

block = re.compile(r"```console\n\$ flowsim ((?:[a-z-]+ )*)--help\n(.*?)```\n", re.S)


def fresh(m):
    args = m.group(1).split() + ["--help"]
    out = subprocess.run([binary, *args], capture_output=True, text=True, check=True).stdout
    # trycmd reads the line before the fence as the output's last, empty line.
    return f"```console\n$ flowsim {m.group(1)}--help\n{out}\n```\n"


page.write_text(block.sub(fresh, text))
