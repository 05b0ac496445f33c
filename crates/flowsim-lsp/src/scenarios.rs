//! Where the scenarios are in a YAML scenario file: each entry of the top-level `scenarios:`
//! list, its `name:` and its `flow:` (an index of places, as `outline` is for flows; the
//! harness reads the file, this module only points into it).
//!
//! Invariants: one pass over the lines, linear in the text; an entry is a `- ` item at the
//! list's own indent, its keys are at the item's key indent; a line the scanner does not
//! understand is skipped, never an error (a JSON scenario file has no entries here).

use crate::convert::Text;
use crate::outline;

/// A value written in the file: its text and its bytes in line `line` (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub value: String,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// One scenario of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line of its `- ` (0-based).
    pub line: usize,
    pub name: Option<Place>,
    pub flow: Option<Place>,
}

/// The scenarios of `text` in file order.
pub fn entries(text: &Text) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut in_list = false;
    // The indent of the list's `-`, and of an item's keys.
    let mut dash_indent: Option<usize> = None;
    let mut key_indent = 0;
    for i in 0..text.line_count() {
        let line = text.line(i);
        let Some(l) = outline::split(line).or_else(|| bare_dash(line)) else { continue };
        if l.indent == 0 && !l.dash {
            in_list = l.key == "scenarios";
            dash_indent = None;
            continue;
        }
        if !in_list {
            continue;
        }
        if l.dash && dash_indent.is_none_or(|d| d == l.indent) {
            dash_indent = Some(l.indent);
            key_indent = l.key_at;
            out.push(Entry { line: i, name: None, flow: None });
        } else if l.key_at != key_indent || l.dash {
            continue;
        }
        let Some(entry) = out.last_mut() else { continue };
        let place = || Place {
            value: l.value.to_owned(),
            line: i,
            start: l.value_at,
            end: l.value_at + l.value.len(),
        };
        match l.key {
            "name" if entry.name.is_none() && !l.value.is_empty() => entry.name = Some(place()),
            "flow" if entry.flow.is_none() && !l.value.is_empty() => entry.flow = Some(place()),
            _ => {}
        }
    }
    out
}

/// A lone `-` (an item whose keys start on the next line), as a line with no key.
fn bare_dash(line: &str) -> Option<outline::Line<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    (line.trim() == "-").then_some(outline::Line {
        indent,
        dash: true,
        key: "",
        key_at: indent + 2,
        value: "",
        value_at: line.len(),
    })
}

/// The scenario whose lines hold line `i`.
pub fn entry_at(entries: &[Entry], i: usize) -> Option<&Entry> {
    entries.iter().rev().find(|e| e.line <= i)
}

/// The file's top-level `flows:`: one path, an inline list or a block list of them.
pub fn flows(text: &Text) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    for i in 0..text.line_count() {
        let line = text.line(i);
        let Some(l) = outline::split(line) else {
            let item = line.trim_start().strip_prefix("- ");
            if let (true, Some(item)) = (in_block, item) {
                out.push(item.trim().trim_matches(|c| c == '"' || c == '\'').to_owned());
            }
            continue;
        };
        if l.indent == 0 && !l.dash {
            in_block = l.key == "flows" && l.value.is_empty();
            if l.key == "flows" && !l.value.is_empty() {
                let list = l.value.trim_start_matches('[').trim_end_matches(']');
                out.extend(
                    list.split(',')
                        .map(|f| f.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
                        .filter(|f| !f.is_empty()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(yaml: &str) -> Vec<(Option<String>, Option<String>)> {
        entries(&Text::new(yaml.to_owned()))
            .into_iter()
            .map(|e| (e.name.map(|p| p.value), e.flow.map(|p| p.value)))
            .collect()
    }

    #[test]
    fn each_item_of_the_scenarios_list_is_an_entry_with_its_name_and_flow() {
        let yaml = "flows: flows\nscenarios:\n  - name: first\n    flow: Main\n    expect:\n      path:\n        - name: not a scenario\n  -\n    flow: \"Other\"\n    name: second\nfixtures: x\n";
        assert_eq!(
            names(yaml),
            [
                (Some("first".into()), Some("Main".into())),
                (Some("second".into()), Some("Other".into()))
            ]
        );
    }

    #[test]
    fn the_flows_key_is_a_path_or_a_list_of_them() {
        let flows = |yaml: &str| super::flows(&Text::new(yaml.to_owned()));
        assert_eq!(flows("flows: ../flows\nscenarios: []\n"), ["../flows"]);
        assert_eq!(flows("flows: [a, \"b c\"]\n"), ["a", "b c"]);
        assert_eq!(flows("flows:\n  - a\n  - b\nscenarios:\n  - name: x\n"), ["a", "b"]);
    }

    #[test]
    fn a_file_without_a_scenarios_list_has_no_entries() {
        assert_eq!(names("{\"scenarios\": []}\n"), []);
        assert_eq!(names("flows: x\nname: y\n"), []);
    }
}
