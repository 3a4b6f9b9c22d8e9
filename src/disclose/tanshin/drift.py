"""Summary tables whose figures the extractor printed a line or two off their rows.

`pdftotext -layout` keeps each figure at its x position but may move it up or down against the
period that heads its row ("Net assets" of June 30 printed two lines above "June 30, 2026", the
equity ratio of March 31 on the June row). Read line by line, such a table gives a row the
figures of another. Read by columns it is whole: the figures standing alone (not inside a
sentence) form one band of x positions per column, each band holds one figure per row, in the
rows' order.
"""
from __future__ import annotations

import re

from disclose.tanshin.cells import Value, split

_SEGMENT = re.compile(r"\S+(?: \S+)*")  # text runs separated by two or more spaces
MAX_DRIFT = 3  # lines a figure may stand above or below its row


def lone_figures(text: str, number: int) -> list[tuple[int, Value]]:
    """(right edge, figure) of each figure of the line that stands in a run of figures only (a
    figure inside words, "As of March 31, 2026: 257,439 million yen", is not a table cell)."""
    out: list[tuple[int, Value]] = []
    for m in _SEGMENT.finditer(text):
        seg = m.group()
        line = split(seg, number)
        if not line.values or line.label:
            continue
        pos = m.start()
        for tok in seg.split(" "):
            pos = text.index(tok, pos) + len(tok)
            v = split(tok, number).values
            if v:
                out.append((pos, v[0]))
    return out


def by_columns(lines: list[str], lo: int, hi: int, rows: list[int], ncols: int) -> list[list[Value]] | None:
    """The figures of lines[lo:hi] as one row of ncols figures for each row line (1-based) in
    `rows`: sorted by x position the figures fall into ncols bands of one figure per row (a band's
    figures from different lines, each band wholly left of the next; a figure may stand a few
    characters off its column, as "77,073 1.4" squeezed by the extractor), the k-th figure of a
    band down the page belongs to the k-th row. None when they do not, or when a figure would
    stand more than MAX_DRIFT lines from its row."""
    found = sorted(((x, v) for i in range(lo, hi) for x, v in lone_figures(lines[i], i + 1)), key=lambda f: f[0])
    n = len(rows)
    if not n or len(found) != n * ncols:
        return None
    bands = [found[c * n:(c + 1) * n] for c in range(ncols)]
    if any(a[-1][0] >= b[0][0] for a, b in zip(bands, bands[1:])):
        return None
    columns = []
    for band in bands:
        col = sorted((v for _, v in band), key=lambda v: v.line)
        if len({v.line for v in col}) != n or any(abs(v.line - r) > MAX_DRIFT for v, r in zip(col, rows)):
            return None
        columns.append(col)
    return [[col[k] for col in columns] for k in range(n)]
