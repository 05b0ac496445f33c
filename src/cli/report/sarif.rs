//! SARIF 2.1.0 (OASIS, <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>): the
//! static-analysis log GitHub code scanning, VS Code's SARIF viewer and others read. One run,
//! its tool `flowsim` with a rule per code the findings use, and a result per finding.
//!
//! Choices, each where the standard leaves one:
//! - Columns count Unicode code points (`columnKind: unicodeCodePoints`), as flowsim's
//!   diagnostics do everywhere (the text form's `file:line:column`); SARIF's default is UTF-16
//!   code units, which would differ after a character outside the Basic Multilingual Plane.
//! - A region starts at the text form's line and column and ends where its caret ends (the
//!   word, key or quoted string there, or the expression's own caret); `endColumn` is the
//!   column just past it, as SARIF counts.
//! - A file's URI is relative to the project's root (the folder of `flowsim.toml`, else the
//!   current directory), with forward slashes, under `uriBaseId` `%SRCROOT%`, which is left
//!   for the reader to place (no absolute path is written, so the log is the same on every
//!   machine). A file outside the root is written as an absolute `file:` URI.
//! - A rule's help is the code's explanation (what `flowsim explain CODE` prints, and
//!   docs/codes.md); flowsim has no documentation published at a URL, so no `helpUri`.
//! - A finding with a certain edit (`check --fix`) has it as a `fix`.
//! - The findings are those every form shows, in the text form's order; past
//!   [`flowsim::diag::MAX_DIAGNOSTICS`], the run's `properties.notShown` counts the rest.

use crate::cli::source::Sources;
use flowsim::diag::{Code, Diagnostic, Fix, Severity};
use flowsim::util::percent;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The URI of the schema the log follows.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base every file's URI is relative to: the project's root.
const SRCROOT: &str = "%SRCROOT%";

/// A SARIF log of one run.
#[derive(Serialize)]
pub(crate) struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    not_shown: usize,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Within>,
}

/// Where in the flow a finding is, as the text form's `flow`, `node` and `property` say.
#[derive(Serialize)]
struct Within {
    #[serde(skip_serializing_if = "Option::is_none")]
    flow: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    property: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: [Replacement; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// `diags` (the first [`flowsim::diag::MAX_DIAGNOSTICS`]) as a SARIF log, their files'
/// URIs relative to `root`.
pub(crate) fn log(diags: &[Diagnostic], root: &Path) -> Log {
    let (shown, more) = flowsim::diag::shown(diags);
    let codes: BTreeMap<&'static str, Code> =
        shown.iter().map(|d| (d.code.as_str(), d.code)).collect();
    let index: BTreeMap<&str, usize> = codes.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let rules = codes.iter().map(|(id, code)| rule(id, *code)).collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let roots = Roots { root, cwd: &cwd };
    let mut sources = Sources::default();
    let results = shown
        .iter()
        .map(|d| {
            let id = d.code.as_str();
            finding(d, id, index[id], &roots, &mut sources)
        })
        .collect();
    let version = env!("CARGO_PKG_VERSION");
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver { name: "flowsim", version, semantic_version: version, rules },
            },
            column_kind: "unicodeCodePoints",
            results,
            properties: (more > 0).then_some(RunProperties { not_shown: more }),
        }],
    }
}

/// The root and the current directory, for [`uri`].
struct Roots<'a> {
    root: &'a Path,
    cwd: &'a Path,
}

/// A code as a rule: its explanation's first sentence, the explanation, and its four parts as
/// help.
fn rule(id: &'static str, code: Code) -> Rule {
    let e = code.explain();
    let short = first_sentence(&e.meaning);
    let mut text = String::new();
    let mut markdown = String::new();
    for (heading, body) in e.parts() {
        if body.is_empty() {
            continue;
        }
        let _ = writeln!(text, "{heading}: {body}");
        let _ = writeln!(markdown, "- **{heading}**: {body}");
    }
    let _ = write!(text, "(`flowsim explain {id}`)");
    let _ = write!(
        markdown,
        "\n`flowsim explain {id}` prints this; `flowsim docs codes` lists every code."
    );
    Rule {
        id,
        short_description: Text { text: short },
        full_description: Text { text: e.meaning.clone() },
        help: Help { text, markdown },
    }
}

/// The first sentence of `text` (to its first `. `), with its full stop.
fn first_sentence(text: &str) -> String {
    text.split_inclusive(". ").next().unwrap_or_default().trim_end().to_owned()
}

fn finding(
    d: &Diagnostic,
    id: &'static str,
    rule_index: usize,
    roots: &Roots<'_>,
    sources: &mut Sources,
) -> SarifResult {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        let _ = write!(message, " (help: {h})");
    }
    let artifact = d.file.as_deref().map(|f| artifact(f, roots));
    let locations = artifact
        .iter()
        .map(|a| Location {
            physical_location: PhysicalLocation {
                artifact_location: a.clone(),
                region: d.line.map(|line| Region {
                    start_line: line,
                    start_column: d.column,
                    end_line: d.column.map(|_| line),
                    end_column: d.column.map(|c| sources.caret_end(d).unwrap_or(c + 1).max(c + 1)),
                }),
            },
        })
        .collect();
    let fixes = match (&d.fix, &artifact) {
        (Some(fix), Some(a)) => vec![edit(fix, a.clone())],
        _ => Vec::new(),
    };
    let within = (d.flow.is_some() || d.node.is_some() || d.property.is_some()).then(|| Within {
        flow: d.flow.clone(),
        node: d.node.clone(),
        property: d.property.clone(),
    });
    SarifResult {
        rule_id: id,
        rule_index,
        level: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        message: Text { text: message },
        locations,
        fixes,
        properties: within,
    }
}

/// A certain edit as a fix: `old` at its line and column replaced by `new`.
fn edit(fix: &Fix, artifact_location: ArtifactLocation) -> SarifFix {
    let lines = fix.old.matches('\n').count();
    let last = fix.old.rsplit('\n').next().unwrap_or_default().chars().count();
    let end_column = if lines == 0 { fix.column + last } else { last + 1 };
    SarifFix {
        description: Text { text: format!("replace `{}` with `{}`", fix.old, fix.new) },
        artifact_changes: [ArtifactChange {
            artifact_location,
            replacements: [Replacement {
                deleted_region: Region {
                    start_line: fix.line,
                    start_column: Some(fix.column),
                    end_line: Some(fix.line + lines),
                    end_column: Some(end_column),
                },
                inserted_content: Text { text: fix.new.clone() },
            }],
        }],
    }
}

/// `file`'s location: relative to the root under `%SRCROOT%` when it is in it, else its
/// absolute `file:` URI.
fn artifact(file: &Path, roots: &Roots<'_>) -> ArtifactLocation {
    let absolute = normal(&roots.cwd.join(file));
    let root = normal(&roots.cwd.join(roots.root));
    if let Ok(relative) = absolute.strip_prefix(&root) {
        return ArtifactLocation { uri: uri(relative), uri_base_id: Some(SRCROOT) };
    }
    let mut text = String::from("file://");
    if !absolute.has_root() {
        text.push('/');
    }
    text.push_str(&uri(&absolute));
    ArtifactLocation { uri: text, uri_base_id: None }
}

/// `path` without `.` and with each `..` taking its parent away, lexically.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// A path as a URI's path: its parts joined by `/`, each byte a URI may not hold there (a
/// space, `%`, `:`, `#`, `?`, a byte past ASCII) percent-escaped.
fn uri(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        let part = match c {
            Component::RootDir => continue,
            Component::Prefix(p) => p.as_os_str().to_string_lossy(),
            c => c.as_os_str().to_string_lossy(),
        };
        if !out.is_empty() || path.has_root() {
            out.push('/');
        }
        // A part's own `/` and `:` are escaped: the separators are the joins.
        percent::encode_into(&mut out, &part, b"!$&'()*+,;=@");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{artifact, uri, Roots};
    use std::path::Path;

    #[test]
    fn a_file_is_a_uri_relative_to_the_root_with_forward_slashes_and_escapes() {
        let roots = Roots { root: Path::new("/p"), cwd: Path::new("/p/sub") };
        let a = artifact(Path::new("../flows/a b#1.yaml"), &roots);
        assert_eq!((a.uri.as_str(), a.uri_base_id), ("flows/a%20b%231.yaml", Some("%SRCROOT%")));
        let a = artifact(Path::new("/elsewhere/x:y.json"), &roots);
        assert_eq!((a.uri.as_str(), a.uri_base_id), ("file:///elsewhere/x%3Ay.json", None));
        assert_eq!(uri(Path::new("é/ü.yaml")), "%C3%A9/%C3%BC.yaml");
    }
}
