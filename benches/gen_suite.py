#!/usr/bin/env python3
"""Writes a generated scenario suite for benchmarks: N scenarios over the bundled flows.

    python3 benches/gen_suite.py 10000 /tmp/suite          # then: flowsim test /tmp/suite
    python3 benches/gen_suite.py 10000 /tmp/archy archy    # the Archy examples instead
    python3 benches/gen_suite.py 10000 /tmp/archy archy yaml   # the same as block-style YAML
    python3 benches/gen_suite.py 10000 /tmp/archy archy mixed  # block YAML, one-line [..] and {..}

Scenarios cycle through the bundled flows' branches, each with real expectations.
"""
import json, os, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
out = sys.argv[2] if len(sys.argv) > 2 else "target/suite-10k"
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.makedirs(out, exist_ok=True)
kinds = [
    ("Inbound_Flow_A", {}, ["1"], {"status": "completed", "route": {"queueId": "q-support"}}),
    ("Inbound_Flow_A", {}, ["2"], {"status": "completed", "route": None}),
    ("Inbound_Flow_B", {}, ["timeout"], {"status": "completed", "visits": ["HandleError"]}),
    ("Contact_Lookup", {"from": "+15551234567"}, [], {"status": "completed", "route": {"queueName": "VIP"}}),
    ("Contact_Lookup", {"from": "5557654321"}, [], {"status": "completed", "visits": ["SayKnown"]}),
    ("Queue_Occupancy_Routing", {"from": "+15551234567"}, ["9", "2"], {"status": "completed", "variables": {"Flow.attempts": 1}}),
    ("Queue_Occupancy_Routing", {"from": "+15551234567"}, ["1"], {"status": "disconnected"}),
]
archy = len(sys.argv) > 3 and sys.argv[3] == "archy"
if archy:
    open_hours = {"startTime": "2026-01-06T15:00:00Z", "from": "+15551234567"}
    kinds = [
        ("Acme Main IVR", open_hours, ["1", "123456"], {"status": "disconnected", "visits": ["Say balance"]}),
        ("Acme Main IVR", open_hours, ["2"], {"status": "transferred", "route": {"queueName": "Support"}}),
        ("Acme Main IVR", open_hours, ["3"], {"route": {"queueName": "VIP"}}),
        ("Acme Main IVR", open_hours, ["8", "9"], {"status": "disconnected"}),
        ("Acme Main IVR", {"startTime": "2026-12-25T15:00:00Z"}, [], {"visits": ["Holiday message"]}),
        ("Callback Retry", {}, [], {"status": "completed", "exitReason": "callback requested"}),
    ]
scenarios = []
for i in range(n):
    flow, ctx, inputs, expect = kinds[i % len(kinds)]
    scenarios.append({"name": f"scenario {i}", "flow": flow, "context": ctx, "inputs": inputs, "expect": expect})
suite = {
    "flows": os.path.join(root, "fixtures/archy/flows" if archy else "fixtures/flows"),
    "fixtures": [os.path.join(root, "fixtures/archy/data" if archy else "fixtures/data")],
    "scenarios": scenarios,
}


def yaml_scalar(v):
    """A scalar as YAML writes it: quoted unless it is a plain word of letters and spaces."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if v and all(c.isalpha() or c == " " for c in v) and v.strip() == v and v not in ("null", "true", "false", "yes", "no"):
        return v
    return "'" + v.replace("'", "''") + "'"


def yaml_lines(v, indent):
    """Block-style YAML of a mapping or list, as people write scenario files."""
    pad = "  " * indent
    lines = []
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                lines.append(f"{pad}{k}:")
                lines.extend(yaml_lines(x, indent + 1))
            else:
                lines.append(f"{pad}{k}: {yaml_scalar(x) if not isinstance(x, (dict, list)) else ('{}' if isinstance(x, dict) else '[]')}")
    else:
        for x in v:
            if isinstance(x, dict) and x:
                inner = yaml_lines(x, indent + 1)
                lines.append(pad + "- " + inner[0].lstrip())
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {yaml_scalar(x)}")
    return lines


def flow(v):
    """A value as a one-line flow collection, scalars as JSON writes them."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    return json.dumps(v)


if len(sys.argv) > 4 and sys.argv[4] == "mixed":
    # As scenario files are often written: block mappings, lists and small mappings on a line.
    lines = [f"flows: {flow(suite['flows'])}", f"fixtures: {flow(suite['fixtures'])}", "scenarios:"]
    for s in suite["scenarios"]:
        for i, (k, v) in enumerate(s.items()):
            lines.append(("  - " if i == 0 else "    ") + f"{k}: {flow(v)}")
    path = os.path.join(out, "generated.scenarios.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
elif len(sys.argv) > 4 and sys.argv[4] == "yaml":
    path = os.path.join(out, "generated.scenarios.yaml")
    with open(path, "w") as f:
        f.write("\n".join(yaml_lines(suite, 0)) + "\n")
else:
    path = os.path.join(out, "generated.scenarios.json")
    with open(path, "w") as f:
        json.dump(suite, f)
print(path)
