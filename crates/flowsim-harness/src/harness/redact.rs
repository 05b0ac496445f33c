//! Redactions: volatile fields of a snapshot replaced by a fixed value before it is compared
//! or written, as insta's redactions do.
//!
//! A scenario file says which, for all its snapshots (`redact:` at the top) or for one
//! scenario (`redact:` beside `snapshot: true`, added to the file's):
//!
//! ```yaml
//! redact:
//!   /variables/Flow.requestedAt: "[time]"   # a JSON Pointer and its replacement
//!   /trace/*/result/outputs: "[outputs]"    # `*`: every member or item, one level
//!   /**/conversationId: "[id]"              # `**`: any depth, itself included
//! # or a list of pointers, each replaced by "[redacted]":
//! # redact: [/variables/Flow.requestedAt]
//! ```
//!
//! Paths are JSON Pointers (RFC 6901) into the result JSON: `~1` writes a `/` inside a key
//! and `~0` a `~`; keys may contain dots. A path that names nothing redacts nothing (the
//! snapshot shows the field was there or not).

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// How deep `**` looks: result JSON is far shallower; a bound keeps the walk finite.
const MAX_DEPTH: usize = 64;

/// What a redaction without a replacement becomes.
pub const REDACTED: &str = "[redacted]";

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// An object key, or an array index in decimal.
    Key(String),
    /// `*`: every member or item.
    Any,
    /// `**`: this value and everything below it.
    Deep,
}

/// A parsed redaction path and what replaces the values it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Redaction {
    pub path: String,
    segments: Vec<Segment>,
    pub replacement: Value,
}

/// Redactions as written: a map of path to replacement, or a list of paths.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Written {
    Map(IndexMap<String, Value>),
    List(Vec<String>),
}

impl Written {
    /// The paths and replacements, in the order written.
    pub fn entries(&self) -> Vec<(String, Value)> {
        match self {
            Written::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Written::List(l) => l.iter().map(|k| (k.clone(), Value::from(REDACTED))).collect(),
        }
    }
}

impl Redaction {
    /// Parses `/a/*/b`. The empty path and paths without a leading `/` are refused with the
    /// reason.
    pub fn parse(text: &str, replacement: Value) -> Result<Redaction, String> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err(format!(
                "`{text}` is not a JSON Pointer: write it from the result's root, like `/variables/Flow.x`"
            ));
        };
        if rest.is_empty() {
            return Err("`/` names the whole result: name a field, like `/variables/Flow.x`".into());
        }
        let mut segments = Vec::new();
        for raw in rest.split('/') {
            match raw {
                "*" => segments.push(Segment::Any),
                "**" => segments.push(Segment::Deep),
                _ => {
                    let key = crate::util::pointer::unescape(raw).ok_or_else(|| {
                        format!("`{text}`: `~` must be followed by 0 (for `~`) or 1 (for `/`)")
                    })?;
                    segments.push(Segment::Key(key));
                }
            }
        }
        Ok(Redaction { path: text.to_owned(), segments, replacement })
    }

    /// Replaces every value the path names in `root`; returns how many.
    pub fn apply(&self, root: &mut Value) -> usize {
        visit(root, &self.segments, 0, &mut |v| *v = self.replacement.clone())
    }
}

/// Parses written redactions, each error with its path.
pub fn parse_all(written: Option<&Written>) -> Result<Vec<Redaction>, String> {
    written
        .map(Written::entries)
        .unwrap_or_default()
        .into_iter()
        .map(|(p, v)| Redaction::parse(&p, v))
        .collect()
}

/// `root` with every redaction applied, in order.
pub fn apply_all(redactions: &[Redaction], root: &mut Value) {
    for r in redactions {
        r.apply(root);
    }
}

/// Calls `f` on every value `segments` names below `v`; returns how many.
fn visit(
    v: &mut Value,
    segments: &[Segment],
    depth: usize,
    f: &mut dyn FnMut(&mut Value),
) -> usize {
    let Some((first, rest)) = segments.split_first() else {
        f(v);
        return 1;
    };
    if depth > MAX_DEPTH {
        return 0;
    }
    let children = |v: &mut Value, segs: &[Segment], f: &mut dyn FnMut(&mut Value)| match v {
        Value::Object(map) => map.values_mut().map(|item| visit(item, segs, depth + 1, f)).sum(),
        Value::Array(items) => items.iter_mut().map(|item| visit(item, segs, depth + 1, f)).sum(),
        _ => 0,
    };
    match first {
        // `**` matches here (zero levels) and at every level below; what the rest matches
        // here is replaced, and a replacement is never walked into.
        Segment::Deep => match visit(v, rest, depth + 1, f) {
            0 => children(v, segments, f),
            n => n,
        },
        Segment::Any => children(v, rest, f),
        Segment::Key(k) => match v {
            Value::Object(map) => map.get_mut(k).map_or(0, |item| visit(item, rest, depth + 1, f)),
            Value::Array(items) => k
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i))
                .map_or(0, |item| visit(item, rest, depth + 1, f)),
            _ => 0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn redact(path: &str, mut v: Value) -> Value {
        Redaction::parse(path, json!("[x]")).unwrap().apply(&mut v);
        v
    }

    #[test]
    fn pointers_with_wildcards_name_what_is_replaced() {
        let v = json!({"variables": {"Flow.at": 5, "a/b": 1}, "trace": [{"r": 1}, {"r": 2}]});
        assert_eq!(redact("/variables/Flow.at", v.clone())["variables"]["Flow.at"], "[x]");
        assert_eq!(redact("/variables/a~1b", v.clone())["variables"]["a/b"], "[x]");
        assert_eq!(redact("/trace/*/r", v.clone())["trace"], json!([{"r": "[x]"}, {"r": "[x]"}]));
        assert_eq!(redact("/trace/1/r", v.clone())["trace"], json!([{"r": 1}, {"r": "[x]"}]));
        assert_eq!(redact("/**/r", v.clone())["trace"], json!([{"r": "[x]"}, {"r": "[x]"}]));
        assert_eq!(redact("/**/variables", v.clone())["variables"], "[x]");
        assert_eq!(redact("/nothing/here", v.clone()), v, "names nothing: unchanged");
    }

    #[test]
    fn bad_paths_say_how_to_write_them() {
        assert!(Redaction::parse("variables", Value::Null).unwrap_err().contains("JSON Pointer"));
        assert!(Redaction::parse("/", Value::Null).unwrap_err().contains("whole result"));
        assert!(Redaction::parse("/a~2", Value::Null).unwrap_err().contains("`~`"));
    }

    #[test]
    fn deep_wildcards_are_bounded() {
        let mut v = json!(1);
        for _ in 0..200 {
            v = json!({ "a": v });
        }
        Redaction::parse("/**/zzz", json!(0)).unwrap().apply(&mut v);
    }
}
