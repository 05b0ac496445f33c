#!/usr/bin/env bash
# Builds the Python wheel `flowsim-cli` (the binary, no Python code) and installs it the way a
# flow author without Rust would: into a fresh virtual environment, from the wheel file alone
# (no package index). Then the installed `flowsim` starts a project with `flowsim init` and runs
# its checks and scenarios, as the README's first steps do.
#
# Needs python3 (3.11+: the metadata check reads TOML) with venv, and maturin (`pip install
# maturin`; CI installs it into a scratch venv). The wheel is built from the `release` profile
# in ./target, so after `cargo install --path .` (CI's install step) only the binary is linked
# again.
set -euo pipefail
cd "$(dirname "$0")/../.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

maturin="${MATURIN:-}"
if [[ -z "$maturin" ]]; then
  python3 -m venv "$work/build-env"
  "$work/build-env/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.7,<2.0"
  maturin="$work/build-env/bin/maturin"
fi

CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}" "$maturin" build --locked --release --quiet --out "$work/dist" >/dev/null
wheel="$(ls "$work"/dist/flowsim_cli-*.whl)"
echo "wheel: $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"

python3 -m venv "$work/user-env"
started=$(date +%s%N)
"$work/user-env/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
echo "wheel: installed in $(( ($(date +%s%N) - started) / 1000000 )) ms"
flowsim="$work/user-env/bin/flowsim"
"$flowsim" --version

# The way the README tells a flow author to install it: pipx, from the wheel file (which
# depends on nothing). pipx itself, and the pip it keeps for its environments on first use, come
# from the package index, as a new user's do.
"$work/build-env/bin/pip" install --quiet --disable-pip-version-check "pipx>=1.4,<2" 2>/dev/null \
  || { python3 -m venv "$work/pipx-env" && "$work/pipx-env/bin/pip" install --quiet --disable-pip-version-check "pipx>=1.4,<2"; }
pipx="$work/build-env/bin/pipx"
[[ -x "$pipx" ]] || pipx="$work/pipx-env/bin/pipx"
started=$(date +%s%N)
PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/bin" PIPX_MAN_DIR="$work/man" \
  "$pipx" install --quiet "$wheel" >/dev/null
echo "wheel: pipx install in $(( ($(date +%s%N) - started) / 1000000 )) ms"
flowsim="$work/bin/flowsim"
"$flowsim" --version

# The installed metadata (what PyPI shows and pip resolves): the version is Cargo.toml's, the
# one the binary reports and the one `flowsim init` pins (`flowsim-cli==X.Y.Z`); the summary,
# the README as description, and exactly the links of pyproject.toml's [project.urls].
"$work/user-env/bin/python" - "$("$flowsim" --version)" <<'PY'
import importlib.metadata
import sys
import tomllib
from pathlib import Path

meta = importlib.metadata.metadata("flowsim-cli")
project = tomllib.loads(Path("pyproject.toml").read_text())["project"]
cargo = tomllib.loads(Path("Cargo.toml").read_text())["package"]
errors = []
if meta["Version"] != cargo["version"]:
    errors.append(f"Version {meta['Version']} is not Cargo.toml's {cargo['version']}")
if sys.argv[1].split()[-1] != cargo["version"]:
    errors.append(f"the binary says `{sys.argv[1]}`, not version {cargo['version']}")
if meta["Summary"] != project["description"]:
    errors.append(f"Summary {meta['Summary']!r} is not pyproject.toml's description")
if not (meta.get_payload() or meta["Description"] or "").startswith("# flowsim"):
    errors.append("the description is not the README")
urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
if urls != project.get("urls", {}):
    errors.append(f"Project-URL {urls} is not pyproject.toml's [project.urls] {project.get('urls', {})}")
for e in errors:
    print(f"error: wheel metadata: {e}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"wheel: metadata: flowsim-cli {meta['Version']}, {len(urls)} project link(s)")
PY

# A new user's first minutes, timed: a project, then its check and scenarios with no path
# (flowsim.toml names them), from the project and from a subfolder of it.
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
started=$(date +%s%N)
"$flowsim" init "$work/project" >/dev/null
echo "wheel: new user: init in $(ms "$started") ms"
started=$(date +%s%N)
(cd "$work/project" && "$flowsim" check)
echo "wheel: new user: check in $(ms "$started") ms"
started=$(date +%s%N)
(cd "$work/project/tests" && "$flowsim" test --ci)
echo "wheel: new user: test --ci in $(ms "$started") ms"
# The CI workflow init writes, for each way it can install flowsim, linted as GitHub reads it.
# Then the package index's install step, run as written: a build from source is on no index,
# so pip is pointed at the wheel just built (what the index serves once a release publishes it).
version="$("$flowsim" --version | awk '{print $NF}')"
n=0
for source in pypi "archive=https://example.invalid/flowsim-$version-x86_64-unknown-linux-musl.tar.gz" \
  "git=https://example.invalid/flowsim.git"; do
  n=$((n + 1))
  "$flowsim" init --install "$source" "$work/ci-$n" >/dev/null
done
bash tools/workflows/lint.sh "$work"/ci-*/.github/workflows/flowsim.yml
step="$(sed -n 's/^ *run: \(pipx install .*\)$/\1/p' "$work/ci-1/.github/workflows/flowsim.yml" | sort -u)"
[[ "$step" == "pipx install flowsim-cli==$version" ]] || { echo "error: the workflow's install step: $step" >&2; exit 1; }
PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/bin" PIPX_MAN_DIR="$work/man" "$pipx" uninstall flowsim-cli >/dev/null
PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/bin" PIPX_MAN_DIR="$work/man" PIP_NO_INDEX=1 \
  PIP_FIND_LINKS="$work/dist" PATH="$(dirname "$pipx"):$PATH" bash -eo pipefail -c "$step" >/dev/null
[[ "$("$work/bin/flowsim" --version)" == "flowsim $version" ]]
(cd "$work/ci-1" && "$work/bin/flowsim" check >/dev/null)
echo "wheel: init's workflow (pypi, archive, git) lints; its install step installs this wheel"
# The editor schemas come with the wheel: init wrote them, byte for byte schemas/.
for schema in schemas/*.schema.json; do
  cmp "$schema" "$work/project/.flowsim/schemas/$(basename "$schema")"
done
echo "wheel: installed without Rust or a package index; init, check and test pass"
