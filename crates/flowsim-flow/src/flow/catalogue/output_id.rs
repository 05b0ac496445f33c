//! Typed outputs: the engine takes an action's fixed outputs through [`OutputId`]s, each found
//! in the catalogue entries it belongs to when the crate compiles, as [`PropId`]s find
//! properties. A misspelt output, one an entry lacks, or one at different places in the
//! entries it names, stops the build; taking it is an index.
//!
//! ```compile_fail
//! use flowsim_flow::flow::catalogue::{ActionSpec, OutputId};
//! const NONE: &[ActionSpec] = &[];
//! const BAD: OutputId = OutputId::of(NONE, &["callData"], "success");
//! ```
//!
//! [`PropId`]: super::PropId

use super::id::{Id, Place, What};
use super::prop_id::str_eq;
use super::{ActionSpec, OutputSpec};

/// One fixed output of the catalogue entries it was made for: its place in their output list
/// and its name. Made by [`OutputId::of`].
pub type OutputId = Id<OfOutput>;

/// What an [`OutputId`] names: a fixed output, as [`ActionSpec::output_index`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfOutput {}

impl Place for OfOutput {
    const WHAT: What = What::Output;
}

impl OutputId {
    /// Whether `output` is this one.
    #[must_use]
    pub fn is(self, output: &OutputSpec) -> bool {
        output_is(output, self.name())
    }
}

impl ActionSpec {
    /// Whether the entry has output `id` (an id shared by entries of which only some have it;
    /// an entry without outputs has none).
    #[must_use]
    pub fn has_output(&self, id: OutputId) -> bool {
        self.outputs.get(id.index()).is_some_and(|o| id.is(o))
    }
}

/// The first output named `name`, as [`ActionSpec::output_index`] finds it.
pub(super) const fn find_output(outputs: &[OutputSpec], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < outputs.len() {
        if output_is(&outputs[i], name) {
            return Some(i);
        }
        i += 1;
    }
    None
}

const fn output_is(output: &OutputSpec, name: &str) -> bool {
    eq_ignore_ascii_case(output.name, name) || str_eq(output.export, name)
}

const fn eq_ignore_ascii_case(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::{action, out, Facts, Family, Op, FAILURE, NONE, SUCCESS_FAILURE};
    use super::*;

    const P: Facts = Facts::PLAIN;

    const ACTIONS: &[ActionSpec] = &[
        action("getResponse", "", Family::Messaging, Op::GetResponse, P, &[], SUCCESS_FAILURE),
        action("sendRichLink", "", Family::Messaging, Op::SendRichLink, P, &[], SUCCESS_FAILURE),
        action(
            "decision",
            "",
            Family::Control,
            Op::Decision,
            P,
            &[],
            &[out("yes", "__YES__"), out("no", "__NO__")],
        ),
        action("communicate", "", Family::Messaging, Op::Communicate, P, &[], NONE),
        action("transferToAcd", "", Family::Routing, Op::TransferToAcd, P, &[], FAILURE),
    ];

    #[test]
    fn an_output_is_found_at_its_place_in_every_entry_it_names() {
        const FAILURE: OutputId =
            OutputId::of(ACTIONS, &["getResponse", "sendRichLink"], "failure");
        assert_eq!(FAILURE.index(), 1);
        assert_eq!(FAILURE.name(), "failure");
        assert_eq!(FAILURE.keys(), ["getResponse", "sendRichLink"]);
        for spec in &ACTIONS[..2] {
            assert!(spec.has_output(FAILURE));
            assert_eq!(spec.output_index("failure"), Some(FAILURE.index()));
        }
        assert!(!ACTIONS[2].has_output(FAILURE), "decision's second output is `no`");
        assert!(!ACTIONS[3].has_output(FAILURE), "communicate has no outputs");
    }

    #[test]
    fn names_match_as_output_index_matches_them() {
        // Archy's name ignoring case, or the export's id.
        const NO: OutputId = OutputId::of(ACTIONS, &["decision"], "NO");
        const NO_EXPORT: OutputId = OutputId::of(ACTIONS, &["decision"], "__NO__");
        assert_eq!(NO.index(), 1);
        assert_eq!(NO_EXPORT.index(), 1);
        assert!(ACTIONS[2].has_output(NO) && ACTIONS[2].has_output(NO_EXPORT));
    }

    #[test]
    #[should_panic(expected = "different places")]
    fn an_output_at_different_places_is_refused() {
        let _ = OutputId::of(ACTIONS, &["getResponse", "transferToAcd"], "failure");
    }

    #[test]
    #[should_panic(expected = "does not have")]
    fn an_output_an_entry_lacks_is_refused() {
        let _ = OutputId::of(ACTIONS, &["getResponse", "communicate"], "success");
    }
}
