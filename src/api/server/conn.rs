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

/// Where a head's end is, across reads: 0 nothing, 1 after `\n`, 2 after `\n\r`.
#[derive(Debug, Default, Clone, Copy)]
struct HeadScan {
    state: u8,
    /// Some bytes of this head arrived (a timeout then answers 408 rather than just closing).
    started: bool,
}

impl HeadScan {
    /// Whether `bytes` complete the head.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        if !bytes.is_empty() {
            self.started = true;
        }
        for &b in bytes {
            self.state = match (b, self.state) {
                (b'\n', 1 | 2) => return true,
                (b'\n', _) => 1,
                (b'\r', 1) => 2,
                _ => 0,
            };
        }
        false
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
                    if scan.feed(&buf.filled()[before..]) {
                        this.head = None;
                    }
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                let Some(scan) = self.head else { return Poll::Pending };
                if self.deadline.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                let limit = self.em.limits.head_timeout;
                if scan.started {
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
    use super::HeadScan;

    #[test]
    fn a_head_ends_at_a_blank_line_across_reads() {
        let mut s = HeadScan::default();
        assert!(!s.feed(b"GET / HTTP/1.1\r\nHost: x\r"));
        assert!(s.feed(b"\n\r\n"));
        let mut s = HeadScan::default();
        assert!(!s.feed(b"GET / HTTP/1.1\r\n"));
        assert!(!s.feed(b"Host: x\r\n\r"));
        assert!(s.feed(b"\n"));
        assert!(HeadScan::default().feed(b"GET / HTTP/1.0\n\n"));
        assert!(!HeadScan::default().feed(b"a\r\nb\r\nc\r\r\n"));
    }
}
