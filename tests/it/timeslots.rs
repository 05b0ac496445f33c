//! Timeslots: `MakeTimeslot`, Timeslot variables, and Ask for Slot of a timeslot slot type (a
//! digital bot's time picker), in Archy and export form, through the binary and the library
//! ([Use custom timeslot slot types in a bot flow](https://help.mypurecloud.com/?p=368661)).

use crate::cli::{flowsim, flowsim_in};
use crate::support::{inline_registry as registry, result_json, run_json as run};
use serde_json::{json, Value as J};

/// A digital bot that offers `Flow.slots` (built by `slots`, an expression) through its time
/// picker and keeps what the customer picked.
pub(crate) fn picker_bot(slots: &str) -> String {
    format!(
        r#"
digitalBot:
  name: Picker Bot
  startUpRef: "/digitalBot/bots/bot[B_1]"
  variables:
    - timeslotCollectionVariable: {{name: Flow.slots, initialValue: {{noValue: true}}}}
    - timeslotVariable: {{name: Slot.when, initialValue: {{noValue: true}}}}
    - stringVariable: {{name: Flow.said, initialValue: {{noValue: true}}}}
    - dateTimeVariable: {{name: Flow.start, initialValue: {{noValue: true}}}}
    - durationVariable: {{name: Flow.length, initialValue: {{noValue: true}}}}
  settingsUserInput:
    noMatchesMax: {{lit: 1}}
  settingsErrorHandling:
    errorHandling: {{exit: {{none: true}}}}
  settingsBotFlow:
    dynamicTimeslotTypes:
      - dynamicTimeslotType:
          name: Appointments
          timeslots: {{exp: Flow.slots}}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - updateData:
              name: Offer
              statements:
                - timeslotCollection: {{variable: Flow.slots, value: {{exp: '{slots}'}}}}
          - askForSlot:
              name: Ask
              slot: {{name: when}}
              question: {{exp: 'MakeCommunication("When suits you?")'}}
              outputs:
                default:
                  actions:
                    - updateData:
                        name: Keep
                        statements:
                          - string: {{variable: Flow.said, value: {{exp: 'ToString(Slot.when)'}}}}
                          - dateTime: {{variable: Flow.start, value: {{exp: Slot.when.dateTime}}}}
                          - duration: {{variable: Flow.length, value: {{exp: Slot.when.duration}}}}
          - exitBotFlow: {{name: Exit}}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      language: en-us
      intents:
        - name: Book
          utterances:
            - segments: [{{text: book a time}}]
      entities:
        - name: when
          type: Appointments
      entityTypes:
        - name: Appointments
          mechanism: {{type: DynamicDateTime}}
"#
    )
}

/// `flowsim run FLOW --flows . --format json --input INPUT` in `dir`.
#[track_caller]
pub(crate) fn run_cli(dir: &std::path::Path, flow: &str, input: &str) -> crate::cli::Output {
    flowsim_in(dir, &["run", flow, "--flows", ".", "--format", "json", "--input", input])
}

/// `MakeTimeslot(ToDateTime("<start>"), MakeDuration(0, <hours>, <minutes>, 0))`.
pub(crate) fn slot(start: &str, hours: u32, minutes: u32) -> String {
    format!(r#"MakeTimeslot(ToDateTime("{start}"), MakeDuration(0, {hours}, {minutes}, 0))"#)
}

pub(crate) fn offer(slots: &[String]) -> String {
    format!("MakeList({})", slots.join(", "))
}

fn turns(texts: &[&str]) -> J {
    texts.iter().map(|t| json!({"text": t})).collect()
}

fn run_picker(slots: &str, inputs: &[&str]) -> J {
    let reg = registry(&[&picker_bot(slots)]);
    let r = run(&reg, json!({"flowName": "Picker Bot", "inputs": turns(inputs)}));
    result_json(&r)
}

/// The customer picks an offered timeslot by its start: the slot holds that Timeslot, whose
/// members are its start and length and whose text is the ISO 8601 interval.
#[test]
fn a_time_picker_fills_its_slot_with_the_timeslot_picked_by_its_start() {
    let slots = offer(&[slot("2030-06-01T14:00:00Z", 2, 0), slot("2030-06-02T09:30:00Z", 0, 30)]);
    // The reply may write the start in any of Architect's DateTime forms.
    for reply in ["2030-06-02T09:30:00Z", "2030-06-02T09:30:00.000Z", "2030-06-02T11:30:00+02:00"] {
        let j = run_picker(&slots, &[reply]);
        let v = &j["variables"];
        assert_eq!(v["Flow.said"], "2030-06-02T09:30:00.000Z/PT30M", "{reply}: {j:#}");
        assert_eq!(v["Flow.start"], "2030-06-02T09:30:00.000Z", "{j:#}");
        assert_eq!(v["Flow.length"], "PT30M", "{j:#}");
        assert_eq!(
            v["Slot.when"],
            json!({"dateTime": "2030-06-02T09:30:00.000Z", "duration": "PT30M"}),
            "{j:#}"
        );
        assert_eq!(j["status"], "completed", "{j:#}");
    }
}

/// A reply that is no offered start (another time, a time to the minute where the slot has
/// seconds, words) is a no match, retried and then given up as any slot's.
#[test]
fn a_reply_that_is_no_offered_start_is_a_no_match() {
    let slots = offer(&[slot("2030-06-01T14:00:30Z", 1, 0)]);
    for reply in ["2030-06-01T15:00:00Z", "2030-06-01T14:00Z", "tomorrow at two"] {
        let j = run_picker(&slots, &[reply, reply]);
        assert!(j["variables"]["Flow.said"].is_null(), "{reply}: {j:#}");
        assert_eq!(j["exitReason"], "RecognitionFailure", "{reply}: {j:#}");
    }
    let j = run_picker(&slots, &["2030-06-01T15:00:00Z", "2030-06-01T14:00:30Z"]);
    assert_eq!(j["variables"]["Flow.said"], "2030-06-01T14:00:30.000Z/PT1H", "{j:#}");
}

/// Genesys: "Though Architect allows you to set identical timeslots, the bot chooses only the
/// first matching DateTime value during an interaction."
#[test]
fn identical_starts_pick_the_first() {
    let slots = offer(&[slot("2030-06-01T14:00:00Z", 1, 0), slot("2030-06-01T14:00:00Z", 3, 0)]);
    let j = run_picker(&slots, &["2030-06-01T14:00:00Z"]);
    assert_eq!(j["variables"]["Flow.said"], "2030-06-01T14:00:00.000Z/PT1H", "{j:#}");
}

/// Genesys: the Timeslot Collection "must have a minimum of one future DateTime value" and
/// "can have up to 50 DateTime values". Past timeslots are not offered; a collection with no
/// future one, or with more than 50, fails the action (the flow's error handling).
#[test]
fn the_collection_needs_a_future_timeslot_and_at_most_fifty() {
    let past_and_future =
        offer(&[slot("2020-06-01T14:00:00Z", 1, 0), slot("2030-06-01T14:00:00Z", 1, 0)]);
    let j = run_picker(&past_and_future, &["2020-06-01T14:00:00Z", "2020-06-01T14:00:00Z"]);
    assert!(j["variables"]["Flow.said"].is_null(), "a past timeslot is not offered: {j:#}");
    let j = run_picker(&past_and_future, &["2030-06-01T14:00:00Z"]);
    assert_eq!(j["variables"]["Flow.said"], "2030-06-01T14:00:00.000Z/PT1H", "{j:#}");

    let fifty_one: Vec<String> = (0..51)
        .map(|i| slot(&format!("2030-06-01T{:02}:{:02}:00Z", i / 4, i % 4 * 15), 0, 15))
        .collect();
    for (slots, kind, says) in [
        (offer(&[slot("2020-06-01T14:00:00Z", 1, 0)]), "notSet", "no future DateTime value"),
        // A collection of one NOT_SET Timeslot (Architect refuses `MakeList(NOT_SET)`, whose
        // items have no type).
        (
            format!("MakeList(If(false, {}, NOT_SET))", slot("2030-06-01T14:00:00Z", 1, 0)),
            "notSet",
            "no future DateTime value",
        ),
        (offer(&fifty_one), "collectionTooLarge", "up to 50 DateTime values"),
    ] {
        let j = run_picker(&slots, &["2030-06-01T00:00:00Z"]);
        assert_eq!(j["error"]["kind"], kind, "{slots}: {j:#}");
        let message = j["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{says}: {j:#}");
        assert!(j["variables"]["Flow.said"].is_null(), "{j:#}");
    }
    // Fifty is allowed.
    let j = run_picker(&offer(&fifty_one[..50]), &["2030-06-01T12:15:00Z"]);
    assert_eq!(j["variables"]["Flow.said"], "2030-06-01T12:15:00.000Z/PT15M", "{j:#}");
}

/// A timeslot slot type is picked at its ask, never pinned on an intent: a pinned value for it
/// is refused (`badSlot`, exit 2, at the scenario's line), with what to do instead.
#[test]
fn a_timeslot_slot_cannot_be_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let slots = offer(&[slot("2030-06-01T14:00:00Z", 1, 0)]);
    std::fs::write(dir.path().join("bot.yaml"), picker_bot(&slots)).unwrap();
    std::fs::write(
        dir.path().join("pin.scenarios.yaml"),
        r#"flows: .
scenarios:
  - name: pins a timeslot
    flow: Picker Bot
    inputs:
      - {intent: Book, slots: {when: "2030-06-01T14:00:00Z"}}
"#,
    )
    .unwrap();
    let o = flowsim_in(dir.path(), &["test", "--color", "never", "pin.scenarios.yaml"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(all.contains("answer that ask with the start"), "{all}");
    assert!(all.contains("pin.scenarios.yaml:"), "the scenario's place: {all}");
}

/// The same bot through the binary: `check` passes it, `run` picks, and a `flowsim test`
/// scenario holds the pick.
#[test]
fn the_cli_checks_runs_and_tests_a_time_picker() {
    let dir = tempfile::tempdir().unwrap();
    let slots = offer(&[slot("2030-06-01T14:00:00Z", 2, 0), slot("2030-06-02T09:30:00Z", 0, 30)]);
    std::fs::write(dir.path().join("bot.yaml"), picker_bot(&slots)).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--flows", "."]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = run_cli(dir.path(), "Picker Bot", "say:2030-06-01T14:00:00Z");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j: J = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["variables"]["Flow.said"], "2030-06-01T14:00:00.000Z/PT2H", "{j:#}");
    std::fs::write(
        dir.path().join("bot.scenarios.yaml"),
        "flows: .
scenarios:
  - name: picks the second timeslot
    flow: Picker Bot
    conversation:
      - bot: When suits you?
      - customer: 2030-06-02T09:30:00Z
    expect:
      variables:
        Flow.said: 2030-06-02T09:30:00.000Z/PT30M
        Flow.start: 2030-06-02T09:30:00.000Z
",
    )
    .unwrap();
    let o = flowsim_in(dir.path(), &["test", "--color", "never", "bot.scenarios.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("1 passed"), "{}", o.stdout);
}

/// `MakeTimeslot` through `flowsim expr eval`: a Timeslot of its start and length; a NOT_SET
/// argument fails the call; `check` types it (`tsl`) and refuses other argument types.
#[test]
fn make_timeslot_evaluates_and_checks() {
    let o = flowsim(&[
        "expr",
        "eval",
        "--color",
        "never",
        r#"MakeTimeslot(ToDateTime("2030-06-01T14:00:00Z"), MakeDuration(0, 2, 0, 0))"#,
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("2030-06-01T14:00:00.000Z/PT2H"), "{}", o.stdout);
    assert!(o.stdout.contains("Timeslot"), "{}", o.stdout);
    let o = flowsim(&[
        "expr",
        "eval",
        "--color",
        "never",
        "MakeTimeslot(NOT_SET, MakeDuration(0, 2, 0, 0))",
    ]);
    assert_ne!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["expr", "check", "--color", "never", r#"MakeTimeslot("2030-06-01", 5)"#]);
    assert_ne!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// A digital bot export named `Export Picker` whose time picker offers the slot type `Picks`
/// the collection `timeslots` (an expression; `Flow.offer` holds one timeslot).
pub(crate) fn export_picker(timeslots: &str) -> J {
    let nlu = json!({
        "language": "en-us", "intents": [],
        "entityTypes": [{"name": "Picks", "mechanism": {"type": "DynamicDateTime"}}],
        "entities": [{"name": "when", "type": "Picks"}],
    });
    let ex = |text: &str, ty: &str| json!({"text": text, "type": ty});
    json!({
        "name": "Export Picker", "type": "digitalbot", "initialSequence": "b1",
        "nluMetaData": {
            "rawNlu": nlu.to_string(),
            "mappings": {"dynamicTimeslots": {"Picks": {"name": "Picks",
                "timeslots": ex(timeslots, "tsl_coll")}}},
        },
        "variables": [
            {"__type": "TimeslotCollectionVariable", "name": "Flow.offer"},
            {"__type": "TimeslotVariable", "name": "Slot.when"},
        ],
        "flowSequenceItemList": [{
            "id": "b1", "__type": "BotState", "name": "Main", "startAction": "fill",
            "actionList": [
                {"id": "fill", "__type": "UpdateVariableAction", "name": "Fill", "nextAction": "ask",
                 "variables": [{"variable": ex("Flow.offer", "tsl_coll"),
                   "expression": ex(
                       "AddItem(Flow.offer, MakeTimeslot(ToDateTime(\"2030-06-01T14:00:00Z\"), ToDuration(1000 * 60 * 60 * 2)))",
                       "tsl_coll")}]},
                {"id": "ask", "__type": "AskForSlotAction", "name": "Ask for Slot",
                 "selectedSlot": "when", "selectedSlotType": "Picks",
                 "askResult": ex("Slot.when", "tsl"),
                 "question": ex("MakeCommunication(\"When suits you?\")", "com"),
                 "nextAction": "exit"},
                {"id": "exit", "__type": "ExitBotFlowAction", "name": "Exit"},
            ],
        }],
    })
}

/// The export form: `TimeslotCollectionVariable` / `TimeslotVariable` declarations, the slot
/// type's collection under `nluMetaData.mappings.dynamicTimeslots`, the ask's chooser
/// presenting a time picker.
#[test]
fn an_export_time_picker_loads_checks_and_runs() {
    let doc = export_picker("Flow.offer");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("picker.i3DigitalBotFlow"), doc.to_string()).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--flows", "."]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = run_cli(dir.path(), "Export Picker", "say:2030-06-01T14:00:00Z");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j: J = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        j["variables"]["Slot.when"],
        json!({"dateTime": "2030-06-01T14:00:00.000Z", "duration": "PT2H"}),
        "{j:#}"
    );
}

/// A Timeslot Collection input preset by the request (`--var`), each item in a Timeslot's JSON
/// form or as its ISO 8601 interval text; an item that reads as no Timeslot is refused before
/// the run (exit 2), as a Date input's preset is.
#[test]
fn a_timeslot_input_is_preset_from_its_json_form() {
    let dir = tempfile::tempdir().unwrap();
    let bot = picker_bot("Flow.slots").replace(
        "{name: Flow.slots, initialValue: {noValue: true}}",
        "{name: Flow.slots, isInput: true}",
    );
    std::fs::write(dir.path().join("bot.yaml"), bot).unwrap();
    let run = |preset: &str| {
        let var = format!("Flow.slots={preset}");
        let args = ["run", "Picker Bot", "--flows", ".", "--format", "json", "--var", &var];
        flowsim_in(dir.path(), &[&args[..], &["--input", "say:2030-06-02T09:30:00Z"]].concat())
    };
    let o = run(
        r#"[{"dateTime": "2030-06-01T14:00:00Z", "duration": "PT2H"}, "2030-06-02T11:30:00+02:00/PT30M"]"#,
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j: J = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["variables"]["Flow.said"], "2030-06-02T09:30:00.000Z/PT30M", "{j:#}");
    let o = run(r#"[{"dateTime": "tomorrow", "duration": "PT2H"}]"#);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("Flow.slots") && o.stderr.contains("does not read as one"),
        "{}",
        o.stderr
    );
}
