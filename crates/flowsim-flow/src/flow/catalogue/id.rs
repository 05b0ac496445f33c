//! What [`PropId`] and [`OutputId`] share: one place in the catalogue entries an id was made
//! for, found when the crate compiles ([`Id::of`]), and the name and keys it was made with.
//!
//! [`PropId`]: super::PropId
//! [`OutputId`]: super::OutputId

use super::prop_id::{find_action, find_prop};
use super::ActionSpec;
use std::marker::PhantomData;

/// One place (a property, a fixed output: `K`) of the catalogue entries it was made for: its
/// index in their list, its name, the entries' Archy keys, and a property role's other names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id<K> {
    index: u8,
    name: &'static str,
    /// The Archy keys of the entries it was made for.
    keys: &'static [&'static str],
    /// Every name of a property role (`findName`, `findId`), else empty.
    names: &'static [&'static str],
    kind: PhantomData<K>,
}

/// The kind of place an [`Id`] names, as [`Id::of`] looks for it in each entry.
pub trait Place {
    const WHAT: What;
}

/// What an id looks for in each catalogue entry it names.
#[derive(Clone, Copy)]
pub enum What {
    /// A property, by its normalized name.
    Prop,
    /// A fixed output, as [`ActionSpec::output_index`] finds it.
    Output,
}

impl<K: Place> Id<K> {
    /// The property or output `name` of the entries with the Archy keys `keys` among
    /// `actions`, which must have it at one place (an output's name is Archy's, compared
    /// ignoring ASCII case, or the export's id, as [`ActionSpec::output_index`] finds it).
    /// Evaluated in a `const`, a mistake is a compile error.
    ///
    /// # Panics
    /// When a key is not among `actions`, an entry lacks `name`, or two entries have it at
    /// different places.
    #[must_use]
    pub const fn of(
        actions: &[ActionSpec],
        keys: &'static [&'static str],
        name: &'static str,
    ) -> Id<K> {
        Id::new(one_place(actions, keys, K::WHAT, name), name, keys, &[])
    }
}

impl<K> Id<K> {
    /// An id at `index` (at most 255, which the constructors assert).
    pub(super) const fn new(
        index: usize,
        name: &'static str,
        keys: &'static [&'static str],
        names: &'static [&'static str],
    ) -> Id<K> {
        Id { index: index as u8, name, keys, names, kind: PhantomData }
    }

    /// The place in the entry's list (of properties, of a record's fields, of fixed outputs:
    /// an output's exit index).
    #[must_use]
    pub const fn index(self) -> usize {
        self.index as usize
    }

    /// The name the id was made with (`targetQueue`, `success`); a role's first name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// The Archy keys of the entries it was made for.
    #[must_use]
    pub const fn keys(self) -> &'static [&'static str] {
        self.keys
    }

    /// Every name of a property role, else empty.
    pub(super) const fn names(self) -> &'static [&'static str] {
        self.names
    }
}

/// The one place that every entry with an Archy key in `keys` (among `actions`) has `name`
/// (a property or a fixed output: `what`) at: what [`Id::of`] is made of.
///
/// # Panics
/// When `keys` is empty or names an entry `actions` lacks, an entry lacks `name`, two
/// entries have it at different places, or the place is past 255.
const fn one_place(actions: &[ActionSpec], keys: &[&str], what: What, name: &str) -> usize {
    assert!(!keys.is_empty(), "an id names at least one action");
    let mut index = usize::MAX;
    let mut k = 0;
    while k < keys.len() {
        let Some(spec) = find_action(actions, keys[k]) else {
            panic!("an id names an action the catalogue family does not have");
        };
        let found = match what {
            What::Prop => find_prop(spec.props, name),
            What::Output => super::output_id::find_output(spec.outputs, name),
        };
        let Some(i) = found else {
            panic!("an id names a property or output its action does not have");
        };
        assert!(index == usize::MAX || index == i, "an id's actions have it at different places");
        index = i;
        k += 1;
    }
    assert!(index <= u8::MAX as usize, "an action has at most 255 properties or outputs");
    index
}
