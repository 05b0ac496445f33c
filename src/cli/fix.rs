//! `flowsim check --fix` and `check --diff`: the certain fixes diagnostics carry
//! ([`flowsim::diag::Fix`]: a line, a column, the text there and its replacement), applied to
//! the flow files or shown as a unified diff.
//!
//! Invariants:
//! - an edit applies only where the file still reads its `old` text at its place, and not
//!   already its `new` one (`==` where `=` becomes `==`), so a file edited since it was
//!   checked, or fixed already, is left as it is; of edits that overlap,
//!   the first in the file is applied and the others wait for the next pass;
//! - every byte an edit does not name stays as it was (comments, order, blanks, line ends);
//! - a fix never changes what a flow means: before a file's fixes are applied, the file with
//!   them is checked, and a fix that would leave a finding the file did not have (a key
//!   written twice, a load error) but one that carries its own fix is refused and named;
//! - the passes run in memory, each checking the flows as the earlier ones left them, until no
//!   fix is left to apply: the fixed point, in one run (a dozen occurrences of one misspelt
//!   name take a dozen passes; a mistake a fix uncovers, such as a misspelt variable in an
//!   expression that did not parse, is fixed too), so a second `--fix` changes nothing;
//! - `--fix` then writes each changed file once, atomically (a temporary file, then a rename),
//!   never through a symbolic link, and never an Architect export; `--diff` writes nothing and
//!   shows what `--fix` would write.

use super::report;
use super::{check_findings, check_report, color, printable, write_exact, write_stderr};
use super::{CheckArgs, Refused};
use flowsim::diag::{Code, Diagnostic, Fix};
use flowsim::flow::registry::{sniff, MAX_FLOW_FILE_BYTES};
use flowsim::flow::Format;
use flowsim::util::files::WriteError;
use flowsim::util::Cut;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The most passes `--fix` makes: each applies at least one fix, so a run stops at its fixed
/// point long before (a fix per occurrence of a mistake, a mistake a fix uncovers); only fixes
/// that undo each other could reach it, and then the run says so.
pub(super) const MAX_PASSES: usize = 1000;

/// `check --fix` or `check --diff`.
pub(super) fn check(args: &CheckArgs) -> Result<ExitCode, Refused> {
    if args.watch {
        return Err(Refused::error(
            Code::BadArgument,
            "`check --fix` and `--diff` do not take `--watch` yet",
        )
        .help("run `flowsim check --fix` once, then `flowsim check --watch`"));
    }
    if args.diff {
        diff(args)
    } else {
        fix(args)
    }
}

/// What the passes of `--fix` or `--diff` did, in memory: each changed file's text, how many
/// fixes each took, the fixes refused (each with its reason), the note about exports.
#[derive(Default)]
struct Passes {
    fixed: BTreeMap<PathBuf, String>,
    applied: BTreeMap<PathBuf, usize>,
    refused: Vec<String>,
    exports: String,
    /// The run stopped at [`MAX_PASSES`] (or on a text it had already had) short of a fixed
    /// point.
    unsettled: bool,
}

/// Checks, applies the certain fixes, and checks again, until no fix is left to apply: the
/// flows' fixed point, in one run. Each file's fixes are checked before they are applied: the
/// file with them must leave no finding it did not have (such as a key written twice) but
/// ones that carry a fix of their own (a mistake the fix uncovered); else each fix is tried
/// alone, and one that adds a finding is refused and named.
fn passes(args: &CheckArgs) -> Result<Passes, Refused> {
    let mut p = Passes::default();
    let mut seen: BTreeMap<PathBuf, Vec<u64>> = BTreeMap::new();
    let mut refused_fixes: Vec<(PathBuf, Fix)> = Vec::new();
    for pass in 0..=MAX_PASSES {
        let (diags, _) = super::check_findings_over(args, &p.fixed.clone().into())?;
        let plan = plan(&diags);
        p.exports = plan.exports_note();
        if pass == MAX_PASSES {
            p.unsettled = plan.files.values().any(|f| !f.is_empty());
            break;
        }
        let mut changed = false;
        for (file, edits) in &plan.files {
            let Some(text) = p.fixed.get(file).cloned().or_else(|| read(file)) else { continue };
            let edits: Vec<Fix> = edits
                .iter()
                .filter(|f| !refused_fixes.iter().any(|(r, g)| r == file && g == *f))
                .cloned()
                .collect();
            let before = findings(&diags, file);
            let (next, n) = apply(&text, &edits);
            if n == 0 {
                continue;
            }
            let (next, n) = if added(args, &p.fixed, file, &next, &before)?.is_none() {
                (next, n)
            } else {
                // Together they add a finding: each alone, keeping those that add none.
                let (mut kept, mut count) = (text.clone(), 0);
                for f in &edits {
                    let (one, k) = apply(&kept, std::slice::from_ref(f));
                    if k == 0 {
                        continue;
                    }
                    match added(args, &p.fixed, file, &one, &before)? {
                        None => (kept, count) = (one, count + k),
                        Some(why) => {
                            p.refused.push(format!(
                                "warning: {}:{}:{}: the fix `{}` → `{}` was not applied: it would add {why}",
                                file.display(),
                                f.line,
                                f.column,
                                f.old,
                                f.new
                            ));
                            refused_fixes.push((file.clone(), f.clone()));
                        }
                    }
                }
                (kept, count)
            };
            if n == 0 {
                continue;
            }
            // A text the file had before: fixes undoing each other; stop rather than cycle.
            let hash = {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                next.hash(&mut h);
                h.finish()
            };
            let history = seen.entry(file.clone()).or_default();
            if history.contains(&hash) {
                p.unsettled = true;
                continue;
            }
            history.push(hash);
            *p.applied.entry(file.clone()).or_default() += n;
            p.fixed.insert(file.clone(), next);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    Ok(p)
}

/// A finding of `file` as the comparison of a fix reads it: its code and message (places
/// move when a fix changes a line).
fn findings(diags: &[Diagnostic], file: &Path) -> Vec<(String, String)> {
    diags
        .iter()
        .filter(|d| d.file.as_deref() == Some(file))
        .map(|d| (d.code.as_str().to_owned(), d.message.clone()))
        .collect()
}

/// The first finding `file` would have with `text` that it does not have now (`before`) and
/// that carries no fix of its own, as `code: message`; `None` when there is none.
fn added(
    args: &CheckArgs,
    fixed: &BTreeMap<PathBuf, String>,
    file: &Path,
    text: &str,
    before: &[(String, String)],
) -> Result<Option<String>, Refused> {
    let mut overlay = fixed.clone();
    overlay.insert(file.to_path_buf(), text.to_owned());
    let (after, _) = super::check_findings_over(args, &overlay.into())?;
    let mut left = before.to_vec();
    for d in after.iter().filter(|d| d.file.as_deref() == Some(file)) {
        let key = (d.code.as_str().to_owned(), d.message.clone());
        if let Some(i) = left.iter().position(|k| *k == key) {
            left.swap_remove(i);
        } else if d.fix.is_none() {
            return Ok(Some(format!("{}: {}", d.code, d.message)));
        }
    }
    Ok(None)
}

/// The note a run ends with: fixes refused, and a run that found no fixed point.
fn refusals(p: &Passes) -> String {
    let mut note = String::new();
    for r in &p.refused {
        note.push_str(r);
        note.push('\n');
    }
    if p.unsettled {
        let _ = writeln!(
            note,
            "warning: the fixes did not settle after {MAX_PASSES} passes (some undo others): check the files"
        );
    }
    note
}

/// `--diff`: each file's fixes as a unified diff on stdout, after every pass `--fix` would
/// make; exit code 1 when there is one.
fn diff(args: &CheckArgs) -> Result<ExitCode, Refused> {
    let p = passes(args)?;
    let fixes: usize = p.applied.values().sum();
    let mut out = String::new();
    for (file, after) in &p.fixed {
        let Some(before) = read(file) else { continue };
        let shown = patch_path(file);
        let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
        let (old, new) = (format!("a/{shown}"), format!("b/{shown}"));
        let _ = write!(out, "{}", diff.unified_diff().context_radius(3).header(&old, &new));
    }
    if std::io::stdout().is_terminal() {
        write_exact(&color::paint_diff(&printable::terminal(&out)));
    } else {
        // A patch for tools (`git apply`): the files' bytes as they are.
        write_exact(&out);
    }
    let mut note = p.exports.clone();
    note.push_str(&refusals(&p));
    if fixes > 0 {
        let _ =
            writeln!(note, "{fixes} {} would be applied by `flowsim check --fix`", plural(fixes));
    }
    write_stderr(&note);
    Ok(if fixes > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A file's path in `--diff`'s headers, after git's `a/` and `b/`: relative to the current
/// directory where it is below it (so that plain `git apply`, which strips one component and
/// reads the rest from where it runs, finds the file), with `/` between components.
fn patch_path(file: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|c| file.strip_prefix(c).ok()).unwrap_or(file);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    if rel.is_absolute() {
        // Outside the current directory: named whole (`git apply --directory` can place it).
        return rel.display().to_string();
    }
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `--fix`: every pass made in memory, each changed file then written once; then the report
/// of what is left, after a line per file saying how many fixes it took.
fn fix(args: &CheckArgs) -> Result<ExitCode, Refused> {
    let p = passes(args)?;
    let mut note = String::new();
    let mut unwritten = String::new();
    for (file, text) in &p.fixed {
        let n = p.applied.get(file).copied().unwrap_or_default();
        match write(file, text.as_bytes()) {
            Ok(()) => {
                let _ = writeln!(note, "fixed: {}: {n} {} applied", file.display(), plural(n));
            }
            Err(why) => {
                let _ = writeln!(unwritten, "warning: {} was not fixed: {why}", file.display());
            }
        }
    }
    note.push_str(&unwritten);
    note.push_str(&refusals(&p));
    note.push_str(&p.exports);
    if args.format == report::Format::Text {
        super::write_painted(&note);
    } else {
        // JSON and annotations stay one document on stdout.
        write_stderr(&note);
    }
    let (diags, flows) = check_findings(args)?;
    Ok(check_report(args, &diags, flows))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "fix"
    } else {
        "fixes"
    }
}

/// The fixes to apply, by file (in the order of their paths), and the exports that have some.
struct Plan {
    files: BTreeMap<PathBuf, Vec<Fix>>,
    exports: Vec<PathBuf>,
}

impl Plan {
    /// The note that exports are never rewritten, when one has a fix.
    fn exports_note(&self) -> String {
        if self.exports.is_empty() {
            return String::new();
        }
        let names: Vec<String> = self.exports.iter().map(|p| p.display().to_string()).collect();
        format!(
            "note: Architect exports are never rewritten; fix these in Architect and export again: {}\n",
            names.join(", ")
        )
    }
}

/// Each file's fixes, in the diagnostics' order; an export's are set aside.
fn plan(diags: &[Diagnostic]) -> Plan {
    let mut files: BTreeMap<PathBuf, Vec<Fix>> = BTreeMap::new();
    for d in diags {
        if let (Some(file), Some(fix)) = (&d.file, &d.fix) {
            files.entry(file.clone()).or_default().push(fix.clone());
        }
    }
    let mut exports = Vec::new();
    files.retain(|file, _| {
        let export = read(file).is_some_and(|t| sniff(&t) == Some(Format::Export));
        if export {
            exports.push(file.clone());
        }
        !export
    });
    Plan { files, exports }
}

/// A flow file's text, as the loader reads it; `None` if it cannot be read (the check said so).
fn read(file: &Path) -> Option<String> {
    flowsim::util::files::read_text(file, MAX_FLOW_FILE_BYTES).ok()
}

/// Writes `file` atomically, never through a symbolic link.
fn write(file: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = file.file_name().ok_or_else(|| "it names no file".to_owned())?;
    let dir = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    flowsim::util::files::write_inside(dir, Path::new(name), bytes).map_err(|e| match e {
        WriteError::Link { target, .. } => format!(
            "it is a symbolic link (to {}), and flowsim does not write through a link; fix {} itself",
            target.display(),
            target.display()
        ),
        other => other.to_string(),
    })
}

/// `text` with `fixes` applied, and how many applied: each where the text still reads its
/// `old` at its line and column (1-based, the column in characters), and not already its
/// `new`; of fixes that overlap
/// (or start at one place), the first in the text, then in `fixes`, and no other. Linear in
/// the text and the fixes (sorted once).
pub(super) fn apply(text: &str, fixes: &[Fix]) -> (String, usize) {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| (fixes[i].line, fixes[i].column, i));
    // Each fix's byte range, found walking each line once.
    let mut found: Vec<(usize, usize, usize)> = Vec::with_capacity(fixes.len());
    let (mut line, mut line_start) = (1usize, 0usize);
    let (mut at, mut column) = (0usize, 1usize);
    for i in order {
        let f = &fixes[i];
        if f.line < line || f.line == 0 || f.column == 0 {
            continue;
        }
        while line < f.line {
            let Some(nl) = text.cut(line_start..).find('\n') else { break };
            line_start += nl + 1;
            line += 1;
            (at, column) = (line_start, 1);
        }
        if line != f.line {
            break;
        }
        if column > f.column {
            continue;
        }
        let end = text
            .get(line_start..)
            .unwrap_or_default()
            .find('\n')
            .map_or(text.len(), |n| line_start + n);
        while column < f.column && at < end {
            at += text.cut(at..).chars().next().map_or(1, char::len_utf8);
            column += 1;
        }
        // Where `new` extends `old` (`=` to `==`), text that reads `new` has the fix already.
        let rest = text.cut(at..);
        let done =
            f.new.len() > f.old.len() && f.new.starts_with(&f.old) && rest.starts_with(&f.new);
        if column == f.column && rest.starts_with(f.old.as_str()) && !done {
            found.push((at, at + f.old.len(), i));
        }
    }
    found.sort_unstable();
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    let mut last: Option<(usize, usize)> = None;
    let mut applied = 0;
    for (start, end, i) in found {
        if last.is_some_and(|(s, e)| start < e || start == s) {
            continue;
        }
        out.push_str(text.cut(copied..start));
        out.push_str(&fixes[i].new);
        copied = end;
        last = Some((start, end));
        applied += 1;
    }
    out.push_str(text.cut(copied..));
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::apply;
    use flowsim::diag::Fix;

    fn fix(line: usize, column: usize, old: &str, new: &str) -> Fix {
        Fix { line, column, old: old.into(), new: new.into() }
    }

    #[track_caller]
    fn applied(text: &str, fixes: &[Fix]) -> (String, usize) {
        apply(text, fixes)
    }

    #[test]
    fn a_fix_replaces_its_text_and_nothing_else() {
        let text = "a:\n  exp: Flow.x = 1   # odd\n";
        assert_eq!(
            applied(text, &[fix(2, 15, "=", "==")]),
            ("a:\n  exp: Flow.x == 1   # odd\n".into(), 1)
        );
    }

    #[test]
    fn columns_count_characters_after_multi_byte_ones() {
        let text = "n: \"é€😀\" = Flow.ñame\n";
        // é, €, 😀 take 2, 3 and 4 bytes, a column each: column 12 is the `F`.
        assert_eq!(
            applied(text, &[fix(1, 10, "=", "=="), fix(1, 12, "Flow.ñame", "Flow.name")]),
            ("n: \"é€😀\" == Flow.name\n".into(), 2)
        );
    }

    #[test]
    fn crlf_line_ends_are_kept() {
        let text = "a: 1\r\nb: Flow.x = 2\r\nc: 3\r\n";
        assert_eq!(
            applied(text, &[fix(2, 11, "=", "==")]),
            ("a: 1\r\nb: Flow.x == 2\r\nc: 3\r\n".into(), 1)
        );
    }

    #[test]
    fn edits_on_one_line_apply_together_in_any_order() {
        let text = "exp: Lenght(Flow.acount) = 3\n";
        let fixes = [
            fix(1, 26, "=", "=="),
            fix(1, 6, "Lenght", "Length"),
            fix(1, 13, "Flow.acount", "Flow.account"),
        ];
        assert_eq!(applied(text, &fixes), ("exp: Length(Flow.account) == 3\n".into(), 3));
    }

    #[test]
    fn a_fix_whose_text_is_no_longer_there_is_left_alone() {
        let text = "exp: Flow.x == 1\n";
        assert_eq!(applied(text, &[fix(1, 13, "=", "==")]), (text.into(), 0));
        assert_eq!(applied(text, &[fix(1, 6, "Flow.y", "Flow.z")]), (text.into(), 0));
        // Past the line's end, past the last line.
        assert_eq!(applied(text, &[fix(1, 40, "=", "=="), fix(9, 1, "e", "E")]), (text.into(), 0));
    }

    #[test]
    fn of_overlapping_fixes_the_first_applies() {
        let text = "exp: Flow.acount\n";
        let fixes = [fix(1, 6, "Flow.acount", "Flow.account"), fix(1, 11, "acount", "amount")];
        assert_eq!(applied(text, &fixes), ("exp: Flow.account\n".into(), 1));
        // Two at one place: the first given.
        let fixes = [fix(1, 17, "", "\""), fix(1, 17, "", "'")];
        assert_eq!(applied(text, &fixes), ("exp: Flow.acount\"\n".into(), 1));
    }

    #[test]
    fn a_name_shortened_is_replaced() {
        assert_eq!(applied("noo:\n", &[fix(1, 1, "noo", "no")]), ("no:\n".into(), 1));
    }

    #[test]
    fn applying_twice_changes_nothing_more() {
        let text = "exp: Flow.x = 1\n";
        let fixes = [fix(1, 13, "=", "==")];
        let (once, _) = applied(text, &fixes);
        assert_eq!(applied(&once, &fixes), (once.clone(), 0));
    }
}
