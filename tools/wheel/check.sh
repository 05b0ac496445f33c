#!/usr/bin/env bash
# Builds the Python wheel `flowsim-cli` (the binary, no Python code) and installs it the way a
# flow author without Rust would: into a fresh virtual environment, from the wheel file alone
# (no package index). Then the installed `flowsim` starts a project with `flowsim init` and runs
# its checks and scenarios, as the README's first steps do.
#
# Needs python3 (3.8+) with venv, and maturin (`pip install maturin`; CI installs it into a
# scratch venv). The wheel is built from the `release` profile in ./target, so after
# `cargo install --path .` (CI's install step) only the binary is linked again.
set -euo pipefail
cd "$(dirname "$0")/../.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

maturin="${MATURIN:-}"
if [[ -z "$maturin" ]]; then
  python3 -m venv "$work/build-env"
  "$work/build-env/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.7,<2.0"
  maturin="$work/build-env/bin/maturin"
fi

CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}" "$maturin" build --locked --release --quiet --out "$work/dist" >/dev/null
wheel="$(ls "$work"/dist/flowsim_cli-*.whl)"
echo "wheel: $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"

python3 -m venv "$work/user-env"
started=$(date +%s%N)
"$work/user-env/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
echo "wheel: installed in $(( ($(date +%s%N) - started) / 1000000 )) ms"
flowsim="$work/user-env/bin/flowsim"
"$flowsim" --version

# A new user's first minutes: a project, its check, its scenarios.
"$flowsim" init "$work/project" >/dev/null
(cd "$work/project" && "$flowsim" check flows && "$flowsim" test tests --ci)
echo "wheel: installed without Rust or a package index; init, check and test pass"
