#!/usr/bin/env bash
# The speed targets' whole-process figures for one or more flowsim binaries, measured in turn
# (tools/bench/wall.py): loading the 10,000-scenario Archy suite, running it, and a
# 1,000,000-step run's JSON and text traces to /dev/null. Run from the repository's root:
#   bash tools/bench/targets.sh target/release/flowsim [OTHER_BINARY ...]
set -euo pipefail
suite_dir=$(mktemp -d)
trap 'rm -rf "$suite_dir"' EXIT
python3 benches/gen_suite.py 10000 "$suite_dir" archy yaml > /dev/null
suite=$suite_dir/generated.scenarios.yaml
trace="run Bench_Loop --flows fixtures/flows-bench --var Flow.iterations=200000 --max-steps 1000000"
label() { echo "$1" | tr '/' '-'; }
load=() suites=() traces=()
for bin in "$@"; do
  name=$(label "$bin")
  load+=("load:$name=$bin test $suite --filter zzzz")
  suites+=("suite:$name=$bin test $suite")
  traces+=("json:$name=$bin $trace --format json" "text:$name=$bin $trace --format text")
done
uptime
python3 tools/bench/wall.py 20 "${load[@]}"
python3 tools/bench/wall.py 15 "${suites[@]}"
python3 tools/bench/wall.py 15 "${traces[@]}"
uptime
