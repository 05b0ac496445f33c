//! The export front-end on small hand-written exports, and on every real export of the corpus.

use super::{load, looks_like_export};
use crate::diag::Diagnostic;
use crate::flow::action::Prop;
use crate::flow::model::{ContainerKind, ErrorHandling, Flow, Node};
use serde_json::{json, Value as J};
use std::path::Path;

/// A value object as Architect writes it.
fn v(mode: i64, ty: &str, text: &str) -> J {
    let config = match mode {
        3 => json!({"emp": {"pos": 1, "text": "", "type": ty}}),
        1 => json!({"lit": {"pos": 1, "text": text, "type": ty}}),
        _ => json!({"ref": {"pos": 1, "text": text, "type": ty}}),
    };
    json!({"config": config, "text": text, "type": ty, "uiMetaData": {"mode": mode}, "metaData": {}, "version": 2})
}

fn exp(ty: &str, text: &str) -> J {
    v(0, ty, text)
}

fn path(output: &str, next: Option<&str>) -> J {
    match next {
        Some(n) => json!({"outputId": output, "label": output, "nextActionId": n}),
        None => json!({"outputId": output, "label": output}),
    }
}

/// An export of one workflow state holding `actions`, starting at `start`.
fn workflow(actions: &J, start: &str) -> J {
    json!({
        "name": "Test Flow",
        "type": "WORKFLOW",
        "initialSequence": "s1",
        "errorHandling": {"handlingType": "EndWorkflow"},
        "variables": [
            {"__type": "StringVariable", "name": "Flow.text", "isInput": true, "initialValue": v(3, "str", "")},
            {"__type": "IntegerVariable", "name": "Flow.n", "isOutput": true, "initialValue": v(1, "int", "7")},
            {"__type": "StringVariable", "name": "Flow.list", "isCollection": true},
        ],
        "flowSequenceItemList": [
            {"__type": "State", "id": "s1", "name": "Initial State", "startAction": start, "actionList": actions},
        ],
    })
}

#[track_caller]
fn ok(doc: &J) -> Flow {
    let mut diags = Vec::new();
    let flow = load(Path::new("t.i3WorkFlow"), &doc.to_string(), &mut diags);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    flow.expect("a flow")
}

#[track_caller]
fn fails(text: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    load(Path::new("t.i3WorkFlow"), text, &mut diags);
    assert!(diags.iter().any(Diagnostic::is_error), "no error: {diags:#?}");
    diags
}

pub(super) fn node<'f>(flow: &'f Flow, id: &str) -> &'f Node {
    let i = flow.draft.find(id).unwrap_or_else(|| panic!("no node `{id}`"));
    flow.draft.node(i)
}

fn id_of(flow: &Flow, idx: Option<u32>) -> Option<&str> {
    idx.map(|i| &*flow.draft.node(i).id)
}

fn sexpr(p: &Prop) -> String {
    p.expr().map_or_else(|| format!("{p:?}"), crate::expr::Expr::to_sexpr)
}

/// `btoa(encodeURIComponent(json))`, as Architect writes an export.
fn encode(json: &str) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    // As JavaScript's `encodeURIComponent` writes it.
    let url = crate::util::percent::encode(json, b"!*'()");
    let mut out = String::new();
    for chunk in url.as_bytes().chunks(3) {
        let n =
            chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn small() -> J {
    workflow(
        &json!([
            {"__type": "DecisionAction", "id": "d1", "name": "Is it?", "trackingId": 3,
             "expression": exp("bln", "Flow.text == \"a\""), "nextAction": "e1",
             "paths": [path("__YES__", Some("u1")), path("__NO__", None)]},
            {"__type": "UpdateVariableAction", "id": "u1", "name": "Set", "trackingId": 4,
             "variables": [{"variable": v(2, "int", "Flow.n"), "expression": exp("int", "Flow.n + 1")}]},
            {"__type": "EndWorkflowAction", "id": "e1", "name": "End", "trackingId": 5,
             "exitReason": v(1, "str", "done")},
        ]),
        "d1",
    )
}

#[test]
fn decoded_encoded_and_wrapped_exports_load_alike() {
    let doc = small();
    let flow = ok(&doc);
    assert_eq!(&*flow.name, "Test Flow");
    assert_eq!(&*flow.id, "Test Flow");
    assert_eq!(&*flow.flow_type, "workflow");
    assert_eq!(flow.format, crate::flow::model::Format::Export);
    assert!(flow.published.is_some());

    let text = encode(&serde_json::to_string_pretty(&doc).unwrap());
    assert!(looks_like_export(&text));
    let wrapped: String = text
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap().to_owned() + "\n")
        .collect();
    let mut diags = Vec::new();
    let encoded = load(Path::new("t.i3WorkFlow"), &wrapped, &mut diags).expect("loads");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(encoded.draft.nodes.len(), flow.draft.nodes.len());

    let api = json!({"id": "0f0e", "configuration": doc});
    assert!(looks_like_export(&doc.to_string()));
    assert_eq!(&*ok(&api).id, "0f0e");
    assert!(!looks_like_export("{\"name\": \"x\", \"draft\": {}}"));
    assert!(!looks_like_export("inboundCall:\n  name: x\n"));
}

#[test]
fn header_variables_and_error_handling() {
    let flow = ok(&small());
    let vars = &flow.arch.variables;
    assert_eq!(vars.len(), 3);
    assert_eq!((&*vars[0].var.name, &*vars[0].ty, vars[0].is_input), ("Flow.text", "string", true));
    assert!(vars[0].initial.is_none());
    assert_eq!((&*vars[1].ty, vars[1].is_output), ("integer", true));
    assert_eq!(vars[1].initial.as_ref().map(crate::expr::Expr::to_sexpr).as_deref(), Some("7"));
    assert_eq!(&*vars[2].ty, "stringCollection");
    assert!(matches!(flow.arch.error_handling, ErrorHandling::EndWorkflow));
    assert_eq!(flow.arch.containers.len(), 1);
    assert_eq!(flow.arch.containers[0].kind, ContainerKind::State);
    for (t, key) in [
        ("INBOUNDCALL", "inboundCall"),
        ("inqueuecall", "inqueueCall"),
        ("BOT", "botFlow"),
        ("COMMONMODULE", "commonModule"),
        ("inboundshortmessage", "inboundShortMessage"),
        ("OUTBOUNDCALL", "outboundCall"),
    ] {
        assert_eq!(super::flow::flow_type(t), key);
    }
}

#[test]
fn chains_paths_and_fall_through() {
    let flow = ok(&small());
    assert_eq!(&*flow.draft.node(flow.draft.start).id, "d1");
    let d = node(&flow, "d1");
    assert_eq!(d.tracking_id, Some(3));
    assert_eq!(d.exits.iter().map(|e| &*e.name).collect::<Vec<_>>(), ["yes", "no"]);
    assert_eq!(id_of(&flow, d.exits[0].target), Some("u1"));
    assert_eq!(d.exits[1].target, None, "no actions: the run goes on at `next`");
    assert_eq!(id_of(&flow, d.next), Some("e1"));
    // The yes path's chain ends: Architect goes on after the decision.
    assert_eq!(id_of(&flow, node(&flow, "u1").next), Some("e1"));
    assert_eq!(node(&flow, "e1").next, None);
    assert_eq!(sexpr(d.action.prop(0)), "(== flow.text \"a\")");
}

#[test]
fn fall_through_goes_up_through_nested_paths() {
    let doc = workflow(
        &json!([
            {"__type": "DecisionAction", "id": "outer", "expression": exp("bln", "true"), "nextAction": "last",
             "paths": [path("__YES__", Some("inner")), path("__NO__", None)]},
            {"__type": "DecisionAction", "id": "inner", "expression": exp("bln", "false"),
             "paths": [path("__YES__", Some("leaf")), path("__NO__", None)]},
            {"__type": "UpdateVariableAction", "id": "leaf", "variables": []},
            {"__type": "EndWorkflowAction", "id": "last"},
            {"__type": "EndWorkflowAction", "id": "orphan"},
        ]),
        "outer",
    );
    let flow = ok(&doc);
    assert_eq!(id_of(&flow, node(&flow, "inner").next), Some("last"));
    assert_eq!(id_of(&flow, node(&flow, "leaf").next), Some("last"));
    assert_eq!(node(&flow, "orphan").next, None, "unreachable actions still become nodes");
}

/// A first-match switch (`switchStyle` 1): its `expression` is what the cases are compared with.
#[test]
fn a_first_match_switch_reads_its_expression() {
    let doc = workflow(
        &json!([
            {"__type": "SwitchAction", "id": "sw", "switchStyle": 1, "expression": exp("str", "Flow.tier"),
             "cases": [{"name": "Gold", "referenceId": "c-1", "value": exp("str", "\"gold\"")}],
             "paths": [path("c-1", Some("end")), path("__DEFAULT__", Some("end"))]},
            {"__type": "EndWorkflowAction", "id": "end"},
        ]),
        "sw",
    );
    let flow = ok(&doc);
    let sw = &node(&flow, "sw").action;
    assert_eq!(sexpr(sw.prop(1)), "flow.tier");
    assert_eq!(sexpr(&sw.prop(0).list()[0][0]), r#""gold""#);
}

#[test]
fn switch_loop_and_change_state() {
    let mut doc = workflow(
        &json!([
            {"__type": "SwitchAction", "id": "sw", "switchStyle": 0, "expression": {"text": "", "type": "any", "uiMetaData": {"mode": 0}},
             "cases": [
                {"name": "Small", "referenceId": "c-1", "value": exp("bln", "Flow.n < 3")},
                {"name": "Big", "referenceId": "c-2", "value": exp("bln", "Flow.n > 9")}],
             "paths": [path("c-1", Some("lp")), path("c-2", None), path("__DEFAULT__", Some("go"))],
             "nextAction": "end"},
            {"__type": "LoopAction", "id": "lp", "currentIndex": v(2, "int", "Flow.i"), "loopCount": v(1, "int", "3"),
             "path": path("__LOOP__", Some("body")), "nextAction": "after"},
            {"__type": "UpdateVariableAction", "id": "body", "nextAction": "exit",
             "variables": [{"variable": v(2, "str_coll", "Flow.list"), "expression": exp("str_coll", "MakeList(\"a\")")}]},
            {"__type": "ExitLoopAction", "id": "exit"},
            {"__type": "WaitAction", "id": "after", "duration": v(1, "dur", "P0D0H1M30S0F")},
            {"__type": "ChangeStateAction", "id": "go", "stateReference": "s2", "stateName": "Second"},
            {"__type": "EndWorkflowAction", "id": "end"},
        ]),
        "sw",
    );
    doc["flowSequenceItemList"].as_array_mut().unwrap().push(json!(
        {"__type": "State", "id": "s2", "name": "Second", "startAction": "fin",
         "actionList": [{"__type": "EndWorkflowAction", "id": "fin"}]}));
    let flow = ok(&doc);
    let sw = node(&flow, "sw");
    let names: Vec<_> = sw.exits.iter().map(|e| (&*e.name, e.export_id.as_deref())).collect();
    assert_eq!(
        names,
        [("default", Some("__DEFAULT__")), ("Small", Some("c-1")), ("Big", Some("c-2"))]
    );
    assert_eq!(id_of(&flow, sw.exits[0].target), Some("go"));
    assert_eq!(id_of(&flow, sw.exits[1].target), Some("lp"));
    assert_eq!(sw.exits[2].target, None);
    let cases = sw.action.prop(0).list();
    assert_eq!(cases.len(), 2);
    assert_eq!(sexpr(&cases[1][0]), "(> flow.n 9)");
    assert!(sw.action.prop(1).is_none(), "a first-true switch compares with nothing");

    let lp = node(&flow, "lp");
    assert_eq!(id_of(&flow, lp.exits[0].target), Some("body"));
    assert_eq!(id_of(&flow, lp.next), Some("after"));
    assert_eq!(
        id_of(&flow, node(&flow, "exit").next),
        Some("lp"),
        "a loop's body goes back to the loop"
    );
    assert_eq!(
        id_of(&flow, node(&flow, "after").next),
        Some("end"),
        "the loop's own chain falls through"
    );
    assert_eq!(lp.action.prop(0).var().map(|v| &*v.name), Some("Flow.i"));
    assert_eq!(sexpr(lp.action.prop(1)), "3");
    let wait = node(&flow, "after").action.prop(0).expr().map(|e| &e.kind);
    assert!(matches!(wait, Some(crate::expr::ExprKind::Lit(crate::expr::Value::Duration(90_000)))));

    let statements = node(&flow, "body").action.prop(0).list();
    assert_eq!(statements[0][0].text().map(|t| &**t), Some("stringCollection"));
    assert_eq!(statements[0][1].var().map(|v| &*v.name), Some("Flow.list"));

    let go = node(&flow, "go");
    assert_eq!(go.exits.len(), 1);
    assert_eq!(&*go.exits[0].name, "Second");
    assert_eq!(id_of(&flow, go.exits[0].target), Some("fin"));
    assert_eq!(go.action.prop(0).text().map(|t| &**t), Some("s2"));
    assert_eq!(&*flow.arch.containers[1].ref_id, "s2");
}

#[test]
fn value_modes() {
    let doc = workflow(
        &json!([
            {"__type": "DataAction", "id": "da", "actionName": "Get Contact", "category": {"id": "x", "name": "Web Services"},
             "inputs": [{"name": "phone", "value": exp("str", "Flow.text")}, {"name": "empty", "value": v(3, "str", "")}],
             "outputs": [{"name": "name", "value": v(2, "str", "Flow.text")}, {"name": "unbound", "value": v(3, "str", "")}],
             "errorBindings": [],
             "timeout": v(1, "dur", "P0D0H1M0S0F"),
             "processingPrompt": {"config": {"lit": {"text": "processing", "type": "pmt", "val": "__processing__"}}, "text": "processing", "type": "pmt", "uiMetaData": {"mode": 1}},
             "paths": [path("__SUCCESS__", None), path("__FAILURE__", None), path("__TIMEOUT__", None)],
             "nextAction": "tx"},
            {"__type": "TransferPureMatchAction", "id": "tx", "queues": [v(1, "que", "Support")],
             "priority": v(1, "int", "2"), "languageSkill": v(3, "lac", ""),
             "preTransferAudio": {"defaultAudio": {"config": {"ToAudioTTS": {}}, "text": "ToAudioTTS(\"Hold on\")", "type": "aud", "metaData": {}}, "cases": []},
             "paths": [path("__FAILURE__", None)]},
        ]),
        "da",
    );
    let flow = ok(&doc);
    let da = &node(&flow, "da").action;
    assert_eq!(da.prop(0).text().map(|t| &**t), Some("Web Services"));
    assert_eq!(da.prop(1).text().map(|t| &**t), Some("Get Contact"));
    let inputs = da.prop(2).map();
    assert_eq!(inputs.len(), 2);
    assert_eq!(sexpr(&inputs[0].1), "flow.text");
    assert!(inputs[1].1.is_none(), "an empty input is NOT_SET");
    let outputs = da.prop(3).map();
    assert_eq!(outputs.len(), 1, "unbound outputs are left out");
    assert_eq!(outputs[0].1.var().map(|v| &*v.name), Some("Flow.text"));
    assert!(matches!(
        da.prop(5).expr().map(|e| &e.kind),
        Some(crate::expr::ExprKind::Lit(crate::expr::Value::Duration(60_000)))
    ));
    assert_eq!(sexpr(da.prop(6)), "promptsystem.processing");
    let tx = &node(&flow, "tx").action;
    assert_eq!(tx.prop(0).text().map(|t| &**t), Some("Support"));
    assert_eq!(sexpr(tx.prop(1)), "(call toaudiotts \"Hold on\")");
    assert_eq!(sexpr(tx.prop(4)), "2");
    assert!(tx.prop(6).is_none());
}

#[test]
fn menus_and_tasks_of_a_call_flow() {
    let doc = json!({
        "name": "Call", "type": "INBOUNDCALL", "initialSequence": "m1",
        "errorHandling": {"handlingType": "Disconnect", "audio": {"defaultAudio": exp("aud", "ToAudioTTS(\"Sorry\")")}},
        "flowSequenceItemList": [
            {"__type": "Menu", "id": "m1", "name": "Main Menu", "prompts": {"defaultAudio": exp("aud", "ToAudioTTS(\"Press 1\")")},
             "promptRepeatCount": v(1, "int", "3"), "defaultMenuChoice": "ch1",
             "menuChoiceList": [{"id": "ch1", "name": "Sales", "dtmf": "1", "action": {"__type": "TaskAction", "id": "ta1", "taskReference": "t1"}}]},
            {"__type": "Task", "id": "t1", "name": "Sales", "startAction": "p1", "paths": [{"label": "Default", "outputId": "__DEFAULT__"}],
             "actionList": [{"__type": "PlayAudioAction", "id": "p1", "prompts": {"defaultAudio": exp("aud", "ToAudioTTS(\"Hi\")")}, "nextAction": "x1"},
                            {"__type": "DisconnectAction", "id": "x1"}]},
        ],
    });
    let flow = ok(&doc);
    assert_eq!(&*flow.flow_type, "inboundCall");
    assert!(matches!(flow.arch.error_handling, ErrorHandling::Disconnect { audio: Some(_) }));
    assert_eq!(flow.arch.containers[0].kind, ContainerKind::Menu);
    assert_eq!(flow.arch.containers[1].kind, ContainerKind::Task);
    let menu = node(&flow, "m1");
    assert_eq!(menu.action.spec().key, "menu");
    assert_eq!(id_of(&flow, flow.arch.containers[0].start), Some("m1"));
    assert_eq!(menu.exits.len(), 1);
    assert_eq!((&*menu.exits[0].name, id_of(&flow, menu.exits[0].target)), ("Sales", Some("ta1")));
    let choices = menu.action.prop(3).list();
    assert_eq!(choices[0][0].text().map(|t| &**t), Some("1"));
    // The default menu choice, by its id, is known by the choice's name.
    assert_eq!(menu.action.prop(5).text().map(|t| &**t), Some("Sales"));
    let choice = node(&flow, "ta1");
    assert_eq!(id_of(&flow, choice.exits[0].target), Some("p1"));
    assert_eq!(flow.arch.containers[1].output_paths.len(), 1);
}

#[test]
fn unknown_and_unsupported_actions_load_with_a_diagnostic() {
    let doc = workflow(
        &json!([
            {"__type": "FrobnicateAction", "id": "f1", "nextAction": "b1", "paths": [path("__X__", None)]},
            {"__type": "DecryptDataAction", "id": "b1", "data": "not read"},
        ]),
        "f1",
    );
    let mut diags = Vec::new();
    let flow = load(Path::new("t"), &doc.to_string(), &mut diags)
        .expect("unsupported does not stop loading");
    // Both run from a stub: `check` warns.
    let codes: Vec<_> = diags
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| (d.code.as_str(), d.node.as_deref()))
        .collect();
    assert_eq!(codes, [("needsStub", Some("f1")), ("needsStub", Some("b1"))]);
    let f = &node(&flow, "f1").action;
    assert_eq!(f.spec().key, "unknownAction");
    assert_eq!(f.prop(0).text().map(|t| &**t), Some("FrobnicateAction"));
    assert_eq!(node(&flow, "f1").exits.len(), 1, "its paths are kept");
}

#[test]
fn expression_errors_name_the_node_and_the_json_path() {
    let doc = workflow(
        &json!([{"__type": "DecisionAction", "id": "d1", "expression": exp("bln", "Flow.n >"),
                 "paths": [path("__YES__", Some("nowhere")), path("__NO__", None)]}]),
        "d1",
    );
    let diags = fails(&doc.to_string());
    let syntax =
        diags.iter().find(|d| d.code == crate::diag::Code::Syntax).expect("a syntax error");
    assert_eq!(syntax.node.as_deref(), Some("d1"));
    assert_eq!(
        syntax.property.as_deref(),
        Some("flowSequenceItemList[0].actionList[0].expression")
    );
    assert_eq!(syntax.snippet.as_ref().map(|s| s.source.as_str()), Some("Flow.n >"));
    assert_eq!(syntax.flow.as_deref(), Some("Test Flow"));
    assert!(diags.iter().any(|d| d.code == crate::diag::Code::DanglingAction
        && d.property.as_deref()
            == Some("flowSequenceItemList[0].actionList[0].paths[0].nextActionId")));
    let bad_literal = workflow(
        &json!([{"__type": "WaitAction", "id": "w", "duration": v(1, "dur", "soon")}]),
        "w",
    );
    assert!(fails(&bad_literal.to_string())
        .iter()
        .any(|d| d.code == crate::diag::Code::Syntax && d.node.as_deref() == Some("w")));
}

#[test]
fn decoding_errors_are_diagnostics() {
    let code = |text: &str| fails(text).into_iter().map(|d| d.code.as_str()).collect::<Vec<_>>();
    assert_eq!(code("JTdC!!!"), ["exportDecode"]);
    assert_eq!(code("%7B%2"), ["exportDecode"]);
    assert_eq!(code(""), ["exportDecode"]);
    assert_eq!(code(&encode("{\"name\": ")), ["exportSyntax"]);
    let d = fails("{\"flowSequenceItemList\": [,]}");
    assert_eq!((d[0].code.as_str(), d[0].line, d[0].column), ("exportSyntax", Some(1), Some(27)));
    assert_eq!(code("{\"name\": \"x\"}"), ["exportShape"]);
    assert_eq!(code(&"[".repeat(10_000)), ["exportSyntax"], "nesting is bounded");
    let no_start = json!({"name": "x", "type": "workflow", "initialSequence": "nope", "flowSequenceItemList": []});
    assert_eq!(code(&no_start.to_string()), ["missingStart"]);
}

#[test]
fn no_prefix_of_an_export_panics() {
    let text = small().to_string();
    let encoded = encode(&text);
    for input in [&text, &encoded] {
        for end in (0..input.len()).filter(|e| input.is_char_boundary(*e)) {
            let mut diags = Vec::new();
            let _ = load(Path::new("t"), &input[..end], &mut diags);
            let _ = looks_like_export(&input[..end]);
        }
    }
    assert!(!looks_like_export(&format!("{{\"a\": \"{}\"}}", "é".repeat(600_000))));
}

/// Play Estimated Wait Time's prompt is a property; an expression under a key flowsim does not
/// read (`announcementAudio` here) is parsed all the same: an error in either is reported at its
/// JSON path, not skipped in silence.
#[test]
fn an_expression_under_an_unread_key_is_parsed() {
    let ewt = |audio: &str| {
        json!({
            "name": "Queue", "type": "INQUEUECALL", "initialSequence": "t1",
            "flowSequenceItemList": [
                {"__type": "LoopTask", "id": "t1", "name": "Main", "startAction": "e1",
                 "actionList": [
                    {"__type": "PlayEstimatedWaitTimeAction", "id": "e1", "name": "Wait time",
                     "playbackMode": "About",
                     "estimatedWaitTime": exp("dur", "Call.EstimatedWaitTime"),
                     "prompts": {"bargeInExpression": exp("bln", "true"),
                                 "defaultAudio": {"config": {}, "text": audio, "type": "aud"},
                                 "cases": []},
                     "roundingInterval": v(1, "dur", "P0D0H5M0S0F"),
                     "announcementAudio": {"defaultAudio": {"config": {}, "text": audio, "type": "aud"}},
                     "paths": [path("__SUCCESS__", None), path("__FAILURE__", None)]},
                 ]},
            ],
        })
    };
    let mut diags = Vec::new();
    let good = ewt("ToAudioDuration(Call.EstimatedWaitTime)").to_string();
    assert!(load(Path::new("q.i3InQueueFlow"), &good, &mut diags).is_some());
    assert!(!diags.iter().any(Diagnostic::is_error), "{diags:#?}");
    let diags = fails(&ewt("ToAudioBlank(1, 2)").to_string());
    let places: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == crate::diag::Code::ArgumentCount && d.node.as_deref() == Some("e1"))
        .filter_map(|d| d.property.as_deref())
        .collect();
    assert_eq!(
        places,
        [
            "flowSequenceItemList[0].actionList[0].prompts",
            "flowSequenceItemList[0].actionList[0].announcementAudio.defaultAudio"
        ],
        "{diags:#?}"
    );
    let diags = fails(&ewt("Frob(Call.EstimatedWaitTime)").to_string());
    assert!(diags.iter().any(|d| d.code == crate::diag::Code::UnknownFunction), "{diags:#?}");
}

/// A literal collection picked item by item (Send Notification's users) is a list of its
/// items; Send Notification's failure outputs are its `errorBindings`.
#[test]
fn a_literal_collection_of_items_and_send_notification() {
    let user = |name: &str| {
        json!({"config": {"lit": {"pos": 1, "text": name, "type": "usr", "val": "u-1"}},
               "text": name, "type": "usr", "uiMetaData": {"mode": 1}, "version": 2})
    };
    let users = json!({"config": {"lit": {"pos": 1, "text": "", "type": "usr_coll",
                        "items": [user("Ann"), user("Bo")]}},
                       "text": "", "type": "usr_coll", "uiMetaData": {"mode": 1}, "version": 2});
    let flow = ok(&workflow(
        &json!([
            {"__type": "SendNotificationAction", "id": "n1", "name": "Tell",
             "notificationType": v(1, "str", "email"), "subject": v(1, "str", "Hello"),
             "body": exp("str", "ToString(Flow.n)"), "sendToUsers": users,
             "emailFrom": v(3, "cpx_email_address", ""),
             "errorBindings": [{"name": "errorType", "value": v(2, "str", "Flow.text")}],
             "paths": [path("__SUCCESS__", None), path("__FAILURE__", None)]},
        ]),
        "n1",
    ));
    let a = &node(&flow, "n1").action;
    assert_eq!(a.spec().key, "sendNotification");
    let get = |name: &str| sexpr(a.prop(a.spec().prop_index(name).unwrap()));
    assert_eq!(get("sendToUsers"), r#"["Ann","Bo"]"#);
    assert_eq!(get("subject"), r#""Hello""#);
    assert!(get("failureOutputs").contains("Flow.text"), "{}", get("failureOutputs"));
}

/// Several values of an expression property are their collection: Play Estimated Wait Time's
/// `specificRoundingIntervals`, as Architect exports them.
#[test]
fn several_values_of_an_expression_are_a_collection() {
    let flow = ok(&workflow(
        &json!([
            {"__type": "PlayEstimatedWaitTimeAction", "id": "w1", "name": "Wait", "playbackMode": "About",
             "roundingInterval": v(1, "dur", "P0D0H5M0S0F"),
             "specificRoundingIntervals": [v(1, "dur", "P0D0H0M30S0F"), v(1, "dur", "P0D0H1M0S0F")]},
        ]),
        "w1",
    ));
    let a = &node(&flow, "w1").action;
    let p = a.prop(a.spec().prop_index("specificRoundingIntervals").unwrap());
    assert!(sexpr(p).starts_with("(call makelist"), "{}", sexpr(p));
}

/// Architect leaves `text` out of a literal it exports empty (literal mode, `config.lit` only):
/// the literal's own text stands for it, an empty value.
#[test]
fn a_literal_without_text_reads_from_its_config() {
    let untexted = json!({"config": {"lit": {"pos": 1, "text": "", "type": "str"}}, "type": "str", "uiMetaData": {"mode": 1}, "metaData": {}, "version": 2});
    let doc = workflow(
        &json!([
            {"__type": "DataAction", "id": "da", "actionName": "Check Row", "category": {"id": "x", "name": "Web Services"},
             "inputs": [{"name": "dataTableId", "value": untexted}, {"name": "key", "value": exp("str", "Flow.text")}],
             "outputs": [], "errorBindings": [],
             "paths": [path("__SUCCESS__", None), path("__FAILURE__", None), path("__TIMEOUT__", None)]},
        ]),
        "da",
    );
    let flow = ok(&doc);
    let inputs = node(&flow, "da").action.prop(2).map();
    assert_eq!(inputs.len(), 2);
    assert!(inputs[0].1.is_none() || sexpr(&inputs[0].1) == "\"\"", "{:?}", inputs[0].1);
}

/// Survey invite exports name Complete Survey Invite `CompleteSurveyInviteAction`.
#[test]
fn complete_survey_invite_is_read_from_its_export_type() {
    let doc = workflow(
        &json!([
            {"__type": "CompleteSurveyInviteAction", "id": "cs", "name": "Complete Survey",
             "targetAddress": exp("str", "Flow.text"), "targetAddressType": v(1, "str", "email"),
             "inviteSubject": v(1, "str", "Your survey"), "inviteBody": exp("str", "\"here: \" + Flow.text")},
        ]),
        "cs",
    );
    let flow = ok(&doc);
    let cs = node(&flow, "cs");
    assert_eq!(crate::flow::catalogue::spec(cs.action.spec).key, "completeSurveyInvite");
}

/// An action whose export type the catalogue does not list is found by Architect's naming of
/// export types after their action: `SetPriorityAction` is `setPriority`.
#[test]
fn an_unlisted_export_type_is_found_by_architects_naming() {
    let doc = workflow(
        &json!([
            {"__type": "SetPriorityAction", "id": "sp", "name": "Set Priority",
             "priority": v(1, "int", "5"),
             "paths": [path("__SUCCESS__", None), path("__FAILURE__", None)]},
        ]),
        "sp",
    );
    let flow = ok(&doc);
    let sp = node(&flow, "sp");
    assert_eq!(crate::flow::catalogue::spec(sp.action.spec).key, "setPriority");
    assert_eq!(crate::flow::catalogue::by_export("NoSuchThingAction"), None);
    assert_eq!(crate::flow::catalogue::by_export("Action"), None);
}

/// Collect Input's terminator is the Scripting SDK's `Digit` number under
/// `terminatingCharacter` (`setDigitsRange(1, 6, '#')` exports 10): read as its key's text; a
/// number that is no key is an error at its path; absent, no terminator.
#[test]
fn a_collect_inputs_terminating_character_is_its_key() {
    use crate::flow::catalogue::prompts::prop::TERMINATING_DTMF;
    let collect = |term: Option<J>| {
        let mut a = json!({"__type": "CollectInputAction", "id": "c1", "resultData": v(2, "str", "Flow.text"),
                           "numberOfDigitsMin": v(1, "int", "1"), "numberOfDigitsMax": v(1, "int", "6")});
        if let Some(t) = term {
            a["terminatingCharacter"] = t;
        }
        let mut doc = workflow(&json!([a]), "c1");
        doc["type"] = json!("INBOUNDCALL");
        doc
    };
    for (n, key) in [(10, "\"#\""), (11, "\"*\""), (0, "\"0\""), (9, "\"9\"")] {
        let flow = ok(&collect(Some(json!(n))));
        assert_eq!(sexpr(node(&flow, "c1").action.get(TERMINATING_DTMF)), key, "{n}");
    }
    let flow = ok(&collect(None));
    assert!(node(&flow, "c1").action.get(TERMINATING_DTMF).is_none());
    // `verification: false` is Archy's `verificationType: none`.
    let mut doc = collect(None);
    doc["flowSequenceItemList"][0]["actionList"][0]["verification"] = json!(false);
    let flow = ok(&doc);
    let action = &node(&flow, "c1").action;
    let at = action.spec().prop_index("verificationType").expect("Collect Input's verification");
    assert_eq!(action.prop(at).text().map(|t| &**t), Some("none"));
    let mut diags = Vec::new();
    load(Path::new("t.i3InboundFlow"), &collect(Some(json!(12))).to_string(), &mut diags);
    assert!(
        diags.iter().any(|d| d.is_error() && d.message.contains("terminatingCharacter")),
        "{diags:#?}"
    );
}

/// A bot export keeps each apology as a list under a plural key (`noInputsApologies`) and the
/// recognition failure's handover as `recognitionEventHandover`: read as Archy's
/// `noInputApology` and `recognitionFailureEventHandover`; a list of two is `unsupported`.
#[test]
fn a_bot_exports_apologies_and_handover_are_read() {
    let comm = |t: &str| exp("com", &format!("MakeCommunication(\"{t}\")"));
    let mut doc = workflow(&json!([{"__type": "ExitBotFlowAction", "id": "x1"}]), "x1");
    doc["type"] = json!("BOT");
    doc["userInputSettings"] = json!({
        "noInputsMax": v(1, "int", "2"),
        "noInputsApologies": [comm("Hello?")],
        "noMatchApologies": [comm("Sorry.")],
        "confirmationNoInputApologies": [],
    });
    doc["errorHandling"] = json!({"handlingType": "Exit", "recognitionHandlingType": "Exit",
                                  "recognitionEventHandover": comm("I give up.")});
    let flow = ok(&doc);
    let bot = flow.arch.bot.as_ref().expect("bot settings");
    let said = |e: &Option<crate::expr::Expr>| e.as_ref().map(crate::expr::Expr::source);
    assert_eq!(bot.input.no_inputs_max, 2);
    assert_eq!(
        said(&bot.input.no_input_apology).as_deref(),
        Some("(MakeCommunication(\"Hello?\"))")
    );
    assert_eq!(
        said(&bot.input.no_match_apology).as_deref(),
        Some("(MakeCommunication(\"Sorry.\"))")
    );
    assert!(bot.input.confirmation_no_input_apology.is_none());
    assert_eq!(
        said(&bot.recognition_failure_handover).as_deref(),
        Some("(MakeCommunication(\"I give up.\"))")
    );
    doc["userInputSettings"]["noMatchApologies"] = json!([comm("Sorry."), comm("Pardon?")]);
    let mut diags = Vec::new();
    load(Path::new("t.i3BotFlow"), &doc.to_string(), &mut diags);
    assert!(
        diags
            .iter()
            .any(|d| d.code == crate::diag::Code::Unsupported
                && d.message.contains("noMatchApologies")),
        "{diags:#?}"
    );
}

/// An Ask that customizes its reprompts exports the switch and the list beside its one
/// reprompt (`customizeNoMatch`, `noMatchReprompts`; the same for no input): both are read.
#[test]
fn an_asks_customized_reprompts_are_read() {
    use crate::flow::catalogue::bots::prop::{CUSTOMIZE_NO_MATCH, NO_MATCH_REPROMPTS};
    let list = r#"MakeList(MakeCommunication("One?"), MakeCommunication("Two?"))"#;
    let ask = json!({"__type": "AskForNLUIntentAction", "id": "a1",
                     "question": exp("com", "MakeCommunication(\"Help?\")"),
                     "customizeNoMatch": v(1, "bln", "true"),
                     "noMatchReprompts": exp("comcoll", list),
                     "paths": [path("__NO_INTENT__", Some("x1"))]});
    let mut doc = workflow(&json!([ask, {"__type": "ExitBotFlowAction", "id": "x1"}]), "a1");
    doc["type"] = json!("BOT");
    let flow = ok(&doc);
    let a = &node(&flow, "a1").action;
    assert_eq!(sexpr(a.get(CUSTOMIZE_NO_MATCH[0])), "true");
    assert_eq!(
        sexpr(a.get(NO_MATCH_REPROMPTS[0])),
        r#"(call makelist (call makecommunication "One?") (call makecommunication "Two?"))"#
    );
}

/// Evaluate Schedule as Architect's Scripting SDK exports it: the schedule and the emergency
/// group by `scheduleName` and `emergencyGroupName` beside their ids, the evaluation type as
/// `evaluateEmergencyGroup`, the time as `evaluationDateTime` (unused while `evaluateNow`); and
/// each supported language's default language skill (`supportedLanguageOptions`).
#[test]
fn evaluate_schedule_and_supported_languages_are_read_as_the_sdk_writes_them() {
    use crate::flow::catalogue::data::prop::{
        EVALUATE_EMERGENCY_GROUP, SCHEDULE, SCHEDULE_EMERGENCY_GROUP, SCHEDULE_EVALUATE,
    };
    let at = exp("dtm", "ToDateTime(\"2026-01-05T09:00:00Z\")");
    let evaluate = |now: bool, emergency: bool| {
        json!({"__type": "EvaluateScheduleAction", "id": "e1", "name": "Hours",
               "evaluateEmergencyGroup": emergency, "evaluateNow": now,
               "scheduleId": "s-1", "scheduleName": "Weekdays",
               "emergencyGroupId": "g-1", "emergencyGroupName": "Storm",
               "timeZone": v(1, "str", ""), "evaluationDateTime": at,
               "paths": [path("__ACTIVE__", None), path("__INACTIVE__", None)]})
    };
    let mut doc = workflow(&json!([evaluate(false, true)]), "e1");
    doc["supportedLanguageOptions"] = json!([
        {"language": "en-US", "languageSkill": v(1, "lac", "Spanish")},
        {"language": "es-US", "languageSkill": v(3, "lac", "")},
    ]);
    let flow = ok(&doc);
    let a = &node(&flow, "e1").action;
    assert_eq!(sexpr(a.get(EVALUATE_EMERGENCY_GROUP)), "true");
    assert!(matches!(a.get(SCHEDULE_EMERGENCY_GROUP), Prop::Text(t) if &**t == "Storm"));
    assert!(matches!(a.get(SCHEDULE), Prop::Text(t) if &**t == "Weekdays"));
    assert!(!a.get(SCHEDULE_EVALUATE).is_none(), "a specific time is read");
    let skills: Vec<_> = flow.arch.supported_languages.iter().map(|(t, p)| (&**t, p)).collect();
    assert!(
        matches!(skills[..], [("en-US", Prop::Text(ref s)), ("es-US", Prop::None)] if &**s == "Spanish")
    );
    let flow = ok(&workflow(&json!([evaluate(true, false)]), "e1"));
    let a = &node(&flow, "e1").action;
    assert!(a.get(SCHEDULE_EVALUATE).is_none(), "evaluated now, the time is unused");
    assert_eq!(sexpr(a.get(EVALUATE_EMERGENCY_GROUP)), "false");
}

/// A call of a flow set to its latest published version: the export writes
/// `flowLatestVersion: true` beside the version that was the latest when it was written (a
/// common module's `flowVersion: "2.0"`) or none (a bot flow's); Archy writes
/// `ver_latestPublished`. Both read as `latestPublished`; a version chosen is kept.
#[test]
fn a_call_of_the_latest_published_version_reads_as_archys_latest_published() {
    let call = |latest: Option<bool>| {
        let mut a = json!({"__type": "CallCommonModuleAction", "id": "m1", "flowName": "Module",
                           "flowVersion": "2.0"});
        if let Some(l) = latest {
            a["flowLatestVersion"] = json!(l);
        }
        let mut doc = workflow(&json!([a]), "m1");
        doc["type"] = json!("INBOUNDCALL");
        doc
    };
    let version = |latest| {
        let flow = ok(&call(latest));
        let action = &node(&flow, "m1").action;
        let at = action.spec().prop_index("version").expect("a call's version");
        action.prop(at).text().map(ToString::to_string)
    };
    assert_eq!(version(Some(true)).as_deref(), Some("latestPublished"));
    assert_eq!(version(Some(false)).as_deref(), Some("2.0"));
    assert_eq!(version(None).as_deref(), Some("2.0"));
}
