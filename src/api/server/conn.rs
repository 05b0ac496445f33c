//! Connections: at most [`Limits::max_connections`] open at once, and each must deliver a
//! complete request head within [`Limits::head_timeout`] of opening or of its last response
//! (so neither an idle connection nor one that sends its headers a byte at a time is kept).
//!
//! axum's `serve` sets no timer on hyper, so hyper has no header timeout of its own: the
//! listener wraps each stream in [`Guarded`], which watches the bytes go by. A head ends at a
//! blank line (`\r\n\r\n`, or `\n\n`); from there until the response is written the connection
//! is busy and has no deadline (a run may be long; the body has its own timeout, see
//! `limits::read_body`).
//!
//! [`Limits::max_connections`]: super::Limits::max_connections
//! [`Limits::head_timeout`]: super::Limits::head_timeout

use super::shapes::{seq_uuid, ApiError, VIRTUAL_DATE};
use super::Emulator;
use axum::http::StatusCode;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

/// The emulator's listener: counts connections and guards each one.
pub(super) struct GuardedListener {
    inner: TcpListener,
    em: Arc<Emulator>,
    open: Arc<AtomicUsize>,
}

impl GuardedListener {
    pub fn new(inner: TcpListener, em: Arc<Emulator>) -> GuardedListener {
        GuardedListener { inner, em, open: Arc::default() }
    }
}

impl axum::serve::Listener for GuardedListener {
    type Io = Guarded;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Guarded, SocketAddr) {
        loop {
            let (stream, addr) = axum::serve::Listener::accept(&mut self.inner).await;
            let max = self.em.limits.max_connections;
            if self.open.load(Ordering::Acquire) >= max {
                let e = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("Too many connections: at most {max} at once."),
                );
                // Best effort: a fresh socket's send buffer takes a short answer whole.
                let _ = stream.try_write(&raw_error(&self.em, &e));
                continue;
            }
            self.open.fetch_add(1, Ordering::AcqRel);
            let deadline = Box::pin(tokio::time::sleep(self.em.limits.head_timeout));
            let guarded = Guarded {
                stream,
                em: self.em.clone(),
                open: self.open.clone(),
                head: Some(HeadScan::default()),
                deadline,
            };
            return (guarded, addr);
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// The longest line of a request head read (hyper's own limit on a whole head is larger; a
/// line this long is no request anyone sends).
const MAX_HEAD_LINE: usize = 16 * 1024;

/// What the bytes of a head said so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    /// Not complete yet.
    More,
    /// The blank line that ends the head arrived.
    Done,
    /// Not an HTTP/1 request head: answered 400 (or 431 for a line too long) in the cloud's
    /// error shape here, since hyper would answer with a bare status and no body.
    Bad(&'static str),
}

/// Where the current line of a head is: which part of a request line or header field the next
/// byte belongs to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Before any byte of the line.
    #[default]
    Start,
    Method,
    Target,
    /// `HTTP/1.x`: how many of its bytes arrived.
    Version(u8),
    Name,
    Value,
}

/// Where a head's end is, across reads (0 nothing, 1 after `\n`, 2 after `\n\r`), and the
/// current line, checked byte by byte as httparse would (so a bad byte is answered here, in the
/// read hyper would see it in): the first line must be `METHOD target HTTP/1.x`, the others
/// `name: value`.
#[derive(Debug, Default, Clone)]
struct HeadScan {
    state: u8,
    /// Some bytes of this head arrived (a timeout then answers 408 rather than just closing).
    started: bool,
    /// The request line was seen.
    request: bool,
    part: Part,
    /// Bytes of the current line.
    len: usize,
}

const NOT_HTTP: &str = "the bytes received are not an HTTP/1.1 request";

fn tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

impl HeadScan {
    /// Feeds `bytes`: whether they complete the head, or show it is not HTTP.
    fn feed(&mut self, bytes: &[u8]) -> Head {
        if !bytes.is_empty() {
            self.started = true;
        }
        for &b in bytes {
            if let Some(bad) = self.byte(b) {
                return Head::Bad(bad);
            }
            self.state = match (b, self.state) {
                (b'\n', 1 | 2) => return Head::Done,
                (b'\n', _) => 1,
                (b'\r', 1) => 2,
                _ => 0,
            };
        }
        Head::More
    }

    /// One byte of the head.
    fn byte(&mut self, b: u8) -> Option<&'static str> {
        const VERSION: &[u8] = b"HTTP/1.";
        if b == b'\r' {
            return None;
        }
        if b == b'\n' {
            let part = std::mem::take(&mut self.part);
            self.len = 0;
            return match part {
                // A blank line ends the head (or, before the request line, is tolerated: RFC
                // 9112 §2.2).
                Part::Start | Part::Value => None,
                Part::Version(8) => {
                    self.request = true;
                    None
                }
                Part::Method | Part::Target | Part::Version(_) => {
                    Some("the request line is not `METHOD target HTTP/1.1`: the bytes received are not an HTTP/1.1 request")
                }
                Part::Name => Some("a request header line is not `name: value`"),
            };
        }
        self.len += 1;
        if self.len > MAX_HEAD_LINE {
            return Some("a request header line is longer than 16 KiB");
        }
        self.part = match (self.part, b) {
            (Part::Start, c) if !self.request && c.is_ascii_alphabetic() => Part::Method,
            (Part::Start, _) if !self.request => return Some(NOT_HTTP),
            (Part::Start, c) if tchar(c) => Part::Name,
            (Part::Start, _) => return Some("a request header line is not `name: value`"),
            (Part::Method, b' ') => Part::Target,
            (Part::Method, c) if tchar(c) => Part::Method,
            (Part::Target, b' ') => Part::Version(0),
            (Part::Target, c) if c.is_ascii_graphic() || c >= 0x80 => Part::Target,
            (Part::Version(n @ 0..=6), c) if c == VERSION[usize::from(n)] => Part::Version(n + 1),
            (Part::Version(7), b'0' | b'1') => Part::Version(8),
            (Part::Name, b':') => Part::Value,
            (Part::Name, c) if tchar(c) => Part::Name,
            (Part::Value, c) if c == b'\t' || c >= b' ' && c != 0x7f => Part::Value,
            (Part::Name | Part::Value, _) => return Some("a request header line is not `name: value`"),
            _ => return Some("the request line is not `METHOD target HTTP/1.1`: the bytes received are not an HTTP/1.1 request"),
        };
        None
    }
}

/// A connection with a head deadline (see the module doc).
pub(super) struct Guarded {
    stream: TcpStream,
    em: Arc<Emulator>,
    open: Arc<AtomicUsize>,
    /// `Some` while waiting for a request head; `None` while a request is being served.
    head: Option<HeadScan>,
    deadline: Pin<Box<Sleep>>,
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let this = &mut *self;
                if let Some(scan) = &mut this.head {
                    match scan.feed(&buf.filled()[before..]) {
                        Head::More => {}
                        Head::Done => this.head = None,
                        Head::Bad(why) => {
                            let status = if why.contains("longer than") {
                                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
                            } else {
                                StatusCode::BAD_REQUEST
                            };
                            let e = ApiError::new(status, format!("{why}."));
                            // Best effort, as for the 408: the socket takes a short answer.
                            let _ = this.stream.try_write(&raw_error(&this.em, &e));
                            return Poll::Ready(Err(io::Error::new(
                                io::ErrorKind::InvalidData,
                                "not an HTTP/1.1 request head",
                            )));
                        }
                    }
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                let Some(started) = self.head.as_ref().map(|s| s.started) else {
                    return Poll::Pending;
                };
                if self.deadline.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                let limit = self.em.limits.head_timeout;
                if started {
                    let e = ApiError::new(
                        StatusCode::REQUEST_TIMEOUT,
                        format!("The request headers did not arrive within {}.", seconds(limit)),
                    );
                    let _ = self.stream.try_write(&raw_error(&self.em, &e));
                }
                Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "no complete request head in time",
                )))
            }
            ready @ Poll::Ready(Err(_)) => ready,
        }
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(cx, data);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            // A response is going out: the next head's deadline runs from here.
            self.head = Some(HeadScan::default());
            let at = Instant::now() + self.em.limits.head_timeout;
            self.deadline.as_mut().reset(at);
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} seconds", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// A whole HTTP/1.1 response with the cloud's error body, for answers written below hyper.
fn raw_error(em: &Emulator, e: &ApiError) -> Vec<u8> {
    let context = seq_uuid(0xa000_0000, Emulator::next(&em.next_context));
    let body = e.body(&context).to_string();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\ninin-correlation-id: {context}\r\ndate: {VIRTUAL_DATE}\r\n\r\n{body}",
        e.status.as_u16(),
        e.status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::{Head, HeadScan, MAX_HEAD_LINE};

    #[test]
    fn a_head_ends_at_a_blank_line_across_reads() {
        let mut s = HeadScan::default();
        assert_eq!(s.feed(b"GET / HTTP/1.1\r\nHost: x\r"), Head::More);
        assert_eq!(s.feed(b"\n\r\n"), Head::Done);
        let mut s = HeadScan::default();
        assert_eq!(s.feed(b"GET / HTTP/1.1\r\n"), Head::More);
        assert_eq!(s.feed(b"Host: x\r\n\r"), Head::More);
        assert_eq!(s.feed(b"\n"), Head::Done);
        assert_eq!(HeadScan::default().feed(b"GET / HTTP/1.0\n\n"), Head::Done);
    }

    #[test]
    fn what_is_not_an_http_head_is_told_apart() {
        let bad = |bytes: &[u8]| matches!(HeadScan::default().feed(bytes), Head::Bad(_));
        assert!(bad(b"\x16\x03\x01\x02\x00"), "a TLS hello");
        assert!(bad(b"hello there\r\n"));
        assert!(bad(b"GET /\r\n"), "HTTP/0.9");
        assert!(bad(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), "the HTTP/2 preface");
        assert!(bad(b"GET / HTTP/1.1\r\nno colon here\r\n\r\n"));
        assert!(bad(b"GET / HTTP/1.1\r\n: empty name\r\n\r\n"));
        let long = vec![b'a'; MAX_HEAD_LINE + 1];
        assert!(bad(&long));
        assert!(bad(b"a\r\nb\r\nc\r\r\n"));
        assert!(bad(b"GET /\x00 HTTP/1.1\r\n"), "a NUL in the target");
        assert_eq!(
            HeadScan::default().feed(b"POST /api/v2/x?y=1 HTTP/1.1\r\nHost: a:1\r\nX-Y:\r\n\r\n"),
            Head::Done
        );
    }
}
