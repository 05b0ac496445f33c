//! pytest's and nextest's habits through the binary: `flowsim test --list` (what would run,
//! nothing run), `--last-failed` and `--failed-first` from the cache of the last run's
//! failures (`.flowsim/cache`, in the folder the command runs in).

use crate::cli::{flowsim_in, Output};
use crate::support::root;
use std::path::Path;

/// A scenario file `suite/menu.scenarios.yaml` in `dir` over the bundled flows and fixtures.
fn suite(dir: &Path, scenarios: &str) {
    let text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n{scenarios}",
        root().join("fixtures/flows").display(),
        root().join("fixtures/data").display()
    );
    std::fs::create_dir_all(dir.join("suite")).unwrap();
    std::fs::write(dir.join("suite/menu.scenarios.yaml"), text).unwrap();
}

/// A scenario that passes (`completed`) or fails (`failed`, which the run never is).
fn scenario(name: &str, status: &str, tags: &str) -> String {
    format!("  - name: {name}\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    tags: [{tags}]\n    expect: {{status: {status}}}\n")
}

#[track_caller]
fn test(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["test"];
    all.extend_from_slice(args);
    if !args.iter().any(|a| a.contains("suite")) {
        all.push("suite");
    }
    flowsim_in(dir, &all)
}

/// The PASS and FAIL lines of a report, in order.
fn marks(o: &Output) -> Vec<&str> {
    o.stdout.lines().filter(|l| l.starts_with("PASS ") || l.starts_with("FAIL ")).collect()
}

#[test]
fn list_prints_what_would_run_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut scenarios = scenario("press one", "completed", "smoke, menu");
    scenarios.push_str(&scenario("press one again", "completed", ""));
    scenarios
        .push_str("  - {name: snapshotted, flow: Inbound_Flow_A, snapshot: true, tags: smoke}\n");
    suite(dir.path(), &scenarios);
    let o = test(dir.path(), &["--list"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.stdout,
        "suite/menu.scenarios.yaml › press one  tags: smoke, menu\nsuite/menu.scenarios.yaml › press one again\nsuite/menu.scenarios.yaml › snapshotted  tags: smoke\n"
    );
    assert!(!dir.path().join("suite/__snapshots__").exists(), "nothing ran: no snapshot written");
    assert!(!dir.path().join(".flowsim").exists(), "nothing ran: nothing recorded");
    // The selection a run makes: --filter, --tags, --partition.
    assert_eq!(test(dir.path(), &["--list", "--filter", "AGAIN"]).stdout.lines().count(), 1);
    let smoke = test(dir.path(), &["--list", "--tags", "smoke"]).stdout;
    assert_eq!(smoke.lines().count(), 2, "{smoke}");
    let shard = test(dir.path(), &["--list", "--partition", "2/2"]).stdout;
    assert_eq!(shard, "suite/menu.scenarios.yaml › press one again\n");
    // JSON: file, name, tags and the line of each scenario's name.
    let o = test(dir.path(), &["--list", "--format", "json", "--tags", "smoke"]);
    let listed: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        listed,
        serde_json::json!([
            {"file": "suite/menu.scenarios.yaml", "name": "press one", "tags": ["smoke", "menu"], "line": 4},
            {"file": "suite/menu.scenarios.yaml", "name": "snapshotted", "tags": ["smoke"], "line": 14}
        ])
    );
}

#[test]
fn list_refuses_a_file_that_does_not_read_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    suite(dir.path(), "  - name: a\n    flow: F\n    expect: {stauts: completed}\n");
    let o = test(dir.path(), &["--list"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("suite/menu.scenarios.yaml:6:"), "{}", o.stderr);
    assert!(o.stderr.contains("stauts"), "{}", o.stderr);
    // Listing is not running: the report options do not go with it.
    let o = test(dir.path(), &["--list", "--junit-out", "x.xml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
}

#[test]
fn last_failed_runs_the_failures_of_the_last_run_then_everything_once_they_pass() {
    let dir = tempfile::tempdir().unwrap();
    let three = |b: &str| {
        let mut s = scenario("a", "completed", "");
        s.push_str(&scenario("b", b, ""));
        s.push_str(&scenario("c", "completed", ""));
        s
    };
    suite(dir.path(), &three("failed"));
    // Nothing recorded yet: every scenario runs, and pytest's words say why.
    let o = test(dir.path(), &["--last-failed"]);
    assert_eq!(o.code, 1);
    assert_eq!(marks(&o).len(), 3);
    assert!(o.stdout.contains("--last-failed: no recorded failures, so every scenario ran"));
    let cache = dir.path().join(".flowsim/cache/last-failed.json");
    assert!(cache.is_file(), "the failures are recorded");

    let o = test(dir.path(), &["--last-failed"]);
    assert_eq!(o.code, 1);
    assert_eq!(marks(&o), ["FAIL suite/menu.scenarios.yaml › b"]);
    assert!(o.stdout.contains(
        "--last-failed: ran the 1 scenario(s) that failed last time; 2 that passed were not run"
    ));
    // The same file named another way is the same key.
    let o = test(dir.path(), &["--last-failed", "./suite/menu.scenarios.yaml"]);
    assert_eq!(marks(&o), ["FAIL ./suite/menu.scenarios.yaml › b"]);
    // JSON says it too.
    let o = test(dir.path(), &["--last-failed", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        json["report"]["rerun"],
        serde_json::json!({"mode": "lastFailed", "failed": 1, "leftOut": 2})
    );

    // Fixed: it passes, is forgotten, and the next --last-failed runs everything.
    suite(dir.path(), &three("completed"));
    let o = test(dir.path(), &["--last-failed"]);
    assert_eq!((o.code, marks(&o)), (0, vec!["PASS suite/menu.scenarios.yaml › b"]));
    let o = test(dir.path(), &["--last-failed"]);
    assert_eq!(marks(&o).len(), 3);
    assert!(o.stdout.contains("no recorded failures"), "{}", o.stdout);
}

#[test]
fn a_failure_not_run_this_time_stays_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = scenario("a", "failed", "");
    s.push_str(&scenario("b", "failed", ""));
    suite(dir.path(), &s);
    assert_eq!(test(dir.path(), &[]).code, 1);
    // `a` is fixed and run alone; `b` did not run, so it is still a failure of the last run.
    let mut s = scenario("a", "completed", "");
    s.push_str(&scenario("b", "failed", ""));
    suite(dir.path(), &s);
    assert_eq!(test(dir.path(), &["--filter", "› a"]).code, 0);
    let o = test(dir.path(), &["--last-failed"]);
    assert_eq!(marks(&o), ["FAIL suite/menu.scenarios.yaml › b"]);
}

#[test]
fn failed_first_starts_the_failures_first_and_reports_in_the_suites_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = scenario("a", "completed", "");
    s.push_str(&scenario("b", "completed", ""));
    s.push_str(&scenario("z fails", "failed", ""));
    suite(dir.path(), &s);
    let plain = test(dir.path(), &[]);
    let first = test(dir.path(), &["--failed-first"]);
    assert_eq!(marks(&first), marks(&plain), "the report keeps the suite's order");
    assert!(first
        .stdout
        .contains("--failed-first: the 1 scenario(s) that failed last time started first"));
    // It did start first: with --fail-fast, the two after it in its order are not run.
    let o = test(dir.path(), &["--failed-first", "--fail-fast"]);
    assert_eq!(marks(&o), ["FAIL suite/menu.scenarios.yaml › z fails"]);
    assert!(o.stdout.contains("2 scenario(s) not run after the first failure"), "{}", o.stdout);
    let o = test(dir.path(), &["--fail-fast"]);
    assert_eq!(marks(&o).len(), 3, "without it, the stable order: the failure is last");
}

#[test]
fn a_corrupt_or_foreign_cache_is_ignored_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = scenario("a", "completed", "");
    s.push_str(&scenario("b", "failed", ""));
    suite(dir.path(), &s);
    let cache = dir.path().join(".flowsim/cache/last-failed.json");
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    for junk in [
        "{\"format\": \"flowsim-last-",
        "{\"format\": \"pytest\", \"failed\": []}",
        "\u{0}\u{1}",
        "[1, 2]",
    ] {
        std::fs::write(&cache, junk).unwrap();
        let o = test(dir.path(), &["--last-failed"]);
        assert_eq!(o.code, 1, "{}", o.stderr);
        assert_eq!(marks(&o).len(), 2, "every scenario ran: {}", o.stdout);
        let warnings: Vec<&str> = o.stderr.lines().filter(|l| l.contains("cache")).collect();
        assert_eq!(warnings.len(), 1, "{}", o.stderr);
        assert!(warnings[0].starts_with("warning: ignoring the cache file"), "{}", o.stderr);
        // Rewritten whole: the next run reads it.
        let o = test(dir.path(), &["--last-failed"]);
        assert_eq!(marks(&o), ["FAIL suite/menu.scenarios.yaml › b"], "{}", o.stderr);
        assert!(o.stderr.is_empty(), "{}", o.stderr);
    }
}

#[test]
#[cfg(unix)]
fn the_cache_is_never_written_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    suite(dir.path(), &scenario("b", "failed", ""));
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(".flowsim")).unwrap();
    let o = test(dir.path(), &[]);
    assert_eq!(o.code, 1, "the run's own result: {}", o.stderr);
    assert!(o.stderr.contains("warning: cannot record the failures"), "{}", o.stderr);
    assert!(o.stderr.contains("symbolic link"), "{}", o.stderr);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0, "nothing written there");
}
