//! A bundled page rendered for a terminal: paragraphs wrapped to its width, lists with their
//! marks, code blocks indented, tables in aligned columns (or, when they do not fit, as a
//! block per row), and each link followed by where it leads (`(flowsim docs fixtures)`, a web
//! address). With colour, headings and strong text are bold, code is cyan and the link notes
//! dim (styles per word, so that the spaces between stay plain); without, code keeps its backticks and headings their `#`s, so the text reads as it is.

use super::{resolve, Page, Target};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

const BOLD: &str = "\x1b[1m";
const BOLD_MAGENTA: &str = "\x1b[1;35m";
const ITALIC: &str = "\x1b[3m";
const CYAN: &str = "\x1b[36m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `page` for a terminal `width` columns wide, in colour or not.
pub(super) fn render(page: &Page, width: usize, color: bool) -> String {
    let mut r = Renderer { color, width: width.max(40), ..Renderer::default() };
    for event in Parser::new_ext(page.text, super::options()) {
        r.event(page.path, event);
    }
    r.flush();
    let mut out = r.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A word as the terminal shows it: its text (with its colour's escapes), its width in columns.
#[derive(Clone)]
struct Word {
    text: String,
    width: usize,
    /// A hard line break comes before it.
    break_before: bool,
}

#[derive(Default)]
struct Renderer {
    color: bool,
    width: usize,
    out: String,
    /// What each line of the current block starts with (list indents, quote bars).
    indent: Vec<String>,
    /// The mark of the list item whose first line is next (`• `, `3. `).
    mark: Option<String>,
    /// The words of the current paragraph, heading, item or cell.
    words: Vec<Word>,
    /// Whitespace came since the last word: the next one is a word of its own.
    space: bool,
    /// Escapes in force (strong, emphasis, link...), innermost last.
    styles: Vec<&'static str>,
    /// Each open list's next number (`None`: bullets).
    lists: Vec<Option<u64>>,
    /// What each open link's end adds: where it leads.
    links: Vec<Option<String>>,
    /// Inside a code block: its text so far.
    code: Option<String>,
    /// Inside a table: its rows, each a list of cells (their words); the header is the first.
    table: Option<Vec<Vec<Vec<Word>>>>,
    /// Inside an image: its alt text is gathered, its path shown after.
    image: Option<String>,
    heading: Option<HeadingLevel>,
}

impl Renderer {
    fn event(&mut self, path: &str, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(path, tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(code) = &mut self.code {
                    code.push_str(&t);
                } else if let Some(alt) = &mut self.image {
                    alt.push_str(&t);
                } else {
                    self.text(&t);
                }
            }
            Event::Code(t) => {
                if self.color {
                    self.styles.push(CYAN);
                    self.text_glued(&t);
                    self.styles.pop();
                } else {
                    self.text_glued(&format!("`{t}`"));
                }
            }
            Event::SoftBreak => self.space = true,
            Event::HardBreak => {
                // The next word starts a line: marked by a word of no width.
                self.words.push(Word { text: String::new(), width: 0, break_before: true });
                self.space = true;
            }
            Event::Rule => {
                self.flush();
                let rule = "─".repeat(self.width.min(40));
                self.line(&self.paint(DIM, &rule));
                self.blank();
            }
            // Comments (`<!-- codes:start -->`) and raw HTML are for the web page only.
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, path: &str, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.flush_if_words(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.blank();
                self.heading = Some(level);
                let style = if level <= HeadingLevel::H2 { BOLD_MAGENTA } else { BOLD };
                self.styles.push(style);
                if !self.color {
                    self.text(&"#".repeat(level as usize));
                    self.space = true;
                }
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.indent.push(self.paint(DIM, "│ "));
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let mark = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_owned(),
                };
                // The item's later lines and blocks hang under its text.
                self.indent.push(" ".repeat(mark.width()));
                self.mark = Some(mark);
            }
            Tag::Emphasis => self.styles.push(ITALIC),
            Tag::Strong => self.styles.push(BOLD),
            Tag::Strikethrough => self.styles.push(DIM),
            Tag::Link { dest_url, .. } => {
                let note = match resolve(path, &dest_url) {
                    Target::Anchor(_) => None,
                    Target::Page { topic, .. } => Some(format!("(flowsim docs {topic})")),
                    Target::Image(p) => Some(format!("({p})")),
                    Target::Repository(p) => Some(format!("({p} in flowsim's repository)")),
                    Target::External(url) => Some(format!("({url})")),
                };
                self.links.push(note);
            }
            Tag::Image { dest_url, .. } => {
                let shown = match resolve(path, &dest_url) {
                    Target::Image(p) | Target::Repository(p) => p,
                    _ => dest_url.to_string(),
                };
                self.image = Some(String::new());
                self.links.push(Some(shown));
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some(Vec::new());
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.push(Vec::new());
                }
            }
            Tag::TableCell => self.words.clear(),
            Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Heading(_) => {
                self.styles.pop();
                self.flush();
                self.heading = None;
                self.blank();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.indent.pop();
                self.blank();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                for l in code.lines() {
                    let l = format!("    {l}");
                    self.line(l.trim_end());
                }
                self.blank();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Item => {
                self.flush();
                self.mark = None;
                self.indent.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                if let Some(note) = self.links.pop().flatten() {
                    self.space = true;
                    self.styles.push(DIM);
                    self.text(&note);
                    self.styles.pop();
                }
            }
            TagEnd::Image => {
                let alt = self.image.take().unwrap_or_default();
                let path = self.links.pop().flatten().unwrap_or_default();
                self.text(&format!("[image: {alt} ({path})]"));
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.words);
                self.space = false;
                if let Some(row) = self.table.as_mut().and_then(|t| t.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Table => {
                let rows = self.table.take().unwrap_or_default();
                self.table(&rows);
                self.blank();
            }
            TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_)
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    /// Text in the styles in force: a word per run of non-space, the first glued to the word
    /// before it when no space came between.
    fn text(&mut self, text: &str) {
        for (i, part) in text.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if !part.is_empty() {
                self.word(part);
            }
        }
    }

    /// Text that stays one word (a code span).
    fn text_glued(&mut self, text: &str) {
        self.word(text);
    }

    fn word(&mut self, word: &str) {
        let styled = match self.styles.last() {
            Some(_) if self.color => format!("{}{word}{RESET}", self.styles.concat()),
            _ => word.to_owned(),
        };
        let width = word.width();
        match self.words.last_mut() {
            Some(last) if !self.space && last.width > 0 => {
                last.text.push_str(&styled);
                last.width += width;
            }
            _ => self.words.push(Word { text: styled, width, break_before: false }),
        }
        self.space = false;
    }

    fn flush_if_words(&mut self) {
        if !self.words.is_empty() {
            self.flush();
        }
    }

    /// The words gathered so far, wrapped, under the current indent; the first line under
    /// the list item's mark, when it is the item's first.
    fn flush(&mut self) {
        self.space = false;
        if self.words.is_empty() {
            return;
        }
        let words = std::mem::take(&mut self.words);
        let indent: String = self.indent.concat();
        let first = match self.mark.take() {
            Some(mark) => {
                let outer = &self.indent[..self.indent.len().saturating_sub(1)];
                format!("{}{mark}", outer.concat())
            }
            None => indent.clone(),
        };
        let room = self.width.saturating_sub(strip(&indent).width()).max(20);
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut used = 0;
        for w in words {
            if w.width == 0 {
                if w.break_before && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                continue;
            }
            if used > 0 && used + 1 + w.width > room {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(&w.text);
            used += w.width;
        }
        if used > 0 {
            lines.push(line);
        }
        for (i, l) in lines.iter().enumerate() {
            self.out.push_str(if i == 0 { &first } else { &indent });
            self.out.push_str(l);
            self.out.push('\n');
        }
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(&self.indent.concat());
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// An empty line, unless the text already ends with one.
    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A table in aligned columns when it fits, else a block per row (`header: cell` lines).
    fn table(&mut self, rows: &[Vec<Vec<Word>>]) {
        let joined =
            |cell: &[Word]| cell.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let width_of = |cell: &[Word]| {
            cell.iter().map(|w| w.width).sum::<usize>() + cell.len().saturating_sub(1)
        };
        let Some(header) = rows.first() else { return };
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(width_of(cell));
            }
        }
        let indent_width = strip(&self.indent.concat()).width();
        let total = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
        if total + indent_width <= self.width {
            for (r, row) in rows.iter().enumerate() {
                let mut line = String::new();
                for (i, cell) in row.iter().enumerate() {
                    let text = joined(cell);
                    line.push_str(&if r == 0 { self.paint(BOLD, &strip(&text)) } else { text });
                    if i + 1 < row.len() {
                        line.push_str(&" ".repeat(widths[i] - width_of(cell) + 2));
                    }
                }
                self.line(line.trim_end());
                if r == 0 {
                    let rule = "─".repeat(total);
                    self.line(&self.paint(DIM, &rule));
                }
            }
            return;
        }
        for row in &rows[1..] {
            self.indent.push("  ".to_owned());
            self.mark = Some("• ".to_owned());
            for (i, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                if let Some(name) = header.get(i) {
                    self.styles.push(BOLD);
                    self.text(&format!("{}:", strip(&joined(name))));
                    self.styles.pop();
                    self.space = true;
                }
                self.words.extend(cell.iter().cloned());
                self.flush();
            }
            self.indent.pop();
            self.mark = None;
        }
    }
}

/// `text` without its escapes: what the terminal shows of it.
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
