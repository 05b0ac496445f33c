//! What a flow's own text says about the types of its names, for the static checker: the
//! variables its Set nodes assign (with the type the Set declares, or the type of the
//! expression it assigns) and the outputs of its nodes (`Menu.digits` is a String).
//!
//! Only certain types are declared: a variable assigned two different types is unknown, and so
//! is everything the flow does not assign itself (a request's preset variables, another flow's
//! variables, a data action's outputs).

use crate::expr::types::Base;
use crate::expr::{self, Declarations, Ty};
use serde_json::{Map, Value as J};

/// The types a graph's nodes declare (`nodes`: node id → node, as in the file).
pub fn declarations(nodes: &Map<String, J>) -> Declarations {
    let mut d = Declarations::default();
    for (id, node) in nodes {
        let ty = node.get("type").and_then(J::as_str).unwrap_or_default();
        for (field, t) in outputs(ty) {
            d.declare(&format!("{id}.{field}"), *t);
        }
    }
    // Set nodes in file order; an expression sees the declarations made before it.
    for node in nodes.values() {
        let is_set =
            node.get("type").and_then(J::as_str).is_some_and(|t| t.eq_ignore_ascii_case("set"));
        let vars = node.get("properties").and_then(|p| p.get("setVars")).and_then(J::as_array);
        let (true, Some(vars)) = (is_set, vars) else { continue };
        for var in vars {
            let key = var.get("key").and_then(J::as_str).filter(|k| !k.trim().is_empty());
            let value = var.get("value");
            let (Some(key), Some(value)) = (key, value) else { continue };
            let kind = value.get("type").and_then(J::as_str).unwrap_or("string");
            let ty = match kind.to_ascii_lowercase().as_str() {
                "string" => Ty::STRING,
                "integer" => Ty::INTEGER,
                "decimal" => Ty::DECIMAL,
                "boolean" => Ty::BOOLEAN,
                "expression" => match value.get("value") {
                    Some(J::String(text)) => expr::parse(text)
                        .ok()
                        .and_then(|e| expr::infer(&e, &d).ok())
                        .unwrap_or(Ty::UNKNOWN),
                    _ => Ty::UNKNOWN,
                },
                _ => Ty::UNKNOWN,
            };
            d.declare(key, ty);
        }
    }
    d
}

/// The typed outputs of a node type (the engine's `Output`): those whose type is certain.
fn outputs(node_type: &str) -> &'static [(&'static str, Ty)] {
    const GATHER: &[(&str, Ty)] = &[("digits", Ty::STRING)];
    const ROUTE: &[(&str, Ty)] = &[("queueId", Ty::STRING), ("queueName", Ty::STRING)];
    const CONTACT: &[(&str, Ty)] = &[("found", Ty::BOOLEAN), ("matchCount", Ty::INTEGER)];
    const METRICS: &[(&str, Ty)] = &[
        ("availableAgents", Ty::INTEGER),
        ("onQueueAgents", Ty::INTEGER),
        ("waiting", Ty::INTEGER),
        ("occupancy", Ty::DECIMAL),
    ];
    const DATA_ACTION: &[(&str, Ty)] = &[("status", Ty::STRING)];
    match node_type.to_ascii_lowercase().as_str() {
        "gather" => GATHER,
        "route" => ROUTE,
        "getexternalcontactaction" => CONTACT,
        "queuemetrics" => METRICS,
        "dataaction" => DATA_ACTION,
        _ => &[],
    }
}

/// Whether `ty` can be an `If` condition: a Boolean, or not known.
pub fn is_condition(ty: Ty) -> bool {
    !ty.is_known() || ty.is(Base::Boolean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The loader reports certain type errors, with the text and the span for a caret.
    #[test]
    fn check_reports_type_errors_with_their_place() {
        let flow = json!({"name": "Typed", "draft": {"startNode": "Count", "nodes": {
            "Count": {"type": "Set", "properties": {"setVars": [
                {"key": "Flow.n", "value": {"type": "integer", "value": "1"}},
                {"key": "Flow.label", "value": {"type": "expression", "value": "\"a\" + 1"}}
            ]}, "onComplete": {"nextNode": "Check"}},
            "Check": {"type": "If", "properties": {
                "conditions": [
                    {"expression": "If(1, 2, 3) == 2", "nextNode": "Say"},
                    {"expression": "Flow.n + 1", "nextNode": "Say"},
                    {"expression": "Flow.n > 0 and IsSet(Flow.other)", "nextNode": "Say"}
                ],
                "defaultNextNode": "Say"}},
            "Say": {"type": "Say", "properties": {"sayText": "You have {Flow.n * \"x\"} items"},
                    "onComplete": {"nextNode": "End"}},
            "End": {"type": "End"}
        }}});
        let mut diags = Vec::new();
        let text = serde_json::to_string(&flow).unwrap();
        let loaded =
            crate::flow::json::load_flow(std::path::Path::new("typed.json"), &text, &mut diags);
        assert!(loaded.is_none());
        let got: Vec<(&str, &str, String, String)> = diags
            .iter()
            .map(|d| {
                let snippet = d.snippet.as_ref().expect("a caret");
                let at = &snippet.source[snippet.span.start as usize..snippet.span.end as usize];
                (
                    d.code.as_str(),
                    d.property.as_deref().unwrap_or(""),
                    d.message.clone(),
                    at.to_owned(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "typeMismatch",
                    "properties.setVars[1].value.value",
                    "`+` cannot take String and Integer".into(),
                    "\"a\" + 1".into()
                ),
                (
                    "typeMismatch",
                    "properties.conditions[0].expression",
                    "If: argument 1 must be Boolean, not Integer".into(),
                    "1".into()
                ),
                (
                    "typeMismatch",
                    "properties.conditions[1].expression",
                    "a condition must be Boolean, not Integer".into(),
                    "Flow.n + 1".into()
                ),
                (
                    "typeMismatch",
                    "properties.sayText",
                    "`*` cannot take Integer and String".into(),
                    "Flow.n * \"x\"".into()
                ),
            ]
        );
    }

    #[test]
    fn set_nodes_and_node_outputs_declare_types() {
        let nodes = json!({
            "Menu": {"type": "Gather"},
            "Count": {"type": "Set", "properties": {"setVars": [
                {"key": "Flow.n", "value": {"type": "integer", "value": "1"}},
                {"key": "Flow.label", "value": {"type": "string", "value": "x"}},
                {"key": "Flow.half", "value": {"type": "expression", "value": "Flow.n / 2"}},
                {"key": "Flow.mixed", "value": {"type": "integer", "value": "1"}},
                {"key": "Flow.mixed", "value": {"type": "string", "value": "1"}}
            ]}}
        });
        let d = declarations(nodes.as_object().unwrap());
        assert_eq!(d.get("menu.digits"), Some(Ty::STRING));
        assert_eq!(d.get("flow.n"), Some(Ty::INTEGER));
        assert_eq!(d.get("Flow.label"), Some(Ty::STRING));
        assert_eq!(d.get("flow.half"), Some(Ty::DECIMAL));
        assert_eq!(d.get("flow.mixed"), Some(Ty::UNKNOWN));
    }
}
