//! What Genesys documents of workitem flows, workflows, flow milestones, Send Response and the
//! conversation's language across flows, each on the smallest Archy flow that shows it, through
//! `flowsim check --strict` and `flowsim run`. The pages and their words are in
//! docs/architect.md §6.

use crate::cli::flowsim;
use crate::support::{archy_task_flow, prompts};
use serde_json::json;

const ORG: &str = r#"{
  "queues": [{"id": "q2", "name": "Tier 2"}],
  "users": [{"id": "u1", "name": "Ann Lee", "email": "ann@example.com"}]
}"#;

/// Checks `flows` (Archy YAML, in one folder) strictly, then runs `flow` with `request` (a run
/// request's fields) against the fixtures `ORG`; the JSON result.
#[track_caller]
fn run(flows: &[&str], flow: &str, request: &serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("flows");
    std::fs::create_dir(&folder).unwrap();
    for (i, text) in flows.iter().enumerate() {
        std::fs::write(folder.join(format!("flow{i}.yaml")), text).unwrap();
    }
    let (org, req) = (dir.path().join("org.json"), dir.path().join("req.json"));
    std::fs::write(&org, ORG).unwrap();
    std::fs::write(&req, request.to_string()).unwrap();
    let (folder, org, req) =
        (folder.to_str().unwrap(), org.to_str().unwrap(), req.to_str().unwrap());
    let o = flowsim(&["check", "--flows", folder, "--fixtures", org, "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let args = ["run", flow, "--flows", folder, "--fixtures", org, "--request", req];
    let o = flowsim(&[&args[..], &["--format", "json"]].concat());
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", o.stdout, o.stderr))
}

/// The names of the actions a run took, in order.
fn took(r: &serde_json::Value) -> Vec<&str> {
    r["trace"].as_array().unwrap().iter().map(|s| s["nodeName"].as_str().unwrap()).collect()
}

/// Genesys: "Use the Update Workitem action to update the attributes of a workitem. You can use
/// this action to modify both built-in and custom workitem attributes", its example modifying
/// "a workitem status" (Update Workitem action).
#[test]
fn update_workitem_sets_built_in_and_custom_attributes_such_as_its_status() {
    let flow = archy_task_flow(
        "workitem",
        "          - updateWorkitem:
              name: Close
              statements:
                - string:
                    variable: Workitem.Workitem.statusId
                    value: {lit: s-closed}
                - string:
                    variable: Workitem.Workitem.customFields.reason_text
                    value: {exp: 'Append(\"done by \", Workitem.Workitem.name)'}
          - exitWorkitemFlow: {name: Done}
",
    );
    let item = json!({"workitem": {"id": "w-1", "name": "Refund", "statusId": "s-open"}});
    let r = run(&[&flow], "F", &item);
    assert_eq!(took(&r), ["Close", "Done"], "{r:#}");
    assert_eq!(r["trace"][0]["output"], "success", "{r:#}");
    assert_eq!(r["workitem"]["statusId"], "s-closed", "{r:#}");
    assert_eq!(r["workitem"]["customFields"]["reason_text"], "done by Refund", "{r:#}");
    assert_eq!(r["status"], "completed", "{r:#}");
}

/// Genesys: a workitem flow can "transfer a workitem" and "Reassign the workitem by
/// transferring it to a different queue or agent" (Work with workitem flows).
#[test]
fn a_workitem_flow_transfers_its_workitem_to_a_queue_or_an_agent() {
    let to_queue = archy_task_flow(
        "workitem",
        "          - transferToAcd:
              name: To tier 2
              targetQueue: {lit: {name: Tier 2}}
",
    );
    let item = json!({"workitem": {"id": "w-1", "queueId": "q1"}});
    let r = run(&[&to_queue], "F", &item);
    assert_eq!(r["status"], "transferred", "{r:#}");
    assert_eq!(r["route"]["type"], "acd", "{r:#}");
    assert_eq!(r["route"]["queueName"], "Tier 2", "{r:#}");
    assert_eq!(took(&r), ["To tier 2"], "{r:#}");
    let to_agent = archy_task_flow(
        "workitem",
        "          - transferToUser:
              name: To Ann
              targetUser: {lit: {name: Ann Lee}}
",
    );
    let r = run(&[&to_agent], "F", &item);
    assert_eq!(r["status"], "transferred", "{r:#}");
    assert_eq!(r["route"]["type"], "user", "{r:#}");
    assert_eq!(r["route"]["to"], "Ann Lee", "{r:#}");
}

const ENDING_MODULE: &str = "commonModule:
  name: Closer
  startUpTaskActions:
    - endWorkflow:
        name: Stop here
        exitReason: {lit: closed by module}
";

/// Genesys: End Workflow: "Provide an exit reason and end the workflow" (Work with workflows).
/// Run inside a common module, it ends the workflow that called the module.
#[test]
fn end_workflow_ends_the_workflow_with_its_exit_reason_even_from_a_common_module() {
    let workflow = "workflow:
  name: Sweep
  startUpRef: \"/workflow/states/state[S_1]\"
  variables:
    - stringVariable: {name: Flow.x, initialValue: {noValue: true}}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callCommonModule:
              name: Close
              commonModule:
                Closer:
                  ver_latestPublished: {}
          - updateData:
              name: Never
              statements:
                - string: {variable: Flow.x, value: {lit: x}}
          - endWorkflow: {name: Not this one, exitReason: {lit: caller}}
";
    let r = run(&[workflow, ENDING_MODULE], "Sweep", &json!({}));
    assert_eq!(r["status"], "completed", "{r:#}");
    assert_eq!(r["exitReason"], "closed by module", "{r:#}");
    assert_eq!(took(&r), ["Close", "Stop here"], "{r:#}");
}

/// Genesys: "if a customer tries to make a payment three times and only succeeds on the third
/// attempt, then flow outcomes reporting sees this as an overall successful outcome ...,
/// whereas milestones reporting tells you that that multiple payment attempts occurred"
/// (Flow outcomes and milestones): each Add Flow Milestone that runs is recorded, a repeated
/// one each time.
#[test]
fn each_add_flow_milestone_that_runs_is_recorded_repeats_too() {
    let flow = archy_task_flow(
        "inboundCall",
        "          - loop:
              name: Attempts
              loopCount: {lit: 3}
              outputs:
                loop:
                  actions:
                    - addFlowMilestone:
                        name: Tried
                        milestone: {lit: {name: Payment attempt}}
          - addFlowMilestone:
              name: Paid
              milestone: {lit: {name: Payment made}}
          - disconnect: {name: Bye}
",
    );
    let r = run(&[&flow], "F", &json!({}));
    let attempts = ["Payment attempt", "Payment attempt", "Payment attempt", "Payment made"];
    assert_eq!(r["milestones"], json!(attempts), "{r:#}");
}

/// Genesys: the String Builder of a Send Response action's Message Body creates "a more complex
/// sequence of message elements to send to a recipient. You can use any combination of data,
/// expressions, prompts, and text elements" (Set up a message sequence with the String
/// Builder): what the recipient gets is the elements' text, in order.
#[test]
fn send_response_sends_its_message_body_text_data_and_expressions_in_order() {
    let flow = "inboundShortMessage:
  name: Reply
  startUpRef: \"/inboundShortMessage/tasks/task[T_1]\"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - stringVariable: {name: Flow.name, initialValue: {lit: Ann}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - sendResponse:
              name: Greet
              messageBody: {exp: 'Append(\"Hello \", Flow.name, \", you are number \", ToString(1 + 1), \".\")'}
          - sendResponse:
              name: Again
              messageBody: {lit: Bye.}
          - disconnect: {name: Bye}
";
    let r = run(&[flow], "Reply", &json!({}));
    assert_eq!(prompts(&r), ["Hello Ann, you are number 2.", "Bye."], "{r:#}");
}

/// A call flow named `name` supporting English and Spanish (English by default) whose task runs
/// `actions`.
fn bilingual(name: &str, actions: &str) -> String {
    speaking(name, "en-us, es-us", actions)
}

/// A call flow named `name` supporting `languages` (`en-us, es-us`; the first is its default),
/// none with a default language skill, whose task runs `actions`.
fn speaking(name: &str, languages: &str, actions: &str) -> String {
    let tags: Vec<&str> = languages.split(", ").collect();
    let supported: String =
        tags.iter().fold(String::new(), |out, tag| out + "    " + tag + ": {}\n");
    format!(
        "inboundCall:
  name: {name}
  startUpRef: \"/inboundCall/tasks/task[T_1]\"
  defaultLanguage: {}
  supportedLanguages:
{supported}  variables:
    - stringVariable: {{name: Flow.lang, initialValue: {{noValue: true}}}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
{actions}",
        tags[0]
    )
}

/// Genesys: "If a language is not set for the interaction, Architect uses the flow's default
/// language. ... When Architect transfers the interaction from flow 1 to flow 2 and flow 2
/// supports the language set in flow 1, flow 2 defaults to that language" (Choose supported
/// languages, Japanese copy). A flow that does not support it starts in its own default.
#[test]
fn a_flow_transferred_to_keeps_the_language_the_first_flow_set_if_it_supports_it() {
    let read = "          - updateData:
              name: Read
              statements:
                - string: {variable: Flow.lang, value: {exp: Call.Language}}
          - disconnect: {name: Bye}
";
    let transfer_to = |target: &str| {
        bilingual(
            "First",
            &format!(
                "          - setLanguage: {{name: Spanish, language: {{lit: es-us}}}}
          - transferToFlow: {{name: Onward, targetFlow: {{lit: {{name: {target}}}}}}}
"
            ),
        )
    };
    let second = bilingual("Second", read);
    let r = run(&[&transfer_to("Second"), &second], "First", &json!({}));
    assert_eq!(took(&r), ["Spanish", "Onward", "Read", "Bye"], "{r:#}");
    assert_eq!(r["variables"]["Flow.lang"], "es-us", "{r:#}");
    // Nothing set the language: the flow's default.
    let r = run(&[&second], "Second", &json!({}));
    assert_eq!(r["variables"]["Flow.lang"], "en-us", "{r:#}");
    // A flow that does not support Spanish starts in its own default language, English.
    let english = speaking("English", "en-us, fr-ca", read);
    let r = run(&[&transfer_to("English"), &english], "First", &json!({}));
    assert_eq!(took(&r), ["Spanish", "Onward", "Read", "Bye"], "{r:#}");
    assert_eq!(r["variables"]["Flow.lang"], "en-us", "{r:#}");
    assert_eq!(r["settings"].get("language"), None, "{r:#}");
    // One whose default is another language starts in that one.
    let french = speaking("French", "fr-ca, en-us", read);
    let r = run(&[&transfer_to("French"), &french], "First", &json!({}));
    assert_eq!(r["variables"]["Flow.lang"], "fr-ca", "{r:#}");
}

/// Genesys: "The result of an outcome resets anytime an interaction encounters the same outcome
/// again, even if the outcome was originally successful. The system only tracks and displays
/// the last result of an outcome" (Initialize Flow Outcome action); Set Flow Outcome: "Use this
/// action multiple times for the same flow outcome" (Set Flow Outcome action).
#[test]
fn an_outcome_met_again_resets_and_only_its_last_result_counts() {
    let outcome = |action: &str, name: &str, value: &str| {
        let value = if value.is_empty() {
            String::new()
        } else {
            format!(", flowOutcomeValue: {{lit: {value}}}")
        };
        format!("          - {action}: {{name: {name}, flowOutcome: {{lit: {{name: Pay Bill}}}}{value}}}\n")
    };
    let flow = archy_task_flow(
        "inboundCall",
        &[
            outcome("initializeFlowOutcome", "Start", ""),
            outcome("setFlowOutcome", "Paid", "SUCCESS"),
            outcome("initializeFlowOutcome", "Start again", ""),
            "          - disconnect: {name: Bye}\n".into(),
        ]
        .concat(),
    );
    let r = run(&[&flow], "F", &json!({}));
    assert_eq!(took(&r), ["Start", "Paid", "Start again", "Bye"], "{r:#}");
    // Met again, the successful outcome restarted, and the call ended before a result.
    assert_eq!(r["flowOutcomes"], json!({"Pay Bill": "FAILURE"}), "{r:#}");
    let flow = archy_task_flow(
        "inboundCall",
        &[
            outcome("initializeFlowOutcome", "Start", ""),
            outcome("setFlowOutcome", "Failed", "FAILURE"),
            outcome("setFlowOutcome", "Paid", "SUCCESS"),
            "          - disconnect: {name: Bye}\n".into(),
        ]
        .concat(),
    );
    let r = run(&[&flow], "F", &json!({}));
    assert_eq!(r["flowOutcomes"], json!({"Pay Bill": "SUCCESS"}), "{r:#}");
}

use crate::support::check_errors as errors;

#[test]
fn transfer_to_user_has_no_transfer_audio_in_a_workitem_flow() {
    let transfer = |fields: &str| {
        format!(
            "          - transferToUser:
              name: To Ann
              targetUser: {{lit: {{name: Ann Lee}}}}
{fields}          - exitWorkitemFlow: {{name: Done}}
"
        )
    };
    let fields = "              preTransferAudio: {tts: Transferring}
              failureTransferAudio: {tts: Sorry}
              connectTimeout: {lit: PT20S}
";
    assert_eq!(errors(&archy_task_flow("workitem", &transfer(""))), Vec::<String>::new());
    // A call flow has them.
    let call = archy_task_flow("inboundCall", &transfer(fields)).replace(
        "          - exitWorkitemFlow: {name: Done}\n",
        "          - disconnect: {name: Bye}\n",
    );
    assert_eq!(errors(&call), Vec::<String>::new());
    // Transfer to User: Pre-Transfer Audio, Failed Transfer Audio: "Note: This field is not
    // available in workitem flows." The Connect Timeout is not refused.
    let e = errors(&archy_task_flow("workitem", &transfer(fields)));
    assert_eq!(
        e,
        ["preTransferAudio", "failureTransferAudio"].map(|f| format!(
            "notInFlowType: `To Ann` sets `{f}`, which Transfer to User does not have in the workitem flow `F`: \"This field is not available in workitem flows\""
        )),
        "{e:?}"
    );
}
