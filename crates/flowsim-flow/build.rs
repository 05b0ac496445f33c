//! Marks the unit tests that read the flow corpus as ignored where it is missing
//! (tools/needs/needs.rs says how, and how CI requires it instead).

include!("../../tools/needs/needs.rs");

fn main() {
    let manifest =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    emit_needs(&manifest.join("../.."), &["corpus"]);
}
