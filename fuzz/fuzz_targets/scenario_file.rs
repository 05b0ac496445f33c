//! `flowsim::fuzzing::scenario_file` as a libFuzzer target (what it checks is in its doc comment).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flowsim::fuzzing::scenario_file(data));
