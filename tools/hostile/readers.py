#!/usr/bin/env python3
"""Hostile inputs for the readers of data from users and from the cloud's API (docs/budgets.md,
"Readers"): each function takes a size `n` and returns the text of one input of a shape that
costs most where a reader copies prefixes or nests (long names repeated under many children,
deep nesting, many keys). Doubling `n` doubles the input's bytes. Used by scaling.py; the Rust
scaling tests (tests/it/scaling_readers.rs) build the same shapes.

Usage: python3 tools/hostile/readers.py SHAPE N > FILE
"""
import json
import sys

DEPTH = 8


def contract_schema(n, depth=DEPTH):
    """A JSON Schema nested `depth` deep: at each level an object property with a long name
    (25·n bytes) holding n leaf fields and the next level. Architect names the leaves by their
    dotted paths, so each repeats every long name above it."""
    inner = {"type": "object", "properties": {f"leaf{i}": {"type": "string"} for i in range(n)}}
    for level in reversed(range(depth)):
        props = {f"leaf{i}": {"type": "string"} for i in range(n)}
        props[f"level{level}" + "x" * (25 * n)] = inner
        inner = {"type": "object", "properties": props}
    return inner


def terraform(n):
    """A CX-as-Code export (Terraform JSON) of one data action whose output contract is
    `contract_schema(n)`, kept as a JSON string as the export keeps it."""
    return json.dumps({"resource": {"genesyscloud_integration_action": {"Deep": {
        "name": "Deep", "category": "Hostile",
        "contract_input": json.dumps({"type": "object", "properties": {"id": {"type": "string"}}}),
        "contract_output": json.dumps(contract_schema(n), separators=(",", ":")),
    }}}})


def org_cassette(n):
    """An org recording (`flowsim record --org`) of one data action whose contract's success
    schema is `contract_schema(n)`."""
    def get(path, body):
        return {"request": {"method": "GET", "path": path},
                "response": {"status": 200, "body": body}, "recordedAt": "2026-01-01T00:00:00Z"}
    action = {"id": "a1", "name": "Deep", "category": "Hostile"}
    return json.dumps({"formatVersion": 1, "baseUrl": "https://api.example.com", "interactions": [
        get("/api/v2/integrations/actions", {"entities": [action], "pageNumber": 1, "pageCount": 1}),
        get("/api/v2/integrations/actions/a1", dict(action, contract={
            "input": {"inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}}},
            "output": {"successSchema": contract_schema(n)}})),
    ]}, separators=(",", ":"))


def mock_outputs(n, depth=DEPTH):
    """Fixture data action outputs nested `depth` deep: at each level a long key (25·n bytes)
    whose value holds n leaves, the next level and a list of n objects (each flattened under
    the same name)."""
    inner = {f"leaf{i}": "v" for i in range(n)}
    for level in reversed(range(depth)):
        value = {f"leaf{i}": "v" for i in range(n)}
        value[f"level{level}" + "x" * (25 * n)] = inner
        value["items"] = [{"k": i} for i in range(n)]
        inner = value
    return inner


def fixtures_contract(n):
    """A fixture file with one mocked data action answering `mock_outputs(n)`."""
    return json.dumps({"dataActions": [{"name": "Deep", "responses": [
        {"match": {"id": "1"}, "outputs": mock_outputs(n)}]}]}, separators=(",", ":"))


def manifest(n):
    """An org manifest of n data actions, each with a long name and 30 fields a side."""
    actions = [{"name": f"Action {i} " + "x" * 100, "inputs": {f"in{j}": "string" for j in range(30)},
                "outputs": {f"out{j}.deep.path": "string" for j in range(30)}} for i in range(n)]
    return json.dumps({"org": "Hostile", "dataActions": actions, "queues": [f"Queue {i}" for i in range(n)]})


def execution_data(n, depth=24):
    """A flow execution data document of common modules nested `depth` deep, each level's
    action carrying n recorded variables (its payload) and n/8 turns."""
    inner = [{"actionDisconnect": {"actionId": "end", "actionName": "Bye"}}]
    for level in reversed(range(depth)):
        inner = [
            {"actionCallCommonModule": {
                "actionId": f"m{level}", "actionName": f"Module {level}",
                "inputData": {"commonModule": {"flowId": f"cm{level}", "flowName": f"Module {level}"},
                              **{f"var{i}": "x" * 20 for i in range(n)}},
                "execution": [{"turn": {"fromParticipant": {"audio": {"dtmf": {"value": "1"}}}}}
                              for _ in range(max(n // 8, 1))] + inner}}]
    return json.dumps({"flow": {"flowId": "f1", "flowName": "Main", "flowType": "inboundcall",
                                "execution": [{"startedFlow": {"variables": []}}] + inner +
                                [{"endedFlow": {"flowExitReason": "DISCONNECT"}}]}},
                      separators=(",", ":"))


def scenario_file(n):
    """A scenario file of n scenarios with long names, many inputs and mocks."""
    rows = ["flows: ../flows\nscenarios:\n"]
    for i in range(n):
        rows.append(f"  - name: scenario {i} {'y' * 200}\n    flow: Main\n"
                    f"    inputs: [{', '.join(repr(str(j % 10)) for j in range(20))}]\n"
                    "    expect: {status: completed}\n")
    return "".join(rows)


SHAPES = {
    "terraform": terraform,
    "org-cassette": org_cassette,
    "fixtures-contract": fixtures_contract,
    "manifest": manifest,
    "execution-data": execution_data,
    "scenario-file": scenario_file,
}


if __name__ == "__main__":
    sys.stdout.write(SHAPES[sys.argv[1]](int(sys.argv[2])))
