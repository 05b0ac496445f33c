//! The one-pass reader against the reference (`Value`, `parse_owned`, `personal`, the cost):
//! the same answer for every text, read in one pass where it is plain.

use super::*;
use serde_json::json;

/// What the `Value` path gives of `text` (the reference), and what `read` gives: equal, and
/// whether `read` read it itself.
/// Each of the readers (the plain one, serde_json's) gives the reference or nothing.
#[track_caller]
fn same(text: &str) -> bool {
    let reference = of_value(serde_json::from_str(text).expect("the case is JSON"));
    let check = |typed: &Typed| {
        assert_eq!(typed.doc, reference.doc, "{text}");
        assert_eq!(typed.personal, reference.personal, "{text}");
        assert_eq!(typed.cost, reference.cost, "{text}");
    };
    let (by_plain, by_serde) = (read_plain(text), read_serde(text));
    by_plain.iter().chain(&by_serde).for_each(check);
    // Where serde_json's reader reads the text, the plain one does, unless an escape is in it.
    if by_serde.is_some() && !text.contains('\\') {
        assert!(by_plain.is_some(), "not read by the plain reader: {text}");
    }
    let Some(typed) = read(text) else { return false };
    check(&typed);
    true
}

#[track_caller]
fn plain(v: &Value) {
    for text in [v.to_string(), serde_json::to_string_pretty(v).unwrap()] {
        assert!(same(&text), "read by the Value path: {text}");
    }
}

/// The plain reader refuses what serde_json refuses (and the `Value` path then reads it), and
/// reads a number, a literal and white space as serde_json does, in every place a value is
/// read: an event's body, a flow's variable, an action's data (its text).
#[test]
fn the_plain_reader_reads_what_serde_json_reads_and_refuses_the_rest() {
    let values = [
        "0",
        "-0",
        "-0.0",
        "1.5e+3",
        "1E5",
        "2e-2",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "1e300",
        "1e400",
        "01",
        "1.",
        "-",
        "1e",
        "+1",
        ".5",
        "1-2",
        "true",
        "false",
        "null",
        "tru",
        "nulll",
        "True",
        "\"x\"",
        "\"\\u0001\"",
        "\"a\tb\"",
        "{}",
        "[]",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "[1,]",
        "{,}",
        "{\"a\":1 \"b\":2}",
        "[1 2]",
        "{\"a\":[1}]}",
        "[{]}",
        " [ 1 , { \"b\" : null } ] ",
        "{\"valueIsTooLarge\":true}",
        "\"tel:+13175550100\"",
    ];
    for v in values {
        let texts = [
            format!(r#"{{"flow": {{"flowId": "f", "execution": [{{"eventX": {{"k": {v}}}}}]}}}}"#),
            format!(
                r#"{{"flow": {{"flowId": "f", "execution": [{{"startedFlow": {{"variables":
                [{{"variableName": "Flow.FirstName", "value": {v}}}]}}}}]}}}}"#
            ),
            format!(
                r#"{{"flow": {{"flowId": "f", "execution": [{{"actionX": {{"actionId": "a",
                "outputVariables": [{{"variableName": "Flow.x", "value": {v}}}], "d": {v}}}}}]}}}}"#
            ),
            format!(r#"{{"flow": {{"flowId": "f", "trackingId": {v}, "execution": []}}}}"#),
        ];
        for text in texts {
            match serde_json::from_str::<Value>(&text) {
                Ok(_) => {
                    same(&text);
                }
                Err(_) => assert!(read_plain(&text).is_none(), "{text}"),
            }
            for broken in [format!("{text} x"), text[..text.len() - 1].to_owned()] {
                assert!(read_plain(&broken).is_none(), "{broken}");
            }
        }
    }
}

/// A document of every kind of event `traffic` reads, with personal values in every place
/// the redaction looks.
fn rich() -> Value {
    json!({"flow": {"flowId": "f1", "flowName": "Main", "flowType": "inboundcall",
        "flowVersion": 3, "conversationId": "c-1", "executionId": "e-1",
        "startDateTime": "2026-11-20T14:02:11.204Z", "isTruncated": true,
        "contact": {"Customer Name": "Ann Smith", "email": "ann@example.com"},
        "execution": [
            {"startedFlow": {"variables": [
                {"value": "tel:+13175550100", "variableName": "Call.Ani"},
                {"variableName": "Call.RemoteName", "value": "Ann Smith"},
                {"variableName": "Flow.Customer.FirstName", "value": ["Ann", ["Bo"]]},
                {"variableName": "Flow.Count", "value": 7},
                {"variableName": "Flow.Big", "value": {"valueIsTooLarge": true,
                    "x": {"valueIsTooLarge": true}}}]}},
            {"startedTask": {"taskName": "Menu"}},
            {"actionDecision": {"actionId": "a1", "actionName": "Check", "trackingId": 3,
                "outputPathId": "__NO__", "note": "call (317) 555-0100",
                "inputData": {"name": "x", "City": "Springfield"}}},
            {"actionCallCommonModule": {"actionId": 42, "actionName": "CM",
                "inputData": {"commonModule": {"flowId": "m1", "flowName": "Mod"}},
                "execution": [
                    {"turn": {"fromParticipant": {"audio": {"dtmf": {"value": "1"}}}}},
                    {"startedTask": {"taskName": "Inner"}},
                    {"actionUpdateData": {"actionId": "b1", "statements": [
                        {"variableName": "Flow.x", "value": {"valueIsTooLarge": true}}]}},
                    {"turn": {"purpose": "Get.Input"}},
                    {"actionCallDigitalBot": {"actionId": "b2", "execution": [
                        {"actionPlayAudio": {"actionId": "c1", "outputPathId": ""}}]}},
                    {"endedTask": {}}],
                "outputPathId": "__SUCCESS__"}},
            {"actionCollectInput": {"actionId": "a3", "endingOutputPath":
                {"outputPathId": "__TIMEOUT__"}, "execution": [
                {"turn": {"fromParticipant": {"audio": {"speech": {"value": 5,
                    "utterance": "hi"}}, "text": "typed"}}},
                {"turn": {"fromParticipant": {"message": {"body": "hello +44 20 7946 0958"}}}},
                {"turn": {}}]}},
            {"actionCallData": {"actionId": "a4", "outputPathId": "__SUCCESS__",
                "outputData": {"successOutputs": [{"outputName": "Name", "value": "Bo Li"},
                    {"outputName": "balance", "value": 1250.5}]},
                "outputVariables": [{"variableId": "Task.b", "variableName": "Task.b",
                    "value": 1e300}]}},
            {"eventError": {"message": "boom"}},
            {"eventError": {"code": 3}},
            {"eventThing": {}},
            {"somethingNew": {"Call.Ani": "+13175550199"}},
            {"turn": {}},
            {"endedState": {}},
            {"endedFlow": {"flowExitReason": "TRANSFER"}}]},
        "meta": {"valueIsTooLarge": true, "address": "1 Main St"}})
}

#[test]
fn a_document_of_every_event_reads_as_the_value_path_reads_it() {
    plain(&rich());
    let typed = read(&rich().to_string()).unwrap();
    let doc = typed.doc.unwrap();
    assert_eq!(doc.actions.len(), 7, "{:?}", doc.actions);
    assert!(typed.personal.len() > 6, "{:?}", typed.personal);
}

#[test]
fn the_bundled_recordings_read_as_the_value_path_reads_them() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/executions");
    let text = std::fs::read_to_string(root.join("production.json")).unwrap();
    let docs: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(!docs.is_empty());
    for d in &docs {
        plain(d);
    }
}

#[test]
fn escapes_in_keys_and_strings_read_alike() {
    let text = r#"{"flow": {"flow\u0049d": "f\"1", "flowName": "M\u00e9nu", "execution": [
        {"startedFlow": {"variables": [{"variable\u004eame": "Call.Ani",
            "value": "tel:\u002b13175550100"}, {"variableName": "Flow.LastName",
            "value": "O\u2019Brien"}]}},
        {"action\u0044ecision": {"actionId": "a\n1", "actionName": "\ud83d\ude00"}}]}}"#;
    assert!(same(text));
}

#[test]
fn a_value_before_its_name_waits_for_it() {
    for value in ["Ann", "ann@example.com", "Name 0123abcd", "+13175550100"] {
        let doc = json!({"flow": {"flowId": "f", "execution": [{"startedFlow": {"variables": [
            {"value": value, "variableName": "Flow.LastName"},
            {"value": value, "inputName": "nothing", "variableName": "Call.Ani"},
            {"value": [value, [value]], "name": "Address"},
            {"value": value, "outputName": "City", "name": "x"},
            {"value": {"FirstName": value}, "variableName": "x"}]}}]}});
        plain(&doc);
    }
}

#[test]
fn what_is_not_the_plain_case_is_left_to_the_value_path() {
    for text in [
        // A key given twice (the Value keeps the last, in the first's place).
        r#"{"flow": {"flowId": "f", "flowId": "g", "execution": []}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"actionX": {"actionId": "a", "actionId": "b"}}]}}"#,
        // The header after the list.
        r#"{"flow": {"execution": [{"actionX": {"actionId": "a"}}], "flowId": "f"}}"#,
        // A module's inputData after the events it nests.
        r#"{"flow": {"flowId": "f", "execution": [{"actionCallCommonModule": {"actionId": "a",
            "execution": [{"actionX": {"actionId": "b"}}],
            "inputData": {"commonModule": {"flowId": "m"}}}}]}}"#,
        // Errors `parse_owned` gives.
        r#"{"flow": {"flowId": "f", "execution": [{"actionX": {}}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [5]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"a": {}, "b": {}}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"turn": 5}]}}"#,
        r#"{"flow": {"execution": []}}"#,
        // Not a document.
        r#"{"flow": {"flowId": "f", "execution": {}}}"#,
        r#"{"flows": []}"#,
        "[]",
    ] {
        assert!(!same(text), "read in one pass: {text}");
        // And the Value path reads it as before (an error, or the document).
        let _ = of_value(serde_json::from_str(text).unwrap());
    }
    // A key given twice in a value nobody reads but the redaction.
    let many: Vec<String> = (0..20).map(|i| format!("\"k{i}\": {i}")).collect();
    let text = format!(
        r#"{{"flow": {{"flowId": "f", "execution": [{{"eventX": {{{}, "k3": 1}}}}]}}}}"#,
        many.join(", ")
    );
    assert!(!same(&text));
    let text = format!(
        r#"{{"flow": {{"flowId": "f", "execution": [{{"eventX": {{{}}}}}]}}}}"#,
        many.join(", ")
    );
    assert!(same(&text));
}

#[test]
fn nesting_and_event_limits_are_the_value_path_s() {
    let mut inner = json!([{"actionEndTask": {"actionId": "x"}}]);
    for _ in 0..30 {
        inner = json!([{"actionCallCommonModule": {"actionId": "m", "execution": inner}}]);
    }
    plain(&json!({"flow": {"flowId": "f", "execution": inner}}));
    // Past serde_json's depth: both refuse the text.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let text =
        format!(r#"{{"flow": {{"flowId": "f", "execution": [{{"eventX": {{"a": {deep}}}}}]}}}}"#);
    assert!(read(&text).is_none());
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[test]
fn a_container_and_an_exit_reason_read_from_their_fields_as_the_value_path_reads_them() {
    // `startedTask` / `startedState` name their container by the first of `taskName`,
    // `stateName`, `name` that is text (a number written out), in that order whatever the
    // keys' order; `endedFlow` gives its reason only as a string.
    let bodies = [
        json!({"taskName": "Menu"}),
        json!({"stateName": "Ask", "taskId": "t"}),
        json!({"name": "Plain", "stateName": "Second"}),
        json!({"name": "Third", "taskName": {"x": 1}, "stateName": true}),
        json!({"taskName": 12, "name": "n"}),
        json!({"taskName": 1.5e300}),
        json!({"taskName": "", "stateName": "After an empty one"}),
        json!({"taskName": null, "name": ""}),
        json!({"taskName": ["Menu"], "name": "Listed"}),
        json!({}),
        json!({"taskName": "Callback +13175550100", "Customer Name": "Ann Smith",
            "big": {"valueIsTooLarge": true}, "valueIsTooLarge": true}),
    ];
    for body in &bodies {
        for kind in ["startedTask", "startedState"] {
            let doc = json!({"flow": {"flowId": "f", "execution": [
                {kind: body},
                {"actionX": {"actionId": "a"}},
                {"actionCallCommonModule": {"actionId": "m", "execution": [
                    {kind: body}, {"actionY": {"actionId": "b"}}]}}]}});
            plain(&doc);
        }
    }
    for reason in [json!("TRANSFER"), json!(3), json!(null), json!({"x": "y"}), json!("")] {
        let doc = json!({"flow": {"flowId": "f", "execution": [
            {"actionX": {"actionId": "a"}},
            {"endedFlow": {"dateTime": "d", "flowExitReason": reason, "by": "+13175550100"}}]}});
        plain(&doc);
        // Inside a module, an `endedFlow` ends the module's flow, not the document's.
        let doc = json!({"flow": {"flowId": "f", "execution": [
            {"actionCallCommonModule": {"actionId": "m",
                "inputData": {"commonModule": {"flowId": "m1", "flowName": "Mod"}},
                "execution": [{"endedFlow": {"flowExitReason": reason}}]}}]}});
        plain(&doc);
    }
    // What is not an object, or gives a key twice, is the Value path's.
    for text in [
        r#"{"flow": {"flowId": "f", "execution": [{"startedTask": "Menu"}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"startedTask": ["Menu"]}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"endedFlow": 3}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"startedTask": {"taskName": "a", "taskName": "b"}}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"endedFlow": {"flowExitReason": "A", "flowExitReason": "B"}}]}}"#,
    ] {
        assert!(!same(text), "read in one pass: {text}");
    }
}

#[test]
fn a_flow_s_start_variables_read_as_the_value_path_reads_them() {
    // Each variable whose `variableName` is text, with its `value` (null when it has none),
    // in the list's order; whatever else the list holds is walked for personal values only.
    let lists = [
        json!([{"variableName": "Call.Ani", "value": "tel:+13175550100", "variableId": "x"},
            {"value": {"FirstName": "Ann", "n": [1, 2.5, null, true]}, "variableName": "Flow.V"},
            {"variableName": "Flow.NoValue"},
            {"variableName": "Flow.Null", "value": null},
            {"variableName": 7, "value": "a number names nothing"},
            {"variableId": "only an id", "value": "Ann Smith"},
            {"variableName": "Flow.LastName", "value": "Smith", "name": "Customer Name"},
            {"variableName": "Flow.Big", "value": {"valueIsTooLarge": true}},
            {"variableName": "Flow.Huge", "value": 1e300},
            "Street 1", 5, null, ["+13175550100", ["Address"]], []]),
        json!([]),
        json!({"variableName": "Flow.NotAList", "value": "x"}),
        json!("Call.Ani"),
        json!(null),
    ];
    for list in &lists {
        let doc = json!({"flow": {"flowId": "f", "execution": [
            {"startedFlow": {"dateTime": "d", "variables": list, "City": "Springfield"}},
            {"actionX": {"actionId": "a"}},
            // A module's start is not the document's: its variables are not read.
            {"actionCallCommonModule": {"actionId": "m",
                "inputData": {"commonModule": {"flowId": "m1", "flowName": "Mod"}},
                "execution": [{"startedFlow": {"variables": list}},
                    {"actionY": {"actionId": "b"}}]}}]}});
        plain(&doc);
        let typed = read(&doc.to_string()).unwrap();
        let reference = doc::parse_owned(doc.clone()).unwrap();
        assert_eq!(typed.doc.unwrap().variables, reference.variables);
    }
    let doc =
        json!({"flow": {"flowId": "f", "execution": [{"startedFlow": {"variables": lists[0]}}]}});
    assert_eq!(doc::parse_owned(doc).unwrap().variables.len(), 7);
    for text in [
        r#"{"flow": {"flowId": "f", "execution": [{"startedFlow": []}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"startedFlow": {"variables": [], "variables": []}}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"startedFlow": {"variables": [{"value": 1, "value": 2, "variableName": "a"}]}}]}}"#,
    ] {
        assert!(!same(text), "read in one pass: {text}");
    }
}

#[test]
fn turns_read_as_the_value_path_reads_them() {
    // What `doc::turn_of` reads: digits, then speech (its `value`, or its `utterance` when
    // there is no `value`), then text, a message's text or body, an utterance; a turn without
    // `fromParticipant` is no input only when it asked for one.
    let turns = [
        json!({"fromParticipant": {"audio": {"dtmf": {"value": "1", "valueIsRedacted": false}}},
            "purpose": "Get.Input"}),
        json!({"fromParticipant": {"audio": {"dtmf": {"value": 1}, "speech": {"value": "yes"}}}}),
        json!({"fromParticipant": {"audio": {"speech": {"value": 5, "utterance": "hi"}},
            "text": "typed"}}),
        json!({"fromParticipant": {"audio": {"speech": {"utterance": "hi"}}}}),
        json!({"fromParticipant": {"audio": {"speech": {"value": null, "utterance": "hi"}},
            "message": {"body": "a body"}}}),
        json!({"fromParticipant": {"audio": "loud", "utterance": "said"}}),
        json!({"fromParticipant": {"audio": {"dtmf": "12"}, "message": {"text": {"x": 1},
            "body": "call +13175550100"}}}),
        json!({"fromParticipant": {"message": "flat", "utterance": 3}}),
        json!({"fromParticipant": {"text": ["a"], "utterance": "Ann Smith", "name": "Ann"}}),
        json!({"fromParticipant": {}}),
        json!({"fromParticipant": null}),
        json!({"fromParticipant": "someone", "purpose": "Get.Input"}),
        json!({"fromParticipant": [{"audio": {"dtmf": {"value": "1"}}}]}),
        json!({"purpose": "Get.Input"}),
        json!({"purpose": "Play"}),
        json!({"purpose": 3}),
        json!({}),
        json!({"toParticipant": {"text": "Hello Ann"}, "purpose": "GetInput",
            "big": {"valueIsTooLarge": true}}),
    ];
    for turn in &turns {
        let doc = json!({"flow": {"flowId": "f", "execution": [
            {"actionCollectInput": {"actionId": "a", "execution": [{"turn": turn}, {"turn": turn}]}},
            {"actionCallCommonModule": {"actionId": "m", "execution": [
                {"turn": turn}, {"actionX": {"actionId": "b", "execution": [{"turn": turn}]}}]}}]}});
        plain(&doc);
    }
    let text = r#"{"flow": {"flowId": "f", "execution": [{"actionX": {"actionId": "a",
        "execution": [{"turn": {"fromPartic\u0069pant": {"audio": {"dtmf": {"v\u0061lue": "4"}}}}}]}}]}}"#;
    assert!(same(text));
    assert_eq!(read(text).unwrap().doc.unwrap().actions[0].turns, [Turn::Dtmf("4".into())]);
    for text in [
        r#"{"flow": {"flowId": "f", "execution": [{"actionX": {"actionId": "a", "execution": [{"turn": 5}]}}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"actionX": {"actionId": "a", "execution": [{"turn": {"purpose": "Get", "purpose": "Play"}}]}}]}}"#,
        r#"{"flow": {"flowId": "f", "execution": [{"actionX": {"actionId": "a", "execution": [{"turn": {"fromParticipant": {"audio": {"dtmf": {"value": "1", "value": "2"}}}}}]}}]}}"#,
    ] {
        assert!(!same(text), "read in one pass: {text}");
    }
}

/// An action's `data`: the same object, key order and values as the `Value` path's, whatever
/// the keys' escapes, the values' kinds and numbers, and `inputData` / `endingOutputPath` read.
#[test]
fn an_action_s_data_reads_as_the_value_path_reads_it() {
    let text = r#"{"flow": {"flowId": "f", "flowName": "Main", "execution": [
        {"actionUpdateData": {"actionId": "u", "statements": [
            {"variableName": "Flow.a", "value": 1e300}, {"variableName": "Flow.b", "value": -0},
            {"variableName": "Flow.c", "value": 18446744073709551615},
            {"variableName": "Flow.d", "value": -12.50}, {"variableName": "Flow.e", "value": null},
            {"variableName": "Flow.f", "value": {"valueIsTooLarge": true}},
            {"variableName": "Flow.FirstName", "value": "Ann \"A\" Smith\u00e9\\"}],
            "k\u00e9y \"q\"": [true, false, {}, [], ""], "outputVariables": []}},
        {"actionCallCommonModule": {"actionId": "m", "outputPathId": "__SUCCESS__",
            "input\u0044ata": {"commonModule": {"flowId": "m1", "flowName": "Mod"}},
            "outputData": {"outputs": {"x": "+13175550100"}},
            "execution": [{"actionPlayAudio": {"actionId": "p", "endingOutputPath":
                {"outputPathId": "__DONE__"}, "audio": {"tts": "hi"}}}]}},
        {"actionCollectInput": {"actionId": "c", "endingOutputPath": {"x": 1,
            "outputPathId": "__TIMEOUT__"}, "outputVariables": [{"variableId": "Task.n",
            "variableName": "Task.n", "value": "123456"}]}}]}}"#;
    assert!(same(text));
    let doc = read(text).unwrap().doc.unwrap();
    assert_eq!(doc.actions.len(), 4);
    assert_eq!(doc.actions[2].flow_name.as_ref(), "Mod", "the module's inputData read");
    assert_eq!(doc.actions[2].output_path_id.as_deref(), Some("__DONE__"));
    assert_eq!(doc.actions[3].output_path_id.as_deref(), Some("__TIMEOUT__"));
    assert_eq!(doc.actions[0].writes().len(), 6);
    let keys: Vec<&String> = doc.actions[0].data.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["statements", "k\u{e9}y \"q\"", "outputVariables"]);
    assert_eq!(doc.actions[3].data["outputVariables"][0]["value"], "123456");
}

/// An action's data, in modules or not, nests as deep as the document allows, no deeper: where
/// the `Value` path's one parse refuses the text, `read` gives nothing; elsewhere the same.
#[test]
fn an_action_s_data_nests_no_deeper_than_the_value_path_reads() {
    let mut read_itself = 0;
    for modules in [0, 5, 30] {
        for depth in (1..140).step_by(3) {
            let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            let mut inner = format!(r#"[{{"actionX": {{"actionId": "x", "d": {deep}}}}}]"#);
            for _ in 0..modules {
                inner = format!(
                    r#"[{{"actionCallCommonModule": {{"actionId": "m", "execution": {inner}}}}}]"#
                );
            }
            let text = format!(r#"{{"flow": {{"flowId": "f", "execution": {inner}}}}}"#);
            if serde_json::from_str::<Value>(&text).is_err() {
                assert!(read(&text).is_none(), "{modules} modules, {depth} deep");
            } else if same(&text) {
                read_itself += 1;
            }
        }
    }
    assert!(read_itself > 40, "{read_itself}");
}
