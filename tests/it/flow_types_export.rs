//! Every flow type loads, checks and runs as an Architect export too, written as Architect
//! writes one (base64 of URL-encoded JSON) under its type's file extension: a minimal export
//! of each reads a built-in of its own type with no warning under `check --strict`, and ends as
//! the same flow in Archy YAML ends (`flow_types::TYPES`).

use serde_json::json;

/// (Archy's key, the export's `type` as the Platform API names it (`FlowType`), the file
/// extension, the sequence type Architect gives its first sequence)
const EXPORTS: &[(&str, &str, &str, &str)] = &[
    ("inboundCall", "inboundcall", "i3InboundFlow", "Task"),
    ("outboundCall", "outboundcall", "i3OutboundFlow", "Task"),
    ("inqueueCall", "inqueuecall", "i3InQueueFlow", "LoopTask"),
    ("secureCall", "securecall", "i3SecureCallFlow", "Task"),
    ("inboundChat", "inboundchat", "i3InboundChatFlow", "State"),
    ("inboundEmail", "inboundemail", "i3InboundEmailFlow", "State"),
    ("inboundShortMessage", "inboundshortmessage", "i3InboundMessage", "State"),
    ("inqueueEmail", "inqueueemail", "i3InQueueEmailFlow", "State"),
    ("inqueueShortMessage", "inqueueshortmessage", "i3InQueueShortMessageFlow", "State"),
    ("botFlow", "bot", "i3BotFlow", "BotState"),
    ("digitalBotFlow", "digitalbot", "i3DigitalBotFlow", "BotState"),
    ("surveyInvite", "surveyinvite", "i3SurveyInviteFlow", "State"),
    ("voiceSurvey", "voicesurvey", "i3VoiceSurveyFlow", "Task"),
    ("workflow", "workflow", "i3WorkFlow", "State"),
    ("workitem", "workitem", "i3WorkitemFlow", "Task"),
    ("commonModule", "commonmodule", "i3CommonModuleFlow", "CommonModuleTask"),
    ("voicemail", "voicemail", "i3VoicemailFlow", "Task"),
];

/// An export of type `ty` named `F`: one sequence whose one Update Data writes
/// `Flow.read` from `read`.
fn export(ty: &str, sequence: &str, read: &str) -> serde_json::Value {
    let text = format!("Append(ToString(Flow.StartDateTimeUtc), ToString(IsSet({read})))");
    let mut doc = json!({
        "name": "F", "type": ty, "initialSequence": "s1",
        "variables": [{"__type": "StringVariable", "name": "Flow.read"}],
        "flowSequenceItemList": [
            {"__type": sequence, "id": "s1", "name": "Main", "startAction": "u1",
             "actionList": [
                {"__type": "UpdateVariableAction", "id": "u1", "name": "Read", "trackingId": 1,
                 "variables": [{
                    "variable": {"text": "Flow.read", "type": "str"},
                    "expression": {"text": text, "type": "str"},
                 }]},
             ]},
        ],
    });
    // An outbound flow has its contact list and default wrap-up code, as Architect requires.
    if ty == "outboundcall" {
        let lit = |text: &str, ty: &str| json!({"config": {"lit": {"pos": 1, "text": text, "type": ty}}, "text": text, "type": ty, "version": 2});
        doc["outboundCallSettings"] = json!({
            "contactList": lit("Callbacks", "cnl"),
            "defaultWrapupCode": lit("No Answer", "wrc"),
        });
    }
    doc
}

#[test]
fn every_flow_type_loads_checks_and_runs_as_an_export() {
    let types = crate::flow_types::TYPES;
    assert_eq!(
        EXPORTS.iter().map(|e| e.0).collect::<Vec<_>>(),
        types.iter().map(|t| t.0).collect::<Vec<_>>(),
        "an export of every flow type the Archy test runs"
    );
    let dir = tempfile::tempdir().unwrap();
    for ((key, builtin, status), (_, ty, ext, sequence)) in types.iter().zip(EXPORTS) {
        let sub = dir.path().join(key);
        std::fs::create_dir(&sub).unwrap();
        let doc = export(ty, sequence, builtin.unwrap_or("Flow.Version"));
        std::fs::write(
            sub.join(format!("F.{ext}")),
            crate::support::architect_encoding(&doc.to_string()),
        )
        .unwrap();
        crate::flow_types::assert_reads_its_builtin(sub.to_str().unwrap(), key, status);
    }
}

/// The type an export names is the flow's: a built-in of another type is read as that type's
/// flows lack it. Architect wrote the export, so its checker took the read: the flow loads with
/// a warning (an Archy file's is an error, `flow_types::a_builtin_of_another_flow_type_is_an_error`),
/// and a run reads the built-in as NOT_SET (docs/architect.md §4).
#[test]
fn an_export_reading_a_builtin_of_another_flow_type_loads_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (ty, ext, sequence, foreign) in [
        ("inqueueemail", "i3InQueueEmailFlow", "State", "Call.Ani"),
        ("voicemail", "i3VoicemailFlow", "Task", "Survey.Url"),
        ("digitalbot", "i3DigitalBotFlow", "BotState", "Call.PositionInQueue"),
    ] {
        let sub = dir.path().join(ty);
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(
            sub.join(format!("F.{ext}")),
            crate::support::architect_encoding(&export(ty, sequence, foreign).to_string()),
        )
        .unwrap();
        let o =
            crate::cli::flowsim(&["check", "--color", "never", "--flows", sub.to_str().unwrap()]);
        assert_eq!(o.code, 0, "{ty} / {foreign}: {}", o.stdout);
        let warning = format!("warning[unknownBuiltin]: `{foreign}` is a built-in of");
        assert!(o.stdout.contains(&warning), "{ty} / {foreign}: {}", o.stdout);
        assert!(o.stdout.contains("a run reads it as NOT_SET"), "{ty} / {foreign}: {}", o.stdout);
    }
}
