//! The crosstab of one field against another over decision documents: pandas'
//! `crosstab(df[row], df[col])`, as the orchestration service renders it, counting runs or documents.

use super::Decision;
use serde_json::Value as J;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The label of a missing or `null` value.
pub const NONE_LABEL: &str = "(none)";
/// The most distinct rows or columns a crosstab keeps (the rest are merged into one
/// [`OTHER_LABEL`] row or column, so that a picture stays readable and bounded).
pub const MAX_LABELS: usize = 60;
/// The label of merged rows or columns.
pub const OTHER_LABEL: &str = "(other)";

/// What a cell counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Count {
    /// Distinct runs (`flowInstanceId`): a run counts once in a cell, however many of its
    /// decisions fall there; a decision whose row (or column) value is missing puts its run in
    /// the `(none)` row only when no other decision of the run has a value there.
    #[default]
    Runs,
    /// Documents, as pandas counts rows.
    Decisions,
}

/// Counts of (row value, column value) pairs. Labels are sorted (numbers by value, then text,
/// `(none)` and `(other)` last); `counts[r][c]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosstab {
    pub row_field: String,
    pub col_field: String,
    pub count: Count,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

type Pair = (Option<String>, Option<String>);

impl Crosstab {
    /// The crosstab of `row` against `col` over `docs` (fields by name; a dotted name such as
    /// `queue.waiting` reaches into objects when no field has that exact name).
    pub fn from_documents(docs: &[J], row: &str, col: &str, count: Count) -> Crosstab {
        let mut cells: BTreeMap<(Label, Label), u64> = BTreeMap::new();
        let mut add = |(r, c): Pair| {
            *cells.entry((Label::of(r), Label::of(c))).or_default() += 1;
        };
        match count {
            Count::Decisions => docs.iter().for_each(|d| add((field(d, row), field(d, col)))),
            Count::Runs => {
                // Runs in order of first appearance; a document without an id is a run alone.
                let mut runs: BTreeMap<String, BTreeSet<Pair>> = BTreeMap::new();
                for (i, d) in docs.iter().enumerate() {
                    let id = match d.get("flowInstanceId") {
                        Some(J::String(s)) => format!("i{s}"),
                        Some(J::Null) | None => format!("d{i}"),
                        Some(other) => format!("i{other}"),
                    };
                    runs.entry(id).or_default().insert((field(d, row), field(d, col)));
                }
                for pairs in runs.values() {
                    for p in pairs {
                        let subsumed = (p.0.is_none()
                            && pairs
                                .iter()
                                .any(|q| q.0.is_some() && (q.1 == p.1 || p.1.is_none())))
                            || (p.1.is_none() && pairs.iter().any(|q| q.1.is_some() && q.0 == p.0));
                        if !subsumed {
                            add(p.clone());
                        }
                    }
                }
            }
        }
        let keep = |labels: BTreeSet<&Label>| -> Vec<Label> {
            let mut v: Vec<Label> = labels.into_iter().cloned().collect();
            if v.len() > MAX_LABELS {
                v.truncate(MAX_LABELS - 1);
                v.push(Label::Other);
            }
            v
        };
        let rows = keep(cells.keys().map(|(r, _)| r).collect());
        let cols = keep(cells.keys().map(|(_, c)| c).collect());
        let place =
            |labels: &[Label], l: &Label| labels.binary_search(l).unwrap_or(labels.len() - 1);
        let mut counts = vec![vec![0; cols.len()]; rows.len()];
        for ((r, c), n) in &cells {
            counts[place(&rows, r)][place(&cols, c)] += n;
        }
        Crosstab {
            row_field: row.to_owned(),
            col_field: col.to_owned(),
            count,
            rows: rows.iter().map(Label::text).collect(),
            cols: cols.iter().map(Label::text).collect(),
            counts,
        }
    }

    /// [`Crosstab::from_documents`] over decisions.
    pub fn from_decisions(decisions: &[Decision], row: &str, col: &str, count: Count) -> Crosstab {
        let docs: Vec<J> = decisions
            .iter()
            .map(|d| serde_json::to_value(d).expect("decisions always serialize"))
            .collect();
        Crosstab::from_documents(&docs, row, col, count)
    }

    /// The largest count (0 for an empty crosstab).
    pub fn max(&self) -> u64 {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }

    /// The sum of all cells.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A field's value as a label: text as is, numbers and booleans as written, other values as
/// compact JSON; `None` when missing or `null`.
fn field(doc: &J, name: &str) -> Option<String> {
    let mut value = doc.get(name);
    if value.is_none() && name.contains('.') {
        value = name.split('.').try_fold(doc, |v, part| v.get(part));
    }
    match value? {
        J::Null => None,
        J::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A row or column label, in display order: numbers by value, then text, then `(none)`.
#[derive(Debug, Clone, PartialEq)]
enum Label {
    Number(f64, String),
    Text(String),
    None,
    Other,
}

impl Label {
    fn of(value: Option<String>) -> Label {
        match value {
            None => Label::None,
            Some(s) => match s.parse::<f64>() {
                Ok(n) if n.is_finite() && !s.starts_with('+') => Label::Number(n, s),
                _ => Label::Text(s),
            },
        }
    }

    fn text(&self) -> String {
        match self {
            Label::Number(_, s) | Label::Text(s) => s.clone(),
            Label::None => NONE_LABEL.to_owned(),
            Label::Other => OTHER_LABEL.to_owned(),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Label::Number(..) => 0,
            Label::Text(_) => 1,
            Label::None => 2,
            Label::Other => 3,
        }
    }
}

impl Eq for Label {}

impl Ord for Label {
    fn cmp(&self, other: &Label) -> Ordering {
        match (self, other) {
            (Label::Number(a, x), Label::Number(b, y)) => a.total_cmp(b).then_with(|| x.cmp(y)),
            (Label::Text(a), Label::Text(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for Label {
    fn partial_cmp(&self, other: &Label) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
