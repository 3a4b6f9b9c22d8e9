"""Figures extracted one per line, in an order the text does not settle.

When two rows' figures each come alone on their lines ("(1,104)" / "312" / "1,156" / "296") the
extraction may have listed them by column rather than by row. The table's own arithmetic decides:
if the rows as read break a calculation of the table's tree and the figures read by column keep
it, the column reading is taken (and the report says so).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from disclose.model import Fact, Issue, Row, Table


def resolve_stacked(facts: list[Fact], tables: list[Table], stacked: list[tuple[int, int]], src, mapper, ext):
    notes: list[Issue] = []
    if not stacked:
        return facts, notes
    lines = {line for line, _ in stacked}
    for t in tables:
        for k, row in enumerate(t.rows[:-1]):
            if row.line not in lines:
                continue
            nxt = t.rows[k + 1]
            vals_a = [c for c in row.cells if c is not None]
            vals_b = [c for c in nxt.cells if c is not None]
            if len(vals_a) != 2 or len(vals_b) != 2 or nxt.line not in lines:
                continue
            # the alternative: a = (a0, b0), b = (a1, b1)
            idx = [i for i, c in enumerate(row.cells) if c is not None]
            if idx != [i for i, c in enumerate(nxt.cells) if c is not None]:
                continue
            a = list(row.cells)
            b = list(nxt.cells)
            alt_a, alt_b = list(a), list(b)
            alt_a[idx[1]], alt_b[idx[0]] = b[idx[0]], a[idx[1]]
            alt_rows = list(t.rows)
            alt_rows[k] = Row(row.label, tuple(alt_a), row.line)
            alt_rows[k + 1] = Row(nxt.label, tuple(alt_b), nxt.line)
            alt = replace(t, rows=tuple(alt_rows))
            old_f, _ = mapper.table_facts(t)
            new_f, _ = mapper.table_facts(alt)
            old_f = [ext.requalify(f) for f in old_f]
            new_f = [ext.requalify(f) for f in new_f]
            spec = src.tables[t.spec]
            if _broken(old_f, spec, src) and not _broken(new_f, spec, src):
                old_keys = {(f.concept, f.period, f.dims, f.provenance.line, f.value) for f in old_f}
                facts = [f for f in facts if (f.concept, f.period, f.dims, f.provenance.line, f.value) not in old_keys]
                facts.extend(new_f)
                notes.append(Issue("read-by-column", "info",
                                   f"figures on lines {row.line}-{nxt.line} stand one per line; read by column "
                                   f"('{row.label}', '{nxt.label}') because the table's calculations hold that way",
                                   (row.line, nxt.line)))
    return facts, notes


def _broken(facts: list[Fact], spec, src) -> bool:
    by = {}
    for f in facts:
        by[(f.concept.split(":")[-1], f.period, f.dims)] = f
    for total, kids in spec.calculations.items():
        for (c, p, d), f in list(by.items()):
            if c != total or f.value is None:
                continue
            parts = [(by.get((k, p, d)), w) for k, w in kids]
            parts = [(x, w) for x, w in parts if x is not None and x.value is not None]
            if not parts:
                continue
            s = sum((x.value * w for x, w in parts), Decimal(0))  # type: ignore[union-attr]
            unit = Decimal(10) ** -(f.decimals or 0)
            if abs(s - f.value) > unit * (len(parts) + 1):
                return True
    return False
