//! The recorder: simulation requests → the live API → a cassette, in VCR's modes.
//!
//! | mode | does |
//! | --- | --- |
//! | `once` (default) | records everything when the cassette does not exist; otherwise nothing |
//! | `new` | records only the requests the cassette does not hold yet |
//! | `all` | records every request again; interactions no request asks for any more are dropped at the end |
//! | `none` | never touches the network: reports the requests the cassette lacks (for CI) |
//!
//! The cassette is rewritten (atomically) after every recorded interaction, so an interrupted
//! recording keeps everything recorded so far, and under `all` every interaction is at any
//! moment either its old or its new recording, never missing.

use super::{Client, ClientError};
use crate::api::cassette::journal::Journal;
use crate::api::cassette::{
    Cassette, CassetteError, Interaction, RecordedRequest, RecordedResponse,
};
use indexmap::IndexMap;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The flow simulation endpoint.
pub const SIMULATIONS_PATH: &str = "/api/v2/architect/simulations";

/// VCR's record modes (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Once,
    New,
    All,
    None,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Once => "once",
            Mode::New => "new",
            Mode::All => "all",
            Mode::None => "none",
        }
    }
}

/// One request to record: a simulation request body and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// A scenario's name, or a request file's stem: the interaction's `name`.
    pub name: String,
    /// Where it was read, for messages: `file`, or `file › scenario`.
    pub origin: String,
    /// The run request (docs/results.md), sent as the body of `POST /api/v2/architect/simulations`.
    pub body: Value,
}

/// What happened to one source.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemOutcome {
    /// Recorded; the response's status and trace length.
    Recorded { status: u16, steps: Option<usize> },
    /// Already in the cassette (modes `once`, `new`, `none`).
    Kept,
    /// Not in the cassette, and mode `none` may not record it.
    Missing,
    /// The call failed.
    Failed(ClientError),
    /// Not tried: an earlier failure stopped the recording.
    NotTried,
}

/// One source and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub name: String,
    pub origin: String,
    pub outcome: ItemOutcome,
}

/// What a recording did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub cassette: PathBuf,
    pub mode: Mode,
    /// `once` found the cassette already there and did nothing.
    pub already_recorded: bool,
    pub items: Vec<Item>,
    /// Interactions dropped by `all` because no request asks for them any more.
    pub dropped: usize,
    /// Interactions in the cassette at the end.
    pub interactions: usize,
    /// Whether the cassette was written.
    pub written: bool,
}

impl Report {
    pub fn count(&self, f: impl Fn(&ItemOutcome) -> bool) -> usize {
        self.items.iter().filter(|i| f(&i.outcome)).count()
    }
}

/// A recording in preparation: the cassette loaded, each source's fate decided.
pub struct Recorder {
    path: PathBuf,
    mode: Mode,
    cassette: Cassette,
    existed: bool,
    sources: Vec<Source>,
    /// Per source: its request as stored (redacted), and the interaction holding it, if any.
    requests: Vec<(RecordedRequest, Option<usize>)>,
}

impl Recorder {
    /// Loads the cassette at `path` (if any), adds `redact` to its redaction paths, and decides
    /// which sources need the network. `base_url` is what the cassette will say it was
    /// recorded from (`None` only under `none`).
    pub fn new(
        path: &Path,
        mode: Mode,
        base_url: Option<&str>,
        redact: &[String],
        sources: Vec<Source>,
    ) -> Result<Recorder, CassetteError> {
        let loaded = Cassette::load_if_exists(path)?;
        let existed = loaded.is_some();
        let mut cassette =
            loaded.unwrap_or_else(|| Cassette::new(base_url.unwrap_or("http://unknown")));
        if let Some(base) = base_url {
            let base = crate::api::cassette::strip_userinfo(base.trim_end_matches('/')).0;
            let base = base.as_str();
            if mode == Mode::New && existed && cassette.base_url != base {
                return Err(CassetteError {
                    file: path.to_path_buf(),
                    line: None,
                    column: None,
                    message: format!(
                        "the cassette was recorded from {}, not {base}",
                        cassette.base_url
                    ),
                    help: format!(
                        "record new interactions from {} (--base-url), or re-record them all from {base} with --mode all",
                        cassette.base_url
                    ),
                });
            }
            if mode != Mode::None {
                base.clone_into(&mut cassette.base_url);
            }
        }
        if let Err(message) = crate::api::cassette::parse_paths(redact) {
            return Err(CassetteError {
                file: path.to_path_buf(),
                line: None,
                column: None,
                message: format!("--redact: {message}"),
                help: "a redaction path is a JSON Pointer into the request or response, e.g. /body/context/from or /response/body/variables/Flow.email".into(),
            });
        }
        cassette.add_redactions(redact);
        // Paths added now apply to what is already stored too, so that matching stays exact.
        let stored = std::mem::take(&mut cassette.interactions);
        cassette.interactions = stored
            .into_iter()
            .map(|mut i| {
                cassette.redact(&mut i.request, Some(&mut i.response));
                i
            })
            .collect();
        let requests = sources
            .iter()
            .map(|s| {
                let mut request = RecordedRequest {
                    method: "POST".into(),
                    path: SIMULATIONS_PATH.into(),
                    query: IndexMap::new(),
                    body: s.body.clone(),
                };
                cassette.redact(&mut request, None);
                let found = cassette.find(&request);
                (request, found)
            })
            .collect();
        Ok(Recorder { path: path.to_path_buf(), mode, cassette, existed, sources, requests })
    }

    /// How many sources will be sent to the API.
    pub fn pending(&self) -> usize {
        (0..self.sources.len()).filter(|&i| self.needs_network(i)).count()
    }

    fn needs_network(&self, i: usize) -> bool {
        match self.mode {
            Mode::Once => !self.existed,
            Mode::New => self.requests[i].1.is_none(),
            Mode::All => true,
            Mode::None => false,
        }
    }

    /// Records what needs recording. `client` is `None` only when [`Recorder::pending`] is 0.
    /// `now` gives the `recordedAt` time; `progress` sees each item as it is decided.
    pub fn run(
        mut self,
        mut client: Option<&mut Client>,
        now: &dyn Fn() -> String,
        progress: &mut dyn FnMut(&Item),
    ) -> Result<Report, CassetteError> {
        let mut report = Report {
            cassette: self.path.clone(),
            mode: self.mode,
            already_recorded: self.mode == Mode::Once && self.existed,
            items: Vec::new(),
            dropped: 0,
            interactions: 0,
            written: false,
        };
        // Under `all`, which interactions hold this run's recordings.
        let mut fresh = vec![false; self.cassette.interactions.len()];
        let mut journal: Option<Journal> = None;
        let mut stopped = false;
        for i in 0..self.sources.len() {
            let source = &self.sources[i];
            let mut item = Item {
                name: source.name.clone(),
                origin: source.origin.clone(),
                outcome: ItemOutcome::Kept,
            };
            if !self.needs_network(i) {
                if self.requests[i].1.is_none() && self.mode == Mode::None {
                    item.outcome = ItemOutcome::Missing;
                }
            } else if stopped {
                item.outcome = ItemOutcome::NotTried;
            } else if let Some(client) = client.as_deref_mut() {
                match client.send("POST", SIMULATIONS_PATH, &IndexMap::new(), Some(&source.body)) {
                    Ok(answer) => {
                        let steps =
                            answer.body.get("trace").and_then(Value::as_array).map(Vec::len);
                        let mut interaction = Interaction {
                            name: Some(source.name.clone()),
                            note: None,
                            request: self.requests[i].0.clone(),
                            response: RecordedResponse::new(
                                answer.status,
                                answer.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                                answer.body,
                            ),
                            recorded_at: now(),
                        };
                        self.cassette
                            .redact(&mut interaction.request, Some(&mut interaction.response));
                        let mut one = Cassette::new("");
                        one.interactions.push(interaction);
                        one.scrub(&client.secrets());
                        let interaction = one.interactions.pop().expect("just pushed");
                        // Replace the old recording of the same request (not one made by
                        // this run), else append.
                        let old =
                            self.cassette.interactions.iter().enumerate().position(|(k, x)| {
                                !fresh[k] && x.request.same_as(&interaction.request)
                            });
                        if let Some(k) = old {
                            self.cassette.interactions[k] = interaction;
                        } else {
                            self.cassette.interactions.push(interaction);
                            fresh.push(false);
                        }
                        let k = old.unwrap_or(fresh.len() - 1);
                        fresh[k] = true;
                        // Appended to the journal (linear, and kept if the recorder is
                        // killed); the cassette is written once, below.
                        if journal.is_none() {
                            let mut base = self.cassette.clone();
                            if old.is_none() {
                                base.interactions.pop();
                            }
                            journal = Some(Journal::begin(&base, &self.path)?);
                        }
                        if let Some(j) = &mut journal {
                            j.append(k, &self.cassette.interactions[k])?;
                        }
                        report.written = true;
                        item.outcome = ItemOutcome::Recorded { status: answer.status, steps };
                    }
                    Err(e) => {
                        stopped = e.stops_recording();
                        item.outcome = ItemOutcome::Failed(e);
                    }
                }
            } else {
                item.outcome = ItemOutcome::NotTried;
            }
            progress(&item);
            report.items.push(item);
        }
        if self.mode == Mode::All && !stopped {
            let before = self.cassette.interactions.len();
            let mut k = 0;
            self.cassette.interactions.retain(|_| {
                k += 1;
                fresh[k - 1]
            });
            report.dropped = before - self.cassette.interactions.len();
            if (report.dropped > 0 || !self.existed) && journal.is_none() {
                self.cassette.save(&self.path)?;
                report.written = true;
            }
        }
        if let Some(j) = journal {
            j.finish(&self.cassette)?;
        }
        report.interactions = self.cassette.interactions.len();
        Ok(report)
    }
}
