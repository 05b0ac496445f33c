//! The builtin entity types (`builtin:number`, `builtin:date`, ...): what each finds in a text and
//! the value it gives. Dates and times are in [`super::datetime`].
//!
//! Every finder returns all its hits in a text, leftmost first; [`super::Nlu::extract`] takes the
//! first, classification turns them into placeholders. Finders work on a text of at most
//! [`super::text::MAX_INPUT_BYTES`], and every number they build is checked (no overflow).

use super::datetime;
use super::entity::Hit;
use super::text::{tokenize, Token};
use crate::expr::decimal::{self, Decimal};
use crate::expr::value::{Object, Value};
use regex::Regex;
use std::sync::{Arc, LazyLock};

/// A builtin entity type. `builtin:` names compare case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `builtin:any`: the whole trimmed reply (only when asked for a slot).
    Any,
    /// `builtin:number`: `-2.5`, `1,200`, `twenty one` → Decimal.
    Number,
    /// `builtin:integer`: `42`, `forty two` → Integer.
    Integer,
    /// `builtin:percent`: `15%`, `15 percent` → Decimal `15`.
    Percent,
    /// `builtin:currency`: `$12.50`, `12 euros`, `GBP 3` → `{"amount": 12.5, "code": "USD"}`.
    Currency,
    /// `builtin:date`: `2026-03-14`, `3/14/2026`, `14 March`, `tomorrow`, `friday` → DateTime.
    Date,
    /// `builtin:time`: `3pm`, `15:30`, `noon` → `"15:00:00"`.
    Time,
    /// `builtin:datetime`: `tomorrow at 3pm`, `2026-03-14T15:30` → DateTime.
    DateTime,
    /// `builtin:email`: `ann@example.com` → String.
    Email,
    /// `builtin:duration`: `5 minutes`, `an hour` → Duration.
    Duration,
    /// `builtin:ordinal`: `third`, `3rd` → Integer `3`.
    Ordinal,
}

impl Builtin {
    pub const ALL: [Builtin; 11] = [
        Builtin::Any,
        Builtin::Number,
        Builtin::Integer,
        Builtin::Percent,
        Builtin::Currency,
        Builtin::Date,
        Builtin::Time,
        Builtin::DateTime,
        Builtin::Email,
        Builtin::Duration,
        Builtin::Ordinal,
    ];

    /// The type's name as a domain writes it: `builtin:number`.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Any => "builtin:any",
            Builtin::Number => "builtin:number",
            Builtin::Integer => "builtin:integer",
            Builtin::Percent => "builtin:percent",
            Builtin::Currency => "builtin:currency",
            Builtin::Date => "builtin:date",
            Builtin::Time => "builtin:time",
            Builtin::DateTime => "builtin:datetime",
            Builtin::Email => "builtin:email",
            Builtin::Duration => "builtin:duration",
            Builtin::Ordinal => "builtin:ordinal",
        }
    }

    /// The builtin named `name` (any case), if supported. `builtin:amountOfMoney` is Genesys's
    /// name for the money type ("builtin:amountOfMoney | Currency | "$30.23" or "forty
    /// dollars"", Use built-in slot types), `builtin:currency`'s.
    pub fn from_name(name: &str) -> Option<Builtin> {
        if name.eq_ignore_ascii_case("builtin:amountOfMoney") {
            return Some(Builtin::Currency);
        }
        Builtin::ALL.into_iter().find(|b| b.name().eq_ignore_ascii_case(name))
    }

    /// What a value of this type looks like, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            Builtin::Any => "any text",
            Builtin::Number => "a number (like 42 or 4.5)",
            Builtin::Integer => "a whole number (like 42)",
            Builtin::Percent => "a percentage (like 15% or 15)",
            Builtin::Currency => {
                "an amount of money (like $12.50, 12 EUR or {\"amount\": 12.5, \"code\": \"USD\"})"
            }
            Builtin::Date => "a date (like 2026-03-14, 3/14/2026 or 14 March 2026)",
            Builtin::Time => "a time (like 15:30, 3:30 pm or noon)",
            Builtin::DateTime => "a date and time (like 2026-03-14T15:30:00Z)",
            Builtin::Email => "an email address (like ann@example.com)",
            Builtin::Duration => "a duration (like 5 minutes or 2 hours)",
            Builtin::Ordinal => "an ordinal (like third or 3rd)",
        }
    }

    /// Every hit of this type in `text`, leftmost first. `today` dates the relative forms
    /// (`tomorrow`, `friday`, `14 March`); without it they are not recognised.
    pub(super) fn find(self, text: &str, today: Option<jiff::civil::Date>) -> Vec<Hit> {
        let how = self.name();
        let mut hits: Vec<Hit> = match self {
            Builtin::Any => {
                let trimmed = text.trim();
                let start = text.len() - text.trim_start().len();
                (!trimmed.is_empty())
                    .then(|| Hit::new(start, start + trimmed.len(), Value::str(trimmed), how))
                    .into_iter()
                    .collect()
            }
            Builtin::Number => numbers(text)
                .into_iter()
                .map(|(s, e, n)| Hit::new(s, e, Value::Dec(n), how))
                .collect(),
            Builtin::Integer => numbers(text)
                .into_iter()
                .filter_map(|(s, e, n)| {
                    let n =
                        decimal::to_i64(n).filter(|n| n.unsigned_abs() < 9_000_000_000_000_000)?;
                    Some(Hit::new(s, e, Value::Int(n), how))
                })
                .collect(),
            Builtin::Percent => suffixed(text, &[("%", 1.0), ("percent", 1.0), ("per cent", 1.0)])
                .into_iter()
                .map(|(s, e, n, _)| Hit::new(s, e, Value::Dec(n), how))
                .collect(),
            Builtin::Currency => currencies(text),
            Builtin::Date => datetime::dates(text, today)
                .into_iter()
                .filter_map(|(s, e, d)| {
                    Some(Hit::new(s, e, Value::DateTime(datetime::day_ms(d)?), how))
                })
                .collect(),
            Builtin::Time => datetime::times(text)
                .into_iter()
                .map(|(s, e, ms)| Hit::new(s, e, Value::Str(datetime::clock_text(ms).into()), how))
                .collect(),
            Builtin::DateTime => datetime::datetimes(text, today)
                .into_iter()
                .map(|(s, e, ms)| Hit::new(s, e, Value::DateTime(ms), how))
                .collect(),
            Builtin::Email => EMAIL
                .find_iter(text)
                .map(|m| Hit::new(m.start(), m.end(), Value::str(m.as_str()), how))
                .collect(),
            Builtin::Duration => durations(text),
            Builtin::Ordinal => ordinals(text),
        };
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        hits
    }
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[-+]?\b(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?\b").expect("valid")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").expect("valid")
});
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([0-9]{1,9})(?:st|nd|rd|th)\b").expect("valid"));

pub(super) const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
pub(super) const TENS: [&str; 8] =
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINALS: [&str; 10] =
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

/// Numbers written with digits or English words: `(start, end, value)`, leftmost first, each
/// read exactly from its text (`19.99` is 19.99).
pub(super) fn numbers(text: &str) -> Vec<(usize, usize, Decimal)> {
    let mut found: Vec<(usize, usize, Decimal)> = NUMBER
        .find_iter(text)
        .filter_map(|m| {
            let n = decimal::parse(&m.as_str().replace(',', ""))?;
            Some((m.start(), m.end(), n))
        })
        .collect();
    let tokens = tokenize(text);
    // Whether tokens `a` and `a + 1` are joined by spaces or hyphens only.
    let joined = |a: usize| {
        tokens.get(a + 1).is_some_and(|next| {
            text.get(tokens[a].end..next.start)
                .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '-'))
        })
    };
    let mut i = 0;
    while i < tokens.len() {
        match number_words(text, &tokens[i..]) {
            Some((n, used)) => {
                let mut last = i + used - 1;
                let mut value = Decimal::from(n);
                // `three point five`, `two point one four`: the point, then a word a digit
                // (Genesys's example: "three point five" is 3.5, Use built-in slot types).
                if joined(last) && tokens[last + 1].text == "point" {
                    let mut digits = String::new();
                    let mut j = last + 1;
                    while joined(j) {
                        let Some(d) = UNITS[..10].iter().position(|u| *u == tokens[j + 1].text)
                        else {
                            break;
                        };
                        digits.push(char::from(b'0' + d as u8));
                        j += 1;
                    }
                    if let Some(v) = decimal::parse(&format!("{n}.{digits}")) {
                        if !digits.is_empty() {
                            (value, last) = (v, j);
                        }
                    }
                }
                found.push((tokens[i].start, tokens[last].end, value));
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    found
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    Unit,
    Teen,
    Tens,
    Hundred,
}

/// English number words at the start of `tokens`, joined by spaces or hyphens only:
/// `twenty one`, `two hundred and five`, `hundred`. The value and how many tokens it used.
fn number_words(text: &str, tokens: &[Token]) -> Option<(i64, usize)> {
    let (mut value, mut last, mut used) = (0i64, Last::Start, 0usize);
    let mut i = 0;
    while i < tokens.len() {
        if i > 0
            && !text
                .get(tokens[i - 1].end..tokens[i].start)
                .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '-'))
        {
            break;
        }
        let word = tokens[i].text.as_str();
        if word == "and" && last == Last::Hundred && i + 1 < tokens.len() {
            i += 1;
            continue;
        }
        let next = if let Some(n) = UNITS.iter().position(|u| *u == word) {
            let kind = if n < 10 { Last::Unit } else { Last::Teen };
            match (last, n) {
                (Last::Start, _) | (Last::Hundred, 1..) | (Last::Tens, 1..=9) => {
                    (value + n as i64, kind)
                }
                _ => break,
            }
        } else if let Some(t) = TENS.iter().position(|t| *t == word) {
            match last {
                Last::Start | Last::Hundred => (value + (t as i64 + 2) * 10, Last::Tens),
                _ => break,
            }
        } else if word == "hundred" {
            match last {
                Last::Start => (100, Last::Hundred),
                Last::Unit | Last::Teen if (1..20).contains(&value) => (value * 100, Last::Hundred),
                _ => break,
            }
        } else {
            break;
        };
        (value, last) = next;
        i += 1;
        used = i;
        if last == Last::Unit && value == 0 {
            break; // `zero` stands alone
        }
    }
    (used > 0).then_some((value, used))
}

/// Numbers followed by one of `markers` (case-insensitive, a whole word unless a symbol):
/// `(start, end, number, marker index)`.
fn suffixed(text: &str, markers: &[(&str, f64)]) -> Vec<(usize, usize, Decimal, usize)> {
    numbers(text)
        .into_iter()
        .filter_map(|(s, e, n)| {
            let rest = text.get(e..)?;
            let after = rest.trim_start();
            let gap = rest.len() - after.len();
            let (k, len) = markers
                .iter()
                .enumerate()
                .find_map(|(k, (m, _))| starts_with_word(after, m).then_some((k, m.len())))?;
            Some((s, e + gap + len, n, k))
        })
        .collect()
}

/// Whether `text` starts with `word` (ASCII case-insensitive), not followed by a letter or digit
/// when the word ends in one.
pub(super) fn starts_with_word(text: &str, word: &str) -> bool {
    let Some((head, rest)) = text.split_at_checked(word.len()) else { return false };
    head.eq_ignore_ascii_case(word)
        && (!word.ends_with(|c: char| c.is_alphanumeric())
            || !rest.starts_with(|c: char| c.is_alphanumeric()))
}

const CURRENCY_WORDS: [(&str, &str); 13] = [
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("bucks", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds", "GBP"),
    ("pound", "GBP"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
];

fn currencies(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, e, n) in numbers(text) {
        let (Some(before), Some(rest)) = (text.get(..s), text.get(e..)) else { continue };
        let before = before.trim_end();
        let prefix = CURRENCY_WORDS.iter().find(|(w, _)| {
            let Some((head, tail)) =
                before.len().checked_sub(w.len()).and_then(|at| before.split_at_checked(at))
            else {
                return false;
            };
            tail.eq_ignore_ascii_case(w)
                && (w.len() == 1 || !w.is_ascii() || !head.ends_with(|c: char| c.is_alphanumeric()))
        });
        let after = rest.trim_start();
        let gap = rest.len() - after.len();
        let suffix = CURRENCY_WORDS.iter().find(|(w, _)| starts_with_word(after, w));
        let (start, end, code) = match (prefix, suffix) {
            (Some((w, code)), _) => (before.len() - w.len(), e, *code),
            (None, Some((w, code))) => (s, e + gap + w.len(), *code),
            (None, None) => continue,
        };
        let mut object = Object::new();
        object.insert(Arc::from("amount"), Value::Dec(n));
        object.insert(Arc::from("code"), Value::str(code));
        hits.push(Hit::new(start, end, Value::Object(Arc::new(object)), Builtin::Currency.name()));
    }
    hits
}

const DURATION_UNITS: [(&str, f64); 20] = [
    ("milliseconds", 1.0),
    ("millisecond", 1.0),
    ("ms", 1.0),
    ("seconds", 1e3),
    ("second", 1e3),
    ("secs", 1e3),
    ("sec", 1e3),
    ("minutes", 6e4),
    ("minute", 6e4),
    ("mins", 6e4),
    ("min", 6e4),
    ("hours", 3.6e6),
    ("hour", 3.6e6),
    ("hrs", 3.6e6),
    ("hr", 3.6e6),
    ("days", 8.64e7),
    ("day", 8.64e7),
    ("weeks", 6.048e8),
    ("week", 6.048e8),
    ("h", 3.6e6),
];

fn durations(text: &str) -> Vec<Hit> {
    let how = Builtin::Duration.name();
    let mut hits: Vec<Hit> = suffixed(text, &DURATION_UNITS)
        .into_iter()
        .filter_map(|(s, e, n, k)| {
            let ms = (decimal::to_f64(n) * DURATION_UNITS[k].1).round();
            (ms.abs() < 1e15).then(|| Hit::new(s, e, Value::Duration(ms as i64), how))
        })
        .collect();
    // `an hour`, `a minute`: one of the unit.
    let tokens = tokenize(text);
    for pair in tokens.windows(2) {
        if matches!(pair[0].text.as_str(), "a" | "an") {
            if let Some((_, ms)) = DURATION_UNITS.iter().find(|(u, _)| *u == pair[1].text) {
                hits.push(Hit::new(pair[0].start, pair[1].end, Value::Duration(*ms as i64), how));
            }
        }
    }
    hits
}

fn ordinals(text: &str) -> Vec<Hit> {
    let how = Builtin::Ordinal.name();
    let mut hits: Vec<Hit> = ORDINAL
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let n: i64 = c.get(1)?.as_str().parse().ok()?;
            Some(Hit::new(whole.start(), whole.end(), Value::Int(n), how))
        })
        .collect();
    for token in tokenize(text) {
        if let Some(n) = ORDINALS.iter().position(|o| *o == token.text) {
            hits.push(Hit::new(token.start, token.end, Value::Int(n as i64 + 1), how));
        }
    }
    hits
}
