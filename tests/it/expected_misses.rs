//! Tests fail for the right reason: a lookup into the fixtures that finds nothing fails the
//! scenario unless its `expect.missing` names it, and every failure points at the line of the
//! expectation that failed (docs/scenarios.md).

use crate::cli::flowsim;
use crate::support::root;
use std::path::Path;

/// The Acme IVR's fixtures with every data-action mock removed, in `dir`.
fn fixtures_without_data_action_mocks(dir: &Path) -> String {
    let text = std::fs::read_to_string(root().join("fixtures/archy/data/acme.yaml")).unwrap();
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("dataActions:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.starts_with('#') || line.is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    assert!(!out.contains("dataActions"), "every mock removed");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("acme.yaml"), out).unwrap();
    data.to_str().unwrap().to_owned()
}

/// The bundled scenario "a locked account takes the data action's failure output", with its
/// `expect` as given, against `data`.
fn locked_account(dir: &Path, data: &str, expect: &str) -> String {
    let flows = root().join("fixtures/archy/flows");
    let text = format!(
        "flows: {}\nfixtures: [{data}]\nscenarios:\n  - name: a locked account takes the data action's failure output\n    flow: Acme Main IVR\n    context: {{startTime: \"2026-01-06T15:00:00Z\"}}\n    inputs: [\"1\", \"999999\"]\n    expect:\n      status: disconnected\n      visits: [Balance unavailable, No branch]\n{expect}",
        flows.display()
    );
    let path = dir.join("locked.scenarios.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Issue 60 item 3: with every data-action mock removed, the scenario about a failing data
/// action no longer passes on the unmocked action's failure output; the failure names the
/// lookup and the fixture entry to add, at the `missing:` line (else the `expect:` line).
#[test]
fn an_unmocked_data_action_fails_a_scenario_that_does_not_expect_the_miss() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixtures_without_data_action_mocks(dir.path());
    let file = locked_account(dir.path(), &data, "      missing: [\"row:Branch Offices/99\"]\n");
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let want = format!(
        "     {file}:11: dataAction:Get Account Balance at Acme Main IVR/Account Balance/Get balance: no mock response of the fixtures fits data action `Get Account Balance`, and the scenario does not expect that\n       add it to the fixtures:\n         dataActions:\n           \"Get Account Balance\":\n             - outputs: {{}}"
    );
    assert!(o.stdout.contains(&want), "{}\nwant:\n{want}", o.stdout);
    assert!(o.stdout.contains("`missing: [\"dataAction:Get Account Balance\"]`"), "{}", o.stdout);
    let o = flowsim(&["test", &file, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let s = &json["report"]["scenarios"][0];
    assert_eq!(s["mismatches"][0]["what"], "missing");
    assert_eq!(s["mismatches"][0]["line"], 11, "the `missing:` line");
    assert_eq!(s["warnings"][0]["missing"], "dataAction:Get Account Balance");

    // Named, the miss is what the test is about: it passes.
    let file = locked_account(
        dir.path(),
        &data,
        "      missing: [\"dataAction:get account balance\", \"row:Branch Offices/99\"]\n",
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    // `test --lint` says so before anything runs only for the actions no scenario expects,
    // of the flows its scenarios run: `Callback Retry`, whose data action no fixture mocks
    // either, is in the same folder, but no scenario of this file runs it (nor a flow they
    // call or transfer to).
    let o = flowsim(&["test", "--lint", &file]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(!o.stdout.contains("`Get Account Balance`"), "{}", o.stdout);
    assert!(!o.stdout.contains("unmockedDataAction"), "{}", o.stdout);
    // A file whose scenario runs it is told.
    let retry = dir.path().join("retry.scenarios.yaml");
    let flows = root().join("fixtures/archy/flows");
    let text = format!(
        "flows: {}\nfixtures: [{data}]\nscenarios:\n  - name: retry\n    flow: Callback Retry\n    expect: {{status: completed}}\n",
        flows.display()
    );
    std::fs::write(&retry, text).unwrap();
    let o = flowsim(&["test", "--lint", &file, retry.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let warning = "warning[unmockedDataAction]: flow `Callback Retry` calls data action `Get Available Agents` (Check Agents/Count free agents), which no fixture of this file mocks";
    assert!(o.stdout.contains(warning), "{}", o.stdout);
    assert_eq!(o.stdout.matches("warning[unmockedDataAction]").count(), 1, "{}", o.stdout);
    assert!(o.stdout.contains(&format!("--> {}:2:1", retry.display())), "{}", o.stdout);
}

/// The mocks back, an entry of `missing` the run never missed fails (the list cannot go
/// stale), at the `missing:` line; a row's miss counts as a miss; an entry that names no
/// lookup is an error when the file loads.
#[test]
fn expected_misses_must_happen_and_be_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let data = root().join("fixtures/archy/data");
    let data = data.to_str().unwrap();
    let file = locked_account(dir.path(), data, "");
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1, "the branch row the account lacks: {}", o.stdout);
    assert!(o.stdout.contains(&format!("     {file}:8: row:Branch Offices/99 at Acme Main IVR/Account Balance/Find branch: data table `Branch Offices` has no row with key `99` in the fixtures")), "{}", o.stdout);
    let file = locked_account(
        dir.path(),
        data,
        "      missing: [\"row:Branch Offices/99\", \"queue:Billing\"]\n",
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains(&format!("     {file}:11: expected the lookup of queue `Billing` to find nothing, the run never missed it\n")), "{}", o.stdout);
    let file = locked_account(dir.path(), data, "      missing: [\"table:Branch Offices\"]\n");
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(
        o.stderr.contains("`missing` entry `table:Branch Offices` names no lookup"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains(":11:"), "{}", o.stderr);
}

/// Issue 60 item 4: a failure, and its GitHub annotation, sit on the line of the expectation
/// that failed (the `route:` line under `expect:`), not on the scenario's `name:`; each
/// failure of a scenario on its own line, in YAML block or flow style and in JSON.
#[test]
fn failures_point_at_the_line_of_their_expectation() {
    let dir = tempfile::tempdir().unwrap();
    let flows = root().join("fixtures/flows");
    let data = root().join("fixtures/data");
    let body = "scenarios:\n  - name: presses 1\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect:\n      status: completed\n      prompts: [\"nothing\"]\n      route: {queueName: Sales}\n  - {name: one line, flow: Inbound_Flow_A, inputs: [\"1\"], expect: {status: failed}}\n";
    let text = format!("flows: {}\nfixtures: [{}]\n{body}", flows.display(), data.display());
    let file = dir.path().join("lines.scenarios.yaml");
    std::fs::write(&file, &text).unwrap();
    let file = file.to_str().unwrap();
    let o = flowsim(&["test", file]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains(&format!("     {file}:9: prompts differ\n")), "{}", o.stdout);
    assert!(
        o.stdout.contains(&format!(
            "     {file}:10: expected route queueName `Sales`, got `Support` (an ACD route (queue `Support`, q-support))\n"
        )),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains(&format!("     {file}:11: expected status failed")), "{}", o.stdout);
    let o = flowsim(&["test", file, "--format", "github"]);
    let escaped = file.replace(':', "%3A").replace(',', "%2C");
    for (line, message) in [
        (9, "prompts differ"),
        (10, "expected route queueName `Sales`, got `Support` (an ACD route (queue `Support`, q-support))"),
        (11, "expected status failed, got completed"),
    ] {
        let title = if line == 11 { "one line" } else { "presses 1" };
        let want =
            format!("::error file={escaped},line={line},title={escaped} › {title}::{message}\n");
        assert!(o.stdout.contains(&want), "{}\nwant: {want}", o.stdout);
    }

    let json = format!(
        "{{\"flows\": {:?}, \"fixtures\": [{:?}],\n \"scenarios\": [\n  {{\"name\": \"a\", \"flow\": \"Inbound_Flow_A\", \"inputs\": [\"1\"],\n   \"expect\": {{\"status\": \"completed\",\n     \"route\": {{\"queueName\": \"Sales\"}}}}}}]}}\n",
        flows.display().to_string(),
        data.display().to_string()
    );
    let file = dir.path().join("lines.scenarios.json");
    std::fs::write(&file, json).unwrap();
    let file = file.to_str().unwrap();
    let o = flowsim(&["test", file]);
    assert!(
        o.stdout.contains(&format!("     {file}:5: expected route queueName `Sales`")),
        "{}",
        o.stdout
    );
}

/// Inside a project, `test --lint` gives each warning the level flowsim.toml gives its code:
/// `ignore` drops it, `error` fails the lint as its other problems do (exit 2).
#[test]
fn the_project_s_levels_apply_to_the_lint() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixtures_without_data_action_mocks(dir.path());
    let file = locked_account(dir.path(), &data, "      missing: [\"row:Branch Offices/99\"]\n");
    let lint = |level: &str| {
        std::fs::write(
            dir.path().join("flowsim.toml"),
            format!("[lint]\nunmockedDataAction = \"{level}\"\n"),
        )
        .unwrap();
        crate::cli::flowsim_in(dir.path(), &["test", "--lint", &file])
    };
    let o = lint("warning");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("warning[unmockedDataAction]"), "{}", o.stdout);
    let o = lint("ignore");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(!o.stdout.contains("unmockedDataAction"), "{}", o.stdout);
    let o = lint("error");
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("error[unmockedDataAction]"), "{}", o.stdout);
}

/// The lookup functions of expressions (`FindQueue`) and Dial by Extension look into the
/// fixtures too: a name or an extension they lack is a miss that fails the scenario unless it
/// expects it, with the fixture entry to add.
#[test]
fn expression_lookups_and_dialled_extensions_are_misses_too() {
    let dir = tempfile::tempdir().unwrap();
    let flow = crate::support::archy_task_flow(
        "inboundCall",
        "          - updateData:\n              name: Find billing\n              statements:\n                - queue:\n                    variable: Flow.billing\n                    value: {exp: 'FindQueue(\"Billing\")'}\n          - dialByExtension:\n              name: Extension\n              resultData: Flow.extension\n          - disconnect: {name: Bye}\n",
    )
    .replace("  tasks:\n", "  variables:\n    - queueVariable: {name: Flow.billing}\n    - stringVariable: {name: Flow.extension}\n  tasks:\n");
    std::fs::write(dir.path().join("f.yaml"), flow).unwrap();
    std::fs::write(
        dir.path().join("org.yaml"),
        "users: [{id: u1, name: Ann Lee, extension: \"2001\"}]\n",
    )
    .unwrap();
    let scenario = |missing: &str| {
        let text = format!(
            "flows: [f.yaml]\nfixtures: [org.yaml]\nscenarios:\n  - name: the lookups\n    flow: F\n    inputs: [\"4021\"]\n    expect:\n      status: disconnected\n{missing}"
        );
        std::fs::write(dir.path().join("t.scenarios.yaml"), text).unwrap();
        crate::cli::flowsim_in(dir.path(), &["test", "t.scenarios.yaml"])
    };
    let o = scenario("");
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    for want in [
        "queue:Billing at F/T/Find billing: queue `Billing` is not in the fixtures, and the scenario does not expect that",
        "extension:4021 at F/T/Extension: user extension `4021` is not in the fixtures, and the scenario does not expect that",
        "           - {id: \"...\", name: \"...\", extension: \"4021\"}   # the user the extension reaches",
    ] {
        assert!(o.stdout.contains(want), "{want}\n{}", o.stdout);
    }
    let o = scenario("      missing: [\"queue:Billing\", \"extension:4021\"]\n");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// A miss one typo from a name the fixtures hold (a mock written `Get Acount Balance`) says
/// that name first: it is the likelier fix than a new entry. A name nothing is near gets no
/// guess (the test above).
#[test]
fn a_miss_one_typo_from_a_fixture_name_offers_that_name() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("fixtures/archy/data/acme.yaml")).unwrap();
    assert_eq!(text.matches("  Get Account Balance:\n").count(), 1);
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("acme.yaml"),
        text.replace("  Get Account Balance:\n", "  Get Acount Balance:\n"),
    )
    .unwrap();
    let file = locked_account(
        dir.path(),
        data.to_str().unwrap(),
        "      missing: [\"row:Branch Offices/99\"]\n",
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let want = "and the scenario does not expect that\n       did you mean `Get Acount Balance`, which the fixtures have? else\n       add it to the fixtures:\n";
    assert!(o.stdout.contains(want), "{}\nwant:\n{want}", o.stdout);
}
