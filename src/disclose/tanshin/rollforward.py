"""Whether a statement of changes in equity, as read, rolls forward and adds up in its columns.

Such a statement reads its figures into member columns; when an extraction scrambles the printed
rows (rows out of order, figures of two rows on one line), a reading may put figures in the
wrong row or column without any single figure looking wrong. Its columns then fail to roll
forward (opening + the period's changes = closing, the taxonomy's roll-forward assertions say
which changes). A release that is itself wrong breaks one column; a misreading breaks most.
"""
from __future__ import annotations

from decimal import Decimal

from disclose.model import Fact
from disclose.taxonomy.source import Source, TableSpec


def columns_failing(facts: list[Fact], src: Source, spec: TableSpec | None = None) -> tuple[int, int]:
    """(checks that fail, checks made) of one table's facts: each column's roll-forward, and each
    of the table's calculations in each column."""
    local = {f.concept.split(":")[-1] for f in facts}
    rules = [a for a in src.assertions if a.kind == "roll-forward" and a.balance in local]
    checked = failed = 0
    for rule in rules:
        flows = dict(rule.flows)
        by_column: dict[tuple, tuple[list[Fact], list[Fact]]] = {}
        for f in facts:
            name = f.concept.split(":")[-1]
            if f.value is None:
                continue
            if name == rule.balance:
                by_column.setdefault(f.dims, ([], []))[0].append(f)
            elif name in flows:
                by_column.setdefault(f.dims, ([], []))[1].append(f)
        for balances, moves in by_column.values():
            instants = sorted({f.period.end for f in balances})
            if len(instants) != 2:
                continue
            opening = next(f for f in balances if f.period.end == instants[0])
            closing = next(f for f in balances if f.period.end == instants[-1])
            moved = sum((flows[f.concept.split(":")[-1]] * f.value for f in moves  # type: ignore[operator]
                         if f.period.start is not None and f.period.start > instants[0]
                         and f.period.end <= instants[-1]), Decimal(0))
            unit = Decimal(10) ** -min((f.decimals or 0) for f in [opening, closing, *moves])
            checked += 1
            if abs(opening.value + moved - closing.value) > unit * (len(moves) + 2):  # type: ignore[operator]
                failed += 1
    for total, items in (spec.calculations.items() if spec is not None else ()):
        weights = dict(items)
        cells: dict[tuple, tuple[list[Fact], list[Fact]]] = {}
        for f in facts:
            name = f.concept.split(":")[-1]
            if f.value is not None and (name == total or name in weights):
                cells.setdefault((f.dims, f.period), ([], []))[0 if name == total else 1].append(f)
        for totals, parts in cells.values():
            if len(totals) != 1 or not parts:
                continue
            got = sum((weights[f.concept.split(":")[-1]] * f.value for f in parts), Decimal(0))  # type: ignore[operator]
            unit = Decimal(10) ** -min((f.decimals or 0) for f in [*totals, *parts])
            checked += 1
            if abs(got - totals[0].value) > unit * (len(parts) + 1):  # type: ignore[operator]
                failed += 1
    return failed, checked
