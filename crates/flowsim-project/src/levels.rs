//! What silences or sets the level of a finding: the flows' `# flowsim: ignore CODE` comments,
//! read through the [`FileView`] (a comment typed but unsaved silences; one deleted but
//! unsaved no longer does), then the project's levels.
//!
//! Invariants: nothing a user turned off hides that the flows did not load: when every error
//! that stopped them is silenced or lowered, a `notLoaded` error says so at the first; a
//! comment that names no code, or silences nothing, is itself a finding (`unusedSuppression`).

use crate::diag::{Code, Diagnostic, Severity};
use crate::harness::LintReport;
use crate::project::{Level, Project};
use crate::view::FileView;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Applies the project's levels to what `test --lint` found: a warning whose code is set to
/// `ignore` goes, one set to `error` fails the lint as the suite's errors do; the suite's
/// errors stay errors (a scenario that cannot run is never a warning).
pub fn apply_to_lint(project: Option<&Project>, report: &mut LintReport) {
    let Some(project) = project else { return };
    let warnings = std::mem::take(&mut report.warnings);
    for w in warnings {
        match project.level(&w.diagnostic()) {
            Some(Level::Ignore) => {}
            Some(Level::Error) => report.file_errors.push(w),
            Some(Level::Warning) | None => report.warnings.push(w),
        }
    }
}

/// Applies what silences or sets the level of `diags`: the flows' `# flowsim: ignore CODE`
/// comments (as `view` holds the files), then the project's levels (none outside a project).
/// `loaded` says whether the flows loaded: when they did not and no error is left, a
/// `notLoaded` error stands at the first error that was silenced or lowered. The comments that
/// silence nothing are added as `unusedSuppression` warnings, which the project's levels
/// govern too.
pub fn apply(
    project: Option<&Project>,
    view: &FileView,
    loaded: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let first_error = (!loaded).then(|| diags.iter().find(|d| d.is_error()).cloned()).flatten();
    let mut comments = Suppressions::of(diags, view);
    diags.retain_mut(|d| !comments.silences(d) && level(project, d));
    let mut unused = comments.unused();
    unused.retain_mut(|d| level(project, d));
    diags.append(&mut unused);
    if let Some(e) = first_error.filter(|_| !diags.iter().any(Diagnostic::is_error)) {
        let mut d = Diagnostic::error(
            Code::NotLoaded,
            format!(
                "the flows did not load: `{}` here stops them, and the project's levels or a `# flowsim: ignore` comment silence it, so `flowsim test` and `flowsim run` cannot run them",
                e.code.as_str()
            ),
        )
        .help("fix what the silenced finding says; a level silences a finding, not what stops a run");
        d.file = e.file;
        d.line = e.line;
        d.column = e.column;
        d.flow = e.flow;
        d.node = e.node;
        diags.push(d);
    }
}

/// `d` at the level the project gives it; false when it goes.
fn level(project: Option<&Project>, d: &mut Diagnostic) -> bool {
    match project.and_then(|p| p.level(d)) {
        Some(Level::Ignore) => false,
        Some(Level::Error) => {
            d.severity = Severity::Error;
            true
        }
        Some(Level::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        None => true,
    }
}

/// The `# flowsim: ignore CODE, CODE` comments of the YAML files diagnostics point into, each
/// as the lines of the block it stands on: a comment on its own line silences the codes in the
/// block of the line after it (an action's `- decision:` and everything indented under it), a
/// comment at the end of a line the block of that line. Read once per file, in one pass.
#[derive(Default)]
pub struct Suppressions {
    /// file → its comments.
    by_file: HashMap<PathBuf, Vec<Block>>,
}

/// One comment: the lines of the block it covers (1-based, inclusive), where it is written,
/// the codes it names (and the words that name none), and whether each code silenced one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    first: usize,
    last: usize,
    /// The comment's own line and the column of its marker.
    at: (usize, usize),
    codes: Vec<Code>,
    unknown: Vec<String>,
    used: Vec<bool>,
}

/// The marker of a suppression comment.
const MARKER: &str = "flowsim: ignore";

impl Suppressions {
    /// The comments of the files `diags` name, as `view` holds them.
    pub fn of(diags: &[Diagnostic], view: &FileView) -> Self {
        let mut out = Suppressions::default();
        let mut files: Vec<&Path> = diags.iter().filter_map(|d| d.file.as_deref()).collect();
        files.sort();
        files.dedup();
        for file in files {
            let is_yaml = file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
            if !is_yaml {
                continue;
            }
            let Ok(text) = view.read(file, crate::util::MAX_INPUT_BYTES) else {
                continue;
            };
            if text.contains(MARKER) {
                out.by_file.insert(file.to_path_buf(), blocks(&text));
            }
        }
        out
    }

    fn silences(&mut self, d: &Diagnostic) -> bool {
        let (Some(file), Some(line)) = (&d.file, d.line) else { return false };
        let Some(blocks) = self.by_file.get_mut(file) else { return false };
        let mut silenced = false;
        for b in blocks.iter_mut().filter(|b| (b.first..=b.last).contains(&line)) {
            if let Some(i) = b.codes.iter().position(|c| *c == d.code) {
                b.used[i] = true;
                silenced = true;
            }
        }
        silenced
    }

    /// A warning for each code a comment names that silenced nothing, and each word that
    /// names no code, in file and line order.
    fn unused(&self) -> Vec<Diagnostic> {
        let mut files: Vec<&PathBuf> = self.by_file.keys().collect();
        files.sort();
        let mut out = Vec::new();
        for file in files {
            for b in &self.by_file[file] {
                let (line, column) = b.at;
                for word in &b.unknown {
                    let help = crate::util::nearest(word, Code::ALL.iter().map(|c| c.as_str()))
                        .map_or_else(
                            || "`flowsim explain` lists every code".to_owned(),
                            |n| format!("did you mean `{n}`?"),
                        );
                    out.push(
                        Diagnostic::warning(
                            Code::UnusedSuppression,
                            format!("`# flowsim: ignore {word}`: `{word}` is no diagnostic code, so it silences nothing"),
                        )
                        .file(file)
                        .at(line, column)
                        .help(help),
                    );
                }
                for (code, _) in b.codes.iter().zip(&b.used).filter(|(_, used)| !**used) {
                    out.push(
                        Diagnostic::warning(
                            Code::UnusedSuppression,
                            format!("`# flowsim: ignore {code}` silences nothing: no `{code}` finding stands in the block it covers (lines {}–{})", b.first, b.last),
                        )
                        .file(file)
                        .at(line, column)
                        .help("delete the code from the comment (or the comment)"),
                    );
                }
            }
        }
        out
    }
}

/// Each suppression of `text` as the lines it covers and its codes, in one pass: a stack of
/// the blocks still open, each closed by the first later line indented no deeper.
fn blocks(text: &str) -> Vec<Block> {
    let mut done = Vec::new();
    // (indent, block) of blocks with a suppression, still open.
    let mut open: Vec<(usize, Block)> = Vec::new();
    let mut pending: Option<Block> = None;
    let mut last_content = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        let comment = line.find('#').and_then(|at| {
            let (codes, unknown, marker) = codes_in(line.get(at..)?)?;
            let column = line.get(..at + marker).map_or(1, |b| b.chars().count() + 1);
            Some((codes, unknown, column))
        });
        if trimmed.starts_with('#') {
            if let Some((codes, unknown, column)) = comment {
                let b = pending.get_or_insert_with(|| Block::new(n, column));
                b.add(codes, unknown);
            }
            continue;
        }
        let indent = line.len() - trimmed.len();
        while open.last().is_some_and(|(at, _)| indent <= *at) {
            if let Some((_, mut b)) = open.pop() {
                b.last = last_content;
                done.push(b);
            }
        }
        let mut here = pending.take();
        if let Some((codes, unknown, column)) = comment {
            here.get_or_insert_with(|| Block::new(n, column)).add(codes, unknown);
        }
        if let Some(mut b) = here {
            b.first = n;
            open.push((indent, b));
        }
        last_content = n;
    }
    while let Some((_, mut b)) = open.pop() {
        b.last = last_content;
        done.push(b);
    }
    // A comment with nothing after it covers nothing: its codes are unused.
    if let Some(mut b) = pending {
        b.first = b.at.0;
        b.last = b.at.0;
        done.push(b);
    }
    done.sort_by_key(|b| b.at);
    done
}

impl Block {
    fn new(line: usize, column: usize) -> Block {
        Block {
            first: line,
            last: line,
            at: (line, column),
            codes: Vec::new(),
            unknown: Vec::new(),
            used: Vec::new(),
        }
    }

    fn add(&mut self, codes: Vec<Code>, unknown: Vec<String>) {
        for c in codes {
            if !self.codes.contains(&c) {
                self.codes.push(c);
                self.used.push(false);
            }
        }
        self.unknown.extend(unknown);
    }
}

/// The codes of `# flowsim: ignore a, b` in `comment` (which starts at its `#`), the words
/// that name no code, and the marker's byte offset in `comment`. The first word is a code, and
/// so is every word after a comma; a later word after a space only when it names a code (so
/// `# flowsim: ignore alwaysFalse (the 2 is for the test)` ends at its prose).
fn codes_in(comment: &str) -> Option<(Vec<Code>, Vec<String>, usize)> {
    let at = comment.find(MARKER)?;
    let rest = comment.get(at + MARKER.len()..)?;
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    let mut listed = true;
    let mut first = true;
    let mut word = String::new();
    let mut take = |word: &mut String, listed: bool| -> bool {
        if word.is_empty() {
            return true;
        }
        let w = std::mem::take(word);
        match Code::from_name(&w) {
            Some(c) => codes.push(c),
            None if listed => unknown.push(w),
            None => return false,
        }
        true
    };
    for ch in rest.chars().chain(std::iter::once(' ')) {
        match ch {
            ',' => {
                if !take(&mut word, listed || first) {
                    break;
                }
                first = false;
                listed = true;
            }
            ' ' | '\t' => {
                if !word.is_empty() {
                    if !take(&mut word, listed || first) {
                        break;
                    }
                    first = false;
                    listed = false;
                }
            }
            // A second `#` starts words that are not codes (`# flowsim: ignore x # why`).
            '#' if word.is_empty() => break,
            c => word.push(c),
        }
    }
    Some((codes, unknown, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(usize, usize, Vec<Code>, Vec<String>)> {
        blocks(text).into_iter().map(|b| (b.first, b.last, b.codes, b.unknown)).collect()
    }

    #[test]
    fn a_comment_silences_the_codes_it_names_in_the_block_it_stands_on() {
        let text = "- decision:\n    name: A\n# flowsim: ignore unreachableNode, alwaysFalse\n- decision:\n    name: D\n\n    x: 1 # flowsim: ignore neverAssigned\n    y:\n      z: 2\n- other: 1\n  # flowsim: ignore bogus\n";
        let b = spans(text);
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(
            b.contains(&(4, 9, vec![Code::UnreachableNode, Code::AlwaysFalse], vec![])),
            "{b:?}"
        );
        assert!(b.contains(&(7, 7, vec![Code::NeverAssigned], vec![])), "{b:?}");
        // A comment with nothing after it covers nothing, and its word names no code.
        assert!(b.contains(&(11, 11, vec![], vec!["bogus".to_owned()])), "{b:?}");
    }

    #[test]
    fn the_list_of_codes_ends_at_prose_but_a_listed_word_that_names_no_code_is_kept() {
        let words = |c: &str| codes_in(c).map(|(codes, unknown, _)| (codes, unknown)).unwrap();
        assert_eq!(
            words("# flowsim: ignore alwaysFalse (the 2 is for the test)"),
            (vec![Code::AlwaysFalse], vec![])
        );
        assert_eq!(
            words("# flowsim: ignore unreachableNod"),
            (vec![], vec!["unreachableNod".to_owned()])
        );
        assert_eq!(
            words("# flowsim: ignore alwaysFalse, neverAssigned unreachableNode, bogus # why"),
            (
                vec![Code::AlwaysFalse, Code::NeverAssigned, Code::UnreachableNode],
                vec!["bogus".to_owned()]
            )
        );
    }

    #[test]
    fn an_unknown_code_and_a_code_that_silences_nothing_are_findings() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.yaml");
        let text = "- a:\n    # flowsim: ignore unreachableNod, neverAssigned\n    b: 1\n";
        let mut view = FileView::disk();
        view.set(file.clone(), text.to_owned());
        let mut diags = vec![Diagnostic::warning(Code::AlwaysFalse, "x").file(&file).at(3, 5)];
        apply(None, &view, true, &mut diags);
        let codes: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            codes,
            [
                (Code::AlwaysFalse, Some(3)),
                (Code::UnusedSuppression, Some(2)),
                (Code::UnusedSuppression, Some(2))
            ]
        );
        assert!(diags[1].help.as_deref().unwrap().contains("unreachableNode"), "{:?}", diags[1]);
        // Used, it is no finding; read through the view, not the disk (there is no file).
        let mut diags = vec![Diagnostic::warning(Code::NeverAssigned, "x").file(&file).at(3, 5)];
        view.set(file.clone(), "- a:\n    # flowsim: ignore neverAssigned\n    b: 1\n".into());
        apply(None, &view, true, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
    }
}
