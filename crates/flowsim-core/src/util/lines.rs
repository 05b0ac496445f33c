//! A file's lines, indexed once: where each line starts, and how many characters come before
//! every block of bytes, so that turning a byte into a line and column (or back) costs a
//! binary search and a short scan, never a walk from the file's start. For placing many
//! diagnostics in one file, each as [`line_column`](super::files::line_column) and
//! [`byte_at`](super::scalar_pos::byte_at) would place it alone.

/// Bytes per block of the character count: a column costs at most this many bytes scanned,
/// however long its line (a minified export is one line).
const BLOCK: usize = 1024;

/// The line starts and character counts of one text (see the module's documentation).
#[derive(Debug, Clone)]
pub struct Lines {
    /// The byte where each line starts: 0, then the byte after each `\n`.
    starts: Vec<usize>,
    /// The characters before byte `i * BLOCK`, for each block.
    chars: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let b = text.as_bytes();
        super::work::add(b.len());
        let mut starts = vec![0];
        starts.extend(b.iter().enumerate().filter(|(_, &c)| c == b'\n').map(|(i, _)| i + 1));
        let mut chars = Vec::with_capacity(b.len() / BLOCK + 1);
        let mut count = 0;
        for block in b.chunks(BLOCK) {
            chars.push(count);
            count += char_starts(block);
        }
        chars.push(count);
        Lines { starts, chars }
    }

    /// The byte where 1-based `line` starts, if `text` has it.
    pub fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The byte where 1-based `line` ends (its `\n`, or the end of `text`), if `text` has it.
    fn end(&self, text: &str, line: usize) -> Option<usize> {
        self.start(line)?;
        Some(self.starts.get(line).map_or(text.len(), |next| next - 1))
    }

    /// 1-based `line` of `text` without its line break (`\n` or `\r\n`), if `text` has it.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let l = text.get(self.start(line)?..self.end(text, line)?)?;
        Some(if line < self.starts.len() { l.strip_suffix('\r').unwrap_or(l) } else { l })
    }

    /// The byte of `text` where 1-based `line` and `column` (in characters) are, as
    /// [`byte_at`](super::scalar_pos::byte_at) finds it: the line's end for the column after
    /// its last character.
    pub fn byte_at(&self, text: &str, line: usize, column: usize) -> Option<usize> {
        let column = column.checked_sub(1)?;
        let start = self.start(line.max(1))?;
        let end = self.end(text, line.max(1))?;
        let target = self.chars_before(text, start) + column;
        let at_end = self.chars_before(text, end);
        if target >= at_end {
            return (target == at_end).then_some(end);
        }
        // The block where the character starts, then a scan of at most a block.
        let block = self.chars.partition_point(|&c| c <= target) - 1;
        let from = block * BLOCK;
        let mut seen = self.chars[block];
        for (i, &b) in text.as_bytes()[from..].iter().enumerate() {
            if b & 0xC0 != 0x80 {
                if seen == target {
                    return Some(from + i);
                }
                seen += 1;
            }
        }
        None
    }

    /// The 1-based line and column of byte `offset` of `text`, as
    /// [`line_column`](super::files::line_column) counts them.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        if !text.is_char_boundary(offset) {
            return super::files::line_column(text.as_bytes(), offset);
        }
        (line, self.chars_before(text, offset) - self.chars_before(text, line_start) + 1)
    }

    /// The characters of `text` before byte `offset`, a character boundary.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        self.chars[block] + char_starts(&text.as_bytes()[block * BLOCK..offset])
    }
}

/// The characters that start in `bytes` (UTF-8): every byte but continuation bytes.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::files::line_column;
    use crate::util::scalar_pos::byte_at;

    /// Every byte and every line and column of `text` is mapped as the unindexed functions
    /// map it.
    #[track_caller]
    fn agrees(text: &str) {
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 1 {
            assert_eq!(
                lines.line_column(text, offset),
                line_column(text.as_bytes(), offset),
                "{offset} in {text:?}"
            );
        }
        let widest = text.split('\n').map(|l| l.chars().count()).max().unwrap_or(0);
        for line in 0..=text.split('\n').count() + 1 {
            let as_lines = text.lines().nth(line.max(1) - 1);
            // The empty line after a final line break, which `lines` does not give.
            let last = (line.max(1) == text.split('\n').count()).then_some("");
            assert_eq!(lines.line(text, line.max(1)), as_lines.or(last), "{line} in {text:?}");
            for column in 0..widest + 3 {
                assert_eq!(
                    lines.byte_at(text, line, column),
                    byte_at(text, line, column),
                    "{line}:{column} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn indexed_places_are_the_unindexed_ones() {
        agrees("");
        agrees("a");
        agrees("ab\néc\n");
        agrees("x: 1\r\ny: \"é😀\"\r\n\n  - z\n");
        // Lines longer than a block, and characters across a block's end.
        let long = format!("{}\n{}\n", "é".repeat(1500), "a😀".repeat(700));
        agrees(&long);
    }
}
