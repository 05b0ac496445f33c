//! The live-API client: OAuth client credentials, retries, and the recorder built on it.
//!
//! ```text
//! Client::send ──▶ token (cached until it expires; POST {token-url}/oauth/token, Basic auth,
//!    │              grant_type=client_credentials)
//!    ├─ 2xx ─────▶ the response
//!    ├─ 401 ─────▶ drop the token, fetch a new one, try once more
//!    ├─ 429 ─────▶ wait Retry-After (whole seconds) or back off; at most `max_rate_limited` times
//!    ├─ 5xx, I/O ▶ back off (exponential, jittered); at most `max_server_errors` times
//!    └─ 400, 403, 404, other ▶ ClientError naming the cause (403: the scope that is missing)
//! ```
//!
//! This is the one part of the library that does I/O and reads clocks: the network, the
//! monotonic clock for token expiry, and sleeps between retries (injectable, so that tests
//! count waits instead of timing them). Credentials and tokens live only in memory: they are
//! never part of an error, an event, or anything the recorder writes.

use crate::util::Cut;
pub mod executions;
pub mod org;
pub mod record;

use indexmap::IndexMap;
use serde_json::Value;
use std::fmt;
use std::time::{Duration, Instant};

/// The OAuth client's id and secret (`GENESYS_CLIENT_ID`, `GENESYS_CLIENT_SECRET`).
#[derive(Clone)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials { .. }")
    }
}

/// How often and how long to retry: the one policy of flowsim's HTTP clients.
pub use crate::http::RetryPolicy;

/// Where and how to call.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The API, e.g. `https://api.mypurecloud.com` (no trailing slash needed).
    pub base_url: String,
    /// Where `/oauth/token` lives; see [`default_token_url`].
    pub token_url: String,
    pub credentials: Credentials,
    pub retry: RetryPolicy,
    /// The longest one HTTP exchange may take; past it, the exchange counts as a failure and is
    /// retried like a 5xx.
    pub timeout: Duration,
}

/// The login host for a base URL: the cloud's API hosts (`api.mypurecloud.com`,
/// `api.usw2.pure.cloud`, `api.mypurecloud.de`, ...) authenticate at the same domain under
/// `login.`; any other base URL (the emulator, a proxy) serves `/oauth/token` itself.
pub fn default_token_url(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let (host, tail) = rest.split_once('/').map_or((rest, ""), |(h, t)| (h, t));
    let host_only = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let cloud = host_only.starts_with("api.")
        && (host_only.ends_with(".pure.cloud")
            || host_only.ends_with(".us-gov-pure.cloud")
            || host_only.split('.').nth(1).is_some_and(|d| d == "mypurecloud"));
    if cloud && tail.is_empty() {
        format!("{scheme}://login.{}", host.cut("api.".len()..))
    } else {
        base.to_owned()
    }
}

/// The OAuth scope a call needs, for a 403's message.
pub fn required_scope(method: &str, path: &str) -> &'static str {
    let get = method.eq_ignore_ascii_case("GET");
    if path.starts_with("/api/v2/architect/simulations") {
        "architect:flow:run (and architect:flow:view to read the flow)"
    } else if path.starts_with("/api/v2/flows/executions") {
        if get {
            "architect:flow:view"
        } else {
            "architect:flow:run"
        }
    } else if path.starts_with("/api/v2/flows") || path.starts_with("/api/v2/architect") {
        if get {
            "architect:flow:view"
        } else {
            "architect:flow:edit"
        }
    } else if path.starts_with("/api/v2/conversations") {
        "conversations"
    } else {
        "the scope of this API call"
    }
}

/// Something the client did that a person may want to see (retries, token refreshes).
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A token was fetched (`refresh`: after a 401).
    TokenFetched { refresh: bool },
    /// 401: the token was refused; a new one is fetched and the call tried once more.
    Unauthorized,
    /// 429: waiting before retry `attempt` (1-based) of `max`.
    RateLimited { wait: Duration, retry_after: bool, attempt: u32, max: u32 },
    /// A 5xx, timeout or connection failure: waiting before retry `attempt` of `max`.
    Failed { cause: String, wait: Duration, attempt: u32, max: u32 },
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = |d: &Duration| d.as_secs_f64();
        match self {
            Event::TokenFetched { refresh: false } => write!(f, "got an access token"),
            Event::TokenFetched { refresh: true } => write!(f, "got a new access token"),
            Event::Unauthorized => {
                write!(f, "401 Unauthorized: the token was refused; fetching a new one")
            }
            Event::RateLimited { wait, retry_after, attempt, max } => write!(
                f,
                "429 Too Many Requests: waiting {:.1} s ({}), retry {attempt} of {max}",
                secs(wait),
                if *retry_after { "Retry-After" } else { "backoff" }
            ),
            Event::Failed { cause, wait, attempt, max } => {
                write!(f, "{cause}: retrying in {:.1} s, retry {attempt} of {max}", secs(wait))
            }
        }
    }
}

/// What the client did, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// API calls sent (retries included, token calls not).
    pub requests: u32,
    /// Token calls sent.
    pub token_requests: u32,
    /// 429 answers (token calls included).
    pub rate_limited: u32,
    /// 5xx answers (token calls included).
    pub server_errors: u32,
    /// Timeouts and connection failures.
    pub transport_errors: u32,
    /// Tokens dropped after a 401.
    pub token_refreshes: u32,
}

/// An answer from the API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    /// Every header, names lower-cased (the recorder keeps only the allowed ones).
    pub headers: Vec<(String, String)>,
    /// JSON when the body parses; otherwise the text as a string; `null` when empty.
    pub body: Value,
}

impl ApiResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The cloud's error message (`{"message": ...}`), or the body's text, shortened.
    pub fn message(&self) -> String {
        let text = match &self.body {
            Value::Object(o) => o
                .get("message")
                .and_then(Value::as_str)
                .map_or_else(|| Value::Object(o.clone()).to_string(), str::to_owned),
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        shorten(&text, 300)
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// Why a call failed. Never carries a credential or a token.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// 400: the API refused the request (a bad flow or node id, a malformed body).
    #[error("400 Bad Request from {call}: {message}")]
    BadRequest { call: String, message: String },
    /// 403: the OAuth client lacks a scope.
    #[error("403 Forbidden from {call}: the OAuth client lacks {scope}: {message}")]
    Forbidden { call: String, scope: &'static str, message: String },
    /// 404: no such flow (or not an API path).
    #[error("404 Not Found from {call}: {message}")]
    NotFound { call: String, message: String },
    /// 401 again after a fresh token.
    #[error("401 Unauthorized from {call} even with a fresh token: {message}")]
    Unauthorized { call: String, message: String },
    /// The token endpoint refused the client credentials.
    #[error("the token endpoint {url} refused the client credentials ({status}): {message}")]
    TokenRefused { url: String, status: u16, message: String },
    /// Another status that retrying cannot fix.
    #[error("{status} from {call}: {message}")]
    Status { call: String, status: u16, message: String },
    /// Retries used up (429, 5xx, timeouts, connection failures), or a Retry-After too long.
    #[error("gave up on {call} after {attempts} attempt(s): {last}")]
    GaveUp { call: String, attempts: u32, last: String },
}

impl ClientError {
    /// Whether the cause is the input or the set-up (the request, the credentials, the
    /// scopes, the URL), rather than the API failing: exit code 2.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, ClientError::GaveUp { .. })
    }

    /// Whether later calls would fail the same way, so recording should stop: everything but a
    /// request the API refused on its own merits (400, 404).
    pub fn stops_recording(&self) -> bool {
        !matches!(self, ClientError::BadRequest { .. } | ClientError::NotFound { .. })
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            ClientError::BadRequest { .. } => {
                "check the request's flowId / flowName and nodeId: they must name a flow and one of its nodes in the org".into()
            }
            ClientError::Forbidden { scope, .. } => format!(
                "give the OAuth client the {scope} scope (Admin > OAuth > the client > Scopes), and its role the matching permissions"
            ),
            ClientError::NotFound { .. } => {
                "check the flow id, and that --base-url is the API host (e.g. https://api.mypurecloud.com)".into()
            }
            ClientError::Unauthorized { .. } => {
                "check that the OAuth client belongs to the org of --base-url and is active".into()
            }
            ClientError::TokenRefused { .. } => {
                "check GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET (a client-credentials OAuth client), and --token-url".into()
            }
            ClientError::Status { .. } => "check --base-url and the request".into(),
            ClientError::GaveUp { .. } => {
                "the API is failing or unreachable: try again later; what was recorded is kept".into()
            }
        }
    }
}

/// A token and when to stop using it.
struct Token {
    value: String,
    expires: Instant,
}

/// A client of the cloud's REST API (see the module doc).
pub struct Client {
    agent: ureq::Agent,
    config: ClientConfig,
    token: Option<Token>,
    /// Every token obtained, so the recorder can scrub them from what it writes.
    issued: Vec<String>,
    stats: Stats,
    sleep: Box<dyn FnMut(Duration)>,
    on_event: Box<dyn FnMut(&Event)>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Client {
        Client {
            agent: crate::http::agent(config.timeout, &[&config.base_url, &config.token_url]),
            config,
            token: None,
            issued: Vec::new(),
            stats: Stats::default(),
            sleep: Box::new(std::thread::sleep),
            on_event: Box::new(|_| {}),
        }
    }

    /// Replaces how the client waits between retries (tests count instead of sleeping).
    pub fn with_sleep(mut self, sleep: impl FnMut(Duration) + 'static) -> Client {
        self.sleep = Box::new(sleep);
        self
    }

    /// Calls `f` on every retry and token fetch.
    pub fn with_events(mut self, f: impl FnMut(&Event) + 'static) -> Client {
        self.on_event = Box::new(f);
        self
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Waits `ms` through the client's sleep (injectable: tests do not wait), e.g. between
    /// polls of a job.
    pub fn pause(&mut self, ms: u64) {
        (self.sleep)(Duration::from_millis(ms));
    }

    pub fn base_url(&self) -> &str {
        self.config.base_url.trim_end_matches('/')
    }

    /// What must never be written: the client id and secret, and every token obtained.
    pub fn secrets(&self) -> Vec<&str> {
        let mut out =
            vec![&*self.config.credentials.client_id, &*self.config.credentials.client_secret];
        out.extend(self.issued.iter().map(String::as_str));
        out
    }

    /// Sends one API call with retries (see the module doc). `path` is below the base URL.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        query: &IndexMap<String, String>,
        body: Option<&Value>,
    ) -> Result<ApiResponse, ClientError> {
        let call = format!("{} {path}", method.to_ascii_uppercase());
        let url = format!("{}{path}{}", self.base_url(), query_string(query));
        let body = body.map(Value::to_string);
        let mut retried = crate::http::Retries::new(self.config.retry);
        let mut refreshed = false;
        loop {
            let token = self.token(refreshed)?;
            self.stats.requests += 1;
            let mut request = ureq::http::Request::builder()
                .method(method.to_ascii_uppercase().as_str())
                .uri(&url)
                .header("Authorization", format!("Bearer {token}"))
                .header("Accept", "application/json");
            if body.is_some() {
                request = request.header("Content-Type", "application/json");
            }
            let request = request.body(body.clone().unwrap_or_default()).map_err(|e| {
                ClientError::Status { call: call.clone(), status: 0, message: e.to_string() }
            })?;
            let outcome = self.agent.run(request).and_then(read_response);
            let response = match outcome {
                Ok(r) => r,
                Err(e) => {
                    self.stats.transport_errors += 1;
                    self.retry_failure(&call, &mut retried, crate::http::transport_cause(&e))?;
                    continue;
                }
            };
            match response.status {
                200..=299 => return Ok(response),
                401 if !refreshed => {
                    refreshed = true;
                    self.token = None;
                    self.stats.token_refreshes += 1;
                    (self.on_event)(&Event::Unauthorized);
                }
                401 => return Err(ClientError::Unauthorized { call, message: response.message() }),
                429 => {
                    self.stats.rate_limited += 1;
                    self.retry_rate_limited(&call, &mut retried, &response)?;
                }
                // Not Implemented will not change on a retry.
                501 => {
                    return Err(ClientError::Status {
                        call,
                        status: 501,
                        message: response.message(),
                    })
                }
                500..=599 => {
                    self.stats.server_errors += 1;
                    let cause = format!("{} {}", response.status, reason(response.status));
                    self.retry_failure(&call, &mut retried, cause)?;
                }
                400 => return Err(ClientError::BadRequest { call, message: response.message() }),
                403 => {
                    return Err(ClientError::Forbidden {
                        scope: required_scope(method, path),
                        call,
                        message: response.message(),
                    })
                }
                404 => return Err(ClientError::NotFound { call, message: response.message() }),
                status => {
                    return Err(ClientError::Status { call, status, message: response.message() })
                }
            }
        }
    }

    /// A valid token: the cached one, or a new one (`refresh`: after a 401).
    fn token(&mut self, refresh: bool) -> Result<String, ClientError> {
        if let Some(t) = &self.token {
            if Instant::now() < t.expires {
                return Ok(t.value.clone());
            }
        }
        let url = format!("{}/oauth/token", self.config.token_url.trim_end_matches('/'));
        let call = format!("POST {url}");
        let basic = crate::util::base64::encode(
            format!(
                "{}:{}",
                self.config.credentials.client_id, self.config.credentials.client_secret
            )
            .as_bytes(),
        );
        let mut retried = crate::http::Retries::new(self.config.retry);
        loop {
            self.stats.token_requests += 1;
            let sent = self
                .agent
                .post(&url)
                .header("Authorization", format!("Basic {basic}"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .send("grant_type=client_credentials");
            let response = match sent.and_then(read_response) {
                Ok(r) => r,
                Err(e) => {
                    self.stats.transport_errors += 1;
                    self.retry_failure(&call, &mut retried, crate::http::transport_cause(&e))?;
                    continue;
                }
            };
            match response.status {
                200..=299 => {
                    let value = response.body.get("access_token").and_then(Value::as_str);
                    let Some(value) = value.filter(|v| !v.is_empty()) else {
                        return Err(ClientError::TokenRefused {
                            url,
                            status: response.status,
                            message: "the answer has no access_token".into(),
                        });
                    };
                    let lifetime = response
                        .body
                        .get("expires_in")
                        .and_then(Value::as_u64)
                        .map_or(Duration::from_hours(1), Duration::from_secs);
                    // Renew a little early, so a token never expires in flight.
                    let margin = (lifetime / 10).min(Duration::from_mins(1));
                    self.token = Some(Token {
                        value: value.to_owned(),
                        expires: Instant::now() + lifetime.saturating_sub(margin),
                    });
                    if !self.issued.iter().any(|t| t == value) {
                        self.issued.push(value.to_owned());
                    }
                    (self.on_event)(&Event::TokenFetched { refresh });
                    return Ok(value.to_owned());
                }
                429 => {
                    self.stats.rate_limited += 1;
                    self.retry_rate_limited(&call, &mut retried, &response)?;
                }
                500..=599 => {
                    self.stats.server_errors += 1;
                    let cause = format!("{} {}", response.status, reason(response.status));
                    self.retry_failure(&call, &mut retried, cause)?;
                }
                status => {
                    return Err(ClientError::TokenRefused {
                        url,
                        status,
                        message: response.message(),
                    })
                }
            }
        }
    }

    fn retry_rate_limited(
        &mut self,
        call: &str,
        retried: &mut crate::http::Retries,
        response: &ApiResponse,
    ) -> Result<(), ClientError> {
        let header = response.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
        let last = format!("429 Too Many Requests: {}", response.message());
        let cause = crate::http::Cause::RateLimited { retry_after: header };
        let wait = retried.next(cause).map_err(|why| ClientError::GaveUp {
            call: call.into(),
            attempts: retried.attempts(),
            last: match why {
                crate::http::GiveUp::Exhausted => last.clone(),
                crate::http::GiveUp::RetryAfterTooLong(secs) => {
                    format!("{last} (Retry-After {secs} s is too long to wait)")
                }
            },
        })?;
        (self.on_event)(&Event::RateLimited {
            wait: wait.wait,
            retry_after: header.is_some(),
            attempt: wait.attempt,
            max: wait.max,
        });
        (self.sleep)(wait.wait);
        Ok(())
    }

    fn retry_failure(
        &mut self,
        call: &str,
        retried: &mut crate::http::Retries,
        cause: String,
    ) -> Result<(), ClientError> {
        let Ok(wait) = retried.next(crate::http::Cause::Failed) else {
            return Err(ClientError::GaveUp {
                call: call.into(),
                attempts: retried.attempts(),
                last: cause,
            });
        };
        (self.on_event)(&Event::Failed {
            cause,
            wait: wait.wait,
            attempt: wait.attempt,
            max: wait.max,
        });
        (self.sleep)(wait.wait);
        Ok(())
    }
}

fn read_response(response: ureq::http::Response<ureq::Body>) -> Result<ApiResponse, ureq::Error> {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned())
        })
        .collect();
    let mut body = response.into_body();
    let text = body.with_config().limit(256 * 1024 * 1024).read_to_string()?;
    let body = if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Ok(ApiResponse { status, headers, body })
}

fn reason(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("")
}

/// `?a=1&b=x%20y`, or nothing.
fn query_string(query: &IndexMap<String, String>) -> String {
    if query.is_empty() {
        return String::new();
    }
    let parts: Vec<String> =
        query.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
    format!("?{}", parts.join("&"))
}

fn percent_encode(text: &str) -> String {
    crate::util::percent::encode(text, crate::util::percent::SEGMENT)
}

#[cfg(test)]
mod tests;
