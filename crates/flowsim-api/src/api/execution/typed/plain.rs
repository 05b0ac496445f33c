//! The plain case of a document's text read without serde_json's reader: a `Deserializer` over
//! the text that the one-pass reader's visitors (`typed`) run on unchanged, for text whose
//! strings hold no escape. Strings (keys and values) are handed over borrowed from the text;
//! anything else it does not take (an escape, a control character, text that is not JSON, a
//! nesting past [`MAX_DEPTH`]) is an error, and the reader reads the text again with
//! serde_json's, which decides.
//!
//! Invariants:
//! - Every visitor call it makes is the one serde_json's reader makes of the same text: a
//!   string `visit_borrowed_str`, a number serde_json's own (its text handed to serde_json),
//!   `true` / `false` `visit_bool`, `null` `visit_unit`, an object `visit_map` with its keys
//!   borrowed, a list `visit_seq`. So what the visitors build is what they build over
//!   serde_json's.
//! - It accepts only JSON serde_json accepts: where it is not sure (escapes, control
//!   characters, a literal or number serde_json refuses, trailing text), it refuses.
//!
//! Cost: one pass over the text; a string found by a table of the bytes that end or escape it.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Error;

/// How deep lists and objects nest at most: serde_json's own bound (it refuses the 128th).
const MAX_DEPTH: usize = 127;

/// Not the plain case: serde_json's reader reads the text.
fn other() -> Error {
    de::Error::custom("read by serde_json's reader")
}

/// The bytes that end a plain string or make it not plain: a quote, a backslash, a control
/// character.
static STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Where the first byte of `bytes` that [`STOP`] marks is: eight bytes at a time (a byte
/// marked in a word found with the bit tricks for a zero byte and a byte below 0x20, whose
/// lowest mark is always a true one), the rest one by one.
#[inline]
fn stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let marked = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        let marked = marked & HIGH;
        if marked != 0 {
            return Some(at + (marked.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|&b| STOP[usize::from(b)]).map(|p| at + p)
}

/// The reader: the text, where it is, and how deep.
pub(super) struct Plain<'de> {
    text: &'de str,
    pos: usize,
    depth: usize,
}

impl<'de> Plain<'de> {
    pub(super) fn new(text: &'de str) -> Plain<'de> {
        Plain { text, pos: 0, depth: 0 }
    }

    /// Nothing but white space is left.
    pub(super) fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(other()),
        }
    }

    /// The next byte after white space, left unread.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// The string whose opening quote is the next byte, without escapes, borrowed.
    #[inline]
    fn string(&mut self) -> Result<&'de str, Error> {
        let start = self.pos + 1;
        let bytes = self.text.as_bytes();
        let len = bytes.get(start..).and_then(stop).ok_or_else(other)?;
        if bytes[start + len] != b'"' {
            return Err(other());
        }
        self.pos = start + len + 1;
        // Both ends are ASCII quotes: the slice is on character boundaries.
        self.text.get(start..start + len).ok_or_else(other)
    }

    /// Passes `word` (`true`, `false`, `null`) if it is next.
    fn word(&mut self, word: &str) -> Result<(), Error> {
        if self.text.as_bytes()[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(other())
        }
    }

    /// The text of the number that starts at the next byte: the bytes a JSON number may hold.
    fn number(&mut self) -> &'de str {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut end = start;
        while end < bytes.len()
            && matches!(bytes[end], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        {
            end += 1;
        }
        self.pos = end;
        // ASCII bytes at both ends: on character boundaries.
        self.text.get(start..end).unwrap_or_default()
    }

    /// A list or object entered, past its opening byte: past [`MAX_DEPTH`], not the plain
    /// case.
    fn enter(&mut self) -> Result<(), Error> {
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(other());
        }
        Ok(())
    }

    /// A list or object left: its closing byte `end` is next, stepped past, one level up.
    fn leave(&mut self, end: u8) -> Result<(), Error> {
        if self.peek() != Some(end) {
            return Err(other());
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }
}

impl<'de> Deserializer<'de> for &mut Plain<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek().ok_or_else(other)? {
            b'"' => {
                let s = self.string()?;
                visitor.visit_borrowed_str(s)
            }
            b'{' => {
                self.enter()?;
                let value = visitor.visit_map(Entries { de: &mut *self, first: true })?;
                self.leave(b'}')?;
                Ok(value)
            }
            b'[' => {
                self.enter()?;
                let value = visitor.visit_seq(Entries { de: &mut *self, first: true })?;
                self.leave(b']')?;
                Ok(value)
            }
            b't' => {
                self.word("true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.word("false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.word("null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' => {
                // serde_json reads the number, and says which visit it is.
                let mut de = serde_json::Deserializer::from_str(self.number());
                let value = de.deserialize_any(visitor).map_err(|_| other())?;
                de.end().map_err(|_| other())?;
                Ok(value)
            }
            _ => Err(other()),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        newtype_struct tuple_struct map struct enum identifier ignored_any
    }
}

/// An object's entries or a list's items, read one by one.
struct Entries<'a, 'de> {
    de: &'a mut Plain<'de>,
    first: bool,
}

impl Entries<'_, '_> {
    /// Whether another entry follows (`end` closes them): past the comma between two.
    fn more(&mut self, end: u8) -> Result<bool, Error> {
        let next = self.de.peek().ok_or_else(other)?;
        if next == end {
            return Ok(false);
        }
        if !std::mem::take(&mut self.first) {
            if next != b',' {
                return Err(other());
            }
            self.de.pos += 1;
            self.de.peek().ok_or_else(other)?;
        }
        Ok(true)
    }
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        // A key is a string; `{,` and `{"a": 1,}` are not JSON.
        if self.de.text.as_bytes()[self.de.pos] != b'"' {
            return Err(other());
        }
        let key = self.de.string()?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        if self.de.peek() != Some(b':') {
            return Err(other());
        }
        self.de.pos += 1;
        seed.deserialize(&mut *self.de)
    }
}

impl<'de> SeqAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if !self.more(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`stop`] finds the first byte [`STOP`] marks, as a loop over the bytes does, wherever it
    /// is in a word and whatever the bytes before it (every byte value, at every place).
    #[test]
    fn stop_finds_the_first_marked_byte_as_one_by_one() {
        let one_by_one = |b: &[u8]| b.iter().position(|&c| STOP[usize::from(c)]);
        let fillers = [b'a', 0x7f, 0x80, 0xff, 0x21, 0x5b, 0x5d, 0x1f, 0x20, 0x01];
        for len in 0..20 {
            for &fill in &fillers {
                for at in 0..=len {
                    for marked in 0..=255u8 {
                        let mut bytes = vec![fill; len];
                        if at < len {
                            bytes[at] = marked;
                        }
                        assert_eq!(stop(&bytes), one_by_one(&bytes), "{bytes:?}");
                    }
                }
            }
        }
    }
}
