//! `flowsim docs [TOPIC]`: flowsim's documentation, built into the binary, so an installed
//! flowsim (a wheel, an archive) has its manual without a clone of the repository. Every
//! message, hover, help text and template that sends the reader to a page names it as a topic
//! of this command ("see `flowsim docs scenarios`").
//!
//! Invariants: the pages are every `docs/*.md` and the repository's README, ARCHITECTURE.md and
//! BENCHMARKS.md, byte for byte (`build.rs` lists the folder, so a page added there is a topic
//! at the next build); a page's topic is its file's stem in lower case (`docs/README.md`, the
//! index, is `index`). On a terminal a page is rendered ([`terminal`]); elsewhere its Markdown
//! is written as it is, for `grep` and `less`. `--out-dir` writes every page as HTML ([`html`])
//! with the images they show, every link between them resolved (a test follows each one).

mod html;
mod terminal;

use super::{write_exact, write_stdout, Refused};
use flowsim::diag::Code;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

include!(concat!(env!("OUT_DIR"), "/docs.rs"));

#[derive(clap::Args)]
pub struct Args {
    /// The page to print: `scenarios`, `fixtures`, `architect`... (`--list` lists them; a
    /// page's file name, `scenarios.md`, works too). Default: the index of every page.
    topic: Option<String>,
    /// List the pages: topic and title.
    #[arg(long, conflicts_with_all = ["topic", "out_dir"])]
    list: bool,
    /// `auto` (default): rendered for the terminal when standard output is one (through
    /// `$PAGER` or `less` when longer than the screen), else the page's Markdown as it is;
    /// `markdown`, `text` (rendered; coloured as `--color` says), `html` (one page).
    #[arg(long, value_enum, default_value = "auto")]
    format: DocsFormat,
    /// Write every page into this directory (created if needed) as HTML, `index.html` first,
    /// with the images they show and every link between them working.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["topic", "format"])]
    out_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
enum DocsFormat {
    Auto,
    Markdown,
    Text,
    Html,
}

/// One bundled page.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Page {
    /// Its path in flowsim's repository: `docs/scenarios.md`, `README.md`.
    pub path: &'static str,
    /// Its Markdown.
    pub text: &'static str,
}

impl Page {
    /// What `flowsim docs` takes: the file's stem in lower case; `docs/README.md` is `index`.
    pub fn topic(&self) -> String {
        if self.path == "docs/README.md" {
            return "index".to_owned();
        }
        let name = self.path.rsplit('/').next().unwrap_or(self.path);
        name.strip_suffix(".md").unwrap_or(name).to_ascii_lowercase()
    }

    /// The text of its first `# ` heading.
    pub fn title(&self) -> &'static str {
        self.text.lines().find_map(|l| l.strip_prefix("# ")).map_or(self.path, str::trim)
    }
}

/// Every bundled page, the index first, then by topic.
pub(crate) fn pages() -> Vec<Page> {
    let mut pages: Vec<Page> = PAGES.iter().map(|&(path, text)| Page { path, text }).collect();
    pages.sort_by_key(|p| (p.topic() != "index", p.topic()));
    pages
}

/// The page `name` means: its topic, its file name or its path (`scenarios`, `scenarios.md`,
/// `docs/scenarios.md`), case aside.
pub(crate) fn find(name: &str) -> Option<Page> {
    let name = name.trim_start_matches("./").to_ascii_lowercase();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let stem = stem.strip_prefix("docs/").unwrap_or(stem);
    pages().into_iter().find(|p| {
        p.topic() == stem
            || p.path.eq_ignore_ascii_case(&name)
            || (stem == "readme" && p.path == "README.md")
    })
}

/// The topic of the page at `path` in the repository, if it is bundled.
fn topic_of_path(path: &str) -> Option<String> {
    pages().into_iter().find(|p| p.path == path).map(|p| p.topic())
}

/// Where a link of the page at `from` leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target<'a> {
    /// Another place of the same page: `#slots`.
    Anchor(&'a str),
    /// A bundled page, and a heading of it: `fixtures.md#queues`.
    Page { topic: String, fragment: Option<&'a str> },
    /// An image of `docs/images`, by its path in the repository.
    Image(String),
    /// Another file of flowsim's repository (`../editors/vscode`), which no install carries.
    Repository(String),
    /// A web address.
    External(&'a str),
}

/// Resolves `dest`, a link of the page at `from` (both as the repository has them).
pub(crate) fn resolve<'a>(from: &str, dest: &'a str) -> Target<'a> {
    if let Some(anchor) = dest.strip_prefix('#') {
        return Target::Anchor(anchor);
    }
    if dest.contains("://") || dest.starts_with("mailto:") {
        return Target::External(dest);
    }
    let (file, fragment) = match dest.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (dest, None),
    };
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in file.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let path = parts.join("/");
    if let Some(topic) = topic_of_path(&path) {
        return Target::Page { topic, fragment };
    }
    if IMAGES.iter().any(|(p, _)| *p == path) {
        return Target::Image(path);
    }
    Target::Repository(path)
}

/// The anchor GitHub gives a heading, which the pages' links use: lower case, punctuation
/// but `-` and `_` dropped, spaces as `-` (`flowsim diff REV:PATH: the scratch folder` is
/// `flowsim-diff-revpath-the-scratch-folder`).
pub(crate) fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The parser's options for every page: GitHub's tables and strikethrough.
pub(crate) fn options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
}

pub fn docs(args: &Args) -> Result<ExitCode, Refused> {
    if let Some(dir) = &args.out_dir {
        return write_all(dir);
    }
    if args.list {
        let pages = pages();
        let width = pages.iter().map(|p| p.topic().len()).max().unwrap_or(0);
        let mut out = String::new();
        for p in &pages {
            let _ = writeln!(out, "{:<width$}  {}", p.topic(), p.title());
        }
        write_stdout(&out);
        return Ok(ExitCode::SUCCESS);
    }
    let page = match args.topic.as_deref() {
        None => find("index").expect("the index is bundled"),
        Some(name) => find(name).ok_or_else(|| unknown(name))?,
    };
    let terminal = std::io::stdout().is_terminal();
    match args.format {
        DocsFormat::Markdown => write_exact(page.text),
        DocsFormat::Auto if !terminal => write_exact(page.text),
        DocsFormat::Html => write_exact(&html::page(&page)),
        DocsFormat::Text => write_exact(&terminal::render(&page, width(), super::color::on())),
        DocsFormat::Auto => page_through(&terminal::render(&page, width(), super::color::on())),
    }
    Ok(ExitCode::SUCCESS)
}

/// The refusal of a topic no page has, with the one it most likely meant.
fn unknown(name: &str) -> Refused {
    let topics: Vec<String> = pages().iter().map(Page::topic).collect();
    let help = super::schema::suggest(name, topics.iter().map(String::as_str)).map_or_else(
        || "`flowsim docs --list` lists them".to_owned(),
        |t| format!("did you mean `{t}`? `flowsim docs --list` lists them"),
    );
    Refused::error(Code::NotFound, format!("flowsim has no page `{name}`")).help(help)
}

/// The terminal's width, at most 100 columns (longer lines read badly); 100 off a terminal.
fn width() -> usize {
    console::Term::stdout().size_checked().map_or(100, |(_, cols)| usize::from(cols).min(100))
}

/// A rendered page on the terminal, through the pager (`$PAGER`, else `less -R`) when it is
/// longer than the screen; written directly when there is no pager to start.
fn page_through(text: &str) {
    let rows = console::Term::stdout().size_checked().map_or(usize::MAX, |(r, _)| usize::from(r));
    if text.lines().count() < rows {
        write_exact(text);
        return;
    }
    let pager = std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty());
    let mut command = if let Some(p) = &pager {
        let mut c = std::process::Command::new("sh");
        c.arg("-c").arg(p);
        c
    } else {
        let mut c = std::process::Command::new("less");
        // Colours through, quit at the end of a short page, no screen clearing.
        c.arg("-R").env("LESS", std::env::var("LESS").unwrap_or_else(|_| "FRX".into()));
        c
    };
    let Ok(mut child) = command.stdin(std::process::Stdio::piped()).spawn() else {
        write_exact(text);
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        // The reader quitting early (`q`) closes the pipe: not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    let _ = child.wait();
}

/// `--out-dir DIR`: every page as `TOPIC.html` and every image under `images/`, each written
/// through [`flowsim::util::write_inside`] (never through a link inside `dir`).
fn write_all(dir: &Path) -> Result<ExitCode, Refused> {
    let cannot = |name: &str, e: &dyn std::fmt::Display| {
        Refused::error(Code::CannotWrite, format!("cannot write {}: {e}", dir.join(name).display()))
            .help("name a directory flowsim may write into")
    };
    let pages = pages();
    for p in &pages {
        let name = format!("{}.html", p.topic());
        flowsim::util::write_inside(dir, Path::new(&name), html::page(p).as_bytes())
            .map_err(|e| cannot(&name, &e))?;
    }
    for (path, bytes) in IMAGES {
        let name = path.strip_prefix("docs/").unwrap_or(path);
        flowsim::util::write_inside(dir, Path::new(name), bytes).map_err(|e| cannot(name, &e))?;
    }
    write_stdout(&format!(
        "wrote {} pages and {} images into {}; open {}\n",
        pages.len(),
        IMAGES.len(),
        dir.display(),
        dir.join("index.html").display()
    ));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_of_docs_is_a_topic() {
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/docs"))
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter(|n| Path::new(n).extension().is_some_and(|e| e == "md"))
            .count();
        let bundled = pages().iter().filter(|p| p.path.starts_with("docs/")).count();
        assert_eq!(bundled, on_disk);
        assert_eq!(find("scenarios").unwrap().path, "docs/scenarios.md");
        assert_eq!(find("docs/scenarios.md").unwrap().path, "docs/scenarios.md");
        assert_eq!(find("Fixtures.md").unwrap().path, "docs/fixtures.md");
        assert_eq!(find("index").unwrap().path, "docs/README.md");
        assert_eq!(find("readme").unwrap().path, "README.md");
        assert!(find("nope").is_none());
    }

    #[test]
    fn links_resolve_against_their_page() {
        let page = |topic: &str, fragment| Target::Page { topic: topic.into(), fragment };
        assert_eq!(
            resolve("docs/check.md", "fixtures.md#queues"),
            page("fixtures", Some("queues"))
        );
        assert_eq!(resolve("docs/check.md", "../README.md"), page("readme", None));
        assert_eq!(resolve("README.md", "docs/scenarios.md"), page("scenarios", None));
        assert_eq!(resolve("docs/check.md", "#slots"), Target::Anchor("slots"));
        assert_eq!(
            resolve("docs/editor.md", "images/editor-hover.svg"),
            Target::Image("docs/images/editor-hover.svg".into())
        );
        assert_eq!(
            resolve("docs/editor.md", "../editors/vscode"),
            Target::Repository("editors/vscode".into())
        );
        assert_eq!(resolve("docs/a.md", "https://x.y/z"), Target::External("https://x.y/z"));
    }

    #[test]
    fn slugs_are_githubs() {
        assert_eq!(
            slug("flowsim diff REV:PATH: the scratch folder"),
            "flowsim-diff-revpath-the-scratch-folder"
        );
        assert_eq!(
            slug("Prompts, grammars, labels, organizations"),
            "prompts-grammars-labels-organizations"
        );
        assert_eq!(slug("§4 — choices"), "4--choices");
    }
}
