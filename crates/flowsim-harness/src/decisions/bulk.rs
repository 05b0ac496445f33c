//! Posting a decision log to an Elasticsearch-compatible `_bulk` endpoint: in batches, retried
//! under flowsim's one retry policy ([`crate::http::RetryPolicy`]: 429s and failures each
//! bounded, exponential backoff, `Retry-After` honoured), and a report of the documents the
//! endpoint rejected (`errors: true`, `items[].index.status/error`).
//!
//! Documents a bulk answer rejects with 429 (the cluster's queue is full) are sent again with
//! the next retry, as Elasticsearch's own clients do, and count as a 429 of the batch; any other
//! rejection is final. Waits go through the caller's `sleep`, so tests count them instead of
//! waiting. The sender's policy has no jitter: one CLI process is not a herd, and a run should
//! be repeatable.

use std::time::Duration;

/// How to post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkOptions {
    /// Documents per request.
    pub batch_size: usize,
    /// How each batch is retried.
    pub retry: crate::http::RetryPolicy,
    /// The most one request may take, connecting included.
    pub timeout: Duration,
}

impl BulkOptions {
    /// The sender's policy: [`crate::http::RetryPolicy`]'s default without jitter, and `retries`
    /// retries (after the first attempt) for 429s and for failures alike.
    pub fn retries(retries: u32) -> crate::http::RetryPolicy {
        crate::http::RetryPolicy {
            max_rate_limited: retries,
            max_server_errors: retries,
            jitter: false,
            ..crate::http::RetryPolicy::default()
        }
    }
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions { batch_size: 500, retry: Self::retries(5), timeout: Duration::from_secs(30) }
    }
}

/// At most this many rejections are kept with their reasons (all are counted).
pub const MAX_REASONS: usize = 10;
/// A bulk answer larger than this is not read.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// What the endpoint did with the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkReport {
    pub documents: usize,
    /// Batches sent (each once answered, whatever its retries).
    pub batches: usize,
    /// HTTP requests made, retries included.
    pub requests: usize,
    pub retries: usize,
    pub indexed: usize,
    pub rejected: usize,
    /// The first [`MAX_REASONS`] rejections.
    pub reasons: Vec<Rejection>,
}

/// One document the endpoint would not take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Its position in the log, from 1.
    pub document: usize,
    pub status: u16,
    /// The error's `type` (`mapper_parsing_exception`, ...).
    pub kind: String,
    pub reason: String,
}

/// A retry about to happen (for the CLI to show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// The batch, from 1.
    pub batch: usize,
    /// The retry, from 1, of `max` for its cause (429s and failures are counted apart).
    pub attempt: u32,
    pub max: u32,
    pub wait: Duration,
    pub cause: String,
}

/// Why the log could not be posted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BulkError {
    /// Connection errors, 429 or 5xx answers, every retry used (or a 429 asking for a longer
    /// wait than the policy honours): `--decision-log-url http://127.0.0.1:1` with nothing
    /// listening.
    #[error("{url} is unreachable: {attempts} attempt(s), the last: {last} ({indexed} document(s) of earlier batches were indexed)")]
    Unreachable { url: String, attempts: u32, last: String, indexed: usize },
    /// An answer that is no retry's business (400, 401, 404, ...).
    #[error("{url} answered {status}: {message}")]
    Refused { url: String, status: u16, message: String },
    /// A 2xx answer that is not a bulk response for the batch sent.
    #[error("{url} did not answer as a `_bulk` endpoint: {message}")]
    BadResponse { url: String, message: String },
}

/// The `_bulk` URL of `url`: as given when it ends in `_bulk`, else `{url}/_bulk`.
pub fn bulk_url(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    if trimmed.ends_with("/_bulk") || trimmed == "_bulk" {
        trimmed.to_owned()
    } else {
        format!("{trimmed}/_bulk")
    }
}

/// Posts `documents` (each a JSON object's text, one line) to the `_bulk` endpoint of `url`,
/// into `index`, in batches. `sleep` waits between retries; `on_retry` hears of each retry.
pub fn post(
    url: &str,
    index: &str,
    documents: &[String],
    options: &BulkOptions,
    sleep: &mut dyn FnMut(Duration),
    on_retry: &mut dyn FnMut(&Retry),
) -> Result<BulkReport, BulkError> {
    let url = bulk_url(url);
    let agent = crate::http::agent(options.timeout, &[&url]);
    let action = super::ndjson::action_line(index);
    let mut report = BulkReport { documents: documents.len(), ..BulkReport::default() };
    let size = options.batch_size.max(1);
    for (b, start) in (0..documents.len()).step_by(size).enumerate() {
        let mut pending: Vec<usize> = (start..(start + size).min(documents.len())).collect();
        let mut retries = crate::http::Retries::new(options.retry);
        loop {
            let mut body = String::new();
            for &i in &pending {
                body.push_str(&action);
                body.push('\n');
                body.push_str(&documents[i]);
                body.push('\n');
            }
            report.requests += 1;
            let (cause, why) = match send(&agent, &url, body) {
                Err(cause) => (crate::http::Cause::Failed, cause),
                Ok((429, retry_after, text)) => (
                    crate::http::Cause::RateLimited { retry_after },
                    format!("429 {}", short(&text)),
                ),
                Ok((status, _, text)) if (500..=599).contains(&status) => {
                    (crate::http::Cause::Failed, format!("{status} {}", short(&text)))
                }
                Ok((status, _, text)) if (200..=299).contains(&status) => {
                    let items = items(&url, &text, pending.len())?;
                    let mut again = Vec::new();
                    for (&i, item) in pending.iter().zip(items) {
                        match item.status {
                            200..=299 => report.indexed += 1,
                            429 if retries.rate_limited() < options.retry.max_rate_limited => {
                                again.push(i);
                            }
                            _ => {
                                report.rejected += 1;
                                if report.reasons.len() < MAX_REASONS {
                                    report.reasons.push(Rejection {
                                        document: i + 1,
                                        status: item.status,
                                        kind: item.kind,
                                        reason: item.reason,
                                    });
                                }
                            }
                        }
                    }
                    if again.is_empty() {
                        break;
                    }
                    let why = format!("{} document(s) answered 429", again.len());
                    pending = again;
                    (crate::http::Cause::RateLimited { retry_after: None }, why)
                }
                Ok((status, _, text)) => {
                    return Err(BulkError::Refused { url, status, message: short(&text) })
                }
            };
            let wait = match retries.next(cause) {
                Ok(wait) => wait,
                Err(give_up) => {
                    let last = match give_up {
                        crate::http::GiveUp::Exhausted => why,
                        crate::http::GiveUp::RetryAfterTooLong(secs) => {
                            format!("{why} (Retry-After {secs} s is too long to wait)")
                        }
                    };
                    return Err(BulkError::Unreachable {
                        url,
                        attempts: retries.attempts(),
                        last,
                        indexed: report.indexed,
                    });
                }
            };
            report.retries += 1;
            on_retry(&Retry {
                batch: b + 1,
                attempt: wait.attempt,
                max: wait.max,
                wait: wait.wait,
                cause: why,
            });
            sleep(wait.wait);
        }
        report.batches += 1;
    }
    Ok(report)
}

/// One request: the status, its `Retry-After` in whole seconds, and the body text, or why
/// there was no answer.
fn send(
    agent: &ureq::Agent,
    url: &str,
    body: String,
) -> Result<(u16, Option<u64>, String), String> {
    let response = agent
        .post(url)
        .header("Content-Type", "application/x-ndjson")
        .send(body)
        .map_err(|e| crate::http::transport_cause(&e))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let text = response
        .into_body()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .read_to_string()
        .map_err(|e| format!("the answer could not be read ({e})"))?;
    Ok((status, retry_after, text))
}

struct Item {
    status: u16,
    kind: String,
    reason: String,
}

/// The items of a bulk answer, one per document sent, in order.
fn items(url: &str, text: &str, sent: usize) -> Result<Vec<Item>, BulkError> {
    let bad = |message: String| BulkError::BadResponse { url: url.to_owned(), message };
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| bad(format!("not JSON ({e}): {}", short(text))))?;
    let list = json
        .get("items")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| bad(format!("no `items` list: {}", short(text))))?;
    if list.len() != sent {
        return Err(bad(format!("{} item(s) for {sent} document(s) sent", list.len())));
    }
    list.iter()
        .map(|item| {
            // `{"index": {...}}` (or `create`): the one member's value.
            let result = item.as_object().and_then(|o| o.values().next()).ok_or_else(|| {
                bad(format!(
                    "an item is not `{{\"index\": {{...}}}}`: {}",
                    short(&item.to_string())
                ))
            })?;
            let status = result
                .get("status")
                .and_then(serde_json::Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or_else(|| {
                    bad(format!("an item has no status: {}", short(&item.to_string())))
                })?;
            let error = result.get("error");
            let field = |name: &str| {
                error
                    .and_then(|e| e.get(name))
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            let reason = match error {
                Some(serde_json::Value::String(s)) => s.clone(),
                _ => field("reason"),
            };
            Ok(Item { status, kind: field("type"), reason })
        })
        .collect()
}

/// At most 300 characters of an answer, on one line.
fn short(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 300 {
        one
    } else {
        one.chars().take(299).chain(['…']).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bulk_url_is_the_url_or_its_bulk_path() {
        assert_eq!(bulk_url("http://127.0.0.1:9200"), "http://127.0.0.1:9200/_bulk");
        assert_eq!(bulk_url("http://127.0.0.1:9200/"), "http://127.0.0.1:9200/_bulk");
        assert_eq!(bulk_url("http://h/idx/_bulk"), "http://h/idx/_bulk");
    }

    #[test]
    fn items_name_status_type_and_reason() {
        let text = r#"{"errors":true,"items":[{"index":{"status":201}},{"index":{"status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse"}}}]}"#;
        let found = items("u", text, 2).unwrap_or_default();
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[1].status, &*found[1].kind, &*found[1].reason),
            (400, "mapper_parsing_exception", "failed to parse")
        );
        assert!(matches!(items("u", text, 3), Err(BulkError::BadResponse { .. })));
        assert!(matches!(items("u", "<html>", 1), Err(BulkError::BadResponse { .. })));
    }
}
