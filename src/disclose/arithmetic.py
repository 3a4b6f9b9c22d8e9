"""Which rows of a printed statement add up to which total rows: the statement's own structure.

A total is printed below its items. Reading rows in order, each row is tried as the sum of the
runs of rows just above it that are still "open" (not yet part of an earlier total); a run that
adds up in every column becomes that total's items and is replaced by the total, so the next
level sums totals: the net carrying amount of a class of property is its gross amount plus its
accumulated depreciation, and total property is the sum of those nets and the classes printed
with one figure.

Figures are printed rounded, so a sum of n printed items may miss its printed total by the
rounding of each item: up to n units when the release rounds down, half that when it rounds to
the nearest (a figure of less than ten times that must add up exactly). Among runs that add up, the one that misses least wins, then the shortest (a zero
row just above a section must not be drawn into it).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

MAX_ITEMS = 40  # a printed section longer than this is not a run of items of one total
GAP_WINDOW = 12  # interleaved items are looked for among this many open rows above a total


@dataclass(frozen=True)
class Sum:
    total: int  # index of the total row
    items: tuple[int, ...]  # indexes of the rows it is the sum of, in print order
    exact: bool


def slack(n: int, rounding: str) -> Decimal:
    """How far the sum of n printed figures may miss the printed total under the rounding rule."""
    return Decimal(n) if rounding == "truncate" else Decimal(n + 1) / 2


def row_figures(cells, columns) -> tuple[Decimal | None, ...]:
    """A row's figures in its table's value columns (None: no figure, or not a value column)."""
    return tuple(c.value if c is not None and col.kind == "value" else None for c, col in zip(cells, columns))


def find_sums(rows: list[tuple[Decimal | None, ...]], rounding: str = "round") -> dict[int, Sum]:
    """Totals by row index, for rows given as their figures per column (None: no figure)."""
    open_rows: list[int] = []
    found: dict[int, Sum] = {}
    for t, figures in enumerate(rows):
        if not any(v is not None for v in figures):
            continue
        best: tuple[Decimal, int] | None = None
        for n in range(2, min(len(open_rows), MAX_ITEMS) + 1):
            items = open_rows[-n:]
            miss = _miss(figures, [rows[i] for i in items], n, rounding)
            if miss is not None and (best is None or miss < best[0]):
                best = (miss, n)
        if best is not None:
            found[t] = Sum(t, tuple(open_rows[-best[1]:]), best[0] == 0)
            del open_rows[-best[1]:]
        else:
            gapped = _gapped_run(figures, rows, open_rows, rounding)
            if gapped is not None:
                found[t] = Sum(t, gapped[1], gapped[0] == 0)
                open_rows[:] = [i for i in open_rows if i not in gapped[1]]
        open_rows.append(t)
    return found


def _gapped_run(total: tuple[Decimal | None, ...], rows: list[tuple[Decimal | None, ...]], open_rows: list[int],
                rounding: str) -> tuple[Decimal, tuple[int, ...]] | None:
    """(miss, items) of a run of open rows just above the total with one block of rows left out
    that adds up: the items of a total interleaved with rows of another (a heading and the first
    item of the next section printed before the total, a total printed after the next item).
    Tried only when no unbroken run adds up, and only exact sums of rows that all have a figure
    count (skipping rows makes a coincidence likelier); the fewest rows left out win."""
    best: tuple[int, Decimal, tuple[int, ...]] | None = None
    window = open_rows[-GAP_WINDOW:]
    for n in range(3, len(window) + 1):
        run = window[-n:]
        for a in range(1, n):  # the run starts with an item; the left-out block may end it
            for b in range(a + 1, n + 1):
                items = run[:a] + run[b:]
                if len(items) < 2 or not all(any(v for v in rows[i] if v is not None) for i in items):
                    continue  # a row of zeros adds up anywhere: no evidence of where it belongs
                miss = _miss(total, [rows[i] for i in items], len(items), rounding)
                if miss == 0 and (best is None or (b - a, miss) < best[:2]):
                    best = (b - a, miss, tuple(items))
    return None if best is None else (best[1], best[2])


def _miss(total: tuple[Decimal | None, ...], items: list[tuple[Decimal | None, ...]], n: int,
          rounding: str) -> Decimal | None:
    """How far the items miss the total over all columns, or None when they do not add up."""
    allowed = slack(n, rounding)
    miss = Decimal(0)
    nonzero = False
    for col, want in enumerate(total):
        got: list[Decimal] = [v for r in items if col < len(r) and (v := r[col]) is not None]
        if want is None:
            if any(v != 0 for v in got):
                return None
            continue
        if not got and want != 0:
            return None
        if want != 0:
            nonzero = True
        gap = abs(want - sum(got, Decimal(0)))
        if gap > allowed or gap and abs(want) < 10 * allowed:
            return None  # a small figure must add up exactly: its rounding is most of it
        miss += gap
    if not nonzero:
        return None  # zeros add up to anything
    if any(all(col >= len(r) or r[col] is None for col in range(len(total))) for r in items):
        return None  # a row without figures in the total's columns is no item of it
    if sum(any(v for v in r[:len(total)] if v is not None) for r in items) < 2:
        return None  # a total and a row of zeros: one figure repeated, not a sum
    return miss
