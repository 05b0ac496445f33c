//! `{{key}}` substitution, done as plain text before YAML is read (Archy and Terraform both
//! do it that way: placeholders may sit where YAML could not parse them, as a mapping key).
//!
//! Replacing text moves everything after a placeholder on its line, so the substituted text
//! comes with a [`PosMap`] that turns its positions back into the file's own line and column.

use super::Substitutions;
use crate::diag::Diagnostic;
use crate::util::Cut;
use std::fmt::Write as _;
use std::path::Path;

/// A 1-based line and column (in characters) of the file as the user wrote it.
pub(super) use crate::util::yaml::Pos;

/// One replaced placeholder, in characters.
#[derive(Debug, Clone, Copy)]
struct Splice {
    new_start: usize,
    new_len: usize,
    old_start: usize,
    old_len: usize,
}

/// Maps character offsets of the substituted text to positions in the original file.
#[derive(Debug, Clone, Default)]
pub(super) struct PosMap {
    splices: Vec<Splice>,
    /// Character offset where each line of the original text starts.
    line_starts: Vec<usize>,
}

impl PosMap {
    fn new(original: &str, splices: Vec<Splice>) -> PosMap {
        let mut line_starts = vec![0];
        for (i, c) in original.chars().enumerate() {
            if c == '\n' {
                line_starts.push(i + 1);
            }
        }
        PosMap { splices, line_starts }
    }

    /// The map of a text that was not substituted.
    pub fn identity(text: &str) -> PosMap {
        PosMap::new(text, Vec::new())
    }

    /// The original position of character `index` of the substituted text. A position inside
    /// a substituted value is the placeholder's own.
    pub fn pos(&self, index: usize) -> Pos {
        let at = self.splices.partition_point(|s| s.new_start <= index);
        let old = match at.checked_sub(1).map(|i| self.splices[i]) {
            None => index,
            Some(s) if index < s.new_start + s.new_len => s.old_start,
            Some(s) => s.old_start + s.old_len + (index - s.new_start - s.new_len),
        };
        self.pos_of_original(old)
    }

    fn pos_of_original(&self, old: usize) -> Pos {
        let line = self.line_starts.partition_point(|&s| s <= old).max(1);
        Pos { line, col: old - self.line_starts[line - 1] + 1 }
    }
}

/// A placeholder's key, if `inner` (the text between `{{` and `}}`) looks like one: letters,
/// digits, `_`, `-`, `.`, with spaces allowed around it.
fn placeholder_key(inner: &str) -> Option<&str> {
    let key = inner.trim_matches(' ');
    let ok = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    ok.then_some(key)
}

/// The value of `key`: as given, or without Archy's `substitutions.` prefix.
fn lookup<'s>(subs: &'s Substitutions, key: &str) -> Option<&'s str> {
    subs.values
        .get(key)
        .or_else(|| key.strip_prefix("substitutions.").and_then(|k| subs.values.get(k)))
        .map(String::as_str)
}

/// Replaces every `{{key}}` of `text`. Each key with no value is one `missingSubstitution`
/// error, at its first place, however often the file uses it; `None` when there was any.
pub(super) fn substitute(
    file: &Path,
    text: &str,
    subs: &Substitutions,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, PosMap)> {
    let mut out = String::with_capacity(text.len());
    let mut splices = Vec::new();
    // Key → (where it is first used, how many times it is used).
    let mut missing: indexmap::IndexMap<String, (usize, usize)> = indexmap::IndexMap::new();
    let mut more = 0usize;
    // Character counts of `out` and of the text consumed so far.
    let (mut new_chars, mut old_chars) = (0, 0);
    let mut rest = text;
    while let Some((before, opened)) = rest.split_once("{{") {
        let Some((inner, after)) = opened.split_once("}}") else { break };
        let before_chars = before.chars().count();
        out.push_str(before);
        new_chars += before_chars;
        old_chars += before_chars;
        // The placeholder as written: `{{`, what it holds, `}}`.
        let whole = rest.cut(before.len()..rest.len() - after.len());
        let whole_chars = whole.chars().count();
        if let Some(key) = placeholder_key(inner) {
            if let Some(value) = lookup(subs, key) {
                // Substitution must not grow a file past what a file may hold.
                if out.len() + value.len() > crate::util::files::MAX_INPUT_BYTES as usize {
                    diags.push(
                        Diagnostic::error(
                            crate::diag::Code::TooLarge,
                            format!(
                                "substituting `{{{{{key}}}}}` makes the flow larger than {} bytes",
                                crate::util::files::MAX_INPUT_BYTES
                            ),
                        )
                        .file(file)
                        .help("check the substitution values: a flow file is at most 32 MiB"),
                    );
                    return None;
                }
                let value_chars = value.chars().count();
                splices.push(Splice {
                    new_start: new_chars,
                    new_len: value_chars,
                    old_start: old_chars,
                    old_len: whole_chars,
                });
                out.push_str(value);
                new_chars += value_chars;
            } else {
                if let Some((_, uses)) = missing.get_mut(key) {
                    *uses += 1;
                } else if missing.len() < crate::diag::MAX_PER_FILE {
                    missing.insert(key.to_owned(), (old_chars, 1));
                } else {
                    more += 1;
                }
                out.push_str(whole);
                new_chars += whole_chars;
            }
        } else {
            out.push_str(whole);
            new_chars += whole_chars;
        }
        old_chars += whole_chars;
        rest = after;
    }
    out.push_str(rest);
    let map = PosMap::new(text, splices);
    if missing.is_empty() {
        return Some((out, map));
    }
    for (key, (at, uses)) in missing {
        let pos = map.pos_of_original(at);
        let mut from = subs
            .options_file
            .as_ref()
            .map_or_else(String::new, |f| format!(" (options file {})", f.display()));
        if uses > 1 {
            let _ = write!(from, "; the file uses it {uses} times, the first here");
        }
        diags.push(
            Diagnostic::error(
                crate::diag::Code::MissingSubstitution,
                format!(
                    "pre-processor substitution key of '{{{{ {} }}}}' was found in the flow \
                     YAML, but was not found in the options file{from}",
                    crate::util::excerpt(&key, 80)
                ),
            )
            .file(file)
            .at(pos.line, pos.col)
            .property(crate::util::excerpt(&key, 80).into_owned())
            .help(format!(
                "pass `--sub {0}=VALUE`, or give `{0}` a value under the options file's \
                 `substitutions` or flowsim.toml's `[substitutions]`",
                crate::util::excerpt(&key, 80)
            )),
        );
    }
    if more > 0 {
        diags.push(
            Diagnostic::error(
                crate::diag::Code::MissingSubstitution,
                format!(
                    "... and {more} more use(s) of substitution keys without a value in this file"
                ),
            )
            .file(file)
            .help(
                "pass `--sub KEY=VALUE` for each, or give them values under the options file's \
                 `substitutions` or flowsim.toml's `[substitutions]`",
            ),
        );
    }
    None
}
