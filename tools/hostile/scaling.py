#!/usr/bin/env python3
"""Each parser and pass at 1x, 10x and 100x the same input shape (with --readers: each reader of
docs/budgets.md's "Readers" at 1x, 2x and 4x a hostile shape of tools/hostile/readers.py), through a flowsim binary under
`/usr/bin/time -v`: CPU seconds (user + system: on a shared machine the wall clock measures the
neighbours) and peak memory, one Markdown row a pass. The whole
process is timed (start-up and the other work of the command included), so small inputs show
the command's fixed cost; what matters is the growth from 10x to 100x.

Usage: python3 tools/hostile/scaling.py BINARY [PASS...]
       python3 tools/hostile/scaling.py BINARY --readers [READER...]
"""
import copy
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from classes import archy_states  # noqa: E402
import readers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FX = ROOT / "fixtures"


def json_chain(n):
    nodes = {}
    for i in range(n):
        nodes[f"N{i}"] = {"type": "Set", "properties": {"setVars": [
            {"key": "Flow.x", "value": {"type": "expression", "value": f'Append(Flow.x, "{i}")'}}]},
            "onComplete": {"nextNode": f"N{i + 1}" if i + 1 < n else "End"}}
    nodes["End"] = {"type": "End"}
    return json.dumps({"id": "chain", "name": "Chain", "type": "inbound",
                       "variables": [{"name": "Flow.x", "type": "string"}],
                       "draft": {"startNode": "N0", "nodes": nodes}})


def export_states(n):
    def sid(i):
        return f"5e000000-0000-4000-8000-{i:012}"

    def aid(i):
        return f"0f5e6a3e-0000-4000-8000-{i:012}"
    states = [{"__type": "State", "id": sid(i), "name": f"S{i}", "startAction": aid(i),
               "actionList": [{"__type": "EndWorkflowAction", "id": aid(i), "name": f"End {i}"}]}
              for i in range(n)]
    return json.dumps({"name": "Many", "type": "WORKFLOW", "initialSequence": sid(0),
                       "errorHandling": {"handlingType": "EndWorkflow"},
                       "flowSequenceItemList": states})


def bot_with_intents(n):
    text = (FX / "archy/flows/order_status_bot.yaml").read_text()
    nlu = text.index("settingsNaturalLanguageUnderstanding:")
    a = text.index("      intents:\n", nlu)
    b = text.index("      entities:\n", nlu)
    intents = ["      intents:\n"]
    for i in range(n):
        intents.append(f"        - name: Intent {i}\n          utterances:\n")
        for u in range(5):
            intents.append(f"            - segments:\n                - text: topic{i} words{u} about thing{i * 7 + u}\n")
    return text[:a] + "".join(intents) + text[b:]


def scenarios(n):
    rows = ["flows: ../flows\nfixtures: [../data]\nscenarios:\n"]
    for i in range(n):
        rows.append(f"  - name: caller {i}\n    flow: Contact_Lookup\n    context: {{from: \"+1555{i:07}\"}}\n"
                    "    expect: {status: completed}\n")
    return "".join(rows)


def cassette(n):
    c = json.loads((FX / "cassettes/emulator.json").read_text())
    first = c["interactions"][0]
    c["interactions"] = []
    for i in range(n):
        x = copy.deepcopy(first)
        x["name"] = f"{first['name']} {i}"
        c["interactions"].append(x)
    return json.dumps(c)


def archy_type_errors(n):
    """An inbound call flow of N decisions, each with a type error `check` places and shows."""
    out = ["inboundCall:\n  name: Typed\n  division: Home\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n"
           "  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n"
           "        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n"]
    for i in range(n):
        out.append(f"          - decision:\n              name: Check {i}\n"
                   f"              condition:\n                exp: Hour({i}) == 3\n")
    out.append("          - disconnect:\n              name: Bye\n")
    return "".join(out)


def export_type_errors(n):
    """A one-line export (as Architect writes them) of N decisions, each with a type error, and N
    actions no path reaches."""
    def aid(i):
        return f"0f5e6a3e-0000-4000-8000-{i:012}"
    actions = [{"__type": "DecisionAction", "id": aid(i), "name": f"Check {i}", "trackingId": i + 1,
                "expression": {"text": f"Hour({i}) == 3", "type": "bool"},
                "paths": [{"outputId": "__YES__", "label": "Yes", "nextActionId": aid(i + 1)},
                          {"outputId": "__NO__", "label": "No", "nextActionId": aid(i + 1)}]}
               for i in range(n)]
    actions.append({"__type": "DisconnectAction", "id": aid(n), "name": "Bye", "trackingId": n + 1})
    # No path leads to these: each is an `unreachableNode` warning shown with its line.
    actions += [{"__type": "DisconnectAction", "id": aid(n + 1 + i), "name": f"Never {i}",
                 "trackingId": n + 2 + i} for i in range(n)]
    return json.dumps({"name": "Typed", "type": "INBOUNDCALL", "initialSequence": "t1",
                       "flowSequenceItemList": [{"__type": "Task", "id": "t1", "name": "Main",
                                                 "startAction": aid(0), "actionList": actions}]},
                      separators=(",", ":"))


def fixtures_json(n):
    return json.dumps({
        "queues": [{"id": f"q{i}", "name": f"Queue {i}"} for i in range(n)],
        "schedules": [{"id": f"s{i}", "name": f"S{i}", "start": "2026-01-05T08:00:00",
                       "end": "2026-01-05T17:00:00", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU;COUNT=500"}
                      for i in range(n)]})


def fixtures_yaml(n):
    return "queues:\n" + "".join(f"  - {{id: q{i}, name: Queue {i}}}\n" for i in range(n))


def passes(d):
    """name -> (what, sizes, make(size) -> args)."""
    def put(rel, text):
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        return str(p)

    trivial = put("trivial/hostile.json", json.dumps({
        "id": "t", "name": "Trivial", "type": "inbound",
        "draft": {"startNode": "End", "nodes": {"End": {"type": "End"}}}}))
    trivial = str(Path(trivial).parent)

    def scen(n):
        s = d / "suite"
        for sub in ("flows", "data"):
            link = s / sub
            if not link.exists():
                s.mkdir(exist_ok=True)
                link.symlink_to(FX / sub)
        return str(s / "scenarios")

    return {
        "expr": ("expression parse (`Append` of N arguments)", [150, 1500, 15000],
                 lambda n: ["expr", "parse", "Append(" + ", ".join(f'"{i}"' for i in range(n)) + ")"]),
        "json-flow": ("JSON flow load and check (N Set nodes)", [100, 1000, 10000],
                      lambda n: ["check", "--flows", put(f"json{n}/chain.json", json_chain(n))]),
        "archy": ("Archy YAML load and check (N states)", [150, 1500, 15000],
                  lambda n: ["check", "--flows", str(Path(put(f"archy{n}/many.yaml", archy_states(n))).parent)]),
        "export": ("export load and check (N states)", [100, 1000, 10000],
                   lambda n: ["check", "--flows", str(Path(put(f"export{n}/many.i3WorkFlow", export_states(n))).parent)]),
        "diags-archy": ("check's diagnostics placed and shown, Archy (N type errors)", [50, 500, 5000],
                        lambda n: ["check", "--flows", str(Path(put(f"diags{n}/typed.yaml", archy_type_errors(n))).parent)]),
        "diags-export": ("check's diagnostics placed and shown, one-line export (N type errors, N unreachable actions)", [50, 500, 5000],
                         lambda n: ["check", "--flows",
                                    str(Path(put(f"diagx{n}/Typed.i3InboundFlow", export_type_errors(n))).parent)]),
        "fixtures-json": ("fixture file, JSON (N queues, N schedules with COUNT)", [100, 1000, 10000],
                          lambda n: ["run", "Trivial", "--flows", trivial, "--fixtures", put(f"fx{n}.json", fixtures_json(n))]),
        "fixtures-yaml": ("fixture file, YAML (N queues)", [100, 1000, 10000],
                          lambda n: ["run", "Trivial", "--flows", trivial, "--fixtures", put(f"fx{n}.yaml", fixtures_yaml(n))]),
        "scenarios": ("scenario file load, runs and coverage (N scenarios)", [10, 100, 1000],
                      lambda n: ["test", put(f"suite/scenarios/s{n}.scenarios.yaml", scenarios(n)) if scen(n) else "",
                                 "--coverage-lcov", str(d / f"cov{n}.lcov")]),
        "cassette": ("cassette load and replay (N interactions)", [10, 100, 1000],
                     lambda n: ["replay", put(f"cassette{n}/c.json", cassette(n)), "--flows", str(FX / "flows"),
                                "--fixtures", str(FX / "data")]),
        "nlu": ("NLU domain load and one classification (N intents of 5 utterances)", [10, 100, 1000],
                lambda n: ["nlu", "Order Status Bot", "topic3 words1 about thing22", "--flows",
                           str(Path(put(f"bot{n}/bot.yaml", bot_with_intents(n))).parent)]),
        "layout": ("graph layout, SVG (N Archy states)", [150, 1500, 15000],
                   lambda n: ["graph", "Many States", "--flows", str(d / f"archy{n}"), "--format", "svg",
                              "--output", str(d / f"g{n}.svg")]),
        "explore": ("explore (N Archy states in a chain)", [150, 1500, 15000],
                    lambda n: ["explore", "Many States", "--flows", str(d / f"archy{n}")]),
    }


def reader_passes(d):
    """name -> (what, sizes, make(size) -> args): each reader on a hostile shape at 1x, 2x, 4x."""
    def put(rel, text):
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        return str(p)

    trivial = put("trivial/hostile.json", json.dumps({
        "id": "t", "name": "Trivial", "type": "inbound",
        "draft": {"startNode": "End", "nodes": {"End": {"type": "End"}}}}))

    def suite(n):
        s = d / f"suite{n}"
        (s / "flows").mkdir(parents=True, exist_ok=True)
        (s / "flows" / "main.json").write_text(json.dumps({
            "id": "main", "name": "Main", "type": "inbound",
            "draft": {"startNode": "End", "nodes": {"End": {"type": "End"}}}}))
        return put(f"suite{n}/s/s.scenarios.yaml", readers.scenario_file(n))

    def execution(n):
        doc = put(f"exec{n}/doc.json", readers.execution_data(n))
        return ["replay", doc, "--flows", str(Path(trivial).parent)]

    return {
        "terraform": ("`org --terraform`: a contract nested 8 deep under long names (refused past the budget)",
                      [1600, 3200, 6400],
                      lambda n: ["org", "--terraform", put(f"tf{n}/deep.tf.json", readers.terraform(n))]),
        "org-cassette": ("`org --cassette`: the same contract in an org recording",
                         [1600, 3200, 6400],
                         lambda n: ["org", "--cassette", put(f"oc{n}/org.json", readers.org_cassette(n))]),
        "fixtures-contract": ("`org --fixtures`: mock outputs nested 8 deep under long names",
                              [1600, 3200, 6400],
                              lambda n: ["org", "--fixtures", put(f"fc{n}/f.json", readers.fixtures_contract(n))]),
        "manifest": ("`check --org`: a manifest of N data actions (30 fields each) and N queues",
                     [2000, 4000, 8000],
                     lambda n: ["check", "--flows", str(Path(trivial).parent), "--org", put(f"m{n}/org.json", readers.manifest(n))]),
        "execution-data": ("`replay`: execution data, 24 nested modules of N recorded values each",
                           [2000, 4000, 8000], execution),
        "scenario-file": ("`test --lint`: a scenario file of N scenarios with long names",
                          [5000, 10000, 20000],
                          lambda n: ["test", suite(n), "--lint"]),
    }


def measure(binary, args):
    p = subprocess.run(["/usr/bin/time", "-v", binary] + args, capture_output=True, timeout=900)
    err = p.stderr.decode("utf-8", "replace")
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    secs = 0.0
    for part in re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", err).group(1).split(":"):
        secs = secs * 60 + float(part)
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", err).group(1)) for k in ("User", "System"))
    code = re.search(r"Exit status: (\d+)", err)
    return cpu, kb, code.group(1) if code else "signal"


def main_readers(binary, only):
    print("| reader | 1x | 2x | 4x | 2x → 4x (CPU) |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        table = reader_passes(Path(tmp))
        for name in [p for p in table if not only or p in only]:
            what, sizes, make = table[name]
            cells = []
            for n in sizes:
                args = make(n)
                inp = sum(Path(a).stat().st_size for a in args if Path(a).is_file())
                secs, kb, code = measure(binary, args)
                cells.append((inp, secs, kb, code))
            text = [f"{i / 1e6:.2f} MB in: {s:.2f} s CPU, {kb / 1024:.0f} MB, exit {c}" for i, s, kb, c in cells]
            growth = cells[2][1] / max(cells[1][1], 0.01)
            print(f"| {what} | " + " | ".join(text) + f" | {growth:.1f}x |", flush=True)


def main():
    binary, *only = sys.argv[1:]
    if only and only[0] == "--readers":
        return main_readers(binary, only[1:])
    print("| pass | 1x | 10x | 100x | 10x → 100x |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        table = passes(d)
        # `layout` and `explore` read what `archy` wrote.
        order = [p for p in table if not only or p in only or (p == "archy" and {"layout", "explore"} & set(only))]
        for name in order:
            what, sizes, make = table[name]
            cells = []
            for n in sizes:
                secs, kb, code = measure(binary, make(n))
                cells.append((secs, kb, code))
            if only and name not in only:
                continue
            text = [f"{n:,}: {s:.2f} s CPU, {kb / 1024:.0f} MB, exit {c}" for n, (s, kb, c) in zip(sizes, cells)]
            growth = cells[2][0] / max(cells[1][0], 0.01)
            print(f"| {what} | " + " | ".join(text) + f" | {growth:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
