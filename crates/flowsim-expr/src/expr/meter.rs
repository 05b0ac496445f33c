//! The work meter: how many bytes a run's expressions have built or read, against the run's
//! work budget (docs/budgets.md).
//!
//! Counting happens where values are made, not in every function: [`super::eval`] charges each
//! function call the bytes of its arguments and its result, string joins and templates the
//! text they build. The meter is per thread (a run executes on one thread); the engine installs
//! its run's figures before each node and reads them back after, so runs that interleave on a
//! thread (the debugger, live sessions) each keep their own count. Outside a run the limit is
//! infinite.

use super::value::Value;
use std::cell::Cell;

thread_local! {
    static USED: Cell<u64> = const { Cell::new(0) };
    static LIMIT: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// Makes `used` and `limit` the meter's figures on this thread.
#[inline]
pub fn install(used: u64, limit: u64) {
    USED.set(used);
    LIMIT.set(limit);
}

/// Units charged on this thread since the last [`install`], plus what it installed.
#[inline]
pub fn used() -> u64 {
    USED.get()
}

/// Ends metering on this thread: the limit becomes infinite again.
#[inline]
pub fn uninstall() {
    LIMIT.set(u64::MAX);
}

/// Charges `units`; `false` once the total passed the limit (and from then on).
#[inline]
pub fn charge(units: u64) -> bool {
    let used = USED.get().saturating_add(units);
    USED.set(used);
    used <= LIMIT.get()
}

/// Whether the total passed the limit.
pub fn exhausted() -> bool {
    USED.get() > LIMIT.get()
}

/// The bytes an operation touches when it reads or makes `v`: a text's length, 24 bytes per
/// item of a list, 48 per member of an object (its items are not walked: they were charged when they were made).
#[inline]
pub fn touched(v: &Value) -> u64 {
    match v {
        Value::Str(s) => s.len() as u64,
        Value::Phone(p) => p.heap_bytes() as u64,
        Value::List(items) => 24 * items.len() as u64,
        Value::Object(obj) => 48 * obj.len() as u64,
        _ => 0,
    }
}

/// The heap bytes `v` holds, each shared part counted once: a list of one string repeated
/// 2,000 times costs the string once. Bounded by the value's distinct parts (values nest at
/// most `MAX_VALUE_DEPTH` levels).
pub fn heap_bytes(v: &Value) -> u64 {
    match v {
        Value::Str(s) => s.len() as u64,
        Value::Phone(p) => p.heap_bytes() as u64,
        Value::List(_) | Value::Object(_) => {
            let mut seen = rustc_hash::FxHashSet::default();
            heap_walk(v, &mut seen)
        }
        _ => 0,
    }
}

fn heap_walk(v: &Value, seen: &mut rustc_hash::FxHashSet<usize>) -> u64 {
    match v {
        // Short texts are counted every time: remembering them would cost more than they do.
        Value::Str(s) if s.len() < 64 || seen.insert(s.as_ptr() as usize) => s.len() as u64,
        Value::Phone(p) => p.heap_bytes() as u64,
        Value::List(items) => {
            if !seen.insert(std::sync::Arc::as_ptr(items).cast::<()>() as usize) {
                return 0;
            }
            items.iter().fold(24 * items.len() as u64, |n, c| n.saturating_add(heap_walk(c, seen)))
        }
        Value::Object(obj) => {
            if !seen.insert(std::sync::Arc::as_ptr(obj).cast::<()>() as usize) {
                return 0;
            }
            obj.iter().fold(0u64, |n, (k, c)| {
                n.saturating_add(48 + k.len() as u64).saturating_add(heap_walk(c, seen))
            })
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_shared_part_is_counted_once() {
        let big = Value::str(&"x".repeat(1000));
        let list = Value::List(Arc::new(vec![big.clone(); 100]));
        assert_eq!(heap_bytes(&list), 24 * 100 + 1000);
        let twice = Value::List(Arc::new(vec![list.clone(), list]));
        assert_eq!(heap_bytes(&twice), 48 + 24 * 100 + 1000);
    }

    #[test]
    fn the_meter_stops_past_its_limit_and_stays_stopped() {
        install(0, 10);
        assert!(charge(10));
        assert!(!charge(1));
        assert!(exhausted());
        assert!(!charge(0));
        uninstall();
        assert!(charge(5));
    }
}
