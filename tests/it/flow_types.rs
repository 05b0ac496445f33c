//! Every flow type of Archy and Architect loads, checks and runs: a minimal Archy flow of each
//! reads a built-in of its own type (`Survey.Url` in a survey invite flow) with no warning under
//! `check --strict`, and ends as flowsim ends that type; a built-in of another type is a
//! warning. Architect's action-name limit is enforced whatever the type.

use crate::cli::flowsim;

/// (Archy's key, a built-in of that type or `None`, the status a run that runs out of actions
/// ends with)
const TYPES: &[(&str, Option<&str>, &str)] = &[
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
    ("workitem", Some("Workitem.EventType"), "disconnected"),
    ("commonModule", None, "completed"),
    ("voicemail", None, "disconnected"),
];

fn flow(key: &str, read: &str, action_name: &str) -> String {
    format!(
        r#"{key}:
  name: F
  startUpRef: "/{key}/tasks/task[T_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - updateData:
              name: {action_name}
              statements:
                - string:
                    variable: Flow.read
                    value: {{exp: 'Append(ToString(Flow.StartDateTimeUtc), ToString(IsSet({read})))'}}
"#
    )
}

#[test]
fn every_flow_type_loads_checks_and_runs_with_its_builtins() {
    let dir = tempfile::tempdir().unwrap();
    for (key, builtin, status) in TYPES {
        let path = dir.path().join(format!("{key}.yaml"));
        let path = path.to_str().unwrap();
        std::fs::write(path, flow(key, builtin.unwrap_or("Flow.Version"), "Read")).unwrap();
        let o = flowsim(&["check", "--flows", path, "--strict"]);
        assert_eq!(o.code, 0, "{key}: {}{}", o.stdout, o.stderr);
        let o = flowsim(&["run", "F", "--flows", path, "--format", "json"]);
        assert_eq!(o.code, 0, "{key}: {}{}", o.stdout, o.stderr);
        let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(r["status"], *status, "{key}: {}", o.stdout);
        assert!(
            r["variables"]["Flow.read"].as_str().is_some_and(|s| s.starts_with("2026-")),
            "{key}: {}",
            o.stdout
        );
    }
}

/// A call's built-in in a flow that is not a call flow, and a survey's in a call flow, are
/// warnings (Architect's checker refuses them there).
#[test]
fn a_builtin_of_another_flow_type_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (key, foreign) in [
        ("inboundEmail", "Call.Ani"),
        ("workflow", "Call.Ani"),
        ("surveyInvite", "Call.ConversationId"),
        ("inboundCall", "Survey.Url"),
        ("inboundCall", "Flow.HoldPrompt"),
        ("inqueueCall", "Call.Campaign"),
    ] {
        let path = dir.path().join(format!("{key}.yaml"));
        let path = path.to_str().unwrap();
        std::fs::write(path, flow(key, foreign, "Read")).unwrap();
        let o = flowsim(&["check", "--flows", path]);
        assert!(
            o.stdout.contains(&format!("warning[unknownBuiltin]: `{foreign}` is a built-in of")),
            "{key} / {foreign}: {}",
            o.stdout
        );
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
