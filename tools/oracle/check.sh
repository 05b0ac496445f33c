#!/usr/bin/env bash
# Regenerates every oracle data file from the pinned SDK into a scratch folder and fails if the
# committed tools/oracle/data differs: the Rust tests compare flowsim with what the SDK says.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node dump.js "$out"
if ! diff -r data "$out" >"$out.diff"; then
  head -c 4000 "$out.diff"
  echo "tools/oracle/data is not what the SDK says: run 'cd tools/oracle && npm ci && node dump.js' and commit data/" >&2
  rm -f "$out.diff"
  exit 1
fi
rm -f "$out.diff"
echo "oracle: tools/oracle/data matches the SDK ($(ls data | wc -l) files)"
