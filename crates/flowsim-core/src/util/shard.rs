//! Shards of one run (`--partition K/N`): which items each of N machines takes, the header a
//! shard's JSON report carries, and shards put back together (`flowsim merge`).
//!
//! Invariants:
//! - Membership depends only on the items' estimated costs and keys, never on the order the
//!   caller found them in or on the machine: items are placed greedily, costliest first
//!   (longest-processing-time), ties broken by key, each on the least-loaded shard (ties: the
//!   lowest shard). Every item is in exactly one shard; `1/1` is the whole run.
//! - A shard's report lists its items in the whole run's order; its header gives their places
//!   in that order, so merging is placing, never sorting by what the report happens to show.
//! - A run's identity ([`RunId`]) is a hash of the command and of every item's key and cost,
//!   the same on every shard of one run; shards of another run or command do not merge.
//!
//! Cost: assignment is O(n log n) in the items (a sort and a heap of N loads); merging is
//! linear in the items.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Shard `index` of `count` (1-based), as `--partition 2/4` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub index: usize,
    pub count: usize,
}

impl Partition {
    /// The whole run: one shard.
    pub const WHOLE: Partition = Partition { index: 1, count: 1 };

    /// `K/N` (also `count:K/N`, as `test` has always read it), with `1 <= K <= N`.
    ///
    /// # Errors
    /// Text that is not two such numbers, said as clap shows a flag's error.
    pub fn parse(text: &str) -> Result<Partition, String> {
        let t = text.strip_prefix("count:").unwrap_or(text);
        let (k, n) = t.split_once('/').ok_or_else(|| format!("`{text}` is not K/N"))?;
        let (index, count): (usize, usize) = (
            k.trim().parse().map_err(|_| format!("`{k}` is not a number"))?,
            n.trim().parse().map_err(|_| format!("`{n}` is not a number"))?,
        );
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard {index} of {count} does not exist: write K/N with 1 <= K <= N"
            ));
        }
        Ok(Partition { index, count })
    }
}

/// The shard (0-based) of each item, given each item's estimated cost and a key unique to it:
/// greedy longest-processing-time over the items sorted by (cost descending, key).
pub fn assign<K: Ord>(items: &[(u64, K)], count: usize) -> Vec<usize> {
    let count = count.max(1);
    let mut shard = vec![0; items.len()];
    if count == 1 {
        return shard;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[b].0.cmp(&items[a].0).then_with(|| items[a].1.cmp(&items[b].1)));
    // The least-loaded shard first; equal loads: the lowest shard.
    let mut loads: BinaryHeap<Reverse<(u64, usize)>> =
        (0..count).map(|s| Reverse((0, s))).collect();
    for i in order {
        let Some(Reverse((load, s))) = loads.pop() else { break };
        shard[i] = s;
        loads.push(Reverse((load.saturating_add(items[i].0), s)));
    }
    shard
}

/// The places (in the caller's order) of the items shard `p` takes.
pub fn select<K: Ord>(items: &[(u64, K)], p: Partition) -> Vec<usize> {
    if p.count <= 1 {
        return (0..items.len()).collect();
    }
    let shard = assign(items, p.count);
    (0..items.len()).filter(|&i| shard[i] == p.index - 1).collect()
}

/// A run's identity: FNV-1a (64 bits) over the command and each item's key and cost, written
/// as 16 hex digits. Not a secret and not collision-proof: it tells shards of one run from
/// shards of another by mistake.
#[derive(Debug, Clone)]
pub struct RunId(u64);

impl RunId {
    pub fn new(command: &str) -> RunId {
        let mut id = RunId(0xcbf2_9ce4_8422_2325);
        id.write(command.as_bytes());
        id
    }

    /// Adds bytes, then a separator, so that `ab`,`c` and `a`,`bc` differ.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The header of a shard's JSON report (`"shard"`), and of a whole run's (`1` of `1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Shard {
    /// The command: `test`, `mutate`, `replay`, `traffic`, `diff`.
    pub command: String,
    /// [`RunId`] of the whole run.
    pub run: String,
    pub index: usize,
    pub count: usize,
    /// Items in the whole run (scenarios, mutants, interactions, executions).
    pub items: usize,
    /// This shard's items as places in the whole run's order; absent in a whole run (all of
    /// them, in order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<usize>,
}

impl Shard {
    /// The header of shard `p` of a run of `items` items whose shard takes `places`.
    pub fn new(command: &str, run: &RunId, p: Partition, items: usize, places: &[usize]) -> Shard {
        Shard {
            command: command.into(),
            run: run.finish(),
            index: p.index,
            count: p.count,
            items,
            places: if p.count > 1 { places.to_vec() } else { Vec::new() },
        }
    }

    /// The header of the whole run these shards make.
    #[must_use]
    pub fn whole(&self) -> Shard {
        Shard { index: 1, count: 1, places: Vec::new(), ..self.clone() }
    }

    /// How many items this shard holds.
    pub fn len(&self) -> usize {
        if self.count > 1 {
            self.places.len()
        } else {
            self.items
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why shards do not make one run. `file` is the shard's place among the files given (0-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// `flowsim merge a.json` (test) with `b.json` (mutate).
    #[error("is a shard of `{found}`, the first file of `{expected}`")]
    OtherCommand { file: usize, found: String, expected: String },
    /// Two shards of different suites, flows or recordings.
    #[error("is a shard of another run (run {found}, the first file's {expected})")]
    OtherRun { file: usize, found: String, expected: String },
    /// `1/3` with `2/2`.
    #[error("is shard {index} of {found}, the first file's of {expected}")]
    OtherCount { file: usize, index: usize, found: usize, expected: usize },
    /// The same shard given twice.
    #[error("is shard {index} of {count} again")]
    Duplicate { file: usize, index: usize, count: usize },
    /// Shards left out.
    #[error("shard(s) {missing} of {count} are missing")]
    Missing { missing: String, count: usize },
    /// A header whose places do not fit its items or the run (an edited report).
    #[error("its places do not fit a run of {items} item(s): it was not written by one shard")]
    Places { file: usize, items: usize },
}

impl MergeError {
    /// The file the error is about, when one is.
    pub fn file(&self) -> Option<usize> {
        match self {
            MergeError::OtherCommand { file, .. }
            | MergeError::OtherRun { file, .. }
            | MergeError::OtherCount { file, .. }
            | MergeError::Duplicate { file, .. }
            | MergeError::Places { file, .. } => Some(*file),
            MergeError::Missing { .. } => None,
        }
    }
}

/// Checks that `headers` are every shard of one run, once each, whose places fill the run.
/// Costs memory linear in the places the headers list, never in the counts they claim (a
/// header may come from an edited file).
///
/// # Errors
/// The first reason the headers do not make one run.
pub fn check(headers: &[&Shard]) -> Result<(), MergeError> {
    let Some(first) = headers.first() else {
        return Err(MergeError::Missing { missing: "all".into(), count: 0 });
    };
    for (file, h) in headers.iter().enumerate() {
        if h.command != first.command {
            return Err(MergeError::OtherCommand {
                file,
                found: h.command.clone(),
                expected: first.command.clone(),
            });
        }
        if h.run != first.run || h.items != first.items {
            return Err(MergeError::OtherRun {
                file,
                found: h.run.clone(),
                expected: first.run.clone(),
            });
        }
        if h.count != first.count || h.index == 0 || h.index > h.count {
            return Err(MergeError::OtherCount {
                file,
                index: h.index,
                found: h.count,
                expected: first.count,
            });
        }
        if let Some(before) = headers[..file].iter().position(|g| g.index == h.index) {
            debug_assert!(before < file);
            return Err(MergeError::Duplicate { file, index: h.index, count: h.count });
        }
    }
    if first.count > headers.len() {
        // Every index given is distinct and at most `count`: some are missing. Name the first
        // few, never all of a count an edited header made huge.
        let mut given: Vec<usize> = headers.iter().map(|h| h.index).collect();
        given.sort_unstable();
        let missing: Vec<String> = (1..=first.count)
            .filter(|i| given.binary_search(i).is_err())
            .take(10)
            .map(|i| i.to_string())
            .collect();
        let more = if first.count - headers.len() > missing.len() { ", …" } else { "" };
        return Err(MergeError::Missing { missing: missing.join(", ") + more, count: first.count });
    }
    if first.count == 1 {
        return Ok(());
    }
    let listed: usize = headers.iter().map(|h| h.places.len()).sum();
    if listed != first.items {
        return Err(MergeError::Places { file: 0, items: first.items });
    }
    let mut filled = vec![false; first.items];
    for (file, h) in headers.iter().enumerate() {
        for &p in &h.places {
            if p >= first.items || std::mem::replace(&mut filled[p], true) {
                return Err(MergeError::Places { file, items: first.items });
            }
        }
    }
    Ok(())
}

/// The shards' items (each shard's in its order, `parts` in the order of `headers`, checked by
/// [`check`]) in the whole run's order.
///
/// # Errors
/// [`MergeError::Places`] when a shard holds another number of items than its header places.
pub fn interleave<T>(headers: &[&Shard], parts: Vec<Vec<T>>) -> Result<Vec<T>, MergeError> {
    let items = headers.first().map_or(0, |h| h.items);
    for (file, (h, part)) in headers.iter().zip(&parts).enumerate() {
        if part.len() != h.len() {
            return Err(MergeError::Places { file, items });
        }
    }
    if headers.len() == 1 && headers[0].count == 1 {
        return Ok(parts.into_iter().next().unwrap_or_default());
    }
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(items).collect();
    for (h, part) in headers.iter().zip(parts) {
        for (item, &place) in part.into_iter().zip(&h.places) {
            slots[place] = Some(item);
        }
    }
    slots.into_iter().map(|s| s.ok_or(MergeError::Places { file: 0, items })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard_of(costs: &[u64], count: usize) -> Vec<usize> {
        let items: Vec<(u64, usize)> = costs.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        assign(&items, count)
    }

    #[test]
    fn the_costliest_items_go_first_each_to_the_least_loaded_shard() {
        // 8 → 0; 7 → 1; 4 → 1 (7 < 8); 3 → 0 (8 < 11); 2 → 0 (11 = 11: the lowest).
        assert_eq!(shard_of(&[3, 8, 2, 7, 4], 2), vec![0, 0, 0, 1, 1]);
    }

    #[test]
    fn membership_does_not_depend_on_the_order_items_are_found_in() {
        let a = [(5, "x"), (5, "y"), (1, "z"), (9, "w")];
        let b = [(9, "w"), (1, "z"), (5, "y"), (5, "x")];
        let (sa, sb) = (assign(&a, 3), assign(&b, 3));
        for (i, item) in a.iter().enumerate() {
            let j = b.iter().position(|x| x == item).unwrap();
            assert_eq!(sa[i], sb[j], "{item:?}");
        }
    }

    #[test]
    fn every_item_is_in_exactly_one_shard_and_one_shard_is_the_whole_run() {
        let items: Vec<(u64, usize)> = (0..50).map(|i| ((i * 7 % 11) as u64, i)).collect();
        let mut all: Vec<usize> =
            (1..=4).flat_map(|k| select(&items, Partition { index: k, count: 4 })).collect();
        all.sort_unstable();
        assert_eq!(all, (0..50).collect::<Vec<_>>());
        assert_eq!(select(&items, Partition::WHOLE), (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn shards_are_balanced_by_cost_not_by_count() {
        // One costly item and many cheap ones: count-balancing would put 5 items on each.
        let mut costs = vec![100];
        costs.extend([10; 9]);
        let shard = shard_of(&costs, 2);
        let load =
            |s| costs.iter().zip(&shard).filter(|(_, &x)| x == s).map(|(c, _)| c).sum::<u64>();
        assert_eq!((load(0), load(1)), (100, 90));
    }

    #[test]
    fn a_partition_reads_as_k_of_n() {
        assert_eq!(Partition::parse("2/4"), Ok(Partition { index: 2, count: 4 }));
        assert_eq!(Partition::parse("count:1/1"), Ok(Partition::WHOLE));
        assert!(Partition::parse("0/2").unwrap_err().contains("does not exist"));
        assert!(Partition::parse("3/2").is_err());
        assert!(Partition::parse("2").unwrap_err().contains("is not K/N"));
    }

    fn header(index: usize, count: usize, places: &[usize]) -> Shard {
        Shard {
            command: "test".into(),
            run: "r".into(),
            index,
            count,
            items: 3,
            places: places.to_vec(),
        }
    }

    #[test]
    fn shards_interleave_into_the_whole_run_and_refuse_what_is_not_one_run() {
        let (a, b) = (header(1, 2, &[0, 2]), header(2, 2, &[1]));
        assert_eq!(check(&[&b, &a]), Ok(()));
        assert_eq!(interleave(&[&b, &a], vec![vec!["b"], vec!["a", "c"]]), Ok(vec!["a", "b", "c"]));
        assert_eq!(check(&[&a]), Err(MergeError::Missing { missing: "2".into(), count: 2 }));
        assert_eq!(check(&[&a, &a]), Err(MergeError::Duplicate { file: 1, index: 1, count: 2 }));
        let other = Shard { run: "s".into(), ..b.clone() };
        assert!(matches!(check(&[&a, &other]), Err(MergeError::OtherRun { file: 1, .. })));
        let mutate = Shard { command: "mutate".into(), ..b.clone() };
        assert!(matches!(check(&[&a, &mutate]), Err(MergeError::OtherCommand { file: 1, .. })));
        let overlapping = header(2, 2, &[0]);
        assert!(matches!(check(&[&a, &overlapping]), Err(MergeError::Places { file: 1, .. })));
    }

    #[test]
    fn an_edited_header_claiming_a_huge_run_is_refused_without_allocating_it() {
        let huge = Shard { count: usize::MAX, ..header(1, 2, &[0]) };
        assert_eq!(
            check(&[&huge]),
            Err(MergeError::Missing {
                missing: "2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …".into(),
                count: usize::MAX
            })
        );
        let many = Shard { items: usize::MAX, ..header(1, 1, &[]) };
        assert_eq!(check(&[&many]), Ok(()), "one whole run: its report's length is checked");
        assert!(matches!(
            interleave(&[&many], vec![vec![1, 2]]),
            Err(MergeError::Places { file: 0, .. })
        ));
        let (a, b) = (
            Shard { items: usize::MAX, ..header(1, 2, &[0]) },
            Shard { items: usize::MAX, ..header(2, 2, &[1]) },
        );
        assert!(matches!(check(&[&a, &b]), Err(MergeError::Places { .. })));
    }
}
