//! Execution documents read one at a time from a file of any size: months of recorded
//! executions go through `replay`, `traffic` and `diff --executions` without the file in
//! memory.
//!
//! A file holds one document (`{"flow": {"execution": [...]}}`), a JSON list of them (as the
//! cloud's download jobs give them), or JSON lines (one document per line; documents one after
//! another, whatever the spacing, read the same).
//!
//! Invariants:
//! - Memory is that of one document at a time: each is parsed from a buffered reader, handed
//!   to the caller and dropped before the next is read. A document's text may take at most
//!   [`MAX_DOCUMENT_BYTES`]; the file as a whole has no cap.
//! - A file whose first value is not a document is [`StreamError::NotDocuments`] (a cassette,
//!   which its own reader explains); a later value that is not one, text that is not JSON and a
//!   document past the cap are errors naming the document's place (1-based) and the line and
//!   column, never a panic. The documents before it have been handed over.
//!
//! Cost: one pass over the file's bytes, linear in them.

use crate::api::execution::doc::is_document;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

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
    /// `line` is 0 where the reader cannot tell it (a value of JSON lines that is no document).
    #[error("document {index}{}: {message}", place(*.line, *.column))]
    Bad { index: usize, line: usize, column: usize, message: String },
    /// Document `index` takes more than `limit` bytes of text.
    #[error("document {index} (line {line}) is longer than {limit} bytes")]
    TooLarge { index: usize, line: usize, limit: u64 },
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
    let file =
        crate::util::files::open_regular(path).map_err(|e| StreamError::Io(e.to_string()))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let first = first_byte(&mut reader).map_err(|e| StreamError::Io(e.to_string()))?;
    let left = Rc::new(Cell::new(cap));
    let capped = Capped { inner: reader, left: left.clone() };
    let mut reading = Reading { each, index: 0, left, cap, fault: None };
    if first == Some(b'[') {
        let mut de = serde_json::Deserializer::from_reader(capped);
        let result = (&mut reading).deserialize(&mut de).and_then(|()| de.end());
        return reading.finish(result.err());
    }
    let mut values = serde_json::Deserializer::from_reader(capped).into_iter::<Value>();
    loop {
        reading.left.set(cap);
        match values.next() {
            None => return reading.finish(None),
            Some(Err(e)) => return reading.finish(Some(e)),
            Some(Ok(v)) => {
                if let Err(fault) = reading.take(v) {
                    reading.fault = Some(fault);
                    return reading.finish(None);
                }
            }
        }
    }
}

/// The first byte that is not white space, left unread; `None` for an empty file.
fn first_byte(reader: &mut impl BufRead) -> std::io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        let Some(&b) = buf.first() else { return Ok(None) };
        if b.is_ascii_whitespace() {
            reader.consume(1);
        } else {
            return Ok(Some(b));
        }
    }
}

/// A reader that fails once `left` bytes have been read (the caller refills it per document).
struct Capped<R> {
    inner: R,
    left: Rc<Cell<u64>>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.left.get();
        if left == 0 {
            return Err(std::io::Error::other("the document is longer than the cap"));
        }
        let n = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        let read = self.inner.read(&mut buf[..n])?;
        self.left.set(left - read as u64);
        Ok(read)
    }
}

/// What went wrong with a value the JSON reader read well.
enum Fault {
    NotDocuments,
    NotADocument,
}

/// The documents handed over so far, and the first fault.
struct Reading<'a> {
    each: &'a mut dyn FnMut(usize, Value),
    index: usize,
    left: Rc<Cell<u64>>,
    cap: u64,
    fault: Option<Fault>,
}

impl Reading<'_> {
    fn take(&mut self, v: Value) -> Result<(), Fault> {
        if !is_document(&v) {
            return Err(if self.index == 0 { Fault::NotDocuments } else { Fault::NotADocument });
        }
        self.index += 1;
        (self.each)(self.index, v);
        Ok(())
    }

    fn finish(self, error: Option<serde_json::Error>) -> Result<usize, StreamError> {
        let index = self.index + 1;
        match (self.fault, error) {
            (Some(Fault::NotDocuments), _) => Err(StreamError::NotDocuments),
            (Some(Fault::NotADocument), e) => Err(StreamError::Bad {
                index,
                line: e.as_ref().map_or(0, serde_json::Error::line),
                column: e.as_ref().map_or(0, serde_json::Error::column),
                message: "not an execution document (`{\"flow\": {\"execution\": [...]}}`)".into(),
            }),
            (None, None) if self.index == 0 => Err(StreamError::NotDocuments),
            (None, None) => Ok(self.index),
            (None, Some(e)) if self.left.get() == 0 => {
                Err(StreamError::TooLarge { index, line: e.line(), limit: self.cap })
            }
            // A first value that is not even JSON: not execution data (its reader explains).
            (None, Some(_)) if self.index == 0 => Err(StreamError::NotDocuments),
            (None, Some(e)) => Err(StreamError::Bad {
                index,
                line: e.line(),
                column: e.column(),
                message: without_place(&e),
            }),
        }
    }
}

/// serde_json's message without the ` at line L column C` it ends with.
fn without_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&at).map_or(text.clone(), str::to_owned)
}

/// The list's elements, one at a time.
impl<'de> DeserializeSeed<'de> for &mut Reading<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for &mut Reading<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of execution documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.left.set(self.cap);
            let Some(v) = seq.next_element::<Value>()? else { return Ok(()) };
            if let Err(fault) = self.take(v) {
                self.fault = Some(fault);
                return Err(serde::de::Error::custom("not an execution document"));
            }
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
}
