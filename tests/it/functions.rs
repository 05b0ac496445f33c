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
}

/// `ToBool` of text that is not true or false gives a NOT_SET Boolean, and so does the implicit
/// conversion of a String in a Boolean statement (Architect writes it as `ToBool`): the
/// Scripting SDK (`AR_FN_BLN_TOBOOL_STR_RV`): "If the value in valueToConvert is NOT_SET or
/// doesn't match the true or false valid values, a NOT_SET Boolean is returned." The flow goes
/// on and tells the caller it did not understand; a Decision on such text still goes to the
/// error handling, as a NOT_SET condition (`notSet`).
#[test]
fn to_bool_of_text_it_cannot_read_is_not_set_in_a_flow() {
    let flows = "tests/data/tobool";
    let run = |answer: &str| {
        let var = format!("Flow.answer={answer}");
        flowsim(&["run", "--flows", flows, "ToBool Text", "--var", &var, "--color", "never"])
    };
    let o = run("yes");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(!o.stdout.contains('✗'), "no step fails: {}", o.stdout);
    assert!(o.stdout.contains("Understood [decision] → no"), "{}", o.stdout);
    assert!(o.stdout.contains(r#""Sorry, I did not understand your answer.""#), "{}", o.stdout);
    assert!(o.stdout.contains("Flow.optIn = NOT_SET"), "{}", o.stdout);
    assert!(o.stdout.contains("Flow.optIn2 = NOT_SET"), "{}", o.stdout);
    let o = run("t");
    assert!(o.stdout.contains("Understood [decision] → yes"), "{}", o.stdout);
    assert!(o.stdout.contains(r#""Thanks for your answer.""#), "{}", o.stdout);

    // The same text as a Decision's condition: NOT_SET there is the flow's error handling.
    let text = std::fs::read_to_string(format!("{flows}/tobool.yaml")).unwrap();
    let text = text.replace("exp: IsSet(Flow.optIn) and IsSet(Flow.optIn2)", "exp: Flow.answer");
    assert!(text.contains("exp: Flow.answer\n              outputs"), "the condition was replaced");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tobool.yaml"), text).unwrap();
    let dir = dir.path().to_str().unwrap();
    let args =
        ["run", "--flows", dir, "ToBool Text", "--var", "Flow.answer=yes", "--color", "never"];
    let o = flowsim(&args);
    assert!(o.stdout.contains("Understood [decision]  ✗ notSet"), "{}", o.stdout);
    assert!(o.stdout.contains(r#""An error occurred.""#), "{}", o.stdout);
}
