//! One Diagnostic (issue 73): every refusal the CLI prints is a `flowsim::diag::Diagnostic`
//! (a code, a place, a message, help) rendered by the one renderer, never a hand-formatted
//! `error: ...` or `error[...]` text. The scan holds the class; the cases below hold the form a
//! user sees for refusals that once were hand-formatted.

use crate::cli::{flowsim, flowsim_in};
use crate::support::root;

/// Whether `line` (code, not a comment) holds a string literal that writes an error's head by
/// hand: one starting `error[` or `error: `, or with such a line inside (`\nerror: `).
fn hand_formatted(line: &str) -> bool {
    ["\"error[", "\"error: ", "\\nerror[", "\\nerror: "].iter().any(|w| line.contains(w))
}

/// No program source writes an error's head itself: a refusal is a `Refused` of diagnostics,
/// which `render::diagnostic` writes as `error[CODE]: MESSAGE`, its place and help.
#[test]
fn no_source_formats_an_error_by_hand() {
    // (file, why it may name the head): none of them makes an error.
    let allowed: &[(&str, &str)] = &[
        ("src/cli/color.rs", "the highlighter colours the head the renderer wrote"),
        ("src/cli/explain.rs", "`flowsim explain 'error[notSet]'` trims the head a user pasted"),
    ];
    let mut found = Vec::new();
    for (file, code) in crate::escapes::program_sources() {
        if allowed.iter().any(|(f, _)| *f == file) {
            continue;
        }
        for (i, line) in code.lines().enumerate() {
            let l = line.trim_start();
            if !l.starts_with("//") && hand_formatted(l) {
                found.push(format!("{file}:{}: {l}", i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "hand-formatted errors (refuse with `Refused::error(Code::..., message).help(...)`, \
         or `Refused::from(Diagnostic)`, which the one renderer prints):\n{}",
        found.join("\n")
    );
}

/// The scan sees each form a hand-formatted error took.
#[test]
fn the_scan_sees_a_planted_hand_formatted_error() {
    for planted in [
        r#"Err(Refused(format!("error: `{flag}` is bad\n")))"#,
        r#"format!("error[{}]: {e}\n  --> {}", Code::ProjectFile, f)"#,
        r#"format!("{head}\nerror: {m}")"#,
    ] {
        assert!(hand_formatted(planted), "{planted}");
    }
    assert!(!hand_formatted(r#"writeln!(out, "{level}[{}]: {}", d.code, d.message)"#));
}

/// `run --request` with a file that is not a run request: the place was written into the
/// text (`--> bad.json:2:14`, no line shown); now it is the diagnostic's, so the renderer shows
/// the line and a caret under the column.
#[test]
fn a_bad_request_file_is_placed_with_its_line_and_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"flowName\": \"Values\",\n  \"inputs\": [1,,]}\n",
    )
    .unwrap();
    let flows = root().join("fixtures/flows");
    let o = flowsim_in(
        dir.path(),
        &["run", "--flows", flows.to_str().unwrap(), "--request", "bad.json"],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.starts_with("error[badRequest]: the request is not a valid run request"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("  --> bad.json:2:14\n"), "{}", o.stderr);
    assert!(o.stderr.contains("   |   \"inputs\": [1,,]}\n   |              ^\n"), "{}", o.stderr);
    assert!(o.stderr.contains("   = help: see `flowsim docs results`"), "{}", o.stderr);
    // The place is said once, under the message, not again at its end as serde_json words it.
    assert!(!o.stderr.contains(" at line "), "{}", o.stderr);

    // A request cut short just after a newline: serde_json says column 0, a reader of
    // `file:line:column` counts from 1.
    std::fs::write(dir.path().join("cut.json"), "{\"flowName\": \"Values\",\n").unwrap();
    let o = flowsim_in(
        dir.path(),
        &["run", "--flows", flows.to_str().unwrap(), "--request", "cut.json"],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.starts_with(
            "error[badRequest]: the request is not a valid run request: EOF while parsing a value\n  --> cut.json:2:1\n"
        ),
        "{}",
        o.stderr
    );
}

/// A malformed flag was `error: ...` with no code; it is `badArgument`, which `flowsim explain`
/// explains, with its help.
#[test]
fn a_malformed_flag_is_refused_with_a_code() {
    let o = flowsim(&["run", "--flows", "fixtures/flows", "--input", "slot:x"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "error[badArgument]: `--input slot:x` is not slot:NAME=VALUE\n   = help: write it like `--input slot:Email=ann@example.com`\n"
    );
    let explained = flowsim(&["explain", "badArgument"]);
    assert_eq!(explained.code, 0, "{}", explained.stderr);
}

/// The project model's refusals (`--env` outside a project) are diagnostics, not texts the
/// crate formatted: the CLI renders them as every other.
#[test]
fn a_project_refusal_is_a_diagnostic_the_cli_renders() {
    let dir = tempfile::tempdir().unwrap();
    let o = flowsim_in(dir.path(), &["check", "--env", "prd"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "error[projectFile]: --env prd: there is no flowsim.toml in this directory or any above it\n   = help: run the command inside a project (`flowsim init` makes one), or drop --env\n"
    );
}

/// A command asked for a machine's form (`--format json`, `github`) that refuses writes the
/// refusal in that form on standard output too: the same diagnostic, so a program reading the
/// output learns why there is no report (and people still read it on standard error).
#[test]
fn a_refusal_is_written_in_the_machine_form_the_command_was_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("flowsim.toml"),
        "flows = [\"flows\"]\n[lint]\nbogus = \"warning\"\n",
    )
    .unwrap();
    for command in ["check", "test"] {
        let o = flowsim_in(dir.path(), &[command, "--format", "json"]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(
            o.stderr.starts_with("error[projectFile]: `bogus` is no diagnostic code"),
            "{}",
            o.stderr
        );
        let json: serde_json::Value = serde_json::from_str(&o.stdout).expect(&o.stdout);
        assert_eq!(json["ok"], false, "{json}");
        assert_eq!(json["refused"], true, "{json}");
        let d = &json["diagnostics"][0];
        assert_eq!(
            (d["code"].as_str(), d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
            (Some("projectFile"), Some("flowsim.toml"), Some(3), Some(1)),
            "{json}"
        );
        let o = flowsim_in(dir.path(), &[command, "--format", "github"]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert_eq!(
            o.stdout,
            "::error file=flowsim.toml,line=3,col=1,title=projectFile::`bogus` is no diagnostic code (help: `flowsim explain` lists every code)\n"
        );
    }
    // Text (the default) keeps standard output for the report: a refusal writes none there.
    let o = flowsim_in(dir.path(), &["check"]);
    assert_eq!((o.code, o.stdout.as_str()), (2, ""));
}

/// A flow's mistake is one diagnostic wherever it is met: `flowsim test`, which cannot run a
/// suite whose flows do not load, shows each of the flows' errors exactly as `flowsim check`
/// does (the flow, node and property on the place line, the expression with its caret under
/// the misspelt name), then the scenario file it could not run. It once flattened them into
/// `flow `X`: node `Y`: ...` with the file's line and a caret of the wrong width.
#[test]
fn test_shows_a_flows_mistakes_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(flowsim_in(dir.path(), &["init", "demo"]).code, 0);
    let project = dir.path().join("demo");
    let flow = project.join("flows/main_menu.yaml");
    let text = std::fs::read_to_string(&flow).unwrap();
    assert!(text.contains("exp: Flow.choice == \"1\""), "the starter flow changed: {text}");
    std::fs::write(
        &flow,
        text.replacen("exp: Flow.choice == \"1\"", "exp: Flow.choise == \"1\"", 1),
    )
    .unwrap();
    let check = flowsim_in(&project, &["check"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    let test = flowsim_in(&project, &["test"]);
    assert_eq!(test.code, 2, "{}{}", test.stdout, test.stderr);
    let findings = check.stdout.split("\n1 error(s)").next().unwrap();
    assert!(findings.contains("property `condition`"), "{findings}");
    assert!(findings.contains("   | Flow.choise == \"1\"\n   | ^^^^^^^^^^^\n"), "{findings}");
    assert!(
        test.stderr.starts_with(findings),
        "test's diagnostics:\n{}\ncheck's:\n{findings}",
        test.stderr
    );
    assert!(
        test.stderr.contains("its flows under flows do not load; its scenarios were not run"),
        "{}",
        test.stderr
    );
}

/// The same for a fixture's mistake: `flowsim test` shows it exactly as `flowsim check` does,
/// where in the file's data it is on the place line (`property `queues[0].availableAgents``);
/// it once put that at the front of the message instead. The JSON report keeps its one-line
/// message (`queues[0].availableAgents: expected ...`).
#[test]
fn test_shows_a_fixtures_mistakes_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(flowsim_in(dir.path(), &["init", "demo"]).code, 0);
    let project = dir.path().join("demo");
    let queues = project.join("fixtures/queues.yaml");
    let text = std::fs::read_to_string(&queues).unwrap();
    assert!(text.contains("availableAgents: 2,"), "the starter fixtures changed: {text}");
    std::fs::write(&queues, text.replacen("availableAgents: 2,", "availableAgents: two,", 1))
        .unwrap();
    let check = flowsim_in(&project, &["check"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    let findings = check.stdout.split("\n1 error(s)").next().unwrap();
    assert!(findings.contains("property `queues[0].availableAgents`"), "{findings}");
    let test = flowsim_in(&project, &["test"]);
    assert_eq!(test.code, 2, "{}{}", test.stdout, test.stderr);
    assert!(
        test.stderr.starts_with(findings),
        "test's diagnostics:\n{}\ncheck's:\n{findings}",
        test.stderr
    );
    let json = flowsim_in(&project, &["test", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let error = &report["report"]["fileErrors"][0];
    assert_eq!(
        error["message"],
        "queues[0].availableAgents: expected a whole number, found string \"two\"",
        "{error}"
    );
    assert_eq!(error["code"], "badPropertyType", "{error}");
}
