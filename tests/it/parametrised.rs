//! Parametrised scenarios (pytest's `parametrize`) through the binary: one scenario over a
//! table of cases, each case named, run and reported on its own; mistakes in the table are
//! load errors with their file, line and column.

use crate::cli::{flowsim_in, Output};
use crate::support::root;
use std::path::Path;

/// `dir/menu.scenarios.yaml` over the bundled flows and fixtures.
fn suite(dir: &Path, scenarios: &str) {
    let text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n{scenarios}",
        root().join("fixtures/flows").display(),
        root().join("fixtures/data").display()
    );
    std::fs::write(dir.join("menu.scenarios.yaml"), text).unwrap();
}

#[track_caller]
fn test(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["test", "menu.scenarios.yaml"];
    all.extend_from_slice(args);
    flowsim_in(dir, &all)
}

/// Inbound_Flow_A's menu: 1 goes to the support queue; anything else to no queue.
const TABLE: &str = r#"  - name: "digit {digit} routes to {queue}"
    flow: Inbound_Flow_A
    cases:
      - {digit: "1", queue: q-support}
      - {digit: "2", queue: q-support}
    inputs: ["{digit}"]
    expect: {route: {queueId: "{queue}"}}
"#;

#[test]
fn each_case_is_named_run_and_reported_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    suite(dir.path(), TABLE);
    let junit = dir.path().join("junit.xml");
    let o = test(dir.path(), &["--junit-out", junit.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("PASS menu.scenarios.yaml › digit 1 routes to q-support\n"));
    assert!(o.stdout.contains("FAIL menu.scenarios.yaml › digit 2 routes to q-support\n"));
    assert!(o.stdout.contains("1 passed, 1 failed"), "{}", o.stdout);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("name=\"digit 1 routes to q-support\""), "{xml}");
    assert!(xml.contains("name=\"digit 2 routes to q-support\""), "{xml}");
    let o = test(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let names: Vec<&str> = json["report"]["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["digit 1 routes to q-support", "digit 2 routes to q-support"]);
    // --filter matches a case's name; --list places each case on its own line.
    let o = test(dir.path(), &["--filter", "digit 1"]);
    assert_eq!((o.code, o.stdout.matches("PASS").count()), (0, 1), "{}", o.stdout);
    let o = test(dir.path(), &["--list", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(listed[0]["line"], 7);
    assert_eq!(listed[1]["line"], 8);
}

#[test]
fn a_name_without_placeholders_takes_the_case_values_as_its_id() {
    let dir = tempfile::tempdir().unwrap();
    // A whole-string placeholder keeps its value's type: `maxSteps: 3` stops the run.
    suite(
        dir.path(),
        "  - name: menu\n    flow: Inbound_Flow_A\n    cases:\n      - {digit: \"1\", steps: 50, status: completed}\n      - {digit: \"1\", steps: 3, status: stepLimit}\n    inputs: [\"{digit}\"]\n    maxSteps: \"{steps}\"\n    expect: {status: \"{status}\"}\n",
    );
    let o = test(dir.path(), &[]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("PASS menu.scenarios.yaml › menu[1-50-completed]\n"), "{}", o.stdout);
    assert!(o.stdout.contains("PASS menu.scenarios.yaml › menu[1-3-stepLimit]\n"), "{}", o.stdout);
}

#[test]
fn archys_double_braces_are_never_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    suite(
        dir.path(),
        "  - name: \"{{env}} menu {digit}\"\n    flow: Inbound_Flow_A\n    cases: [{digit: \"1\"}]\n    inputs: [\"{digit}\"]\n",
    );
    let o = test(dir.path(), &["--list"]);
    assert_eq!(o.stdout, "menu.scenarios.yaml › {{env}} menu 1\n", "{}", o.stderr);
}

#[test]
fn mistakes_in_the_table_are_load_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "      - {digit: \"1\", queue: q}\n      - {digit: \"2\"}\n",
            "menu.scenarios.yaml:8:9",
            "case 2 gives no value for `{queue}` (used at line 4 column 11)",
        ),
        (
            "      - {digit: \"1\", queue: q, extra: x}\n",
            "menu.scenarios.yaml:7:32",
            "case 1 gives `extra`, which no placeholder uses (the scenario uses {digit}, {queue})",
        ),
        (
            "      - {digit: \"1\", queue: q}\n      - {digit: \"1\", queue: q}\n",
            "menu.scenarios.yaml:8:9",
            "cases 1 and 2 are both named `digit 1 routes to q`",
        ),
        (
            "      - {digit: \"1\", queue: [q]}\n",
            "menu.scenarios.yaml:4:11",
            "case 1 puts a list inside text",
        ),
    ];
    for (table, place, message) in cases {
        let scenario = format!(
            "  - name: \"digit {{digit}} routes to {{queue}}\"\n    flow: Inbound_Flow_A\n    cases:\n{table}    inputs: [\"{{digit}}\"]\n    expect: {{route: {{queueId: \"{{queue}}\"}}}}\n"
        );
        suite(dir.path(), &scenario);
        for args in [&[][..], &["--list"], &["--lint"]] {
            let o = test(dir.path(), args);
            assert_eq!(o.code, 2, "{args:?}: {}", o.stdout);
            // `--lint` reports on standard output, the others on standard error.
            let said = format!("{}{}", o.stdout, o.stderr);
            assert!(said.contains(place), "{args:?} want {place}: {said}");
            assert!(said.contains(message), "{args:?} want {message}: {said}");
        }
    }
    // A value of the wrong type is placed, and its case named.
    suite(
        dir.path(),
        "  - name: m\n    flow: Inbound_Flow_A\n    cases: [{n: 5}, {n: many}]\n    maxSteps: \"{n}\"\n",
    );
    let o = test(dir.path(), &[]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("menu.scenarios.yaml:7:15"), "{}", o.stderr);
    assert!(o.stderr.contains("scenario `m`, case 2:"), "{}", o.stderr);
}

/// Every case copies the whole scenario: a table of many cases over a large scenario would be
/// quadratic in the file, so the expansion is bounded (docs/budgets.md).
#[test]
fn the_expansion_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(100_000);
    let rows = "      - {n: 1}\n".repeat(1_000);
    suite(
        dir.path(),
        &format!("  - name: \"big {{n}}\"\n    flow: Inbound_Flow_A\n    cases:\n{rows}    inputs: [\"{big}\"]\n"),
    );
    let o = test(dir.path(), &["--list"]);
    assert_eq!(o.code, 2, "{}", o.stdout.len());
    assert!(o.stderr.contains("expand past 64 MiB"), "{}", o.stderr);
    assert!(o.stderr.contains("split the table of cases"), "{}", o.stderr);
}

/// A failing case, and a failing scenario written after the table, point at their own
/// expectations' lines (the file's items, not the cases they expand to).
#[test]
fn failures_after_a_table_point_at_their_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    let after = "  - name: plain one after the table\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect:\n      status: disconnected\n";
    suite(dir.path(), &format!("{TABLE}{after}"));
    let o = test(dir.path(), &["--format", "github"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    // The table's `expect:` is line 10 of the file; the later scenario's `status:` line 15.
    assert!(o.stdout.contains("::error file=menu.scenarios.yaml,line=10,"), "{}", o.stdout);
    assert!(o.stdout.contains("::error file=menu.scenarios.yaml,line=15,"), "{}", o.stdout);
}
