//! Typed properties: the engine reads an action's properties through [`PropId`]s, each found in
//! the catalogue entries it belongs to when the crate compiles. A misspelt name, a property an
//! entry lacks, or one that sits at different places in the entries it names, stops the build;
//! reading stays an index (`Action::get`), as fast as a position written by hand.
//!
//! ```compile_fail
//! use flowsim::flow::catalogue::{ActionSpec, PropId};
//! const NONE: &[ActionSpec] = &[];
//! const BAD: PropId = PropId::of(NONE, &["transferToAcd"], "targetQueue");
//! ```

use super::{ActionSpec, PropKind, PropSpec};

/// One property of the catalogue entries it was made for: its place in their property list,
/// and its name (which debug builds compare with the entry read, `Action::get`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropId {
    index: u8,
    name: &'static str,
}

impl PropId {
    /// The property `name` of the entries with the Archy keys `keys` among `actions`, which
    /// must have it at one place. Evaluated in a `const`, a mistake is a compile error.
    ///
    /// # Panics
    /// When a key is not among `actions`, an entry lacks `name`, or two entries have it at
    /// different places.
    #[must_use]
    pub const fn of(actions: &[ActionSpec], keys: &[&str], name: &'static str) -> PropId {
        assert!(!keys.is_empty(), "a property id names at least one action");
        let mut index = usize::MAX;
        let mut k = 0;
        while k < keys.len() {
            let Some(spec) = find_action(actions, keys[k]) else {
                panic!("a property id names an action the catalogue family does not have");
            };
            let Some(i) = find_prop(spec.props, name) else {
                panic!("a property id names a property its action does not have");
            };
            assert!(
                index == usize::MAX || index == i,
                "a property id's actions have the property at different places"
            );
            index = i;
            k += 1;
        }
        assert!(index <= u8::MAX as usize, "an action has at most 255 properties");
        PropId { index: index as u8, name }
    }

    /// The field `name` of the records of list property `list` of the entries `keys`
    /// (`cases[].value`): its place within each record.
    ///
    /// # Panics
    /// As [`PropId::of`], and when `list` is not a list property.
    #[must_use]
    pub const fn field(
        actions: &[ActionSpec],
        keys: &[&str],
        list: PropId,
        name: &'static str,
    ) -> PropId {
        let mut index = usize::MAX;
        let mut k = 0;
        while k < keys.len() {
            let Some(spec) = find_action(actions, keys[k]) else {
                panic!("a property id names an action the catalogue family does not have");
            };
            let PropKind::List(fields) = spec.props[list.index as usize].kind else {
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
        PropId { index: index as u8, name }
    }

    /// The place in the entry's (or the record's) property list.
    #[must_use]
    pub const fn index(self) -> usize {
        self.index as usize
    }

    /// The property's normalized name (`targetQueue`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        self.name
    }
}

const fn find_action<'a>(actions: &'a [ActionSpec], key: &str) -> Option<&'a ActionSpec> {
    let mut i = 0;
    while i < actions.len() {
        if str_eq(actions[i].key, key) {
            return Some(&actions[i]);
        }
        i += 1;
    }
    None
}

const fn find_prop(props: &[PropSpec], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < props.len() {
        if str_eq(props[i].name, name) {
            return Some(i);
        }
        i += 1;
    }
    None
}

const fn str_eq(a: &str, b: &str) -> bool {
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
