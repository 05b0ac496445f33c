//! No panic on any text (docs/security.md, "Classes closed"): every subcommand's text inputs
//! (expressions, names, paths, scenario fields, flow names and property values) fed multi-byte,
//! combining, right-to-left and control characters. Most cases call the library (the parsers,
//! the checker, the loaders, the printers); a handful spawn the binary, whose exit code must
//! be 0, 1 or 2.

use crate::cli::flowsim_in;
use proptest::prelude::*;
use std::path::Path;

/// Characters that break byte-index arithmetic and column counting: two-, three- and
/// four-byte characters, a combining mark, right-to-left text and marks, zero-width and BOM,
/// control characters, and the ASCII an expression is made of.
const HOSTILE: &[&str] = &[
    "é",
    "名前",
    "𝄞",
    "😀",
    "e\u{301}",
    "\u{5d0}\u{5d1}",
    "\u{202e}",
    "\u{200f}",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "\u{1b}[2J",
    "\t",
    "\r\n",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\"",
    "'",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ".",
    ",",
    "Flow.",
    "==",
    " ",
    "\\",
    "$",
    "{{",
    "}}",
    "#",
    ":",
    "-",
    "Append(",
    "1",
    "ToString(",
    "Call.Ani",
];

fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(HOSTILE), 0..12).prop_map(|p| p.concat())
}

/// A JSON flow named `name` whose Set node writes the expression `text` and whose If tests it.
fn json_flow(name: &str, text: &str) -> String {
    serde_json::json!({"id": name, "name": name, "type": "inbound",
        "variables": [{"name": "Flow.x", "type": "boolean"}],
        "draft": {"startNode": name, "nodes": {
            name: {"type": "Set", "properties": {"setVars": [{"key": "Flow.x",
                "value": {"type": "expression", "value": text}}]},
                "onComplete": {"nextNode": "If"}},
            "If": {"type": "If", "properties": {"conditions": [{"expression": text, "nextNode": "End"}],
                "defaultNextNode": "End"}},
            "End": {"type": "End"}}}})
    .to_string()
}

/// An Archy flow named `name` whose decision reads `text` and whose prompt says it.
fn archy_flow(name: &str, text: &str) -> String {
    let q = serde_json::to_string(name).unwrap_or_default();
    let t = serde_json::to_string(text).unwrap_or_default();
    format!(
        "inboundCall:\n  name: {q}\n  division: Home\n  startUpRef: \"/inboundCall/tasks/task[T_0]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  variables:\n    - stringVariable:\n        name: Flow.x\n  tasks:\n    - task:\n        name: {q}\n        refId: T_0\n        actions:\n          - decision:\n              name: {q}\n              condition:\n                exp: {t}\n          - playAudio:\n              name: P\n              audio:\n                tts: {t}\n          - disconnect:\n              name: {q}\n"
    )
}

/// A scenario file of one scenario named `name`, whose fields carry `text`.
fn scenario_file(flow: &str, name: &str, text: &str) -> String {
    serde_json::json!({"flows": ["flows"], "scenarios": [{"name": name, "flow": flow,
        "inputs": [text], "variables": {"Flow.x": text},
        "expect": {"status": text, "prompts": [text], "variables": {"Flow.x": text}}}]})
    .to_string()
}

/// Every library entry the text reaches: the expression parser, printer, checker and
/// evaluator (`expr parse/check/eval`), templates, the flow loaders and their checks (flow
/// names, node names, property values; diagnostics placed with carets), the diagrams, and the
/// scenario reader.
fn through_the_library(name: &str, text: &str) {
    flowsim::fuzzing::expr_parse(text.as_bytes());
    let env = flowsim::expr::Declarations::default().complete();
    let _ = flowsim::expr::verdict::verdict(text, &env);
    if let Ok(tree) = flowsim::expr::parse(text) {
        let _ = flowsim::expr::verdict::unverified(&tree);
    }
    for (file, flow) in [("f.json", json_flow(name, text)), ("f.yaml", archy_flow(name, text))] {
        let report = flowsim::flow::Registry::from_sources([(Path::new(file), flow.as_str())]);
        for d in &report.diagnostics {
            let _ = format!("{d:?}");
        }
        if let Some(reg) = &report.registry {
            for f in reg.flows() {
                if let Some(g) = flowsim::view::build(reg, f, flowsim::flow::Version::Draft) {
                    for format in [
                        flowsim::view::GraphFormat::Mermaid,
                        flowsim::view::GraphFormat::Dot,
                        flowsim::view::GraphFormat::Svg,
                    ] {
                        let _ = flowsim::view::render(&g, format);
                    }
                }
            }
        }
    }
    let file = scenario_file(name, name, text);
    let _ = flowsim::harness::scenario::ScenarioFile::parse(Path::new("s.scenarios.json"), &file);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_through_the_library_never_panics(name in hostile(), text in hostile()) {
        through_the_library(&name, &text);
    }
}

/// Characters the seeds above are drawn from, each alone and together, through the library.
#[test]
fn each_hostile_character_through_the_library_never_panics() {
    // The flows are ones that load: what the cases vary is only their text.
    for (file, flow) in [
        ("f.json", json_flow("Plain", "Flow.x == true")),
        ("f.yaml", archy_flow("Plain", "Flow.x == \"a\"")),
    ] {
        let report = flowsim::flow::Registry::from_sources([(Path::new(file), flow.as_str())]);
        assert!(report.registry.is_some(), "{file}: {:?}", report.diagnostics);
    }
    for s in HOSTILE {
        through_the_library(s, s);
        through_the_library(&format!("a{s}"), &format!("Flow.{s}"));
    }
    through_the_library(&HOSTILE.concat(), &HOSTILE.concat());
}

/// A handful through the binary: each subcommand's text inputs, exit code 0, 1 or 2 (and no
/// panic, which `flowsim_in` asserts).
#[test]
fn hostile_text_through_every_subcommand_exits_0_to_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // An expression that checks (the flows load), and one that does not.
    let text = "ToString(Flow.x) == \"e\u{301}\u{5d0}\u{202e}\u{1b}[2J😀名前\"";
    let bad = "Flow.名前 == \"e\u{301}\u{5d0}\u{202e}\" + ToString(𝄞)";
    let name = "Ca\u{301}ll \u{5d0}\u{5d1} 名前 😀\u{202e}";
    std::fs::create_dir_all(d.join("flows")).unwrap();
    std::fs::write(d.join("flows/a.json"), json_flow(name, text)).unwrap();
    std::fs::write(d.join("flows/b.yaml"), archy_flow(&format!("{name} B"), text)).unwrap();
    std::fs::write(d.join("名前 😀.scenarios.json"), scenario_file(name, name, text)).unwrap();
    let runs: [&[&str]; 14] = [
        &["expr", "check", text],
        &["expr", "check", bad],
        &["expr", "eval", bad],
        &["expr", "check", "Flow.名前"],
        &["expr", "eval", text],
        &["expr", "parse", text],
        &["run", "--flows", "flows", "--flow", name],
        &["run", name, "--flows", "flows"],
        &["check", "--flows", "flows"],
        &["graph", name, "--flows", "flows", "--format", "svg"],
        &["explain", name],
        &["schema", name],
        &["test", "名前 😀.scenarios.json", "--flows", "flows"],
        &["check", "--flows", "名前\u{202e}/\u{0301}missing"],
    ];
    let mut codes = Vec::new();
    for args in runs {
        let o = flowsim_in(d, args);
        assert!((0..=2).contains(&o.code), "flowsim {args:?}: exit {}\n{}", o.code, o.stderr);
        codes.push(o.code);
    }
    // The flows load and the hostile names find them: not every command refuses its input.
    assert!(codes.iter().filter(|&&c| c == 0).count() >= 3, "{codes:?}");
}

/// The class held mechanically: the crates that parse, check and print user text deny
/// `clippy::string_slice` (a `&s[a..b]` that panics when a bound falls inside a character),
/// which CI's `cargo clippy --all-targets -- -D warnings` enforces; and each slice allowed
/// because its bounds are provably character boundaries says why on the line above it.
#[test]
fn the_crates_that_read_user_text_deny_byte_index_slicing() {
    const DENY: &str = "#![cfg_attr(not(test), deny(clippy::string_slice))]";
    const CRATES: [&str; 3] = ["flowsim-core", "flowsim-expr", "flowsim-flow"];
    let root = crate::support::root();
    for name in CRATES {
        let lib =
            std::fs::read_to_string(root.join("crates").join(name).join("src/lib.rs")).unwrap();
        assert!(lib.lines().any(|l| l.trim() == DENY), "{name}'s lib.rs lacks `{DENY}`");
        let mut files = Vec::new();
        let mut todo = vec![root.join("crates").join(name).join("src")];
        while let Some(dir) = todo.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    todo.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if line.contains("allow(clippy::string_slice)") {
                    let reason = i.checked_sub(1).map(|k| lines[k].trim_start());
                    assert!(
                        reason.is_some_and(|r| r.starts_with("//")),
                        "{}:{}: an allowed slice says why its bounds are character boundaries on the line above",
                        file.display(),
                        i + 1
                    );
                }
                assert!(
                    !line.trim_start().starts_with("#![allow(clippy::string_slice"),
                    "{}: a whole module allows string slicing",
                    file.display()
                );
            }
        }
    }
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(
        ci.contains("cargo clippy --locked --all-targets -- -D warnings"),
        "CI runs clippy with -D warnings"
    );
}
