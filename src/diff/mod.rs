//! What changed between two versions of the same flows (`flowsim diff`, docs/diff.md).
//!
//! Three views, each in flow terms:
//! - **structure** ([`compare`]): flows, variables, error handling and actions added, removed,
//!   renamed or changed (a property, where an output goes, where the outputs fall through to).
//!   Actions are matched by container and name, so an export's new GUIDs and a new order of
//!   actions are no change.
//! - **semantic hash** ([`canon::FlowCanon::hash`]): the same behaviour gives the same hash, so
//!   "nothing to republish" is a comparison of two hashes.
//! - **behaviour** ([`behaviour`]): the same inputs run through both versions; every input whose
//!   path, prompts, data written or outcome changed, with the first step where they part.
//!
//! Cost: one canonical walk per flow (linear in actions and outputs), a hash-map match of
//! actions by key, and two runs per input under the runs' own budgets.

pub mod behaviour;
pub mod canon;

use crate::flow::Registry;
use canon::{ActionCanon, ContainerCanon, FlowCanon};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// How two versions of a set of flows differ.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// One entry per flow of either version, in the new version's order, then removed flows.
    pub flows: Vec<FlowDiff>,
}

impl Report {
    /// Whether any flow's behaviour may differ (a flow added or removed, or a hash changed).
    pub fn behaviour_may_differ(&self) -> bool {
        self.flows.iter().any(|f| f.old_hash != f.new_hash)
    }
}

/// One flow, in both versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowDiff {
    pub name: String,
    #[serde(rename = "type")]
    pub flow_type: String,
    /// The semantic hashes (16 hex digits); `None` where the flow is absent.
    #[serde(serialize_with = "ser_hash", deserialize_with = "de_hash")]
    pub old_hash: Option<u64>,
    #[serde(serialize_with = "ser_hash", deserialize_with = "de_hash")]
    pub new_hash: Option<u64>,
    pub status: FlowStatus,
    pub changes: Vec<Change>,
}

#[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)]
fn ser_hash<S: serde::Serializer>(h: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
    match h {
        Some(h) => s.serialize_str(&canon::hash_hex(*h)),
        None => s.serialize_none(),
    }
}

/// A hash as [`ser_hash`] writes it (a report read back by `flowsim merge`).
fn de_hash<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    text.map(|t| {
        u64::from_str_radix(&t, 16)
            .map_err(|_| serde::de::Error::custom(format!("`{t}` is not a semantic hash")))
    })
    .transpose()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FlowStatus {
    Added,
    Removed,
    /// Something a reader sees changed, and the behaviour too (the hashes differ).
    Changed,
    /// Only names, ids or layout changed: the hashes are equal.
    Renamed,
    Same,
}

impl FlowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FlowStatus::Added => "added",
            FlowStatus::Removed => "removed",
            FlowStatus::Changed => "changed",
            FlowStatus::Renamed => "same behaviour",
            FlowStatus::Same => "unchanged",
        }
    }
}

/// One change inside a flow, in flow terms. `old`/`new` are `None` where the thing is absent
/// from that version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "camelCase")]
pub enum Change {
    /// A declared variable, the error handling, the flow type, settings.
    Setting { what: String, old: Option<String>, new: Option<String> },
    /// An action only the new version has.
    ActionAdded { action: String, kind: String, line: u32 },
    /// An action only the old version has.
    ActionRemoved { action: String, kind: String, line: u32 },
    /// The same action (type, properties and outputs) under another name.
    ActionRenamed { old: String, new: String, kind: String },
    /// The same place, another action type.
    TypeChanged { action: String, old: String, new: String },
    /// A property given, removed or changed.
    Property { action: String, property: String, old: Option<String>, new: Option<String> },
    /// An output that goes elsewhere (`—`: it falls through), appears or disappears.
    Output { action: String, output: String, old: Option<String>, new: Option<String> },
    /// Where the action's outputs fall through to.
    Next { action: String, old: String, new: String },
}

/// Compares every flow of `old` with the flow of the same name (any case) and type in `new`
/// (flows of different types may share a name).
pub fn compare(old: &Registry, new: &Registry) -> Report {
    let olds: Vec<FlowCanon> = old.flows().iter().map(canon::canon).collect();
    let news: Vec<FlowCanon> = new.flows().iter().map(canon::canon).collect();
    let mut matched = vec![false; olds.len()];
    let mut flows = Vec::new();
    for (n, nf) in news.iter().zip(new.flows()) {
        match old.find_by_name(&nf.name, &nf.flow_type).map(|i| i as usize) {
            Some(i) => {
                matched[i] = true;
                flows.push(flow_diff(&olds[i], n));
            }
            None => flows.push(FlowDiff {
                name: n.name.clone(),
                flow_type: n.flow_type.clone(),
                old_hash: None,
                new_hash: Some(n.hash),
                status: FlowStatus::Added,
                changes: Vec::new(),
            }),
        }
    }
    for (i, o) in olds.iter().enumerate().filter(|(i, _)| !matched[*i]) {
        let _ = i;
        flows.push(FlowDiff {
            name: o.name.clone(),
            flow_type: o.flow_type.clone(),
            old_hash: Some(o.hash),
            new_hash: None,
            status: FlowStatus::Removed,
            changes: Vec::new(),
        });
    }
    Report { flows }
}

fn flow_diff(old: &FlowCanon, new: &FlowCanon) -> FlowDiff {
    let mut changes = Vec::new();
    if old.flow_type != new.flow_type {
        changes.push(Change::Setting {
            what: "flow type".into(),
            old: Some(old.flow_type.clone()),
            new: Some(new.flow_type.clone()),
        });
    }
    pairs(&old.header, &new.header, |what, o, n| {
        changes.push(Change::Setting { what: what.to_string(), old: o, new: n });
    });

    containers(old, new, &mut changes);

    let old_by_key: FxHashMap<String, usize> =
        old.actions.iter().enumerate().map(|(i, a)| (a.key.to_lowercase(), i)).collect();
    let mut old_seen = vec![false; old.actions.len()];
    let mut added: Vec<&ActionCanon> = Vec::new();
    for a in &new.actions {
        let Some(&i) = old_by_key.get(&a.key.to_lowercase()) else {
            added.push(a);
            continue;
        };
        old_seen[i] = true;
        action_changes(&old.actions[i], a, &mut changes);
    }
    let removed: Vec<&ActionCanon> =
        old.actions.iter().enumerate().filter(|(i, _)| !old_seen[*i]).map(|(_, a)| a).collect();

    // A removed and an added action of the same type and properties: a rename.
    // Indexed by type and properties, so pairing is linear.
    let shape = |a: &ActionCanon| format!("{}|{:?}|{}", a.kind, a.props, a.exits.len());
    let mut twins: FxHashMap<String, std::collections::VecDeque<usize>> = FxHashMap::default();
    for (j, r) in removed.iter().enumerate() {
        twins.entry(shape(r)).or_default().push_back(j);
    }
    let mut removed_used = vec![false; removed.len()];
    for a in added {
        match twins.get_mut(&shape(a)).and_then(std::collections::VecDeque::pop_front) {
            Some(j) => {
                removed_used[j] = true;
                changes.push(Change::ActionRenamed {
                    old: removed[j].key.clone(),
                    new: a.key.clone(),
                    kind: a.kind.to_string(),
                });
            }
            None => changes.push(Change::ActionAdded {
                action: a.key.clone(),
                kind: a.kind.to_string(),
                line: a.line,
            }),
        }
    }
    for (j, r) in removed.iter().enumerate().filter(|(j, _)| !removed_used[*j]) {
        let _ = j;
        changes.push(Change::ActionRemoved {
            action: r.key.clone(),
            kind: r.kind.to_string(),
            line: r.line,
        });
    }

    let status = if old.hash != new.hash {
        // The hash reads only what the change list shows (docs/diff.md), so a change of hash
        // always has its reason listed.
        debug_assert!(
            !changes.is_empty(),
            "{}: the hash changed and no change shows why",
            new.name
        );
        FlowStatus::Changed
    } else if changes.is_empty() && old.name == new.name {
        FlowStatus::Same
    } else {
        FlowStatus::Renamed
    };
    FlowDiff {
        name: new.name.clone(),
        flow_type: new.flow_type.clone(),
        old_hash: Some(old.hash),
        new_hash: Some(new.hash),
        status,
        changes,
    }
}

/// The menus, tasks and states of both versions, paired by kind and name (any case): for a pair,
/// each fact that differs (`State Check Agents variable State.available`); one only a version
/// has, as itself (its actions are listed on their own).
fn containers(old: &FlowCanon, new: &FlowCanon, changes: &mut Vec<Change>) {
    let old_by_label: FxHashMap<String, usize> =
        old.containers.iter().enumerate().map(|(i, c)| (c.label.to_lowercase(), i)).collect();
    let mut old_seen = vec![false; old.containers.len()];
    let kind = |c: &ContainerCanon| c.facts.first().map(|(_, k)| k.clone());
    for c in &new.containers {
        let Some(&i) = old_by_label.get(&c.label.to_lowercase()) else {
            changes.push(Change::Setting { what: c.label.clone(), old: None, new: kind(c) });
            continue;
        };
        old_seen[i] = true;
        pairs(&old.containers[i].facts, &c.facts, |what, o, n| {
            changes.push(Change::Setting { what: format!("{} {what}", c.label), old: o, new: n });
        });
    }
    for (c, _) in old.containers.iter().zip(&old_seen).filter(|(_, seen)| !**seen) {
        changes.push(Change::Setting { what: c.label.clone(), old: kind(c), new: None });
    }
}

fn action_changes(old: &ActionCanon, new: &ActionCanon, out: &mut Vec<Change>) {
    let action = new.key.clone();
    if old.kind != new.kind {
        out.push(Change::TypeChanged {
            action,
            old: old.kind.to_string(),
            new: new.kind.to_string(),
        });
        return;
    }
    pairs(&old.props, &new.props, |property, o, n| {
        out.push(Change::Property {
            action: action.clone(),
            property: property.to_string(),
            old: o,
            new: n,
        });
    });
    pairs(&old.exits, &new.exits, |output, o, n| {
        out.push(Change::Output {
            action: action.clone(),
            output: output.to_string(),
            old: o,
            new: n,
        });
    });
    if old.next != new.next {
        out.push(Change::Next { action, old: old.next.clone(), new: new.next.clone() });
    }
}

/// Calls `f` for every name whose value differs between two name/value lists (names compared
/// in any case), in the new list's order, then names only the old one has. Linear: both lists
/// are indexed once.
fn pairs(
    old: &[(String, String)],
    new: &[(String, String)],
    mut f: impl FnMut(&str, Option<String>, Option<String>),
) {
    let index = |list: &[(String, String)]| -> FxHashMap<String, usize> {
        list.iter().enumerate().map(|(i, (k, _))| (k.to_lowercase(), i)).collect()
    };
    let (old_index, new_index) = (index(old), index(new));
    for (k, v) in new {
        match old_index.get(&k.to_lowercase()).map(|&i| &old[i].1) {
            Some(o) if o == v => {}
            o => f(k, o.cloned(), Some(v.clone())),
        }
    }
    for (k, v) in old {
        if !new_index.contains_key(&k.to_lowercase()) {
            f(k, Some(v.clone()), None);
        }
    }
}
