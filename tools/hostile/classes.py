#!/usr/bin/env python3
"""Each hostile class of docs/budgets.md, generated here and run through a flowsim binary under
`/usr/bin/time -v`: exit code (or the signal), wall-clock and CPU seconds and peak memory, one Markdown
row a class. BENCHMARKS.md's table "Hostile classes, before and after" comes from it.

Usage: python3 tools/hostile/classes.py BINARY [--timeout SECONDS] [CLASS...]
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loop_flow(init, grow, n, extra_init=()):
    """The seeds' JSON flow of tests/it/hostile_engine.rs: Init, then Grow until Flow.i = n."""
    sets = [{"key": k, "value": {"type": "expression", "value": v}} for k, v in grow]
    sets.append({"key": "Flow.i", "value": {"type": "expression", "value": "Flow.i + 1"}})
    init_vars = [{"key": "Flow.i", "value": {"type": "expression", "value": "0"}}]
    init_vars += [{"key": k, "value": {"type": "expression", "value": v}} for k, v in extra_init]
    init_vars.append({"key": "Flow.j", "value": {"type": "expression", "value": init}})
    return json.dumps({
        "id": "hostile", "name": "Hostile", "type": "inbound",
        "draft": {"startNode": "Init", "nodes": {
            "Init": {"type": "Set", "properties": {"setVars": init_vars}, "onComplete": {"nextNode": "Loop"}},
            "Loop": {"type": "If", "properties": {
                "conditions": [{"expression": f"Flow.i >= {n}", "nextNode": "Done"}],
                "defaultNextNode": "Grow"}},
            "Grow": {"type": "Set", "properties": {"setVars": sets}, "onComplete": {"nextNode": "Loop"}},
            "Done": {"type": "End"},
        }}})


def string_work(d, as_list):
    grow_k = ("Flow.k", "If(Length(Flow.k) < 8000000, Append(Flow.k, Flow.k), Flow.k)")
    j = ("AddItem(Flow.j, Append(Flow.k, Flow.k, Flow.k, ToString(Flow.i)))" if as_list
         else "Append(Flow.k, Flow.k, Flow.k, ToString(Flow.i))")
    init = 'MakeList("")' if as_list else '""'
    (d / "hostile.json").write_text(loop_flow(init, [grow_k, ("Flow.j", j)], 300,
                                              [("Flow.k", '"0123456789abcdef"')]))
    return ["run", "Hostile", "--flows", str(d), "--max-steps", "1000", "--format", "json"]


def archy_states(n):
    out = ["workflow:\n  name: Many States\n  division: Home\n  startUpRef: \"/workflow/states/state[S_0]\"\n"
           "  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      none: true\n"
           "  settingsErrorHandling:\n    errorHandling:\n      endWorkflow:\n        none: true\n  states:\n"]
    for i in range(n):
        out.append(f"    - state:\n        name: S{i}\n        refId: S_{i}\n        actions:\n")
        if i + 1 < n:
            out.append(f"          - changeState:\n              name: Go {i}\n"
                       f"              targetStateRef: \"/workflow/states/state[S_{i + 1}]\"\n")
        else:
            out.append("          - endWorkflow:\n              name: End\n              exitReason:\n                lit: done\n")
    return "".join(out)


def classes(d):
    """name -> (description, args); each writes its input under `d`."""
    def c_string_work():
        return string_work(d, False)

    def c_string_list():
        return string_work(d, True)

    def c_placeholders():
        holes = d / "holes"
        holes.mkdir()
        keys = "".join(f"{{{{k{i}}}}}" for i in range(400_000))
        (holes / "holes.yaml").write_text(
            "inboundCall:\n  name: Holes\n  division: Home\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n"
            f"  defaultLanguage: en-us\n  description: \"{keys}\"\n  supportedLanguages:\n    en-us:\n"
            "      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n"
            "        refId: T_1\n        actions:\n          - disconnect:\n              name: Bye\n")
        return ["check", "--flows", str(holes)]

    def c_long_name():
        (d / "hostile.json").write_text(loop_flow('""', [], 1))
        return ["run", "N" * 100_000, "--flows", str(d)]

    def c_graph():
        g = d / "graph"
        g.mkdir()
        (g / "many.yaml").write_text(archy_states(150_000))
        return ["graph", "Many States", "--flows", str(g), "--format", "svg", "--output", str(d / "g.svg")]

    def c_rrule_count():
        sch = [{"id": f"s{i}", "name": f"S{i}", "start": "2026-01-05T08:00:00", "end": "2026-01-05T17:00:00",
                "rrule": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=10000"} for i in range(100_000)]
        (d / "schedules.json").write_text(json.dumps({"schedules": sch}))
        flows = d / "flows"
        flows.mkdir()
        (flows / "hostile.json").write_text(loop_flow('""', [], 1))
        return ["run", "Hostile", "--flows", str(flows), "--fixtures", str(d / "schedules.json")]

    def c_nlu_regex():
        bot = d / "bot"
        bot.mkdir()
        text = (ROOT / "fixtures/archy/flows/order_status_bot.yaml").read_text()
        # 200 patterns of 3.5 KB, and short ones whose automaton is huge.
        long = "(?:a|b)" * 500
        items = [f'              - value: "{long}"\n' for _ in range(200)]
        items.append('              - value: "\\\\w{1000}"\n')
        items.append('              - value: "(?:\\\\w{100}){100}"\n')
        text = text.replace('              - value: "\\\\b[0-9]{8}\\\\b"\n', "".join(items))
        (bot / "bot.yaml").write_text(text)
        return ["check", "--flows", str(bot)]

    def c_nlu_short():
        bot = d / "bot"
        bot.mkdir()
        text = (ROOT / "fixtures/archy/flows/order_status_bot.yaml").read_text()
        # 200 patterns of under 20 bytes, each a huge automaton.
        items = [f'              - value: "(?:\\\\w{{{100 + i}}}){{100}}"\n' for i in range(199)]
        text = text.replace('              - value: "\\\\b[0-9]{8}\\\\b"\n', "".join(items))
        (bot / "bot.yaml").write_text(text)
        return ["check", "--flows", str(bot)]

    def c_deep_yaml():
        depth = 200_000
        (d / "deep.scenarios.yaml").write_text("scenarios: " + "[" * depth + "]" * depth + "\n")
        return ["test", str(d / "deep.scenarios.yaml")]

    def c_dup_guid():
        end = lambda i: {"__type": "EndWorkflowAction", "id": i, "name": f"End {i}"}
        a1 = "0f5e6a3e-0000-4000-8000-000000000001"
        s1 = "5e000000-0000-4000-8000-000000000001"
        export = {"name": "Dup", "type": "WORKFLOW", "initialSequence": s1,
                  "errorHandling": {"handlingType": "EndWorkflow"},
                  "flowSequenceItemList": [
                      {"__type": "State", "id": s1, "name": "One", "startAction": a1, "actionList": [end(a1), end(a1)]},
                      {"__type": "State", "id": s1, "name": "Two", "startAction": "0f5e6a3e-0000-4000-8000-000000000004",
                       "actionList": [end("0f5e6a3e-0000-4000-8000-000000000004")]}]}
        dup = d / "dup"
        dup.mkdir()
        (dup / "dup.i3WorkFlow").write_text(json.dumps(export))
        return ["check", "--flows", str(dup)]

    return {
        "string-work": ("25 MiB of string work a step, 300 steps", c_string_work),
        "string-list": ("a list of 300 distinct 25 MiB strings", c_string_list),
        "placeholders": ("400,000 missing `{{k}}` placeholders in one Archy file", c_placeholders),
        "long-name": ("a 100 KB flow name", c_long_name),
        "graph": ("150,000 Archy states, drawn as SVG", c_graph),
        "rrule-count": ("100,000 schedules with COUNT=10000 (sparse)", c_rrule_count),
        "nlu-regex": ("a bot domain: 200 regexes of 3.5 KB, `\\w{1000}`, `(?:\\w{100}){100}`", c_nlu_regex),
        "nlu-short": ("a bot domain: 200 regexes of under 20 bytes, `(?:\\w{100}){100}` and the like", c_nlu_short),
        "deep-yaml": ("a scenario file nested 200,000 levels deep", c_deep_yaml),
        "dup-guid": ("an export whose two states and two actions share ids", c_dup_guid),
    }


def measure(binary, args, timeout):
    cmd = ["/usr/bin/time", "-v", binary] + args
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        err = p.stderr.decode("utf-8", "replace")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        w = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", err)
        sig = re.search(r"Command terminated by signal (\d+)", err)
        secs = 0.0
        for part in w.group(1).split(":"):
            secs = secs * 60 + float(part)
        cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", err).group(1)) for k in ("User", "System"))
        exit_ = f"signal {sig.group(1)}" if sig else str(re.search(r"Exit status: (\d+)", err).group(1))
        out = p.stdout.decode("utf-8", "replace")
        # What flowsim wrote to stderr, without time's report (tab-indented, after its own).
        own = "\n".join(l for l in err.splitlines()
                        if not l.startswith("\t") and not l.startswith("Command "))
        status = re.search(r'"status":\s*"(\w+)"', out[:100000] + out[-2000:])
        first = next((l for l in (own + "\n" + out).splitlines()
                      if re.match(r"(error|warning)\[|status|\s*error", l)), "")
        note = f"status `{status.group(1)}`" if status else first[:100].replace("|", "\\|")
        return f"{secs:.1f} s ({cpu:.1f} s CPU), {int(m.group(1)) / 1024:.0f} MB, exit {exit_}", note, len(out) + len(own)
    except subprocess.TimeoutExpired:
        return f"killed at {timeout} s", "", 0


def main():
    argv = sys.argv[1:]
    binary = argv.pop(0)
    timeout = 600
    if argv and argv[0] == "--timeout":
        timeout = int(argv[1])
        argv = argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        table = classes(Path(tmp))
        for name in argv or list(table):
            d = Path(tmp) / name
            d.mkdir()
            desc, make = classes(d)[name]
            args = make()
            figure, note, size = measure(binary, args, timeout)
            print(f"| {desc} | `{name}` | {figure} | {note} | {size} bytes out |", flush=True)


if __name__ == "__main__":
    main()
