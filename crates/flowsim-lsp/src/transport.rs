//! The server's end of the wire: LSP's base protocol (`Content-Length` headers, then a JSON-RPC
//! body) over any reader and writer, as two threads and a pair of channels
//! ([`lsp_server::Connection`]).
//!
//! Invariants:
//! - a header line is at most [`MAX_HEADER_BYTES`] and a body at most [`MAX_MESSAGE_BYTES`]:
//!   a message claiming more is refused before anything is allocated for it, and the reader
//!   stops (the stream cannot be read on past a body it did not read);
//! - a body that is not a JSON-RPC message is answered with JSON-RPC's parse error (`-32700`,
//!   `id: null`) and the reader goes on with the next message;
//! - the reader stops at the end of its input or after the `exit` notification; the server's
//!   loop then ends, since the channel it reads is closed.

use crossbeam_channel::{bounded, Receiver, Sender};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Write};
use std::thread;

/// The longest header line read.
pub const MAX_HEADER_BYTES: usize = 1024;

/// The largest message body read: a whole document of the largest flow file flowsim reads
/// ([`flowsim_project::util::MAX_INPUT_BYTES`]), JSON-escaped, with room for the envelope.
pub const MAX_MESSAGE_BYTES: usize = 2 * flowsim_project::util::MAX_INPUT_BYTES as usize + 4096;

/// The most bytes of messages read and not yet taken by the server, together (a session's
/// whole, where [`MAX_MESSAGE_BYTES`] is one message's): past it the reader waits before it
/// reads on, so a client that writes faster than the server checks cannot make the server hold
/// 64 queued messages of 64 MiB. One message larger than what is left is still taken once the
/// queue is empty.
pub const MAX_QUEUED_BYTES: usize = 2 * MAX_MESSAGE_BYTES;

/// The most bytes of one message's header lines together (each at most [`MAX_HEADER_BYTES`]).
pub const MAX_HEADERS_BYTES: usize = 8 * MAX_HEADER_BYTES;

/// What ends the reader early: input that cannot be read as LSP's base protocol.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// `Content-Length: 99999999999`
    #[error("a message of {claimed} bytes is past the server's limit of {limit} bytes")]
    TooLarge { claimed: usize, limit: usize },
    /// `Content-Length: twelve`, or no `Content-Length` header at all.
    #[error("a message header is not `Content-Length: N`: {header:?}")]
    BadHeader { header: String },
    /// A header line longer than [`MAX_HEADER_BYTES`], or header lines past
    /// [`MAX_HEADERS_BYTES`] together.
    #[error("a message header is longer than {MAX_HEADER_BYTES} bytes, or its headers than {MAX_HEADERS_BYTES}")]
    LongHeader,
    #[error("reading the client's messages failed: {0}")]
    Io(#[from] io::Error),
}

/// The threads behind a [`Connection`]; [`Threads::join`] waits for both and tells how the
/// reader ended.
pub struct Threads {
    reader: thread::JoinHandle<Result<(), WireError>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits for the reader and the writer (the writer ends once every sender is dropped).
    pub fn join(self) -> Result<(), WireError> {
        let read = self.reader.join().unwrap_or(Ok(()));
        let written = self.writer.join().unwrap_or(Ok(()));
        read?;
        written.map_err(WireError::Io)
    }
}

/// A connection reading `input` and writing `output`, each on a thread of its own.
pub fn connect<R, W>(input: R, output: W) -> (Connection, Threads)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let (to_writer, from_server) = bounded::<Outgoing>(64);
    let (to_server, from_reader) = bounded::<Message>(64);
    let writer = thread::Builder::new()
        .name("flowsim-lsp-writer".into())
        .spawn(move || write_all(output, &from_server))
        .expect("a thread can be started");
    let (server_out, server_in) = bounded::<Message>(64);
    let parse_errors = to_writer.clone();
    let reader = thread::Builder::new()
        .name("flowsim-lsp-reader".into())
        .spawn(move || read_all(input, &to_server, &parse_errors, MAX_QUEUED_BYTES))
        .expect("a thread can be started");
    // The server's messages go through the same writer as the reader's parse errors.
    thread::Builder::new()
        .name("flowsim-lsp-forward".into())
        .spawn(move || {
            for m in server_in {
                if to_writer.send(Outgoing::Message(m)).is_err() {
                    break;
                }
            }
        })
        .expect("a thread can be started");
    (Connection { sender: server_out, receiver: from_reader }, Threads { reader, writer })
}

/// What the writer writes: the server's messages, and the reader's answers to bodies that are
/// not messages (which have no request id to answer).
enum Outgoing {
    Message(Message),
    ParseError(String),
}

fn write_all<W: Write>(mut output: W, from: &Receiver<Outgoing>) -> io::Result<()> {
    for out in from {
        match out {
            Outgoing::Message(m) => m.write(&mut output)?,
            Outgoing::ParseError(why) => {
                let body = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": { "code": -32700, "message": why },
                })
                .to_string();
                write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
                output.flush()?;
            }
        }
    }
    Ok(())
}

fn read_all<R: BufRead>(
    mut input: R,
    to: &Sender<Message>,
    errors: &Sender<Outgoing>,
    budget: usize,
) -> Result<(), WireError> {
    let mut queued = Queued::default();
    while let Some(len) = read_header(&mut input)? {
        // Charged before it is read: wait until the server has taken enough of the queue.
        queued.wait_for_room(to, len, budget);
        // A fresh buffer each time: the largest body ever read is not kept for the session.
        let mut body = vec![0; len];
        input.read_exact(&mut body)?;
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                drop(body);
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to.send(message).is_err() || exit {
                    return Ok(());
                }
                queued.sent(len);
            }
            Err(e) => {
                let why = format!("the message is not JSON-RPC: {e}");
                if errors.send(Outgoing::ParseError(why)).is_err() {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// The sizes of the messages sent and not yet taken by the server, oldest first: the channel
/// is first in, first out, so the server has taken all but the last `to.len()`.
#[derive(Default)]
struct Queued {
    sizes: std::collections::VecDeque<usize>,
    bytes: usize,
}

impl Queued {
    fn sent(&mut self, len: usize) {
        self.sizes.push_back(len);
        self.bytes += len;
    }

    /// Forgets what the server took.
    fn taken(&mut self, to: &Sender<Message>) {
        while self.sizes.len() > to.len() {
            self.bytes -= self.sizes.pop_front().unwrap_or(0);
        }
    }

    /// Waits until `len` more bytes fit in `budget` (or nothing is queued).
    fn wait_for_room(&mut self, to: &Sender<Message>, len: usize, budget: usize) {
        self.taken(to);
        while !self.sizes.is_empty() && self.bytes + len > budget {
            thread::sleep(std::time::Duration::from_millis(2));
            self.taken(to);
        }
    }
}

/// The body length a message's headers give; `None` at the end of the input.
fn read_header<R: BufRead>(input: &mut R) -> Result<Option<usize>, WireError> {
    let mut len = None;
    let mut line = Vec::new();
    let mut total = 0;
    loop {
        line.clear();
        let n = <&mut R as io::Read>::take(&mut *input, MAX_HEADER_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return if len.is_none() {
                Ok(None)
            } else {
                Err(io::Error::from(io::ErrorKind::UnexpectedEof).into())
            };
        }
        total += n;
        if n > MAX_HEADER_BYTES || total > MAX_HEADERS_BYTES {
            return Err(WireError::LongHeader);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return match len {
                Some(n) => Ok(Some(n)),
                None => Err(WireError::BadHeader { header: String::new() }),
            };
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(WireError::BadHeader { header: text.to_owned() });
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let claimed: usize = value
                .trim()
                .parse()
                .map_err(|_| WireError::BadHeader { header: text.to_owned() })?;
            if claimed > MAX_MESSAGE_BYTES {
                return Err(WireError::TooLarge { claimed, limit: MAX_MESSAGE_BYTES });
            }
            len = Some(claimed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_claim_past_the_limit_is_refused_without_reading_it() {
        let mut input = io::Cursor::new(b"Content-Length: 99999999999999\r\n\r\n".to_vec());
        assert!(matches!(read_header(&mut input), Err(WireError::TooLarge { .. })));
    }

    #[test]
    fn a_body_that_is_not_json_rpc_is_answered_and_the_next_is_read() {
        let text = framed("{not json") + &framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let (tx, rx) = bounded(4);
        let (etx, erx) = bounded(4);
        read_all(io::Cursor::new(text.into_bytes()), &tx, &etx, MAX_QUEUED_BYTES).unwrap();
        assert!(matches!(erx.try_recv(), Ok(Outgoing::ParseError(_))));
        assert!(matches!(rx.try_recv(), Ok(Message::Notification(n)) if n.method == "exit"));
    }

    #[test]
    fn the_end_of_input_ends_the_reader() {
        let (tx, _rx) = bounded(1);
        let (etx, _erx) = bounded(1);
        assert!(read_all(io::Cursor::new(Vec::new()), &tx, &etx, MAX_QUEUED_BYTES).is_ok());
    }

    /// What the reader holds is charged to a budget: with the server taking nothing, it reads
    /// no further than the budget (it used to read every message the channel had room for, 64
    /// of up to 64 MiB), and once the server takes them every message arrives, in order.
    #[test]
    fn the_reader_holds_no_more_than_its_budget_of_messages_nobody_took() {
        let note =
            |i: usize| framed(&format!(r#"{{"jsonrpc":"2.0","method":"m{i:03}","params":{{}}}}"#));
        let one = note(0).len() - "Content-Length: 46\r\n\r\n".len();
        let text: String = (0..20).map(note).collect();
        let (tx, rx) = bounded(64);
        let (etx, _erx) = bounded(4);
        let reader = thread::spawn(move || {
            read_all(io::Cursor::new(text.into_bytes()), &tx, &etx, 3 * one + 1)
        });
        thread::sleep(std::time::Duration::from_millis(300));
        assert_eq!(rx.len(), 3, "the reader went past its budget");
        let got: Vec<String> = rx
            .iter()
            .map(|m| match m {
                Message::Notification(n) => n.method,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(got, (0..20).map(|i| format!("m{i:03}")).collect::<Vec<_>>());
        reader.join().unwrap().unwrap();
    }

    #[test]
    fn headers_past_their_total_are_refused() {
        let text =
            "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .repeat(MAX_HEADERS_BYTES / 60);
        let mut input = io::Cursor::new(text.into_bytes());
        assert!(matches!(read_header(&mut input), Err(WireError::LongHeader)));
    }
}
