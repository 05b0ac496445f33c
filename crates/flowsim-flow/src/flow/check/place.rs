//! Where a check's diagnostic about an Architect flow's action or one of its expressions is
//! written in the flow's file: the one place the checks turn an expression's span into a line,
//! a column and a caret.
//!
//! An expression's place comes from the loader's record of where it is written
//! ([`ExprSource`]: an Archy scalar's line and column, an export string's JSON path), then the
//! offset inside the scalar through [`scalar_pos`] (escapes counted; a form whose inner columns
//! cannot be read back gives the scalar's start). Without a record (an expression the loader
//! built, not parsed from the file), the action's own place.
//!
//! A check run builds one [`Places`] over its flows and every family places through it: each
//! flow's text is the one the flow was read from when the caller has it ([`Texts`]: the load's
//! own texts, an editor's unsaved buffer), else its file; it is indexed once (its line starts, an export's JSON paths), so that
//! placing `n` diagnostics costs the file once plus `n` short look-ups, never `n` walks of
//! the file.

use crate::diag::{Diagnostic, Edit, Fix, Span};
use crate::expr::{Expr, ExprKind};
use crate::flow::model::{ExprSource, Node, SourceAt, SETTINGS_NODE};
use crate::flow::{Flow, Format};
use crate::util::json_pos::{segments, starts};
use crate::util::lines::Lines;
use crate::util::scalar_pos;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The texts flows were read from, by file, where the caller has them (a load's sources, an
/// editor's unsaved texts): a place is found in the text the flow was read from, never in a
/// file on disk that says something else. A file not here is read from disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Texts<'t> {
    /// The texts of a load, by the file each names.
    sources: Option<&'t FxHashMap<&'t Path, &'t str>>,
    /// Texts that replace the files at these paths (an editor's unsaved buffers).
    overlay: Option<&'t BTreeMap<PathBuf, String>>,
}

impl<'t> Texts<'t> {
    /// The texts a load read its flows from.
    pub fn of_sources(sources: &'t FxHashMap<&'t Path, &'t str>) -> Self {
        Texts { sources: Some(sources), overlay: None }
    }

    /// The texts of `overlay` in place of the files at its paths.
    pub fn of_overlay(overlay: &'t BTreeMap<PathBuf, String>) -> Self {
        Texts { sources: None, overlay: Some(overlay) }
    }

    fn get(&self, file: &Path) -> Option<&'t str> {
        self.sources
            .and_then(|s| s.get(file).copied())
            .or_else(|| self.overlay.and_then(|o| o.get(file)).map(String::as_str))
    }
}

/// One [`Source`] for each flow of a check run, shared by every family.
pub(crate) struct Places<'f> {
    sources: Vec<Source<'f>>,
    /// Each flow's index in `sources`, by its address.
    by_flow: FxHashMap<usize, usize>,
}

impl<'f> Places<'f> {
    pub fn new(flows: &'f [Flow], texts: Texts<'f>) -> Self {
        let by_flow = flows.iter().enumerate().map(|(i, f)| (address(f), i)).collect();
        let sources = flows.iter().map(|f| Source::new(f, texts.get(&f.file))).collect();
        Places { sources, by_flow }
    }

    /// `flow`'s source, and what to do with it; a flow of none (no check places those) gets
    /// one of its own.
    fn with<T>(&self, flow: &Flow, f: impl FnOnce(&Source<'_>) -> T) -> T {
        match self.by_flow.get(&address(flow)) {
            Some(&i) => f(&self.sources[i]),
            None => f(&Source::new(flow, None)),
        }
    }

    /// [`Source::expr`] in `flow`'s file.
    pub fn expr(
        &self,
        flow: &Flow,
        d: Diagnostic,
        node: &Node,
        e: &Expr,
        span: Span,
    ) -> Diagnostic {
        self.with(flow, |s| s.expr(d, node, e, span))
    }

    /// [`Source::fix`] in `flow`'s file.
    #[allow(clippy::too_many_arguments)]
    pub fn fix(
        &self,
        flow: &Flow,
        node: &Node,
        e: &Expr,
        property: Option<&str>,
        span: Span,
        old: &str,
        new: &str,
    ) -> Option<Fix> {
        self.with(flow, |s| s.fix(node, e, property, span, old, new))
    }

    /// [`Source::prop`] in `flow`'s file.
    pub fn prop(&self, flow: &Flow, d: Diagnostic, node: &Node, property: &str) -> Diagnostic {
        self.with(flow, |s| s.prop(d, node, property))
    }

    /// [`Source::key`] in `flow`'s file.
    pub fn key(
        &self,
        flow: &Flow,
        d: Diagnostic,
        node: &Node,
        property: &str,
        key: &str,
    ) -> Diagnostic {
        self.with(flow, |s| s.key(d, node, property, key))
    }

    /// `d` at the value of the flow setting `property` (`settingsBotFlow.dynamicTimeslotTypes.timeslots`)
    /// where the loader recorded it; else as it is.
    pub fn setting(&self, flow: &Flow, d: Diagnostic, property: &str) -> Diagnostic {
        self.with(flow, |s| match s.written_at(SETTINGS_NODE, property) {
            Some((line, col)) => d.at(line, col),
            None => d,
        })
    }

    /// Each `d` at the initial value of its variable `var`, which `owner` declares
    /// (`variables`, or a task's name), where the loader recorded it; else where the file first
    /// writes the variable's name, found for all of them in one pass over the file
    /// ([`Source::declared`]). In the order given.
    pub fn initials(&self, flow: &Flow, found: Vec<(Diagnostic, &str, &str)>) -> Vec<Diagnostic> {
        self.with(flow, |s| {
            let mut placed = Vec::with_capacity(found.len());
            let mut unplaced = Vec::new();
            for (d, owner, var) in found {
                if let Some((line, col)) = s.written_at(owner, &format!("{var}.initialValue")) {
                    placed.push(Some(d.at(line, col)));
                } else {
                    placed.push(None);
                    unplaced.push((d, var));
                }
            }
            let mut declared = s.declared(unplaced).into_iter();
            placed.into_iter().filter_map(|d| d.or_else(|| declared.next())).collect()
        })
    }

    /// [`Source::node`] in `flow`'s file.
    pub fn node(&self, flow: &Flow, d: Diagnostic, node: &Node) -> Diagnostic {
        self.with(flow, |s| s.node(d, node))
    }

    /// [`Source::written`] in `flow`'s file.
    pub fn written(&self, flow: &Flow, d: Diagnostic, node: &Node, name: &str) -> Diagnostic {
        self.with(flow, |s| s.written(d, node, name))
    }

    /// [`Source::declared`] in `flow`'s file.
    pub fn declared<'n>(
        &self,
        flow: &Flow,
        found: impl IntoIterator<Item = (Diagnostic, &'n str)>,
    ) -> Vec<Diagnostic> {
        self.with(flow, |s| s.declared(found.into_iter().collect()))
    }
}

/// A flow's identity while a check borrows it.
fn address(flow: &Flow) -> usize {
    std::ptr::from_ref(flow).addr()
}

/// A flow's file text, read and indexed once, when a diagnostic first needs a place.
struct Source<'f> {
    flow: &'f Flow,
    /// The text the flow was read from, when the caller has it.
    known: Option<&'f str>,
    file: OnceCell<Option<File<'f>>>,
    /// An export's places by JSON path, found in one walk of the file.
    json: OnceCell<Json<'f>>,
    /// The loader's records of where each node's expressions are written.
    by_node: OnceCell<FxHashMap<&'f str, Vec<&'f ExprSource>>>,
}

/// A file's text and its line index.
struct File<'f> {
    text: Cow<'f, str>,
    lines: Lines,
    /// Where an encoded export's text (base64 or URL-encoded, not JSON) starts: the place of
    /// everything in it, whose inner places the file does not show.
    encoded: Option<usize>,
}

/// Where an export's actions and expression strings start (bytes of the file).
struct Json<'f> {
    /// Each node's object, by node id (the first path the loader recorded for it).
    nodes: FxHashMap<&'f str, Option<usize>>,
    /// Each expression's string, by its JSON path.
    strings: FxHashMap<&'f str, Option<usize>>,
}

impl<'f> Source<'f> {
    fn new(flow: &'f Flow, known: Option<&'f str>) -> Self {
        Source {
            flow,
            known,
            file: OnceCell::new(),
            json: OnceCell::new(),
            by_node: OnceCell::new(),
        }
    }

    fn file(&self) -> Option<&File<'f>> {
        self.file
            .get_or_init(|| {
                let text = match self.known {
                    Some(t) => Cow::Borrowed(t),
                    None => Cow::Owned(std::fs::read_to_string(&self.flow.file).ok()?),
                };
                let encoded = (self.flow.format == Format::Export)
                    .then(|| {
                        let content = text.trim_start_matches('\u{feff}').trim_start();
                        let at = text.len() - content.len();
                        (!content.is_empty() && !content.starts_with(['{', '['])).then_some(at)
                    })
                    .flatten();
                Some(File { lines: Lines::new(&text), text, encoded })
            })
            .as_ref()
    }

    fn json(&self) -> &Json<'f> {
        self.json.get_or_init(|| {
            let arch = &self.flow.arch;
            let strings: Vec<&'f str> = arch
                .sources
                .iter()
                .filter_map(|s| match &s.at {
                    SourceAt::Json(path) => Some(&**path),
                    SourceAt::Pos { .. } => None,
                })
                .collect();
            let paths: Vec<&'f str> =
                arch.node_paths.iter().map(|(_, p)| &**p).chain(strings.iter().copied()).collect();
            let found = match self.file() {
                Some(f) => starts(&f.text, &paths.iter().map(|p| segments(p)).collect::<Vec<_>>()),
                None => vec![None; paths.len()],
            };
            let (nodes_found, strings_found) = found.split_at(arch.node_paths.len());
            let mut nodes = FxHashMap::default();
            for ((id, _), at) in arch.node_paths.iter().zip(nodes_found) {
                nodes.entry(&**id).or_insert(*at);
            }
            let strings = strings.into_iter().zip(strings_found.iter().copied()).collect();
            Json { nodes, strings }
        })
    }

    /// `d` at `span` of expression `e` of `node`: the line and column of that part in the
    /// file, and a caret under it in the expression's text.
    fn expr(&self, d: Diagnostic, node: &Node, e: &Expr, span: Span) -> Diagnostic {
        // The expression as printed, with the caret under the part at `span`.
        let printed = |d: Diagnostic| {
            let whole = e.to_string();
            let part = super::compare::part_at(e, span).map(ToString::to_string);
            match part.and_then(|p| Some((whole.find(&p)?, p.len()))) {
                Some((start, len)) => d.snippet(&whole, Span::new(start, start + len)),
                None => d.snippet(&whole, Span::new(0, whole.len())),
            }
        };
        let Some(src) = self.source_of(node, e, d.property.as_deref()) else {
            return self.node(printed(d), node);
        };
        // A literal is placed and underlined whole: its text is its value, not its source.
        let (d, span) = match (src.lit, src.text.is_empty()) {
            (false, _) => (d.snippet(&*src.text, span), span),
            (true, false) => (d.snippet(&*src.text, Span::new(0, src.text.len())), Span::new(0, 0)),
            (true, true) => (printed(d), Span::new(0, 0)),
        };
        let file = self.file();
        if let Some((f, at)) = file.and_then(|f| Some((f, f.encoded?))) {
            let (line, col) = f.lines.line_column(&f.text, at);
            return d.at(line, col);
        }
        let start = file.and_then(|f| match &src.at {
            SourceAt::Pos { line, col } => f.lines.byte_at(&f.text, *line as usize, *col as usize),
            SourceAt::Json(path) => self.json().strings.get(&**path).copied().flatten(),
        });
        match (file, start) {
            (Some(f), Some(start)) => {
                let at = scalar_pos::byte_of(&f.text, start, &src.text, span.start as usize);
                let (line, col) = f.lines.line_column(&f.text, at);
                d.at(line, col)
            }
            _ => self.node(d, node),
        }
    }

    /// The certain fix that makes part `span` of `node`'s expression `e` (of `property`),
    /// which reads `old`, read `new`: where the loader recorded the expression's text and the
    /// file writes that part as it reads ([`scalar_pos::fix`]); none for an export's encoded
    /// text, a literal, an expression the loader built.
    fn fix(
        &self,
        node: &Node,
        e: &Expr,
        property: Option<&str>,
        span: Span,
        old: &str,
        new: &str,
    ) -> Option<Fix> {
        let src = self.source_of(node, e, property).filter(|s| !s.lit)?;
        if src.text.get(span.start as usize..span.end as usize) != Some(old) {
            return None;
        }
        let f = self.file().filter(|f| f.encoded.is_none())?;
        let start = match &src.at {
            SourceAt::Pos { line, col } => {
                f.lines.byte_at(&f.text, *line as usize, *col as usize)?
            }
            SourceAt::Json(path) => self.json().strings.get(&**path).copied().flatten()?,
        };
        let edit = Edit { value: src.text.to_string(), span, new: new.to_owned() };
        scalar_pos::fix(&f.text, start, &edit)
    }

    /// `d` at the value of `node`'s `property` (a literal or an expression the loader
    /// recorded); else at the node.
    fn prop(&self, d: Diagnostic, node: &Node, property: &str) -> Diagnostic {
        match self.written_at(&node.id, property) {
            Some((line, col)) => d.at(line, col),
            None => self.node(d, node),
        }
    }

    /// `d` at the key `key` of a mapping whose entry's value is `node`'s `property`
    /// (`inputs.Common.anii`): a misspelt name is placed where it is written, the last `key`
    /// before the value (a key comes before its value); else as [`prop`](Self::prop) places it.
    fn key(&self, d: Diagnostic, node: &Node, property: &str, key: &str) -> Diagnostic {
        let at = self.written_at(&node.id, property).and_then(|(line, col)| {
            let f = self.file()?;
            let value = f.lines.byte_at(&f.text, line, col)?;
            let start = f.text.get(..value)?.rfind(key)?;
            Some(f.lines.line_column(&f.text, start))
        });
        match at {
            Some((line, col)) => d.at(line, col),
            None => self.prop(d, node, property),
        }
    }

    /// The line and column (1-based) where the value of `property` of node `id` is written,
    /// as the loader recorded it.
    fn written_at(&self, id: &str, property: &str) -> Option<(usize, usize)> {
        let written = self.of_id(id).iter().find(|s| &*s.prop == property)?;
        let (line, col) = match &written.at {
            SourceAt::Pos { line, col } => (*line as usize, *col as usize),
            SourceAt::Json(path) => {
                let f = self.file()?;
                let at = self.json().strings.get(&**path).copied().flatten()?;
                f.lines.line_column(&f.text, at)
            }
        };
        (line > 0).then_some((line, col))
    }

    /// `d` at `node`'s place in the file: an Archy action's key; an export action's object.
    fn node(&self, d: Diagnostic, node: &Node) -> Diagnostic {
        match self.flow.format {
            Format::Archy if node.line > 0 => {
                let line = node.line as usize;
                let col = self.file().and_then(|f| f.lines.line(&f.text, line)).map_or(1, |l| {
                    let key = l.trim_start().trim_start_matches('-').trim_start();
                    l.get(..l.len() - key.len()).map_or(0, |indent| indent.chars().count()) + 1
                });
                d.at(line, col)
            }
            Format::Export => {
                if let Some((f, at)) = self.file().and_then(|f| Some((f, f.encoded?))) {
                    let (line, col) = f.lines.line_column(&f.text, at);
                    return d.at(line, col);
                }
                let Some(at) = self.json().nodes.get(&*node.id) else {
                    return d;
                };
                match (self.file(), at) {
                    (Some(f), Some(at)) => {
                        let (line, col) = f.lines.line_column(&f.text, *at);
                        d.at(line, col)
                    }
                    _ => d,
                }
            }
            Format::Json if node.line > 0 => d.at(node.line as usize, 1),
            _ => d,
        }
    }

    /// `d` at the first place at or after `node`'s line where the file writes `name` (a
    /// variable an action writes, which is no expression); else at the node.
    fn written(&self, d: Diagnostic, node: &Node, name: &str) -> Diagnostic {
        let from = (node.line as usize).max(1);
        let found = self.file().and_then(|f| {
            let start = f.lines.start(from)?;
            f.text.get(start..)?.lines().enumerate().find_map(|(i, line)| {
                let (before, _) = line.split_once(name)?;
                Some((from + i, before.chars().count() + 1))
            })
        });
        match found {
            Some((line, col)) if node.line > 0 => d.at(line, col),
            _ => self.node(d, node),
        }
    }

    /// Each diagnostic at the first place in the file that writes its name (a declared
    /// variable) as a whole word (letters, digits, `_` and `.`); without the file, as it is.
    /// One pass over the file for all of them.
    fn declared(&self, found: Vec<(Diagnostic, &str)>) -> Vec<Diagnostic> {
        let names: Vec<&str> = found.iter().map(|(_, name)| *name).collect();
        let wanted = self.first_written(&names);
        found
            .into_iter()
            .map(|(d, name)| match wanted.get(name).copied().flatten() {
                Some((line, col)) => d.at(line, col),
                None => d,
            })
            .collect()
    }

    /// The first place (line and column) where the file writes each of `names` as a whole
    /// word (letters, digits, `_` and `.`), in one pass over the file; `None` for a name it
    /// does not write, or without the file.
    fn first_written<'n>(&self, names: &[&'n str]) -> FxHashMap<&'n str, Option<(usize, usize)>> {
        let mut wanted: FxHashMap<&str, Option<(usize, usize)>> =
            names.iter().map(|name| (*name, None)).collect();
        let Some(f) = self.file() else { return wanted };
        let mut left = wanted.len();
        let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
        'lines: for (i, line) in f.text.lines().enumerate() {
            let mut column = 0;
            let mut word: Option<(usize, usize)> = None; // (byte, column) where it starts
            for (at, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
                column += 1;
                match (word, is_word(c)) {
                    (None, true) => word = Some((at, column)),
                    (Some((start, col)), false) => {
                        word = None;
                        let found = line.get(start..at).and_then(|w| wanted.get_mut(w));
                        if let Some(slot @ None) = found {
                            *slot = Some((i + 1, col));
                            left -= 1;
                            if left == 0 {
                                break 'lines;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        wanted
    }

    /// The loader's records of where `node`'s values are written, in the file's order.
    fn of_node(&self, node: &Node) -> &[&'f ExprSource] {
        self.of_id(&node.id)
    }

    /// The loader's records of where the values of the node of id `id` are written (a flow's
    /// settings are the node `settings`).
    fn of_id(&self, id: &str) -> &[&'f ExprSource] {
        let by_node = self.by_node.get_or_init(|| {
            let mut by_node: FxHashMap<&'f str, Vec<&'f ExprSource>> = FxHashMap::default();
            for s in &self.flow.arch.sources {
                by_node.entry(&*s.node).or_default().push(s);
            }
            by_node
        });
        by_node.get(id).map_or(&[][..], Vec::as_slice)
    }

    /// The loader's record of where `node`'s expression `e` (of `property`) is written: the
    /// property's own record; else, the text being the same for several, the one in the same
    /// place among the action's expressions equal to `e` as `e` is.
    fn source_of(&self, node: &Node, e: &Expr, property: Option<&str>) -> Option<&'f ExprSource> {
        let of_node = self.of_node(node);
        let same = |s: &ExprSource| {
            if s.lit {
                matches!(e.kind, ExprKind::Lit(_))
            } else {
                crate::expr::parse_architect(&s.text).is_ok_and(|p| p == *e)
            }
        };
        if let Some(p) = property {
            if let Some(s) = of_node.iter().copied().find(|&s| &*s.prop == p && same(s)) {
                return Some(s);
            }
        }
        let written: Vec<&'f ExprSource> =
            of_node.iter().copied().filter(|&s| !s.lit && same(s)).collect();
        written.get(occurrence(node, e)).or(written.first()).copied()
    }
}

/// How many of `node`'s expressions before `e` (one of them) are equal to it.
fn occurrence(node: &Node, e: &Expr) -> usize {
    let Some(a) = node.action.as_architect() else { return 0 };
    let (mut before, mut found) = (0, false);
    super::compare::for_each_action_expr(a, &mut |_, _, x| {
        if found {
            return;
        }
        if std::ptr::eq(x, e) {
            found = true;
        } else if x == e {
            before += 1;
        }
    });
    if found {
        before
    } else {
        0
    }
}
