//! Keys an action (or a JSON node) has that flowsim does not read, shared by the front-ends.
//!
//! Each such key is an `unknownProperty` warning, unless it misspells a required property the
//! action lacks: then the `missingProperty` error says so itself, at the key's place, and no
//! warning repeats it. A user who runs a flow sees only its errors, so the error is where the
//! hint must be.

use crate::diag::{Code, Diagnostic};
use std::borrow::Cow;

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
    for u in unread {
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
