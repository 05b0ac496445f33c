//! The promise of one project model: the language server shows, for every open document, what
//! `flowsim check --format json` and `flowsim test --lint --format json` print for the same
//! texts. A seeded driver opens a project (flows that call each other, a flow filled by the
//! project's substitutions, a scenario file that takes the project's flows, a project file with
//! levels), through a linked folder, and makes a few hundred edits without saving: typos, line
//! shifts, suppressions typed and deleted, renames, broken YAML, project-file edits. After each,
//! every published diagnostic (file, code, level, line, column) and every quick fix of the
//! edited file is compared with the command line's, run on the same texts written to a second
//! copy of the project. Any difference fails, naming the edit.
//!
//! `FLOWSIM_DIFF_EDITS` sets the number of edits (300), `FLOWSIM_DIFF_SEED` the seed, and
//! `FLOWSIM_DIFF_SERVER` another `flowsim` binary to serve (an earlier build, to count what it
//! got wrong; the command line is always this build's).

use super::lsp::Client;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The project's files, as the driver starts them.
fn files() -> Vec<(&'static str, String)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap();
    vec![
        (
            "flowsim.toml",
            "flows = [\"flows\"]\nfixtures = [\"data\"]\n\n[substitutions]\nflow_name = \"Greeting Line\"\ncompany = \"Acme\"\n\n[lint]\nneverAssigned = \"warning\"\n".to_owned(),
        ),
        ("flows/acme_main_ivr.yaml", read("fixtures/archy/flows/acme_main_ivr.yaml")),
        ("flows/customer_lookup.yaml", read("fixtures/archy/flows/customer_lookup.yaml")),
        ("flows/greeting.yaml", read("tests/data/archy-subs/greeting.yaml")),
        ("data/acme.yaml", read("fixtures/archy/data/acme.yaml")),
        (
            "tests/acme.scenarios.yaml",
            "# The project's flows, fixtures and substitutions: no `flows:` of its own.\nscenarios:\n  - name: balance\n    flow: Acme Main IVR\n    context: {startTime: \"2026-01-06T15:00:00Z\", from: \"+15551234567\"}\n    inputs: [\"1\", \"123456\"]\n    expect:\n      status: disconnected\n  - name: greeting\n    flow: Greeting Line\n    expect:\n      prompts: [Welcome to Acme.]\n".to_owned(),
        ),
    ]
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

/// One finding as both sides can tell it: file (relative), line, column, code, level.
type Finding = (String, usize, usize, String, String);

/// One edit of one file: its name and the new text.
fn edit(
    rng: &mut Rng,
    texts: &BTreeMap<String, String>,
    start: &BTreeMap<String, String>,
) -> (String, String, String) {
    let names: Vec<&String> = texts.keys().collect();
    let kind = rng.below(10);
    if kind == 9 {
        // A project-file edit: a level, a substitution, or (rarely) a mistake.
        let codes = [
            "unreachableNode",
            "neverAssigned",
            "undeclaredVariable",
            "unusedSuppression",
            "missingSubstitution",
            "unmockedDataAction",
        ];
        let levels = ["ignore", "warning", "error"];
        let mut text = "flows = [\"flows\"]\nfixtures = [\"data\"]\n\n[substitutions]\n".to_owned();
        match rng.below(4) {
            0 => text.push_str("flow_name = \"Greeting Line\"\n"),
            1 => text.push_str("flow_name = \"Greeting Line\"\ncompany = \"Acme Bank\"\n"),
            _ => text.push_str("flow_name = \"Greeting Line\"\ncompany = \"Acme\"\n"),
        }
        text.push_str("\n[lint]\n");
        for _ in 0..rng.below(3) {
            let code = rng.pick(&codes).unwrap();
            if !text.contains(code) {
                text.push_str(&format!("{code} = \"{}\"\n", rng.pick(&levels).unwrap()));
            }
        }
        if rng.below(12) == 0 {
            text.push_str("unreachableNod = \"ignore\"\n");
        }
        return ("flowsim.toml".into(), text, "a project-file edit".into());
    }
    let name = (*rng.pick(&names).unwrap()).clone();
    if name == "flowsim.toml" {
        return (name.clone(), start[&name].clone(), "the project file as it was".into());
    }
    let text = &texts[&name];
    let lines: Vec<&str> = text.lines().collect();
    let at = rng.below(lines.len());
    let join = |ls: Vec<String>| ls.join("\n") + "\n";
    let owned: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    match kind {
        0 => {
            // A typo in a name an expression reads.
            let candidates: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    lines[i].contains("Flow.")
                        || lines[i].contains("Task.")
                        || lines[i].contains("Common.")
                })
                .collect();
            let Some(&i) = rng.pick(&candidates) else {
                return (name.clone(), text.clone(), "nothing".into());
            };
            let mut ls = owned;
            let l = &ls[i];
            let dot =
                l.find("Flow.").or_else(|| l.find("Task.")).or_else(|| l.find("Common.")).unwrap();
            let after = l[dot..].find('.').unwrap() + dot + 1;
            let mut new = l.clone();
            new.insert(after + 1.min(l.len() - after), 'x');
            ls[i] = new;
            (name, join(ls), format!("a typo at line {}", i + 1))
        }
        1 => {
            let mut ls = owned;
            let line = if rng.below(2) == 0 { String::new() } else { "# a comment".to_owned() };
            ls.insert(at, line);
            (name, join(ls), format!("a line inserted at {}", at + 1))
        }
        2 => {
            // A suppression typed above an action (or a scenario).
            let candidates: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    lines[i].trim_start().starts_with("- ") && lines[i].trim_end().ends_with(':')
                })
                .collect();
            let Some(&i) = rng.pick(&candidates) else {
                return (name.clone(), text.clone(), "nothing".into());
            };
            let codes = [
                "unreachableNode",
                "neverAssigned",
                "undeclaredVariable",
                "unreachableNod",
                "unknownProperty",
            ];
            let indent = lines[i].len() - lines[i].trim_start().len();
            let mut ls = owned;
            ls.insert(
                i,
                format!("{}# flowsim: ignore {}", " ".repeat(indent), rng.pick(&codes).unwrap()),
            );
            (name, join(ls), format!("a suppression typed at {}", i + 1))
        }
        3 => {
            let candidates: Vec<usize> =
                (0..lines.len()).filter(|&i| lines[i].contains("flowsim: ignore")).collect();
            let Some(&i) = rng.pick(&candidates) else {
                return (name.clone(), text.clone(), "nothing".into());
            };
            let mut ls = owned;
            ls.remove(i);
            (name, join(ls), format!("a suppression deleted at {}", i + 1))
        }
        4 => {
            // A rename: the module its callers call, or a scenario's flow.
            let (from, to) = match rng.below(3) {
                0 => ("Customer Lookup", "Customer Lookups"),
                1 => ("Customer Lookups", "Customer Lookup"),
                _ => ("flow: Acme Main IVR", "flow: Acme Main IVRs"),
            };
            (name, text.replacen(from, to, 1), format!("`{from}` renamed"))
        }
        5 => {
            let mut ls = owned;
            ls.insert(at, "  - : [".to_owned());
            (name, join(ls), format!("broken YAML at {}", at + 1))
        }
        6 => {
            // A key misspelt.
            let candidates: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    lines[i].trim_start().starts_with(|c: char| c.is_ascii_lowercase())
                        && lines[i].contains(':')
                })
                .collect();
            let Some(&i) = rng.pick(&candidates) else {
                return (name.clone(), text.clone(), "nothing".into());
            };
            let mut ls = owned;
            let colon = ls[i].find(':').unwrap();
            ls[i].insert(colon, 'z');
            (name, join(ls), format!("a key misspelt at {}", i + 1))
        }
        _ => (name.clone(), start[&name].clone(), "back as it was".into()),
    }
}

/// The path of `uri` relative to one of `roots`.
fn relative(uri: &str, roots: &[&Path]) -> Option<String> {
    let path = uri.strip_prefix("file://")?;
    roots.iter().find_map(|r| path.strip_prefix(&format!("{}/", r.display())).map(str::to_owned))
}

/// `(line, column)` as the server clamps a place into `text`.
fn clamp(text: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let n = lines.len().max(1);
    let l = line.clamp(1, n);
    let len = lines.get(l - 1).map_or(0, |s| s.trim_end_matches('\r').chars().count());
    (l, column.clamp(1, len + 1))
}

fn level(severity: &str) -> String {
    if severity == "error" {
        "error".into()
    } else {
        "warning".into()
    }
}

/// What the command line finds in `dir`: `check`'s and the lint's findings (the lint's in
/// scenario files), by file; or, when the project file does not read, its mistakes' places.
fn cli(
    dir: &Path,
    texts: &BTreeMap<String, String>,
) -> (Vec<Finding>, Vec<(usize, usize, String)>) {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_flowsim")).args(args).current_dir(dir).output().unwrap()
    };
    let mut out = Vec::new();
    let mut fixes: Vec<(String, usize, usize, String, String)> = Vec::new();
    let check = run(&["check", "--format", "json"]);
    if check.status.code() == Some(2) {
        let err = String::from_utf8_lossy(&check.stderr);
        for place in err.split("--> flowsim.toml:").skip(1) {
            let mut parts = place.split(|c: char| !c.is_ascii_digit());
            let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(1);
            let column = parts.next().and_then(|l| l.parse().ok()).unwrap_or(1);
            out.push(("flowsim.toml".into(), line, column, "projectFile".into(), "error".into()));
        }
        assert!(err.contains("flowsim.toml"), "check refused for another reason: {err}");
        return (out, Vec::new());
    }
    let report: Value = serde_json::from_slice(&check.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&check.stdout)));
    for d in report["diagnostics"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap_or_default().trim_start_matches("./").to_owned();
        let text = texts.get(&file).map_or("", String::as_str);
        let (l, c) = clamp(
            text,
            d["line"].as_u64().unwrap_or(1) as usize,
            d["column"].as_u64().unwrap_or(1) as usize,
        );
        out.push((
            file.clone(),
            l,
            c,
            d["code"].as_str().unwrap().into(),
            level(d["severity"].as_str().unwrap()),
        ));
        if let Some(f) = d.get("fix") {
            fixes.push((
                file,
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize,
                f["old"].as_str().unwrap().to_owned(),
                f["new"].as_str().unwrap().to_owned(),
            ));
        }
    }
    let lint = run(&["test", "--lint", "--format", "json"]);
    let report: Value = serde_json::from_slice(&lint.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {} {}",
            String::from_utf8_lossy(&lint.stdout),
            String::from_utf8_lossy(&lint.stderr)
        )
    });
    for (list, severity) in [("fileErrors", "error"), ("warnings", "warning")] {
        for e in report["report"][list].as_array().into_iter().flatten() {
            let file = e["file"].as_str().unwrap_or_default();
            let file = flowsim::util::files::normalise(Path::new(file)).display().to_string();
            if !file.contains(".scenarios.") {
                continue;
            }
            let text = texts.get(&file).map_or("", String::as_str);
            let (l, c) = clamp(
                text,
                e["line"].as_u64().unwrap_or(1) as usize,
                e["column"].as_u64().unwrap_or(1) as usize,
            );
            let code = e["code"].as_str().unwrap_or("scenarioFile").to_owned();
            out.push((file, l, c, code, severity.into()));
        }
    }
    // Each fix as the server offers it: only where the text still reads what it replaces.
    let fixes = fixes
        .into_iter()
        .filter(|(file, line, column, old, _)| {
            let text = texts.get(file).map_or("", String::as_str);
            text.split('\n').nth(line - 1).is_some_and(|l| {
                l.chars().skip(column - 1).collect::<String>().starts_with(old.as_str())
            })
        })
        .map(|(file, line, column, _, new)| (line, column, format!("{file}:{new}")))
        .collect();
    (out, fixes)
}

#[test]
fn the_language_server_shows_what_check_and_lint_print_for_the_same_unsaved_texts() {
    let edits: usize =
        std::env::var("FLOWSIM_DIFF_EDITS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let seed: u64 =
        std::env::var("FLOWSIM_DIFF_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(20_261_129);
    let served = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(served.path()).unwrap().join("project");
    let start: BTreeMap<String, String> =
        files().into_iter().map(|(n, t)| (n.to_owned(), t)).collect();
    for (name, text) in &start {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    // The editor reaches the project through a link.
    let link = root.with_file_name("linked");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let copy = tempfile::tempdir().unwrap();
    let copy = std::fs::canonicalize(copy.path()).unwrap();
    let mut c = match std::env::var_os("FLOWSIM_DIFF_SERVER") {
        Some(bin) => Client::start_bin(Path::new(&bin), &link),
        None => Client::start(&link),
    };
    let mut texts = start.clone();
    let uri = |name: &str| format!("file://{}/{name}", link.display());
    for (name, text) in &texts {
        c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri(name), "languageId": "yaml", "version": 1, "text": text}}));
    }
    let mut published: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut rng = Rng(seed | 1);
    let mut mismatches = Vec::new();
    let mut compared = 0;
    let mut fixes_compared = 0;
    for step in 0..=edits {
        let what = if step == 0 {
            "the project as opened".to_owned()
        } else {
            let (name, text, what) = edit(&mut rng, &texts, &start);
            texts.insert(name.clone(), text.clone());
            c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri(&name), "version": step + 1}, "contentChanges": [{"text": text}]}));
            format!("{what} of {name}")
        };
        // A request sees every edit before it: the findings are published before its answer.
        let edited = texts
            .keys()
            .find(|n| what.ends_with(&format!("of {n}")))
            .cloned()
            .unwrap_or_else(|| "flows/acme_main_ivr.yaml".into());
        let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": uri(&edited)}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 100_000, "character": 0}}, "context": {"diagnostics": []}}));
        for m in c.seen.drain(..) {
            if std::env::var_os("FLOWSIM_DIFF_DEBUG").is_some() {
                eprintln!("{m}");
            }
            if m["method"] == "textDocument/publishDiagnostics" {
                let u = m["params"]["uri"].as_str().unwrap().to_owned();
                published.insert(u, m["params"]["diagnostics"].as_array().unwrap().clone());
            }
        }
        let mut lsp: Vec<Finding> = Vec::new();
        for (u, diags) in &published {
            if relative(u, &[&link]).is_none() && !diags.is_empty() {
                mismatches.push(format!("step {step} ({what}): findings published under {u}, not the URI the editor opened"));
            }
            let Some(file) = relative(u, &[&link, &root]) else { continue };
            for d in diags {
                let sev = if d["severity"] == 1 { "error" } else { "warning" };
                lsp.push((
                    file.clone(),
                    d["range"]["start"]["line"].as_u64().unwrap() as usize + 1,
                    d["range"]["start"]["character"].as_u64().unwrap() as usize + 1,
                    d["code"].as_str().unwrap().into(),
                    sev.into(),
                ));
            }
        }
        let lsp_fixes: Vec<(usize, usize, String)> = actions
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| {
                a["kind"] == "quickfix"
                    && a["title"].as_str().is_some_and(|t| t.starts_with("flowsim: replace"))
            })
            .flat_map(|a| {
                a["edit"]["changes"][uri(&edited)].as_array().cloned().unwrap_or_default()
            })
            .map(|e| {
                (
                    e["range"]["start"]["line"].as_u64().unwrap() as usize + 1,
                    e["range"]["start"]["character"].as_u64().unwrap() as usize + 1,
                    format!("{edited}:{}", e["newText"].as_str().unwrap()),
                )
            })
            .collect();
        // The command line, on the same texts written to a copy.
        let _ = std::fs::remove_dir_all(&copy);
        for (name, text) in &texts {
            let p = copy.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let (mut want, want_fixes) = cli(&copy, &texts);
        let mut want_fixes: Vec<_> = want_fixes
            .into_iter()
            .filter(|(_, _, f)| f.starts_with(&format!("{edited}:")))
            .collect();
        lsp.sort();
        want.sort();
        let mut got_fixes = lsp_fixes;
        got_fixes.sort();
        got_fixes.dedup();
        want_fixes.sort();
        want_fixes.dedup();
        if lsp != want {
            let only_lsp: Vec<_> = lsp.iter().filter(|f| !want.contains(f)).collect();
            let only_cli: Vec<_> = want.iter().filter(|f| !lsp.contains(f)).collect();
            mismatches.push(format!("step {step} ({what}): the server only {only_lsp:?}; the command line only {only_cli:?}"));
        }
        if got_fixes != want_fixes {
            mismatches.push(format!(
                "step {step} ({what}): quick fixes {got_fixes:?}, `check --fix` {want_fixes:?}"
            ));
        }
        compared += lsp.len();
        fixes_compared += want_fixes.len();
    }
    let status = c.shutdown();
    assert!(status.success());
    eprintln!(
        "{edits} edits, {compared} findings and {fixes_compared} quick fixes compared, {} mismatches",
        mismatches.len()
    );
    if let Some(n) = std::env::var("FLOWSIM_DIFF_SHOW").ok().and_then(|n| n.parse::<usize>().ok()) {
        for m in mismatches.iter().take(n) {
            eprintln!("{m}");
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {edits} edits disagree:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
