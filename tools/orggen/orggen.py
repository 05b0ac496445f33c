#!/usr/bin/env python3
"""Writes a generated org for the org-scale benchmarks (BENCHMARKS.md, "An org's scale"):
flows of real size and shape, the scenarios of a suite over them, and recorded executions.

    python3 tools/orggen/orggen.py OUT --flows 1000 --scenarios 100000 --executions 1000000

- OUT/flows/: the bundled Archy examples (fixtures/archy/flows: an IVR with menus, tasks and a
  common module call, the module, a workflow, a messaging flow and the bot it calls), copied in
  groups of five with every flow's name suffixed by its group (`Acme Main IVR G0007` calls
  `Customer Lookup G0007`), until --flows flows are written.
- OUT/org.scenarios.json: --scenarios scenarios cycling through the groups and through the
  branches of the examples, each with real expectations (benches/gen_suite.py's kinds).
- OUT/executions.ndjson: --executions execution documents, JSON lines, the bundled production
  recordings that replay as recorded (fixtures/executions/production.json), each with its own
  ids and its group's flow name.

The corpus is never copied: only the bundled examples' shapes. Deterministic: the same
arguments write the same bytes.
"""
import argparse, json, os, re

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NAMES = ["Acme Main IVR", "Callback Retry", "Customer Lookup", "Order Messages", "Order Status Bot"]
OPEN = {"startTime": "2026-01-06T15:00:00Z", "from": "+15551234567"}
KINDS = [
    ("Acme Main IVR", OPEN, ["1", "123456"], {"status": "disconnected", "visits": ["Say balance"]}),
    ("Acme Main IVR", OPEN, ["2"], {"status": "transferred", "route": {"queueName": "Support"}}),
    ("Acme Main IVR", OPEN, ["3"], {"route": {"queueName": "VIP"}}),
    ("Acme Main IVR", OPEN, ["8", "9"], {"status": "disconnected"}),
    ("Acme Main IVR", {"startTime": "2026-12-25T15:00:00Z"}, [], {"visits": ["Holiday message"]}),
    ("Callback Retry", {}, [], {"status": "completed", "exitReason": "callback requested"}),
]


def renamed(text, group):
    pattern = re.compile("|".join(re.escape(n) for n in NAMES))
    return pattern.sub(lambda m: f"{m.group(0)} G{group:04}", text)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--flows", type=int, default=1000)
    p.add_argument("--scenarios", type=int, default=100000)
    p.add_argument("--executions", type=int, default=0)
    a = p.parse_args()
    examples = os.path.join(root, "fixtures/archy/flows")
    files = sorted(f for f in os.listdir(examples) if f.endswith(".yaml"))
    texts = {f: open(os.path.join(examples, f)).read() for f in files}
    flows_dir = os.path.join(a.out, "flows")
    os.makedirs(flows_dir, exist_ok=True)
    groups = max(1, -(-a.flows // len(files)))
    written = 0
    for g in range(groups):
        for f in files:
            if written == a.flows:
                break
            name = f"g{g:04}_{f}"
            with open(os.path.join(flows_dir, name), "w") as out:
                out.write(renamed(texts[f], g))
            written += 1
    # Only whole groups have every flow a scenario's flow calls.
    whole = max(1, a.flows // len(files))
    scenarios = []
    for i in range(a.scenarios):
        flow, ctx, inputs, expect = KINDS[i % len(KINDS)]
        g = (i // len(KINDS)) % whole
        scenarios.append({"name": f"scenario {i}", "flow": f"{flow} G{g:04}", "context": ctx,
                          "inputs": inputs, "expect": expect})
    if scenarios:
        suite = {"flows": "flows", "fixtures": [os.path.join(root, "fixtures/archy/data")],
                 "scenarios": scenarios}
        with open(os.path.join(a.out, "org.scenarios.json"), "w") as out:
            json.dump(suite, out, indent=1)
    if a.executions:
        docs = json.load(open(os.path.join(root, "fixtures/executions/production.json")))
        docs = [d for d in docs if d["flow"]["conversationId"] != "8f1c2d3e-1111-4a1b-9c2d-000000000103"]
        with open(os.path.join(a.out, "executions.ndjson"), "w") as out:
            for i in range(a.executions):
                d = json.loads(json.dumps(docs[i % len(docs)]))
                g = (i // len(docs)) % whole
                d["flow"]["conversationId"] = f"00000000-0000-4000-8000-{i:012}"
                d["flow"]["executionId"] = f"10000000-0000-4000-8000-{i:012}"
                d["flow"]["flowName"] = f"{d['flow']['flowName']} G{g:04}"
                out.write(json.dumps(d, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
