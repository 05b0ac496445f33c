//! A Regex slot type's pattern read as JavaScript reads its character classes, then handed to
//! the `regex` crate.
//!
//! Architect tests regex slot types in the browser, with JavaScript's `RegExp`; Genesys names
//! no dialect. Inside a character class the two dialects part on a few characters, and
//! [`js_classes`] rewrites those so that the `regex` crate reads what JavaScript reads:
//!
//! - `[` is a literal character in JavaScript; the `regex` crate opens a nested class (or a
//!   POSIX class such as `[:alpha:]`) with it. It becomes `\[`. So
//!   `[a-z=[\]]` is the class of `a`-`z`, `=`, `[` and `]`, and `[[:alpha:]]` is one of
//!   `[:alph` followed by `]`, as in JavaScript.
//! - `&&`, `--` and `~~` are literal characters in JavaScript; the `regex` crate reads them as
//!   intersection, difference and symmetric difference. Each `&`, `~` or literal `-` next to
//!   its twin is escaped. A `-` that makes a range (`+--` is the range `+` to `-`) stays one.
//!
//! Everything else is kept as written: escapes (`\]`, `\\`, `\x{5B}`, `\p{L}`), a `]` first in
//! a class or right after its `^` (a literal, as in PCRE, Python and the `regex` crate:
//! JavaScript's `[]` would match nothing), and all syntax outside classes, so look-around and
//! backreferences are still refused by the compiler. Invariant: a pattern with no class that
//! needs a change comes back borrowed, byte for byte.

use std::borrow::Cow;

/// `pattern` with its character classes rewritten to the `regex` crate's syntax for what
/// JavaScript reads in them (see the module documentation).
///
/// ```text
/// ^[a-z=[\]]+$   →  ^[a-z=\[\]]+$
/// [a&&b]         →  [a\&\&b]
/// [+--]          →  [+-\-]
/// \b[0-9]{8}\b   →  unchanged
/// ```
pub fn js_classes(pattern: &str) -> Cow<'_, str> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let end = escape_end(&chars, i);
                out.extend(&chars[i..end]);
                i = end;
            }
            '[' => i = class(&chars, i, &mut out),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    if out == pattern {
        Cow::Borrowed(pattern)
    } else {
        Cow::Owned(out)
    }
}

/// One item of a class's contents, as JavaScript reads it.
#[derive(Clone, Copy, PartialEq)]
enum Atom {
    /// A character written as itself.
    Lit(char),
    /// An escape standing for one character (`\]`, `\x41`, `\n`): chars `start..end`.
    Char(usize, usize),
    /// An escape standing for a set (`\d`, `\w`, `\s`, `\p{L}` and their negations).
    Set(usize, usize),
}

/// What a class is written as in the output.
#[derive(Clone, Copy, PartialEq)]
enum Tok {
    Atom(Atom),
    /// The `-` of a range.
    Range,
}

/// Rewrites the class that opens at `chars[open]` into `out`; returns the index after it.
fn class(chars: &[char], open: usize, out: &mut String) -> usize {
    out.push('[');
    let mut i = open + 1;
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut atoms = Vec::new();
    // A `]` first is a literal (see the module documentation).
    if chars.get(i) == Some(&']') {
        atoms.push(Atom::Lit(']'));
        i += 1;
    }
    let mut closed = false;
    while i < chars.len() {
        match chars[i] {
            ']' => {
                closed = true;
                i += 1;
                break;
            }
            '\\' => {
                let end = escape_end(chars, i);
                let set =
                    matches!(chars.get(i + 1), Some('d' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P'));
                atoms.push(if set { Atom::Set(i, end) } else { Atom::Char(i, end) });
                i = end;
            }
            c => {
                atoms.push(Atom::Lit(c));
                i += 1;
            }
        }
    }
    let toks = ranges(&atoms);
    for (k, tok) in toks.iter().enumerate() {
        match *tok {
            Tok::Range => out.push('-'),
            Tok::Atom(Atom::Char(s, e) | Atom::Set(s, e)) => out.extend(&chars[s..e]),
            Tok::Atom(Atom::Lit(c)) => {
                let twin = |t: Option<&Tok>| match t {
                    Some(Tok::Atom(Atom::Lit(d))) => *d == c,
                    Some(Tok::Range) => c == '-',
                    _ => false,
                };
                let doubled = matches!(c, '&' | '~' | '-')
                    && (twin(k.checked_sub(1).and_then(|p| toks.get(p))) || twin(toks.get(k + 1)));
                if c == '[' || doubled {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    if closed {
        out.push(']');
    }
    i
}

/// The class's atoms with JavaScript's ranges marked: `A-B` is a range when a `-` stands
/// between two atoms and is not the class's last character. A range with a set at either end
/// (`\w-a`) is, in JavaScript's web-compatibility grammar, the three atoms; its `-` is then a
/// literal.
fn ranges(atoms: &[Atom]) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(atoms.len());
    let mut k = 0;
    while k < atoms.len() {
        let a = atoms[k];
        if atoms.get(k + 1) == Some(&Atom::Lit('-')) && k + 2 < atoms.len() {
            let b = atoms[k + 2];
            let dash = if matches!(a, Atom::Set(..)) || matches!(b, Atom::Set(..)) {
                Tok::Atom(Atom::Lit('-'))
            } else {
                Tok::Range
            };
            toks.extend([Tok::Atom(a), dash, Tok::Atom(b)]);
            k += 3;
        } else {
            toks.push(Tok::Atom(a));
            k += 1;
        }
    }
    toks
}

/// The index after the escape that starts at `chars[at]` (a `\`): `\x41`, `\u0041`, `\x{41}`,
/// `\u{41}`, `\U0001F600`, `\p{L}`, `\pL`, or `\` and one character.
fn escape_end(chars: &[char], at: usize) -> usize {
    let Some(&c) = chars.get(at + 1) else { return chars.len() };
    let after = at + 2;
    if chars.get(after) == Some(&'{') && matches!(c, 'x' | 'u' | 'U' | 'p' | 'P') {
        return chars[after..]
            .iter()
            .position(|&c| c == '}')
            .map_or(chars.len(), |p| after + p + 1);
    }
    let hex = |n: usize| {
        let digits = chars[after..].iter().take(n).take_while(|c| c.is_ascii_hexdigit()).count();
        after + digits
    };
    match c {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        'p' | 'P' => (after + 1).min(chars.len()),
        _ => after,
    }
}

#[cfg(test)]
mod tests {
    use super::js_classes;

    #[track_caller]
    fn becomes(pattern: &str, rust: &str) {
        assert_eq!(js_classes(pattern), rust, "{pattern}");
        regex::Regex::new(rust).unwrap_or_else(|e| panic!("{rust} does not compile: {e}"));
    }

    #[track_caller]
    fn unchanged(pattern: &str) {
        assert!(matches!(js_classes(pattern), std::borrow::Cow::Borrowed(_)), "{pattern}");
    }

    #[track_caller]
    fn matches(pattern: &str, text: &str) -> bool {
        regex::Regex::new(&js_classes(pattern)).expect("compiles").is_match(text)
    }

    #[test]
    fn a_bracket_in_a_class_is_a_literal() {
        becomes(r"^[a-z=[\]]+$", r"^[a-z=\[\]]+$");
        assert!(matches(r"^[a-z=[\]]+$", "ab[c]="));
        assert!(!matches(r"^[a-z=[\]]+$", "ab(c)"));
        becomes("[[]", r"[\[]");
        becomes("[^[]", r"[^\[]");
        becomes("[a[b[c]", r"[a\[b\[c]");
    }

    /// The pattern of a published bot flow (four slot types of one flow share it).
    #[test]
    fn a_real_flows_pattern_compiles_and_matches_as_in_javascript() {
        let real = r#"^[a-zA-Z0-9\s!@#$%^&*()_+\-=[\]{};':"\\|,.<>/? ]+$"#;
        becomes(real, r#"^[a-zA-Z0-9\s!@#$%^&*()_+\-=\[\]{};':"\\|,.<>/? ]+$"#);
        assert!(matches(real, r#"O'Brien [x] {y} "z" a\b 100%"#));
        assert!(!matches(real, "tab\u{e9}"));
    }

    #[test]
    fn a_posix_like_class_is_read_as_javascript_reads_it() {
        becomes("[[:alpha:]]", r"[\[:alpha:]]");
        assert!(matches("^[[:alpha:]]$", "a]"));
        assert!(!matches("^[[:alpha:]]$", "b"));
    }

    #[test]
    fn set_operators_in_a_class_are_literal_characters() {
        becomes("[a&&b]", r"[a\&\&b]");
        becomes("[a~~b]", r"[a\~\~b]");
        becomes("[0-9--]", r"[0-9\-\-]");
        // JavaScript reads `a--` as the range from `a` to `-`, which is out of order: an error
        // in both dialects.
        let out_of_order = js_classes("[a--b]");
        assert_eq!(out_of_order, r"[a-\-b]");
        assert!(regex::Regex::new(&out_of_order).is_err());
        becomes("[&&&]", r"[\&\&\&]");
        becomes("[a-c--]", r"[a-c\-\-]");
        becomes(r"[\w--]", r"[\w\-\-]");
        assert!(matches("^[a&&b]+$", "a&&b"));
        assert!(matches("^[x~~]+$", "~x~"));
        // `+--` is the range from `+` to `-`, which holds `,`.
        becomes("[+--]", r"[+-\-]");
        assert!(matches("^[+--]+$", "+,-"));
        // `--a` is the range from `-` to `a`.
        becomes("[--a]", r"[\--a]");
        assert!(matches("^[--a]+$", "-0Aa"));
    }

    #[test]
    fn escapes_and_a_first_bracket_are_kept() {
        unchanged(r"[\]]");
        unchanged(r"[\\]");
        unchanged(r"[\[]");
        unchanged(r"[\&&]");
        unchanged("[]a]");
        unchanged("[^]a]");
        unchanged(r"[\x{5B}\p{Greek}\pL\x41-\x5A]");
        assert!(matches(r"^[\\]$", "\\"));
        assert!(matches("^[]a]+$", "]a"));
        // After `\\` the next `[` opens a class.
        becomes(r"\\[a[]", r"\\[a\[]");
    }

    #[test]
    fn patterns_without_those_characters_are_unchanged() {
        for p in [
            r"\b[0-9]{8}\b",
            r"^\(\d{3}\)\s?\d{3}-\d{4}$",
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?",
            "(?i)[a-z-]+",
            "[-a]",
            "[^-]",
            r"a(?=b)",
            r"(a)\1",
            "",
            "[",
            r"\",
        ] {
            unchanged(p);
        }
    }
}
