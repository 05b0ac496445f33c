// Scenarios in VS Code's Testing view: a test per scenario file of the workspace, a child per
// scenario as the server lists them (its "Run scenario" lenses: the same outline), each run by
// the server's `flowsim.runScenario` (the harness, as `flowsim test FILE --filter NAME`; the
// first mismatch shown at its line) or debugged (`flowsim dap`, the "Debug scenario" launch).

import * as path from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { scenarioLaunch } from "./launch";
import { outcomeOf } from "./outcome";

const SCENARIO_FILES = "**/*.scenarios.{yaml,yml}";

export function scenarioTests(client: () => LanguageClient | undefined): vscode.Disposable {
  const controller = vscode.tests.createTestController("flowsim", "flowsim scenarios");

  const fileItem = (uri: vscode.Uri): vscode.TestItem => {
    const existing = controller.items.get(uri.toString());
    if (existing !== undefined) {
      return existing;
    }
    const item = controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    item.canResolveChildren = true;
    controller.items.add(item);
    return item;
  };

  // A file's scenarios, as the server lists them.
  const resolveFile = async (item: vscode.TestItem): Promise<void> => {
    if (item.uri === undefined) {
      return;
    }
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        "vscode.executeCodeLensProvider",
        item.uri,
      )) ?? [];
    const children: vscode.TestItem[] = [];
    for (const lens of lenses) {
      const name: unknown = lens.command?.arguments?.[1];
      if (lens.command?.command !== "flowsim.runScenario" || typeof name !== "string") {
        continue;
      }
      const child = controller.createTestItem(`${item.id}#${name}`, name, item.uri);
      child.range = lens.range;
      children.push(child);
    }
    item.children.replace(children);
  };

  controller.resolveHandler = async (item) => {
    if (item === undefined) {
      for (const uri of await vscode.workspace.findFiles(SCENARIO_FILES, "**/node_modules/**")) {
        fileItem(uri);
      }
    } else {
      await resolveFile(item);
    }
  };

  // The scenarios a run asks for: a file stands for each of its scenarios.
  const scenariosOf = async (request: vscode.TestRunRequest): Promise<vscode.TestItem[]> => {
    const roots: vscode.TestItem[] = [];
    if (request.include === undefined) {
      controller.items.forEach((i) => roots.push(i));
    } else {
      roots.push(...request.include);
    }
    const excluded = (i: vscode.TestItem): boolean => request.exclude?.includes(i) ?? false;
    const out: vscode.TestItem[] = [];
    for (const item of roots.filter((i) => !excluded(i))) {
      if (item.parent === undefined) {
        await resolveFile(item);
        item.children.forEach((c) => {
          if (!excluded(c)) {
            out.push(c);
          }
        });
      } else {
        out.push(item);
      }
    }
    return out;
  };

  const run = async (request: vscode.TestRunRequest, token: vscode.CancellationToken) => {
    const testRun = controller.createTestRun(request);
    for (const test of await scenariosOf(request)) {
      if (token.isCancellationRequested) {
        testRun.skipped(test);
        continue;
      }
      const server = client();
      if (server === undefined || test.uri === undefined) {
        testRun.errored(test, new vscode.TestMessage("flowsim: the language server is not running"));
        continue;
      }
      testRun.started(test);
      const started = Date.now();
      try {
        const answer: unknown = await server.sendRequest("workspace/executeCommand", {
          command: "flowsim.runScenario",
          arguments: [test.uri.toString(), test.label],
        });
        const outcome = outcomeOf(answer);
        if (outcome.kind === "passed") {
          testRun.passed(test, Date.now() - started);
          continue;
        }
        const message = new vscode.TestMessage(outcome.message);
        if (outcome.kind === "failed" && outcome.line !== undefined) {
          message.location = new vscode.Location(test.uri, new vscode.Position(outcome.line - 1, 0));
        }
        if (outcome.kind === "failed") {
          testRun.failed(test, message, Date.now() - started);
        } else {
          testRun.errored(test, message);
        }
      } catch (e) {
        testRun.errored(test, new vscode.TestMessage(e instanceof Error ? e.message : String(e)));
      }
    }
    testRun.end();
  };

  const debug = async (request: vscode.TestRunRequest) => {
    for (const test of await scenariosOf(request)) {
      if (test.uri === undefined) {
        continue;
      }
      const folder = vscode.workspace.getWorkspaceFolder(test.uri);
      const cwd = folder?.uri.fsPath ?? path.dirname(test.uri.fsPath);
      await vscode.debug.startDebugging(folder, scenarioLaunch(test.uri.fsPath, test.label, cwd));
    }
  };

  controller.createRunProfile("Run", vscode.TestRunProfileKind.Run, run, true);
  controller.createRunProfile("Debug", vscode.TestRunProfileKind.Debug, debug, true);

  const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_FILES);
  watcher.onDidCreate((uri) => fileItem(uri));
  watcher.onDidDelete((uri) => controller.items.delete(uri.toString()));
  watcher.onDidChange((uri) => {
    const item = controller.items.get(uri.toString());
    if (item !== undefined) {
      void resolveFile(item);
    }
  });
  return vscode.Disposable.from(controller, watcher);
}
