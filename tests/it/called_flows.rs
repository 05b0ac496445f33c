//! `check` reports a flow an Architect action calls or transfers to that is not among the loaded
//! flows (`flowNotInRegistry`), resolving it as a run does (an id exactly, else a name ignoring
//! case), and a run that reaches the action fails there with `flowNotFound`.

use flowsim::diag::{Code, Diagnostic};
use flowsim::flow::Registry;
use serde_json::json;
use std::path::Path;

use crate::support::{archy_task_flow, bot_flow, result_json, run_json};

/// Loads inline flow files; the registry (these errors do not stop a run) and the
/// `flowNotInRegistry` diagnostics, as `(node, property, message)`.
#[track_caller]
fn load(flows: &[&str]) -> (Registry, Vec<(String, String, String)>) {
    let files: Vec<String> = (0..flows.len()).map(|i| format!("flow{i}.yaml")).collect();
    let report =
        Registry::from_sources(files.iter().zip(flows).map(|(f, t)| (Path::new(f.as_str()), *t)));
    let other: Vec<&Diagnostic> =
        report.diagnostics.iter().filter(|d| d.code != Code::FlowNotInRegistry).collect();
    assert!(other.iter().all(|d| !d.is_error()), "{other:#?}");
    let missing = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::FlowNotInRegistry)
        .inspect(|d| assert!(d.is_error(), "{d:?}"))
        .map(|d| {
            let text = |s: &Option<String>| s.clone().unwrap_or_default();
            (text(&d.node), text(&d.property), d.message.clone())
        })
        .collect();
    (report.registry.expect("flowNotInRegistry does not stop a run"), missing)
}

const TRANSFERS: &str = "          - transferToFlow:
              name: To computed
              targetFlow: {exp: Flow.next}
          - transferToFlow:
              name: To loaded
              targetFlow: {lit: {name: RECOVERY}}
          - transferToFlowSecure:
              name: To secure
              targetFlow: {lit: {name: Card Captur}}
          - transferToFlow:
              name: To missing
              targetFlow: {lit: {name: Ghost Flow}}
          - callCommonModule:
              name: Call module
              commonModule:
                Ghost Module:
                  ver_latestPublished:
                    inputs: {}
                    outputs: {}
";

const RECOVERY: &str = "inboundCall:
  name: Recovery
  startUpRef: ./tasks/task[T_1]
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - disconnect: {name: Bye}
";

#[test]
fn a_transfer_or_module_call_to_a_flow_not_loaded_is_flow_not_in_registry() {
    let caller = archy_task_flow("inboundCall", TRANSFERS)
        + "  variables:\n    - stringVariable: {name: Flow.next, initialValue: {lit: Nowhere}}\n";
    let (reg, missing) = load(&[&caller, RECOVERY]);
    // `RECOVERY` names the loaded `Recovery` (names compare ignoring case); a target computed at
    // run time is not checked.
    assert_eq!(
        missing,
        [
            ("T/To secure".into(), "targetFlow".into(), "`To secure` transfers to secure flow `Card Captur`, which is not among the loaded flows".into()),
            ("T/To missing".into(), "targetFlow".into(), "`To missing` transfers to flow `Ghost Flow`, which is not among the loaded flows".into()),
            ("T/Call module".into(), "commonModule".into(), "`Call module` calls common module `Ghost Module`, which is not among the loaded flows".into()),
        ] as [(String, String, String); 3]
    );
    // What a run does there: the transfer fails with flowNotFound.
    let r = run_json(&reg, json!({"flowName": "F", "nodeId": "T/To missing"}));
    let j = result_json(&r);
    assert_eq!(j["trace"][0]["error"]["kind"], "flowNotFound", "{j:#}");
    let r = run_json(&reg, json!({"flowName": "F", "nodeId": "T/To loaded"}));
    assert_eq!(result_json(&r)["route"]["to"], "Recovery");
}

const CALLS_BOT: &str = "inboundShortMessage:
  name: Messages
  startUpRef: ./states/state[S_1]
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callBotFlow:
              name: Call Bot Flow
              botFlow:
                BOT:
                  ver_latestPublished:
                    inputs: {}
                    outputs: {}
          - callDigitalBotFlow:
              name: Call Digital Bot Flow
              botFlow:
                Scheduling Bot dev:
                  ver_latestPublished:
                    inputs: {}
                    outputs: {}
          - disconnect: {name: Bye}
";

#[test]
fn a_bot_flow_call_to_a_bot_flow_not_loaded_is_flow_not_in_registry() {
    let bot = bot_flow("digitalBot", "Bot", "          - exitBotFlow: {name: Done}\n");
    let (reg, missing) = load(&[CALLS_BOT, &bot]);
    assert_eq!(
        missing,
        [(
            "S/Call Digital Bot Flow".into(),
            "botFlow".into(),
            "`Call Digital Bot Flow` calls bot flow `Scheduling Bot dev`, which is not among the loaded flows".into()
        )] as [(String, String, String); 1]
    );
    let r = run_json(&reg, json!({"flowName": "Messages", "nodeId": "S/Call Digital Bot Flow"}));
    let j = result_json(&r);
    assert_eq!(j["error"]["kind"], "flowNotFound", "{j:#}");
}

/// Issue 79: a flow whose file is given but did not load is not "missing": the caller is told
/// its target did not load and pointed at that file's errors, never to add the file.
#[test]
fn a_call_of_a_flow_whose_file_did_not_load_points_at_its_errors() {
    let caller = archy_task_flow(
        "inboundCall",
        "          - transferToFlow:\n              name: To recovery\n              targetFlow: {lit: {name: Recovery}}\n",
    );
    // Recovery's YAML does not read (an unclosed mapping), and, in a second form, it starts
    // at a task it does not have: either way it does not load.
    let broken_yaml = RECOVERY.replace("{name: Bye}", "{name: Bye");
    let dangling = RECOVERY.replace("task[T_1]", "task[Nowhere_9]");
    for broken in [broken_yaml, dangling] {
        let report = Registry::from_sources([
            (Path::new("caller.yaml"), caller.as_str()),
            (Path::new("recovery.yaml"), broken.as_str()),
        ]);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::FlowNotInRegistry)
            .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
        assert_eq!(
            d.message,
            "`To recovery` transfers to flow `Recovery`, whose file did not load"
        );
        let help = d.help.as_deref().unwrap_or_default();
        assert!(help.starts_with("fix the errors reported for recovery.yaml"), "{help}");
        assert!(!help.contains("--flows"), "{help}");
        assert!(report
            .diagnostics
            .iter()
            .any(|e| e.is_error() && e.file.as_deref() == Some(Path::new("recovery.yaml"))));
    }
}
