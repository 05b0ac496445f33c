//! Text cut at byte offsets the code computed ([`Cut::cut`]), never by indexing: `&s[a..b]`
//! panics on an offset inside a character, which a user's text (`Flow.名前`) reaches when an
//! offset is computed wrong, and clippy's `string_slice` is denied in every crate for that.
//!
//! An offset past the end (or a start past the end) is a cut of nothing: the callers rely on
//! it (`rest.cut(1..)` of an empty rest). An offset inside the text but inside a character is
//! always a wrong computation: debug builds, and so every test (the hostile-text property
//! tests feed every subcommand multi-byte, combining and right-to-left text), panic naming
//! it; a release build gives the empty text rather than end a user's run.

use std::ops::{Bound, RangeBounds};

/// Cutting text at byte offsets; see the module's text.
pub trait Cut {
    /// The text between the byte offsets of `range`; empty when they are out of order or past
    /// the end. Offsets inside a character are a bug of the caller's: a debug build panics.
    fn cut<R: RangeBounds<usize>>(&self, range: R) -> &str;
}

impl Cut for str {
    fn cut<R: RangeBounds<usize>>(&self, range: R) -> &str {
        let start = match range.start_bound() {
            Bound::Included(&s) => s,
            Bound::Excluded(&s) => s.saturating_add(1),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&e) => e.saturating_add(1),
            Bound::Excluded(&e) => e,
            Bound::Unbounded => self.len(),
        };
        if let Some(cut) = self.get(start..end) {
            return cut;
        }
        debug_assert!(
            start > end || end > self.len(),
            "a cut at {start}..{end} of a text of {} bytes falls inside a character",
            self.len()
        );
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::Cut;

    #[test]
    fn cuts_within_the_text_past_its_end_and_out_of_order() {
        let s = "Flow.名前";
        assert_eq!(s.cut(..5), "Flow.");
        assert_eq!(s.cut(5..), "名前");
        assert_eq!(s.cut(5..=7), "名");
        assert_eq!(s.cut(20..), "");
        assert_eq!(s.cut(3..30), "");
        let (late, early) = (4, 2);
        assert_eq!(s.cut(late..early), "");
        assert_eq!("".cut(1..), "");
    }

    #[test]
    #[should_panic(expected = "falls inside a character")]
    fn a_cut_inside_a_character_is_a_bug_a_debug_build_names() {
        let _ = "Flow.名前".cut(..6);
    }
}
