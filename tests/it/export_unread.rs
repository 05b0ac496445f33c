//! An export's expressions under keys flowsim does not read as properties (Play Estimated
//! Wait Time's prompt, which Architect fills with its default announcement) are still parsed:
//! `flowsim check` reports an error in one at its JSON path instead of loading the flow clean.

use crate::cli::flowsim;
use serde_json::json;

/// A minimal in-queue call export: one Play Estimated Wait Time action whose prompt is
/// `audio`.
fn in_queue_export(audio: &str) -> String {
    json!({
        "name": "Queue", "type": "INQUEUECALL", "initialSequence": "t1",
        "flowSequenceItemList": [
            {"__type": "LoopTask", "id": "t1", "name": "Main", "startAction": "e1",
             "actionList": [
                {"__type": "PlayEstimatedWaitTimeAction", "id": "e1", "name": "Wait time",
                 "prompts": {"defaultAudio": {"config": {}, "text": audio, "type": "aud"},
                             "cases": []},
                 "paths": [{"outputId": "__SUCCESS__", "label": "Success"},
                           {"outputId": "__FAILURE__", "label": "Failure"}]},
             ]},
        ],
    })
    .to_string()
}

#[test]
fn check_reports_an_error_in_an_unread_expression_at_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Queue.i3InQueueFlow");
    std::fs::write(&file, in_queue_export("ToAudioBlank(1, 2)")).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("error[argumentCount]: ToAudioBlank takes 1 argument(s), 2 given"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("flowSequenceItemList[0].actionList[0].prompts"), "{}", o.stdout);

    std::fs::write(&file, in_queue_export("ToAudioDuration(Call.EstimatedWaitTime)")).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);

    // The action plays the export's announcement, with the estimate the run is given.
    let o = flowsim(&[
        "run",
        "Queue",
        "--flows",
        dir.path().to_str().unwrap(),
        "--context",
        "attributes.estimatedWaitTime=90",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(r["prompts"][0]["text"], "1 minute 30 seconds", "{}", o.stdout);
}

/// A bot flow's `userInputSettings` keys flowsim reads but does not use (a voice bot's DTMF
/// terminator, the end-of-session message: docs/architect.md §5) are parsed all the same: an
/// error in either is reported at its path.
#[test]
fn check_reports_an_error_in_a_bot_setting_read_but_not_used() {
    let export = |dtmf: &str, message: &str| {
        json!({
            "name": "Bot", "type": "bot", "initialSequence": "b1",
            "userInputSettings": {
                "dtmfTerminatingCharacter": {"text": dtmf, "type": "str"},
                "endOfSessionMessage": {"text": message, "type": "com"},
            },
            "flowSequenceItemList": [
                {"__type": "BotState", "id": "b1", "name": "Initial", "startAction": "x1",
                 "actionList": [{"__type": "ExitBotFlowAction", "id": "x1", "name": "Exit"}]},
            ],
        })
        .to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Bot.i3BotFlow");
    let flows = dir.path().to_str().unwrap();
    std::fs::write(&file, export("Substring(\"#\")", "ToAudioBlank(1, 2)")).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", flows]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("userInputSettings.dtmfTerminatingCharacter"), "{}", o.stdout);
    assert!(o.stdout.contains("userInputSettings.endOfSessionMessage"), "{}", o.stdout);

    std::fs::write(&file, export("\"#\"", "\"Goodbye\"")).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", flows, "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["run", "Bot", "--flows", flows, "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(r["status"], "completed", "{r}");
}
