#!/usr/bin/env bash
# Regenerates every oracle data file from the pinned SDK into a scratch folder and fails if the
# committed tools/oracle/data differs: the Rust tests compare flowsim with what the SDK says.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out" "$out.diff"' EXIT
node dump.js "$out"
node exports.js "$out"
node cases.js "$out"
node verdicts.js "$out" >/dev/null
if ! diff -r data "$out" >"$out.diff"; then
  head -c 4000 "$out.diff"
  echo "tools/oracle/data is not what the SDK says: regenerate it (see tools/oracle/README.md) and commit data/" >&2
  exit 1
fi
echo "oracle: tools/oracle/data matches the SDK ($(find data -type f | wc -l) files)"
