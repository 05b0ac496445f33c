//! Issue 79: `check` reports every fact of a flow no run can honour, each with its code, and
//! nothing Architect publishes (docs/check.md, "What check promises").

use crate::cli::flowsim;
use crate::support::{archy_task_flow, check_errors};

/// The errors of a call flow whose one task runs `actions`, as `code: message`.
fn errors_of(actions: &str) -> Vec<String> {
    check_errors(&archy_task_flow("inboundCall", actions))
}

#[track_caller]
fn has(errors: &[String], code: &str, part: &str) {
    assert!(
        errors.iter().any(|e| e.starts_with(&format!("{code}: ")) && e.contains(part)),
        "no `{code}` error saying `{part}` in {errors:#?}"
    );
}

/// A key written twice in an action: the YAML reader sees both, and `check` names each
/// repeat at its place (YAML readers disagree on which value wins).
#[test]
fn a_key_written_twice_in_an_action_is_an_error() {
    let errors = errors_of(
        "          - playAudio:
              name: Hello
              name: Hi
              audio: {tts: Hello}
          - transferToAcd:
              name: Twice
              targetQueue: {lit: {name: Sales}}
              targetQueue: {lit: {name: Support}}
",
    );
    has(&errors, "duplicateKey", "duplicate key `name` (first written at line 15 column 15)");
    has(&errors, "duplicateKey", "duplicate key `targetQueue`");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    // In the CLI, at the second key.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.yaml");
    std::fs::write(
        &file,
        archy_task_flow(
            "inboundCall",
            "          - disconnect:\n              name: A\n              name: B\n",
        ),
    )
    .unwrap();
    let o = flowsim(&["check", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("error[duplicateKey]: duplicate key `name`"), "{}", o.stdout);
    assert!(o.stdout.contains("f.yaml:16:15"), "{}", o.stdout);
}

/// A menu choice no keypad can press, and one whose key an earlier choice takes.
#[test]
fn a_menu_choice_no_caller_can_take_is_an_error() {
    let flow = "inboundCall:
  name: F
  startUpRef: ./menus/menu[M_1]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press}
        choices:
          - menuDisconnect: {name: Twelve, dtmf: digit_12}
          - menuDisconnect: {name: One, dtmf: digit_1}
          - menuDisconnect: {name: Star, dtmf: digit_star}
          - menuDisconnect: {name: One again, dtmf: digit_1}
";
    let errors = check_errors(flow);
    has(&errors, "unreachableChoice", "`digit_12` is no key of a phone's keypad");
    has(&errors, "unreachableChoice", "`digit_1` is taken by an earlier choice");
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

/// A variable declared twice in one scope (names compare ignoring case).
#[test]
fn a_variable_declared_twice_is_an_error() {
    let flow = crate::support::main_task_flow(
        "inboundCall",
        "F",
        "  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - stringVariable: {name: Flow.choice, initialValue: {lit: a}}
    - stringVariable: {name: Flow.Choice, initialValue: {lit: b}}
",
        "          - disconnect: {name: Bye}\n",
    );
    let errors = check_errors(&flow);
    has(
        &errors,
        "duplicateVariable",
        "`Flow.Choice` is declared twice in the flow's variables (first as `Flow.choice`)",
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

/// A blank literal name of an org object and a literal outside its range.
#[test]
fn a_blank_name_and_an_out_of_range_literal_are_errors() {
    let errors = errors_of(
        "          - transferToAcd:
              name: Blank
              targetQueue: {lit: {name: \"\"}}
",
    );
    has(&errors, "blankName", "`targetQueue` names a queue by a blank name");
    let flow = "inboundCall:
  name: F
  startUpRef: ./menus/menu[M_1]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press}
        settingsMenu:
          repeatCount: {lit: REPEATS}
        choices:
          - menuDisconnect: {name: One, dtmf: digit_1}
";
    let errors = check_errors(&flow.replace("REPEATS", "-1"));
    has(&errors, "outOfRange", "the menu's repeatCount is -1; Architect takes 0 to 10");
    assert!(check_errors(&flow.replace("REPEATS", "11"))
        .iter()
        .any(|e| e.starts_with("outOfRange")));
    for ok in ["0", "10"] {
        assert!(check_errors(&flow.replace("REPEATS", ok)).is_empty(), "{ok} repeats is fine");
    }
}

/// What published call flows call passes: the Find functions of a String outside email flows.
#[test]
fn the_find_functions_are_not_limited_to_email_flows() {
    let errors = errors_of(
        "          - updateData:
              name: Look up
              statements:
                - string: {variable: Flow.q, value: {exp: 'ToString(FindQueue(\"Sales\"))'}}
                - string: {variable: Flow.s, value: {exp: 'ToString(FindSkill(\"Billing\"))'}}
                - string: {variable: Flow.u, value: {exp: 'ToString(FindUser(\"ann@example.com\"))'}}
          - transferToAcd:
              name: To sales
              targetQueue: {exp: 'FindQueue(\"Sales\")'}
              languageSkill: {exp: 'FindLanguageSkill(\"English\")'}
",
    );
    assert!(errors.is_empty(), "{errors:#?}");
}
