//! JSON paths into a recorded interaction: JSON Pointers (RFC 6901) with a `*` wildcard.
//!
//! ```text
//! /body/context/from                 the request's and the response's body.context.from
//! /request/body/context/from         the request's only
//! /response/body/trace/*/result      every trace step's result, in the response only
//! ```
//!
//! A path whose first segment is `request` or `response` names that side of the interaction;
//! any other path is read against both sides (`/body/...`, `/headers/...`, `/status`). `~1`
//! writes a `/` inside a key and `~0` a `~`; `*` matches every member of an object or item of
//! an array. Keys may contain dots (`/body/variables/Flow.tier`).

use serde_json::Value;
use std::fmt;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// An object key, or an array index written in decimal.
    Key(String),
    /// `*`: every member or item.
    Any,
}

impl Segment {
    fn matches(&self, concrete: &str) -> bool {
        match self {
            Segment::Any => true,
            Segment::Key(k) => k == concrete,
        }
    }
}

/// Which side of an interaction a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

impl Side {
    pub fn key(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

/// A parsed path into an interaction (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    text: String,
    /// `None`: both sides.
    side: Option<Side>,
    /// The segments below the side.
    segments: Vec<Segment>,
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl JsonPath {
    /// Parses `/a/b/*/c`. The empty path and paths without a leading `/` are refused.
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err(format!(
                "`{text}` is not a JSON path: write it as a JSON Pointer, like `/body/context/from`"
            ));
        };
        if rest.is_empty() {
            return Err(
                "`/` names the whole interaction: name a field, like `/body/context/from`".into()
            );
        }
        let mut segments = Vec::new();
        for raw in rest.split('/') {
            if raw == "*" {
                segments.push(Segment::Any);
                continue;
            }
            let key = crate::util::pointer::unescape(raw).ok_or_else(|| {
                format!("`{text}`: `~` must be followed by 0 (for `~`) or 1 (for `/`)")
            })?;
            segments.push(Segment::Key(key));
        }
        let side = match segments.first() {
            Some(Segment::Key(k)) if k == "request" => Some(Side::Request),
            Some(Segment::Key(k)) if k == "response" => Some(Side::Response),
            _ => None,
        };
        if side.is_some() {
            segments.remove(0);
            if segments.is_empty() {
                return Err(format!("`{text}` names a whole side: name a field below it"));
            }
        }
        Ok(JsonPath { text: text.to_owned(), side, segments })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this path reads `side`.
    pub fn reads(&self, side: Side) -> bool {
        self.side.is_none_or(|s| s == side)
    }

    /// Calls `f` on every value the path names in `side_root` (one side of an interaction),
    /// when the path reads `side`.
    pub fn for_each_mut(&self, side: Side, side_root: &mut Value, f: &mut dyn FnMut(&mut Value)) {
        if self.reads(side) {
            visit(side_root, &self.segments, f);
        }
    }

    /// Removes what the path names in `side_root`: object members are removed, array items
    /// become `null` (so that the other items keep their indexes). Returns how many.
    pub fn remove(&self, side: Side, side_root: &mut Value) -> usize {
        let Some((last, parent)) = self.segments.split_last() else { return 0 };
        if !self.reads(side) {
            return 0;
        }
        let mut removed = 0;
        visit(side_root, parent, &mut |v| match v {
            Value::Object(map) => match last {
                Segment::Any => {
                    removed += map.len();
                    map.clear();
                }
                Segment::Key(k) => removed += usize::from(map.shift_remove(k).is_some()),
            },
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if last.matches(&i.to_string()) {
                        *item = Value::Null;
                        removed += 1;
                    }
                }
            }
            _ => {}
        });
        removed
    }

    /// Whether this path names `concrete` (a side and segments, as a report writes it:
    /// `/response/body/trace/3/nodeId`) or something that contains it.
    pub fn covers(&self, side: Side, concrete: &[String]) -> bool {
        self.reads(side)
            && self.segments.len() <= concrete.len()
            && self.segments.iter().zip(concrete).all(|(s, c)| s.matches(c))
    }
}

fn visit(v: &mut Value, segments: &[Segment], f: &mut dyn FnMut(&mut Value)) {
    let Some((first, rest)) = segments.split_first() else {
        f(v);
        return;
    };
    match (v, first) {
        (Value::Object(map), Segment::Any) => {
            for item in map.values_mut() {
                visit(item, rest, f);
            }
        }
        (Value::Object(map), Segment::Key(k)) => {
            if let Some(item) = map.get_mut(k) {
                visit(item, rest, f);
            }
        }
        (Value::Array(items), Segment::Any) => {
            for item in items {
                visit(item, rest, f);
            }
        }
        (Value::Array(items), Segment::Key(k)) => {
            if let Some(item) = k.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                visit(item, rest, f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(text: &str) -> JsonPath {
        JsonPath::parse(text).unwrap()
    }

    #[test]
    fn parses_pointers_with_sides_escapes_and_wildcards() {
        assert_eq!(p("/body/context/from").side, None);
        assert_eq!(p("/request/body/flowId").side, Some(Side::Request));
        assert_eq!(p("/response/body").segments, [Segment::Key("body".into())]);
        assert_eq!(p("/body/a~1b~0c").segments[1], Segment::Key("a/b~c".into()));
        assert_eq!(p("/body/trace/*").segments[2], Segment::Any);
        assert!(JsonPath::parse("body/x").unwrap_err().contains("JSON Pointer"));
        assert!(JsonPath::parse("/").is_err());
        assert!(JsonPath::parse("/request").is_err());
        assert!(JsonPath::parse("/body/~2").is_err());
    }

    #[test]
    fn visits_every_match_on_the_sides_it_names() {
        let mut v = json!({"body": {"trace": [{"r": 1}, {"r": 2}, {"x": 3}]}});
        let mut seen = Vec::new();
        p("/body/trace/*/r").for_each_mut(Side::Response, &mut v, &mut |x| seen.push(x.clone()));
        assert_eq!(seen, [json!(1), json!(2)]);
        seen.clear();
        p("/request/body/trace/1/r")
            .for_each_mut(Side::Response, &mut v, &mut |x| seen.push(x.clone()));
        assert!(seen.is_empty(), "a request path does not read the response");
        p("/request/body/trace/1/r")
            .for_each_mut(Side::Request, &mut v, &mut |x| seen.push(x.clone()));
        assert_eq!(seen, [json!(2)]);
    }

    #[test]
    fn removal_drops_members_and_nulls_items() {
        let mut v = json!({"body": {"a": 1, "b": 2, "list": [1, 2, 3]}});
        assert_eq!(p("/body/a").remove(Side::Request, &mut v), 1);
        assert_eq!(p("/body/list/1").remove(Side::Request, &mut v), 1);
        assert_eq!(p("/body/nope").remove(Side::Request, &mut v), 0);
        assert_eq!(v, json!({"body": {"b": 2, "list": [1, null, 3]}}));
    }

    #[test]
    fn covers_a_concrete_path_or_what_is_below_it() {
        let concrete = |s: &str| s.split('/').map(str::to_owned).collect::<Vec<_>>();
        let c = concrete("body/trace/3/result/contact/id");
        assert!(p("/body/trace/*/result").covers(Side::Response, &c));
        assert!(p("/response/body/trace/3").covers(Side::Response, &c));
        assert!(!p("/request/body/trace").covers(Side::Response, &c));
        assert!(!p("/body/trace/2").covers(Side::Response, &c));
        assert!(!p("/body/trace/3/result/contact/id/x").covers(Side::Response, &c));
        assert_eq!(crate::util::pointer::escape("a/b~"), "a~1b~0");
    }
}
