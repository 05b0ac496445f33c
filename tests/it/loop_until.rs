//! Loop Until (docs/architect.md §2.5, §3.4, §4) through the binary: the until cases checked
//! before the first pass and after every pass, the maximum count ending the loop, the index of
//! each pass, Exit Loop and Next Loop inside it, the export's form, and scenario files.

use crate::cli::flowsim;
use serde_json::Value;

/// A call flow whose Loop Until counts its passes in `Flow.passes` (the body adds one and says
/// the index), ends along `Done` when `UNTIL` holds, and after it says the index it left.
const FLOW: &str = r#"inboundCall:
  name: Retry
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - integerVariable: {name: Flow.i, initialValue: {lit: -1}}
    - integerVariable: {name: Flow.passes, initialValue: {lit: 0}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - loopUntil:
              name: Until done
              currentIndex: {var: Flow.i}
              maxLoopCount: {lit: MAX}
              untilCases:
                - untilCase:
                    name: Done
                    value: {exp: UNTIL}
                    actions:
                      - playAudio: {name: Done, audio: {tts: done}}
              outputs:
                loop:
                  actions:
                    - updateData:
                        name: Count
                        statements:
                          - integer: {variable: Flow.passes, value: {exp: Flow.passes + 1}}
                    - playAudio: {name: Pass, audio: {exp: 'ToAudioTTS(Append("pass ", ToString(Flow.i)))'}}
BODY
          - playAudio: {name: After, audio: {exp: 'ToAudioTTS(Append("left at ", ToString(Flow.i)))'}}
          - disconnect: {name: Bye}
"#;

fn flow(max: &str, until: &str, body: &str) -> String {
    FLOW.replace("MAX", max).replace("UNTIL", until).replace("BODY\n", body)
}

/// Runs `Retry` of `flow`: the JSON result.
#[track_caller]
fn run(flow: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, flow).unwrap();
    let o = flowsim(&["run", "Retry", "--flows", path.to_str().unwrap(), "--format", "json"]);
    serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}{}", o.stdout, o.stderr))
}

fn prompts(r: &Value) -> Vec<String> {
    r["prompts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().into()).collect()
}

#[test]
fn the_until_case_is_checked_after_each_pass_and_ends_the_loop_along_its_path() {
    let r = run(&flow("5", "Flow.passes >= 2", ""));
    assert_eq!(prompts(&r), ["pass 0", "pass 1", "done", "left at 1"], "{r}");
    assert_eq!(r["variables"]["Flow.passes"], 2);
}

#[test]
fn an_until_case_that_holds_on_arrival_runs_no_pass() {
    let r = run(&flow("5", "Flow.passes == 0", ""));
    assert_eq!(prompts(&r), ["done", "left at -1"], "{r}");
    assert_eq!(r["variables"]["Flow.passes"], 0);
}

#[test]
fn the_maximum_count_ends_the_loop_and_the_flow_goes_on_after_it() {
    let r = run(&flow("3", "Flow.passes > 10", ""));
    assert_eq!(prompts(&r), ["pass 0", "pass 1", "pass 2", "left at 2"], "{r}");
    assert_eq!(r["status"], "disconnected");
}

#[test]
fn a_case_met_by_the_last_pass_is_taken_rather_than_the_maximum() {
    let r = run(&flow("3", "Flow.passes == 3", ""));
    assert_eq!(prompts(&r), ["pass 0", "pass 1", "pass 2", "done", "left at 2"], "{r}");
}

#[test]
fn a_maximum_count_past_99_makes_99_passes() {
    let r = run(&flow("150", "false", ""));
    assert_eq!(r["variables"]["Flow.passes"], 99, "{}", r["error"]);
    assert_eq!(r["variables"]["Flow.i"], 98);
}

#[test]
fn exit_loop_leaves_it_without_a_case_and_next_loop_checks_the_cases_again() {
    let exit = "                    - decision:\n                        name: Second\n                        condition: {exp: Flow.i == 1}\n                        outputs:\n                          yes: {actions: [{loopExit: {name: Out}}]}\n                    - playAudio: {name: Tail, audio: {tts: tail}}\n";
    let r = run(&flow("5", "false", exit));
    assert_eq!(prompts(&r), ["pass 0", "tail", "pass 1", "left at 1"], "{r}");
    let next = exit.replace("loopExit: {name: Out}", "loopNext: {name: Again}");
    let r = run(&flow("5", "Flow.passes == 2", &next));
    assert_eq!(prompts(&r), ["pass 0", "tail", "pass 1", "done", "left at 1"], "{r}");
}

#[test]
fn a_not_set_maximum_count_goes_to_error_handling() {
    let r = run(&flow("5", "false", "").replace("{lit: 5}", "{exp: 'ToInt(NOT_SET)'}"));
    assert_eq!(r["error"]["kind"], "notSet", "{r}");
}

#[test]
fn an_exports_loop_until_reads_its_cases_and_paths() {
    let exp = |ty: &str, text: &str| serde_json::json!({"text": text, "type": ty});
    let export = serde_json::json!({
        "name": "Retry", "type": "INBOUNDCALL", "initialSequence": "t1",
        "variables": [{"__type": "IntegerVariable", "name": "Flow.i"},
                      {"__type": "IntegerVariable", "name": "Flow.n",
                       "initialValue": exp("int", "0")}],
        "flowSequenceItemList": [
            {"__type": "Task", "id": "t1", "name": "T", "startAction": "l1",
             "actionList": [
                {"__type": "LoopUntilAction", "id": "l1", "name": "Until", "nextAction": "a1",
                 "currentIndex": {"text": "Flow.i", "type": "int"},
                 "maxLoopCount": exp("int", "4"),
                 "cases": [{"name": "Two", "referenceId": "c-1", "value": exp("bln", "Flow.n == 2")}],
                 "paths": [{"label": "Loop", "outputId": "__LOOP__", "nextActionId": "u1"},
                           {"label": "Two", "outputId": "c-1", "nextActionId": "p1"}]},
                {"__type": "UpdateVariableAction", "id": "u1", "name": "Count",
                 "variables": [{"variable": {"text": "Flow.n", "type": "int"},
                                "expression": exp("int", "Flow.n + 1")}]},
                {"__type": "PlayAudioAction", "id": "p1", "name": "Two",
                 "prompts": {"defaultAudio": exp("aud", "ToAudioTTS(\"two\")")}},
                {"__type": "DisconnectAction", "id": "a1", "name": "Bye"},
             ]},
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Retry.i3InboundFlow"), export.to_string()).unwrap();
    let flows = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", flows]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["run", "Retry", "--flows", flows, "--format", "json"]);
    let r: Value = serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}", o.stderr));
    assert_eq!(r["variables"]["Flow.n"], 2, "{r}");
    assert_eq!(r["variables"]["Flow.i"], 1, "{r}");
    assert_eq!(prompts(&r), ["two"], "{r}");
}

#[test]
fn graph_and_explore_read_its_outputs_from_the_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, flow("3", "Call.Ani == \"+13175550100\"", "")).unwrap();
    let path = path.to_str().unwrap();
    let o = flowsim(&["graph", "Retry", "--flows", path]);
    assert!(o.stdout.contains(r#"|"loop"|"#) && o.stdout.contains(r#"|"Done"|"#), "{}", o.stdout);
    let o = flowsim(&["explore", "Retry", "--flows", path, "--format", "json"]);
    let x: Value = serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}", o.stderr));
    let reached: Vec<&str> = x["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] == "loopUntil" && o["class"] == "reached")
        .map(|o| o["output"].as_str().unwrap())
        .collect();
    assert!(reached.contains(&"loop") && reached.contains(&"Done"), "{x}");
}

#[test]
fn a_scenario_expects_the_passes_and_the_case_taken() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), flow("5", "Flow.passes >= 2", "")).unwrap();
    let scenarios = "flows: f.yaml\nscenarios:\n  - name: two passes then done\n    flow: Retry\n    expect:\n      variables: {Flow.i: 1, Flow.passes: 2}\n      prompts: [pass 0, pass 1, done, left at 1]\n";
    std::fs::write(dir.path().join("r.scenarios.yaml"), scenarios).unwrap();
    let o = flowsim(&["test", dir.path().to_str().unwrap(), "--color", "never"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    // The same expectation with three passes fails: the case is checked after each pass.
    let wrong = scenarios.replace("Flow.passes: 2", "Flow.passes: 3");
    std::fs::write(dir.path().join("r.scenarios.yaml"), wrong).unwrap();
    let o = flowsim(&["test", dir.path().to_str().unwrap(), "--color", "never"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
}
