//! Colour on a terminal, none elsewhere (so CI logs and snapshots stay plain): `--color
//! auto|always|never`; under `auto`, `NO_COLOR` (set and not empty) turns colour off,
//! `CLICOLOR_FORCE` (set, not empty, not `0`) turns it on, else colour when standard output is
//! a terminal (the conventions of no-color.org and bixense.com/clicolors; cargo's `--color`).
//!
//! Only the human reports are painted, line by line, after they are written: the marks
//! `PASS` / `FAIL`, `error` / `warning` at the start of a diagnostic, the summary line, the
//! removed (red) and added (green) lines of a snapshot diff.

use flowsim::util::Cut;
use std::io::IsTerminal;
use std::sync::OnceLock;

static ON: OnceLock<bool> = OnceLock::new();

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Decides once, from the flag and the environment.
pub fn init(choice: ColorChoice) {
    let env_set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env_set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if env_set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto => std::io::stdout().is_terminal(),
    };
    let _ = ON.set(on);
}

/// Colour is on (`--color`, the environment, the terminal).
pub(crate) fn on() -> bool {
    ON.get().copied().unwrap_or(false)
}

const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[1;32m";
const YELLOW: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

/// `text` with its marks coloured, when colour is on.
pub fn paint(text: &str) -> std::borrow::Cow<'_, str> {
    if !on() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let marks: [(&str, &str); 6] = [
            ("PASS ", GREEN),
            ("FAIL ", RED),
            ("error[", RED),
            ("error:", RED),
            ("warning[", YELLOW),
            ("warning:", YELLOW),
        ];
        match marks.iter().find(|(m, _)| line.starts_with(m)) {
            Some((mark, colour)) => {
                let word = mark.trim_end_matches([' ', '[', ':']);
                out.push_str(colour);
                out.push_str(word);
                out.push_str(RESET);
                out.push_str(line.cut(word.len()..));
            }
            // A snapshot diff's lines (`harness::snapshot::diff`): gone red, new green.
            None if line.contains(" │-") || line.contains(" │+") => {
                push_line_in(&mut out, if line.contains(" │-") { RED } else { GREEN }, line);
            }
            None if line.contains(" passed, ") && line.contains(" failed") => {
                let failed = !line.contains(" 0 failed");
                push_line_in(&mut out, if failed { RED } else { GREEN }, line);
            }
            None => out.push_str(line),
        }
    }
    out.into()
}

/// `line` (with or without its line break) in `colour`: the break stays outside the colour.
fn push_line_in(out: &mut String, colour: &str, line: &str) {
    out.push_str(colour);
    out.push_str(line.trim_end_matches('\n'));
    out.push_str(RESET);
    if line.ends_with('\n') {
        out.push('\n');
    }
}

/// A unified diff with its removed lines red and its added lines green, when colour is on.
pub fn paint_diff(text: &str) -> std::borrow::Cow<'_, str> {
    if !on() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let colour = match line.as_bytes().first() {
            _ if line.starts_with("---") || line.starts_with("+++") => None,
            Some(b'-') => Some(RED),
            Some(b'+') => Some(GREEN),
            _ => None,
        };
        match colour {
            Some(c) => push_line_in(&mut out, c, line),
            None => out.push_str(line),
        }
    }
    out.into()
}
