//! Field-level comparison of a recorded simulation response with the local one.
//!
//! What is compared (docs/results.md fields; a field the recording lacks is not compared, so a cloud
//! that reports less is not a divergence):
//! - the HTTP status; when either side is not 2xx, nothing else;
//! - the run's `status` (case-insensitively: the cloud may write `COMPLETED`);
//! - the trace, step by step: `nodeId` and `nodeType` first (the path); while they agree, each
//!   step's `error.kind` and its `result`: `contact` (found or not, and its `id`), `digits`,
//!   `outcome`, `queueId`, `status`; at the first step whose node differs, the trace stops;
//! - `variables` present in the recording (each one; numbers compare by value);
//! - `route.queueId` and `error.kind`, when the recording has `route` / `error`.

use super::FieldDiff;
use serde_json::Value;

/// The result keys compared when the recording has them.
const RESULT_KEYS: [&str; 4] = ["digits", "outcome", "queueId", "status"];

/// How a step differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StepDiff {
    /// Another node ran (or one side's trace ended): the path diverges.
    Node,
    /// The same node, with another result or error.
    Result,
}

/// Differences, and the first step that differs (0-based) and how.
#[derive(Debug, Default)]
pub(super) struct Compared {
    pub diffs: Vec<FieldDiff>,
    pub first_step: Option<(usize, StepDiff)>,
}

impl Compared {
    fn push(&mut self, segments: &[&str], recorded: Option<&Value>, local: Option<&Value>) {
        let segments: Vec<String> = segments.iter().map(|s| (*s).to_owned()).collect();
        self.diffs.push(FieldDiff::new(segments, recorded.cloned(), local.cloned()));
    }

    fn step(&mut self, index: usize, how: StepDiff) {
        if self.first_step.is_none() {
            self.first_step = Some((index, how));
        }
    }
}

/// Why a recorded response cannot be compared, if it cannot: a status that is not HTTP's, or a
/// 2xx body that is not a run result (docs/results.md) — an object with a text `status`, a `trace`
/// (when present) of steps that are objects naming their `nodeId`, `variables` an object,
/// `route` and `error` objects or `null`. Without this, a body of `"garbage"`, `null`, `[]`,
/// `5` or `{"trace": "x"}` would compare nothing and so "match".
pub(super) fn check_recorded(status: u16, body: &Value) -> Result<(), String> {
    if !(100..=599).contains(&status) {
        return Err(format!("response.status {status} is not an HTTP status (100 to 599)"));
    }
    if !(200..300).contains(&status) {
        // Only the status is compared.
        return Ok(());
    }
    let what = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    let Some(obj) = body.as_object() else {
        return Err(format!(
            "response.body is {}, not a run result (`flowsim docs results`: an object with `status` and `trace`)",
            what(body)
        ));
    };
    match obj.get("status") {
        Some(Value::String(_)) => {}
        None => {
            return Err(
                "response.body has no `status`: it is not a run result (`flowsim docs results`)"
                    .into(),
            )
        }
        Some(v) => return Err(format!("response.body.status is {}, not a text", what(v))),
    }
    if let Some(trace) = obj.get("trace") {
        let Some(steps) = trace.as_array() else {
            return Err(format!("response.body.trace is {}, not a list of steps", what(trace)));
        };
        for (i, step) in steps.iter().enumerate() {
            let Some(step) = step.as_object() else {
                return Err(format!("response.body.trace[{i}] is {}, not a step", what(step)));
            };
            if !step.get("nodeId").is_some_and(Value::is_string) {
                return Err(format!("response.body.trace[{i}] has no text `nodeId`"));
            }
            for key in ["result", "error"] {
                if let Some(v) = step.get(key).filter(|v| !v.is_null() && !v.is_object()) {
                    return Err(format!(
                        "response.body.trace[{i}].{key} is {}, not an object",
                        what(v)
                    ));
                }
            }
        }
    }
    if let Some(v) = obj.get("variables").filter(|v| !v.is_object()) {
        return Err(format!("response.body.variables is {}, not an object", what(v)));
    }
    for key in ["route", "error"] {
        if let Some(v) = obj.get(key).filter(|v| !v.is_null() && !v.is_object()) {
            return Err(format!("response.body.{key} is {}, not an object or null", what(v)));
        }
    }
    Ok(())
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn same_opt(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// `{"nodeId", "nodeType"}` of a step, for a diff where one trace has ended.
fn step_summary(step: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for k in ["flowName", "nodeId", "nodeType"] {
        if let Some(v) = step.get(k) {
            m.insert(k.to_owned(), v.clone());
        }
    }
    Value::Object(m)
}

/// A field that is absent and a field that is `null` mean the same here.
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Compares a recorded response (after `map` and `ignore`) with the local one.
pub(super) fn compare(
    recorded_status: u16,
    recorded: &Value,
    local_status: u16,
    local: &Value,
) -> Compared {
    let mut out = Compared::default();
    if recorded_status != local_status {
        out.push(
            &["status"],
            Some(&Value::from(recorded_status)),
            Some(&Value::from(local_status)),
        );
    }
    if !(200..300).contains(&recorded_status) || !(200..300).contains(&local_status) {
        return out;
    }
    if let Some(status) = recorded.get("status") {
        let local_status = local.get("status");
        let equal = match (status.as_str(), local_status.and_then(Value::as_str)) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => same_opt(Some(status), local_status),
        };
        if !equal {
            out.push(&["body", "status"], Some(status), local_status);
        }
    }
    if let Some(trace) = recorded.get("trace").and_then(Value::as_array) {
        let empty = Vec::new();
        let local_trace = local.get("trace").and_then(Value::as_array).unwrap_or(&empty);
        compare_trace(trace, local_trace, &mut out);
    }
    if let Some(vars) = recorded.get("variables").and_then(Value::as_object) {
        let local_vars = local.get("variables");
        for (name, value) in vars {
            let mine = local_vars.and_then(|v| v.get(name));
            if !same_opt(Some(value), mine) {
                out.push(&["body", "variables", name], Some(value), mine);
            }
        }
    }
    for (key, field) in [("route", "queueId"), ("error", "kind")] {
        if let Some(rec) = recorded.get(key) {
            let mine = local.get(key);
            match (present(Some(rec)), present(mine)) {
                (None, None) => {}
                (Some(r), Some(l)) => {
                    if !same_opt(r.get(field), l.get(field)) {
                        out.push(&["body", key, field], r.get(field), l.get(field));
                    }
                }
                (r, l) => out.push(
                    &["body", key],
                    Some(r.unwrap_or(&Value::Null)),
                    Some(l.unwrap_or(&Value::Null)),
                ),
            }
        }
    }
    out
}

fn compare_trace(recorded: &[Value], local: &[Value], out: &mut Compared) {
    for i in 0..recorded.len().max(local.len()) {
        let n = i.to_string();
        match (recorded.get(i), local.get(i)) {
            (Some(r), Some(l)) => {
                let mut node_differs = false;
                for key in ["nodeId", "nodeType"] {
                    if let Some(rv) = r.get(key) {
                        if !same_opt(Some(rv), l.get(key)) {
                            out.push(&["body", "trace", &n, key], Some(rv), l.get(key));
                            node_differs = true;
                        }
                    }
                }
                if node_differs {
                    out.step(i, StepDiff::Node);
                    return;
                }
                if compare_step(&n, r, l, out) {
                    out.step(i, StepDiff::Result);
                }
            }
            (Some(r), None) => {
                out.push(&["body", "trace", &n], Some(&step_summary(r)), None);
                out.step(i, StepDiff::Node);
                return;
            }
            (None, Some(l)) => {
                out.push(&["body", "trace", &n], None, Some(&step_summary(l)));
                out.step(i, StepDiff::Node);
                return;
            }
            (None, None) => return,
        }
    }
}

/// Compares the result and error of two steps of the same node; true when they differ.
fn compare_step(n: &str, r: &Value, l: &Value, out: &mut Compared) -> bool {
    let before = out.diffs.len();
    if let Some(rr) = r.get("result") {
        compare_result(n, rr, l.get("result"), out);
    }
    let kind = |s: &Value| s.get("error").and_then(|e| e.get("kind")).cloned();
    let (rk, lk) = (kind(r), kind(l));
    if !same_opt(rk.as_ref(), lk.as_ref()) {
        let null = Value::Null;
        out.push(
            &["body", "trace", n, "error", "kind"],
            Some(rk.as_ref().unwrap_or(&null)),
            Some(lk.as_ref().unwrap_or(&null)),
        );
    }
    out.diffs.len() > before
}

/// Compares the result fields the recording has (see the module doc).
fn compare_result(n: &str, rr: &Value, lr: Option<&Value>, out: &mut Compared) {
    if let Some(contact) = rr.get("contact") {
        let mine = lr.and_then(|x| x.get("contact"));
        match (present(Some(contact)), present(mine)) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                if let Some(id) = a.get("id") {
                    if !same_opt(Some(id), b.get("id")) {
                        out.push(
                            &["body", "trace", n, "result", "contact", "id"],
                            Some(id),
                            b.get("id"),
                        );
                    }
                }
            }
            (a, b) => {
                let found = |c: Option<&Value>| {
                    c.map_or(Value::Null, |c| {
                        c.get("id").map_or_else(|| c.clone(), |id| serde_json::json!({ "id": id }))
                    })
                };
                out.push(
                    &["body", "trace", n, "result", "contact"],
                    Some(&found(a)),
                    Some(&found(b)),
                );
            }
        }
    }
    for key in RESULT_KEYS {
        if let Some(value) = rr.get(key) {
            let mine = lr.and_then(|x| x.get(key));
            if !same_opt(Some(value), mine) {
                out.push(&["body", "trace", n, "result", key], Some(value), mine);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(c: &Compared) -> Vec<String> {
        c.diffs.iter().map(|d| d.path.clone()).collect()
    }

    #[allow(clippy::needless_pass_by_value)] // reads best with json! literals
    fn step(id: &str, ty: &str, result: Value) -> Value {
        json!({"nodeId": id, "nodeType": ty, "result": result})
    }

    #[test]
    fn equal_runs_have_no_differences() {
        let body = json!({"status": "completed", "trace": [step("A", "Say", json!({"text": "hi"}))],
                          "variables": {"x": 1}, "route": null, "error": null});
        let mut local = body.clone();
        local["status"] = json!("completed");
        local["variables"] = json!({"x": 1.0, "y": 2});
        let c = compare(
            200,
            &json!({"status": "COMPLETED", "trace": body["trace"], "variables": {"x": 1}}),
            200,
            &local,
        );
        assert!(c.diffs.is_empty(), "{:?}", c.diffs);
        assert_eq!(c.first_step, None);
    }

    #[test]
    fn the_path_stops_at_the_first_other_node() {
        let rec = json!({"trace": [step("A", "If", json!({})), step("B", "Say", json!({})), step("C", "End", json!({}))]});
        let loc = json!({"trace": [step("A", "If", json!({})), step("X", "Say", json!({})), step("C", "End", json!({}))]});
        let c = compare(200, &rec, 200, &loc);
        assert_eq!(paths(&c), ["/response/body/trace/1/nodeId"]);
        assert_eq!(c.first_step, Some((1, StepDiff::Node)));
        let short = json!({"trace": [step("A", "If", json!({}))]});
        let c = compare(200, &rec, 200, &short);
        assert_eq!(paths(&c), ["/response/body/trace/1"]);
        assert_eq!(c.diffs[0].local, None);
    }

    #[test]
    fn results_compare_contact_digits_and_error_kind() {
        let rec = json!({"trace": [
            step("L", "GetExternalContactAction", json!({"contact": {"id": "c-ann", "name": "Ann"}})),
            step("G", "Gather", json!({"digits": "1"})),
            {"nodeId": "S", "nodeType": "Say", "result": {}, "error": {"kind": "notSet"}},
            step("M", "GetExternalContactAction", json!({"contact": null})),
        ]});
        let loc = json!({"trace": [
            step("L", "GetExternalContactAction", json!({"contact": {"id": "c-bob", "name": "Bob"}, "matchCount": 1})),
            step("G", "Gather", json!({"digits": null})),
            step("S", "Say", json!({})),
            step("M", "GetExternalContactAction", json!({"contact": {"id": "c-x"}})),
        ]});
        let c = compare(200, &rec, 200, &loc);
        assert_eq!(
            paths(&c),
            [
                "/response/body/trace/0/result/contact/id",
                "/response/body/trace/1/result/digits",
                "/response/body/trace/2/error/kind",
                "/response/body/trace/3/result/contact",
            ]
        );
        assert_eq!(c.first_step, Some((0, StepDiff::Result)));
        assert_eq!(c.diffs[3].local, Some(json!({"id": "c-x"})));
        assert_eq!(c.diffs[2].local, Some(Value::Null));
    }

    #[test]
    fn statuses_variables_route_and_error() {
        let c = compare(400, &json!({"message": "bad"}), 200, &json!({"status": "completed"}));
        assert_eq!(paths(&c), ["/response/status"]);
        let c = compare(400, &json!({"message": "bad"}), 400, &json!({"message": "other"}));
        assert!(c.diffs.is_empty());
        let rec = json!({"status": "failed", "variables": {"a/b": "1", "n": 2}, "route": {"queueId": "q1"}, "error": null});
        let loc = json!({"status": "completed", "variables": {"n": 3}, "route": {"queueId": "q2"}, "error": {"kind": "x"}});
        let c = compare(200, &rec, 200, &loc);
        assert_eq!(
            paths(&c),
            [
                "/response/body/status",
                "/response/body/variables/a~1b",
                "/response/body/variables/n",
                "/response/body/route/queueId",
                "/response/body/error",
            ]
        );
        assert_eq!(c.diffs[1].segments[2], "a/b");
        assert_eq!(c.diffs[1].local, None);
    }
}
