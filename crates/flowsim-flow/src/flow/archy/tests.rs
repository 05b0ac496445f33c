//! Tests of the Archy front-end: small flows of our own, and every corpus flow.

use super::{load, read_options, Substitutions};
use crate::diag::{Diagnostic, Severity};
use crate::expr::{ExprKind, Value};
use crate::flow::action::Prop;
use crate::flow::catalogue::{self, Family};
use crate::flow::model::{ContainerKind, ErrorHandling, Flow, Node};
use std::path::{Path, PathBuf};

pub(super) fn subs(pairs: &[(&str, &str)]) -> Substitutions {
    Substitutions {
        values: pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        options_file: None,
    }
}

pub(super) fn load_with(text: &str, s: &Substitutions) -> (Option<Flow>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let flow = load(Path::new("t.yaml"), text, s, &mut diags);
    (flow, diags)
}

/// Loads `text`, asserting it has no error.
#[track_caller]
pub(super) fn ok(text: &str) -> Flow {
    let (flow, diags) = load_with(text, &Substitutions::default());
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "errors: {errors:#?}");
    flow.expect("a flow")
}

/// Loads `text`, asserting it fails, and returns its errors.
#[track_caller]
pub(super) fn errors(text: &str) -> Vec<Diagnostic> {
    let (_, diags) = load_with(text, &Substitutions::default());
    let errors: Vec<_> = diags.into_iter().filter(Diagnostic::is_error).collect();
    assert!(!errors.is_empty(), "expected errors");
    errors
}

#[track_caller]
pub(super) fn node<'f>(flow: &'f Flow, id: &str) -> &'f Node {
    let ids: Vec<_> = flow.draft.nodes.iter().map(|n| &*n.id).collect();
    let i = flow.draft.find(id).unwrap_or_else(|| panic!("no node `{id}` in {ids:?}"));
    flow.draft.node(i)
}

pub(super) fn id_of(flow: &Flow, i: Option<u32>) -> Option<&str> {
    i.map(|i| &*flow.draft.node(i).id)
}

/// The id of the node exit `name` of node `id` leads to.
#[track_caller]
pub(super) fn exit<'f>(flow: &'f Flow, id: &str, name: &str) -> Option<&'f str> {
    let n = node(flow, id);
    let e = n
        .exits
        .iter()
        .find(|e| &*e.name == name)
        .unwrap_or_else(|| panic!("`{id}` has no exit `{name}`"));
    id_of(flow, e.target)
}

#[track_caller]
pub(super) fn next<'f>(flow: &'f Flow, id: &str) -> Option<&'f str> {
    id_of(flow, node(flow, id).next)
}

pub(super) fn key(n: &Node) -> &'static str {
    n.action.type_name()
}

pub(super) fn lit(p: &Prop) -> Option<&Value> {
    match p.expr().map(|e| &e.kind) {
        Some(ExprKind::Lit(v)) => Some(v),
        _ => None,
    }
}

/// The corpus's Archy flows, with every `{{key}}` given a value: each loads, with no error but
/// `unsupported` for bot actions.
#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn every_corpus_flow_loads() {
    let dir = std::env::var_os("FLOWSIM_CORPUS")
        .map_or_else(
            || Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("../shared/corpus"),
            PathBuf::from,
        )
        .join("archy");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!("no corpus at {} ({e}): build.rs saw it, or CI requires it", dir.display())
    });
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let (mut flows, mut nodes, mut unsupported, mut warnings) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let mut s = Substitutions::default();
        let mut rest = text.as_str();
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}") else { break };
            let key = rest[open + 2..open + close].trim();
            s.values.insert(key.to_owned(), format!("sub_{key}"));
            rest = &rest[open + close..];
        }
        let mut diags = Vec::new();
        let flow = load(file, &text, &s, &mut diags);
        for d in &diags {
            let bot = d.code == crate::diag::Code::Unsupported
                && d.property
                    .as_deref()
                    .and_then(catalogue::by_key)
                    .is_some_and(|i| catalogue::spec(i).family == Family::Bots);
            match d.severity {
                Severity::Error if bot => unsupported += 1,
                Severity::Error => failures.push(format!("{}: {d:?}", file.display())),
                Severity::Warning => {
                    warnings += 1;
                    eprintln!("warning: {}: {}", d.node.as_deref().unwrap_or(""), d.message);
                }
            }
        }
        match flow {
            Some(f) => {
                flows += 1;
                nodes += f.draft.nodes.len();
            }
            None => failures.push(format!("{}: did not load", file.display())),
        }
    }
    eprintln!(
        "corpus: {} files, {flows} flows, {nodes} nodes, {unsupported} unsupported bot actions, {warnings} warnings",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(flows >= 41, "expected the corpus's 41 Archy flows");
}

/// The one diagnostic of `code`, with its line and column.
#[track_caller]
fn one(diags: &[Diagnostic], code: crate::diag::Code) -> &Diagnostic {
    let found: Vec<_> = diags.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "one `{code}` expected in {diags:#?}");
    found[0]
}

fn at(d: &Diagnostic) -> (usize, usize) {
    (d.line.unwrap_or(0), d.column.unwrap_or(0))
}

const TEMPLATE: &str = "\
inboundShortMessage:
  name: \"{{flow_name}}\"
  startUpRef: \"/inboundShortMessage/states/state[{{ state }}_10]\"
  states:
    - state:
        name: First
        refId: {{state}}_10
        actions:
          - sendResponse:
              messageBody:
                lit: {{greeting}} and {{ farewell }}
";

#[test]
fn substitution_replaces_placeholders_as_text() {
    let s =
        subs(&[("flow_name", "Sub Flow"), ("state", "S"), ("greeting", "hi"), ("farewell", "bye")]);
    let (flow, diags) = load_with(TEMPLATE, &s);
    assert!(diags.is_empty(), "{diags:#?}");
    let flow = flow.expect("loads");
    assert_eq!(&*flow.name, "Sub Flow");
    let n = node(&flow, "First/Send Response");
    assert_eq!(lit(&n.action.props[0]), Some(&Value::Str("hi and bye".into())));
}

#[test]
fn every_missing_substitution_is_reported_with_its_position() {
    let (flow, diags) = load_with(TEMPLATE, &subs(&[("state", "S")]));
    assert!(flow.is_none());
    let keys: Vec<_> = diags
        .iter()
        .map(|d| (d.code.as_str(), d.property.as_deref().unwrap_or(""), at(d)))
        .collect();
    assert_eq!(
        keys,
        [
            ("missingSubstitution", "flow_name", (2, 10)),
            ("missingSubstitution", "greeting", (11, 22)),
            ("missingSubstitution", "farewell", (11, 39)),
        ]
    );
    assert!(diags[0].message.contains(
        "'{{ flow_name }}' was found in the flow YAML, but was not found in the options file"
    ));
    assert_eq!(
        diags[0].help.as_deref(),
        Some(
            "pass `--sub flow_name=VALUE`, or give `flow_name` a value under the options file's \
             `substitutions` or flowsim.toml's `[substitutions]`"
        )
    );
    // A hint is a sentence: it ends in what to write, not in a colon that leads nowhere.
    assert!(diags.iter().all(|d| !d.help.as_deref().unwrap_or("").ends_with(':')), "{diags:?}");
    assert_eq!(diags[0].file.as_deref(), Some(Path::new("t.yaml")));
}

#[test]
fn a_missing_key_used_many_times_is_one_error_at_its_first_use() {
    let text = TEMPLATE.replace("{{ farewell }}", "{{greeting}}");
    let (_, diags) = load_with(&text, &subs(&[("state", "S"), ("flow_name", "F")]));
    let keys: Vec<_> = diags
        .iter()
        .map(|d| (d.code.as_str(), d.property.as_deref().unwrap_or(""), at(d)))
        .collect();
    assert_eq!(keys, [("missingSubstitution", "greeting", (11, 22))]);
    assert!(
        diags[0].message.ends_with("; the file uses it 2 times, the first here"),
        "{}",
        diags[0].message
    );
}

#[test]
fn positions_after_a_substitution_are_the_files_own() {
    // The value is longer than its placeholder: the error's column is the original one.
    let text = "workflow:\n  name: {{n}}\n  x: [1, 2\n";
    let (_, diags) = load_with(text, &subs(&[("n", "a much longer name than the key")]));
    let d = one(&diags, crate::diag::Code::YamlSyntax);
    assert_eq!(d.line, Some(4), "{d:?}");
}

#[test]
fn the_options_file_gives_substitutions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("options.yaml");
    std::fs::write(&path, "authToken: x\nsubstitutions:\n  flow_name: From Options\n  state: S\n  greeting: 1\n  farewell: true\n").expect("write");
    let s = read_options(&path).expect("options");
    assert_eq!(s.values.get("greeting").map(String::as_str), Some("1"));
    assert_eq!(s.options_file.as_deref(), Some(path.as_path()));
    let (flow, _) = load_with(TEMPLATE, &s);
    assert_eq!(&*flow.expect("loads").name, "From Options");

    std::fs::write(&path, "substitutions:\n  key: [1, 2]\n").expect("write");
    let d = read_options(&path).expect_err("a list is no value");
    assert_eq!((d.code.as_str(), at(&d)), ("badPropertyType", (2, 8)));
}

#[test]
fn yaml_errors_have_line_and_column() {
    let d = errors("workflow:\n  name: x\n   bad: [\n");
    assert_eq!(d[0].code, crate::diag::Code::YamlSyntax);
    assert_eq!(d[0].line, Some(3));

    // Mappings nested by indentation: the 256th starts on line 256.
    let mut deep = String::new();
    for i in 0..300 {
        deep += &"  ".repeat(i);
        deep += "a";
        deep += &i.to_string();
        deep += ":\n";
    }
    let d = errors(&deep);
    assert_eq!((d[0].code.as_str(), at(&d[0])), ("tooDeep", (256, 511)));
    // So is flow nesting: saphyr's scanner stops at the same depth.
    let deep = format!("workflow: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(errors(&deep)[0].code, crate::diag::Code::TooDeep);
}

#[test]
fn flow_level_errors() {
    let d = errors("inboundCal:\n  name: x\n");
    let d = one(&d, crate::diag::Code::UnknownFlowType);
    assert_eq!(at(d), (1, 1));
    assert!(d.help.as_deref().unwrap_or("").starts_with("did you mean `inboundCall`?"), "{d:?}");

    let d = errors("workflow:\n  name: x\ninboundCall:\n  name: y\n");
    assert_eq!(one(&d, crate::diag::Code::BadFlowFile).code, crate::diag::Code::BadFlowFile);

    let d = errors("workflow:\n  description: no name\n");
    assert_eq!(at(one(&d, crate::diag::Code::MissingProperty)), (2, 3));
}

const STATE: &str = "\
workflow:
  name: W
  startUpRef: \"/workflow/states/state[Initial_10]\"
  states:
    - state:
        name: Initial
        refId: Initial_10
        actions:
";

#[test]
fn expression_errors_point_into_the_expression() {
    let text = format!(
        "{STATE}          - decision:\n              condition:\n                exp: Flow.x ==\n"
    );
    let d = errors(&text);
    let d = one(&d, crate::diag::Code::Syntax);
    // The column of the caret's place in the file: the end of `Flow.x ==`, whose scalar
    // starts at column 22.
    assert_eq!(at(d), (11, 31));
    assert_eq!(d.node.as_deref(), Some("Initial/Decision"));
    assert_eq!(d.property.as_deref(), Some("condition"));
    assert_eq!(d.flow.as_deref(), Some("W"));
    let snippet = d.snippet.as_ref().expect("a snippet");
    assert_eq!(snippet.source, "Flow.x ==");
    assert_eq!(snippet.span.start, 9, "{snippet:?}");
}

#[test]
fn dangling_references_name_the_nearest() {
    let text = format!("{STATE}          - changeState:\n              targetStateRef: \"/workflow/states/state[Initial_01]\"\n");
    let d = errors(&text);
    let d = one(&d, crate::diag::Code::DanglingRef);
    assert_eq!(at(d), (10, 31));
    assert_eq!(d.help.as_deref(), Some("did you mean `Initial_10`?"));
}

#[test]
fn unknown_and_bot_actions_are_unsupported_but_load() {
    let text = format!(
        "{STATE}          - frobnicate:\n              name: F\n          - callVoiceFlow:\n              name: Ask\n          - endWorkflow:\n              colour: blue\n"
    );
    let (flow, diags) = load_with(&text, &Substitutions::default());
    let flow = flow.expect("unsupported does not stop loading");
    let unsupported: Vec<_> = diags
        .iter()
        .filter(|d| d.code == crate::diag::Code::NeedsStub && d.severity == Severity::Warning)
        .map(|d| (d.property.as_deref(), at(d)))
        .collect();
    // An unknown key and an action whose effect lies outside the conversation run from a stub.
    assert_eq!(unsupported, [(Some("frobnicate"), (9, 13)), (Some("callVoiceFlow"), (11, 13))]);
    let f = node(&flow, "Initial/F");
    assert_eq!(key(f), "unknownAction");
    assert_eq!(f.action.props[0].text().map(|t| &**t), Some("frobnicate"));
    assert_eq!(key(node(&flow, "Initial/Ask")), "callVoiceFlow");
    let w = one(&diags, crate::diag::Code::UnknownProperty);
    assert_eq!((w.severity, at(w)), (Severity::Warning, (14, 15)));
}

#[test]
fn required_properties_are_reported() {
    let text = format!("{STATE}          - playAudio:\n              name: Silent\n");
    let d = errors(&text);
    let d = one(&d, crate::diag::Code::MissingProperty);
    assert_eq!(
        (d.property.as_deref(), d.node.as_deref(), at(d)),
        (Some("audio"), Some("Initial/Silent"), (10, 15))
    );
}

#[test]
fn error_handling_is_read() {
    let text = format!(
        "{STATE}          - endWorkflow:\n  settingsErrorHandling:\n    errorHandling:\n      queue:\n        targetQueue:\n          lit:\n            name: Support\n    preHandlingAudio:\n      tts: Sorry\n"
    );
    let flow = ok(&text);
    match &flow.arch.error_handling {
        ErrorHandling::TransferToAcd { queue, audio } => {
            assert_eq!(queue.text().map(|t| &**t), Some("Support"));
            assert!(audio.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(flow.arch.containers[0].kind, ContainerKind::State);
}

#[test]
fn paths_written_inside_a_data_action_are_an_error_not_a_silent_drop() {
    // `outputs` belongs beside `category`; written under the data action's name, the actions
    // under it would never run, and flowsim would say nothing.
    let text = format!(
        "{STATE}          - callData:
              name: Lookup
              category:
                Web Services:
                  dataAction:
                    Get Balance:
                      inputs:
                        accountId:
                          lit: \"1\"
                      outputs:
                        success:
                          actions:
                            - endWorkflow:
                                name: Done
                      sucessOutputs: {{}}
                  colour: blue
          - dataTableLookup:
              name: Find
              lookupValue:
                lit: \"1\"
              dataTable:
                Rates:
                  foundOutputs: {{}}
                  outputs: {{}}
"
    );
    let (_, diags) = load_with(&text, &Substitutions::default());
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.code == crate::diag::Code::UnknownProperty)
        .map(|d| (d.severity, d.property.as_deref(), at(d)))
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Warning, Some("category.Web Services"), (24, 19)),
            (Severity::Error, Some("category.Web Services.dataAction.Get Balance"), (18, 23)),
            (Severity::Error, Some("category.Web Services.dataAction.Get Balance"), (23, 23)),
            (Severity::Error, Some("dataTable.Rates"), (32, 19)),
        ]
    );
    let misplaced = diags.iter().find(|d| at(d) == (18, 23)).unwrap();
    assert!(misplaced.message.contains("never run"), "{}", misplaced.message);
    assert!(misplaced.help.as_deref().unwrap().contains("move `outputs` out"));
    let misspelt = diags.iter().find(|d| at(d) == (23, 23)).unwrap();
    assert_eq!(
        misspelt.help.as_deref(),
        Some("did you mean `successOutputs`? The action ignores `sucessOutputs`, and a run would not read it")
    );
}
