//! Where a value sits in JSON text, by its path (`draft`, `nodes`, `Menu`, `properties`,
//! `conditions`, `0`, `expression`): the line and column (1-based) of the value, so that a
//! diagnostic about a seeds' flow names its place as one about Archy YAML does.
//!
//! The text was already parsed (and its nesting bounded) by the loader; this walks it again
//! only for the diagnostics that need a place. Nothing is built: values on the way are
//! skipped, with an explicit depth counter (no recursion but one level per step of a path).

use crate::util::Cut;
use rustc_hash::FxHashMap;

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// The segments of a diagnostic's property path: `properties.conditions[0].expression`.
pub fn segments(property: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in property.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.find('[').map_or((part, ""), |i| part.split_at(i));
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some((index, after)) = inner.split_once(']') else { break };
            if let Ok(i) = index.parse() {
                out.push(Seg::Index(i));
            }
            rest = after;
        }
    }
    out
}

/// The line and column of the value at `path` in `text`, if it is there.
pub fn position(text: &str, path: &[Seg<'_>]) -> Option<(usize, usize)> {
    let at = starts(text, &[path.to_vec()])[0]?;
    Some(super::files::line_column(text.as_bytes(), at))
}

/// The byte where the value at each of `paths` starts in `text` (as [`position`] finds it),
/// in one walk: the file is read once for all of them, not once for each.
pub fn starts(text: &str, paths: &[Vec<Seg<'_>>]) -> Vec<Option<usize>> {
    super::work::add(text.len());
    let mut out = vec![None; paths.len()];
    find(text, ws(text.as_bytes(), 0), paths, 0, (0..paths.len()).collect(), &mut out);
    out
}

/// Sets `out[i]` for each path `i` of `wanted` (`paths[i][..depth]` leading to the value at
/// `at`) that ends here or below. Recurses once per step of a path, never deeper.
fn find(
    text: &str,
    at: usize,
    paths: &[Vec<Seg<'_>>],
    depth: usize,
    wanted: Vec<usize>,
    out: &mut [Option<usize>],
) {
    let mut keys: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut indexes: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in wanted {
        match paths[i].get(depth) {
            None => out[i] = Some(at),
            Some(Seg::Key(k)) => keys.entry(*k).or_default().push(i),
            Some(Seg::Index(n)) => indexes.entry(*n).or_default().push(i),
        }
    }
    let b = text.as_bytes();
    if !keys.is_empty() && b.get(at) == Some(&b'{') {
        // Every wanted member in one pass over the object; the first of a repeated key counts.
        let mut i = ws(b, at + 1);
        while b.get(i) == Some(&b'"') && !keys.is_empty() {
            let Some(end) = string_end(b, i) else { return };
            // `i` and `end` are the places of the ASCII quotes around a JSON string.
            let Some(quoted) = text.get(i..end) else { return };
            let raw = quoted.cut(1..quoted.len() - 1);
            let name: std::borrow::Cow<'_, str> = if raw.contains('\\') {
                serde_json::from_str::<String>(quoted).map_or(raw.into(), Into::into)
            } else {
                raw.into()
            };
            i = ws(b, end);
            if b.get(i) != Some(&b':') {
                return;
            }
            let value = ws(b, i + 1);
            if let Some(here) = keys.remove(name.as_ref()) {
                find(text, value, paths, depth + 1, here, out);
            }
            let Some(next) = skip(b, value) else { return };
            i = ws(b, next);
            if b.get(i) == Some(&b',') {
                i = ws(b, i + 1);
            }
        }
    } else if !indexes.is_empty() && b.get(at) == Some(&b'[') {
        // Every wanted element in one pass over the array.
        let mut i = ws(b, at + 1);
        for n in 0.. {
            if indexes.is_empty() || b.get(i).is_none_or(|c| *c == b']') {
                return;
            }
            if let Some(here) = indexes.remove(&n) {
                find(text, i, paths, depth + 1, here, out);
            }
            let Some(next) = skip(b, i) else { return };
            i = ws(b, next);
            if b.get(i) != Some(&b',') {
                return;
            }
            i = ws(b, i + 1);
        }
    }
}

fn ws(b: &[u8], mut at: usize) -> usize {
    while at < b.len() && b[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// The end of the string starting at `at` (the byte after its closing quote).
fn string_end(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the value starting at `at`.
fn skip(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at)? {
        b'"' => string_end(b, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = at;
            while i < b.len() && !matches!(b[i], b',' | b'}' | b']') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            Some(i)
        }
    }
}

/// A serde_json error as a diagnostic shows it: serde's message without the ` at line L column
/// C` it ends with, and that place (1-based) when the error has one. serde says column 0 where
/// the text ends just after a newline, before any character of its last line: column 1 of that
/// line, for a reader of `file:line:column`.
pub fn syntax_error(e: &serde_json::Error) -> (String, Option<(usize, usize)>) {
    let text = e.to_string();
    if e.line() == 0 {
        return (text, None);
    }
    let at = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&at).map_or_else(|| text.clone(), str::to_owned);
    (message, Some((e.line(), e.column().max(1))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_error_is_its_message_and_a_place_from_column_one() {
        let e = serde_json::from_str::<serde_json::Value>("{\"a\":\n").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 0), "serde's own column");
        let (message, place) = syntax_error(&e);
        assert_eq!(message, "EOF while parsing a value");
        assert_eq!(place, Some((2, 1)));
        let e = serde_json::from_str::<serde_json::Value>("[1,\n 2 x]").unwrap_err();
        assert_eq!(syntax_error(&e), ("expected `,` or `]`".to_owned(), Some((2, 4))));
        let e = serde_json::from_str::<u8>("300").unwrap_err();
        assert_eq!(syntax_error(&e).1, Some((1, 3)));
    }

    #[test]
    fn values_are_found_by_path_with_their_line_and_column() {
        let text = "{\n  \"draft\": {\"nodes\": {\n    \"Menu\": {\"properties\": {\"a\": [1, {\"b\": \"x\\\"y\"}, [2]], \"promtText\": \"P\"}}\n  }}\n}";
        let at = |p: &str| position(text, &segments(p));
        assert_eq!(at("draft.nodes.Menu.properties.promtText"), Some((3, 72)));
        assert_eq!(at("draft.nodes.Menu.properties.a[1].b"), Some((3, 44)));
        assert_eq!(at("draft.nodes.Menu.properties.a[2]"), Some((3, 53)));
        assert_eq!(at("draft.nodes.Menu.properties.a[3]"), None);
        assert_eq!(at("draft.nodes.Nope"), None);
        assert_eq!(at("draft"), Some((2, 12)));
    }

    #[test]
    fn many_paths_are_found_in_one_walk() {
        let text = "{\"a\": [{\"b\": 1, \"b\": 2}, [3, 4], \"x\"], \"c\\u0064\": {\"e\": null}, \"f\": [1 2]}";
        let cases = [
            ("a[0].b", Some(14)),
            ("a[1][1]", Some(30)),
            ("a[2]", Some(34)),
            ("a[3]", None),
            ("cd.e", Some(57)),
            ("a", Some(7)),
            ("", Some(1)),
            ("a[0].b.z", None),
            ("f[0]", Some(70)),
            ("f[1]", None),
            ("a[1]", Some(26)),
            ("zz", None),
            ("a[0].b", Some(14)),
        ];
        let segs: Vec<_> = cases.iter().map(|(p, _)| segments(p)).collect();
        let found = starts(text, &segs);
        for ((p, column), at) in cases.iter().zip(found) {
            assert_eq!(at.map(|at| at + 1), *column, "{p}");
            assert_eq!(position(text, &segments(p)), column.map(|c| (1, c)), "{p}");
        }
        for text in ["", "{", "{\"a\"", "{\"a\": [1,", "[", "{\"a\": \"\\", "{\"a\" 1}"] {
            assert_eq!(starts(text, &[segments("a[0].b")]), [None], "{text:?}");
        }
    }

    #[test]
    fn broken_text_gives_no_place_never_a_panic() {
        for text in ["", "{", "{\"a\"", "{\"a\": [1,", "[", "{\"a\": \"\\", "{\"a\" 1}"] {
            assert_eq!(position(text, &segments("a[0].b")), None, "{text:?}");
        }
    }
}
