#!/usr/bin/env bash
# The official Genesys Cloud Python SDK against `flowsim serve`: a real client no one here wrote.
# Creates a virtual environment under target/, installs the pinned SDK from PyPI, builds flowsim,
# starts the emulator on a free loopback port, runs tests/sdk/test_sdk.py; then a second one on
# fixtures/live with a rate limit, for an orchestration service written in Python (tests/sdk/orchestrator.py).
# Stops the servers on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

SDK_VERSION=269.0.0
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
VENV="$TARGET_DIR/sdk-venv"

if ! "$VENV/bin/python" -c "import PureCloudPlatformClientV2" 2>/dev/null \
  || [ "$(cat "$VENV/sdk-version" 2>/dev/null)" != "$SDK_VERSION" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "purecloudplatformclientv2==$SDK_VERSION"
  echo "$SDK_VERSION" > "$VENV/sdk-version"
fi

cargo build --locked --quiet --bin flowsim
BIN="$TARGET_DIR/debug/flowsim"

export FLOWSIM_CLIENT_ID=flowsim-sdk-test
export FLOWSIM_CLIENT_SECRET=not-a-secret
# Starts `flowsim serve ARGS` on a free loopback port; prints its base URL once it listens.
# The first stdout line is `listening on http://127.0.0.1:PORT`; wait for it (bounded).
SERVERS=()
OUTS=()
trap 'for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -f "${OUTS[@]}"' EXIT
start_server() {
  local out
  out="$(mktemp)"
  OUTS+=("$out")
  "$BIN" serve --port 0 --client-id "$FLOWSIM_CLIENT_ID" --client-secret "$FLOWSIM_CLIENT_SECRET" \
    "$@" > "$out" &
  SERVERS+=("$!")
  local pid=$!
  for _ in $(seq 1 300); do
    if grep -q '^listening on ' "$out"; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "flowsim serve exited early" >&2; exit 1; fi
    sleep 0.1
  done
  local url
  url="$(sed -n 's/^listening on //p' "$out" | head -n 1)"
  if [ -z "$url" ]; then echo "flowsim serve printed no address" >&2; exit 1; fi
  STARTED_URL="$url"
}

start_server --flows fixtures/flows --fixtures fixtures/data \
  --fixtures fixtures/org/fixtures/inventory.yaml --test-endpoints
FLOWSIM_URL="$STARTED_URL"
export FLOWSIM_URL

echo "== official Python SDK $SDK_VERSION against $FLOWSIM_URL"
"$VENV/bin/python" tests/sdk/test_sdk.py

# The orchestration service, ported, against live sessions under a rate limit.
start_server --flows fixtures/live/flows --fixtures fixtures/live/data --rate-limit 20/s
FLOWSIM_LIVE_URL="$STARTED_URL"
export FLOWSIM_LIVE_URL
echo "== the orchestration service against live sessions at $FLOWSIM_LIVE_URL"
"$VENV/bin/python" tests/sdk/orchestrator.py
