//! Engine conformance tests (being written).
