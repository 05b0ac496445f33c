//! Functions on text: Append, Length, Lower, Upper, Trim, LTrim, RTrim, Contains, StartsWith,
//! EndsWith, Substring, Left, Right, Replace, FindString, Compare, Split.
//!
//! Positions and lengths count characters (Unicode scalar values), never bytes, and are
//! zero-based. Comparisons are exact (case-sensitive) unless a function's `ignoreCase` argument
//! says otherwise; ignoring case folds each character to its lower case.

use super::{
    display_text, list, string, too_long, type_error, want_int, want_str, Ctx, FnError, FnResult,
};
use crate::expr::value::{Value, MAX_LIST_ITEMS, MAX_STRING_BYTES};
use crate::kind::ErrorKind;
use crate::util::Cut;

/// The byte offset of character `i` of `s`, or `s.len()` when `s` has `i` characters or fewer.
fn byte_at(s: &str, i: usize) -> usize {
    if s.is_ascii() {
        return i.min(s.len());
    }
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}

/// Characters in `s` (ASCII, the common case, without decoding).
fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// `part` of the string `s` (`args[0]`) as a String: the argument itself, shared rather than
/// copied, when the part is all of it.
fn part_of(args: &[Value], s: &str, part: &str) -> Value {
    match &args[0] {
        Value::Str(whole) if part.len() == s.len() => Value::Str(whole.clone()),
        _ => text(part),
    }
}

fn out_of_range(message: String) -> FnError {
    FnError::new(ErrorKind::IndexOutOfRange, message)
}

/// Argument `i` as a count or position: an Integer that is not negative.
fn want_index(func: &str, args: &[Value], i: usize, what: &str) -> Result<usize, FnError> {
    let n = want_int(func, args, i)?;
    usize::try_from(n).map_err(|_| out_of_range(format!("{func}: {what} {n} is negative")))
}

fn text(s: &str) -> Value {
    Value::str(s)
}

/// `Append("a", 1, NOT_SET, true)` is "a1true": NOT_SET reads as empty, other values as their
/// display text.
/// With only audio arguments, the audio sequences one after another (see `media`).
pub(super) fn append(_: &Ctx, args: &[Value]) -> FnResult {
    if let Some(audio) = super::media::append_audio(args) {
        return audio;
    }
    let text = crate::expr::value::build_str(|out| {
        for arg in args {
            let owned;
            let mut int = itoa::Buffer::new();
            let part = match arg {
                Value::NotSet => continue,
                Value::Str(s) => &**s,
                Value::Phone(p) => &*p.uri,
                Value::Int(n) => crate::expr::value::int_str(*n, &mut int),
                other => {
                    owned = display_text(other)?;
                    owned.as_str()
                }
            };
            let len = out.len().saturating_add(part.len());
            if len > MAX_STRING_BYTES {
                return Err(too_long(len));
            }
            out.push_str(part);
        }
        Ok(())
    })?;
    Ok(Value::Str(text))
}

/// `Length("héllo")` is 5 (characters); `Length(MakeList(1, 2))` is 2.
pub(super) fn length(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::Str(s) => Ok(Value::Int(s.chars().count() as i64)),
        Value::Phone(p) => Ok(Value::Int(p.uri.chars().count() as i64)),
        Value::List(items) => Ok(Value::Int(items.len() as i64)),
        other => Err(type_error("Length", 0, "a String or a Collection", other)),
    }
}

/// The argument itself when it is a String that `f` leaves as it is, so that the common case
/// (`Lower` of text already in lower case) shares the text instead of copying it.
fn unchanged(args: &[Value], same: impl Fn(char) -> bool) -> Option<Value> {
    match &args[0] {
        Value::Str(s) if s.chars().all(same) => Some(args[0].clone()),
        _ => None,
    }
}

/// Whether `c` maps to exactly itself under a case mapping.
fn maps_to_itself(c: char, mapped: impl Iterator<Item = char>) -> bool {
    let mut m = mapped;
    m.next() == Some(c) && m.next().is_none()
}

/// `Lower("AbC")` is "abc".
pub(super) fn lower(_: &Ctx, args: &[Value]) -> FnResult {
    let text = want_str("Lower", args, 0)?;
    if let Some(v) = unchanged(args, |c| maps_to_itself(c, c.to_lowercase())) {
        return Ok(v);
    }
    string(text.to_lowercase())
}

/// `Upper("AbC")` is "ABC".
pub(super) fn upper(_: &Ctx, args: &[Value]) -> FnResult {
    let text = want_str("Upper", args, 0)?;
    if let Some(v) = unchanged(args, |c| maps_to_itself(c, c.to_uppercase())) {
        return Ok(v);
    }
    string(text.to_uppercase())
}

/// `Trim("  a b  ")` is "a b": white space at both ends goes.
pub(super) fn trim(_: &Ctx, args: &[Value]) -> FnResult {
    let s = want_str("Trim", args, 0)?;
    let trimmed = s.trim();
    if trimmed.len() == s.len() && matches!(args[0], Value::Str(_)) {
        return Ok(args[0].clone());
    }
    Ok(text(trimmed))
}

/// `LTrim("  a ")` is "a ": white space at the start goes.
pub(super) fn ltrim(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(text(want_str("LTrim", args, 0)?.trim_start()))
}

/// `RTrim("  a ")` is "  a": white space at the end goes.
pub(super) fn rtrim(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(text(want_str("RTrim", args, 0)?.trim_end()))
}

/// Each character in its lower case (one character for one, so positions stay).
fn fold(s: &str) -> String {
    s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()
}

/// Argument `i`, when given, as `ignoreCase` (absent: false).
fn ignore_case(func: &str, args: &[Value], i: usize) -> Result<bool, FnError> {
    match args.get(i) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(type_error(func, i, "a Boolean", other)),
    }
}

/// `Contains("hello", "ell")` is true; case-sensitive unless the third argument is true;
/// `""` is in every string.
pub(super) fn contains(_: &Ctx, args: &[Value]) -> FnResult {
    let s = want_str("Contains", args, 0)?;
    let find = want_str("Contains", args, 1)?;
    Ok(Value::Bool(if ignore_case("Contains", args, 2)? {
        fold(s).contains(&fold(find))
    } else {
        s.contains(find)
    }))
}

/// `Compare("a", "b")` is -1, 0 or 1, as Architect orders text: by letters first, then a lower
/// case letter before its capital (`Compare("hello", "Hello")` is -1); with `ignoreCase`, by
/// letters only. NOT_SET comes before any text (even "") and equals NOT_SET.
pub(super) fn compare(_: &Ctx, args: &[Value]) -> FnResult {
    use std::cmp::Ordering;
    const F: &str = "Compare";
    let side = |i: usize| match &args[i] {
        Value::NotSet => Ok(None),
        _ => want_str(F, args, i).map(Some),
    };
    let ord = match (side(0)?, side(1)?) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => {
            let letters = fold(a).cmp(&fold(b));
            if ignore_case(F, args, 2)? || letters != Ordering::Equal {
                letters
            } else {
                // Same letters: lower case first, character by character.
                a.chars()
                    .zip(b.chars())
                    .map(|(x, y)| y.is_lowercase().cmp(&x.is_lowercase()))
                    .find(|o| *o != Ordering::Equal)
                    .unwrap_or(Ordering::Equal)
            }
        }
    };
    Ok(Value::Int(match ord {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

/// `StartsWith("hello", "he")` is true; case-sensitive.
pub(super) fn starts_with(_: &Ctx, args: &[Value]) -> FnResult {
    let s = want_str("StartsWith", args, 0)?;
    Ok(Value::Bool(s.starts_with(want_str("StartsWith", args, 1)?)))
}

/// `EndsWith("hello", "lo")` is true; case-sensitive.
pub(super) fn ends_with(_: &Ctx, args: &[Value]) -> FnResult {
    let s = want_str("EndsWith", args, 0)?;
    Ok(Value::Bool(s.ends_with(want_str("EndsWith", args, 1)?)))
}

/// `Substring("hello", 1, 3)` is "ell". A length past the end is clipped and a start past the
/// end gives "" (as Architect documents); a negative start or length is `indexOutOfRange`.
pub(super) fn substring(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "Substring";
    let s = want_str(F, args, 0)?;
    let start = want_index(F, args, 1, "start")?;
    let len = want_index(F, args, 2, "length")?;
    if start > char_count(s) {
        return Ok(text(""));
    }
    let rest = s.cut(byte_at(s, start)..);
    Ok(part_of(args, s, rest.get(..byte_at(rest, len)).unwrap_or(rest)))
}

/// `Left("hello", 2)` is "he"; a count past the end gives the whole string.
pub(super) fn left(_: &Ctx, args: &[Value]) -> FnResult {
    let s = want_str("Left", args, 0)?;
    let n = want_index("Left", args, 1, "count")?;
    Ok(part_of(args, s, s.get(..byte_at(s, n)).unwrap_or(s)))
}

/// `Right("hello", 2)` is "lo"; a count past the end gives the whole string.
pub(super) fn right(_: &Ctx, args: &[Value]) -> FnResult {
    let s = want_str("Right", args, 0)?;
    let n = want_index("Right", args, 1, "count")?;
    let skip = char_count(s).saturating_sub(n);
    Ok(part_of(args, s, s.get(byte_at(s, skip)..).unwrap_or(s)))
}

/// `Replace("a-b-c", "-", "+")` is "a+b+c": every occurrence, case-sensitive; an empty search
/// text changes nothing; a NOT_SET replacement is empty text.
pub(super) fn replace(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "Replace";
    let s = want_str(F, args, 0)?;
    let find = want_str(F, args, 1)?;
    let with = match &args[2] {
        Value::NotSet => "",
        _ => want_str(F, args, 2)?,
    };
    if find.is_empty() {
        return Ok(text(s));
    }
    // Measure first: replacing every character of a long string by a long string must be
    // refused, not allocated.
    let hits = s.matches(find).count();
    let len = (s.len() - hits * find.len()).saturating_add(hits.saturating_mul(with.len()));
    if len > MAX_STRING_BYTES {
        return Err(too_long(len));
    }
    string(s.replace(find, with))
}

/// `FindString("hello", "l")` is 2: the character position of the first occurrence, -1 when
/// absent. A third Integer argument picks the nth occurrence instead (`FindString("Hello Hello",
/// "l", 3)` is 8); a last Boolean argument ignores case.
pub(super) fn find_string(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "FindString";
    let s = want_str(F, args, 0)?;
    let find = want_str(F, args, 1)?;
    let (nth, case_at) = match args.get(2) {
        Some(Value::Int(_)) => (want_int(F, args, 2)?, 3),
        _ => (1, 2),
    };
    let (s, find) = if ignore_case(F, args, case_at)? {
        (fold(s), fold(find))
    } else {
        (s.to_owned(), find.to_owned())
    };
    if nth < 1 {
        return Ok(Value::Int(-1));
    }
    // Occurrences may overlap: the next is looked for from the character after the last.
    let mut rest = s.as_str();
    let mut found = None;
    for _ in 0..nth {
        let Some((before, at)) = rest.find(&find).and_then(|b| rest.split_at_checked(b)) else {
            found = None;
            break;
        };
        let skipped = found.map_or(0, |n| n + 1);
        found = Some(skipped + before.chars().count());
        let mut after = at.chars();
        if after.next().is_none() {
            break;
        }
        rest = after.as_str();
    }
    Ok(Value::Int(found.map_or(-1, |n| n as i64)))
}

/// `Split("a,b", ",")` is the list "a", "b": split on the whole separator; an empty separator
/// splits into characters.
pub(super) fn split(_: &Ctx, args: &[Value]) -> FnResult {
    let s = want_str("Split", args, 0)?;
    let sep = want_str("Split", args, 1)?;
    let parts: Box<dyn Iterator<Item = &str>> = if sep.is_empty() {
        Box::new(s.split_inclusive(|_: char| true))
    } else {
        Box::new(s.split(sep))
    };
    // Stop at the first item past the limit: a long string must not become a million values.
    let items: Vec<Value> = parts.take(MAX_LIST_ITEMS + 1).map(text).collect();
    if items.len() > MAX_LIST_ITEMS {
        return Err(FnError::new(
            ErrorKind::CollectionTooLarge,
            format!("Split: the result would hold more than {MAX_LIST_ITEMS} items"),
        ));
    }
    list(items)
}
