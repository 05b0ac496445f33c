//! Connections: at most [`Limits::max_connections`] open at once, and each must deliver a
//! complete request head within [`Limits::head_timeout`] of opening or of its last response
//! (so neither an idle connection nor one that sends its headers a byte at a time is kept).
//!
//! axum's `serve` sets no timer on hyper, so hyper has no header timeout of its own: the
//! listener wraps each stream in [`Guarded`], which frames the requests as they go by (a head
//! ends at a blank line, `\r\n\r\n` or `\n\n`; its body is `Content-Length` bytes or chunks),
//! so that pipelined requests (several sent before the first answer) are each checked from
//! their first byte, wherever the reads cut them. While a request is being served (counted by
//! the [`track`] middleware through [`ConnLink`]) the connection has no deadline: a run may be
//! long, and the body has its own timeout (`limits::read_body`).
//!
//! Every answer hyper makes itself (a head it cannot parse: 400, too many or too large header
//! fields: 431, ...) is a bare status with an empty body; [`Guarded`] replaces it, as it is
//! written, with the same status in the cloud's error body.
//!
//! [`Limits::max_connections`]: super::Limits::max_connections
//! [`Limits::head_timeout`]: super::Limits::head_timeout

use super::shapes::{seq_uuid, ApiError, VIRTUAL_DATE};
use super::Emulator;
use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

/// What a connection's guard and the requests served on it share: how many requests are being
/// served, and how many were answered.
#[derive(Default)]
pub(super) struct ConnState {
    active: AtomicUsize,
    answered: AtomicU64,
}

/// A connection's [`ConnState`], handed to each request as its connect info.
#[derive(Clone)]
pub(super) struct ConnLink(Arc<ConnState>);

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, GuardedListener>>
    for ConnLink
{
    fn connect_info(stream: axum::serve::IncomingStream<'_, GuardedListener>) -> ConnLink {
        ConnLink(stream.io().state.clone())
    }
}

/// Counts the request as being served on its connection until its response is made.
pub(super) async fn track(request: Request, next: Next) -> Response {
    let link = request.extensions().get::<ConnectInfo<ConnLink>>().map(|c| c.0 .0.clone());
    let Some(state) = link else { return next.run(request).await };
    state.active.fetch_add(1, Ordering::AcqRel);
    let _served = Served(state);
    next.run(request).await
}

/// Ends a request's count (also when the request is dropped unanswered).
struct Served(Arc<ConnState>);

impl Drop for Served {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::AcqRel);
        self.0.answered.fetch_add(1, Ordering::AcqRel);
    }
}

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
            // A streamed answer goes out in small chunks: without this, Nagle's algorithm holds
            // each one until the client acknowledges the last, and a client that delays its
            // acknowledgements (40 ms on Linux) sees the stream stall at every chunk.
            let _ = stream.set_nodelay(true);
            let deadline = Box::pin(tokio::time::sleep(self.em.limits.head_timeout));
            let guarded = Guarded {
                stream,
                em: self.em.clone(),
                open: self.open.clone(),
                frame: Frame::Head(HeadScan::default()),
                state: Arc::default(),
                answered: 0,
                received: 0,
                out: None,
                linger: Linger::No,
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

/// The largest request head read, all its lines together. hyper's own bound (its read buffer,
/// about 408 KiB) is not a bound on the head: one read may take more than it, and a head that
/// arrives in one read is then parsed whole. This one is checked byte by byte, whatever the
/// reads, so a head past it is always refused.
const MAX_HEAD: usize = 64 * 1024;

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
    /// Header fields so far.
    fields: usize,
    /// Bytes of the head so far.
    size: usize,
    /// The current field's name, lower-cased, while it may still be one the framing needs.
    name: Vec<u8>,
    /// Its value, when the name is `content-length` or `transfer-encoding`.
    value: Vec<u8>,
    /// What the head says of its body.
    body: BodyHeaders,
}

/// What a request head says of the body after it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct BodyHeaders {
    length: Option<u64>,
    /// A `Content-Length` that is no number, or two that differ.
    bad_length: bool,
    /// `Transfer-Encoding` ends with `chunked`.
    chunked: bool,
    /// A `Transfer-Encoding` that does not end with `chunked`.
    other_coding: bool,
}

/// Header fields one head may have (hyper's own bound; past it, 431).
const MAX_FIELDS: usize = 100;
/// The longest `Content-Length` or `Transfer-Encoding` value kept for framing.
const MAX_FRAMING_VALUE: usize = 256;

const NOT_HTTP: &str = "the bytes received are not an HTTP/1.1 request";

fn tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

impl HeadScan {
    /// Feeds `bytes`: whether they complete the head, or show it is not HTTP.
    #[cfg(test)]
    fn feed(&mut self, bytes: &[u8]) -> Head {
        self.feed_at(bytes).0
    }

    /// [`HeadScan::feed`], and how many of the bytes the head took (all of them unless it is
    /// done: what follows is its body, or the next request).
    fn feed_at(&mut self, bytes: &[u8]) -> (Head, usize) {
        if !bytes.is_empty() {
            self.started = true;
        }
        for (i, &b) in bytes.iter().enumerate() {
            if let Some(bad) = self.byte(b) {
                return (Head::Bad(bad), i);
            }
            self.state = match (b, self.state) {
                (b'\n', 1 | 2) => return (Head::Done, i + 1),
                (b'\n', _) => 1,
                (b'\r', 1) => 2,
                _ => 0,
            };
        }
        (Head::More, bytes.len())
    }

    /// The end of a header field: notes what it says of the body.
    fn field_done(&mut self) {
        self.fields += 1;
        let value = std::mem::take(&mut self.value);
        let name = std::mem::take(&mut self.name);
        let text = String::from_utf8_lossy(&value);
        let text = text.trim_matches([' ', '\t']);
        match &name[..] {
            b"content-length" => {
                let n =
                    text.parse::<u64>().ok().filter(|_| text.bytes().all(|c| c.is_ascii_digit()));
                match (n, self.body.length) {
                    (Some(n), None) => self.body.length = Some(n),
                    (Some(n), Some(m)) if n == m => {}
                    _ => self.body.bad_length = true,
                }
            }
            b"transfer-encoding" => {
                let last = text.rsplit(',').next().unwrap_or("").trim_matches([' ', '\t']);
                if last.eq_ignore_ascii_case("chunked") {
                    self.body.chunked = true;
                } else {
                    self.body.other_coding = true;
                }
            }
            _ => {}
        }
    }

    /// One byte of the head.
    fn byte(&mut self, b: u8) -> Option<&'static str> {
        const VERSION: &[u8] = b"HTTP/1.";
        self.size += 1;
        if self.size > MAX_HEAD {
            return Some("a request head is longer than 64 KiB");
        }
        if b == b'\r' {
            return None;
        }
        if b == b'\n' {
            let part = std::mem::take(&mut self.part);
            self.len = 0;
            return match part {
                // A blank line ends the head (or, before the request line, is tolerated: RFC
                // 9112 §2.2).
                Part::Start => None,
                Part::Value => {
                    self.field_done();
                    (self.fields > MAX_FIELDS).then_some("a request has more than 100 header fields")
                }
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
            (Part::Method, b' ') => Part::Target,
            (Part::Method, c) if tchar(c) => Part::Method,
            (Part::Target, b' ') => Part::Version(0),
            (Part::Target, c) if c.is_ascii_graphic() || c >= 0x80 => Part::Target,
            (Part::Version(n @ 0..=6), c) if c == VERSION[usize::from(n)] => Part::Version(n + 1),
            (Part::Version(7), b'0' | b'1') => Part::Version(8),
            (Part::Name, b':') => Part::Value,
            (Part::Start | Part::Name, c) if self.request && tchar(c) => {
                if self.name.len() < b"transfer-encoding".len() + 1 {
                    self.name.push(c.to_ascii_lowercase());
                }
                Part::Name
            }
            (Part::Start, _) => return Some("a request header line is not `name: value`"),
            (Part::Value, c) if c == b'\t' || c >= b' ' && c != 0x7f => {
                let framing = self.name == b"content-length" || self.name == b"transfer-encoding";
                if framing && self.value.len() < MAX_FRAMING_VALUE {
                    self.value.push(c);
                }
                Part::Value
            }
            (Part::Name | Part::Value, _) => return Some("a request header line is not `name: value`"),
            _ => return Some("the request line is not `METHOD target HTTP/1.1`: the bytes received are not an HTTP/1.1 request"),
        };
        None
    }
}

/// Where a connection's incoming bytes are.
#[derive(Debug)]
enum Frame {
    /// In a request head (or before one).
    Head(HeadScan),
    /// In a body: this many bytes still to come.
    Body(u64),
    /// In a chunked body.
    Chunked(ChunkScan),
    /// Framing hyper will refuse (a bad length or coding), or a request passed through for
    /// hyper to refuse: nothing more is checked.
    Lost,
}

/// Where a chunked body is: in a chunk-size line, a chunk's data, or the trailer.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// The size's hex digits (and whether one arrived).
    #[default]
    Size,
    /// Extensions after the size, to the end of the line.
    Ext,
    /// This many data bytes still to come.
    Data(u64),
    /// The line end after a chunk's data.
    DataEnd,
    /// Trailer lines; `true` once the current line has a byte.
    Trailer(bool),
}

#[derive(Debug, Default, Clone, Copy)]
struct ChunkScan {
    at: Chunk,
    size: u64,
    digits: bool,
}

/// What a chunked body's bytes did.
enum ChunkEnd {
    More,
    /// The body ended after this many bytes.
    Done(usize),
    Bad,
}

impl ChunkScan {
    fn feed(&mut self, bytes: &[u8]) -> ChunkEnd {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match self.at {
                Chunk::Data(n) => {
                    let take = n.min((bytes.len() - i) as u64);
                    i += take as usize;
                    self.at = if take == n { Chunk::DataEnd } else { Chunk::Data(n - take) };
                    continue;
                }
                Chunk::Size => match b {
                    b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' => {
                        let digit = u64::from((b as char).to_digit(16).unwrap_or(0));
                        let Some(size) =
                            self.size.checked_mul(16).and_then(|s| s.checked_add(digit))
                        else {
                            return ChunkEnd::Bad;
                        };
                        self.size = size;
                        self.digits = true;
                    }
                    b';' | b' ' | b'\t' if self.digits => self.at = Chunk::Ext,
                    b'\r' if self.digits => {}
                    b'\n' if self.digits => self.end_size_line(),
                    _ => return ChunkEnd::Bad,
                },
                Chunk::Ext => {
                    if b == b'\n' {
                        self.end_size_line();
                    }
                }
                Chunk::DataEnd => match b {
                    b'\r' => {}
                    b'\n' => *self = ChunkScan::default(),
                    _ => return ChunkEnd::Bad,
                },
                Chunk::Trailer(line) => match b {
                    b'\r' => {}
                    b'\n' if !line => return ChunkEnd::Done(i + 1),
                    b'\n' => self.at = Chunk::Trailer(false),
                    _ => self.at = Chunk::Trailer(true),
                },
            }
            i += 1;
        }
        ChunkEnd::More
    }

    fn end_size_line(&mut self) {
        self.at = if self.size == 0 { Chunk::Trailer(false) } else { Chunk::Data(self.size) };
    }
}

/// A connection with a head deadline (see the module doc).
pub(super) struct Guarded {
    stream: TcpStream,
    em: Arc<Emulator>,
    open: Arc<AtomicUsize>,
    frame: Frame,
    /// Shared with the requests served on this connection.
    state: Arc<ConnState>,
    /// `state.answered` when last seen (a change restarts the head deadline).
    answered: u64,
    /// Requests whose heads were read.
    received: u64,
    /// hyper's bare error, being replaced by the cloud's error body: the bytes and how many
    /// are written, and the length hyper asked to write.
    out: Option<(Vec<u8>, usize, usize)>,
    /// Whether closing reads what the client still sends first (after a refusal).
    linger: Linger,
    deadline: Pin<Box<Sleep>>,
}

/// A lingering close, as web servers do one after refusing a request: a client may still be
/// sending the request (a head too large, a body not read), and a socket closed with unread
/// input is reset, which makes the client's system drop the answer before the client reads
/// it. So after a refusal the guard sends its answer and the end of its output, then reads
/// and drops the client's input until the client closes, [`LINGER_BYTES`] are read, or
/// [`LINGER_TIME`] passes.
enum Linger {
    /// Close at once (every answer but a refusal).
    No,
    /// A refusal was written: linger when hyper closes.
    Refused,
    /// The output is ended; reading, with this many bytes read so far.
    Draining(usize),
}

/// How much of a refused client's input a lingering close reads at most.
const LINGER_BYTES: usize = 4 << 20;
/// How long a lingering close reads at most.
const LINGER_TIME: Duration = Duration::from_secs(2);

impl Drop for Guarded {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Guarded {
    /// Frames `bytes`, just read: `Err` with the reason and where the bad head began in them
    /// (0 when it began in an earlier read).
    fn frame(&mut self, bytes: &[u8]) -> Result<(), (&'static str, usize)> {
        let mut i = 0;
        let mut head_start = 0;
        while i < bytes.len() {
            match &mut self.frame {
                Frame::Head(scan) => {
                    if !scan.started {
                        head_start = i;
                    }
                    let (head, n) = scan.feed_at(&bytes[i..]);
                    i += n;
                    match head {
                        Head::More => {}
                        Head::Bad(why) => return Err((why, head_start)),
                        Head::Done => {
                            let body = scan.body;
                            self.received += 1;
                            // A request arrived: its service gets a fresh deadline's worth
                            // of time to start (then it counts as served, with none).
                            let at = Instant::now() + self.em.limits.head_timeout;
                            self.deadline.as_mut().reset(at);
                            self.frame = if body.bad_length || body.other_coding {
                                Frame::Lost
                            } else if body.chunked {
                                Frame::Chunked(ChunkScan::default())
                            } else {
                                match body.length {
                                    Some(n) if n > 0 => Frame::Body(n),
                                    _ => Frame::Head(HeadScan::default()),
                                }
                            };
                        }
                    }
                }
                Frame::Body(left) => {
                    let take = (*left).min((bytes.len() - i) as u64);
                    i += take as usize;
                    *left -= take;
                    if *left == 0 {
                        self.frame = Frame::Head(HeadScan::default());
                    }
                }
                Frame::Chunked(scan) => match scan.feed(&bytes[i..]) {
                    ChunkEnd::More => i = bytes.len(),
                    ChunkEnd::Done(n) => {
                        i += n;
                        self.frame = Frame::Head(HeadScan::default());
                    }
                    ChunkEnd::Bad => self.frame = Frame::Lost,
                },
                Frame::Lost => break,
            }
        }
        Ok(())
    }

    /// Whether a request of this connection is being served (or was read and not answered).
    fn busy(&self) -> bool {
        self.state.active.load(Ordering::Acquire) > 0
            || self.received > self.state.answered.load(Ordering::Acquire)
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
                let read = buf.filled()[before..].to_vec();
                if let Err((why, start)) = this.frame(&read) {
                    if start > 0 || this.busy() {
                        // Requests before it are pipelined: they are answered first, and hyper
                        // refuses this one in its turn (its bare status replaced on the way
                        // out, see `poll_write`).
                        this.frame = Frame::Lost;
                        return Poll::Ready(Ok(()));
                    }
                    let status = if why.contains("longer than") || why.contains("more than") {
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
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                let answered = self.state.answered.load(Ordering::Acquire);
                if answered != self.answered {
                    // A response was made: the next head's deadline runs from here.
                    self.answered = answered;
                    let at = Instant::now() + self.em.limits.head_timeout;
                    self.deadline.as_mut().reset(at);
                }
                let Frame::Head(scan) = &self.frame else { return Poll::Pending };
                let started = scan.started;
                if self.busy() {
                    return Poll::Pending;
                }
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

/// The status of a response hyper wrote itself for a request it could not read: a head alone,
/// an error status and an empty body (every answer of the emulator's own has a JSON body).
fn bare_error(data: &[u8]) -> Option<StatusCode> {
    let rest = data.strip_prefix(b"HTTP/1.1 ")?;
    let code = std::str::from_utf8(rest.get(..3)?).ok()?.parse::<u16>().ok()?;
    let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
    (code >= 400 && end + 4 == data.len() && head.contains("\r\ncontent-length: 0"))
        .then(|| StatusCode::from_u16(code).ok())
        .flatten()
}

/// The cloud's message for a status hyper answers itself.
fn bare_message(status: StatusCode) -> String {
    match status.as_u16() {
        431 => "The request's header fields are too large or too many.".to_owned(),
        414 => "The request's target is too long.".to_owned(),
        400 => "The request is not a valid HTTP/1.1 request: its head, or the framing of its body, cannot be read.".to_owned(),
        _ => format!("{}.", status.canonical_reason().unwrap_or("The request was refused")),
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.out.is_none() {
            if let Some(status) = bare_error(data) {
                let e = ApiError::new(status, bare_message(status));
                let bytes = raw_error(&self.em, &e);
                self.out = Some((bytes, 0, data.len()));
                self.linger = Linger::Refused;
            }
        }
        if let Some((bytes, done, len)) = &mut self.out {
            let (bytes, len) = (std::mem::take(bytes), *len);
            let mut at = *done;
            while at < bytes.len() {
                match Pin::new(&mut self.stream).poll_write(cx, &bytes[at..]) {
                    Poll::Ready(Ok(0)) => {
                        return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                    }
                    Poll::Ready(Ok(n)) => at += n,
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => {
                        self.out = Some((bytes, at, len));
                        return Poll::Pending;
                    }
                }
            }
            self.out = None;
            return Poll::Ready(Ok(len));
        }
        let written = Pin::new(&mut self.stream).poll_write(cx, data);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            // A response is going out: the next head's deadline runs from here.
            let at = Instant::now() + self.em.limits.head_timeout;
            self.deadline.as_mut().reset(at);
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut read = match self.linger {
            Linger::Draining(read) => read,
            Linger::No | Linger::Refused => {
                let shut = std::task::ready!(Pin::new(&mut self.stream).poll_shutdown(cx));
                if shut.is_err() || matches!(self.linger, Linger::No) {
                    return Poll::Ready(shut);
                }
                self.deadline.as_mut().reset(Instant::now() + LINGER_TIME);
                0
            }
        };
        let mut scratch = [0u8; 8192];
        while read < LINGER_BYTES {
            let mut buf = ReadBuf::new(&mut scratch);
            match Pin::new(&mut self.stream).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if !buf.filled().is_empty() => read += buf.filled().len(),
                // The client closed, or its connection failed: nothing left to wait for.
                Poll::Ready(_) => break,
                Poll::Pending => {
                    if self.deadline.as_mut().poll(cx).is_ready() {
                        break;
                    }
                    self.linger = Linger::Draining(read);
                    return Poll::Pending;
                }
            }
        }
        self.linger = Linger::No;
        Poll::Ready(Ok(()))
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
    use super::{Head, HeadScan, MAX_HEAD, MAX_HEAD_LINE};

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

    #[test]
    fn a_head_past_its_bound_is_refused_in_one_read_or_many() {
        let field = format!("X-A: {}\r\n", "a".repeat(8000));
        let head = format!("GET / HTTP/1.1\r\n{}\r\n", field.repeat(60));
        assert!(head.len() > MAX_HEAD);
        let whole = HeadScan::default().feed(head.as_bytes());
        assert_eq!(whole, Head::Bad("a request head is longer than 64 KiB"));
        let mut s = HeadScan::default();
        let pieces: Vec<Head> = head.as_bytes().chunks(1000).map(|c| s.feed(c)).collect();
        assert!(pieces.contains(&whole), "refused as it arrives: {:?}", pieces.last());
        let fits = format!("GET / HTTP/1.1\r\n{}\r\n", field.repeat(7));
        assert_eq!(HeadScan::default().feed(fits.as_bytes()), Head::Done);
    }
}
