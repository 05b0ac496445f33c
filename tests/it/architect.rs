//! Architect's execution rules (docs/architect.md) on tiny inline Archy flows: fall-through, loops,
//! switches, reusable tasks, menus, modules with their own variables, inputs and outputs,
//! typed assignments, error handling.

use flowsim::engine::{RunResult, Status};
use serde_json::json;

use crate::support::{inline_registry as registry, result_json as json, run_json as run};

/// The names of the actions a run took, in order.
fn names(r: &RunResult<'_>) -> Vec<String> {
    crate::support::assert_fast_json(r);
    r.trace.iter().map(|s| r.node(s.flow, s.node).name.to_string()).collect()
}

const LOOPS: &str = r#"
workflow:
  name: Loops
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - integerVariable: {name: Flow.i, initialValue: {lit: 0}, isOutput: true}
    - stringVariable: {name: Flow.seen, initialValue: {lit: ""}, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - loop:
              name: Count
              currentIndex: {var: Flow.i}
              loopCount: {lit: 5}
              outputs:
                loop:
                  actions:
                    - switch:
                        name: Which
                        evaluate:
                          firstTrue:
                            cases:
                              - case:
                                  value: {exp: Flow.i == 1}
                                  actions:
                                    - loopNext: {name: Skip one}
                              - case:
                                  value: {exp: Flow.i == 3}
                                  actions:
                                    - loopExit: {name: Stop at three}
                            default:
                              actions:
                                - updateData:
                                    name: Note
                                    statements:
                                      - string:
                                          variable: Flow.seen
                                          value: {exp: 'Append(Flow.seen, ToString(Flow.i))'}
                    - updateData:
                        name: After switch
                        statements:
                          - string: {variable: Flow.seen, value: {exp: 'Append(Flow.seen, ".")'}}
          - endWorkflow: {name: Done, exitReason: {lit: ok}}
"#;

#[test]
fn loops_next_and_exit_and_switch_cases_fall_through() {
    let reg = registry(&[LOOPS]);
    let r = run(&reg, json!({"flowName": "Loops"}));
    assert_eq!(r.status, Status::Completed);
    // i=0: default, then the switch falls through to "After switch"; i=1: loopNext skips it;
    // i=2: default again; i=3: loopExit leaves the loop before anything else.
    assert_eq!(json(&r)["outputs"], json!({"Flow.i": 3, "Flow.seen": "0.2."}));
    assert_eq!(json(&r)["exitReason"], "ok");
    let n = names(&r);
    assert_eq!(n.iter().filter(|n| *n == "Count").count(), 4, "{n:?}");
    assert_eq!(n.last().map(String::as_str), Some("Done"));
    let j = json(&r);
    let outputs: Vec<&str> =
        j["trace"].as_array().unwrap().iter().filter_map(|s| s["output"].as_str()).collect();
    assert_eq!(&outputs[..4], ["loop", "default", "loop", "case 1"]);
}

const TASKS: &str = r#"
inboundCall:
  name: Tasks
  startUpRef: "/inboundCall/tasks/task[Main_1]"
  settingsErrorHandling:
    errorHandling:
      disconnect: {none: true}
    preHandlingAudio: {tts: Sorry.}
  variables:
    - stringVariable: {name: Flow.answer, initialValue: {lit: 42}, isInput: false, isOutput: true}
    - decimalVariable: {name: Flow.rate, initialValue: {lit: 2}, isOutput: true}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - callTask:
              name: Ask
              targetTaskRef: "/inboundCall/tasks/task[Ask_2]"
              outputs:
                No:
                  actions:
                    - playAudio: {name: Said no, audio: {tts: You said no.}}
          - playAudio: {name: After, audio: {exp: 'Append("Answer ", Flow.answer)'}}
          - transferToAcd:
              name: Transfer
              targetQueue: {lit: {name: Nowhere}}
    - task:
        name: Ask
        refId: Ask_2
        variables:
          - stringVariable: {name: Task.digit, initialValue: {noValue: true}}
        actions:
          - collectInput:
              name: Digit
              inputData: {var: Task.digit}
              digits: {exact: 1}
              inputAudio: {tts: Press 1 for yes.}
              outputs:
                success:
                  actions:
                    - decision:
                        name: Yes
                        condition: {exp: Task.digit == "1"}
                        outputs:
                          "no":
                            actions:
                              - endTask: {name: Back no, outputPath: {name: No}}
          - endTask: {name: Back, outputPath: {name: Default}}
"#;

#[test]
fn reusable_tasks_return_along_their_output_paths() {
    let reg = registry(&[TASKS]);
    let r = run(&reg, json!({"flowName": "Tasks", "inputs": ["2"]}));
    assert_eq!(
        names(&r),
        ["Ask", "Digit", "Yes", "Back no", "Said no", "After", "Transfer"],
        "{:#}",
        json(&r)
    );
    let r = run(&reg, json!({"flowName": "Tasks", "inputs": ["1"]}));
    assert_eq!(names(&r), ["Ask", "Digit", "Yes", "Back", "After", "Transfer"]);
    let j = json(&r);
    // A YAML number given to a String variable is text; an Integer given to a Decimal one is
    // a Decimal. The transfer's queue is not in the fixtures: its failure output has no
    // actions, so the task ends, and a call flow whose task ends disconnects.
    assert_eq!(j["outputs"], json!({"Flow.answer": "42", "Flow.rate": 2.0}));
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["trace"][5]["output"], "failure");
    assert_eq!(j["trace"][5]["error"]["kind"], "queueNotFound");
}

#[test]
fn a_request_value_for_a_variable_that_is_no_input_is_ignored_with_a_warning() {
    let reg = registry(&[TASKS]);
    let r =
        run(&reg, json!({"flowName": "Tasks", "inputs": ["1"], "variables": {"Flow.answer": "7"}}));
    let j = json(&r);
    assert_eq!(j["outputs"]["Flow.answer"], "42");
    assert_eq!(j["warnings"][0]["kind"], "notAnInput", "{j:#}");
}

const CALLER: &str = r#"
inboundCall:
  name: Caller
  startUpRef: "/inboundCall/tasks/task[T_1]"
  variables:
    - stringVariable: {name: Flow.x, initialValue: {lit: caller}}
    - stringVariable: {name: Flow.result, initialValue: {noValue: true}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - callCommonModule:
              name: Call it
              commonModule:
                Module:
                  ver_latestPublished:
                    inputs:
                      Common.in: {exp: 'Append(Flow.x, "!")'}
                    outputs:
                      Common.out: {var: Flow.result}
          - disconnect: {name: Bye}
"#;

const MODULE: &str = r#"
commonModule:
  name: Module
  variables:
    - stringVariable: {name: Common.in, isInput: true}
    - stringVariable: {name: Common.out, isOutput: true}
    - stringVariable: {name: Flow.x, initialValue: {lit: module}}
  startUpTaskActions:
    - updateData:
        name: Work
        statements:
          - string: {variable: Common.out, value: {exp: 'Append(Common.in, " from ", Flow.x)'}}
"#;

#[test]
fn a_common_module_has_its_own_variables_and_maps_inputs_and_outputs() {
    let reg = registry(&[CALLER, MODULE]);
    let r = run(&reg, json!({"flowName": "Caller"}));
    assert_eq!(r.status, Status::Disconnected);
    assert_eq!(names(&r), ["Call it", "Work", "Bye"]);
    let j = json(&r);
    // The module's Flow.x is its own; the caller's is untouched and the output came back.
    assert_eq!(j["variables"]["Flow.x"], "caller", "{j:#}");
    assert_eq!(j["variables"]["Flow.result"], "caller! from module");
    assert_eq!(j["trace"][1]["depth"], 1);
}

/// A module that fails at its third action, which the caller does not handle.
const FAILING_MODULE: &str = r#"
commonModule:
  name: Module
  variables:
    - stringVariable: {name: Common.in, isInput: true}
    - stringVariable: {name: Common.out, isOutput: true}
    - stringVariable: {name: Common.unset}
  startUpTaskActions:
    - updateData:
        name: One
        statements:
          - string: {variable: Common.out, value: {exp: 'Append(Common.in, "1")'}}
    - updateData:
        name: Two
        statements:
          - string: {variable: Common.out, value: {exp: 'Append(Common.out, "2")'}}
    - updateData:
        name: Fails
        statements:
          - string: {variable: Common.out, value: {exp: 'Substring(Common.unset, 0, 1)'}}
"#;

/// The flow's error handling plays its audio in the flow that handles the error, at the node
/// where the error left the module (its Call Common Module), not at the module's failed node.
#[test]
fn a_modules_unhandled_error_is_handled_by_the_callers_error_handling_at_the_call() {
    let caller = CALLER.replace(
        "  variables:\n",
        "  settingsErrorHandling:\n    errorHandling:\n      disconnect: {none: true}\n    \
         preHandlingAudio: {exp: 'Append(\"Sorry, \", Flow.x)'}\n  variables:\n",
    );
    let reg = registry(&[&caller, FAILING_MODULE]);
    let r = run(&reg, json!({"flowName": "Caller"}));
    assert_eq!(names(&r), ["Call it", "One", "Two", "Fails"]);
    let j = json(&r);
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["error"]["flowName"], "Module", "{:#}", j["error"]);
    assert_eq!(j["error"]["nodeId"], "startUpTask/Fails");
    assert_eq!(
        j["prompts"],
        json!([{"flowName": "Caller", "nodeId": j["trace"][0]["nodeId"], "text": "Sorry, caller"}])
    );
}

const MENU: &str = r#"
inboundCall:
  name: Menu
  startUpRef: "/inboundCall/menus/menu[M_1]"
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press 1.}
        settingsMenu:
          repeatCount: {lit: 3}
          menuSelectionTimeout: {lit: {seconds: 4}}
        choices:
          - menuDisconnect: {name: One, dtmf: digit_1}
"#;

#[test]
fn a_menu_plays_repeat_count_times_then_disconnects() {
    let reg = registry(&[MENU]);
    let r = run(&reg, json!({"flowName": "Menu", "inputs": ["7", "timeout"]}));
    let j = json(&r);
    assert_eq!(names(&r), ["M", "M", "M"], "{j:#}");
    // Two timeouts of 4 s (the second entry and the exhausted script) and one wrong digit;
    // the menu has no default choice: the interaction disconnects, with no error.
    assert_eq!(j["status"], "disconnected");
    assert!(j["error"].is_null(), "{j:#}");
    assert_eq!(j["elapsedMs"], 8000);
    let r = run(&reg, json!({"flowName": "Menu", "inputs": ["timeout", "1"]}));
    assert_eq!(names(&r), ["M", "M", "One"]);
    assert!(r.error.is_none());
}

/// Issue 10: names that differ only by case compare equal in Unicode, as in ASCII: variables
/// (`Flow.größe` and `Flow.GRÖßE` are `Flow.Größe`) and action ids, which get `#2` rather
/// than two ids a lookup cannot tell apart.
#[test]
fn unicode_case_folds_like_ascii_for_variables_and_ids() {
    const FLOW: &str = r#"
workflow:
  name: Umlauts
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.Größe, initialValue: {lit: ""}, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Ärger
              statements:
                - string: {variable: Flow.GRÖßE, value: {exp: '"groß"'}}
          - updateData:
              name: ärger
              statements:
                - string: {variable: Flow.größe, value: {lit: "groß!"}}
          - endWorkflow: {name: End}
"#;
    let reg = registry(&[FLOW]);
    let flow = reg.flow(reg.resolve("Umlauts").unwrap());
    let ids: Vec<&str> = flow.draft.nodes.iter().map(|n| &*n.id).collect();
    assert_eq!(ids, ["S/Ärger", "S/ärger#2", "S/End"]);
    assert_eq!(flow.draft.find("s/ÄRGER"), flow.draft.find("S/Ärger"));
    let r = run(&reg, json!({"flowName": "Umlauts"}));
    assert_eq!(json(&r)["outputs"]["Flow.Größe"], "groß!");
}

/// Issue 14 item 1: lookups of the organisation's objects in expressions read the fixtures, as
/// the Find actions do (`{id, name}`), and fail closed (NOT_SET) for what they lack.
#[test]
fn lookup_functions_read_the_fixture_store() {
    const FLOW: &str = r#"
workflow:
  name: Lookups
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.queueId, isOutput: true}
    - stringVariable: {name: Flow.missing, isOutput: true}
    - booleanVariable: {name: Flow.emergency, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Look up
              statements:
                - string: {variable: Flow.queueId, value: {exp: 'FindQueue("Support").id'}}
                - string: {variable: Flow.missing, value: {exp: 'ToString(IsSet(FindQueue("Nope")))'}}
                - boolean: {variable: Flow.emergency, value: {exp: 'IsSet(FindEmergencyGroup("Acme Emergency"))'}}
          - endWorkflow: {name: End}
"#;
    let reg = registry(&[FLOW]);
    let fx = flowsim::fixtures::FixtureStore::load(&[
        crate::support::root().join("fixtures/archy/data/acme.yaml")
    ])
    .expect("fixtures");
    let req: flowsim::engine::RunRequest =
        serde_json::from_value(json!({"flowName": "Lookups"})).unwrap();
    let r = flowsim::engine::Run::new(&reg, &fx, &req).result().expect("runs");
    let j = json(&r);
    assert_eq!(j["outputs"]["Flow.queueId"], "q-support", "{j:#}");
    assert_eq!(j["outputs"]["Flow.missing"], "false");
    assert_eq!(j["outputs"]["Flow.emergency"], true);
}

/// Preferred agents for Transfer to ACD: `MakeListAgentScorePair` pairs the users found in the
/// fixtures with their scores, `{agent, score}` each, and the transfer goes ahead; a user the
/// fixtures lack is NOT_SET, and the pair fails the step (`notSet`) rather than dropping the
/// agent. Collections of different lengths fail too.
#[test]
fn agent_score_pairs_pair_fixture_users_with_their_scores() {
    let flow = |users: &str| {
        format!(
            r#"
inboundCall:
  name: Preferred
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - agentScorePairCollectionVariable: {{name: Flow.preferred, isOutput: true}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - updateData:
              name: Pairs
              statements:
                - agentScorePairCollection:
                    variable: Flow.preferred
                    value:
                      exp: 'MakeListAgentScorePair({users}, MakeList(100, 50))'
          - transferToAcd:
              name: To support
              targetQueue: {{lit: {{name: Support}}}}
              preferredAgents: {{exp: Flow.preferred}}
              failureOutputs: {{errorType: {{noValue: true}}, errorMessage: {{noValue: true}}}}
              outputs: {{failure: {{actions: [{{disconnect: {{name: Failed}}}}]}}}}
"#
        )
    };
    let fx = flowsim::fixtures::FixtureStore::load(&[
        crate::support::root().join("fixtures/archy/data/acme.yaml"),
        crate::support::root().join("fixtures/org/fixtures/inventory.yaml"),
    ])
    .expect("fixtures");
    let run = |text: &str| {
        let reg = registry(&[text]);
        let req: flowsim::engine::RunRequest =
            serde_json::from_value(json!({"flowName": "Preferred"})).unwrap();
        json(&flowsim::engine::Run::new(&reg, &fx, &req).result().expect("runs"))
    };

    // FindUserById, not FindUser: Architect gives FindUser (by email) to email flows only.
    let j = run(&flow(r#"MakeList(FindUserById("u-ann"), FindUserById("u-raj"))"#));
    assert_eq!(j["status"], "transferred", "{j:#}");
    let pairs = &j["outputs"]["Flow.preferred"];
    assert_eq!(pairs[0]["agent"]["name"], "Ann Smith", "{j:#}");
    assert_eq!(pairs[0]["score"], 100);
    assert_eq!(pairs[1]["agent"]["id"], "u-raj");
    assert_eq!(pairs[1]["score"], 50);

    let j = run(&flow(r#"MakeList(FindUserById("u-ann"), FindUserById("u-nobody"))"#));
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert!(j["error"]["message"].as_str().unwrap().contains("a user is NOT_SET"), "{j:#}");

    let j = run(&flow(r#"MakeList(FindUserById("u-ann"))"#));
    assert_eq!(j["error"]["kind"], "indexOutOfRange", "{j:#}");
}

/// Forms published Archy flows write: Set Language's `languageValue` beside `language` (the
/// value wins), Create Callback's script by name with its inputs (recorded with the callback),
/// Transfer to Number's `releaseLinkTransfer` (read: a carrier detail a run cannot observe).
/// None of them is an unknown property.
#[test]
fn newer_archy_forms_of_language_callback_script_and_release_link_are_read() {
    let flow = r#"
inboundCall:
  name: Forms
  startUpRef: "/inboundCall/tasks/task[Main_1]"
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - setLanguage:
              name: Language
              languageValue: {exp: 'Lower("NL-NL")'}
              language: en-us
          - createCallback:
              name: Callback
              callbackNumber: {exp: 'ToPhoneNumber("+13175550123")'}
              calleeName: {noValue: true}
              callbackScript:
                Callback Script:
                  inputs:
                    AccountNumber: {lit: "42"}
                    Recorded: {lit: false}
              queue: {lit: {name: Support}}
          - transferToNumber:
              name: Out
              targetNumber: {exp: 'ToPhoneNumber("+13175550124")'}
              releaseLinkTransfer: {lit: false}
              connectTimeout: {noValue: true}
"#;
    let report =
        flowsim::flow::Registry::from_sources([(std::path::Path::new("forms.yaml"), flow)]);
    let said: Vec<String> = report.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(said.is_empty(), "{said:#?}");
    let reg = report.registry.expect("loads");
    let j = json(&run(&reg, json!({"flowName": "Forms"})));
    assert_eq!(j["settings"]["language"], "nl-nl", "{j:#}");
    let callback = &j["settings"]["callback"];
    assert_eq!(callback["callbackScript"], "Callback Script", "{j:#}");
    assert_eq!(callback["scriptInputs"], json!({"AccountNumber": "42", "Recorded": false}));
}

/// Set Post-Flow with the flow under its kind, as Archy writes it
/// (`actionType: {voiceSurveyFlow: {targetFlow: {<name>: {ver_latestPublished: ...}}}}`), records
/// the same post flow as the side-by-side form.
#[test]
fn set_post_flow_reads_the_flow_under_its_kind() {
    let flow = |set: &str| {
        format!(
            r#"
inboundCall:
  name: Post
  startUpRef: "/inboundCall/tasks/task[Main_1]"
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - setPostFlow:
              name: Survey after
{set}
              target: {{lit: caller}}
          - disconnect: {{name: Bye}}
"#
        )
    };
    let nested = flow(
        "              actionType:
                voiceSurveyFlow:
                  targetFlow:
                    Voice Survey EN:
                      ver_latestPublished: {none: true}
                  invocationData: {lit: order-42}",
    );
    let flat = flow(
        "              actionType: {lit: voiceSurveyFlow}
              targetFlow: {lit: {name: Voice Survey EN}}
              invocationData: {lit: order-42}",
    );
    let mut seen = Vec::new();
    for text in [&nested, &flat] {
        let reg = registry(&[text]);
        let j = json(&run(&reg, json!({"flowName": "Post"})));
        seen.push(j["settings"]["postFlow"].clone());
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0]["flow"], "Voice Survey EN", "{:#}", seen[0]);
    assert_eq!(seen[0]["actionType"], "voiceSurveyFlow");
    assert_eq!(seen[0]["invocationData"], "order-42");
}

/// An output the action does not have (a typo, or one flowsim does not know) is an error
/// naming the action's outputs: its actions would never run, and a path is never dropped
/// silently.
#[test]
fn an_output_the_action_does_not_have_is_an_error() {
    let flow = r#"
inboundCall:
  name: Typo
  startUpRef: "/inboundCall/tasks/task[Main_1]"
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - decision:
              name: Check
              condition: {lit: true}
              outputs:
                yess:
                  actions:
                    - disconnect: {name: Bye}
"#;
    let report = flowsim::flow::Registry::from_sources([(std::path::Path::new("typo.yaml"), flow)]);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert_eq!(
        errors,
        ["unknownOutput: `decision` has no output `yess` that flowsim knows (its outputs: yes, no): its actions would never run"]
    );
}

/// A collection literal with each item wrapped (`lit: [- lit: a, - noValue: true]`), as Archy
/// exports write it, reads as the bare form `lit: [a, b]` does.
#[test]
fn a_collection_literal_reads_its_wrapped_items() {
    let flow = r#"
workflow:
  name: Lists
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - stringCollectionVariable: {name: Flow.names, isOutput: true}
    - integerCollectionVariable: {name: Flow.counts, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Fill
              statements:
                - stringCollection:
                    variable: Flow.names
                    value:
                      lit:
                        - lit: a
                        - noValue: true
                        - lit: b
                - integerCollection:
                    variable: Flow.counts
                    value:
                      lit:
                        - lit: 1
                        - lit: 2
          - endWorkflow: {name: End}
"#;
    let reg = registry(&[flow]);
    let j = json(&run(&reg, json!({"flowName": "Lists"})));
    assert_eq!(j["variables"]["Flow.names"], json!(["a", null, "b"]), "{j:#}");
    assert_eq!(j["variables"]["Flow.counts"], json!([1, 2]));
}
