//! The heatmap of a crosstab as a self-contained SVG, written by hand: seaborn's
//! `heatmap(annot=True, fmt="d", cmap="YlGnBu", linewidths=0.5)` as the orchestration service draws it, with a
//! title, axis labels, a count in every cell and a colour bar.
//!
//! Text is measured with a fixed per-character width (DejaVu Sans, which `png` embeds), so the
//! layout, and the bytes, are the same on every machine.

use super::Crosstab;
use crate::util::xml::escape as esc;
use std::fmt::Write as _;

/// ColorBrewer's YlGnBu, nine classes: light yellow (few) to dark blue (many).
pub const YLGNBU: [(u8, u8, u8); 9] = [
    (0xff, 0xff, 0xd9),
    (0xed, 0xf8, 0xb1),
    (0xc7, 0xe9, 0xb4),
    (0x7f, 0xcd, 0xbb),
    (0x41, 0xb6, 0xc4),
    (0x1d, 0x91, 0xc0),
    (0x22, 0x5e, 0xa8),
    (0x25, 0x34, 0x94),
    (0x08, 0x1d, 0x58),
];

/// The font the picture names (and `png` embeds).
pub const FONT_FAMILY: &str = "DejaVu Sans";
/// A label longer than this many characters is cut (its whole text is in a tooltip).
pub const MAX_LABEL_CHARS: usize = 40;

const FONT: f64 = 13.0;
const CELL_W: f64 = 76.0;
const CELL_H: f64 = 40.0;
const PAD: f64 = 16.0;

/// The words around the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
}

impl Style {
    /// The orchestration service's words for DTMF against routing decision; words made of the field names
    /// otherwise.
    pub fn for_fields(row: &str, col: &str) -> Style {
        if row == "dtmf" && col == "routing_decision" {
            return Style {
                title: "IVR Decision Path Heatmap (DTMF vs Routing Outcome)".into(),
                x_label: "Routing Decision".into(),
                y_label: "DTMF Input".into(),
            };
        }
        Style {
            title: format!("Decision Heatmap ({} vs {})", words(row), words(col)),
            x_label: words(col),
            y_label: words(row),
        }
    }
}

/// `routing_decision` → `Routing Decision`, `queue.waiting` → `Queue Waiting`.
fn words(field: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    let mut prev_lower = false;
    for c in field.chars() {
        if c == '_' || c == '.' || c == '-' {
            upper = true;
            continue;
        }
        if (upper || (prev_lower && c.is_uppercase())) && !out.is_empty() {
            out.push(' ');
        }
        out.extend(if upper || out.is_empty() {
            c.to_uppercase().collect::<Vec<_>>()
        } else {
            vec![c]
        });
        upper = false;
        prev_lower = c.is_lowercase();
    }
    out
}

/// The heatmap of `t` with the words of [`Style::for_fields`].
pub fn heatmap_svg(t: &Crosstab) -> String {
    svg(t, &Style::for_fields(&t.row_field, &t.col_field))
}

/// The heatmap of `t` as SVG text (UTF-8, ends with a newline).
pub fn svg(t: &Crosstab, style: &Style) -> String {
    let rows: Vec<String> = t.rows.iter().map(|l| cut(l)).collect();
    let cols: Vec<String> = t.cols.iter().map(|l| cut(l)).collect();
    let row_w = rows.iter().map(|l| width(l, FONT)).fold(0.0, f64::max);
    let col_w = cols.iter().map(|l| width(l, FONT)).fold(0.0, f64::max);
    // Column labels turn 45 degrees when one is wider than its cell.
    let slanted = col_w > CELL_W - 6.0;
    let col_h = if slanted { col_w * std::f64::consts::FRAC_1_SQRT_2 + FONT } else { FONT + 6.0 };
    let title_h = 2.0 * FONT + PAD;
    let (n_rows, n_cols) = (rows.len().max(1), cols.len().max(1));
    let grid_w = CELL_W * n_cols as f64;
    let grid_h = CELL_H * n_rows as f64;
    let max = t.max();
    let tick_w = width(&max.to_string(), FONT - 2.0);
    // Bold text is about an eighth wider.
    let title_w = width(&style.title, FONT + 3.0) * 1.15;
    let left = FONT + 10.0 + row_w + 8.0;
    let content_w = PAD + left + grid_w + 24.0 + 16.0 + 8.0 + tick_w + PAD;
    let w = content_w.max(title_w + 2.0 * PAD).ceil();
    // Under a title wider than the picture, the picture is centred.
    let shift = ((w - content_w) / 2.0).max(0.0);
    let grid_x = shift + PAD + left;
    let grid_y = PAD + title_h;
    let bar_x = grid_x + grid_w + 24.0;
    let h = (grid_y + grid_h + 6.0 + col_h + 8.0 + FONT + PAD).ceil();

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}, sans-serif" font-size="{FONT}" role="img">"#
    );
    let _ = writeln!(s, "<title>{}</title>", esc(&style.title));
    let _ = writeln!(s, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle" font-size="{}" font-weight="bold">{}</text>"#,
        n(w / 2.0),
        n(PAD + FONT + 3.0),
        FONT + 3.0,
        esc(&style.title)
    );
    if t.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#555555">no decisions</text>"##,
            n(grid_x + grid_w / 2.0),
            n(grid_y + grid_h / 2.0 + FONT / 3.0)
        );
    }
    // Cells, with white lines between them (`linewidths=0.5`).
    for (r, row) in t.counts.iter().enumerate() {
        for (c, &count) in row.iter().enumerate() {
            let (x, y) = (grid_x + CELL_W * c as f64, grid_y + CELL_H * r as f64);
            let (fill, dark) = colour(count, max);
            let _ = writeln!(
                s,
                r##"<g><title>{} = {}, {} = {}: {count}</title><rect x="{}" y="{}" width="{CELL_W}" height="{CELL_H}" fill="{fill}" stroke="#ffffff" stroke-width="1"/><text x="{}" y="{}" text-anchor="middle" fill="{}">{count}</text></g>"##,
                esc(&t.row_field),
                esc(&t.rows[r]),
                esc(&t.col_field),
                esc(&t.cols[c]),
                n(x),
                n(y),
                n(x + CELL_W / 2.0),
                n(y + CELL_H / 2.0 + FONT / 3.0),
                if dark { "#ffffff" } else { "#262626" }
            );
        }
    }
    // Row labels, right-aligned before the grid.
    for (r, label) in rows.iter().enumerate() {
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            n(grid_x - 8.0),
            n(grid_y + CELL_H * r as f64 + CELL_H / 2.0 + FONT / 3.0),
            esc(label)
        );
    }
    // Column labels, under the grid.
    let label_y = grid_y + grid_h + 6.0 + FONT;
    for (c, label) in cols.iter().enumerate() {
        let x = grid_x + CELL_W * c as f64 + CELL_W / 2.0;
        if slanted {
            let _ = writeln!(
                s,
                r#"<text x="{0}" y="{1}" text-anchor="end" transform="rotate(-45 {0} {1})">{2}</text>"#,
                n(x + FONT / 3.0),
                n(label_y - FONT / 2.0),
                esc(label)
            );
        } else {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
                n(x),
                n(label_y),
                esc(label)
            );
        }
    }
    // Axis labels.
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{}</text>"#,
        n(grid_x + grid_w / 2.0),
        n(grid_y + grid_h + 6.0 + col_h + 8.0 + FONT),
        esc(&style.x_label)
    );
    let (yx, yy) = (shift + PAD + FONT, grid_y + grid_h / 2.0);
    let _ = writeln!(
        s,
        r#"<text x="{0}" y="{1}" text-anchor="middle" font-weight="bold" transform="rotate(-90 {0} {1})">{2}</text>"#,
        n(yx),
        n(yy),
        esc(&style.y_label)
    );
    colour_bar(&mut s, bar_x, grid_y, grid_h, max);
    s.push_str("</svg>\n");
    s
}

/// The colour bar: the scale from 0 (bottom) to `max` (top), with ticks at 0, the middle and
/// `max`.
fn colour_bar(s: &mut String, x: f64, y: f64, h: f64, max: u64) {
    let mut stops = String::new();
    for (i, &(r, g, b)) in YLGNBU.iter().enumerate() {
        let _ = write!(
            stops,
            r##"<stop offset="{}" stop-color="#{r:02x}{g:02x}{b:02x}"/>"##,
            n(i as f64 / 8.0)
        );
    }
    let _ = writeln!(
        s,
        r#"<defs><linearGradient id="ylgnbu" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient></defs>"#
    );
    let _ = writeln!(
        s,
        r#"<rect x="{}" y="{}" width="16" height="{}" fill="url(#ylgnbu)"/>"#,
        n(x),
        n(y),
        n(h)
    );
    let mut ticks = vec![0, max];
    if max >= 2 {
        ticks.insert(1, max / 2);
    }
    ticks.dedup();
    for v in ticks {
        let ty = if max == 0 { y + h } else { y + h - h * v as f64 / max as f64 };
        let _ = writeln!(
            s,
            r##"<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#262626"/><text x="{3}" y="{4}" font-size="{5}">{v}</text>"##,
            n(x + 16.0),
            n(ty),
            n(x + 20.0),
            n(x + 23.0),
            n(ty + (FONT - 2.0) / 3.0),
            FONT - 2.0
        );
    }
}

/// The fill of a cell holding `count` of `max`, and whether its text should be white.
pub fn colour(count: u64, max: u64) -> (String, bool) {
    let f = if max == 0 { 0.0 } else { count as f64 / max as f64 };
    let pos = f * 8.0;
    let i = (pos.floor() as usize).min(7);
    let t = pos - i as f64;
    let (a, b) = (YLGNBU[i], YLGNBU[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    let (r, g, bl) = (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2));
    let luminance = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(bl);
    (format!("#{r:02x}{g:02x}{bl:02x}"), luminance < 140.0)
}

/// A width estimate for DejaVu Sans at `size`: wide letters count more.
fn width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.32,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '/' => 0.42,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.92,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii() => 0.62,
            _ => 1.0,
        })
        .sum::<f64>()
        * size
}

/// A label at most [`MAX_LABEL_CHARS`] characters long.
fn cut(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        return label.to_owned();
    }
    let mut s: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

/// A number as SVG writes it (`util::xml::number`, shared by every picture).
fn n(v: f64) -> String {
    crate::util::xml::number(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_become_words() {
        assert_eq!(words("routing_decision"), "Routing Decision");
        assert_eq!(words("queue.availableAgents"), "Queue Available Agents");
        assert_eq!(words("dtmf"), "Dtmf");
    }

    #[test]
    fn the_scale_runs_from_light_yellow_to_dark_blue() {
        assert_eq!(colour(0, 10), ("#ffffd9".to_owned(), false));
        assert_eq!(colour(10, 10), ("#081d58".to_owned(), true));
        assert_eq!(colour(0, 0).0, "#ffffd9");
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.25), "12.3");
    }
}
