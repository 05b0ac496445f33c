#!/usr/bin/env bash
# Pictures of a debugging session in a real editor: Neovim with nvim-dap (Neovim's DAP client)
# and the set-up of editors/nvim/flowsim.lua, which registers `flowsim dap` as nvim-dap's
# adapter, in tmux on this repository; tools/editor/debug_pictures.lua debugs the Acme IVR's
# scenario "open hours, balance of a known account" (a breakpoint on the data action's line, the
# launch, the scopes sidebar, an expression in the REPL after a step over, a step back). Each
# screen is captured (`tmux capture-pane -e -p`) and drawn as an SVG by tools/editor/ansi2svg.py
# into docs/images/debug-NAME.svg (stopped, scopes, repl, back).
#
#   NVIM_DAP=/path/to/nvim-dap bash tools/editor/debug_pictures.sh
#   FLOWSIM=path/to/flowsim NVIM_DAP=... bash tools/editor/debug_pictures.sh
#
# NVIM_DAP is a checkout of https://github.com/mfussenegger/nvim-dap (GPL-3, not part of this
# repository) at a version that supports the Neovim installed: tag 0.6.0 is the newest that
# supports Neovim 0.7.2 (its README's "Supported Neovim versions"). Needs tmux, nvim, python3
# and a flowsim with the `dap` command (default: target/debug/flowsim). A step the session does
# not reach fails the script and leaves no picture.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
flowsim="${FLOWSIM:-target/debug/flowsim}"
columns=112 rows=32

for tool in tmux nvim python3; do
    command -v "$tool" >/dev/null || { echo "debug_pictures.sh: $tool is not installed" >&2; exit 2; }
done
if [ -z "${NVIM_DAP:-}" ] || [ ! -f "$NVIM_DAP/lua/dap.lua" ]; then
    echo "debug_pictures.sh: set NVIM_DAP to a checkout of nvim-dap (git clone https://github.com/mfussenegger/nvim-dap; tag 0.6.0 for Neovim 0.7)" >&2
    exit 2
fi
if ! "$flowsim" dap --help >/dev/null 2>&1; then
    echo "debug_pictures.sh: $flowsim has no \`dap\` command; build flowsim (cargo build), or set FLOWSIM" >&2
    exit 2
fi
nvim_dap="$(cd "$NVIM_DAP" && pwd)"

work="$(mktemp -d)"
socket="flowsim-debug-pictures-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/stages" docs/images
ln -s "$(cd "$(dirname "$flowsim")" && pwd)/$(basename "$flowsim")" "$work/bin/flowsim"

tmux -L "$socket" -f /dev/null new-session -d -x "$columns" -y "$rows" -c "$repo" \
    env PATH="$work/bin:$PATH" TERM=xterm-256color STAGES="$work/stages" \
    CONFIG="$repo/editors/nvim/flowsim.lua" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" \
    nvim -u NONE -i NONE -n --cmd "set nocompatible laststatus=2 signcolumn=yes:2" \
    --cmd "set runtimepath^=$nvim_dap" -c "luafile $repo/tools/editor/debug_pictures.lua"

stage=1
while :; do
    for _ in $(seq 1 600); do
        [ -e "$work/stages/$stage.ready" ] || [ -e "$work/stages/done" ] || [ -e "$work/stages/failed" ] && break
        sleep 0.1
    done
    if [ -e "$work/stages/failed" ]; then
        echo "debug_pictures.sh: $(cat "$work/stages/failed")" >&2
        tmux -L "$socket" capture-pane -p -t 0 >&2 || true
        exit 1
    fi
    [ -e "$work/stages/$stage.ready" ] || break
    name="$(cat "$work/stages/$stage.ready")"
    tmux -L "$socket" capture-pane -e -p -t 0 >"$work/$name.txt"
    touch "$work/stages/$stage.taken"
    python3 tools/editor/ansi2svg.py "$columns" "$rows" <"$work/$name.txt" >"$work/$name.svg"
    stage=$((stage + 1))
done
if [ ! -e "$work/stages/done" ]; then
    echo "debug_pictures.sh: the session did not finish within 60 s" >&2
    exit 1
fi
# Every picture or none: they are moved in once the whole session went through.
for svg in "$work"/*.svg; do
    name="$(basename "$svg" .svg)"
    mv "$svg" "docs/images/debug-$name.svg"
    echo "docs/images/debug-$name.svg"
done
