//! The fuzz targets' regression inputs, replayed on stable Rust: every file under
//! `fuzz/regressions/<target>/` goes through `flowsim::fuzzing::<target>`, the function the
//! libFuzzer target calls, and must come back (no panic) within a time bound. An input the
//! fuzzer found (`tools/fuzz/run.sh`) is kept there once its fix is in.

use crate::support::root;
use std::time::{Duration, Instant};

/// Far above what any kept input needs in a debug build; a runaway fails the test.
const BOUND: Duration = Duration::from_secs(20);

#[test]
fn every_target_has_a_fuzz_binary_and_replays_its_regressions() {
    let fuzz = root().join("fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).unwrap();
    let mut replayed = 0;
    for (name, target) in flowsim::fuzzing::TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no target {name}"
        );
        let source = std::fs::read_to_string(fuzz.join(format!("fuzz_targets/{name}.rs"))).unwrap();
        assert!(source.contains(&format!("flowsim::fuzzing::{name}(")), "{name}.rs calls {name}");
        let Ok(dir) = std::fs::read_dir(fuzz.join("regressions").join(name)) else { continue };
        let mut inputs: Vec<_> = dir.map(|e| e.unwrap().path()).collect();
        inputs.sort();
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            let started = Instant::now();
            target(&data);
            let took = started.elapsed();
            assert!(took < BOUND, "{} took {took:?}", input.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "fuzz/regressions/ holds the inputs the fuzzers found");
}
