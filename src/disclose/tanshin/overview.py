"""The per-segment pages of the management discussion: a block per segment.

    Electronics Materials
     Fiscal year 24/4 - 25/3 (Billions of yen) Fiscal year 25/4 - 26/3 (Billions of yen) Increase / (Decrease)
    Net sales 934.3 1,015.7 9%
    Operating income 324.7 344.5 6%

A line that is exactly a segment's name, followed closely by a header of periods, starts a small
table whose columns are those periods for that segment's member.
"""
from __future__ import annotations

from disclose.model import Column, Row, Table
from disclose.taxonomy.source import Source
from disclose.tanshin.cells import split
from disclose.tanshin.statements import LineTableReader, _change_columns
from disclose.text.tokens import norm

WINDOW = 5  # lines between the segment's name and its header
SPAN = 14  # lines a block may take


def segment_overview(reader: LineTableReader, src: Source, members: list[tuple[str, str]], lo: int, hi: int) -> list[Table]:
    specs = [s for s in src.tables.values() if s.file.startswith("jgaap-") and s.columns == "SegmentsAxis" and not s.headings]
    if not specs:
        return []
    spec = specs[0]
    names = reader._names(spec)
    out: list[Table] = []
    keys = {norm(name): member for member, name in members}
    for i in range(lo, hi):
        member = keys.get(norm(reader.lines[i]))
        if member is None:
            continue
        head = None
        seen = 0
        for j in range(i + 1, min(hi, i + 1 + 3 * WINDOW)):
            s = reader.lines[j].strip()
            if not s:
                continue
            seen += 1
            if seen > WINDOW:
                break
            if reader._header_like(split(s, j + 1)):
                head = j
                break
        if head is None:
            continue

        def columns(found, joined, toks, member=member):
            periods = []
            for f in found:
                if not f.period.is_instant and f.period not in periods:
                    periods.append(f.period)
            cols = [Column(p.key(), p, (spec.columns, member)) for p in periods]
            if cols:
                cols += [Column("change", None, None, "change") for _ in range(_change_columns(joined))]
            return cols, None

        for t in reader.read_region(spec, i, min(hi, i + SPAN), columns_override=columns):
            rows = tuple(r for r in t.rows if _named(r, names))
            if rows:
                out.append(Table(t.spec, reader.lines[i].strip(), t.line, t.columns, rows, t.scale, t.period, t.end_line))
    return out


def _named(row: Row, names: set[str]) -> bool:
    key = norm(row.label)
    return any(key.endswith(n) for n in names if n)
