#!/usr/bin/env python3
"""Each request's latency in `flowsim lsp`, over stdio, as an editor sends it.

    python3 tools/editor/latency.py FLOWSIM FLOW.yaml [FLOW.yaml ...] [--rounds N]

For each flow: opens it (the project is the flow's folder), then times each request kind
`--rounds` times at places found in the text (the first action key, the first function called
in an expression, the first `Flow.` variable, the first `target...Ref:` value), and an edit (the
whole text, with and without a misspelt variable) until the server has published that text's
diagnostics. Prints a Markdown table: median and largest, in milliseconds. Wall-clock figures
for BENCHMARKS.md and a closing note; never a test.
"""

import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path


class Server:
    def __init__(self, binary, cwd):
        self.p = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd
        )
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length"):
                length = int(line.split(b":")[1])
        if length is None:
            raise SystemExit("the server closed its output")
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        ident = self.next_id
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        while True:
            m = self.recv()
            if m.get("id") == ident and "method" not in m:
                if "error" in m:
                    raise SystemExit(f"{method}: {m['error']}")
                return m.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        while True:
            m = self.recv()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=30)


def position(text, pattern, group=1):
    """The line and UTF-16 column of `pattern`'s group in `text` (first match), or None."""
    m = re.search(pattern, text, re.M)
    if not m:
        return None
    at = m.start(group)
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    column = len(text[start:at].encode("utf-16-le")) // 2
    return {"line": line, "character": column}


def timed(rounds, call):
    """Median and largest time of `call`, and what it answered the last time, in words."""
    times = []
    answer = None
    for _ in range(rounds):
        t = time.perf_counter()
        answer = call()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times), said(answer)


def said(answer):
    if answer is None:
        return "nothing"
    if isinstance(answer, list):
        return f"{len(answer)} item(s)"
    if isinstance(answer, dict) and "items" in answer:
        return f"{len(answer['items'])} item(s)"
    if isinstance(answer, dict) and "contents" in answer:
        value = answer["contents"]
        value = value.get("value", "") if isinstance(value, dict) else str(value)
        first = value.strip().splitlines()[0] if value.strip() else ""
        return f"hover: {first[:40]}"
    if isinstance(answer, dict) and "uri" in answer:
        return f"line {answer['range']['start']['line'] + 1}"
    return "answered"


def measure(binary, flow, rounds):
    path = Path(flow).resolve()
    text = path.read_text()
    uri = path.as_uri()
    server = Server(binary, path.parent)
    server.request("initialize", {"capabilities": {}, "rootUri": path.parent.as_uri()})
    server.notify("initialized", {})
    doc = {"uri": uri}
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    opened = server.diagnostics(uri)
    rows = []
    places = {
        "hover: an action": position(
            text, r"^\s*- (?!(?:task|menu|state|bot|\w+Variable):)([a-z]\w+):"
        ),
        "hover: a function": position(text, r"exp: *['\"]?.*?\b([A-Z][A-Za-z]+)\("),
        "hover: a variable": position(text, r"\b(Flow\.\w+)"),
        "definition: a reference": position(text, r"target\w+Ref: *['\"]?[^\[\n]*\[([^\]\n]+)\]"),
    }
    for name, at in places.items():
        if at is None:
            continue
        method = "textDocument/hover" if name.startswith("hover") else "textDocument/definition"
        params = {"textDocument": doc, "position": at}
        rows.append((name, *timed(rounds, lambda: server.request(method, params))))
    variable = places["hover: a variable"]
    if variable:
        after_dot = {"line": variable["line"], "character": variable["character"] + len("Flow.")}
        params = {"textDocument": doc, "position": after_dot}
        rows.append(
            ("completion: after `Flow.`", *timed(rounds, lambda: server.request("textDocument/completion", params)))
        )
        params = {"textDocument": doc, "position": variable, "context": {"includeDeclaration": True}}
        rows.append(
            ("references: a variable", *timed(rounds, lambda: server.request("textDocument/references", params)))
        )
    rows.append(
        (
            "document symbols",
            *timed(rounds, lambda: server.request("textDocument/documentSymbol", {"textDocument": doc})),
        )
    )
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": text.count("\n"), "character": 0}}
    params = {"textDocument": doc, "range": whole, "context": {"diagnostics": opened}}
    rows.append(("code actions: the whole file", *timed(rounds, lambda: server.request("textDocument/codeAction", params))))
    variable_text = re.search(r"\bFlow\.(\w+)", text)
    version = [1]

    def edit():
        version[0] += 1
        changed = text
        if variable_text and version[0] % 2 == 0:
            name = variable_text.group(0)
            changed = text.replace(name, name + "x", 1)
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version[0]}, "contentChanges": [{"text": changed}]},
        )
        return server.diagnostics(uri)

    rows.append(("diagnostics after an edit", *timed(rounds, edit)))
    server.close()
    return text.count("\n"), len(opened), rows


def main():
    args = sys.argv[1:]
    rounds = 20
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i : i + 2]
    if len(args) < 2:
        raise SystemExit(__doc__)
    binary, flows = str(Path(args[0]).resolve()), args[1:]
    for flow in flows:
        lines, diagnostics, rows = measure(binary, flow, rounds)
        print(f"\n{Path(flow).name}: {lines} lines, {diagnostics} diagnostics when opened, {rounds} rounds\n")
        print("| request | median ms | largest ms | answer |")
        print("| --- | ---: | ---: | --- |")
        for name, median, largest, answer in rows:
            print(f"| {name} | {median:.1f} | {largest:.1f} | {answer.replace('|', '/')} |")


if __name__ == "__main__":
    main()
