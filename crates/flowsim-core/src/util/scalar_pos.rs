//! Where a character of a scalar's value is written in its file: the one mapping from an
//! expression's span (an offset into the text it was parsed from) to a line and column, for
//! every diagnostic that puts a caret inside an expression of a YAML or JSON file.
//!
//! The scalar's form is read from its first character: a YAML or JSON double-quoted string
//! (escapes decoded), a YAML single-quoted string (`''`), a literal block (`|`), or a plain
//! scalar. The file's text is read back, character by character, against the value the
//! loader parsed; where it does not read back (a folded block `>`, a line break inside a
//! quoted or plain scalar, a `{{placeholder}}` substituted into it, an explicit indentation
//! indicator), the place is the scalar's start, never a guess.

use super::files::line_column;
use super::lines::Lines;
use crate::diag::{Edit, Fix};

/// The 1-based line and column, in `file`, of byte `offset` of `value`, the value of the
/// scalar written from byte `start` of `file`; the scalar's start when the characters before
/// `offset` cannot be read back from the file (see the module's documentation).
pub fn position(file: &str, start: usize, value: &str, offset: usize) -> (usize, usize) {
    line_column(file.as_bytes(), byte_of(file, start, value, offset))
}

/// [`position`] through `lines`, the index of `file`: what a reader placing many diagnostics in
/// one file calls, so that each costs its scalar, not the file up to it.
pub fn position_in(
    file: &str,
    lines: &Lines,
    start: usize,
    value: &str,
    offset: usize,
) -> (usize, usize) {
    lines.line_column(file, byte_of(file, start, value, offset))
}

/// The byte of `file` where byte `offset` of `value` is written, as [`position`] places it.
pub fn byte_of(file: &str, start: usize, value: &str, offset: usize) -> usize {
    inner(file, start, value, offset).unwrap_or(start)
}

/// The certain edit of `file` that makes `edit.value` (the value of the scalar written from
/// byte `start`) read `edit.new` in place of its part `edit.span`: `None` unless both ends of
/// that part read back from the file, the file writes the part as the value reads (no escape,
/// no line break inside it), and `new` can be written in the scalar's form as it is (escaped
/// in a double-quoted one). Never a guess: a `check --fix` applies what this gives.
pub fn fix(file: &str, start: usize, edit: &Edit) -> Option<Fix> {
    fix_placed(file, start, edit, |at| line_column(file.as_bytes(), at))
}

/// [`fix`] through `lines`, the index of `file` (see [`position_in`]).
pub fn fix_in(file: &str, lines: &Lines, start: usize, edit: &Edit) -> Option<Fix> {
    fix_placed(file, start, edit, |at| lines.line_column(file, at))
}

/// [`fix`], its line and column found by `place`.
fn fix_placed(
    file: &str,
    start: usize,
    edit: &Edit,
    place: impl Fn(usize) -> (usize, usize),
) -> Option<Fix> {
    let (from, to) = (edit.span.start as usize, edit.span.end as usize);
    let part = edit.value.get(from..to)?;
    let at = inner(file, start, &edit.value, from)?;
    let end = inner(file, start, &edit.value, to)?;
    let old = file.get(at..end)?;
    if old != part {
        return None;
    }
    let new = written_as(file.get(start..)?, &edit.new, from == 0)?;
    let (line, column) = place(at);
    Some(Fix { line, column, old: old.to_owned(), new })
}

/// `new` as the scalar starting `raw` writes it, if it can without changing the scalar's form
/// (`first`: it goes at the value's start).
fn written_as(raw: &str, new: &str, first: bool) -> Option<String> {
    if new.chars().any(char::is_control) {
        return None;
    }
    match raw.chars().next()? {
        '"' => Some(new.replace('\\', "\\\\").replace('"', "\\\"")),
        '\'' => (!new.contains('\'')).then(|| new.to_owned()),
        '|' => Some(new.to_owned()),
        '>' => None,
        // A plain scalar: nothing that would end it or start another form (a flow mapping's
        // `,` `}` included, whose context the first character does not tell).
        _ => {
            let ends = new.contains(": ")
                || new.contains(" #")
                || new.ends_with(':')
                || new.contains([',', '[', ']', '{', '}']);
            let starts = first
                && new.starts_with([
                    '"', '\'', '&', '*', '!', '|', '>', '%', '@', '`', '#', '-', '?', ':',
                ]);
            (!ends && !starts).then(|| new.to_owned())
        }
    }
}

/// The byte of `file` where 1-based `line` and `column` (in characters) are, if the file has
/// them.
pub fn byte_at(file: &str, line: usize, column: usize) -> Option<usize> {
    let line_start =
        if line <= 1 { 0 } else { file.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)? };
    let rest = file.get(line_start..)?;
    let in_line = rest.split('\n').next().unwrap_or_default();
    super::work::add(line_start + in_line.len());
    let offset = match in_line.char_indices().nth(column.checked_sub(1)?) {
        Some((i, _)) => i,
        None if in_line.chars().count() + 1 == column => in_line.len(),
        None => return None,
    };
    Some(line_start + offset)
}

/// The byte of `file` where `value[offset..]` is written, when the text from `start` reads
/// back to `value[..offset]`.
fn inner(file: &str, start: usize, value: &str, offset: usize) -> Option<usize> {
    let raw = file.get(start..)?;
    let before = value.get(..offset)?;
    let len = match raw.chars().next()? {
        '"' => double_quoted(raw, before)?,
        '\'' => single_quoted(raw, before)?,
        '|' => literal_block(raw, before)?,
        '>' => return None,
        _ if raw.starts_with(before) && !before.contains('\n') => before.len(),
        _ => {
            // A block scalar placed at its content's start (saphyr's place for `|`): its
            // lines indented as that first one.
            let before_start = file.get(..start)?;
            let indent = before_start.rsplit('\n').next().unwrap_or_default();
            if !indent.bytes().all(|b| b == b' ') {
                return None;
            }
            block_lines(raw, before, indent.len(), false)?
        }
    };
    Some(start + len)
}

/// `"...\"..."`: each character of `before`, as written or escaped (JSON's escapes and
/// YAML's), on the scalar's first line.
fn double_quoted(raw: &str, before: &str) -> Option<usize> {
    let b = raw.as_bytes();
    let mut i = 1;
    for c in before.chars() {
        let (got, len) = match *b.get(i)? {
            b'\\' => unescape(raw.get(i..)?)?,
            b'"' | b'\n' | b'\r' => return None,
            _ => {
                let got = raw.get(i..)?.chars().next()?;
                (got, got.len_utf8())
            }
        };
        if got != c {
            return None;
        }
        i += len;
    }
    Some(i)
}

/// The character an escape (`\n`, `\"`, `\u00e9`, a surrogate pair `\ud83d\ude00`) stands
/// for, and its length in the file.
fn unescape(raw: &str) -> Option<(char, usize)> {
    let hex = |from: usize, n: usize| -> Option<u32> {
        u32::from_str_radix(raw.get(from..from + n)?, 16).ok()
    };
    let c = match raw.as_bytes().get(1)? {
        b'n' => '\n',
        b't' | b'\t' => '\t',
        b'r' => '\r',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'0' => '\0',
        b'a' => '\u{7}',
        b'v' => '\u{b}',
        b'e' => '\u{1b}',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return Some((char::from_u32(hex(2, 2)?)?, 4)),
        b'U' => return Some((char::from_u32(hex(2, 8)?)?, 10)),
        b'u' => {
            let first = hex(2, 4)?;
            if (0xd800..0xdc00).contains(&first) {
                let low = raw.get(6..8).filter(|s| *s == "\\u").and_then(|_| hex(8, 4))?;
                let c = 0x10000 + ((first - 0xd800) << 10) + (low.checked_sub(0xdc00)?);
                return Some((char::from_u32(c)?, 12));
            }
            return Some((char::from_u32(first)?, 6));
        }
        &other if other.is_ascii() && !other.is_ascii_alphanumeric() => char::from(other),
        _ => return None,
    };
    Some((c, 2))
}

/// `'...''...'`: each character of `before` as written (`''` for a quote), on the scalar's
/// first line.
fn single_quoted(raw: &str, before: &str) -> Option<usize> {
    let mut i = 1;
    for c in before.chars() {
        let rest = raw.get(i..)?;
        if c == '\'' {
            i += rest.starts_with("''").then_some(2)?;
        } else if c == '\n' || !rest.starts_with(c) {
            return None;
        } else {
            i += c.len_utf8();
        }
    }
    Some(i)
}

/// `|` and its lines, each indented as the first line that is not blank: `before` read line by
/// line without that indentation.
fn literal_block(raw: &str, before: &str) -> Option<usize> {
    let (header, body) = raw.split_once('\n')?;
    let header_end = header.len();
    let header = header.get(1..)?.trim_end_matches('\r');
    let indicators = header.split('#').next().unwrap_or("").trim();
    // A chomping indicator only: an explicit indentation sets an indent we do not know.
    if !indicators.trim_matches(['-', '+']).is_empty() {
        return None;
    }
    let indent = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())?;
    Some(header_end + 1 + block_lines(body, before, indent, true)?)
}

/// The length of the text of `body`, a block's lines, that reads back to `before`, each line
/// without its first `indent` spaces (the first one's too when `indented`; else `body` starts at
/// the first line's content).
fn block_lines(body: &str, before: &str, indent: usize, indented: bool) -> Option<usize> {
    let b = body.as_bytes();
    let mut i = 0;
    let mut line_start = indented;
    for c in before.chars() {
        if line_start {
            let mut k = 0;
            while k < indent && b.get(i) == Some(&b' ') {
                i += 1;
                k += 1;
            }
            line_start = false;
        }
        if c == '\n' {
            if b.get(i) == Some(&b'\r') {
                i += 1;
            }
            (b.get(i) == Some(&b'\n')).then_some(())?;
            i += 1;
            line_start = true;
        } else if body.get(i..)?.starts_with(c) {
            i += c.len_utf8();
        } else {
            return None;
        }
    }
    if line_start {
        i += body.as_bytes().iter().skip(i).take(indent).take_while(|&&x| x == b' ').count();
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexed forms place every character of every scalar, and every fix, where the
    /// scanning forms do (the loader uses the indexed ones: a file with a mistake in each of
    /// thousands of expressions costs each its scalar, not the file up to it).
    #[test]
    fn placing_through_the_line_index_agrees_with_scanning() {
        let file = "a: 1\nb: \"Grüße = x\"\nc: 'it''s = y'\nd: |\n  é = z\n  w\ne: plain = v\n";
        let lines = Lines::new(file);
        for (line, col, value) in
            [(2, 4, "Grüße = x"), (3, 4, "it's = y"), (4, 4, "é = z\nw\n"), (7, 4, "plain = v")]
        {
            let start = byte_at(file, line, col).unwrap();
            assert_eq!(lines.byte_at(file, line, col), Some(start));
            for offset in (0..=value.len()).filter(|&o| value.is_char_boundary(o)) {
                assert_eq!(
                    position_in(file, &lines, start, value, offset),
                    position(file, start, value, offset),
                    "{value:?} at {offset}"
                );
            }
            let eq = value.find('=').unwrap();
            let edit = Edit {
                value: value.to_owned(),
                span: crate::diag::Span::new(eq, eq + 1),
                new: "==".into(),
            };
            assert_eq!(fix_in(file, &lines, start, &edit), fix(file, start, &edit), "{value:?}");
        }
    }

    /// Where `value[offset]` is written in `file`, the scalar starting at line 1, column `col`.
    #[track_caller]
    fn at(file: &str, col: usize, value: &str, part: &str) -> (usize, usize) {
        let start = byte_at(file, 1, col).expect("the scalar's start");
        position(file, start, value, value.find(part).expect("the part"))
    }

    /// The fix of `part` of `value` (the scalar at line 1, column `col` of `file`) to `new`.
    #[track_caller]
    fn fixed(file: &str, col: usize, value: &str, part: &str, new: &str) -> Option<Fix> {
        let start = byte_at(file, 1, col).expect("the scalar's start");
        let from = value.find(part).expect("the part");
        let span = crate::diag::Span::new(from, from + part.len());
        fix(file, start, &Edit { value: value.into(), span, new: new.into() })
    }

    fn at_col(column: usize, old: &str, new: &str) -> Fix {
        Fix { line: 1, column, old: old.into(), new: new.into() }
    }

    #[test]
    fn a_fix_is_placed_where_the_file_writes_the_part() {
        let plain = "exp: Grüße == Flow.acount = 1 # c";
        let value = "Grüße == Flow.acount = 1";
        assert_eq!(
            fixed(plain, 6, value, "Flow.acount", "Flow.account"),
            Some(at_col(15, "Flow.acount", "Flow.account"))
        );
        assert_eq!(fixed(plain, 6, value, "= 1", "== 1"), Some(at_col(27, "= 1", "== 1")));
        // After escapes, which the file writes longer than the value reads.
        let quoted = r#"exp: "\"é\" = Flow.x""#;
        assert_eq!(fixed(quoted, 6, "\"é\" = Flow.x", "=", "=="), Some(at_col(13, "=", "==")));
        let single = "exp: 'Len(''a'') = 1'";
        assert_eq!(fixed(single, 6, "Len('a') = 1", "=", "=="), Some(at_col(18, "=", "==")));
    }

    #[test]
    fn a_fix_is_written_in_the_scalar_s_form() {
        // A quote inserted in a double-quoted scalar is escaped; in a single-quoted one it is
        // left alone; in a plain one it is written as it is.
        let value = "Flow.x == \"abc";
        let end = |file: &str, col| {
            let start = byte_at(file, 1, col).unwrap();
            let span = crate::diag::Span::new(value.len(), value.len());
            fix(file, start, &Edit { value: value.into(), span, new: "\"".into() })
        };
        assert_eq!(end(r#"exp: "Flow.x == \"abc""#, 6), Some(at_col(22, "", "\\\"")));
        assert_eq!(end(r#"exp: 'Flow.x == "abc'"#, 6), Some(at_col(21, "", "\"")));
        assert_eq!(end(r#"exp: Flow.x == "abc   # c"#, 6), Some(at_col(20, "", "\"")));
        assert_eq!(fixed("k: 'a = b'", 4, "a = b", "=", "'"), None);
    }

    #[test]
    fn no_fix_where_the_part_is_not_written_as_it_reads() {
        // An escape inside the part, a folded block, a line break before it.
        assert_eq!(fixed(r#"exp: "Flow.\u0078 = 1""#, 6, "Flow.x = 1", "Flow.x", "Flow.y"), None);
        assert_eq!(fixed("exp: >\n  Flow.x = 1\n", 6, "Flow.x = 1\n", "=", "=="), None);
        assert_eq!(fixed("exp: \"a\n  = 1\"", 6, "a = 1", "=", "=="), None);
        // A name a plain scalar cannot hold as it is.
        assert_eq!(fixed("k: ab", 4, "ab", "ab", "a: b"), None);
    }

    #[test]
    fn plain_scalars_are_read_as_written() {
        let file = "exp: Flow.n > 0 and Hour(Flow.d) + \"x\"\n";
        assert_eq!(at(file, 6, "Flow.n > 0 and Hour(Flow.d) + \"x\"", "Hour"), (1, 21));
    }

    #[test]
    fn double_quoted_escapes_are_counted() {
        let file = r#"exp: "Len(\"a\") + \u00e9 + Hour(Flow.d)""#;
        assert_eq!(at(file, 6, "Len(\"a\") + é + Hour(Flow.d)", "Hour"), (1, 29));
        // A JSON string, the same way.
        let file = r#"{"expression": "\"x\" + Flow.n"}"#;
        assert_eq!(at(file, 16, "\"x\" + Flow.n", "Flow"), (1, 25));
        let file = r#"x: "\ud83d\ude00 + Flow.n""#;
        assert_eq!(at(file, 4, "😀 + Flow.n", "Flow"), (1, 20));
    }

    #[test]
    fn single_quoted_quotes_are_doubled() {
        let file = "exp: 'Len(''a'') + Flow.n'";
        assert_eq!(at(file, 6, "Len('a') + Flow.n", "Flow"), (1, 20));
    }

    #[test]
    fn literal_blocks_are_read_line_by_line() {
        let file = "exp: |\n  Flow.n > 0 and\n    Left(\"a\") == \"b\"\n";
        assert_eq!(at(file, 6, "Flow.n > 0 and\n  Left(\"a\") == \"b\"\n", "Left"), (3, 5));
        assert_eq!(at(file, 6, "Flow.n > 0 and\n  Left(\"a\") == \"b\"\n", "Flow"), (2, 3));
        // Placed at its content's start, as the YAML reader places a block.
        let start = byte_at(file, 2, 3).unwrap();
        let value = "Flow.n > 0 and\n  Left(\"a\") == \"b\"\n";
        assert_eq!(position(file, start, value, value.find("Left").unwrap()), (3, 5));
        // A folded block's lines are joined: its inner places are unknown.
        let file = "exp: >\n  Flow.n > 0 and\n  Left(1)\n";
        let start = byte_at(file, 2, 3).unwrap();
        let value = "Flow.n > 0 and Left(1)\n";
        assert_eq!(position(file, start, value, value.find("Left").unwrap()), (2, 3));
    }

    #[test]
    fn what_does_not_read_back_is_the_scalars_start() {
        // Folded, a line break inside a quoted scalar, a substituted placeholder.
        let file = "exp: >\n  Flow.n > 0 and\n  Left(\"a\")\n";
        assert_eq!(at(file, 6, "Flow.n > 0 and Left(\"a\")\n", "Left"), (1, 6));
        let file = "exp: \"Flow.n > 0 and\n  Left(1)\"";
        assert_eq!(at(file, 6, "Flow.n > 0 and Left(1)", "Left"), (1, 6));
        let file = "exp: Flow.{{v}} + Hour(1)";
        assert_eq!(at(file, 6, "Flow.n + Hour(1)", "Hour"), (1, 6));
        let file = "exp: |2\n    Flow.n\n";
        assert_eq!(at(file, 6, "  Flow.n\n", "Flow"), (1, 6));
    }

    #[test]
    fn lines_and_columns_name_bytes() {
        let file = "ab\néc\n";
        assert_eq!(byte_at(file, 2, 2), Some(5));
        assert_eq!(byte_at(file, 2, 3), Some(6));
        assert_eq!(byte_at(file, 2, 4), None);
        assert_eq!(byte_at(file, 4, 1), None);
    }
}
