//! Test-only fault injection and the request log (see the `server` module doc for the JSON),
//! and the per-request context id.

use super::limits::{MAX_FAULTS, MAX_FAULT_DELAY_MS, MAX_FAULT_TEXT, MAX_LOGGED, MAX_LOGGED_PATH};
use super::shapes::{seq_uuid, ApiError, CONTEXT_ID, VIRTUAL_DATE};
use super::{lock, Emulator};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

/// One injected fault: `{"path"?, "method"?, "status"?, "retryAfter"?, "delayMs"?, "times"?,
/// "message"?}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// The path it hits, exactly, or a prefix when it ends with `*`; default any `/api/` path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The method it hits (any case); default any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The status to answer instead of serving the request (400 to 599).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// A 429's `Retry-After`, in seconds (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Wait this long before answering (or serving).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// How many requests it hits (default 1).
    #[serde(default = "one")]
    pub times: u32,
    /// The error body's message instead of the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

fn one() -> u32 {
    1
}

impl Fault {
    fn check(&self) -> Result<(), String> {
        if self.status.is_none() && self.delay_ms.is_none() {
            return Err("a fault needs a `status` or a `delayMs`".into());
        }
        if let Some(s) = self.status {
            if !(400..=599).contains(&s) {
                return Err(format!("`status` {s} is not an error status (400 to 599)"));
            }
        }
        if self.delay_ms.is_some_and(|ms| ms > MAX_FAULT_DELAY_MS) {
            return Err(format!("`delayMs` is at most {MAX_FAULT_DELAY_MS} (30 seconds)"));
        }
        if self.times == 0 {
            return Err("`times` must be at least 1".into());
        }
        if self.path.as_deref().is_some_and(|p| !p.starts_with('/')) {
            return Err("`path` must start with `/`, like /api/v2/architect/simulations".into());
        }
        // Pending faults are kept: each is small, so 100 of them are too.
        for (field, text) in
            [("path", &self.path), ("method", &self.method), ("message", &self.message)]
        {
            if let Some(len) = text.as_deref().map(str::len).filter(|n| *n > MAX_FAULT_TEXT) {
                return Err(format!(
                    "`{field}` is {len} bytes: at most {MAX_FAULT_TEXT} are kept for a fault"
                ));
            }
        }
        Ok(())
    }

    fn hits(&self, method: &Method, path: &str) -> bool {
        let path_hits = match self.path.as_deref() {
            None => path.starts_with("/api/"),
            Some(p) => match p.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == p,
            },
        };
        path_hits && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
    }
}

/// Reads a fault or a list of faults (JSON), checking each.
pub fn parse_faults(text: &[u8]) -> Result<Vec<Fault>, String> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Fault>),
        One(Fault),
    }
    if !super::limits::values_within(text, super::limits::MAX_BODY_VALUES) {
        return Err(format!(
            "more than {} JSON values: not a list of at most {MAX_FAULTS} faults",
            super::limits::MAX_BODY_VALUES
        ));
    }
    let parsed: OneOrMany = serde_json::from_slice(text).map_err(|e| {
        format!("not a fault or a list of faults: {e} (fields: path, method, status, retryAfter, delayMs, times, message)")
    })?;
    let faults = match parsed {
        OneOrMany::Many(v) => v,
        OneOrMany::One(f) => vec![f],
    };
    if faults.len() > MAX_FAULTS {
        return Err(format!("{} faults: at most {MAX_FAULTS} may be pending", faults.len()));
    }
    for (i, f) in faults.iter().enumerate() {
        f.check().map_err(|e| format!("fault {}: {e}", i + 1))?;
    }
    Ok(faults)
}

/// Marks a response as a fault's, for the request log.
#[derive(Clone, Copy)]
struct Injected;

/// Answers the first pending fault that hits the request, or serves it.
pub(super) async fn inject(
    State(em): State<Arc<Emulator>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/__flowsim/") {
        return next.run(request).await;
    }
    let fault = {
        let mut faults = lock(&em.faults);
        let found = faults.iter().position(|f| f.hits(request.method(), path));
        found.map(|i| {
            if faults[i].times <= 1 {
                faults.remove(i)
            } else {
                faults[i].times -= 1;
                faults[i].clone()
            }
        })
    };
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    if let Some(ms) = fault.delay_ms {
        // Shutdown cuts a delay short: Ctrl-C or SIGTERM always stops the server.
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(ms)) => {}
            () = em.stopped() => {
                let e = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "The server is shutting down.");
                let mut response = e.into_response();
                response.extensions_mut().insert(Injected);
                return response;
            }
        }
    }
    let mut response = match fault.status.and_then(|s| StatusCode::from_u16(s).ok()) {
        None => next.run(request).await,
        Some(status) => fault_error(&fault, status).into_response(),
    };
    response.extensions_mut().insert(Injected);
    response
}

fn fault_error(fault: &Fault, status: StatusCode) -> ApiError {
    let retry = fault.retry_after.unwrap_or(1);
    let default = match status.as_u16() {
        401 => "Invalid login credentials.".to_owned(),
        429 => format!("Rate limit exceeded the maximum. Retry the request in [{retry}] seconds"),
        500 => {
            "The server encountered an unexpected condition (a fault injected by flowsim).".into()
        }
        _ => format!("A fault injected by flowsim: {status}."),
    };
    let mut e = ApiError::new(status, fault.message.clone().unwrap_or(default));
    if status == StatusCode::UNAUTHORIZED {
        e = e.code("bad.credentials");
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        e.retry_after = Some(retry);
    }
    e
}

/// Gives each request a context id (the error body's `contextId`, the `inin-correlation-id`
/// header) and a reproducible `Date`, and logs it when the test-only endpoints are on.
pub(super) async fn track(
    State(em): State<Arc<Emulator>>,
    request: Request,
    next: Next,
) -> Response {
    let mut path = request.uri().path().to_owned();
    if path.len() > MAX_LOGGED_PATH {
        let mut cut = MAX_LOGGED_PATH;
        while !path.is_char_boundary(cut) {
            cut -= 1;
        }
        path.truncate(cut);
    }
    let method = request.method().to_string();
    let context = seq_uuid(0xa000_0000, Emulator::next(&em.next_context));
    let mut response = CONTEXT_ID.scope(context.clone(), next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&context) {
        response.headers_mut().insert("inin-correlation-id", value);
    }
    // Set here, HTTP's own Date header would be the wall clock's: the virtual clock's start
    // (docs/json-flows.md) keeps responses reproducible.
    response.headers_mut().insert(header::DATE, HeaderValue::from_static(VIRTUAL_DATE));
    if !em.test_endpoints || path.starts_with("/__flowsim/") {
        return response;
    }
    let entry = serde_json::json!({
        "method": method,
        "path": path,
        "status": response.status().as_u16(),
        "fault": response.extensions().get::<Injected>().is_some(),
    });
    let mut log = lock(&em.log);
    if log.len() >= MAX_LOGGED {
        log.pop_front();
    }
    log.push_back(entry);
    response
}

/// `GET /__flowsim/faults`: the faults still pending.
pub(super) async fn list(State(em): State<Arc<Emulator>>) -> Response {
    axum::Json(lock(&em.faults).clone()).into_response()
}

/// `POST /__flowsim/faults`: appends a fault or a list of faults; answers the pending list.
pub(super) async fn add(State(em): State<Arc<Emulator>>, body: Bytes) -> Response {
    match parse_faults(&body) {
        Ok(new) => {
            let mut faults = lock(&em.faults);
            if faults.len() + new.len() > MAX_FAULTS {
                return ApiError::bad_request(format!(
                    "{} faults pending and {} more: at most {MAX_FAULTS} may be pending; DELETE /__flowsim/faults clears them",
                    faults.len(),
                    new.len()
                ))
                .into_response();
            }
            faults.extend(new);
            axum::Json(faults.clone()).into_response()
        }
        Err(message) => ApiError::bad_request(message).into_response(),
    }
}

/// `DELETE /__flowsim/faults`.
pub(super) async fn clear(State(em): State<Arc<Emulator>>) -> Response {
    lock(&em.faults).clear();
    axum::Json(serde_json::json!([])).into_response()
}

/// `GET /__flowsim/requests`: `[{method, path, status, fault}]`, oldest first.
pub(super) async fn log(State(em): State<Arc<Emulator>>) -> Response {
    axum::Json(lock(&em.log).iter().collect::<Vec<_>>()).into_response()
}

/// `DELETE /__flowsim/requests`.
pub(super) async fn clear_log(State(em): State<Arc<Emulator>>) -> Response {
    lock(&em.log).clear();
    axum::Json(serde_json::json!([])).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_one_or_many_and_are_checked() {
        let many =
            parse_faults(br#"[{"status": 429, "retryAfter": 2}, {"delayMs": 10, "times": 3}]"#)
                .unwrap();
        assert_eq!(many.len(), 2);
        assert_eq!(many[1].times, 3);
        assert_eq!(parse_faults(br#"{"status": 500}"#).unwrap()[0].times, 1);
        assert!(parse_faults(br#"{"times": 2}"#).unwrap_err().contains("needs a `status`"));
        assert!(parse_faults(br#"{"status": 200}"#).unwrap_err().contains("not an error status"));
        assert!(parse_faults(br#"{"stauts": 500}"#).is_err());
        assert!(parse_faults(br#"{"delayMs": 30001}"#).unwrap_err().contains("at most 30000"));
        let long = format!(r#"{{"status": 500, "message": "{}"}}"#, "x".repeat(MAX_FAULT_TEXT + 1));
        assert!(parse_faults(long.as_bytes()).unwrap_err().contains("`message` is 2049 bytes"));
        let long = format!(r#"{{"status": 500, "path": "/{}"}}"#, "x".repeat(MAX_FAULT_TEXT));
        assert!(parse_faults(long.as_bytes()).unwrap_err().contains("`path` is 2049 bytes"));
        let many = format!("[{}]", vec![r#"{"status": 500}"#; MAX_FAULTS + 1].join(","));
        assert!(parse_faults(many.as_bytes()).unwrap_err().contains("at most 100"));
    }

    #[test]
    fn the_date_header_is_the_virtual_clock_start() {
        let start: jiff::Timestamp = crate::engine::request::DEFAULT_START_TIME.parse().unwrap();
        assert_eq!(start.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string(), VIRTUAL_DATE);
    }

    #[test]
    fn faults_hit_their_paths() {
        let f = |path: Option<&str>| Fault {
            path: path.map(str::to_owned),
            method: None,
            status: Some(500),
            retry_after: None,
            delay_ms: None,
            times: 1,
            message: None,
        };
        assert!(f(None).hits(&Method::GET, "/api/v2/flows"));
        assert!(!f(None).hits(&Method::POST, "/oauth/token"));
        assert!(f(Some("/oauth/token")).hits(&Method::POST, "/oauth/token"));
        assert!(f(Some("/api/v2/flows*")).hits(&Method::GET, "/api/v2/flows/x"));
        assert!(!f(Some("/api/v2/flows")).hits(&Method::GET, "/api/v2/flows/x"));
        let post_only = Fault { method: Some("post".into()), ..f(None) };
        assert!(!post_only.hits(&Method::GET, "/api/v2/flows"));
    }
}
