//! What one client may cost the emulator: the bounds on requests, connections and kept state,
//! and the middleware that enforces the per-request ones (a body read whole within a size and
//! a time limit) and answers every error in the cloud's JSON shape, including those the HTTP
//! framework raises (bad JSON, a body too large, an unknown path or method).
//!
//! `docs/security.md` lists every bound; change both together.

use super::shapes::ApiError;
use super::Emulator;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

/// The emulator's bounds. The defaults are what `flowsim serve` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body, in bytes (413 past it).
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive once its head has (408 past it).
    pub body_timeout: Duration,
    /// How long a connection may take to deliver a complete request head, counted from its
    /// opening or from the last response bytes written (idle keep-alive connections included).
    /// Past it the connection is closed, with a 408 when part of a head had arrived.
    pub head_timeout: Duration,
    /// Connections open at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// Flow runs at once; more requests wait their turn.
    pub max_concurrent_runs: usize,
    /// Instance queries (`POST /api/v2/flows/instances/query`) matching at once, each on a
    /// blocking thread; more wait their turn.
    pub max_concurrent_queries: usize,
    /// Executions (and, separately, conversations) kept for `GET`; the oldest go first.
    pub max_kept: usize,
    /// The bytes of JSON those kept executions (and, separately, conversations) may hold.
    pub max_kept_bytes: usize,
    /// Tokens remembered; the oldest is forgotten first (its client gets a 401 and a new one).
    pub max_tokens: usize,
    /// After Ctrl-C or SIGTERM, how long requests in flight get to finish before their
    /// connections are cut: long enough for an answer already made (a cut fault delay's 503)
    /// to be written, short enough that the process is gone within 100 ms.
    pub shutdown_grace: Duration,
    /// Live sessions at once (503 past it); their JSON shares `max_kept_bytes`.
    pub max_sessions: usize,
    /// A live session nobody touched for this long ends (the caller hung up).
    pub session_idle: Duration,
    /// Inputs and variable updates one session takes at most (updates at one wait are one).
    pub max_session_inputs: usize,
    /// The bytes one live session may keep (its start request, inputs, updates and run, as
    /// JSON), its share of `max_kept_bytes`: a change past it is refused with a 400.
    pub max_session_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_bytes: 2 * 1024 * 1024,
            body_timeout: Duration::from_secs(30),
            head_timeout: Duration::from_secs(15),
            max_connections: 256,
            max_concurrent_runs: 8,
            max_concurrent_queries: 2,
            max_kept: 10_000,
            max_kept_bytes: 64 * 1024 * 1024,
            max_tokens: 10_000,
            shutdown_grace: Duration::from_millis(20),
            max_sessions: 1_000,
            session_idle: Duration::from_mins(10),
            max_session_inputs: 1_000,
            max_session_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Pending faults at most (test-only endpoints).
pub const MAX_FAULTS: usize = 100;
/// The longest delay a fault may ask for, in milliseconds: shutdown cancels delays anyway.
pub const MAX_FAULT_DELAY_MS: u64 = 30_000;
/// The most JSON values (scalars, lists, objects; an object's keys with their values) one
/// request body may hold. A parsed value takes about 80 bytes however short its text (`0,` is
/// two), so a 2 MiB body of small values would take 80 MB parsed; at this bound a body's
/// parsed form stays within about 8 MB, whatever its shape.
pub const MAX_BODY_VALUES: usize = 100_000;

/// Whether `body` holds at most `max` JSON values, counted in one pass without parsing: every
/// value but a text's first starts after a `[`, `{`, `,` outside strings, so their count bounds
/// the values (`[]` and `{}` are counted one more, which only errs safe).
pub(super) fn values_within(body: &[u8], max: usize) -> bool {
    let (mut count, mut in_string, mut escaped) = (1usize, false, false);
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' | b',' => {
                count += 1;
                if count > max {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// A pending fault's `path`, `method` and `message` are at most this many bytes each.
pub const MAX_FAULT_TEXT: usize = 2_048;
/// Entries of the request log (test-only endpoints); the oldest go first.
pub const MAX_LOGGED: usize = 1_000;
/// A logged path is cut to this many bytes.
pub const MAX_LOGGED_PATH: usize = 2_048;

/// Reads the whole request body within [`Limits::max_body_bytes`] and
/// [`Limits::body_timeout`], so that handlers see it buffered; answers 413 or 408 otherwise.
pub(super) async fn read_body(
    State(em): State<Arc<Emulator>>,
    request: Request,
    next: Next,
) -> Response {
    let max = em.limits.max_body_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return too_large(max);
    }
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(em.limits.body_timeout, axum::body::to_bytes(body, max));
    match read.await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(Err(e)) if e.to_string().contains("length limit") => too_large(max),
        Ok(Err(e)) => closing(
            ApiError::bad_request(format!("The request body could not be read: {e}."))
                .detail("badRequest", "body"),
        ),
        Err(_) => closing(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request body did not arrive within {} seconds.",
                em.limits.body_timeout.as_secs()
            ),
        )),
    }
}

fn too_large(max: usize) -> Response {
    closing(
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is larger than {max} bytes."),
        )
        .detail("requestTooLarge", "body"),
    )
}

/// An error after which the connection is closed (the rest of the body is not read).
fn closing(e: ApiError) -> Response {
    let mut response = e.into_response();
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Gives every error response that is not JSON yet (the framework's own: an extractor's
/// rejection, a missing route) the cloud's error body, its text as the message.
pub(super) async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    // The framework's messages are one short line; more is not read.
    let text = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("Error").to_owned()
    } else {
        text
    };
    let mut e = ApiError::new(status, message);
    if status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY {
        e = e.detail("badRequest", "body");
    }
    e.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_counted_outside_strings_only() {
        assert!(values_within(b"[1,2,3]", 4));
        assert!(!values_within(b"[1,2,3]", 3));
        assert!(values_within(br#"{"a": "x,y,[z{", "b": "\\\",["}"#, 3));
        assert!(!values_within(br#"{"a": "x", "b": [{}]}"#, 3));
        let many = format!("[{}0]", "0,".repeat(MAX_BODY_VALUES));
        assert!(!values_within(many.as_bytes(), MAX_BODY_VALUES));
    }
}
