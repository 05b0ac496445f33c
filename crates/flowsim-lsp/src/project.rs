//! The flows a name written in one file can mean: the open flows (their unsaved texts), then
//! the project's flow files and a scenario file's own `flows:`, read from disk. What a
//! scenario's `flow:`, a node of its `path`, a called module's name or a flow's references
//! point to is looked up here.
//!
//! Invariants: a lookup reads each flow file once and outlines it (linear in the project's
//! flows), skips a file past the document limit or that is not an Archy flow, and reads at
//! most `max_open_documents` files from disk; an open document always wins over its file.

use crate::convert::Text;
use crate::outline::{self, Outline};
use crate::scenarios;
use crate::server::{document_path, DocKind, Server};
use std::borrow::Cow;
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

/// The flows known to `server`: the open ones, then the project's, then those of the scenario
/// file `scenario` (its path and text) names in its `flows:`.
pub fn flows<'s>(server: &'s Server<'_>, scenario: Option<(&Path, &Text)>) -> Vec<Known<'s>> {
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
    let mut paths = server.checker.flow_files();
    if let Some((path, text)) = scenario {
        let dir = path.parent().unwrap_or(Path::new("."));
        let named: Vec<PathBuf> = scenarios::flows(text).iter().map(|f| dir.join(f)).collect();
        paths.extend(flowsim_harness::flow::registry::flow_files(&named));
    }
    let mut seen: BTreeSet<PathBuf> = out.iter().map(|k| k.path.clone()).collect();
    let limit = server.limits.max_document_bytes as u64;
    let mut read = 0;
    for p in paths {
        let p = document_path(&p);
        if !seen.insert(p.clone()) || read >= server.limits.max_open_documents {
            continue;
        }
        let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        if !matches!(ext.as_deref(), Some("yaml" | "yml")) {
            continue;
        }
        read += 1;
        let Ok(text) = flowsim_harness::util::read_text(&p, limit) else { continue };
        let text = Text::new(text);
        let outline = Outline::of((0..text.line_count()).map(|i| text.line(i)));
        if outline.flow_type.is_some() {
            out.push(Known { path: p, text: Cow::Owned(text), outline: Cow::Owned(outline) });
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
