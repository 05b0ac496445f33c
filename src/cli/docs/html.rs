//! A bundled page as HTML, for `flowsim docs --out-dir` (and `--format html`): pulldown-cmark's
//! writer over the page's events, with each heading given GitHub's anchor (what the pages'
//! links name) and each link rewritten to where the folder `--out-dir` writes has it:
//! `fixtures.md#queues` → `fixtures.html#queues`, `images/x.svg` as it is, a file of flowsim's
//! repository (`../editors/vscode`) named in the text instead of linked (no install has it).

use super::{resolve, slug, Page, Target};
use flowsim::util::Cut;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// The whole HTML document of `page`.
pub(super) fn page(page: &Page) -> String {
    let events = events(page);
    let mut body = String::with_capacity(page.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut body, events.into_iter());
    let title = flowsim::util::xml::escape(page.title());
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · flowsim</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <nav><a href=\"index.html\">flowsim's documentation</a> · <a href=\"readme.html\">README</a></nav>\n\
         <main>\n{body}</main>\n</body>\n</html>\n"
    )
}

const STYLE: &str =
    "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}\
pre{background:#f4f4f4;padding:.6rem;overflow-x:auto}code{font-size:90%}\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}\
nav{border-bottom:1px solid #ccc;padding-bottom:.4rem}img{max-width:100%}";

/// The page's events, headings with their anchors and links rewritten.
fn events(page: &Page) -> Vec<Event<'static>> {
    let mut events: Vec<Event<'static>> = Parser::new_ext(page.text, super::options()).collect();
    // Headings: GitHub's anchor of their text; a repeated one gets `-1`, `-2`, as GitHub does.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while !matches!(events.get(j), Some(Event::End(TagEnd::Heading(_))) | None) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = slug(&text);
            let n = seen.entry(base.clone()).or_insert(0);
            let anchor = if *n == 0 { base } else { format!("{base}-{n}") };
            *n += 1;
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor));
            }
            i = j;
        }
        i += 1;
    }
    // Links: where the written folder has them; a repository file is named, not linked.
    let mut out = Vec::with_capacity(events.len());
    let mut unlinked: Vec<Option<String>> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                match href(page.path, &dest_url) {
                    Ok(href) => {
                        unlinked.push(None);
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: CowStr::from(href),
                            title,
                            id,
                        }));
                    }
                    Err(path) => unlinked.push(Some(path)),
                }
            }
            Event::End(TagEnd::Link) => match unlinked.pop().flatten() {
                Some(dest) => out.push(Event::Html(CowStr::from(format!(
                    " <small>(<code>{}</code> in flowsim's repository)</small>",
                    flowsim::util::xml::escape(&dest)
                )))),
                None => out.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = href(page.path, &dest_url).unwrap_or_else(|_| dest_url.to_string());
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            Event::Html(raw) => out.push(Event::Html(CowStr::from(sources(page.path, &raw)))),
            Event::InlineHtml(raw) => {
                out.push(Event::InlineHtml(CowStr::from(sources(page.path, &raw))));
            }
            e => out.push(e),
        }
    }
    out
}

/// Raw HTML of a page (the README's `<img src="docs/images/...">`) with each `src` where the
/// written folder has it.
fn sources(from: &str, raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find("src=\"") {
        let (head, tail) = rest.split_at(i + 5);
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        out.push_str(&href(from, tail.cut(..end)).unwrap_or_else(|_| tail.cut(..end).to_owned()));
        rest = tail.cut(end..);
    }
    out.push_str(rest);
    out
}

/// Where the folder `--out-dir` writes has the target of `dest` (a link of the page at
/// `from`); for a file of the repository that is not bundled, its path in the repository.
fn href(from: &str, dest: &str) -> Result<String, String> {
    Ok(match resolve(from, dest) {
        Target::Anchor(a) => format!("#{a}"),
        Target::Page { topic, fragment: Some(f) } => format!("{topic}.html#{f}"),
        Target::Page { topic, fragment: None } => format!("{topic}.html"),
        Target::Image(path) => path.strip_prefix("docs/").unwrap_or(&path).to_owned(),
        Target::External(url) => url.to_owned(),
        Target::Repository(path) => return Err(path),
    })
}

#[cfg(test)]
mod tests {
    use super::super::pages;
    use super::*;
    use std::collections::BTreeSet;

    fn attrs<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
        let key = format!(" {name}=\"");
        html.match_indices(&key)
            .map(|(i, _)| {
                let rest = &html[i + key.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect()
    }

    /// Every link of every page, as `--out-dir` writes them, leads to a page it writes and to
    /// a heading that page has (or an image it writes, or the web).
    #[test]
    fn every_link_between_the_written_pages_works() {
        let written: HashMap<String, String> =
            pages().iter().map(|p| (format!("{}.html", p.topic()), page(p))).collect();
        let images: BTreeSet<&str> =
            super::super::IMAGES.iter().map(|(p, _)| p.strip_prefix("docs/").unwrap()).collect();
        let mut broken = Vec::new();
        for (name, html) in &written {
            for href in attrs(html, "href").into_iter().chain(attrs(html, "src")) {
                if href.starts_with("http://") || href.starts_with("https://") {
                    continue;
                }
                let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
                let file = if file.is_empty() { name.as_str() } else { file };
                if images.contains(file) {
                    continue;
                }
                let Some(target) = written.get(file) else {
                    broken.push(format!("{name}: {href} (no such page)"));
                    continue;
                };
                if !fragment.is_empty() && !attrs(target, "id").contains(&fragment) {
                    broken.push(format!("{name}: {href} (no such heading)"));
                }
            }
        }
        assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    }

    #[test]
    fn a_link_to_a_repository_file_names_it() {
        let p =
            Page { path: "docs/x.md", text: "# X\n\nSee [the extension](../editors/vscode).\n" };
        let html = page(&p);
        assert!(html.contains("the extension <small>(<code>editors/vscode</code> in flowsim's repository)</small>"), "{html}");
        assert!(!html.contains("href=\"../editors"), "{html}");
    }
}
