//! `flowsim check` agrees with runs: what check passes never fails a run with a type error, in
//! every format; misspelt writes are errors with the declared name to use; Archy's own keys
//! raise no warning.

use crate::cli::flowsim;
use crate::support::check_errors as errors;
use flowsim::flow::Registry;
use proptest::prelude::*;
use serde_json::json;
use std::path::Path;

/// An Archy workflow declaring one variable of each base type, with values, that writes
/// `exp` (as text) to `Flow.out`.
fn workflow(exp: &str) -> String {
    format!(
        r#"
workflow:
  name: Typed
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - integerVariable: {{name: Flow.i, initialValue: {{lit: 3}}}}
    - decimalVariable: {{name: Flow.d, initialValue: {{lit: 2.5}}}}
    - stringVariable: {{name: Flow.s, initialValue: {{lit: "7"}}}}
    - booleanVariable: {{name: Flow.b, initialValue: {{lit: true}}}}
    - dateTimeVariable: {{name: Flow.t, initialValue: {{exp: 'MakeDateTime(2024, 1, 2, 3, 4, 5)'}}}}
    - durationVariable: {{name: Flow.u, initialValue: {{exp: 'MakeDuration(0, 1, 2, 3)'}}}}
    - stringVariable: {{name: Flow.out, isOutput: true}}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Compute
              statements:
                - string: {{variable: Flow.out, value: {{exp: '{}'}}}}
          - endWorkflow: {{name: Done}}
"#,
        exp.replace('\'', "''")
    )
}

#[test]
fn a_type_error_a_run_would_meet_fails_check_in_archy() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typed.yaml");
    std::fs::write(&file, workflow("Hour(Flow.t) + \"x\"")).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let out = format!("{}{}", o.stdout, o.stderr);
    assert!(out.contains("error[typeMismatch]: `+` cannot take Integer and String"), "{out}");
    assert!(out.contains("property `statements[0].value`"), "{out}");
    // The same text converted is fine.
    std::fs::write(&file, workflow("Append(ToString(Hour(Flow.t)), \"x\")")).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// Each Update Data statement's value is read as the statement's type, through the conversion
/// Architect writes (`ToString` of anything into a String, `ToInt` of text into an Integer); a
/// value no conversion takes is refused, as Architect's checker refuses it.
#[test]
fn an_update_data_value_no_conversion_takes_fails_check() {
    let statement = |ty: &str, var: &str, exp: &str| {
        workflow("Flow.s").replace(
            "                - string: {variable: Flow.out, value: {exp: 'Flow.s'}}",
            &format!("                - {ty}: {{variable: {var}, value: {{exp: '{exp}'}}}}"),
        )
    };
    // Converted as Architect converts them: no error.
    for (ty, var, exp) in [
        ("string", "Flow.out", "Flow.i + 1"),
        ("string", "Flow.out", "Flow.u"),
        ("integer", "Flow.i", "Flow.s"),
        ("integer", "Flow.i", "Flow.d"),
        ("decimal", "Flow.d", "Flow.i"),
        ("boolean", "Flow.b", "Flow.s"),
    ] {
        assert_eq!(errors(&statement(ty, var, exp)), Vec::<String>::new(), "{ty} {exp}");
    }
    // No conversion takes them.
    for (ty, var, exp, from, to) in [
        ("boolean", "Flow.b", "Flow.u", "Duration", "Boolean"),
        ("integer", "Flow.i", "Flow.t", "DateTime", "Integer"),
        ("duration", "Flow.u", "Flow.b", "Boolean", "Duration"),
        ("string", "Flow.out", "System.Regions.US", "Region Enum", "String"),
    ] {
        let errs = errors(&statement(ty, var, exp));
        assert_eq!(errs.len(), 1, "{ty} {exp}: {errs:?}");
        assert!(
            errs[0].contains(&format!(
                "cannot convert expression from type {from} to required type of {to}"
            )),
            "{ty} {exp}: {errs:?}"
        );
    }
}

#[test]
fn a_misspelt_write_is_an_error_naming_the_declared_variable() {
    let text = workflow("Flow.s").replace("variable: Flow.out", "variable: Flow.outt");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("misspeltVariable: `Flow.outt` is written"), "{errs:?}");
    assert!(errs[0].contains("`Flow.out` is declared"), "{errs:?}");
}

#[test]
fn a_menu_choice_may_have_a_ref_id() {
    let flow = r#"
inboundCall:
  name: Menus
  startUpRef: "/inboundCall/menus/menu[Main_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  menus:
    - menu:
        name: Main
        refId: Main_1
        audio:
          tts: Press 1.
        choices:
          - menuDisconnect:
              name: Bye
              refId: Bye_2
              dtmf: digit_1
"#;
    let report = Registry::from_sources([(Path::new("menus.yaml"), flow)]);
    let found: Vec<String> =
        report.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
    assert!(found.iter().all(|d| !d.contains("refId")), "{found:?}");
}

/// Expressions over the workflow's variables, well and ill typed.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("Flow.i".to_owned()),
        Just("Flow.d".to_owned()),
        Just("Flow.s".to_owned()),
        Just("Flow.b".to_owned()),
        Just("Flow.t".to_owned()),
        Just("Flow.u".to_owned()),
        Just("2".to_owned()),
        Just("1.5".to_owned()),
        Just("\"a\"".to_owned()),
        Just("false".to_owned()),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        let op = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("%"),
            Just("<"),
            Just("=="),
            Just("and")
        ];
        let unary = prop_oneof![
            Just("Hour"),
            Just("ToString"),
            Just("Length"),
            Just("ToInt"),
            Just("Upper"),
            Just("Abs"),
            Just("MakeList"),
            Just("Count"),
            Just("IsSet")
        ];
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(a, o, b)| format!("({a} {o} {b})")),
            (unary, inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("Append({a}, {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("If({c}, {a}, {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("AddDays({a}, {b})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// What `check` passes never fails at run time with a type error.
    #[test]
    fn what_check_passes_never_fails_a_run_with_a_type_error(e in expr()) {
        let text = workflow(&format!("ToString({e})"));
        let report = Registry::from_sources([(Path::new("typed.yaml"), text.as_str())]);
        let errs: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
        if errs.is_empty() {
            let reg = report.registry.expect("no errors: a registry");
            let r = crate::support::run_json(&reg, json!({"flowName": "Typed"}));
            let j = crate::support::result_json(&r);
            let shown = j.to_string();
            prop_assert!(!shown.contains("typeMismatch"), "{e}: check passed, the run failed: {}", j["error"]);
        }
    }
}

/// A key nested in an action's property that flowsim does not read (a misspelt `exact` inside
/// Collect Input's `digits`, a terminator beside `exact` rather than in a range, a misspelt play style, a
/// second value in a first-match switch) would change what the action does without a word:
/// `check` reports each at its line, with what to write instead; a misspelling is an error
/// whose fix renames it.
#[test]
fn nested_keys_that_nothing_reads_are_warned_of() {
    let collect = |digits: &str| {
        format!(
            "          - collectInput:\n              name: A\n              inputData: {{var: Flow.a}}\n              digits: {digits}\n"
        )
    };
    let cases = [
        (collect("{exakt: 4}"), "digits", "did you mean `exact`?"),
        (
            collect("{exact: 4, terminatingDtmf: {lit: \"#\"}}"),
            "digits",
            "a terminator belongs to a range of digits: `digits: {range: {min, max, terminatingDtmf}}`",
        ),
        (
            collect(
                "{range: {min: 1, max: 4, terminatingDtmf: {lit: \"#\"}}}\n              terminatingDtmf: {lit: \"*\"}",
            ),
            "digits.range.terminatingDtmf",
            "keep one: Archy writes the terminator inside `digits.range`",
        ),
        (
            "          - holdMusic:\n              name: H\n              prompt: {tts: hold}\n              playStyle: {entirePromt: true, duration: {lit: {seconds: 5}}}\n".to_owned(),
            "playStyle",
            "did you mean `entirePrompt`?",
        ),
        (
            "          - switch:\n              name: S\n              evaluate:\n                firstMatch:\n                  string: {lit: gold}\n                  integer: {lit: 1}\n                  cases:\n                    - case: {value: {lit: gold}, actions: [{disconnect: {name: D}}]}\n".to_owned(),
            "evaluate.firstMatch",
            "keep one value under its type's key (`string:`), beside `cases` and `default`",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.yaml");
    for (actions, property, help) in cases {
        // An in-queue call flow: Hold Music is one of its actions.
        let flow = crate::support::archy_task_flow("inqueueCall", &actions).replace(
            "  tasks:",
            "  variables:\n    - stringVariable: {name: Flow.a, initialValue: {noValue: true}}\n  tasks:",
        );
        std::fs::write(&path, flow).unwrap();
        let o =
            crate::cli::flowsim(&["check", "--flows", path.to_str().unwrap(), "--format", "json"]);
        // A misspelling (a near key) is an error with its fix; any other key a warning.
        let misspelt = help.starts_with("did you mean");
        assert_eq!(o.code, i32::from(misspelt), "{}{}", o.stdout, o.stderr);
        let out: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let found: Vec<_> = out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "unknownProperty")
            .collect();
        assert_eq!(found.len(), 1, "{property}: {out:#}");
        let d = found[0];
        assert_eq!(d["property"].as_str(), Some(property), "{d}");
        assert!(d["help"].as_str().is_some_and(|h| h.starts_with(help)), "{d}");
        assert_eq!(d["severity"], if misspelt { "error" } else { "warning" }, "{d}");
        assert_eq!(d["fix"].is_object(), misspelt, "a misspelling's rename is its fix: {d}");
        assert!(d["line"].is_u64() && d["column"].is_u64(), "{d}");
    }
}

/// Get Participant Data: "The attribute name should be a string literal and will produce an
/// error state if left blank". `check` refuses a blank name in every action that names
/// participant, secured or conversation data attributes.
#[test]
fn a_blank_attribute_name_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attributes.yaml");
    for (action, field) in [
        ("getParticipantData", "variable: Flow.x"),
        ("setParticipantData", "value: {lit: v}"),
        ("getConversationData", "variable: Flow.x"),
    ] {
        let extra = if action == "getConversationData" {
            "              conversationId: {lit: c1}\n"
        } else {
            ""
        };
        let actions = format!(
            "          - {action}:\n              name: A\n{extra}              attributes:\n                - attribute: {{name: {{lit: known}}, {field}}}\n                - attribute: {{name: {{lit: \"  \"}}, {field}}}\n"
        );
        let flow = crate::support::archy_task_flow("inboundCall", &actions).replace(
            "  tasks:",
            "  variables:\n    - stringVariable: {name: Flow.x, initialValue: {noValue: true}}\n  tasks:",
        );
        std::fs::write(&path, flow).unwrap();
        let o =
            crate::cli::flowsim(&["check", "--flows", path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(o.code, 1, "{action}: {}{}", o.stdout, o.stderr);
        let out: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let d = &out["diagnostics"][0];
        assert_eq!(d["code"], "missingProperty", "{action}: {out:#}");
        assert!(d["message"].as_str().unwrap().starts_with("attribute 2's name is blank"), "{d}");
    }
}
