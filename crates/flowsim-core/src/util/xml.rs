//! Escaping text for XML and HTML (SVG pictures, the heatmap, the HTML report): one escaper
//! for character data and attribute values alike; and the one way SVG pictures write a number
//! ([`number`]).

/// A number as the SVG pictures write it (the flow diagrams, the heatmap): at most one
/// decimal, a whole number without one, never `-0`.
#[must_use]
pub fn number(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        #[allow(clippy::cast_possible_truncation)] // a coordinate, far within i64
        let whole = r as i64;
        format!("{whole}")
    } else {
        format!("{r:.1}")
    }
}

/// `text` escaped for XML character data and attribute values: `&`, `<`, `>` and both quotes
/// as entities, line breaks and tabs as spaces (`keep_lines` keeps them, for a `<pre>`, and drops carriage returns), other
/// control characters and the two non-characters U+FFFE and U+FFFF, which XML 1.0 does not
/// allow (its `Char` production), dropped: no name makes the document unreadable.
pub fn escape_into(out: &mut String, text: &str, keep_lines: bool) {
    out.reserve(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' if keep_lines => out.push(c),
            '\r' if keep_lines => {}
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// [`escape_into`] a new string, line breaks as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, text, false);
    out
}

/// [`escape_into`] a new string, line breaks kept (for a `<pre>`).
pub fn escape_lines(text: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, text, true);
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_lines};

    #[test]
    fn markup_quotes_and_control_characters() {
        assert_eq!(escape("a<b & \"c\" 'd'\u{1}\ne"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39; e");
        assert_eq!(escape_lines("a\n\tb\r\u{7}"), "a\n\tb");
        assert_eq!(escape("a\u{fffe}b\u{ffff}\u{fffd}"), "ab\u{fffd}", "XML's non-characters");
    }
}
