// flowsim in VS Code: a client of `flowsim lsp`, the debugger (`flowsim dap`), and a command that
// runs scenarios in a terminal.
//
// The extension holds no knowledge of flows: every diagnostic, hover, completion, definition,
// code action and code lens comes from the server, which the `flowsim` binary of the setting
// `flowsim.path` runs over stdio. A scenario's code lens runs `flowsim.runScenario`, a command
// the server lists (`executeCommandProvider`), so the language client registers it and sends it
// to the server, which runs the scenario and retitles the lens with the outcome. The only other
// thing done here is `flowsim.runScenarioInTerminal` (the command palette's): `flowsim test FILE
// --filter NAME` in a terminal, the whole report. The debugger of type `flowsim` (package.json's
// `debuggers`: its launch attributes, breakpoints in YAML and JSON) is `flowsim dap` of the same
// binary, over stdio, started in the launch's `cwd` (else the workspace folder). A scenario's
// "Debug scenario" lens (the server's too) runs `flowsim.debugScenario`, registered here (the
// server does not list it): a debug session of that scenario (`launch.ts`). The Testing view
// lists the scenario files' scenarios as the server's lenses do, runs each through the server's
// `flowsim.runScenario` and debugs each as the lens does (`tests.ts`).

import * as path from "node:path";
import * as vscode from "vscode";
import { scenarioLaunch } from "./launch";
import { scenarioTests } from "./tests";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

/** The client's id: the prefix of its settings (`flowsim.trace.server`) and its output channel. */
const ID = "flowsim";

/**
 * The documents the server is given: Archy YAML and JSON flows, scenario and fixture files
 * (YAML or JSON, on disk), and Architect exports (`*.i3*`, the language this extension adds).
 * The server itself tells a flow from a fixture or a scenario file by its name and content.
 */
export const DOCUMENTS = [
  { scheme: "file", language: "yaml" },
  { scheme: "file", language: "json" },
  { scheme: "file", language: "architect-export" },
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    // Not `flowsim.runScenario`: the language client registers that one, for the server.
    vscode.commands.registerCommand("flowsim.runScenarioInTerminal", runScenario),
    vscode.commands.registerCommand("flowsim.restartServer", restart),
    // A lens's command the server does not list: the editor's own.
    vscode.commands.registerCommand("flowsim.debugScenario", debugScenario),
    // The Testing view: the server's scenarios, run by the server, debugged by `flowsim dap`.
    scenarioTests(() => client),
    vscode.debug.registerDebugAdapterDescriptorFactory("flowsim", { createDebugAdapterDescriptor }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("flowsim.path")) {
        await restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The binary of the setting `flowsim.path` (default: `flowsim`, looked up on PATH). */
function binary(): string {
  const configured = vscode.workspace.getConfiguration(ID).get<string>("path", "flowsim").trim();
  return configured === "" ? "flowsim" : configured;
}

async function start(): Promise<void> {
  const run = { command: binary(), args: ["lsp"], transport: TransportKind.stdio };
  const server: ServerOptions = { run, debug: run };
  const options: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    synchronize: {
      // A change to the project file or a fixture on disk changes what the open files mean.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{flowsim.toml,*.yaml,*.yml,*.json}"),
    },
  };
  client = new LanguageClient(ID, "flowsim", server, options);
  try {
    await client.start();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(
      `flowsim: could not start \`${run.command} lsp\` (${message}). ` +
        "Install flowsim, or set `flowsim.path` to its binary.",
    );
  }
}

/** `flowsim dap` of the setting's binary, for a session of type `flowsim`. */
function createDebugAdapterDescriptor(
  session: vscode.DebugSession,
): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
  const configured: unknown = session.configuration["cwd"];
  const cwd =
    typeof configured === "string" && configured !== ""
      ? configured
      : session.workspaceFolder?.uri.fsPath;
  return new vscode.DebugAdapterExecutable(binary(), dapArgs(), cwd === undefined ? {} : { cwd });
}

/** The debug adapter's arguments. */
export function dapArgs(): string[] {
  return ["dap"];
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/**
 * `flowsim: run scenario in a terminal`. Given the scenario file (a URI string or a Uri) and the
 * scenario's name (a lens's arguments), it runs that one; from the command palette it runs the
 * active editor's file, after asking for a name (empty: every scenario of the file).
 */
async function runScenario(file?: string | vscode.Uri, name?: string): Promise<void> {
  const uri =
    typeof file === "string"
      ? vscode.Uri.parse(file)
      : (file ?? vscode.window.activeTextEditor?.document.uri);
  if (uri === undefined || uri.scheme !== "file") {
    void vscode.window.showErrorMessage("flowsim: run scenario needs a scenario file on disk.");
    return;
  }
  const scenario =
    name ?? (await vscode.window.showInputBox({ prompt: "Scenario name (empty: the whole file)" }));
  if (scenario === undefined) {
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  const terminal = vscode.window.createTerminal({
    name: scenario === "" ? "flowsim test" : `flowsim test › ${scenario}`,
    cwd: folder,
    shellPath: binary(),
    shellArgs: testArgs(path.relative(folder, uri.fsPath), scenario),
  });
  terminal.show(true);
}

/** `flowsim test`'s arguments for one file, narrowed to one scenario when a name is given. */
export function testArgs(file: string, scenario: string): string[] {
  return scenario === "" ? ["test", file] : ["test", file, "--filter", scenario];
}

/**
 * `flowsim: debug scenario`: a `flowsim` debug session of one scenario. Given the scenario file
 * (a URI string or a Uri) and the scenario's name (the "Debug scenario" lens's arguments), it
 * debugs that one; from the command palette, the active editor's file, after asking for a name.
 */
async function debugScenario(file?: string | vscode.Uri, name?: string): Promise<boolean> {
  const uri =
    typeof file === "string"
      ? vscode.Uri.parse(file)
      : (file ?? vscode.window.activeTextEditor?.document.uri);
  if (uri === undefined || uri.scheme !== "file") {
    void vscode.window.showErrorMessage("flowsim: debug scenario needs a scenario file on disk.");
    return false;
  }
  const scenario = name ?? (await vscode.window.showInputBox({ prompt: "Scenario name" }));
  if (scenario === undefined || scenario === "") {
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const cwd = folder?.uri.fsPath ?? path.dirname(uri.fsPath);
  return vscode.debug.startDebugging(folder, scenarioLaunch(uri.fsPath, scenario, cwd));
}
