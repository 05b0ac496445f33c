//! `flowsim explore`: paths found by driving the engine, every output
//! reached, forced or unreachable, scenario files that pass `flowsim test`, bounds, bad input;
//! and on the corpus, every flow explored deterministically with the fractions printed.

use crate::cli::flowsim;
use crate::support::inline_registry as registry;
use flowsim::explore::{explore, Class, Exploration, Options};
use flowsim::fixtures::FixtureStore;

const IVR: [&str; 5] = [
    "explore",
    "Acme Main IVR",
    "--flows",
    "fixtures/archy/flows",
    "--fixtures=fixtures/archy/data",
];

/// A workflow with an input compared to a number, and a condition that is always false.
const INPUTS: &str = r#"
workflow:
  name: Threshold
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - integerVariable: {name: Flow.x, initialValue: {lit: 0}, isInput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - decision:
              name: Big
              condition: {exp: Flow.x > 5}
              outputs:
                yes:
                  actions:
                    - endWorkflow: {name: Big end, exitReason: {lit: big}}
          - decision:
              name: Never
              condition: {exp: 1 > 2}
              outputs:
                yes:
                  actions:
                    - endWorkflow: {name: Impossible, exitReason: {lit: never}}
          - endWorkflow: {name: Small end, exitReason: {lit: small}}
"#;

fn explored(flow: &str, options: &Options) -> Exploration {
    let reg = registry(&[INPUTS]);
    explore(&reg, &FixtureStore::default(), flow, options).expect("the flow explores")
}

fn class_of<'a>(
    x: &'a Exploration,
    node: &str,
    output: &str,
) -> &'a flowsim::explore::OutputReport {
    x.outputs
        .iter()
        .find(|o| o.node.ends_with(node) && o.output == output)
        .unwrap_or_else(|| panic!("no output {node} -{output}-> in {:#?}", x.outputs))
}

#[test]
fn a_comparison_is_solved_and_a_constant_condition_is_unreachable() {
    let x = explored("Threshold", &Options::default());
    let big = class_of(&x, "Big", "yes");
    assert_eq!(big.class, Class::Reached, "{big:?}");
    let path = &x.paths[big.path.expect("a path takes it") - 1];
    let value = path.script.variables.get("Flow.x").and_then(serde_json::Value::as_i64);
    assert!(value.is_some_and(|v| v > 5), "solved Flow.x > 5 with {:?}", path.script.variables);
    assert!(path.forced.is_empty());
    assert_eq!(class_of(&x, "Big", "no").class, Class::Reached);
    let never = class_of(&x, "Never", "yes");
    assert_eq!(never.class, Class::Unreachable);
    assert_eq!(never.why.as_deref(), Some("constant condition: `1 > 2` is always false"));
    assert_eq!(class_of(&x, "Never", "no").class, Class::Reached);
    // Nothing here needs forcing: two paths, both by inputs alone.
    assert_eq!(x.paths.len(), 2);
    assert_eq!(x.flows[0].unreachable, 1);
}

#[test]
fn bounds_are_counts_and_are_reported() {
    let one = Options { max_runs: 1, ..Options::default() };
    let x = explored("Threshold", &one);
    assert_eq!((x.runs, x.paths.len()), (1, 1));
    assert_eq!(x.bounds_hit, ["--max-runs"]);
    let yes = class_of(&x, "Big", "yes");
    assert_eq!(yes.class, Class::Unreachable);
    assert_eq!(yes.why.as_deref(), Some("bound hit: --max-runs"));

    let out = flowsim(&[&IVR[..], &["--max-paths", "3"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("explore `Acme Main IVR`: 3 paths"), "{}", out.stdout);
    assert!(out.stdout.contains("bounds hit: --max-paths"), "{}", out.stdout);
    // A menu's untaken outputs are explored on its first visit only with --max-loop 1.
    let loop1 = flowsim(&[&IVR[..], &["--max-loop", "1", "--format", "json"]].concat());
    let full = flowsim(&[&IVR[..], &["--format", "json"]].concat());
    let count = |o: &crate::cli::Output| {
        let j: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
        j["paths"].as_array().map_or(0, Vec::len)
    };
    assert!(count(&loop1) <= count(&full));
    let x = explored("Threshold", &Options { max_depth: 0, ..Options::default() });
    assert_eq!(class_of(&x, "Big", "yes").class, Class::Reached, "depth 0 is the top flow");
}

#[test]
fn the_bundled_ivr_has_outputs_of_every_class_and_its_report_is_stable() {
    let out = flowsim(&IVR);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let again = flowsim(&IVR);
    assert_eq!(out.stdout, again.stdout, "deterministic");
    let json = flowsim(&[&IVR[..], &["--format", "json"]].concat());
    let j: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let class = |node: &str, output: &str| {
        let o = j["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["node"] == node && o["output"] == output);
        o.unwrap_or_else(|| panic!("no {node} -{output}->"))["class"].as_str().unwrap().to_owned()
    };
    // Menu digits, the clock (open, closed, a yearly holiday), a data action's mocks, a
    // module's input traced back to the caller's ANI and a data table's keys: by inputs alone.
    for (node, output) in [
        ("Main Menu", "Support"),
        ("Check Hours/Business hours", "open"),
        ("Check Hours/Business hours", "closed"),
        ("Check Hours/Business hours", "holiday"),
        ("Account Balance/Get balance", "failure"),
        ("Account Balance/Get balance", "timeout"),
        ("startUpTask/Find VIP", "found"),
        ("startUpTask/Find VIP", "notFound"),
        ("Main Menu/Account services/Is VIP", "yes"),
    ] {
        assert_eq!(class(node, output), "reached", "{node} -{output}->");
    }
    // An emergency group is fixture state, not input: forced, and said so.
    assert_eq!(class("Check Hours/Business hours", "emergency"), "forced");
    assert!(
        out.stdout.contains("FORCED Check Hours/Business hours -emergency->"),
        "{}",
        out.stdout
    );
    let flows = j["flows"].as_array().unwrap();
    assert_eq!(flows[0]["flow"], "Acme Main IVR");
    assert_eq!(flows[1]["flow"], "Customer Lookup");
}

#[test]
fn written_scenarios_pass_flowsim_test_and_forced_ones_are_set_apart() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("explored");
    let target = out_dir.to_str().unwrap();
    let out = flowsim(&[&IVR[..], &["--write-scenarios", target]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let runnable = names.iter().filter(|n| n.ends_with(".scenarios.yaml")).count();
    let forced: Vec<&String> = names.iter().filter(|n| n.ends_with(".forced.yaml")).collect();
    assert!(runnable >= 10 && !forced.is_empty(), "{names:?}");
    let text = std::fs::read_to_string(out_dir.join(forced[0])).unwrap();
    assert!(text.contains("# FORCED: flowsim forced"), "{text}");
    let test = flowsim(&["test", target]);
    assert_eq!(test.code, 0, "{}\n{}", test.stdout, test.stderr);
    assert!(test.stdout.ends_with(&format!("{runnable} passed, 0 failed\n")), "{}", test.stdout);
    // Written again: the same bytes.
    let first = std::fs::read_to_string(out_dir.join(&names[0])).unwrap();
    assert_eq!(flowsim(&[&IVR[..], &["--write-scenarios", target]].concat()).code, 0);
    assert_eq!(std::fs::read_to_string(out_dir.join(&names[0])).unwrap(), first);
}

#[test]
fn json_flows_solve_gather_digits_and_data_action_mocks() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().to_str().unwrap();
    let args = [
        "explore",
        "Queue_Occupancy_Routing",
        "--flows",
        "fixtures/flows",
        "--fixtures",
        "fixtures/data",
        "--write-scenarios",
        target,
    ];
    let out = flowsim(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The If's default needs a digit that is neither "1" nor "2".
    assert!(out.stdout.contains("inputs \"3\""), "{}", out.stdout);
    assert!(out.stdout.contains("Schedule Callback:timeout"), "{}", out.stdout);
    let test = flowsim(&["test", target]);
    assert_eq!(test.code, 0, "{}\n{}", test.stdout, test.stderr);
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let out = flowsim(&["explore", "Acme Main", "--flows", "fixtures/archy/flows"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("flow `Acme Main` is not in the registry"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `Acme Main IVR`?"), "{}", out.stderr);
    let out = flowsim(&[&IVR[..], &["--max-paths", "0"]].concat());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--max-paths must be at least 1"), "{}", out.stderr);
    let out = flowsim(&[&IVR[..], &["--write-scenarios", "README.md/inside"]].concat());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot create directory README.md/inside"), "{}", out.stderr);
    let out = flowsim(&["explore", "X", "--flows", "no/such/dir"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// Every corpus flow, one registry per file (as `corpus_flows` loads them), explored with
/// bounds small enough for a debug build; deterministic; the fractions printed.
#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn corpus_flows_explore_deterministically() {
    let corpus = crate::support::corpus_dir();
    let options = Options { max_paths: 40, max_runs: 200, ..Options::default() };
    let mut files: Vec<std::path::PathBuf> = ["archy", "i3"]
        .iter()
        .flat_map(|d| std::fs::read_dir(corpus.join(d)).unwrap().map(|e| e.unwrap().path()))
        .collect();
    files.sort();
    let (mut outputs, mut reached, mut forced, mut unloaded) = (0, 0, 0, 0);
    for file in &files {
        let Some(reg) = crate::corpus_flows::load(std::slice::from_ref(file), &[]).registry else {
            unloaded += 1;
            continue;
        };
        for flow in reg.flows() {
            let x = explore(&reg, &FixtureStore::default(), &flow.id, &options);
            let x = x.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let y = explore(&reg, &FixtureStore::default(), &flow.id, &options).unwrap();
            assert_eq!(
                format!("{:?}", x.outputs),
                format!("{:?}", y.outputs),
                "{}",
                file.display()
            );
            assert!(x.runs <= options.max_runs && x.paths.len() <= options.max_paths);
            let f = &x.flows[0];
            outputs += f.outputs;
            reached += f.reached;
            forced += f.forced;
            eprintln!(
                "explore {:<60} outputs {:>4} reached {:>4} forced {:>4} unreachable {:>4}",
                flow.name, f.outputs, f.reached, f.forced, f.unreachable
            );
        }
    }
    eprintln!(
        "explore corpus: {outputs} outputs, {reached} reached, {forced} forced; {unloaded} files need a module they lack"
    );
    assert!(reached > 0);
}

/// A loop no input makes iterate (its count is always 0): explore forces its body, and the
/// body runs as the loop's last iteration, so a Next Loop in it goes back to the loop, which
/// then ends, as it would in a run that iterates.
#[test]
fn a_forced_loop_body_runs_as_an_iteration_of_its_loop() {
    let flow = r#"
workflow:
  name: Never Loops
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - integerVariable: {name: Flow.n, initialValue: {lit: 3}, isInput: true}
    - integerVariable: {name: Flow.i}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - loop:
              name: Each
              currentIndex: {var: Flow.i}
              loopCount: {exp: Flow.n * 0}
              outputs:
                loop:
                  actions:
                    - loopNext: {name: Skip}
          - endWorkflow: {name: End}
"#;
    let reg = registry(&[flow]);
    let x = explore(&reg, &FixtureStore::default(), "Never Loops", &Options::default())
        .expect("the flow explores");
    let body = class_of(&x, "Each", "loop");
    assert_eq!(body.class, Class::Forced, "{body:?}");
    let path = &x.paths[body.path.expect("a path takes it") - 1];
    assert_eq!(path.error, None, "{path:#?}");
    assert!(path.nodes.iter().any(|n| n.ends_with("Skip")), "{path:#?}");
    assert!(x.paths.iter().all(|p| p.error.as_deref() != Some("unsupported")), "{:#?}", x.paths);
}

/// A message flow that files the message under a topic, then branches on the topic.
const TOPICS: &str = r#"
inboundShortMessage:
  name: Topics
  startUpRef: "/inboundShortMessage/states/state[S_1]"
  defaultLanguage: en-us
  variables:
    - stringVariable: {name: Flow.topic, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.label, initialValue: {noValue: true}}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Topic
              statements:
                - string:
                    variable: Flow.topic
                    value: {exp: 'If(Contains(Lower(Message.Message.body), "refund"), "refund", "other")'}
                - string:
                    variable: Flow.label
                    value: {exp: 'Append("topic:", Flow.topic)'}
          - decision:
              name: Refund?
              condition: {exp: 'Flow.label == "topic:refund"'}
              outputs:
                yes:
                  actions:
                    - sendResponse: {name: Refund reply, messageBody: {exp: '"About your refund."'}}
          - disconnect: {name: Done}
"#;

#[test]
fn a_message_flow_starts_on_a_message_and_a_condition_is_solved_through_assignments() {
    let reg = registry(&[TOPICS]);
    let x = explore(&reg, &FixtureStore::default(), "Topics", &Options::default()).unwrap();
    // The first run has a message, so the statements that read it succeed.
    assert_eq!(x.paths[0].script.message.as_deref(), Some("hello"), "{:#?}", x.paths[0]);
    assert_eq!(class_of(&x, "Topic", "success").class, Class::Reached);
    assert_eq!(class_of(&x, "Refund?", "no").class, Class::Reached);
    // `Flow.label` ← `Flow.topic` ← the message: followed back two assignments to the lever.
    let yes = class_of(&x, "Refund?", "yes");
    assert_eq!(yes.class, Class::Reached, "{yes:?}");
    let path = &x.paths[yes.path.expect("a path takes it") - 1];
    assert!(path.forced.is_empty(), "{path:#?}");
    let message = path.script.message.as_deref().unwrap_or_default();
    assert!(message.to_lowercase().contains("refund"), "{message}");
}

/// A message flow that hands the message to a bot flow the files lack, then reads what the bot
/// left in participant data.
const HANDOVER: &str = r#"
inboundShortMessage:
  name: Handover
  startUpRef: "/inboundShortMessage/states/state[S_1]"
  defaultLanguage: en-us
  variables:
    - stringVariable: {name: Flow.tier, initialValue: {noValue: true}}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callBotFlow:
              name: Ask the bot
              botFlow:
                Missing Bot:
                  ver_latestPublished: {}
          - getParticipantData:
              name: Tier
              attributes:
                - attribute: {name: {lit: tier}, variable: Flow.tier}
          - decision:
              name: Gold?
              condition: {exp: 'Flow.tier == "gold"'}
              outputs:
                yes:
                  actions:
                    - sendResponse: {name: Gold reply, messageBody: {exp: '"Welcome back."'}}
          - disconnect: {name: Done}
"#;

#[test]
fn a_call_of_a_flow_the_files_lack_runs_from_a_stub_and_participant_data_is_a_lever() {
    // Through the command: a registry with a call to a flow it lacks is a load error for the
    // library's strict loader, a warning for `explore`.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("handover.yaml");
    std::fs::write(&file, HANDOVER).unwrap();
    let o =
        flowsim(&["explore", "Handover", "--flows", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let x: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let output = |node: &str, out: &str| {
        x["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["node"].as_str().unwrap().ends_with(node) && o["output"] == out)
            .unwrap_or_else(|| panic!("no {node} -{out}-> in {x:#}"))
            .clone()
    };
    // The bot flow is not loaded: the call goes on from a stub, not by forcing.
    assert_eq!(output("Ask the bot", "success")["class"], "reached", "{x:#}");
    let yes = output("Gold?", "yes");
    assert_eq!(yes["class"], "reached", "{x:#}");
    let path = &x["paths"][yes["path"].as_u64().unwrap() as usize - 1];
    assert_eq!(path["forced"], serde_json::json!([]), "{path:#}");
    assert_eq!(path["mocks"]["participantData"]["tier"], "gold", "{path:#}");
    assert_eq!(output("Gold?", "no")["class"], "reached");
}
