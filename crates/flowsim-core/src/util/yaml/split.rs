//! Reading a large file's top-level list on several cores: the events' fast path
//! ([`super::stream`]) run over parts of the text at once, each part a run of the list's items.
//!
//! A file of this shape (a scenario file) is cut before lines that begin an item of the list
//! under `key`:
//!
//! ```yaml
//! flows: ../flows          # part 0: everything before the first cut, read as the whole type
//! scenarios:
//!   - name: a              # the first item: its `- ` fixes the column of the cuts
//!     flow: F
//!   - name: b              # a cut: part 1 starts here, read as a list of items
//!     flow: F
//! ```
//!
//! The parts are read at once and their lists joined. Whatever goes wrong (a part that does not
//! read, or that the fast path would not read), the whole text is read as one, so every error
//! is the sequential reader's, at its line and column. Read values carry no positions (serde
//! keeps none), so the parts need no line offsets: a joined value is the sequential one, or
//! there is none.
//!
//! Why a joined value is the one the whole text gives. Each part is read alone with the same
//! scanner, so the question is whether a cut line means in the whole text what it means at
//! the start of a part: a new item of the list, in block context, with nothing open across it.
//! - **The list is found by the parser, not by the text.** The first item line is the first
//!   content line after a line `key:` at column 0; part 0's read must then see the sequence
//!   that is the value of `key` in the top mapping start on that line, at its `-` (a block
//!   sequence) or at the item's first character (a sequence as indented as its key). Only a
//!   `-` that is a block entry there starts it: a `-` inside a scalar does not, and flow
//!   context has no block entries.
//! - **Nothing is open across a cut.** A quoted scalar or a flow collection (`[`, `{`) open
//!   at a cut runs to the end of the part before it, which then does not read (an unclosed
//!   quote or bracket is an error at the end of the text). A plain or block scalar never
//!   continues onto a line whose first character is at the list's column or left of it: the
//!   scanner ends it at any line indented no more than the innermost open block, which is the
//!   list or deeper.
//! - **The list is still open at every cut.** From the first item to the last cut, every line
//!   is blank, a comment, indented past the list's column, or an item line at that column;
//!   at the first other line (a key back at column 0, a document marker `---`/`...`, a
//!   directive `%`, a tab or byte order mark where indentation goes) no later cut is made, so
//!   no token ends the list before a cut. The last part runs to the end of the text: what
//!   follows the list there is read after a part whose top is a list, where anything but
//!   blank lines and comments is an error or a second document, and the part gives up.
//! - **Line breaks are saphyr's.** A lone `\r` is a line break to the scanner; a text holding
//!   one is not cut (it would hide a line from the checks above). `\r\n` is one break.
//! - **Anchors, aliases, tags and depth need no check of the text.** The fast path gives up at
//!   any anchor or alias in any part (and an alias whose anchor is in another part does not
//!   parse), a tag resolves alone, and each list part is read as nested in the one mapping
//!   around it, so [`super::MAX_DEPTH`] counts as in the whole text.
//!
//! The tests hold the parallel read to the sequential one on generated files, tricky ones
//! included (continuation lines of quoted scalars that begin `- `, block scalars, flow
//! collections across lines, CRLF, anchors, errors in a late part).

use super::stream::{by_serde, read_part, Part, ReadFn};
use super::Error;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Files smaller than this are read in one piece: a thread costs more than it saves.
pub const MIN_SPLIT_BYTES: usize = 256 << 10;

/// The smallest part worth cutting.
const MIN_PART_BYTES: usize = 64 << 10;

/// Parts after the first, per thread beyond the first: several, taken in turn, so that a
/// thread the machine delays leaves its share to the others instead of holding up the read.
const PARTS_PER_THREAD: usize = 4;

/// The stack of a part's thread: the main thread's, so that nesting to [`super::MAX_DEPTH`]
/// reads there as it does in one piece.
const STACK_BYTES: usize = 8 << 20;

/// Reads YAML text into `T` as [`from_str`](super::from_str) does, the list of items under
/// the top mapping's `key` (which `list` reaches in a `T`) read on every core when the file
/// is large enough and its shape allows (see the module doc). The same value, or the same
/// error, as `from_str`.
///
/// # Errors
/// As [`from_str`](super::from_str).
pub fn from_str_split<T, I>(
    text: &str,
    key: &str,
    list: fn(&mut T) -> &mut Vec<I>,
) -> Result<T, Error>
where
    T: DeserializeOwned + Send,
    I: DeserializeOwned + Send,
{
    from_str_split_by(text, key, list, &By::serde())
}

/// How [`from_str_split_by`] builds the file's value and a part's items from events: serde,
/// or readers written by hand ([`ReadFn`]) that read what serde reads.
pub struct By<T, I> {
    pub file: ReadFn<T>,
    pub items: ReadFn<Vec<I>>,
}

impl<T: DeserializeOwned, I: DeserializeOwned> By<T, I> {
    /// serde's reading of both.
    pub fn serde() -> By<T, I> {
        By { file: by_serde::<T>, items: by_serde::<Vec<I>> }
    }
}

/// As [`from_str_split`], the values read from the events by `by` (when a hand-written reader
/// gives up, serde's reading and the tree follow).
///
/// # Errors
/// As [`from_str`](super::from_str).
pub fn from_str_split_by<T, I>(
    text: &str,
    key: &str,
    list: fn(&mut T) -> &mut Vec<I>,
    by: &By<T, I>,
) -> Result<T, Error>
where
    T: DeserializeOwned + Send,
    I: DeserializeOwned + Send,
{
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if let Some(value) = read_split_by(text, key, list, threads, by) {
        return Ok(value);
    }
    super::de::from_str_by(text, by.file)
}

/// The value read by `threads` threads, or `None` when the text is not cut (too small, or of
/// another shape) or any part gives up.
pub(super) fn read_split<T, I>(
    text: &str,
    key: &str,
    list: fn(&mut T) -> &mut Vec<I>,
    threads: usize,
) -> Option<T>
where
    T: DeserializeOwned + Send,
    I: DeserializeOwned + Send,
{
    read_split_by(text, key, list, threads, &By::serde())
}

/// As `read_split`, the values read by `by`.
pub(super) fn read_split_by<T, I>(
    text: &str,
    key: &str,
    list: fn(&mut T) -> &mut Vec<I>,
    threads: usize,
    by: &By<T, I>,
) -> Option<T>
where
    T: Send,
    I: Send,
{
    let len = text.len();
    let parts = ((threads - 1) * PARTS_PER_THREAD).min(len / MIN_PART_BYTES);
    if len < MIN_SPLIT_BYTES || threads < 2 || parts < 1 {
        return None;
    }
    // Part 0 is a thread's share: its list is the one the others' are copied into (a copy of
    // large values, and memory touched for the first time), so the larger it is, the less is
    // copied. The rest is cut into smaller parts the threads share.
    let head = len / threads;
    let targets: Vec<usize> = (0..parts).map(|k| head + (len - head) / parts * k).collect();
    let plan = plan(text, key, &targets)?;
    read_planned(text, key, list, &plan, threads, by)
}

/// Reads the parts of `plan` on `threads` threads and joins them. Each thread takes the next
/// part not yet taken; the calling thread first reads part 0, the one that holds the top
/// mapping.
pub(super) fn read_planned<T, I>(
    text: &str,
    key: &str,
    list: fn(&mut T) -> &mut Vec<I>,
    plan: &Plan,
    threads: usize,
    by: &By<T, I>,
) -> Option<T>
where
    T: Send,
    I: Send,
{
    let mut bounds = vec![0];
    bounds.extend(&plan.cuts);
    bounds.push(text.len());
    let parts = bounds.len() - 1;
    let next = AtomicUsize::new(1);
    let stop = AtomicBool::new(false);
    // Parts 1 and after, as taken: each is a list inside the top mapping, as in the whole text.
    let take = || -> Vec<(usize, Option<Vec<I>>)> {
        let mut read = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= parts || stop.load(Ordering::Relaxed) {
                return read;
            }
            let mut how = Part { depth: 1, stop: Some(&stop), ..Part::default() };
            // The bounds are line starts (after a `\n`): a part that is not text is declined.
            let items = text
                .get(bounds[k]..bounds[k + 1])
                .and_then(|part| read_part(part, &mut how, by.items));
            if items.is_none() {
                stop.store(true, Ordering::Relaxed);
            }
            read.push((k, items));
        }
    };
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads.min(parts))
            .filter_map(|_| {
                let thread = std::thread::Builder::new().stack_size(STACK_BYTES);
                // A thread that cannot start leaves its parts to the others.
                thread.spawn_scoped(s, take).ok()
            })
            .collect();
        let mut how = Part { watch: Some(key), stop: Some(&stop), ..Part::default() };
        let head = text
            .get(..bounds[1])
            .and_then(|part| read_part(part, &mut how, by.file))
            .filter(|_| how.start.is_some_and(|at| plan.starts.contains(&at)));
        if head.is_none() {
            stop.store(true, Ordering::Relaxed);
        }
        let mut read = take();
        for h in helpers {
            read.extend(h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        let mut head = head?;
        if read.len() != parts - 1 {
            return None;
        }
        read.sort_unstable_by_key(|(k, _)| *k);
        let read: Vec<Vec<I>> = read.into_iter().map(|(_, items)| items).collect::<Option<_>>()?;
        let items = list(&mut head);
        items.reserve(read.iter().map(Vec::len).sum());
        for part in read {
            items.extend(part);
        }
        Some(head)
    })
}

/// Where a text is cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Plan {
    /// Byte offsets of the cut lines, increasing; at least one.
    pub cuts: Vec<usize>,
    /// Where the parser must see the list start in part 0 (saphyr's marker: 1-based line,
    /// 0-based column): the first item's `-`, or its first character.
    pub starts: [(usize, usize); 2],
}

/// Where to cut `text`: at the first item line at or after each of `targets` (byte offsets,
/// increasing), or `None` when it has not the shape the module doc describes.
pub(super) fn plan(text: &str, key: &str, targets: &[usize]) -> Option<Plan> {
    let bytes = text.as_bytes();
    // A lone `\r` breaks a line for the scanner but not for the checks below.
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    let mut lines = Lines { text, at: 0, number: 0 };
    // The key's line, at column 0 with nothing after it but a comment.
    loop {
        let (_, line) = lines.next()?;
        let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        let rest = rest.trim_end_matches([' ', '\t']);
        if rest.is_empty() || rest.starts_with([' ', '\t']) && rest.trim_start().starts_with('#') {
            break;
        }
    }
    // The first item: the next line of content, `- ` and something that is not a comment.
    let first = loop {
        let (_, line) = lines.next()?;
        if !blank_or_comment(line) {
            break line;
        }
    };
    let column = first.len() - first.trim_start_matches(' ').len();
    let after = first.trim_start_matches(' ').strip_prefix("- ")?;
    let content = after.trim_start_matches(' ');
    if content.is_empty() || content.starts_with(['#', '\t']) {
        return None;
    }
    let line = lines.number;
    let starts = [(line, column), (line, first.len() - content.len())];
    // The cuts. Most lines are indented past the list and decided by their first bytes.
    let mut cuts = Vec::new();
    let mut at = lines.at;
    let mut ends = memchr::memchr_iter(b'\n', &bytes[at..]).map(|i| lines.at + i + 1);
    while cuts.len() < targets.len() && at < bytes.len() {
        let start = at;
        at = ends.next().unwrap_or(bytes.len());
        let head = &bytes[start..at.min(start + column + 1)];
        if head.len() == column + 1 && head.iter().all(|&b| b == b' ') {
            continue;
        }
        let Some(line) = text.get(start..at) else { break };
        let line = line.trim_end_matches('\n').trim_end_matches('\r');
        if blank_or_comment(line) {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let item = indent == column
            && line
                .trim_start_matches(' ')
                .strip_prefix('-')
                .is_some_and(|r| r.is_empty() || r.starts_with(' '));
        if !item {
            break;
        }
        if start >= targets[cuts.len()] {
            cuts.push(start);
        }
    }
    (!cuts.is_empty()).then_some(Plan { cuts, starts })
}

/// A line holding only blanks, or a comment.
fn blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

/// The lines of a text with their byte offsets, without their `\n` or `\r\n`, numbered from 1
/// as read (`number` is the last one's).
struct Lines<'t> {
    text: &'t str,
    at: usize,
    number: usize,
}

impl<'t> Iterator for Lines<'t> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<(usize, &'t str)> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let rest = self.text.get(start..)?;
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        self.at += end;
        self.number += 1;
        let line = rest.get(..end)?;
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests;
