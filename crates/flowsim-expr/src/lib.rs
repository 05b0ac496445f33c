//! Architect's expression language: [`expr`] parses, type-checks and evaluates it, as
//! Architect's own parser and checker do.
//!
//! The foundations are re-exported, so `flowsim_expr::util` is `flowsim_core::util`.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};

pub mod expr;
