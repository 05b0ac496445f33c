//! A scanner for the common subset of block YAML that borrows its scalars from the text: the
//! events saphyr's parser gives for that subset, with the same start markers (index, line and
//! column, in characters), without a `String` per scalar.
//!
//! The subset, one line at a time:
//! - block mappings (`key: value`, `key:` with the value on the lines below) and block
//!   sequences (`- item`, compact `- key: value` and `- - item`, and a sequence as indented as
//!   its key), indented with spaces;
//! - scalars on one line: plain (`a b`), single-quoted (`'a''b'`) and double-quoted (`"a\"b"`,
//!   the one-character escapes);
//! - flow collections closed on their line as values (`[a, 'b']`, `{k: v, l: [1, 2]}`), each
//!   entry written out (no `[a, ]`, no `{a}`, no `[a: b]`);
//! - comments, blank lines, `\n` or `\r\n` line breaks.
//!
//! At anything else it **declines** ([`Fast::declined`]): anchors, aliases, tags, flow collections
//! over several lines, scalars over several lines, block scalars (`|`, `>`), empty values, complex
//! keys (`?`), directives, document markers, tabs, control characters, byte order marks,
//! indentation that is not a block's, and every error. Its events up to a decline are the
//! ones saphyr gives (or saphyr fails first), so a reader that gives up on them gives up on
//! saphyr's too; after a decline, the text is saphyr's to read. The end markers of spans are
//! not reproduced (each span is empty at its start): no reader of flowsim uses them.

use super::event::{self, Ev};
use crate::util::Cut;
use saphyr_parser::{Marker, ScalarStyle};
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::VecDeque;

/// Keys longer than this (in bytes) are left to saphyr, which refuses simple keys past 1024
/// characters.
const MAX_KEY_BYTES: usize = 512;

/// Flow collections nested deeper than this are left to saphyr.
const MAX_FLOW_DEPTH: usize = 64;

/// A block open at a line's column.
#[derive(Debug, Clone, Copy)]
struct Block {
    seq: bool,
    /// The column of its keys or `-`.
    indent: usize,
    /// A sequence as indented as the key whose value it is (`key:` then `- item`).
    indentless: bool,
    /// The last key's value or the last item is on the lines below.
    pending: bool,
}

/// Why a line is outside the subset.
struct Decline;

/// saphyr's events for a text of the subset, or a decline. An event's start is kept as its
/// byte offset; its marker is computed when asked for ([`Fast::mark`]).
pub(super) struct Fast<'a> {
    text: &'a str,
    /// Byte offset of the next line.
    at: usize,
    stack: Vec<Block>,
    /// Events and the byte offsets they start at (the text's length for the events at its
    /// end).
    queue: VecDeque<(Ev<'a>, usize)>,
    /// Where the event given last starts.
    last: usize,
    /// The marker of a byte offset computed last, from which the next is counted on.
    counted: Cell<(usize, Marker)>,
    /// How many events at the front of `queue` are sure: a line's events wait for the next
    /// line of content, which may continue its last scalar (and then the scanner declines).
    ready: usize,
    started: bool,
    done: bool,
    declined: bool,
}

impl<'a> Fast<'a> {
    pub(super) fn new(text: &'a str) -> Fast<'a> {
        let declined = !plain_bytes(text.as_bytes());
        let mut queue = VecDeque::with_capacity(16);
        queue.push_back((Ev::StreamStart, 0));
        Fast {
            text,
            at: 0,
            stack: Vec::new(),
            ready: 1,
            queue,
            last: 0,
            counted: Cell::new((0, Marker::new(0, 1, 0))),
            started: false,
            done: declined,
            declined,
        }
    }

    /// Whether the text is outside the subset: the events given so far are all there are.
    pub(super) fn declined(&self) -> bool {
        self.declined
    }

    /// The next event, or `None` at the end of the stream or at a decline.
    #[inline]
    pub(super) fn next_event(&mut self) -> Option<Ev<'a>> {
        loop {
            if self.ready > 0 {
                self.ready -= 1;
                let (event, at) = self.queue.pop_front()?;
                self.last = at;
                return Some(event);
            }
            if self.done {
                return None;
            }
            let held = self.queue.len();
            if self.step().is_ok() {
                self.ready = if self.done { self.queue.len() } else { held };
            } else {
                self.declined = true;
                self.done = true;
                self.queue.clear();
                return None;
            }
        }
    }

    /// Where the event given last starts: its index and column in characters, and its line.
    /// Counted on from the offset asked for before when it is not further on (events start
    /// in order), so that asking for every event's marker reads the text once.
    pub(super) fn mark(&self) -> Marker {
        let at = self.last;
        let (mut byte, mut m) = self.counted.get();
        if byte > at {
            (byte, m) = (0, Marker::new(0, 1, 0));
        }
        let (mut index, mut line, mut col) = (m.index(), m.line(), m.col());
        for c in self.text.cut(byte..at).chars() {
            index += 1;
            if c == '\n' {
                line += 1;
                col = 0;
            } else {
                col += 1;
            }
        }
        self.counted.set((at, Marker::new(index, line, col)));
        if at == self.text.len() && col > 0 {
            // The end of a text whose last line has no break: saphyr places it after one.
            return Marker::new(index, line + 1, 0);
        }
        Marker::new(index, line, col)
    }

    /// Reads the next line of content (or the end of the text) into the queue, when the line
    /// before it ended as its events say. Kept out of line: most events are taken from the
    /// queue, and [`Fast::next_event`] stays small enough to inline.
    #[inline(never)]
    fn step(&mut self) -> Result<(), Decline> {
        let bytes = self.text.as_bytes();
        loop {
            if self.at >= bytes.len() {
                return self.end();
            }
            let start = self.at;
            let next =
                memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
            let mut end = next;
            if bytes[..end].ends_with(b"\n") {
                end -= 1;
            }
            if bytes[..end].ends_with(b"\r") && end > start {
                end -= 1;
            }
            self.at = next;
            let indent = bytes[start..end].iter().take_while(|&&b| b == b' ').count();
            let first = start + indent;
            if first == end || bytes[first] == b'#' {
                if next == bytes.len() && end == next && end > start {
                    // A last line of blanks or a comment with no break: saphyr closes blocks
                    // at places of its own there.
                    return Err(Decline);
                }
                continue;
            }
            if indent == 0
                && (bytes[start..end].starts_with(b"---") || bytes[start..end].starts_with(b"..."))
            {
                return Err(Decline);
            }
            let l = Line { text: self.text, start, end };
            return self.content(&l, first);
        }
    }

    /// The end of the text: every block closes.
    fn end(&mut self) -> Result<(), Decline> {
        if !self.started || self.stack.iter().any(|b| b.pending) {
            return Err(Decline);
        }
        // saphyr places the end after a last line break, written or not (`Fast::mark`).
        let end = self.text.len();
        while let Some(b) = self.stack.pop() {
            self.push(if b.seq { Ev::SequenceEnd } else { Ev::MappingEnd }, end);
        }
        self.push(Ev::DocumentEnd, end);
        self.push(Ev::StreamEnd, end);
        self.done = true;
        Ok(())
    }

    /// Queues `event`, which starts at byte `at`.
    fn push(&mut self, event: Ev<'a>, at: usize) {
        self.queue.push_back((event, at));
    }

    /// A line of content whose first character is at byte `first`.
    fn content(&mut self, l: &Line<'a>, first: usize) -> Result<(), Decline> {
        let indent = first - l.start;
        let entry = is_entry(l, first);
        // Blocks the line is left of close; so does a sequence as indented as its key at a
        // line that is not an item.
        while let Some(&top) = self.stack.last() {
            let closes = top.indent > indent || (top.indentless && top.indent == indent && !entry);
            if !closes {
                break;
            }
            if top.pending {
                return Err(Decline);
            }
            self.stack.pop();
            self.push(if top.seq { Ev::SequenceEnd } else { Ev::MappingEnd }, first);
        }
        match self.stack.last().copied() {
            None if !self.started => {
                self.started = true;
                self.push(Ev::DocumentStart(false), first);
                self.node(l, first, false)
            }
            None => Err(Decline),
            Some(top) if top.pending && indent > top.indent => {
                self.top().pending = false;
                self.node(l, first, false)
            }
            Some(top) if top.pending && !top.seq && indent == top.indent && entry => {
                // `key:` then `- item` at the key's column.
                self.top().pending = false;
                self.stack.push(Block { seq: true, indent, indentless: true, pending: false });
                let after = skip_spaces(l, first + 1);
                if after == l.end || l.byte(after) == b'#' {
                    return Err(Decline);
                }
                self.push(Ev::SequenceStart, after);
                self.node(l, after, true)
            }
            Some(top) if top.pending || top.indent != indent => Err(Decline),
            Some(top) if top.seq => {
                if !entry {
                    return Err(Decline);
                }
                self.item(l, first)
            }
            Some(_) => self.entry(l, first),
        }
    }

    fn top(&mut self) -> &mut Block {
        self.stack.last_mut().expect("a block is open")
    }

    /// A node that starts at `at`: a new block sequence or mapping, or (right after a `-`) a
    /// scalar.
    fn node(&mut self, l: &Line<'a>, at: usize, after_dash: bool) -> Result<(), Decline> {
        // Bounds the recursion of `- - - ...` on one line; the reader refuses deeper files.
        if self.stack.len() >= super::MAX_DEPTH {
            return Err(Decline);
        }
        let col = at - l.start;
        if is_entry(l, at) {
            self.stack.push(Block { seq: true, indent: col, indentless: false, pending: false });
            self.push(Ev::SequenceStart, at);
            return self.item(l, at);
        }
        let scalar = Scalar::read(l, at)?;
        if let Some(colon) = scalar.key(l)? {
            self.stack.push(Block { seq: false, indent: col, indentless: false, pending: false });
            self.push(Ev::MappingStart, at);
            return self.key(l, at, scalar, colon);
        }
        if !after_dash {
            // A scalar alone on its line (maybe the first of several).
            return Err(Decline);
        }
        self.value(l, at, scalar)
    }

    /// An item of the sequence on top, its `-` at `at`.
    fn item(&mut self, l: &Line<'a>, at: usize) -> Result<(), Decline> {
        let after = skip_spaces(l, at + 1);
        if after == l.end || l.byte(after) == b'#' {
            self.top().pending = true;
            return Ok(());
        }
        self.node(l, after, true)
    }

    /// A line of the mapping on top, its key at `at`.
    fn entry(&mut self, l: &Line<'a>, at: usize) -> Result<(), Decline> {
        let scalar = Scalar::read(l, at)?;
        let colon = scalar.key(l)?.ok_or(Decline)?;
        self.key(l, at, scalar, colon)
    }

    /// A key (read, at `at`) of the mapping on top and its `:` at `colon`, then its value.
    fn key(
        &mut self,
        l: &Line<'a>,
        at: usize,
        key: Scalar<'a>,
        colon: usize,
    ) -> Result<(), Decline> {
        if colon - at > MAX_KEY_BYTES {
            return Err(Decline);
        }
        let style = key.style.ok_or(Decline)?;
        self.push(Ev::Scalar(key.text, style), at);
        let after = skip_spaces(l, colon + 1);
        if after == l.end || l.byte(after) == b'#' {
            self.top().pending = true;
            return Ok(());
        }
        if is_entry(l, after) {
            return Err(Decline);
        }
        let value = Scalar::read(l, after)?;
        if value.key(l)?.is_some() {
            return Err(Decline);
        }
        self.value(l, after, value)
    }

    /// A value that ends its line: a scalar, or a flow collection closed on the line.
    fn value(&mut self, l: &Line<'a>, at: usize, scalar: Scalar<'a>) -> Result<(), Decline> {
        let end = match scalar.style {
            Some(style) => {
                self.push(Ev::Scalar(scalar.text, style), at);
                scalar.end
            }
            None => self.flow(l, at, 0)?,
        };
        rest_is_blank(l, end)
    }

    /// A flow collection from its bracket at `at` to its closing one on the same line, its
    /// entries scalars and collections separated by `, ` (in a mapping, `key: value`); the
    /// byte after it.
    fn flow(&mut self, l: &Line<'a>, at: usize, depth: usize) -> Result<usize, Decline> {
        if depth >= MAX_FLOW_DEPTH {
            return Err(Decline);
        }
        let seq = l.byte(at) == b'[';
        let (close, end) = if seq { (b']', Ev::SequenceEnd) } else { (b'}', Ev::MappingEnd) };
        self.push(if seq { Ev::SequenceStart } else { Ev::MappingStart }, at);
        let mut p = skip_spaces(l, at + 1);
        if p < l.end && l.byte(p) == close {
            self.push(end, p);
            return Ok(p + 1);
        }
        loop {
            if !seq {
                let key = flow_scalar(l, p)?;
                let style = key.style.ok_or(Decline)?;
                self.push(Ev::Scalar(key.text, style), p);
                p = skip_spaces(l, key.end);
                if !(p + 1 < l.end && l.byte(p) == b':' && l.byte(p + 1) == b' ') {
                    return Err(Decline);
                }
                p = skip_spaces(l, p + 1);
            }
            p = if p < l.end && matches!(l.byte(p), b'[' | b'{') {
                self.flow(l, p, depth + 1)?
            } else {
                let item = flow_scalar(l, p)?;
                let style = item.style.ok_or(Decline)?;
                self.push(Ev::Scalar(item.text, style), p);
                item.end
            };
            p = skip_spaces(l, p);
            match l.text.as_bytes()[..l.end].get(p) {
                Some(b',') => {
                    p = skip_spaces(l, p + 1);
                    if p >= l.end || matches!(l.byte(p), b',' | b']' | b'}') {
                        return Err(Decline);
                    }
                }
                Some(&b) if b == close => {
                    self.push(end, p);
                    return Ok(p + 1);
                }
                _ => return Err(Decline),
            }
        }
    }
}

/// One line: its bytes `start..end` (without the break).
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

impl Line<'_> {
    fn byte(&self, at: usize) -> u8 {
        self.text.as_bytes()[at]
    }
}

/// A scalar, or an empty flow collection (`style` `None`), read on one line.
struct Scalar<'a> {
    text: Cow<'a, str>,
    style: Option<ScalarStyle>,
    /// Just past it (a plain scalar's trailing blanks excluded).
    end: usize,
    /// Where a plain scalar stopped: at `: ` (a key) or not.
    colon: bool,
}

impl<'a> Scalar<'a> {
    fn read(l: &Line<'a>, at: usize) -> Result<Scalar<'a>, Decline> {
        let bytes = &l.text.as_bytes()[..l.end];
        match bytes[at] {
            b'\'' => single(l, at),
            b'"' => double(l, at),
            // A flow collection, read by `Fast::flow`.
            b'[' | b'{' => {
                Ok(Scalar { text: Cow::Borrowed(""), style: None, end: at, colon: false })
            }
            b'-' if bytes.get(at + 1).is_some_and(|&b| b != b' ') => Ok(plain(l, at)),
            b'-' | b'?' | b':' | b',' | b']' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>'
            | b'%' | b'@' | b'`' => Err(Decline),
            _ => Ok(plain(l, at)),
        }
    }

    /// The `:` after a key, when the scalar is one: right after it, or after blanks.
    fn key(&self, l: &Line<'a>) -> Result<Option<usize>, Decline> {
        if self.style.is_none() {
            return Ok(None);
        }
        if self.style == Some(ScalarStyle::Plain) {
            return Ok(self.colon.then(|| skip_spaces(l, self.end)));
        }
        let at = skip_spaces(l, self.end);
        if at < l.end && l.byte(at) == b':' {
            if at + 1 < l.end && l.byte(at + 1) != b' ' {
                return Err(Decline);
            }
            return Ok(Some(at));
        }
        Ok(None)
    }
}

/// A scalar inside a flow collection: quoted, or plain to a `,`, a bracket or a `:` that
/// ends it.
fn flow_scalar<'a>(l: &Line<'a>, at: usize) -> Result<Scalar<'a>, Decline> {
    let bytes = &l.text.as_bytes()[..l.end];
    let flow = |i: usize| {
        bytes.get(i).is_none_or(|b| matches!(b, b' ' | b',' | b'[' | b']' | b'{' | b'}'))
    };
    match *bytes.get(at).ok_or(Decline)? {
        b'\'' => return single(l, at),
        b'"' => return double(l, at),
        b'-' if !flow(at + 1) => {}
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' => return Err(Decline),
        _ => {}
    }
    let mut stop = l.end;
    for i in at..l.end {
        match bytes[i] {
            b',' | b'[' | b']' | b'{' | b'}' => {
                stop = i;
                break;
            }
            b':' if flow(i + 1) => {
                stop = i;
                break;
            }
            b'#' if bytes[i - 1] == b' ' => return Err(Decline),
            // saphyr refuses `-` before a flow indicator after blanks inside a plain scalar.
            b'-' if matches!(bytes.get(i + 1), Some(b',' | b'[' | b']' | b'{' | b'}')) => {
                return Err(Decline);
            }
            _ => {}
        }
    }
    let mut end = stop;
    while end > at && bytes[end - 1] == b' ' {
        end -= 1;
    }
    // No byte order mark inside: the scanner declines a text holding one (`plain_bytes`).
    let text = l.text.get(at..end).ok_or(Decline)?;
    Ok(Scalar { text: Cow::Borrowed(text), style: Some(ScalarStyle::Plain), end, colon: false })
}

/// A plain scalar from `at`: to a `: `, a ` #` or the end of the line.
fn plain<'a>(l: &Line<'a>, at: usize) -> Scalar<'a> {
    let bytes = &l.text.as_bytes()[..l.end];
    let mut stop = l.end;
    let mut colon = false;
    let mut i = at;
    while let Some(k) = find_either(bytes, i, b':', b'#') {
        if bytes[k] == b':' {
            if k + 1 == l.end || bytes[k + 1] == b' ' {
                stop = k;
                colon = true;
                break;
            }
        } else if bytes[k - 1] == b' ' {
            stop = k;
            break;
        }
        i = k + 1;
    }
    let mut end = stop;
    while end > at && bytes[end - 1] == b' ' {
        end -= 1;
    }
    // No byte order mark inside: the scanner declines a text holding one (`plain_bytes`).
    // `at` follows the ASCII byte that ended the indicator before it, and `end` is at an
    // ASCII `:`, `#`, space or the line's end: both are character boundaries.
    #[allow(clippy::string_slice)]
    let text = &l.text[at..end];
    Scalar { text: Cow::Borrowed(text), style: Some(ScalarStyle::Plain), end, colon }
}

/// A single-quoted scalar from its quote at `at` to its closing quote on the same line.
fn single<'a>(l: &Line<'a>, at: usize) -> Result<Scalar<'a>, Decline> {
    let bytes = &l.text.as_bytes()[..l.end];
    let mut owned: Option<String> = None;
    let mut from = at + 1;
    let mut i = at + 1;
    loop {
        let q = find_either(bytes, i, b'\'', b'\'').ok_or(Decline)?;
        if bytes.get(q + 1) == Some(&b'\'') {
            let s = owned.get_or_insert_with(String::new);
            s.push_str(l.text.get(from..=q).ok_or(Decline)?);
            from = q + 2;
            i = q + 2;
            continue;
        }
        return quoted(l, owned, from, q, ScalarStyle::SingleQuoted);
    }
}

/// A double-quoted scalar from its quote at `at` to its closing quote on the same line, with
/// the escapes of one character.
fn double<'a>(l: &Line<'a>, at: usize) -> Result<Scalar<'a>, Decline> {
    let bytes = &l.text.as_bytes()[..l.end];
    let mut owned: Option<String> = None;
    let mut from = at + 1;
    let mut i = at + 1;
    loop {
        let k = find_either(bytes, i, b'"', b'\\').ok_or(Decline)?;
        if bytes[k] == b'"' {
            return quoted(l, owned, from, k, ScalarStyle::DoubleQuoted);
        }
        let c = match bytes.get(k + 1).ok_or(Decline)? {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            _ => return Err(Decline),
        };
        let s = owned.get_or_insert_with(String::new);
        s.push_str(l.text.get(from..k).ok_or(Decline)?);
        s.push(c);
        from = k + 2;
        i = k + 2;
    }
}

/// A quoted scalar whose closing quote is at `close`: the line's text from `from` (borrowed),
/// or, when escapes were unfolded into `owned`, that text with the rest appended.
fn quoted<'a>(
    l: &Line<'a>,
    owned: Option<String>,
    from: usize,
    close: usize,
    style: ScalarStyle,
) -> Result<Scalar<'a>, Decline> {
    let part = l.text.get(from..close).ok_or(Decline)?;
    let text = match owned {
        Some(mut s) => {
            s.push_str(part);
            Cow::Owned(s)
        }
        None => Cow::Borrowed(part),
    };
    Ok(Scalar { text, style: Some(style), end: close + 1, colon: false })
}

/// The first byte `a` or `b` in `bytes` from `from`. Scalars are short (a key, a name), too
/// short for `memchr`'s set-up to pay: the bytes are tested eight at a time in a `u64`.
fn find_either(bytes: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let (a8, b8) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let (xa, xb) = (w ^ a8, w ^ b8);
        // A byte of `xa` or `xb` is zero where `w` holds `a` or `b`: the lowest flag the
        // zero-byte test raises is exact (a false one only follows a true one).
        let found = (xa.wrapping_sub(ONES) & !xa | xb.wrapping_sub(ONES) & !xb) & HIGHS;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|&c| c == a || c == b).map(|k| i + k)
}

/// `-` followed by a blank or the end of the line.
fn is_entry(l: &Line<'_>, at: usize) -> bool {
    at < l.end && l.byte(at) == b'-' && (at + 1 == l.end || l.byte(at + 1) == b' ')
}

fn skip_spaces(l: &Line<'_>, mut at: usize) -> usize {
    while at < l.end && l.byte(at) == b' ' {
        at += 1;
    }
    at
}

/// Nothing but blanks and a comment from `at` to the end of the line.
fn rest_is_blank(l: &Line<'_>, at: usize) -> Result<(), Decline> {
    let after = skip_spaces(l, at);
    if after == l.end || (after > at && l.byte(after) == b'#') {
        Ok(())
    } else {
        Err(Decline)
    }
}

/// No tab, control character, lone `\r` or byte order mark anywhere: the subset's bytes.
fn plain_bytes(bytes: &[u8]) -> bool {
    // Blocks are scanned whole, with no branch a byte (the compiler vectorizes the fold); only
    // a block holding a control character is read a byte at a time, for `\r` before `\n`.
    const BLOCK: usize = 64;
    for (n, block) in bytes.chunks(BLOCK).enumerate() {
        let control =
            block.iter().fold(0u8, |any, &b| any | u8::from((b < 0x20 && b != b'\n') || b == 0x7f));
        if control == 0 {
            continue;
        }
        for i in n * BLOCK..n * BLOCK + block.len() {
            let b = bytes[i];
            if b < 0x20 && b != b'\n' && !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n'))
                || b == 0x7f
            {
                return false;
            }
        }
    }
    memchr::memmem::find(bytes, "\u{FEFF}".as_bytes()).is_none()
}

/// Asserts that the scanner gives saphyr's events for `text` (each event and its start
/// marker), or declines after giving a prefix of them; whether it read the text.
///
/// # Panics
/// When the events differ.
pub(super) fn assert_alike(text: &str) -> bool {
    let mut fast = Fast::new(text);
    let mut mine = Vec::new();
    while let Some(event) = fast.next_event() {
        mine.push((event, fast.mark()));
    }
    let mut theirs = Vec::new();
    let mut failed = false;
    for event in saphyr_parser::Parser::new_from_str(text) {
        let Ok(event) = event else {
            failed = true;
            break;
        };
        theirs.push(event::from_saphyr(event));
    }
    if fast.declined() {
        // A prefix of saphyr's events, or of those before saphyr's error (which saphyr may
        // report before events the scanner gave).
        let n = if failed { mine.len().min(theirs.len()) } else { mine.len() };
        assert!(n <= theirs.len(), "{text:?}: more events than saphyr's\n{mine:?}\n{theirs:?}");
        assert_eq!(mine[..n], theirs[..n], "{text:?}: the events before declining differ");
        false
    } else {
        assert!(!failed, "{text:?}: read, but saphyr fails");
        assert_eq!(mine, theirs, "{text:?}: the events differ");
        true
    }
}

#[cfg(test)]
mod tests;
