//! JSON trees from JSON or YAML text that refuse duplicate keys.
//!
//! `serde_json::Value` keeps the last of two equal keys, so `{"name": "A", "name": "B"}` would
//! silently rename a flow and a second node under one key would drop the first. [`Strict`]
//! builds the same tree but fails on the second key, where the parser stands: serde_json then
//! reports the line and column of the duplicate. Depth stays bounded by serde_json's recursion
//! limit. YAML goes through the one YAML reader ([`super::yaml`]), which refuses duplicates
//! at the second key and bounds depth and aliases itself.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value as J};
use std::fmt;

/// A JSON tree whose objects had no duplicate keys.
pub struct Strict(pub J);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor).map(Strict)
    }
}

/// Parses JSON text, refusing duplicate keys (with the duplicate's line and column).
pub fn from_json(text: &str) -> Result<J, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let tree = Strict::deserialize(&mut de)?;
    de.end()?;
    Ok(tree.0)
}

/// Parses YAML text into a JSON tree, refusing duplicate keys (with the duplicate's line and
/// column). An empty file is `null`.
///
/// # Errors
/// See [`super::yaml::parse`].
pub fn from_yaml(text: &str) -> Result<J, super::yaml::Error> {
    super::yaml::to_json(text)
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = J;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<J, E> {
        Ok(J::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<J, E> {
        Ok(J::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<J, E> {
        Ok(J::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<J, E> {
        Ok(Number::from_f64(v).map_or(J::Null, J::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<J, E> {
        Ok(J::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<J, E> {
        Ok(J::String(v))
    }

    fn visit_none<E: de::Error>(self) -> Result<J, E> {
        Ok(J::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<J, E> {
        Ok(J::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<J, D::Error> {
        Strict::deserialize(d).map(|t| t.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(J::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
        let mut obj = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if obj.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{key}` (a second value would silently replace the first)"
                )));
            }
            let Strict(value) = map.next_value()?;
            obj.insert(key, value);
        }
        Ok(J::Object(obj))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_errors_with_their_place() {
        assert_eq!(from_json(r#"{"a": [1, {"b": null}]}"#).unwrap()["a"][1]["b"], J::Null);
        let e = from_json("{\"name\": \"A\",\n \"name\": \"B\"}").unwrap_err();
        assert!(e.to_string().contains("duplicate key `name`"), "{e}");
        assert_eq!((e.line(), e.column()), (2, 7));
        let e = from_yaml("a: 1\nb:\n  c: 1\n  c: 2\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "b: duplicate key `c` (a second value would silently replace the first) at line 4 column 3"
        );
        assert!(from_json("{} x").is_err(), "trailing characters");
        let mut lines = vec!["a: &a [x, x, x, x, x, x, x, x, x, x]".to_owned()];
        for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f")]
        {
            let items = vec![format!("*{prev}"); 10].join(", ");
            lines.push(format!("{name}: &{name} [{items}]"));
        }
        let bomb = lines.join("\n");
        let e = from_yaml(&bomb).unwrap_err();
        assert_eq!(e.code, crate::diag::Code::AliasBudget, "{e}");
        assert_eq!(e.place().map(|p| p.0), Some(6), "{e}");
    }
}
