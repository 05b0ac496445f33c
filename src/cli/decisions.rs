//! `--decision-log FILE`, `--decision-log-url URL` on `run` and `test`: every decision of the
//! runs as Elasticsearch bulk NDJSON, written atomically and/or posted to a `_bulk` endpoint.

use super::Refused;
use flowsim::decisions::{self, bulk, Decision};
use flowsim::diag::Code;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

// The flags are spelled `--decision-*`: the fields follow the flags.
#[allow(clippy::struct_field_names)]
#[derive(clap::Args, Debug, Clone)]
pub struct DecisionArgs {
    /// Write every decision of the run(s) to FILE as Elasticsearch bulk NDJSON (an action line,
    /// then the document; `curl --data-binary @FILE .../_bulk` loads it as is).
    #[arg(long, value_name = "FILE")]
    decision_log: Option<PathBuf>,
    /// Post the same NDJSON to an Elasticsearch-compatible endpoint: `POST URL/_bulk` (or URL
    /// as given when it ends in `_bulk`), in batches, retrying 429, 5xx and connection errors.
    #[arg(long, value_name = "URL")]
    decision_log_url: Option<String>,
    /// The index the documents go to.
    #[arg(long, value_name = "NAME", default_value = decisions::DEFAULT_INDEX)]
    decision_index: String,
    /// Documents per `_bulk` request.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    decision_batch_size: u32,
    /// Retries per batch before giving up.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=20))]
    decision_retries: u32,
    /// The first wait before a retry, in milliseconds; each retry doubles it (at most 30 s).
    #[arg(long, value_name = "MS", default_value_t = 500, value_parser = clap::value_parser!(u64).range(0..=60_000))]
    decision_backoff_ms: u64,
}

impl DecisionArgs {
    /// Whether the runs should keep their decisions.
    pub fn wanted(&self) -> bool {
        self.decision_log.is_some() || self.decision_log_url.is_some()
    }

    /// Refuses a bad index name or URL before anything runs.
    pub fn validate(&self) -> Result<(), Refused> {
        if let Some(why) = index_problem(&self.decision_index) {
            return Err(Refused::error(Code::BadArgument, format!("`--decision-index {}`: {why}", self.decision_index)).help(format!("an Elasticsearch index name is lower-case, without spaces or any of \\ / * ? \" < > | , # :, e.g. `{}`", decisions::DEFAULT_INDEX)));
        }
        if let Some(url) = &self.decision_log_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Refused::error(Code::BadArgument, format!("`--decision-log-url {url}` is not an http:// or https:// URL")).help("give the Elasticsearch base URL, e.g. `--decision-log-url http://127.0.0.1:9200`"));
            }
        }
        Ok(())
    }

    /// Writes and posts `decisions` (in the order given). `Ok(false)` when the endpoint
    /// rejected documents; what it did is in `note`, for standard error.
    pub fn emit(&self, decisions: &[Decision], note: &mut String) -> Result<bool, Refused> {
        if let Some(path) = &self.decision_log {
            let text = decisions::ndjson::write_bulk(decisions, &self.decision_index);
            flowsim::util::write_atomic(path, text.as_bytes()).map_err(|e| {
                Refused::error(
                    Code::CannotWrite,
                    format!("cannot write the decision log {}: {e}", path.display()),
                )
            })?;
        }
        let Some(url) = &self.decision_log_url else { return Ok(true) };
        let documents: Vec<String> = decisions
            .iter()
            .map(|d| serde_json::to_string(d).expect("decisions always serialize"))
            .collect();
        let options = bulk::BulkOptions {
            batch_size: self.decision_batch_size as usize,
            retry: flowsim::http::RetryPolicy {
                base_delay: Duration::from_millis(self.decision_backoff_ms),
                ..bulk::BulkOptions::retries(self.decision_retries)
            },
            ..bulk::BulkOptions::default()
        };
        let mut retries = String::new();
        let result = bulk::post(
            url,
            &self.decision_index,
            &documents,
            &options,
            &mut std::thread::sleep,
            &mut |r| {
                let _ = writeln!(
                    retries,
                    "decision log: batch {} failed ({}); retry {} of {} in {} ms",
                    r.batch,
                    r.cause,
                    r.attempt,
                    r.max,
                    r.wait.as_millis()
                );
            },
        );
        note.push_str(&retries);
        match result {
            Ok(report) => {
                note.push_str(&report_text(&report, &bulk::bulk_url(url)));
                Ok(report.rejected == 0)
            }
            Err(e) => Err(Refused::error(Code::ApiError, format!("the decision log was not posted: {e}")).help(match e {
                    bulk::BulkError::Unreachable { .. } => "check that Elasticsearch runs at that URL (`curl URL`), or write the log to a file with --decision-log and load it later",
                    bulk::BulkError::Refused { .. } => "check the URL (it should be the cluster's base URL or its `_bulk` path) and the cluster's security settings",
                    bulk::BulkError::BadResponse { .. } => "the URL should be an Elasticsearch (or OpenSearch) cluster",
                })),
        }
    }
}

/// What a bulk post did, for standard error.
pub fn report_text(r: &bulk::BulkReport, url: &str) -> String {
    let mut out = format!(
        "decision log: {} document(s) posted to {url} in {} batch(es), {} request(s) ({} retries): {} indexed, {} rejected\n",
        r.documents, r.batches, r.requests, r.retries, r.indexed, r.rejected
    );
    for x in &r.reasons {
        let _ = writeln!(out, "  document {}: {} {}: {}", x.document, x.status, x.kind, x.reason);
    }
    if r.rejected > r.reasons.len() {
        let _ = writeln!(out, "  ... and {} more", r.rejected - r.reasons.len());
    }
    out
}

/// Why `name` is no Elasticsearch index name, if it is not.
fn index_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 255 {
        Some("it is longer than 255 bytes")
    } else if name == "." || name == ".." {
        Some("`.` and `..` are not index names")
    } else if name.starts_with(['-', '_', '+']) {
        Some("it starts with -, _ or +")
    } else if name.chars().any(char::is_uppercase) {
        Some("it has upper-case letters")
    } else if name.chars().any(|c| "\\/*?\"<>| ,#:".contains(c) || c.is_control()) {
        Some("it has a character index names may not hold")
    } else {
        None
    }
}
