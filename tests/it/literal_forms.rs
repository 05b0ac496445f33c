//! Every literal form Archy and Architect's exports write for a type whose literal is more than
//! a scalar (docs/architect.md §1.2, "Literal forms"): each flow here is checked and run through
//! the binary, and the value Architect gives the literal is what the run shows.

use crate::cli::flowsim;
use crate::support::{probe_call_flow, prompts, run_in_folder, BYE};

/// An inbound call flow `Probe` whose variable `Flow.X` of Archy type `ty` starts as `initial`
/// (YAML under `initialValue:`, indented 10 spaces), and which says `say` (an Audio
/// expression).
fn variable_flow(ty: &str, initial: &str, say: &str) -> String {
    let head = format!(
        "  variables:
    - {ty}Variable:
        name: Flow.X
        initialValue:
{initial}
"
    );
    let actions = format!(
        "          - playAudio:
              name: Say
              audio:
                exp: {say}
"
    ) + BYE;
    probe_call_flow(&head, &actions)
}

/// What `flow` says when it runs (it must check clean first).
#[track_caller]
fn says(flow: &str) -> Vec<String> {
    let j = run_in_folder(&[flow], "{}", "Probe", &[]);
    assert_eq!(j["status"], "disconnected", "{j}");
    prompts(&j).into_iter().map(str::to_owned).collect()
}

#[test]
fn a_json_variables_literal_is_json_text() {
    let flow = variable_flow(
        "json",
        r#"          lit: '{"name": "Ann", "ids": [4, 7]}'"#,
        "ToAudioTTS(ToString(Flow.X.name) + \" \" + ToString(Flow.X.ids[1]))",
    );
    assert_eq!(says(&flow), ["Ann 7"]);
}

#[test]
fn a_json_variables_literal_may_be_written_as_yaml() {
    let flow = variable_flow(
        "json",
        "          lit: {name: Ann, ids: [4, 7]}",
        "ToAudioTTS(ToString(Flow.X.name) + \" \" + ToString(Flow.X.ids[1]))",
    );
    assert_eq!(says(&flow), ["Ann 7"]);
}

#[test]
fn a_json_collections_items_are_json_text_or_yaml() {
    let flow = variable_flow(
        "jsonCollection",
        r#"          lit: ['{"n": 1}', {n: 2}]"#,
        "ToAudioTTS(ToString(Count(Flow.X)) + \" \" + ToString(Flow.X[1].n))",
    );
    assert_eq!(says(&flow), ["2 2"]);
}

#[test]
fn json_text_that_is_not_json_is_an_error_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.yaml");
    let flow = variable_flow("json", "          lit: '{name: Ann}'", "ToAudioTTS(\"x\")");
    std::fs::write(&file, flow).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "`check` fails on an error: {}", o.stdout);
    let all = o.stdout + &o.stderr;
    assert!(all.contains("error[badPropertyType]"), "{all}");
    assert!(all.contains("`Flow.X.initialValue` must be JSON text"), "{all}");
    assert!(all.contains("f.yaml:8:16"), "the line and column of the literal: {all}");
}

#[test]
fn a_prompt_variables_literal_name_is_the_prompt() {
    for initial in [
        "          lit: {name: Prompt.Welcome}",
        "          lit: Prompt.Welcome",
        "          name: Prompt.Welcome",
        "          lit: Welcome",
    ] {
        let flow = variable_flow("prompt", initial, "Flow.X");
        assert_eq!(says(&flow), ["[Prompt.Welcome]"], "{initial}");
    }
}

#[test]
fn a_prompt_collections_items_are_prompts() {
    let flow = variable_flow(
        "promptCollection",
        "          lit: [{name: Prompt.Welcome}, {name: PromptSystem.beep}]",
        "Flow.X[1]",
    );
    assert_eq!(says(&flow), ["[PromptSystem.beep]"]);
}

#[test]
fn a_currency_literal_may_be_its_amount_and_code() {
    let flow = variable_flow(
        "currency",
        "          lit: {amount: 5.25, code: USD}",
        "ToAudioTTS(ToString(Flow.X))",
    );
    assert_eq!(says(&flow), ["5.25|USD"]);
}

/// Update Data's statements read their literal by the statement's type, as initial values do.
#[test]
fn update_data_statements_read_json_and_prompt_literals_by_their_type() {
    let actions = r#"          - updateData:
              name: Set
              statements:
                - json:
                    variable: Task.J
                    value:
                      lit: '{"tier": "gold"}'
                - prompt:
                    variable: Task.P
                    value:
                      lit:
                        name: Prompt.Welcome
          - playAudio:
              name: Say
              audio:
                exp: Append(ToAudioTTS(ToString(Task.J.tier)), Task.P)
"#
    .to_owned()
        + BYE;
    let j = run_in_folder(&[&probe_call_flow("", &actions)], "{}", "Probe", &[]);
    assert_eq!(prompts(&j), ["gold[Prompt.Welcome]"], "{j}");
}

/// `audio:` given as a sequence per language: the conversation's language's plays, else the
/// default one; with no default, a language without a sequence hears nothing.
#[test]
fn audio_given_as_alternate_sequences_plays_the_conversations_language() {
    let actions = "          - playAudio:
              name: Only alternates
              audio:
                alternateSequences:
                  en-us:
                    tts: Hello
                  es-us:
                    - tts: Hola
          - playAudio:
              name: With a default
              audio:
                tts: Welcome
                alternateSequences:
                  es-us:
                    tts: Bienvenido
          - setLanguage:
              name: To Spanish
              language:
                lit: es-us
          - playAudio:
              name: Again
              audio:
                tts: Welcome
                alternateSequences:
                  es-us:
                    tts: Bienvenido
          - setLanguage:
              name: To French
              language:
                lit: fr-fr
          - playAudio:
              name: No sequence
              audio:
                alternateSequences:
                  es-us:
                    tts: Hola
"
    .to_owned()
        + BYE;
    let head = "  defaultLanguage: en-us\n";
    let j = run_in_folder(&[&probe_call_flow(head, &actions)], "{}", "Probe", &[]);
    assert_eq!(j["status"], "disconnected", "{j}");
    assert_eq!(prompts(&j), ["Hello", "Welcome", "Bienvenido"], "{j}");
}

/// Writes an export (decoded JSON) to a fresh folder and runs `flowsim ARGS --flows <it>`.
fn export_run(file: &str, doc: &serde_json::Value, args: &[&str]) -> crate::cli::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::write(&path, doc.to_string()).unwrap();
    let mut all = args.to_vec();
    all.extend(["--flows", path.to_str().unwrap()]);
    flowsim(&all)
}

fn value(mode: &str, ty: &str, text: &str) -> serde_json::Value {
    serde_json::json!({"config": {mode: {"pos": 1, "text": text, "type": ty}}, "text": text, "type": ty, "version": 2})
}

/// An export's JSON literal is JSON, and a variable of a structured type is declared by its
/// type code (`typeIdentifier`), a collection of it with `isCollection`.
#[test]
fn an_exports_json_literal_is_json_and_structured_variables_have_their_type() {
    let say = "ToString(Flow.j.a) + \" \" + ToString(Count(Flow.pairs))";
    let doc = serde_json::json!({
        "name": "Ex", "type": "workflow", "initialSequence": "s1",
        "variables": [
            {"__type": "JsonVariable", "name": "Flow.j", "initialValue": value("lit", "jsn", r#"{"a": 1}"#)},
            {"__type": "ComplexVariable", "typeIdentifier": "cpx_agent_score_pair",
             "isCollection": true, "name": "Flow.pairs"},
            {"__type": "StringVariable", "name": "Flow.s", "isOutput": true},
        ],
        "flowSequenceItemList": [{
            "id": "s1", "__type": "State", "name": "Initial State", "startAction": "set",
            "actionList": [
                {"id": "set", "__type": "UpdateVariableAction", "name": "Set", "nextAction": "end",
                 "variables": [{"variable": value("ref", "str", "Flow.s"),
                                "expression": value("ref", "str", say)}]},
                {"id": "end", "__type": "EndWorkflowAction", "name": "End Workflow"},
            ],
        }],
    });
    let check = export_run("Ex.i3WorkFlow", &doc, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let o = export_run("Ex.i3WorkFlow", &doc, &["run", "Ex", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).expect(&o.stderr);
    assert_eq!(j["status"], "completed", "{j}");
    assert_eq!(j["variables"]["Flow.s"], "1 0", "{j}");
    assert_eq!(j["variables"]["Flow.j"], serde_json::json!({"a": 1}), "{j}");
}

/// A published inbound call flow reads `Message.Message`, a message flow's built-in: Architect
/// took it, so the flow loads, with a warning that says what the run gives it (NOT_SET).
#[test]
fn an_exports_builtin_of_another_flow_type_loads_with_a_warning_and_reads_not_set() {
    let read = "If(IsSet(Message.Message), Message.Message.body, \"no message\")";
    let doc = serde_json::json!({
        "name": "Msg", "type": "inboundcall", "initialSequence": "t1",
        "variables": [{"__type": "StringVariable", "name": "Flow.s", "isOutput": true}],
        "flowSequenceItemList": [{
            "id": "t1", "__type": "Task", "name": "T", "startAction": "set",
            "actionList": [
                {"id": "set", "__type": "UpdateVariableAction", "name": "Set", "nextAction": "bye",
                 "variables": [{"variable": value("ref", "str", "Flow.s"),
                                "expression": value("ref", "str", read)}]},
                {"id": "bye", "__type": "DisconnectAction", "name": "Bye"},
            ],
        }],
    });
    let check = export_run("Msg.i3InboundFlow", &doc, &["check"]);
    let all = check.stdout.clone() + &check.stderr;
    assert_eq!(check.code, 0, "{all}");
    assert!(all.contains("warning[unknownBuiltin]"), "{all}");
    assert!(all.contains("a run reads it as NOT_SET"), "{all}");
    let o = export_run("Msg.i3InboundFlow", &doc, &["run", "Msg", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).expect(&o.stderr);
    assert_eq!(j["variables"]["Flow.s"], "no message", "{j}");
}

/// The same read in an Archy flow is still refused: only a flow Architect published shows
/// that Architect took it.
#[test]
fn an_archy_flows_builtin_of_another_flow_type_is_still_an_error() {
    let flow =
        variable_flow("string", "          noValue: true", "ToAudioTTS(Message.Message.body)");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.yaml");
    std::fs::write(&file, flow).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "`check` fails on an error: {}", o.stdout);
    assert!((o.stdout + &o.stderr).contains("error[unknownBuiltin]"));
}

/// A structured variable of an export is typed by its `typeIdentifier`: its members are the
/// type's, so a misspelt one is refused as Architect refuses it.
#[test]
fn an_exports_structured_variable_has_its_types_members() {
    let doc = serde_json::json!({
        "name": "Ec", "type": "workflow", "initialSequence": "s1",
        "variables": [
            {"__type": "ComplexVariable", "typeIdentifier": "cpx_external_contact",
             "name": "Flow.c", "isInput": true},
            {"__type": "StringVariable", "name": "Flow.s", "isOutput": true},
        ],
        "flowSequenceItemList": [{
            "id": "s1", "__type": "State", "name": "Initial State", "startAction": "set",
            "actionList": [
                {"id": "set", "__type": "UpdateVariableAction", "name": "Set", "nextAction": "end",
                 "variables": [{"variable": value("ref", "str", "Flow.s"),
                                "expression": value("ref", "str", "Flow.c.frstName")}]},
                {"id": "end", "__type": "EndWorkflowAction", "name": "End Workflow"},
            ],
        }],
    });
    let o = export_run("Ec.i3WorkFlow", &doc, &["check"]);
    let all = o.stdout + &o.stderr;
    assert_eq!(o.code, 1, "{all}");
    assert!(all.contains("`Flow.c` is ExternalContact, which has no member `frstname`"), "{all}");
    assert!(all.contains("did you mean `Flow.c.firstName`?"), "{all}");
}

/// Every type of the Scripting SDK's catalogue (`tools/oracle/data/types.json`) a flow declares
/// (the types an author can create, and the structured ones), and Architect's agent score
/// pair, is declared in Archy (`- <type>Variable:`, `- <type>CollectionVariable:` where it
/// has collections) and in an export (its class, or `ComplexVariable` with its
/// `typeIdentifier`): each loads with no error and nothing unsupported, and a run holds it as
/// NOT_SET (a collection: empty).
#[test]
fn every_declarable_type_of_architects_catalogue_loads_and_runs_in_both_formats() {
    use flowsim::flow::Registry;
    let path = crate::support::root().join("tools/oracle/data/types.json");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut types: Vec<(String, String, String, bool, Vec<String>)> = Vec::new();
    for t in data.as_array().unwrap() {
        let class = t["classType"].as_str().unwrap_or("");
        if t["userCanCreate"] != true && class != "ComplexVariable" {
            continue;
        }
        let flows = t["supportedFlowTypes"].as_array().unwrap();
        let flows = flows.iter().map(|f| f.as_str().unwrap().to_owned()).collect();
        let (name, code) = (t["name"].as_str().unwrap(), t["code"].as_str().unwrap());
        types.push((name.into(), code.into(), class.into(), t["allowArray"] == true, flows));
    }
    let score_pair = ("AgentScorePair", "cpx_agent_score_pair", "ComplexVariable");
    let (name, code, class) = score_pair;
    types.push((name.into(), code.into(), class.into(), true, vec!["workflow".into()]));
    assert!(types.len() >= 28, "{} types", types.len());
    let mut checked = 0;
    for (name, code, class, has_collections, flows) in &types {
        let archy = match name.as_str() {
            "Long" => "integer".to_owned(),
            "UserQueue" => "user".to_owned(),
            n => n[..1].to_ascii_lowercase() + &n[1..],
        };
        let (archy_kind, export_kind, file) = if flows.iter().any(|f| f == "inboundcall") {
            ("inboundCall", "inboundcall", "T.i3InboundFlow")
        } else if flows.iter().any(|f| f == "workflow") {
            ("workflow", "workflow", "T.i3WorkFlow")
        } else if flows.iter().any(|f| f == "inboundemail") {
            ("inboundEmail", "inboundemail", "T.i3InboundEmailFlow")
        } else {
            ("inboundShortMessage", "inboundshortmessage", "T.i3InboundMessage")
        };
        for collection in [false, true].into_iter().filter(|c| !c || *has_collections) {
            let suffix = if collection { "Collection" } else { "" };
            let archy_flow = archy_declaring(archy_kind, &format!("{archy}{suffix}"));
            let mut var =
                serde_json::json!({"__type": class, "name": "Flow.X", "isCollection": collection});
            if class == "ComplexVariable" {
                var["typeIdentifier"] = serde_json::json!(code);
            }
            let export = export_declaring(export_kind, var).to_string();
            for (file, text) in [("T.yaml", archy_flow.as_str()), (file, export.as_str())] {
                let case = format!("{name}{suffix} in {file}");
                let report = Registry::from_sources([(std::path::Path::new(file), text)]);
                let bad: Vec<String> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error() || d.code == flowsim::diag::Code::Unsupported)
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .collect();
                assert!(bad.is_empty(), "{case}: {bad:?}");
                let reg = report.registry.expect("no errors");
                let request =
                    serde_json::from_value(serde_json::json!({"flowName": "Declares"})).unwrap();
                let fixtures = flowsim::fixtures::FixtureStore::default();
                let r = flowsim::engine::Run::new(&reg, &fixtures, &request)
                    .result()
                    .unwrap_or_else(|e| panic!("{case}: {e:?}"));
                let j = crate::support::result_json(&r);
                let want = if collection { serde_json::json!([]) } else { serde_json::Value::Null };
                assert_eq!(j["variables"]["Flow.X"], want, "{case}: {j}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 100, "{checked} declarations");
}

/// An Archy flow of `kind` named `Declares` that declares `Flow.X` of Archy type `ty` and ends.
fn archy_declaring(kind: &str, ty: &str) -> String {
    let variables = format!(
        "  variables:\n    - {ty}Variable:\n        name: Flow.X\n        initialValue:\n          noValue: true\n"
    );
    if kind == "inboundCall" {
        return format!(
            "inboundCall:\n  name: Declares\n  startUpRef: ./tasks/task[Main_1]\n{variables}  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n          - disconnect:\n              name: Bye\n"
        );
    }
    let end = if kind == "workflow" { "endWorkflow" } else { "disconnect" };
    format!(
        "{kind}:\n  name: Declares\n  startUpRef: \"/{kind}/states/state[S_1]\"\n{variables}  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - {end}:\n              name: Bye\n"
    )
}

/// An export of `kind` named `Declares` that declares `var` and ends.
fn export_declaring(kind: &str, var: serde_json::Value) -> serde_json::Value {
    let (container, end) = match kind {
        "inboundcall" => ("Task", "DisconnectAction"),
        "workflow" => ("State", "EndWorkflowAction"),
        _ => ("State", "DisconnectAction"),
    };
    serde_json::json!({
        "name": "Declares", "type": kind, "initialSequence": "s1", "variables": [var],
        "flowSequenceItemList": [{
            "id": "s1", "__type": container, "name": "S", "startAction": "end",
            "actionList": [{"id": "end", "__type": end, "name": "End"}],
        }],
    })
}
