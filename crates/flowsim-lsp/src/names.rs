//! Completion of names another file defines: in a flow, the queues, schedule groups, users,
//! data actions, data tables and prompts of the project's fixtures and org manifest where a
//! property takes one; in a scenario file, the known flows at `flow:`, the scenario's flow's
//! nodes in `path`, `visits` and `notVisits`, its variables under `variables:`.
//!
//! Invariants: the place is read from the line and the keys above it (one walk up the
//! document, linear in it); the names come from the [`Checker`](crate::Checker)'s org (the
//! fixtures and manifest `check` reads) or from the outlines of the known flows.

use crate::convert::Text;
use crate::lines;
use flowsim_project::fixtures::Org;
use flowsim_project::util::Cut;

/// What a place takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// An org object of this kind.
    Org(Org),
    /// A flow's name.
    Flow,
    /// A node of the scenario's flow.
    Node,
    /// A variable of the scenario's flow.
    Variable,
}

/// The place of a completion: what it takes, the byte where the name typed so far starts,
/// and whether the name is a key (written with its colon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub slot: Slot,
    pub start: usize,
    pub key: bool,
}

/// The keys of the blocks around line `i`, innermost first, for a line at `indent`.
fn ancestors(text: &Text, i: usize, mut indent: usize) -> Vec<&str> {
    let mut out = Vec::new();
    for j in (0..i).rev() {
        if indent == 0 {
            break;
        }
        let Some(l) = lines::split(text.line(j)) else { continue };
        if l.key_at < indent {
            out.push(l.key);
            indent = if l.dash { l.indent } else { l.key_at };
        }
    }
    out
}

/// The org kind a reference under key `key` (`targetQueue`, `scheduleGroup`) names.
fn org_of(key: &str) -> Option<Org> {
    let k = key.to_ascii_lowercase();
    let kinds = [
        ("emergencygroup", Org::EmergencyGroup),
        ("schedulegroup", Org::ScheduleGroup),
        ("schedule", Org::Schedule),
        ("queue", Org::Queue),
        ("wrapupcode", Org::WrapupCode),
        ("skill", Org::Skill),
        ("language", Org::Language),
        ("user", Org::User),
        ("group", Org::Group),
    ];
    kinds.iter().find(|(word, _)| k.contains(word)).map(|(_, o)| *o)
}

/// The place at byte `at` of line `i` of a flow, when it takes an org object's name.
pub fn in_flow(text: &Text, i: usize, at: usize) -> Option<Place> {
    let line = text.line(i);
    let indent = line.len() - line.trim_start_matches(' ').len();
    if let Some(l) = lines::split(line) {
        // `name: ` of a `lit:` under `targetQueue:` (and the like).
        if l.key == "name" && at >= l.value_at.min(line.len()) {
            let up = ancestors(text, i, l.key_at);
            if up.first() == Some(&"lit") {
                let slot = Slot::Org(up.get(1).and_then(|k| org_of(k))?);
                return Some(Place { slot, start: l.value_at.min(at), key: false });
            }
        }
        if at > l.key_at + l.key.len() {
            return None;
        }
    }
    // A key being typed under `dataAction:` or `dataTable:`.
    let slot = match *ancestors(text, i, indent.max(1)).first()? {
        "dataAction" => Slot::Org(Org::DataAction),
        "dataTable" => Slot::Org(Org::DataTable),
        _ => return None,
    };
    Some(Place { slot, start: indent.min(at), key: true })
}

/// The place at byte `at` of line `i` of a scenario file.
pub fn in_scenario(text: &Text, i: usize, at: usize) -> Option<Place> {
    let line = text.line(i);
    let indent = line.len() - line.trim_start_matches(' ').len();
    let split = lines::split(line);
    if let Some(l) = &split {
        if l.key == "flow" && at >= l.value_at.min(line.len()) {
            return Some(Place { slot: Slot::Flow, start: l.value_at.min(at), key: false });
        }
        if matches!(l.key, "path" | "visits" | "notVisits") && l.value.starts_with('[') {
            // An inline list: the item under the cursor starts after its `[` or `,`.
            let before = line.cut(..at.min(line.len()));
            let start = before.rfind(['[', ',']).map_or(at, |b| b + 1);
            let start =
                start + (line.cut(start..at).len() - line.cut(start..at).trim_start().len());
            return (at > l.value_at).then_some(Place { slot: Slot::Node, start, key: false });
        }
    }
    let up = ancestors(text, i, indent.max(1));
    let dash = line.trim_start().starts_with('-');
    match up.first().copied() {
        Some("path" | "visits" | "notVisits") if dash || line.trim().is_empty() => {
            let start = if dash { indent + 2 } else { indent };
            Some(Place { slot: Slot::Node, start: start.min(at), key: false })
        }
        Some("variables") if split.as_ref().is_none_or(|l| at <= l.key_at + l.key.len()) => {
            Some(Place { slot: Slot::Variable, start: indent.min(at), key: true })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow_place(yaml: &str) -> Option<Slot> {
        let at = yaml.find('|').unwrap();
        let text = Text::new(yaml.replace('|', ""));
        let line = yaml[..at].matches('\n').count();
        let col = at - yaml[..at].rfind('\n').map_or(0, |n| n + 1);
        in_flow(&text, line, col).map(|p| p.slot)
    }

    #[test]
    fn a_queue_a_data_action_and_a_data_table_are_named_where_the_flow_takes_them() {
        let queue = "inboundCall:\n  tasks:\n    - transferToAcd:\n        targetQueue:\n          lit:\n            name: Sup|\n";
        assert_eq!(flow_place(queue), Some(Slot::Org(Org::Queue)));
        let action = "x:\n  - callData:\n      category:\n        Acme:\n          dataAction:\n            Get|\n";
        assert_eq!(flow_place(action), Some(Slot::Org(Org::DataAction)));
        let table = "x:\n  - dataTableLookup:\n      dataTable:\n        |\n";
        assert_eq!(flow_place(table), Some(Slot::Org(Org::DataTable)));
        assert_eq!(flow_place("x:\n  name: Ma|in\n"), None);
    }
}
