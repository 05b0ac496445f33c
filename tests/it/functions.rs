//! Functions real Architect flows call, through the binary a user types:
//! `flowsim expr eval` of the expressions as the flows write them, and a workflow that uses
//! them run by `flowsim run`. docs/expressions.md names each function's source.

use crate::cli::flowsim;

/// `flowsim expr eval TEXT`, as `$ ...` and what it printed (stdout, else stderr).
fn eval_case(text: &str) -> String {
    let o = flowsim(&["expr", "eval", "--color", "never", text]);
    let shown = if o.stdout.is_empty() { &o.stderr } else { &o.stdout };
    format!("$ flowsim expr eval '{text}'  (exit {})\n{shown}\n", o.code)
}

#[test]
fn expr_eval_runs_the_functions_real_flows_call() {
    let ewt = "ToAudioDuration(RoundUp(MakeDuration(0,0,3,10,0), MakeDuration(0,0,5,0,0), \
               MakeList(MakeDuration(0,0,0,30,0),MakeDuration(0,0,1,0,0),\
               MakeDuration(0,0,2,0,0),MakeDuration(0,0,5,0,0))))";
    let cases = [
        "if(Month(GetCurrentDateTimeUtc()) == 1, \"-12-31\", \"not found\")",
        "Sum(Count(MakeList(\"a\", \"b\", \"c\")), -1)",
        ewt,
        "Append(ToAudioTTS(\"You are currently the\"), ToAudioNumberOrdinal(2))",
        "ToAudioRange(1, 1, Format.TimePart.minutes)",
        "DayOfWeek(GetCurrentDateTimeUtc())",
        "Month(5)",
    ];
    let out: String = cases.iter().map(|c| eval_case(c)).collect();
    insta::assert_snapshot!(out);
}

const WORKFLOW: &str = r#"
workflow:
  name: Evidence
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - integerVariable: {name: Flow.month, isOutput: true}
    - integerVariable: {name: Flow.last, isOutput: true}
    - durationVariable: {name: Flow.announced, isOutput: true}
    - stringVariable: {name: Flow.said, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Compute
              statements:
                - integer: {variable: Flow.month, value: {exp: 'Month(AddMonths(GetCurrentDateTimeUtc(), 2))'}}
                - integer: {variable: Flow.last, value: {exp: 'Sum(Count(MakeList(4, 5, 6)), -1)'}}
                - duration: {variable: Flow.announced, value: {exp: 'RoundUp(MakeDuration(0,0,7,0,0), MakeDuration(0,0,5,0,0), MakeList(MakeDuration(0,0,1,0,0)))'}}
                - string: {variable: Flow.said, value: {exp: 'ToString(ToAudioNumberOrdinal(Flow.last))'}}
          - endWorkflow: {name: End}
"#;

#[test]
fn a_workflow_calling_them_loads_checks_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evidence.yaml");
    std::fs::write(&file, WORKFLOW).unwrap();
    let flows = file.to_str().unwrap();
    let o = flowsim(&["check", "--flows", flows]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["run", "--flows", flows, "Evidence", "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).expect("a JSON result");
    let out = &j["outputs"];
    // The run's virtual clock starts in January: two months on is March.
    assert_eq!(out["Flow.month"], 3, "{j:#}");
    assert_eq!(out["Flow.last"], 2, "{j:#}");
    assert_eq!(out["Flow.announced"], "PT10M", "{j:#}");
    assert_eq!(out["Flow.said"], "2nd", "{j:#}");
}
