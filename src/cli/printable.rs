//! Text for a terminal: what flowsim writes for people never carries a control character, an
//! escape sequence or a bidirectional override that came from a flow, a scenario, a recording
//! or a value. Names and messages hold whatever their files hold (`\u{1b}[2J` clears a screen,
//! `\r` overwrites a line, U+202E reverses it, a line starting with `::` is a GitHub Actions
//! workflow command); here they are written in the printable form the text trace already uses
//! for values, `char::escape_debug`'s: `\r`, `\u{1b}`, `\u{9b}`, `\u{202e}`.
//!
//! Invariants, for every human report and message (stdout and stderr, streamed or not): the only
//! control characters written are line breaks and tabs, and colour ([`super::color`]) is added
//! after this pass, so every escape sequence on the terminal is flowsim's own; no line of it,
//! once its leading blanks are dropped, starts with `::` (its first `:` is written `\u{3a}`).
//! Machine formats (JSON, XML, DOT, Mermaid, Markdown, GitHub annotations) are escaped by their
//! own writers and go out as they are.

use flowsim::util::Cut;
use std::borrow::Cow;
use std::io;

/// Whether `c` is written escaped: C0 controls but line breaks and tabs, DEL and C1 controls,
/// and the invisible marks that reorder a line (bidirectional embeddings, overrides, isolates
/// and marks).
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds a [`hidden`] character, told by its bytes: a C0 control byte other
/// than a line break or a tab, DEL, or the first two bytes of a C1 control (`C2 80..9F`), of
/// U+061C (`D8 9C`) or of a character from U+2000 to U+207F (`E2 80`, `E2 81`: the marks and
/// overrides, among others). Nothing else starts one, so text without these bytes (arrows,
/// accents) is printable as it is.
///
/// Each byte is tested with the one after it, branch-free, a block at a time (the compiler
/// tests a whole block at once): a long trace passes here.
// Bitwise on purpose: `&&` and `||` would branch on every byte.
#[allow(clippy::needless_bitwise_bool)]
fn maybe_hidden(text: &[u8]) -> bool {
    const BLOCK: usize = 64;
    let starts = |b: u8, next: u8| {
        ((b < 0x20) & (b != b'\n') & (b != b'\t'))
            | (b == 0x7f)
            | ((b == 0xc2) & (next < 0xa0))
            | ((b == 0xd8) & (next == 0x9c))
            | ((b == 0xe2) & (next & 0xfe == 0x80))
    };
    let Some((&last, _)) = text.split_last() else { return false };
    // The last byte has no byte after it: only a lone control can be hidden there.
    let next = text.get(1..).unwrap_or_default();
    let pairs = text.len() - 1;
    (0..pairs).step_by(BLOCK).any(|from| {
        let to = (from + BLOCK).min(pairs);
        let (bytes, nexts) = (text.get(from..to), next.get(from..to));
        let (Some(bytes), Some(nexts)) = (bytes, nexts) else { return false };
        bytes.iter().zip(nexts).fold(false, |any, (&b, &n)| any | starts(b, n))
    }) || starts(last, NO_NEXT)
}

/// What [`maybe_hidden`] pairs the last byte with: no byte starts a hidden character with it.
const NO_NEXT: u8 = 0xff;

/// Whether the line starting at `line` (after its blanks) would be a workflow command: the
/// blanks' length if so.
fn command_at(line: &str) -> Option<usize> {
    let blanks = line.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    line.cut(blanks..).starts_with("::").then_some(blanks)
}

/// `text` in its printable form: see the module's invariants. Borrowed when nothing changes.
pub fn terminal(text: &str) -> Cow<'_, str> {
    // Told apart a byte at a time (a long trace passes here); a character at a time only
    // where a byte may start a hidden character.
    let plain = !maybe_hidden(text.as_bytes()) || !text.chars().any(hidden);
    let commands = command_at(text).is_some()
        || memchr::memchr_iter(b'\n', text.as_bytes())
            .any(|i| command_at(text.cut(i + 1..)).is_some());
    if plain && !commands {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut rest = line;
        if let Some(blanks) = command_at(line) {
            out.push_str(line.cut(..blanks));
            out.push_str("\\u{3a}");
            rest = line.cut(blanks + 1..);
        }
        push_escaped(&mut out, rest);
    }
    Cow::Owned(out)
}

/// `text` with its hidden characters escaped (no line's start in it).
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
}

/// An `io::Write` that passes what it is given through [`terminal`], for output too large to
/// build first (a long text trace). A character cut between two writes is held until its end
/// comes; a line's start is remembered across writes.
pub struct Terminal<W: io::Write> {
    inner: W,
    /// The start of a UTF-8 character whose end has not come yet (at most three bytes).
    held: Vec<u8>,
    /// The blanks written so far at the start of the current line, if it has nothing else yet.
    line_start: Option<Vec<u8>>,
}

impl<W: io::Write> Terminal<W> {
    pub fn new(inner: W) -> Self {
        Terminal { inner, held: Vec::new(), line_start: Some(Vec::new()) }
    }

    /// Writes `text` (whole characters) escaped.
    fn put(&mut self, text: &str) -> io::Result<()> {
        let mut text = Cow::Borrowed(text);
        let at_start = self.line_start.is_some();
        // The blanks at a line's start were held back until what follows shows whether the
        // line is a command (a lone `:` after them too).
        if let Some(blanks) = self.line_start.take().filter(|b| !b.is_empty()) {
            let mut joined = String::from_utf8(blanks).unwrap_or_default();
            joined.push_str(&text);
            text = Cow::Owned(joined);
        }
        let mut from = 0;
        if !at_start {
            // The rest of a line begun by an earlier write: no line's start.
            from = text.find('\n').map_or(text.len(), |i| i + 1);
            let mut out = String::new();
            push_escaped(&mut out, text.cut(..from));
            self.inner.write_all(out.as_bytes())?;
            if from == text.len() {
                self.line_start = text.ends_with('\n').then(Vec::new);
                return Ok(());
            }
        }
        let text = text.cut(from..);
        let (done, open) = match text.rfind('\n') {
            Some(i) => text.split_at(i + 1),
            None => ("", text),
        };
        let undecided = open.trim_start_matches([' ', '\t']);
        let (now, later) = if undecided.is_empty() || undecided == ":" {
            (done.len(), Some(open.as_bytes().to_vec()))
        } else {
            (text.len(), None)
        };
        self.inner.write_all(terminal(text.cut(..now)).as_bytes())?;
        self.line_start = later.or_else(|| text.ends_with('\n').then(Vec::new));
        Ok(())
    }
}

impl<W: io::Write> io::Write for Terminal<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.held.is_empty() {
            // Nothing held (every write but one after a cut character): no copy.
            if let Ok(text) = std::str::from_utf8(bytes) {
                self.put(text)?;
                return Ok(bytes.len());
            }
        }
        self.held.extend_from_slice(bytes);
        let held = std::mem::take(&mut self.held);
        let (text, rest) = match std::str::from_utf8(&held) {
            Ok(t) => (t, &[][..]),
            Err(e) if e.error_len().is_none() => {
                let (ok, rest) = held.split_at(e.valid_up_to());
                (std::str::from_utf8(ok).unwrap_or_default(), rest)
            }
            // Not UTF-8 (never from flowsim's writers): shown as the lossy text.
            Err(_) => {
                let lossy = String::from_utf8_lossy(&held).into_owned();
                self.put(&lossy)?;
                return Ok(bytes.len());
            }
        };
        self.put(text)?;
        self.held = rest.to_vec();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(start) = self.line_start.take() {
            let text = String::from_utf8_lossy(&start).into_owned();
            self.inner.write_all(terminal(&text).as_bytes())?;
            self.line_start = if start.is_empty() { Some(start) } else { None };
        }
        if !self.held.is_empty() {
            let text = String::from_utf8_lossy(&std::mem::take(&mut self.held)).into_owned();
            self.inner.write_all(text.as_bytes())?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::{terminal, Terminal};
    use std::io::Write as _;

    #[test]
    fn controls_escapes_and_overrides_are_written_as_escapes() {
        assert_eq!(terminal("plain\ttext\nline"), "plain\ttext\nline");
        assert_eq!(
            terminal("a\u{1b}[31mred\r\u{7}\u{7f}\u{9b}2J\u{202e}"),
            "a\\u{1b}[31mred\\r\\u{7}\\u{7f}\\u{9b}2J\\u{202e}"
        );
        assert_eq!(terminal("caf\u{e9} \u{2713}"), "caf\u{e9} \u{2713}", "printable text is kept");
    }

    /// The byte test finds every hidden character, alone and among other text.
    #[test]
    fn every_hidden_character_is_seen_by_its_bytes() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32).filter(|&c| super::hidden(c)) {
            assert!(super::maybe_hidden(format!("a{c}b").as_bytes()), "{c:?}");
        }
        assert!(!super::maybe_hidden("took success \u{2192} Check, caf\u{e9}\n\t".as_bytes()));
        // At every place in and across the blocks the test passes over at once, a character cut
        // by a block's end included.
        let plain = "took success \u{2192} Check, caf\u{e9}\n\t".repeat(4);
        for c in ['\u{1b}', '\u{85}', '\u{61c}', '\u{202e}', '\u{2066}'] {
            for at in (0..=plain.len()).filter(|&i| plain.is_char_boundary(i)) {
                let text = format!("{}{c}{}", &plain[..at], &plain[at..]);
                assert!(super::maybe_hidden(text.as_bytes()), "{c:?} at {at}");
            }
        }
        assert!(!super::maybe_hidden(plain.as_bytes()));
    }

    #[test]
    fn no_line_starts_with_a_workflow_command() {
        assert_eq!(
            terminal("name\n::error::boom\n  ::warning x::y"),
            "name\n\\u{3a}:error::boom\n  \\u{3a}:warning x::y"
        );
        assert_eq!(terminal("a ::b"), "a ::b", "only at a line's start");
    }

    /// The streamed form writes what [`terminal`] writes, however the writes cut the text.
    #[test]
    fn the_writer_agrees_with_the_function_at_every_cut() {
        let text = "x\n::error::a\u{9b}b\u{202e}\n \t:\u{1b}\n  :: c\n:";
        let want = terminal(text);
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            for step in 1..=4 {
                let mut out = Vec::new();
                let mut w = Terminal::new(&mut out);
                w.write_all(&bytes[..cut]).expect("writes");
                for chunk in bytes[cut..].chunks(step) {
                    w.write_all(chunk).expect("writes");
                }
                w.flush().expect("flushes");
                drop(w);
                assert_eq!(
                    String::from_utf8(out).expect("UTF-8"),
                    want,
                    "cut at {cut}, step {step}"
                );
            }
        }
    }
}
