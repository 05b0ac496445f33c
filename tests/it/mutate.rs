//! `flowsim mutate` (docs/mutate.md): mutants of the bundled flows, the scenarios that kill
//! them, the survivors named in flow terms, the score and its exit code.

use crate::cli::flowsim;

#[test]
fn the_bundled_suite_kills_most_mutants_and_names_the_survivors() {
    let o = flowsim(&["mutate", "fixtures/scenarios"]);
    assert_eq!(o.code, 1, "survivors fail the default --min-score 100:\n{}{}", o.stdout, o.stderr);
    let out = &o.stdout;
    // A repeat count no scenario checks: the run changes (one more play), no test fails.
    assert!(
        out.contains("survived (a scenario's run changed, and no scenario failed):\n"),
        "{out}"
    );
    assert!(
        out.contains("  Acme Main IVR › Menu Main Menu › Main Menu (fixtures/archy/flows/acme_main_ivr.yaml:49): change constant: repeatCount: `2` becomes `3`\n"),
        "{out}"
    );
    // A transfer's priority changes nothing a run shows.
    assert!(out.contains("no effect (scenarios reach the action, and no run changed):\n"), "{out}");
    assert!(out.contains("To VIP queue (fixtures/archy/flows/acme_main_ivr.yaml:119): change constant: priority: `10` becomes `11`\n"), "{out}");
    // Killed ones are not listed; the summary counts them.
    assert!(!out.contains("flip decision: `yes` and `no` swapped\n  Acme"), "{out}");
    assert!(out.ends_with("scenarios: 64; score 85.3%\n"), "{out}");
    // The same report every time.
    assert_eq!(flowsim(&["mutate", "fixtures/scenarios"]).stdout, o.stdout);
}

#[test]
fn min_score_decides_the_exit_code() {
    assert_eq!(flowsim(&["mutate", "fixtures/scenarios", "--min-score", "80"]).code, 0);
    assert_eq!(flowsim(&["mutate", "fixtures/scenarios", "--min-score", "90"]).code, 1);
    let o = flowsim(&["mutate", "fixtures/scenarios", "--min-score", "101"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--min-score 101 is not a percentage"), "{}", o.stderr);
    // No mutant run is no score: refused, not 100%.
    let o = flowsim(&["mutate", "fixtures/scenarios", "--max-mutants", "0"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("--max-mutants must be at least 1"), "{}", o.stderr);
}

#[test]
fn json_lists_every_mutant_with_its_outcome() {
    let o = flowsim(&["mutate", "fixtures/scenarios/acme-ivr.scenarios.yaml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let mutants = json["report"]["mutants"].as_array().unwrap();
    let flip = mutants
        .iter()
        .find(|m| {
            m["operator"] == "flipDecision"
                && m["action"] == "Task Main Menu/Account services › Is VIP"
        })
        .expect("the VIP decision is flipped");
    assert_eq!(flip["outcome"], "killed");
    assert!(flip["killedBy"].as_str().unwrap().starts_with("acme-ivr.scenarios.yaml: "), "{flip}");
    for op in
        ["swapOutputs", "negateComparison", "changeConstant", "dropAction", "retargetTransfer"]
    {
        assert!(mutants.iter().any(|m| m["operator"] == op), "no {op} mutant");
    }
    let killed = json["killed"].as_u64().unwrap();
    assert!(killed > 40, "{killed}");
    // The other bundled flows share the folder; this file's scenarios never reach them.
    assert!(mutants
        .iter()
        .any(|m| m["flow"] == "Order Status Bot" && m["outcome"] == "notCovered"));
}

#[test]
fn a_budget_of_mutants_is_counted_not_hidden() {
    let o = flowsim(&["mutate", "fixtures/scenarios", "--max-mutants", "5"]);
    assert!(
        o.stdout.contains("warning: 192 mutants not run (past --max-mutants)\n"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("mutants: 5 ("), "{}", o.stdout);
}

#[test]
fn a_scenario_that_already_fails_is_left_out_loudly() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::support::root();
    let file = dir.path().join("broken.scenarios.yaml");
    std::fs::write(
        &file,
        format!(
            "flows: {}\nfixtures: [{}]\nscenarios:\n  - name: expects the wrong ending\n    flow: Acme Main IVR\n    context: {{startTime: \"2026-01-06T15:00:00Z\", from: \"+15551234567\"}}\n    inputs: [\"9\"]\n    expect: {{status: transferred}}\n",
            root.join("fixtures/archy/flows").display(),
            root.join("fixtures/archy/data").display()
        ),
    )
    .unwrap();
    let o = flowsim(&["mutate", file.to_str().unwrap()]);
    assert!(
        o.stdout.starts_with("warning: `broken.scenarios.yaml: expects the wrong ending` fails on the flows as they are; it is left out (run `flowsim test`)\n"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("(0 killed,"), "{}", o.stdout);
}
