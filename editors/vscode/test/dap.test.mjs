// `flowsim dap` driven by `@vscode/debugadapter-testsupport`'s DebugClient: the client VS Code's
// own debug adapters are tested with, speaking the protocol as the editor does (`initialize`,
// then `launch` while the `initialized` event's breakpoints and `configurationDone` go their
// way). Run by tools/editor/check.sh (`node --test`) against the binary in $FLOWSIM (default:
// target/debug/flowsim), on the bundled Acme IVR and its scenarios.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import testsupport from "@vscode/debugadapter-testsupport";
// The extension's own launches (compiled by `npm run compile` before this runs).
import launches from "../out/launch.js";

const { DebugClient } = testsupport;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const flowsim = process.env.FLOWSIM ?? path.join(root, "target/debug/flowsim");
const flowFile = fs.realpathSync(path.join(root, "fixtures/archy/flows/acme_main_ivr.yaml"));
const scenario = {
  cwd: root,
  scenarioFile: "fixtures/scenarios/acme-ivr.scenarios.yaml",
  scenario: "open hours, balance of a known account",
};

/** The 1-based line of the key of the action whose `name:` is `name` (the line above it). */
function actionLine(name) {
  const lines = fs.readFileSync(flowFile, "utf8").split("\n");
  const at = lines.findIndex((l) => l.trim() === `name: ${name}`);
  assert.ok(at > 0, `no action ${name}`);
  return at;
}

/** A client of a new `flowsim dap` process. */
async function start() {
  const dc = new DebugClient(flowsim, "dap", "flowsim", { cwd: root });
  dc.defaultTimeout = 30000;
  await dc.start();
  return dc;
}

/**
 * Sends `command` and returns the frames at the `stopped` event it causes, its reason checked.
 * The event is waited for before the request goes: it may come in the same read as the
 * response, before the response's promise settles.
 */
async function motion(dc, command, reason) {
  const [stopped] = await Promise.all([
    dc.waitForEvent("stopped"),
    dc.send(command, { threadId: 1 }),
  ]);
  assert.equal(stopped.body.reason, reason);
  const stack = await dc.stackTraceRequest({ threadId: stopped.body.threadId });
  return stack.body.stackFrames;
}

/** `scope`'s variables as `name = value`. */
async function scope(dc, name) {
  const scopes = await dc.scopesRequest({ frameId: 1 });
  const found = scopes.body.scopes.find((s) => s.name === name);
  assert.ok(found, `no scope ${name}`);
  const vars = await dc.variablesRequest({ variablesReference: found.variablesReference });
  return vars.body.variables.map((v) => `${v.name} = ${v.value}`);
}

async function evaluate(dc, expression) {
  return (await dc.evaluateRequest({ expression, frameId: 1, context: "watch" })).body.result;
}

test("a breakpoint on the data action's line stops there; next, stepBack, continue to the end", async () => {
  const dc = await start();
  try {
    const getBalance = actionLine("Get balance");
    // The breakpoint is set in the YAML, on the action's line, as the editor's gutter sets it.
    await dc.hitBreakpoint(scenario, { path: flowFile, line: getBalance });
    const stack = await dc.stackTraceRequest({ threadId: 1 });
    const top = stack.body.stackFrames[0];
    assert.match(top.name, /Get balance \[callData\]/);
    assert.equal(top.source.path, flowFile);
    assert.ok((await scope(dc, "Flow")).includes('Flow.accountNumber = "123456"'));
    assert.ok((await scope(dc, "Task")).includes("Task.balance = NOT_SET"));
    assert.equal(await evaluate(dc, 'Flow.accountNumber + "!"'), '"123456!"');
    await assert.rejects(evaluate(dc, "Flow.accountNumber +"), /error\[syntax\]/);

    let frames = await motion(dc, "next", "step");
    assert.equal(frames[0].line, actionLine("Say balance"));
    assert.equal(await evaluate(dc, "Task.balance"), "1250.5");

    frames = await motion(dc, "stepBack", "breakpoint");
    assert.equal(frames[0].line, getBalance);
    assert.equal(await evaluate(dc, "Task.balance"), "NOT_SET");

    const [exited] = await Promise.all([
      dc.waitForEvent("exited"),
      dc.waitForEvent("terminated"),
      dc.continueRequest({ threadId: 1 }),
    ]);
    assert.equal(exited.body.exitCode, 0);
  } finally {
    await dc.stop();
  }
});

test("stepIn enters a reusable task, stepOut leaves it; a function breakpoint by name", async () => {
  const dc = await start();
  try {
    const goodbye = actionLine("Say goodbye");
    await Promise.all([
      dc.waitForEvent("initialized").then(async () => {
        const set = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: "Say goodbye" }] });
        assert.equal(set.body.breakpoints[0].verified, true);
        assert.equal(set.body.breakpoints[0].line, goodbye);
        return dc.configurationDoneRequest();
      }),
      dc.launch(scenario),
      dc.assertStoppedLocation("breakpoint", { path: flowFile, line: goodbye }),
    ]);
    let frames = await motion(dc, "stepIn", "step");
    assert.equal(frames.length, 2, "the task's frame over its call's");
    assert.equal(frames[0].line, actionLine("Thanks"));
    assert.equal(frames[1].line, goodbye);
    frames = await motion(dc, "stepOut", "step");
    assert.equal(frames.length, 1);
    assert.equal(frames[0].line, actionLine("Done"));
  } finally {
    await dc.stop();
  }
});

test("a launch of a scenario the file lacks is refused with the nearest name", async () => {
  const dc = await start();
  try {
    await assert.rejects(
      dc.launch({ ...scenario, scenario: "open hours, balance of a known acount" }),
      /open hours, balance of a known account/,
    );
  } finally {
    await dc.stop();
  }
});

test("the Debug scenario lens's launch debugs that scenario", async () => {
  const dc = await start();
  try {
    const file = path.join(root, scenario.scenarioFile);
    const config = launches.scenarioLaunch(file, scenario.scenario, root);
    assert.equal(config.type, "flowsim");
    const getBalance = actionLine("Get balance");
    await dc.hitBreakpoint(config, { path: flowFile, line: getBalance });
    const threads = await dc.threadsRequest();
    assert.equal(threads.body.threads[0].name, `scenario ${scenario.scenario}`);
  } finally {
    await dc.stop();
  }
});

test("a recorded execution stops where the run parts from the recording", async () => {
  const dc = await start();
  try {
    const recording = {
      cwd: root,
      execution: "fixtures/executions/production.json",
      recording: "#3",
      flows: "fixtures/archy/flows",
      fixtures: "fixtures/archy/data",
    };
    const caps = await dc.initializeRequest();
    const filters = caps.body.exceptionBreakpointFilters.map((f) => f.filter);
    assert.deepEqual(filters, ["errors", "errorHandling", "divergence"]);
    const [stopped] = await Promise.all([
      dc.waitForEvent("stopped"),
      dc.waitForEvent("initialized").then(() => dc.configurationDoneRequest()),
      dc.launch(recording),
    ]);
    assert.equal(stopped.body.reason, "exception");
    assert.match(stopped.body.text, /now leaves by Account services after the caller pressed 3 \(recorded: Support\)/);
    assert.ok((await scope(dc, "Recorded")).includes("action = Acme Main IVR › Main Menu [actionMenu] → Support"));
  } finally {
    await dc.stop();
  }
});

test("the errorHandling filter stops after a failure output; the Input scope shows what comes", async () => {
  const dc = await start();
  try {
    const locked = { ...scenario, scenario: "a locked account takes the data action's failure output" };
    const [stopped] = await Promise.all([
      dc.waitForEvent("stopped"),
      dc.waitForEvent("initialized").then(async () => {
        await dc.setExceptionBreakpointsRequest({ filters: ["errorHandling"] });
        return dc.configurationDoneRequest();
      }),
      dc.launch(locked),
    ]);
    assert.equal(stopped.body.reason, "exception");
    assert.match(stopped.body.text, /Get balance \[callData\] left by its failure path/);
    const stack = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(stack.body.stackFrames[0].line, actionLine("Balance unavailable"));
    assert.deepEqual(await scope(dc, "Input"), [
      "next = none given: the run stops and asks when it needs one",
      "taken = 2 of 2 given",
    ]);
  } finally {
    await dc.stop();
  }
});
