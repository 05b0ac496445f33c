//! The access log: each request answered, as data for the caller to print
//! ([`Options::on_request`](super::Options::on_request); `flowsim serve` writes one line per
//! request to stderr, `--quiet` none).
//!
//! The time is the wall clock's, measured around the whole answer; it reaches the log only,
//! never a response (the emulator's answers stay deterministic).

use super::Emulator;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One request answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    pub method: String,
    /// The path, without the query (which may carry names a log should not).
    pub path: String,
    pub status: u16,
    /// From the request's arrival to its response's head.
    pub elapsed: Duration,
}

/// What is told of each request.
pub type OnRequest = Arc<dyn Fn(&RequestLine) + Send + Sync>;

/// The middleware: times the request and tells [`Emulator::on_request`].
pub(super) async fn log(State(em): State<Arc<Emulator>>, req: Request, next: Next) -> Response {
    let Some(on_request) = em.on_request.clone() else {
        return next.run(req).await;
    };
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    on_request(&RequestLine {
        method,
        path,
        status: response.status().as_u16(),
        elapsed: started.elapsed(),
    });
    response
}
