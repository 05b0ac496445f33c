//! `--partition K/N` and `flowsim merge`: the shards of a run, merged, are byte for byte the
//! run one machine makes, in every form the command writes, with its exit code; shards that
//! are not one run are refused (exit 2), naming the file.

use crate::cli::{flowsim_in, flowsim_piped, Output};
use crate::support::root;
use std::path::Path;

/// A small suite of two files, two of whose six scenarios fail, of uneven cost.
fn suite() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let head = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n",
        root().join("fixtures/flows").display(),
        root().join("fixtures/data").display()
    );
    let a = "  - name: presses 1 and reaches support
    flow: Inbound_Flow_A
    inputs: [\"1\"]
    expect: {status: completed, route: {queueName: Support}}
  - name: presses 2
    flow: Inbound_Flow_A
    inputs: [\"2\"]
    expect: {status: completed, route: null}
  - name: expects the wrong status
    flow: Inbound_Flow_A
    inputs: [\"1\"]
    expect: {status: failed}
  - name: flow B expects the wrong queue
    flow: Inbound_Flow_B
    inputs: [\"1#\"]
    expect: {route: {queueName: Support}}
";
    let b = "  - name: flow B routes to sales
    flow: Inbound_Flow_B
    inputs: [{digits: \"1#\", delaySeconds: 3}]
    expect: {status: completed, route: {queueName: Sales}}
  - name: no input is handled
    flow: Inbound_Flow_A
    inputs: [timeout]
    expect: {status: completed, variables: {shared_module_result: null}}
";
    std::fs::write(dir.path().join("a.scenarios.yaml"), format!("{head}{a}")).unwrap();
    std::fs::write(dir.path().join("b.scenarios.yaml"), format!("{head}{b}")).unwrap();
    dir
}

#[track_caller]
fn run(dir: &Path, args: &[&str]) -> Output {
    flowsim_in(dir, args)
}

/// Runs `command` (its arguments, without --format) as shards 1..=n with `--format json`,
/// each report written to `NAME-K.json`; returns the files' names.
#[track_caller]
fn shards(dir: &Path, name: &str, command: &[&str], n: usize) -> Vec<String> {
    shards_of(dir, name, command, n, None)
}

/// [`shards`], each with `input` on its standard input when given.
#[track_caller]
fn shards_of(
    dir: &Path,
    name: &str,
    command: &[&str],
    n: usize,
    input: Option<&[u8]>,
) -> Vec<String> {
    (1..=n)
        .map(|k| {
            let part = format!("{k}/{n}");
            let mut args = command.to_vec();
            args.extend(["--format", "json", "--partition", &part]);
            let o = match input {
                Some(input) => flowsim_piped(dir, &args, input),
                None => run(dir, &args),
            };
            assert!(o.code == 0 || o.code == 1, "{args:?}: {}{}", o.stdout, o.stderr);
            let file = format!("{name}-{k}.json");
            std::fs::write(dir.join(&file), &o.stdout).unwrap();
            file
        })
        .collect()
}

/// `flowsim merge FILES --format FORMAT`, the files given last shard first.
#[track_caller]
fn merge(dir: &Path, files: &[String], format: &str) -> Output {
    let mut args = vec!["merge", "--format", format];
    args.extend(files.iter().rev().map(String::as_str));
    run(dir, &args)
}

#[track_caller]
fn same(whole: &Output, merged: &Output, what: &str) {
    assert_eq!(merged.stdout, whole.stdout, "{what}: merged stdout; stderr: {}", merged.stderr);
    assert_eq!(merged.code, whole.code, "{what}: exit code; stderr: {}", merged.stderr);
}

#[test]
fn test_shards_merge_into_the_whole_run_in_every_form() {
    let dir = suite();
    let d = dir.path();
    let test = ["test", "a.scenarios.yaml", "b.scenarios.yaml"];
    let whole = |format: &str| {
        let mut args = test.to_vec();
        args.extend(["--format", format, "--junit-out", "whole.xml"]);
        let o = run(d, &args);
        assert_eq!(o.code, 1, "two scenarios fail: {}{}", o.stdout, o.stderr);
        o
    };
    // 6 shards of 6 scenarios of uneven cost: some shards hold none.
    for n in [1, 2, 3, 6, 8] {
        let files = shards(d, &format!("test{n}"), &test, n);
        if n == 8 {
            let empty = std::fs::read_to_string(d.join(&files[7])).unwrap();
            assert!(empty.contains("\"scenarios\": []"), "a shard with no scenarios: {empty}");
        }
        for format in ["json", "text", "github"] {
            let w = whole(if format == "text" { "human" } else { format });
            same(&w, &merge(d, &files, format), &format!("test {n} shards, {format}"));
        }
        let junit = merge(d, &files, "junit");
        assert_eq!(junit.stdout, std::fs::read_to_string(d.join("whole.xml")).unwrap());
        assert_eq!(junit.code, 1);
    }
    // A merged report is the whole run's: it merges again, as one shard.
    let files = shards(d, "again", &test, 2);
    let merged = merge(d, &files, "json");
    std::fs::write(d.join("merged.json"), &merged.stdout).unwrap();
    same(&merged, &merge(d, &["merged.json".into()], "json"), "a merged report merged again");
}

#[test]
fn test_shards_split_the_suite_by_cost_the_same_way_every_time() {
    let dir = suite();
    let d = dir.path();
    let test = ["test", "a.scenarios.yaml", "b.scenarios.yaml"];
    let places = |file: &str| {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join(file)).unwrap()).unwrap();
        json["shard"]["places"].clone()
    };
    let first = shards(d, "one", &test, 3);
    let second = shards(d, "two", &["test", "b.scenarios.yaml", "a.scenarios.yaml"], 3);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(places(a), places(b), "the files' order on the command line changes nothing");
    }
    let sizes: Vec<usize> =
        first.iter().map(|f| places(f).as_array().map_or(0, Vec::len)).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 6, "every scenario in exactly one shard: {sizes:?}");
}

#[test]
fn mutate_shards_merge_into_the_whole_run() {
    let dir = suite();
    let d = dir.path();
    let mutate = ["mutate", "a.scenarios.yaml", "b.scenarios.yaml", "--min-score", "95"];
    for n in [1, 2, 3, 40] {
        let files = shards(d, &format!("mutate{n}"), &mutate, n);
        for (format, whole_format) in [("json", "json"), ("text", "text")] {
            let mut args = mutate.to_vec();
            args.extend(["--format", whole_format]);
            let w = run(d, &args);
            assert_eq!(w.code, 1, "the score is under 95%: {}", w.stdout);
            same(&w, &merge(d, &files, format), &format!("mutate {n} shards, {format}"));
        }
    }
    // Mutants past --max-mutants are listed, not run, in the shard that holds them.
    let mut capped = mutate.to_vec();
    capped.extend(["--max-mutants", "3"]);
    let files = shards(d, "capped", &capped, 2);
    capped.extend(["--format", "json"]);
    same(&run(d, &capped), &merge(d, &files, "json"), "mutate --max-mutants, 2 shards");
}

#[track_caller]
fn refused(o: &Output, says: &str) {
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    // No report: nothing on stdout, or (asked for JSON) the refusal's own JSON, no report's.
    if !o.stdout.is_empty() {
        let json: serde_json::Value = serde_json::from_str(&o.stdout).expect(&o.stdout);
        assert_eq!((&json["ok"], &json["refused"]), (&false.into(), &true.into()), "{json}");
    }
    assert!(o.stderr.contains(says), "expected {says:?} in:\n{}", o.stderr);
    assert!(o.stderr.contains("= help: "), "{}", o.stderr);
}

#[test]
fn merge_refuses_what_is_not_one_whole_run() {
    let dir = suite();
    let d = dir.path();
    let test = ["test", "a.scenarios.yaml", "b.scenarios.yaml"];
    let t = shards(d, "t", &test, 3);
    let m = shards(d, "m", &["mutate", "a.scenarios.yaml", "b.scenarios.yaml"], 3);
    let other = shards(d, "o", &["test", "a.scenarios.yaml"], 3);
    let pair = |a: &str, b: &str| vec![a.to_owned(), b.to_owned()];

    let o = run(d, &["merge", &t[0], &t[2]]);
    refused(&o, "shard(s) 2 of 3 are missing");
    let o = run(d, &["merge", &t[0], &t[1], &t[2], &t[1]]);
    refused(&o, "error[badShard]: this file is shard 2 of 3 again\n  --> t-2.json\n");
    let o = merge(d, &pair(&m[1], &t[0]), "json");
    refused(&o, "error[badShard]: this file is a shard of `mutate`, the first file of `test`\n  --> m-2.json\n");
    let o = run(d, &["merge", &t[0], &other[1], &t[2]]);
    refused(&o, "error[badShard]: this file is a shard of another run (run ");
    assert!(o.stderr.contains("  --> o-2.json\n"), "{}", o.stderr);
    let o = run(d, &["merge", &t[0], &shards(d, "two", &test, 2)[1]]);
    refused(
        &o,
        "error[badShard]: this file is shard 2 of 2, the first file's of 3\n  --> two-2.json\n",
    );
    let o = run(d, &["merge", "--format", "junit", &m[0], &m[1], &m[2]]);
    refused(&o, "`mutate` has no junit form");

    // Files that are not shard reports: not JSON (with its place), no header, an edited one.
    std::fs::write(d.join("broken.json"), "{\n  \"passed\": 1,\n  oops\n}").unwrap();
    refused(
        &run(d, &["merge", "broken.json"]),
        "error[badShard]: not a shard report: key must be a string\n  --> broken.json:3:3\n",
    );
    std::fs::write(d.join("cut.json"), "{\n  \"passed\": 1,\n").unwrap();
    refused(
        &run(d, &["merge", "cut.json"]),
        "error[badShard]: not a shard report: EOF while parsing a value\n  --> cut.json:3:1\n",
    );
    std::fs::write(d.join("plain.json"), "{\"passed\": 1}").unwrap();
    refused(
        &run(d, &["merge", "plain.json"]),
        "error[badShard]: not a shard report: it has no `shard` header\n  --> plain.json\n",
    );
    let text = std::fs::read_to_string(d.join(&t[0])).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut edited = json.clone();
    edited["report"]["scenarios"] = serde_json::json!([]);
    std::fs::write(d.join("edited.json"), edited.to_string()).unwrap();
    assert!(!json["report"]["scenarios"].as_array().unwrap().is_empty(), "{text}");
    refused(&run(d, &["merge", "edited.json", &t[1], &t[2]]), "this file's places do not fit");
    refused(&run(d, &["merge", "missing.json"]), "(a shard report)\n  --> missing.json\n");
    // A header claiming a huge run is refused by what the files hold, never allocated.
    let mut huge = json.clone();
    huge["shard"]["count"] = serde_json::json!(u64::MAX);
    std::fs::write(d.join("huge.json"), huge.to_string()).unwrap();
    refused(&run(d, &["merge", "huge.json"]), "shard(s) 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … of");
    let mut huge = json.clone();
    huge["shard"]["items"] = serde_json::json!(u64::MAX);
    for (k, file) in t.iter().enumerate().skip(1) {
        let mut other: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join(file)).unwrap()).unwrap();
        other["shard"]["items"] = serde_json::json!(u64::MAX);
        std::fs::write(d.join(format!("huge-{k}.json")), other.to_string()).unwrap();
    }
    std::fs::write(d.join("huge-0.json"), huge.to_string()).unwrap();
    refused(
        &run(d, &["merge", "huge-0.json", "huge-1.json", "huge-2.json"]),
        "this file's places do not fit",
    );

    // A --fail-fast shard stops at its own first failure: it is not its share of the run.
    let mut ff = test.to_vec();
    ff.push("--fail-fast");
    let f = shards(d, "ff", &ff, 2);
    let stopped: Vec<&String> = f
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(d.join(file)).unwrap();
            !text.contains("\"notRun\": 0")
        })
        .collect();
    assert!(!stopped.is_empty(), "a shard stopped early");
    refused(&merge(d, &f, "json"), "stopped at its first failure (--fail-fast)");
}

#[test]
fn replay_shards_merge_into_the_whole_run_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = |p: &str| root().join(p).to_str().unwrap().to_owned();
    let runs = [
        // Two cassettes, one diverging, a config with known gaps.
        vec![
            at("fixtures/cassettes/emulator.json"),
            at("fixtures/cassettes/diverging.json"),
            "--flows".into(),
            at("fixtures/flows"),
            "--fixtures".into(),
            at("fixtures/data"),
            "--config".into(),
            at("fixtures/cassettes/replay.yaml"),
        ],
        // A folder of execution data documents.
        vec![
            at("fixtures/executions"),
            "--flows".into(),
            at("fixtures/archy/flows"),
            "--fixtures".into(),
            at("fixtures/archy/data"),
        ],
    ];
    for (r, inputs) in runs.iter().enumerate() {
        let mut replay = vec!["replay"];
        replay.extend(inputs.iter().map(String::as_str));
        for n in [1, 2, 3, 12] {
            let files = shards(d, &format!("replay{r}-{n}"), &replay, n);
            for format in ["json", "text"] {
                let mut args = replay.clone();
                args.extend(["--format", format, "--junit-out", "whole.xml"]);
                let w = run(d, &args);
                assert_eq!(w.code, 1, "a recording diverges: {}", w.stdout);
                same(&w, &merge(d, &files, format), &format!("replay {r}, {n} shards, {format}"));
            }
            let junit = merge(d, &files, "junit");
            assert_eq!(junit.stdout, std::fs::read_to_string(d.join("whole.xml")).unwrap());
            assert_eq!(junit.code, 1);
        }
    }
}

/// The workflow `init` writes, run as GitHub would run it (its matrix, its steps' commands,
/// the artifacts carried to the merge job), gives what one machine gives.
#[test]
fn the_init_workflow_shards_the_suite_and_the_mutants_and_merges_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(run(d, &["init", ".", "--install", "pypi"]).code, 0);
    let text = std::fs::read_to_string(d.join(".github/workflows/flowsim.yml")).unwrap();
    let ci = flowsim::util::yaml::to_json(&text).expect("the workflow is YAML");
    let matrix: Vec<&str> = ci["jobs"]["flowsim"]["strategy"]["matrix"]["shard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(matrix.len() > 1, "the suite is sharded: {matrix:?}");
    assert_eq!(ci["jobs"]["merge"]["needs"], "flowsim");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_flowsim")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    // A step's command, as the runner's bash runs it; its exit code.
    let sh = |cwd: &Path, command: &str| {
        let out = std::process::Command::new("bash")
            .args(["-e", "-c", command])
            .current_dir(cwd)
            .env("PATH", &path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let steps = |job: &str| -> Vec<(String, String)> {
        ci["jobs"][job]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| Some((s["name"].as_str()?.to_owned(), s["run"].as_str()?.to_owned())))
            .filter(|(name, _)| name != "Install flowsim")
            .collect()
    };
    let merged = d.join("shards");
    std::fs::create_dir(&merged).unwrap();
    for (index, shard) in matrix.iter().enumerate() {
        for (name, command) in steps("flowsim") {
            let command = command
                .replace("${{ matrix.shard }}", shard)
                .replace("${{ strategy.job-index }}", &index.to_string());
            let (code, _) = sh(d, &command);
            assert!(code == 0 || name.contains("mutants"), "{name}: exit {code}");
        }
        for file in [format!("test-{index}.json"), format!("mutate-{index}.json")] {
            std::fs::rename(d.join(&file), merged.join(&file)).unwrap();
        }
    }
    let whole_test = run(d, &["test", "--ci", "--format", "github"]);
    let whole_mutate = run(d, &["mutate", "--min-score", "60"]);
    let merge_steps = steps("merge");
    assert_eq!(merge_steps.len(), 2, "{merge_steps:?}");
    let (code, out) = sh(d, &merge_steps[0].1);
    assert_eq!((code, out), (whole_test.code, whole_test.stdout));
    let junit = std::fs::read_to_string(d.join("flowsim-junit.xml")).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), 4, "{junit}");
    let (code, out) = sh(d, &merge_steps[1].1);
    assert_eq!((code, out), (whole_mutate.code, whole_mutate.stdout));
}

#[test]
fn traffic_shards_merge_into_the_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = |p: &str| root().join(p).to_str().unwrap().to_owned();
    let base = vec![
        "traffic".to_owned(),
        at("fixtures/executions"),
        "--flows".into(),
        at("fixtures/archy/flows"),
        "--fixtures".into(),
        at("fixtures/archy/data"),
    ];
    // Alone; weighed against a suite that covers every path; against one that covers none.
    let mut covered = base.clone();
    covered.extend(["--scenarios".into(), at("fixtures/scenarios/acme-ivr.scenarios.yaml")]);
    let mut uncovered = base.clone();
    uncovered.extend([
        "--scenarios".into(),
        at("fixtures/scenarios/queue-routing.scenarios.yaml"),
        "--min-coverage".into(),
        "50".into(),
    ]);
    for (r, (inputs, code)) in [(base, 0), (covered, 0), (uncovered, 1)].iter().enumerate() {
        let traffic: Vec<&str> = inputs.iter().map(String::as_str).collect();
        for n in [1, 2, 3, 9] {
            let files = shards(d, &format!("traffic{r}-{n}"), &traffic, n);
            for format in ["json", "text"] {
                let mut args = traffic.clone();
                args.extend(["--format", format]);
                let w = run(d, &args);
                assert_eq!(w.code, *code, "{}{}", w.stdout, w.stderr);
                same(&w, &merge(d, &files, format), &format!("traffic {r}, {n} shards, {format}"));
            }
        }
    }
}

/// `n` execution documents as JSON lines: the bundled production recordings in turn (two
/// replay as recorded, one diverges), each with its own ids.
fn production_lines(n: usize) -> Vec<u8> {
    let text = std::fs::read_to_string(root().join("fixtures/executions/production.json")).unwrap();
    let base: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let mut d = base[i % base.len()].clone();
            d["flow"]["conversationId"] = format!("00000000-0000-4000-8000-{i:012}").into();
            d["flow"]["executionId"] = format!("10000000-0000-4000-8000-{i:012}").into();
            d.to_string()
        })
        .collect();
    (lines.join("\n") + "\n").into_bytes()
}

/// A shard reads its executions once, so `-` (standard input, which can be read only once)
/// shards too: traffic's and diff's shards of piped executions merge into the whole run of
/// the same input.
#[test]
fn shards_of_executions_piped_in_merge_into_the_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = |p: &str| root().join(p).to_str().unwrap().to_owned();
    let input = production_lines(24);
    let (flows, data) = (at("fixtures/archy/flows"), at("fixtures/archy/data"));
    let (old, new, with) = (
        at("fixtures/archy/flows/acme_main_ivr.yaml"),
        at("fixtures/diff/acme_main_ivr_v2.yaml"),
        at("fixtures/archy/flows/customer_lookup.yaml"),
    );
    let traffic = ["traffic", "-", "--flows", &flows, "--fixtures", &data];
    let diff = ["diff", &old, &new, "--with", &with, "--executions", "-", "--fixtures", &data];
    for (name, command, code) in [("traffic", &traffic[..], 0), ("diff", &diff[..], 1)] {
        for n in [2, 3] {
            let files = shards_of(d, &format!("{name}{n}"), command, n, Some(&input));
            for format in ["json", "text"] {
                let mut args = command.to_vec();
                args.extend(["--format", format]);
                let w = flowsim_piped(d, &args, &input);
                assert_eq!(w.code, code, "{}{}", w.stdout, w.stderr);
                if format == "json" {
                    // The last execution that replays as recorded is in the report.
                    assert!(
                        w.stdout.contains("00000000-0000-4000-8000-000000000022"),
                        "{}",
                        w.stdout
                    );
                }
                same(&w, &merge(d, &files, format), &format!("{name} from stdin, {n} shards"));
            }
        }
    }
}

/// A shard's report may pass the 32 MiB inputs are read up to (a traffic shard of some
/// 600,000 executions writes one): merge reads reports up to its own, larger cap. Here one
/// shard's report is padded with JSON whitespace, which changes no value.
#[test]
fn merge_reads_a_report_larger_than_an_input_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = |p: &str| root().join(p).to_str().unwrap().to_owned();
    let inputs = [
        "traffic".to_owned(),
        at("fixtures/executions"),
        "--flows".into(),
        at("fixtures/archy/flows"),
        "--fixtures".into(),
        at("fixtures/archy/data"),
    ];
    let traffic: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let files = shards(d, "large", &traffic, 2);
    let report = std::fs::read_to_string(d.join(&files[0])).unwrap();
    let end = report.rfind('}').unwrap();
    let padding = " ".repeat(flowsim::util::MAX_INPUT_BYTES as usize + 1024 * 1024);
    let padded = format!("{}{padding}{}", &report[..end], &report[end..]);
    assert!(padded.len() as u64 > flowsim::util::MAX_INPUT_BYTES);
    std::fs::write(d.join(&files[0]), padded).unwrap();
    for format in ["json", "text"] {
        let mut args = traffic.clone();
        args.extend(["--format", format]);
        same(&run(d, &args), &merge(d, &files, format), &format!("a padded report, {format}"));
    }
}

#[test]
fn diff_shards_merge_into_the_whole_run_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = |p: &str| root().join(p).to_str().unwrap().to_owned();
    // Two versions of the IVR: their scenarios' inputs, every explored path and every recorded
    // execution run through both; two scenarios behave differently.
    let inputs = [
        "diff".to_owned(),
        at("fixtures/archy/flows/acme_main_ivr.yaml"),
        at("fixtures/diff/acme_main_ivr_v2.yaml"),
        "--with".into(),
        at("fixtures/archy/flows/customer_lookup.yaml"),
        "--scenarios".into(),
        at("fixtures/scenarios/acme-ivr.scenarios.yaml"),
        "--explore".into(),
        "--executions".into(),
        at("fixtures/executions"),
        "--fixtures".into(),
        at("fixtures/archy/data"),
    ];
    let diff: Vec<&str> = inputs.iter().map(String::as_str).collect();
    for n in [1, 2, 3, 7] {
        let files = shards(d, &format!("diff{n}"), &diff, n);
        for format in ["json", "text", "markdown"] {
            let mut args = diff.clone();
            args.extend(["--format", format]);
            let w = run(d, &args);
            assert_eq!(w.code, 1, "the versions differ: {}{}", w.stdout, w.stderr);
            same(&w, &merge(d, &files, format), &format!("diff {n} shards, {format}"));
        }
    }
    // Each shard runs its own inputs only; together, each input once.
    let files = shards(d, "split", &diff, 3);
    let counts: Vec<usize> = files
        .iter()
        .map(|f| {
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(d.join(f)).unwrap()).unwrap();
            json["behaviour"].as_array().unwrap().len()
        })
        .collect();
    let whole: serde_json::Value = serde_json::from_str(&merge(d, &files, "json").stdout).unwrap();
    assert!(whole["inputs"].as_u64().unwrap() > 20, "{whole}");
    assert_eq!(counts.iter().sum::<usize>() as u64, whole["inputs"].as_u64().unwrap());
    assert!(counts.iter().all(|&c| c > 0), "balanced: {counts:?}");
    // Shards of a diff of other versions do not merge with these.
    let mut other = diff.clone();
    let v1 = at("fixtures/archy/flows/acme_main_ivr.yaml");
    other[2] = &v1;
    let o = shards(d, "other", &other, 3);
    refused(&merge(d, &[files[0].clone(), o[1].clone(), files[2].clone()], "json"), "other-2.json");
}

#[test]
fn test_shards_coverage_adds_up_to_the_whole_runs_files() {
    let dir = suite();
    let d = dir.path();
    // The suite, and scenarios that run the published versions (a shard may run none of them).
    let inbound = root().join("fixtures/scenarios/inbound.scenarios.yaml");
    let test =
        ["test", "a.scenarios.yaml", "b.scenarios.yaml", inbound.to_str().unwrap(), "--coverage"];
    let mut whole = test.to_vec();
    whole.extend([
        "--format",
        "json",
        "--coverage-out",
        "whole.cov.json",
        "--coverage-lcov",
        "whole.lcov",
        "--coverage-cobertura",
        "whole.xml",
    ]);
    let w = run(d, &whole);
    assert_eq!(w.code, 1, "{}{}", w.stdout, w.stderr);
    let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
    assert!(read("whole.cov.json").contains("\"version\": \"published\""), "published graphs ran");
    for n in [1, 2, 3, 5, 17] {
        let files = shards(d, &format!("cov{n}"), &test, n);
        let mut args = vec!["merge", "--format", "json"];
        args.extend([
            "--coverage-out",
            "merged.cov.json",
            "--coverage-lcov",
            "merged.lcov",
            "--coverage-cobertura",
            "merged.xml",
        ]);
        args.extend(files.iter().map(String::as_str));
        let merged = run(d, &args);
        same(&w, &merged, &format!("test --coverage, {n} shards"));
        for (a, b) in [
            ("whole.cov.json", "merged.cov.json"),
            ("whole.lcov", "merged.lcov"),
            ("whole.xml", "merged.xml"),
        ] {
            assert_eq!(read(b), read(a), "{n} shards: {b}");
        }
        let mut text = test.to_vec();
        text.extend(["--format", "text"]);
        same(&run(d, &text), &merge(d, &files, "text"), &format!("coverage, {n} shards, text"));
    }
    // Shards with and without coverage do not add up; nor does a shard of other flows' coverage.
    let plain = shards(d, "plain", &test[..4], 2);
    let cov = shards(d, "cov", &test, 2);
    refused(
        &run(d, &["merge", "--coverage-out", "x.json", &cov[0], &plain[1]]),
        "ran without --coverage",
    );
    refused(
        &run(d, &["merge", "--coverage-lcov", "x.lcov", &plain[0], &plain[1]]),
        "ran without --coverage",
    );
    assert!(!d.join("x.json").exists() && !d.join("x.lcov").exists(), "nothing written");
    let mut edited: serde_json::Value = serde_json::from_str(&read(&cov[1])).unwrap();
    edited["report"]["coverage"][0]["hits"][0]["node"] = serde_json::json!("Elsewhere");
    std::fs::write(d.join("edited.json"), edited.to_string()).unwrap();
    refused(
        &run(d, &["merge", "--coverage-out", "x.json", &cov[0], "edited.json"]),
        "error[badShard]: this file's coverage of",
    );
    refused(
        &run(
            d,
            &[
                "merge",
                "--coverage-out",
                "x.json",
                &shards(d, "m", &["mutate", "a.scenarios.yaml"], 1)[0],
            ],
        ),
        "which has no coverage",
    );
}

/// Issue 79: a run's identity covers what it reads, not only its scenarios' places: shard 1 of
/// a version of the flows that passes and shards 2-3 of a version that fails (the same paths,
/// another content) are refused, as are shards of other fixtures or scenario files, and the
/// help says what one run is.
#[test]
fn merge_refuses_shards_of_other_flows_fixtures_or_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let flows = d.join("flows");
    std::fs::create_dir(&flows).unwrap();
    let flow =
        |to: &str| crate::support::archy_task_flow("inboundCall", &format!("          - {to}\n"));
    let passing = flow("transferToAcd: {name: To sales, targetQueue: {lit: {name: Sales}}}");
    let failing = flow("disconnect: {name: Closed}");
    std::fs::write(d.join("org.json"), r#"{"queues": [{"id": "q-sales", "name": "Sales"}]}"#)
        .unwrap();
    let mut scenarios = String::new();
    for i in 0..6 {
        scenarios.push_str(&format!(
            "  - {{name: call {i}, flow: F, expect: {{route: {{queueId: q-sales}}}}}}\n"
        ));
    }
    std::fs::write(
        d.join("s.scenarios.yaml"),
        format!("flows: flows\nfixtures: [org.json]\nscenarios:\n{scenarios}"),
    )
    .unwrap();
    let test = ["test", "s.scenarios.yaml"];
    std::fs::write(flows.join("f.yaml"), &passing).unwrap();
    let good = shards(d, "good", &test, 3);
    std::fs::write(flows.join("f.yaml"), &failing).unwrap();
    let bad = shards(d, "bad", &test, 3);
    let o = run(d, &["merge", &good[0], &bad[1], &bad[2]]);
    refused(&o, "error[badShard]: this file is a shard of another run (run ");
    assert!(o.stderr.contains("  --> bad-2.json\n"), "{}", o.stderr);
    assert!(o.stderr.contains("the same files (flows, fixtures, scenarios"), "{}", o.stderr);
    // Each version's own shards merge into its run.
    assert_eq!(run(d, &["merge", &bad[0], &bad[1], &bad[2]]).code, 1);
    assert_eq!(run(d, &["merge", &good[0], &good[1], &good[2]]).code, 0);

    // Other fixtures (the queue renamed), the same flows.
    std::fs::write(flows.join("f.yaml"), &passing).unwrap();
    std::fs::write(
        d.join("org.json"),
        r#"{"queues": [{"id": "q-sales", "name": "Sales"}], "users": []}"#,
    )
    .unwrap();
    let other = shards(d, "fix", &test, 3);
    let o = run(d, &["merge", &good[0], &other[1], &other[2]]);
    refused(&o, "error[badShard]: this file is a shard of another run (run ");
    assert!(o.stderr.contains("  --> fix-2.json\n"), "{}", o.stderr);
    // `--ci` judges snapshots otherwise: another run too.
    let ci = shards(d, "ci", &["test", "s.scenarios.yaml", "--ci"], 3);
    let o = run(d, &["merge", &other[0], &ci[1], &ci[2]]);
    refused(&o, "error[badShard]: this file is a shard of another run (run ");
    assert!(o.stderr.contains("  --> ci-2.json\n"), "{}", o.stderr);
    // `mutate` reads the same files: its shards over the two fixtures do not merge either.
    let mutate = ["mutate", "s.scenarios.yaml"];
    let m_other = shards(d, "m-other", &mutate, 2);
    std::fs::write(d.join("org.json"), r#"{"queues": [{"id": "q-sales", "name": "Sales"}]}"#)
        .unwrap();
    let m_good = shards(d, "m-good", &mutate, 2);
    let o = run(d, &["merge", &m_good[0], &m_other[1]]);
    refused(&o, "error[badShard]: this file is a shard of another run (run ");
    assert!(run(d, &["merge", &m_good[0], &m_good[1]]).code < 2);
}

/// `replay`, `traffic` and `mutate` shards read their fixtures' (and flows', scenario files')
/// content into the run's identity too: a shard of a run over other fixtures is refused.
#[test]
fn merge_refuses_replay_traffic_and_mutate_shards_of_other_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = |p: &str| root().join(p).to_str().unwrap().to_owned();
    // The bundled fixtures, and a copy that differs by one line.
    for copy in ["same", "other"] {
        let to = d.join(copy);
        std::fs::create_dir(&to).unwrap();
        for e in std::fs::read_dir(root().join("fixtures/archy/data")).unwrap() {
            let e = e.unwrap();
            if e.path().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    let first = std::fs::read_dir(d.join("other"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .min()
        .unwrap();
    let mut text = std::fs::read_to_string(&first).unwrap();
    text.push_str("# another version of the org\n");
    std::fs::write(&first, text).unwrap();
    let (executions, flows) = (at("fixtures/executions"), at("fixtures/archy/flows"));
    for command in ["replay", "traffic"] {
        let args = |data: &str| {
            [command, &executions, "--flows", &flows, "--fixtures", data]
                .map(str::to_owned)
                .to_vec()
        };
        let same = args(d.join("same").to_str().unwrap());
        let other = args(d.join("other").to_str().unwrap());
        let same: Vec<&str> = same.iter().map(String::as_str).collect();
        let other: Vec<&str> = other.iter().map(String::as_str).collect();
        let a = shards(d, &format!("{command}-same"), &same, 2);
        let b = shards(d, &format!("{command}-other"), &other, 2);
        let o = run(d, &["merge", &a[0], &b[1]]);
        refused(&o, "error[badShard]: this file is a shard of another run (run ");
        // Each run's own shards merge.
        assert!(run(d, &["merge", &a[0], &a[1]]).code < 2, "{command}");
        assert!(run(d, &["merge", &b[0], &b[1]]).code < 2, "{command}");
    }
}
