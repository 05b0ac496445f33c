//! The flows a name written in one file can mean: the open flows (their unsaved texts), then
//! the project's flow files and a scenario file's own `flows:`, read from disk. What a
//! scenario's `flow:`, a node of its `path`, a called module's name or a flow's references
//! point to is looked up here.
//!
//! Invariants: the project's flow files are read and outlined once, at the first lookup that
//! needs them, and kept in the [`Index`] until a notification says a file on disk may have
//! changed (a save, a watched file changed, created or deleted): a lookup then costs the open
//! documents and the request, not the project. A file past the document limit or that is not
//! an Archy flow is skipped; at most `max_open_documents` files are read from disk for the
//! index, and as many for a scenario file's own `flows:` outside it; an open document always
//! wins over its file.

use crate::convert::Text;
use crate::outline::{self, Outline};
use crate::server::{document_path, DocKind, Server};
use flowsim_project::flow::org::Manifest;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A flow file, open or read from disk, and its outline.
pub struct Known<'s> {
    pub path: PathBuf,
    pub text: Cow<'s, Text>,
    pub outline: Cow<'s, Outline>,
}

impl Known<'_> {
    /// The flow's name as its file writes it.
    pub fn name(&self) -> Option<&str> {
        self.outline.flow_name.as_ref().map(|n| n.0.as_str())
    }
}

/// What the project holds on disk, read at the first lookup that needs it and kept until
/// [`Index::forget`]: its flow files (outlined) and its org (fixtures and manifest).
#[derive(Default)]
pub struct Index {
    flows: OnceCell<Vec<OnDisk>>,
    org: OnceCell<Vec<Manifest>>,
}

/// A flow file as on disk.
struct OnDisk {
    path: PathBuf,
    text: Text,
    outline: Outline,
}

impl Index {
    /// Forgets what was read: a file on disk may have changed.
    pub fn forget(&mut self) {
        self.flows = OnceCell::new();
        self.org = OnceCell::new();
    }

    /// The org the checks hold flows to ([`Checker::org`](crate::server::Checker::org)).
    pub fn org<'s>(&'s self, server: &Server) -> &'s [Manifest] {
        self.org.get_or_init(|| server.workspace.org(&server.view))
    }

    /// The project's flow files, read and outlined once.
    fn flows(&self, server: &Server) -> &[OnDisk] {
        self.flows.get_or_init(|| {
            let mut out = Vec::new();
            let mut seen = BTreeSet::new();
            let mut read = 0;
            for p in server.workspace.flow_files() {
                let p = document_path(&p);
                if read >= server.limits.max_open_documents || !seen.insert(p.clone()) {
                    continue;
                }
                if let Some((text, outline)) = read_flow(server, &p, &mut read) {
                    out.push(OnDisk { path: p, text, outline });
                }
            }
            out
        })
    }
}

/// The Archy flow file at `path` and its outline, counted in `read` when it is read.
fn read_flow(server: &Server, path: &Path, read: &mut usize) -> Option<(Text, Outline)> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !matches!(ext.as_deref(), Some("yaml" | "yml")) {
        return None;
    }
    *read += 1;
    let limit = server.limits.max_document_bytes as u64;
    let text = Text::new(flowsim_project::util::read_text(path, limit).ok()?);
    let outline = Outline::of(&text.text);
    outline.flow_type.is_some().then_some((text, outline))
}

/// The flows known to `server`: the open ones, then the project's, then those of the scenario
/// file `scenario` (its path and text) names in its `flows:`.
pub fn flows<'s>(server: &'s Server, scenario: Option<(&Path, &[String])>) -> Vec<Known<'s>> {
    let mut out: Vec<Known<'s>> = server
        .docs
        .iter()
        .filter(|(_, d)| d.kind == DocKind::Flow)
        .map(|(p, d)| Known {
            path: p.clone(),
            text: Cow::Borrowed(&d.text),
            outline: Cow::Borrowed(&d.outline),
        })
        .collect();
    let mut seen: BTreeSet<PathBuf> = out.iter().map(|k| k.path.clone()).collect();
    for f in server.index.flows(server) {
        if seen.insert(f.path.clone()) {
            out.push(Known {
                path: f.path.clone(),
                text: Cow::Borrowed(&f.text),
                outline: Cow::Borrowed(&f.outline),
            });
        }
    }
    // A scenario file's own flows outside the project: read for this lookup.
    if let Some((path, flows)) = scenario {
        let dir = path.parent().unwrap_or(Path::new("."));
        let named: Vec<PathBuf> = flows.iter().map(|f| dir.join(f)).collect();
        let mut read = 0;
        for p in flowsim_project::flow::registry::flow_files(&named) {
            let p = document_path(&p);
            if read >= server.limits.max_open_documents || !seen.insert(p.clone()) {
                continue;
            }
            if let Some((text, outline)) = read_flow(server, &p, &mut read) {
                out.push(Known { path: p, text: Cow::Owned(text), outline: Cow::Owned(outline) });
            }
        }
    }
    out
}

/// The flow named `name` (any case, as Architect compares names).
pub fn by_name<'k, 's>(known: &'k [Known<'s>], name: &str) -> Option<&'k Known<'s>> {
    known.iter().find(|k| k.name().is_some_and(|n| n.eq_ignore_ascii_case(name)))
}

/// The task, menu, state or action named `name` in `flow`.
pub fn node<'k>(flow: &'k Known<'_>, name: &str) -> Option<&'k outline::Item> {
    flow.outline.items.iter().find(|it| it.name.as_ref().is_some_and(|n| n.0 == name))
}
