//! `flowsim check` places every diagnostic about an expression at the offending part inside
//! the property's value (line, column, caret), whatever the scalar's form, and every
//! diagnostic about an action at the action.

use crate::cli::flowsim_in;

/// The rendered diagnostic of `check` whose first line starts with `head`.
#[track_caller]
fn diagnostic<'o>(stdout: &'o str, head: &str) -> &'o str {
    let start = stdout.find(head).unwrap_or_else(|| panic!("no `{head}` in:\n{stdout}"));
    let rest = &stdout[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

/// `flowsim check FILE` over `text` written to `name`: its output.
#[track_caller]
fn check(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--color", "never", name]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    o.stdout
}

const ARCHY: &str = r#"inboundCall:
  name: Places
  startUpRef: "/inboundCall/tasks/task[Start_10]"
  defaultLanguage: en-us
  variables:
    - integerVariable:
        name: Flow.n
        initialValue:
          lit: 1
  tasks:
    - task:
        name: Start
        refId: Start_10
        actions:
          - decision:
              name: Plain
              condition:
                exp: Flow.n > 0 and Hour(Flow.n) == 3
          - decision:
              name: Quoted
              condition:
                exp: "ToInt(\"ab\") > 0 and Flow.n + \"x\" == 3"
          - decision:
              name: Block
              condition:
                exp: |
                  Flow.n > 0 and
                    Left("a") == "b"
          - disconnect:
              name: Bye
    - task:
        name: Orphan
        refId: Orphan_20
        actions:
          - disconnect:
              name: Lost
"#;

#[test]
fn a_type_error_in_a_plain_scalar_is_placed_at_its_part() {
    let out = check("flow.yaml", ARCHY);
    assert_eq!(
        diagnostic(&out, "error[typeMismatch]: Hour"),
        "error[typeMismatch]: Hour: argument 1 must be DateTime, not Integer
  --> flow.yaml:18:42: flow `Places`, node `Start/Plain`, property `condition`
   |
   | Flow.n > 0 and Hour(Flow.n) == 3
   |                     ^^^^^^
   = help: Hour(DateTime) -> Integer"
    );
}

#[test]
fn a_type_error_in_a_quoted_scalar_counts_its_escapes() {
    let out = check("flow.yaml", ARCHY);
    // `"` at column 22; `ToInt(\"ab\")` is 13 characters in the file, 11 in the value.
    assert_eq!(
        diagnostic(&out, "error[typeMismatch]: `+`"),
        "error[typeMismatch]: `+` cannot take Integer and String
  --> flow.yaml:22:45: flow `Places`, node `Start/Quoted`, property `condition`
   |
   | ToInt(\"ab\") > 0 and Flow.n + \"x\" == 3
   |                     ^^^^^^^^^^^^
   = help: join text with Append(a, b), which writes any value as text"
    );
}

#[test]
fn an_error_on_a_literal_blocks_second_line_is_placed_on_it() {
    let out = check("flow.yaml", ARCHY);
    assert_eq!(
        diagnostic(&out, "error[argumentCount]: Left"),
        "error[argumentCount]: Left takes 2 argument(s), 1 given
  --> flow.yaml:28:21: flow `Places`, node `Start/Block`, property `condition`
   |
   |   Left(\"a\") == \"b\"
   |   ^^^^^^^^^
   = help: check the arguments of Left"
    );
}

#[test]
fn an_unreachable_action_is_placed_at_its_key() {
    let out = check("flow.yaml", ARCHY);
    assert_eq!(
        diagnostic(&out, "warning[unreachableNode]"),
        "warning[unreachableNode]: no path leads to node `Orphan/Lost` from the start node
  --> flow.yaml:35:13: flow `Places`, node `Orphan/Lost`
   |
   |           - disconnect:
   |             ^^^^^^^^^^
   = help: connect it, or delete it"
    );
}

const EXPORT: &str = r#"{
  "name": "Exp",
  "type": "INBOUNDCALL",
  "initialSequence": "t1",
  "variables": [
    {"name": "Flow.n", "__type": "IntegerVariable", "varType": "Integer",
     "initialValue": {"text": "1", "type": "int"}}
  ],
  "flowSequenceItemList": [
    {"__type": "Task", "id": "t1", "name": "Main", "startAction": "a1",
     "actionList": [
       {"__type": "DecisionAction", "id": "a1", "name": "Check", "trackingId": 3,
        "expression": {"text": "Len(\"ab\") > 0 and Hour(1) == 3", "type": "bool"},
        "paths": [{"outputId": "__YES__", "label": "Yes", "nextActionId": "a2"},
                  {"outputId": "__NO__", "label": "No", "nextActionId": "a2"}]},
       {"__type": "DisconnectAction", "id": "a2", "name": "Bye", "trackingId": 4},
       {"__type": "DisconnectAction", "id": "a3", "name": "Never", "trackingId": 5}
     ]}
  ]
}
"#;

#[test]
fn a_type_error_in_an_export_is_placed_inside_its_string() {
    let out = check("Exp.i3InboundFlow", EXPORT.replace("Len(", "ToInt(").as_str());
    // `"` at column 32; `ToInt(\"ab\")` is 13 characters in the file, 11 in the value.
    assert_eq!(
        diagnostic(&out, "error[typeMismatch]"),
        "error[typeMismatch]: Hour: argument 1 must be DateTime, not Integer
  --> Exp.i3InboundFlow:13:60: flow `Exp`, node `Check (#3)`, property `condition`
   |
   | ToInt(\"ab\") > 0 and Hour(1) == 3
   |                          ^
   = help: Hour(DateTime) -> Integer"
    );
    // An error the loader finds is placed the same way (`Len` is no misspelling of `Left`:
    // two edits of four letters).
    let out = check("Exp.i3InboundFlow", EXPORT);
    assert_eq!(
        diagnostic(&out, "error[unknownFunction]"),
        "error[unknownFunction]: unknown function `Len`
  --> Exp.i3InboundFlow:13:33: flow `Exp`, node `a1`, property `flowSequenceItemList[0].actionList[0].expression`
   |
   | Len(\"ab\") > 0 and Hour(1) == 3
   | ^^^"
    );
}

#[test]
fn an_unreachable_export_action_is_placed_at_its_object() {
    let out = check("Exp.i3InboundFlow", EXPORT.replace("Len(", "ToInt(").as_str());
    assert_eq!(
        diagnostic(&out, "warning[unreachableNode]"),
        "warning[unreachableNode]: no path leads to node `Never (#5)` from the start node
  --> Exp.i3InboundFlow:17:8: flow `Exp`, node `Never (#5)`
   |
   |        {\"__type\": \"DisconnectAction\", \"id\": \"a3\", \"name\": \"Never\", \"trackingId\": 5}
   |        ^
   = help: connect it, or delete it"
    );
}

#[test]
fn an_action_after_one_that_ends_the_flow_is_unreachable() {
    let flow = r#"inboundCall:
  name: After
  startUpRef: "/inboundCall/tasks/task[Start_1]"
  defaultLanguage: en-us
  tasks:
    - task:
        name: Start
        refId: Start_1
        actions:
          - playAudio:
              name: Hello
              audio:
                tts: Hello
          - disconnect:
              name: Bye
          - playAudio:
              name: Never
              audio:
                tts: never
          - jumpToTask:
              name: Again
              targetTaskRef: "/inboundCall/tasks/task[Start_1]"
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("after.yaml"), flow).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--color", "never", "after.yaml"]);
    assert_eq!(o.code, 0, "warnings only: {}{}", o.stdout, o.stderr);
    assert_eq!(
        diagnostic(&o.stdout, "warning[unreachableNode]: no path leads to node `Start/Never`"),
        "warning[unreachableNode]: no path leads to node `Start/Never` from the start node (nor to the action it leads to)
  --> after.yaml:16:13: flow `After`, node `Start/Never`
   |
   |           - playAudio:
   |             ^^^^^^^^^
   = help: connect it, or delete it"
    );
    // One message per mistake: the jump after it is unreached with it, not reported apart.
    assert!(!o.stdout.contains("node `Start/Again` from the start node"), "{}", o.stdout);
    assert!(!o.stdout.contains("node `Start/Hello`"), "{}", o.stdout);
}

/// The `file:line:column` of every diagnostic of `stdout` whose first line starts with `head`,
/// in order.
fn places_of(stdout: &str, head: &str) -> Vec<String> {
    stdout
        .split("\n\n")
        .filter(|d| d.starts_with(head))
        .filter_map(|d| d.lines().nth(1)?.trim_start().strip_prefix("--> "))
        .map(|at| at.split(": ").next().unwrap_or(at).to_owned())
        .collect()
}

/// The 1-based line and column of byte `at` of `text`, counted here by hand.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or(before).chars().count() + 1;
    (line, col)
}

#[test]
fn many_diagnostics_in_one_file_are_each_placed_at_their_own_expression() {
    const N: usize = 300;
    // Actions whose expressions alternate between plain and quoted scalars, each with its own
    // `Hour(<integer>)`: the error is under the integer.
    let mut flow = String::from(
        "inboundCall:\n  name: Many\n  startUpRef: \"/inboundCall/tasks/task[Start_1]\"\n  defaultLanguage: en-us\n  tasks:\n    - task:\n        name: Start\n        refId: Start_1\n        actions:\n",
    );
    for k in 0..N {
        let exp = if k % 2 == 0 {
            format!("Hour({k}) == 3")
        } else {
            format!("\"ToInt(\\\"é\\\") > 0 and Hour({k}) == 3\"")
        };
        flow.push_str(&format!(
            "          - decision:\n              name: D{k}\n              condition:\n                exp: {exp}\n"
        ));
    }
    flow.push_str("          - disconnect:\n              name: Bye\n");
    let out = check("many.yaml", &flow);
    let expected: Vec<String> = (0..N)
        .map(|k| {
            let at = flow.find(&format!("Hour({k})")).unwrap() + "Hour(".len();
            let (line, col) = line_col(&flow, at);
            format!("many.yaml:{line}:{col}")
        })
        .collect();
    assert_eq!(places_of(&out, "error[typeMismatch]: Hour"), expected);

    // An export written on one line, as the API returns one: every action and string on it.
    let actions: Vec<String> = (0..N)
        .map(|k| {
            let next = if k + 1 < N { format!("a{}", k + 1) } else { "end".to_owned() };
            format!(
                r#"{{"__type": "DecisionAction", "id": "a{k}", "name": "D{k}", "trackingId": {k}, "expression": {{"text": "ToInt(\"é\") > 0 and Hour({k}) == 3", "type": "bool"}}, "paths": [{{"outputId": "__YES__", "label": "Yes", "nextActionId": "{next}"}}, {{"outputId": "__NO__", "label": "No", "nextActionId": "{next}"}}]}}"#
            )
        })
        .collect();
    let export = format!(
        r#"{{"name": "Many", "type": "INBOUNDCALL", "initialSequence": "t1", "flowSequenceItemList": [{{"__type": "Task", "id": "t1", "name": "Main", "startAction": "a0", "actionList": [{}, {{"__type": "DisconnectAction", "id": "end", "name": "Bye", "trackingId": 9999}}, {{"__type": "DisconnectAction", "id": "never", "name": "Never", "trackingId": 10000}}]}}]}}"#,
        actions.join(", ")
    );
    let out = check("Many.i3InboundFlow", &export);
    let expected: Vec<String> = (0..N)
        .map(|k| {
            let at = export.find(&format!("Hour({k})")).unwrap() + "Hour(".len();
            let (line, col) = line_col(&export, at);
            format!("Many.i3InboundFlow:{line}:{col}")
        })
        .collect();
    assert_eq!(places_of(&out, "error[typeMismatch]: Hour"), expected);
    let never = export.find(r#"{"__type": "DisconnectAction", "id": "never""#).unwrap();
    let (line, col) = line_col(&export, never);
    assert_eq!(
        places_of(&out, "warning[unreachableNode]"),
        [format!("Many.i3InboundFlow:{line}:{col}")]
    );
}

const LITS: &str = r#"inboundCall:
  name: Lits
  startUpRef: "/inboundCall/tasks/task[Start_1]"
  defaultLanguage: en-us
  variables:
    - integerVariable:
        name: Flow.n
        initialValue:
          lit: 1
    - stringVariable:
        name: Flow.s
  tasks:
    - task:
        name: Start
        refId: Start_1
        actions:
          - collectInput:
              name: Digits
              inputData: {var: Flow.s}
              digits: {exact: 4}
              noEntryTimeout: {lit: {seconds: 150}}
          - updateData:
              name: Twice
              statements:
                - integer:
                    variable: Flow.n
                    value:
                      exp: Hour(Flow.n)
                - integer:
                    variable: Flow.n
                    value:
                      exp: Hour(Flow.n)
          - disconnect:
              name: Bye
"#;

#[test]
fn a_diagnostic_about_a_literal_is_placed_at_the_value() {
    let out = check("lits.yaml", LITS);
    assert_eq!(places_of(&out, "warning[badPropertyValue]"), ["lits.yaml:21:37"], "{out}");
}

#[test]
fn identical_expressions_of_one_action_are_each_placed_at_their_own() {
    let out = check("lits.yaml", LITS);
    assert_eq!(
        places_of(&out, "error[typeMismatch]: Hour"),
        ["lits.yaml:28:33", "lits.yaml:32:33"],
        "{out}"
    );
}

#[test]
fn an_export_wrapped_as_the_api_returns_it_is_placed_in_the_file() {
    // The export one level down, under `configuration`: its lines after the first as they were.
    let wrapped = format!("{{\"id\": \"f1\", \"configuration\": {}}}\n", EXPORT.trim_end());
    let out = check("Exp.i3InboundFlow", &wrapped);
    assert_eq!(places_of(&out, "error[unknownFunction]"), ["Exp.i3InboundFlow:13:33"]);
    let out = check("Exp.i3InboundFlow", &wrapped.replace("Len(", "ToInt("));
    assert_eq!(places_of(&out, "error[typeMismatch]"), ["Exp.i3InboundFlow:13:60"]);
    assert_eq!(places_of(&out, "warning[unreachableNode]"), ["Exp.i3InboundFlow:17:8"]);
}

#[test]
fn a_base64_export_is_placed_at_the_start_of_its_encoded_text() {
    let encoded = crate::support::architect_encoding(&EXPORT.replace("Len(", "ToInt("));
    let out = check("Exp.i3InboundFlow", &format!("\n  {encoded}\n"));
    assert_eq!(
        diagnostic(&out, "error[typeMismatch]"),
        "error[typeMismatch]: Hour: argument 1 must be DateTime, not Integer
  --> Exp.i3InboundFlow:2:3: flow `Exp`, node `Check (#3)`, property `condition`
   |
   | ToInt(\"ab\") > 0 and Hour(1) == 3
   |                          ^
   = help: Hour(DateTime) -> Integer"
    );
    assert_eq!(places_of(&out, "warning[unreachableNode]"), ["Exp.i3InboundFlow:2:3"]);
}

/// A Collect Input with `digits` and `noEntryTimeout` as `value` and `timeout` give them.
fn collect(digits: &str, timeout: &str) -> String {
    format!(
        r#"inboundCall:
  name: Named
  startUpRef: "/inboundCall/tasks/task[Start_1]"
  defaultLanguage: en-us
  variables:
    - stringVariable:
        name: Flow.s
  tasks:
    - task:
        name: Start
        refId: Start_1
        actions:
          - collectInput:
              name: Digits
              inputData: {{var: Flow.s}}
              digits: {{exact: {digits}}}
              noEntryTimeout: {{lit: {{seconds: {timeout}}}}}
          - disconnect:
              name: Bye
"#
    )
}

#[test]
fn digits_exact_not_a_number_is_named_by_the_key_the_author_wrote() {
    let out = check("named.yaml", &collect("seven", "5"));
    let d = diagnostic(&out, "error[badPropertyType]");
    assert!(d.contains("`digits.exact` must be an Integer"), "{out}");
    assert!(d.contains("property `digits.exact`"), "{out}");
    assert!(!out.contains("digitsMax") && !out.contains("digitsMin"), "{out}");
    assert_eq!(places_of(&out, "error[badPropertyType]"), ["named.yaml:16:31"], "{out}");
}

#[test]
fn a_duration_unit_that_is_not_a_number_is_named_and_placed_at_the_value() {
    let out = check("named.yaml", &collect("4", "six"));
    let d = diagnostic(&out, "error[badPropertyType]");
    assert!(d.contains("`noEntryTimeout`'s `seconds` must be a number, not `six`"), "{out}");
    assert!(!d.contains("mapping"), "{out}");
    let caret = d.lines().find(|l| l.contains('^')).unwrap_or_default();
    assert_eq!(caret.trim_start_matches([' ', '|']), "^^^", "{out}");
    assert_eq!(caret.find('^'), d.lines().find(|l| l.contains("six}")).and_then(|l| l.find("six")));
    assert_eq!(places_of(&out, "error[badPropertyType]"), ["named.yaml:17:47"], "{out}");
}

#[test]
fn a_misspelt_module_input_is_placed_at_its_name_with_the_input_meant() {
    let module = "commonModule:
  name: Helper
  startUpTaskActions:
    - disconnect: {name: Done}
  variables:
    - stringVariable: {name: Common.account, initialValue: {noValue: true}, isInput: true}
    - stringVariable: {name: Common.inner, initialValue: {noValue: true}}
";
    let caller = r#"inboundCall:
  name: Caller
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-us
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - callCommonModule:
              name: Use helper
              commonModule:
                Helper:
                  ver_latestPublished:
                    inputs:
                      Common.acount:
                        lit: "42"
          - disconnect: {name: Bye}
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("module.yaml"), module).unwrap();
    std::fs::write(dir.path().join("caller.yaml"), caller).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--color", "never", "caller.yaml", "module.yaml"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let d = diagnostic(&o.stdout, "error[moduleBinding]");
    assert_eq!(places_of(&o.stdout, "error[moduleBinding]"), ["caller.yaml:16:23"], "{d}");
    assert!(
        d.contains(
            "|                       Common.acount:\n   |                       ^^^^^^^^^^^^^\n"
        ),
        "{d}"
    );
    assert!(d.contains("did you mean `Common.account`"), "{d}");
}
