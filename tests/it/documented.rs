//! Behaviours Genesys documents, each on the smallest Archy flow that shows it (the page and
//! its words are in docs/architect.md).

use serde_json::json;

use crate::support::main_task_flow;
use crate::support::{inline_registry as registry, result_json as json, run_json as run};

/// The ids of the actions a run took, in order.
fn path(j: &serde_json::Value) -> Vec<String> {
    j["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["nodeId"].as_str().unwrap().to_string())
        .collect()
}

/// What a run said, in order.
fn said(j: &serde_json::Value) -> serde_json::Value {
    j["prompts"].as_array().unwrap().iter().map(|p| p["text"].clone()).collect()
}

/// A call flow with one task, `Main`, holding `actions` (indented for the task's list).
fn call_flow(name: &str, variables: &str, actions: &str) -> String {
    format!(
        "inboundCall:\n  name: {name}\n  startUpRef: ./tasks/task[Main_1]\n  variables:\n{variables}  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n{actions}"
    )
}

#[test]
fn a_first_match_switch_takes_the_first_case_equal_to_its_value() {
    let flow = call_flow(
        "Tier",
        "    - stringVariable: {name: Flow.tier, initialValue: {noValue: true}, isInput: true}\n",
        "          - switch:
              name: S
              evaluate:
                firstMatch:
                  string: {exp: Flow.tier}
                  cases:
                    - case:
                        value: {lit: gold}
                        actions: [{playAudio: {name: Gold, audio: {tts: gold}}}]
                    - case:
                        value: {lit: silver}
                        actions: [{playAudio: {name: Silver, audio: {tts: silver}}}]
                  default:
                    actions: [{playAudio: {name: Other, audio: {tts: other}}}]
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    for (tier, heard) in [(json!("silver"), "silver"), (json!("bronze"), "other")] {
        let r = run(&reg, json!({"flowName": "Tier", "variables": {"Flow.tier": tier}}));
        assert_eq!(said(&json(&r)), json!([heard]), "{tier}");
    }
    // NOT_SET equals no case's value: the default path, not an error.
    let r = run(&reg, json!({"flowName": "Tier"}));
    assert_eq!(said(&json(&r)), json!(["other"]));
    assert!(r.error.is_none());
}

#[test]
fn a_not_set_decision_condition_goes_to_the_flows_error_handling() {
    let flow = call_flow(
        "Cond",
        "    - booleanVariable: {name: Flow.b, initialValue: {noValue: true}}\n",
        "          - decision:
              name: D
              condition: {exp: Flow.b}
              outputs:
                \"yes\": {actions: [{playAudio: {name: Y, audio: {tts: yes}}}]}
                \"no\": {actions: [{playAudio: {name: N, audio: {tts: no}}}]}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let r = run(&reg, json!({"flowName": "Cond"}));
    let j = json(&r);
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert_eq!(said(&j), json!([]), "neither path is taken");
}

/// The NOT_SET page's examples in an Update Data action: `5+Flow.MyInteger` with a NOT_SET
/// variable invokes the error handler; the guarded form treats it as 0; a NOT_SET string is
/// not a blank one.
#[test]
fn update_data_with_a_not_set_operand_invokes_the_error_handler_and_isset_guards_it() {
    let update = |value: &str| {
        call_flow(
            "Sum",
            "    - integerVariable: {name: Flow.MyInteger, initialValue: {noValue: true}}
    - integerVariable: {name: Flow.total, initialValue: {lit: 0}, isOutput: true}
    - booleanVariable: {name: Flow.blank, initialValue: {noValue: true}, isOutput: true}
",
            &format!(
                "          - updateData:
              name: Add
              statements:
                - boolean: {{variable: Flow.blank, value: {{exp: 'ToString(NOT_SET) == \"\"'}}}}
                - integer: {{variable: Flow.total, value: {{exp: '{value}'}}}}
          - playAudio: {{name: Said, audio: {{exp: ToString(Flow.total)}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let reg = registry(&[&update("5+Flow.MyInteger")]);
    let j = json(&run(&reg, json!({"flowName": "Sum"})));
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert_eq!(said(&j), json!([]), "the flow's error handling took over");
    assert_eq!(j["variables"]["Flow.blank"], false, "the statement before it was kept");
    let reg = registry(&[&update("5+If(IsSet(Flow.MyInteger),Flow.MyInteger,0)")]);
    let j = json(&run(&reg, json!({"flowName": "Sum"})));
    assert!(j["error"].is_null(), "{j:#}");
    assert_eq!(said(&j), json!(["5"]));
}

/// Implicit casting: a value for a String variable is the text `ToString` gives it; for an
/// Integer, what `ToInt` gives.
#[test]
fn update_data_casts_a_value_to_its_statements_type_implicitly() {
    let flow = call_flow(
        "Cast",
        "    - stringVariable: {name: Flow.sum, initialValue: {noValue: true}, isOutput: true}
    - stringVariable: {name: Flow.when, initialValue: {noValue: true}, isOutput: true}
    - stringVariable: {name: Flow.price, initialValue: {noValue: true}, isOutput: true}
",
        "          - updateData:
              name: Cast
              statements:
                - string: {variable: Flow.sum, value: {exp: '3+4'}}
                - string: {variable: Flow.when, value: {exp: 'MakeDateTime(2026, 1, 2, 3, 4, 5)'}}
                - string: {variable: Flow.price, value: {exp: 'MakeCurrency(5.5, \"USD\")'}}
          - playAudio: {name: Explicit, audio: {exp: 'Append(ToString(MakeDateTime(2026, 1, 2, 3, 4, 5)), \" \", ToString(MakeCurrency(5.5, \"USD\")))'}}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "Cast"})));
    assert_eq!(
        j["outputs"],
        json!({"Flow.sum": "7", "Flow.when": "2026-01-02T03:04:05Z", "Flow.price": "5.50|USD"}),
        "{j:#}"
    );
    assert_eq!(said(&j), json!(["2026-01-02T03:04:05Z 5.50|USD"]), "the same text as ToString");
    // Into an Integer: text through ToInt, a Decimal too; text that is no number fails.
    let flow = |value: &str| {
        call_flow(
            "Int",
            "    - integerVariable: {name: Flow.n, initialValue: {noValue: true}, isOutput: true}\n",
            &format!(
                "          - updateData:
              name: Cast
              statements:
                - integer: {{variable: Flow.n, value: {{exp: '{value}'}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    for (value, n) in [("\"12\"", json!(12)), ("7 / 2", json!(3))] {
        let reg = registry(&[&flow(value)]);
        let j = json(&run(&reg, json!({"flowName": "Int"})));
        assert_eq!(j["outputs"]["Flow.n"], n, "{value}: {j:#}");
    }
    let reg = registry(&[&flow("\"twelve\"")]);
    let j = json(&run(&reg, json!({"flowName": "Int"})));
    assert_eq!(j["error"]["kind"], "conversion", "{j:#}");
}

/// Participant data are strings, names case-sensitive: a value of another type is set as the
/// text `ToString` gives it, and `Note` is not `note`.
#[test]
fn participant_data_are_strings_under_case_sensitive_names() {
    let flow = call_flow(
        "Pd",
        "    - stringVariable: {name: Flow.same, initialValue: {noValue: true}, isOutput: true}
    - stringVariable: {name: Flow.other, initialValue: {noValue: true}, isOutput: true}
",
        "          - setParticipantData:
              name: Set
              attributes:
                - attribute: {name: {lit: note}, value: {exp: 'MakeCurrency(5.5, \"USD\")'}}
                - attribute: {name: {lit: when}, value: {exp: 'MakeDateTime(2026, 1, 2, 3, 4, 5)'}}
          - getParticipantData:
              name: Get
              attributes:
                - attribute: {name: {lit: note}, variable: Flow.same}
                - attribute: {name: {lit: Note}, variable: Flow.other}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "Pd"})));
    assert_eq!(
        j["participantData"],
        json!({"note": "5.50|USD", "when": "2026-01-02T03:04:05Z"}),
        "{j:#}"
    );
    assert_eq!(j["outputs"], json!({"Flow.same": "5.50|USD", "Flow.other": null}));
}

const COLLECT: &str =
    "    - stringVariable: {name: Flow.a, initialValue: {noValue: true}, isOutput: true}
    - stringVariable: {name: Flow.b, initialValue: {noValue: true}, isOutput: true}
";

/// Two Collect Inputs in a row, the first with `first` extra settings.
fn two_collects(first: &str) -> String {
    call_flow(
        "Digits",
        COLLECT,
        &format!(
            "          - collectInput:
              name: A
              inputData: {{var: Flow.a}}
              digits: {{range: {{min: 1, max: 4}}}}
{first}              outputs:
                failure: {{actions: [{{playAudio: {{name: Failed, audio: {{tts: failed}}}}}}]}}
          - collectInput:
              name: B
              inputData: {{var: Flow.b}}
              digits: {{exact: 1}}
          - disconnect: {{name: Bye}}
"
        ),
    )
}

#[test]
fn collect_input_stops_at_its_terminator_and_passes_what_follows_to_the_next_input() {
    let reg = registry(&[&two_collects("              terminatingDtmf: {lit: \"#\"}\n")]);
    // "12#5": 12 for A, the # ends it, 5 was typed ahead for B: one input entry serves both.
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["12#5"]}));
    assert_eq!(json(&r)["outputs"], json!({"Flow.a": "12", "Flow.b": "5"}));
    // More than digitsMax: the first four are A's, the fifth is B's.
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["12345"]}));
    assert_eq!(json(&r)["outputs"], json!({"Flow.a": "1234", "Flow.b": "5"}));
    // The opposite of the terminator (`*` when it is `#`) takes failure.
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["12*", "7"]}));
    assert_eq!(said(&json(&r)), json!(["failed"]));
}

/// "You can allow the caller to enter a range of digits with a terminating digit or character"
/// (Collect Input action): Archy writes the terminator inside the range, in its DTMF form
/// (`digit_9`), as the Scripting SDK's `setDigitsRange(min, max, terminatingDtmf)` sets it.
#[test]
fn a_range_of_digits_ends_at_its_terminating_digit() {
    let flow = call_flow(
        "Range",
        COLLECT,
        "          - collectInput:
              name: A
              inputData: {var: Flow.a}
              digits:
                range:
                  terminatingDtmf: digit_9
                  min: 1
                  max: 2
              includeTerminatingDtmfInResultData: false
              outputs:
                failure: {actions: [{playAudio: {name: Failed, audio: {tts: failed}}}]}
          - disconnect: {name: Bye}
",
    );
    let report =
        flowsim::flow::Registry::from_sources([(std::path::Path::new("r.yaml"), flow.as_str())]);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let reg = registry(&[&flow]);
    // 9 ends the entry: "2" is kept, where without the terminator "29" would be.
    let r = run(&reg, json!({"flowName": "Range", "inputs": ["29"]}));
    assert_eq!(json(&r)["outputs"], json!({"Flow.a": "2", "Flow.b": null}));
    // The terminator alone is fewer digits than the range's minimum: failure.
    let r = run(&reg, json!({"flowName": "Range", "inputs": ["9"]}));
    assert_eq!(said(&json(&r)), json!(["failed"]));
}

#[test]
fn include_terminating_dtmf_keeps_the_terminator_in_the_result() {
    let reg = registry(&[&two_collects(
        "              terminatingDtmf: {lit: \"*\"}\n              includeTerminatingDtmfInResultData: {lit: true}\n",
    )]);
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["42*", "1"]}));
    assert_eq!(json(&r)["outputs"], json!({"Flow.a": "42*", "Flow.b": "1"}));
}

/// Collect Input action examples, scenario 3: with "Accept just `*`" a caller who presses only
/// `*` gives the string `*`; without it, a lone `*` is no entry the action takes.
#[test]
fn accept_just_star_gives_the_flow_a_lone_star() {
    let reg = registry(&[&two_collects("              acceptJustStar: {lit: true}\n")]);
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["*", "1"]}));
    assert_eq!(json(&r)["outputs"], json!({"Flow.a": "*", "Flow.b": "1"}));
    let reg = registry(&[&two_collects("              acceptJustStar: {lit: false}\n")]);
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["*", "1"]}));
    assert_eq!(said(&json(&r)), json!(["failed"]));
}

#[test]
fn without_a_terminator_a_pound_is_no_digit() {
    let reg = registry(&[&two_collects("")]);
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["12#", "1"]}));
    assert_eq!(said(&json(&r)), json!(["failed"]));
}

#[test]
fn a_bad_terminating_dtmf_fails_loudly() {
    let reg = registry(&[&two_collects("              terminatingDtmf: {lit: \"x\"}\n")]);
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["1"]}));
    assert_eq!(json(&r)["error"]["kind"], "typeMismatch");
}

#[test]
fn digits_typed_past_a_collect_input_choose_in_the_next_menu() {
    let flow = "inboundCall:
  name: Ahead
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {name: Flow.acct, initialValue: {noValue: true}, isOutput: true}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - collectInput:
              name: Account
              inputData: {var: Flow.acct}
              digits: {exact: 3}
          - jumpToMenu: {name: To menu, targetMenuRef: './menus/menu[M_2]'}
  menus:
    - menu:
        name: M
        refId: M_2
        audio: {tts: Press 2.}
        choices:
          - menuDisconnect: {name: Two, dtmf: digit_2}
";
    let reg = registry(&[flow]);
    let r = run(&reg, json!({"flowName": "Ahead", "inputs": ["1232"]}));
    let j = json(&r);
    assert_eq!(j["outputs"], json!({"Flow.acct": "123"}));
    assert_eq!(path(&j).last().map(String::as_str), Some("M/Two"), "{j:#}");
}

#[test]
fn a_failed_transfer_in_a_menu_plays_the_menu_again() {
    let flow = "inboundCall:
  name: MenuTransfer
  startUpRef: ./menus/menu[M_1]
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press 1.}
        settingsMenu: {repeatCount: {lit: 2}}
        choices:
          - menuTransferToAcd:
              name: Sales
              dtmf: digit_1
              targetQueue: {lit: {name: Nowhere}}
          - menuDisconnect: {name: Quit, dtmf: digit_9}
";
    let reg = registry(&[flow]);
    let r = run(&reg, json!({"flowName": "MenuTransfer", "inputs": ["1", "9"]}));
    let j = json(&r);
    assert_eq!(path(&j), ["M", "M/Sales", "M", "M/Quit"], "{j:#}");
    assert_eq!(j["status"], "disconnected");
}

/// A task that jumps to itself forever.
const ENDLESS: &str = "
  tasks:
    - task:
        name: Spin
        refId: Spin_1
        actions:
          - jumpToTask: {name: Again, targetTaskRef: './tasks/task[Spin_1]'}
    - task:
        name: Recover
        refId: Recover_2
        actions:
          - playAudio: {name: Sorry, audio: {tts: Sorry.}}
          - transferToAcd: {name: Agent, targetQueue: {lit: {name: Support}}}
";

#[test]
fn ten_thousand_actions_enter_the_flows_error_handling() {
    let flow = format!("inboundCall:\n  name: Spin\n  startUpRef: ./tasks/task[Spin_1]{ENDLESS}");
    let reg = registry(&[&flow]);
    let r = run(&reg, json!({"flowName": "Spin"}));
    let j = json(&r);
    // No settingsErrorHandling: a call flow disconnects, and the error names the limit.
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["error"]["kind"], "actionLimit");
    assert_eq!(j["trace"].as_array().unwrap().len(), 10_000);
}

#[test]
fn a_handler_that_jumps_gets_a_thousand_more_actions_then_a_silent_disconnect() {
    let handled = |target: &str| {
        format!(
            "inboundCall:\n  name: Spin\n  startUpRef: ./tasks/task[Spin_1]\n  settingsErrorHandling:\n    errorHandling:\n      jumpToTask:\n        targetTaskRef: ./tasks/task[{target}]\n{ENDLESS}"
        )
    };
    let reg = registry(&[&handled("Recover_2")]);
    let r = run(&reg, json!({"flowName": "Spin"}));
    let j = json(&r);
    assert_eq!(said(&j), json!(["Sorry."]), "{}", j["error"]);
    assert_eq!(j["error"]["kind"], "actionLimit");
    // The handler jumps back into the loop: 1,000 more actions, then the call disconnects.
    let reg = registry(&[&handled("Spin_1")]);
    let r = run(&reg, json!({"flowName": "Spin"}));
    let j = json(&r);
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["trace"].as_array().unwrap().len(), 11_000);
}

/// A call flow named `name` that runs 3,000 loop iterations of one action (6,001 actions:
/// the loop is entered each iteration) and then runs `last`.
fn busy_flow(name: &str, last: &str) -> String {
    format!(
        "inboundCall:\n  name: {name}\n  startUpRef: ./tasks/task[T_1]\n  variables:\n    \
         - integerVariable: {{name: Flow.n, initialValue: {{lit: 0}}}}\n  tasks:\n    - task:\n        \
         name: T\n        refId: T_1\n        actions:\n          - loop:\n              name: Busy\n              \
         loopCount: {{lit: 3000}}\n              outputs:\n                loop:\n                  actions:\n                    \
         - updateData:\n                        name: Count\n                        statements:\n                          \
         - integer: {{variable: Flow.n, value: {{exp: Flow.n + 1}}}}\n          - {last}\n"
    )
}

#[test]
fn the_ten_thousand_actions_count_per_flow_invocation() {
    // "The maximum number of actions Architect runs per flow invocation is 10,000": a flow
    // transferred to starts its own count, so two flows of 6,000 actions each run to the end.
    let first = busy_flow("First", "transferToFlow: {name: On, targetFlow: {lit: {name: Second}}}");
    let second = busy_flow("Second", "disconnect: {name: Bye}");
    let reg = registry(&[&first, &second]);
    let j = json(&run(&reg, json!({"flowName": "First"})));
    assert_eq!(j["status"], "disconnected", "{}", j["error"]);
    assert_eq!(j["error"], serde_json::Value::Null);
    assert!(j["trace"].as_array().unwrap().len() > 12_000);
    // A flow that transfers to itself forever counts afresh each time: the run's own step limit
    // (50,000 by default for an Architect flow) ends it.
    let again = busy_flow("Again", "transferToFlow: {name: On, targetFlow: {lit: {name: Again}}}");
    let reg = registry(&[&again]);
    let j = json(&run(&reg, json!({"flowName": "Again"})));
    assert_eq!(j["status"], "stepLimit", "{}", j["error"]);
    assert_eq!(j["trace"].as_array().unwrap().len(), 50_000);
}

#[test]
fn a_request_may_still_ask_for_fewer_steps() {
    let flow = format!("inboundCall:\n  name: Spin\n  startUpRef: ./tasks/task[Spin_1]{ENDLESS}");
    let reg = registry(&[&flow]);
    let r = run(&reg, json!({"flowName": "Spin", "maxSteps": 50}));
    assert_eq!(json(&r)["status"], "stepLimit");
}

/// A bot flow whose one bot runs `actions`.
fn bot_flow(actions: &str) -> String {
    format!(
        "botFlow:\n  name: Pd Bot\n  startUpRef: \"/botFlow/bots/bot[B_1]\"\n  variables:\n    - integerVariable: {{name: Flow.i, initialValue: {{lit: 0}}}}\n    - stringVariable: {{name: Flow.note}}\n  bots:\n    - bot:\n        name: Main\n        refId: B_1\n        actions:\n{actions}          - exitBotFlow: {{name: Done}}\n"
    )
}

#[test]
fn a_bot_session_keeps_genesyss_participant_data_limits() {
    let set = |value: &str| {
        format!(
            "              attributes:\n                - attribute: {{name: {{lit: note}}, value: {{exp: '{value}'}}}}\n"
        )
    };
    // A value of 256 characters is kept; 257 is an error for the flow's error handling.
    for (len, kind) in [(256, None), (257, Some("participantDataLimit"))] {
        let value = format!("\"{}\"", "x".repeat(len));
        let flow = bot_flow(&format!(
            "          - setParticipantData:\n              name: Set\n{}",
            set(&value)
        ));
        let reg = registry(&[&flow]);
        let r = run(&reg, json!({"flowName": "Pd Bot"}));
        let j = json(&r);
        assert_eq!(j["error"]["kind"].as_str(), kind, "{len}: {}", j["error"]);
    }
    // The 51st run of Set Participant Data in one bot session is one too many.
    let flow = bot_flow(
        "          - loop:
              name: Many
              currentIndex: {var: Flow.i}
              loopCount: {lit: 51}
              outputs:
                loop:
                  actions:
                    - setParticipantData:
                        name: Set
                        attributes:
                          - attribute: {name: {lit: note}, value: {exp: ToString(Flow.i)}}
",
    );
    let reg = registry(&[&flow]);
    let r = run(&reg, json!({"flowName": "Pd Bot"}));
    let j = json(&r);
    assert_eq!(j["error"]["kind"], "participantDataLimit");
    assert_eq!(j["participantData"]["note"], "49", "50 runs were kept");
}

/// Get Participant Data in a bot flow: 50 runs per bot session, then the flow's error handling.
#[test]
fn a_bot_session_runs_get_participant_data_at_most_fifty_times() {
    let many = |count: u32| {
        bot_flow(&format!(
            "          - loop:
              name: Many
              currentIndex: {{var: Flow.i}}
              loopCount: {{lit: {count}}}
              outputs:
                loop:
                  actions:
                    - getParticipantData:
                        name: Get
                        attributes:
                          - attribute: {{name: {{lit: note}}, variable: Flow.note}}
"
        ))
    };
    let reg = registry(&[&many(50)]);
    let j = json(&run(&reg, json!({"flowName": "Pd Bot"})));
    assert!(j["error"].is_null(), "50 runs are allowed: {}", j["error"]);
    let reg = registry(&[&many(51)]);
    let j = json(&run(&reg, json!({"flowName": "Pd Bot"})));
    assert_eq!(j["error"]["kind"], "participantDataLimit");
    assert_eq!(j["variables"]["Flow.i"], 50, "the 51st run fails");
}

/// A value the runner cannot read never falls back to a default in silence.
#[test]
fn a_value_that_cannot_be_read_fails_instead_of_taking_a_default() {
    let wait = |duration: &str| {
        // A message flow: call flows have no Wait.
        call_flow("Wait", "", &format!("          - wait: {{name: W, duration: {duration}}}\n          - disconnect: {{name: Bye}}\n"))
            .replacen("inboundCall:", "inboundShortMessage:", 1)
    };
    let reg = registry(&[&wait("{lit: PT5S}")]);
    let r = run(&reg, json!({"flowName": "Wait"}));
    assert_eq!(json(&r)["elapsedMs"], 5000, "Architect's text form of a duration is read");
    // Text that reads as no duration is refused at load (`check`: badPropertyType), where a run
    // would fail with `conversion`.
    let report = flowsim::flow::Registry::from_sources([(
        std::path::Path::new("wait.yaml"),
        wait("{lit: soon}").as_str(),
    )]);
    assert!(report.registry.is_none(), "{:#?}", report.diagnostics);
    assert!(
        report.diagnostics.iter().any(|d| d.code == flowsim::diag::Code::BadPropertyType
            && d.message.contains("`duration` must be a Duration, not String \"soon\"")),
        "{:#?}",
        report.diagnostics
    );
    let menu = "inboundCall:
  name: Menu
  startUpRef: ./menus/menu[M_1]
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press 1.}
        settingsMenu: {repeatCount: {lit: three}}
        choices:
          - menuDisconnect: {name: One, dtmf: digit_1}
";
    // A literal that does not read as the menu's Integer is refused at load, where a run would
    // fail: `check` names it (badPropertyType).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("menu.yaml");
    std::fs::write(&file, menu).unwrap();
    let o = crate::cli::flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("error[badPropertyType]: `menu`'s `repeatCount` must be an Integer, not String \"three\""), "{}", o.stdout);
}

#[test]
fn a_missing_data_table_is_named_as_genesys_names_it() {
    let flow = call_flow(
        "Table",
        "    - stringVariable: {name: Flow.type, initialValue: {noValue: true}, isOutput: true}\n",
        "          - dataTableLookup:
              name: Look
              lookupValue: {lit: k}
              dataTable:
                Gone:
                  failureOutputs: {errorType: {var: Flow.type}}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let r = run(&reg, json!({"flowName": "Table"}));
    let j = json(&r);
    assert_eq!(j["outputs"]["Flow.type"], "DataTablesTableNotFoundException");
    assert_eq!(j["trace"][0]["output"], "failure");
    assert_eq!(j["trace"][0]["error"]["kind"], "dataTableNotFound");
}

#[test]
fn collect_input_waits_five_seconds_for_an_entry_by_default() {
    let reg = registry(&[&two_collects("")]);
    let r = run(&reg, json!({"flowName": "Digits", "inputs": ["timeout", "1"]}));
    let j = json(&r);
    assert_eq!(said(&j), json!(["failed"]));
    assert_eq!(j["elapsedMs"], 5000);
}

/// "The minimum is one second, and the maximum is one minute and 39 seconds" ([Collect Input
/// action](https://help.mypurecloud.com/articles/collect-digits-data-action/)): a run waits at
/// most 99 s, and `check` warns of a literal outside the range.
#[test]
fn collect_inputs_no_entry_timeout_is_one_to_ninety_nine_seconds() {
    for (timeout, waited) in [
        ("{seconds: 150}", 99_000),
        ("{seconds: 0}", 1_000),
        ("{seconds: -5}", 1_000),
        ("{seconds: 30}", 30_000),
    ] {
        let flow = two_collects(&format!("              noEntryTimeout: {{lit: {timeout}}}\n"));
        let reg = registry(&[&flow]);
        let j = json(&run(&reg, json!({"flowName": "Digits", "inputs": ["timeout", "1"]})));
        assert_eq!(j["elapsedMs"], waited, "{timeout}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("digits.yaml"), &flow).unwrap();
        let o = crate::cli::flowsim(&[
            "check",
            "--color",
            "never",
            "--flows",
            dir.path().to_str().unwrap(),
        ]);
        assert_eq!(
            o.stdout.contains("warning[badPropertyValue]: Collect Input's No Entry Timeout"),
            waited != 30_000,
            "{timeout}: {}",
            o.stdout
        );
    }
}

/// "Architect also times out after a set period if a user enters less than the specified
/// number of digits or digits in the range"; "By default, the No Entry Timeout is 5 seconds and
/// the Inter-Digit Timeout is 3 seconds" ([Set the timeout
/// behavior](https://help.mypurecloud.com/articles/calculating-timeout-behavior/)): keys that end
/// neither at the terminator nor at the most digits end when the inter-digit timeout passes.
#[test]
fn keys_short_of_the_most_digits_end_when_the_inter_digit_timeout_passes() {
    let elapsed = |flow: &str, inputs: serde_json::Value| {
        let j = json(&run(&registry(&[flow]), json!({"flowName": "Digits", "inputs": inputs})));
        (j["outputs"].clone(), j["elapsedMs"].as_u64().unwrap())
    };
    // A takes one to four digits, B exactly one.
    let flow = two_collects("");
    let both = |a: &str| json!({"Flow.a": a, "Flow.b": "5"});
    assert_eq!(elapsed(&flow, json!(["12", "5"])), (both("12"), 3_000));
    // Four digits, A's most, end the entry at once; so does B's one.
    assert_eq!(elapsed(&flow, json!(["1234", "5"])), (both("1234"), 0));
    // So does a terminator.
    let flow = two_collects("              terminatingDtmf: {lit: \"#\"}\n");
    assert_eq!(elapsed(&flow, json!(["12#", "5"])), (both("12"), 0));
    // The action's own inter-digit timeout.
    let flow = two_collects("              interDigitTimeout: {lit: {seconds: 7}}\n");
    assert_eq!(elapsed(&flow, json!(["12", "5"])), (both("12"), 7_000));
    // Fewer digits than it needs: failure, once the timeout has passed.
    let flow = call_flow(
        "Digits",
        COLLECT,
        "          - collectInput:
              name: A
              inputData: {var: Flow.a}
              digits: {exact: 4}
          - disconnect: {name: Bye}
",
    );
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "Digits", "inputs": ["12"]})));
    assert_eq!((&j["trace"][0]["output"], &j["elapsedMs"]), (&json!("failure"), &json!(3_000)));
}

/// A call flow that notes where the caller came from and transfers to `Back Office`.
fn caller() -> String {
    main_task_flow(
        "inboundCall",
        "Front Door",
        "",
        "          - setParticipantData:
              name: Note
              attributes:
                - attribute: {name: {lit: from}, value: {lit: front}}
          - transferToFlow: {name: Onward, targetFlow: {lit: {name: Back Office}}}
",
    )
}

const TARGET: &str = "inboundCall:
  name: Back Office
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {name: Flow.from, initialValue: {noValue: true}, isOutput: true}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - getParticipantData:
              name: Read
              attributes:
                - attribute: {name: {lit: from}, variable: Flow.from}
          - playAudio: {name: Hello, audio: {exp: 'Append(\"Back office, from \", Flow.from)'}}
          - disconnect: {name: Bye}
";

#[test]
fn transfer_to_flow_goes_on_in_the_target_flow() {
    let reg = registry(&[&caller(), TARGET]);
    let r = run(&reg, json!({"flowName": "Front Door"}));
    let j = json(&r);
    assert_eq!(path(&j), ["Main/Note", "Main/Onward", "Main/Read", "Main/Hello", "Main/Bye"]);
    // Participant data persists across the transfer; the target's variables are its own.
    assert_eq!(said(&j), json!(["Back office, from front"]));
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["route"]["to"], "Back Office");
}

#[test]
fn transfer_to_the_same_flow_starts_it_again() {
    let flow = "inboundCall:
  name: Again
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {name: Flow.mark, initialValue: {lit: fresh}}
    - stringVariable: {name: Flow.pass, initialValue: {noValue: true}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - getParticipantData:
              name: Read
              attributes:
                - attribute: {name: {lit: pass}, variable: Flow.pass}
          - decision:
              name: Second time
              condition: {exp: IsSet(Flow.pass)}
              outputs:
                \"yes\":
                  actions:
                    - playAudio: {name: Say, audio: {exp: Flow.mark}}
                    - disconnect: {name: Bye}
          - updateData:
              name: Mark
              statements:
                - string: {variable: Flow.mark, value: {lit: used}}
          - setParticipantData:
              name: Note
              attributes:
                - attribute: {name: {lit: pass}, value: {lit: one}}
          - transferToFlow: {name: Restart, targetFlow: {lit: {name: Again}}}
";
    let reg = registry(&[flow]);
    let r = run(&reg, json!({"flowName": "Again"}));
    let j = json(&r);
    // The flow's variables start again from their initial values.
    assert_eq!(said(&j), json!(["fresh"]), "{:?}", path(&j));
    assert_eq!(j["status"], "disconnected");
}

#[test]
fn update_data_takes_typed_values() {
    let flow = "workflow:
  name: Upd
  startUpRef: \"/workflow/states/state[S_1]\"
  variables:
    - durationVariable: {name: Flow.d, initialValue: {noValue: true}, isOutput: true}
    - integerVariable: {name: Flow.i, initialValue: {noValue: true}, isOutput: true}
    - decimalVariable: {name: Flow.x, initialValue: {noValue: true}, isOutput: true}
    - stringCollectionVariable: {name: Flow.l, isOutput: true}
    - booleanVariable: {name: Flow.longer, initialValue: {noValue: true}, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: U
              statements:
                - duration: {variable: Flow.d, value: {lit: {minutes: 2, seconds: 3}}}
                - integer: {variable: Flow.i, value: {lit: 7}}
                - decimal: {variable: Flow.x, value: {lit: 2}}
                - stringCollection: {variable: Flow.l, value: {lit: [a, b]}}
                - boolean: {variable: Flow.longer, value: {exp: 'Flow.d > MakeDuration(0, 0, 2, 0)'}}
          - endWorkflow: {name: E}
";
    let reg = registry(&[flow]);
    let r = run(&reg, json!({"flowName": "Upd"}));
    assert_eq!(
        json(&r)["outputs"],
        json!({"Flow.d": "PT2M3S", "Flow.i": 7, "Flow.x": 2.0, "Flow.l": ["a", "b"], "Flow.longer": true})
    );
}

/// Get Conversation Data "takes the Found or Not Found output path, based on whether
/// Architect finds the conversation ID": this run's conversation is found, its participant data
/// read; another conversation is not in the fixtures.
#[test]
fn get_conversation_data_takes_found_or_not_found() {
    let flow = "workflow:
  name: Lookup
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {name: Flow.conversationId, initialValue: {noValue: true}, isInput: true}
    - stringVariable: {name: Flow.account, initialValue: {noValue: true}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - setParticipantData:
              name: Keep
              attributes:
                - attribute: {name: {lit: account}, value: {lit: A-7}}
          - getConversationData:
              name: Get
              conversationId: {exp: Flow.conversationId}
              participantId: {noValue: true}
              attributes:
                - attribute:
                    name: {lit: account}
                    variable: Flow.account
              outputs:
                found:
                  actions: [{updateData: {name: Found, statements: [{string: {variable: Flow.how, value: {lit: found}}}]}}]
                notFound:
                  actions: [{updateData: {name: Missing, statements: [{string: {variable: Flow.how, value: {lit: missing}}}]}}]
";
    let reg = registry(&[flow]);
    let r = json(&run(
        &reg,
        json!({"flowName": "Lookup", "context": {"conversationId": "c-1"},
               "variables": {"Flow.conversationId": "c-1"}}),
    ));
    assert_eq!(r["variables"]["Flow.how"], "found", "{r}");
    assert_eq!(r["variables"]["Flow.account"], "A-7", "{r}");
    let r = json(&run(
        &reg,
        json!({"flowName": "Lookup", "context": {"conversationId": "c-1"}, "variables": {"Flow.conversationId": "c-2"}}),
    ));
    assert_eq!(r["variables"]["Flow.how"], "missing", "{r}");
    assert_eq!(r["trace"][1]["output"], "notFound", "{r}");
}

/// Send Notification: "The default setting is email"; "If you supply a NOT_SET string value
/// ... Genesys Cloud uses a blank string as the notification subject"; "a maximum of 50
/// recipients". Nothing is sent offline: the result lists each notification.
#[test]
fn send_notification_is_recorded_with_its_documented_defaults_and_limit() {
    let flow = |users: &str| {
        format!(
            "workflow:
  name: Notify
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {{name: Flow.why, initialValue: {{noValue: true}}}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - sendNotification:
              name: Tell
              notificationType: {{noValue: true}}
              sendToUsers: {{exp: '{users}'}}
              subject: {{noValue: true}}
              body: {{lit: Case on hold}}
              failureOutputs:
                errorType: {{var: Flow.why}}
"
        )
    };
    let reg = registry(&[&flow("MakeList(\"Ann\", \"Bo\")")]);
    let r = json(&run(&reg, json!({"flowName": "Notify"})));
    assert_eq!(r["trace"][0]["output"], "success", "{r}");
    let sent = &r["settings"]["notifications"][0];
    assert_eq!(sent["notificationType"], "email", "{r}");
    assert_eq!(sent["subject"], "", "{r}");
    assert_eq!(sent["body"], "Case on hold", "{r}");
    assert_eq!(sent["sendToUsers"], json!(["Ann", "Bo"]), "{r}");

    let many = format!("MakeList({})", vec!["\"u\""; 51].join(", "));
    let reg = registry(&[&flow(&many)]);
    let r = json(&run(&reg, json!({"flowName": "Notify"})));
    assert_eq!(r["trace"][0]["output"], "failure", "{r}");
    assert_eq!(r["variables"]["Flow.why"], "recipientLimit", "{r}");
    assert!(r["settings"].get("notifications").is_none(), "{r}");
}

/// "If the interaction ends without encountering a successful result, then the system
/// considers the outcome started but incomplete. Outcomes that are incomplete automatically
/// have a failure result" ([Initialize Flow Outcome
/// action](https://help.mypurecloud.com/articles/initialize-flow-outcome-action/)): at a
/// disconnect, an outcome initialized and never set is FAILURE; one set keeps its value; a
/// transfer does not end the interaction, so there it is still `initialized`.
#[test]
fn an_outcome_never_set_before_the_interaction_ends_is_a_failure() {
    let actions = |end: &str| {
        format!(
            "          - initializeFlowOutcome: {{name: Start pay, flowOutcome: {{lit: {{name: Pay Bill}}}}}}\n          - initializeFlowOutcome: {{name: Start balance, flowOutcome: {{lit: {{name: Check Balance}}}}}}\n          - setFlowOutcome: {{name: Balance done, flowOutcome: {{lit: {{name: Check Balance}}}}, flowOutcomeValue: {{lit: SUCCESS}}}}\n{end}"
        )
    };
    let reg =
        registry(&[&call_flow("Outcomes", "", &actions("          - disconnect: {name: Bye}\n"))]);
    let j = json(&run(&reg, json!({"flowName": "Outcomes"})));
    assert_eq!(j["status"], "disconnected");
    assert_eq!(
        j["flowOutcomes"],
        json!({"Pay Bill": "FAILURE", "Check Balance": "SUCCESS"}),
        "{j:#}"
    );
    let reg = registry(&[&call_flow(
        "Outcomes",
        "",
        &actions("          - transferToAcd: {name: Agent, targetQueue: {lit: {name: Support}}}\n"),
    )]);
    let request = crate::support::request(json!({"flowName": "Outcomes"}));
    let r = flowsim::engine::Run::new(&reg, crate::support::fixtures(), &request)
        .result()
        .expect("it runs");
    let j = json(&r);
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["flowOutcomes"]["Pay Bill"], "initialized");
}

/// Architect's parser reads the conditional `c ? a : b`, `^` (a Decimal power), the Integer
/// bit operators `&`, `|` and `~`, and members in quoted form (`Flow.j."first name"`): a flow
/// that writes them loads, checks and runs. `&&` and `||` stay refused, as Architect refuses
/// them.
#[test]
fn architects_operators_and_quoted_members_load_check_and_run() {
    let flow = call_flow(
        "Ops",
        "    - booleanVariable: {name: Flow.vip, initialValue: {lit: true}}
    - jsonVariable: {name: Flow.j, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.tier, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.first, initialValue: {noValue: true}}
    - decimalVariable: {name: Flow.power, initialValue: {noValue: true}}
    - integerVariable: {name: Flow.bits, initialValue: {noValue: true}}
",
        r#"          - updateData:
              name: U
              statements:
                - json: {variable: Flow.j, value: {exp: 'JsonParse("{\"first name\": \"Ada\"}")'}}
                - string: {variable: Flow.tier, value: {exp: 'Flow.vip ? "gold" : "standard"'}}
                - string: {variable: Flow.first, value: {exp: 'ToString(Flow.j."first name")'}}
                - decimal: {variable: Flow.power, value: {exp: '2 ^ 3'}}
                - integer: {variable: Flow.bits, value: {exp: '(6 & 3) | ~0 & 8'}}
          - disconnect: {name: Bye}
"#,
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "Ops"})));
    assert!(j["error"].is_null(), "{j:#}");
    assert_eq!(j["variables"]["Flow.tier"], "gold");
    assert_eq!(j["variables"]["Flow.first"], "Ada");
    assert_eq!(j["variables"]["Flow.power"], 8.0);
    assert_eq!(j["variables"]["Flow.bits"], 10);

    let refused = call_flow(
        "Or",
        "    - booleanVariable: {name: Flow.b, initialValue: {lit: true}}\n",
        "          - updateData:
              name: U
              statements:
                - boolean: {variable: Flow.b, value: {exp: 'Flow.b || Flow.b'}}
",
    );
    let report = flowsim::flow::Registry::from_sources([(
        std::path::Path::new("or.yaml"),
        refused.as_str(),
    )]);
    let errors: Vec<String> =
        report.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    assert_eq!(errors, ["Architect's expressions have no `||` or `&&` (write `or`, `and`)"]);
}

/// A reusable task's input variables hold what the Call Task action passes (evaluated in the
/// caller), its other variables start from their initial values, and its output variables
/// come back into the variables the call names (the Scripting SDK's `ArchActionCallTask`:
/// `taskInputs`, `taskOutputs`).
#[test]
fn a_called_task_gets_its_inputs_and_gives_back_its_outputs() {
    let flow = call_flow(
        "Tasks",
        "    - stringVariable: {name: Flow.lang, initialValue: {lit: fr}}
    - stringVariable: {name: Flow.greeting, initialValue: {noValue: true}}
",
        r#"          - callTask:
              name: Greet
              targetTaskRef: "/inboundCall/tasks/task[Greet_2]"
              taskInputs:
                - string:
                    name: Task.language
                    value: {exp: 'Upper(Flow.lang)'}
                - boolean:
                    name: Task.polite
                    value: {lit: true}
              taskOutputs:
                - string:
                    name: Task.text
                    value: {var: Flow.greeting}
          - playAudio: {name: Say, audio: {exp: 'ToAudioTTS(Flow.greeting)'}}
          - disconnect: {name: Bye}
    - task:
        name: Greet
        refId: Greet_2
        variables:
          - stringVariable: {name: Task.language, initialValue: {noValue: true}, isInput: true, isOutput: false}
          - booleanVariable: {name: Task.polite, initialValue: {lit: false}, isInput: true, isOutput: false}
          - stringVariable: {name: Task.suffix, initialValue: {lit: "!"}, isInput: false, isOutput: false}
          - stringVariable: {name: Task.text, initialValue: {noValue: true}, isInput: false, isOutput: true}
        actions:
          - updateData:
              name: Build
              statements:
                - string:
                    variable: Task.text
                    value: {exp: 'Append(If(Task.polite, "Bonjour ", "Salut "), Task.language, Task.suffix)'}
          - endTask: {name: Done}
"#,
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "Tasks"})));
    assert!(j["error"].is_null(), "{j:#}");
    assert_eq!(said(&j), json!(["Bonjour FR!"]), "{j:#}");
    assert_eq!(j["variables"]["Flow.greeting"], "Bonjour FR!");
}

/// A Decision's condition, a Loop's count and an Update Data statement take an expression of
/// another type through the conversion Architect writes for it (the Scripting SDK's editor
/// wraps `Flow.n` in `ToBool` in a Boolean property, `true` in `ToInt` in an Integer one:
/// `tools/oracle/data/slot-conversions.json`); a type it cannot convert is a `check` error.
#[test]
fn typed_properties_convert_what_architect_converts() {
    let flow = "workflow:
  name: Casts
  startUpRef: \"/workflow/states/state[S_1]\"
  variables:
    - integerVariable: {name: Flow.n, initialValue: {lit: 0}, isInput: true}
    - integerVariable: {name: Flow.laps, initialValue: {lit: 0}, isOutput: true}
    - stringVariable: {name: Flow.path, initialValue: {noValue: true}, isOutput: true}
    - decimalVariable: {name: Flow.d, initialValue: {noValue: true}, isOutput: true}
    - booleanVariable: {name: Flow.b, initialValue: {noValue: true}, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - decision:
              name: Nonzero
              condition: {exp: Flow.n}
              outputs:
                yes: {actions: [{updateData: {name: Yes, statements: [{string: {variable: Flow.path, value: {lit: 'yes'}}}]}}]}
                no: {actions: [{updateData: {name: No, statements: [{string: {variable: Flow.path, value: {lit: 'no'}}}]}}]}
          - loop:
              name: Once
              loopCount: {exp: 'Flow.n <= 3'}
              outputs:
                loop: {actions: [{updateData: {name: Lap, statements: [{integer: {variable: Flow.laps, value: {exp: 'Flow.laps + 1'}}}]}}]}
          - updateData:
              name: Casts
              statements:
                - decimal: {variable: Flow.d, value: {exp: 'true'}}
                - boolean: {variable: Flow.b, value: {exp: '1'}}
          - endWorkflow: {name: End}
";
    let reg = registry(&[flow]);
    for (n, path, laps) in [(0, "no", 1), (2, "yes", 1), (7, "yes", 0)] {
        let r = run(&reg, json!({"flowName": "Casts", "variables": {"Flow.n": n}}));
        let j = json(&r);
        assert_eq!(j["outputs"]["Flow.path"], path, "Flow.n = {n}: {j}");
        assert_eq!(j["outputs"]["Flow.laps"], laps, "Flow.n = {n}: {j}");
        assert_eq!(j["outputs"]["Flow.d"], 1.0, "{j}");
        assert_eq!(j["outputs"]["Flow.b"], true, "{j}");
    }
    // A Duration converts to no Boolean: Architect refuses the flow, and so does `check`.
    let refused = flow
        .replace("condition: {exp: Flow.n}", "condition: {exp: 'MakeDuration(0, 0, Flow.n, 0)'}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("casts.yaml");
    std::fs::write(&file, refused).unwrap();
    let o = crate::cli::flowsim(&["check", "--color", "never", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout
            .contains("cannot convert expression from type Duration to required type of Boolean"),
        "{}",
        o.stdout
    );
}

/// A property the Scripting SDK types refuses an expression of a type Architect cannot convert
/// to it: text for a Transfer to ACD's queue, a DateTime for its priority.
#[test]
fn check_refuses_an_expression_a_typed_property_cannot_take() {
    let flow = "inboundCall:
  name: Typed
  startUpRef: \"/inboundCall/tasks/task[T_1]\"
  variables:
    - stringVariable: {name: Flow.queueName, initialValue: {lit: Support}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - transferToAcd:
              name: Transfer
              targetQueue: {exp: Flow.queueName}
              priority: {exp: 'GetCurrentDateTimeUtc()'}
              languageSkill: {lit: {name: English}}
          - disconnect: {name: Bye}
";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typed.yaml");
    std::fs::write(&file, flow).unwrap();
    let o = crate::cli::flowsim(&["check", "--color", "never", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    for expected in [
        "error[typeMismatch]: `targetQueue` must be a Queue: Architect cannot convert expression from type String to required type of Queue",
        "error[typeMismatch]: `priority` must be an Integer: Architect cannot convert expression from type DateTime to required type of Integer",
    ] {
        assert!(o.stdout.contains(expected), "{expected}\n{}", o.stdout);
    }
    // A literal names a language skill (Architect's literal mode): no error.
    assert!(!o.stdout.contains("`languageSkill`"), "{}", o.stdout);
    assert!(o.stdout.contains("2 error(s)"), "{}", o.stdout);
}
