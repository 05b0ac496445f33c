//! The server's loop: the open documents, what each notification changes, which files are
//! checked again, and the answer to each request.
//!
//! Invariants:
//! - the findings are the project model's ([`Workspace`]), the very functions `flowsim check`
//!   and `flowsim test --lint` call, over one [`FileView`] in which the open documents' texts
//!   replace the files; the server only places them (UTF-16 positions) and publishes them,
//!   once per file, under the URI the client opened it by, every file that had findings before
//!   and has none now published empty;
//! - the project file is read again whenever its text changes (typed, saved, or changed on
//!   disk), and everything it decides with it;
//! - changes waiting in the channel are taken together before a check (typing fast checks
//!   once, with the last text);
//! - every request has a budget ([`Limits`]): a document past `max_document_bytes` is not
//!   kept (a diagnostic says so), past `max_open_documents` a new one is not opened, and an
//!   answer lists at most `max_items`;
//! - a request the server cannot answer gets an LSP error; nothing a client sends panics it;
//! - what lookups read from disk (the project's flow files, its org) is kept until a save or
//!   `workspace/didChangeWatchedFiles` (registered when the client can watch files) says a
//!   file may have changed; an edit changes no file on disk (the open text wins);
//! - the loop ends at `exit`, and at the end of its input (the channel closes).

use crate::convert::{self, Text};
use crate::lenses::{self, Verdict};
use crate::outline::Outline;
use crate::requests;
use crate::workspace::{Settings, Workspace};
use flowsim_project::diag::{Code, Diagnostic};
use flowsim_project::project::ProjectError;
use flowsim_project::vfs::FileView;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each request's budget.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest document kept: a flow file's limit.
    pub max_document_bytes: usize,
    /// The most documents open at once.
    pub max_open_documents: usize,
    /// The most items one answer lists (completions, references, symbols).
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_document_bytes: flowsim_project::util::MAX_INPUT_BYTES as usize,
            max_open_documents: 256,
            max_items: 2_000,
        }
    }
}

/// What kind of file a document is, by its name and first key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Flow,
    Scenario,
    /// The project file, `flowsim.toml`: read again at every change.
    Project,
    /// Anything else (fixtures, the org manifest): read from disk by the checks, checked
    /// again when saved.
    Other,
}

/// An open document.
#[derive(Debug)]
pub struct Doc {
    pub text: Text,
    pub kind: DocKind,
    pub outline: Outline,
}

impl Doc {
    /// The document at `path`: a flow when the project's flows hold it (as `check` reads every
    /// such file, whatever it holds), when it reads as one, or when it was one before this
    /// text (a flow whose YAML broke is still the flow, and its errors are shown).
    /// Its outline is the text's, or while the text does not read as YAML (an edit under
    /// way), the last one that did (`before`).
    fn new(path: &Path, text: String, workspace: &Workspace, before: Option<&Doc>) -> Doc {
        let was = before.map(|d| d.kind);
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase());
        let name = name.unwrap_or_default();
        let flow_name = [".yaml", ".yml", ".json", ".yaml.tftpl"].iter().any(|e| name.ends_with(e))
            || name.contains(".i3");
        let kind = if name.contains(".scenarios.") {
            DocKind::Scenario
        } else if workspace.is_project_file(path) {
            DocKind::Project
        } else if workspace.is_fixture(path) && !workspace.covers(path) {
            DocKind::Other
        } else if flow_name
            && (workspace.covers(path)
                || was == Some(DocKind::Flow)
                || flowsim_project::flow::registry::sniff(&text).is_some())
        {
            DocKind::Flow
        } else {
            DocKind::Other
        };
        let mut outline = match kind {
            DocKind::Flow | DocKind::Scenario => Outline::of(&text),
            DocKind::Project | DocKind::Other => Outline::default(),
        };
        if let Some(before) = before.filter(|b| !outline.parsed && b.kind == kind) {
            outline = before.outline.clone();
        }
        Doc { text: Text::new(text), kind, outline }
    }
}

/// The server's state.
pub struct Server {
    pub(crate) workspace: Workspace,
    pub(crate) limits: Limits,
    pub(crate) docs: BTreeMap<PathBuf, Doc>,
    /// The open documents' texts over the disk: what every check reads.
    pub(crate) view: FileView,
    /// The URI the client opened each document by (a path through a link stays the client's).
    uris: BTreeMap<PathBuf, Uri>,
    /// The findings last published, by file: what code actions read, and which files to
    /// clear when their findings are gone.
    pub(crate) findings: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Documents refused for their size: a diagnostic each, until closed.
    refused: BTreeSet<PathBuf>,
    /// The outcome of each scenario run from a lens, by file and name, until its file or a
    /// flow changes.
    pub(crate) verdicts: BTreeMap<(PathBuf, String), Verdict>,
    /// The project's flow files and org as on disk, kept between lookups until a file may
    /// have changed.
    pub(crate) index: crate::project::Index,
    /// The client asks for lenses again when told to (`workspace/codeLens/refresh`).
    lens_refresh: bool,
    next_request: i32,
}

/// The capabilities the server answers `initialize` with.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "[".into(), "(".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        code_lens_provider: Some(lsp_types::CodeLensOptions { resolve_provider: Some(false) }),
        execute_command_provider: Some(lsp_types::ExecuteCommandOptions {
            commands: vec![lenses::RUN_SCENARIO.to_owned()],
            ..lsp_types::ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on `conn` until `exit` or the end of the input: the handshake, then the
/// loop. `Err` when the handshake fails.
pub fn serve(conn: &Connection, settings: Settings, limits: Limits) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let init =
        conn.initialize(caps).map_err(|e| format!("the client's `initialize` failed: {e}"))?;
    let lens_refresh = init
        .pointer("/capabilities/workspace/codeLens/refreshSupport")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let watch = init
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    if watch {
        // Files changed outside the editor (a checkout, a generator) reach the index and the
        // checks too.
        let watchers = ["**/*.{yaml,yml,json}", "**/*.i3*", "**/flowsim.toml"]
            .map(|g| serde_json::json!({"globPattern": g}))
            .to_vec();
        let registration = serde_json::json!({"registrations": [{
            "id": "flowsim-watched-files",
            "method": note::DidChangeWatchedFiles::METHOD,
            "registerOptions": {"watchers": watchers},
        }]});
        send(
            conn,
            Request::new(
                "flowsim-watch".to_owned().into(),
                req::RegisterCapability::METHOD.into(),
                registration,
            ),
        );
    }
    // The project is looked for from the client's root, else from where the server started.
    let root = init
        .get("rootUri")
        .and_then(|u| serde_json::from_value::<Uri>(u.clone()).ok())
        .and_then(|u| convert::path_of(&u))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let view = FileView::disk();
    let workspace = Workspace::new(settings, root, &view);
    let mut server = Server {
        workspace,
        limits,
        docs: BTreeMap::new(),
        view,
        uris: BTreeMap::new(),
        findings: BTreeMap::new(),
        refused: BTreeSet::new(),
        verdicts: BTreeMap::new(),
        index: crate::project::Index::default(),
        lens_refresh,
        next_request: 0,
    };
    server.project_findings(conn);
    server.run(conn);
    Ok(())
}

/// What a batch of notifications asks for once it is applied.
#[derive(Default)]
struct Pending {
    /// The project file changed: read it again first.
    project: bool,
    flows: bool,
    scenarios: bool,
}

impl Server {
    fn run(&mut self, conn: &Connection) {
        let mut shutting_down = false;
        while let Ok(first) = conn.receiver.recv() {
            let mut pending = Pending::default();
            let mut batch = vec![first];
            // Notifications already waiting are applied together: one check for many edits.
            while let Ok(m) = conn.receiver.try_recv() {
                let is_note = matches!(m, Message::Notification(_));
                batch.push(m);
                if !is_note {
                    break;
                }
            }
            for m in batch {
                match m {
                    Message::Request(r) if r.method == req::Shutdown::METHOD => {
                        shutting_down = true;
                        send(conn, Response::new_ok(r.id, ()));
                    }
                    Message::Request(r) if shutting_down => send(
                        conn,
                        Response::new_err(
                            r.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shutting down".into(),
                        ),
                    ),
                    Message::Request(r) if r.method == req::ExecuteCommand::METHOD => {
                        self.check(conn, &mut pending);
                        let answer = self.execute(conn, &r);
                        send(conn, answer);
                    }
                    Message::Request(r) => {
                        // A request sees every edit before it.
                        self.check(conn, &mut pending);
                        let answer = self.answer(&r);
                        send(conn, answer);
                    }
                    Message::Notification(n) if n.method == note::Exit::METHOD => return,
                    Message::Notification(n) => self.notified(conn, &n, &mut pending),
                    Message::Response(_) => {}
                }
            }
            self.check(conn, &mut pending);
        }
    }

    fn answer(&mut self, r: &Request) -> Response {
        let id = r.id.clone();
        match requests::answer(self, r) {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    /// `workspace/executeCommand`: `flowsim.runScenario FILE NAME` runs that scenario, says
    /// how it went (a message, the lens's title) and answers the outcome.
    fn execute(&mut self, conn: &Connection, r: &Request) -> Response {
        let id = r.id.clone();
        let invalid = |message: String| {
            Response::new_err(id.clone(), ErrorCode::InvalidParams as i32, message)
        };
        let p: lsp_types::ExecuteCommandParams = match serde_json::from_value(r.params.clone()) {
            Ok(p) => p,
            Err(e) => return invalid(format!("{}: {e}", r.method)),
        };
        if p.command != lenses::RUN_SCENARIO {
            return invalid(format!("flowsim has no command `{}`", p.command));
        }
        let Some((file, name)) = lenses::arguments(&p.arguments) else {
            return invalid(format!(
                "`{}` takes the scenario file (a URI or a path) and the scenario's name",
                lenses::RUN_SCENARIO
            ));
        };
        let shown = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into());
        let outcome = self.workspace.run_scenario(&file, &name);
        let (typ, message, value) = match &outcome {
            Ok(Verdict::Passed) => (
                lsp_types::MessageType::INFO,
                format!("flowsim: {shown} › {name}: passed"),
                serde_json::json!({"passed": true}),
            ),
            Ok(Verdict::Failed { first, line }) => (
                lsp_types::MessageType::WARNING,
                format!(
                    "flowsim: {shown} › {name}: failed{}: {first}",
                    line.map_or_else(String::new, |l| format!(" (line {l})"))
                ),
                serde_json::json!({"passed": false, "mismatch": first, "line": line}),
            ),
            Err(why) => (
                lsp_types::MessageType::ERROR,
                format!("flowsim: {shown} › {name} did not run: {why}"),
                serde_json::json!({"passed": false, "error": why}),
            ),
        };
        let params = lsp_types::ShowMessageParams { typ, message };
        send(conn, Notification::new(note::ShowMessage::METHOD.into(), params));
        if let Ok(v) = outcome {
            self.verdicts.insert((file, name), v);
            if self.lens_refresh {
                self.next_request += 1;
                let refresh = Request::new(
                    format!("flowsim-{}", self.next_request).into(),
                    req::CodeLensRefresh::METHOD.into(),
                    (),
                );
                send(conn, refresh);
            }
        }
        Response::new_ok(id, value)
    }

    fn notified(&mut self, conn: &Connection, n: &Notification, pending: &mut Pending) {
        if n.method == note::DidChangeWatchedFiles::METHOD {
            // Files on disk changed: what was read of them, and the checks that read them; the
            // project file among them is read again.
            self.index.forget();
            self.verdicts.clear();
            pending.project = true;
            pending.flows = true;
            pending.scenarios = true;
            return;
        }
        let uri_text = |v: &serde_json::Value| -> Option<(Uri, PathBuf, Option<String>)> {
            let doc = v.get("textDocument")?;
            let uri: Uri = serde_json::from_value(doc.get("uri")?.clone()).ok()?;
            let text = doc.get("text").and_then(|t| t.as_str()).map(str::to_owned).or_else(|| {
                // didChange with full sync: the last change's text.
                let changes = v.get("contentChanges")?.as_array()?;
                changes.last()?.get("text")?.as_str().map(str::to_owned)
            });
            let path = document_path(&convert::path_of(&uri)?);
            Some((uri, path, text))
        };
        let Some((uri, path, text)) = uri_text(&n.params) else { return };
        match n.method.as_str() {
            m if m == note::DidOpenTextDocument::METHOD
                || m == note::DidChangeTextDocument::METHOD =>
            {
                if m == note::DidOpenTextDocument::METHOD {
                    let before = self.uris.insert(path.clone(), uri.clone());
                    // Findings published before the editor opened the file went out under
                    // another URI (its own path, where the editor reached it by a link): they
                    // are cleared there, so the editor does not show them twice.
                    let old = before.unwrap_or_else(|| convert::uri_of(&path));
                    if old != uri && self.findings.contains_key(&path) {
                        publish(conn, old, &Text::default(), &[]);
                    }
                }
                let Some(text) = text else { return };
                self.put(conn, path, text, pending);
            }
            m if m == note::DidSaveTextDocument::METHOD => {
                if let Some(text) = text {
                    self.put(conn, path.clone(), text, pending);
                }
                // A save changes what the checks and lookups read from disk: fixtures,
                // scenarios, flows.
                self.index.forget();
                pending.flows = true;
                pending.scenarios = true;
            }
            m if m == note::DidCloseTextDocument::METHOD => {
                // Closed, the file on disk is the truth again.
                self.view.remove(&path);
                if let Some(doc) = self.docs.remove(&path) {
                    pending.project |= doc.kind == DocKind::Project;
                    pending.flows = true;
                    pending.scenarios = true;
                    if !self.findings.contains_key(&path) {
                        self.uris.remove(&path);
                    }
                }
                if self.refused.remove(&path) {
                    self.publish(conn, &path, &Text::default(), &[]);
                    self.uris.remove(&path);
                }
            }
            _ => {}
        }
    }

    /// Keeps `text` as the document at `path`, within the budgets.
    fn put(&mut self, conn: &Connection, path: PathBuf, text: String, pending: &mut Pending) {
        let over_size = text.len() > self.limits.max_document_bytes;
        let over_count =
            !self.docs.contains_key(&path) && self.docs.len() >= self.limits.max_open_documents;
        if over_size || over_count {
            self.docs.remove(&path);
            let why = if over_size {
                format!(
                    "flowsim does not check this document: {} bytes is past its limit of {} bytes",
                    text.len(),
                    self.limits.max_document_bytes
                )
            } else {
                format!(
                    "flowsim does not check this document: {} documents are open, its limit",
                    self.limits.max_open_documents
                )
            };
            let d = Diagnostic::warning(Code::UnreadableFile, why)
                .file(&path)
                .at(1, 1)
                .help("close other documents, or check this file with `flowsim check`");
            self.refused.insert(path.clone());
            self.view.remove(&path);
            self.publish(conn, &path, &Text::default(), &[d]);
            return;
        }
        self.refused.remove(&path);
        let was = self.docs.get(&path).map(|d| d.kind);
        self.view.set(path.clone(), text.clone());
        let doc = Doc::new(&path, text, &self.workspace, self.docs.get(&path));
        // An outcome holds for the texts it ran on: a scenario file's own, or, for a flow or a
        // fixture file (any other document), every one.
        if doc.kind == DocKind::Scenario {
            self.verdicts.retain(|(file, _), _| *file != path);
        } else {
            self.verdicts.clear();
        }
        match (doc.kind, was) {
            (DocKind::Project, _) => pending.project = true,
            // A flow that stopped reading as one (or started) changes the flows checked.
            (DocKind::Flow, _) | (_, Some(DocKind::Flow)) => {
                pending.flows = true;
                // The scenario files' flows are read through the view too.
                pending.scenarios = true;
            }
            (DocKind::Scenario, _) => pending.scenarios = true,
            // A fixture file as typed is what the checks read.
            (DocKind::Other, _) if self.workspace.is_fixture(&path) => {
                pending.flows = true;
                pending.scenarios = true;
                self.index.forget();
            }
            (DocKind::Other, _) => {}
        }
        self.docs.insert(path, doc);
    }

    /// Reads the project file again and publishes its own findings: every check reads it.
    fn reload(&mut self, conn: &Connection, pending: &mut Pending) {
        self.workspace.reload(&self.view);
        self.index.forget();
        self.verdicts.clear();
        // What a document is may have changed with the project's flows.
        let paths: Vec<PathBuf> = self.docs.keys().cloned().collect();
        for p in paths {
            if let Some(doc) = self.docs.remove(&p) {
                let d = Doc::new(&p, doc.text.text.clone(), &self.workspace, Some(&doc));
                self.docs.insert(p, d);
            }
        }
        pending.flows = true;
        pending.scenarios = true;
        self.project_findings(conn);
    }

    /// The project file's own findings, published in it (none when it reads).
    fn project_findings(&mut self, conn: &Connection) {
        let (file, diags) = match &self.workspace.error {
            Some(ProjectError::Invalid { diagnostics, .. }) => {
                (self.workspace.project_file().map(Path::to_path_buf), diagnostics.clone())
            }
            Some(ProjectError::Refused(d)) => {
                let help = d.help.as_deref().map(|h| format!(" ({h})")).unwrap_or_default();
                show_message(conn, &format!("{}: {}{help}", d.code, d.message));
                (self.workspace.project_file().map(Path::to_path_buf), Vec::new())
            }
            None => (self.workspace.project_file().map(Path::to_path_buf), Vec::new()),
        };
        let Some(file) = file else { return };
        let diags: Vec<Diagnostic> = diags.into_iter().map(|d| d.file(&file)).collect();
        if diags.is_empty() && !self.findings.contains_key(&file) && !self.docs.contains_key(&file)
        {
            return;
        }
        let text = self.text_of(&file);
        self.publish(conn, &file, &text, &diags);
        if diags.is_empty() {
            self.findings.remove(&file);
        } else {
            self.findings.insert(file, diags);
        }
    }

    /// The text of `path` as the view holds it.
    fn text_of(&self, path: &Path) -> Text {
        if let Some(doc) = self.docs.get(path) {
            return doc.text.clone();
        }
        let limit = self.limits.max_document_bytes as u64;
        Text::new(self.view.read(path, limit).map(std::borrow::Cow::into_owned).unwrap_or_default())
    }

    /// Publishes `diags` for `path`, under the URI the client opened it by.
    fn publish(&self, conn: &Connection, path: &Path, text: &Text, diags: &[Diagnostic]) {
        let uri = self.uris.get(path).cloned().unwrap_or_else(|| convert::uri_of(path));
        publish(conn, uri, text, diags);
    }

    /// Checks what `pending` asks for and publishes the findings.
    fn check(&mut self, conn: &Connection, pending: &mut Pending) {
        if pending.project {
            pending.project = false;
            self.reload(conn, pending);
        }
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut checked: Vec<DocKind> = Vec::new();
        if pending.flows {
            let open: Vec<PathBuf> = self.paths_of(DocKind::Flow);
            let (diags, refused) = self.workspace.check(&self.view, &open);
            found.extend(diags);
            for r in refused {
                show_message(conn, &r);
            }
            checked.push(DocKind::Flow);
        }
        if pending.scenarios {
            let files = self.paths_of(DocKind::Scenario);
            if !files.is_empty() {
                found.extend(self.workspace.lint(&files, &self.view));
            }
            checked.push(DocKind::Scenario);
        }
        *pending = Pending::default();
        if checked.is_empty() {
            return;
        }
        let project_file = self.workspace.project_file().map(Path::to_path_buf);
        let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for d in found {
            let Some(file) = &d.file else { continue };
            by_file.entry(document_path(file)).or_default().push(d);
        }
        // Files of the kinds checked whose findings are gone, and open documents of those
        // kinds with none (the editor learns the check ran), are published empty, once each.
        // The project file's own findings are its reload's.
        let kind_of = |p: &PathBuf| self.docs.get(p).map_or(DocKind::Flow, |d| d.kind);
        let mut empty: BTreeSet<PathBuf> = self
            .findings
            .keys()
            .filter(|p| !by_file.contains_key(*p) && Some(*p) != project_file.as_ref())
            .filter(|p| {
                // A fixture file's findings are the flows' check's.
                let kind = kind_of(p);
                checked.contains(&kind)
                    || (kind == DocKind::Other && checked.contains(&DocKind::Flow))
            })
            .cloned()
            .collect();
        empty.extend(
            self.docs
                .iter()
                .filter(|(p, d)| checked.contains(&d.kind) && !by_file.contains_key(*p))
                .filter(|(p, _)| !self.refused.contains(*p))
                .map(|(p, _)| p.clone()),
        );
        for path in empty {
            self.findings.remove(&path);
            self.publish(conn, &path, &Text::default(), &[]);
        }
        for (path, diags) in by_file {
            let text = self.text_of(&path);
            self.publish(conn, &path, &text, &diags);
            self.findings.insert(path, diags);
        }
    }

    fn paths_of(&self, kind: DocKind) -> Vec<PathBuf> {
        self.docs.iter().filter(|(_, d)| d.kind == kind).map(|(p, _)| p.clone()).collect()
    }
}

pub use flowsim_project::vfs::document_path;

fn publish(conn: &Connection, uri: Uri, text: &Text, diags: &[Diagnostic]) {
    let (shown, _) = flowsim_project::diag::shown(diags);
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics: shown.iter().map(|d| convert::diagnostic(text, d)).collect(),
        version: None,
    };
    send(conn, Notification::new(note::PublishDiagnostics::METHOD.into(), params));
}

fn show_message(conn: &Connection, text: &str) {
    let params = lsp_types::ShowMessageParams {
        typ: lsp_types::MessageType::ERROR,
        message: text.trim_end().to_owned(),
    };
    send(conn, Notification::new(note::ShowMessage::METHOD.into(), params));
}

fn send(conn: &Connection, m: impl Into<Message>) {
    // A client gone is the end of the input too: the loop ends there.
    let _ = conn.sender.send(m.into());
}
