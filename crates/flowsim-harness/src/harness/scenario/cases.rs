//! Parametrised scenarios (pytest's `parametrize`): one scenario written over a table of
//! cases, read as one scenario per case.
//!
//! ```yaml
//! - name: "digit {digit} goes to {queue}"
//!   cases:
//!     - {digit: "1", queue: Sales}
//!     - {digit: "2", queue: Support}
//!   inputs: ["{digit}"]
//!   expect: {route: {queueName: "{queue}"}}
//! ```
//!
//! A placeholder is a name of letters, digits and `_` (not starting with a digit) between
//! single braces: `{digit}`. Doubled braces are never one: `{{digit}}` is Archy's substitution
//! syntax and stays as written, as does any brace that touches another (`{{`, `}}`). A string
//! that is one placeholder and nothing else takes the case's value with its type (`maxSteps:
//! "{n}"` with `n: 5` is the number 5; a list stays a list); inside text, the value's text as
//! written. Placeholders fill values and mapping keys anywhere in the scenario but `cases`.
//!
//! Each case is named by the name with its values filled in, or, when the name has no
//! placeholder, `name[v1-v2]` (its values' texts joined by `-`, as pytest names its ids; the
//! case's number when a value is a list or mapping).
//!
//! Invariants: the expansion happens on the YAML tree before typed reading, so every error a
//! case causes has the file's line and column (a placeholder's, a case's, or the value's);
//! the expansion's size is bounded by [`MAX_EXPANDED_BYTES`] (cases times template is
//! quadratic in the file otherwise).

use crate::util::yaml::{Pos, V, Y};
use crate::util::Cut;
use std::collections::BTreeMap;

/// The most tree all parametrised scenarios of a file may expand to, in bytes (nodes and their
/// text, as [`crate::util::yaml::MAX_ALIAS_BYTES`] counts them).
pub const MAX_EXPANDED_BYTES: usize = 64 << 20;

/// What a scenario read from one case of a parametrised scenario knows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The scenario's name as written, placeholders and all.
    pub written_name: String,
    /// The case's place in `cases` (from 0).
    pub index: usize,
    /// The case's line in the file.
    pub line: Option<usize>,
}

/// Why a parametrised scenario cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError {
    pub pos: Pos,
    pub message: String,
    pub help: &'static str,
}

const HELP: &str = "a parametrised scenario lists `cases:`, each a mapping of placeholder to value; write `{name}` where a value goes (`flowsim docs scenarios`, \"Parametrised scenarios\")";

/// Expands every scenario of `tree` (a scenario file's tree) that has `cases:` into one
/// scenario per case, in place; returns, for each scenario of the expanded list, its case.
///
/// # Errors
/// A placeholder a case gives no value for, a key of a case no placeholder uses, two cases
/// named alike, `cases:` that is not a non-empty list of mappings, a value put inside text
/// that is not a scalar, an expansion past [`MAX_EXPANDED_BYTES`].
pub fn expand(tree: &mut Y) -> Result<Vec<Option<Case>>, CaseError> {
    let V::Map(entries) = &mut tree.v else { return Ok(Vec::new()) };
    let Some((_, list)) =
        entries.iter_mut().find(|(k, _)| k.key().is_some_and(|k| k == "scenarios"))
    else {
        return Ok(Vec::new());
    };
    let V::Seq(items) = &mut list.v else { return Ok(Vec::new()) };
    let mut budget = MAX_EXPANDED_BYTES;
    let mut out = Vec::with_capacity(items.len());
    let mut cases = Vec::with_capacity(items.len());
    for item in std::mem::take(items) {
        let Some(table) = item.get("cases") else {
            out.push(item);
            cases.push(None);
            continue;
        };
        let table = table.clone();
        for (case, node) in one(&item, &table, &mut budget)? {
            out.push(node);
            cases.push(Some(case));
        }
    }
    *items = out;
    Ok(cases)
}

/// The scenarios one parametrised scenario `item` stands for, with `table` its `cases:`.
fn one(item: &Y, table: &Y, budget: &mut usize) -> Result<Vec<(Case, Y)>, CaseError> {
    let err = |pos: Pos, message: String| CaseError { pos, message, help: HELP };
    let written_name = item.get("name").and_then(Y::text).unwrap_or_default().into_owned();
    let who = format!("scenario `{written_name}`");
    let rows = match &table.v {
        V::Seq(rows) if !rows.is_empty() => rows,
        _ => {
            return Err(err(
                table.pos,
                format!(
                    "{who}: `cases:` is a list of one or more mappings of placeholder to value"
                ),
            ))
        }
    };
    let template: Vec<(Y, Y)> = item
        .entry_nodes()
        .iter()
        .filter(|(k, _)| k.key().as_deref() != Some("cases"))
        .cloned()
        .collect();
    // Refused before anything is copied when the cases cannot fit (values may add more, counted
    // as each case is filled).
    let size: usize = template.iter().map(|(k, v)| weight(k) + weight(v)).sum();
    if size.saturating_mul(rows.len()) > *budget {
        return Err(too_large(table.pos, &who));
    }
    // Every placeholder the template uses, with where it is first used.
    let mut used: BTreeMap<String, Pos> = BTreeMap::new();
    for (k, v) in &template {
        collect(k, &mut used);
        collect(v, &mut used);
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        let number = index + 1;
        let V::Map(pairs) = &row.v else {
            return Err(err(
                row.pos,
                format!(
                    "{who}: case {number} is {}, not a mapping of placeholder to value",
                    row.kind()
                ),
            ));
        };
        let mut values: BTreeMap<String, &Y> = BTreeMap::new();
        for (k, v) in pairs {
            let key = k.key().unwrap_or_default().into_owned();
            if !used.contains_key(&key) {
                let known: Vec<String> = used.keys().map(|u| format!("{{{u}}}")).collect();
                return Err(err(k.pos, format!(
                    "{who}: case {number} gives `{key}`, which no placeholder uses (the scenario uses {})",
                    if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                )));
            }
            values.insert(key, v);
        }
        if let Some((missing, at)) = used.iter().find(|(u, _)| !values.contains_key(*u)) {
            return Err(err(row.pos, format!(
                "{who}: case {number} gives no value for `{{{missing}}}` (used at line {} column {})",
                at.line, at.col
            )));
        }
        let mut filled = Vec::with_capacity(template.len());
        let before = *budget;
        for (k, v) in &template {
            filled.push((
                fill(k, &values, budget, &who, number)?,
                fill(v, &values, budget, &who, number)?,
            ));
        }
        // What the file's cases make is bounded per file; with the command's reads, it is
        // bounded for the files together (many small files each expanding to their limit).
        if let Some((made, total)) = crate::util::files::charge_made(before - *budget) {
            return Err(err(row.pos, format!(
                "{who}: with case {number}, this command would read and expand {made} bytes of files, more than its total of {total}"
            )).with_help("run fewer scenario files at once, or raise the total (FLOWSIM_MAX_READ_BYTES=N)"));
        }
        let mut node = Y { pos: item.pos, v: V::Map(filled), raw: None };
        // The case's name: filled in, or the name with the case's id.
        let name = match node.get("name").and_then(Y::text) {
            Some(n) if n != written_name => n.into_owned(),
            _ => format!("{written_name}[{}]", id(pairs, number)),
        };
        if let Some(first) = names.insert(name.clone(), number) {
            return Err(err(row.pos, format!(
                "{who}: cases {first} and {number} are both named `{name}`"
            )).with_help("give each case values that name it apart: put a placeholder that differs in the name"));
        }
        if let V::Map(m) = &mut node.v {
            if let Some((_, v)) = m.iter_mut().find(|(k, _)| k.key().as_deref() == Some("name")) {
                *v = Y { pos: v.pos, v: V::Str(name.into()), raw: None };
            }
        }
        out.push((
            Case { written_name: written_name.clone(), index, line: Some(row.pos.line) },
            node,
        ));
    }
    Ok(out)
}

impl CaseError {
    fn with_help(mut self, help: &'static str) -> CaseError {
        self.help = help;
        self
    }
}

/// `1-Sales`: the case's values as written, joined by `-`; its number when one is not a scalar.
fn id(pairs: &[(Y, Y)], number: usize) -> String {
    let mut out = String::new();
    for (i, (_, v)) in pairs.iter().enumerate() {
        let Some(text) = scalar_text(v) else { return number.to_string() };
        if i > 0 {
            out.push('-');
        }
        out.push_str(&text);
    }
    out
}

/// A scalar's text as written (`007` stays `007`); `None` for lists and mappings.
fn scalar_text(y: &Y) -> Option<std::borrow::Cow<'_, str>> {
    match y.v {
        V::Seq(_) | V::Map(_) => None,
        _ => y.key(),
    }
}

/// One placeholder found in a string: its byte range (braces included) and its name.
fn placeholders(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            i += 1;
            if bytes[start] != b'{' {
                continue;
            }
            // Braces that touch another brace are never a placeholder's (`{{x}}` is Archy's).
            if start > 0 && bytes[start - 1] == b'{' || bytes.get(start + 1) == Some(&b'{') {
                continue;
            }
            let name_len = bytes[start + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            let end = start + 1 + name_len;
            let ok = name_len > 0
                && !bytes[start + 1].is_ascii_digit()
                && bytes.get(end) == Some(&b'}')
                && bytes.get(end + 1) != Some(&b'}');
            if ok {
                i = end + 1;
                return Some((start..end + 1, text.cut(start + 1..end)));
            }
        }
        None
    })
}

/// Adds the placeholders under `y` to `used`, each with its first place.
fn collect(y: &Y, used: &mut BTreeMap<String, Pos>) {
    match &y.v {
        V::Str(s) => {
            for (_, name) in placeholders(s) {
                used.entry(name.to_owned()).or_insert(y.pos);
            }
        }
        V::Seq(items) => items.iter().for_each(|i| collect(i, used)),
        V::Map(m) => m.iter().for_each(|(k, v)| {
            collect(k, used);
            collect(v, used);
        }),
        _ => {}
    }
}

/// `y` with its placeholders filled from `values`, each node at its place in the template;
/// charged to `budget`.
fn fill(
    y: &Y,
    values: &BTreeMap<String, &Y>,
    budget: &mut usize,
    who: &str,
    number: usize,
) -> Result<Y, CaseError> {
    let charge = |budget: &mut usize, bytes: usize| {
        *budget = budget
            .checked_sub(bytes + std::mem::size_of::<Y>())
            .ok_or_else(|| too_large(y.pos, who))?;
        Ok::<(), CaseError>(())
    };
    let v = match &y.v {
        V::Str(s) => {
            let mut found = placeholders(s).peekable();
            if found.peek().is_none() {
                charge(budget, s.len())?;
                return Ok(y.clone());
            }
            let mut text = String::with_capacity(s.len());
            let mut last = 0;
            for (range, name) in found {
                let value = values[name];
                if range.start == 0 && range.end == s.len() {
                    // The whole string: the value, with its type.
                    let copy = Y { pos: y.pos, ..value.clone() };
                    charge(budget, weight(&copy))?;
                    return Ok(copy);
                }
                let Some(part) = scalar_text(value) else {
                    return Err(CaseError {
                        pos: y.pos,
                        message: format!(
                            "{who}: case {number} puts {} inside text (`{{{name}}}` in `{s}`): only a scalar goes inside text",
                            value.kind()
                        ),
                        help: HELP,
                    });
                };
                text.push_str(s.cut(last..range.start));
                text.push_str(&part);
                last = range.end;
            }
            text.push_str(s.cut(last..));
            charge(budget, text.len())?;
            return Ok(Y { pos: y.pos, v: V::Str(text.into()), raw: None });
        }
        V::Seq(items) => V::Seq(
            items.iter().map(|i| fill(i, values, budget, who, number)).collect::<Result<_, _>>()?,
        ),
        V::Map(m) => V::Map(
            m.iter()
                .map(|(k, v)| {
                    Ok((
                        fill(k, values, budget, who, number)?,
                        fill(v, values, budget, who, number)?,
                    ))
                })
                .collect::<Result<_, CaseError>>()?,
        ),
        _ => return Ok(y.clone()),
    };
    charge(budget, 0)?;
    Ok(Y { pos: y.pos, v, raw: None })
}

fn too_large(pos: Pos, who: &str) -> CaseError {
    CaseError {
        pos,
        message: format!(
            "{who}: the parametrised scenarios of this file expand past {} MiB",
            MAX_EXPANDED_BYTES >> 20
        ),
        help: "split the table of cases, or the file: each case copies the whole scenario",
    }
}

/// A copied value's size for the budget.
fn weight(y: &Y) -> usize {
    let own = std::mem::size_of::<Y>() + y.raw.as_ref().map_or(0, |r| r.len());
    own + match &y.v {
        V::Str(s) => s.len(),
        V::Seq(items) => items.iter().map(weight).sum(),
        V::Map(m) => m.iter().map(|(k, v)| weight(k) + weight(v)).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        placeholders(text).map(|(_, n)| n).collect()
    }

    #[test]
    fn placeholders_are_single_braced_names_and_never_archys() {
        assert_eq!(names("digit {digit} goes to {queue}"), ["digit", "queue"]);
        assert_eq!(names("{{digit}}"), Vec::<&str>::new(), "Archy's substitution");
        assert_eq!(names("{{ digit }}"), Vec::<&str>::new());
        assert_eq!(names("{x}}"), Vec::<&str>::new(), "a brace touching another");
        assert_eq!(names("{{x}"), Vec::<&str>::new());
        assert_eq!(names("{1x} { x } {} {a-b}"), Vec::<&str>::new());
        assert_eq!(names("{a_1}{b}"), ["a_1", "b"]);
        assert_eq!(names("é{é}{x}"), ["x"]);
    }
}
