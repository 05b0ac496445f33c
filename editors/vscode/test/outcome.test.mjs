// The Testing view's outcomes (`src/outcome.ts`) read from the real server's answers to
// `flowsim.runScenario`: `flowsim lsp` driven over its stdio by a bare JSON-RPC client, a scenario
// that passes, one whose expectation is wrong (failed, at its line) and a name the file lacks
// (errored). Run by tools/editor/check.sh (`node --test`) against $FLOWSIM.

import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import outcomes from "../out/outcome.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const flowsim = process.env.FLOWSIM ?? path.join(root, "target/debug/flowsim");

/** A `flowsim lsp` process and a request function over its stdio. */
function server(cwd) {
  const child = spawn(flowsim, ["lsp"], { cwd, stdio: ["pipe", "pipe", "ignore"] });
  let buffer = Buffer.alloc(0);
  const waiting = new Map();
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
      buffer = buffer.subarray(end + 4 + length);
      if (message.id !== undefined && waiting.has(message.id) && message.method === undefined) {
        waiting.get(message.id)(message);
        waiting.delete(message.id);
      }
    }
  });
  let id = 0;
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }));
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const request = (method, params) =>
    new Promise((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      send({ id, method, params });
    });
  const notify = (method, params) => send({ method, params });
  return { child, request, notify };
}

test("the server's answers to flowsim.runScenario read as passed, failed at a line, errored", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowsim-outcome-"));
  const file = path.join(dir, "ivr.scenarios.yaml");
  fs.writeFileSync(
    file,
    [
      `flows: ${path.join(root, "fixtures/archy/flows")}`,
      `fixtures: [${path.join(root, "fixtures/archy/data")}]`,
      "scenarios:",
      "  - name: balance",
      "    flow: Acme Main IVR",
      '    context: {startTime: "2026-01-06T15:00:00Z", from: "+15551234567"}',
      '    inputs: ["1", "123456"]',
      "    expect:",
      "      status: disconnected",
      "  - name: balance, expected wrong",
      "    flow: Acme Main IVR",
      '    context: {startTime: "2026-01-06T15:00:00Z", from: "+15551234567"}',
      '    inputs: ["1", "123456"]',
      "    expect:",
      "      status: transferred",
      "",
    ].join("\n"),
  );
  const s = server(dir);
  try {
    await s.request("initialize", { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} });
    s.notify("initialized", {});
    const run = async (name) => {
      const answer = await s.request("workspace/executeCommand", {
        command: "flowsim.runScenario",
        arguments: [pathToFileURL(file).href, name],
      });
      return outcomes.outcomeOf(answer.result ?? answer.error);
    };
    assert.deepEqual(await run("balance"), { kind: "passed" });
    const failed = await run("balance, expected wrong");
    assert.equal(failed.kind, "failed");
    assert.match(failed.message, /transferred/);
    assert.equal(failed.line, 15);
    const errored = await run("no such");
    assert.equal(errored.kind, "errored");
    assert.match(errored.message, /no scenario named `no such`/);
  } finally {
    s.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
