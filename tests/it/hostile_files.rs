//! Hostile files, through the real binary: FIFOs and devices as inputs, devices and links as
//! outputs, a full standard output, duplicate keys, arrays for objects. Each run is a child
//! killed after a deadline: a hang fails the test instead of stalling the suite.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run did.
struct Run {
    code: i32,
    stderr: String,
}

/// Runs flowsim with stdout sent to `stdout`, killing it after 20 s. What it prints on stdout,
/// when piped, is appended to `stderr` (a scenario file's error is in the report).
#[track_caller]
fn flowsim_to(args: &[&str], stdout: Stdio) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(args)
        .current_dir(crate::support::root())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("flowsim starts");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_pipe = child.stdout.take();
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut out) = out_pipe {
            let _ = out.read_to_string(&mut text);
        }
        text
    });
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err_pipe.read_to_string(&mut text);
        text + &out_reader.join().unwrap_or_default()
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("flowsim {args:?} hangs (killed after 20 s)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run { code: status.code().unwrap_or(-1), stderr: reader.join().unwrap_or_default() }
}

#[track_caller]
fn flowsim(args: &[&str]) -> Run {
    flowsim_to(args, Stdio::piped())
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo runs").success();
    assert!(ok, "mkfifo {}", path.display());
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn flows() -> PathBuf {
    crate::support::root().join("fixtures/flows")
}

#[track_caller]
fn refused(run: &Run, file: &Path, what: &str) {
    assert_eq!(run.code, 2, "exit 2: {}", run.stderr);
    assert!(run.stderr.contains(s(file)), "names {}: {}", file.display(), run.stderr);
    assert!(run.stderr.contains(what), "says `{what}`: {}", run.stderr);
}

#[test]
fn fifos_and_devices_are_never_read_as_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.json");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let flows = flows();
    for input in [&fifo, &zero] {
        let request = flowsim(&["run", "--flows", s(&flows), "--request", s(input)]);
        refused(&request, input, "not a regular file");
        let fixtures =
            flowsim(&["run", "Inbound_Flow_A", "--flows", s(&flows), "--fixtures", s(input)]);
        refused(&fixtures, input, "not a regular file");
        let check = flowsim(&["check", "--flows", s(input)]);
        assert_ne!(check.code, 0, "{}", check.stderr);
        assert!(check.stderr.contains("not a regular file") || check.code == 1);
    }
    // A scenario file that is a FIFO is named and refused.
    let scenarios = dir.path().join("x.scenarios.yaml");
    mkfifo(&scenarios);
    let test = flowsim(&["test", s(&scenarios)]);
    refused(&test, &scenarios, "not a regular file");
    // So are a cassette and a replay config.
    for input in [&fifo, &zero] {
        let replay = flowsim(&["replay", s(input), "--flows", s(&flows)]);
        refused(&replay, input, "not a regular file");
        let cassette = crate::support::root().join("fixtures/cassettes/emulator.json");
        let config = flowsim(&["replay", s(&cassette), "--flows", s(&flows), "--config", s(input)]);
        assert_eq!(config.code, 2, "{}", config.stderr);
        assert!(config.stderr.contains("not a regular file"), "{}", config.stderr);
    }
}

#[test]
fn output_targets_are_written_through_links_and_devices_are_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let suite = "fixtures/scenarios/inbound.scenarios.yaml";
    // A device: written directly, so a full one fails the run (exit 2) and stays a device.
    let full = flowsim(&["test", suite, "--junit-out", "/dev/full"]);
    assert_eq!(full.code, 2, "{}", full.stderr);
    assert!(full.stderr.contains("/dev/full"), "{}", full.stderr);
    let meta = std::fs::metadata("/dev/full").unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&meta.file_type()));
    // A link: stays a link, its target gets the report.
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("coverage.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let ok = flowsim(&["test", suite, "--coverage-out", s(&link)]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().starts_with('['));
    // What a killed run left beside the target is removed by the next write.
    let stale = dir.path().join(format!(".real.json.flowsim-tmp.{}.0", u32::MAX - 1));
    std::fs::write(&stale, "half").unwrap();
    let again = flowsim(&["test", suite, "--coverage-out", s(&link)]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!stale.exists(), "the stale temporary file is removed");
    // A directory as the target is refused.
    let to_dir = flowsim(&["test", suite, "--junit-out", s(dir.path())]);
    assert_eq!(to_dir.code, 2, "{}", to_dir.stderr);
}

#[test]
fn a_full_standard_output_exits_2() {
    let flows = flows();
    for args in [
        vec!["check", "--flows", s(&flows)],
        vec!["run", "Inbound_Flow_A", "--flows", s(&flows), "--input", "1"],
        vec!["test", "fixtures/scenarios/inbound.scenarios.yaml"],
    ] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let run = flowsim_to(&args, Stdio::from(full));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("standard output"), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn lenient_input_is_refused_with_file_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("dup.json");
    let end = r#"{"type": "End", "properties": {"endType": "disconnect"}}"#;
    std::fs::write(
        &flow,
        format!(
            "{{\"name\": \"A\", \"draft\": {{\"startNode\": \"e\", \"nodes\": {{\"e\": {end},\n  \"e\": {end}}}}}}}"
        ),
    )
    .unwrap();
    let check = flowsim(&["check", "--flows", s(&flow)]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let fixture = dir.path().join("dup.yaml");
    std::fs::write(&fixture, "contacts: []\ncontacts: []\n").unwrap();
    let fx = flowsim(&["check", "--flows", s(&flows()), "--fixtures", s(&fixture)]);
    assert_eq!(fx.code, 1, "{}", fx.stderr);
    let request = dir.path().join("req.json");
    std::fs::write(&request, r#"["Inbound_Flow_A"]"#).unwrap();
    let array = flowsim(&["run", "--flows", s(&flows()), "--request", s(&request)]);
    refused(&array, &request, "expected a run request");
    std::fs::write(&request, "{\"flowName\": \"Inbound_Flow_A\",\n \"inputs\": [\"1a\"]}").unwrap();
    let bad = flowsim(&["run", "--flows", s(&flows()), "--request", s(&request)]);
    refused(&bad, &request, "badInput");
    std::fs::write(&request, b"{\"flowName\": \"\xff\"}").unwrap();
    let latin = flowsim(&["run", "--flows", s(&flows()), "--request", s(&request)]);
    refused(&latin, &request, "offset 14");
    // A scenario name of any length can be snapshotted.
    let suite = dir.path().join("long.scenarios.yaml");
    let name = "a very long scenario name ".repeat(20);
    std::fs::write(
        &suite,
        format!(
            "flows: {}\nscenarios:\n  - name: \"{name}\"\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect: {{missing: [\"queue:q-support\"]}}\n    snapshot: true\n",
            s(&flows())
        ),
    )
    .unwrap();
    let accept = flowsim(&["test", s(&suite), "--accept"]);
    assert_eq!(accept.code, 0, "{}", accept.stderr);
    let ci = flowsim(&["test", s(&suite), "--ci"]);
    assert_eq!(ci.code, 0, "{}", ci.stderr);
}

/// An Architect export (decoded JSON) of a workflow with two states and, in the first, three
/// actions, where `dup_state` gives the second state the first's id and `dup_action` gives the
/// third action the first's.
fn export_with(dup_state: bool, dup_action: bool) -> String {
    let end = |id: &str| serde_json::json!({"__type": "EndWorkflowAction", "id": id, "name": format!("End {id}")});
    let a1 = "0f5e6a3e-0000-4000-8000-000000000001";
    let a3 = if dup_action { a1 } else { "0f5e6a3e-0000-4000-8000-000000000003" };
    let s2 = if dup_state {
        "5e000000-0000-4000-8000-000000000001"
    } else {
        "5e000000-0000-4000-8000-000000000002"
    };
    serde_json::json!({
        "name": "Dup", "type": "WORKFLOW", "initialSequence": "5e000000-0000-4000-8000-000000000001",
        "errorHandling": {"handlingType": "EndWorkflow"},
        "flowSequenceItemList": [
            {"__type": "State", "id": "5e000000-0000-4000-8000-000000000001", "name": "One",
             "startAction": a1,
             "actionList": [end(a1), end("0f5e6a3e-0000-4000-8000-000000000002"), end(a3)]},
            {"__type": "State", "id": s2, "name": "Two", "startAction": "0f5e6a3e-0000-4000-8000-000000000004",
             "actionList": [end("0f5e6a3e-0000-4000-8000-000000000004")]},
        ],
    })
    .to_string()
}

#[test]
fn duplicate_state_and_action_ids_in_an_export_are_load_errors_naming_both_places() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dup.i3WorkFlow");
    std::fs::write(&file, export_with(false, false)).unwrap();
    let fine = flowsim(&["check", "--flows", s(&file)]);
    assert_eq!(fine.code, 0, "the export without duplicates loads: {}", fine.stderr);

    std::fs::write(&file, export_with(true, false)).unwrap();
    let states = flowsim(&["check", "--flows", s(&file)]);
    assert_eq!(states.code, 1, "{}", states.stderr);
    assert!(
        states.stderr.contains("`flowSequenceItemList[1]` (`Two`) has the id `5e000000-0000-4000-8000-000000000001`, as the state at `flowSequenceItemList[0]` does"),
        "{}",
        states.stderr
    );

    std::fs::write(&file, export_with(false, true)).unwrap();
    let actions = flowsim(&["check", "--flows", s(&file)]);
    assert_eq!(actions.code, 1, "{}", actions.stderr);
    assert!(
        actions.stderr.contains("`flowSequenceItemList[0].actionList[2]` has the id `0f5e6a3e-0000-4000-8000-000000000001`, as the action at `flowSequenceItemList[0].actionList[0]` does"),
        "{}",
        actions.stderr
    );
}

/// The value `key:` holds, nested `n` levels deep in one YAML style.
fn nested(key: &str, style: &str, n: usize) -> String {
    match style {
        "flow" => format!("{key}: {}{}\n", "[".repeat(n), "]".repeat(n)),
        "mapping" => format!("{key}: {}1{}\n", "{a: ".repeat(n), "}".repeat(n)),
        _ => format!("{key}:\n{}x\n", "- ".repeat(n)),
    }
}

/// Scenario files, fixture files and replay configs nested 200,000 levels deep, in flow and
/// block styles (made here, not stored), are refused at the YAML depth limit: exit 2, the file
/// with line and column, the limit named; no stack overflow, and no time spent past the limit.
#[test]
fn yaml_nested_200_000_levels_deep_is_refused_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let flows = flows();
    let cassette = crate::support::root().join("fixtures/cassettes/emulator.json");
    // The 256th level: the root mapping is the first, so the value's 255th `[`, `{` or `-`;
    // the scanner stops `[`/`{` at its 256th of those, which the root mapping does not count.
    let place = |style: &str, key: &str| match style {
        "flow" => format!("1:{}", key.len() + 2 + 256),
        "mapping" => format!("1:{}", key.len() + 2 + 4 * 254 + 1),
        _ => format!("2:{}", 2 * 254 + 1),
    };
    for style in ["flow", "mapping", "block"] {
        let suite = dir.path().join(format!("{style}.scenarios.yaml"));
        std::fs::write(&suite, nested("scenarios", style, 200_000)).unwrap();
        let test = flowsim(&["test", s(&suite)]);
        refused(&test, &suite, "the YAML nests deeper than 255 levels");
        assert!(test.stderr.contains(&place(style, "scenarios")), "{style}: {}", test.stderr);
        assert!(!test.stderr.contains("overflow"), "{}", test.stderr);

        let fixture = dir.path().join(format!("{style}.yaml"));
        std::fs::write(&fixture, nested("contacts", style, 200_000)).unwrap();
        let run =
            flowsim(&["run", "Inbound_Flow_A", "--flows", s(&flows), "--fixtures", s(&fixture)]);
        refused(&run, &fixture, "the YAML nests deeper than 255 levels");
        assert!(run.stderr.contains(&place(style, "contacts")), "{style}: {}", run.stderr);

        let config = dir.path().join(format!("{style}.replay.yaml"));
        std::fs::write(&config, nested("ignore", style, 200_000)).unwrap();
        let replay =
            flowsim(&["replay", s(&cassette), "--flows", s(&flows), "--config", s(&config)]);
        refused(&replay, &config, "the YAML nests deeper than 255 levels");
        assert!(replay.stderr.contains(&place(style, "ignore")), "{style}: {}", replay.stderr);
    }
}

/// Files each far under their own limit (32 MiB) that together pass what one command reads:
/// the files past the total are refused unread (`tooLarge`, naming each and the total), the
/// ones before it are read; under the total the same command reads them all. The total is
/// `FLOWSIM_MAX_READ_BYTES` (2 GiB by default: docs/budgets.md), lowered here to the size of
/// the bundled flows.
#[test]
fn files_each_under_their_limit_are_refused_past_the_command_s_total() {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let mut sizes = Vec::new();
    for e in std::fs::read_dir(crate::support::root().join("fixtures/flows")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            std::fs::copy(&p, flows.join(p.file_name().unwrap())).unwrap();
            sizes.push(std::fs::metadata(&p).unwrap().len());
        }
    }
    let total: u64 = sizes.iter().sum();
    assert!(sizes.len() >= 3 && sizes.iter().all(|s| *s < flowsim::util::MAX_INPUT_BYTES));
    let check = |limit: Option<&str>| {
        // `check` writes its findings on standard output, a refusal on standard error.
        let (code, out, err) =
            flowsim_with(dir.path(), &["check", "flows"], "FLOWSIM_MAX_READ_BYTES", limit);
        (code, out + &err)
    };
    let (code, err) = check(Some(&total.to_string()));
    assert_eq!(code, 0, "{err}");
    let (code, err) = check(Some(&(total / 2).to_string()));
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("error[tooLarge]: not read: with it this command would read"), "{err}");
    assert!(err.contains(&format!("more than its total of {}", total / 2)), "{err}");
    assert!(err.contains("FLOWSIM_MAX_READ_BYTES"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let (code, err) = check(Some("lots"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[badArgument]: FLOWSIM_MAX_READ_BYTES"), "{err}");
}

/// Each scenario's run has its own step limit; a `test` or `mutate` run has a total of steps
/// for all its runs (`FLOWSIM_MAX_RUN_STEPS`): past it no scenario starts and the run is
/// refused, whatever order the scenarios ran in.
#[test]
fn a_suite_whose_scenarios_take_more_steps_than_the_run_s_total_stops() {
    let dir = tempfile::tempdir().unwrap();
    let o = crate::cli::flowsim(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let run = |args: &[&str], total: Option<&str>| {
        flowsim_with(dir.path(), args, "FLOWSIM_MAX_RUN_STEPS", total)
    };
    let (code, out, err) = run(&["test", "--format", "json"], None);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let steps: u64 = report["report"]["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["steps"].as_u64().unwrap())
        .sum();
    assert!(steps > 4, "{out}");
    // Exactly the steps the suite takes is within the total; one less is past it.
    let (code, _, err) = run(&["test"], Some(&steps.to_string()));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["test"], Some(&(steps - 1).to_string()));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!(
            "error[tooLarge]: the run stopped: its scenarios took more than the run's total of {} steps",
            steps - 1
        )),
        "{err}"
    );
    assert!(err.contains("FLOWSIM_MAX_RUN_STEPS"), "{err}");
    let (code, _, err) = run(&["mutate", "--min-score", "0"], Some("1"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the run's total of 1 steps"), "{err}");
    let (code, _, err) = run(&["mutate", "--min-score", "0", "--max-mutants", "3"], None);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["test"], Some("0"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[badArgument]: FLOWSIM_MAX_RUN_STEPS"), "{err}");
}

/// The other commands that make many runs (`replay`, `traffic`, `diff`, `explore`) count them
/// toward the same total of steps, and are refused past it rather than reporting the runs that
/// happened to start first.
#[test]
fn replays_explorations_traffic_and_diffs_stop_at_the_run_s_total_of_steps() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str], total: Option<&str>| {
        flowsim_with(root, args, "FLOWSIM_MAX_RUN_STEPS", total)
    };
    let data = ["--flows", "fixtures/archy/flows", "--fixtures", "fixtures/archy/data"];
    let replay: Vec<&str> =
        ["replay", "fixtures/executions", "--format", "json"].into_iter().chain(data).collect();
    // The replay's local runs' steps, each charged to the total; a diverged execution is run
    // once more to explain its divergence (`api::replay::explain_rerun`), so it counts twice.
    let (code, out, err) = run(&replay, None);
    assert_eq!(code, 1, "one recorded call diverges: {err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let steps: u64 = report["report"]["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| {
            let twice = if i["outcome"] == "diverged" { 2 } else { 1 };
            Some(i["localSteps"].as_u64()? * twice)
        })
        .sum();
    assert!(steps > 10, "{out}");
    let (code, _, err) = run(&replay, Some(&steps.to_string()));
    assert_eq!(code, 1, "exactly the steps the replay takes are within the total: {err}");
    let (code, out, err) = run(&replay, Some(&(steps - 1).to_string()));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!(
            "error[tooLarge]: the run stopped: its replays took more than the run's total of {} steps",
            steps - 1
        )),
        "{err}"
    );
    assert!(
        out.contains("tooLarge") && !out.contains("\"interactions\""),
        "no partial report: {out}"
    );

    let traffic: Vec<&str> = ["traffic", "fixtures/executions"].into_iter().chain(data).collect();
    let explore: Vec<&str> = ["explore", "Acme Main IVR"].into_iter().chain(data).collect();
    let diff: Vec<&str> = ["diff", "--explore", "fixtures/archy/flows", "fixtures/archy/flows"]
        .into_iter()
        .chain(data.into_iter().skip(2))
        .collect();
    for (args, runs) in [(&traffic, "runs"), (&explore, "runs"), (&diff, "runs")] {
        let (code, _, err) = run(args, None);
        assert_eq!(code, 0, "{args:?}: {err}");
        let (code, _, err) = run(args, Some("1"));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(&format!("error[tooLarge]: the run stopped: its {runs} took more than the run's total of 1 steps")),
            "{args:?}: {err}"
        );
        assert!(err.contains("FLOWSIM_MAX_RUN_STEPS=N"), "{err}");
    }
}

/// What YAML aliases copy and what a table of `cases:` expands to are bounded per file (64 MiB
/// each), and count toward the command's total with the files it reads
/// (`FLOWSIM_MAX_READ_BYTES`), so that many small files cannot each make their own limit.
#[test]
fn copies_and_expanded_cases_count_toward_the_command_s_total() {
    let dir = tempfile::tempdir().unwrap();
    let o = crate::cli::flowsim(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let list = |total: Option<&str>| {
        let (code, out, err) =
            flowsim_with(dir.path(), &["test", "--list"], "FLOWSIM_MAX_READ_BYTES", total);
        (code, out + &err)
    };
    let mib = (1u64 << 20).to_string();
    // The project as `init` wrote it is read well within a MiB.
    let (code, said) = list(Some(&mib));
    assert_eq!(code, 0, "{said}");
    // 20 KB of text made 100 times over: 2 MB from a file of 21 KB.
    let long = "x".repeat(20_000);
    let cases: String =
        (0..100).map(|n| format!("      - {{n: {n}}}\n")).collect::<Vec<_>>().concat();
    let many = format!(
        "flows: ../flows\nfixtures: [../fixtures]\nscenarios:\n  - name: case {{n}}\n    flow: Main Menu\n    tags: [\"{long}{{n}}\"]\n    inputs: [\"1\"]\n    expect: {{status: transferred}}\n    cases:\n{cases}"
    );
    let file = dir.path().join("tests/many.scenarios.yaml");
    std::fs::write(&file, &many).unwrap();
    assert!(many.len() < 25_000);
    let (code, said) = list(None);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("case 99"), "{said}");
    let (code, said) = list(Some(&mib));
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("this command would read and expand"), "{said}");
    assert!(said.contains(&format!("more than its total of {mib}")), "{said}");
    // The same text copied by aliases.
    let aliases: String = (0..100).map(|n| format!("  - {{name: copy {n}, flow: Main Menu, tags: [*long], inputs: [\"1\"], expect: {{status: transferred}}}}\n")).collect::<Vec<_>>().concat();
    let copied = format!(
        "flows: ../flows\nfixtures: [../fixtures]\nlong: &long \"{long}\"\nscenarios:\n{aliases}"
    );
    std::fs::write(&file, &copied).unwrap();
    let (code, said) = list(Some(&mib));
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains(
            "error[scenarioFile]: with what this alias copies, this command would read and copy"
        ),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
}

/// `flowsim ARGS` in `dir`, with the environment variable `var` set to `value` when given: its
/// exit code, standard output and standard error.
fn flowsim_with(
    dir: &Path,
    args: &[&str],
    var: &str,
    value: Option<&str>,
) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_flowsim"));
    c.args(args).current_dir(dir);
    if let Some(v) = value {
        c.env(var, v);
    }
    let out = c.output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}
