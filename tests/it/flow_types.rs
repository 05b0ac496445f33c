//! Every flow type of Archy and Architect loads, checks and runs: a minimal Archy flow of each
//! reads a built-in of its own type (`Survey.Url` in a survey invite flow) with no warning under
//! `check --strict`, and ends as flowsim ends that type; a built-in of another type is a
//! warning. Architect's action-name limit is enforced whatever the type.

use crate::cli::flowsim;
use serde_json::json;

/// (Archy's key, a built-in of that type or `None`, the status a run that runs out of actions
/// ends with)
pub(crate) const TYPES: &[(&str, Option<&str>, &str)] = &[
    ("inboundCall", Some("Call.Ani"), "disconnected"),
    ("outboundCall", Some("Call.ContactId"), "disconnected"),
    ("inqueueCall", Some("Call.PositionInQueue"), "disconnected"),
    ("secureCall", Some("Flow.InvocationData"), "disconnected"),
    ("inboundChat", Some("Chat.ConversationId"), "disconnected"),
    ("inboundEmail", Some("Email.Language"), "disconnected"),
    ("inboundShortMessage", Some("Message.IsNewConversation"), "disconnected"),
    ("inqueueEmail", Some("Email.ConversationId"), "disconnected"),
    ("inqueueShortMessage", Some("Message.ConversationId"), "disconnected"),
    ("botFlow", Some("Session.LastKnowledgeAnswer"), "completed"),
    ("digitalBotFlow", Some("Session.LastKnowledgeAnswer"), "completed"),
    ("surveyInvite", Some("Survey.Url"), "disconnected"),
    ("voiceSurvey", None, "disconnected"),
    ("workflow", None, "completed"),
    ("workitem", Some("Workitem.EventType"), "completed"),
    ("commonModule", None, "completed"),
    ("voicemail", Some("Voicemail.VoicemailSnippet"), "disconnected"),
];

fn flow(key: &str, read: &str, action_name: &str) -> String {
    crate::support::archy_task_flow(
        key,
        &format!(
            r"          - updateData:
              name: {action_name}
              statements:
                - string:
                    variable: Flow.read
                    value: {{exp: 'Append(ToString(Flow.StartDateTimeUtc), ToString(IsSet({read})))'}}
"
        ),
    )
}

#[test]
fn every_flow_type_loads_checks_and_runs_with_its_builtins() {
    let dir = tempfile::tempdir().unwrap();
    for (key, builtin, status) in TYPES {
        let path = dir.path().join(format!("{key}.yaml"));
        let path = path.to_str().unwrap();
        std::fs::write(path, flow(key, builtin.unwrap_or("Flow.Version"), "Read")).unwrap();
        assert_reads_its_builtin(path, key, status);
    }
}

/// Flow `F` of `flows` (a flow of type `key`) passes `check --strict`, and a run ends `status`
/// with `Flow.read` written from the flow's start time and the built-in it read.
#[track_caller]
pub(crate) fn assert_reads_its_builtin(flows: &str, key: &str, status: &str) {
    let o = flowsim(&["check", "--color", "never", "--flows", flows, "--strict"]);
    assert_eq!(o.code, 0, "{key}: {}{}", o.stdout, o.stderr);
    let o = flowsim(&["run", "F", "--flows", flows, "--format", "json"]);
    assert_eq!(o.code, 0, "{key}: {}{}", o.stdout, o.stderr);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(r["status"], status, "{key}: {}", o.stdout);
    assert!(
        r["variables"]["Flow.read"].as_str().is_some_and(|s| s.starts_with("2026-")),
        "{key}: {}",
        o.stdout
    );
}

/// `check` refuses `flows`: `foreign` is a built-in of another flow type (`unknownBuiltin`).
#[track_caller]
pub(crate) fn assert_foreign_builtin_refused(flows: &str, key: &str, foreign: &str) {
    let o = flowsim(&["check", "--color", "never", "--flows", flows]);
    assert_eq!(o.code, 1, "{key} / {foreign}: {}", o.stdout);
    assert!(
        o.stdout.contains(&format!("error[unknownBuiltin]: `{foreign}` is a built-in of")),
        "{key} / {foreign}: {}",
        o.stdout
    );
}

/// A call's built-in in a flow that is not a call flow, and a survey's in a call flow, are
/// errors (Architect's checker refuses them there).
#[test]
fn a_builtin_of_another_flow_type_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for (key, foreign) in [
        ("inboundEmail", "Call.Ani"),
        ("workflow", "Call.Ani"),
        ("surveyInvite", "Call.ConversationId"),
        ("inboundCall", "Survey.Url"),
        ("inboundCall", "Flow.HoldPrompt"),
        ("inqueueCall", "Call.Campaign"),
        ("inboundCall", "Voicemail.VoicemailSnippet"),
        ("workitem", "Survey.Url"),
    ] {
        let path = dir.path().join(format!("{key}.yaml"));
        let path = path.to_str().unwrap();
        std::fs::write(path, flow(key, foreign, "Read")).unwrap();
        assert_foreign_builtin_refused(path, key, foreign);
    }
}

/// Architect allows action names of at most 200 characters (the SDK's
/// `maxActionNameLength`): one more is an error naming the action.
#[test]
fn action_names_longer_than_architect_allows_are_refused() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/oracle/data/constants.json");
    let constants: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let max = usize::try_from(constants["maxActionNameLength"].as_u64().unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.yaml");
    let file = file.to_str().unwrap();
    std::fs::write(file, flow("inboundCall", "Call.Ani", &"n".repeat(max))).unwrap();
    let o = flowsim(&["check", "--flows", file, "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    std::fs::write(file, flow("inboundCall", "Call.Ani", &"n".repeat(max + 1))).unwrap();
    let o = flowsim(&["check", "--flows", file]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains(&format!(
            "error[actionNameTooLong]: the action's name is {} characters long; Architect allows at most {max}",
            max + 1
        )),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("f.yaml:14:1"), "{}", o.stdout);
}

/// A flow of type `key` with one task of `actions` (indented for the task's list).
fn typed_flow(key: &str, name: &str, actions: &str) -> String {
    format!(
        "{key}:\n  name: {name}\n  startUpRef: \"/{key}/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n{actions}"
    )
}

/// Runs flow `name` of `flow` with `request`'s fields, after `check --strict` passes it; the
/// JSON result.
fn run_request(flow: &str, name: &str, request: &serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, flow).unwrap();
    let o = flowsim(&["check", "--flows", path.to_str().unwrap(), "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    run_unchecked(flow, name, request)
}

/// Runs flow `name` of `flow` with `request`'s fields; the JSON result.
fn run_unchecked(flow: &str, name: &str, request: &serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, flow).unwrap();
    let req = dir.path().join("req.json");
    std::fs::write(&req, request.to_string()).unwrap();
    let (path, req) = (path.to_str().unwrap(), req.to_str().unwrap());
    let o = flowsim(&["run", name, "--flows", path, "--request", req, "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    serde_json::from_str(&o.stdout).unwrap()
}

/// The names of the actions a run took, in order.
fn took(r: &serde_json::Value) -> Vec<&str> {
    r["trace"].as_array().unwrap().iter().map(|s| s["nodeName"].as_str().unwrap()).collect()
}

const TRIAGE: &str = "          - decision:
              name: Urgent
              condition: {exp: 'Workitem.Workitem.priority > 3'}
              outputs:
                yes:
                  actions:
                    - updateWorkitem:
                        name: Escalate
                        statements:
                          - integer:
                              variable: Workitem.Workitem.priority
                              value: {exp: 'Workitem.Workitem.priority + 1'}
                          - string:
                              variable: Workitem.Workitem.customFields.region_text
                              value: {lit: EMEA}
                        outputs:
                          success:
                            actions:
                              - exitWorkitemFlow: {name: Done}
          - updateData:
              name: Not urgent
              statements:
                - string:
                    variable: Flow.seen
                    value: {exp: 'Workitem.Workitem.name'}
";

/// A workitem flow reads the request's workitem as `Workitem.Workitem`; Update Workitem
/// changes its attributes (built-in and custom), the trace shows each write, the result the
/// workitem as the run left it; Exit Workitem Flow ends the flow `completed`.
#[test]
fn a_workitem_flow_reads_updates_and_shows_its_workitem() {
    let flow = typed_flow("workitem", "Triage", TRIAGE);
    let item = json!({"id": "w-1", "name": "Refund", "priority": 5, "customFields": {"region_text": "US"}});
    let r = run_request(&flow, "Triage", &json!({"workitem": item}));
    assert_eq!(r["status"], "completed", "{r}");
    assert_eq!(took(&r), ["Urgent", "Escalate", "Done"], "{r}");
    assert_eq!(r["workitem"]["priority"], 6, "{r}");
    assert_eq!(r["workitem"]["customFields"]["region_text"], "EMEA", "{r}");
    assert_eq!(r["workitem"]["name"], "Refund", "{r}");
    assert_eq!(r["trace"][1]["output"], "success", "{r}");
    let writes = &r["trace"][1]["result"]["variables"];
    assert_eq!(writes["Workitem.Workitem.priority"], 6, "{r}");
    // A workitem that is not urgent: the flow reads its name and ends as a workflow does.
    let item = json!({"id": "w-2", "name": "Question", "priority": 1});
    let r = run_request(&flow, "Triage", &json!({"workitem": item}));
    assert_eq!(r["status"], "completed", "{r}");
    assert_eq!(r["variables"]["Flow.seen"], "Question", "{r}");
    assert_eq!(r["workitem"]["priority"], 1, "{r}");
}

/// Genesys: while an agent works on the workitem (assignmentState Connected, Held or Parked),
/// Update Workitem may change its assignee or queue only after Disconnect Workitem.
#[test]
fn update_workitem_changes_an_agents_workitem_only_after_disconnect_workitem() {
    let reassign = "          - updateWorkitem:
              name: Reassign
              statements:
                - string:
                    variable: Workitem.Workitem.queueId
                    value: {lit: q-tier2}
              outputs:
                failure:
                  actions:
                    - disconnectWorkitem:
                        name: Release
                    - updateWorkitem:
                        name: Reassign again
                        statements:
                          - string:
                              variable: Workitem.Workitem.queueId
                              value: {lit: q-tier2}
";
    let flow = typed_flow("workitem", "Move", reassign);
    let item = json!({"id": "w-1", "queueId": "q-tier1", "assignmentState": "Connected"});
    let r = run_request(&flow, "Move", &json!({"workitem": item}));
    assert_eq!(took(&r), ["Reassign", "Release", "Reassign again"], "{r}");
    assert_eq!(r["trace"][0]["output"], "failure", "{r}");
    assert_eq!(r["trace"][0]["error"]["kind"], "workitemConnected", "{r}");
    assert_eq!(r["trace"][2]["output"], "success", "{r}");
    assert_eq!(r["workitem"]["queueId"], "q-tier2", "{r}");
    assert_eq!(r["workitem"]["assignmentState"], "Disconnected", "{r}");
    assert_eq!(r["settings"]["workitem"], "disconnected", "{r}");
    // Nobody works on it: the first update succeeds.
    let item = json!({"id": "w-1", "queueId": "q-tier1"});
    let r = run_request(&flow, "Move", &json!({"workitem": item}));
    assert_eq!(took(&r), ["Reassign"], "{r}");
    assert_eq!(r["workitem"]["queueId"], "q-tier2", "{r}");
}

/// Terminate Workitem ends the agent's assignment and the flow goes on; without a workitem
/// every workitem action takes `failure`, its step naming why.
#[test]
fn terminate_workitem_and_a_run_without_a_workitem() {
    let actions = "          - terminateWorkitem:
              name: End it
              outputs:
                failure:
                  actions:
                    - updateData:
                        name: Note
                        statements:
                          - string: {variable: Flow.why, value: {lit: none}}
          - updateData:
              name: After
              statements:
                - string: {variable: Flow.after, value: {lit: yes}}
";
    let flow = typed_flow("workitem", "Close", actions);
    let r = run_request(&flow, "Close", &json!({"workitem": {"id": "w-9"}}));
    assert_eq!(took(&r), ["End it", "After"], "{r}");
    assert_eq!(r["settings"]["workitem"], "terminated", "{r}");
    // "Terminated: Workitem requires no further action" (Workitem routing states).
    assert_eq!(r["workitem"]["assignmentState"], "Terminated", "{r}");
    let r = run_request(&flow, "Close", &json!({}));
    assert_eq!(took(&r), ["End it", "Note", "After"], "{r}");
    assert_eq!(r["trace"][0]["error"]["kind"], "workitemNotFound", "{r}");
    assert!(r.get("workitem").is_none(), "{r}");
}

/// Complete Survey Invite and Abort Survey Invite end a survey invite flow; the result says
/// which.
#[test]
fn survey_invites_end_completed_or_aborted() {
    let actions = "          - decision:
              name: Has address
              condition: {exp: 'IsSet(Survey.CustomerAddress)'}
              outputs:
                no:
                  actions:
                    - abortSurveyInvite: {name: Abort}
          - completeSurveyInvite: {name: Complete}
          - updateData:
              name: Never
              statements:
                - string: {variable: Flow.x, value: {lit: x}}
";
    let flow = typed_flow("surveyInvite", "Invite", actions);
    // `check` sees that nothing after Complete Survey Invite runs.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, &flow).unwrap();
    let o = flowsim(&["check", "--flows", path.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("warning[unreachableNode]: no path leads to node `T/Never`"));
    let r = run_unchecked(&flow, "Invite", &json!({}));
    assert_eq!(r["status"], "completed", "{r}");
    assert_eq!(r["surveyOutcome"], "aborted", "{r}");
    assert_eq!(took(&r), ["Has address", "Abort"], "{r}");
    let r = run_unchecked(
        &flow,
        "Invite",
        &json!({"variables": {"Survey.CustomerAddress": "ada@example.com"}}),
    );
    assert_eq!(r["surveyOutcome"], "completed", "{r}");
    assert_eq!(took(&r), ["Has address", "Complete"], "{r}");
}

const WAITING: &str = "inqueueCall:
  name: Waiting
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  startUpTaskActions:
    - playAudio:
        name: Busy
        audio: {tts: All our agents are busy.}
    - holdMusic:
        name: Hold
        prompt: {lit: {name: PromptSystem.on_hold_music}}
        duration: {lit: {seconds: 30}}
";

/// An in-queue flow's looping task starts over while the caller waits; an `agentAnswers`
/// event (at a time, after a step) ends the wait: the run is `transferred` to the agent.
#[test]
fn an_in_queue_flow_loops_until_an_agent_answers() {
    let at = |time: &str| json!({"events": [{"when": {"time": time}, "agentAnswers": "Pat Doe"}]});
    let r = run_request(WAITING, "Waiting", &at("2026-01-01T09:01:05Z"));
    assert_eq!(r["status"], "transferred", "{r}");
    assert_eq!(r["route"], json!({"type": "agent", "to": "Pat Doe"}), "{r}");
    // Passes at 0 s, 30 s and 60 s; the agent answers during the third hold, and the run ends
    // before the next action.
    assert_eq!(took(&r), ["Busy", "Hold", "Busy", "Hold", "Busy", "Hold"], "{r}");
    assert_eq!(r["prompts"].as_array().unwrap().len(), 6, "{r}");
    assert_eq!(r["prompts"][1]["text"], "[PromptSystem.on_hold_music]", "{r}");
    assert_eq!(r["elapsedMs"], 90_000, "{r}");
    let r = run_request(
        WAITING,
        "Waiting",
        &json!({"events": [{"when": {"afterStep": 3}, "agentAnswers": true}]}),
    );
    assert_eq!(took(&r), ["Busy", "Hold", "Busy"], "{r}");
    assert_eq!(r["route"], json!({"type": "agent", "to": "agent"}), "{r}");
    // Nobody answers: the caller waits until the run's own timeout.
    let r = run_request(WAITING, "Waiting", &json!({"timeout": 100_000}));
    assert_eq!(r["status"], "timeout", "{r}");
    assert_eq!(took(&r).len(), 8, "{r}");
    // Nobody answers and no timeout: Architect's 10,000 actions, and the error says what to do.
    let r = run_request(WAITING, "Waiting", &json!({}));
    assert_eq!(r["error"]["kind"], "actionLimit", "{r}");
    let message = r["error"]["message"].as_str().unwrap();
    assert!(message.contains("started over 5000 times and no agent answered"), "{message}");
    assert!(message.contains("`agentAnswers`"), "{message}");
}

/// The looping task starts over with its Task variables as they started: declared ones (beside
/// the flow's, as Archy's in-queue flows declare them) take their initial values again, and
/// those the task's actions created are NOT_SET again; Flow variables keep their values.
#[test]
fn an_in_queue_flows_task_variables_start_over_with_the_task() {
    let flow = WAITING
        .replace(
            "  startUpTaskActions:\n",
            "  variables:
    - integerVariable: {name: Task.n, initialValue: {lit: 0}}
    - integerVariable: {name: Flow.passes, initialValue: {lit: 0}}
  startUpTaskActions:
    - updateData:
        name: Count
        statements:
          - integer: {variable: Task.n, value: {exp: 'Task.n + 1'}}
          - integer: {variable: Flow.passes, value: {exp: 'Flow.passes + 1'}}
          - string: {variable: Task.seen, value: {exp: 'If(IsSet(Task.seen), \"again\", \"first\")'}}
",
        );
    let r = run_request(&flow, "Waiting", &json!({"timeout": 70_000}));
    let counts: Vec<_> = r["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["nodeName"] == "Count")
        .map(|s| s["result"]["variables"].clone())
        .collect();
    assert_eq!(counts.len(), 3, "{r}");
    for (i, vars) in counts.iter().enumerate() {
        let want = json!({"Task.n": 1, "Flow.passes": i + 1, "Task.seen": "first"});
        assert_eq!(*vars, want, "pass {}: {r}", i + 1);
    }
}

/// `agentAnswers` needs a call waiting in queue: in any other flow the request is refused.
#[test]
fn agent_answers_is_refused_outside_an_in_queue_flow() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, flow("inboundCall", "Call.Ani", "Read")).unwrap();
    let req = dir.path().join("req.json");
    let events = json!({"events": [{"when": {"afterStep": 1}, "agentAnswers": true}]});
    std::fs::write(&req, events.to_string()).unwrap();
    let (path, req) = (path.to_str().unwrap(), req.to_str().unwrap());
    let o = flowsim(&["run", "F", "--flows", path, "--request", req]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("`agentAnswers` ends an in-queue flow's wait"), "{}", o.stderr);
}

/// Process Voicemail Input collects the caller's message (a turn of the input script) into
/// `Voicemail.VoicemailSnippet` and its `voiceSnippet` variable; nothing within 5 s is
/// `noInput`; Clear Voicemail Snippet drops the message.
#[test]
fn a_voicemail_flow_collects_and_clears_the_callers_message() {
    let actions = "          - playAudio:
              name: Greeting
              audio: {tts: Please leave a message after the tone.}
          - processVoicemailInput:
              name: Record
              voiceSnippet: {var: Flow.message}
              outputs:
                noInput:
                  actions:
                    - playAudio: {name: Nothing, audio: {tts: We did not hear anything.}}
          - playAudio:
              name: Back
              audio: {exp: 'Append(\"You said: \", ToString(Voicemail.VoicemailSnippet))'}
          - clearVoicemailSnippet: {name: Clear}
          - updateData:
              name: After
              statements:
                - boolean: {variable: Flow.kept, value: {exp: 'IsSet(Voicemail.VoicemailSnippet)'}}
";
    let flow = typed_flow("voicemail", "Mailbox", actions);
    let r = run_request(&flow, "Mailbox", &json!({"inputs": [{"text": "Please call me back"}]}));
    assert_eq!(r["status"], "disconnected", "{r}");
    assert_eq!(took(&r), ["Greeting", "Record", "Back", "Clear", "After"], "{r}");
    assert_eq!(r["trace"][1]["output"], "voicemail", "{r}");
    assert_eq!(r["variables"]["Flow.message"], "Please call me back", "{r}");
    assert_eq!(r["prompts"][1]["text"], "You said: Please call me back", "{r}");
    assert_eq!(r["variables"]["Flow.kept"], false, "{r}");
    let r = run_request(&flow, "Mailbox", &json!({"inputs": ["timeout"]}));
    assert_eq!(took(&r), ["Greeting", "Record", "Nothing", "Back", "Clear", "After"], "{r}");
    assert_eq!(r["trace"][1]["output"], "noInput", "{r}");
    assert_eq!(r["elapsedMs"], 5_000, "{r}");
}

/// An Update Workitem statement must name an attribute of the workitem: anything else is an
/// error naming it, which (with no error handling) fails the workitem flow.
#[test]
fn an_update_workitem_statement_outside_the_workitem_is_an_error() {
    let actions = "          - updateWorkitem:
              name: Wrong
              statements:
                - integer:
                    variable: Flow.priority
                    value: {lit: 3}
";
    let flow = typed_flow("workitem", "Bad", actions);
    let r = run_request(&flow, "Bad", &json!({"workitem": {"id": "w-1", "priority": 1}}));
    assert_eq!(r["status"], "failed", "{r}");
    assert_eq!(r["error"]["kind"], "typeMismatch", "{r}");
    let message = r["error"]["message"].as_str().unwrap();
    assert!(message.contains("`Flow.priority` is not an attribute of the workitem"), "{message}");
    assert_eq!(r["workitem"]["priority"], 1, "{r}");
}

/// A workitem flow's error handling `endFlow` (Architect's default for the type; `EndFlow` in
/// an export) ends the flow with the error; Disconnect Workitem's `failureOutputs` get the
/// error it fails with.
#[test]
fn a_workitem_flows_end_flow_error_handling_and_disconnect_failure_outputs() {
    let flow = "workitem:
  name: Claims
  startUpRef: \"/workitem/tasks/task[T_1]\"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  settingsErrorHandling:
    errorHandling:
      endFlow:
        none: true
  variables:
    - stringVariable:
        name: Flow.why
        initialValue: {noValue: true}
    - integerVariable:
        name: Flow.n
        initialValue: {noValue: true}
        isInput: true
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - disconnectWorkitem:
              name: Release
              failureOutputs:
                errorType: {var: Flow.why}
                errorMessage: {noValue: true}
          - decision:
              name: Broken
              condition: {exp: 'Flow.why == \"workitemNotFound\" and Flow.n > 1'}
";
    let r = run_request(flow, "Claims", &json!({}));
    assert_eq!(took(&r), ["Release", "Broken"], "{r}");
    assert_eq!(r["variables"]["Flow.why"], "workitemNotFound", "{r}");
    assert_eq!(r["status"], "failed", "{r}");
    assert_eq!(r["error"]["nodeId"], "T/Broken", "{r}");

    // The same in an export: the actions' `__type`s and `errorBindings`.
    let str_var = |name: &str| json!({"config": {"ref": {"pos": 1, "text": name, "type": "str"}}, "text": name, "type": "str"});
    let export = json!({
        "name": "Claims", "type": "WORKITEM", "initialSequence": "t1",
        "errorHandling": {"handlingType": "EndFlow"},
        "variables": [{"__type": "StringVariable", "name": "Flow.why"}],
        "flowSequenceItemList": [
            {"__type": "Task", "id": "t1", "name": "T", "startAction": "d1",
             "actionList": [
                {"__type": "DisconnectWorkitemAction", "id": "d1", "name": "Release", "nextAction": "x1",
                 "errorBindings": [{"name": "errorType", "value": str_var("Flow.why")}],
                 "paths": [{"label": "Success", "outputId": "__SUCCESS__"}, {"label": "Failure", "outputId": "__FAILURE__"}]},
                {"__type": "ExitWorkitemFlowAction", "id": "x1", "name": "Done"},
             ]},
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Claims.i3WorkitemFlow"), export.to_string()).unwrap();
    let flows = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", flows, "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["run", "Claims", "--flows", flows, "--format", "json"]);
    let r: serde_json::Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}{}", o.stdout, o.stderr));
    assert_eq!(took(&r), ["Release", "Done"], "{r}");
    assert_eq!(r["variables"]["Flow.why"], "workitemNotFound", "{r}");
    assert_eq!(r["status"], "completed", "{r}");
}

/// `Survey.CustomerContact` is an ExternalContact as Architect's Scripting SDK types it: its
/// members have their types (`surveyOptOut` a Boolean, `cellPhone.e164` a String), and a member
/// it does not have is an error.
#[test]
fn a_survey_invites_customer_contact_has_the_sdks_members() {
    let actions = "          - decision:
              name: Opted out
              condition: {exp: Survey.CustomerContact.surveyOptOut}
              outputs:
                yes:
                  actions:
                    - abortSurveyInvite:
                        name: Abort
                        disposition: {lit: optOut}
          - updateData:
              name: Phone
              statements:
                - string: {variable: Flow.to, value: {exp: Survey.CustomerContact.cellPhone.e164}}
          - completeSurveyInvite:
              name: Send
              targetAddress: {exp: Flow.to}
              inviteSubject: {exp: 'Append(\"Hello \", Survey.CustomerContact.firstName)'}
              inviteBody: {exp: Survey.Url}
              reminderSubject: {noValue: true}
              reminderBody: {noValue: true}
";
    let flow = typed_flow("surveyInvite", "Invite", actions);
    let contact =
        json!({"firstName": "Ann", "surveyOptOut": false, "cellPhone": {"e164": "+13175550100"}});
    let r =
        run_request(&flow, "Invite", &json!({"variables": {"Survey.CustomerContact": contact}}));
    assert_eq!(took(&r), ["Opted out", "Phone", "Send"], "{r}");
    assert_eq!(r["variables"]["Flow.to"], "+13175550100", "{r}");
    let invite = &r["settings"]["surveyInvite"];
    assert_eq!(invite["targetAddress"], "+13175550100", "{r}");
    assert_eq!(invite["inviteSubject"], "Hello Ann", "{r}");
    assert_eq!(invite["reminderBody"], serde_json::Value::Null, "{r}");
    assert_eq!(r["surveyOutcome"], "completed", "{r}");
    let opted_out = json!({"surveyOptOut": true});
    let r =
        run_request(&flow, "Invite", &json!({"variables": {"Survey.CustomerContact": opted_out}}));
    assert_eq!(took(&r), ["Opted out", "Abort"], "{r}");
    assert_eq!(r["surveyOutcome"], "aborted", "{r}");
    assert_eq!(r["settings"]["surveyDisposition"], "optOut", "{r}");

    let wrong = actions.replace("cellPhone.e164", "cellPhone.number");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, typed_flow("surveyInvite", "Invite", &wrong)).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", path.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains(
            "`Survey.CustomerContact.cellPhone` is ExternalPhoneNumber, which has no member `number`"
        ),
        "{}",
        o.stdout
    );
}

/// An in-queue email flow as Archy writes it: a start-up state and a periodic state, each one
/// mapping, and no `startUpRef`.
fn email_wait(flow_type: &str) -> String {
    format!(
        "{flow_type}:
  name: Email Wait
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - integerVariable:
        name: Flow.passes
        initialValue: {{lit: 0}}
    - booleanVariable:
        name: Flow.vip
        isInput: true
  settingsErrorHandling:
    errorHandling:
      endInQueueState:
        none: true
  startUpState:
    name: Initial State
    refId: Initial State_10
    actions:
      - decision:
          name: VIP
          condition: {{exp: Flow.vip}}
      - endState:
          name: End Start
  periodicState:
    name: Recurring State
    refId: Recurring State_12
    actions:
      - updateData:
          name: Count
          statements:
            - integer:
                variable: Flow.passes
                value: {{exp: Flow.passes + 1}}
      - wait:
          name: Period
          duration: {{lit: {{minutes: 5}}}}
      - endState:
          name: End Pass
"
    )
}

/// In-queue email and message flows run their start-up state once, then their periodic state
/// again and again while the customer waits: until an agent answers, a transfer or a
/// disconnect, or a limit.
#[test]
fn an_in_queue_email_flow_runs_its_periodic_state_until_an_agent_answers() {
    for flow_type in ["inqueueEmail", "inqueueShortMessage"] {
        let flow = email_wait(flow_type);
        let answers = json!({
            "variables": {"Flow.vip": true},
            "events": [{"when": {"time": "2026-01-01T09:12:00Z"}, "agentAnswers": "Pat Doe"}],
        });
        let r = run_request(&flow, "Email Wait", &answers);
        assert_eq!(r["status"], "transferred", "{flow_type}: {r}");
        assert_eq!(r["route"], json!({"type": "agent", "to": "Pat Doe"}), "{r}");
        // Passes at 0, 5 and 10 minutes; the agent answers during the third.
        assert_eq!(
            took(&r),
            [
                "VIP",
                "End Start",
                "Count",
                "Period",
                "End Pass",
                "Count",
                "Period",
                "End Pass",
                "Count",
                "Period"
            ],
            "{flow_type}: {r}"
        );
        assert_eq!(r["variables"]["Flow.passes"], 3, "{r}");
        // Nobody answers, passes a minute apart: Architect's 10,000 actions come first (after
        // about 55 hours), and the error says what ran.
        let minute = flow.replace("{minutes: 5}", "{minutes: 1}");
        let r = run_request(&minute, "Email Wait", &json!({"variables": {"Flow.vip": true}}));
        assert_eq!(r["error"]["kind"], "actionLimit", "{r}");
        let message = r["error"]["message"].as_str().unwrap();
        assert!(message.contains("its periodic state ran"), "{message}");
        // Five minutes apart, the flow's 72 hours come first: the wait that would pass them
        // enters error handling, which ends the state; the next pass's wait fails at once.
        let r = run_request(&flow, "Email Wait", &json!({"variables": {"Flow.vip": true}}));
        assert_eq!(r["error"]["kind"], "maxRunningTime", "{r}");
        assert_eq!(r["elapsedMs"], 72 * 3_600_000, "{r}");
    }
}

/// `endInQueueState` error handling ends the state the error happened in as End State does:
/// the periodic state runs next, and the result keeps the error.
#[test]
fn end_in_queue_state_error_handling_ends_the_state_and_the_wait_goes_on() {
    let flow = email_wait("inqueueEmail");
    let events = json!({"events": [{"when": {"afterStep": 3}, "agentAnswers": true}]});
    let r = run_request(&flow, "Email Wait", &events);
    assert_eq!(r["status"], "transferred", "{r}");
    assert_eq!(r["error"]["kind"], "notSet", "{r}");
    assert_eq!(took(&r), ["VIP", "Count", "Period"], "{r}");
}

/// The text trace says an in-queue flow's end starts it over while the customer waits.
#[test]
fn the_text_trace_says_an_in_queue_flow_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, email_wait("inqueueEmail")).unwrap();
    let req = dir.path().join("req.json");
    let request = json!({
        "variables": {"Flow.vip": true},
        "events": [{"when": {"afterStep": 6}, "agentAnswers": true}],
    });
    std::fs::write(&req, request.to_string()).unwrap();
    let (path, req) = (path.to_str().unwrap(), req.to_str().unwrap());
    let o = flowsim(&["run", "Email Wait", "--flows", path, "--request", req, "--color", "never"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("Initial State › End Start [endState] → starts over"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("Recurring State › End Pass [endState] → starts over"),
        "{}",
        o.stdout
    );
}

/// A flow of a type whose running time Genesys caps: its Wait ends at the cap in error handling,
/// or, with Trim Lengthy Duration, just before it, and the flow goes on.
#[test]
fn a_wait_past_the_flows_maximum_running_time_enters_error_handling_unless_trimmed() {
    let wait = |flow_type: &str, duration: &str, trim: &str| {
        crate::support::archy_task_flow(
            flow_type,
            &format!(
                "          - wait:
              name: Long
              duration: {{lit: {duration}}}
{trim}          - updateData:
              name: After
              statements:
                - string: {{variable: Flow.after, value: {{lit: went on}}}}
"
            ),
        )
    };
    let trim = "              trimDurationNearMaxRunningTime: {lit: true}\n";
    for (flow_type, cap_hours, over, under) in [
        ("workflow", 72, "{hours: 73}", "{hours: 71}"),
        ("inboundShortMessage", 72, "{days: 4}", "{hours: 72}"),
        ("surveyInvite", 1, "{minutes: 61}", "{minutes: 60}"),
    ] {
        let cap = cap_hours * 3_600_000;
        let r = run_request(&wait(flow_type, over, ""), "F", &json!({}));
        assert_eq!(r["error"]["kind"], "maxRunningTime", "{flow_type}: {r}");
        assert_eq!(r["elapsedMs"], cap, "{flow_type}: ends at the cap: {r}");
        assert!(r["variables"]["Flow.after"].is_null(), "{flow_type}: {r}");
        let r = run_request(&wait(flow_type, over, trim), "F", &json!({}));
        assert!(r["error"].is_null(), "{flow_type}: {r}");
        assert_eq!(r["elapsedMs"], cap - 1_000, "{flow_type}: trimmed to a second before: {r}");
        assert_eq!(r["variables"]["Flow.after"], "went on", "{flow_type}: {r}");
        let r = run_request(&wait(flow_type, under, ""), "F", &json!({}));
        assert!(r["error"].is_null(), "{flow_type}: a wait within the cap: {r}");
        // "If the runtime value evaluates to any other value, false, or a NOT_SET Boolean, the
        // duration is not modified."
        for other in ["{lit: false}", "{noValue: true}"] {
            let other = format!("              trimDurationNearMaxRunningTime: {other}\n");
            let r = run_request(&wait(flow_type, over, &other), "F", &json!({}));
            assert_eq!(r["error"]["kind"], "maxRunningTime", "{flow_type} {other}: {r}");
        }
    }
}

/// In a secure flow a transfer that fails does not take its failure path: the call disconnects
/// (the failed transfer audio still plays). In an inbound call flow the same action takes it.
#[test]
fn a_failed_transfer_in_a_secure_flow_disconnects_the_call() {
    let actions = "          - transferToAcd:
              name: To queue
              targetQueue: {lit: {name: Nowhere}}
              failureTransferAudio: {tts: Sorry.}
              outputs:
                failure:
                  actions:
                    - playAudio: {name: Fallback, audio: {tts: fallback path}}
          - disconnect: {name: End}
";
    let r = run_request(&crate::support::archy_task_flow("secureCall", actions), "F", &json!({}));
    assert_eq!(r["status"], "disconnected", "{r}");
    assert_eq!(took(&r), ["To queue"], "{r}");
    assert_eq!(r["prompts"][0]["text"], "Sorry.", "{r}");
    assert_eq!(r["trace"][0]["error"]["kind"], "queueNotFound", "{r}");
    let r = run_request(&crate::support::archy_task_flow("inboundCall", actions), "F", &json!({}));
    assert_eq!(took(&r), ["To queue", "Fallback", "End"], "{r}");
}

/// Genesys: "You can use a workitem flow, for example, to adjust the assignee, due date, expiry
/// date, priority, or status of a workitem" (Work with workitem flows); the API gives the dates
/// as ISO 8601 date-times, and the flow reads them as DateTimes.
#[test]
fn a_workitems_dates_are_date_times() {
    let actions = "          - decision:
              name: Overdue
              condition: {exp: 'Workitem.Workitem.dateDue < GetCurrentDateTimeUtc()'}
              outputs:
                yes:
                  actions:
                    - updateWorkitem:
                        name: Push due
                        statements:
                          - dateTime: {variable: Workitem.Workitem.dateDue, value: {exp: 'AddDays(Workitem.Workitem.dateDue, 1)'}}
          - exitWorkitemFlow: {name: Done}
";
    let flow = typed_flow("workitem", "Due", actions);
    let r = run_request(
        &flow,
        "Due",
        &json!({"workitem": {"id": "w-1", "dateDue": "2020-01-01T00:00:00Z"}}),
    );
    assert_eq!(took(&r), ["Overdue", "Push due", "Done"], "{r}");
    assert_eq!(r["workitem"]["dateDue"], "2020-01-02T00:00:00.000Z", "{r}");
    // A date that is not one is the request's mistake, said before anything runs.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, &flow).unwrap();
    let req = dir.path().join("req.json");
    std::fs::write(&req, r#"{"workitem": {"id": "w-1", "dateDue": "tomorrow"}}"#).unwrap();
    let o = flowsim(&[
        "run",
        "Due",
        "--flows",
        path.to_str().unwrap(),
        "--request",
        req.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("workitem.dateDue") && o.stderr.contains("`tomorrow`"),
        "{}",
        o.stderr
    );
}

/// An outbound flow has a contact list and a default wrap-up code (About outbound flows):
/// `Call.ContactList` and `Flow.WrapupCode` read them, a call the flow ends without Set Wrap-up
/// Code takes the default, and `check` warns of a flow that lacks either.
#[test]
fn an_outbound_flows_default_wrapup_code_and_contact_list() {
    let actions = "          - decision:
              name: Reached
              condition: {exp: 'Call.Contact.status == \"ok\"'}
              outputs:
                yes:
                  actions:
                    - setWrapupCode: {name: Wrap, wrapupCode: {lit: {name: Sale}}}
          - updateData:
              name: Read
              statements:
                - string: {variable: Flow.list, value: {exp: 'Call.ContactList.name'}}
                - string: {variable: Flow.code, value: {exp: 'Flow.WrapupCode.name'}}
          - disconnect: {name: Bye}
";
    let flow = crate::support::archy_task_flow("outboundCall", actions);
    let run = |status: &str| {
        run_request(&flow, "F", &json!({"variables": {"Call.Contact": {"status": status}}}))
    };
    let r = run("busy");
    assert_eq!(r["settings"]["wrapupCode"], "No Answer", "{r}");
    assert_eq!(r["variables"]["Flow.list"], "Callbacks", "{r}");
    assert_eq!(r["variables"]["Flow.code"], "No Answer", "{r}");
    let r = run("ok");
    assert_eq!(r["settings"]["wrapupCode"], "Sale", "{r}");
    // Without the settings: a warning for each, and a call that ends with no wrap-up code.
    let bare = flow.replace("  settingsOutboundCall:\n    contactList: {lit: {name: Callbacks}}\n    wrapupCode: {lit: {name: No Answer}}\n", "");
    assert_ne!(bare, flow);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, &bare).unwrap();
    let o = flowsim(&["check", "--flows", path.to_str().unwrap(), "--color", "never"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    for what in ["contact list", "default wrap-up code"] {
        let line = format!("warning[missingProperty]: outbound call flow `F` has no {what}");
        assert!(o.stdout.contains(&line), "{what}: {}", o.stdout);
    }
    let r = run_unchecked(&bare, "F", &json!({"variables": {"Call.Contact": {"status": "busy"}}}));
    assert!(r["settings"].get("wrapupCode").is_none(), "{r}");
}

/// Genesys (Work with workitem flows): "Reassign the workitem by transferring it to a different
/// queue or agent." After a Transfer to ACD the result's workitem is in the queue transferred
/// to; after a Transfer to User, assigned to the user.
#[test]
fn a_workitem_transferred_is_reassigned_to_the_queue_or_user() {
    let fixtures = r#"{"queues": [{"id": "q-esc", "name": "Escalations"}], "users": [{"id": "u-pat", "name": "Pat Doe"}]}"#;
    let request = r#"{"flowName": "F", "workitem": {"id": "w-1", "queueId": "q-1", "assignmentState": "Disconnected"}}"#;
    for (action, attribute, id) in [
        (
            "transferToAcd: {name: Move, targetQueue: {lit: {name: Escalations}}}",
            "queueId",
            "q-esc",
        ),
        ("transferToUser: {name: Move, targetUser: {lit: {name: Pat Doe}}}", "assigneeId", "u-pat"),
        // An error the flow's error handling answers with a transfer to a queue.
        ("updateData: {name: Fail, statements: [{integer: {variable: Flow.n, value: {exp: 'ToInt(\"abc\")'}}}]}", "queueId", "q-esc"),
    ] {
        let mut flow = typed_flow("workitem", "F", &format!("          - {action}\n"));
        if action.starts_with("updateData") {
            flow = flow.replacen(
                "  tasks:",
                "  settingsErrorHandling:\n    errorHandling:\n      queue:\n        targetQueue: {lit: {name: Escalations}}\n  tasks:",
                1,
            );
        }
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in
            [("f.yaml", flow.as_str()), ("org.json", fixtures), ("req.json", request)]
        {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
        let o = flowsim(&[
            "run",
            "--flows",
            &path("f.yaml"),
            "--fixtures",
            &path("org.json"),
            "--request",
            &path("req.json"),
            "--format",
            "json",
        ]);
        let r: serde_json::Value = serde_json::from_str(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr));
        assert_eq!(r["status"], "transferred", "{r}");
        assert_eq!(r["workitem"][attribute], id, "{action}: {r}");
    }
}
