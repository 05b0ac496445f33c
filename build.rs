//! Marks the integration tests that need the flow corpus, tmux, Chromium or Neovim as ignored where the
//! machine lacks them (tools/needs/needs.rs says how, and how CI requires them instead).

include!("tools/needs/needs.rs");

fn main() {
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    emit_needs(&root, &["corpus", "tmux", "chromium", "nvim"]);
}
