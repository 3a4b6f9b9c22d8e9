"""Gather facts into a Filing: contexts and units deduplicated, duplicates checked, stable order.

Facts that repeat one another (a summary figure in millions and the statement figure in
thousands) are kept when they agree at the coarser precision and reported as an error naming
both lines when they do not. Lookups are dictionaries, so cost grows linearly with facts.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from disclose.model import Context, Entity, Fact, Filing, Issue, Period
from disclose.units import unit_by_id


def context_id(period: Period, dims: tuple[tuple[str, str], ...]) -> str:
    base = f"I{period.end:%Y%m%d}" if period.is_instant else f"D{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    for _, member in dims:
        base += "_" + member.split(":", 1)[-1].removesuffix("Member")
    return base


def rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def consistent(a: Fact, b: Fact, truncate: bool = False) -> bool:
    if a.value is None or b.value is None:
        return a.value == b.value
    d = min(a.decimals if a.decimals is not None else 99, b.decimals if b.decimals is not None else 99)
    if truncate:
        # truncated figures: the finer one, cut down, must equal the coarser one
        fine, coarse = (a, b) if (a.decimals or 0) >= (b.decimals or 0) else (b, a)
        q = Decimal(1).scaleb(-d)
        assert fine.value is not None and coarse.value is not None  # both checked above
        return fine.value.quantize(q, rounding="ROUND_DOWN") == coarse.value.quantize(q, rounding="ROUND_DOWN") or \
            abs(fine.value - coarse.value) < q
    return rounded(a.value, d) == rounded(b.value, d)


def check_repeats(facts: list[Fact], same_as: dict[str, str]) -> list[Issue]:
    """A summary figure and the statement figure it repeats must agree within one unit of the
    coarser precision (summary totals are sums of rounded lines); otherwise an error naming both."""
    return [issue for issue, _ in _repeats(facts, same_as)]


def _repeats(facts: list[Fact], same_as: dict[str, str]) -> list[tuple[Issue, tuple[Fact, ...]]]:
    """check_repeats with the two facts of each issue (their ids are given later, in assemble)."""
    index: dict[tuple, list[Fact]] = {}
    for f in facts:
        index.setdefault((f.concept, f.period, f.dims, f.unit), []).append(f)
    out: list[tuple[Issue, tuple[Fact, ...]]] = []
    for f in facts:
        target = same_as.get(f.concept)
        if target is None or f.value is None:
            continue
        for g in index.get((target, f.period, f.dims, f.unit), []):
            if g.value is None:
                continue
            unit = Decimal(1).scaleb(-min(f.decimals or 0, g.decimals or 0))
            if abs(f.value - g.value) > unit:
                out.append((Issue(
                    "summary-disagrees", "error",
                    f"{f.provenance.label} is {f.value} on line {f.provenance.line} but {g.provenance.label} is "
                    f"{g.value} on line {g.provenance.line} ({f.period.key()})",
                    (f.provenance.line, g.provenance.line)), (f, g)))
    return out


def assemble(facts: list[Fact], entity: Entity, schema_ref: str, *, rounding: str = "round",
             source_name: str = "", issues: tuple[Issue, ...] = (), same_as: dict[str, str] | None = None) -> Filing:
    repeats = _repeats(facts, same_as or {})
    found: list[Issue] = list(issues) + [issue for issue, _ in repeats]
    about = {len(issues) + k: pair for k, (_, pair) in enumerate(repeats)}  # issue index -> its facts
    contexts: dict[tuple, Context] = {}
    by_key: dict[tuple, list[Fact]] = {}
    kept: list[Fact] = []
    ids: set[str] = set()
    for f in facts:
        key = (f.period, f.dims)
        if key not in contexts:
            base = cid = context_id(f.period, f.dims)
            n = 1
            while cid in ids:  # one member name on two axes: the id must still be unique
                n += 1
                cid = f"{base}_{n}"
            ids.add(cid)
            contexts[key] = Context(cid, f.period, f.dims)
        dup_key = (f.concept, key, f.unit)
        same = by_key.setdefault(dup_key, [])
        clash = next((g for g in same if not consistent(f, g, rounding == "truncate")), None)
        if clash is not None:
            about[len(found)] = (clash,)  # the figure it contradicts is kept as a fact; this one is not
            found.append(Issue(
                "inconsistent-duplicate", "error",
                f"{f.concept} for {f.period.key()} is {clash.value} on line {clash.provenance.line} "
                f"('{clash.provenance.label}') but {f.value} on line {f.provenance.line} ('{f.provenance.label}')",
                (clash.provenance.line, f.provenance.line)))
            continue
        if any(g.value == f.value and g.decimals == f.decimals for g in same):
            continue  # the same figure stated twice at the same precision: one fact
        same.append(f)
        kept.append(f)
    ctx_list = tuple(sorted(contexts.values(), key=lambda c: (c.period.is_instant is False, c.period, c.dims)))
    context_of = {(c.period, c.dims): c.id for c in ctx_list}
    kept.sort(key=lambda f: (f.provenance.line, f.concept, context_of[(f.period, f.dims)], -(f.decimals or 0)))
    numbered = tuple(_with_id(f, i + 1) for i, f in enumerate(kept))
    fact_id = {id(f): g.id for f, g in zip(kept, numbered)}
    found = [replace(issue, facts=tuple(fact_id[id(f)] for f in about[k] if id(f) in fact_id)) if k in about else issue
             for k, issue in enumerate(found)]
    used_units = sorted({f.unit for f in numbered if f.unit})
    return Filing(entity=entity, schema_ref=schema_ref, contexts=ctx_list,
                  units=tuple(unit_by_id(u) for u in used_units), facts=numbered, context_of=context_of,
                  issues=tuple(found), source_name=source_name, rounding=rounding)  # type: ignore[arg-type]


def _with_id(f: Fact, n: int) -> Fact:
    return replace(f, id=f"f{n}")
