//! Lowering tests: small flows of our own, lowered into graphs.

use super::tests::{exit, key, lit, next, node, ok};
use crate::expr::Value;
use crate::flow::action::Prop;
use crate::flow::model::ContainerKind;

const TASK: &str = "\
inboundCall:
  name: T
  startUpRef: ./tasks/task[main]
  tasks:
    - task:
        name: Main
        refId: main
        actions:
";

fn task(actions: &str) -> String {
    format!("{TASK}{actions}")
}

#[test]
fn a_decision_falls_through_to_the_action_after_it() {
    let flow = ok(&task(
        "          - decision:
              name: Check
              condition:
                exp: Call.Ani == \"1\"
              outputs:
                yes:
                  actions:
                    - playAudio:
                        audio:
                          tts: hi
                    - playAudio:
                        audio:
                          tts: again
          - disconnect:
              name: Bye
",
    ));
    assert_eq!(&*flow.draft.node(flow.draft.start).id, "Main/Check");
    assert_eq!(exit(&flow, "Main/Check", "yes"), Some("Main/Play Audio"));
    assert_eq!(exit(&flow, "Main/Check", "no"), None);
    assert_eq!(next(&flow, "Main/Play Audio"), Some("Main/Play Audio#2"));
    assert_eq!(next(&flow, "Main/Play Audio#2"), Some("Main/Bye"));
    assert_eq!(next(&flow, "Main/Check"), Some("Main/Bye"));
    assert_eq!(next(&flow, "Main/Bye"), None);
    let check = node(&flow, "Main/Check");
    let ids: Vec<_> = check.exits.iter().map(|e| e.export_id.as_deref()).collect();
    assert_eq!(ids, [Some("__YES__"), Some("__NO__")]);
    assert!(flow.published.is_some());
}

#[test]
fn boolean_output_keys_are_yes_and_no() {
    let flow = ok(&task(
        "          - decision:
              condition: {exp: \"true\"}
              outputs:
                true: {actions: [{disconnect: {name: A}}]}
                false: {actions: [{disconnect: {name: B}}]}
",
    ));
    assert_eq!(exit(&flow, "Main/Decision", "yes"), Some("Main/A"));
    assert_eq!(exit(&flow, "Main/Decision", "no"), Some("Main/B"));
}

#[test]
fn a_switch_has_default_then_its_cases() {
    let flow = ok(&task(
        "          - switch:
              name: Route
              evaluate:
                firstTrue:
                  default:
                    actions:
                      - disconnect: {name: Other}
                  cases:
                    - case:
                        value: {exp: 1 == 1}
                        actions:
                          - disconnect: {name: One}
                    - case:
                        value: {exp: 2 == 2}
          - disconnect: {name: End}
",
    ));
    let route = node(&flow, "Main/Route");
    let names: Vec<_> = route.exits.iter().map(|e| &*e.name).collect();
    assert_eq!(names, ["default", "case 1", "case 2"]);
    assert_eq!(exit(&flow, "Main/Route", "default"), Some("Main/Other"));
    assert_eq!(exit(&flow, "Main/Route", "case 1"), Some("Main/One"));
    assert_eq!(exit(&flow, "Main/Route", "case 2"), None);
    assert_eq!(next(&flow, "Main/One"), Some("Main/End"));
    assert_eq!(route.action.props[0].list().len(), 2);
}

#[test]
fn a_loop_body_goes_back_to_the_loop() {
    let flow = ok(&task(
        "          - loop:
              name: L
              currentIndex: {var: Task.i}
              loopCount: {lit: 3}
              outputs:
                loop:
                  actions:
                    - updateData:
                        statements:
                          - integer:
                              variable: Task.x
                              value: {exp: Task.i * 2}
                    - loopNext: {name: Again}
          - disconnect: {name: After}
",
    ));
    assert_eq!(exit(&flow, "Main/L", "loop"), Some("Main/Update Data"));
    assert_eq!(next(&flow, "Main/Update Data"), Some("Main/Again"));
    assert_eq!(next(&flow, "Main/Again"), Some("Main/L"));
    assert_eq!(next(&flow, "Main/L"), Some("Main/After"));
    let l = node(&flow, "Main/L");
    assert_eq!(l.action.props[0].var().map(|v| &*v.name), Some("Task.i"));
    assert_eq!(lit(&l.action.props[1]), Some(&Value::Int(3)));
    let statements = node(&flow, "Main/Update Data").action.props[0].list();
    assert_eq!(statements[0][0].text().map(|t| &**t), Some("integer"));
    assert_eq!(statements[0][1].var().map(|v| &*v.name), Some("Task.x"));
    assert!(statements[0][2].expr().is_some());
}

const MENU: &str = "\
inboundCall:
  name: M
  startUpRef: \"/inboundCall/menus/menu[Main_10]\"
  initialGreeting:
    tts: Welcome
  settingsMenu:
    repeatCount: {lit: 2}
    menuSelectionTimeout:
      lit: {seconds: 4}
  menus:
    - menu:
        name: Main
        refId: Main_10
        audio: {tts: Press 1 or 2}
        settingsMenu:
          repeatCount: {noValue: true}
        choices:
          - menuJumpToTask:
              name: Help
              dtmf: digit_1
              targetTaskRef: \"/inboundCall/tasks/task[Help_11]\"
          - menuTask:
              name: Quick
              dtmf: digit_2
              task:
                actions:
                  - callTask:
                      name: Call helper
                      targetTaskRef: ./tasks/task[Helper_12]
                      outputs:
                        Done:
                          actions:
                            - disconnect: {name: Done bye}
                  - jumpToMenu:
                      targetMenuRef: \"/inboundCall/menus/menu[Main_10]\"
          - menuDisconnect:
              name: Bye
              dtmf: digit_star
  tasks:
    - task:
        name: Help
        refId: Help_11
        actions:
          - disconnect:
    - task:
        name: Helper
        refId: Helper_12
        actions:
          - decision:
              condition: {exp: \"true\"}
              outputs:
                yes:
                  actions:
                    - endTask:
                        outputPath: {name: Done}
          - endTask: {name: Normal end}
";

#[test]
fn a_menu_takes_choices_and_starts_after_the_greeting() {
    let flow = ok(MENU);
    assert_eq!(&*flow.draft.node(flow.draft.start).id, "initialGreeting");
    assert_eq!(&*flow.draft.node(flow.draft.start).name, "Initial Greeting");
    assert_eq!(next(&flow, "initialGreeting"), Some("Main"));
    let menu = node(&flow, "Main");
    assert_eq!(key(menu), "menu");
    let exits: Vec<_> = menu.exits.iter().map(|e| &*e.name).collect();
    assert_eq!(exits, ["Help", "Quick", "Bye"]);
    assert_eq!(exit(&flow, "Main", "Bye"), Some("Main/Bye"));
    let p = &menu.action.props;
    assert!(p[0].expr().is_some(), "audio");
    assert_eq!(lit(&p[1]), Some(&Value::Int(2)), "the flow's repeatCount");
    assert_eq!(lit(&p[2]), Some(&Value::Duration(4000)));
    let choices: Vec<Vec<_>> = p[3]
        .list()
        .iter()
        .map(|r| r.iter().map(|c| c.text().map(ToString::to_string)).collect())
        .collect();
    let s = |t: &str| Some(t.to_owned());
    assert_eq!(
        choices,
        [
            vec![s("1"), s("Help"), None],
            vec![s("2"), s("Quick"), None],
            vec![s("*"), s("Bye"), None]
        ]
    );
}

#[test]
fn jumps_tasks_and_calls_resolve_by_ref_id() {
    let flow = ok(MENU);
    assert_eq!(exit(&flow, "Main/Help", "target"), Some("Help/Disconnect"));
    assert_eq!(exit(&flow, "Main/Quick", "target"), Some("Main/Quick/Call helper"));
    assert_eq!(exit(&flow, "Main/Quick/Call helper", "Default"), None);
    assert_eq!(exit(&flow, "Main/Quick/Call helper", "Done"), Some("Main/Quick/Done bye"));
    assert_eq!(next(&flow, "Main/Quick/Done bye"), Some("Main/Quick/Jump to Menu"));
    assert_eq!(exit(&flow, "Main/Quick/Jump to Menu", "target"), Some("Main"));
    let kinds: Vec<_> = flow.arch.containers.iter().map(|c| (&*c.name, c.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("Main", ContainerKind::Menu),
            ("Main/Quick", ContainerKind::MenuTask),
            ("Help", ContainerKind::Task),
            ("Helper", ContainerKind::ReusableTask),
        ]
    );
    let paths: Vec<_> = flow.arch.containers[3].output_paths.iter().map(|p| &**p).collect();
    assert_eq!(paths, ["Default", "Done"]);
}

#[test]
fn ids_are_container_and_name_numbered_on_repeats() {
    let flow = ok("\
inboundShortMessage:
  name: Ids
  startUpRef: ./states/state[a]
  states:
    - state:
        name: A
        refId: a
        actions:
          - sendResponse: {name: Hi, messageBody: {lit: one}}
          - sendResponse: {name: hi, messageBody: {lit: two}}
          - sendResponse: {messageBody: {lit: three}}
          - sendResponse: {name: B/C, messageBody: {lit: four}}
    - state:
        name: A/B
        refId: ab
        actions:
          - sendResponse: {name: C, messageBody: {lit: five}}
");
    let ids: Vec<_> = flow.draft.nodes.iter().map(|n| &*n.id).collect();
    assert_eq!(ids, ["A/Hi", "A/hi#2", "A/Send Response", "A/B/C", "A/B/C#2"]);
}

#[test]
fn wrappers_and_irregular_shapes() {
    let flow = ok(&task(
        "          - collectInput:
              inputData: {var: Task.digits}
              digits: {range: {min: 2, max: 4}}
              noEntryTimeout: {noValue: true}
              inputAudio: {tts: Enter digits}
              acceptJustStar: {lit: false}
              verificationType: none
          - callData:
              timeout: {lit: {minutes: 1, seconds: 30}}
              category:
                Web Services:
                  dataAction:
                    Lookup:
                      inputs: {id: {exp: Task.digits}, skip: {noValue: true}}
                      successOutputs: {name: {var: Task.name}}
          - dataTableLookup:
              lookupValue: {exp: Task.digits}
              dataTable:
                Customers:
                  foundOutputs: {tier: {var: Task.tier}}
          - callCommonModule:
              commonModule:
                Resolve:
                  ver_latestPublished:
                    inputs: {Common.in: {lit: x}}
                    outputs: {Common.out: {var: Task.out}}
          - setParticipantData:
              attributes:
                - attribute: {name: {lit: k}, value: {exp: Task.name}}
          - getParticipantData:
              attributes:
                - attribute: {name: {lit: k}, variable: Task.k}
          - transferToAcd:
              targetQueue: {lit: {name: Support}}
              priority: {lit: 1}
          - transferToFlow:
              targetFlow: {name: Other Flow}
  settingsActionDefaults:
    collectInput:
      noEntryTimeout: {lit: {seconds: 7}}
",
    ));
    let c = &node(&flow, "Main/Collect Input").action.props;
    assert_eq!(c[0].var().map(|v| &*v.name), Some("Task.digits"));
    assert_eq!((lit(&c[1]), lit(&c[2])), (Some(&Value::Int(2)), Some(&Value::Int(4))));
    assert_eq!(lit(&c[4]), Some(&Value::Duration(7000)), "settingsActionDefaults");
    assert_eq!(lit(&c[5]), Some(&Value::Str("Enter digits".into())));
    assert_eq!(lit(&c[6]), Some(&Value::Bool(false)));
    assert_eq!(c[9].text().map(|t| &**t), Some("none"));

    let d = &node(&flow, "Main/Call Data Action").action.props;
    assert_eq!(
        (d[0].text().map(|t| &**t), d[1].text().map(|t| &**t)),
        (Some("Web Services"), Some("Lookup"))
    );
    assert_eq!(d[2].map().len(), 1, "unset inputs are left out");
    assert_eq!(d[3].map()[0].1.var().map(|v| &*v.name), Some("Task.name"));
    assert_eq!(lit(&d[5]), Some(&Value::Duration(90_000)));

    let t = &node(&flow, "Main/Data Table Lookup").action.props;
    assert_eq!(t[0].text().map(|t| &**t), Some("Customers"));
    assert_eq!(t[2].map()[0].0.as_ref(), "tier");

    let m = &node(&flow, "Main/Call Common Module").action.props;
    assert_eq!(
        (m[0].text().map(|t| &**t), m[1].text().map(|t| &**t)),
        (Some("Resolve"), Some("latestPublished"))
    );
    assert_eq!(m[3].map()[0].0.as_ref(), "Common.out");

    let s = &node(&flow, "Main/Set Participant Data").action.props;
    assert_eq!(lit(&s[0].list()[0][0]), Some(&Value::Str("k".into())));
    let g = &node(&flow, "Main/Get Participant Data").action.props;
    assert_eq!(g[0].list()[0][1].var().map(|v| &*v.name), Some("Task.k"));

    let a = &node(&flow, "Main/Transfer to ACD").action.props;
    assert_eq!(a[0].text().map(|t| &**t), Some("Support"));
    let f = &node(&flow, "Main/Transfer to Flow").action.props;
    assert!(matches!(&f[0], Prop::Text(t) if &**t == "Other Flow"));
}

#[test]
fn variables_are_declared_with_types_and_initial_values() {
    let flow = ok("\
commonModule:
  name: Mod
  variables:
    - stringVariable:
        name: Common.in
        initialValue: {lit: hello}
        isInput: true
        isOutput: false
    - stringCollectionVariable:
        name: Common.list
        initialValue: {noValue: true}
        isOutput: true
  startUpTaskActions:
    - endTask: {name: End}
");
    let vars: Vec<_> = flow
        .arch
        .variables
        .iter()
        .map(|v| (&*v.var.name, &*v.ty, v.initial.is_some(), v.is_input, v.is_output))
        .collect();
    assert_eq!(
        vars,
        [
            ("Common.in", "string", true, true, false),
            ("Common.list", "stringCollection", false, false, true)
        ]
    );
    assert_eq!(&*flow.draft.node(flow.draft.start).id, "startUpTask/End");
    assert_eq!(flow.arch.containers[0].kind, ContainerKind::StartUpTask);
}

/// Archy's export with referenced objects writes the flow's empty settings as empty mappings
/// and a module call with nothing passed as `ver_latestPublished: {}`: they load as no value
/// (the greeting says nothing); `{}` elsewhere is still a mistake.
#[test]
fn archys_empty_mappings_for_unset_flow_settings_load_as_no_value() {
    let flow = ok("\
inboundCall:
  name: Desk Line
  startUpRef: /inboundCall/tasks/task[Start_1]
  initialGreeting: {}
  defaultLanguage: en-us
  supportedLanguages: {}
  settingsActionDefaults: {}
  settingsErrorHandling: {}
  settingsMenu: {}
  settingsPrompts: {}
  settingsSpeechRec: {}
  tasks:
    - task:
        name: Start
        refId: Start_1
        actions:
          - callCommonModule:
              name: Shared
              commonModule:
                Shared Steps:
                  ver_latestPublished: {}
          - disconnect:
              name: Bye
  referencedObjects:
    flows:
      - flow: {name: Shared Steps, type: commonmodule}
");
    let greeting = node(&flow, "initialGreeting");
    assert!(greeting.action.props[0].is_none(), "{:?}", greeting.action.props);
    assert_eq!(next(&flow, "initialGreeting"), Some("Start/Shared"));
    let call = node(&flow, "Start/Shared");
    assert_eq!(key(call), "callCommonModule");
    let bad = super::tests::errors(&task("          - playAudio:\n              audio: {}\n"));
    assert!(bad[0].message.contains("one of `exp:`, `lit:`"), "{bad:#?}");
}
