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
from disclose.pdf.words import Row, Word

PHRASE_GAP = 0.6  # words closer than this share of the font size are one phrase
PACKED = 2.6  # header lines stand closer than this many font sizes apart
UNIT_WORDS = frozenset({"unit", "units", "in", "millions", "million", "thousands", "thousand", "billions", "billion", "of",
                        "yen", "%", "u.s.", "us", "dollars", "dollar", "jpy", "usd", "euros", "euro", "eur", ""})
AMOUNT = re.compile(r"^\(?[△▲-]?(?:\d{1,3}(?:,\d{3})+|\d+\.\d+)\)?%?$")  # a figure, not a year or a day
_MAX_BAND = 8


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
    if len(lines) >= 2 and len(lines[0]) == 1 and len(lines[1]) >= 3:
        below = (lines[1][0][0].x0, lines[1][-1][-1].x1)
        p = lines[0][0]
        if abs((p[0].x0 + p[-1].x1) / 2 - sum(below) / 2) <= 0.1 * (below[1] - below[0]):
            spans.append(p)  # a title centred over the cells of the line below ("Dividend per share")
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


def _word(words: list[Word], top: float, bottom: float, size: float) -> Word:
    return Word(" ".join(w.text for w in words), min(w.x0 for w in words), max(w.x1 for w in words), top, bottom, size)
