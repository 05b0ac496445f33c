//! Typed properties: the engine reads an action's properties through [`PropId`]s, each found in
//! the catalogue entries it belongs to when the crate compiles. A misspelt name, a property an
//! entry lacks, or one that sits at different places in the entries it names, stops the build;
//! reading stays an index (`Action::get`), as fast as a position written by hand.
//!
//! ```compile_fail
//! use flowsim_flow::flow::catalogue::{ActionSpec, PropId};
//! const NONE: &[ActionSpec] = &[];
//! const BAD: PropId = PropId::of(NONE, &["transferToAcd"], "targetQueue");
//! ```

use super::id::{Id, Place, What};
use super::{ActionSpec, PropKind, PropSpec};

/// One property of the catalogue entries it was made for: its place in their property list,
/// and its name (which debug builds compare with the entry read, `Action::get`), or the names
/// one role has in different entries ([`PropId::one_of`]). Made by [`PropId::of`] (the id of
/// every kind), [`PropId::one_of`] or [`PropId::field`].
pub type PropId = Id<OfProp>;

/// What a [`PropId`] names: a property, by its normalized name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfProp {}

impl Place for OfProp {
    const WHAT: What = What::Prop;
}

impl PropId {
    /// One role that entries name differently (a find's key: `findName`, `findId`,
    /// `findIds`): in each entry of `keys`, exactly one of `names`, all at one place.
    ///
    /// # Panics
    /// When a key is not among `actions`, an entry has none or two of `names`, or two entries
    /// have them at different places.
    #[must_use]
    pub const fn one_of(
        actions: &[ActionSpec],
        keys: &'static [&'static str],
        names: &'static [&'static str],
    ) -> PropId {
        assert!(!keys.is_empty() && !names.is_empty(), "a role names actions and names");
        let mut index = usize::MAX;
        let mut k = 0;
        while k < keys.len() {
            let Some(spec) = find_action(actions, keys[k]) else {
                panic!("a property id names an action the catalogue family does not have");
            };
            let mut found = usize::MAX;
            let mut n = 0;
            while n < names.len() {
                if let Some(i) = find_prop(spec.props, names[n]) {
                    assert!(found == usize::MAX, "an action has two names of one role");
                    found = i;
                }
                n += 1;
            }
            assert!(found != usize::MAX, "an action has none of a role's names");
            assert!(
                index == usize::MAX || index == found,
                "a role's actions have it at different places"
            );
            index = found;
            k += 1;
        }
        assert!(index <= u8::MAX as usize, "an action has at most 255 properties");
        Id::new(index, names[0], keys, names)
    }

    /// The field `name` of the records of the list property `list` of the entries `keys`
    /// (`statements[].value`): its place within each record, one in all of them.
    ///
    /// # Panics
    /// As [`PropId::of`], and when `list` is not a list property.
    #[must_use]
    pub const fn field(
        actions: &[ActionSpec],
        keys: &'static [&'static str],
        list: &str,
        name: &'static str,
    ) -> PropId {
        let mut index = usize::MAX;
        let mut k = 0;
        while k < keys.len() {
            let Some(spec) = find_action(actions, keys[k]) else {
                panic!("a property id names an action the catalogue family does not have");
            };
            let Some(l) = find_prop(spec.props, list) else {
                panic!("a record field names a list its action does not have");
            };
            let PropKind::List(fields) = spec.props[l].kind else {
                panic!("a record field's list property is not a list");
            };
            let Some(i) = find_prop(fields, name) else {
                panic!("a record field names a field its list does not have");
            };
            assert!(
                index == usize::MAX || index == i,
                "a record field's actions have the field at different places"
            );
            index = i;
            k += 1;
        }
        assert!(index <= u8::MAX as usize, "a record has at most 255 fields");
        Id::new(index, name, keys, &[])
    }

    /// Whether a property named `name` is this one (for a role, any of its names).
    #[must_use]
    pub fn is(self, name: &str) -> bool {
        self.name() == name || self.names().contains(&name)
    }
}

pub(super) const fn find_action<'a>(
    actions: &'a [ActionSpec],
    key: &str,
) -> Option<&'a ActionSpec> {
    let mut i = 0;
    while i < actions.len() {
        if str_eq(actions[i].key, key) {
            return Some(&actions[i]);
        }
        i += 1;
    }
    None
}

pub(super) const fn find_prop(props: &[PropSpec], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < props.len() {
        if str_eq(props[i].name, name) {
            return Some(i);
        }
        i += 1;
    }
    None
}

pub(super) const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The words a text property may hold (`transferTargetType: queue`), each with the value it
/// stands for (a small enum, so a reader matches them exhaustively), read ignoring case and
/// surrounding spaces: one list that the engine's reading and `check`'s warning share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words<T: 'static>(pub &'static [(&'static str, T)]);

impl<T: Copy + PartialEq> Words<T> {
    /// The value the word `text` stands for, or `None` when it is none of the words.
    #[must_use]
    pub fn find(self, text: &str) -> Option<T> {
        let text = text.trim();
        self.0.iter().find(|(w, _)| w.eq_ignore_ascii_case(text)).map(|&(_, v)| v)
    }

    /// The word for `value`, in the list's spelling.
    ///
    /// # Panics
    /// When `value` has no word in the list, which the catalogue's lists rule out.
    #[must_use]
    pub fn word(self, value: T) -> &'static str {
        let found = self.0.iter().find(|&&(_, v)| v == value);
        found.map(|&(w, _)| w).expect("every value of a word list has its word")
    }

    /// The words for a message: `user, group, queue`.
    #[must_use]
    pub fn list(self) -> String {
        let words: Vec<&str> = self.0.iter().map(|&(w, _)| w).collect();
        words.join(", ")
    }
}

#[cfg(test)]
mod words_tests {
    use super::Words;

    #[test]
    fn a_word_is_found_ignoring_case_and_spaces_and_listed_in_order() {
        let w = Words(&[("user", 1), ("group", 2), ("queue", 3)]);
        assert_eq!(w.find(" Queue "), Some(3));
        assert_eq!(w.find("GROUP"), Some(2));
        assert_eq!(w.find("agent"), None);
        assert_eq!(w.word(2), "group");
        assert_eq!(w.list(), "user, group, queue");
    }
}
