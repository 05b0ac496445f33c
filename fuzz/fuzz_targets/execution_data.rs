//! `flowsim::fuzzing::execution_data` as a libFuzzer target (what it checks is in its doc comment).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flowsim::fuzzing::execution_data(data));
