"""Column headers stacked over several lines, merged into one header cell per column by x position.

A PDF prints a column's header in the space above its figures, over as many lines as it needs:

    FY2023                 FY2024                       Profit attributable
    (January 1, 2023       (January 1, 2024       Net sales   Operating profit   to owners of parent
    to December 31, 2023)  to December 31, 2024)
    (Millions of yen)      (Millions of yen)

Read line by line the columns interleave ("(January 1, 2023 (January 1, 2024 to December 31,
2023) ..."), so no period or name can be read. Here the header lines just above a table's first
figure row become one line whose cells are the columns top to bottom ("FY2023 (January 1, 2023 to
December 31, 2023) FY2024 (January 1, 2024 to December 31, 2024)"):

* a header line has no amounts and is packed close to the lines around it; it stands right of the
  label margin (where the rows' labels and the headings start); phrases are words apart by more
  than a word space;
* phrases of different lines whose x ranges overlap are one column; a phrase over several columns
  of another line ("Equity attributable to owners of parent"), or over none in a line of fewer
  cells ("Dividend per share" centred over five), is a title of the columns: it is kept, on a line
  of its own above the merged header, and so is a lone phrase centred over a line of cells;
* unit lines ("(Millions of yen)", "million yen %") are not merged: the readers take them as the
  table's scale, on their own line below the header.
"""
from __future__ import annotations

import re
from functools import lru_cache

from disclose.paths import read_data
from disclose.pdf.words import Row, Word

PHRASE_GAP = 0.6  # words closer than this share of the font size are one phrase
PACKED = 2.6  # header lines stand closer than this many font sizes apart
UNIT_WORDS = frozenset({"unit", "units", "in", "millions", "million", "thousands", "thousand", "billions", "billion", "of",
                        "yen", "%", "u.s.", "us", "dollars", "dollar", "jpy", "usd", "euros", "euro", "eur", ""})
AMOUNT = re.compile(r"^\(?[△▲-]?(?:\d{1,3}(?:,\d{3})+|\d+\.\d+)\)?%?$")  # a figure, not a year or a day
_MAX_BAND = 12
TOTAL_CELLS = frozenset({"total", "subtotal", "sub-total"})


def merge_stacked_headers(rows: list[Row]) -> list[Row]:
    """The page's rows with each stacked column header merged into one row (see the module's doc)."""
    figure_rows = [r for r in rows if len(r.figures) >= 2 and r.label]
    if not figure_rows:
        return rows
    margin = min(r.x for r in figure_rows)
    out: list[Row] = []
    k = 0
    while k < len(rows):
        band = _band(rows, k, margin)
        if band < 2:
            out.append(rows[k])
            k += 1
            continue
        head = [r for r in rows[k:k + band] if not _is_unit(r)]
        units = [r for r in rows[k:k + band] if _is_unit(r)]
        figure_cols = _figure_columns(rows, k + band, margin)
        if len(figure_cols) >= 2:
            spans, columns = _by_figure_columns([_phrases(r) for r in head], figure_cols)
        else:
            spans, columns = _columns([_phrases(r) for r in head])
        if len(columns) < 2 and not spans:
            out.extend(rows[k:k + band])
            k += band
            continue
        top, bottom = head[0].top, head[-1].bottom
        size = max(w.size for r in head for w in r.words)
        if spans:
            out.append(Row([_word(p, top, bottom, size) for p in sorted(spans, key=lambda p: p[0].x0)]))
        out.append(Row([_word(c, top, bottom, size) for c in columns]))
        out.extend(units)
        k += band
    return out


def _band(rows: list[Row], k: int, margin: float) -> int:
    """How many rows from k are a stacked header: figureless header lines packed together, then the
    table's figures (after its unit lines and the label lines of its first rows); 0 if none."""
    n = 0
    while k + n < len(rows) and n < _MAX_BAND:
        r = rows[k + n]
        if r.figures or not _header_like(r, margin):
            break
        if n and r.top - rows[k + n - 1].bottom > PACKED * _size(r):
            break
        n += 1
    if n < 2 or sum(1 for r in rows[k:k + n] if not _is_unit(r)) < 2:
        return 0
    if k > 0 and not rows[k - 1].figures and _header_like(rows[k - 1], margin) \
            and rows[k].top - rows[k - 1].bottom <= PACKED * _size(rows[k]):
        return 0  # the band starts earlier (the caller comes here first)
    # the table's figures follow: directly, or after the label lines of its first rows
    for j in range(k + n, min(len(rows), k + n + 4)):
        if rows[j].figures and rows[j].label or len(rows[j].figures) >= 2:
            return n
        if rows[j].x > margin + 2 * _size(rows[j]) or len(rows[j].words) > 8:
            return 0
    return 0


def _figure_columns(rows: list[Row], start: int, margin: float) -> list[tuple[float, float]]:
    """The x extents of the figure columns of the table that starts at rows[start] (up to the next
    stacked header): its rows' figures grouped by their right edges, each shared by two rows."""
    figures: list[Word] = []
    for j in range(start, len(rows)):
        if j > start and not rows[j].figures and _band(rows, j, margin) >= 2:
            break
        if len(rows[j].figures) >= 2:
            figures.extend(rows[j].figures)
    clusters: list[list[Word]] = []
    for w in sorted(figures, key=lambda w: w.x1):
        if clusters and w.x1 - clusters[-1][-1].x1 <= 1.2 * max(w.size, 1.0):
            clusters[-1].append(w)
        else:
            clusters.append([w])
    return [(min(w.x0 for w in c), max(w.x1 for w in c)) for c in clusters if len(c) >= 2]


Phrase = tuple[int, list[Word], frozenset[int]]  # (header line, words, figure columns under it)


def _by_figure_columns(lines: list[list[list[Word]]], cols: list[tuple[float, float]]
                       ) -> tuple[list[list[Word]], list[list[Word]]]:
    """(spanning phrases, columns) of the header lines, placed over the figure columns below them.

    A phrase is over the figure columns its x range overlaps (or the nearest one, a little apart).
    It is a title when two phrases printed below it and overlapping it stand over different
    columns ("Other components of equity" over its reserves); otherwise it names the columns it
    is over, and phrases over the same columns are one cell, top to bottom (a cell over a figure
    and its percentage is one column of the header). A phrase over no figure column is a cell of
    its own, unless it heads the notes column (its references were dropped). A cell that says only
    "Total" names the total of the innermost title that ends at or just before its columns (the
    total of other components of equity)."""
    titles: list[Phrase] = []
    if _centred_title(lines) or _title_over_table(lines, cols):
        # "Dividend per share" over its cells, "Shareholders' equity" over all the part's columns
        titles.append((0, lines[0][0], frozenset(range(len(cols)))))
        lines = [[], *lines[1:]]
    phrases = [ph for n, line in enumerate(lines) for p in line if (ph := _placed(n, p, cols)) is not None]
    spans = titles + [t for ph in phrases if (t := _title(ph, phrases)) is not None]
    titled = {id(t[1]) for t in spans}
    columns: list[list[Word]] = []
    for group in _cells([ph for ph in phrases if id(ph[1]) not in titled]):
        words = [w for _, p, _ in group for w in p]
        under = frozenset().union(*(c[2] for c in group))
        if under and " ".join(w.text for w in words).lower() in TOTAL_CELLS:
            at = min(under)
            owner = max((t for t in spans if max(t[2]) in (at, at - 1)), key=lambda t: t[0], default=None)
            if owner is not None:  # the title names this total; its own columns end before it
                spans = [t for t in spans if t is not owner] + [(owner[0], owner[1], frozenset(c for c in owner[2] if c < at))]
                words = words + [Word(w.text, w.x0, w.x0, w.top, w.bottom, w.size) for w in owner[1]]
        columns.append(words)
    return [p for _, p, _ in sorted(spans, key=lambda t: (t[0], t[1][0].x0))], columns


def _placed(n: int, p: list[Word], cols: list[tuple[float, float]]) -> Phrase | None:
    """The phrase with the figure columns under it; None for the notes column's header."""
    under = {c for c, (a, b) in enumerate(cols) if p[0].x0 < b and a < p[-1].x1}
    if not under:  # a cell a little left of its figures (they are narrower than the widest)
        gap, c = min((max(a - p[-1].x1, p[0].x0 - b), c) for c, (a, b) in enumerate(cols))
        under = {c} if gap <= 1.5 * max(p[0].size, 1.0) else set()
    if not under and " ".join(w.text for w in p).lower().strip(":") in note_headers():
        return None  # the header of the notes column, whose references are dropped
    return (n, p, frozenset(under))


def _title(ph: Phrase, phrases: list[Phrase]) -> Phrase | None:
    """The phrase as a title over the columns of the phrases below it, if two of them stand over
    different columns."""
    n, p, _ = ph
    covers = [q[2] for q in phrases if q[2] and q[0] > n
              and min(q[1][-1].x1, p[-1].x1) - max(q[1][0].x0, p[0].x0) > 2]
    if not any(not (a & b) for k, a in enumerate(covers) for b in covers[k + 1:]):
        return None
    return (n, p, frozenset().union(*covers))


def _cells(phrases: list[Phrase]) -> list[list[Phrase]]:
    """Phrases over shared columns (or, over none, overlapping on other lines) as cells, left to
    right, each top to bottom."""
    parent = list(range(len(phrases)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(phrases)):
        for j in range(i + 1, len(phrases)):
            a, b = phrases[i], phrases[j]
            if a[2] & b[2] or (not a[2] and not b[2] and a[0] != b[0] and _overlap(a[1], b[1])):
                parent[find(i)] = find(j)
    groups: dict[int, list[Phrase]] = {}
    for i, ph in enumerate(phrases):
        groups.setdefault(find(i), []).append(ph)
    out = sorted(groups.values(), key=lambda g: min(w.x0 for _, p, _ in g for w in p))
    for group in out:
        group.sort(key=lambda c: (round(min(w.top for w in c[1])), c[1][0].x0))
    return out


def _size(r: "Row") -> float:
    return max((w.size for w in r.words), default=1.0) or 1.0


def _header_like(r: "Row", margin: float) -> bool:
    """A line of column header cells: right of the label margin (where labels and headings start),
    holding no amount (a year or a day is a header's; "109.78 yen" is a row's)."""
    if any(AMOUNT.match(w.text) for w in r.words):
        return False
    return _is_unit(r) or r.x > margin + 3 * _size(r)


def _is_unit(r: "Row") -> bool:
    return bool(r.words) and all(re.sub(r"[():]", "", w.text).lower() in UNIT_WORDS for w in r.words)


def _phrases(r: "Row") -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in r.words:
        if out and w.x0 - out[-1][-1].x1 <= PHRASE_GAP * max(w.size, 1.0):
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _overlap(a: list[Word], b: list[Word]) -> bool:
    return a[0].x0 < b[-1].x1 and b[0].x0 < a[-1].x1


def _columns(lines: list[list[list[Word]]]) -> tuple[list[list[Word]], list[list[Word]]]:
    """(spanning phrases, columns) of the header lines: each column's words top to bottom."""
    spans: list[list[Word]] = []
    cells: list[tuple[int, list[Word]]] = []
    widest = max(len(phrases) for phrases in lines)
    if _centred_title(lines):
        spans.append(lines[0][0])  # a title centred over the cells of the line below ("Dividend per share")
        lines = [[], *lines[1:]]
    for n, phrases in enumerate(lines):
        for p in phrases:
            over = [sum(1 for q in other if _overlap(p, q)) for m, other in enumerate(lines) if m != n]
            if max(over, default=0) >= 2 or (not any(over) and len(phrases) < widest):
                # over several columns, or over none in a line of fewer cells: a title of the columns
                spans.append(p)
            else:
                cells.append((n, p))
    # phrases that overlap (directly or through another) are one column
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(cells)):
        for j in range(i + 1, len(cells)):
            if cells[i][0] != cells[j][0] and _overlap(cells[i][1], cells[j][1]):
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[int, list[Word]]]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    columns = []
    for members in groups.values():
        members.sort(key=lambda c: (c[0], c[1][0].x0))
        columns.append([w for _, p in members for w in p])
    columns.sort(key=lambda c: min(w.x0 for w in c))
    return spans, columns


def _title_over_table(lines: list[list[list[Word]]], cols: list[tuple[float, float]]) -> bool:
    """The first header line is one phrase, centred over the figure columns, above two or more
    lines of cells: the title of them all (wider than the middle column only by its words)."""
    if len(lines) < 3 or len(lines[0]) != 1 or sum(len(line) for line in lines[1:]) < 3:
        return False
    return _centred(lines[0][0], cols[0][0], cols[-1][1])


@lru_cache(maxsize=1)
def note_headers() -> frozenset[str]:
    """Column headers whose figures are references to notes (data/pdf.yaml), lower case."""
    return frozenset(n.lower() for n in read_data("pdf.yaml")["note_headers"])


def _centred_title(lines: list[list[list[Word]]]) -> bool:
    """The first header line is one phrase centred over three or more cells of the line below."""
    if len(lines) < 2 or len(lines[0]) != 1 or len(lines[1]) < 3:
        return False
    return _centred(lines[0][0], lines[1][0][0].x0, lines[1][-1][-1].x1)


def _centred(p: list[Word], a: float, b: float) -> bool:
    """The phrase's middle within a tenth of the width of the middle of a..b."""
    return abs((p[0].x0 + p[-1].x1) / 2 - (a + b) / 2) <= 0.1 * (b - a)


def _word(words: list[Word], top: float, bottom: float, size: float) -> Word:
    return Word(" ".join(w.text for w in words), min(w.x0 for w in words), max(w.x1 for w in words), top, bottom, size)
