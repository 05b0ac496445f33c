#!/usr/bin/env bash
# The README's pictures of the HTML test report: the bundled Acme suite's report, opened in
# headless Chromium at a desktop's width and at a narrow one, written to docs/images/.
# Usage: bash tools/docs/screenshots.sh [path/to/flowsim]   (default: target/release/flowsim)
set -euo pipefail
cd "$(dirname "$0")/../.."
flowsim="${1:-target/release/flowsim}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$flowsim" test fixtures/scenarios/acme-ivr.scenarios.yaml --report "$scratch/report.html" >/dev/null
for size in 1280,1000 500,1000; do
  width="${size%,*}"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-quic \
    --user-data-dir="$scratch/profile" --window-size="$size" \
    --screenshot="$scratch/report-$width.png" "file://$scratch/report.html" 2>/dev/null
  mv "$scratch/report-$width.png" "docs/images/report-$width.png"
done
ls -l docs/images/report-*.png
