//! Markdown for a pull-request comment (`diff --format markdown`): text and code spans that
//! show exactly what they hold, whatever the text. Invariants: neither ever starts a line,
//! ends a table row or holds a character GitHub would read as markup, HTML, a mention or a
//! reference; control characters and the marks that reorder a line never reach the comment.
/// Text in Markdown (a table cell, a heading, a list item, all inline): every character GitHub's
/// Markdown or the HTML it allows would read inline (`|`, `<`, `&`, `` ` ``, `*`, `_`, `[`,
/// `!`, `~`, `$`, `@` mentions, `#` references...) backslash-escaped, as CommonMark allows
/// before any ASCII punctuation, so the text shows as written; line breaks, which would end a
/// row or an item, as spaces; other control characters and bidirectional marks dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if unseen(c) => {}
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '!' | '~' | '&' | '$' | '@'
            | '#' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Control characters and the marks that reorder a line (a bidirectional override would show
/// the rest of a row reversed): dropped from Markdown.
fn unseen(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text as a Markdown code span, shown exactly: fenced by more backticks than its longest run
/// of them (padded with spaces when it starts or ends with one), pipes escaped (GitHub reads
/// `\|` as `|` even in a code span, and a bare one would split a table row), line breaks as
/// spaces, other control characters dropped.
pub fn code(s: &str) -> String {
    let text: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if unseen(c) => None,
            c => Some(c),
        })
        .collect::<String>()
        .replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}
