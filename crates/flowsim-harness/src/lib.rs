//! Scenario suites and what runs hear about them:
//!
//! - [`harness`]: scenario files, expectations, snapshots, coverage (`flowsim test`).
//! - [`decisions`]: decision logs and heatmaps of runs.
//! - `http` (feature `http`): the HTTP client's agent and retry schedule, shared with the API
//!   crate.
//!
//! The lower crates are re-exported, so `flowsim_harness::engine` is `flowsim_engine::engine`.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_engine::engine;
pub use flowsim_expr::expr;
pub use flowsim_flow::{fixtures, flow, nlu};

pub mod decisions;
pub mod harness;
#[cfg(feature = "http")]
pub mod http;
