//! The cloud's API, offline: [`api`] holds cassettes, the live-API client and recorder, replay
//! comparison, flow execution data, and the API emulator (`flowsim serve`). The server and
//! async stacks (axum, tokio) are this crate's alone.
//!
//! The lower crates are re-exported, so `flowsim_api::harness` is `flowsim_harness::harness`.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_engine::engine;
pub use flowsim_expr::expr;
pub use flowsim_flow::{fixtures, flow, nlu};
pub use flowsim_harness::{decisions, harness, http};

pub mod api;
