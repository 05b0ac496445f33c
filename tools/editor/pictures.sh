#!/usr/bin/env bash
# Pictures of flowsim in the editor: for each feature, Neovim (the set-up of
# editors/nvim/flowsim.lua, with `flowsim lsp`) in tmux on a fresh `flowsim init` project, the
# feature used once, the screen captured (`tmux capture-pane -e -p`) and drawn as an SVG by
# tools/editor/ansi2svg.py into docs/images/editor-FEATURE.svg.
#
#   bash tools/editor/pictures.sh [FEATURE...]   # default: every feature
#   FLOWSIM=path/to/flowsim bash tools/editor/pictures.sh
#
# Needs tmux, nvim, python3 and a flowsim with the `lsp` command (default: target/debug/flowsim).
# A feature the server does not answer fails the script and leaves no picture.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
flowsim="${FLOWSIM:-target/debug/flowsim}"
features=("$@")
[ ${#features[@]} -gt 0 ] || features=(diagnostics hover completion definition symbols codelens)
columns=100 rows=30

for tool in tmux nvim python3; do
    command -v "$tool" >/dev/null || { echo "pictures.sh: $tool is not installed" >&2; exit 2; }
done
if ! "$flowsim" lsp --help >/dev/null 2>&1; then
    echo "pictures.sh: $flowsim has no \`lsp\` command; build a flowsim with the language server (cargo build), or set FLOWSIM" >&2
    exit 2
fi

work="$(mktemp -d)"
socket="flowsim-pictures-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$(cd "$(dirname "$flowsim")" && pwd)/$(basename "$flowsim")" "$work/bin/flowsim"
"$flowsim" init "$work/project" >/dev/null
mkdir -p docs/images

for feature in "${features[@]}"; do
    case "$feature" in
        codelens) file=tests/main_menu.scenarios.yaml ;;
        *) file=flows/main_menu.yaml ;;
    esac
    done_file="$work/$feature.done"
    tmux -L "$socket" -f /dev/null new-session -d -x "$columns" -y "$rows" -c "$work/project" \
        env PATH="$work/bin:$PATH" TERM=xterm-256color FEATURE="$feature" FILE="$file" \
        DONE="$done_file" CONFIG="$repo/editors/nvim/flowsim.lua" \
        nvim -u NONE -i NONE -n --cmd "set nocompatible laststatus=2 signcolumn=yes" \
        -c "luafile $repo/tools/editor/pictures.lua"
    for _ in $(seq 1 600); do
        [ -e "$done_file" ] || [ -e "$done_file.failed" ] && break
        sleep 0.1
    done
    if [ ! -e "$done_file" ]; then
        reason="$(cat "$done_file.failed" 2>/dev/null || echo "no answer within 60 s")"
        echo "pictures.sh: $feature: $reason" >&2
        exit 1
    fi
    sleep 0.2
    tmux -L "$socket" capture-pane -e -p -t 0 >"$work/$feature.txt"
    tmux -L "$socket" kill-server
    python3 tools/editor/ansi2svg.py "$columns" "$rows" <"$work/$feature.txt" \
        >"docs/images/editor-$feature.svg.tmp"
    mv "docs/images/editor-$feature.svg.tmp" "docs/images/editor-$feature.svg"
    echo "docs/images/editor-$feature.svg"
done
