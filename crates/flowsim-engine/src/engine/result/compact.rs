//! The result's compact JSON (`flowsim run --format json`), written by hand for speed.
//!
//! The bytes are exactly those of `serde_json::to_writer` on the result (the `Serialize` impl in
//! `ser.rs` is the reference, and a property test compares the two): the trace, which is
//! nearly all of a long run's output, is written here without serde's map machinery, node names
//! escaped once per node; everything else (values other than scalars and strings, the rare step
//! results, the entries after `prompts`) goes through the same `Serialize` helpers as the pretty
//! form, into the same buffer. The trace's steps are made a stretch at a time into reused
//! buffers (`segments.rs`: a long trace on two threads), the rest in one buffer handed to the
//! writer in chunks of [`CHUNK`] bytes: nothing per step is allocated.

use super::segments::{self, Segments, Taken};
use super::ser::{Rest, ResultSer, ValueSer, VarsSer};
use super::PerNode;
use super::{Edge, OutputBudget, RunResult, Step, StepNumbers, StepResult, Stores};
use crate::expr::decimal::Decimal;
use crate::expr::Value;
use crate::flow::catalogue::Record;
use crate::flow::{FlowIdx, NodeIdx};
use serde::Serialize;
use std::io::{self, Write};
use std::ops::Range;

/// What the buffer holds before it is handed to the writer.
pub(super) const CHUNK: usize = 64 * 1024;

thread_local! {
    /// A Decimal's display text, reused from one value to the next.
    static DEC_TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The result as compact JSON followed by a newline (see the module doc).
pub(super) fn write<W: Write>(r: &RunResult<'_>, w: &mut W) -> io::Result<()> {
    write_around(r, w, |w| {
        // As in the serde form: the trace has a budget of its own. A long trace is made on two
        // threads (`segments.rs`).
        let trace = Trace { r, stores: r.stores() };
        segments::write_in_order(&trace, r.trace.len(), w).map(drop)
    })
}

/// The result as compact JSON followed by a newline, its trace's elements written by `trace`
/// (the steps of `r.trace`, or those a run wrote as it went: `json_trace.rs`).
pub(super) fn write_around<W: Write>(
    r: &RunResult<'_>,
    w: &mut W,
    trace: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = Out { buf: Vec::with_capacity(CHUNK + CHUNK / 4), w };
    out.head(r)?;
    out.raw(b",\"trace\":[");
    out.w.write_all(&out.buf)?;
    out.buf.clear();
    trace(out.w)?;
    let stores = r.stores();
    let rest = OutputBudget::default();
    out.raw(b"],\"variables\":");
    out.ser(&VarsSer(&r.variables, &rest))?;
    // `PromptsSer`: a prompt per Say of a long run.
    out.raw(b",\"prompts\":[");
    let mut names = NodeTexts::default();
    for (i, p) in r.prompts.iter().enumerate() {
        if i > 0 {
            out.raw(b",");
        }
        out.raw(&names.get(&stores, p.flow, p.node, 0).prompt);
        out.text(&p.text, &rest)?;
        out.raw(b"}");
        out.flush_full()?;
    }
    out.raw(b"]");
    // The rest's own map opens with `{`: the prompts' `,` takes its place.
    out.raw(b",");
    serde_json::to_writer(SkipOpen { out: &mut out, skipped: false }, &Rest(r, &rest))?;
    out.raw(b"\n");
    out.w.write_all(&out.buf)
}

/// The trace's steps as the compact form writes them, by segments.
struct Trace<'a, 'r> {
    r: &'a RunResult<'r>,
    stores: Stores<'a, 'r>,
}

impl Segments for Trace<'_, '_> {
    type Cache = (NodeTexts, StepNumbers);
    type Text = Vec<u8>;

    fn cache(&self) -> Self::Cache {
        (NodeTexts::default(), StepNumbers::default())
    }

    fn write(
        &self,
        (names, numbers): &mut Self::Cache,
        steps: Range<usize>,
        left: usize,
        text: &mut Vec<u8>,
    ) -> io::Result<Taken> {
        let budget = OutputBudget::with_left(left);
        let mut sink = io::sink();
        let mut out = Out { buf: std::mem::take(text), w: &mut sink };
        for i in steps {
            if i > 0 {
                out.raw(b",");
            }
            let step = &self.r.trace[i];
            out.step(&self.stores, names, step, (i + 1, numbers.number(i + 1)), &budget)?;
        }
        *text = out.buf;
        Ok(Taken::of(&budget))
    }
}

pub(super) struct Out<'w, W: Write> {
    pub(super) buf: Vec<u8>,
    pub(super) w: &'w mut W,
}

impl<W: Write> Out<'_, W> {
    /// The result's opening, `{"status":…,"flowId":…,"flowName":…`, shared by the compact
    /// result and the streamed trace's summary line.
    pub(super) fn head(&mut self, r: &RunResult<'_>) -> io::Result<()> {
        let flow = r.registry.flow(r.flow);
        self.raw(b"{\"status\":\"");
        self.raw(r.status.as_str().as_bytes());
        self.raw(b"\",\"flowId\":");
        self.str(&flow.id)?;
        self.raw(b",\"flowName\":");
        self.str(&flow.name)
    }

    pub(super) fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// `bytes`, or when they are piece `piece` of [`NodeTexts::as_pieces`], its marker.
    #[inline]
    fn piece(&mut self, bytes: &[u8], piece: u32) {
        if piece == NO_PIECE {
            self.raw(bytes);
            return;
        }
        self.buf.push(PIECE);
        let mut n = piece;
        while n >= 0x80 {
            self.buf.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.buf.push(n as u8);
    }

    pub(super) fn flush_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// A JSON string: copied between quotes when nothing in it needs escaping (the usual case),
    /// else escaped by serde_json.
    pub(super) fn str(&mut self, s: &str) -> io::Result<()> {
        // No early exit: the compiler vectorizes the whole scan.
        let escapes = s.bytes().fold(0u8, |n, c| n | u8::from(c < 0x20 || c == b'"' || c == b'\\'));
        if escapes == 0 {
            self.buf.reserve(s.len() + 2);
            self.buf.push(b'"');
            self.buf.extend_from_slice(s.as_bytes());
            self.buf.push(b'"');
            Ok(())
        } else {
            self.ser(s)
        }
    }

    pub(super) fn uint(&mut self, n: u64) {
        // One digit (a step's depth, a condition's index) without itoa's buffer and copy.
        if n < 10 {
            self.buf.push(b'0' + n as u8);
            return;
        }
        self.buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn int(&mut self, n: i64) {
        if n < 0 {
            self.buf.push(b'-');
        }
        self.uint(n.unsigned_abs());
    }

    /// Anything else, through its `Serialize` impl.
    pub(super) fn ser<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.buf, value).map_err(io::Error::from)
    }

    /// `{"valueIsTooLarge":true,"bytes":N}`, as `ValueSer` and `TextSer` write it.
    fn too_large(&mut self, bytes: usize) {
        self.raw(b"{\"valueIsTooLarge\":true,\"bytes\":");
        self.uint(bytes as u64);
        self.raw(b"}");
    }

    /// [`ValueSer`]: scalars and strings here, the rest through serde.
    fn value(&mut self, v: &Value, b: &OutputBudget) -> io::Result<()> {
        match v {
            Value::NotSet => self.raw(b"null"),
            Value::Bool(true) => self.raw(b"true"),
            Value::Bool(false) => self.raw(b"false"),
            Value::Int(i) => self.int(*i),
            Value::Str(s) => match b.admit_size(s.len() + 2) {
                Ok(()) => self.str(s)?,
                Err(bytes) => self.too_large(bytes),
            },
            Value::Phone(p) => match b.admit_size(p.uri.len() + 2) {
                Ok(()) => self.str(&p.uri)?,
                Err(bytes) => self.too_large(bytes),
            },
            Value::Dec(d) => self.decimal(*d)?,
            other => self.ser(&ValueSer(other, b))?,
        }
        Ok(())
    }

    /// A Decimal as `Value::to_json` makes it and serde writes it: its display text (with
    /// `.0` on a whole value) read back as a JSON number, without the `serde_json::Value` and
    /// the `String` in between.
    fn decimal(&mut self, d: Decimal) -> io::Result<()> {
        // The usual Decimal (money, rates, rounded averages): at most 15 significant digits,
        // from 10^-5 up to 10^16. serde_json reads its text as the double nearest it, whose
        // shortest text (ryu's, which serde writes, without an exponent in that span) is the
        // same digits: the display text is what serde would write.
        let written = DEC_TEXT.with_borrow_mut(|text| {
            text.clear();
            if !plain_decimal(d, text) {
                return false;
            }
            self.raw(text.as_bytes());
            if !text.contains('.') {
                self.raw(b".0");
            }
            true
        });
        if written {
            Ok(())
        } else {
            self.decimal_read_back(d)
        }
    }

    /// [`decimal`](Self::decimal) the long way: the display text, parsed, written by serde.
    fn decimal_read_back(&mut self, d: Decimal) -> io::Result<()> {
        if let Some(n) = crate::expr::decimal::to_json_number(d) {
            self.ser(&n)
        } else {
            self.raw(b"null");
            Ok(())
        }
    }

    /// `TextSer`.
    fn text(&mut self, text: &str, b: &OutputBudget) -> io::Result<()> {
        match b.admit_size(text.len() + 2) {
            Ok(()) => self.str(text),
            Err(bytes) => {
                self.too_large(bytes);
                Ok(())
            }
        }
    }

    /// `StepSer`, for step `number` (its number and its digits, from [`StepNumbers`]).
    pub(super) fn step(
        &mut self,
        r: &Stores<'_, '_>,
        names: &mut NodeTexts,
        step: &Step,
        (number, digits): (usize, &[u8]),
        b: &OutputBudget,
    ) -> io::Result<()> {
        if names.pieces.is_some() {
            // `{"step":N`, N made again as the text is made whole.
            self.buf.push(STEP);
        } else {
            self.raw(b"{\"step\":");
            self.raw(digits);
        }
        let (text, pieces) = names.get_with_pieces(r, step.flow, step.node, step.depth);
        // A step at its node's depth that heard nothing and did not fail: what it writes
        // below, in fewer pieces.
        if pieces.is_some()
            && step.depth == text.depth
            && (r.inputs.is_empty() || r.inputs_of(number - 1).is_empty())
            && r.step_error(step).is_none()
        {
            if text.records_nothing(r, step) {
                // All of it in one piece.
                let whole = text.whole_way(r, step, pieces);
                self.piece(&[], whole);
                return Ok(());
            }
            if text.assigned(r, step) {
                // Its values between two pieces.
                let (open, close) = text.assigned_pieces(r, step, pieces);
                self.piece(&[], open);
                if let Some(keys) = &text.set_keys {
                    for (i, ((key, piece), (_, v))) in keys.iter().zip(r.written(step)).enumerate()
                    {
                        if i > 0 {
                            self.piece(key, *piece);
                        }
                        self.value(v, b)?;
                    }
                }
                self.piece(&[], close);
                return Ok(());
            }
        }
        if step.depth == text.depth {
            // `,"depth":D,"flowName":…,"result":` in one piece: most nodes run at one depth.
            self.piece(&text.head, text.head_piece);
        } else {
            self.raw(b",\"depth\":");
            self.uint(u64::from(step.depth));
            self.raw(b",");
            self.raw(&text.head[text.names_at..]);
        }
        self.result(r, text, step, b)?;
        // Only input-reading steps heard anything: most runs' steps look nothing up.
        if !r.inputs.is_empty() {
            let inputs = r.inputs_of(number - 1);
            if !inputs.is_empty() {
                self.inputs(inputs, b)?;
            }
        }
        let (way, piece) = text.way(r, step, pieces);
        self.piece(way, piece);
        if let Some(e) = r.step_error(step) {
            self.raw(b",\"error\":{\"kind\":");
            self.str(e.kind.as_str())?;
            self.raw(b",\"message\":");
            self.str(&e.message)?;
            self.raw(b"}");
        }
        self.raw(b"}");
        Ok(())
    }

    /// `InputsSer`, with its leading comma.
    fn inputs(&mut self, inputs: &[super::StepInput], b: &OutputBudget) -> io::Result<()> {
        self.raw(b",\"inputs\":[");
        for (n, i) in inputs.iter().enumerate() {
            if n > 0 {
                self.raw(b",");
            }
            self.raw(b"{\"entry\":");
            if i.entry == super::NO_INDEX {
                self.raw(b"null");
            } else {
                self.uint(u64::from(i.entry) + 1);
            }
            self.raw(b",\"input\":");
            match &i.digits {
                Some(d) => self.text(d, b)?,
                None => self.raw(b"null"),
            }
            self.raw(b",\"heard\":\"");
            self.raw(i.heard.as_str().as_bytes());
            self.raw(b"\"}");
        }
        self.raw(b"]");
        Ok(())
    }

    /// `ResultSer`: the frequent records here, the rest through serde.
    fn result(
        &mut self,
        r: &Stores<'_, '_>,
        text: &NodeText,
        step: &Step,
        b: &OutputBudget,
    ) -> io::Result<()> {
        let StepResult::Action { stub, .. } = step.result else {
            self.raw(b"{}");
            return Ok(());
        };
        match text.record {
            Record::Action | Record::Says => self.action(r, step, stub, b)?,
            Record::Assigns => {
                self.raw(b"{");
                if let Some(keys) = &text.set_keys {
                    for ((key, piece), (_, v)) in keys.iter().zip(r.written(step)) {
                        self.piece(key, *piece);
                        self.value(v, b)?;
                    }
                    // No key written: the map's opening, which the first key carries.
                    if keys.is_empty() || r.written(step).is_empty() {
                        self.raw(b"\"variables\":{");
                    }
                    self.raw(b"}");
                }
                self.raw(b"}");
            }
            Record::Calls => {
                self.raw(b"{");
                if let Some(Value::Str(name)) = r.written_value(step, "flowName") {
                    self.raw(b"\"flowName\":");
                    self.str(name)?;
                    self.raw(b",");
                }
                self.raw(b"\"outcome\":");
                match r.written_value(step, "outcome") {
                    Some(Value::Str(outcome)) => self.str(outcome)?,
                    _ => self.raw(b"null"),
                }
                self.raw(b"}");
            }
            Record::Gathers
            | Record::Routes
            | Record::Finds
            | Record::Figures
            | Record::Answers => self.ser(&ResultSer { r, step, b })?,
        }
        Ok(())
    }

    /// An action's record: `text`, `variables` when it wrote any, `stub`.
    fn action(
        &mut self,
        r: &Stores<'_, '_>,
        step: &Step,
        stub: u16,
        b: &OutputBudget,
    ) -> io::Result<()> {
        self.raw(b"{");
        let mut first = true;
        if let Some(p) = r.played(step) {
            self.raw(b"\"text\":");
            self.text(&p.text, b)?;
            first = false;
        }
        let written = r.written(step);
        if !written.is_empty() {
            if !first {
                self.raw(b",");
            }
            first = false;
            self.raw(b"\"variables\":{");
            for (i, (k, v)) in written.iter().enumerate() {
                if i > 0 {
                    self.raw(b",");
                }
                self.str(k)?;
                self.raw(b":");
                self.value(v, b)?;
            }
            self.raw(b"}");
        }
        if stub > 0 {
            if !first {
                self.raw(b",");
            }
            self.raw(b"\"stub\":");
            self.raw(stub.to_string().as_bytes());
        }
        self.raw(b"}");
        Ok(())
    }
}

/// Writes `d`'s display text into `text` when it is what [`Out::decimal_read_back`] writes
/// (less a whole value's `.0`): zero, or at most 15 significant digits whose decimal point is
/// at most 4 places before the first digit and at most 16 after it (1e-5 <= |d| < 1e16), where
/// ryu writes no exponent. `false`, writing nothing, for the rest.
fn plain_decimal(d: Decimal, text: &mut String) -> bool {
    let (digits, point) = crate::expr::decimal::digits_and_point(d);
    if digits == 0 || (digits <= 15 && point > -5 && point <= 16) {
        crate::expr::value::write_decimal(d, text);
        true
    } else {
        false
    }
}

impl<W: Write> Write for Out<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        self.flush_full()?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A writer that drops the first byte written to it (the `{` of the tail's map).
pub(super) struct SkipOpen<'o, 'w, W: Write> {
    pub(super) out: &'o mut Out<'w, W>,
    pub(super) skipped: bool,
}

impl<W: Write> Write for SkipOpen<'_, '_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut rest = bytes;
        if !self.skipped && !rest.is_empty() {
            debug_assert_eq!(rest[0], b'{');
            self.skipped = true;
            rest = &rest[1..];
        }
        self.out.write_all(rest)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One node's text as a step writes it.
struct NodeText {
    /// `,"depth":D,"flowName":…,"nodeId":…,"nodeName":…,"nodeType":…,["trackingId":N,]"result":`
    /// for the depth the node first ran at, [`NodeText::depth`].
    head: Box<[u8]>,
    /// `head`'s number as a piece ([`NO_PIECE`]: the texts are written whole).
    head_piece: u32,
    depth: u16,
    /// Where `"flowName"` starts in `head`: a step at another depth writes its own before it.
    names_at: usize,
    /// `{"flowName":…,"nodeId":…,"text":`, a prompt's opening.
    prompt: Box<[u8]>,
    /// How its steps' results are written (its entry's `Facts::record`).
    record: Record,
    /// An assigning node's variables as keys, in assignment order (what its step's
    /// `variables` names), each as its step writes it before its value, with its number as a
    /// piece: the first `"variables":{"Flow.x":` (the map's opening with it), the others
    /// `,"Flow.y":`; `None` for other nodes.
    set_keys: Option<Box<[Piece]>>,
    /// The ways its steps went so far, each with its text: `,"edge":"condition[2]","next":"Fizz"`
    /// (and `,"output":…` after an Architect action's output).
    ways: Vec<Way>,
    /// The number of the piece that opens an assigning step after its opening (`head`, `{`,
    /// the first key: [`NodeText::assigned_pieces`]; [`NO_PIECE`] until a step needs it).
    open: u32,
}

/// A way out of a node: its edge and next node, its text and that text's number as a piece,
/// and the number of the piece that is the rest of a step that went this way having recorded
/// nothing (`head`, `{}`, the way, the closing brace: [`NodeText::whole_way`]; [`NO_PIECE`]
/// until a step needs it).
struct Way {
    edge: Edge,
    next: NodeIdx,
    text: Box<[u8]>,
    piece: u32,
    whole: u32,
    /// The number of the piece that closes an assigning step that went this way (`}}`, the
    /// way, `}`: [`NodeText::assigned_pieces`]; [`NO_PIECE`] until a step needs it).
    close: u32,
}

/// Node texts escaped once per node (a million-step trace names a few dozen nodes), by flow
/// and node index.
#[derive(Default)]
pub(super) struct NodeTexts {
    nodes: PerNode<NodeText>,
    /// For texts written as pieces ([`NodeTexts::as_pieces`]): each piece's bytes, by number.
    pieces: Option<Vec<Box<[u8]>>>,
}

/// A text and its number as a piece ([`NO_PIECE`] for texts written whole).
type Piece = (Box<[u8]>, u32);

/// What stands for a piece in a text written as pieces: this byte, then the piece's number
/// (7 bits a byte, the last below 0x80). JSON text has no raw control byte (a string's are
/// escaped), so the byte is a piece's wherever it is.
pub(super) const PIECE: u8 = 0x01;

/// What stands for a step's opening, `{"step":N`, in a text written as pieces: the steps are
/// numbered in order as the text is made whole.
pub(super) const STEP: u8 = 0x02;

/// No piece: a text written whole.
const NO_PIECE: u32 = u32::MAX;

impl NodeTexts {
    /// Node texts whose steps write each node's head, each way out and each assigned
    /// variable's key as a piece: a marker ([`PIECE`]) and the piece's number,
    /// [`NodeTexts::into_pieces`]' index, in place of its bytes; a step that recorded nothing
    /// all it writes after its opening as one piece ([`NodeText::whole_way`]), an assigning
    /// step what it writes around its values as two ([`NodeText::assigned_pieces`]); and their
    /// opening with its number as [`STEP`] (together some 164 of a bench step's 184 bytes). A
    /// streamed trace waits as such a text (`json_trace.rs`) and is made whole as it is copied
    /// out.
    pub(super) fn as_pieces() -> Self {
        NodeTexts { nodes: PerNode::default(), pieces: Some(Vec::new()) }
    }

    /// Every piece's bytes, by number.
    pub(super) fn into_pieces(self) -> Vec<Box<[u8]>> {
        self.pieces.unwrap_or_default()
    }

    /// The texts of `node` of `flow`; `depth` is that of the step about to be written (any,
    /// when none is).
    #[inline]
    fn get(
        &mut self,
        r: &Stores<'_, '_>,
        flow: FlowIdx,
        node: NodeIdx,
        depth: u16,
    ) -> &mut NodeText {
        self.get_with_pieces(r, flow, node, depth).0
    }

    /// [`NodeTexts::get`], and the pieces.
    #[inline]
    fn get_with_pieces(
        &mut self,
        r: &Stores<'_, '_>,
        flow: FlowIdx,
        node: NodeIdx,
        depth: u16,
    ) -> (&mut NodeText, &mut Option<Vec<Box<[u8]>>>) {
        let pieces = &mut self.pieces;
        let text =
            self.nodes.get_or_make(flow, node, || NodeText::new(r, flow, node, depth, pieces));
        (text, pieces)
    }
}

/// `*slot`, the number of the piece `text` makes, numbered the first time it is asked for
/// (a text whose piece no step needed yet is [`NO_PIECE`]).
fn numbered_once(
    slot: &mut u32,
    pieces: &mut Option<Vec<Box<[u8]>>>,
    text: impl FnOnce() -> Vec<u8>,
) -> u32 {
    if *slot == NO_PIECE {
        *slot = numbered(pieces, &text());
    }
    *slot
}

/// `bytes`' number as a piece, when the texts are written as pieces.
fn numbered(pieces: &mut Option<Vec<Box<[u8]>>>, bytes: &[u8]) -> u32 {
    match pieces {
        Some(all) => {
            all.push(bytes.into());
            (all.len() - 1) as u32
        }
        None => NO_PIECE,
    }
}

impl NodeText {
    /// The way out of `step` (one of this node's) as its text writes it, from `,"edge"` to the
    /// end of `next`, and its number as a piece.
    #[inline]
    fn way(
        &mut self,
        r: &Stores<'_, '_>,
        step: &Step,
        pieces: &mut Option<Vec<Box<[u8]>>>,
    ) -> (&[u8], u32) {
        let i = self.way_index(r, step, pieces);
        let way = &self.ways[i];
        (&way.text, way.piece)
    }

    /// The index in `ways` of `step`'s way out (added when new).
    #[inline]
    fn way_index(
        &mut self,
        r: &Stores<'_, '_>,
        step: &Step,
        pieces: &mut Option<Vec<Box<[u8]>>>,
    ) -> usize {
        let next = step.next().unwrap_or(super::NO_INDEX);
        match self.ways.iter().position(|w| (w.edge, w.next) == (step.edge, next)) {
            Some(i) => i,
            None => self.add_way(r, step, next, pieces),
        }
    }

    /// Whether `step`'s result is written `{}` ([`Out::result`]): it has none yet, or it is an
    /// action's (or a Say's) that played, wrote and stubbed nothing.
    fn records_nothing(&self, r: &Stores<'_, '_>, step: &Step) -> bool {
        match step.result {
            StepResult::None => true,
            StepResult::Action { len, stub, .. } => {
                len == 0
                    && stub == 0
                    && matches!(self.record, Record::Action | Record::Says)
                    && r.played(step).is_none()
            }
        }
    }

    /// The number of the piece that is all of `step` after its opening, for a step that ran at
    /// this text's depth, recorded nothing ([`NodeText::records_nothing`]: an If), heard
    /// nothing and did not fail: its head, `{}`, its way out and the closing brace, one marker
    /// where there were two and the bytes between.
    fn whole_way(
        &mut self,
        r: &Stores<'_, '_>,
        step: &Step,
        pieces: &mut Option<Vec<Box<[u8]>>>,
    ) -> u32 {
        let i = self.way_index(r, step, pieces);
        let (head, way) = (&self.head, &mut self.ways[i]);
        numbered_once(&mut way.whole, pieces, || [&head[..], b"{}", &way.text, b"}"].concat())
    }

    /// Whether `step` is an assigning node's that wrote at least one of its variables, as
    /// [`Out::result`] writes it: `{`, each key and value, `}}`.
    fn assigned(&self, r: &Stores<'_, '_>, step: &Step) -> bool {
        matches!(self.record, Record::Assigns)
            && self.set_keys.as_ref().is_some_and(|keys| !keys.is_empty())
            && !r.written(step).is_empty()
    }

    /// For an [assigning](NodeText::assigned) step that ran at this text's depth, heard
    /// nothing and did not fail, the numbers of the piece that opens it after its opening (its
    /// head, `{`, its first key) and of the piece that closes it after its values (`}}`, its
    /// way out, `}`): two markers where there were four and the bytes between.
    fn assigned_pieces(
        &mut self,
        r: &Stores<'_, '_>,
        step: &Step,
        pieces: &mut Option<Vec<Box<[u8]>>>,
    ) -> (u32, u32) {
        let (head, keys) = (&self.head, &self.set_keys);
        let open = numbered_once(&mut self.open, pieces, || {
            let key = keys.as_ref().and_then(|keys| keys.first()).map_or(&[][..], |(key, _)| key);
            [&head[..], b"{", key].concat()
        });
        let i = self.way_index(r, step, pieces);
        let way = &mut self.ways[i];
        (open, numbered_once(&mut way.close, pieces, || [&b"}}"[..], &way.text, b"}"].concat()))
    }

    fn new(
        r: &Stores<'_, '_>,
        flow: FlowIdx,
        node: NodeIdx,
        depth: u16,
        pieces: &mut Option<Vec<Box<[u8]>>>,
    ) -> NodeText {
        let n = r.node(flow, node);
        let id = json_str(&n.id);
        let mut head = format!(",\"depth\":{depth},").into_bytes();
        let names_at = head.len();
        head.extend(b"\"flowName\":");
        head.extend(json_str(r.flow_name(flow)));
        head.extend(b",\"nodeId\":");
        head.extend(&id);
        head.extend(b",\"nodeName\":");
        head.extend(json_str(&n.name));
        head.extend(b",\"nodeType\":");
        head.extend(json_str(n.action.type_name()));
        if let Some(t) = n.tracking_id {
            head.extend(format!(",\"trackingId\":{t}").as_bytes());
        }
        head.extend(b",\"result\":");
        let mut prompt = b"{\"flowName\":".to_vec();
        prompt.extend(json_str(r.flow_name(flow)));
        prompt.extend(b",\"nodeId\":");
        prompt.extend(&id);
        prompt.extend(b",\"text\":");
        let set_keys = n.action.spec().facts.assigns.map(|assigns| {
            assigns(&n.action)
                .into_iter()
                .enumerate()
                .map(|(i, (var, _))| {
                    let mut key = if i == 0 { b"\"variables\":{".to_vec() } else { b",".to_vec() };
                    key.extend(json_str(&var.name));
                    key.push(b':');
                    let piece = numbered(pieces, &key);
                    (key.into_boxed_slice(), piece)
                })
                .collect()
        });
        NodeText {
            head_piece: numbered(pieces, &head),
            head: head.into(),
            depth,
            names_at,
            prompt: prompt.into(),
            record: n.action.spec().facts.record,
            set_keys,
            ways: Vec::new(),
            open: NO_PIECE,
        }
    }

    /// Adds the text of a way out of the node (see [`NodeText::way`]); returns its index.
    #[cold]
    #[inline(never)]
    fn add_way(
        &mut self,
        r: &Stores<'_, '_>,
        step: &Step,
        next: NodeIdx,
        pieces: &mut Option<Vec<Box<[u8]>>>,
    ) -> usize {
        let mut text = b",\"edge\":".to_vec();
        let node = r.node(step.flow, step.node);
        text.extend(json_str(&crate::flow::edge::trace_label(node, step.edge)));
        if let Some(exit) = crate::flow::edge::output(node, step.edge) {
            text.extend(b",\"output\":");
            text.extend(json_str(&exit.name));
        }
        text.extend(b",\"next\":");
        if next == super::NO_INDEX {
            text.extend(b"null");
        } else {
            text.extend(json_str(&r.node(step.flow, next).id));
        }
        let piece = numbered(pieces, &text);
        let way = Way {
            edge: step.edge,
            next,
            text: text.into(),
            piece,
            whole: NO_PIECE,
            close: NO_PIECE,
        };
        self.ways.push(way);
        self.ways.len() - 1
    }
}

/// `s` as a JSON string, as [`Out::str`] writes it.
fn json_str(s: &str) -> Vec<u8> {
    serde_json::to_vec(s).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::Out;

    fn written(f: impl FnOnce(&mut Out<'_, Vec<u8>>) -> std::io::Result<()>) -> String {
        let mut sink = Vec::new();
        let mut out = Out { buf: Vec::new(), w: &mut sink };
        f(&mut out).expect("writes to memory");
        String::from_utf8(out.buf).expect("UTF-8")
    }

    #[test]
    fn integers_are_written_as_serde_writes_them() {
        for n in
            [0, 1, 9, 10, 42, 99, 100, 101, 999, 1000, 65_535, i64::MAX, -1, -10, -100, i64::MIN]
        {
            let text = written(|o| {
                o.int(n);
                Ok(())
            });
            assert_eq!(text, serde_json::to_string(&n).expect("serializes"));
        }
        let max = written(|o| {
            o.uint(u64::MAX);
            Ok(())
        });
        assert_eq!(max, u64::MAX.to_string());
    }

    #[test]
    fn decimals_are_written_as_their_display_text_read_back() {
        use crate::expr::decimal::{dec, Decimal};
        let long_way = |d: Decimal| written(|o| o.decimal_read_back(d));
        let mut values: Vec<Decimal> = [
            "0",
            "-0.0",
            "0.5",
            "-0.5",
            "1",
            "2",
            "100",
            "0.3",
            "1e-5",
            "1.5e-5",
            "9.99e-6",
            "1.2e-5",
            "0.000012",
            "0.0001",
            "0.000001",
            "123456789.123456",
            "999999999.999999",
            "999999999",
            "1e9",
            "-0.25",
            "1e15",
            "999999999999999",
            "1234567890123450",
            "9007199254740993",
            "1e16",
            "9999999999999999",
            "1e22",
            "1234567890.123456789",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ]
        .iter()
        .map(|t| dec(t))
        .collect();
        values.push(dec("1") / dec("3"));
        values.push(dec("2") / dec("3"));
        // Values with few digits (what flows compute: money, averages, rounded results), and
        // long ones, from a fixed xorshift sequence.
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        for i in 0..100_000_u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(Decimal::new((x % 10_000_000_000) as i64, i % 18));
            values.push(Decimal::new(-((x >> 3) as i64), i % 29));
            values.push(Decimal::from_i128_with_scale(i128::from(x) * 1_000_000_007, i % 29));
        }
        let mut fast = 0;
        for d in values {
            let short = written(|o| o.decimal(d));
            assert_eq!(short, long_way(d), "{d:?}");
            let mut text = String::new();
            fast += usize::from(super::plain_decimal(d, &mut text));
        }
        // The first family (few digits) and part of the second take it.
        assert!(fast > 75_000, "the usual Decimal takes the short way ({fast})");
    }

    #[test]
    fn strings_are_escaped_as_serde_escapes_them() {
        for s in [
            "",
            "plain",
            "é ü 日本",
            "quote \" here",
            "back\\slash",
            "tab\there",
            "\u{1}\u{1f}\u{7f}",
        ] {
            assert_eq!(
                written(|o| o.str(s)),
                serde_json::to_string(s).expect("serializes"),
                "{s:?}"
            );
        }
    }
}
