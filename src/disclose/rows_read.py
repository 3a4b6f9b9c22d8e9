"""Rows read and not read, per table: the account of what a build took from each statement.

A row is read when a fact of its table came from one of its cells; a row with figures that became
no fact is not read, with the reason the reader or the mapper gave (an issue on its line). Rows an
earlier check took out of a table but reported (short rows, bad numbers) are listed as not read of
the table whose lines hold them. A heading (a row with no figures) and a row of nil marks only
(-: nothing to file) are neither. Why this exists: nothing a release prints may be dropped silently.
"""
from __future__ import annotations

from functools import lru_cache


from disclose.paths import read_data
from disclose.model import Fact, Issue, RowNotRead, RowRead, StatementRows, Table



@lru_cache(maxsize=1)
def reasons() -> dict[str, str]:
    """Issue code -> the reason a row was not read, in the report's words (data/rows_not_read.yaml)."""
    return dict(read_data("rows_not_read.yaml"))


def _span(table: Table) -> tuple[int, int]:
    lines = [table.line] + [r.line for r in table.rows] + [c.line for r in table.rows for c in r.cells if c]
    return min(lines), max(lines + [table.end_line])


def _has_figures(row) -> bool:
    return any(c is not None and c.value is not None for c in row.cells)


def statement_rows(tables: list[Table], facts: list[Fact], issues: list[Issue] | tuple[Issue, ...]) -> tuple[StatementRows, ...]:
    """For each table that gave a fact or reported a row it could not read: its rows read and not read."""
    why = reasons()
    row_issues: dict[int, list[Issue]] = {}
    for i in issues:
        if i.code in why and i.lines:
            row_issues.setdefault(i.lines[0], []).append(i)
    by_table: dict[tuple[str, int], list[Fact]] = {}
    for f in facts:
        by_table.setdefault((f.provenance.table, f.provenance.line), []).append(f)
    spans = [_span(t) for t in tables]
    claimed: set[int] = set()  # issue lines already given to a row of some table
    out: list[tuple[Table, tuple[int, int], list[RowRead], list[RowNotRead]]] = []
    for table, span in zip(tables, spans):
        read: list[RowRead] = []
        not_read: list[RowNotRead] = []
        for row in table.rows:
            lines = sorted({row.line} | {c.line for c in row.cells if c is not None})
            made = [f for ln in lines for f in by_table.get((table.spec, ln), ()) if f.provenance.label == row.label]
            if made:
                read.append(RowRead(row.line, row.label, tuple(dict.fromkeys(f.concept for f in made))))
                continue
            if not _has_figures(row):
                continue  # a heading, or nil marks only: nothing to file
            found = next((i for ln in lines for i in row_issues.get(ln, ())), None)
            code = found.code if found else "other"
            if not row.label.strip():
                code = "unlabelled-figures"  # whatever else was said of it: it has no label to map
            not_read.append(RowNotRead(row.line, row.label, why.get(code, why["other"]), code))
            claimed.update(lines)
        out.append((table, span, read, not_read))
    # rows taken out of their table but reported: the innermost table whose lines hold them
    for line, said in sorted(row_issues.items()):
        if line in claimed:
            continue
        holders = [k for k, (_, (a, b), read, _) in enumerate(out) if a <= line <= b and read]
        if not holders:
            continue
        k = min(holders, key=lambda n: out[n][1][1] - out[n][1][0])
        i = said[0]
        if any(r.line == line for r in out[k][2]):
            continue  # the row was read (its issue is about something else, e.g. one of its columns)
        out[k][3].append(RowNotRead(line, _label_of(i), why.get(i.code, why["other"]), i.code))
    result = []
    for table, span, read, not_read in out:
        if not read and not any(r.code != "other" for r in not_read):
            continue  # no row of it named a concept and none was reported: not a statement (a caption)
        result.append(StatementRows(table.spec, table.heading, span, tuple(read),
                                    tuple(sorted(not_read, key=lambda r: r.line))))
    return tuple(result)


def _label_of(issue: Issue) -> str:
    """The row label an issue quotes ("row 'Other' of ..."), or ''."""
    text = issue.message
    if "row '" in text:
        return text.split("row '", 1)[1].split("'", 1)[0]
    return ""


def as_dicts(statements: tuple[StatementRows, ...]) -> list[dict]:
    """The report's `statements` field."""
    return [{"table": s.table, "heading": s.heading, "lines": list(s.lines),
             "rows_read": len(s.read), "rows_not_read": len(s.not_read),
             "read": [{"line": r.line, "label": r.label, "concepts": list(r.concepts)} for r in s.read],
             "not_read": [{"line": r.line, "label": r.label, "why": r.why, "code": r.code} for r in s.not_read]}
            for s in statements]


def summary_lines(statements: list[dict]) -> list[str]:
    """One line per table of the report's `statements`: rows read, rows not read with their lines and why."""
    out = []
    for s in statements:
        a, b = s["lines"]
        line = f"  {s['table']} (lines {a}-{b}): {s['rows_read']} row(s) read, {s['rows_not_read']} not read"
        if s["not_read"]:
            line += ": " + "; ".join(f"line {r['line']} ({r['why']})" for r in s["not_read"][:8])
            if len(s["not_read"]) > 8:
                line += f"; ... {len(s['not_read']) - 8} more in the JSON report"
        out.append(line)
    return out
