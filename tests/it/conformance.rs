//! Conformance with Architect itself, on real flows (`../shared/corpus`, or `$FLOWSIM_CORPUS`).
//!
//! - Every line of `expressions.jsonl` (text an author typed, and the tree Architect parsed)
//!   parses, and gives Architect's tree, except the quirks of the oracle that the corpus README
//!   names (listed in [`QUIRKS`], each with its reason).
//! - The static checker infers Architect's result type (`type`) for the expressions, and finds
//!   no type error in any of them (they are all valid, published flows).
//! - Every `exp:` string of the Archy flows parses, after `{{key}}` placeholders are replaced.
//!
//! Each line is read as Architect read it. The export it came from (`i3/<source>`) records the
//! property's mode (`uiMetaData.mode`: 1 is literal text, 0 an expression) and the flow's
//! variables with their types: literal text becomes a literal of the property's type, and an
//! expression whose type differs from the property's gets Architect's implicit conversion
//! (`flowsim::expr::slot`, the same rules `flowsim expr parse --type --literal --declare` uses).
//!
//! Without the corpus every test here says so on stderr and returns: skipped, never passed.

use flowsim::expr::slot::{self, Mode};
use flowsim::expr::{self, Declarations, Ty};
use serde_json::Value as J;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The oracle's own quirks (corpus README): Architect renames a few built-ins in its tree.
/// (what the author wrote, lower-cased; what Architect's tree says; why they differ)
const QUIRKS: &[(&str, &str, &str)] = &[
    (
        "format.date.shortyear",
        "format.date.dateshortyear",
        "Architect renames the formatting constant Format.Date.shortYear to dateShortYear in \
         its tree; flowsim prints the name the author wrote",
    ),
    (
        "format.string.playchars",
        "format.string.stringplaychars",
        "Architect renames the formatting constant Format.String.playChars to stringPlayChars \
         in its tree; flowsim prints the name the author wrote",
    ),
];

/// The lowest share of expression-mode lines whose type the checker must get right: the
/// figure measured when the checker was written (see docs/expressions.md), as a floor.
const TYPE_AGREEMENT_FLOOR: f64 = 0.95;

/// A line of the test's report, on the process's stderr (the harness captures `println!`):
/// the counts show in every CI log.
macro_rules! report {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// The corpus, with its expressions (`expressions.jsonl`): the tests that read it are ignored
/// where it was missing when they were built, so here it must be there.
#[track_caller]
fn corpus() -> PathBuf {
    let dir = crate::support::corpus_dir();
    assert!(dir.join("expressions.jsonl").is_file(), "no expressions.jsonl in {}", dir.display());
    dir
}

/// What an Architect export tells about its expressions.
#[derive(Default)]
struct Export {
    /// The flow's variables and their types.
    declarations: Declarations,
    /// The same, as `--declare` flags of `flowsim expr parse`.
    flags: Vec<String>,
    /// (text, type code) → every mode the text appears with.
    modes: BTreeMap<(String, String), BTreeSet<i64>>,
}

/// Architect's variable classes and the types they hold.
fn variable_type(class: &str, collection: bool) -> Option<Ty> {
    let code = match class {
        "StringVariable" => "str",
        "IntegerVariable" => "int",
        "DecimalVariable" => "dec",
        "BoolVariable" | "BooleanVariable" => "bln",
        "DateVariable" => "dat",
        "TimeVariable" => "tim",
        "DateTimeVariable" => "dtm",
        "DurationVariable" => "dur",
        "QueueVariable" => "que",
        "UserVariable" => "usr",
        "JsonVariable" => "jsn",
        "PhoneNumberVariable" => "phn",
        "PromptVariable" => "pmt",
        "CommunicationVariable" => "com",
        _ => return None,
    };
    let ty = Ty::parse(code)?;
    Some(if collection { Ty::collection_of(ty.base) } else { ty })
}

fn read_export(path: &Path) -> Export {
    let text = std::fs::read_to_string(path).expect("the export reads");
    let json: J = serde_json::from_str(&text).expect("the export is JSON");
    let mut export = Export::default();
    walk(&json, &mut export);
    export
}

fn walk(v: &J, export: &mut Export) {
    match v {
        J::Object(o) => {
            if let (Some(J::String(class)), Some(J::String(name))) =
                (o.get("__type"), o.get("name"))
            {
                let collection = o.get("isCollection").and_then(J::as_bool).unwrap_or(false);
                if let Some(ty) = variable_type(class, collection) {
                    export.declarations.declare(name, ty);
                    export.flags.push(format!("--declare={name}={}", ty.code()));
                }
            }
            if let (Some(_), Some(J::String(text)), Some(J::String(ty))) =
                (o.get("config"), o.get("text"), o.get("type"))
            {
                // Audio sequences carry no mode: they are always expressions.
                let mode = o.get("uiMetaData").and_then(|m| m.get("mode")).and_then(J::as_i64);
                export
                    .modes
                    .entry((text.clone(), ty.clone()))
                    .or_default()
                    .insert(mode.unwrap_or(0));
            }
            o.values().for_each(|x| walk(x, export));
        }
        J::Array(items) => items.iter().for_each(|x| walk(x, export)),
        _ => {}
    }
}

struct Line {
    source: String,
    text: String,
    ty: String,
    sexpr: String,
}

fn lines(corpus: &Path) -> Vec<Line> {
    let text = std::fs::read_to_string(corpus.join("expressions.jsonl")).expect("readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let j: J = serde_json::from_str(l).expect("a JSON line");
            let s = |k: &str| j[k].as_str().expect("a string field").to_owned();
            Line { source: s("source"), text: s("text"), ty: s("type"), sexpr: s("sexpr") }
        })
        .collect()
}

/// The mode a line's property had: literal when the export only ever shows it as literal text
/// (mode 1, or 3: an empty value's placeholder).
fn mode_of(line: &Line, export: Option<&Export>) -> Mode {
    let modes = export.and_then(|e| e.modes.get(&(line.text.clone(), line.ty.clone())));
    match modes {
        Some(m) if !m.is_empty() && m.iter().all(|x| *x == 1 || *x == 3) => Mode::Literal,
        _ => Mode::Expression,
    }
}

/// The quirk that explains `got` differing from `want`, if one does.
fn quirk(got: &str, want: &str) -> Option<&'static str> {
    let mut fixed = got.to_owned();
    let mut reasons = Vec::new();
    for (written, architect, reason) in QUIRKS {
        if fixed.contains(written) {
            fixed = fixed.replace(written, architect);
            reasons.push(*reason);
        }
    }
    (fixed == want && !reasons.is_empty()).then(|| reasons[0])
}

#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn every_corpus_expression_parses_to_architects_tree() {
    let corpus = corpus();
    let lines = lines(&corpus);
    let mut exports: BTreeMap<String, Export> = BTreeMap::new();
    let (mut parsed, mut same, mut literal, mut converted) = (0, 0, 0, 0);
    let mut exceptions: Vec<(String, &str)> = Vec::new();
    let mut failures = Vec::new();
    let mut evaluated: BTreeMap<&str, usize> = BTreeMap::new();
    for line in &lines {
        let export = exports.entry(line.source.clone()).or_insert_with(|| {
            let path = corpus.join("i3").join(&line.source);
            if path.is_file() {
                read_export(&path)
            } else {
                Export::default()
            }
        });
        let mode = mode_of(line, Some(export));
        let ty = Ty::parse(&line.ty).unwrap_or(Ty::UNKNOWN);
        let tree = match slot::read(&line.text, mode, ty, &export.declarations) {
            Ok(tree) => tree,
            Err(e) => {
                failures.push(format!("does not parse: {:?}: {e}", line.text));
                continue;
            }
        };
        parsed += 1;
        // Issue 14 item 5: evaluated with every reference NOT_SET, no call is an unknown or
        // unsupported function.
        let outcome = match expr::eval(&tree, &mut NothingSet) {
            Ok(_) => "value",
            Err(e) => e.kind.as_str(),
        };
        if outcome == "unsupported" || outcome == "unknownFunction" {
            failures.push(format!("evaluates to {outcome}: {:?}", line.text));
        }
        *evaluated.entry(outcome).or_default() += 1;
        if mode == Mode::Literal {
            literal += 1;
        } else if expr::parse(&line.text).is_ok_and(|e| e.to_sexpr() != tree.to_sexpr()) {
            converted += 1;
        }
        let got = tree.to_sexpr();
        if got == line.sexpr {
            same += 1;
        } else if let Some(reason) = quirk(&got, &line.sexpr) {
            exceptions.push((line.text.clone(), reason));
        } else {
            failures.push(format!(
                "different tree: {:?}\n    flowsim:   {got}\n    Architect: {}",
                line.text, line.sexpr
            ));
        }
    }
    report!(
        "corpus: {} expressions; {parsed} parse; {same} give Architect's tree; {} exceptions \
         (named quirks); {literal} read as literal text, {converted} with an implicit conversion",
        lines.len(),
        exceptions.len(),
    );
    for (text, reason) in &exceptions {
        report!("  exception: {text:?}\n    reason: {reason}");
    }
    let shown: Vec<String> = evaluated.iter().map(|(k, n)| format!("{n} {k}")).collect();
    report!("corpus: evaluated with every reference NOT_SET: {}", shown.join(", "));
    assert!(failures.is_empty(), "{} line(s) disagree:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(parsed, lines.len());
    assert_eq!(same + exceptions.len(), lines.len());
}

#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn the_checker_infers_architects_types_and_finds_no_error_in_real_flows() {
    let corpus = corpus();
    let mut exports: BTreeMap<String, Export> = BTreeMap::new();
    let (mut total, mut agree, mut after_conversion) = (0, 0, 0);
    let mut errors = Vec::new();
    let mut disagreements = Vec::new();
    for line in lines(&corpus) {
        let export = exports.entry(line.source.clone()).or_insert_with(|| {
            let path = corpus.join("i3").join(&line.source);
            if path.is_file() {
                read_export(&path)
            } else {
                Export::default()
            }
        });
        if mode_of(&line, Some(export)) == Mode::Literal {
            continue; // the property's type, by definition
        }
        let tree = expr::parse(&line.text).expect("every expression parses (tested above)");
        total += 1;
        let property = Ty::parse(&line.ty).unwrap_or(Ty::UNKNOWN);
        match expr::infer(&tree, &export.declarations) {
            Ok(ty) if ty.code() == line.ty => {
                agree += 1;
                after_conversion += 1;
            }
            Ok(ty) => {
                // Architect reports the type after its implicit conversion to the property's.
                let converted = slot::convert(tree, property, &export.declarations);
                let again = expr::infer(&converted, &export.declarations);
                if again.is_ok_and(|t| t.code() == line.ty) {
                    after_conversion += 1;
                }
                disagreements.push(format!(
                    "{:?}: flowsim {}, Architect {}",
                    line.text,
                    ty.code(),
                    line.ty
                ));
            }
            Err(e) => errors.push(format!("{:?}: {e}", line.text)),
        }
    }
    let share = f64::from(agree) / f64::from(total.max(1));
    report!(
        "types: {agree} of {total} expressions ({:.1}%) infer Architect's result type from \
         their text and the export's declarations; {after_conversion} of {total} with \
         Architect's implicit conversion to the property's type",
        share * 100.0
    );
    for d in &disagreements {
        report!("  differs: {d}");
    }
    assert!(errors.is_empty(), "type errors in valid flows:\n{}", errors.join("\n"));
    assert!(share >= TYPE_AGREEMENT_FLOOR, "type agreement fell to {:.1}%", share * 100.0);
}

/// Every `exp:` value in a YAML document.
fn exp_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value as J;
    match v {
        J::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("exp", J::String(s)) => out.push(s.clone()),
                    _ => exp_strings(v, out),
                }
            }
        }
        J::Array(items) => items.iter().for_each(|x| exp_strings(x, out)),
        _ => {}
    }
}

/// An environment where nothing is set (every reference reads NOT_SET), at a fixed time.
struct NothingSet;

impl expr::Env for NothingSet {
    fn lookup(&mut self, _: &expr::Path, _: expr::Span) -> flowsim::expr::Value {
        flowsim::expr::Value::NotSet
    }

    fn now_ms(&self) -> i64 {
        1_767_225_600_000
    }
}

/// `{{key}}` placeholders, replaced as Archy replaces them: as plain text, before parsing.
fn substitute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        match rest[at..].find("}}") {
            Some(end) => {
                out.push_str(&rest[..at]);
                out.push_str("dummy");
                rest = &rest[at + end + 2..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn every_archy_expression_parses() {
    let corpus = corpus();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join("archy"))
        .expect("the archy folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let (mut count, mut failures) = (0, Vec::new());
    // Issue 14 item 5: each parsed expression is also evaluated (every reference NOT_SET, the
    // clock at 2026-01-01): no call may be an unknown or unsupported function.
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let text = substitute(&std::fs::read_to_string(file).expect("readable"));
        let doc = flowsim::util::yaml::to_json(&text)
            .unwrap_or_else(|e| panic!("{}: not YAML after substitution: {e}", file.display()));
        let mut exps = Vec::new();
        exp_strings(&doc, &mut exps);
        for e in exps {
            count += 1;
            match expr::parse(&e) {
                Err(err) => failures.push(format!("{}: {e:?}: {err}", file.display())),
                Ok(tree) => {
                    let kind = match expr::eval(&tree, &mut NothingSet) {
                        Ok(_) => "value".to_owned(),
                        Err(err) => err.kind.as_str().to_owned(),
                    };
                    if kind == "unsupported" || kind == "unknownFunction" {
                        failures.push(format!("{}: {e:?} evaluates to {kind}", file.display()));
                    }
                    *outcomes.entry(kind).or_default() += 1;
                }
            }
        }
    }
    let shown: Vec<String> = outcomes.iter().map(|(k, n)| format!("{n} {k}")).collect();
    report!(
        "archy: {count} exp strings in {} files; {} parse; evaluated with every reference NOT_SET: {}",
        files.len(),
        count - failures.len(),
        shown.join(", ")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 300, "only {count} exp strings found: is the corpus complete?");
}

/// `flowsim expr parse` prints exactly Architect's S-expression, and nothing else, for every
/// corpus line (with the line's mode, property type and declarations as flags).
#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn the_parse_command_prints_exactly_the_corpus_form() {
    let corpus = corpus();
    let mut exports: BTreeMap<String, Export> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in lines(&corpus) {
        let export = exports.entry(line.source.clone()).or_insert_with(|| {
            let path = corpus.join("i3").join(&line.source);
            if path.is_file() {
                read_export(&path)
            } else {
                Export::default()
            }
        });
        let mut args: Vec<String> = vec!["expr".into(), "parse".into()];
        if mode_of(&line, Some(export)) == Mode::Literal {
            args.push("--literal".into());
        }
        args.push(format!("--type={}", line.ty));
        args.extend(export.flags.iter().cloned());
        args.push("--".into());
        args.push(line.text.clone());
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .args(&args)
            .output()
            .expect("the binary runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let printed = stdout.strip_suffix('\n').unwrap_or(&stdout);
        checked += 1;
        if !out.status.success() || !out.stderr.is_empty() {
            failures.push(format!(
                "{:?}: exit {:?}: {}",
                line.text,
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        } else if printed != line.sexpr && quirk(printed, &line.sexpr).is_none() {
            failures
                .push(format!("{:?}: printed {printed:?}, Architect {:?}", line.text, line.sexpr));
        }
    }
    report!("flowsim expr parse: {checked} corpus lines, {} differ", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_parse_command_refuses_a_syntax_error_with_a_caret() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["expr", "parse", "Flow.x == "])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error[syntax]: unexpected end of expression: expected a value or a name\n   |\n   | Flow.x == \n   |           ^\n"
    );
}

/// Communication and audio values are displayable: a Say node shows their text, and a Set can
/// hold one. (Needs no corpus.)
#[test]
fn communication_and_audio_builders_play_in_a_say() {
    let flow = serde_json::json!({"name": "Media", "draft": {"startNode": "Keep", "nodes": {
        "Keep": {"type": "Set", "properties": {"setVars": [
            {"key": "Flow.wait", "value": {"type": "expression", "value": "MakeDuration(0, 0, 2, 5)"}},
            {"key": "Flow.msg", "value": {"type": "expression",
             "value": "MakeCommunication(\"Hello \", Flow.name, \".\")"}}
        ]}, "onComplete": {"nextNode": "Greet"}},
        "Greet": {"type": "Say", "properties": {"sayText": "{Flow.msg}"},
                  "onComplete": {"nextNode": "Wait"}},
        "Wait": {"type": "Say", "properties": {"sayText":
            "{AudioPlaybackOptions(Append(ToAudioBlank(100), ToAudioTTS(\"Your wait is about\"), ToAudioDuration(Flow.wait)), true)}"},
                 "onComplete": {"nextNode": "Sorry"}},
        "Sorry": {"type": "Say", "properties": {"sayText": "{ToAudio(PromptSystem.please_try_again)}"},
                  "onComplete": {"nextNode": "End"}},
        "End": {"type": "End"}
    }}});
    let text = flow.to_string();
    let report = flowsim::flow::Registry::from_sources([(Path::new("media.json"), text.as_str())]);
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    let registry = report.registry.expect("loads");
    let request = serde_json::from_value(serde_json::json!({
        "flowName": "Media", "variables": {"Flow.name": "Ann"}
    }))
    .expect("a request");
    let fixtures = flowsim::fixtures::FixtureStore::default();
    let result = flowsim::engine::Run::new(&registry, &fixtures, &request).result().expect("runs");
    let prompts: Vec<&str> = result.prompts.iter().map(|p| &*p.text).collect();
    assert_eq!(
        prompts,
        ["Hello Ann.", "Your wait is about 2 minutes 5 seconds", "[PromptSystem.please_try_again]"]
    );
    assert_eq!(result.variable("Flow.msg").map(|v| v.ty().name()), Some("Communication"));
}
