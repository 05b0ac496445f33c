//! The registry: every flow file under a directory, loaded in any format, with the checks every
//! load runs (`flow::check::on_load`; docs/json-flows.md).
//!
//! Loading collects every problem of every file before failing, as a compiler does. Files are
//! read in sorted path order, so diagnostics and flow indexes are deterministic.

use super::bind::{self, VarTable};
use super::check;
use super::json;
use super::model::{Flow, FlowIdx, Format};
use crate::diag::{self, Diagnostic};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

mod cache;
mod lookup;
pub use cache::{LoadCache, LoadStats};
pub use lookup::{type_key, typed_label, Lookup, Want};

/// Codes of problems that `check` reports as errors but that do not stop a run: the engine
/// handles them as docs/json-flows.md says (a Flow node naming a missing flow fails with `flowNotFound`).
const RUNNABLE_CODES: [diag::Code; 4] = [
    diag::Code::FlowNotInRegistry,
    diag::Code::WrongFlowType,
    diag::Code::Unsupported,
    diag::Code::UnknownProperty,
];

/// How to read flow files beyond their text: Archy's `{{key}}` substitutions.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub substitutions: super::archy::Substitutions,
    /// Texts read instead of the files at these paths (as the paths given or found under a
    /// directory name them): `check --diff`'s later passes, over the fixes of the earlier ones,
    /// with nothing written.
    pub overlay: std::collections::BTreeMap<PathBuf, String>,
}

/// The largest flow file read (exports of real flows reach a few MB): the limit of every input
/// file, which also keeps any literal within the engine's string limit.
pub const MAX_FLOW_FILE_BYTES: u64 = crate::util::MAX_INPUT_BYTES;

/// Every flow of a directory.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    flows: Vec<Flow>,
    /// The flows of an id of their own (not their name).
    by_id: FxHashMap<Box<str>, FlowIdx>,
    /// The flows of each name (lower case), in load order: one per flow type, as Architect
    /// allows ("the name "Main" for one inbound flow and one outbound flow, but not two
    /// inbound flows").
    by_lower_name: FxHashMap<Box<str>, Vec<FlowIdx>>,
    /// Each flow's type as names are kept apart by it ([`type_key`]), made once at load.
    type_keys: Vec<Box<str>>,
    /// Every variable name the flows use, bound into their references (see [`bind`]).
    vars: VarTable,
    /// The flows of files that did not load, by name, with their file: a call of one is told
    /// its target did not load, not that it is missing (`check::registry::flow_calls`).
    unloaded: Vec<(Box<str>, PathBuf)>,
}

/// What loading found: the registry when nothing blocks running, and every diagnostic.
#[derive(Debug)]
pub struct LoadReport {
    pub registry: Option<Registry>,
    pub diagnostics: Vec<Diagnostic>,
    /// The flow files the load found, in the order it read them (what the project's
    /// suppression comments are read from: no second walk of the folders).
    pub files: Vec<PathBuf>,
}

impl LoadReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Registry {
    /// Loads every flow file under `dir`, recursively (see [`Registry::load_paths`]).
    pub fn load_dir(dir: &Path) -> LoadReport {
        Self::load_paths(&[dir.to_path_buf()], &LoadOptions::default())
    }

    /// Loads flow files and directories in any mix of formats (docs/architect.md): the seeds' JSON,
    /// Archy YAML, Architect exports (encoded or decoded), each recognised by its content. A
    /// directory contributes its `*.json`, `*.yaml`, `*.yml`, `*.yaml.tftpl` and `*.i3*` files, recursively
    /// (skipping `*.scenarios.*`, `__snapshots__` and hidden folders); a file named
    /// explicitly is always read, and one that is no flow is an error that names it.
    pub fn load_paths(paths: &[PathBuf], options: &LoadOptions) -> LoadReport {
        Self::load_paths_in(paths, options, None)
    }

    /// [`Registry::load_paths`] through `cache`: only the files whose text changed since the
    /// last load through it are read again, and only their flows' one-flow checks run again
    /// (see [`LoadCache`]); the report is the same.
    pub fn load_paths_cached(
        paths: &[PathBuf],
        options: &LoadOptions,
        cache: &mut LoadCache,
    ) -> LoadReport {
        Self::load_paths_in(paths, options, Some(cache))
    }

    fn load_paths_in(
        paths: &[PathBuf],
        options: &LoadOptions,
        cache: Option<&mut LoadCache>,
    ) -> LoadReport {
        let mut diags = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut found = Vec::new();
                if let Err(d) = collect_files(path, &mut found) {
                    return LoadReport { registry: None, diagnostics: vec![*d], files: Vec::new() };
                }
                found.sort();
                files.extend(found);
            } else if path.exists() {
                files.push(path.clone());
            } else {
                let d = Diagnostic::error(
                    crate::diag::Code::UnreadableDirectory,
                    "no such file or directory",
                )
                .file(path)
                .help("pass --flows with a flow file or a directory of flow files");
                return LoadReport { registry: None, diagnostics: vec![d], files: Vec::new() };
            }
        }
        let mut seen = FxHashSet::default();
        files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
        if files.is_empty() {
            let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let d = Diagnostic::error(
                crate::diag::Code::NoFlows,
                format!(
                    "no flow files (*.json, *.yaml, *.yml, *.yaml.tftpl, *.i3*) under {}",
                    shown.join(", ")
                ),
            )
            .file(paths.first().map_or(Path::new("."), PathBuf::as_path))
            .help("point --flows at your flow files: the seeds' JSON, Archy YAML or Architect exports");
            return LoadReport { registry: None, diagnostics: vec![d], files: Vec::new() };
        }
        let mut sources = Vec::with_capacity(files.len());
        let listed = files.clone();
        for file in files {
            if let Some(text) = options.overlay.get(&file) {
                sources.push((file, text.clone()));
                continue;
            }
            match read_flow_file(&file) {
                Ok(text) => sources.push((file, text)),
                Err(d) => diags.push(*d),
            }
        }
        let mut report = Self::from_sources_in(
            sources.iter().map(|(f, t)| (f.as_path(), t.as_str())),
            options,
            cache,
        );
        diags.append(&mut report.diagnostics);
        report.diagnostics = diags;
        report.files = listed;
        if report.diagnostics.iter().any(|d| d.is_error() && d.code == diag::Code::UnreadableFile) {
            report.registry = None;
        }
        report
    }

    /// Builds a registry from in-memory flow files (path, text).
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = (&'a Path, &'a str)>) -> LoadReport {
        Self::from_sources_with(sources, &LoadOptions::default())
    }

    /// [`Registry::from_sources`], with options (substitutions for Archy files).
    pub fn from_sources_with<'a>(
        sources: impl IntoIterator<Item = (&'a Path, &'a str)>,
        options: &LoadOptions,
    ) -> LoadReport {
        Self::from_sources_in(sources, options, None)
    }

    fn from_sources_in<'a>(
        sources: impl IntoIterator<Item = (&'a Path, &'a str)>,
        options: &LoadOptions,
        mut cache: Option<&mut LoadCache>,
    ) -> LoadReport {
        let mut diags = Vec::new();
        let mut reg = Registry::default();
        let mut blocked = false;
        let mut calls = Vec::new();
        let mut json_texts: Vec<(&Path, &str)> = Vec::new();
        if let Some(c) = cache.as_deref_mut() {
            c.begin(&options.substitutions);
        }
        // The file each flow of the registry was read from, and the files read twice (whose
        // findings are not kept: an entry is one text's).
        let mut origin: Vec<&Path> = Vec::new();
        // Each file's text: the findings are placed in the text the flow was read from.
        let mut texts: FxHashMap<&Path, &str> = FxHashMap::default();
        let mut seen: FxHashSet<&Path> = FxHashSet::default();
        let mut twice: FxHashSet<&Path> = FxHashSet::default();
        for (file, text) in sources {
            if !seen.insert(file) {
                twice.insert(file);
            }
            texts.insert(file, text);
            if sniff(text) == Some(Format::Json) {
                json_texts.push((file, text));
            }
            let start = diags.len();
            let kept = cache.as_deref().and_then(|c| c.get(file, text));
            let (flow, file_calls, unreadable) = if let Some(e) = kept {
                diags.extend_from_slice(&e.diags);
                (e.flow.clone(), e.calls.clone(), e.unreadable)
            } else {
                let before = diags.len();
                let (flow, file_calls, unreadable) =
                    Self::read_one(file, text, options, &mut diags);
                if let Some(c) = cache.as_deref_mut() {
                    let entry = cache::Entry::new(
                        flow.clone(),
                        diags[before..].to_vec(),
                        file_calls.clone(),
                        unreadable,
                    );
                    c.put(file, text, entry);
                }
                (flow, file_calls, unreadable)
            };
            if let Some(flow) = flow {
                let before = reg.flows.len();
                reg.add(flow, &mut diags);
                if reg.flows.len() > before {
                    origin.push(file);
                }
            } else {
                blocked = true;
                if let Some(name) = unloaded_name(text, &diags[start..]) {
                    reg.unloaded.push((name.into(), file.to_path_buf()));
                }
            }
            blocked |= unreadable;
            calls.extend(file_calls.into_iter().map(|c| (file.to_path_buf(), c)));
        }
        match cache {
            Some(c) => {
                let reuse: Vec<Option<&check::FlowFindings>> = origin
                    .iter()
                    .map(|f| if twice.contains(f) { None } else { c.findings(f) })
                    .collect();
                let found = check::on_load_reusing(
                    &reg,
                    &calls,
                    check::Texts::of_sources(&texts),
                    &reuse,
                    true,
                    &mut diags,
                );
                drop(reuse);
                for (file, found) in origin.iter().zip(found) {
                    if let (Some(found), false) = (found, twice.contains(file)) {
                        c.set_findings(file, found);
                    }
                }
                c.end(&seen, reg.flows.len());
            }
            None => check::on_load(&reg, &calls, check::Texts::of_sources(&texts), &mut diags),
        }
        Self::place_json(&mut diags, &json_texts);
        blocked |= diags.iter().any(|d| d.is_error() && !RUNNABLE_CODES.contains(&d.code));
        diag::sort(&mut diags);
        if !blocked {
            reg.vars = bind::bind(&mut reg.flows);
        }
        let files = origin_files(&seen);
        LoadReport { registry: (!blocked).then_some(reg), diagnostics: diags, files }
    }

    /// The file a flow of this name (any case) was in, when that file did not load.
    pub fn unloaded(&self, name: &str) -> Option<&Path> {
        self.unloaded.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, f)| f.as_path())
    }

    /// Reads one flow file: its flow (none when it cannot be read), its constant callees, and
    /// whether it read with errors that keep the registry from running.
    fn read_one(
        file: &Path,
        text: &str,
        options: &LoadOptions,
        diags: &mut Vec<Diagnostic>,
    ) -> (Option<Flow>, Vec<json::CallRef>, bool) {
        let mut file_calls = Vec::new();
        let before = diags.len();
        let format = sniff(text);
        let flow = match format {
            Some(Format::Json) => json::load_flow_with_calls(file, text, diags, &mut file_calls),
            Some(Format::Export) => super::export::load(file, text, diags),
            Some(Format::Archy) => super::archy::load(file, text, &options.substitutions, diags),
            None => {
                diags.push(
                        Diagnostic::error(
                            crate::diag::Code::UnknownFileFormat,
                            "not a flow file: neither the seeds' flow JSON, Archy YAML, nor an Architect export",
                        )
                        .file(file)
                        .help("remove it from --flows, or point --flows at the flow files only"),
                    );
                None
            }
        };
        // An Archy flow or export that read with errors is kept for the checks (so
        // `check` reports all of its problems at once) but blocks the run, whatever the
        // codes: only `unsupported` leaves it runnable. (The JSON flow format's own errors
        // are judged with the rest, after the checks.)
        let unreadable = matches!(format, Some(Format::Export | Format::Archy))
            && diags[before..]
                .iter()
                .any(|d| d.is_error() && d.code != crate::diag::Code::Unsupported);
        (flow, file_calls, unreadable)
    }

    /// Gives diagnostics about the seeds' JSON their line and column: the value their node and
    /// property name, in the draft or else the published graph (`property` may also be a path
    /// from the file's root, `draft.nodes`).
    ///
    /// Each file is walked once for all of its diagnostics (`json_pos::starts`) and its lines
    /// indexed once (`util::lines`), so placing n diagnostics costs the file once plus n
    /// look-ups (before: each diagnostic walked the file from its start and counted its lines
    /// again, so a flow of 5,000 calls of missing flows took 58 s to check, 150,000 hours).
    fn place_json(diags: &mut [Diagnostic], texts: &[(&Path, &str)]) {
        use crate::util::json_pos::{segments, starts, Seg};
        use crate::util::lines::Lines;
        // The unplaced diagnostics of each file (the first of a file given twice).
        let mut index: rustc_hash::FxHashMap<&Path, usize> = rustc_hash::FxHashMap::default();
        for (i, (file, _)) in texts.iter().enumerate() {
            index.entry(*file).or_insert(i);
        }
        let mut of_file: Vec<Vec<usize>> = vec![Vec::new(); texts.len()];
        for (k, d) in diags.iter().enumerate() {
            if let Some(&i) =
                d.file.as_deref().filter(|_| d.line.is_none()).and_then(|f| index.get(f))
            {
                of_file[i].push(k);
            }
        }
        for (&(_, text), ks) in texts.iter().zip(of_file) {
            // Each diagnostic with the paths it tries, in order.
            let mut paths: Vec<Vec<Seg<'_>>> = Vec::new();
            let mut tried: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
            for k in ks {
                let d = &diags[k];
                let first = paths.len();
                let property = d.placed_at.as_deref().or(d.property.as_deref()).unwrap_or("");
                let props = segments(property);
                match d.node.as_deref() {
                    Some(node)
                        if matches!(props.first(), Some(Seg::Key("draft" | "published"))) =>
                    {
                        paths.push(props.iter().copied().chain([Seg::Key(node)]).collect());
                    }
                    Some(node) => {
                        for version in ["draft", "published"] {
                            let base = [Seg::Key(version), Seg::Key("nodes"), Seg::Key(node)];
                            paths.push(base.iter().copied().chain(props.iter().copied()).collect());
                            paths.push(base.to_vec());
                        }
                    }
                    None if !props.is_empty() => paths.push(props),
                    None => {}
                }
                if paths.len() > first {
                    tried.push((k, first..paths.len()));
                }
            }
            if tried.is_empty() {
                continue;
            }
            let found = starts(text, &paths);
            let lines = Lines::new(text);
            for (k, range) in tried {
                let Some(at) = found[range].iter().find_map(|s| *s) else { continue };
                let d = &mut diags[k];
                let quoted = text.as_bytes().get(at) == Some(&b'"');
                // An expression's caret: inside the string (`util::scalar_pos`).
                let inner = d.snippet.as_ref().filter(|_| quoted).map(|s| {
                    crate::util::scalar_pos::position_in(
                        text,
                        &lines,
                        at,
                        &s.source,
                        s.span.start as usize,
                    )
                });
                // A certain edit of the string found there becomes the fix.
                if let Some(edit) = d.edit.take() {
                    d.fix = quoted
                        .then(|| crate::util::scalar_pos::fix_in(text, &lines, at, &edit))
                        .flatten();
                }
                let (line, col) = inner.unwrap_or_else(|| lines.line_column(text, at));
                d.line = Some(line);
                d.column = Some(col);
            }
        }
    }

    fn add(&mut self, flow: Flow, diags: &mut Vec<Diagnostic>) {
        if let Some(d) = check::registry::duplicate(self, &flow) {
            diags.push(d);
            return;
        }
        let idx = self.flows.len() as FlowIdx;
        let lower_name: Box<str> = flow.name.to_lowercase().into();
        // A flow whose id is its name (Archy YAML has no ids) is found by its name, which flows
        // of other types may share.
        if flow.id != flow.name {
            self.by_id.insert(flow.id.as_ref().into(), idx);
        }
        self.by_lower_name.entry(lower_name).or_default().push(idx);
        self.type_keys.push(type_key(&flow.flow_type).into());
        self.flows.push(flow);
    }

    pub fn flow(&self, idx: FlowIdx) -> &Flow {
        &self.flows[idx as usize]
    }

    /// The variable names the flows use (see [`bind`]).
    pub fn var_table(&self) -> &VarTable {
        &self.vars
    }

    /// The flows, to undo their binding in tests (the engine's `bind_tests`).
    #[doc(hidden)]
    pub fn flows_mut(&mut self) -> &mut [Flow] {
        &mut self.flows
    }

    /// A flow to change in place (`flowsim mutate` makes its mutants so): the caller keeps
    /// every node index in range.
    pub fn flow_mut(&mut self, idx: FlowIdx) -> &mut Flow {
        &mut self.flows[idx as usize]
    }

    pub fn flows(&self) -> &[Flow] {
        &self.flows
    }

    pub fn len(&self) -> usize {
        self.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }
}

/// Which front-end reads a file, by its content: JSON with `draft`/`nodes` is the seeds'
/// format, JSON or base64 text with an export's shape is an export, a YAML mapping is Archy.
pub fn sniff(text: &str) -> Option<Format> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        return Some(if super::export::looks_like_export(t) {
            Format::Export
        } else {
            Format::Json
        });
    }
    if super::export::looks_like_export(t) {
        return Some(Format::Export);
    }
    // Archy: a YAML mapping whose first key (after comments and a document marker) is a word.
    let first = t
        .lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && l.trim() != "---")?;
    let key = first.split(':').next()?;
    let word = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (word && first.contains(':')).then_some(Format::Archy)
}

/// Reads one flow file: a regular file (not a FIFO or device), at most
/// [`MAX_FLOW_FILE_BYTES`], UTF-8 (see [`crate::util::files`]).
fn read_flow_file(file: &Path) -> Result<String, Box<Diagnostic>> {
    crate::util::read_text(file, MAX_FLOW_FILE_BYTES).map_err(|e| {
        let mut d = Diagnostic::error(e.code(), e.to_string()).file(file).help(e.help());
        if let Some((line, column)) = e.line_column() {
            d = d.at(line, column);
        }
        Box::new(d)
    })
}

/// The flow files `paths` name, as [`Registry::load_paths`] finds them (a directory's flow
/// files, sorted; a file itself), without reading them; a path that cannot be read adds none.
pub fn flow_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            let _ = collect_files(path, &mut found);
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        }
    }
    files
}

use crate::util::files::{self, Depth, Entry};

/// The flow files below `dir` (`util::files::search`: sorted, no linked or hidden folder
/// entered, nor a `__snapshots__`): any file or link to one whose name says it is a flow, not
/// a scenario file, not hidden. A FIFO is listed, and refused by the loader with its name.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Box<Diagnostic>> {
    let found = files::search(dir, Depth::Tree { skip: &["__snapshots__"] }, |path, entry| {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        // A Terraform template of an Archy file (`flow.yaml.tftpl`, as CX as Code's blueprints
        // name the file `genesyscloud_flow` reads) is Archy YAML with substitutions.
        let template = name.ends_with(".yaml.tftpl") || name.ends_with(".yml.tftpl");
        let flow_like =
            matches!(ext.as_str(), "json" | "yaml" | "yml") || ext.starts_with("i3") || template;
        // A linked folder is never searched: it can lead anywhere (`flows/x -> /`).
        entry != Entry::LinkedFolder
            && flow_like
            && !name.contains(".scenarios.")
            && !name.starts_with('.')
    })
    .map_err(|e| {
        Box::new(
            Diagnostic::error(
                crate::diag::Code::UnreadableDirectory,
                format!("cannot read the flows directory: {}", e.error),
            )
            .file(&e.folder)
            .help("pass --flows DIR with a directory of flow JSON files"),
        )
    })?;
    out.extend(found);
    Ok(())
}

/// The files of in-memory sources, sorted (a set's order is not the sources').
fn origin_files(seen: &FxHashSet<&Path>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = seen.iter().map(|p| p.to_path_buf()).collect();
    files.sort();
    files
}

/// The name of the flow a file that did not load holds: as its findings name it, else as its
/// text writes it (a top-level flow's `name:` two spaces in, or JSON's first `"name"`), so
/// a file whose YAML does not read still names its flow.
fn unloaded_name(text: &str, findings: &[Diagnostic]) -> Option<String> {
    if let Some(flow) = findings.iter().find_map(|d| d.flow.clone()) {
        return Some(flow);
    }
    let unquote = |v: &str| v.trim().trim_matches(['"', '\'']).trim().to_owned();
    for line in text.lines().take(50) {
        if let Some(v) = line.strip_prefix("  name:") {
            return Some(unquote(v)).filter(|n| !n.is_empty());
        }
        if let Some((_, after)) = line.split_once("\"name\"") {
            let v = after.trim_start().strip_prefix(':')?;
            return Some(unquote(v.split(',').next()?)).filter(|n| !n.is_empty());
        }
    }
    None
}
