//! The replay config (YAML or JSON): what to map, what to ignore, which differences are known.
//!
//! ```yaml
//! flows:                          # cloud flow ids or names → local flow names or ids
//!   3f1c9a2e-0000-4000-8000-000000000001: Contact_Lookup
//! map:                            # JSON path → {recorded value: local value}; "*" is any value
//!   /request/body/context/from: {REDACTED: "+15551234567"}
//! ignore:                         # JSON paths dropped from both responses before comparing
//!   - /response/body/conversationId
//! knownGaps:                      # differences reported but not failing
//!   - path: /response/body/trace/*/result/contact/id
//!     interaction: a gold caller  # optional: the interaction's name or #index (1-based)
//!     cassette: emulator.json     # optional: the cassette's file name (or a path suffix)
//!     reason: the org's test contact has a different id
//! ```
//!
//! Paths are those of `cassette::path`: `/request/...` or `/response/...` name one side,
//! others both. `map` rewrites the recorded interaction (request and response) before it is
//! replayed; `flows` is short for a map of `/request/body/flowId` and `/request/body/flowName`.
//! Unknown keys are errors, with a line: a typo must not silently widen what passes.

use crate::api::cassette::path::{JsonPath, Side};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// The config as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConfigFile {
    #[serde(default)]
    pub flows: IndexMap<String, String>,
    #[serde(default)]
    pub map: IndexMap<String, IndexMap<String, Value>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub known_gaps: Vec<KnownGapFile>,
}

/// A known gap as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KnownGapFile {
    pub reason: String,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub interaction: Option<Value>,
    #[serde(default)]
    pub cassette: Option<String>,
}

/// A value rewrite: at `path`, `from` (the recorded value's text; `*`: any) becomes `to`.
#[derive(Debug, Clone)]
pub struct MapRule {
    pub path: JsonPath,
    pub values: IndexMap<String, Value>,
}

/// An expected difference.
#[derive(Debug, Clone)]
pub struct KnownGap {
    pub reason: String,
    pub path: Option<JsonPath>,
    /// The interaction's name, or `#N` / `N` for its 1-based index.
    pub interaction: Option<String>,
    pub cassette: Option<String>,
}

impl KnownGap {
    /// Whether this gap covers a difference at `segments` (below `/response`) of interaction
    /// `index` (1-based) named `name` in `cassette`.
    pub fn covers(
        &self,
        cassette: &Path,
        index: usize,
        name: Option<&str>,
        segments: &[String],
    ) -> bool {
        let path_ok = self.path.as_ref().is_none_or(|p| p.covers(Side::Response, segments));
        let interaction_ok = self.interaction.as_deref().is_none_or(|want| {
            let number = want.trim_start_matches('#');
            number.parse::<usize>().is_ok_and(|n| n == index) || name == Some(want)
        });
        let cassette_ok = self.cassette.as_deref().is_none_or(|want| {
            let text = cassette.to_string_lossy().replace('\\', "/");
            text == want || text.ends_with(&format!("/{want}"))
        });
        path_ok && interaction_ok && cassette_ok
    }

    /// `path at interaction in cassette`, for messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.path {
            parts.push(p.to_string());
        }
        if let Some(i) = &self.interaction {
            parts.push(format!("interaction {i}"));
        }
        if let Some(c) = &self.cassette {
            parts.push(format!("cassette {c}"));
        }
        format!("{} ({})", parts.join(", "), self.reason)
    }
}

/// The config, checked.
#[derive(Debug, Clone, Default)]
pub struct ReplayConfig {
    pub map: Vec<MapRule>,
    pub ignore: Vec<JsonPath>,
    pub known_gaps: Vec<KnownGap>,
}

/// Why a config could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: String,
}

fn error(message: String, help: &str) -> ConfigError {
    ConfigError { line: None, column: None, message, help: help.into() }
}

impl ReplayConfig {
    /// Parses config text; `path` decides the format (JSON when named `.json`, else YAML).
    pub fn parse(path: &Path, text: &str) -> Result<ReplayConfig, ConfigError> {
        let help =
            "see the replay config in `flowsim docs emulator`: flows, map, ignore, knownGaps";
        let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let file: ConfigFile = if is_json {
            serde_json::from_str(text).map_err(|e| {
                let (message, place) = crate::util::json_pos::syntax_error(&e);
                let (line, column) = place.unzip();
                ConfigError { line, column, message, help: help.into() }
            })?
        } else if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            crate::util::yaml::from_str(text).map_err(|e| ConfigError {
                line: e.place().map(|p| p.0),
                column: e.place().map(|p| p.1),
                message: e.what(),
                help: e.help().unwrap_or(help).into(),
            })?
        };
        ReplayConfig::from_file(file)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<ReplayConfig, ConfigError> {
        let text = crate::util::files::read_text(path, crate::util::files::MAX_INPUT_BYTES)
            .map_err(|e| error(format!("cannot read the config: {e}"), e.help()))?;
        ReplayConfig::parse(path, &text)
    }

    fn from_file(file: ConfigFile) -> Result<ReplayConfig, ConfigError> {
        let path_help = "a path is a JSON Pointer into the interaction, e.g. /request/body/flowId or /response/body/trace/*/result";
        let parse = |p: &str, place: &str| {
            JsonPath::parse(p).map_err(|m| error(format!("{place}: {m}"), path_help))
        };
        let mut map = Vec::new();
        if !file.flows.is_empty() {
            let values: IndexMap<String, Value> =
                file.flows.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
            for p in ["/request/body/flowId", "/request/body/flowName"] {
                map.push(MapRule { path: parse(p, "flows")?, values: values.clone() });
            }
        }
        for (p, values) in &file.map {
            map.push(MapRule { path: parse(p, &format!("map `{p}`"))?, values: values.clone() });
        }
        let ignore = file
            .ignore
            .iter()
            .map(|p| parse(p, &format!("ignore `{p}`")))
            .collect::<Result<_, _>>()?;
        let mut known_gaps = Vec::new();
        for (i, g) in file.known_gaps.into_iter().enumerate() {
            let place = format!("knownGaps[{i}]");
            if g.path.is_none() && g.interaction.is_none() && g.cassette.is_none() {
                return Err(error(
                    format!("{place} names no path, interaction or cassette: it would excuse every difference"),
                    "give it a `path` (and an `interaction` or `cassette` to narrow it)",
                ));
            }
            if g.reason.trim().is_empty() {
                return Err(error(
                    format!("{place} has an empty reason"),
                    "say why the difference is expected",
                ));
            }
            let interaction = match g.interaction {
                None => None,
                Some(Value::String(s)) => Some(s),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(other) => {
                    return Err(error(
                        format!("{place}.interaction is {other}: it must be a name or an index"),
                        "write the interaction's name, or its 1-based index like 2",
                    ))
                }
            };
            let path = g.path.as_deref().map(|p| parse(p, &format!("{place}.path"))).transpose()?;
            known_gaps.push(KnownGap { reason: g.reason, path, interaction, cassette: g.cassette });
        }
        Ok(ReplayConfig { map, ignore, known_gaps })
    }

    /// Applies `map` to one side of a recorded interaction.
    pub fn apply_map(&self, side: Side, root: &mut Value) {
        for rule in &self.map {
            rule.path.for_each_mut(side, root, &mut |v| {
                let text = match &*v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if let Some(to) = rule.values.get(&text).or_else(|| rule.values.get("*")) {
                    *v = to.clone();
                }
            });
        }
    }

    /// Applies `ignore` to one side of an interaction.
    pub fn apply_ignore(&self, side: Side, root: &mut Value) {
        for p in &self.ignore {
            p.remove(side, root);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Result<ReplayConfig, ConfigError> {
        ReplayConfig::parse(Path::new("replay.yaml"), text)
    }

    #[test]
    fn the_documented_example_parses_and_maps() {
        let c = yaml(
            r#"
flows: {3f1c: Contact_Lookup}
map:
  /request/body/context/from: {REDACTED: "+15551234567"}
  /body/timeout: {"*": 9000}
ignore: [/response/body/conversationId]
knownGaps:
  - {path: /response/body/trace/*/result/contact/id, interaction: 2, reason: different org}
"#,
        )
        .unwrap();
        let mut req =
            json!({"body": {"flowId": "3f1c", "context": {"from": "REDACTED"}, "timeout": 5000}});
        c.apply_map(Side::Request, &mut req);
        assert_eq!(
            req,
            json!({"body": {"flowId": "Contact_Lookup", "context": {"from": "+15551234567"}, "timeout": 9000}})
        );
        let mut resp =
            json!({"body": {"conversationId": "c", "status": "completed", "timeout": 1}});
        c.apply_map(Side::Response, &mut resp);
        c.apply_ignore(Side::Response, &mut resp);
        assert_eq!(resp, json!({"body": {"status": "completed", "timeout": 9000}}));

        let gap = &c.known_gaps[0];
        let seg = |s: &str| s.split('/').map(str::to_owned).collect::<Vec<_>>();
        let at = seg("body/trace/0/result/contact/id");
        assert!(gap.covers(Path::new("a/c.json"), 2, None, &at));
        assert!(!gap.covers(Path::new("a/c.json"), 1, None, &at));
        assert!(!gap.covers(Path::new("a/c.json"), 2, None, &seg("body/status")));
        assert!(gap.describe().contains("different org"));
    }

    #[test]
    fn gaps_select_by_name_and_cassette() {
        let c =
            yaml("knownGaps:\n  - {interaction: 'a call', cassette: c.json, reason: r}\n").unwrap();
        let g = &c.known_gaps[0];
        assert!(g.covers(Path::new("dir/c.json"), 7, Some("a call"), &[]));
        assert!(!g.covers(Path::new("dir/xc.json"), 7, Some("a call"), &[]));
        assert!(!g.covers(Path::new("dir/c.json"), 7, Some("other"), &[]));
        let c = yaml("knownGaps:\n  - {interaction: '#3', reason: r}\n").unwrap();
        assert!(c.known_gaps[0].covers(Path::new("c.json"), 3, None, &[]));
    }

    #[test]
    fn mistakes_are_errors_with_a_place() {
        let e = yaml("ignore: [/a]\nknownGap: []\n").unwrap_err();
        assert!(e.message.contains("knownGap"), "{}", e.message);
        assert_eq!(e.line, Some(2));
        let e = yaml("ignore: [body/x]\n").unwrap_err();
        assert!(e.message.contains("JSON Pointer"), "{}", e.message);
        let e = yaml("knownGaps: [{reason: because}]\n").unwrap_err();
        assert!(e.message.contains("every difference"), "{}", e.message);
        let e = ReplayConfig::parse(Path::new("r.json"), "{\"flows\": 3}").unwrap_err();
        assert!(e.line.is_some());
        assert!(yaml("").unwrap().map.is_empty());
    }
}
