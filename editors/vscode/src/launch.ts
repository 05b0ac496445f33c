// The launch configurations the extension starts itself (a scenario's "Debug scenario" lens,
// the Testing view's debug profile): plain data for `flowsim dap`'s `launch`, with no editor
// API, so editors/vscode/test/dap.test.mjs launches exactly these against the real binary.

/** A `flowsim` launch of one scenario of a scenario file, read from `cwd` (the project's folder). */
export interface ScenarioLaunch {
  type: "flowsim";
  request: "launch";
  name: string;
  cwd: string;
  scenarioFile: string;
  scenario: string;
  [key: string]: unknown;
}

/** The launch that debugs scenario `scenario` of the scenario file `file` (an absolute path). */
export function scenarioLaunch(file: string, scenario: string, cwd: string): ScenarioLaunch {
  return {
    type: "flowsim",
    request: "launch",
    name: `Debug scenario: ${scenario}`,
    cwd,
    scenarioFile: file,
    scenario,
  };
}
