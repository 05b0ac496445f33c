#!/usr/bin/env python3
"""Writes each fuzz target's starting corpus from the repository's own files (fixtures/, the
oracle's generated exports): one directory per target under the directory given.

Usage: python3 tools/fuzz/seeds.py OUT_DIR
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FX = ROOT / "fixtures"


def files(*patterns):
    out = []
    for p in patterns:
        out.extend(sorted(ROOT.glob(p)))
    return [f for f in out if f.is_file()]


def write(out, target, name, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / name).write_bytes(data)


def main():
    out = Path(sys.argv[1])
    archy = files("fixtures/archy/flows/*.yaml", "fixtures/diff/*.yaml",
                  "fixtures/flow-types/flows/*.yaml", "fixtures/live/flows/*.yaml")

    # expr_parse: every `exp:` of the bundled Archy flows, one a file.
    seen = set()
    for f in archy:
        for m in re.finditer(r"exp: *(['\"]?)(.*)\1\s*$", f.read_text(), re.M):
            e = m.group(2).replace("''", "'")
            if e and e not in seen:
                seen.add(e)
                write(out, "expr_parse", f"e{len(seen):04}", e)

    # flow_load: flowsim's JSON flows; the two inbound flows also as one input (NUL-separated).
    for f in files("fixtures/flows/*.json", "fixtures/flows-bench/*.json"):
        write(out, "flow_load", f.name, f.read_bytes())
    pair = [FX / "flows/inbound_flow_a.json", FX / "flows/shared_module.json"]
    write(out, "flow_load", "pair", b"\0".join(p.read_bytes() for p in pair))

    # real_flow_load: Archy YAML and a few exports of each flow type (the oracle's own).
    for f in archy:
        write(out, "real_flow_load", f"{f.parent.name}-{f.name}", f.read_bytes())
    for d in sorted((ROOT / "tools/oracle/data/exports").iterdir()):
        if d.is_dir():
            for f in sorted(d.iterdir())[:4]:
                write(out, "real_flow_load", f"{d.name}-{f.name}", f.read_bytes())

    # inputs_load: the first byte picks the parser (src/fuzzing.rs, `inputs_load`).
    kinds = [
        (0, "fixtures/scenarios/*.yaml", "fixtures/*/*.scenarios.yaml", "fixtures/cassettes/*.scenarios.yaml"),
        (1, "fixtures/scenarios/*.json"),
        (2, "fixtures/data/*.json", "fixtures/archy/data/*.json", "fixtures/live/data/*.json"),
        (3, "fixtures/archy/data/*.yaml", "fixtures/live/data/*.yaml"),
        (4, "fixtures/requests/*.json"),
        (5, "fixtures/cassettes/*.json"),
        (6, "fixtures/executions/*.json"),
        (7, "fixtures/cassettes/replay.yaml"),
    ]
    for byte, *patterns in kinds:
        for f in files(*patterns):
            data = f.read_bytes()
            if byte == 6:
                # One execution document, not the whole list.
                docs = json.loads(data)
                docs = docs if isinstance(docs, list) else [docs]
                data = json.dumps(docs[0]).encode()
            if len(data) <= 65536:
                write(out, "inputs_load", f"{byte}-{f.parent.name}-{f.name}", bytes([byte]) + data)

    # nlu: the bundled bot's domain as JSON, then a few turns.
    try:
        import yaml
        for f in archy:
            text = f.read_text()
            if "settingsNaturalLanguageUnderstanding" not in text:
                continue
            doc = yaml.safe_load(text)
            for flow in doc.values():
                nlu = isinstance(flow, dict) and flow.get("settingsNaturalLanguageUnderstanding")
                if nlu:
                    domain = json.dumps(nlu.get("nluDomainVersion", nlu))
                    turns = "where is my order 12345678\ncancel order\nI want express delivery\nyes"
                    write(out, "nlu", f.name, domain + "\0" + turns)
    except ImportError:
        pass
    write(out, "nlu", "mini", json.dumps({
        "intents": [{"name": "Check Order", "entityNameReferences": ["Order", "When"],
                     "utterances": [{"segments": [{"text": "where is order "},
                                                  {"text": "12345678", "entity": {"name": "Order"}}]}]}],
        "entities": [{"name": "Order", "type": "OrderType"}, {"name": "When", "type": "builtin:datetime"},
                     {"name": "Cost", "type": "builtin:currency"}, {"name": "Size", "type": "Sizes"}],
        "entityTypes": [{"name": "OrderType", "mechanism": {"type": "Regex", "items": [{"value": "\\b[0-9]{8}\\b"}]}},
                        {"name": "Sizes", "mechanism": {"type": "List", "items": [{"value": "large", "synonyms": ["big"]}]}}],
    }) + "\0where is order 12345678 tomorrow\nbig one for $5\nno")

    # rrule: the rules of the fixtures and docs, with the first occurrence's start and end.
    rules = set()
    for f in files("fixtures/**/*.yaml", "fixtures/**/*.json", "docs/fixtures.md"):
        for m in re.finditer(r"\"?rrule\"?: *\"?([A-Za-z0-9=;,:+-]+)", f.read_text()):
            rules.add(m.group(1))
    rules |= {"FREQ=MONTHLY;BYDAY=-1FR;COUNT=12", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
              "FREQ=DAILY;INTERVAL=3;UNTIL=20270101T000000Z", "FREQ=WEEKLY;BYDAY=SA,SU;WKST=MO"}
    for i, r in enumerate(sorted(rules)):
        write(out, "rrule", f"r{i:03}", f"{r}\n2026-01-05T22:00:00\n2026-01-06T06:00:00\nEurope/Paris")

    # org_manifest: the first byte picks the shape (src/fuzzing.rs, `org_manifest`).
    flow = (FX / "archy/flows/acme_main_ivr.yaml").read_bytes()
    for f in files("fixtures/org/*.yaml"):
        write(out, "org_manifest", f.name, b"\0" + f.read_bytes() + b"\0" + flow)
    for f in files("fixtures/org/cx-as-code/*.json"):
        write(out, "org_manifest", f.name, b"\2" + f.read_bytes())
    for f in files("fixtures/data/*.json"):
        write(out, "org_manifest", f"fixture-{f.name}", b"\3" + f.read_bytes())

    # terraform: the bundled CX-as-Code export, and two of it (NUL-separated).
    for f in files("fixtures/org/cx-as-code/*.json"):
        write(out, "terraform", f.name, f.read_bytes())
        write(out, "terraform", f"two-{f.name}", f.read_bytes() + b"\0" + f.read_bytes())

    # cassette: every bundled cassette, and an org recording of a data action with a contract.
    for f in files("fixtures/cassettes/*.json"):
        if f.stat().st_size <= 65536:
            write(out, "cassette", f.name, f.read_bytes())
    sys.path.insert(0, str(ROOT / "tools/hostile"))
    import readers
    write(out, "cassette", "org-contract", readers.org_cassette(2))

    # execution_data: one document of each bundled recording, and modules nested a few deep.
    for f in files("fixtures/executions/*.json"):
        docs = json.loads(f.read_bytes())
        docs = docs if isinstance(docs, list) else [docs]
        if len(json.dumps(docs[0])) <= 65536:
            write(out, "execution_data", f.name, json.dumps(docs[0]))
    write(out, "execution_data", "nested", readers.execution_data(4, depth=4))

    # contract: the export's contracts, and one nested under long names.
    for f in files("fixtures/org/cx-as-code/*.json"):
        for i, m in enumerate(re.finditer(r'"contract_(?:input|output)": (".*?[^\\]")', f.read_text())):
            write(out, "contract", f"{f.stem}-{i}", json.loads(m.group(1)))
    write(out, "contract", "nested", json.dumps(readers.contract_schema(3)))

    # scenario_file: the first byte picks YAML (even) or JSON (odd).
    for f in files("fixtures/scenarios/*.yaml", "fixtures/*/*.scenarios.yaml"):
        write(out, "scenario_file", f.name, b"\0" + f.read_bytes())
    for f in files("fixtures/scenarios/*.json"):
        write(out, "scenario_file", f.name, b"\1" + f.read_bytes())
    # A parametrised scenario (`cases:`), a part snapshot, and Archy's `{{...}}` left alone.
    write(out, "scenario_file", "parametrised", b"\0" + b"""flows: ../flows
scenarios:
  - name: "digit {digit} goes to {queue} in {{env}}"
    flow: Main
    cases:
      - {digit: "1", queue: Sales, n: 5}
      - {digit: "2", queue: Support, n: [1]}
    inputs: ["{digit}"]
    maxSteps: "{n}"
    snapshot: [path, route]
    expect: {route: {queueName: "{queue}"}, variables: {"Flow.{digit}": "{queue}"}}
""")

    # yaml_fast: every YAML file of the repository, as it is.
    for f in files("fixtures/**/*.yaml", "tests/**/*.yaml", "templates/**/*.yaml"):
        write(out, "yaml_fast", f"{f.parent.name}-{f.name}", f.read_bytes())


if __name__ == "__main__":
    main()
