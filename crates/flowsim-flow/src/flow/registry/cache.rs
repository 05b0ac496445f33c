//! What a load keeps for the next load of the same files (the language server checks the
//! project again at every edit): each file's text, what reading it gave (its flow, its
//! findings, its constant callees), and its flow's findings of the checks that read one flow
//! alone ([`check::FlowFindings`](crate::flow::check::FlowFindings)).
//!
//! Invariants:
//! - an entry is used only for the same path, the same text and the same substitutions: a
//!   load through a cache gives exactly what a load without one gives (the same flows, the
//!   same findings in the same order), and only the files whose text changed are read again;
//! - the checks that read more than one flow (the registry's, reachability, the conversation's
//!   names) and the binding run over every flow at every load: what depends on an edited flow
//!   (its callers, the flows it calls or transfers to, its modules) is judged again with it;
//! - the cache holds the files of the last load only (memory: about twice the project's flows).

use crate::diag::Diagnostic;
use crate::flow::archy::Substitutions;
use crate::flow::check::FlowFindings;
use crate::flow::json::CallRef;
use crate::flow::model::Flow;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// Substitutions as compared: their keys and values in order, and their options file.
type SubstitutionsKey = (Vec<(String, String)>, Option<PathBuf>);

/// The files of the last load through it, and what they gave.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// The substitutions the entries were read with (Archy's `{{key}}`).
    substitutions: Option<SubstitutionsKey>,
    files: FxHashMap<PathBuf, Entry>,
    last: LoadStats,
}

/// What the last load through a cache did again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Files read (parsed) again: new, or their text changed.
    pub read: usize,
    /// Flows whose one-flow checks ran again.
    pub checked: usize,
    /// Flows loaded in all.
    pub flows: usize,
}

/// One file as read.
#[derive(Debug)]
pub(super) struct Entry {
    text: String,
    pub flow: Option<Flow>,
    /// The findings of reading it, before the checks.
    pub diags: Vec<Diagnostic>,
    pub calls: Vec<CallRef>,
    /// It read with errors that keep the registry from running.
    pub unreadable: bool,
    findings: Option<FlowFindings>,
}

impl LoadCache {
    /// What the last load through this cache did again.
    pub fn last(&self) -> LoadStats {
        self.last
    }

    /// Starts a load with `substitutions`: entries read with others are dropped.
    pub(super) fn begin(&mut self, substitutions: &Substitutions) {
        let key = (
            substitutions.values.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            substitutions.options_file.clone(),
        );
        if self.substitutions.as_ref() != Some(&key) {
            self.files.clear();
            self.substitutions = Some(key);
        }
        self.last = LoadStats::default();
    }

    /// The entry of `file` when it was read from this very `text`.
    pub(super) fn get(&self, file: &Path, text: &str) -> Option<&Entry> {
        self.files.get(file).filter(|e| e.text == text)
    }

    /// Keeps what reading `file` from `text` gave (its findings are found later).
    pub(super) fn put(&mut self, file: &Path, text: &str, read: Entry) {
        self.last.read += 1;
        self.files.insert(file.to_path_buf(), Entry { text: text.to_owned(), ..read });
    }

    /// The one-flow findings kept for `file`'s flow.
    pub(super) fn findings(&self, file: &Path) -> Option<&FlowFindings> {
        self.files.get(file)?.findings.as_ref()
    }

    /// Keeps `found`, the one-flow findings of `file`'s flow as read now.
    pub(super) fn set_findings(&mut self, file: &Path, found: FlowFindings) {
        self.last.checked += 1;
        if let Some(e) = self.files.get_mut(file) {
            e.findings = Some(found);
        }
    }

    /// Ends a load of the files `seen` and `flows` flows: the others are dropped.
    pub(super) fn end(&mut self, seen: &FxHashSet<&Path>, flows: usize) {
        self.files.retain(|p, _| seen.contains(p.as_path()));
        self.last.flows = flows;
    }
}

impl Entry {
    /// What reading a file gave (its text is the cache's to keep).
    pub(super) fn new(
        flow: Option<Flow>,
        diags: Vec<Diagnostic>,
        calls: Vec<CallRef>,
        unreadable: bool,
    ) -> Entry {
        Entry { text: String::new(), flow, diags, calls, unreadable, findings: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::registry::{LoadOptions, LoadReport, Registry};
    use std::collections::BTreeMap;

    /// The bundled Archy flows (an IVR calling a common module, a bot, ...) in a scratch folder.
    fn project() -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/archy/flows");
        let mut files = Vec::new();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let to = dir.path().join(e.file_name());
            std::fs::copy(e.path(), &to).unwrap();
            files.push(to);
        }
        files.sort();
        (dir, files)
    }

    fn shown(r: &LoadReport) -> String {
        format!("{:?} {:?}", r.diagnostics, r.registry.as_ref().map(Registry::len))
    }

    #[test]
    fn a_load_through_the_cache_is_a_full_load_and_reads_again_only_what_changed() {
        let (dir, files) = project();
        let paths = vec![dir.path().to_path_buf()];
        let ivr = files.iter().find(|f| f.ends_with("acme_main_ivr.yaml")).unwrap();
        let module = files.iter().find(|f| f.ends_with("customer_lookup.yaml")).unwrap();
        let ivr_text = std::fs::read_to_string(ivr).unwrap();
        let module_text = std::fs::read_to_string(module).unwrap();
        let mut cache = LoadCache::default();
        let mut options = LoadOptions::default();
        let full = |o: &LoadOptions| shown(&Registry::load_paths(&paths, o));
        // The first load reads every file.
        let first = Registry::load_paths_cached(&paths, &options, &mut cache);
        assert_eq!(shown(&first), full(&options));
        let n = files.len();
        assert_eq!(cache.last(), LoadStats { read: n, checked: n, flows: n });
        // Each edit: one file read and checked again, the findings a full load's.
        let edits: [(&PathBuf, String, &str); 5] = [
            (
                ivr,
                ivr_text.replacen("exp: Flow.isVip", "exp: Flow.cuont", 1),
                "a misspelt variable",
            ),
            (ivr, ivr_text.replacen("  tasks:", "  tasks: [", 1), "YAML that does not read"),
            (ivr, ivr_text.clone(), "fixed again"),
            (
                module,
                module_text.replacen("Customer Lookup", "Customer Lookups", 1),
                "a module renamed: its callers' call breaks",
            ),
            (module, module_text.clone(), "the module's name back"),
        ];
        for (file, text, what) in edits {
            options.overlay = BTreeMap::from([(file.clone(), text)]);
            let through = Registry::load_paths_cached(&paths, &options, &mut cache);
            assert_eq!(shown(&through), full(&options), "{what}");
            let last = cache.last();
            assert_eq!(last.read, 1, "{what}");
            assert!(last.checked <= 1, "{what}: {last:?}");
        }
        // Nothing changed: nothing is read again; a file gone leaves the cache.
        let again = Registry::load_paths_cached(&paths, &options, &mut cache);
        assert_eq!(shown(&again), full(&options));
        assert_eq!((cache.last().read, cache.last().checked), (0, 0));
        std::fs::remove_file(ivr).unwrap();
        options.overlay.clear();
        let fewer = Registry::load_paths_cached(&paths, &options, &mut cache);
        assert_eq!(shown(&fewer), full(&options));
        assert_eq!(cache.files.len(), n - 1);
    }

    #[test]
    fn other_substitutions_read_every_file_again() {
        let (dir, files) = project();
        let paths = vec![dir.path().to_path_buf()];
        let mut cache = LoadCache::default();
        let mut options = LoadOptions::default();
        Registry::load_paths_cached(&paths, &options, &mut cache);
        options.substitutions.values.insert("region".into(), "eu".into());
        let through = Registry::load_paths_cached(&paths, &options, &mut cache);
        assert_eq!(shown(&through), shown(&Registry::load_paths(&paths, &options)));
        assert_eq!(cache.last().read, files.len());
    }
}
