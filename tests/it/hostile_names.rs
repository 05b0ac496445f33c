//! Hostile names: a flow and a scenario file whose every name and value holds markup, quotes,
//! line breaks, workflow-command text, Markdown, an ANSI escape, control characters, CDATA and
//! comment ends, a script tag, a bidirectional override and XML's non-characters, through every
//! output format flowsim writes. Each output is read by a real parser where there is one
//! (quick-xml, serde_json), the GitHub workflow-command grammar, or a strict check of what its
//! reader would see (docs/security.md, "Every output escaped for its reader").

use crate::cli::{flowsim_in, Output};
use std::path::Path;

/// Everything a name should not be able to smuggle into an output.
const H: &str = "<>&\"' x\n::error file=a.rs::injected\r%0A %, | `code` *em* [l](u) \u{1b}[31mRED\u{1b}[0m \u{7}\u{8}\u{7f}\u{9b}2J ]]> --> </script><script>alert(1)</script> # ; ] [ @all $x$ \u{202e}rev \u{fffe}\u{ffff}";

/// The flow: its name, its nodes' names, a variable's name and a string value all hostile.
fn flow(value: &str) -> serde_json::Value {
    let n = |s: &str| format!("{s}{H}");
    serde_json::json!({
        "id": "hostile", "name": n("Hostile"), "type": "inbound",
        "draft": {"startNode": n("Say"), "nodes": {
            n("Say"): {"type": "Set", "properties": {"setVars": [
                {"key": n("Flow.v"), "value": {"type": "string", "value": format!("{value}{H}")}}
            ]}, "onComplete": {"nextNode": n("Check")}},
            n("Check"): {"type": "If", "properties": {"conditions": [
                {"expression": "Flow.x == 1", "nextNode": n("End")}
            ]}, "onComplete": {"nextNode": n("End")}},
            n("End"): {"type": "End", "properties": {}}
        }}
    })
}

/// A folder with the flow (and a second version of it, for `diff`) and a scenario file whose
/// scenarios, expectations and snapshot are hostile too. Both scenarios fail, with messages
/// quoting the names.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let write = |path: &str, v: serde_json::Value| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, serde_json::to_string_pretty(&v).expect("JSON")).expect("written");
    };
    write("flows/hostile.json", flow("val"));
    write("flows2/hostile.json", flow("changed"));
    // JSON is YAML: the names' control characters as JSON escapes.
    write(
        "h.scenarios.yaml",
        serde_json::json!({"flows": "flows", "scenarios": [
            {"name": format!("one{H}"), "flow": format!("Hostile{H}"), "snapshot": true,
             "expect": {"status": "completed", "variables": {format!("Flow.v{H}"): format!("other{H}")}}},
            {"name": format!("two{H}"), "flow": format!("Hostile{H}"),
             "expect": {"status": "failed", "path": [format!("Say{H}"), format!("End{H}")]}},
        ]}),
    );
    dir
}

#[track_caller]
fn run(dir: &Path, args: &[&str]) -> Output {
    let o = flowsim_in(dir, args);
    assert!(o.code == 0 || o.code == 1, "{args:?} exits {}: {}", o.code, o.stderr);
    o
}

/// Text for a terminal holds no character a name brought that a terminal would act on, and
/// no line that GitHub Actions would read as a workflow command.
#[track_caller]
fn assert_printable(what: &str, text: &str) {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}')
    };
    if let Some(c) = text.chars().find(|&c| bad(c)) {
        panic!("{what}: {c:?} reaches the terminal raw:\n{text}");
    }
    for line in text.lines() {
        assert!(!line.trim_start().starts_with("::"), "{what}: a workflow command: {line}");
    }
}

/// A terminal's text, coloured: the only escape sequences are flowsim's own colours.
#[track_caller]
fn assert_only_own_colours(what: &str, text: &str) {
    const OWN: [&str; 4] = ["\u{1b}[1;31m", "\u{1b}[1;32m", "\u{1b}[1;33m", "\u{1b}[0m"];
    let mut rest = text.to_owned();
    for own in OWN {
        rest = rest.replace(own, "");
    }
    assert!(rest.contains("\\u{1b}"), "{what}: the name's escape is shown");
    assert_printable(what, &rest);
}

/// An XML document that quick-xml reads to its end, with only characters XML 1.0 allows.
#[track_caller]
fn assert_xml(what: &str, text: &str) {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    if let Some(c) = text.chars().find(|&c| !allowed(c)) {
        panic!("{what}: {c:?} is no XML character");
    }
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                for a in e.attributes() {
                    a.unwrap_or_else(|err| panic!("{what}: an attribute: {err}"));
                }
            }
            Ok(quick_xml::events::Event::Empty(e)) => {
                for a in e.attributes() {
                    a.unwrap_or_else(|err| panic!("{what}: an attribute: {err}"));
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Text(t)) => {
                t.decode().unwrap_or_else(|err| panic!("{what}: text: {err}"));
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{what} is not XML at {}: {e}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0, "{what}: every element is closed");
}

#[track_caller]
fn assert_json(what: &str, text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON: {e}\n{text}"))
}

/// Every line is a workflow command of the runner's grammar (`::name k=v,k=v::message`):
/// properties hold no raw `%`-specials, `:` or `,`; the message no raw line break (a line is
/// one command). Returns the commands.
#[track_caller]
fn github_commands(text: &str) -> Vec<&str> {
    let mut commands = Vec::new();
    for line in text.lines().filter(|l| l.trim_start().starts_with("::")) {
        let body = &line[2..];
        let (head, message) = body.split_once("::").unwrap_or_else(|| panic!("no message: {line}"));
        let (name, props) = head.split_once(' ').unwrap_or((head, ""));
        assert!(["error", "warning", "notice"].contains(&name), "a command name: {line}");
        for prop in props.split(',').filter(|p| !p.is_empty()) {
            let (key, value) = prop.split_once('=').unwrap_or_else(|| panic!("k=v: {prop}"));
            assert!(
                ["file", "line", "col", "title", "endLine", "endColumn"].contains(&key),
                "{key}"
            );
            assert!(!value.contains([':', ',', '\r']), "an escaped property: {value}");
        }
        assert!(!message.contains('\r'), "an escaped message: {message}");
        assert!(!line.contains('\u{1b}'), "no escape sequence in the log: {line}");
        commands.push(line);
    }
    commands
}

#[test]
fn every_test_report_format_escapes_hostile_names() {
    let dir = folder();
    let d = dir.path();
    let human = run(d, &["test", "h.scenarios.yaml", "--color", "never"]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(human.stdout.contains("0 passed, 2 failed"), "{}", human.stdout);
    assert_printable("test (human)", &human.stdout);
    assert_printable("test (stderr)", &human.stderr);
    assert!(human.stdout.contains("\\u{1b}[31mRED"), "shown escaped: {}", human.stdout);

    let coloured = run(d, &["test", "h.scenarios.yaml", "--color", "always"]);
    assert!(coloured.stdout.contains("\u{1b}[1;31mFAIL\u{1b}[0m"), "{}", coloured.stdout);
    assert_only_own_colours("test (colour)", &coloured.stdout);

    let github = run(
        d,
        &[
            "test",
            "h.scenarios.yaml",
            "--format",
            "github",
            "--junit-out",
            "junit.xml",
            "--coverage-out",
            "coverage.json",
            "--coverage-cobertura",
            "cobertura.xml",
            "--coverage-lcov",
            "lcov.info",
            "--report",
            "report.html",
        ],
    );
    let commands = github_commands(&github.stdout);
    // One annotation per failure, on its expectation's line: the human report's failures.
    let failures = human.stdout.lines().filter(|l| l.starts_with("     h.scenarios.yaml:")).count();
    assert!(failures >= 2, "{}", human.stdout);
    assert_eq!(
        commands.len(),
        failures,
        "one annotation per failure, no other:\n{}",
        github.stdout
    );
    let read = |f: &str| std::fs::read_to_string(d.join(f)).expect(f);
    assert_xml("JUnit", &read("junit.xml"));
    assert_xml("Cobertura", &read("cobertura.xml"));
    assert_json("coverage JSON", &read("coverage.json"));
    for line in read("lcov.info").lines() {
        assert!(
            line.split_once(':').is_some() || line == "end_of_record",
            "an LCOV record: {line}"
        );
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
    let html = read("report.html");
    assert!(!html.to_ascii_lowercase().contains("<script"), "a name's script tag is text");
    assert!(!html.contains(['\u{1b}', '\u{fffe}']), "no control character or non-character");
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;"), "the name is shown, escaped");

    let json = run(d, &["test", "h.scenarios.yaml", "--format", "json"]);
    let report = assert_json("test --format json", &json.stdout);
    let names: Vec<&str> = report["report"]["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&format!("one{H}").as_str()), "JSON keeps the name exactly: {names:?}");
}

#[test]
fn every_run_and_check_format_escapes_hostile_names() {
    let dir = folder();
    let d = dir.path();
    let var = format!("Flow.w={H}");
    let text = run(d, &["run", "--flows", "flows", "hostile", "--var", &var]);
    assert_printable("run (text)", &text.stdout);
    assert!(text.stdout.starts_with("run Hostile<>&\"' x\n\\u{3a}:error"), "{}", text.stdout);
    for format in ["json", "json-pretty"] {
        let o = run(d, &["run", "--flows", "flows", "hostile", "--format", format, "--var", &var]);
        let result = assert_json(format, &o.stdout);
        assert_eq!(result["variables"]["Flow.w"], serde_json::json!(H), "{format}: exact");
    }
    let ndjson = run(d, &["run", "--flows", "flows", "hostile", "--format", "ndjson"]);
    for line in ndjson.stdout.lines() {
        assert_json("ndjson", line);
    }
    let check = run(d, &["check", "--flows", "flows"]);
    assert!(check.stdout.contains("neverAssigned"), "a warning naming the flow: {}", check.stdout);
    assert_printable("check (text)", &check.stdout);
    let check = run(d, &["check", "--flows", "flows", "--format", "json"]);
    assert_json("check --format json", &check.stdout);
    let check = run(d, &["check", "--flows", "flows", "--format", "github"]);
    assert_eq!(github_commands(&check.stdout).len(), check.stdout.lines().count(), "only commands");
    // A refusal quoting a name, on stderr.
    let refused = flowsim_in(d, &["run", "--flows", "flows", &format!("Nope{H}")]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert_printable("a refusal (stderr)", &refused.stderr);
}

#[test]
fn every_picture_and_diff_format_escapes_hostile_names() {
    let dir = folder();
    let d = dir.path();
    let svg = run(d, &["graph", "--flows", "flows", "--format", "svg"]);
    assert_xml("SVG", &svg.stdout);
    let dot = run(d, &["graph", "--flows", "flows", "--format", "dot"]);
    // Every quoted DOT string ends on its own line, and what is outside quotes is DOT's.
    for line in dot.stdout.lines() {
        let mut outside = String::new();
        let (mut quoted, mut escaped) = (false, false);
        for c in line.chars() {
            match (quoted, escaped, c) {
                (true, false, '\\') => escaped = true,
                (true, true, _) => escaped = false,
                (_, false, '"') => quoted = !quoted,
                (false, _, c) => outside.push(c),
                _ => {}
            }
        }
        assert!(!quoted, "a DOT string left open: {line}");
        assert!(!outside.contains(['<', '&', '|', '`', '\u{1b}']), "outside quotes: {outside}");
    }
    let mermaid = run(d, &["graph", "--flows", "flows", "--format", "mermaid"]);
    for line in mermaid.stdout.lines().skip_while(|l| !l.starts_with("flowchart")) {
        // Inside a label only Mermaid's entity codes and flowsim's own line markup.
        let labels: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        for label in labels {
            let mut own = label.to_owned();
            for tag in ["<br/>", "<small>", "</small>", "<i>", "</i>"] {
                own = own.replace(tag, "");
            }
            assert!(!own.contains(['<', '>', '&', '`', '|', '[', ']', '\u{1b}']), "{label}");
        }
        assert_eq!(line.matches('"').count() % 2, 0, "balanced quotes: {line}");
    }

    let markdown = run(d, &["diff", "flows", "flows2", "--format", "markdown"]);
    let md = &markdown.stdout;
    assert!(!md.contains(['\u{1b}', '\r', '\u{7}']), "no control character: {md}");
    let prose = without_code_spans(md);
    let raw_markup = prose.match_indices(['<', '&']).any(|(i, _)| !prose[..i].ends_with('\\'));
    assert!(!raw_markup, "every `<` and `&` outside code spans is escaped: {prose}");
    let unescaped_pipes =
        |l: &str| l.match_indices('|').filter(|(i, _)| !l[..*i].ends_with('\\')).count();
    for row in md.lines().filter(|l| l.starts_with('|')) {
        assert_eq!(unescaped_pipes(row), 5, "a row of four cells: {row}");
    }
    for line in md.lines() {
        assert!(!line.trim_start().starts_with("::"), "{line}");
    }
    assert!(md.contains("| Hostile\\<\\>\\&\"' x ::error"), "the name, escaped: {md}");
    let json = run(d, &["diff", "flows", "flows2", "--format", "json"]);
    assert_json("diff --format json", &json.stdout);
    let text = run(d, &["diff", "flows", "flows2"]);
    assert_printable("diff (text)", &text.stdout);
}

/// Markdown text without its code spans (whose text GitHub shows as it is, markup included):
/// a run of backticks (not escaped) up to the next run of as many.
fn without_code_spans(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(start) = rest.find('`') {
        if rest[..start].ends_with('\\') {
            // An escaped backtick is text.
            out.push_str(&rest[..=start]);
            rest = &rest[start + 1..];
            continue;
        }
        out.push_str(&rest[..start]);
        let fence = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let after = &rest[start + fence..];
        let close = after.char_indices().map(|(i, _)| i).find(|&i| {
            after[i..].starts_with(&"`".repeat(fence))
                && !after[i + fence..].starts_with('`')
                && (i == 0 || !after[..i].ends_with('`'))
        });
        let Some(i) = close else {
            out.push_str(&rest[start..]);
            return out;
        };
        rest = &after[i + fence..];
    }
    out.push_str(rest);
    out
}
