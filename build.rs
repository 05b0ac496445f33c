//! Marks the integration tests that need the flow corpus, tmux, Chromium or Neovim as ignored where the
//! machine lacks them (tools/needs/needs.rs says how, and how CI requires them instead), and
//! builds the documentation into the binary (`flowsim docs`): every page of `docs/`, the
//! README, ARCHITECTURE.md and BENCHMARKS.md, and the images the pages show.

include!("tools/needs/needs.rs");

use std::fmt::Write as _;

fn main() {
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    emit_needs(&root, &["corpus", "tmux", "chromium", "nvim"]);
    emit_docs(&root);
}

/// `$OUT_DIR/docs.rs`: `PAGES`, every bundled Markdown page as (its path in the repository,
/// its text), sorted by path; `IMAGES`, every file of `docs/images` as (path, bytes). A page
/// added to `docs/` is bundled by the next build (the folder is watched).
fn emit_docs(root: &Path) {
    let mut pages: Vec<String> =
        ["README.md", "ARCHITECTURE.md", "BENCHMARKS.md"].iter().map(|p| (*p).to_owned()).collect();
    let mut images = Vec::new();
    for (dir, out) in [("docs", &mut pages), ("docs/images", &mut images)] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
        let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| dir != "docs" || Path::new(n).extension().is_some_and(|e| e == "md"))
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    pages.sort();
    let mut code = String::from("/// Every bundled page: its path in flowsim's repository, its Markdown.\npub const PAGES: &[(&str, &str)] = &[\n");
    for p in &pages {
        println!("cargo:rerun-if-changed={}", root.join(p).display());
        let _ =
            writeln!(code, "    ({p:?}, include_str!({:?})),", root.join(p).display().to_string());
    }
    code.push_str("];\n/// Every image the pages show: its path in flowsim's repository, its bytes.\npub const IMAGES: &[(&str, &[u8])] = &[\n");
    for p in &images {
        let _ = writeln!(
            code,
            "    ({p:?}, include_bytes!({:?})),",
            root.join(p).display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("docs.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
