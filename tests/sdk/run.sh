#!/usr/bin/env bash
# The official Genesys Cloud Python SDK against `flowsim serve`: a real client no one here wrote.
# Creates a virtual environment under target/, installs the pinned SDK from PyPI, builds flowsim,
# starts the emulator on a free loopback port, runs tests/sdk/test_sdk.py, and stops the server.
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
OUT="$(mktemp)"
"$BIN" serve --flows fixtures/flows --fixtures fixtures/data --port 0 --test-endpoints \
  --client-id "$FLOWSIM_CLIENT_ID" --client-secret "$FLOWSIM_CLIENT_SECRET" > "$OUT" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -f "$OUT"' EXIT

# The first stdout line is `listening on http://127.0.0.1:PORT`; wait for it (bounded).
for _ in $(seq 1 300); do
  if grep -q '^listening on ' "$OUT"; then break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then echo "flowsim serve exited early" >&2; exit 1; fi
  sleep 0.1
done
FLOWSIM_URL="$(sed -n 's/^listening on //p' "$OUT" | head -n 1)"
if [ -z "$FLOWSIM_URL" ]; then echo "flowsim serve printed no address" >&2; exit 1; fi
export FLOWSIM_URL

echo "== official Python SDK $SDK_VERSION against $FLOWSIM_URL"
"$VENV/bin/python" tests/sdk/test_sdk.py
