"""Check coverage: which reported figures take part in at least one check that held.

A figure is proven when it is part of a calculation (a total and at least one of its items in the
same context), a formula assertion that bound it (member sums, roll-forwards), a consistency check
of a figure reported twice (a duplicate at another precision, or a summary figure against the
statement figure it repeats). Validation passing means every one of these held, so the share of
covered figures is the share of the filing that is proven to add up.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from disclose.model import Fact, Filing, Period
from disclose.taxonomy.source import Source


@dataclass(frozen=True)
class Coverage:
    covered: dict[str, tuple[str, ...]]  # fact id -> kinds of checks it takes part in
    uncovered: tuple[Fact, ...]
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * len(self.covered) / self.total if self.total else 100.0

    def as_dict(self) -> dict:
        kinds: dict[str, int] = defaultdict(int)
        for ks in self.covered.values():
            for k in ks:
                kinds[k] += 1
        return {
            "facts": self.total,
            "covered": len(self.covered),
            "percent": round(self.percent, 1),
            "by_check": dict(sorted(kinds.items())),
            "uncovered": [{"id": f.id, "concept": f.concept, "period": f.period.key(), "value": str(f.value),
                           "line": f.provenance.line, "label": f.provenance.label, "table": f.provenance.table}
                          for f in self.uncovered],
        }


def coverage(filing: Filing, src: Source, ext_prefix: str | None = None) -> Coverage:
    q = src.qname
    by_ctx: dict[tuple, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for f in filing.facts:
        by_ctx[(f.period, f.dims, f.unit)][f.concept].append(f)
    marks: dict[str, set[str]] = defaultdict(set)

    def mark(facts, kind: str) -> None:
        for f in facts:
            marks[f.id].add(kind)

    # calculations: per table role, a total with at least one item in the same context
    calcs = {(total, kids) for t in src.tables.values() for total, kids in t.calculations.items()}
    for concepts in by_ctx.values():
        for total, kids in calcs:
            tot = concepts.get(q(total))
            items = [f for k, _ in kids for f in concepts.get(q(k), [])]
            if tot and items:
                mark(tot, "calculation")
                mark(items, "calculation")
        for facts in concepts.values():
            if len(facts) > 1:
                mark(facts, "duplicate-consistency")
    # summary figures checked against the statement figures they repeat
    for c in src.concepts.values():
        if not c.same_as:
            continue
        for concepts in by_ctx.values():
            a, b = concepts.get(q(c.name)), concepts.get(q(c.same_as))
            if a and b:
                mark(a + b, "summary-consistency")
    _assertions(filing, src, by_ctx, mark, ext_prefix)
    covered = {f.id: tuple(sorted(marks[f.id])) for f in filing.facts if marks.get(f.id)}
    uncovered = tuple(f for f in filing.facts if f.id not in covered)
    return Coverage(covered, uncovered, len(filing.facts))


def _assertions(filing: Filing, src: Source, by_ctx, mark, ext_prefix: str | None) -> None:
    q = src.qname
    for a in src.assertions:
        if a.kind == "member-sum" and a.axis is not None:
            axis = q(a.axis)
            concepts = a.concepts or tuple(n.concept for n, _ in src.tables[a.table or ""].nodes()
                                           if not src.concepts[n.concept].abstract)
            total = None if a.total == "default" else q(a.total)
            parts = None if a.parts == "all" else {q(p) for p in a.parts}
            groups: dict[tuple, dict[str | None, list[Fact]]] = defaultdict(lambda: defaultdict(list))
            for f in filing.facts:
                if f.concept.split(":", 1)[1] not in concepts:
                    continue
                dims = dict(f.dims)
                member = dims.pop(axis, None)
                groups[(f.concept, f.period, tuple(sorted(dims.items())), f.unit)][member].append(f)
            for members in groups.values():
                tot = members.get(total)
                part_facts = [f for m, fs in members.items() if m != total and (parts is None or m in parts)
                              and (parts is not None or m is not None) for f in fs]
                if tot and part_facts:
                    mark(tot + part_facts, "assertion:" + a.id)
        elif a.kind == "roll-forward" and a.balance is not None:
            bal = q(a.balance)
            for (period, dims, unit), concepts in list(by_ctx.items()):
                if period.is_instant:
                    continue
                flows = [f for name, _ in a.flows for f in concepts.get(q(name), [])]
                if not flows:
                    continue
                opening = by_ctx.get((Period(period.start - timedelta(days=1)), dims, unit), {}).get(bal)
                closing = by_ctx.get((Period(period.end), dims, unit), {}).get(bal)
                if opening and closing:
                    mark(flows + opening + closing, "assertion:" + a.id)
        elif a.kind == "sum":
            required = [name for name, _ in a.flows if name not in a.optional]
            for (period, dims, unit), concepts in by_ctx.items():
                if not _has_members(dims, a.dims, src):
                    continue
                total = concepts.get(q(a.total))
                if total and all(concepts.get(q(name)) for name in required):
                    mark(total + [f for name, _ in a.flows for f in concepts.get(q(name), [])], "assertion:" + a.id)
        elif a.kind == "equal" and a.left is not None and a.right is not None:
            for concepts in by_ctx.values():
                left, right = concepts.get(q(a.left)), concepts.get(q(a.right))
                if left and right:
                    mark(left + right, "assertion:" + a.id)


def _has_members(dims: tuple, wanted: tuple[tuple[str, str], ...], src: Source) -> bool:
    """A context's dims hold each wanted (axis, member); an axis's domain means the axis is absent."""
    have = dict(dims)
    for axis, member in wanted:
        domain = src.axes[axis].domain.name if axis in src.axes else None
        got = have.get(src.qname(axis))
        if member == domain:
            if got not in (None, src.qname(member)):
                return False
        elif got is None or got.split(":", 1)[-1] != member:
            return False
    return True
