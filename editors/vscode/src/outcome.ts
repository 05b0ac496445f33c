// How one scenario went, from the server's answer to `flowsim.runScenario` (`flowsim docs editor`,
// `workspace/executeCommand`): `{"passed": true}`, `{"passed": false, "mismatch", "line"}` or
// `{"passed": false, "error"}`. Plain data, no editor API: the Testing view shows it, and
// editors/vscode/test/outcome.test.mjs reads the real server's answers with it.

export type Outcome =
  | { kind: "passed" }
  | { kind: "failed"; message: string; line?: number }
  | { kind: "errored"; message: string };

/** The outcome an answer of `flowsim.runScenario` says; anything else is an error. */
export function outcomeOf(answer: unknown): Outcome {
  if (typeof answer !== "object" || answer === null) {
    return { kind: "errored", message: `flowsim: an answer that is not an outcome: ${String(answer)}` };
  }
  const a = answer as Record<string, unknown>;
  if (a["passed"] === true) {
    return { kind: "passed" };
  }
  if (typeof a["mismatch"] === "string") {
    const line = a["line"];
    return typeof line === "number" && line > 0
      ? { kind: "failed", message: a["mismatch"], line }
      : { kind: "failed", message: a["mismatch"] };
  }
  const error = typeof a["error"] === "string" ? a["error"] : JSON.stringify(answer);
  return { kind: "errored", message: error };
}
