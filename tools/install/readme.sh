#!/usr/bin/env bash
# Runs the README's "## Install" section as written: every line of its ```sh blocks, in this
# clone, in order, with what they install redirected to a scratch folder (CARGO_INSTALL_ROOT for
# `cargo install`, PIPX_HOME and PIPX_BIN_DIR for pipx), so a line that stops working fails CI.
# Each `flowsim` installed must then report Cargo.toml's version. pipx, when missing, and maturin
# (which `pipx run` fetches) come from the package index, as a new user's do.
set -euo pipefail
cd "$(dirname "$0")/../.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

section="$(awk '/^## /{on = ($0 == "## Install")} on' README.md)"
commands="$(awk '/^```sh$/{on=1; next} /^```$/{on=0} on' <<<"$section" | sed 's/[[:space:]]*#.*$//' | grep -v '^[[:space:]]*$')"
[[ -n "$commands" ]] || { echo "error: README.md has no \`\`\`sh block under ## Install" >&2; exit 1; }

if ! command -v pipx >/dev/null; then
  python3 -m venv "$work/pipx-env"
  "$work/pipx-env/bin/pip" install --quiet --disable-pip-version-check "pipx>=1.4,<2"
  export PATH="$work/pipx-env/bin:$PATH"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}" CARGO_INSTALL_ROOT="$work/cargo"
export PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin" PIPX_MAN_DIR="$work/pipx-man"

[[ ! -e dist ]] || { echo "error: ./dist exists; the README's wheel line writes there" >&2; exit 1; }
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)"
while IFS= read -r line; do
  echo "install: $line"
  bash -eo pipefail -c "$line" >/dev/null
done <<<"$commands"
rm -rf dist

installed=0
for bin in "$work/cargo/bin/flowsim" "$work/pipx-bin/flowsim"; do
  [[ -x "$bin" ]] || continue
  got="$("$bin" --version)"
  [[ "$got" == "flowsim $version" ]] || { echo "error: $bin says \`$got\`, not flowsim $version" >&2; exit 1; }
  installed=$((installed + 1))
done
[[ $installed -eq 2 ]] || { echo "error: the README's lines installed $installed flowsim(s), not 2 (cargo and pipx)" >&2; exit 1; }
echo "install: the README's $(wc -l <<<"$commands") line(s) ran as written; cargo's and pipx's flowsim $version start"
