//! A count of the bytes of text the placing primitives read ([`files::line_column`],
//! [`scalar_pos::byte_at`], [`json_pos::starts`], [`lines::Lines::new`]), on this thread: what
//! the scaling tests (`benches/work.rs`) compare at n, 2n and 4n, so that a pass placing each
//! of n diagnostics by reading its file from the start (n times the file) fails them, as time
//! would show but a test must not measure.
//!
//! [`files::line_column`]: super::files::line_column
//! [`scalar_pos::byte_at`]: super::scalar_pos::byte_at
//! [`json_pos::starts`]: super::json_pos::starts
//! [`lines::Lines::new`]: super::lines::Lines::new

use std::cell::Cell;

thread_local! {
    static READ: Cell<u64> = const { Cell::new(0) };
}

/// Counts `bytes` read.
pub fn add(bytes: usize) {
    READ.with(|r| r.set(r.get().saturating_add(bytes as u64)));
}

/// The bytes counted on this thread so far.
pub fn read() -> u64 {
    READ.with(Cell::get)
}
