#!/usr/bin/env bash
# Builds the cargo-fuzz targets of fuzz/ and runs each for a bounded time, starting from a
# corpus written from the repository's own files (tools/fuzz/seeds.py).
#
#   tools/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). libFuzzer's instrumentation needs
# nightly flags: a nightly toolchain is used when rustup has one, else stable with
# RUSTC_BOOTSTRAP=1. Builds use the dev profile (line tables only: fuzz/Cargo.toml), without a
# sanitizer (the crate has no unsafe code of its own). Each input gets at most FUZZ_INPUT_TIMEOUT seconds (10) and the process
# FUZZ_RSS_MB of memory (2048): an input that takes longer or more is reported like a crash.
# Found inputs land in fuzz/artifacts/<target>/; the corpus grows in $FUZZ_WORK (target/fuzz-work).
# Exit status: 0 when no target found anything, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

seconds=${1:-60}
shift || true
all=(expr_parse flow_load real_flow_load inputs_load nlu rrule org_manifest yaml_fast terraform cassette execution_data contract scenario_file)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2; exit 2; }
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

work=${FUZZ_WORK:-$root/target/fuzz-work}
mkdir -p "$work"
python3 tools/fuzz/seeds.py "$work/seeds"

cd fuzz
build_start=$(date +%s)
cargo "${toolchain[@]}" fuzz build --dev --sanitizer none >"$work/build.log" 2>&1 || {
    tail -30 "$work/build.log" >&2; echo "the fuzz targets do not build" >&2; exit 2; }
echo "== build: $(( $(date +%s) - build_start )) s"

failed=()
for t in "${targets[@]}"; do
    corpus="$work/corpus/$t"
    mkdir -p "$corpus"
    max_len=65536
    [ "$t" = real_flow_load ] && max_len=262144
    [ "$t" = expr_parse ] || [ "$t" = rrule ] && max_len=4096
    start=$(date +%s)
    log="$work/$t.log"
    cargo "${toolchain[@]}" fuzz run --dev --sanitizer none "$t" "$corpus" "$work/seeds/$t" -- \
        -max_total_time="$seconds" -timeout="${FUZZ_INPUT_TIMEOUT:-10}" \
        -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -max_len="$max_len" -print_final_stats=1 \
        >"$log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    if [ $status -ne 0 ]; then
        failed+=("$t")
        echo "== $t: FOUND SOMETHING after $(( $(date +%s) - start )) s (exit $status; log $log)"
        grep -E 'ERROR|panicked|Test unit written|timeout|out-of-memory' "$log" | head -5
    else
        echo "== $t: $(( $(date +%s) - start )) s, $runs inputs, $cov, nothing found"
    fi
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "found inputs in: ${failed[*]} (fuzz/artifacts/<target>/); keep each small one under fuzz/regressions/<target>/" >&2
    exit 1
fi
