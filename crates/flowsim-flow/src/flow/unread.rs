//! Keys an action (or a JSON node) has that flowsim does not read, shared by the front-ends.
//!
//! Each such key is an `unknownProperty` warning, unless it misspells a required property the
//! action lacks: then the `missingProperty` error says so itself, at the key's place, and no
//! warning repeats it. A user who runs a flow sees only its errors, so the error is where the
//! hint must be.

use crate::diag::{Code, Diagnostic, Fix};
use std::borrow::Cow;

/// What a key an action does not read most likely means: the nearest name the action reads
/// (`util::nearest`), and whether it is the only one that near, which makes renaming the key to
/// it a certain [`Fix`]. A key with a near name is a misspelling (an `unknownProperty` error);
/// a key with none may be one of Architect's that flowsim does not read (a warning).
pub struct Near<'a> {
    pub name: Option<&'a str>,
    pub certain: bool,
}

/// [`Near`] for `key` among `candidates`.
pub fn near<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Near<'a> {
    let Some(name) = crate::util::nearest(key, candidates.clone()) else {
        return Near { name: None, certain: false };
    };
    let lower = key.to_lowercase();
    let best = crate::util::edit_distance(&lower, &name.to_lowercase());
    let ties = candidates
        .into_iter()
        .filter(|c| !c.eq_ignore_ascii_case(name))
        .any(|c| crate::util::edit_distance(&lower, &c.to_lowercase()) <= best);
    Near { name: Some(name), certain: !ties }
}

impl Near<'_> {
    /// Not a certain rename when the mapping already writes the name (`has`): renaming
    /// `targetQueu` beside a `targetQueue` would write that key twice and change which value
    /// the flow means. The mistake is still named; which key to keep is the author's.
    #[must_use]
    pub fn unless_written(self, has: impl Fn(&str) -> bool) -> Self {
        let written = self.name.is_some_and(has);
        Near { certain: self.certain && !written, ..self }
    }
}

/// The `unknownProperty` diagnostic for key `key` of an action, written at `line` and `column`:
/// an error with did-you-mean (and, when certain, the rename as its [`Fix`]) when a name the
/// action reads is near, else a warning that it is ignored.
pub fn unknown_key(
    d: Diagnostic,
    key: &str,
    near: &Near<'_>,
    line: usize,
    column: usize,
) -> Diagnostic {
    match near.name {
        Some(n) => {
            let d = Diagnostic { severity: crate::diag::Severity::Error, ..d }.help(format!(
                "did you mean `{n}`? The action ignores `{key}`, and a run would not read it"
            ));
            if near.certain {
                d.fix(Fix { line, column, old: key.to_owned(), new: n.to_owned() })
            } else {
                d
            }
        }
        None => Diagnostic { severity: crate::diag::Severity::Warning, ..d },
    }
}

/// A key an action's body has and flowsim does not read, with the warning that says so.
pub struct Unread<'a> {
    /// The key as written: `targetQueu`.
    pub key: Cow<'a, str>,
    /// The property it most likely means (`util::nearest` of what the action reads).
    pub near: Option<&'a str>,
    /// The `unknownProperty` warning: its `property` is where the key is (`targetQueu`,
    /// `properties.promtText`), its line and column the key's when the format keeps them.
    pub warning: Diagnostic,
}

/// Names each misspelling in the `missingProperty` error of `diags` (one action's) whose
/// property an unread key is nearest to: the error moves to the key's line and column and its
/// help says to rename the key. Returns the warnings of the keys no error names. Work is keys
/// times the action's diagnostics, both few.
pub fn name_misspellings(diags: &mut [Diagnostic], unread: Vec<Unread<'_>>) -> Vec<Diagnostic> {
    let mut named: Vec<usize> = Vec::new();
    let mut warnings = Vec::with_capacity(unread.len());
    // Keys that misspell the same name: which one the author meant is theirs to say.
    let mut misspelling: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for near in unread.iter().filter_map(|u| u.near) {
        *misspelling.entry(near).or_default() += 1;
    }
    let alone: Vec<bool> =
        unread.iter().map(|u| u.near.is_some_and(|n| misspelling.get(n) == Some(&1))).collect();
    for (u, alone) in unread.into_iter().zip(alone) {
        match misspelt(diags, &u, &named) {
            Some(i) => {
                named.push(i);
                let d = &mut diags[i];
                // The error moves to the key's place (its line and column, or in a JSON flow its
                // path, placed once the file's positions are looked up): the help need not
                // repeat it.
                let near = u.near.unwrap_or_default();
                d.help =
                    Some(format!("`{}` looks like a misspelling of `{near}`: rename it", u.key));
                if u.warning.line.is_some() {
                    d.line = u.warning.line;
                    d.column = u.warning.column;
                } else {
                    d.placed_at.clone_from(&u.warning.property);
                }
                // The rename the help asks for, when certain (`unknown_key` attached it to the
                // key's warning, which this error stands for, and no other key misspells the
                // same name): `check --fix` applies it.
                if d.fix.is_none() && alone {
                    d.fix = u.warning.fix;
                }
            }
            None => warnings.push(u.warning),
        }
    }
    warnings
}

/// The index in `diags` of the `missingProperty` error, not yet `named`, for the property
/// `u`'s key is nearest to, at the key's own path (`properties.promtText` names
/// `properties.promptText`).
fn misspelt(diags: &[Diagnostic], u: &Unread<'_>, named: &[usize]) -> Option<usize> {
    let near = u.near?;
    let parent = u.warning.property.as_deref()?.strip_suffix(u.key.as_ref())?;
    let named_here = |(i, d): &(usize, &Diagnostic)| {
        d.code == Code::MissingProperty
            && d.is_error()
            && !named.contains(i)
            && d.property.as_deref().and_then(|p| p.strip_prefix(parent)) == Some(near)
    };
    diags.iter().enumerate().find(named_here).map(|(i, _)| i)
}
