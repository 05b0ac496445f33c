//! The README cannot lie: its console examples run through trycmd, and its set-up command runs.

use crate::cli::flowsim;
use crate::support::root;

#[test]
fn readme_console_examples() {
    trycmd::TestCases::new()
        .register_bin("flowsim", trycmd::schema::Bin::Path(env!("CARGO_BIN_EXE_flowsim").into()))
        .case(root().join("README.md"))
        .case(root().join("docs/expressions.md"))
        .case(root().join("docs/dates-times-currency.md"))
        .case(root().join("docs/snapshots.md"))
        .case(root().join("docs/ci.md"));
}

/// The main job: the first set-up command, without cargo's build step.
#[test]
fn readme_setup_command_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run --locked --release -- "))
        .expect("the README shows the main job");
    let args: Vec<&str> =
        line["cargo run --locked --release -- ".len()..].split_whitespace().collect();
    let out = flowsim(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.ends_with("63 passed, 0 failed\n"), "{}", out.stdout);
    assert!(out.stdout.contains("total: nodes 128/128, edges 156/156"), "{}", out.stdout);
    assert!(readme.contains("\ncargo test --locked\n"), "the README shows the test command");
}
