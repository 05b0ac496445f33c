//! Recorded executions are read as a stream: `traffic` and `replay` over a file of 4x the
//! executions peak at the memory of 1x plus a small margin (what each execution leaves in the
//! report: its name and place), never at 4x the file; so does a shard (`--partition 2/2`),
//! which reads the file once and keeps nothing per execution but its own in its report. Measured as peak resident memory with
//! `/usr/bin/time -v` (required where `FLOWSIM_REQUIRE_TOOLS=1`, as in CI), never as time.
//!
//! `traffic` keeps up to its pipeline's in-flight bound of documents read and not yet taken
//! (docs/traffic.md), so both runs hold more executions than that bound: each one fills the
//! pipeline, and what differs is only what the file's length adds.

use crate::support::root;
use flowsim::api::execution::pipeline::Pipeline;
use std::path::Path;
use std::process::Command;

/// What 3x more executions may add to the peak besides the report's own growth (twice the
/// growth of its text: as a structure, then as text): the allocator's noise. Holding the
/// documents (as the readers did) adds more than the files differ by.
pub(crate) const MARGIN_KB: u64 = 8 * 1024;

/// `n` execution documents, the bundled production recordings that replay as recorded over
/// and over (a diverging one's report entry carries its divergence, which is output, not
/// input), each with its own conversation and execution ids and about 12 KB of notes (a field
/// the readers skip), as a JSON list (`lines`: JSON lines).
pub(crate) fn executions(n: usize, lines: bool) -> String {
    executions_with_notes(n, lines, 12_000)
}

/// [`executions`] with `notes` bytes of notes each (0: none, documents of about 2.5 KB).
pub(crate) fn executions_with_notes(n: usize, lines: bool, notes: usize) -> String {
    let text = std::fs::read_to_string(root().join("fixtures/executions/production.json")).unwrap();
    let mut base: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    base.retain(|d| d["flow"]["conversationId"] != "8f1c2d3e-1111-4a1b-9c2d-000000000103");
    assert_eq!(base.len(), 2, "the production recordings that match");
    let notes = "n".repeat(notes);
    let docs: Vec<String> = (0..n)
        .map(|i| {
            let mut d = base[i % base.len()].clone();
            d["flow"]["conversationId"] = format!("00000000-0000-4000-8000-{i:012}").into();
            d["flow"]["executionId"] = format!("10000000-0000-4000-8000-{i:012}").into();
            if !notes.is_empty() {
                d["flow"]["notes"] = notes.clone().into();
            }
            d.to_string()
        })
        .collect();
    if lines {
        docs.join("\n") + "\n"
    } else {
        format!("[{}]", docs.join(",\n"))
    }
}

/// The binary's exit code, stdout and peak resident memory (`None` without `/usr/bin/time`),
/// the allocator told to return freed memory at once.
pub(crate) fn measured(args: &[&str]) -> (i32, String, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    let bin = env!("CARGO_BIN_EXE_flowsim");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    // The allocator gives freed pages back at once, so the peak is what the run held, not
    // what the allocator kept a while: with mimalloc's delay (10 ms) the same run's peak
    // moved by 4 MB between runs, and once by 8.8 MB under CI's load.
    command.env("MIMALLOC_PURGE_DELAY", "0");
    let out = command.args(args).output().expect("the binary starts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|n| n.trim().parse().ok());
    if peak.is_none() {
        assert!(
            std::env::var_os("FLOWSIM_REQUIRE_TOOLS").is_none_or(|v| v != "1"),
            "no /usr/bin/time -v, and FLOWSIM_REQUIRE_TOOLS=1 requires it (apt-get install time)"
        );
        eprintln!("note: no /usr/bin/time -v here; peak memory NOT checked");
    }
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), peak)
}

/// Peak memory and the report's size (KB) of one run.
type Measured = (Option<u64>, u64);

#[test]
fn traffic_and_replay_hold_one_execution_at_a_time_not_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let flows = root().join("fixtures/archy/flows");
    let data = root().join("fixtures/archy/data");
    let (flows, data) = (flows.to_str().unwrap(), data.to_str().unwrap());
    // Twice the documents `traffic` may have in flight on this machine, and 4x that.
    let small_n = 2 * Pipeline::machine().in_flight_bound();
    let large_n = 4 * small_n;
    for (form, lines) in [("a list", false), ("JSON lines", true)] {
        // Each command's runs, whole and as shard 2 of 2: at 1x, then at 4x.
        let mut peaks: Vec<(&str, Vec<Measured>)> =
            ["traffic", "replay", "traffic 2/2", "replay 2/2"]
                .into_iter()
                .map(|what| (what, Vec::new()))
                .collect();
        for n in [small_n, large_n] {
            let file = dir.path().join(format!("x{n}-{lines}.json"));
            std::fs::write(&file, executions(n, lines)).unwrap();
            let file = file.to_str().unwrap();
            for (whole, shard) in [(0, 2), (1, 3)] {
                let command = peaks[whole].0;
                let args =
                    [command, file, "--flows", flows, "--fixtures", data, "--format", "json"];
                let (code, out, peak) = measured(&args);
                assert_eq!(code, 0, "every execution matches: {out}");
                assert_eq!(executions_in(&out), n, "{command}, {form}: every execution read");
                peaks[whole].1.push((peak, out.len() as u64 / 1024));
                // A shard reads the file once, as the whole run does, and keeps its own.
                let (code, out, peak) = measured(&[&args[..], &["--partition", "2/2"]].concat());
                assert_eq!(code, 0, "{out}");
                let own = executions_in(&out);
                assert!(own > 0 && own < n, "{command} 2/2, {form}: {own} of {n}");
                peaks[shard].1.push((peak, out.len() as u64 / 1024));
            }
        }
        let size = |n: usize, lines: bool| {
            std::fs::metadata(dir.path().join(format!("x{n}-{lines}.json"))).unwrap().len() / 1024
        };
        let (small, large) = (size(small_n, lines), size(large_n, lines));
        assert!(large - small > MARGIN_KB, "the files differ by more than the margin");
        for (what, runs) in &peaks {
            let [(a, a_out), (b, b_out)] = runs[..] else { unreachable!("two sizes") };
            // The report is output: what it grows by (held as a structure, then as text) is
            // allowed on top of the margin; the documents' text is not, nor (in a shard)
            // anything kept per execution of the whole run.
            let allowed = MARGIN_KB + 2 * b_out.saturating_sub(a_out);
            assert!(
                large - small > allowed,
                "{what}: the files differ by more than is allowed ({allowed} KB)"
            );
            if let (Some(a), Some(b)) = (a, b) {
                assert!(
                    b < a + allowed,
                    "{what}, {form}: 4x the executions ({large} KB) peaked at {b} KB, 1x ({small} KB) at {a} KB; allowed {allowed} KB more (the report grew by {} KB)",
                    b_out.saturating_sub(a_out)
                );
            }
        }
    }
}

/// The executions a `--format json` report of `traffic` or `replay` holds (a shard's: its own),
/// checking that every one of them took a path (traffic) or matched (replay).
#[track_caller]
fn executions_in(out: &str) -> usize {
    let report: serde_json::Value = serde_json::from_str(out).unwrap();
    if let Some(interactions) = report["report"]["interactions"].as_array() {
        return interactions.len();
    }
    let paths = report["paths"].as_array().unwrap();
    assert!(report["diverged"].as_array().unwrap().is_empty(), "{out}");
    paths.iter().map(|p| p["callers"].as_u64().unwrap() as usize).sum()
}
