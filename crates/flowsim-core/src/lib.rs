//! flowsim's foundations, which every other flowsim crate builds on:
//!
//! - [`kind`]: the kinds of run error, named as Genesys names them.
//! - [`phone`]: phone numbers as flows compare and dial them.
//! - [`diag`]: load and validation diagnostics and their typed codes.
//! - [`util`]: files read within the input limit, the one YAML reader (positions kept), JSON
//!   helpers, escaping, day numbers.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub mod diag;
pub mod kind;
pub mod phone;
pub mod util;

pub use kind::ErrorKind;
