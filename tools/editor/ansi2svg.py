#!/usr/bin/env python3
"""A terminal screen as an SVG picture: `tmux capture-pane -e -p` output in, one SVG out.

    python3 tools/editor/ansi2svg.py COLUMNS ROWS < pane.txt > pane.svg

Only the standard library. The picture is a grid of COLUMNS x ROWS cells (longer lines are cut,
missing ones blank), each run of cells of one style drawn as a background rectangle and one text
element stretched to its cells, so that it lines up whatever monospace font the viewer has.
Understood: SGR colours (the 16 named, the 256-colour palette, 24-bit), bold, italic, underline,
reverse and their resets; every other escape sequence is dropped. The same input gives the same
bytes: no clock, no randomness, no font measured.
"""

import re
import sys
from xml.sax.saxutils import escape

CELL_W, CELL_H, FONT = 8.4, 17, 14
FG, BG = "#d0d0d0", "#1c1c1c"
NAMED = [
    "#1c1c1c", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
    "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
]
ESCAPE = re.compile(r"\x1b\[([0-9;:]*)([A-Za-z])|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


def palette(n):
    """The xterm 256-colour palette."""
    if n < 16:
        return NAMED[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    grey = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (grey, grey, grey)


class Style:
    __slots__ = ("fg", "bg", "bold", "italic", "underline", "reverse")

    def __init__(self):
        self.fg = self.bg = None
        self.bold = self.italic = self.underline = self.reverse = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.italic, self.underline, self.reverse)

    def colours(self):
        fg, bg = self.fg or FG, self.bg or BG
        return (bg, fg) if self.reverse else (fg, bg)


def extended(params, i):
    """A `38;5;N` or `38;2;R;G;B` colour at params[i]: the colour and the next index."""
    if i + 1 < len(params) and params[i + 1] == 5 and i + 2 < len(params):
        return palette(params[i + 2] % 256), i + 3
    if i + 1 < len(params) and params[i + 1] == 2 and i + 4 < len(params):
        r, g, b = (min(v, 255) for v in params[i + 2 : i + 5])
        return "#%02x%02x%02x" % (r, g, b), i + 5
    return None, len(params)


def sgr(style, text):
    params = [int(p) if p else 0 for p in re.split("[;:]", text)] if text else [0]
    i = 0
    while i < len(params):
        p = params[i]
        i += 1
        if p == 0:
            style.__init__()
        elif p == 1:
            style.bold = True
        elif p == 3:
            style.italic = True
        elif p == 4:
            style.underline = True
        elif p == 7:
            style.reverse = True
        elif p == 22:
            style.bold = False
        elif p == 23:
            style.italic = False
        elif p == 24:
            style.underline = False
        elif p == 27:
            style.reverse = False
        elif 30 <= p <= 37:
            style.fg = NAMED[p - 30]
        elif 90 <= p <= 97:
            style.fg = NAMED[p - 90 + 8]
        elif p == 39:
            style.fg = None
        elif 40 <= p <= 47:
            style.bg = NAMED[p - 40]
        elif 100 <= p <= 107:
            style.bg = NAMED[p - 100 + 8]
        elif p == 49:
            style.bg = None
        elif p in (38, 48):
            colour, i = extended(params, i - 1)
            if p == 38:
                style.fg = colour
            else:
                style.bg = colour


def cells(line, style, columns):
    """One line's cells: (character, style key) each; the style carries on to the next line."""
    out, pos = [], 0
    for m in ESCAPE.finditer(line):
        for ch in line[pos : m.start()]:
            if ch >= " ":
                out.append((ch, style.key(), style.colours()))
        if m.group(2) == "m":
            sgr(style, m.group(1))
        pos = m.end()
    for ch in line[pos:]:
        if ch >= " ":
            out.append((ch, style.key(), style.colours()))
    blank = Style()
    while len(out) < columns:
        out.append((" ", blank.key(), blank.colours()))
    return out[:columns]


def render(text, columns, rows):
    width, height = columns * CELL_W, rows * CELL_H
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" '
        'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="%d">'
        % (width, height, width, height, FONT),
        '<rect width="100%%" height="100%%" fill="%s"/>' % BG,
    ]
    style = Style()
    lines = text.split("\n")
    for row in range(rows):
        line = cells(lines[row] if row < len(lines) else "", style, columns)
        y = row * CELL_H
        col = 0
        while col < columns:
            start, key, (fg, bg) = col, line[col][1], line[col][2]
            while col < columns and line[col][1] == key:
                col += 1
            run = "".join(ch for ch, _, _ in line[start:col])
            x, w = start * CELL_W, (col - start) * CELL_W
            if bg != BG:
                parts.append('<rect x="%g" y="%g" width="%g" height="%d" fill="%s"/>' % (x, y, w, CELL_H, bg))
            if run.strip():
                bold, italic, underline = key[2], key[3], key[4]
                attrs = ' font-weight="bold"' if bold else ""
                attrs += ' font-style="italic"' if italic else ""
                attrs += ' text-decoration="underline"' if underline else ""
                parts.append(
                    '<text x="%g" y="%g" fill="%s" textLength="%g" lengthAdjust="spacingAndGlyphs"'
                    ' xml:space="preserve"%s>%s</text>' % (x, y + CELL_H - 4, fg, w, attrs, escape(run))
                )
    parts.append("</svg>\n")
    return "\n".join(parts)


def main():
    if len(sys.argv) != 3 or not all(a.isdigit() and 0 < int(a) <= 1000 for a in sys.argv[1:]):
        sys.stderr.write("usage: ansi2svg.py COLUMNS ROWS < pane.txt > pane.svg (each 1 to 1000)\n")
        sys.exit(2)
    text = sys.stdin.buffer.read().decode("utf-8", "replace")
    sys.stdout.write(render(text, int(sys.argv[1]), int(sys.argv[2])))


if __name__ == "__main__":
    main()
