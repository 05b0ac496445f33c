#!/usr/bin/env python3
"""`flowsim check` over every published flow of the corpus: the errors it reports, by code.

Every flow of the corpus is Architect's output (docs/check.md, "Published flows check clean"):
an error `check` gives on one must be one Architect gives, or `check` is wrong. The flows are
checked as they were published, together with the flows beside them: one `flowsim check
--format json` per folder of a repository (as `SOURCES.tsv` gives it) and form (Archy YAML,
exports), its `{{key}}` placeholders filled with `x_<key>` (as Archy's substitutions would
be). It prints every error with its file, then the figure: files and flows checked, errors in
all and by code.

The corpus is read where it is (never copied): `$FLOWSIM_CORPUS`, else `../shared/corpus`
beside the checkout. Its files come from the repositories, commits and paths its
`SOURCES.tsv` lists (GenesysCloudBlueprints and the Genesys Terraform provider's examples).

    tools/corpus/sweep.py [--flowsim target/debug/flowsim] [--quiet]

Exit 0 when no file has an error, 1 when some do, 2 when the corpus or flowsim is missing.
"""

import argparse
import collections
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def corpus_dir() -> pathlib.Path:
    env = os.environ.get("FLOWSIM_CORPUS")
    return pathlib.Path(env) if env else ROOT.parent / "shared" / "corpus"


def placeholders(text: str) -> list[str]:
    keys = []
    for key in re.findall(r"\{\{(.*?)\}\}", text):
        key = key.strip()
        if key not in keys:
            keys.append(key)
    return keys


def groups(corpus: pathlib.Path, files: list[pathlib.Path]) -> list[list[pathlib.Path]]:
    """The files by form and by the folder of their repository they were published from
    (`SOURCES.tsv`: a corpus file is named `<owner>_<repo>__<path>` with `/` and spaces as
    `_`, an export by its file name alone); a file SOURCES.tsv does not name is a group alone."""
    folder: dict[str, str] = {}
    for line in (corpus / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        repo, path, _ = line.split("\t")
        flat = lambda t: t.replace("/", "_").replace(" ", "_")
        where = f"{repo}:{pathlib.PurePosixPath(path).parent}"
        folder[f"{flat(repo)}__{flat(path)}"] = where
        folder[f"{flat(repo)}__{flat(pathlib.PurePosixPath(path).name)}.json"] = where
    by: dict[tuple[str, str], list[pathlib.Path]] = {}
    for path in files:
        by.setdefault((path.parent.name, folder.get(path.name, path.name)), []).append(path)
    return list(by.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flowsim", default=str(ROOT / "target" / "debug" / "flowsim"))
    ap.add_argument("--quiet", action="store_true", help="print the figure only")
    args = ap.parse_args()
    corpus = corpus_dir()
    files = sorted(p for d in ("archy", "i3") for p in (corpus / d).glob("*") if p.is_file())
    if not files:
        print(f"no corpus at {corpus}: set FLOWSIM_CORPUS", file=sys.stderr)
        return 2
    if not pathlib.Path(args.flowsim).exists():
        print(f"no flowsim at {args.flowsim}: build it (cargo build) or pass --flowsim", file=sys.stderr)
        return 2
    by_code: collections.Counter[str] = collections.Counter()
    flows = 0
    with_errors = set()
    for group in groups(corpus, files):
        cmd = [args.flowsim, "check", *map(str, group), "--format", "json"]
        for path in group:
            for key in placeholders(path.read_text(encoding="utf-8", errors="replace")):
                cmd += ["--sub", f"{key}=x_{key}"]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        try:
            report = json.loads(out.stdout)
        except json.JSONDecodeError:
            names = ", ".join(p.name for p in group)
            print(f"{names}: flowsim check printed no report (exit {out.returncode}): {out.stderr.strip()}")
            by_code["(no report)"] += 1
            with_errors.update(group)
            continue
        flows += report.get("flows", 0)
        for d in report.get("diagnostics", []):
            if d.get("severity") != "error":
                continue
            by_code[d["code"]] += 1
            file = pathlib.Path(d.get("file", "?"))
            with_errors.add(file)
            if not args.quiet:
                where = ":".join(str(d[k]) for k in ("line", "column") if d.get(k))
                node = f" node `{d['node']}`" if d.get("node") else ""
                print(f"{file.parent.name}/{file.name}:{where}{node}: error[{d['code']}]: {d['message']}")
    total = sum(by_code.values())
    codes = ", ".join(f"{c} {n}" for c, n in sorted(by_code.items())) or "none"
    print(f"{len(files)} files, {flows} flows checked: {total} error(s) in {len(with_errors)} file(s) ({codes})")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
