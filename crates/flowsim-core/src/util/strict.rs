//! JSON trees from JSON or YAML text that refuse duplicate keys.
//!
//! `serde_json::Value` keeps the last of two equal keys, so `{"name": "A", "name": "B"}` would
//! silently rename a flow and a second node under one key would drop the first. [`Strict`]
//! builds the same tree but fails on the second key, where the parser stands: serde_json then
//! reports the line and column of the duplicate. Depth stays bounded by serde_json's recursion
//! limit. YAML goes through the one YAML reader ([`super::yaml`]), which refuses duplicates
//! at the second key and bounds depth and aliases itself.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value as J};
use std::borrow::Cow;
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

/// Checks JSON text for duplicate keys without building its tree: the error [`from_json`]
/// gives (message, line and column) for the first duplicate, or for the first syntax error.
/// For readers that parse the text into their own types next.
pub fn check_json_keys(text: &str) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    de::Deserializer::deserialize_any(&mut de, KeysVisitor)?;
    de.end()
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

/// Walks a value keeping only each object's keys (borrowed from the text when unescaped), to
/// find a duplicate where the parser stands.
#[derive(Clone, Copy)]
struct KeysVisitor;

impl<'de> DeserializeSeed<'de> for KeysVisitor {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        let mut hashed: Option<std::collections::HashSet<Cow<'de, str>>> = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            // Small objects (nearly all) compared pairwise; large ones hashed.
            let repeated = match &mut hashed {
                Some(set) => !set.insert(key.clone()),
                None if keys.len() < 16 => keys.contains(&key),
                None => {
                    let mut set: std::collections::HashSet<_> = keys.drain(..).collect();
                    let repeated = !set.insert(key.clone());
                    hashed = Some(set);
                    repeated
                }
            };
            if repeated {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{key}` (a second value would silently replace the first)"
                )));
            }
            if hashed.is_none() {
                keys.push(key);
            }
            map.next_value_seed(KeysVisitor)?;
        }
        Ok(())
    }
}

/// A key, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_check_finds_what_the_tree_finds() {
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let many = format!("{{{}, \n \"k\\u0037\": 0}}", many.join(", "));
        for text in [
            r#"{"a": [1, {"b": null, "c": {"d": 1.5, "e": "x"}}], "f": true}"#,
            "{\"name\": \"A\",\n \"name\": \"B\"}",
            r#"{"a": {"b": 1, "b\u0041": 2, "bA": 3}}"#,
            &many,
            "[{}, {\"x\": 1, \"y\": [], \"x\": 2}]",
            "{} x",
            "{\"a\": ",
        ] {
            let tree = from_json(text).map(drop).map_err(|e| e.to_string());
            assert_eq!(check_json_keys(text).map_err(|e| e.to_string()), tree, "{text}");
        }
    }

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
