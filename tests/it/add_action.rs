//! An action added through its catalogue entry and its semantics only: the test-only
//! `pickSide` (cargo feature `test-action`, on for these tests). Adding it touched its
//! operation, `Op::PickSide`; its entry with its facts, `flow/catalogue/test_action.rs`; that
//! file's `mod` line and list in the catalogue's `ACTIONS` (`flow/catalogue/mod.rs`); its
//! semantics, `engine/actions/test_action.rs`, and their arm in `actions::dispatch`
//! (`engine/actions/mod.rs`, with the file's `mod` line): nothing else, no consumer and no
//! table of facts. Its Boolean `condition` takes output `heads` or `tails`. Every command
//! that reads actions sees it work from its entry alone: `check` reports its missing required
//! property, `run` takes its named exits, `explore` varies its outputs, `graph` draws its box
//! and exits, `diff` reports a changed property and `mutate` makes a mutant of it.

use crate::cli::flowsim;
use crate::support::{check_errors, inline_registry, run_in_folder, taken_outputs};
use flowsim::explore::{explore, Class, Options};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Version;

/// A workflow whose one state picks a side by its input `Flow.x`.
fn sides(condition: &str) -> String {
    format!(
        r#"workflow:
  name: Sides
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - integerVariable: {{name: Flow.x, initialValue: {{lit: 0}}, isInput: true}}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - pickSide:
              name: Toss
{condition}              label: {{lit: coin}}
              outputs:
                heads:
                  actions:
                    - endWorkflow: {{name: Heads end, exitReason: {{lit: heads}}}}
                tails:
                  actions:
                    - endWorkflow: {{name: Tails end, exitReason: {{lit: tails}}}}
"#
    )
}

const CONDITION: &str = "              condition: {exp: Flow.x > 5}\n";

#[test]
fn check_reports_its_missing_required_property_with_its_code() {
    assert_eq!(check_errors(&sides(CONDITION)), Vec::<String>::new());
    let errors = check_errors(&sides(""));
    assert!(
        errors.iter().any(|e| e.starts_with("missingProperty:") && e.contains("condition")),
        "{errors:?}"
    );
}

#[test]
fn run_takes_the_exit_its_semantics_name() {
    let flow = sides(CONDITION);
    let heads = run_in_folder(&[&flow], "{}", "Sides", &["--var", "Flow.x=7"]);
    assert_eq!(taken_outputs(&heads)[0], "heads", "{heads}");
    assert_eq!(heads["exitReason"], "heads", "{heads}");
    let tails = run_in_folder(&[&flow], "{}", "Sides", &["--var", "Flow.x=2"]);
    assert_eq!(taken_outputs(&tails)[0], "tails", "{tails}");
    assert_eq!(tails["exitReason"], "tails", "{tails}");
}

#[test]
fn explore_reaches_both_outputs_by_varying_its_condition() {
    let reg = inline_registry(&[&sides(CONDITION)]);
    let found = explore(&reg, &FixtureStore::default(), "Sides", &Options::default())
        .expect("the flow explores");
    let outputs: Vec<(&str, Class)> = found
        .outputs
        .iter()
        .filter(|o| o.kind == "pickSide")
        .map(|o| (o.output.as_str(), o.class))
        .collect();
    assert_eq!(outputs, [("heads", Class::Reached), ("tails", Class::Reached)]);
    assert_eq!(found.paths.len(), 2);
}

#[test]
fn graph_draws_its_box_as_a_choice_with_its_named_exits() {
    let reg = inline_registry(&[&sides(CONDITION)]);
    let flow = reg.flows().iter().find(|f| &*f.name == "Sides").expect("the flow");
    let g = flowsim::view::graph::build(&reg, flow, Version::Draft).expect("a graph");
    let toss = g.boxes.iter().position(|b| b.kind == "pickSide").expect("its box");
    assert_eq!(g.boxes[toss].name, "Toss");
    assert_eq!(g.boxes[toss].shape, flowsim::view::graph::Shape::Choice);
    let mut exits: Vec<&str> =
        g.edges.iter().filter(|e| e.from == toss).map(|e| e.label.as_str()).collect();
    exits.sort_unstable();
    assert_eq!(exits, ["heads", "tails"]);
}

#[test]
fn diff_reports_its_changed_property() {
    let old = inline_registry(&[&sides(CONDITION)]);
    let new = inline_registry(&[&sides("              condition: {exp: Flow.x > 6}\n")]);
    let report = flowsim::diff::compare(&old, &new);
    let changes = &report.flows[0].changes;
    assert!(
        changes.iter().any(|c| matches!(c,
            flowsim::diff::Change::Property { property, old: Some(o), new: Some(n), .. }
                if property == "condition" && o == "Flow.x > 5" && n == "Flow.x > 6")),
        "{changes:?}"
    );
    assert!(report.behaviour_may_differ());
}

#[test]
fn mutate_flips_its_outputs_and_a_scenario_kills_the_mutant() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("flows")).unwrap();
    std::fs::write(dir.path().join("flows/sides.yaml"), sides(CONDITION)).unwrap();
    let scenarios = "flows: flows\nscenarios:\n  - name: a big x is heads\n    flow: Sides\n    \
                     variables: {Flow.x: 7}\n    expect:\n      exitReason: heads\n";
    std::fs::write(dir.path().join("sides.scenarios.yaml"), scenarios).unwrap();
    let json =
        flowsim(&["mutate", dir.path().to_str().unwrap(), "--min-score", "0", "--format", "json"]);
    assert_eq!(json.code, 0, "{}{}", json.stdout, json.stderr);
    let report: serde_json::Value = serde_json::from_str(&json.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", json.stdout, json.stderr));
    let flips: Vec<&serde_json::Value> = report["report"]["mutants"]
        .as_array()
        .expect("mutants")
        .iter()
        .filter(|m| m["operator"] == "flipDecision")
        .collect();
    assert_eq!(flips.len(), 1, "{report}");
    assert_eq!(flips[0]["change"], "`heads` and `tails` swapped", "{report}");
    assert_eq!(flips[0]["outcome"], "killed", "{report}");
}
