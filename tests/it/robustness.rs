//! Hostile input never panics, and runs are deterministic.
