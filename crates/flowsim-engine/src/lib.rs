//! The interpreter: [`engine`] runs a request against a registry of flows and a fixture store,
//! on a virtual clock, and gives a result with a trace (or streams it).
//!
//! The lower crates are re-exported, so `flowsim_engine::flow` is `flowsim_flow::flow`.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_expr::expr;
pub use flowsim_flow::{fixtures, flow, nlu};

pub mod engine;
