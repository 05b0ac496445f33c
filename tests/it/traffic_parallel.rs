//! `traffic` replays on several threads and takes their results back in file order: the
//! report is the same, byte for byte, with one worker or several, whole or sharded, and the
//! documents read and not yet taken never pass the pipeline's bound (counted, never timed).

use crate::support::root;
use flowsim::api::execution::pipeline::Pipeline;
use flowsim::api::execution::traffic::{self, Recordings};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use flowsim::util::shard::Partition;
use std::path::PathBuf;

/// `n` documents as JSON lines: the bundled production recordings in turn (two that replay as
/// recorded, one that diverges), each with its own ids, every seventh naming a flow nobody has
/// (not replayable).
fn executions(dir: &std::path::Path, n: usize) -> PathBuf {
    let text = std::fs::read_to_string(root().join("fixtures/executions/production.json")).unwrap();
    let base: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(base.len(), 3);
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let mut d = base[i % base.len()].clone();
            d["flow"]["conversationId"] = format!("00000000-0000-4000-8000-{i:012}").into();
            d["flow"]["executionId"] = format!("10000000-0000-4000-8000-{i:012}").into();
            if i % 7 == 6 {
                d["flow"]["flowName"] = "Nobody's Flow".into();
                d["flow"]["flowId"] = "00000000-dead-4000-8000-000000000000".into();
            }
            d.to_string()
        })
        .collect();
    let path = dir.join("executions.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn archy() -> (Registry, FixtureStore) {
    let report = Registry::load_dir(&root().join("fixtures/archy/flows"));
    let registry = report.registry.expect("the Archy examples load");
    let fixtures = FixtureStore::load(&[root().join("fixtures/archy/data/acme.yaml")]).unwrap();
    (registry, fixtures)
}

/// The JSON report of `file`'s traffic on `pipeline`.
fn report(file: &std::path::Path, partition: Partition, pipeline: Pipeline) -> String {
    let (registry, fixtures) = archy();
    let recorded = Recordings::new(&[file.to_path_buf()]).unwrap();
    let r = traffic::analyse(
        &recorded,
        &registry,
        &fixtures,
        None,
        None,
        partition,
        pipeline,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(r.executions, 300);
    serde_json::to_string(&(&r, &r.shard)).unwrap()
}

#[test]
fn the_report_is_the_same_with_one_worker_or_several() {
    let dir = tempfile::tempdir().unwrap();
    let file = executions(dir.path(), 300);
    for partition in [Partition::WHOLE, Partition::parse("2/3").unwrap()] {
        let serial = report(&file, partition, Pipeline::SERIAL);
        let j: serde_json::Value = serde_json::from_str(&serial).unwrap();
        // Every kind of outcome is there: paths, diverged and not replayable executions.
        for kind in ["paths", "diverged", "invalid"] {
            assert!(!j[0][kind].as_array().unwrap().is_empty(), "{kind}: {serial}");
        }
        for pipeline in [Pipeline { workers: 2, batch: 1 }, Pipeline { workers: 3, batch: 8 }] {
            assert_eq!(report(&file, partition, pipeline), serial, "{pipeline:?} {partition:?}");
        }
    }
}

#[test]
fn documents_in_flight_stay_within_the_bound_and_come_back_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = executions(dir.path(), 300);
    let recorded = Recordings::new(&[file]).unwrap();
    for pipeline in [Pipeline { workers: 2, batch: 4 }, Pipeline { workers: 4, batch: 1 }] {
        let mut seen = Vec::new();
        let work = |place: usize, u: traffic::Unread| u.read().map(|r| (place, r.index));
        let piped = pipeline.run(&recorded, &work, &mut |t| seen.push(t)).unwrap();
        assert_eq!(piped.count, 300);
        let expected: Vec<(usize, usize)> = (0..300).map(|i| (i, i + 1)).collect();
        assert_eq!(seen, expected, "{pipeline:?}");
        assert!(piped.peak_in_flight >= 1);
        assert!(
            piped.peak_in_flight <= pipeline.in_flight_bound(),
            "{} documents in flight, bound {} ({pipeline:?})",
            piped.peak_in_flight,
            pipeline.in_flight_bound()
        );
    }
}

#[test]
fn a_bad_document_ends_the_run_after_those_before_it_on_every_worker_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = executions(dir.path(), 50);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("{\"flow\": \n");
    std::fs::write(&file, text).unwrap();
    let recorded = Recordings::new(&[file]).unwrap();
    for pipeline in [Pipeline::SERIAL, Pipeline { workers: 2, batch: 8 }] {
        let mut taken = 0;
        let work = |_: usize, u: traffic::Unread| u.read().map(drop);
        let err = pipeline.run(&recorded, &work, &mut |()| taken += 1).unwrap_err();
        assert_eq!(taken, 50, "{pipeline:?}");
        assert!(err.to_string().contains("document 51"), "{err}");
    }
}

#[test]
fn a_document_a_worker_cannot_read_ends_the_run_there_and_nothing_after_it_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let file = executions(dir.path(), 300);
    let text = std::fs::read_to_string(&file).unwrap();
    // Document 21 is not JSON; 279 good ones follow it, more than the pipeline holds.
    let mut lines: Vec<&str> = text.lines().collect();
    lines[20] = "{\"flow\": oops}";
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let recorded = Recordings::new(&[file]).unwrap();
    for pipeline in [Pipeline::SERIAL, Pipeline { workers: 2, batch: 8 }, Pipeline::machine()] {
        let mut taken = Vec::new();
        let work = |place: usize, u: traffic::Unread| u.read().map(|_| place);
        let err = pipeline.run(&recorded, &work, &mut |p| taken.push(p)).unwrap_err();
        assert_eq!(taken, (0..20).collect::<Vec<_>>(), "{pipeline:?}");
        let err = err.to_string();
        assert!(err.contains("document 21 (line 21, column 10)"), "{pipeline:?}: {err}");
        // A document `work` leaves unread is not parsed: its text is no error.
        let mut taken = Vec::new();
        let unread = |place: usize, _: traffic::Unread| Ok(place);
        let piped = pipeline.run(&recorded, &unread, &mut |p| taken.push(p)).unwrap();
        assert_eq!((piped.count, taken.len()), (300, 300), "{pipeline:?}");
    }
}

/// `run_ordered`'s step sees every document in file order, whatever the workers, and each
/// document's work gets its verdict: here a running total of the places before it, which only
/// file order gives.
#[test]
fn the_step_in_file_order_sees_every_document_in_order_on_every_worker_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = executions(dir.path(), 300);
    let recorded = Recordings::new(&[file]).unwrap();
    let expected: Vec<(usize, usize)> = (0..300).map(|i| (i, i * (i + 1) / 2)).collect();
    for pipeline in [Pipeline::SERIAL, Pipeline { workers: 2, batch: 1 }, Pipeline::machine()] {
        for batch in [1, 7, 64] {
            let pipeline = Pipeline { batch, ..pipeline };
            let weigh = |place: usize, u: traffic::Unread| u.look(|_| place);
            let mut total = 0;
            let mut order = |place: &usize| {
                total += place;
                total
            };
            let work = |place: usize, total: usize| Ok((place, total));
            let mut seen = Vec::new();
            let piped = pipeline
                .run_ordered(&recorded, &weigh, &mut order, &work, &mut |t| seen.push(t))
                .unwrap();
            assert_eq!(piped.count, 300);
            assert_eq!(seen, expected, "{pipeline:?}");
            assert!(piped.peak_in_flight <= pipeline.in_flight_bound(), "{pipeline:?}");
        }
    }
}

/// flowsim failing on an execution (a panic in the work on it, or in the step in file order)
/// ends the run there with an error naming it, on any number of workers: the executions before
/// it are taken, none after, and the run does not wait for the batch that failed (before, a
/// worker that panicked left its batch untaken and the run waiting for ever).
#[test]
fn a_panic_on_an_execution_ends_the_run_there_with_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let file = executions(dir.path(), 300);
    let recorded = Recordings::new(&[file]).unwrap();
    let failed_at = |e: traffic::RecordingsError| match e {
        traffic::RecordingsError::Panicked { place, .. } => place,
        other => panic!("not a panic's error: {other}"),
    };
    for pipeline in [Pipeline::SERIAL, Pipeline { workers: 2, batch: 8 }, Pipeline::machine()] {
        let mut taken = Vec::new();
        let work = |place: usize, _: traffic::Unread| {
            assert!(place != 40, "a bug at execution 41");
            Ok(place)
        };
        let err = pipeline.run(&recorded, &work, &mut |p| taken.push(p)).unwrap_err();
        assert_eq!(taken, (0..40).collect::<Vec<_>>(), "{pipeline:?}");
        assert!(err.to_string().contains("execution 41 of the run"), "{err}");
        assert!(err.to_string().contains("a bug at execution 41"), "{err}");
        assert_eq!(failed_at(err), 41);

        // In the step in file order (with the lock held), and in the work after it.
        for (step_fails, work_fails) in [(Some(90), None), (None, Some(150))] {
            let weigh = |place: usize, u: traffic::Unread| u.look(|_| place);
            let mut order = |place: &usize| {
                assert!(Some(*place) != step_fails, "a bug in the step");
                *place
            };
            let work = |place: usize, _: usize| {
                assert!(Some(place) != work_fails, "a bug in the work");
                Ok(place)
            };
            let mut seen = Vec::new();
            let err = pipeline
                .run_ordered(&recorded, &weigh, &mut order, &work, &mut |t| seen.push(t))
                .unwrap_err();
            let at = step_fails.or(work_fails).unwrap();
            assert_eq!(seen, (0..at).collect::<Vec<_>>(), "{pipeline:?}");
            assert_eq!(failed_at(err), at + 1, "{pipeline:?}");
        }
    }
}

/// A file of JSON lines is split at its line breaks, each line's parse the check: a line that
/// is not one document (two on a line, one across lines) makes the run read that file again
/// from there, split the counted way. What every worker count takes, and what the step in file
/// order sees, is what the counted split gives (`Recordings::each`), each document once, and a
/// second file after it is read too.
#[test]
fn lines_that_are_not_one_document_are_read_as_the_counted_split_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = executions(dir.path(), 300);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Documents 31 and 32 on one line, document 61 across lines (its line count shifts).
    let pretty = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(&lines[60]).unwrap(),
    )
    .unwrap();
    lines[60] = pretty;
    let second = lines.remove(31);
    lines[30].push_str(&second);
    let odd = dir.path().join("odd.ndjson");
    std::fs::write(&odd, lines.join("\r\n") + "\r\n").unwrap();
    let inputs = [odd.clone(), file.clone(), odd];
    let recorded = Recordings::new(&inputs).unwrap();
    let mut expected = Vec::new();
    recorded.each(&mut |r| expected.push((r.file, r.index))).unwrap();
    assert_eq!(expected.len(), 900);
    for pipeline in [Pipeline::SERIAL, Pipeline { workers: 2, batch: 8 }, Pipeline::machine()] {
        let mut seen = Vec::new();
        let work = |place: usize, u: traffic::Unread| u.read().map(|r| (place, r.file, r.index));
        let piped = pipeline.run(&recorded, &work, &mut |t| seen.push(t)).unwrap();
        assert_eq!(piped.count, 900, "{pipeline:?}");
        let places: Vec<usize> = seen.iter().map(|t| t.0).collect();
        assert_eq!(places, (0..900).collect::<Vec<_>>(), "{pipeline:?}");
        let got: Vec<_> = seen.into_iter().map(|t| (t.1, t.2)).collect();
        assert_eq!(got, expected, "{pipeline:?}");

        // The step in file order sees each document once, in order: none after the line that
        // is read again is seen before it is.
        let weigh = |place: usize, u: traffic::Unread| u.look(|_| place);
        let mut stepped = Vec::new();
        let mut order = |place: &usize| stepped.push(*place);
        let work = |place: usize, (): ()| Ok(place);
        let mut seen = Vec::new();
        let piped = pipeline
            .run_ordered(&recorded, &weigh, &mut order, &work, &mut |t| seen.push(t))
            .unwrap();
        assert_eq!(piped.count, 900, "{pipeline:?}");
        assert_eq!(seen, (0..900).collect::<Vec<_>>(), "{pipeline:?}");
        assert_eq!(stepped, (0..900).collect::<Vec<_>>(), "{pipeline:?}");
    }
}
