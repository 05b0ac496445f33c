//! What the typed reader ([`super::stream`]) takes of a parser event: the event without the
//! anchors, tags and span ends it never reads, so that the borrowing scanner
//! ([`super::fast`]) hands on 56 bytes an event rather than saphyr's 136.

use saphyr_parser::{Event, Marker, ScalarStyle, Span, Tag};
use std::borrow::Cow;

/// A parser event as the typed reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ev<'a> {
    StreamStart,
    StreamEnd,
    /// Whether the document was started by `---`.
    DocumentStart(bool),
    DocumentEnd,
    /// A sequence opens (a tag on it changes nothing the reader reads).
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    /// A scalar with no anchor and no tag.
    Scalar(Cow<'a, str>, ScalarStyle),
    /// A scalar with a tag and no anchor (only saphyr's parser gives one).
    Tagged(Box<(Cow<'a, str>, ScalarStyle, Cow<'a, Tag>)>),
    /// An alias, or a node with an anchor: the typed reader leaves the file to the tree,
    /// which resolves them.
    Anchored,
}

/// saphyr's event as the typed reader sees it, with where it starts.
pub(super) fn from_saphyr((event, span): (Event<'_>, Span)) -> (Ev<'_>, Marker) {
    let ev = match event {
        Event::StreamStart => Ev::StreamStart,
        Event::StreamEnd => Ev::StreamEnd,
        Event::DocumentStart(explicit) => Ev::DocumentStart(explicit),
        Event::DocumentEnd => Ev::DocumentEnd,
        Event::SequenceStart(0, _) => Ev::SequenceStart,
        Event::MappingStart(0, _) => Ev::MappingStart,
        Event::SequenceEnd => Ev::SequenceEnd,
        Event::MappingEnd => Ev::MappingEnd,
        Event::Scalar(text, style, 0, None) => Ev::Scalar(text, style),
        Event::Scalar(text, style, 0, Some(tag)) => Ev::Tagged(Box::new((text, style, tag))),
        Event::Scalar(..)
        | Event::SequenceStart(..)
        | Event::MappingStart(..)
        | Event::Alias(_)
        | Event::Nothing => Ev::Anchored,
    };
    (ev, span.start)
}
