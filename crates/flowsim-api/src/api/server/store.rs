//! What the emulator keeps for clients to read back (executions, conversations) and the tokens
//! it issued: each bounded, the oldest evicted first, so that no sequence of requests grows
//! memory without bound.

use indexmap::{IndexMap, IndexSet};
use serde_json::Value as J;
use std::sync::Arc;

/// JSON records by id, at most `max_items` of them holding at most `max_bytes` of JSON text.
/// Each record sits behind an `Arc`, so that a reader can take a snapshot of them all under the
/// lock at the cost of counting references, and read them after it let go.
#[derive(Debug)]
pub(super) struct Store {
    items: IndexMap<String, (Arc<J>, usize)>,
    bytes: usize,
    max_items: usize,
    max_bytes: usize,
}

impl Store {
    pub fn new(max_items: usize, max_bytes: usize) -> Store {
        Store { items: IndexMap::new(), bytes: 0, max_items, max_bytes }
    }

    /// The size a record is charged: its JSON text.
    pub fn size_of(value: &J) -> usize {
        json_len(value)
    }

    /// Keeps `value` (of `size` bytes, see [`Store::size_of`]), evicting the oldest records
    /// until both bounds hold. A record larger than the whole budget is not kept: reading it
    /// back answers 404, as an evicted one does.
    pub fn insert(&mut self, id: String, value: J, size: usize) {
        if size > self.max_bytes || self.max_items == 0 {
            return;
        }
        if let Some((_, old)) = self.items.shift_remove(&id) {
            self.bytes -= old;
        }
        while !self.items.is_empty()
            && (self.items.len() >= self.max_items || self.bytes + size > self.max_bytes)
        {
            if let Some((_, (_, old))) = self.items.shift_remove_index(0) {
                self.bytes -= old;
            }
        }
        self.bytes += size;
        self.items.insert(id, (Arc::new(value), size));
    }

    pub fn get(&self, id: &str) -> Option<&J> {
        self.items.get(id).map(|(v, _)| &**v)
    }

    /// Every record, oldest first, shared: cheap to take under a lock.
    pub fn snapshot(&self) -> Vec<Arc<J>> {
        self.items.values().map(|(v, _)| v.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The `i`th record, oldest first.
    pub fn get_index(&self, i: usize) -> Option<&J> {
        self.items.get_index(i).map(|(_, (v, _))| &**v)
    }
}

/// The length of `value`'s JSON text, counted as it is written: nothing is built, so
/// charging a record costs no copy of it (a 64 MiB record is not written out to be measured).
pub(super) fn json_len<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter fails only where the value cannot be JSON (a map with keys that are
    // not strings), which no kept record is; what was counted stands.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// Issued tokens, at most `max` of them; the oldest is forgotten first.
#[derive(Debug)]
pub(super) struct Tokens {
    tokens: IndexSet<String>,
    max: usize,
}

impl Tokens {
    pub fn new(max: usize) -> Tokens {
        Tokens { tokens: IndexSet::new(), max: max.max(1) }
    }

    pub fn insert(&mut self, token: String) {
        while self.tokens.len() >= self.max {
            self.tokens.shift_remove_index(0);
        }
        self.tokens.insert(token);
    }

    pub fn contains(&self, token: &str) -> bool {
        self.tokens.contains(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_oldest_records_go_first_by_count_and_by_bytes() {
        let mut s = Store::new(3, 100);
        for i in 0..5 {
            let v = json!(i);
            s.insert(format!("e{i}"), v.clone(), Store::size_of(&v));
        }
        assert_eq!(s.len(), 3);
        assert!(s.get("e1").is_none() && s.get("e2").is_some() && s.get("e4").is_some());

        let big = json!("x".repeat(60));
        s.insert("big".into(), big.clone(), Store::size_of(&big));
        s.insert("big2".into(), big.clone(), Store::size_of(&big));
        assert!(s.get("big").is_none(), "two 62-byte records do not fit in 100 bytes");
        assert_eq!(s.get("big2"), Some(&big));
        assert!(s.bytes <= 100);

        let huge = json!("x".repeat(200));
        s.insert("huge".into(), huge.clone(), Store::size_of(&huge));
        assert!(s.get("huge").is_none(), "larger than the whole budget: not kept");
        assert_eq!(s.get("big2"), Some(&big), "and nothing evicted for it");
    }

    #[test]
    fn a_record_is_charged_its_json_text() {
        let v = json!({"a": [1, "two", null], "b": {"c": 1.5}});
        assert_eq!(json_len(&v), serde_json::to_vec(&v).unwrap().len());
        assert_eq!(json_len(&json!("é\n")), "\"é\\n\"".len());
    }

    #[test]
    fn tokens_are_bounded_oldest_first() {
        let mut t = Tokens::new(2);
        for n in ["a", "b", "c"] {
            t.insert(n.into());
        }
        assert!(!t.contains("a") && t.contains("b") && t.contains("c"));
    }
}
