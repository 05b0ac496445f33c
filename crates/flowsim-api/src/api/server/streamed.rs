//! The simulation streamed (`POST /api/v2/architect/simulations` with
//! `Accept: application/x-ndjson`, docs/emulator.md): the run's steps as NDJSON lines as the
//! engine finishes them, then its summary line (docs/traces.md), in a chunked body.
//!
//! The run happens on a blocking thread under the same permit as every run (at most
//! `Limits::max_concurrent_runs` at once); its output goes through a bounded channel (a few
//! chunks of 64 KiB), so a slow reader slows the run rather than growing memory, and a reader
//! that goes away ends the run at its next step (the write fails). Nothing of the trace is kept:
//! the response is bounded by the request's budgets (steps, trace bytes), not by memory, and
//! a streamed simulation is not kept as a flow instance.

use super::shapes::{parse_body, ApiError};
use super::Emulator;
use crate::engine::result::ndjson::Ndjson;
use crate::engine::{self, RequestError, RunRequest};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// The media type that asks for it.
pub(super) const NDJSON: &str = "application/x-ndjson";

/// Chunks in flight between the run and the socket.
const CHANNEL_CHUNKS: usize = 4;

/// Whether the request's `Accept` names NDJSON.
pub(super) fn wanted(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(',')
            .any(|t| t.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case(NDJSON)))
    })
}

/// What the run sends the handler: a refusal before any step, or output.
enum Msg {
    Refused(RequestError),
    Chunk(Bytes),
}

/// The run's side of the channel, as a writer.
struct ChannelWriter {
    tx: mpsc::Sender<Msg>,
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.tx.blocking_send(Msg::Chunk(Bytes::copy_from_slice(bytes))).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The socket's side: the chunks after the first, as a body stream.
struct Chunks {
    first: Option<Bytes>,
    rx: mpsc::Receiver<Msg>,
}

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Msg::Chunk(bytes))) => Poll::Ready(Some(Ok(bytes))),
            // A refusal comes first or never.
            Poll::Ready(Some(Msg::Refused(_)) | None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Runs the simulation `body` asks for, answering its steps as they come.
pub(super) async fn simulate(em: Arc<Emulator>, body: &Bytes) -> Result<Response, ApiError> {
    let mut request: RunRequest = parse_body(body)?;
    let permit = em.runs.clone().acquire_owned().await.map_err(|_| {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "The server is shutting down.")
    })?;
    let (tx, mut rx) = mpsc::channel(CHANNEL_CHUNKS);
    // Detached: it ends at the run's end, or at its next step once the client is gone.
    drop(tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let world = em.world();
        world.own_ids(&mut request);
        let mut sink = Ndjson::new(ChannelWriter { tx: tx.clone() });
        match engine::Run::new(&world.registry, &world.fixtures, &request).stream(&mut sink).go() {
            Err(e) => drop(tx.blocking_send(Msg::Refused(e))),
            Ok(streamed) if streamed.write_error.is_none() => {
                // A failed write means the client left: nothing is left to tell.
                let _ = sink.finish(&streamed.result);
            }
            Ok(_) => {}
        }
    }));
    let first = match rx.recv().await {
        Some(Msg::Refused(e)) => return Err(super::runs::request_error(&e)),
        Some(Msg::Chunk(bytes)) => bytes,
        None => {
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The run stopped unexpectedly.",
            ))
        }
    };
    let body = Body::from_stream(Chunks { first: Some(first), rx });
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(NDJSON));
    Ok(response)
}
