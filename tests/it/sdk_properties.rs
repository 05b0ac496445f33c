//! Properties of Architect's Scripting SDK actions that flowsim reads under the SDK's names
//! (`tests/it/sdk_exports.rs` `every_sdk_property_is_read_or_listed` holds the catalogue to
//! them): each on the smallest flow that shows what it changes, through `flowsim run` and
//! `flowsim check`. docs/architect.md §3 and §6 say what each does.

use crate::cli::flowsim;
use crate::support::{probe_call_flow as call_flow, prompts, run_in_folder as run};

const ORG: &str = r#"{
  "queues": [{"id": "q1", "name": "Support"}],
  "users": [{"id": "u1", "name": "Pat Doe"}],
  "schedules": [{"id": "s1", "name": "Weekdays", "start": "2026-01-05T08:00:00.000",
                 "end": "2026-01-05T18:00:00.000", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}]
}"#;

/// A Transfer to Voicemail with `props` (YAML lines at the action's indentation).
fn voicemail(props: &str) -> String {
    call_flow(
        "",
        &format!(
            "          - transferToVoicemail:
              name: Mailbox
              preTransferAudio: {{tts: One moment}}
{props}              outputs:
                failure: {{actions: [{{playAudio: {{name: Failed, audio: {{tts: failed}}}}}}]}}
          - disconnect: {{name: Bye}}
"
        ),
    )
}

const QUEUE_SETTINGS: &str = "              voicemailGreeting: {tts: Please leave a message}
              callbackNumber: {exp: 'ToPhoneNumber(\"+13175550123\")'}
              calleeName: {lit: Pat}
              scriptInputs: {Account: {lit: A-42}}
";

/// Scripting SDK, `ArchActionTransferToVoicemail.voicemailGreeting`: "The voicemail audio to
/// play on the call after the pre-transfer audio is played", used "when the
/// ArchActionTransferToVoicemail#transferTargetType is: 'queue'"; the callback number, the
/// callee name and the script inputs likewise.
#[test]
fn a_queue_voicemail_says_its_greeting_after_the_pre_transfer_audio_and_records_its_callback() {
    let flat = format!(
        "              transferTargetType: queue\n              targetQueue: {{lit: {{name: Support}}}}\n{QUEUE_SETTINGS}"
    );
    let nested = format!(
        "              destination:\n                queue:\n                  targetQueue: {{lit: {{name: Support}}}}\n{}",
        QUEUE_SETTINGS.lines().flat_map(|l| ["    ", l, "\n"]).collect::<String>()
    );
    for props in [flat, nested] {
        let j = run(&[&voicemail(&props)], ORG, "Probe", &[]);
        assert_eq!(j["status"], "transferred", "{j:#}");
        assert_eq!(j["route"]["type"], "voicemail", "{j:#}");
        assert_eq!(j["route"]["to"], "Support", "{j:#}");
        assert_eq!(prompts(&j), ["One moment", "Please leave a message"], "{j:#}");
        let callback = &j["settings"]["voicemailCallback"];
        assert_eq!(callback["callbackNumber"], "tel:+13175550123", "{j:#}");
        assert_eq!(callback["calleeName"], "Pat", "{j:#}");
        assert_eq!(callback["scriptInputs"]["Account"], "A-42", "{j:#}");
    }
}

/// A user's voicemail has no queue greeting or callback: the SDK uses them for a queue's only.
/// A queue voicemail that fails says its failure audio and no greeting.
#[test]
fn a_user_voicemail_or_a_failed_one_says_no_queue_greeting() {
    let user = format!("              targetUser: {{lit: {{name: Pat Doe}}}}\n{QUEUE_SETTINGS}");
    let j = run(&[&voicemail(&user)], ORG, "Probe", &[]);
    assert_eq!(j["route"]["to"], "Pat Doe", "{j:#}");
    assert_eq!(prompts(&j), ["One moment"], "{j:#}");
    assert!(j["settings"].get("voicemailCallback").is_none(), "{j:#}");
    let nowhere = format!(
        "              transferTargetType: queue\n              targetQueue: {{lit: {{name: Nowhere}}}}\n{QUEUE_SETTINGS}"
    );
    let j = run(&[&voicemail(&nowhere)], ORG, "Probe", &[]);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert_eq!(prompts(&j), ["failed"], "{j:#}");
}

/// `transferTargetType` chooses the mailbox when the action names several; a kind Architect
/// does not offer is a `check` warning and fails the action.
#[test]
fn transfer_target_type_chooses_the_mailbox() {
    let both = |kind: &str| {
        format!(
            "              transferTargetType: {{lit: {kind}}}\n              targetUser: {{lit: {{name: Pat Doe}}}}\n              targetQueue: {{lit: {{name: Support}}}}\n"
        )
    };
    let j = run(&[&voicemail(&both("queue"))], ORG, "Probe", &[]);
    assert_eq!(j["route"]["to"], "Support", "{j:#}");
    let j = run(&[&voicemail(&both("user"))], ORG, "Probe", &[]);
    assert_eq!(j["route"]["to"], "Pat Doe", "{j:#}");
    let j = run(&[&voicemail(&both("mailbox"))], ORG, "Probe", &[]);
    assert_eq!(j["error"]["kind"], "typeMismatch", "{j:#}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, voicemail(&both("mailbox"))).unwrap();
    let o = flowsim(&["check", path.to_str().unwrap()]);
    assert!(o.stdout.contains("warning[badPropertyValue]"), "{}", o.stdout);
    assert!(o.stdout.contains("transferTargetType `mailbox`"), "{}", o.stdout);
}

/// Evaluate Schedule under the Scripting SDK's names: `evaluationDateTime` is the time
/// evaluated, unless `evaluateNow` is true ("whether the base schedule should be evaluated at
/// execution time or a specified datetime").
#[test]
fn evaluate_schedule_reads_the_sdks_evaluation_date_time_and_evaluate_now() {
    let flow = |props: &str| {
        call_flow(
            "",
            &format!(
                "          - evaluateSchedule:
              name: Hours
              schedule: {{lit: {{name: Weekdays}}}}
              timeZone: {{lit: UTC}}
{props}              outputs:
                active: {{actions: [{{playAudio: {{name: A, audio: {{tts: open}}}}}}]}}
                inactive: {{actions: [{{playAudio: {{name: I, audio: {{tts: closed}}}}}}]}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    // A Saturday run; the SDK's date and time is a Monday at nine.
    let saturday = ["--context", "startTime=2026-01-10T15:00:00Z"];
    let monday =
        "              evaluationDateTime: {exp: 'ToDateTime(\"2026-01-12T09:00:00Z\")'}\n";
    let j = run(&[&flow(monday)], ORG, "Probe", &saturday);
    assert_eq!(prompts(&j), ["open"], "{j:#}");
    let now = format!("{monday}              evaluateNow: {{lit: true}}\n");
    let j = run(&[&flow(&now)], ORG, "Probe", &saturday);
    assert_eq!(prompts(&j), ["closed"], "{j:#}");
    let not_now = format!("{monday}              evaluateNow: {{lit: false}}\n");
    let j = run(&[&flow(&not_now)], ORG, "Probe", &saturday);
    assert_eq!(prompts(&j), ["open"], "{j:#}");
}

/// `check --strict` on flows that set every property the Scripting SDK gives these actions,
/// under the SDK's names: no `unknownProperty` warning, nothing else.
#[test]
fn check_strict_reads_every_sdk_property_of_these_actions() {
    let head = "  variables:
    - stringVariable: {name: Flow.x, initialValue: {noValue: true}}
";
    let actions = format!(
        "          - callData:
              name: Lookup
              category: {{CRM: {{dataAction: {{Lookup Account: {{}}}}}}}}
              timeout: {{lit: {{seconds: 5}}}}
              useSuggestedTimeout: {{lit: true}}
              outputs: {{success: {{actions: []}}, failure: {{actions: []}}, timeout: {{actions: []}}}}
          - evaluateSchedule:
              name: Hours
              schedule: {{lit: {{name: Weekdays}}}}
              scheduleTimeZone: {{lit: UTC}}
              evaluateEmergencyGroup: {{lit: false}}
              evaluateNow: {{lit: false}}
              evaluationDateTime: {{exp: 'ToDateTime(\"2026-01-12T09:00:00Z\")'}}
              outputs: {{active: {{actions: []}}, inactive: {{actions: []}}}}
          - transferToVoicemail:
              name: Mailbox
              transferTargetType: queue
              targetQueue: {{lit: {{name: Support}}}}
              preTransferAudio: {{tts: One moment}}
              failureTransferAudio: {{tts: Sorry}}
{QUEUE_SETTINGS}              outputs: {{failure: {{actions: []}}}}
"
    );
    let secure = extract("              hasSecureDataAcknowledgment: {lit: true}\n");
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("call.yaml", call_flow(head, &actions)), ("secure.yaml", secure)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let o = flowsim(&["check", "--strict", path.to_str().unwrap()]);
        assert_eq!(o.code, 0, "{name}: {}{}", o.stdout, o.stderr);
        assert!(!o.stdout.contains("unknownProperty"), "{name}: {}", o.stdout);
    }
}

/// A secure call flow whose Extract Secure Data writes `ack` (YAML lines at the action's
/// indentation).
fn extract(ack: &str) -> String {
    format!(
        "secureCall:
  name: Secure
  startUpRef: ./tasks/task[Main_1]
  defaultLanguage: en-us
  supportedLanguages: {{en-us: {{defaultLanguageSkill: {{noValue: true}}}}}}
  variables:
    - stringVariable: {{name: Flow.Card, isInput: true, isSecure: true}}
    - stringVariable: {{name: Flow.last, initialValue: {{noValue: true}}}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - extractSecureData:
              name: Last four
{ack}              statements:
                - string: {{variable: Flow.last, value: {{exp: 'Right(Flow.Card, 4)'}}}}
          - disconnect: {{name: Bye}}
"
    )
}

/// Architect's validation refuses an Extract Secure Data whose risk nobody acknowledged;
/// flowsim's `check` refuses one that says so (`false`), and one that says nothing is not
/// judged.
#[test]
fn an_extract_secure_data_whose_risk_is_not_acknowledged_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secure.yaml");
    for (ack, refused) in [
        ("              hasSecureDataAcknowledgment: {lit: false}\n", true),
        ("              hasSecureDataAcknowledgment: {lit: true}\n", false),
        ("", false),
    ] {
        std::fs::write(&path, extract(ack)).unwrap();
        let o = flowsim(&["check", path.to_str().unwrap()]);
        assert_eq!(o.code, i32::from(refused), "{ack}: {}{}", o.stdout, o.stderr);
        let said = o.stdout.contains("Secure data risk acknowledgement has not been checked.");
        assert_eq!(said, refused, "{ack}: {}", o.stdout);
    }
}

/// The Scripting SDK's own export of a Transfer to Voicemail (`tools/oracle/data/exports`), its
/// queue's settings filled in under the keys its serializer writes (`transferTargetType`,
/// `transferTargetQueue`, `voicemailGreeting`, the list `callbackNumbers`, `calleeName`,
/// `inputs`): it runs as the Archy flow above does.
#[test]
fn an_export_reads_a_queue_voicemails_settings_under_the_sdks_keys() {
    use serde_json::json;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tools/oracle/data/exports/inboundcall/TransferToVoicemail.i3InboundFlow");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut diags = Vec::new();
    let mut doc = flowsim::flow::export::decode::decode(&path, &text, &mut diags).expect("decodes");
    let value = |ty: &str, mode: &str, text: &str| json!({"config": {mode: {"pos": 1, "text": text, "type": ty}}, "text": text, "type": ty, "version": 2});
    let audio = |text: &str| json!({"defaultAudio": value("aud", "call", text), "cases": []});
    let mut found = false;
    each(&mut doc, &mut |o| {
        if o.get("__type").and_then(|t| t.as_str()) != Some("TransferVoicemailAction") {
            return;
        }
        found = true;
        o.insert("transferTargetType".into(), json!("queue"));
        o.insert("transferTargetQueue".into(), value("que", "lit", "Support"));
        o.insert("preTransferAudio".into(), audio("ToAudioTTS(\"One moment\")"));
        o.insert("voicemailGreeting".into(), audio("ToAudioTTS(\"Please leave a message\")"));
        o.insert(
            "callbackNumbers".into(),
            json!([value("phn", "call", "ToPhoneNumber(\"+13175550123\")")]),
        );
        o.insert("calleeName".into(), value("str", "lit", "Pat"));
        o.insert(
            "inputs".into(),
            json!([{"name": "Account", "value": value("str", "lit", "A-42")}]),
        );
    });
    assert!(found, "the SDK's export has its Transfer to Voicemail");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Voicemail.i3InboundFlow");
    std::fs::write(&file, doc.to_string()).unwrap();
    let org = dir.path().join("org.json");
    std::fs::write(&org, ORG).unwrap();
    let o = flowsim(&["check", "--strict", file.to_str().unwrap()]);
    assert!(!o.stdout.contains("unknownProperty") && !o.stdout.contains("error["), "{}", o.stdout);
    let name = doc["name"].as_str().unwrap().to_owned();
    let o = flowsim(&[
        "run",
        "--flows",
        file.to_str().unwrap(),
        &name,
        "--fixtures",
        org.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let j: serde_json::Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr));
    assert_eq!(j["route"]["type"], "voicemail", "{j:#}");
    assert_eq!(j["route"]["to"], "Support", "{j:#}");
    assert_eq!(prompts(&j), ["One moment", "Please leave a message"], "{j:#}");
    let callback = &j["settings"]["voicemailCallback"];
    assert_eq!(callback["callbackNumber"], "tel:+13175550123", "{j:#}");
    assert_eq!(callback["calleeName"], "Pat", "{j:#}");
    assert_eq!(callback["scriptInputs"]["Account"], "A-42", "{j:#}");
}

/// Calls `f` on every object of `v`, outermost first.
pub(crate) fn each(
    v: &mut serde_json::Value,
    f: &mut dyn FnMut(&mut serde_json::Map<String, serde_json::Value>),
) {
    match v {
        serde_json::Value::Object(o) => {
            f(o);
            o.values_mut().for_each(|x| each(x, f));
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| each(x, f)),
        _ => {}
    }
}
