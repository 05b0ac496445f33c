#!/usr/bin/env bash
# The editors' set-ups (docs/editor.md), built and tried: the VS Code extension installed from
# its lockfile, type-checked (strict), compiled and packaged as a .vsix, its debugger driven by
# VS Code's DAP test client; the Neovim set-up loaded in a headless Neovim. Writes only into a
# temp dir and editors/vscode/{node_modules,out,schemas}.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(
    cd editors/vscode
    npm ci --no-audit --no-fund --loglevel=error
    npm run --silent lint
    npm run --silent compile
    npx --no-install vsce package --allow-missing-repository --skip-license \
        --out "$work/flowsim.vsix" </dev/null >"$work/vsce.log" 2>&1 \
        || { cat "$work/vsce.log"; exit 1; }
)
# The package holds the compiled client, its manifest, its one runtime dependency and the
# schemas its `yamlValidation` names (copied from schemas/ by `npm run schemas`).
python3 - "$work/flowsim.vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for part in ["extension/package.json", "extension/out/extension.js",
             "extension/node_modules/vscode-languageclient/package.json",
             "extension/schemas/archy.schema.json", "extension/schemas/scenarios.schema.json",
             "extension/schemas/fixtures.schema.json"]:
    if part not in names:
        sys.exit(f"the .vsix lacks {part}")
if any(n.startswith("extension/src/") for n in names):
    sys.exit("the .vsix holds the TypeScript sources")
PY
echo "vscode: $(du -k "$work/flowsim.vsix" | cut -f1) KB .vsix"

# The debugger the extension contributes (`flowsim dap`), driven by the DAP client VS Code's own
# debug adapters are tested with (@vscode/debugadapter-testsupport, a dev dependency).
cargo build --locked --quiet --bin flowsim
FLOWSIM="$PWD/target/debug/flowsim" node --test editors/vscode/test/

# A project and a lone file for Neovim to open.
project="$work/project" lone="$work/lone"
mkdir -p "$project/flows" "$project/tests" "$project/exports" "$lone"
: >"$project/flowsim.toml"
printf 'inboundCall:\n  name: Main\n' >"$project/flows/main_menu.yaml"
printf 'scenarios: []\n' >"$project/tests/main_menu.scenarios.yaml"
printf 'e30=\n' >"$project/exports/Main.i3InboundFlow"
printf '{}\n' >"$lone/other.json"
echo
PROJECT="$project" LONE="$lone" CONFIG="$PWD/editors/nvim/flowsim.lua" \
    timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile tools/editor/nvim_config.lua"
