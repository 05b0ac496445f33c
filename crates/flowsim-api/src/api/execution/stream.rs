//! Execution documents read one at a time from a file of any size: months of recorded
//! executions go through `replay`, `traffic` and `diff --executions` without the file in
//! memory.
//!
//! A file holds one document (`{"flow": {"execution": [...]}}`), a JSON list of them (as the
//! cloud's download jobs give them), or JSON lines (one document per line; documents one after
//! another, whatever the spacing, read the same).
//!
//! How: a [`Splitter`] finds where each top-level value's text ends (brackets and strings
//! counted, nothing parsed) and copies it into one reused buffer; serde_json then parses that
//! text from the slice, its fast path, rather than byte by byte from a reader. The text may be
//! taken out and parsed elsewhere ([`each_text_capped`], [`DocumentText::read`]): `traffic`'s
//! reader thread only splits, its workers parse.
//!
//! `traffic` splits a file of JSON lines at its line breaks alone (`each_text_lines`,
//! `memchr`): a document after the first that starts a line with `{` is taken to the line's
//! end, and the worker's parse is the check. A line that is not one JSON value (two documents
//! on it, one across lines, broken JSON) is an error that is not the document's own to give:
//! such a text says where to read again from (`DocumentText::recount`, the crate's own), and
//! the pipeline drops what came after it and reads the file again from that document's byte
//! offset, the rest of the file split the counted way, so every document and every error (its
//! line and column) is the counted split's. No [`StreamError`] stands for that.
//!
//! Invariants:
//! - Memory is that of one document at a time: each is parsed from the buffer, handed to the
//!   caller and dropped before the next is read; the buffer keeps the capacity of the longest
//!   document's text. A document's text may take at most [`MAX_DOCUMENT_BYTES`]; the file as a
//!   whole has no cap.
//! - A file whose first value is not a document is [`StreamError::NotDocuments`] (a cassette,
//!   which its own reader explains); a later value that is not one, text that is not JSON and a
//!   document past the cap are errors naming the document's place (1-based) and the line and
//!   column in the file, never a panic. The documents before it have been handed over.
//!
//! Cost: one pass over the file's bytes to split it and one parse of each document's text,
//! linear in them.

use crate::api::execution::doc::is_document;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// The most text one document may take (the cap a whole input file has elsewhere).
pub const MAX_DOCUMENT_BYTES: u64 = crate::util::files::MAX_INPUT_BYTES;

/// Why a file's documents could not all be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreamError {
    /// The first value is not an execution document: `{"interactions": [...]}` (a cassette).
    #[error("not flow execution data")]
    NotDocuments,
    /// The file cannot be opened or read: a missing path, a directory, a FIFO.
    #[error("{0}")]
    Io(String),
    /// Document `index` is not JSON, or not a document: `[{"flow": {"execution": []}}, 3]`.
    /// `line` is 0 where the reader cannot tell it.
    #[error("document {index}{}: {message}", place(*.line, *.column))]
    Bad { index: usize, line: usize, column: usize, message: String },
    /// Document `index` takes more than `limit` bytes of text.
    #[error("document {index} (line {line}) is longer than {limit} bytes")]
    TooLarge { index: usize, line: usize, limit: u64 },
}

/// Where a file's splitting goes on: the place (1-based), byte offset, line and column of a
/// document's first byte, and which of the caller's inputs it is (`input`, the caller's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Resume {
    pub input: usize,
    pub index: usize,
    pub offset: u64,
    line: usize,
    column: usize,
}

/// ` (line L, column C)`, when known.
fn place(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}

/// Hands every document of the file at `path` to `each` (its 1-based place, the document), in
/// file order, one at a time; gives how many there were.
///
/// # Errors
/// See [`StreamError`]; `each` has had the documents before the one at fault.
pub fn each_document(
    path: &Path,
    each: &mut dyn FnMut(usize, Value),
) -> Result<usize, StreamError> {
    each_document_capped(path, MAX_DOCUMENT_BYTES, each)
}

/// [`each_document`] with another cap on one document's text.
///
/// # Errors
/// See [`StreamError`].
pub fn each_document_capped(
    path: &Path,
    cap: u64,
    each: &mut dyn FnMut(usize, Value),
) -> Result<usize, StreamError> {
    each_text_capped(path, cap, &mut |text| {
        each(text.index, text.read()?);
        Ok(true)
    })
}

/// One document's text as the file holds it, and where it starts: split by the reader, parsed
/// by whoever [`DocumentText::read`]s it (a worker thread, in `traffic`).
#[derive(Debug, Default)]
pub struct DocumentText {
    /// 1-based place in its file.
    pub index: usize,
    /// Which of its caller's inputs it came from (the caller's to set; in a `Resume`).
    pub input: usize,
    /// Where its text starts in the file (1-based), and its byte offset there.
    line: usize,
    column: usize,
    offset: u64,
    /// Taken to its line's end (`each_text_lines`): its error is the counted split's to give
    /// ([`DocumentText::recount`]).
    line_only: bool,
    /// Taken to its line's end, and the line passed the cap before it ended: only the counted
    /// split can say where the document ends, and whether it is too large.
    cut: bool,
    pub text: Vec<u8>,
}

impl DocumentText {
    /// Takes this text out, leaving an empty buffer of the same capacity to split the next
    /// document into (documents of a file are alike in length: no regrowing from nothing).
    #[must_use]
    pub fn take(&mut self) -> DocumentText {
        let capacity = self.text.len();
        DocumentText {
            text: std::mem::replace(&mut self.text, Vec::with_capacity(capacity)),
            ..*self
        }
    }

    /// The document its text holds, read for `traffic` ([`super::typed`]): its actions,
    /// personal values and cost, and every error as [`DocumentText::read`] gives it.
    ///
    /// # Errors
    /// As [`DocumentText::read`].
    pub fn read_typed(&self) -> Result<super::typed::Typed, StreamError> {
        if self.cut {
            return Err(self.cut_short());
        }
        if let Some(typed) = std::str::from_utf8(&self.text).ok().and_then(super::typed::read) {
            return Ok(typed);
        }
        self.read().map(super::typed::of_value)
    }

    /// The document its text holds.
    ///
    /// # Errors
    /// Text that is not JSON, or JSON that is not a document: [`StreamError::Bad`] naming the
    /// line and column in the file, or [`StreamError::NotDocuments`] for a file's first value.
    /// For a text taken to its line's end, the error is not the document's own: where the
    /// counted split reads again from is `DocumentText::recount`, the crate's own.
    pub fn read(&self) -> Result<Value, StreamError> {
        if self.cut {
            return Err(self.cut_short());
        }
        let (index, line, column) = (self.index, self.line, self.column);
        // Text checked as UTF-8 once, whole, is read as text: serde_json then checks no
        // string again. Text that is not UTF-8 is read as bytes, for serde_json's own error.
        let read = match std::str::from_utf8(&self.text) {
            Ok(text) => serde_json::from_str::<Value>(text),
            Err(_) => serde_json::from_slice::<Value>(&self.text),
        };
        let value = match read {
            Ok(v) => v,
            // A first value that is not even JSON: not execution data (its reader explains).
            Err(_) if index == 1 => return Err(StreamError::NotDocuments),
            Err(e) => {
                let (message, place) = crate::util::json_pos::syntax_error(&e);
                let (l, c) = place.unwrap_or((1, 1));
                return Err(StreamError::Bad {
                    index,
                    line: line + l - 1,
                    column: if l == 1 { column + c - 1 } else { c },
                    message,
                });
            }
        };
        if !is_document(&value) {
            if index == 1 {
                return Err(StreamError::NotDocuments);
            }
            return Err(StreamError::Bad {
                index,
                line,
                column,
                message: "not an execution document (`{\"flow\": {\"execution\": [...]}}`)".into(),
            });
        }
        Ok(value)
    }

    /// Where the counted split is to read its file again from, when an error reading this
    /// text is not the document's own to give: a text taken to its line's end
    /// ([`each_text_lines`]), which may hold two documents, part of one, or a line cut at the
    /// cap. The pipeline reads again from there rather than give the error.
    pub(crate) fn recount(&self) -> Option<Resume> {
        self.line_only.then_some(Resume {
            input: self.input,
            index: self.index,
            offset: self.offset,
            line: self.line,
            column: self.column,
        })
    }

    /// A line cut at the cap before it ended, read: only the counted split can say where its
    /// document ends, and whether it is too large ([`DocumentText::recount`]).
    fn cut_short(&self) -> StreamError {
        StreamError::Bad {
            index: self.index,
            line: self.line,
            column: self.column,
            message: "its line passes the cap on a document's text before it ends".into(),
        }
    }
}

/// Hands the text of every top-level value of the file at `path` to `each`, in file order,
/// unparsed (one buffer, reused: `each` takes the text out of it to keep it); `each` gives
/// whether to go on. Gives how many values were handed over.
///
/// # Errors
/// The file's own structure ([`StreamError`]: a list not closed, a value past `cap`), or what
/// `each` gives; `each` has had the values before the fault. An empty file or `[]` is
/// [`StreamError::NotDocuments`].
pub fn each_text_capped(
    path: &Path,
    cap: u64,
    each: &mut dyn FnMut(&mut DocumentText) -> Result<bool, StreamError>,
) -> Result<usize, StreamError> {
    let file =
        crate::util::files::open_regular(path).map_err(|e| StreamError::Io(e.to_string()))?;
    each_text_from(file, cap, each)
}

/// [`each_text_capped`] where a file of JSON lines is split by its line breaks alone (found
/// with `memchr`), not counted byte by byte: a document after the first that starts a line
/// with `{` is taken to the line's end, and the parse of its text is the check. An error
/// reading such a text is not the document's own (a line with two documents, a document
/// across lines, broken JSON): the caller drops what it read after that document and calls
/// again `from` its [`DocumentText::recount`], and the rest of the file is split the counted
/// way, which gives its documents, or its error with its line and column, as
/// [`each_text_capped`] does. A list and the first document are split the counted way.
///
/// # Errors
/// As [`each_text_capped`].
pub(crate) fn each_text_lines(
    path: &Path,
    cap: u64,
    from: Option<Resume>,
    each: &mut dyn FnMut(&mut DocumentText) -> Result<bool, StreamError>,
) -> Result<usize, StreamError> {
    use std::io::{Seek, SeekFrom};
    let mut file =
        crate::util::files::open_regular(path).map_err(|e| StreamError::Io(e.to_string()))?;
    let Some(from) = from else { return each_text_split(file, cap, None, true, each) };
    file.seek(SeekFrom::Start(from.offset)).map_err(|e| StreamError::Io(e.to_string()))?;
    each_text_split(file, cap, Some(from), false, each)
}

/// [`each_text_capped`] of what `input` gives (standard input, `traffic -`): read once, front
/// to back, as a file is.
///
/// # Errors
/// As [`each_text_capped`].
pub fn each_text_from(
    input: impl std::io::Read,
    cap: u64,
    each: &mut dyn FnMut(&mut DocumentText) -> Result<bool, StreamError>,
) -> Result<usize, StreamError> {
    each_text_split(input, cap, None, false, each)
}

/// [`each_text_from`] of `input` read from `from` (a document of JSON lines, `input` at its
/// byte offset) or from the start; documents after the first that start a line with `{` taken
/// to the line's end where `lines` ([`each_text_lines`]).
fn each_text_split(
    input: impl std::io::Read,
    cap: u64,
    from: Option<Resume>,
    lines: bool,
    each: &mut dyn FnMut(&mut DocumentText) -> Result<bool, StreamError>,
) -> Result<usize, StreamError> {
    let reader = BufReader::with_capacity(64 * 1024, input);
    let limit = cap;
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut split = Splitter { reader, line: 1, column: 1, offset: 0, cap };
    let mut text = DocumentText::default();
    let mut index = 0;
    let io = |e: std::io::Error| StreamError::Io(e.to_string());
    let list = match from {
        Some(from) => {
            (split.line, split.column, split.offset) = (from.line, from.column, from.offset);
            (text.input, index) = (from.input, from.index - 1);
            false
        }
        None => split.skip_space().map_err(io)? == Some(b'['),
    };
    if list {
        split.take_byte();
    }
    loop {
        let next = split.skip_space().map_err(io)?;
        if list {
            if index == 0 && next == Some(b']') {
                // `[]`: no documents.
                split.take_byte();
                return Err(StreamError::NotDocuments);
            }
            if index > 0 {
                match next {
                    Some(b',') => {
                        split.take_byte();
                        split.skip_space().map_err(io)?;
                    }
                    Some(b']') => {
                        split.take_byte();
                        return match split.skip_space().map_err(io)? {
                            None => Ok(index),
                            Some(_) => Err(split.bad(index + 1, "trailing characters")),
                        };
                    }
                    None => return Err(split.bad(index + 1, "EOF while parsing a list")),
                    Some(_) => return Err(split.bad(index + 1, "expected `,` or `]`")),
                }
            }
        } else if next.is_none() {
            return if index == 0 { Err(StreamError::NotDocuments) } else { Ok(index) };
        }
        let (line, column, offset) = (split.line, split.column, split.offset);
        text.text.clear();
        let line_only = lines && !list && index > 0 && next == Some(b'{');
        let cut = if line_only {
            split.line(&mut text.text).map_err(io)?
        } else {
            if split.value(&mut text.text).map_err(io)?.is_err() {
                return Err(StreamError::TooLarge { index: index + 1, line, limit });
            }
            false
        };
        index += 1;
        (text.index, text.line, text.column, text.offset) = (index, line, column, offset);
        (text.line_only, text.cut) = (line_only, cut);
        // A cut line is read no further: where its document ends is for the counted split.
        if !each(&mut text)? || cut {
            return Ok(index);
        }
    }
}

/// Where top-level values end in a buffered reader, and the line and column (1-based) and byte
/// offset of the next byte.
struct Splitter<R> {
    reader: R,
    line: usize,
    column: usize,
    offset: u64,
    cap: usize,
}

/// The bytes that matter to [`Splitter::value`] outside strings: quotes, brackets, line breaks.
static STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let bytes = b"\"{}[]\n";
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// JSON's white space.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<R: BufRead> Splitter<R> {
    /// Skips white space; gives the next byte, left unread (`None` at the end).
    fn skip_space(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let buf = self.reader.fill_buf()?;
            let Some(&b) = buf.first() else { return Ok(None) };
            if !is_space(b) {
                return Ok(Some(b));
            }
            self.take_byte();
        }
    }

    /// Consumes the next byte (one `skip_space` saw).
    fn take_byte(&mut self) {
        let newline = self.reader.fill_buf().ok().and_then(|b| b.first().copied()) == Some(b'\n');
        self.reader.consume(1);
        self.offset += 1;
        if newline {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
    }

    /// A `Bad` error at the next byte.
    fn bad(&self, index: usize, message: &str) -> StreamError {
        StreamError::Bad { index, line: self.line, column: self.column, message: message.into() }
    }

    /// Copies the text of the value that starts at the next byte into `out`: an object or
    /// list up to its closing bracket (brackets outside strings counted), a string up to its
    /// closing quote, anything else up to the next white space or punctuation. Text that is no
    /// JSON ends somewhere, and the parser says what is wrong with it. `Ok(Err(()))` when the
    /// text passes the cap.
    fn value(&mut self, out: &mut Vec<u8>) -> std::io::Result<Result<(), ()>> {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut scalar = None;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(Ok(()));
            }
            let scalar = *scalar.get_or_insert_with(|| !matches!(buf[0], b'{' | b'[' | b'"'));
            let mut taken = buf.len();
            let mut done = false;
            let mut i = 0;
            while i < buf.len() {
                if in_string && !escaped {
                    // Inside a string only a quote, a backslash or a line break matters.
                    let skip =
                        memchr::memchr3(b'"', b'\\', b'\n', &buf[i..]).unwrap_or(buf.len() - i);
                    self.column += skip;
                    i += skip;
                    if i == buf.len() {
                        break;
                    }
                } else if !in_string && !scalar {
                    // Outside strings only a quote, a bracket or a line break matters: the
                    // names, numbers and punctuation between are passed over in one loop.
                    let skip = buf[i..]
                        .iter()
                        .position(|&b| STRUCTURAL[usize::from(b)])
                        .unwrap_or(buf.len() - i);
                    self.column += skip;
                    i += skip;
                    if i == buf.len() {
                        break;
                    }
                }
                let b = buf[i];
                if scalar && (is_space(b) || matches!(b, b',' | b']' | b'}' | b'[' | b'{' | b'"')) {
                    taken = i;
                    done = true;
                    break;
                }
                if b == b'\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
                i += 1;
                if scalar {
                    continue;
                }
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        done = depth == 0;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            done = depth == 0;
                        }
                        _ => {}
                    }
                }
                if done {
                    taken = i;
                    break;
                }
            }
            if out.len() + taken > self.cap {
                return Ok(Err(()));
            }
            out.extend_from_slice(&buf[..taken]);
            self.reader.consume(taken);
            self.offset += taken as u64;
            if done {
                return Ok(Ok(()));
            }
        }
    }

    /// Copies the text up to the next line break (or the end) into `out`, and passes the break;
    /// gives whether the text passed the cap first (then it is cut there, and the rest of the
    /// line left unread).
    fn line(&mut self, out: &mut Vec<u8>) -> std::io::Result<bool> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let (taken, end) = match memchr::memchr(b'\n', buf) {
                Some(at) => (at, true),
                None => (buf.len(), false),
            };
            if out.len() + taken > self.cap {
                return Ok(true);
            }
            out.extend_from_slice(&buf[..taken]);
            let passed = taken + usize::from(end);
            self.reader.consume(passed);
            self.offset += passed as u64;
            if end {
                self.line += 1;
                self.column = 1;
                return Ok(false);
            }
            self.column += taken;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> String {
        format!(r#"{{"flow": {{"id": "{id}", "execution": [{{"x": 1}}]}}}}"#)
    }

    /// The documents' ids a file gives, or the error.
    fn read(text: &str, cap: u64) -> Result<Vec<String>, StreamError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, text).unwrap();
        let mut ids = Vec::new();
        let n = each_document_capped(&path, cap, &mut |i, v| {
            assert_eq!(i, ids.len() + 1);
            ids.push(v["flow"]["id"].as_str().unwrap().to_owned());
        })?;
        assert_eq!(n, ids.len());
        Ok(ids)
    }

    #[test]
    fn one_document_a_list_and_json_lines_read_alike() {
        let (a, b) = (doc("a"), doc("b"));
        for text in [format!("[{a}, {b}]"), format!("{a}\n{b}\n"), format!("  {a}{b}")] {
            assert_eq!(read(&text, 1 << 20).unwrap(), ["a", "b"], "{text}");
        }
        assert_eq!(read(&a, 1 << 20).unwrap(), ["a"]);
    }

    #[test]
    fn what_is_not_execution_data_is_said_so_with_the_documents_place() {
        assert_eq!(read(r#"{"interactions": []}"#, 1 << 20), Err(StreamError::NotDocuments));
        assert_eq!(read("[]", 1 << 20), Err(StreamError::NotDocuments));
        assert_eq!(read("", 1 << 20), Err(StreamError::NotDocuments));
        assert_eq!(read("not json", 1 << 20), Err(StreamError::NotDocuments));
        let (a, b) = (doc("a"), doc("b"));
        let Err(StreamError::Bad { index, line, .. }) = read(&format!("[{a},\n{b},\n3]"), 1 << 20)
        else {
            panic!("a number is not a document")
        };
        assert_eq!((index, line), (3, 3));
        let Err(StreamError::Bad { index, line, message, .. }) =
            read(&format!("{a}\n{b}\n{{\"flow\": oops}}\n"), 1 << 20)
        else {
            panic!("broken JSON")
        };
        assert_eq!((index, line), (3, 3), "{message}");
        assert!(message.contains("expected value"), "{message}");
    }

    #[test]
    fn a_document_past_the_cap_is_refused_however_short_the_others() {
        let (a, long) = (doc("a"), doc(&"x".repeat(500)));
        let cap = 200;
        assert!(a.len() < 200 && long.len() > 500);
        for text in [format!("[{a}, {long}]"), format!("{a}\n{long}\n")] {
            let Err(StreamError::TooLarge { index, limit, .. }) = read(&text, cap) else {
                panic!("{text}")
            };
            assert_eq!((index, limit), (2, 200));
        }
        // Many short documents: the cap is per document, not per file.
        let many: Vec<String> = (0..100).map(|i| doc(&i.to_string())).collect();
        assert_eq!(read(&format!("[{}]", many.join(",")), cap).unwrap().len(), 100);
        assert_eq!(read(&many.join("\n"), cap).unwrap().len(), 100);
    }

    #[test]
    fn brackets_quotes_and_escapes_inside_strings_do_not_end_a_document() {
        let ids = ["a}]", r#"b\"}{"#, r"c\\", "d[[[", "e\\n}"];
        let docs: Vec<String> = ids.iter().map(|id| doc(id)).collect();
        let expected: Vec<String> = ids
            .iter()
            .map(|id| serde_json::from_str::<String>(&format!("\"{id}\"")).unwrap())
            .collect();
        for text in [format!("[{}]", docs.join(",\n")), docs.join("\n"), docs.join("")] {
            assert_eq!(read(&text, 1 << 20).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn an_error_names_the_line_and_column_in_the_file_not_in_the_document() {
        let a = doc("a");
        let broken = r#"{"flow": oops}"#;
        // Where serde_json puts the fault in the broken document alone.
        let alone = serde_json::from_str::<Value>(broken).unwrap_err().column();
        // The broken document starts on line 2, after `a` and a space.
        let text = format!("{a}\n{a} {broken}\n");
        let Err(StreamError::Bad { index, line, column, .. }) = read(&text, 1 << 20) else {
            panic!("broken JSON")
        };
        assert_eq!((index, line, column), (3, 2, a.len() + 1 + alone));
        let text = format!("[{a},\n  {a}, {broken}]");
        let Err(StreamError::Bad { index, line, column, .. }) = read(&text, 1 << 20) else {
            panic!("broken JSON in a list")
        };
        assert_eq!((index, line, column), (3, 2, 2 + a.len() + 2 + alone));
    }

    #[test]
    fn a_list_that_is_not_closed_or_has_text_after_it_is_an_error() {
        let a = doc("a");
        // The documents before the fault are handed over; the fault is the next place's.
        for (text, at) in
            [(format!("[{a}, {a}"), 3), (format!("[{a}] x"), 2), (format!("[{a} {a}]"), 2)]
        {
            let Err(StreamError::Bad { index, line, .. }) = read(&text, 1 << 20) else {
                panic!("{text}")
            };
            assert_eq!((index, line), (at, 1), "{text}");
        }
    }

    /// Each document a reader gets of `text` (its place, where it starts, what reading it
    /// gives) up to the first it cannot read, and how the split ended: counted, or taken to
    /// each line's end (`lines`) with a document that is not one value read again from there,
    /// the documents after it dropped, as the pipeline does.
    #[allow(clippy::type_complexity)]
    fn documents(
        text: &[u8],
        cap: u64,
        lines: bool,
    ) -> (Vec<(usize, usize, usize, Result<Value, StreamError>)>, Result<usize, StreamError>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.ndjson");
        std::fs::write(&path, text).unwrap();
        let mut got = Vec::new();
        let mut from = None;
        loop {
            let mut again = None;
            let mut each = |t: &mut DocumentText| {
                let read = t.read();
                if let (Err(_), Some(at)) = (&read, t.recount()) {
                    assert_eq!((at.index, at.line, at.column), (t.index, t.line, t.column));
                    again = Some(at);
                    return Ok(false);
                }
                let going = read.is_ok();
                got.push((t.index, t.line, t.column, read));
                Ok(going)
            };
            let end = if lines {
                each_text_lines(&path, cap, from, &mut each)
            } else {
                each_text_from(text, cap, &mut each)
            };
            match again {
                // A file is split again once at most: the counted split never asks for it.
                Some(at) => {
                    assert!(from.is_none(), "split again twice: {}", String::from_utf8_lossy(text));
                    got.retain(|(index, ..)| *index < at.index);
                    from = Some(at);
                }
                None => return (got, end),
            }
        }
    }

    #[test]
    fn json_lines_split_at_their_breaks_read_as_the_counted_split_reads_them() {
        let (a, b) = (doc("a"), doc("b}{]["));
        let lines = [
            a.clone(),
            b.clone(),
            doc(r#"e\"x"#),
            doc(r"e\n\u00e9"),
            format!("{a}{b}"),
            format!("{a} {b}  "),
            format!("{a} x"),
            format!("{a}\r"),
            format!("  {a}"),
            "{\"flow\": {\"id\": \"m\",\n \"execution\": []}}".to_owned(),
            "{\"flow\": oops}".to_owned(),
            "}".to_owned(),
            "]".to_owned(),
            "{}".to_owned(),
            "3".to_owned(),
            "\"x\"".to_owned(),
            String::new(),
            "   ".to_owned(),
            "{\"flow\": {\"id\": \"not closed\"".to_owned(),
            "{\"flow\": \"\u{1}\"}".to_owned(),
            format!("{a}{{\"flow\": oops}}"),
            format!("{{\"x\": [{}]}}", "[".repeat(200) + &"]".repeat(200)),
        ];
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for l in &lines {
            for end in ["\n", "\r\n"] {
                texts.push(format!("{a}{end}{l}{end}{b}{end}").into_bytes());
                texts.push(format!("{a}{end}{b}{end}{l}").into_bytes());
                texts.push(format!("{l}{end}{a}{end}{l}{end}{b}{end}{l}{end}").into_bytes());
                texts.push(format!("{a}{end}{end}{l}{end}{end}{l}{end}{a}").into_bytes());
            }
        }
        // Text that is not UTF-8, and a document across lines with its break in a string.
        texts.push([a.as_bytes(), b"\n{\"flow\": \"\xff\"}\n", b.as_bytes()].concat());
        texts.push(format!("{a}\n{{\"flow\": \"x\ny\"}}\n{b}").into_bytes());
        texts.push(Vec::new());
        for text in &texts {
            for cap in [1 << 20, 80, 200] {
                let counted = documents(text, cap, false);
                let lines = documents(text, cap, true);
                assert_eq!(lines, counted, "cap {cap}: {}", String::from_utf8_lossy(text));
            }
        }
        // A document's error keeps its line and column: the line's own, not the counted one's.
        let text = format!("{a}\n{b}\n{{\"flow\": oops}}\n{a}\n");
        let (got, _) = documents(text.as_bytes(), 1 << 20, true);
        let Some((3, 3, 1, Err(StreamError::Bad { index, line, column, .. }))) = got.last() else {
            panic!("{got:?}")
        };
        assert_eq!((*index, *line, *column), (3, 3, 10));
    }

    #[test]
    fn a_line_longer_than_the_cap_is_too_large_as_the_counted_split_says_and_read_no_further() {
        let (a, long) = (doc("a"), doc(&"x".repeat(500)));
        for text in [format!("{a}\n{long}\n{a}\n"), format!("{a}\n{a}{long}\n{a}\n")] {
            let (got, end) = documents(text.as_bytes(), 200, true);
            assert_eq!(got.iter().filter(|d| d.3.is_ok()).count(), got.len(), "{got:?}");
            let Err(StreamError::TooLarge { limit: 200, .. }) = end else { panic!("{end:?}") };
            assert_eq!((got, end), documents(text.as_bytes(), 200, false));
        }
    }
}
