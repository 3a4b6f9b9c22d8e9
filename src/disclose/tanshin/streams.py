"""Statements whose figures the extractor printed out of line with their labels.

Some PDF extractors keep each column's figures in order and at their x position, but let the
columns drift up or down against the labels (the first column two rows late, the second four).
Read line by line, such a statement has labels without figures and figures without labels. Read
as streams it is whole again: the labels in order (a label followed by a more indented one is a
heading and has no figures; a label that wraps continues on the next line), and for each column
(a band of x positions) its figures in order. When every column holds exactly one figure per
label that is not a heading, the k-th figure of each column belongs to the k-th such label.
Whether this reading or the line-by-line one is right, the statement's arithmetic decides (the
caller compares how many totals add up).
"""
from __future__ import annotations

import re

from disclose.model import Cell, Table, Row
from disclose.taxonomy.source import TableSpec
from disclose.tanshin import periods as tp
from disclose.tanshin.cells import split
from disclose.tanshin.layout import PAGE_NUMBER
from disclose.tanshin.statements import LineTableReader, is_note, scale_of
from disclose.text.grammar import continues_rx
from disclose.text.tokens import norm

_SEGMENT = re.compile(r"\S+(?: \S+)*")  # text runs separated by two or more spaces
_CONTINUES = continues_rx()  # a label line that ends mid-label (the shared word list: data/grammar.yaml)
HEADER_GAP = 12  # text starting this close to the first column's right edge is over the figures
BAND = 3  # figures right-aligned within this many characters are one column
MAX_LABEL_WORDS = 14  # a longer run of words is prose after the table, not a row


def read_stacked(reader: LineTableReader, spec: TableSpec, start: int, end: int) -> Table | None:
    """The table of lines[start:end] read as label and column streams, or None when the counts
    do not agree (then the release is not printed that way)."""
    lines = reader.lines
    labels: list[tuple[int, int, str]] = []  # (line index, indent, text)
    figures: list[tuple[int, int, object]] = []  # (line index, right edge, Value)
    phrases: list[tuple[int, int, object]] = []  # (line index, right edge, Found period)
    segments: dict[tuple[int, int], str] = {}  # (line index, right edge of its last period) -> header text
    lone: list[int] = []
    scale = scale_of(lines[start]) or 0  # "(4) ... statement of cash flows   (Millions of yen)"
    for i in range(start + 1, end):
        text = lines[i]
        if not text.strip() or is_note(text.strip()):
            continue
        if PAGE_NUMBER.match(text):
            lone.append(i)  # a page number, or a figure alone on its line: its x position tells
        if (sc := scale_of(text)) is not None:
            scale = sc
        for n, m in enumerate(_SEGMENT.finditer(text)):
            seg = m.group()
            line = split(seg, i + 1)
            found = tp.find(seg, reader.cal)
            if found:
                phrases.extend((i, m.start() + f.end, f) for f in found)
                segments[(i, m.start() + found[-1].end)] = seg
                continue
            if line.values and not line.label:
                pos = m.start()
                for tok in seg.split(" "):
                    pos = text.index(tok, pos) + len(tok)
                    v = split(tok, i + 1).values
                    if v:
                        figures.append((i, pos, v[0]))
                continue
            if n == 0 and re.search(r"[A-Za-z]", seg) and scale_of(seg) is None:
                if line.values or len(seg.split()) > MAX_LABEL_WORDS:
                    return None  # a row printed with its figures, or prose: not this layout
                labels.append((i, m.start(), seg))
    if not labels or not figures or not phrases:
        return None
    bands = _bands([x for i, x, _ in figures if i not in lone])
    if not bands:
        return None
    figures = [f for f in figures if f[0] not in lone or min(abs(f[1] - b) for b in bands) <= BAND]
    # each page repeats the column header, and the columns may sit elsewhere on each page
    phrases = _wrapped_periods(reader, phrases, segments)
    first = phrases[0][2].period  # type: ignore[attr-defined]
    starts = [phrases[0][0]]
    for i, _, f in phrases[1:]:
        if f.period == first and any(starts[-1] < fi < i for fi, _, _ in figures):  # type: ignore[attr-defined]
            starts.append(i)
    starts[0] = start
    with_figures = {fi for fi, _, _ in figures}
    for n in range(1, len(starts)):
        while starts[n] - 1 > starts[n - 1] and lines[starts[n] - 1].strip() and starts[n] - 1 not in with_figures:
            starts[n] -= 1  # the header's first lines, above the line that names the period
    bounds = list(zip(starts, starts[1:] + [end]))
    columns = None
    out: list[Row] = []
    for a, b in bounds:
        part = _block(reader, spec, [x for x in labels if a <= x[0] < b], [x for x in figures if a <= x[0] < b],
                      [x for x in phrases if a <= x[0] < b], lines)
        if part is None:
            return None
        cols, rows = part
        if columns is not None and [c.period for c in cols] != [c.period for c in columns]:
            return None
        columns = cols
        out.extend(rows)
    if columns is None or not out:
        return None
    return Table(spec.id, lines[start].strip(), start + 1, tuple(columns), tuple(out), scale, None,
                 max(f[0] for f in figures) + 1)


def _block(reader: LineTableReader, spec: TableSpec, labels, figures, phrases, lines):
    """(columns, rows) of one page of the statement, or None when its streams do not agree."""
    if not labels or not figures or not phrases:
        return None
    # words printed over the figures are the column header, not labels
    labels = _without_caption([x for x in labels if x[1] < min(x for _, x, _ in figures) - HEADER_GAP])
    rows = _label_rows(labels)
    first: dict = {}
    for _, x, f in phrases:
        first.setdefault(f.period, (x, f))
    header = " ".join(lines[i] for i in sorted({i for i, _, _ in phrases}))
    columns, _ = reader._period_columns(spec, [f for _, f in sorted(first.values(), key=lambda t: t[0])], header)
    columns = [c for c in columns if c.kind == "value"]
    placed = _columns_of(figures, len(columns)) if columns else None
    if placed is None:
        return None
    streams = [[f for f, col in placed if col == b] for b in range(len(columns))]
    rows = _taxonomy_headings(reader, spec, rows, max(len(s) for s in streams))
    items, above = [], []
    for (line, label), heading in rows:
        if heading:
            above.append(label)  # glued to the next row's label, as the line reader does
            continue
        items.append((line, " ".join(above + [label])))
        above = []
    cells_of: list[list[tuple | None]] | None = [list(s) for s in streams]
    if items and any(len(s) != len(items) for s in streams):
        cells_of = with_blanks(streams, len(items))
    if not items or cells_of is None:
        return None
    out = []
    for k, (line, label) in enumerate(items):
        cells = tuple(None if f is None else Cell(f[2].raw, f[2].value, f[0] + 1) for f in (s[k] for s in cells_of))
        out.append(Row(label, cells, line + 1))
    return columns, out


def _columns_of(figures, ncols: int):
    """Each figure with its column, in print order. The columns keep their x positions for a run
    of lines and may all move together (the next part of the page): a figure at a new position
    once every column has one starts the next run. None when a run does not show every column."""
    out: list[tuple[tuple, int]] = []
    bands: list[int] = []
    run: list[tuple] = []

    def close() -> bool:
        if len(bands) != ncols:
            return False
        order = sorted(bands)
        out.extend((f, min(range(ncols), key=lambda b: abs(order[b] - f[1]))) for f in run)
        return True

    by_line: dict[int, list[tuple]] = {}
    for f in figures:
        by_line.setdefault(f[0], []).append(f)
    for _, figs in sorted(by_line.items()):
        if len(figs) > ncols:
            return None
        new = [f[1] for f in figs if not any(abs(f[1] - b) <= BAND for b in bands)]
        if new and len(bands) + len(new) > ncols:
            if not close():
                return None
            bands, run = [], []
            new = [f[1] for f in figs]
        bands.extend(new)
        run.extend(figs)
    return out if close() else None


def _wrapped_periods(reader: LineTableReader, phrases, segments):
    """A column header wrapped over lines ("(from April 1, 2025" / "to June 30, 2025)") read as
    one period: the header texts over one column on following lines, joined."""
    out: list = []
    used: set[int] = set()
    for n, (i, x, f) in enumerate(phrases):
        if n in used or (i, x) not in segments:
            continue
        group = [n]
        for m in range(n + 1, len(phrases)):
            j, y, _ = phrases[m]
            if m not in used and (j, y) in segments and 0 < j - phrases[group[-1]][0] <= 2 and abs(y - x) <= 15:
                group.append(m)
        if len(group) > 1:
            text = " ".join(segments[(phrases[m][0], phrases[m][1])] for m in group)
            found = tp.find(text, reader.cal)
            if len(found) == 1 and not found[0].period.is_instant:
                used.update(group)
                out.append((i, max(phrases[m][1] for m in group), found[0]))
                continue
    return sorted(out + [p for n, p in enumerate(phrases) if n not in used], key=lambda p: (p[0], p[1]))


def _taxonomy_headings(reader: LineTableReader, spec: TableSpec, rows, figures: int):
    """Headings printed at the indent of their rows ("Other comprehensive income" over its items):
    when there are more labels than figures, labels that name a heading of the table's taxonomy
    tree, or whose total follows ("Total other comprehensive income"), are its headings, if exactly
    as many as the extra labels."""
    extra = sum(not heading for _, heading in rows) - figures
    if extra <= 0:
        return rows
    names = {norm(n) for node, _ in spec.nodes() if reader.src.concepts[node.concept].abstract
             for n in reader.src.concepts[node.concept].names()}
    keys = [norm(label) for (_, label), _ in rows]
    hits = [n for n, (_, heading) in enumerate(rows) if not heading
            and (keys[n] in names or "total" + keys[n] in keys[n + 1:])]  # "Other income" ... "Total other income"
    if len(hits) != extra:
        return rows
    return [(r, heading or n in hits) for n, (r, heading) in enumerate(rows)]


def _label_rows(labels: list[tuple[int, int, str]]) -> list[tuple[tuple[int, str], bool]]:
    """((line, label), is heading) in order, wrapped labels joined."""
    joined: list[list] = []
    for i, indent, text in labels:
        if joined and joined[-1][1] == indent and (_CONTINUES.search(joined[-1][2]) or text[:1].islower()
                                                   or text[:1] == "-"):
            joined[-1][2] += " " + text
            continue
        joined.append([i, indent, text])
    out = []
    for k, (i, indent, text) in enumerate(joined):
        heading = k + 1 < len(joined) and joined[k + 1][1] > indent
        out.append(((i, text.rstrip(":")), heading))
    return out


def _bands(xs: list[int]) -> list[int]:
    """Right edges of the columns: figures whose right edges lie within BAND of each other."""
    out: list[list[int]] = []
    for x in sorted(set(xs)):
        if out and x - out[-1][-1] <= BAND:
            out[-1].append(x)
        else:
            out.append([x])
    return [max(b) for b in out]


def _without_caption(labels: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The labels without the words printed above the statement's first row ("Cumulative first
    quarter of consolidated fiscal year", the end of a column header left of the figures): a
    statement's rows start at its least indent, so leading labels indented deeper than the label
    after them are a caption, not rows."""
    while len(labels) > 1 and labels[0][1] > labels[1][1]:
        labels = labels[1:]
    return labels


MAX_SHIFT = 6  # lines one column's figures may drift against another's
TIE = 0.001  # between equally steady alignments, the one with the columns closer together


def with_blanks(streams: list[list[tuple]], n: int) -> list[list[tuple | None]] | None:
    """Each column's figures (line, x, value) placed on the statement's n rows, None where a
    column leaves its cell blank; None when that cannot be settled.

    The columns drift against the labels and against each other, so neither counts nor line
    numbers alone tell which cell is blank. What does: a column's figures keep their distance to
    the other column's figures of the same rows, changing it only slowly as the page goes down, so
    of all the ways to pair the two columns' figures (as many pairs as the counts allow for n
    rows), the one whose drift changes least is the reading. A column with a figure on every row
    is the reference of the others; otherwise two columns are paired with each other."""
    if any(len(s) > n for s in streams) or not all(streams):
        return None
    full = next((s for s in streams if len(s) == n), None)
    if full is None:
        if len(streams) != 2:
            return None
        rows = _pair(streams[0], streams[1], n)
        return None if rows is None else [[a for a, _ in rows], [b for _, b in rows]]
    out = []
    for s in streams:
        rows = [(a, a) for a in full] if s is full else _pair(full, s, n)
        if rows is None:
            return None
        out.append([b for _, b in rows])
    return out


def _pair(a: list[tuple], b: list[tuple], n: int) -> list[tuple[tuple | None, tuple | None]] | None:
    """n rows of (figure of a or None, figure of b or None), in order, each with at least one
    figure, pairing as many figures as that leaves (len(a) + len(b) - n), those whose line offset
    changes least from pair to pair; None when no pairing keeps the columns within MAX_SHIFT."""
    m = len(a) + len(b) - n
    if m <= 0 or m > min(len(a), len(b)):
        return None
    ga, gb = len(a) - m, len(b) - m  # rows with a figure of a only, of b only

    def off(i: int, j: int) -> int:
        return b[j][0] - a[i][0]

    layers: list[dict[tuple[int, int], tuple[float, tuple[int, int] | None]]] = []
    for k in range(m):
        layer: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {}
        for i in range(k, k + ga + 1):
            for j in range(k, k + gb + 1):
                if abs(off(i, j)) > MAX_SHIFT:
                    continue
                if k == 0:
                    layer[(i, j)] = (TIE * abs(off(i, j)), None)
                    continue
                best = min(((c + abs(off(i, j) - off(pi, pj)) + TIE * abs(off(i, j)), (pi, pj))
                            for (pi, pj), (c, _) in layers[-1].items() if pi < i and pj < j), default=None)
                if best is not None:
                    layer[(i, j)] = best
        if not layer:
            return None
        layers.append(layer)
    at: tuple[int, int] | None = min(layers[-1], key=lambda key: (layers[-1][key][0], key))
    pairs: list[tuple[int, int]] = []
    for layer in reversed(layers):
        assert at is not None
        pairs.append(at)
        at = layer[at][1]
    pairs.reverse()
    rows: list[tuple[tuple | None, tuple | None]] = []
    i = j = 0
    shift = off(*pairs[0])
    for pi, pj in pairs + [(len(a), len(b))]:
        lone = [(a[x][0], 0, (a[x], None)) for x in range(i, pi)] + [(b[y][0] - shift, 1, (None, b[y])) for y in range(j, pj)]
        rows.extend(r for _, _, r in sorted(lone, key=lambda t: (t[0], t[1])))
        if pi < len(a):
            rows.append((a[pi], b[pj]))
            shift = off(pi, pj)
        i, j = pi + 1, pj + 1
    return rows if len(rows) == n else None
