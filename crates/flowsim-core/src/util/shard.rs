//! Shards of one run (`--partition K/N`): which items each of N machines takes, the header a
//! shard's JSON report carries, and shards put back together (`flowsim merge`).
//!
//! Two ways to choose, each deterministic, so every shard computes the same membership on its
//! own and every item is in exactly one shard; `1/1` is the whole run:
//! - [`select`], for commands that hold their items anyway (`test`, `mutate`): greedy
//!   longest-processing-time, costliest first, ties broken by key, each on the least-loaded
//!   shard (ties: the lowest shard). Membership depends only on the items' estimated costs and
//!   keys, never on the order the caller found them in or on the machine.
//! - [`Online`], for the commands that read recorded executions as a stream (`traffic`,
//!   `replay`, `diff --executions`): each item, in the whole run's order, goes to the shard
//!   least loaded so far (ties: the lowest shard). Membership depends only on the sequence of
//!   costs, which the input fixes (the files, and each file's items in it): a shard reads its
//!   input once and keeps no cost or key per item. Reordering the files reassigns the items.
//!   Every shard's load stays within the largest single cost of every other's.
//!
//! Invariants:
//! - A shard's report lists its items in the whole run's order; its header gives their places
//!   in that order, so merging is placing, never sorting by what the report happens to show.
//! - A run's identity ([`RunId`]) is a hash of the command and of every item's key and cost,
//!   the same on every shard of one run; shards of another run or command do not merge.
//!
//! Cost: [`select`] is O(n log n) in the items (a sort and a heap of the loads) and holds every
//! item's cost and key; [`Online`] is O(log N) an item and holds the loads (and, in a shard of
//! several, its own items' places, which its header lists); merging is linear in the items.
//! The loads held are those of the shards that have items, at most the items: `1/1000000000`
//! costs what `1/2` costs.

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
    let mut loads = Loads::new(count);
    for i in order {
        shard[i] = loads.add(items[i].0);
    }
    shard
}

/// The shards' loads: the least loaded one takes the next item (equal loads: the lowest shard).
/// Only shards that have items are held; the others, all of load 0, are the shards from
/// `unused` on, taken in order: memory follows the items, not a shard count of a billion.
#[derive(Debug, Clone)]
struct Loads {
    /// The shards that have items, the least loaded first.
    used: BinaryHeap<Reverse<(u64, usize)>>,
    /// The first shard with no item yet; every shard after it has none either.
    unused: usize,
    count: usize,
}

impl Loads {
    fn new(count: usize) -> Loads {
        Loads { used: BinaryHeap::new(), unused: 0, count: count.max(1) }
    }

    /// Gives the next item, of cost `cost`, to the least loaded shard: which one (0-based).
    fn add(&mut self, cost: u64) -> usize {
        let fresh = (self.unused < self.count).then_some((0, self.unused));
        let least = self.used.peek().map(|Reverse(l)| *l);
        let (load, s) = match (fresh, least) {
            (Some(f), Some(l)) if l < f => {
                self.used.pop();
                l
            }
            (Some(f), _) => {
                self.unused += 1;
                f
            }
            (None, Some(l)) => {
                self.used.pop();
                l
            }
            (None, None) => (0, 0),
        };
        self.used.push(Reverse((load.saturating_add(cost), s)));
        s
    }
}

/// The places (in the caller's order) of the items shard `p` takes.
pub fn select<K: Ord>(items: &[(u64, K)], p: Partition) -> Vec<usize> {
    if p.count <= 1 {
        return (0..items.len()).collect();
    }
    let shard = assign(items, p.count);
    (0..items.len()).filter(|&i| shard[i] == p.index - 1).collect()
}

/// Online assignment, for items that arrive one at a time in the whole run's order: each goes
/// to the shard least loaded so far (ties: the lowest shard), and adds its cost to that load.
/// The same sequence of costs gives the same shards on every machine; the first item goes to
/// the first shard.
#[derive(Debug, Clone)]
pub struct Online {
    /// Each shard's load so far.
    loads: Loads,
    /// Which shard (0-based) this one is, and the places of its items so far; `None` in a whole
    /// run, which keeps nothing per item.
    own: Option<(usize, Vec<usize>)>,
    /// Items seen.
    items: usize,
}

impl Online {
    /// Shard `p`'s view of the run: which of the items to come are its own.
    pub fn new(p: Partition) -> Online {
        let count = p.count.max(1);
        Online {
            loads: Loads::new(count),
            own: (count > 1).then(|| (p.index.clamp(1, count) - 1, Vec::new())),
            items: 0,
        }
    }

    /// The shard (0-based) of the next item, of estimated cost `cost`.
    pub fn assign(&mut self, cost: u64) -> usize {
        self.items += 1;
        self.loads.add(cost)
    }

    /// Whether the next item, of estimated cost `cost`, is this shard's (always, in a whole
    /// run); a shard of several notes its place.
    pub fn take(&mut self, cost: u64) -> bool {
        let place = self.items;
        let shard = self.assign(cost);
        match &mut self.own {
            None => true,
            Some((own, places)) if *own == shard => {
                places.push(place);
                true
            }
            Some(_) => false,
        }
    }

    /// Items seen so far.
    pub fn items(&self) -> usize {
        self.items
    }

    /// This shard's items as places in the whole run's order (none in a whole run: all).
    pub fn places(&self) -> &[usize] {
        self.own.as_ref().map_or(&[], |(_, places)| places)
    }
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

    /// Mixes `read` (what the run read besides its items: the flows', fixtures' and scenario
    /// files' bytes, the environment, the options that change verdicts) into the run's
    /// identity, so that shards of runs that read other inputs do not merge.
    pub fn read_also(&mut self, read: &[u8]) {
        let mut id = RunId::new(&self.run);
        id.write(read);
        self.run = id.finish();
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

    /// Each shard's items (places in the run) and load, as `Online` gives them to each of
    /// `count` shards over `costs` in order.
    fn online(costs: &[u64], count: usize) -> Vec<(Vec<usize>, u64)> {
        (1..=count)
            .map(|index| {
                let mut shard = Online::new(Partition { index, count });
                let load = costs.iter().filter(|&&c| shard.take(c)).sum();
                assert_eq!(shard.items(), costs.len());
                (shard.places().to_vec(), load)
            })
            .collect()
    }

    /// Costs of uneven size: a cheap sequence with a few costly items among them.
    fn uneven(n: u64) -> Vec<u64> {
        (0..n).map(|i| if i % 17 == 5 { 40 + i % 7 } else { 1 + i * 7 % 11 }).collect()
    }

    #[test]
    fn online_each_item_goes_to_the_least_loaded_shard_the_first_to_shard_1() {
        // 3 → 0; 8 → 1; 2 → 0 (3 < 8); 7 → 0 (5 < 8); 4 → 1 (8 < 12); 4 → 0 (12 = 12: the lowest).
        let mut online = Online::new(Partition { index: 1, count: 2 });
        let shards: Vec<usize> = [3, 8, 2, 7, 4, 4].iter().map(|&c| online.assign(c)).collect();
        assert_eq!(shards, vec![0, 1, 0, 0, 1, 0]);
        for count in 1..=5 {
            let first = Online::new(Partition { index: 1, count }).take(9);
            assert!(first, "the first item goes to shard 1 of {count}");
        }
    }

    #[test]
    fn online_every_item_is_in_exactly_one_shard_and_one_shard_is_the_whole_run() {
        let costs = uneven(300);
        for count in [1, 2, 3, 7, 500] {
            let mut all: Vec<usize> = online(&costs, count).into_iter().flat_map(|s| s.0).collect();
            all.sort_unstable();
            if count == 1 {
                assert!(all.is_empty(), "a whole run keeps no place");
            } else {
                assert_eq!(all, (0..300).collect::<Vec<_>>(), "{count} shards");
            }
        }
        let mut whole = Online::new(Partition::WHOLE);
        assert!(costs.iter().all(|&c| whole.take(c)), "the whole run takes every item");
    }

    #[test]
    fn online_membership_is_the_same_every_time_and_follows_the_order() {
        let costs = uneven(200);
        assert_eq!(online(&costs, 4), online(&costs, 4));
        let mut reversed = costs.clone();
        reversed.reverse();
        let places = |costs: &[u64]| online(costs, 4).into_iter().map(|s| s.0).collect::<Vec<_>>();
        assert_ne!(places(&reversed), places(&costs), "the order of the input is part of it");
    }

    #[test]
    fn online_shards_are_balanced_within_the_largest_single_cost() {
        for (costs, count) in [
            (uneven(300), 2),
            (uneven(300), 3),
            (uneven(1000), 8),
            (vec![100, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2),
            (vec![5; 11], 4),
            (vec![1, 2, 3, 1000, 4, 5], 3),
        ] {
            let loads: Vec<u64> = online(&costs, count).into_iter().map(|s| s.1).collect();
            let (max, min) = (loads.iter().max().unwrap(), loads.iter().min().unwrap());
            let largest = costs.iter().max().unwrap();
            assert!(max - min <= *largest, "{count} shards: loads {loads:?}, largest {largest}");
            assert_eq!(loads.iter().sum::<u64>(), costs.iter().sum::<u64>());
        }
    }

    #[test]
    fn loads_held_only_for_shards_with_items_choose_as_every_shard_held_does() {
        // Every shard's load held from the start: the reference.
        let eager = |costs: &[u64], count: usize| -> Vec<usize> {
            let mut loads: BinaryHeap<Reverse<(u64, usize)>> =
                (0..count).map(|s| Reverse((0, s))).collect();
            costs
                .iter()
                .map(|&c| {
                    let Reverse((load, s)) = loads.pop().unwrap();
                    loads.push(Reverse((load + c, s)));
                    s
                })
                .collect()
        };
        // Costs of 0 too: a used shard of load 0 comes before the shards with no item.
        let costs: Vec<u64> = (0..300u64).map(|i| (i * 7919) % 13 * (i % 3)).collect();
        for count in [1, 2, 3, 5, 16, 299, 300, 301, 1000] {
            let mut loads = Loads::new(count);
            let lazy: Vec<usize> = costs.iter().map(|&c| loads.add(c)).collect();
            assert_eq!(lazy, eager(&costs, count), "{count} shards");
            assert!(loads.used.len() <= costs.len().min(count));
        }
        // A billion shards hold no more than the items.
        let p = Partition { index: 7, count: 1_000_000_000 };
        let mut online = Online::new(p);
        let mine: Vec<bool> = (0..10).map(|_| online.take(1)).collect();
        assert_eq!(mine.iter().filter(|m| **m).count(), 1);
        assert_eq!(online.places(), [6]);
        let items: Vec<(u64, usize)> = (0..10).map(|i| (1, i)).collect();
        assert_eq!(select(&items, p).len(), 1);
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
