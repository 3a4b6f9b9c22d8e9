"""Statements whose columns are members (equity components), printed with drifted figures.

A statement of changes in equity heads each column with a component ("Share / capital", "Other /
components / of equity", "Non- / controlling / interests": words wrapped over several lines, each
word under its own column) and, in the text some PDF extractors write, lets each column's figures
drift a line or two up or down against the row labels, so that one printed line mixes figures of
two rows. What stays true is the order: each column keeps its figures top to bottom, at its x
position. So the statement is read as streams:

* the label stream: the row labels in order, a wrapped label joined with its continuation;
* the columns: x bands measured on the lines that carry a figure in every column; a line with fewer
  figures gives each to a column by the closest order-keeping fit of x positions;
* the header: the words above the first row, each given to the column it stands over (a run of
  words over three or more columns is a group heading, such as "Equity attributable to owners of
  the parent", not a column's name), joined per column and matched to the members of the table's
  axis by their labels and synonyms in the taxonomy source;
* the k-th figure of a column belongs to the k-th row when the column has one figure per row; a
  column with fewer figures (a sparse row: dividends only in some columns) places each figure at
  the row printed nearest to it, keeping their order.

A statement may print several such blocks, one per period ("For the three months ended June 30,
2025"): each block is a table of its own. Whether this reading or the line-by-line one is right,
the statement's arithmetic decides (the caller compares how many totals add up).
"""
from __future__ import annotations

import re
from statistics import median_low
from dataclasses import dataclass

from disclose.model import Cell, Column, Period, Row, Table
from disclose.taxonomy.source import TableSpec
from disclose.tanshin import periods as tp
from disclose.tanshin.cells import Value, split
from disclose.tanshin.layout import PAGE_NUMBER
from disclose.tanshin.statements import LineTableReader, is_note, scale_of
from disclose.text.tokens import norm

_WORD = re.compile(r"\S+")
_RUN = re.compile(r"\S+(?: \S+)*")  # words separated by single spaces
_CONTINUES = re.compile(r"(?:[-,&/]|\b(?:and|of|the|for|in|to|or|with|from|on|using|at|by|as))$", re.IGNORECASE)
GROUP_COLUMNS = 3  # a run of header words over this many columns heads a group of columns
EDGE = 2  # figures right-aligned within this many characters are one column
MAX_LABEL_WORDS = 14  # a longer run of words is prose, not a row label or a header


@dataclass(frozen=True)
class _Fig:
    line: int  # line index
    start: int
    end: int
    value: Value


@dataclass(frozen=True)
class _Band:
    start: int
    end: int

    def gap(self, f: _Fig) -> int:
        return max(0, self.start - f.end, f.start - self.end)

    def cost(self, f: _Fig) -> float:
        """How far a figure stands from the band: the gap between them, then the distance of centres."""
        return self.gap(f) + abs((self.start + self.end) / 2 - (f.start + f.end) / 2) / 100


def read_member_streams(reader: LineTableReader, spec: TableSpec, start: int, end: int) -> list[Table] | None:
    """The tables of lines[start:end] (one per period block) read as label and column streams,
    or None when the release is not printed that way."""
    lines = reader.lines
    scale = scale_of(lines[start]) or 0
    blocks: list[tuple[int, Period]] = []
    rows_since = False  # figures seen since the last block began
    for i in range(start, end):
        text = lines[i].strip()
        if not text:
            continue
        if split(text, i + 1).values:
            rows_since = True
            continue
        found = [f for f in tp.find(text, reader.cal) if not f.period.is_instant]
        if found:
            blocks.append((i, found[-1].period))
            rows_since = False
        elif blocks and rows_since and reader.member_header_like(spec, text):
            # the columns continued in a part printed below: a block of the same period whose
            # header starts on this line (a block's own first line is its period's)
            blocks.append((i - 1, blocks[-1][1]))
            rows_since = False
    if not blocks:
        if reader.current is None:
            return None
        blocks = [(start, reader.current)]
    tables: list[Table] = []
    for n, (a, period) in enumerate(blocks):
        b = blocks[n + 1][0] if n + 1 < len(blocks) else end
        scale = next((s for i in range(a, b) if (s := scale_of(lines[i])) is not None), scale)
        table = _block(reader, spec, a, b, period, scale, lines[start].strip())
        if table is not None:
            tables.append(table)
    return tables or None


def _block(reader: LineTableReader, spec: TableSpec, a: int, b: int, period: Period, scale: int,
           heading: str) -> Table | None:
    lines = reader.lines
    words: dict[int, list[tuple[int, int, str]]] = {}
    for i in range(a + 1, b):
        text = lines[i]
        if not text.strip() or is_note(text.strip()) or scale_of(text) is not None:
            continue
        words[i] = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    values = {i: [(s, e, v) for s, e, w in ws if (v := _value(w, i)) is not None] for i, ws in words.items()}
    # the left edge of the figures: the first figure after a row's words on the same line
    edges = [min(s for s, _, _ in vs) for i, vs in values.items() if vs
             and any(re.search(r"[A-Za-z]", w) and e <= min(s for s, _, _ in vs) for _, e, w in words[i])]
    if not edges:
        return None
    left = min(edges)
    figs: dict[int, list[_Fig]] = {}
    labels: list[tuple[int, int, str]] = []  # (line index, indent, text)
    first_row = None
    for i, ws in words.items():
        row_figs = [_Fig(i, s, e, v) for s, e, v in values[i] if s >= left]
        label_words = [(s, e, w) for s, e, w in ws if e <= left]
        if not row_figs and max(len(r.split()) for r in _RUN.findall(lines[i])) > MAX_LABEL_WORDS:
            if first_row is not None:
                break  # the text after the statement
            continue  # a sentence introducing it
        if row_figs:
            first_row = i if first_row is None else first_row
            figs[i] = row_figs
        if label_words and any(re.search(r"[A-Za-z0-9]", w) for _, _, w in label_words):
            labels.append((i, label_words[0][0], " ".join(w for _, _, w in label_words)))
    if first_row is None:
        return None
    # the header: the lines above the first row with words over the figures
    header = [i for i in words if i < first_row and any(e > left for _, e, _ in words[i])]
    labels = [x for x in labels if not header or x[0] > max(header)]
    # a page number ("- 12 -") looks like figures: it is one unless it stands in the columns
    lone = {i: figs.pop(i) for i in list(figs) if PAGE_NUMBER.match(lines[i])}
    if not figs:
        return None
    # a header cell wider than its figures may start left of them: whole runs of words that reach
    # over the figures are the header's
    runs = {i: [(r.start(), r.end()) for r in _RUN.finditer(lines[i]) if r.end() > left] for i in header}
    over = {i: [w for w in words[i] if w[1] > left or any(a <= w[0] and w[1] <= b for a, b in runs[i])]
            for i in header}
    for bands in (_full_line_bands(figs), _edge_bands(figs)):
        members = _members(reader, spec, over, bands) if bands else None
        if members is not None:
            break
    else:
        return None
    ncols = len(bands)
    for i, line_figs in lone.items():
        placed = _place(line_figs, bands)
        if placed is not None and all(bands[k].gap(x) <= EDGE for k, x in placed):
            figs[i] = line_figs
    streams: list[list[_Fig]] = [[] for _ in range(ncols)]
    for _, line_figs in sorted(figs.items()):
        placed = _place(line_figs, bands)
        if placed is None:
            return None
        for k, fig in placed:
            streams[k].append(fig)
    rows = _join_labels(labels)
    if not rows:
        return None
    items = list(range(len(rows)))  # the rows that carry figures
    lengths = {len(s) for s in streams}
    if len(lengths) == 1 and (m := lengths.pop()) < len(rows):
        heads = _headings(reader, spec, rows)
        if len(heads) == len(rows) - m:
            items = [n for n in items if n not in heads]
    cells: list[list[Cell | None]] = [[None] * ncols for _ in rows]
    for k, stream in enumerate(streams):
        slots = items if len(stream) == len(items) else _by_position(stream, [rows[n][0] for n in items])
        if slots is not None and len(stream) != len(items):
            slots = [items[n] for n in slots]
        if slots is None:
            return None
        for r, f in zip(slots, stream):
            cells[r][k] = Cell(f.value.raw, f.value.value, f.line + 1)
    out: list[Row] = []
    above: list[str] = []
    for (line, label), row in zip(rows, cells):
        if all(c is None for c in row):
            above.append(label)  # a heading: glued to the next row's label, as the line reader does
            continue
        out.append(Row(" ".join(above + [label]), tuple(row), line + 1))
        above = []
    if not out:
        return None
    cols = tuple(Column(text, None, (spec.columns, m)) for m, text in members)
    last = max(f.line for s in streams for f in s)
    return Table(spec.id, heading, a + 1, cols, tuple(out), scale, period, last + 1)


def _full_line_bands(figs: dict[int, list[_Fig]]) -> list[_Band]:
    """Each column's usual place, measured on the lines that print a figure in every column: the
    median left and right edges of its figures there."""
    ncols = max(len(f) for f in figs.values())
    full = [f for f in figs.values() if len(f) == ncols]
    if len(full) < 2:
        return []
    return [_Band(median_low([f[k].start for f in full]), median_low([f[k].end for f in full])) for k in range(ncols)]


def _edge_bands(figs: dict[int, list[_Fig]]) -> list[_Band]:
    """Each column's place when no line prints every column (each drifted its own way): figures
    whose right edges lie within EDGE characters of each other are one column."""
    groups: list[list[_Fig]] = []
    for f in sorted((f for line in figs.values() for f in line), key=lambda f: f.end):
        if groups and f.end - groups[-1][-1].end <= EDGE:
            groups[-1].append(f)
        else:
            groups.append([f])
    return [_Band(median_low([f.start for f in g]), median_low([f.end for f in g])) for g in groups]


def _headings(reader: LineTableReader, spec: TableSpec, rows: list[tuple[int, str]]) -> set[int]:
    """Rows whose label names a heading of the table's taxonomy tree ("Transactions with owners"):
    they carry no figures when every column has fewer figures than there are labels."""
    names = {norm(n) for node, _ in spec.nodes() if reader.src.concepts[node.concept].abstract
             for n in reader.src.concepts[node.concept].names()}
    return {n for n, (_, label) in enumerate(rows) if norm(label) in names}


def _value(word: str, i: int) -> Value | None:
    got = split(word, i + 1)
    if got.label or len(got.values) != 1 or got.values[0].percent:
        return None
    return got.values[0]


def _members(reader: LineTableReader, spec: TableSpec, header: dict[int, list[tuple[int, int, str]]],
             bands: list[_Band]) -> list[tuple[str, str]] | None:
    """(member, header text) of each column, from the header words over it.

    A column's header words stand one above the other: words of different lines whose x spans
    overlap are one stack ("Other" / "components" / "of equity"), and each stack names the column
    it stands over. A run of words over three or more columns is a group heading, left out."""
    words: list[tuple[int, int, int, str]] = []  # (line, start, end, word)
    runs: list[int] = []  # the member-naming phrase each word is in (words of no such phrase: their own)
    named = {n for n, _ in reader.vocab.members.get(spec.columns, [])}
    for i in sorted(header):
        text = reader.lines[i]
        for run in _RUN.finditer(text):
            own = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in _WORD.finditer(run.group())]
            own = [w for w in own if any(w[0] == s for s, _, _ in header[i])]
            if own and len({_nearest(bands, s, e) for s, e, _ in own}) < GROUP_COLUMNS:
                words.extend((i, s, e, w) for s, e, w in own)
                # a phrase that names a member is one cell, whatever column its words stand nearest
                whole = norm(" ".join(w for _, _, w in own)) in named
                runs.extend([len(runs) if whole else -1 - len(runs) - k for k in range(len(own))])
    stack = list(range(len(words)))  # union-find: the stack of each word

    def root(n: int) -> int:
        while stack[n] != n:
            n = stack[n]
        return n

    for p, (i, s, e, _) in enumerate(words):
        for q in range(p):
            j, s2, e2, _ = words[q]
            if (j != i and min(e, e2) > max(s, s2)) or runs[p] == runs[q]:  # stacked, or one phrase
                stack[root(p)] = root(q)
    spans: dict[int, tuple[int, int]] = {}
    for n, (_, s, e, _) in enumerate(words):
        r = root(n)
        a, b = spans.get(r, (s, e))
        spans[r] = (min(a, s), max(b, e))
    texts: list[list[str]] = [[] for _ in bands]
    col_of = {r: _nearest(bands, a, b) for r, (a, b) in spans.items()}
    for n, (_, _, _, w) in enumerate(words):
        texts[col_of[root(n)]].append(w)
    names = reader.vocab.members.get(spec.columns, [])
    out = []
    for col in texts:
        text = re.sub(r"(?<=[A-Za-z])- (?=[a-z])", "-", " ".join(col))  # "Non-" / "controlling"
        member = next((m for n, m in names if n == norm(text)), None)
        if member is None:
            return None
        out.append((member, text))
    return out if len({m for m, _ in out}) == len(out) else None


def _nearest(bands: list[_Band], s: int, e: int) -> int:
    """The band a header word stands over: the most overlap, else the nearest."""
    def score(k: int) -> tuple[int, float]:
        b = bands[k]
        overlap = min(e, b.end) - max(s, b.start)
        return (-overlap, abs((b.start + b.end) / 2 - (s + e) / 2)) if overlap > 0 else (1, max(b.start - e, s - b.end))
    return min(range(len(bands)), key=score)


def _place(figs: list[_Fig], bands: list[_Band]) -> list[tuple[int, _Fig]] | None:
    """Each figure of one line with its column: in order when the line fills every column, else
    the order-keeping assignment that stands them closest to their bands."""
    n, m = len(figs), len(bands)
    if n > m:
        return None
    if n == m:
        return list(enumerate(figs))
    inf = float("inf")
    # best[i][k]: cost of placing figs[:i] in bands[:k]
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    for k in range(m + 1):
        best[0][k] = 0.0
    for i in range(1, n + 1):
        for k in range(i, m + 1):
            skip = best[i][k - 1]
            use = best[i - 1][k - 1] + bands[k - 1].cost(figs[i - 1])
            best[i][k], take[i][k] = (use, True) if use <= skip else (skip, False)
    out: list[tuple[int, _Fig]] = []
    i, k = n, m
    while i > 0:
        if take[i][k]:
            out.append((k - 1, figs[i - 1]))
            i -= 1
        k -= 1
    return out[::-1]


def _by_position(stream: list[_Fig], rows: list[int]) -> list[int] | None:
    """Rows for a column with fewer figures than rows: each figure at the row printed nearest to
    it, in order (the order-keeping assignment of least total line distance)."""
    n, m = len(stream), len(rows)
    if n > m:
        return None
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    for k in range(m + 1):
        best[0][k] = 0.0
    for i in range(1, n + 1):
        for k in range(i, m + 1):
            skip = best[i][k - 1]
            use = best[i - 1][k - 1] + abs(stream[i - 1].line - rows[k - 1])
            best[i][k], take[i][k] = (use, True) if use <= skip else (skip, False)
    out: list[int] = []
    i, k = n, m
    while i > 0:
        if take[i][k]:
            out.append(k - 1)
            i -= 1
        k -= 1
    return out[::-1]


def _join_labels(labels: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """(line, label) of each row, wrapped labels joined: a line that starts lower case or with a
    year, or follows a line ending in a joining word or comma, continues the label above."""
    joined: list[list] = []
    for i, indent, text in labels:
        if joined and indent >= joined[-1][1] and i - joined[-1][3] <= 2 and (
                _CONTINUES.search(joined[-1][2]) or text[:1].islower() or re.fullmatch(r"(?:19|20)\d\d", text)):
            joined[-1][2] += " " + text
            joined[-1][3] = i
            continue
        joined.append([i, indent, text, i])
    return [(i, text.rstrip(":")) for i, _, text, _ in joined]
