//! A data action's fields, flattened as Architect names them: each field of a contract (a JSON
//! Schema's `properties`, or the outputs a fixture's mock answers) by its own name, and the
//! fields of a nested object (or of a list's objects) also by their dotted paths
//! (`address.city`), to [`MAX_DEPTH`] levels. The org manifest (`flow::org`) and the fixtures'
//! org (`fixtures::DataActionFields`) list them so.
//!
//! **The budget.** A dotted name repeats every name above it, so the names one contract
//! flattens to grow with the product of a long name and the fields under it: a 0.8 MB export
//! whose contract nests many short fields under long names, eight levels deep, flattens to
//! gigabytes. The manifest lists full dotted names (docs/org.md), so that size is the output's
//! own; it is bounded instead. Invariant: every name is charged to a [`NameBudget`] before it
//! is made, and the names of one manifest (every data action, both sides) total at most
//! [`MAX_NAME_BYTES`]; the walk stops at the name that would pass it, with a
//! [`TooManyFieldNames`] naming the action and the limit. So flattening costs the input's size
//! plus at most the budget, in time and memory. Paths are built in one buffer, pushed and cut
//! back, never copied per level.

use crate::expr::value::{Object, Value};
use serde_json::Value as J;
use std::collections::BTreeMap;

/// The deepest nested field named: `a.b.c.d.e.f.g.h.i` (the top level is depth 0).
pub const MAX_DEPTH: u8 = 8;

/// The bytes of flattened field names one manifest may hold (16 MiB): far above a real org's
/// contracts (a few hundred kilobytes), and under the 32 MiB a manifest file may have, so that
/// `check --org` reads back what `flowsim org` writes.
pub const MAX_NAME_BYTES: usize = 16 << 20;

/// What the flattened names made so far have cost, against a limit.
#[derive(Debug, Clone)]
pub struct NameBudget {
    spent: usize,
    limit: usize,
}

impl Default for NameBudget {
    fn default() -> Self {
        NameBudget::new(MAX_NAME_BYTES)
    }
}

impl NameBudget {
    pub fn new(limit: usize) -> Self {
        NameBudget { spent: 0, limit }
    }

    /// The bytes of names charged so far.
    pub fn spent(&self) -> usize {
        self.spent
    }

    /// Charges a name of `bytes` made for `action`'s fields, or refuses it.
    ///
    /// # Errors
    /// When the names would pass the limit.
    pub fn charge(&mut self, bytes: usize, action: &str) -> Result<(), TooManyFieldNames> {
        let spent = self.spent.saturating_add(bytes);
        if spent > self.limit {
            return Err(TooManyFieldNames { action: cut(action), limit: self.limit });
        }
        self.spent = spent;
        Ok(())
    }
}

/// The flattened field names pass the budget, e.g. a contract whose 8 levels each hold 2,000
/// short fields beside a 40 KB property name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the data actions' field names, flattened as Architect names them (`address.city`), pass \
     {limit} bytes at data action `{action}`"
)]
pub struct TooManyFieldNames {
    /// The data action whose names passed it (cut at 120 bytes).
    pub action: String,
    pub limit: usize,
}

impl TooManyFieldNames {
    /// What to do about it.
    pub const HELP: &'static str = "each nested field's name repeats every name above it: \
        shorten the long property names or nest fewer fields under them (real contracts \
        flatten to far less; the limit is in docs/budgets.md)";
}

fn cut(s: &str) -> String {
    const MAX: usize = 120;
    if s.len() <= MAX {
        return s.to_owned();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} more bytes)", &s[..end], s.len() - end)
}

/// A path being walked: one buffer, a segment pushed on the way down and cut on the way up.
struct Path(String);

impl Path {
    /// Appends `name` (after a dot unless at the top); gives the length to cut back to.
    fn push(&mut self, name: &str) -> usize {
        let back = self.0.len();
        if back > 0 {
            self.0.push('.');
        }
        self.0.push_str(name);
        back
    }
}

/// The fields a data action's input or success schema (JSON Schema) gives a flow: each of its
/// `properties` with its type (`any` when it has none), nested ones also by their flattened
/// names. `Ok(None)` when the schema has no `properties`.
///
/// # Errors
/// When the names pass what `budget` has left.
pub fn schema_fields(
    schema: &J,
    action: &str,
    budget: &mut NameBudget,
) -> Result<Option<BTreeMap<String, String>>, TooManyFieldNames> {
    fn walk(
        props: &serde_json::Map<String, J>,
        path: &mut Path,
        depth: u8,
        out: &mut BTreeMap<String, String>,
        charge: &mut dyn FnMut(usize) -> Result<(), TooManyFieldNames>,
    ) -> Result<(), TooManyFieldNames> {
        for (name, v) in props {
            let back = path.push(name);
            charge(path.0.len())?;
            let ty = v.get("type").and_then(J::as_str).unwrap_or("any");
            if !out.contains_key(&path.0) {
                out.insert(path.0.clone(), ty.to_owned());
            }
            if depth < MAX_DEPTH {
                let nested = match ty {
                    "array" => v.get("items").and_then(|i| i.get("properties")),
                    _ => v.get("properties"),
                };
                if let Some(nested) = nested.and_then(J::as_object) {
                    walk(nested, path, depth + 1, out, charge)?;
                }
            }
            path.0.truncate(back);
        }
        Ok(())
    }
    let Some(props) = schema.get("properties").and_then(J::as_object) else { return Ok(None) };
    let mut out = BTreeMap::new();
    let mut charge = |bytes| budget.charge(bytes, action);
    walk(props, &mut Path(String::new()), 0, &mut out, &mut charge)?;
    Ok(Some(out))
}

/// Each output field a mock answers with its JSON type, nested objects' fields (and those of a
/// list's objects) also by their flattened names, into `out`; `visit` is called with each
/// name's bytes before it is made and may stop the walk.
pub fn value_fields<E>(
    fields: &Object,
    out: Option<&mut BTreeMap<String, String>>,
    visit: &mut dyn FnMut(usize) -> Result<(), E>,
) -> Result<(), E> {
    fn walk<E>(
        fields: &Object,
        path: &mut Path,
        depth: u8,
        out: &mut Option<&mut BTreeMap<String, String>>,
        visit: &mut dyn FnMut(usize) -> Result<(), E>,
    ) -> Result<(), E> {
        for (name, value) in fields {
            let back = path.push(name);
            visit(path.0.len())?;
            if let Some(out) = out.as_deref_mut() {
                if !out.contains_key(&path.0) {
                    out.insert(path.0.clone(), json_type(value).to_owned());
                }
            }
            if depth < MAX_DEPTH {
                match value {
                    Value::Object(nested) => walk(nested, path, depth + 1, out, visit)?,
                    Value::List(items) => {
                        for item in items.iter() {
                            if let Value::Object(nested) = item {
                                walk(nested, path, depth + 1, out, visit)?;
                            }
                        }
                    }
                    _ => {}
                }
            }
            path.0.truncate(back);
        }
        Ok(())
    }
    let mut out = out;
    walk(fields, &mut Path(String::new()), 0, &mut out, visit)
}

/// The JSON type of an output value, as a data action contract names it.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::NotSet => "any",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Dec(_) => "number",
        Value::List(_) => "array",
        Value::Object(_) => "object",
        _ => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A schema nested `depth` deep: at each level `width` leaves beside a property named by
    /// `long` bytes that holds the next level.
    fn hostile(depth: usize, width: usize, long: usize) -> J {
        let leaves = || -> serde_json::Map<String, J> {
            (0..width).map(|i| (format!("f{i}"), json!({"type": "string"}))).collect()
        };
        let mut inner = json!({"type": "object", "properties": leaves()});
        for level in 0..depth {
            let mut props = leaves();
            props.insert(format!("l{level}{}", "x".repeat(long)), inner);
            inner = json!({"type": "object", "properties": props});
        }
        inner
    }

    #[test]
    fn names_under_a_long_name_are_charged_and_refused_past_the_budget() {
        let schema = hostile(8, 200, 10_000);
        let mut budget = NameBudget::new(1 << 20);
        let e = schema_fields(&schema, "Deep", &mut budget).unwrap_err();
        assert_eq!(e, TooManyFieldNames { action: "Deep".into(), limit: 1 << 20 });
        assert!(budget.spent() <= 1 << 20, "nothing past the limit is made");
        assert!(e.to_string().contains("pass 1048576 bytes at data action `Deep`"), "{e}");
    }

    #[test]
    fn the_budget_is_shared_by_every_contract_of_a_manifest() {
        let schema = hostile(2, 10, 10);
        let mut alone = NameBudget::default();
        schema_fields(&schema, "A", &mut alone).unwrap();
        let one = alone.spent();
        let mut shared = NameBudget::new(one * 2);
        schema_fields(&schema, "A", &mut shared).unwrap();
        schema_fields(&schema, "B", &mut shared).unwrap();
        assert_eq!(schema_fields(&schema, "C", &mut shared).unwrap_err().action, "C");
    }

    #[test]
    fn what_is_charged_is_the_bytes_of_the_names_made() {
        let schema = json!({"properties": {"ab": {"properties": {"c": {}}}, "d": {}}});
        let mut budget = NameBudget::default();
        let fields = schema_fields(&schema, "A", &mut budget).unwrap().unwrap();
        let made: usize = fields.keys().map(String::len).sum();
        assert_eq!((made, budget.spent()), (2 + 4 + 1, 7), "{fields:?}");
    }

    #[test]
    fn nesting_past_eight_levels_is_not_named() {
        let mut schema = json!({"type": "string"});
        for _ in 0..20 {
            schema = json!({"type": "object", "properties": {"a": schema}});
        }
        let fields = schema_fields(&schema, "A", &mut NameBudget::default()).unwrap().unwrap();
        assert_eq!(fields.keys().map(String::len).max(), Some("a.a.a.a.a.a.a.a.a".len()));
    }
}
