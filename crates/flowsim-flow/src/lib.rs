//! The flow model and what it is read from and checked against:
//!
//! - [`flow`]: the format-independent model, its readers (Archy YAML, Architect exports, JSON
//!   flows), the action catalogue, the registry and the static checks.
//! - [`fixtures`]: the fixture store that stands in for the cloud's data.
//! - [`nlu`]: an offline, deterministic NLU for bot flows: intents, slots, yes/no.
//!
//! The lower crates are re-exported, so `flowsim_flow::expr` is `flowsim_expr::expr`.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_expr::expr;

pub mod fixtures;
pub mod flow;
pub mod nlu;

/// Calls `f` with `name` lower-cased as `str::to_lowercase` does it: an ASCII name of up to
/// 64 bytes on the stack (names looked up at every run: flows, queues, data actions), any
/// other through `to_lowercase`.
#[inline]
pub(crate) fn with_lowercase<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    match buf.get_mut(..name.len()) {
        Some(lower) if name.is_ascii() => {
            for (l, b) in lower.iter_mut().zip(name.bytes()) {
                *l = b.to_ascii_lowercase();
            }
            // ASCII bytes in, ASCII bytes out.
            f(std::str::from_utf8(lower).unwrap_or_default())
        }
        _ => f(&name.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn with_lowercase_lowercases_as_to_lowercase_does() {
        let long = "Ab".repeat(40);
        for name in
            ["", "Acme Main IVR", "already lower", "ÄBC Été", "İstanbul", &long, &long[..64]]
        {
            assert_eq!(super::with_lowercase(name, str::to_owned), name.to_lowercase(), "{name}");
        }
    }
}
