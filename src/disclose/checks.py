"""Checks between reading tables and mapping them, so a figure that cannot be trusted is reported
and never guessed, and a cut-off release is refused instead of filed by halves.

- A release that ends inside a statement (a truncated copy) is bad input (InputError, exit 2).
  The rule is generic, from the taxonomy's tree: the text ends inside a table (no paragraph
  break or finished sentence after its last figure) and either its last row has fewer figures
  than columns, a row label or part of a figure follows with no figures, the last figure has no
  line end after it, or the last row that maps is before the tree's closing node (its last total,
  or its closing balance). A text that stops mid-line right after an amount is refused as well
  ("totaled JPY12,345" without its "million"), and one that stops inside a statement's header.
- Statement headings whose column header gives no period are reported; when no table at all
  can be read because of that, the release is bad input naming the heading's line.
- A row with fewer figures than a table of period columns has is reported and its cells are
  dropped (which period a lone figure belongs to is a guess); one with more keeps the extra
  leading figures in its label, which then maps to no concept and is reported as unmapped (or maps
  when the number is part of the name, "IFRS 16"). Text in a row that looks like a figure but
  does not parse is reported with its line.
"""
from __future__ import annotations

import re
from dataclasses import replace

from disclose.model import Issue, Row, Table
from disclose.taxonomy.source import TableSpec
from disclose.text.decode import Document, InputError
from disclose.text.numbers import parse_number
from disclose.text.periods import find_periods, strip_date
from disclose.text.tables import UNIT_SUFFIX, TableReader, has_scale
from disclose.text.tokens import Token

__all__ = ["check_release"]

# digits broken by a misplaced separator: "38,671,73", "1,2345", "12.345.6" (never a date or a list mark)
_NUMBERISH = re.compile(r"[(△▲]?\d{1,3}(?:[,.]\d+)+\s*\)?")
# what is left of a figure cut short: "(23,", "1,68", "JPY8.", "("
_PARTIAL = re.compile(r"[(△▲]?\s*(?:JPY|¥|US\$|\$|€)?\d[\d,.]*|[(△▲]|JPY|¥", re.IGNORECASE)
_UPDOWN = {"up", "down", "increased", "decreased", "increase", "decrease", "+", "plus", "minus"}  # as in tables.py
_FINISHED = (".", "。", "!", "?", "！", "？")
_MAPPERS: dict[int, tuple] = {}  # id(taxonomy source) -> (source, Mapper): row matching for the closing check
_TAIL_MAX = 40  # label words a cut-off row may have before the text stops (the TableReader's own limit)
_HEADER_MAX = 80  # words of a cut-off column header


def check_release(doc: Document, toks: list[Token], reader: TableReader,
                  tables: list[Table]) -> tuple[list[Table], list[Issue]]:
    """Refuse a cut-off or unreadable release (InputError); return the tables with untrustworthy
    rows blanked and the issues found. `toks` are the tokens `reader.read` has seen (dates marked)."""
    hits = reader.heading_hits(toks)
    unread = _unread_headings(toks, reader, tables, hits)
    if not tables and unread:
        first = unread[0]
        raise InputError(f"no statement can be read: {first.message}", first.lines[0], name=doc.name)
    _check_ending(doc, toks, reader, tables, hits)
    issues = list(unread)
    out = []
    for t in tables:
        t2, found = _screen_rows(reader, t)
        out.append(t2)
        issues.extend(found)
    return out, issues


# -- a release cut off inside a statement ----------------------------------------------------
def _check_ending(doc: Document, toks: list[Token], reader: TableReader, tables: list[Table],
                  hits: list[tuple[int, int, str]]) -> None:
    last = _last_table(toks, tables)
    end = last[1] if last else -1
    if hits and hits[-1][0] > end:
        i, j, _ = hits[-1]
        tail = toks[j:]
        if not any(t.is_value for t in tail) and _open_tail(toks[j - 1:j] + tail, _HEADER_MAX):
            heading = " ".join(t.text for t in toks[i:j])
            raise InputError(f"the text stops inside the header of '{heading}' (line {toks[i].line}), before any "
                             f"figure: the copy looks cut off (truncated)", toks[-1].line, name=doc.name)
    elif last is not None:
        _check_table_ending(doc, toks, reader, *last)
    _check_cut_line(doc, toks)


def _last_table(toks: list[Token], tables: list[Table]) -> tuple[Table, int] | None:
    """The table whose last figure comes last in the text, and that figure's token index."""
    best: tuple[Table, int] | None = None
    top = max((t.rows[-1].line for t in tables if t.rows), default=0)
    for t in tables:
        cells = [c for c in (t.rows[-1].cells if t.rows else ()) if c is not None]
        if not cells or t.rows[-1].line < top - 1:
            continue
        cell = max(cells, key=lambda c: c.line)  # the rightmost figure printed on the row's last line
        cell = [c for c in cells if c.line == cell.line][-1]
        raw = cell.raw[:-2] if cell.raw.endswith(" %") else cell.raw
        at = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].line == cell.line and toks[i].text == raw), -1)
        if at >= 0 and (best is None or at > best[1]):
            best = (t, at)
    return best


def _skip_change_phrases(tail: list[Token]) -> list[Token]:
    """Drop "up 2.5 % YoY" comments, as the TableReader does, and units right after a figure."""
    out: list[Token] = []
    i = 0
    while i < len(tail):
        w = tail[i].text.lower().strip("(),;:")
        if w in _UPDOWN and i + 2 < len(tail) and tail[i + 1].value is not None and tail[i + 2].text == "%":
            i += 3
            while i < len(tail) and tail[i].text.lower().strip("(),;:.") in ("yoy", "year-on-year", "year-over-year"):
                i += 1
            continue
        if not out and (tail[i].text in ("%", ")") or _unit(tail[i])):
            i += 1  # "19.48 yen", "2.5 %": still the figure
            continue
        out.append(tail[i])
        i += 1
    return out


def _check_cut_line(doc: Document, toks: list[Token]) -> None:
    """A text that stops mid-line, unfinished, just after a figure was cut there: "totaled JPY12,345"
    without its "million" is a wrong figure, not a smaller one."""
    if doc.ends_with_newline or not toks:
        return
    last_line = [t for t in toks if t.line == toks[-1].line]
    end = last_line[-1].text.rstrip("\"'”’)]」")
    if len(last_line) <= 3 or end.endswith(_FINISHED):
        return
    near = [t for t in last_line[-3:] if t.value is not None and not t.date_part
            and (t.currency or any(ch in t.text for ch in ",."))]  # an amount, not "page 12 of 12"
    if near:
        raise InputError(f"the text stops mid-line right after the figure '{near[-1].text}', with no line end: the "
                         f"copy looks cut off (if the release really ends here, end it with a line break)",
                         toks[-1].line, name=doc.name)


def _check_table_ending(doc: Document, toks: list[Token], reader: TableReader, table: Table, last_fig: int) -> None:
    """Refuse a text that ends inside its last table, unless that table is complete."""
    fig = toks[last_fig]
    tail = _skip_change_phrases(toks[last_fig + 1:])
    if not _open_tail([fig, *tail]):
        return
    spec = reader.src.tables[table.spec]
    row = table.rows[-1]
    where = f"'{table.heading}' (line {table.line})"
    if not tail and not doc.ends_with_newline:
        raise InputError(f"the text stops right after the figure '{fig.text}' of row '{row.label}' in {where} with no "
                         f"line end: the copy looks cut off mid-figure (if the release really ends here, end it with "
                         f"a line break)", fig.line, name=doc.name)
    if tail and _PARTIAL.fullmatch(tail[-1].text):
        raise InputError(f"the text stops in the middle of a figure ('{tail[-1].text}') in {where}: the copy looks cut "
                         f"off (truncated)", tail[-1].line, name=doc.name)
    if tail:
        words = " ".join(t.text for t in tail)
        raise InputError(f"the text stops inside {where}: the row '{words}' has no figures; the copy looks cut off "
                         f"(truncated)", tail[-1].line, name=doc.name)
    figures, needed = _figure_count(table, row)
    before = table.rows[-2] if len(table.rows) > 1 else None
    # a short last row: in period columns always suspect; in member columns only after full rows
    # (a segment table's consolidated-only rows are short by design)
    if figures < needed and (spec.columns == "periods" or (before and _figure_count(table, before)[0] >= needed)):
        raise InputError(f"the text stops inside {where}: its last row '{row.label}' has {figures} of {needed} "
                         f"figures; the copy looks cut off (truncated)", row.line, name=doc.name)
    closing, last, last_row = _closing_reached(reader, spec, table)
    if closing is not None and (last is None or last < closing):
        concept = reader.src.concepts[spec.nodes()[closing][0].concept]
        label = next(iter(concept.names()), concept.name)
        stop = f"stops at '{last_row.label}'" if last_row is not None else "has no row of its own"
        raise InputError(f"the text ends inside {where}: the statement {stop} before its closing row '{label}'; "
                         f"the copy looks cut off (truncated)", row.line, name=doc.name)


def _unit(t: Token) -> bool:
    return t.text.lower().strip("().,") in UNIT_SUFFIX


def _open_tail(tail: list[Token], limit: int = _TAIL_MAX) -> bool:
    """True when the tokens up to the end of the text continue one table: no blank line between
    them, no finished sentence at the end, and no more than a cut-off row label."""
    if len(tail) > limit + 1:
        return False
    if any(b.line > a.line + 1 for a, b in zip(tail, tail[1:])):
        return False
    last = tail[-1].text
    return not (len(tail) > 1 and last.endswith(_FINISHED) and not _PARTIAL.fullmatch(last))


def _figure_count(table: Table, row: Row) -> tuple[int, int]:
    """(figures in the row, figures a full row has: one per value column)."""
    return sum(c is not None for c in row.cells), sum(1 for c in table.columns if c.kind == "value")


def _closing_reached(reader: TableReader, spec: TableSpec,
                     table: Table) -> tuple[int | None, int | None, Row | None]:
    """(index of the tree's closing node, index of the last row that maps, that row), mapping the
    rows the way the Mapper does. The closing node is the last total or closing balance of the tree."""
    from disclose.mapping import Mapper

    nodes = spec.nodes()
    closing = max((k for k, (n, _) in enumerate(nodes) if n.concept in spec.calculations or n.anchor == "end"),
                  default=None)
    if closing is None:
        return None, None, None
    held = _MAPPERS.get(id(reader.src))
    if held is None or held[0] is not reader.src:  # one per taxonomy: its tree indexes are built once
        held = _MAPPERS[id(reader.src)] = (reader.src, Mapper(reader.src, reader.vocab))
    mapper = held[1]
    ix = mapper.index(spec)
    used: set[int] = set()
    pos, last, last_row = -1, None, None
    for row in table.rows:
        label, _ = strip_date(row.label)
        k, pos = mapper.match_row(ix, label, pos, used)
        if k is not None:
            used.add(k)
            last, last_row = k, row
    return closing, last, last_row


# -- headings whose header cannot be read ---------------------------------------------------
def _unread_headings(toks: list[Token], reader: TableReader, tables: list[Table],
                     hits: list[tuple[int, int, str]]) -> list[Issue]:
    """Statement headings followed by a unit line and figures from which no table came."""
    out = []
    for k, (i, j, tid) in enumerate(hits):
        end = hits[k + 1][0] if k + 1 < len(hits) else len(toks)
        region = toks[j:end]
        first = next((n for n, t in enumerate(region) if t.is_value), None)
        if first is None or not _has_scale(region[:first]):
            continue
        lo, hi = toks[i].line, toks[end - 1].line
        if any(t.spec == tid and lo <= t.line <= hi for t in tables):
            continue
        heading = " ".join(t.text for t in toks[i:j])
        spec = reader.src.tables[tid]
        header = " ".join(t.text for t in region[:first])
        if spec.columns == "periods" or not find_periods(header, reader.cal):
            why = ("its column header gives no period (no date, 'Six months ended ...' or fiscal label such as "
                   "1H20 or FY2020)")
        else:
            why = "its column header names no known column"
        out.append(Issue("no-period" if "period" in why else "unread-table", "warning",
                         f"'{heading}' (line {toks[i].line}) has figures but {why}, so they are not read",
                         (toks[i].line,)))
    return out


def _has_scale(seg: list[Token]) -> bool:
    return has_scale(seg)


# -- rows whose figures cannot be trusted ---------------------------------------------------
def _screen_rows(reader: TableReader, table: Table) -> tuple[Table, list[Issue]]:
    spec = reader.src.tables[table.spec]
    issues: list[Issue] = []
    rows = []
    needed = sum(1 for c in table.columns if c.kind == "value")
    if spec.columns != "periods" and table.period is None and any(c.period is None for c in table.columns):
        issues.append(Issue("no-period", "warning", f"'{table.heading}' (line {table.line}) states no period for its "
                            f"columns, so its {len(table.rows)} rows are not read", (table.line,)))
    for row in table.rows:
        for word in row.label.split():
            if _NUMBERISH.fullmatch(word) and parse_number(word) is None:
                issues.append(Issue("bad-number", "warning", f"'{word}' (in row '{row.label}' of {spec.id}) is not a "
                                    f"number (misplaced separator?): it was read as text, so a figure of this row or "
                                    f"the one before is missing", (row.line,)))
        figures = sum(c is not None for c in row.cells)
        if spec.columns == "periods" and 0 < figures < len(table.columns) and figures != needed and needed:
            issues.append(Issue("short-row", "warning", f"row '{row.label}' of {spec.id} has {figures} figure(s) for "
                                f"{needed} period column(s): which period each belongs to is unknown, so the row is "
                                f"not read", (row.line,)))
            row = replace(row, cells=tuple(None for _ in row.cells))
        rows.append(row)
    return replace(table, rows=tuple(rows)), issues
