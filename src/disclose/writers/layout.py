"""Lay the Filing's facts out the way the release printed them, for the Inline XBRL writer.

Only the Filing and the taxonomy source are read (never another writer's output): each table
spec's presentation tree gives the rows, the facts' periods and dimensions give the columns, and
fact provenance (table id, line) puts the tables in the order the release prints them. A spec
that the release prints more than once (a six-month and a three-month statement, one block of
the equity statement per year) becomes one block per period shape.

Every fact of the Filing is placed exactly once as a tagged number ("own" cell). A cell whose
fact was tagged in an earlier table (assembly keeps one fact per concept, context and unit) is
shown as printed and links to the tagged one, so the tables still read like the release while
the Inline XBRL holds exactly the facts of the .xbrl.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterable, Literal, Union

from disclose.model import Fact, Filing, Period, Unit
from disclose.taxonomy.source import Axis, Node, Source, TableSpec
from disclose.units import currencies

NARRATIVE = "narrative"

_MONTHS = {1: "One month", 3: "Three months", 6: "Six months", 9: "Nine months", 12: "Year"}
_SCALE_WORDS = {0: "", 3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
_SCALE_HEAD = {3: "Thousands of", 6: "Millions of", 9: "Billions of", 12: "Trillions of"}


@dataclass(frozen=True)
class Shown:
    """One number as a reader sees it and as Inline XBRL tags it."""

    fact: Fact
    text: str  # digits as printed (absolute value, in `scale`), e.g. "1,234"; "" for nil
    scale: int  # power of ten: fact value = sign * text * 10**scale
    negative: bool  # printed as a negative (parentheses in tables, a minus in sentences)
    tagged: bool = True  # False: the fact is tagged in its own table; here it is only shown
    where: str = ""  # for an untagged copy: the table that tags it

    @property
    def sign(self) -> bool:
        """ix:nonFraction needs sign="-" when the fact's value is below zero."""
        return self.fact.value is not None and self.fact.value < 0


@dataclass(frozen=True)
class Row:
    label: str
    depth: int
    kind: Literal["heading", "value", "total"]
    cells: tuple[Shown | None, ...]
    note: str = ""  # the row's unit when it differs from the table's, e.g. "yen per share"
    line: int = 0


@dataclass(frozen=True)
class Block:
    """One statement as printed: title, what the columns are, and its rows."""

    anchor: str  # HTML id, e.g. "tbl-profit-or-loss-2"
    spec: str
    title: str
    title_ja: str
    caption: str  # what the whole block is about (the period of an equity block); may be ""
    unit_note: str  # "Thousands of yen"
    columns: tuple[tuple[str, ...], ...]  # header lines of each column
    rows: tuple[Row, ...]
    line: int
    extra: tuple[tuple[str, Shown], ...] = ()  # own facts the tree has no row for: (label, number)
    kind: str = "block"


@dataclass(frozen=True)
class Sentence:
    """A figure stated in the text, told back as a sentence."""

    label: str
    when: str  # "for the six months ended September 30, 2020"
    prefix: str  # "JPY"
    shown: Shown
    suffix: str  # " million"
    line: int


@dataclass(frozen=True)
class Sentences:
    anchor: str
    items: tuple[Sentence, ...]
    line: int
    kind: str = "sentences"
    title: str = "Figures stated in the text"


Section = Union[Block, Sentences]


@dataclass(frozen=True)
class Document:
    title: str
    source_name: str
    sections: tuple[Section, ...]
    as_of: date | None = None

    def shown(self) -> Iterable[Shown]:
        for s in self.sections:
            if isinstance(s, Block):
                for r in s.rows:
                    yield from (c for c in r.cells if c is not None)
                yield from (x for _, x in s.extra)
            else:
                yield from (i.shown for i in s.items)

    def tagged(self) -> list[Fact]:
        return [s.fact for s in self.shown() if s.tagged]


# ---------------------------------------------------------------------------------------- numbers

def printed_negative(fact: Fact, negated: bool) -> bool:
    """Was the figure printed as a negative? As the reader saw it when it read one; otherwise
    the value's sign against the concept's (a cost printed as a positive amount is stored negated)."""
    if fact.provenance.scale is not None:
        return fact.provenance.negative
    if fact.value is None:
        return False
    return (fact.value < 0) != negated


def printed_scale(fact: Fact) -> int | None:
    """The power of ten the release printed the figure in (1,234 for 1,234,000 -> 3), as the
    reader saw it; None when the fact was not read from a printed figure."""
    if fact.value is None:
        return None
    return fact.provenance.scale


def fallback_scale(fact: Fact) -> int:
    """Without a printed text: thousands, millions ... as the decimals suggest."""
    if fact.decimals is None or fact.decimals >= 0:
        return 0
    return (-fact.decimals) // 3 * 3


def number_text(value: Decimal, scale: int, decimals: int | None) -> str:
    """|value| / 10**scale with thousands separators, exact (never rounds a digit away), and with
    as many fraction digits as decimals says were printed (JPY5.0 billion stays "5.0")."""
    shown = abs(value).scaleb(-scale)
    exact = max(0, -shown.normalize().as_tuple().exponent) if shown else 0  # type: ignore[operator]
    places = max(exact, (decimals + scale) if decimals is not None else 0, 0)
    return format(shown, f",.{places}f")


def shown(fact: Fact, scale: int, negated: bool, *, tagged: bool = True, where: str = "") -> Shown:
    if fact.value is None:
        return Shown(fact, "", 0, False, tagged, where)
    return Shown(fact, number_text(fact.value, scale, fact.decimals), scale, printed_negative(fact, negated), tagged, where)


# ------------------------------------------------------------------------------------------ words

def _long_date(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def period_words(p: Period, as_of: date | None) -> tuple[str, ...]:
    """Column header lines: ("Six months ended", "September 30, 2020") or ("As of", "March 31, 2020")."""
    if p.is_instant:
        return ("As of", _long_date(p.end))
    verb = "ending" if as_of is not None and p.end > as_of else "ended"
    months = _MONTHS.get(p.months, f"{p.months} months")
    if p.months == 12:
        return (f"Year {verb}", _long_date(p.end))
    if p.start is not None and p.start.day != 1:
        return ("From " + _long_date(p.start), "to " + _long_date(p.end))
    return (f"{months} {verb}", _long_date(p.end))


def sentence_period(p: Period, as_of: date | None) -> str:
    head, tail = period_words(p, as_of)
    if p.is_instant:
        return f"as of {tail}"
    return f"for the {head[0].lower()}{head[1:]} {tail}" if not head.startswith("From") else f"{head.lower()} {tail}"


def _measure(m: str) -> str:
    return m.split(":", 1)[-1]


def unit_words(unit: Unit | None, scale: int) -> str:
    """A table's unit line: "Thousands of yen", "Yen per share", "Contracts"."""
    if unit is None:
        return ""
    num = unit.numerator[0] if unit.numerator else ""
    if num.startswith("iso4217:"):
        code = _measure(num)
        money = currency.name if (currency := currencies().get(code)) else code
        if unit.denominator:
            return f"{money[0].upper()}{money[1:]} per share" if _measure(unit.denominator[0]) == "shares" else \
                f"{money} per {_measure(unit.denominator[0])}"
        head = _SCALE_HEAD.get(scale)
        return f"{head} {money}" if head else f"{money[0].upper()}{money[1:]}"
    name = _measure(num)
    if name == "pure":
        return "%" if scale == -2 else "Ratio"
    if name == "shares":
        return "Shares"
    if name.lower() == "contract":
        return "Number of contracts"
    return name


def affixes(unit: Unit | None, scale: int) -> tuple[str, str]:
    """What a sentence writes around the digits: ("JPY", " million"), ("", " shares")."""
    if unit is None:
        return "", ""
    num = unit.numerator[0] if unit.numerator else ""
    if num.startswith("iso4217:"):
        words = _SCALE_WORDS.get(scale, f"× 10^{scale}")
        per = " per share" if unit.denominator else ""
        return _measure(num), (f" {words}" if words else "") + per
    name = _measure(num)
    if name == "pure":
        return "", "%" if scale == -2 else ""
    if name.lower() == "contract":
        return "", " contracts"
    return "", f" {name}"


# ----------------------------------------------------------------------------------------- layout

@dataclass(frozen=True)
class _Col:
    period: Period  # the column's period: a duration, or an instant for balance columns
    member: str | None = None  # QName of the columns axis member; None = the domain (no dim)


@dataclass
class _Names:
    """Labels of concepts and members by QName, from the base source and the issuer's extension."""

    src: Source
    ext: Source
    member_order: dict[str, dict[str, int]] = field(default_factory=dict)  # axis QName -> member QName -> rank
    members: dict[str, tuple[str, str]] = field(default_factory=dict)  # member QName -> (en, ja)
    domains: dict[str, str] = field(default_factory=dict)  # axis QName -> domain member QName

    def __post_init__(self) -> None:
        for axis in self.src.axes.values():
            aq = self.src.qname(axis.name)
            ext_axis: Axis | None = self.ext.axes.get(axis.name)
            ordered: list[str] = []
            if ext_axis is not None:
                ordered += [self.ext.qname(m.name) for m in ext_axis.members]
                for m in ext_axis.members:
                    self.members[self.ext.qname(m.name)] = _en_ja(m.labels.get("label", {}))
            ordered += [self.src.qname(m.name) for m in axis.members]
            for m in (axis.domain, *axis.members):
                self.members[self.src.qname(m.name)] = _en_ja(m.labels.get("label", {}))
            dq = self.src.qname(axis.domain.name)
            self.domains[aq] = dq
            ordered.append(dq)
            self.member_order[aq] = {q: i for i, q in enumerate(ordered)}

    def qname_of(self, local: str) -> str:
        """A tree node's concept as a QName: base concepts first, then the issuer's extension."""
        if local in self.src.concepts or local not in self.ext.concepts:
            return self.src.qname(local)
        return self.ext.qname(local)

    def concept(self, qname: str):
        prefix, _, local = qname.partition(":")
        if prefix == self.src.prefix:
            return self.src.concepts.get(local)
        return self.ext.concepts.get(local)

    def label(self, qname: str, preferred: str | None = None) -> str:
        c = self.concept(qname)
        if c is None:
            return qname.partition(":")[2] or qname
        if preferred and preferred in c.labels:
            return c.labels[preferred].get("en", c.labels["label"]["en"])
        return c.labels["label"]["en"]

    def negated(self, qname: str) -> bool:
        c = self.concept(qname)
        return bool(c and c.negated)

    def member(self, qname: str) -> str:
        return self.members.get(qname, (qname.partition(":")[2] or qname, ""))[0]


def _en_ja(labels: dict[str, str]) -> tuple[str, str]:
    return labels.get("en", ""), labels.get("ja", "")


def _dims_key(dims: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(dims))


def _meeting(durations: dict[Period, int]) -> dict[tuple[str, date], list[tuple[int, Period]]]:
    """("start", day before a duration starts) and ("end", its last day) -> [(rank, duration)],
    rank being the duration's place in `durations`: the balances that open or close it."""
    out: dict[tuple[str, date], list[tuple[int, Period]]] = defaultdict(list)
    for rank, d in enumerate(durations):
        if d.start:
            out[("start", d.start - timedelta(days=1))].append((rank, d))
        out[("end", d.end)].append((rank, d))
    return out


def _cell_period(node: Node, col: Period, instant_concept: bool) -> Period | None:
    """The period of a row's fact in a column: anchored balances sit at the day before the start
    or at the end of a duration column."""
    if not instant_concept:
        return None if col.is_instant else col
    if col.is_instant:
        return col
    if node.anchor == "start" and col.start is not None:
        return Period(col.start - timedelta(days=1))
    return Period(col.end)


class _Layout:
    def __init__(self, filing: Filing, src: Source, ext: Source) -> None:
        self.filing = filing
        self.names = _Names(src, ext)
        self.src = src
        self.units = {u.id: u for u in filing.units}
        self.index: dict[tuple, list[Fact]] = defaultdict(list)
        for f in filing.facts:
            self.index[(f.concept, f.dims, f.period)].append(f)
        self.placed: set[str] = set()
        statement_ends = [f.period.end for f in filing.facts
                          if f.provenance.table in src.tables and src.tables[f.provenance.table].columns == "periods"
                          and f.provenance.table != NARRATIVE]
        self.as_of = max(statement_ends) if statement_ends else None

    # -- blocks of one table spec ---------------------------------------------------------------
    def _block_key(self, spec: TableSpec, f: Fact, durations: dict[Period, int],
                   meeting: dict[tuple[str, date], list[tuple[int, Period]]] | None = None) -> tuple | None:
        """Which printed block a fact belongs to: same-length periods (P&L 6m vs 3m) for period
        tables, one period for member-column tables (one block of the equity statement per year).
        A balance (instant) joins the duration it opens or closes; when it could do both (the
        closing balance of one year is the opening of the next), the block printed last before
        its line wins."""
        p = f.period
        if p.is_instant and durations:
            anchor = self._anchor(spec, f.concept)
            meeting = _meeting(durations) if meeting is None else meeting
            # the durations this balance opens or closes, in the order of `durations`: looked up by
            # date, not scanned (a scan per balance grows with periods x facts)
            opens = meeting.get(("start", p.end), ()) if anchor in ("start", "both", None) else ()
            closes = meeting.get(("end", p.end), ()) if anchor in ("end", "both", None) else ()
            match = [d for _, d in sorted({*opens, *closes})]
            if not match:
                return None
            before = [d for d in match if durations[d] <= f.provenance.line]
            p = max(before, key=lambda d: durations[d]) if before else match[0]
        if spec.columns == "periods":
            return ("months", p.months)
        return ("period", p)

    @staticmethod
    def _anchor(spec: TableSpec, qname: str) -> str | None:
        local = qname.partition(":")[2]
        anchors = {n.anchor for n, _ in spec.nodes() if n.concept == local}  # extension rows have no anchor
        if "start" in anchors and "end" in anchors:
            return "both"
        return next(iter(anchors), None)

    def _nodes(self, spec: TableSpec) -> list[tuple[Node, int]]:
        """The table's rows: the base tree with the issuer's extension rows (rows the taxonomy
        lacks) placed under their parent just before the subtotal they add up into; one with no
        parent (its subtotal is a top-level row) goes right before that subtotal."""
        ext_spec = self.names.ext.tables.get(spec.id)
        if ext_spec is None:
            return spec.nodes()
        extra = {n.concept: n.children for n in ext_spec.rows}
        totals = set(ext_spec.calculations)
        placed = {c.concept for kids in extra.values() for c in kids}
        before: dict[str, list[Node]] = {}
        for total, items in ext_spec.calculations.items():
            for name, _ in items:
                if name not in placed and name in self.names.ext.concepts:
                    before.setdefault(total, []).append(Node(name))
                    placed.add(name)

        def merge_all(nodes: Iterable[Node]) -> list[Node]:
            out: list[Node] = []
            for n in nodes:
                out.extend(before.pop(n.concept, ()))
                out.append(merge(n))
            return out

        def merge(node: Node) -> Node:
            kids = merge_all(node.children)
            add = extra.get(node.concept, ())
            if add:
                at = next((i for i, c in enumerate(kids) if c.concept in totals), len(kids))
                kids[at:at] = add
            return replace(node, children=tuple(kids))

        out: list[tuple[Node, int]] = []
        for n in merge_all(spec.rows):
            out.extend(n.walk())
        return out

    def blocks(self, spec: TableSpec, facts: list[Fact]) -> list[tuple[tuple, list[Fact]]]:
        durations: dict[Period, int] = {}  # duration -> first line it is printed on
        for f in sorted(facts, key=lambda f: f.provenance.line):
            if not f.period.is_instant:
                durations.setdefault(f.period, f.provenance.line)
        groups: dict[tuple, list[Fact]] = defaultdict(list)
        meeting = _meeting(durations)
        for f in facts:
            key = self._block_key(spec, f, durations, meeting)
            groups[key if key is not None else ("unplaced",)].append(f)
        return sorted(groups.items(), key=lambda kv: min(f.provenance.line for f in kv[1]))

    def columns(self, spec: TableSpec, facts: list[Fact]) -> list[_Col]:
        durations = sorted({f.period for f in facts if not f.period.is_instant}, key=lambda p: (p.end, p.start))
        if spec.columns == "periods":
            if durations:
                return [_Col(p) for p in durations]
            return [_Col(p) for p in sorted({f.period for f in facts})]
        axis = self.src.qname(spec.columns)
        order = self.names.member_order.get(axis, {})
        members = {dict(f.dims).get(axis) for f in facts}
        period = durations[0] if durations else max(f.period for f in facts)
        ranked = sorted(members, key=lambda m: (order.get(m if m else self.names.domains.get(axis, ""), 10_000), m or ""))
        cols = [_Col(d, m) for d in (durations or [period]) for m in ranked]
        return cols

    def _dims_for(self, spec: TableSpec, col: _Col, row_member: str | None) -> tuple[tuple[str, str], ...]:
        dims = [(self.src.qname(a), self.src.qname(m)) for a, m in spec.dims]
        if spec.columns != "periods" and col.member is not None:
            dims.append((self.src.qname(spec.columns), col.member))
        if spec.row_axis and row_member is not None:
            dims.append((self.src.qname(spec.row_axis), row_member))
        return _dims_key(dims)

    def block(self, spec: TableSpec, facts: list[Fact], n: int, title: str) -> Block:
        own = {f.id for f in facts}
        cols = self.columns(spec, facts)
        # the block's scale per unit: what most of its own figures were printed in
        by_unit: dict[str | None, Counter] = defaultdict(Counter)
        for f in facts:
            s = printed_scale(f)
            by_unit[f.unit][s if s is not None else fallback_scale(f)] += 1
        scale_of = {u: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for u, c in by_unit.items()}
        main_unit = Counter(f.unit for f in facts).most_common(1)[0][0]
        min_dec: dict[str | None, int] = {}
        for f in facts:
            if f.decimals is not None:
                min_dec[f.unit] = min(min_dec.get(f.unit, f.decimals), f.decimals)

        def cell(node: Node, col: _Col, row_member: str | None) -> Shown | None:
            qname = self.names.qname_of(node.concept)
            concept = self.names.concept(qname)
            if concept is None or concept.abstract:
                return None
            period = _cell_period(node, col.period, concept.period == "instant")
            if period is None:
                return None
            candidates = self.index.get((qname, self._dims_for(spec, col, row_member), period), [])
            mine = [f for f in candidates if f.id in own and f.id not in self.placed]
            negated = self.names.negated(qname)
            if mine:
                f = mine[0]
                self.placed.add(f.id)
                s = printed_scale(f)
                return shown(f, s if s is not None else scale_of.get(f.unit, fallback_scale(f)), negated)
            others = [f for f in candidates if f.value is not None
                      and (f.decimals is None or f.decimals >= min_dec.get(f.unit, -99))]
            if not others:
                return None
            f = max(others, key=lambda g: (g.id in own, -(abs((g.decimals or 0) + scale_of.get(g.unit, 0))), g.decimals or 0))
            scale = scale_of.get(f.unit, printed_scale(f) or fallback_scale(f))
            if f.decimals is not None and f.decimals + scale < 0:
                scale = printed_scale(f) if printed_scale(f) is not None else fallback_scale(f)
            return shown(f, scale, negated, tagged=False)

        rows: list[Row] = []
        members_of_row_axis: list[str | None] = [None]
        if spec.row_axis:
            raq = self.src.qname(spec.row_axis)
            order = self.names.member_order.get(raq, {})
            present = {dict(f.dims).get(raq) for f in facts} - {None}
            members_of_row_axis += sorted(present, key=lambda m: (order.get(m, 10_000), m))  # type: ignore[arg-type]
        for node, depth in self._nodes(spec):
            qname = self.names.qname_of(node.concept)
            concept = self.names.concept(qname)
            if concept is None:
                continue
            for i, rm in enumerate(members_of_row_axis):
                cells = tuple(cell(node, c, rm) for c in cols)
                if concept.abstract:
                    if i == 0:
                        rows.append(Row(self.names.label(qname, node.preferred), depth, "heading", cells))
                    continue
                if all(c is None for c in cells):
                    if i == 0 and node.children:
                        rows.append(Row(self.names.label(qname, node.preferred), depth, "heading",
                                        cells))
                    continue
                label = self.names.member(rm) if rm else self.names.label(qname, node.preferred)
                kind: Literal["value", "total"] = "total" if (node.preferred == "total" and rm is None) else "value"
                units = {c.fact.unit for c in cells if c is not None}
                note = ""
                if len(units) == 1 and (u := next(iter(units))) != main_unit:
                    note = unit_words(self.units.get(u or ""), scale_of.get(u, 0))
                line = min((c.fact.provenance.line for c in cells if c is not None and c.tagged), default=0)
                rows.append(Row(label, depth + (1 if rm else 0), kind, cells, note, line))
        rows = _prune_headings(_drop_echo_sections(rows, own))
        extra = tuple((f"{self.names.label(f.concept)} ({f.provenance.label}, {f.provenance.column})",
                       shown(f, printed_scale(f) if printed_scale(f) is not None else fallback_scale(f),  # type: ignore[arg-type]
                             self.names.negated(f.concept)))
                      for f in facts if f.id not in self.placed)
        for _, sh in extra:
            self.placed.add(sh.fact.id)
        headers = tuple(self._column_words(spec, c, len({c.period for c in cols}) > 1) for c in cols)
        caption = ""
        if spec.columns != "periods":
            periods = sorted({c.period for c in cols})
            if len(periods) == 1:
                caption = " ".join(period_words(periods[0], self.as_of))
        return Block(
            anchor=f"tbl-{spec.id}-{n}", spec=spec.id, title=title, title_ja=spec.title.get("ja", ""),
            caption=caption, unit_note=unit_words(self.units.get(main_unit or ""), scale_of.get(main_unit, 0)),
            columns=headers, rows=tuple(rows), line=min(f.provenance.line for f in facts), extra=extra)

    def _column_words(self, spec: TableSpec, col: _Col, many_periods: bool) -> tuple[str, ...]:
        if spec.columns == "periods":
            return period_words(col.period, self.as_of)
        axis = self.src.qname(spec.columns)
        name = self.names.member(col.member or self.names.domains.get(axis, ""))
        return (name, *period_words(col.period, self.as_of)) if many_periods else (name,)

    # -- the document ---------------------------------------------------------------------------
    def document(self) -> Document:
        by_table: dict[str, list[Fact]] = defaultdict(list)
        for f in self.filing.facts:
            by_table[f.provenance.table].append(f)
        items: list[tuple[int, int, Section | Fact]] = []
        for tid, facts in by_table.items():
            spec = self.src.tables.get(tid)
            if tid == NARRATIVE or spec is None or spec.columns == NARRATIVE:
                items.extend((f.provenance.line, 1, f) for f in facts)
                continue
            blocks = self.blocks(spec, facts)
            for n, (_, fs) in enumerate(blocks, 1):
                items.append((min(f.provenance.line for f in fs), 0, (spec, fs, n)))  # type: ignore[arg-type]
        items.sort(key=lambda t: (t[0], t[1], t[2].id if isinstance(t[2], Fact) else (t[2][0].order, t[2][2])))  # type: ignore[index]
        sections: list[Section] = []
        pending: list[Fact] = []
        for _, _, item in items:
            if isinstance(item, Fact):
                pending.append(item)
                continue
            if pending:
                sections.append(self.sentences(pending, len(sections) + 1))
                pending = []
            spec, fs, n = item  # type: ignore[misc]
            sections.append(self.block(spec, fs, n, spec.title.get("en", spec.id)))  # type: ignore[arg-type,union-attr]
        if pending:
            sections.append(self.sentences(pending, len(sections) + 1))
        title = self.filing.entity.name or self.filing.entity.identifier
        return Document(title, self.filing.source_name, tuple(sections), self.as_of)

    def sentences(self, facts: list[Fact], n: int) -> Sentences:
        out = []
        for f in facts:
            s = printed_scale(f)
            scale = s if s is not None else fallback_scale(f)
            prefix, suffix = affixes(self.units.get(f.unit or ""), scale)
            label = self.names.label(f.concept)
            if f.dims:
                label += " (" + ", ".join(self.names.member(m) for _, m in f.dims) + ")"
            self.placed.add(f.id)
            out.append(Sentence(label, sentence_period(f.period, self.as_of), prefix,
                                shown(f, scale, self.names.negated(f.concept)), suffix, f.provenance.line))
        return Sentences(f"txt-{n}", tuple(out), min(f.provenance.line for f in facts))


def _drop_echo_sections(rows: list[Row], own: set[str]) -> list[Row]:
    """Drop a heading's section that only repeats figures tagged elsewhere in the same block (a
    tree that lists a total twice, e.g. profit under "attributable to" when the release prints no
    attribution): nothing in it is the release's own row."""
    drop: set[int] = set()
    for i, r in enumerate(rows):
        if r.kind != "heading":
            continue
        j = i + 1
        while j < len(rows) and rows[j].depth > r.depth:
            j += 1
        cells = [c for row in rows[i:j] for c in row.cells if c is not None]
        if cells and all(not c.tagged and c.fact.id in own for c in cells):
            drop.update(range(i, j))
    return [r for k, r in enumerate(rows) if k not in drop]


def _prune_headings(rows: list[Row]) -> list[Row]:
    """Drop heading rows with no value row under them (a tree branch the release did not print)."""
    keep = [True] * len(rows)
    for i, r in enumerate(rows):
        if r.kind != "heading" or any(c is not None for c in r.cells):
            continue
        j = i + 1
        has_child = False
        while j < len(rows) and rows[j].depth > r.depth:
            if rows[j].kind != "heading":
                has_child = True
                break
            j += 1
        keep[i] = has_child
    return [r for r, k in zip(rows, keep) if k]


def layout(filing: Filing, src: Source, ext: Source) -> Document:
    """The Filing laid out as the release prints it (see the module docstring)."""
    doc = _Layout(filing, src, ext).document()
    return _resolve_copies(doc)


def _resolve_copies(doc: Document) -> Document:
    """Name the table that tags each untagged copy (known only once every table is laid out)."""
    home: dict[str, str] = {}
    for s in doc.sections:
        if isinstance(s, Block):
            for r in s.rows:
                for c in r.cells:
                    if c is not None and c.tagged:
                        home[c.fact.id] = s.title
            for _, c in s.extra:
                home[c.fact.id] = s.title
        else:
            for i in s.items:
                home[i.shown.fact.id] = "Figures stated in the text"

    sections: list[Section] = []
    for s in doc.sections:
        if isinstance(s, Block):
            rows = tuple(replace(r, cells=tuple(c if c is None or c.tagged else replace(c, where=home.get(c.fact.id, ""))
                                                for c in r.cells)) for r in s.rows)
            sections.append(replace(s, rows=rows))
        else:
            sections.append(s)
    return replace(doc, sections=tuple(sections))
