//! The real binary on real files: exit codes, messages, formats (docs/scenarios.md).

use crate::support::root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one invocation printed.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `flowsim ARGS` in the repository root.
#[track_caller]
pub fn flowsim(args: &[&str]) -> Output {
    flowsim_in(root(), args)
}

/// Runs `flowsim ARGS` in `dir`.
#[track_caller]
pub fn flowsim_in(dir: &std::path::Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    let o = Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!o.stderr.contains("panicked"), "flowsim panicked:\n{}", o.stderr);
    o
}

/// Runs `flowsim ARGS` in `dir` with `input` on its standard input (written on another thread,
/// so that a large input and a large output cannot wait on each other).
#[track_caller]
pub fn flowsim_piped(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let out = std::thread::scope(|scope| {
        // A refusal may come before the input is read: a closed pipe is no failure here.
        scope.spawn(move || {
            let _ = stdin.write_all(input);
        });
        child.wait_with_output().expect("the binary ends")
    });
    let o = Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!o.stderr.contains("panicked"), "flowsim panicked:\n{}", o.stderr);
    o
}

const FIXTURES: [&str; 2] = ["--fixtures", "fixtures/data"];

fn run_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["run", "--flows", "fixtures/flows"];
    args.extend_from_slice(&FIXTURES);
    args.extend_from_slice(extra);
    args
}

#[test]
fn run_prints_a_readable_trace() {
    let o = flowsim(&run_args(&["Inbound_Flow_A", "--input", "1"]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn run_text_shows_errors_warnings_and_branches() {
    let o = flowsim(&run_args(&["Inbound_Flow_A", "--published"]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o2 = flowsim(&run_args(&["Inbound_Flow_A"]));
    assert_eq!(o2.code, 0, "{}", o2.stderr);
    insta::assert_snapshot!(format!(
        "$ run Inbound_Flow_A --published\n{}\n$ run Inbound_Flow_A\n{}",
        o.stdout, o2.stdout
    ));
}

#[test]
fn run_text_quotes_escapes_and_numbers_values_as_written() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let set = |key: &str, ty: &str, value: &str| serde_json::json!({"key": key, "value": {"type": ty, "value": value}});
    let flow = serde_json::json!({
        "id": "values", "name": "Values", "type": "inbound",
        "draft": {"startNode": "Write", "nodes": {
            "Write": {"type": "Set", "properties": {"setVars": [
                set("Flow.quoted", "string", "say \"hi\" \\ back"),
                set("Flow.controls", "string", "one\ntwo\tthree\u{1}\r"),
                set("Flow.accents", "string", "café e\u{301} ✓ 'ok'"),
                set("Flow.half", "decimal", "2.50"),
                set("Flow.huge", "expression", "100000000000000000000.0 * 3"),
                set("Flow.negative", "integer", "-42"),
                set("Flow.unset", "expression", "NOT_SET"),
            ]}, "onComplete": {"nextNode": "Check"}},
            "Check": {"type": "If", "properties": {
                "conditions": [{"expression": "Flow.negative > 0", "nextNode": "Write"}],
                "defaultNextNode": "Done "
            }},
            "Done ": {"type": "End", "properties": {"endType": "normal"}}
        }}
    });
    std::fs::write(dir.path().join("values.json"), flow.to_string()).expect("write the flow");
    let flows = dir.path().to_str().expect("a UTF-8 temporary path");
    let o = flowsim(&["run", "Values", "--flows", flows, "--format", "text"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let steps: Vec<&str> = o.stdout.lines().skip(1).take(3).collect();
    assert_eq!(
        steps,
        [
            concat!(
                " 1  Write [Set] Flow.quoted = \"say \\\"hi\\\" \\\\ back\", ",
                "Flow.controls = \"one\\ntwo\\tthree\\u{1}\\r\", ",
                "Flow.accents = \"café e\\u{301} ✓ 'ok'\", Flow.half = 2.5, ",
                "Flow.huge = 300000000000000000000, Flow.negative = -42, Flow.unset = NOT_SET"
            ),
            // The next node's id ends in a space: the line does not.
            " 2  Check [If] takes default → Done",
            " 3  Done  [End] ends the flow",
        ],
        "{}",
        o.stdout
    );
}

#[test]
fn run_json_is_the_spec_result_and_deterministic() {
    let args = run_args(&[
        "Queue_Occupancy_Routing",
        "--input",
        "9",
        "--input",
        "1@2.5",
        "--context",
        "from=+15551234567",
        "--format",
        "json",
    ]);
    let a = flowsim(&args);
    let b = flowsim(&args);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout, "same request, same bytes");
    let json: serde_json::Value = serde_json::from_str(&a.stdout).expect("valid JSON");
    assert_eq!(json["status"], "disconnected");
    assert_eq!(json["elapsedMs"], 3700, "2.5 s input delay + 1.2 s data action");
    for key in [
        "status",
        "flowId",
        "flowName",
        "trace",
        "variables",
        "prompts",
        "route",
        "error",
        "warnings",
        "elapsedMs",
    ] {
        assert!(json.get(key).is_some(), "result has `{key}`");
    }
}

#[test]
fn request_file_runs_seed_003_payload_and_flags_override_it() {
    let o = flowsim(&run_args(&[
        "--request",
        "fixtures/requests/contact_lookup.json",
        "--format",
        "json",
    ]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["trace"][0]["result"]["contact"]["id"], "c-ann");
    let o = flowsim(&run_args(&[
        "--request",
        "fixtures/requests/contact_lookup.json",
        "--context",
        "from=5557654321",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["trace"][0]["result"]["contact"]["id"], "c-bob");
}

#[test]
fn vars_context_start_node_and_limits_reach_the_run() {
    let o = flowsim(&run_args(&[
        "Queue_Occupancy_Routing",
        "--start-node",
        "CheckQueue",
        "--var",
        "Flow.queueName=Support",
        "--var",
        "Flow.threshold=5",
        "--format",
        "json",
    ]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["trace"][0]["nodeId"], "CheckQueue");
    assert_eq!(json["trace"][1]["edge"], "default", "3 available agents < threshold 5");
    let o = flowsim(&run_args(&[
        "Queue_Occupancy_Routing",
        "--input",
        "9",
        "--input",
        "9",
        "--max-steps",
        "4",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["status"], "stepLimit");
    assert_eq!(json["error"]["kind"], "stepLimit");
    let o = flowsim(&run_args(&[
        "Queue_Occupancy_Routing",
        "--input",
        "1@6",
        "--timeout-ms",
        "1000",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["status"], "timeout");
}

#[test]
fn bad_requests_exit_2_with_a_fix() {
    let cases: &[(&str, &[&str])] = &[
        ("unknown flow", &["Inbound_Flow_C"]),
        ("no flow", &[]),
        ("unknown start node", &["Inbound_Flow_A", "--start-node", "CheckResul"]),
        ("bad input digits", &["Inbound_Flow_A", "--input", "1a"]),
        ("bad input delay", &["Inbound_Flow_A", "--input", "1@soon"]),
        ("bad context key", &["Inbound_Flow_A", "--context", "caller=1"]),
        ("not KEY=VALUE", &["Inbound_Flow_A", "--var", "novalue"]),
        ("unpublished top flow", &["Contact_Lookup", "--published"]),
        ("missing request file", &["--request", "nope.json"]),
    ];
    let mut shown = String::new();
    for (name, extra) in cases {
        let o = flowsim(&run_args(extra));
        assert_eq!(o.code, 2, "{name}: {}", o.stderr);
        assert!(o.stdout.is_empty(), "{name}: nothing on stdout");
        shown.push_str(&format!("== {name}\n{}\n", o.stderr));
    }
    insta::assert_snapshot!(shown);
}

/// A `--fixtures` or `--org` path that is not there is the command's mistake: exit 2, and
/// nothing checked.
#[test]
fn check_with_a_missing_fixtures_or_org_path_exits_2() {
    for (flag, path) in [("--fixtures", "fixtures/nope"), ("--org", "nope.yaml")] {
        let o = flowsim(&["check", "fixtures/archy/flows", flag, path]);
        assert_eq!(o.code, 2, "{flag}: {}{}", o.stdout, o.stderr);
        assert!(
            o.stderr.contains(&format!("`{flag} {path}`: no such file or directory")),
            "{}",
            o.stderr
        );
    }
}

#[test]
fn check_lists_every_problem_with_carets() {
    let o = flowsim(&["check", "--flows", "tests/data/broken"]);
    assert_eq!(o.code, 1);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn check_json_is_machine_readable() {
    let o = flowsim(&["check", "--flows", "tests/data/broken", "--format", "json"]);
    assert_eq!(o.code, 1);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["ok"], false);
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "danglingNextNode",
        "nodeIdCase",
        "unknownNodeType",
        "missingProperty",
        "badPropertyType",
        "syntax",
        "unknownFunction",
        "argumentCount",
        "flowNotInRegistry",
        "duplicateFlowName",
        "jsonSyntax",
    ] {
        assert!(codes.contains(&code), "check reports {code}: {codes:?}");
    }
    let syntax = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["property"] == "properties.conditions[0].expression")
        .unwrap();
    assert_eq!(syntax["snippet"]["span"]["start"], 15);
}

#[test]
fn check_passes_on_the_bundled_flows() {
    let mut args = vec!["check", "--flows", "fixtures/flows"];
    args.extend_from_slice(&FIXTURES);
    let o = flowsim(&args);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("ok: 5 flow(s)"), "{}", o.stdout);
}

#[test]
fn run_refuses_a_broken_registry_with_exit_2() {
    let o = flowsim(&["run", "Broken_Menu", "--flows", "tests/data/broken"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("tests/data/broken/menu.json"), "{}", o.stderr);
    assert!(o.stderr.contains("flowsim check --flows tests/data/broken"), "{}", o.stderr);
    let o = flowsim(&["check", "--flows", "no/such/dir"]);
    assert_eq!(o.code, 2);
}

#[test]
fn bad_fixture_files_exit_2_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("queues.json");
    std::fs::write(
        &bad,
        r#"{"queues": [{"id": "q", "name": "Q", "availableAgents": "three"}], "contact": []}"#,
    )
    .unwrap();
    let o = flowsim(&[
        "run",
        "Inbound_Flow_A",
        "--flows",
        "fixtures/flows",
        "--fixtures",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("queues[0].availableAgents"), "{}", o.stderr);
    assert!(o.stderr.contains("did you mean `contacts`?"), "{}", o.stderr);
}

#[test]
fn flows_take_files_and_directories_in_any_format_with_substitutions() {
    // A file and a directory, two formats; values from the options file, one overridden.
    let o = flowsim(&[
        "run",
        "Greeting Line",
        "--flows",
        "tests/data/archy-subs/greeting.yaml",
        "--flows",
        "fixtures/flows",
        "--options",
        "tests/data/archy-subs/options.yaml",
        "--sub",
        "company=Initech",
        "--fixtures",
        "fixtures/data",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["status"], "transferred", "{json:#}");
    assert_eq!(json["prompts"][0]["text"], "Welcome to Initech.");
    assert_eq!(
        json["route"],
        serde_json::json!({"type": "acd", "queueId": "q-sales", "queueName": "Sales"})
    );
    assert_eq!(json["trace"][1]["nodeType"], "transferToAcd");

    // A missing value names the key, the file, line and column; exit 2 for run.
    let o = flowsim(&["run", "x", "--flows", "tests/data/archy-subs/greeting.yaml"]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(o.stderr.contains("error[missingSubstitution]"), "{}", o.stderr);
    assert!(o.stderr.contains("tests/data/archy-subs/greeting.yaml:2:10"), "{}", o.stderr);
    assert!(o.stderr.contains("--sub flow_name=VALUE"), "{}", o.stderr);
}

#[test]
fn a_file_that_is_no_flow_is_an_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.json");
    std::fs::write(&file, "[1, 2, 3]\n").unwrap();
    let text = dir.path().join("readme.yaml");
    std::fs::write(&text, "just some words, not YAML keys\n").unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("notes.json"), "{}", o.stdout);
    assert!(o.stdout.contains("error[unknownFileFormat]"), "{}", o.stdout);
    assert!(o.stdout.contains("readme.yaml"), "{}", o.stdout);
}

/// Every problem with a place in a file shows that line and a caret, not only problems inside
/// an expression: here a YAML indentation mistake in an Archy flow, whose place (the key saphyr
/// stops at) is known only as a line and column.
#[test]
fn a_yaml_mistake_shows_its_line_and_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    let flow = "inboundCall:\n  name: Indent\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n  \
                variables:\n    - stringVariable:\n      name: Flow.x\n        initialValue:\n          noValue: true\n";
    std::fs::write(dir.path().join("indent.yaml"), flow).unwrap();
    let o = flowsim_in(dir.path(), &["check", "indent.yaml"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let at = o.stdout.find("error[yamlSyntax]").expect(&o.stdout);
    let shown: Vec<&str> = o.stdout[at..].lines().take(5).collect();
    assert_eq!(shown[1], "  --> indent.yaml:7:21", "{}", o.stdout);
    assert_eq!(shown[3], "   |         initialValue:", "{}", o.stdout);
    assert_eq!(shown[4], "   |                     ^", "{}", o.stdout);
}

/// A flow with a mistake its reader finds (an expression that does not parse, a reference to
/// no task) is still checked for the rest: one `check` lists every problem of the flow, and the
/// flow does not run while any stands.
#[test]
fn check_lists_a_flows_later_problems_after_one_that_stops_it_reading() {
    let dir = tempfile::tempdir().unwrap();
    let actions = "          - decision:\n              name: Is VIP\n              condition:\n                \
                   exp: Flow.vip = true\n          - jumpToTask:\n              name: Go\n              \
                   targetTaskRef: \"/inboundCall/tasks/task[Nowhere_9]\"\n          - updateData:\n              \
                   name: Note\n              statements:\n                - string:\n                    \
                   variable: Flow.note\n                    value:\n                      exp: Flow.nmae\n";
    let flow = crate::support::archy_task_flow("inboundCall", actions);
    std::fs::write(dir.path().join("vip.yaml"), flow).unwrap();
    let o = flowsim_in(dir.path(), &["check", "vip.yaml"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    for code in ["error[syntax]", "error[danglingRef]", "error[undeclaredVariable]"] {
        assert!(o.stdout.contains(code), "{code}:\n{}", o.stdout);
    }
    let run = flowsim_in(dir.path(), &["run", "F", "--flows", "vip.yaml"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("error[syntax]"), "{}", run.stderr);
}

/// Mistakes in a JSON flow that used to pass silently come with the nearest valid name: a
/// misspelt node key and property are errors, as in Archy (the node would run without what the
/// author meant); an unknown node output, an unknown built-in and a variable no Set assigns are
/// warnings (errors under `--strict`). The bundled flows trigger none of them.
#[test]
fn check_warns_about_names_that_cannot_be_right() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("f.json"),
        r#"{"name": "F", "type": "inbound", "draft": {"startNode": "Menu", "nodes": {
  "Menu": {"type": "Gather", "properties": {"promtText": "Press 1"}, "onComplet": {"nextNode": "Check"}, "onComplete": {"nextNode": "Check"}},
  "Check": {"type": "If", "properties": {"conditions": [{"expression": "Menu.digit == \"1\" and Call.Anii != \"\" and Call.CalledAddressOriginal != \"\" and Flow.never == 1", "nextNode": "Bye"}], "defaultNextNode": "Bye"}},
  "Bye": {"type": "Say", "properties": {"sayText": "Bye"}}}}}"#,
    )
    .unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--flows", dir_arg, "--format", "json"]);
    assert_eq!(o.code, 1, "the misspelt keys are errors: {}", o.stdout);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    for d in json["diagnostics"].as_array().unwrap() {
        let misspelt = d["code"] == "unknownProperty";
        assert_eq!(d["severity"] == "error", misspelt, "{d}");
    }
    let found: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (d["code"].as_str().unwrap().to_owned(), d["help"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    for (code, hint) in [
        ("unknownProperty", "did you mean `onComplete`?"),
        ("unknownProperty", "did you mean `promptText`?"),
        ("unknownOutput", "did you mean `Menu.digits`?"),
        ("unknownBuiltin", "did you mean `Call.Ani`?"),
        ("neverAssigned", "reads as NOT_SET unless the request presets it"),
    ] {
        assert!(
            found.iter().any(|(c, h)| c == code && h.contains(hint)),
            "{code} {hint}: {found:#?}"
        );
    }
    assert_eq!(found.len(), 5, "{found:#?}");
    // Every one has its place in the JSON: line and column.
    let promt = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["property"] == "properties.promtText")
        .expect("the promtText warning");
    assert_eq!((promt["line"].as_u64(), promt["column"].as_u64()), (Some(2), Some(58)), "{promt}");
    assert!(json["diagnostics"].as_array().unwrap().iter().all(|d| d["line"].is_u64()), "{json:#}");
    // The flow still runs: the node ignores a misspelt key, as Architect's would not exist.
    let run = flowsim(&["run", "F", "--flows", dir_arg, "--input", "1"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for flows in ["fixtures/flows", "fixtures/archy/flows"] {
        let o = flowsim(&["check", "--flows", flows, "--strict"]);
        assert_eq!(o.code, 0, "{flows}: {}", o.stdout);
    }
}

/// A read of a variable an Archy flow neither declares nor writes is an error (Architect's
/// checker refuses it) with the nearest declared name; `run` refuses the flow with the same
/// message; the bundled flows and the corpus (its test) have none.
#[test]
fn check_refuses_undeclared_variables_in_architect_flows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "workflow:\n  name: W\n  startUpRef: \"/workflow/states/state[S_1]\"\n  variables:\n    - stringVariable: {name: Flow.customerName}\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - decision:\n              name: Known\n              condition: {exp: 'IsSet(Flow.custmerName)'}\n          - endWorkflow: {name: End}\n",
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 1, "an error: {}", o.stdout);
    let message = "error[undeclaredVariable]: `Flow.custmerName` is read, but flow `W` declares no such variable and no action writes it: Architect refuses the expression";
    assert!(o.stdout.contains(message), "{}", o.stdout);
    let run = flowsim(&["run", "--flows", dir.path().to_str().unwrap(), "W"]);
    assert_eq!(run.code, 2, "run refuses it up front: {}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(o.stdout.contains("did you mean `Flow.customerName`?"), "{}", o.stdout);
    // Where: the file's line and column, and a caret under the name.
    assert!(o.stdout.contains("w.yaml:13:39: flow `W`"), "{}", o.stdout);
    assert!(
        o.stdout.contains("   | IsSet(Flow.custmerName)\n   |       ^^^^^^^^^^^^^^^^"),
        "{}",
        o.stdout
    );
}

/// What else Architect's checker refuses in an expression is a `check` error too, with its
/// caret: a form Architect's expressions do not have (`TRUE`, `||`), a name that is no
/// variable, a member a value lacks, a decision's condition Architect cannot convert to a
/// Boolean (a number or text it converts with `ToBool`).
#[test]
fn check_refuses_what_architects_checker_refuses() {
    for (exp, code, message) in [
        ("Flow.n > 1 and TRUE", "unknownFunction", "`TRUE` is not a function or variable"),
        (
            "Flow.n > 1 || Flow.n < 0",
            "syntax",
            "Architect's expressions have no `||` or `&&` (write `or`, `and`)",
        ),
        ("Menu.digits == \"1\"", "unknownVariable", "`Menu.digits` is not a variable"),
        ("Flow.n.size > 1", "unknownVariable", "`Flow.n.size` is not a variable"),
        ("MakeCurrency(5, \"EUR\").cents > 1", "unknownMember", "Currency has no member `cents`"),
        ("Flow.n + \"1\" == 2", "typeMismatch", "`+` cannot take Integer and String"),
        (
            "MakeDuration(0, 0, Flow.n, 0)",
            "typeMismatch",
            "`condition` must be a Boolean: Architect cannot convert expression from type Duration to required type of Boolean",
        ),
        ("Flow.n / 0 > 1", "argumentValue", "`/` by a literal 0: Architect refuses a divisor that is zero"),
        (
            "MakeCurrency(5.25, \"USD123\").amount > 1",
            "argumentValue",
            "MakeCurrency: the literal \"USD123\" supplied to the currencyCode parameter is not a supported ISO 4217 currency code",
        ),
        (
            "GetCurrencySymbol(\"XYZ\") == \"\"",
            "argumentValue",
            "GetCurrencySymbol: the literal \"XYZ\" supplied to the currencyCode parameter is not a supported ISO 4217 currency code",
        ),
        (
            "Left(\"abc\", -1) == \"\"",
            "argumentValue",
            "Left: the value of -1 supplied to the length parameter is less than the minimum allowed of 0",
        ),
        (
            "ToString(1.5, 29) == \"\"",
            "argumentValue",
            "ToString: the value of 29 supplied to the decimalPlaces parameter is greater than the maximum allowed of 28",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("w.yaml"),
            format!("workflow:\n  name: W\n  startUpRef: \"/workflow/states/state[S_1]\"\n  variables:\n    - integerVariable: {{name: Flow.n, initialValue: {{lit: 2}}}}\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - decision:\n              name: Check\n              condition: {{exp: '{exp}'}}\n          - endWorkflow: {{name: End}}\n"),
        )
        .unwrap();
        let o = flowsim(&["check", "--color", "never", "--flows", dir.path().to_str().unwrap()]);
        assert_eq!(o.code, 1, "{exp}: {}", o.stdout);
        assert!(o.stdout.contains(&format!("error[{code}]: {message}")), "{exp}: {}", o.stdout);
        assert!(o.stdout.contains('^'), "{exp}: a caret: {}", o.stdout);
    }
}

/// A member a typed value does not have names the type's members and the one meant.
#[test]
fn check_names_the_members_a_value_has() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "workflow:\n  name: W\n  startUpRef: \"/workflow/states/state[S_1]\"\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - decision:\n              name: Check\n              condition: {exp: 'MakeCurrency(5, \"EUR\").amout > 1'}\n          - endWorkflow: {name: End}\n",
    )
    .unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains("error[unknownMember]: Currency has no member `amout`"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("did you mean `.amount`? Currency's members: amount, code"),
        "{}",
        o.stdout
    );
}

/// Every misspelt function of an expression is reported at once, each with a caret and the
/// nearest name (the first one no longer hides the others).
#[test]
fn check_reports_every_unknown_function_of_an_expression() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "workflow:\n  name: W\n  startUpRef: \"/workflow/states/state[S_1]\"\n  variables:\n    - stringVariable: {name: Flow.name}\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - decision:\n              name: Known\n              condition: {exp: 'Lenght(Apend(Lowr(Flow.name), \"x\")) > 1'}\n          - endWorkflow: {name: End}\n",
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    for (name, fix, caret) in [
        ("Lenght", "Length", "   | ^^^^^^\n"),
        ("Apend", "Append", "   |        ^^^^^\n"),
        ("Lowr", "Lower", "   |              ^^^^\n"),
    ] {
        let d = o
            .stdout
            .split("error[unknownFunction]: ")
            .find(|d| d.starts_with(&format!("unknown function `{name}`")))
            .unwrap_or_else(|| panic!("no error for {name}: {}", o.stdout));
        assert!(d.contains(&format!("did you mean `{fix}`?")), "{d}");
        assert!(d.contains(caret), "{d}");
    }
    assert!(o.stdout.contains("3 error(s)"), "{}", o.stdout);
}

/// Issue 14 item 3 (Archy and exports): a variable only Collect Input writes, compared with a
/// text that input can never produce (too many digits, a `*` it does not accept), is a warning
/// at the comparison's line and column; a comparison it can produce is not.
#[test]
fn check_warns_about_collect_input_digits_that_can_never_come() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pin.yaml"),
        "inboundCall:\n  name: Pin\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - collectInput:\n              name: Ask PIN\n              inputData:\n                var: Task.pin\n              digits:\n                exact: 4\n              inputAudio:\n                tts: Enter your PIN.\n          - decision:\n              name: Check\n              condition:\n                exp: Task.pin == \"12345\" or Task.pin == \"1234\" or Task.pin != \"*\"\n          - disconnect: {name: End}\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_eq!(o.code, 0, "warnings only: {}", o.stdout);
    assert!(o.stdout.contains("warning[impossibleDigits]: `Task.pin == \"12345\"` compares `Task.pin`, which only Collect Input writes (4 digits of 0-9), with \"12345\", which it can never be: the comparison is always false"), "{}", o.stdout);
    assert!(
        o.stdout.contains("pin.yaml:25:22: flow `Pin`, node `T/Check`, property `condition`"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("`Task.pin != \"*\"` compares"), "{}", o.stdout);
    assert!(o.stdout.contains("always true"), "{}", o.stdout);
    assert!(!o.stdout.contains("`Task.pin == \"1234\"`"), "{}", o.stdout);
    assert!(o.stdout.contains("0 error(s), 2 warning(s)"), "{}", o.stdout);
    let o = flowsim(&["check", "--flows", path, "--strict"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
}

/// A variable declared, or an Update Data statement typed, with a misspelt Architect type
/// (`strngVariable`, `- integr:`) is a warning with the type meant.
#[test]
fn check_warns_about_misspelt_data_types() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.yaml"),
        "workflow:\n  name: W\n  startUpRef: \"/workflow/states/state[S_1]\"\n  variables:\n    - strngVariable: {name: Flow.who}\n    - wrapupCodeVariable: {name: Flow.code}\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - updateData:\n              name: Set\n              statements:\n                - integr:\n                    variable: Flow.n\n                    value: {lit: 5}\n          - endWorkflow: {name: End}\n",
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "warnings only: {}", o.stdout);
    assert!(o.stdout.contains("warning[unknownType]: `strngVariable` declares `Flow.who`, but `strng` is not one of Architect's data types\n  --> "), "{}", o.stdout);
    assert!(o.stdout.contains("t.yaml:5:7"), "{}", o.stdout);
    assert!(o.stdout.contains("did you mean `stringVariable`?"), "{}", o.stdout);
    assert!(
        o.stdout.contains("warning[unknownType]: `integr` is not one of Architect's data types"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("did you mean `integer`?"), "{}", o.stdout);
    assert!(
        o.stdout.contains("0 error(s), 2 warning(s)"),
        "a real type is not flagged: {}",
        o.stdout
    );
}

/// Issue 14 item 3 (Archy and exports): a declared variable that is read but never given a
/// value (no initial value, not an input, written by no action) is always NOT_SET: a warning
/// at the read; variables with a value from any of those sources are not.
#[test]
fn check_warns_about_variables_nothing_ever_sets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "workflow:\n  name: W\n  startUpRef: \"/workflow/states/state[S_1]\"\n  variables:\n    - stringVariable: {name: Flow.customerName}\n    - stringVariable: {name: Flow.tier, initialValue: {lit: gold}}\n    - stringVariable: {name: Flow.given, isInput: true}\n    - stringVariable: {name: Flow.set}\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - updateData:\n              name: Set\n              statements:\n                - string:\n                    variable: Flow.set\n                    value: {exp: 'Append(Flow.tier, Flow.given)'}\n          - decision:\n              name: Known\n              condition: {exp: 'IsSet(Flow.customerName) and Flow.set != \"\"'}\n          - endWorkflow: {name: End}\n",
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "a warning: {}", o.stdout);
    assert!(o.stdout.contains("warning[neverAssigned]: `Flow.customerName` is read, but nothing gives it a value: it has no initial value, is not an input, and no action of flow `W` writes it (it is always NOT_SET)"), "{}", o.stdout);
    assert!(
        o.stdout.contains("w.yaml:22:39: flow `W`, node `S/Known`, property `condition`\n"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains(
            "   | IsSet(Flow.customerName) and Flow.set != \"\"\n   |       ^^^^^^^^^^^^^^^^^\n"
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("0 error(s), 1 warning(s)"), "{}", o.stdout);
}

/// A comparison that is always false by type (a String variable with a number, a Boolean with
/// text) is an error (Architect's checker refuses it) at its line and column, with the
/// comparison that can hold as the fix; the bundled Archy flows (`--strict` above) and the
/// corpus have none.
#[test]
fn check_refuses_comparisons_that_are_always_false_by_type() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.yaml"),
        "inboundCall:\n  name: Cmp\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  variables:\n    - booleanVariable: {name: Flow.vip}\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - updateData:\n              name: Set\n              statements:\n                - string:\n                    variable: Flow.tier\n                    value: {lit: gold}\n          - decision:\n              name: Check\n              condition: {exp: 'Flow.tier == 5 or Flow.vip == \"true\"'}\n          - disconnect: {name: End}\n",
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.code, 1, "errors: {}", o.stdout);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let found: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "alwaysFalse")
        .collect();
    assert_eq!(found.len(), 2, "{json:#}");
    let tier = found[0];
    assert_eq!(
        tier["message"],
        "`Flow.tier == 5` compares String with Integer, which are never equal: it is always false"
    );
    assert_eq!((tier["line"].as_u64(), tier["column"].as_u64()), (Some(24), Some(33)), "{tier}");
    assert_eq!(tier["property"], "condition");
    assert_eq!(tier["flow"], "Cmp");
    assert!(tier["help"].as_str().unwrap().contains("`Flow.tier == \"5\"`"), "{tier}");
    assert!(found[1]["help"].as_str().unwrap().contains("`Flow.vip == true`"), "{}", found[1]);
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert!(o.stdout.contains("error[alwaysFalse]"), "{}", o.stdout);
    assert!(o.stdout.contains("^^^^^^^^^^^^^^^"), "a caret under the comparison: {}", o.stdout);
}

/// Issue 14 item 3: a Gather's digits compared with what it can never return (longer than
/// `maxDigits`, or not 0-9 * #) is a comparison that is always false (or always true).
#[test]
fn check_warns_about_digits_a_gather_can_never_return() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("f.json"),
        r#"{"name": "F2", "type": "inbound", "draft": {"startNode": "Menu", "nodes": {
  "Menu": {"type": "Gather", "properties": {"promptText": "Press 1", "maxDigits": 1}, "onComplete": {"nextNode": "Check"}},
  "Check": {"type": "If", "properties": {"conditions": [{"expression": "Menu.digits == \"12\"", "nextNode": "Bye"}, {"expression": "Menu.digits == \"1\"", "nextNode": "Bye"}], "defaultNextNode": "Bye"}},
  "Bye": {"type": "Say", "properties": {"sayText": "Bye"}}}}}"#,
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("warning[impossibleDigits]: `Menu.digits == \"12\"` compares `Menu.digits` (at most 1 digit(s)"), "{}", o.stdout);
    assert_eq!(o.stdout.matches("impossibleDigits").count(), 1, "`== \"1\"` is fine: {}", o.stdout);
}

/// Issue 14 item 3: branches a constant condition makes unreachable: after a `true` condition
/// nothing later runs, a `false` one never does, a decision on a constant never takes its
/// other output.
#[test]
fn check_warns_about_outputs_a_constant_makes_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "workflow:\n  name: W\n  startUpRef: \"/workflow/states/state[S_1]\"\n  variables:\n    - stringVariable: {name: Flow.x, isInput: true}\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - decision:\n              name: Always\n              condition: {lit: true}\n          - switch:\n              name: Which\n              evaluate:\n                firstTrue:\n                  cases:\n                    - case: {value: {lit: false}, actions: [{endWorkflow: {name: A}}]}\n                    - case: {value: {exp: 'IsSet(Flow.x)'}, actions: [{endWorkflow: {name: B}}]}\n          - endWorkflow: {name: End}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("f.json"),
        r#"{"name": "F", "type": "inbound", "draft": {"startNode": "Check", "nodes": {
  "Check": {"type": "If", "properties": {"conditions": [{"expression": "true", "nextNode": "Bye"}, {"expression": "1 == 1", "nextNode": "Bye"}], "defaultNextNode": "Bye"}},
  "Bye": {"type": "Say", "properties": {"sayText": "Bye"}}}}}"#,
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    for want in [
        "`no` of `S/Always` can never be taken",
        "`case 1` of `S/Which` can never be taken",
        "`conditions[1]` of `Check` can never be taken",
        "`defaultNextNode` of `Check` can never be taken",
    ] {
        assert!(o.stdout.contains(want), "{want}: {}", o.stdout);
    }
    assert_eq!(o.stdout.matches("unreachableOutput").count(), 4, "{}", o.stdout);
}

/// Issue 16 item 2 (part): shell completions and a manual page, generated from the command
/// line's definition; the bash script completes in a real bash.
#[test]
fn completions_and_the_manual_page_come_from_the_cli_definition() {
    let o = flowsim(&["completions", "bash"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("flowsim.bash");
    std::fs::write(&script, &o.stdout).unwrap();
    if std::path::Path::new("/bin/bash").exists() {
        let complete = |words: &str, cword: usize| {
            // What bash passes: the command, the word being completed, the word before it.
            let list: Vec<&str> = words.split(' ').collect();
            let cur = list.get(cword).copied().unwrap_or("");
            let prev = list[cword - 1];
            let cmd = format!(
                "source {}; COMP_WORDS=({words} ''); COMP_CWORD={cword}; _flowsim flowsim '{cur}' '{prev}'; echo \"${{COMPREPLY[@]}}\"",
                script.display()
            );
            let out = std::process::Command::new("/bin/bash").args(["-c", &cmd]).output().unwrap();
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        };
        assert_eq!(complete("flowsim ch", 1), "check");
        assert_eq!(complete("flowsim run --for", 2), "--format");
        assert!(complete("flowsim", 1).split(' ').any(|w| w == "nlu"));
    }
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let o = flowsim(&["completions", shell]);
        assert_eq!(o.code, 0, "{shell}");
        assert!(o.stdout.contains("flowsim"), "{shell}");
    }
    assert_eq!(flowsim(&["completions", "tcsh"]).code, 2, "an unknown shell is a usage error");
    let o = flowsim(&["man"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains(".TH flowsim 1"), "{}", &o.stdout[..200.min(o.stdout.len())]);
    assert!(o.stdout.contains("nlu"), "every subcommand is listed");
}

/// A scenario file of one passing scenario, in `dir`.
fn one_passing_scenario(dir: &Path) -> PathBuf {
    let file = dir.join("c.scenarios.yaml");
    std::fs::write(
        &file,
        format!(
            "flows: {}\nscenarios:\n  - name: ok\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect: {{missing: [\"queue:q-support\"]}}\n",
            root().join("fixtures/flows").display()
        ),
    )
    .unwrap();
    file
}

/// Issue 16 item 2 (part): no colour through a pipe; NO_COLOR, CLICOLOR_FORCE and `--color`
/// decide as their conventions say.
#[test]
fn reports_are_plain_in_a_pipe_unless_colour_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let file = one_passing_scenario(dir.path());
    let file = file.to_str().unwrap();
    let plain = flowsim(&["test", file]);
    assert!(plain.stdout.starts_with("PASS "), "a pipe gets no colour: {:?}", plain.stdout);
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .envs(envs.iter().copied())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(&[("CLICOLOR_FORCE", "1")], &["test", file]).starts_with("\x1b[1;32mPASS\x1b[0m "));
    assert!(
        run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &["test", file]).starts_with("PASS ")
    );
    assert!(run(&[("NO_COLOR", "1")], &["test", file, "--color", "always"])
        .starts_with("\x1b[1;32mPASS"));
    assert!(
        run(&[("CLICOLOR_FORCE", "1")], &["test", file, "--color", "never"]).starts_with("PASS ")
    );
}

/// Issue 16 item 2 (part): colour in a real terminal. tmux runs the binary in a pane; the
/// pane's contents, with their escape sequences, show the colour.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn reports_are_coloured_in_a_terminal() {
    crate::support::require_tool("tmux", &["tmux"]);
    let dir = tempfile::tempdir().unwrap();
    let file = one_passing_scenario(dir.path());
    let file = file.to_str().unwrap();
    let socket = format!("flowsim-color-{}", std::process::id());
    let command = format!(
        "env -u NO_COLOR -u CLICOLOR_FORCE {} test {file}; sleep 30",
        env!("CARGO_BIN_EXE_flowsim")
    );
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux").args(["-L", &socket]).args(args).output().unwrap()
    };
    tmux(&["new-session", "-d", "-x", "200", "-y", "20", &command]);
    let mut screen = String::new();
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let out = tmux(&["capture-pane", "-p", "-e"]);
        screen = String::from_utf8_lossy(&out.stdout).into_owned();
        if screen.contains("passed") {
            break;
        }
    }
    tmux(&["kill-server"]);
    assert!(screen.contains("PASS"), "the pane: {screen:?}");
    assert!(
        screen.contains("\x1b[1;32mPASS") || screen.contains("\x1b[1m\x1b[32mPASS"),
        "coloured in a terminal: {screen:?}"
    );
}

/// An Archy author types an action's name; the did-you-mean gives its id.
#[test]
fn an_unknown_start_action_suggests_the_nearest_id_or_name() {
    let archy = ["run", "Acme Main IVR", "--flows", "fixtures/archy/flows", "--fixtures"];
    for (typed, meant) in [
        ("Get balanc", "Account Balance/Get balance"),
        ("Account Balance/Get balanc", "Account Balance/Get balance"),
    ] {
        let mut args = archy.to_vec();
        args.extend(["fixtures/archy/data", "--start-node", typed]);
        let o = flowsim(&args);
        assert_eq!(o.code, 2, "{}", o.stdout);
        assert!(o.stderr.contains(&format!("did you mean `{meant}`?")), "{typed}: {}", o.stderr);
    }
    let o = flowsim(&run_args(&["Inbound_Flow_A", "--start-node", "Nowhere at all"]));
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("name an action by its id"), "{}", o.stderr);
    let help = flowsim(&["run", "--help"]).stdout;
    assert!(help.contains("Start at this action (or node)"), "{help}");
}

#[test]
fn check_takes_flow_paths_as_users_type_them() {
    let plain = flowsim(&["check", "fixtures/archy/flows"]);
    let flagged = flowsim(&["check", "--flows", "fixtures/archy/flows"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(plain.stdout, flagged.stdout);
    let both = flowsim(&["check", "fixtures/archy/flows", "--flows", "fixtures/flows"]);
    assert_eq!(both.code, 0, "{}", both.stderr);
    assert!(
        both.stdout.contains("10 flow(s) under fixtures/flows, fixtures/archy/flows"),
        "{}",
        both.stdout
    );
}

#[test]
fn a_command_with_no_flows_says_how_to_name_them() {
    for args in [&["check"][..], &["run"], &["serve"], &["graph", "Main"]] {
        let o = flowsim(args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("no flow file or directory was given"), "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("--flows"), "{}", o.stderr);
    }
}

/// Every code a report prints is one `flowsim explain` knows: here those of a broken Archy
/// flow, as `check --format json` lists them.
#[test]
fn explain_tells_what_each_code_of_a_report_means() {
    let o = flowsim(&[
        "check",
        "tests/data/broken-archy",
        "--sub",
        "billing_queue=B",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let report: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("a code"))
        .collect();
    assert_eq!(codes, ["syntax", "danglingRef"]);
    for code in codes {
        let e = flowsim(&["explain", code]);
        assert_eq!(e.code, 0, "{code}: {}", e.stderr);
        assert!(e.stdout.starts_with(&format!("{code}\n\n")), "{}", e.stdout);
        assert!(e.stdout.len() > 80, "{}", e.stdout);
    }
    // As the report writes it, in any case.
    let e = flowsim(&["explain", "error[DANGLINGREF]"]);
    assert!(
        e.stdout.contains("names a task, state or menu the flow does not have"),
        "{}",
        e.stdout
    );
    // The list: one line per code.
    let all = flowsim(&["explain"]);
    assert_eq!(all.code, 0);
    assert!(all.stdout.lines().count() > 60, "{}", all.stdout);
    assert!(all.stdout.lines().any(|l| l.starts_with("undeclaredVariable ")), "{}", all.stdout);
    // A misspelt code: exit 2 and the nearest.
    let bad = flowsim(&["explain", "undeclaredVarible"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("did you mean `undeclaredVariable`?"), "{}", bad.stderr);
    // What a command refuses a request with is explained too: here `run` with two flows and no
    // name, and with a flow name that is no flow's.
    let two = [
        "--flows",
        "fixtures/archy/flows/acme_main_ivr.yaml",
        "--flows",
        "fixtures/archy/flows/customer_lookup.yaml",
    ];
    for (args, code) in [(&[][..], "noFlow"), (&["Acme Mian IVR"][..], "flowNotFound")] {
        let run = flowsim(&[&["run"], args, &two[..]].concat());
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.starts_with(&format!("error[{code}]: ")), "{}", run.stderr);
        let e = flowsim(&["explain", code]);
        assert_eq!(e.code, 0, "{code}: {}", e.stderr);
        assert!(e.stdout.contains('`'), "an example: {}", e.stdout);
    }
}

/// A command given one flow file runs that flow without its name; given several flows and no
/// name, it lists them and says how to name one (exit 2).
#[test]
fn the_only_flow_loaded_needs_no_name() {
    let one = "fixtures/archy/flows/acme_main_ivr.yaml";
    let with = ["--flows", one, "--flows", "fixtures/archy/flows/customer_lookup.yaml"];
    let ctx = ["--context", "startTime=2026-01-06T15:00:00Z", "--input", "9"];
    let named = flowsim(&[&["run", "Acme Main IVR"][..], &with, &ctx].concat());
    // A common module beside the flow is a second flow: the name is needed.
    let unnamed = flowsim(&[&["run"][..], &with, &ctx].concat());
    assert_eq!(unnamed.code, 2, "{}", unnamed.stderr);
    assert!(
        unnamed
            .stderr
            .contains("which flow? 2 flows are loaded: `Acme Main IVR`, `Customer Lookup`"),
        "{}",
        unnamed.stderr
    );
    assert!(unnamed.stderr.contains("`flowsim run \"Acme Main IVR\" ...`"), "{}", unnamed.stderr);

    let alone = flowsim(&["run", "--flows", "fixtures/archy/flows/customer_lookup.yaml"]);
    assert!(
        alone.stdout.starts_with("run Customer Lookup (draft)"),
        "{}{}",
        alone.stdout,
        alone.stderr
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    for command in ["explore", "graph"] {
        let o = flowsim(&[command, "--flows", one]);
        assert_eq!(o.code, 0, "{command}: {}", o.stderr);
        assert!(o.stdout.contains("Acme Main IVR"), "{command}: {}", o.stdout);
    }
    let o = flowsim(&["explore", "--flows", "fixtures/archy/flows"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("5 flows are loaded"), "{}", o.stderr);
}

/// `flowsim test`'s reports are written together: when one cannot be written, the ones this
/// command created are removed, and it exits 2.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_leaves_no_other_report_behind() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("j.xml");
    let o = flowsim(&[
        "test",
        "fixtures/scenarios",
        "--junit-out",
        junit.to_str().unwrap(),
        "--coverage-out",
        "/dev/full",
    ]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("cannot write the coverage report /dev/full"), "{}", o.stderr);
    assert!(!junit.exists(), "the JUnit report of the failed command is gone");
}

/// `replay` and `traffic` over a directory with nothing to read exit 2: a mistyped directory
/// must not pass a CI job.
#[test]
fn replay_and_traffic_of_an_empty_directory_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().to_str().unwrap();
    let o = flowsim(&["replay", "--flows", "fixtures/archy/flows", empty]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("no cassette or execution data under"), "{}", o.stderr);
    let o = flowsim(&["traffic", empty, "--flows", "fixtures/archy/flows"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("no flow execution data under"), "{}", o.stderr);
}
