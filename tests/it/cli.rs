//! The real binary on real files.
