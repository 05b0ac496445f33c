//! The line each scenario of a file starts on (its `name:`), found in one pass over the text:
//! for `flowsim test --list --format json` and whatever else places a whole scenario.
//!
//! Invariant: linear in the text and the number of scenarios (every line is read once; each
//! scenario takes the first line naming it after the previous scenario's).

use super::Scenario;
use crate::util::Cut;
use std::collections::HashMap;

/// Each scenario's line (1-based), in the order of `scenarios`; `None` where the text does not
/// show its name plainly on one line. One case of a parametrised scenario is placed on its
/// case.
pub fn lines(text: &str, scenarios: &[Scenario]) -> Vec<Option<usize>> {
    // Every name written on a line, with the lines it is written on, in order.
    let mut named: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        for value in names_on(line) {
            named.entry(value).or_default().push(i + 1);
        }
    }
    let mut after = 0usize;
    scenarios
        .iter()
        .map(|s| {
            if let Some(case) = &s.case {
                return case.line;
            }
            let found = named
                .get(s.name.as_str())
                .and_then(|at| at.get(at.partition_point(|&l| l <= after)).copied());
            if let Some(l) = found {
                after = l;
            }
            found
        })
        .collect()
}

/// The values of the `name:` keys on one line: `name: x` (block), `{name: x, ...}` (flow),
/// `"name": "x"` (JSON), quoted or not.
fn names_on(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut offset = 0;
    while let Some(at) = rest.find("name") {
        let start = offset + at;
        let before = line.cut(..start).trim_end_matches(['"', '\'']).trim_end();
        let after = line.cut(start + 4..).trim_start_matches(['"', '\'']);
        let key_ok = before.is_empty() || before.ends_with(['-', '{', ',']);
        if let (true, Some(value)) = (key_ok, after.strip_prefix(':')) {
            let flow = before.ends_with(['{', ',']);
            out.push(scalar(value.trim(), flow));
        }
        offset = start + 4;
        rest = line.cut(offset..);
    }
    out
}

/// A scalar's text as written at the start of `value`: quoted, or plain up to the end of the
/// line (in flow style, up to `,` or `}`).
fn scalar(value: &str, flow: bool) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q) {
            return inner.find(q).map_or(inner, |end| inner.cut(..end));
        }
    }
    let end = if flow { value.find([',', '}']).unwrap_or(value.len()) } else { value.len() };
    let plain = value.cut(..end);
    // A comment ends a plain scalar.
    plain.find(" #").map_or(plain, |c| plain.cut(..c)).trim()
}

#[cfg(test)]
mod tests {
    use super::super::ScenarioFile;
    use super::*;
    use std::path::Path;

    #[test]
    fn each_scenario_is_placed_on_its_name() {
        let text = "scenarios:\n  - name: a\n    flow: F\n  - {name: b, flow: F}\n  - flow: F\n    name: 'c, d'\n  - name: a b # the second\n    flow: F\n";
        let f = ScenarioFile::parse(Path::new("x.scenarios.yaml"), text).unwrap();
        assert_eq!(lines(text, &f.scenarios), [Some(2), Some(4), Some(6), Some(7)]);
        let json = "{\"scenarios\": [\n  {\"name\": \"a\", \"flow\": \"F\"},\n  {\"flow\": \"F\", \"name\": \"b\"}\n]}\n";
        let f = ScenarioFile::parse(Path::new("x.scenarios.json"), json).unwrap();
        assert_eq!(lines(json, &f.scenarios), [Some(2), Some(3)]);
    }

    #[test]
    fn a_name_written_twice_is_placed_where_its_scenario_is() {
        // `b`'s expectation names a node `a` first; each scenario takes the next line naming it.
        let text = "scenarios:\n  - name: b\n    flow: F\n    expect: {visits: [a]}\n  - name: a\n    flow: F\n";
        let f = ScenarioFile::parse(Path::new("x.scenarios.yaml"), text).unwrap();
        assert_eq!(lines(text, &f.scenarios), [Some(2), Some(5)]);
    }
}
