//! Where each scenario and each of its expectations is written: the line a failure points at
//! (the human report's `file:line`, `test --format github`'s annotations).
//!
//! Invariants: read only for a file with a failing scenario, once per file (the runner keeps
//! the answer), through the one YAML reader's tree (a JSON scenario file is YAML too), so it
//! costs one linear pass over the text; any style of YAML gives the key's own line (block,
//! flow, one-line `expect: {route: ...}`). A file that no longer reads gives no lines, and the
//! failure no place rather than a wrong one.

use super::expect::Mismatch;
use crate::util::yaml::{self, Y};
use std::path::Path;

/// The lines of one scenario: its item, its keys, and the keys of its `expect`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScenarioLines {
    /// The line of the scenario's item (`- name: ...`).
    pub item: usize,
    /// The scenario's keys (`flow`, `expect`, `conversation`, `snapshot`, ...) and their lines.
    pub keys: Vec<(String, usize)>,
    /// The keys under its `expect` and their lines.
    pub expect: Vec<(String, usize)>,
    /// What it gives, by key (`inputs.1`, `events.0`, `variables.Flow.tier`,
    /// `mocks.dataActions.Lookup`, `mocks.services.Bot`, `stubs.0`: the mocks' own stubs, then
    /// those of `stubs:`), with the line and column of each (`harness::unused` places by them).
    pub given: Vec<(String, usize, usize)>,
}

impl ScenarioLines {
    fn key(&self, name: &str) -> Option<usize> {
        self.keys.iter().find(|(k, _)| k == name).map(|(_, l)| *l)
    }

    fn expect_key(&self, name: &str) -> Option<usize> {
        self.expect.iter().find(|(k, _)| k == name).map(|(_, l)| *l)
    }

    /// The line and column where the scenario gives what `key` names ([`ScenarioLines::given`]).
    pub fn given(&self, key: &str) -> Option<(usize, usize)> {
        self.given.iter().find(|(k, ..)| k == key).map(|(_, l, c)| (*l, *c))
    }

    /// The line that states what `m` checks: its key under `expect:` (an unexpected error at
    /// `error:` or `status:`, an unexpected miss at `missing:`), `conversation:`, `snapshot:`
    /// or `mocks:` for theirs; else `expect:`; else the scenario's item.
    pub fn of(&self, m: &Mismatch) -> usize {
        let own = match &*m.what {
            "conversation" | "snapshot" | "mocks" => self.key(&m.what),
            "request" => self.key("flow"),
            "error" => self.expect_key("error").or_else(|| self.expect_key("status")),
            what => self.expect_key(what),
        };
        own.or_else(|| self.key("expect")).unwrap_or(self.item)
    }
}

/// Every scenario's lines in the scenario file `text`, in file order; `None` when the text
/// does not read as a scenario file's tree.
pub fn read(text: &str) -> Option<Vec<ScenarioLines>> {
    let root = yaml::parse(text, yaml::Options::default(), &yaml::AsWritten).ok()??;
    let scenarios = root.get("scenarios")?.seq()?;
    Some(scenarios.iter().map(scenario).collect())
}

/// Reads the file at `path` for [`read`].
pub fn read_file(path: &Path) -> Option<Vec<ScenarioLines>> {
    read(&crate::util::read_text(path, crate::util::MAX_INPUT_BYTES).ok()?)
}

fn keys(map: &Y) -> Vec<(String, usize)> {
    map.entry_nodes()
        .iter()
        .filter_map(|(k, _)| Some((k.key()?.into_owned(), k.pos.line)))
        .collect()
}

fn scenario(item: &Y) -> ScenarioLines {
    ScenarioLines {
        item: item.pos.line,
        keys: if item.is_map() { keys(item) } else { Vec::new() },
        expect: item.get("expect").filter(|e| e.is_map()).map(keys).unwrap_or_default(),
        given: if item.is_map() { given(item) } else { Vec::new() },
    }
}

/// The places of what a scenario's item gives: its `inputs`, `events`, `variables`, mocked data
/// actions and services, and stubs.
fn given(item: &Y) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut items = |prefix: &str, seq: Option<&Y>, from: usize| {
        for (i, y) in seq.and_then(Y::seq).unwrap_or_default().iter().enumerate() {
            out.push((format!("{prefix}.{}", from + i), y.pos.line, y.pos.col));
        }
    };
    items("inputs", item.get("inputs"), 0);
    items("events", item.get("events"), 0);
    let mocks = item.get("mocks").filter(|m| m.is_map());
    let own_stubs = mocks.and_then(|m| m.get("stubs"));
    items("stubs", own_stubs, 0);
    items("stubs", item.get("stubs"), own_stubs.and_then(Y::seq).map_or(0, <[Y]>::len));
    let mut keyed = |prefix: &str, map: Option<&Y>| {
        for (k, _) in map.filter(|m| m.is_map()).map(Y::entry_nodes).unwrap_or_default() {
            if let Some(name) = k.key() {
                out.push((format!("{prefix}.{name}"), k.pos.line, k.pos.col));
            }
        }
    };
    keyed("variables", item.get("variables"));
    keyed("mocks.dataActions", mocks.and_then(|m| m.get("dataActions")));
    keyed("mocks.services", mocks.and_then(|m| m.get("services")));
    out
}

/// Sets each mismatch's line from its scenario's lines.
pub fn place(mismatches: &mut [Mismatch], lines: Option<&ScenarioLines>) {
    if let Some(lines) = lines {
        for m in mismatches {
            m.line = Some(lines.of(m));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(text: &str, index: usize, what: &'static str) -> usize {
        let lines = read(text).expect("reads");
        lines[index].of(&Mismatch::new(what, String::new()))
    }

    #[test]
    fn each_expectation_is_at_its_key() {
        let text = "scenarios:\n  - name: a\n    flow: F\n    expect:\n      status: completed\n      route: {queueName: Support}\n  - {name: b, flow: F, expect: {status: completed,\n      route: null}}\n  - name: c\n    flow: F\n";
        assert_eq!(line_of(text, 0, "route"), 6);
        assert_eq!(line_of(text, 0, "status"), 5);
        assert_eq!(line_of(text, 0, "visits"), 4, "not written: the expect line");
        assert_eq!(line_of(text, 0, "error"), 5, "an unexpected error: the status line");
        assert_eq!(line_of(text, 1, "route"), 8);
        assert_eq!(line_of(text, 2, "missing"), 9, "no expect: the scenario's item");
        assert_eq!(line_of(text, 2, "request"), 10);
    }

    #[test]
    fn json_files_place_alike() {
        let text = "{\"scenarios\": [\n  {\"name\": \"a\", \"flow\": \"F\",\n   \"expect\": {\n     \"prompts\": [\"Hi\"]}}\n]}\n";
        assert_eq!(line_of(text, 0, "prompts"), 4);
        assert_eq!(read("scenarios: [unclosed\n"), None);
    }
}
