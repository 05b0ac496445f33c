//! Recording the cloud's flow execution data: find the executions (`POST
//! /api/v2/flows/instances/query` with the user's criteria), start a download job for them
//! (`POST /api/v2/flows/instances/jobs`), poll it (`GET .../jobs/{id}`), download each document
//! (each entity's `downloadUri`), and fetch the configuration of each flow version the
//! documents ran (`GET /api/v2/flows/{id}/versions/{v}/configuration`). A workflow can be
//! launched first (`POST /api/v2/flows/executions`, polled with `GET .../executions/{id}`):
//! its execution id is its flow instance id.
//!
//! Every exchange becomes a cassette interaction; the cassette is written atomically after
//! each document, so an interrupted recording keeps what it downloaded. Personal data in the
//! documents is redacted with stable tokens ([`crate::api::execution::redact`]) unless the
//! caller keeps it; secrets are scrubbed as for simulations.

use super::{Client, ClientError};
use crate::api::cassette::journal::Journal;
use crate::api::cassette::{
    Cassette, CassetteError, Interaction, RecordedRequest, RecordedResponse,
};
use crate::api::execution::redact::Redactor;
use crate::api::org::encode_segment;
use indexmap::IndexMap;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The cloud's page size limit for a query, and for the ids of one job.
pub const MAX_INSTANCES: usize = 200;
/// How often a job is polled before giving up.
pub const MAX_POLLS: u32 = 60;

/// Which executions to record.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    /// Flow ids (any of them).
    pub flows: Vec<String>,
    /// RFC 3339: executions that started at or after / before.
    pub since: Option<String>,
    pub until: Option<String>,
    pub conversation: Option<String>,
    /// An action output path id one of the execution's actions took (`__FAILURE__`, a case).
    pub output_path: Option<String>,
    /// At most this many (1 to [`MAX_INSTANCES`]).
    pub max: usize,
}

impl Criteria {
    /// The `CriteriaQuery` body.
    pub fn query(&self) -> Value {
        let item =
            |key: &str, op: &str, value: &str| json!({"key": key, "operator": op, "value": value});
        let mut and = Vec::new();
        if let Some(s) = &self.since {
            and.push(item("FlowStartDateTime", "gte", s));
        }
        if let Some(u) = &self.until {
            and.push(item("FlowStartDateTime", "lt", u));
        }
        if let Some(c) = &self.conversation {
            and.push(item("ConversationId", "eq", c));
        }
        if let Some(p) = &self.output_path {
            and.push(item("FlowActionOutputPathId", "eq", p));
        }
        let mut groups = Vec::new();
        if !and.is_empty() {
            groups.push(json!({"and": and}));
        }
        if !self.flows.is_empty() {
            let or: Vec<Value> = self.flows.iter().map(|f| item("FlowId", "eq", f)).collect();
            groups.push(json!({"or": or}));
        }
        json!({"query": groups})
    }
}

/// A workflow to launch before recording: its flow id and `inputData`.
#[derive(Debug, Clone)]
pub struct Launch {
    pub flow_id: String,
    pub input_data: Value,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep phone numbers, emails and names as recorded (default: redacted).
    pub keep_pii: bool,
    /// The redaction key (see `redact`).
    pub redaction_key: Option<String>,
    /// Write each flow version's configuration here as `<flow name> <version>.json`.
    pub flows_out: Option<PathBuf>,
}

/// What a recording did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recording {
    /// Instance ids found.
    pub found: Vec<String>,
    /// How many documents were downloaded.
    pub documents: usize,
    /// Instances whose download failed: id and why.
    pub failed: Vec<(String, String)>,
    /// Configuration files written.
    pub configurations: Vec<PathBuf>,
    /// Personal values replaced.
    pub redacted: usize,
    pub notes: Vec<String>,
    /// The workflow execution launched, if any, and how it ended.
    pub launched: Option<(String, String)>,
}

/// Why a recording stopped.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Api(#[from] ClientError),
    #[error("{0}")]
    Cassette(Box<CassetteError>),
    #[error("{0}")]
    Other(String),
}

impl From<CassetteError> for RecordError {
    fn from(e: CassetteError) -> Self {
        RecordError::Cassette(Box::new(e))
    }
}

struct Session<'a> {
    client: &'a mut Client,
    cassette: Cassette,
    out: &'a Path,
    now: &'a dyn Fn() -> String,
    /// Personal data out of what is stored (`None` with `--keep-pii`).
    redactor: Option<Redactor>,
    /// Where each interaction goes as it is recorded.
    journal: Option<Journal>,
}

impl Session<'_> {
    fn call(
        &mut self,
        name: Option<String>,
        method: &str,
        path: &str,
        query: IndexMap<String, String>,
        body: Option<Value>,
    ) -> Result<Value, RecordError> {
        let answer = self.client.send(method, path, &query, body.as_ref())?;
        let mut response = RecordedResponse::new(
            answer.status,
            answer.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            answer.body,
        );
        // What is kept for the caller is what was answered; what is stored is redacted, every
        // side of every interaction (the launch's input data, the query's answer, ...).
        let body_out = response.body.clone();
        let mut body = body.unwrap_or(Value::Null);
        let mut query = query;
        if let Some(r) = &mut self.redactor {
            r.learn(&response.body);
            r.learn(&body);
            r.redact(&mut response.body);
            r.redact(&mut body);
            let mut q = serde_json::to_value(&query).unwrap_or(Value::Null);
            r.redact(&mut q);
            query = serde_json::from_value(q).unwrap_or_default();
        }
        self.cassette.interactions.push(Interaction {
            name,
            note: None,
            request: RecordedRequest {
                method: method.to_owned(),
                path: path.to_owned(),
                query,
                body,
            },
            response,
            recorded_at: (self.now)(),
        });
        // Scrubbed of secrets, then appended to the journal (the cassette is written once, at
        // the end: see `cassette::journal`).
        let secrets: Vec<String> = self.client.secrets().into_iter().map(str::to_owned).collect();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let last = self.cassette.interactions.pop().expect("just pushed");
        let mut one = Cassette::new("");
        one.interactions.push(last);
        one.scrub(&refs);
        let at = self.cassette.interactions.len();
        self.cassette.interactions.append(&mut one.interactions);
        if self.journal.is_none() {
            self.journal = Some(Journal::begin(
                &Cassette { interactions: Vec::new(), ..self.cassette.clone() },
                self.out,
            )?);
        }
        if let Some(j) = &mut self.journal {
            j.append(at, &self.cassette.interactions[at])?;
        }
        Ok(body_out)
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// A file name from a flow's name and version: letters, digits, `-`, `_`, `.` and spaces.
fn file_name(flow: &str, version: &str) -> String {
    let clean: String = format!("{flow} {version}")
        .chars()
        .map(|c| if c.is_alphanumeric() || " -_.".contains(c) { c } else { '_' })
        .take(120)
        .collect();
    format!("{}.json", clean.trim())
}

/// Records executions into the cassette at `out` (written anew).
///
/// Each interaction is appended to the cassette's journal as it arrives; the cassette is
/// written whole once, at the end, also when the recording stops on an error (what was
/// recorded is kept). With redaction, the cassette is called redacted only if no detector
/// (`redact::findings`) still finds personal data anywhere in it; otherwise the recording
/// fails, naming the places.
pub fn record(
    client: &mut Client,
    criteria: &Criteria,
    launch: Option<&Launch>,
    options: &Options,
    out: &Path,
    now: &dyn Fn() -> String,
) -> Result<Recording, RecordError> {
    let cassette = Cassette::new(client.base_url());
    let redactor = (!options.keep_pii).then(|| Redactor::new(options.redaction_key.as_deref()));
    let mut s = Session { client, cassette, out, now, redactor, journal: None };
    let result = record_into(&mut s, criteria, launch, options);
    match s.journal.take() {
        Some(j) => j.finish(&s.cassette)?,
        // Nothing was recorded: the cassette is written anyway (empty), as before.
        None => s.cassette.save(out)?,
    }
    let mut rec = result?;
    if let Some(r) = &s.redactor {
        rec.redacted = r.replaced;
        let mut left = Vec::new();
        for (k, i) in s.cassette.interactions.iter().enumerate() {
            let v = serde_json::to_value(i).unwrap_or(Value::Null);
            left.extend(
                crate::api::execution::redact::findings(&v)
                    .into_iter()
                    .map(|(at, kind)| format!("/interactions/{k}{at} ({})", kind.as_str())),
            );
        }
        if !left.is_empty() {
            let shown = left.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
            return Err(RecordError::Other(format!(
                "{} is NOT redacted: personal data is still found at {} place(s): {shown}{}; delete it, or record with --keep-pii knowingly",
                out.display(),
                left.len(),
                if left.len() > 10 { ", ..." } else { "" }
            )));
        }
    }
    Ok(rec)
}

fn record_into(
    s: &mut Session<'_>,
    criteria: &Criteria,
    launch: Option<&Launch>,
    options: &Options,
) -> Result<Recording, RecordError> {
    let mut rec = Recording::default();
    let max = criteria.max.clamp(1, MAX_INSTANCES);

    let ids: Vec<String> = if let Some(l) = launch {
        let body = json!({"flowId": l.flow_id, "inputData": l.input_data});
        let launched = s.call(
            Some("launch workflow".into()),
            "POST",
            "/api/v2/flows/executions",
            IndexMap::new(),
            Some(body),
        )?;
        let id = text(&launched, "id");
        if id.is_empty() {
            return Err(RecordError::Other("the workflow launch answered no execution id".into()));
        }
        let mut status = String::new();
        for _ in 0..MAX_POLLS {
            let got = s.call(
                Some("workflow execution".into()),
                "GET",
                &format!("/api/v2/flows/executions/{id}"),
                IndexMap::new(),
                None,
            )?;
            status = text(&got, "status");
            if !matches!(status.as_str(), "RUNNING" | "UNKNOWN" | "") {
                break;
            }
            s.client.pause(1000);
        }
        rec.launched = Some((id.clone(), status));
        vec![id]
    } else {
        let mut query = IndexMap::new();
        query.insert("pageSize".to_owned(), max.to_string());
        let found = s.call(
            Some("query".into()),
            "POST",
            "/api/v2/flows/instances/query",
            query,
            Some(criteria.query()),
        )?;
        let list = found.get("entities").and_then(Value::as_array).cloned().unwrap_or_default();
        list.iter().map(|e| text(e, "id")).filter(|i| !i.is_empty()).take(max).collect()
    };
    rec.found.clone_from(&ids);
    if ids.is_empty() {
        rec.notes.push("no execution matched the criteria".into());
        return Ok(rec);
    }

    // A download job, polled until it is done.
    let mut job = s.call(
        Some("download job".into()),
        "POST",
        "/api/v2/flows/instances/jobs",
        IndexMap::new(),
        Some(json!({"ids": ids})),
    )?;
    let mut polls = 0;
    while matches!(text(&job, "jobState").as_str(), "Registered" | "Running") {
        polls += 1;
        if polls > MAX_POLLS {
            return Err(RecordError::Other(format!(
                "the download job {} was still {} after {MAX_POLLS} polls",
                text(&job, "id"),
                text(&job, "jobState")
            )));
        }
        s.client.pause(1000);
        job = s.call(
            Some("download job".into()),
            "GET",
            &format!("/api/v2/flows/instances/jobs/{}", text(&job, "id")),
            IndexMap::new(),
            None,
        )?;
    }
    let base = s.client.base_url().to_owned();
    let mut versions: Vec<(String, String, String)> = Vec::new();
    for entity in job.get("entities").and_then(Value::as_array).cloned().unwrap_or_default() {
        let id = text(&entity, "id");
        if entity.get("failed").and_then(Value::as_bool) == Some(true) {
            rec.failed.push((
                id,
                format!("the job could not prepare it ({})", text(&entity, "statusCode")),
            ));
            continue;
        }
        let uri = text(&entity, "downloadUri");
        // Only the API's own host gets the token; a pre-signed URL elsewhere is not followed
        // by this client (it would carry nothing to authenticate, and records nothing of it).
        let Some(path) = uri
            .strip_prefix(&base)
            .map(str::to_owned)
            .or_else(|| uri.starts_with('/').then(|| uri.clone()))
        else {
            rec.failed.push((
                id,
                format!("its download URI is on another host ({}): download it with a browser or curl and pass the file to `flowsim replay`", uri.split('/').take(3).collect::<Vec<_>>().join("/")),
            ));
            continue;
        };
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p.to_owned(), serde_urlencoded::from_str(q).unwrap_or_default()),
            None => (path, IndexMap::new()),
        };
        match s.call(Some(id.clone()), "GET", &path, query, None) {
            Ok(document) => {
                if crate::api::execution::doc::is_document(&document) {
                    rec.documents += 1;
                    let f = &document["flow"];
                    let v = (text(f, "flowId"), text(f, "flowVersion"), text(f, "flowName"));
                    if !v.0.is_empty() && !versions.contains(&v) {
                        versions.push(v);
                    }
                } else {
                    rec.failed.push((id, "the download is not flow execution data".into()));
                }
            }
            Err(RecordError::Api(e)) if !e.stops_recording() => {
                rec.failed.push((id, e.to_string()));
            }
            Err(e) => return Err(e),
        }
    }

    // The configuration each document ran.
    for (flow_id, version, name) in versions {
        let (fid, v) = (encode_segment(&flow_id), encode_segment(&version));
        let path = if version.is_empty() {
            format!("/api/v2/flows/{fid}/latestconfiguration")
        } else {
            format!("/api/v2/flows/{fid}/versions/{v}/configuration")
        };
        match s.call(
            Some(format!("configuration of {name} {version}")),
            "GET",
            &path,
            IndexMap::new(),
            None,
        ) {
            Ok(config) => {
                if let Some(dir) = &options.flows_out {
                    let base = file_name(&name, &version);
                    let file = dir.join(&base);
                    let mut text = serde_json::to_string_pretty(&config).unwrap_or_default();
                    text.push('\n');
                    crate::util::write_inside(dir, std::path::Path::new(&base), text.as_bytes())
                        .map_err(|e| {
                            RecordError::Other(format!("cannot write {}: {e}", file.display()))
                        })?;
                    rec.configurations.push(file);
                }
            }
            Err(RecordError::Api(e))
                if !e.stops_recording() || matches!(e, ClientError::Status { status: 501, .. }) =>
            {
                rec.notes.push(format!(
                    "the configuration of {name} {version} could not be fetched: {e}"
                ));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(rec)
}
