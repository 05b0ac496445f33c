//! Forms of a property the catalogue reads in both formats, through the binary: Transfer to User
//! and Transfer to Group's connect timeout under the key the Scripting SDK's serializer writes
//! (`connTimeout`); a Switch's evaluation style in Archy (`evaluate: {firstTrue | firstMatch}`)
//! and in an export (`switchStyle`, the SDK's `evaluationStyle`); and `check` warning on a
//! time picker's literal timeslot collection as the run fails it.

use crate::cli::{flowsim, flowsim_in};
use crate::sdk_properties::each;
use crate::support::{probe_call_flow, taken_outputs};
use crate::timeslots::{export_picker, offer, picker_bot, run_cli, slot};
use serde_json::{json, Value as J};
use std::path::{Path, PathBuf};

/// The SDK's export of `stem` (`tools/oracle/data/exports/inboundcall/<stem>.i3InboundFlow`),
/// with `edit` applied to its action of export type `ty`, written as JSON into `dir`: the
/// file and the flow's name.
fn sdk_export(
    dir: &Path,
    stem: &str,
    ty: &str,
    edit: &dyn Fn(&mut serde_json::Map<String, J>),
) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tools/oracle/data/exports/inboundcall/{stem}.i3InboundFlow"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut diags = Vec::new();
    let mut doc = flowsim::flow::export::decode::decode(&path, &text, &mut diags).expect("decodes");
    let mut found = false;
    each(&mut doc, &mut |o| {
        if o.get("__type").and_then(J::as_str) == Some(ty) {
            found = true;
            edit(o);
        }
    });
    assert!(found, "the SDK's {stem} export has a {ty}");
    let file = dir.join(format!("{stem}.i3InboundFlow"));
    std::fs::write(&file, doc.to_string()).unwrap();
    (file, doc["name"].as_str().unwrap().to_owned())
}

/// An export value as the SDK writes one: `{"config": {<mode>: ...}, "text", "type"}`.
fn value(ty: &str, mode: &str, text: &str) -> J {
    json!({"config": {mode: {"pos": 1, "text": text, "type": ty}}, "text": text, "type": ty, "version": 2})
}

fn fixtures() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/sdk_exports/fixtures.json")
        .to_str()
        .unwrap()
        .to_owned()
}

/// `flowsim run` of `name` in `file` as JSON, with the SDK exports' fixtures.
#[track_caller]
fn run(file: &Path, name: &str) -> J {
    let o = flowsim(&[
        "run",
        "--flows",
        file.to_str().unwrap(),
        name,
        "--fixtures",
        &fixtures(),
        "--format",
        "json",
    ]);
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr))
}

/// The Scripting SDK's serializer writes Transfer to User's and Transfer to Group's connect
/// timeout as `connTimeout` (as real exports' `defaultSettings` do): the export reader reads it
/// there, so `check` types it (a Duration) and the transfer runs.
#[test]
fn a_transfers_connect_timeout_is_read_under_the_sdks_conn_timeout() {
    for (stem, ty, to) in [
        ("TransferToUser", "TransferUserAction", "Pat Doe"),
        ("TransferToGroup", "TransferGroupAction", "Billing"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let twenty = value("dur", "lit", "P0D0H0M20S0F");
        let (file, name) = sdk_export(dir.path(), stem, ty, &|o| {
            o.insert("connTimeout".into(), twenty.clone());
        });
        let o = flowsim(&["check", "--strict", file.to_str().unwrap()]);
        assert_eq!(o.code, 0, "{stem}: {}{}", o.stdout, o.stderr);
        let j = run(&file, &name);
        assert_eq!(j["status"], "transferred", "{stem}: {j:#}");
        assert_eq!(j["route"]["to"], to, "{stem}: {j:#}");

        // Read, so typed: a Boolean is no Duration (a key no entry reads is only parsed).
        let text = value("bln", "sysref", "Flow.IsTest");
        let (file, _) = sdk_export(dir.path(), stem, ty, &|o| {
            o.insert("connTimeout".into(), text.clone());
        });
        let o = flowsim(&["check", file.to_str().unwrap()]);
        assert_ne!(o.code, 0, "{stem}: {}{}", o.stdout, o.stderr);
        assert!(
            o.stdout.contains("typeMismatch") && o.stdout.contains("property `connectTimeout`"),
            "{stem}: {}",
            o.stdout
        );
    }
}

/// The SDK's Switch export (three cases `false`, then `Flow.IsTest == false`) under each
/// evaluation style: `switchStyle` 0 takes the first true case (case 4), 1 the first case
/// equal to `expression` (`Flow.IsTest`, false: case 1).
#[test]
fn an_exports_switch_style_chooses_first_true_or_first_match() {
    let dir = tempfile::tempdir().unwrap();
    let (file, name) = sdk_export(dir.path(), "Switch", "SwitchAction", &|_| {});
    // (The SDK's constant cases make `--strict` report outputs never taken.)
    let o = flowsim(&["check", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j = run(&file, &name);
    assert!(taken_outputs(&j).contains(&"Case 4"), "first true: {j:#}");

    let is_test = value("bln", "sysref", "Flow.IsTest");
    let (file, name) = sdk_export(dir.path(), "Switch", "SwitchAction", &|o| {
        o.insert("switchStyle".into(), json!(1));
        o.insert("expression".into(), is_test.clone());
    });
    let o = flowsim(&["check", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j = run(&file, &name);
    assert!(taken_outputs(&j).contains(&"Case 1"), "first match: {j:#}");
}

/// A first-match switch without its expression is refused, as Architect's validation refuses
/// it; a `switchStyle` that is neither 0 nor 1 is `unsupported`, and a run that reaches it
/// fails with `unsupported` (never a silent first-true).
#[test]
fn an_exports_switch_without_its_expression_or_of_another_style_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = sdk_export(dir.path(), "Switch", "SwitchAction", &|o| {
        o.insert("switchStyle".into(), json!(1));
    });
    let o = flowsim(&["check", file.to_str().unwrap()]);
    assert_ne!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("missingProperty") && o.stdout.contains("expression"),
        "{}",
        o.stdout
    );

    let (file, name) = sdk_export(dir.path(), "Switch", "SwitchAction", &|o| {
        o.insert("switchStyle".into(), json!(2));
    });
    let o = flowsim(&["check", file.to_str().unwrap()]);
    assert!(o.stdout.contains("unsupported") && o.stdout.contains("switchStyle"), "{}", o.stdout);
    let j = run(&file, &name);
    assert_eq!(j["error"]["kind"], "unsupported", "{j:#}");
}

/// Archy's switch says its style as the key under `evaluate:`; one with neither style, or
/// both, is `unsupported` at `check`, and a run that reaches it fails with `unsupported`.
#[test]
fn an_archy_switch_of_no_one_style_is_unsupported_when_run() {
    let case = "cases:\n                    - case: {value: {lit: true}, actions: [{disconnect: {name: Yes}}]}";
    for evaluate in [
        format!("firstFalse:\n                  {case}"),
        format!(
            "firstTrue:\n                  {case}\n                firstMatch:\n                  string: {{lit: a}}\n                  {case}"
        ),
    ] {
        let actions = format!(
            "          - switch:\n              name: S\n              evaluate:\n                {evaluate}\n          - disconnect:\n              name: After\n"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.yaml");
        std::fs::write(&file, probe_call_flow("", &actions)).unwrap();
        let o = flowsim(&["check", file.to_str().unwrap()]);
        assert!(o.stdout.contains("unsupported"), "{evaluate}: {}", o.stdout);
        let o = flowsim_in(
            dir.path(),
            &["run", "--flows", "f.yaml", "Probe", "--format", "json"],
        );
        let j: J = serde_json::from_str(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr));
        assert_eq!(j["error"]["kind"], "unsupported", "{evaluate}: {j:#}");
    }
}

/// `picker_bot` with its collection written as the literal `list` instead of a variable.
fn literal_picker(list: &str) -> String {
    let bot = picker_bot(&offer(&[slot("2030-06-01T14:00:00Z", 1, 0)]));
    let from = "timeslots: {exp: Flow.slots}";
    assert!(bot.contains(from));
    bot.replace(from, &format!("timeslots: {{exp: '{list}'}}"))
}

/// `check` warns (`badPropertyValue`, at the collection's line) on a time picker's literal
/// collection that holds no timeslot or more than 50, and the run fails the Ask for Slot with
/// the kind the warning names; 50 is allowed by both.
#[test]
fn check_warns_on_a_literal_timeslot_collection_the_run_refuses() {
    let fifty_one: Vec<String> = (0..51)
        .map(|i| slot(&format!("2030-06-01T{:02}:{:02}:00Z", i / 4, i % 4 * 15), 0, 15))
        .collect();
    for (list, kind) in [
        ("MakeList(NOT_SET)".to_owned(), Some("notSet")),
        ("NOT_SET".to_owned(), Some("notSet")),
        (offer(&fifty_one), Some("collectionTooLarge")),
        (offer(&fifty_one[..50]), None),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let bot = literal_picker(&list);
        std::fs::write(dir.path().join("bot.yaml"), &bot).unwrap();
        let o = flowsim_in(dir.path(), &["check", "--flows", "."]);
        let line = bot.lines().position(|l| l.contains("timeslots: {exp:")).unwrap() + 1;
        match kind {
            Some(kind) => {
                assert!(o.stdout.contains("badPropertyValue"), "{list}: {}", o.stdout);
                assert!(o.stdout.contains(&format!("`{kind}`")), "{list}: {}", o.stdout);
                assert!(o.stdout.contains(&format!("bot.yaml:{line}:")), "{list}: {}", o.stdout);
            }
            None => assert!(!o.stdout.contains("badPropertyValue"), "{list}: {}", o.stdout),
        }
        let o = run_cli(dir.path(), "Picker Bot", "say:2030-06-01T00:15:00Z");
        let j: J = serde_json::from_str(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr));
        match kind {
            Some(kind) => assert_eq!(j["error"]["kind"], kind, "{list}: {j:#}"),
            None => assert_eq!(
                j["variables"]["Flow.said"], "2030-06-01T00:15:00.000Z/PT15M",
                "{list}: {j:#}"
            ),
        }
    }
}

/// The export form of the same warning: the collection under
/// `nluMetaData.mappings.dynamicTimeslots.<type>.timeslots`.
#[test]
fn check_warns_on_an_exports_literal_timeslot_collection() {
    let doc = export_picker("MakeList(NOT_SET)");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("picker.i3DigitalBotFlow"), doc.to_string()).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--flows", "."]);
    assert!(o.stdout.contains("badPropertyValue"), "{}", o.stdout);
    assert!(o.stdout.contains("dynamicTimeslots.Picks.timeslots"), "{}", o.stdout);
    let o = run_cli(dir.path(), "Export Picker", "say:hello");
    let j: J =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr));
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
}

/// A flow that looks a schedule (`findSchedule`) or a schedule group up by name `count` times
/// in a loop, the name `name` (an expression of the loop's index `Flow.i`).
fn lookups(action: &str, count: u32, name: &str) -> String {
    let (key, var) = match action {
        "findSchedule" => ("findName", "Flow.s"),
        "findScheduleGroup" => ("findName", "Flow.g"),
        "findEmergencyGroup" => ("findName", "Flow.e"),
        "findSkill" => ("findName", "Flow.k"),
        "findQueue" => ("findName", "Flow.q"),
        "findQueueById" => ("findId", "Flow.q"),
        "findUserById" => ("findId", "Flow.u"),
        other => panic!("{other}"),
    };
    probe_call_flow(
        "  variables:\n    - integerVariable: {name: Flow.i, initialValue: {lit: 0}}\n    - scheduleVariable: {name: Flow.s}\n    - scheduleGroupVariable: {name: Flow.g}\n    - emergencyGroupVariable: {name: Flow.e}\n    - skillVariable: {name: Flow.k}\n    - queueVariable: {name: Flow.q}\n    - userVariable: {name: Flow.u}\n",
        &format!(
            "          - loop:\n              name: Around\n              currentIndex: {{var: Flow.i}}\n              loopCount: {{lit: {count}}}\n              outputs:\n                loop:\n                  actions:\n                    - {action}:\n                        name: Find\n                        {key}: {{exp: '{name}'}}\n                        findResult: {{var: {var}}}\n          - disconnect:\n              name: Done\n",
        ),
    )
}

/// Find Schedule, Find Schedule Group, Find Emergency Group, Find Skill, Find Queue, Find Queue
/// by Id and Find User by Id count the unique keys a flow looks up ("The dynamic lookup limit for a unique type is
/// 25", their pages): 25 of a type run, the 26th fails the action with `lookupLimit` (the
/// flow's error handling); a key looked up again, in any case, counts once. Find Queue and
/// Find Queue by Id look up one type, queues.
#[test]
fn a_flow_looks_up_at_most_25_unique_objects_of_a_type() {
    for action in [
        "findSchedule",
        "findScheduleGroup",
        "findEmergencyGroup",
        "findSkill",
        "findQueue",
        "findQueueById",
        "findUserById",
    ] {
        let run = |count: u32, name: &str| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("f.yaml"), lookups(action, count, name)).unwrap();
            let o =
                flowsim_in(dir.path(), &["run", "--flows", "f.yaml", "Probe", "--format", "json"]);
            let j: J = serde_json::from_str(&o.stdout)
                .unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr));
            j
        };
        let unique = r#"Append("Hours ", ToString(Flow.i))"#;
        let j = run(25, unique);
        assert_eq!(j["status"], "disconnected", "{action}: {j:#}");
        let j = run(26, unique);
        assert_eq!(j["error"]["kind"], "lookupLimit", "{action}: {j:#}");
        let message = j["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("limit for a unique type is 25"), "{action}: {j:#}");
        // One key, in two cases, looked up 40 times: one lookup.
        let j = run(40, r#"If(Flow.i % 2 == 0, "hours", "HOURS")"#);
        assert_eq!(j["status"], "disconnected", "{action}: {j:#}");
    }
}

/// An audio property's alternate sequences (an export's `cases`, one per language: "enable an
/// alternate ... audio sequence", Languages and runtime data playback): the enabled sequence of
/// the conversation's language plays instead of the default one; a disabled one never does.
#[test]
fn an_enabled_alternate_audio_sequence_plays_in_its_language() {
    let text = |t: &str| json!({"text": format!("ToAudioTTS(\"{t}\")"), "type": "aud"});
    let case = |lang: &str, t: &str, disabled: bool| json!({"langCode": lang, "disabled": disabled, "__type": "AudioCase", "audioExpression": text(t)});
    let dir = tempfile::tempdir().unwrap();
    let said = |cases: J| {
        let (file, name) = sdk_export(dir.path(), "PlayAudio", "PlayAudioAction", &|o| {
            o.insert(
                "prompts".into(),
                json!({"defaultAudio": text("hello"), "cases": cases.clone()}),
            );
        });
        let o = flowsim(&["check", "--strict", file.to_str().unwrap()]);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        let j = run(&file, &name);
        j["prompts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    // The flow runs in its default language, en-US.
    assert_eq!(said(json!([case("es-US", "hola", false)])), ["hello"]);
    assert_eq!(
        said(json!([case("es-US", "hola", false), case("en-US", "hi there", false)])),
        ["hi there"]
    );
    assert_eq!(said(json!([case("en-US", "hi there", true)])), ["hello"]);
}

/// An action's setting the action leaves empty is the flow's for that type of action
/// (`defaultSettings.CollectInputAction.noEntryTimeout`), as Archy's `settingsActionDefaults`
/// is: the SDK's Collect Input export (its own `noEntryTimeout` empty) waits the flow's eight
/// seconds for an entry that never comes, and its own setting, when it has one, wins.
#[test]
fn a_setting_an_export_action_leaves_empty_is_the_flows_default_settings() {
    let dir = tempfile::tempdir().unwrap();
    let waited = |own: Option<&str>| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tools/oracle/data/exports/inboundcall/CollectInput.i3InboundFlow");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut diags = Vec::new();
        let mut doc = flowsim::flow::export::decode::decode(&path, &text, &mut diags).unwrap();
        assert_eq!(
            doc["defaultSettings"]["CollectInputAction"]["noEntryTimeout"]["text"], "P0D0H0M5S0F",
            "the SDK writes the flow's default"
        );
        doc["defaultSettings"]["CollectInputAction"]["noEntryTimeout"] =
            value("dur", "lit", "P0D0H0M8S0F");
        each(&mut doc, &mut |o| {
            if o.get("__type").and_then(J::as_str) == Some("CollectInputAction") {
                assert_eq!(o["noEntryTimeout"]["text"], "", "the SDK leaves the action's empty");
                if let Some(own) = own {
                    o.insert("noEntryTimeout".into(), value("dur", "lit", own));
                }
            }
        });
        let file = dir.path().join("CollectInput.i3InboundFlow");
        std::fs::write(&file, doc.to_string()).unwrap();
        let name = doc["name"].as_str().unwrap().to_owned();
        let o = flowsim(&[
            "run",
            "--flows",
            file.to_str().unwrap(),
            &name,
            "--fixtures",
            &fixtures(),
            "--input",
            "timeout",
            "--format",
            "json",
        ]);
        let j: J = serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", o.stderr));
        j["elapsedMs"].as_u64().unwrap_or_else(|| panic!("{j:#}"))
    };
    assert_eq!(waited(None), 8_000, "the flow's default");
    assert_eq!(waited(Some("P0D0H0M2S0F")), 2_000, "the action's own");
}
