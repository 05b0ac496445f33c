#!/usr/bin/env python3
"""Per-request latency of `flowsim dap` sessions, through the real binary's stdio: a session on
the largest bundled flow (the Acme IVR, `fixtures/archy/flows/acme_main_ivr.yaml`, with its
reusable tasks and common module: a scenario of `fixtures/scenarios/acme-ivr.scenarios.yaml`)
and a session of a recorded execution (`fixtures/executions/production.json` #1), each request
by request, RUNS times. A request's latency runs from its message written to its response read,
and for a motion (`configurationDone`, `next`, `stepIn`, `stepOut`, `continue`, `stepBack`,
`reverseContinue`, `restart`) on to the `stopped` or `terminated` event it causes, since that is
when the editor shows the new place. Prints each command's count, median and slowest, in
milliseconds; no figure is asserted. Standard library only. Run from the repository's root:

  python3 tools/bench/dap_latency.py target/release/flowsim [RUNS]
"""
import json
import os
import statistics
import subprocess
import sys
import time

MOTIONS = {"configurationDone", "next", "stepIn", "stepOut", "continue", "stepBack",
           "reverseContinue", "restart"}
FLOW = os.path.realpath("fixtures/archy/flows/acme_main_ivr.yaml")


def action_line(name):
    """The 1-based line of the key of the action whose `name:` is `name`."""
    with open(FLOW, encoding="utf-8") as f:
        lines = f.read().split("\n")
    return next(i for i, l in enumerate(lines) if l.strip() == f"name: {name}")


class Session:
    def __init__(self, binary, times):
        self.p = subprocess.Popen([binary, "dap"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.seq = 0
        self.times = times

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("flowsim dap ended its output")
            line = line.strip()
            if not line:
                break
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, command, arguments=None):
        self.seq += 1
        body = json.dumps({"seq": self.seq, "type": "request", "command": command,
                           "arguments": arguments or {}}).encode()
        start = time.perf_counter()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()
        response, stop = None, command not in MOTIONS
        while response is None or not stop:
            m = self.read()
            if m["type"] == "response" and m["request_seq"] == self.seq:
                response = m
                stop = stop or not m["success"]
            elif m.get("event") in ("stopped", "terminated"):
                stop = True
        self.times.setdefault(command, []).append((time.perf_counter() - start) * 1000)
        if not response["success"]:
            raise RuntimeError(f"{command}: {response.get('message')}")
        return response.get("body") or {}

    def inspect(self):
        """What an editor asks at each stop: threads, the stack, the scopes and their variables."""
        self.request("threads")
        self.request("stackTrace", {"threadId": 1})
        for s in self.request("scopes", {"frameId": 1})["scopes"]:
            self.request("variables", {"variablesReference": s["variablesReference"]})

    def close(self):
        self.request("disconnect")
        self.p.stdin.close()
        self.p.wait()


def scenario_session(binary, times):
    s = Session(binary, times)
    s.request("initialize", {"adapterID": "flowsim", "linesStartAt1": True})
    s.request("launch", {"scenarioFile": "fixtures/scenarios/acme-ivr.scenarios.yaml",
                         "scenario": "open hours, balance of a known account"})
    s.request("setBreakpoints", {"source": {"path": FLOW},
                                 "breakpoints": [{"line": action_line("Get balance")}]})
    s.request("setFunctionBreakpoints", {"breakpoints": [{"name": "Say goodbye"}]})
    s.request("setExceptionBreakpoints", {"filters": ["errors", "errorHandling"]})
    s.request("configurationDone")
    s.inspect()
    s.request("evaluate", {"expression": "Flow.accountNumber + \"!\"", "frameId": 1, "context": "watch"})
    s.request("next", {"threadId": 1})
    s.inspect()
    s.request("stepBack", {"threadId": 1})
    s.inspect()
    s.request("continue", {"threadId": 1})
    s.inspect()
    s.request("stepIn", {"threadId": 1})
    s.inspect()
    s.request("stepOut", {"threadId": 1})
    s.request("reverseContinue", {"threadId": 1})
    s.request("restart")
    s.request("continue", {"threadId": 1})
    s.request("continue", {"threadId": 1})
    s.close()


def recording_session(binary, times):
    s = Session(binary, times)
    s.request("initialize", {"adapterID": "flowsim", "linesStartAt1": True})
    s.request("launch", {"execution": "fixtures/executions/production.json", "recording": "#1",
                         "flows": "fixtures/archy/flows", "fixtures": "fixtures/archy/data"})
    s.request("setFunctionBreakpoints", {"breakpoints": [{"name": "recorded: actionCallData"}]})
    s.request("setExceptionBreakpoints", {"filters": ["errors", "divergence"]})
    s.request("configurationDone")
    s.inspect()
    s.request("next", {"threadId": 1})
    s.inspect()
    s.request("stepBack", {"threadId": 1})
    s.request("continue", {"threadId": 1})
    s.close()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    for name, session in [("scenario session", scenario_session),
                          ("recorded execution session", recording_session)]:
        times = {}
        for _ in range(runs):
            session(binary, times)
        every = [t for ts in times.values() for t in ts]
        print(f"{name}: {runs} runs, {len(every)} requests; median {statistics.median(every):.2f} ms, "
              f"slowest {max(every):.2f} ms")
        print(f"  {'request':<24}{'count':>7}{'median ms':>12}{'slowest ms':>12}")
        for command, ts in sorted(times.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"  {command:<24}{len(ts):>7}{statistics.median(ts):>12.2f}{max(ts):>12.2f}")


if __name__ == "__main__":
    main()
