//! The Debug Adapter Protocol's framing: each message a `Content-Length: N` header (other
//! headers ignored), a blank line, and N bytes of JSON.
//!
//! Bounded: a header line is at most [`MAX_HEADER_LINE`] bytes and a message at most
//! [`MAX_MESSAGE`]; either past its bound, a header that does not read, or an input that ends
//! inside a message is a [`WireError::Framing`] (the stream cannot be read on from there). A
//! body that is not JSON is not the wire's business: the server answers it.

use std::io::{BufRead, Write};

/// The most bytes a message's body may have.
pub const MAX_MESSAGE: usize = 16 << 20;
/// The most bytes a header line may have.
pub const MAX_HEADER_LINE: usize = 1024;

/// Why the client's messages cannot be read on.
#[derive(Debug)]
pub enum WireError {
    Io(std::io::Error),
    Framing(String),
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::Io(e) => write!(f, "cannot read the client's messages: {e}"),
            WireError::Framing(m) => write!(f, "the client's message is not framed as DAP: {m}"),
        }
    }
}

impl From<std::io::Error> for WireError {
    fn from(e: std::io::Error) -> WireError {
        WireError::Io(e)
    }
}

fn framing(message: impl Into<String>) -> WireError {
    WireError::Framing(message.into())
}

/// The next message's body, or `None` at the end of the input (between messages).
///
/// # Errors
/// A message that is not framed as DAP, or one past [`MAX_MESSAGE`] (refused unread).
pub fn read(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, WireError> {
    let mut length = None;
    let mut first = true;
    loop {
        let Some(line) = header_line(input)? else {
            if first {
                return Ok(None);
            }
            return Err(framing("the input ended inside a message's headers"));
        };
        first = false;
        if line.is_empty() {
            break;
        }
        let text =
            std::str::from_utf8(&line).map_err(|_| framing("a header line is not UTF-8 text"))?;
        let Some((name, value)) = text.split_once(':') else {
            return Err(framing(format!(
                "`{}` is not a header (`Content-Length: N` was expected)",
                text.escape_debug()
            )));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n = value.trim().parse::<usize>().map_err(|_| {
                framing(format!("Content-Length `{}` is not a number", value.trim().escape_debug()))
            })?;
            length = Some(n);
        }
    }
    let Some(n) = length else {
        return Err(framing("a message has no Content-Length header"));
    };
    if n > MAX_MESSAGE {
        return Err(framing(format!(
            "a message of {n} bytes is more than the {MAX_MESSAGE} bytes a message may have"
        )));
    }
    let mut body = vec![0; n];
    input.read_exact(&mut body).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            framing(format!("the input ended inside a message of {n} bytes"))
        } else {
            WireError::Io(e)
        }
    })?;
    Ok(Some(body))
}

/// One header line without its line end; `None` at the end of the input before any byte.
fn header_line(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, WireError> {
    let mut line = Vec::new();
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            if line.is_empty() {
                return Ok(None);
            }
            return Err(framing("the input ended inside a header line"));
        }
        let (part, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        if line.len() + part.len() > MAX_HEADER_LINE {
            return Err(framing(format!("a header line is longer than {MAX_HEADER_LINE} bytes")));
        }
        line.extend_from_slice(part);
        input.consume(used);
        if done {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(line));
        }
    }
}

/// Writes `message` framed, and flushes.
///
/// # Errors
/// When the output cannot be written.
pub fn write(output: &mut impl Write, message: &serde_json::Value) -> std::io::Result<()> {
    let body = serde_json::to_vec(message)?;
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(&body)?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8]) -> Vec<Result<Option<Vec<u8>>, String>> {
        let mut input = std::io::BufReader::with_capacity(7, text);
        let mut out = Vec::new();
        loop {
            let r = read(&mut input).map_err(|e| e.to_string());
            let end = !matches!(r, Ok(Some(_)));
            out.push(r);
            if end {
                return out;
            }
        }
    }

    #[test]
    fn messages_are_read_by_their_length_and_bad_framing_is_named() {
        let two = b"Content-Length: 2\r\n\r\n{}Content-Type: x\r\ncontent-length:3\r\n\r\n[1]";
        assert_eq!(read_all(two), [Ok(Some(b"{}".to_vec())), Ok(Some(b"[1]".to_vec())), Ok(None)]);
        let cases: [(&[u8], &str); 5] = [
            (b"hello\r\n\r\n", "is not a header"),
            (b"Content-Length: x\r\n\r\n", "is not a number"),
            (b"Content-Type: a\r\n\r\n{}", "no Content-Length"),
            (b"Content-Length: 10\r\n\r\n{}", "ended inside a message of 10 bytes"),
            (b"Content-Length: 99999999999\r\n\r\n", "more than the"),
        ];
        for (text, says) in cases {
            let got = read_all(text);
            let last = got.last().unwrap().as_ref().unwrap_err();
            assert!(last.contains(says), "{last}");
        }
        let long = format!("X-A: {}\r\n", "a".repeat(MAX_HEADER_LINE));
        assert!(read_all(long.as_bytes())[0].as_ref().unwrap_err().contains("longer than"));
    }
}
