//! Small helpers with no better home: safe file reading and writing ([`files`]), JSON and
//! YAML trees that refuse duplicate keys ([`strict`]), the one YAML reader ([`yaml`]), a
//! file's line index ([`lines`]), case folding, suggestions, XML escaping ([`xml`]), base64
//! ([`base64`]), day numbers ([`civil`]), shards of a run ([`shard`]).

pub mod base64;
pub mod civil;
pub mod cut;
pub mod files;
pub mod json_pos;
pub mod lines;
pub mod percent;
pub mod pointer;
pub mod scalar_pos;
pub mod shard;
pub mod strict;
pub mod trust;
pub mod work;
pub mod xml;
pub mod yaml;

/// A generated table in docs/expressions.md, between `<!-- NAME:start -->` and
/// `<!-- NAME:end -->`, must be `table`; `FLOWSIM_UPDATE_DOCS=1` rewrites it. For the tests
/// that keep the reference tables (functions, built-ins, types) current.
#[doc(hidden)]
pub fn assert_docs_table(name: &str, table: &str) {
    assert_generated(
        "docs/expressions.md",
        &format!("<!-- {name}:start -->\n"),
        &format!("<!-- {name}:end -->"),
        table,
    );
}

/// The part of the repository's file `file` between the lines `start` and `end` must be
/// `want`; `FLOWSIM_UPDATE_DOCS=1` rewrites it (atomically). For the tests that keep generated
/// tables and generated source (from the Scripting SDK's catalogue) current.
#[doc(hidden)]
pub fn assert_generated(file: &str, start: &str, end: &str, want: &str) {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let Some(from) = text.find(start).map(|a| a + start.len()) else {
        panic!("{file} has no {start:?} line");
    };
    let (head, rest) = text.split_at(from);
    let Some((part, tail)) = rest.find(end).map(|b| rest.split_at(b)) else {
        panic!("{file} has no {end:?} after {start:?}");
    };
    if part == want {
        return;
    }
    assert!(
        std::env::var_os("FLOWSIM_UPDATE_DOCS").is_some(),
        "{file}'s generated part {start:?} is stale: rerun with FLOWSIM_UPDATE_DOCS=1"
    );
    let updated = format!("{head}{want}{tail}");
    write_atomic(&path, updated.as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"));
}

pub use cut::Cut;
pub use files::{read_text, write_atomic, write_inside, ReadError, WriteError, MAX_INPUT_BYTES};

/// At most `max` bytes of `text` for a message, cut at a character boundary, with how much
/// was left out: an error quotes a short excerpt of an input, never the input (a 20 MB name
/// echoed back would make the message the attack).
pub fn excerpt(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (shown, rest) = text.split_at_checked(end).unwrap_or((text, ""));
    std::borrow::Cow::Owned(format!("{shown}… ({} more bytes)", rest.len()))
}

/// Case-insensitive comparison key for ids and names: Unicode lowercasing, so that `Ä` and `ä`
/// compare equal (ASCII lowercasing would leave them apart). Borrowed when already lowercase.
pub fn fold_case(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else if s.is_ascii() {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Owned(s.to_lowercase())
    }
}

/// Edit distance, for "did you mean" suggestions: insertions, deletions, substitutions and
/// swaps of two neighbours (`Flase` is one edit from `false`), each one edit (optimal string
/// alignment). Names far apart in length, or too long to compare cheaply (a hostile file's
/// megabyte identifier), get their longer length: no suggestion is ever that far, and the work
/// stays bounded.
pub fn edit_distance(a: &str, b: &str) -> usize {
    const MAX_CELLS: usize = 1 << 20;
    if a == b {
        return 0;
    }
    if a.len().abs_diff(b.len()) > 64 || a.len().saturating_mul(b.len()) > MAX_CELLS {
        return a.chars().count().max(b.chars().count());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The most edits ([`edit_distance`], case aside) that make `word` a misspelling of `name`,
/// for every did-you-mean flowsim gives: a third of the longer one's length in characters, at
/// least 1. `exakt` is `exact` (1 of 1), `Lenght` is `Length` (1 of 2), `scenaros` is
/// `scenarios` (1 of 3); `nope` is not `org` (3 of 1), nor `cat` `dog` (3 of 1).
pub fn typo_bound(word: &str, name: &str) -> usize {
    (word.chars().count().max(name.chars().count()) / 3).max(1)
}

/// The candidate closest to `word` (case-insensitively), if it is close enough to be a typo
/// ([`typo_bound`]); the first of equally close ones.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= typo_bound(word, c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// [`nearest`] among a list of at most [`NEAREST_AMONG`] names (`None` beyond): for a guess
/// that may be asked once per failure (a fixture name near a missed one), so that each costs
/// at most that many comparisons however large the list, and many failures stay linear.
pub fn nearest_among<'a>(
    word: &str,
    candidates: impl ExactSizeIterator<Item = &'a str>,
) -> Option<&'a str> {
    (candidates.len() <= NEAREST_AMONG).then(|| nearest(word, candidates)).flatten()
}

/// The most names [`nearest_among`] compares a word with.
pub const NEAREST_AMONG: usize = 256;

/// The candidate [`nearest`] finds, when it is the only one that close (case aside): the name
/// a certain fix may write. `Flow.acount` has one (`Flow.account`); `Flow.x1` between
/// `Flow.x2` and `Flow.x3` has none.
pub fn nearest_one<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str, String)> = None;
    let mut tied = false;
    for c in candidates {
        let folded = c.to_lowercase();
        let d = edit_distance(&lower, &folded);
        if d > typo_bound(word, c) {
            continue;
        }
        match &best {
            Some((b, _, f)) if d == *b => tied |= *f != folded,
            Some((b, _, _)) if d > *b => {}
            _ => {
                best = Some((d, c, folded));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, c, _)| c)
}

/// A short string on the stack: number formatting on hot paths without allocating.
/// Writing past its capacity fails with `fmt::Error`.
pub struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Default for StackStr<N> {
    fn default() -> Self {
        StackStr { buf: [0; N], len: 0 }
    }
}

impl<const N: usize> StackStr<N> {
    pub fn as_str(&self) -> &str {
        // Only whole `&str`s are ever written, so the bytes are UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl<const N: usize> std::fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len.checked_add(s.len()).filter(|&e| e <= N).ok_or(std::fmt::Error)?;
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_excerpt_is_cut_at_a_character_boundary_and_says_how_much_it_left() {
        assert_eq!(super::excerpt("short", 80), "short");
        let long = "é".repeat(100);
        let cut = super::excerpt(&long, 5);
        assert_eq!(cut, "éé… (196 more bytes)");
    }

    #[test]
    fn edit_distance_stays_bounded_on_huge_names() {
        assert_eq!(super::edit_distance("Call.Anii", "Call.Ani"), 1);
        // Quadratic work on these would take hours; bounded, they answer at once.
        let huge = "x".repeat(2_000_000);
        let other = format!("{huge}y");
        assert_eq!(super::edit_distance(&huge, "Call.Ani"), 2_000_000);
        assert_eq!(super::edit_distance(&huge, &huge), 0);
        assert_eq!(super::edit_distance(&huge, &other), 2_000_001);
        assert!(super::nearest(&huge, ["Call.Ani", "Flow.x"]).is_none());
    }

    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(nearest("CheckResul", ["CheckResult", "EndFlow"]), Some("CheckResult"));
        assert_eq!(nearest("zzzzzzzzzz", ["CheckResult"]), None);
        assert_eq!(
            nearest_one("Flow.acount", ["Flow.account", "Flow.amount2"]),
            Some("Flow.account")
        );
        assert_eq!(nearest_one("Flow.x1", ["Flow.x2", "Flow.x3"]), None);
        assert_eq!(nearest_one("YES", ["yes", "no"]), Some("yes"));
        // A swap of two neighbours is one edit.
        assert_eq!(edit_distance("flase", "false"), 1);
        assert_eq!(edit_distance("stauts", "status"), 1);
    }

    /// One threshold for every did-you-mean: close misspellings are suggested, unrelated
    /// short words never.
    #[test]
    fn did_you_mean_suggests_misspellings_and_never_an_unrelated_short_word() {
        for (word, meant) in [
            ("exakt", "exact"),
            ("Lenght", "Length"),
            ("scenaros", "scenarios"),
            ("stauts", "status"),
            ("Flase", "false"),
            ("digit", "digits"),
            ("Flow.acount", "Flow.account"),
            ("Common.anii", "Common.ani"),
            ("Suport", "Support"),
            ("tru", "true"),
            ("queus", "queues"),
        ] {
            assert_eq!(nearest(word, [meant, "unrelated"]), Some(meant), "{word}");
            assert_eq!(nearest_one(word, [meant, "unrelated"]), Some(meant), "{word}");
        }
        for (word, other) in [
            ("nope", "org"),
            ("cat", "dog"),
            ("foo", "bar"),
            ("abc", "xyz"),
            ("Len", "Left"),
            ("yes", "no"),
        ] {
            assert_eq!(nearest(word, [other]), None, "{word} is not {other}");
            assert_eq!(nearest_one(word, [other]), None, "{word} is not {other}");
        }
    }

    #[test]
    fn case_folds_beyond_ascii() {
        assert_eq!(fold_case("Ä"), fold_case("ä"));
        assert_eq!(fold_case("Main_IVR"), "main_ivr");
    }

    #[test]
    fn stack_str_holds_what_fits() {
        use std::fmt::Write as _;
        let mut s = StackStr::<8>::default();
        assert!(write!(s, "{}", 1234).is_ok());
        assert!(write!(s, "{}", 5678).is_ok());
        assert_eq!(s.as_str(), "12345678");
        assert!(write!(s, "9").is_err(), "full");
        assert_eq!(s.as_str(), "12345678");
    }
}
