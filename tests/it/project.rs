//! The project file, `flowsim.toml`: found from any subfolder, every command works with no
//! path, flags win, environments, each code's level per path and per action, and a file that
//! does not read is refused with its place (docs/project.md).

use crate::cli::{flowsim, flowsim_in};
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A fresh `flowsim init` project.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = flowsim(&["init", s(dir.path())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    dir
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn inside_a_project_every_command_works_with_no_path_from_any_subfolder() {
    let dir = project();
    let tests = dir.path().join("tests");
    let o = flowsim_in(&tests, &["check"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("1 flow(s) under ../flows"), "{}", o.stdout);
    let o = flowsim_in(&tests, &["test"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("4 passed, 0 failed"), "{}", o.stdout);
    let o = flowsim_in(&tests, &["run", "Main Menu", "--input", "2", "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let result: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(result["status"], "transferred", "{}", o.stdout);
    // A flow named by its file, as the user types it.
    let o = flowsim_in(&tests, &["graph", "../flows/main_menu.yaml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Main Menu (inboundCall)"), "{}", o.stdout);
    let o = flowsim_in(dir.path(), &["run", "flows/main_menu.yaml", "--input", "1"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("To sales"), "{}", o.stdout);
    let o = flowsim_in(&tests, &["explore"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("transferred to Support"), "{}", o.stdout);
    let o = flowsim_in(&tests, &["mutate", "--max-mutants", "3", "--min-score", "0"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// `test` run from a subfolder says to run `flowsim snapshots ...`: run from the same folder
/// (or any other of the project), they find the snapshots `test` left.
#[test]
fn snapshots_from_any_subfolder_find_the_pending_snapshots_test_left() {
    let dir = project();
    let scenarios = dir.path().join("tests/main_menu.scenarios.yaml");
    edit(
        &scenarios,
        "  - name: caller presses 2 and reaches support\n",
        "  - name: caller presses 2 and reaches support\n    snapshot: path\n",
    );
    let flows = dir.path().join("flows");
    let o = flowsim_in(&flows, &["test"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("flowsim snapshots review"), "{}", o.stdout);
    let label = "../tests/main_menu.scenarios.yaml › caller presses 2 and reaches support\n";
    let o = flowsim_in(&flows, &["snapshots", "pending"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, label), "{}", o.stderr);
    let o = flowsim_in(&flows, &["snapshots", "accept"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.starts_with(&format!("accepted {label}")), "{}", o.stdout);
    let o = flowsim_in(&dir.path().join("fixtures"), &["test"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    // The steps' ways out named as `run` prints them: the outputs' names.
    let snap =
        dir.path().join("tests/__snapshots__/main_menu__caller-presses-2-and-reaches-support.snap");
    let snap = std::fs::read_to_string(snap).unwrap();
    assert!(snap.contains("Main Menu › Welcome/Ask \"Ask\" (collectInput) → success\n"), "{snap}");
    assert!(snap.contains("Main Menu › Welcome/Sales? \"Sales?\" (decision) → no\n"), "{snap}");
    assert!(!snap.contains("output["), "{snap}");
}

#[test]
fn diff_with_no_path_compares_the_project_flows_with_a_revision() {
    let dir = project();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git runs");
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "start"]);
    let o = flowsim_in(dir.path(), &["diff"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    edit(&dir.path().join("flows/main_menu.yaml"), "Connecting you now.", "One moment.");
    let o = flowsim_in(&dir.path().join("tests"), &["diff"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("One moment."), "{}", o.stdout);
    // The project's scenarios ran through both versions: the one that hears the prompt says so.
    assert!(
        o.stdout.contains("behaviour: 4 inputs, 1 behave differently")
            && o.stdout.contains("\"Connecting you now.\" → \"One moment.\""),
        "{}",
        o.stdout
    );
    let o = flowsim_in(dir.path(), &["diff", "HEAD"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
}

#[test]
fn flags_win_and_an_environment_changes_what_it_names() {
    let dir = project();
    let flow = dir.path().join("flows/main_menu.yaml");
    edit(&flow, "tts: Thank you for calling.", "tts: \"{{greeting}}\"");
    let toml = dir.path().join("flowsim.toml");
    edit(&toml, "[substitutions]\n", "[substitutions]\ngreeting = \"Hello\"\n");
    edit(
        &toml,
        "[env.after-hours]\n",
        "[env.after-hours]\nsubstitutions = { greeting = \"We are closed\" }\n",
    );
    let says = |args: &[&str]| {
        let mut all = vec!["run", "Main Menu", "--input", "timeout", "--format", "json"];
        all.extend_from_slice(args);
        let o = flowsim_in(dir.path(), &all);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        r["prompts"][0]["text"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(says(&[]), "Hello");
    assert_eq!(says(&["--env", "after-hours"]), "We are closed");
    assert_eq!(says(&["--env", "after-hours", "--sub", "greeting=Hi"]), "Hi");
    // --flows wins over the project's flows.
    let elsewhere = tempfile::tempdir().unwrap();
    let o = flowsim_in(dir.path(), &["check", "--flows", s(elsewhere.path())]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    let o = flowsim_in(dir.path(), &["check", "--env", "night"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("has no environment `night`"), "{}", o.stderr);
    assert!(o.stderr.contains("after-hours"), "{}", o.stderr);
}

#[test]
fn each_code_has_the_level_the_project_gives_it_per_path_and_per_action() {
    let dir = project();
    let flow = dir.path().join("flows/main_menu.yaml");
    edit(&flow, "exp: Flow.choice == \"2\"", "exp: Flow.choice == \"2\" or Flow.choice == 2");
    edit(
        &flow,
        "              name: Ask\n",
        "              name: Ask\n              colour: blue\n",
    );
    let o = flowsim_in(dir.path(), &["check"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("1 error(s), 1 warning(s)"), "{}", o.stdout);
    // The code's level for every file.
    let toml = dir.path().join("flowsim.toml");
    edit(&toml, "[lint]\n", "[lint]\nalwaysFalse = \"warning\"\n");
    let o = flowsim_in(dir.path(), &["check"]);
    // The finding is a warning, but it still stops the flows loading, and check says so
    // rather than print "ok" over flows `test` cannot run.
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("warning[alwaysFalse]"), "{}", o.stdout);
    assert!(o.stdout.contains("error[notLoaded]"), "{}", o.stdout);
    assert!(o.stdout.contains("1 error(s), 2 warning(s)"), "{}", o.stdout);
    // Per path: a later glob wins.
    edit(
        &toml,
        "# [lint.per-file.\"flows/legacy/**\"]\n# unreachableNode = \"ignore\"\n",
        "[lint.per-file.\"flows/*.yaml\"]\nunknownProperty = \"ignore\"\n",
    );
    let o = flowsim_in(&dir.path().join("tests"), &["check"]);
    assert!(o.stdout.contains("1 error(s), 1 warning(s)"), "{}", o.stdout);
    assert!(!o.stdout.contains("unknownProperty"), "{}", o.stdout);
    // On one action: a comment above it names the code.
    edit(&toml, "alwaysFalse = \"warning\"\n", "");
    edit(
        &flow,
        "                    - decision:\n                        name: Support?",
        "                    # flowsim: ignore alwaysFalse (the 2 is for the test)\n                    - decision:\n                        name: Support?",
    );
    let o = flowsim_in(dir.path(), &["check", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let codes: Vec<&str> =
        j["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    // Silenced there, and the comment's prose is no code; but the flows still do not load,
    // which `notLoaded` says at the silenced finding.
    assert_eq!(codes, ["notLoaded"], "{}", o.stdout);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
}

#[test]
fn a_project_file_that_does_not_read_is_refused_with_its_place_by_every_command_that_reads_it() {
    let dir = project();
    std::fs::write(
        dir.path().join("flowsim.toml"),
        "flows = \"flows\"\nfixture = [\"fixtures\"]\n[lint]\nunreachableNod = \"ignore\"\n",
    )
    .unwrap();
    for args in [&["check"][..], &["test"], &["run", "Main Menu"], &["graph"]] {
        let o = flowsim_in(&dir.path().join("flows"), args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("--> ../flowsim.toml:2:1"), "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("did you mean `fixtures`?"), "{}", o.stderr);
        assert!(o.stderr.contains("did you mean `unreachableNode`?"), "{}", o.stderr);
    }
    // A command that reads no project is not stopped by it.
    let o = flowsim_in(dir.path(), &["explain", "alwaysFalse"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    std::fs::write(dir.path().join("flowsim.toml"), "flows = [\n").unwrap();
    let o = flowsim_in(dir.path(), &["check"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("this is not TOML"), "{}", o.stderr);
}

#[test]
fn the_last_failures_are_kept_in_the_project_cache_whatever_the_folder() {
    let dir = project();
    edit(
        &dir.path().join("tests/main_menu.scenarios.yaml"),
        "\"Connecting you now.\"]",
        "\"Hold on.\"]",
    );
    let o = flowsim_in(&dir.path().join("tests"), &["test"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(dir.path().join(".flowsim/cache/last-failed.json").is_file());
    assert!(
        !dir.path().join("tests/.flowsim").exists(),
        "the cache is the project's, not the folder's"
    );
    let o = flowsim_in(&dir.path().join("flows"), &["test", "--last-failed"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("0 passed, 1 failed"), "{}", o.stdout);
    // `init` keeps the cache out of git.
    let ignore = std::fs::read_to_string(dir.path().join(".flowsim/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "cache/"), "{ignore}");
}

#[test]
fn a_scenario_file_that_names_no_flows_takes_the_project_s_and_its_environment() {
    let dir = project();
    edit(
        &dir.path().join("flows/main_menu.yaml"),
        "tts: Thank you for calling.",
        "tts: \"{{greeting}}\"",
    );
    let toml = dir.path().join("flowsim.toml");
    edit(&toml, "[substitutions]\n", "[substitutions]\ngreeting = \"Hello\"\n");
    edit(
        &toml,
        "[env.after-hours]\n",
        "[env.after-hours]\nsubstitutions = { greeting = \"Closed\" }\n",
    );
    let scenario = |greeting: &str| {
        format!(
            "scenarios:\n  - name: greets\n    flow: Main Menu\n    inputs: [timeout]\n    expect:\n      prompts: [\"{greeting}\", \"Press 1 for sales, 2 for support.\", \"Sorry, we did not get that. Goodbye.\"]\n"
        )
    };
    std::fs::write(dir.path().join("tests/hello.scenarios.yaml"), scenario("Hello")).unwrap();
    std::fs::write(dir.path().join("tests/closed.scenarios.yaml"), scenario("Closed")).unwrap();
    let o = flowsim_in(&dir.path().join("tests"), &["test", "hello.scenarios.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o =
        flowsim_in(dir.path(), &["test", "tests/closed.scenarios.yaml", "--env", "after-hours"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim_in(dir.path(), &["test", "tests/closed.scenarios.yaml"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
}

/// A run's warnings under a failing scenario take the project's levels too: a code set to
/// `ignore` is not shown there, as `check` does not show it.
#[test]
fn a_run_warning_the_project_ignores_is_not_shown_under_a_failing_scenario() {
    let dir = project();
    edit(
        &dir.path().join("flows/main_menu.yaml"),
        "  variables:\n",
        "  variables:\n    - queueVariable:\n        name: Flow.overflow\n        initialValue:\n          lit: {name: Overflow}\n",
    );
    edit(
        &dir.path().join("tests/main_menu.scenarios.yaml"),
        "      status: disconnected",
        "      status: transferred",
    );
    let warning = "warning orgMissing at Main Menu/initialGreeting: queue `Overflow`";
    let o = flowsim_in(dir.path(), &["test"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains(warning), "{}", o.stdout);
    edit(&dir.path().join("flowsim.toml"), "[lint]\n", "[lint]\norgMissing = \"ignore\"\n");
    let o = flowsim_in(dir.path(), &["test"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("expected status transferred, got disconnected"), "{}", o.stdout);
    assert!(!o.stdout.contains("orgMissing"), "{}", o.stdout);
}

#[test]
fn a_fixture_mistake_is_shown_once_at_its_line_and_column_by_check_and_test() {
    let dir = project();
    let root = dir.path();
    // Two scenario files read the project's fixtures: the mistake is still one error.
    std::fs::copy(
        root.join("tests/main_menu.scenarios.yaml"),
        root.join("tests/again.scenarios.yaml"),
    )
    .unwrap();
    let queues = root.join("fixtures/queues.yaml");
    let mut text = std::fs::read_to_string(&queues).unwrap();
    text.push_str("  - {id: q-vip, nmae: VIP, availableAgents: 1}\n");
    std::fs::write(&queues, &text).unwrap();
    let line = text.lines().count();
    for command in ["check", "test"] {
        let o = flowsim_in(root, &[command]);
        assert_eq!(o.code, if command == "check" { 1 } else { 2 }, "{}{}", o.stdout, o.stderr);
        let shown = format!("{}{}", o.stdout, o.stderr);
        assert_eq!(shown.matches("error[unknownKey]").count(), 1, "{command}: {shown}");
        assert_eq!(shown.matches("error[missingProperty]").count(), 1, "{command}: {shown}");
        assert!(shown.contains(&format!("fixtures/queues.yaml:{line}:17")), "{command}: {shown}");
        assert!(shown.contains(&format!("fixtures/queues.yaml:{line}:5")), "{command}: {shown}");
        assert!(shown.contains("                 ^^^^\n"), "a caret under `nmae`: {shown}");
    }
}
