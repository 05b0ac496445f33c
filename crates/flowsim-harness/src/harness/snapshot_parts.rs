//! What a scenario's snapshot holds (`snapshot:`), and the readable text of its parts.
//!
//! ```yaml
//! snapshot: true                # or `all`: the whole result JSON (docs/results.md), pretty
//! snapshot: path                # the steps taken, one a line
//! snapshot: [prompts, route]    # several parts, each under its `[part]` header
//! ```
//!
//! Invariants: a part's text is one fact per line in a stable order (steps and prompts in run
//! order, variables by name, the route's fields as the result writes them), so that a change
//! diffs line by line; text from the run is escaped (`\n`, `\r`, `\t`, `\\`) so no fact takes
//! two lines. `true` and `all` write exactly what snapshots held before parts existed, so
//! stored snapshots stay valid. Redactions apply to the result before any part is written.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt::Write as _;

/// One part of a result a snapshot can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The steps taken, one a line: `Main › Menu (Gather) → success`, indented by call depth;
    /// an Architect action's way out is the output's name (`Main › Hours (evaluateSchedule)
    /// → open`).
    Path,
    /// Every prompt played, in order: `Main › Welcome: Hello.`
    Prompts,
    /// The final variables, by name: `Flow.x = "1"` (values as JSON).
    Variables,
    /// The route's fields: `queueName = "Support"`, or `none`.
    Route,
}

impl Part {
    /// Every part, in the order a snapshot writes them.
    pub const ALL: [Part; 4] = [Part::Path, Part::Prompts, Part::Variables, Part::Route];

    pub fn name(self) -> &'static str {
        match self {
            Part::Path => "path",
            Part::Prompts => "prompts",
            Part::Variables => "variables",
            Part::Route => "route",
        }
    }

    fn bit(self) -> u8 {
        1 << Part::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// What a scenario snapshots: nothing (`false`, the default), the whole result (`true` or
/// `all`), or some of [`Part`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot(u8);

const WHOLE: u8 = 0x80;

impl Snapshot {
    /// The whole result (`snapshot: true`).
    pub const WHOLE: Snapshot = Snapshot(WHOLE);

    /// Whether the scenario takes a snapshot at all.
    pub fn taken(self) -> bool {
        self.0 != 0
    }

    /// The parts it holds, in order; none for the whole result.
    pub fn parts(self) -> impl Iterator<Item = Part> {
        Part::ALL.into_iter().filter(move |p| self.0 & p.bit() != 0)
    }

    /// The snapshot's text: the whole result's pretty JSON (`whole`, given) or the parts of
    /// `result` (the result's JSON, redacted) as readable lines.
    pub fn text(self, whole: impl FnOnce() -> String, result: impl FnOnce() -> Value) -> String {
        if self.0 & WHOLE != 0 {
            return whole();
        }
        let result = result();
        let mut out = String::new();
        for (i, part) in self.parts().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "[{}]", part.name());
            let before = out.len();
            write_part(&mut out, part, &result);
            if out.len() == before {
                out.push_str("none\n");
            }
        }
        out
    }
}

/// A string of the result, on one line.
fn text(v: &Value) -> std::borrow::Cow<'_, str> {
    escape(v.as_str().unwrap_or_default())
}

fn write_part(out: &mut String, part: Part, result: &Value) {
    match part {
        Part::Path => {
            for step in result["trace"].as_array().into_iter().flatten() {
                let depth = step["depth"].as_u64().unwrap_or(0).min(64);
                let (id, name) = (text(&step["nodeId"]), text(&step["nodeName"]));
                let _ = write!(
                    out,
                    "{:indent$}{} › {id}",
                    "",
                    text(&step["flowName"]),
                    indent = 2 * usize::try_from(depth).unwrap_or(0)
                );
                if !name.is_empty() && name != id {
                    let _ = write!(out, " \"{name}\"");
                }
                let _ = write!(out, " ({})", text(&step["nodeType"]));
                // An Architect action's output by its name, as `run` prints it (`→ open`),
                // else the edge (`success`, `condition[0]`, `end`).
                match step["output"].as_str().or_else(|| step["edge"].as_str()) {
                    Some(edge) => {
                        let _ = writeln!(out, " → {}", escape(edge));
                    }
                    None => out.push('\n'),
                }
            }
        }
        Part::Prompts => {
            for p in result["prompts"].as_array().into_iter().flatten() {
                let _ = writeln!(
                    out,
                    "{} › {}: {}",
                    text(&p["flowName"]),
                    text(&p["nodeId"]),
                    text(&p["text"])
                );
            }
        }
        Part::Variables => {
            let mut vars: Vec<(&String, &Value)> =
                result["variables"].as_object().into_iter().flatten().collect();
            vars.sort_by(|a, b| a.0.cmp(b.0));
            for (name, value) in vars {
                let _ = writeln!(out, "{} = {}", escape(name), compact(value));
            }
        }
        Part::Route => {
            for (key, value) in result["route"].as_object().into_iter().flatten() {
                let _ = writeln!(out, "{} = {}", escape(key), compact(value));
            }
        }
    }
}

/// A value as one line of JSON (JSON escapes line breaks in strings itself).
fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Text on one line: backslashes, line breaks and tabs written as escapes.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\\', '\n', '\r', '\t']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.into()
}

/// One name of `snapshot:`.
fn named(name: &str) -> Result<u8, String> {
    if name == "all" {
        return Ok(WHOLE);
    }
    Part::ALL.iter().find(|p| p.name() == name).map(|p| p.bit()).ok_or_else(|| {
        format!("`{name}` is not a part to snapshot: write path, prompts, variables, route or all")
    })
}

impl<'de> Deserialize<'de> for Snapshot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Snapshot;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("true, false, or what to snapshot: path, prompts, variables, route, all, or a list of them")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Snapshot, E> {
                Ok(if v { Snapshot::WHOLE } else { Snapshot::default() })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Snapshot, E> {
                named(v).map(Snapshot).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Snapshot, A::Error> {
                let mut bits = 0u8;
                while let Some(name) = seq.next_element::<String>()? {
                    let bit = named(&name).map_err(de::Error::custom)?;
                    if bits & bit != 0 {
                        return Err(de::Error::custom(format!("`{name}` is listed twice")));
                    }
                    bits |= bit;
                }
                if bits == 0 {
                    return Err(de::Error::custom(
                        "an empty list snapshots nothing: write `snapshot: false`, or name a part",
                    ));
                }
                if bits & WHOLE != 0 && bits != WHOLE {
                    return Err(de::Error::custom(
                        "`all` is the whole result: it goes alone, not with parts",
                    ));
                }
                Ok(Snapshot(bits))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Snapshot, String> {
        crate::util::yaml::from_str::<Snapshot>(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn snapshot_names_the_parts_it_holds() {
        assert_eq!(read("true"), Ok(Snapshot::WHOLE));
        assert_eq!(read("all"), Ok(Snapshot::WHOLE));
        assert_eq!(read("false"), Ok(Snapshot::default()));
        let parts: Vec<Part> = read("[route, path]").unwrap().parts().collect();
        assert_eq!(parts, [Part::Path, Part::Route], "in the snapshot's own order");
        assert!(read("paths").unwrap_err().contains("`paths` is not a part"));
        assert!(read("[path, path]").unwrap_err().contains("listed twice"));
        assert!(read("[all, path]").unwrap_err().contains("goes alone"));
        assert!(read("[]").unwrap_err().contains("snapshot: false"));
    }

    #[test]
    fn parts_are_one_fact_a_line_in_a_stable_order() {
        let result = serde_json::json!({
            "trace": [
                {"depth": 0, "flowName": "Main", "nodeId": "Call", "nodeName": "Call", "nodeType": "Flow", "edge": "success"},
                {"depth": 1, "flowName": "Sub", "nodeId": "n1", "nodeName": "Say hi", "nodeType": "Say", "edge": "success"},
                {"depth": 0, "flowName": "Main", "nodeId": "End", "nodeName": "End", "nodeType": "End", "edge": null}
            ],
            "prompts": [{"flowName": "Sub", "nodeId": "n1", "text": "two\nlines"}],
            "variables": {"b": 1, "a": "1"},
            "route": null
        });
        let all = Snapshot(Part::ALL.iter().map(|p| p.bit()).sum());
        let text = all.text(|| unreachable!(), || result);
        assert_eq!(
            text,
            "[path]\nMain › Call (Flow) → success\n  Sub › n1 \"Say hi\" (Say) → success\nMain › End (End)\n\n[prompts]\nSub › n1: two\\nlines\n\n[variables]\na = \"1\"\nb = 1\n\n[route]\nnone\n"
        );
        assert_eq!(Snapshot::WHOLE.text(|| "whole".into(), || unreachable!()), "whole");
    }

    #[test]
    fn an_architect_step_is_written_with_its_output_s_name_as_run_prints_it() {
        let result = serde_json::json!({"trace": [
            {"depth": 0, "flowName": "Main", "nodeId": "Task/Hours", "nodeName": "Hours", "nodeType": "evaluateScheduleGroup", "edge": "output[0]", "output": "open"},
            {"depth": 0, "flowName": "Main", "nodeId": "Task/Bye", "nodeName": "Bye", "nodeType": "disconnect", "edge": "end"}
        ]});
        let text = Snapshot(Part::Path.bit()).text(|| unreachable!(), || result);
        assert_eq!(
            text,
            "[path]\nMain › Task/Hours \"Hours\" (evaluateScheduleGroup) → open\nMain › Task/Bye \"Bye\" (disconnect) → end\n"
        );
    }
}
