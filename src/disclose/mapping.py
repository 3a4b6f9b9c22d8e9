"""Turn tables read from the release into facts, using only the taxonomy's data.

A row is matched against the concepts of its table's presentation tree: headings glued to the
front of a label move the position in the tree, and among rows that share words ("Others",
"Borrowings") the next unused node in release order wins. A row whose label matches a concept
already used with other figures is mapped by where it sits and what it sums to (a total
mislabelled in the source), and the report says so.
"""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from disclose.arithmetic import find_sums, row_figures, slack
from disclose.model import Cell, Fact, Issue, Period, Provenance, Row, Table
from disclose.taxonomy.source import Concept, Member, Node, Source, TableSpec
from disclose.text.numbers import decimals_of
from disclose.text.periods import duration_ending, find_dates
from disclose.text.tables import Vocabulary
from disclose.text.tokens import norm

UNIT_OF_TYPE = {"monetary": "JPY", "perShare": "JPYPerShare", "shares": "shares", "pure": "pure",
                "count": "contracts", "bandwidth": "Gbps"}


@dataclass
class _TreeIndex:
    nodes: list[tuple[Node, int]]
    names: list[set[str]]
    abstract: list[bool]


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str], ...]:
    data = yaml.safe_load((Path(__file__).resolve().parent / "data" / "label_variants.yaml").read_text(encoding="utf-8"))
    return tuple((norm(a), norm(b)) for a, b in data)


def _with_variants(keys: set[str]) -> set[str]:
    out = set(keys)
    for a, b in _variants():
        out |= {k.replace(a, b) for k in keys if a in k and b not in k}
    return out


def _index(src: Source, spec: TableSpec) -> _TreeIndex:
    nodes = spec.nodes()
    names, abstract = [], []
    for node, _ in nodes:
        c = src.concepts[node.concept]
        names.append(_with_variants({norm(n) for n in c.names() if norm(n)}))
        abstract.append(c.abstract)
    return _TreeIndex(nodes, names, abstract)


@dataclass
class Mapper:
    src: Source
    vocab: Vocabulary
    default_months: int = 0
    rounding: str = "round"  # "truncate" when the release rounds down: sums may miss by a unit per item
    qname_of_member: dict[str, str] = field(default_factory=dict)  # member local name -> QName
    extensions: "Extensions" = None  # type: ignore[assignment]
    _indexes: dict[str, _TreeIndex] = field(default_factory=dict)
    printed: dict[tuple[str, Period], Decimal] = field(default_factory=dict)  # undimensioned facts mapped so far
    _alone: set[int] = field(default_factory=set)  # rows whose extension joins no calculation (id of row)
    _runs: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)  # (total row, item rows) of the last table

    def __post_init__(self) -> None:
        if self.extensions is None:
            self.extensions = Extensions("ext")

    def index(self, spec: TableSpec) -> _TreeIndex:
        if spec.id not in self._indexes:
            self._indexes[spec.id] = _index(self.src, spec)
        return self._indexes[spec.id]

    def member_qname(self, member: str) -> str:
        return self.qname_of_member.get(member, self.src.qname(member))

    # -- rows to nodes ----------------------------------------------------------------------
    def _find(self, ix: _TreeIndex, key: str, pos: int, used: set[int], abstract: bool,
              allowed: set[int] | None = None) -> int | None:
        hits = [k for k, names in enumerate(ix.names) if key in names and ix.abstract[k] == abstract
                and (abstract or allowed is None or k in allowed)]
        for pool in ([k for k in hits if k > pos and k not in used], [k for k in hits if k not in used],
                     [k for k in hits if k > pos], hits):
            if pool:
                return pool[0]
        return None

    def match_row(self, ix: _TreeIndex, label: str, pos: int, used: set[int]) -> tuple[int | None, int]:
        """(node index or None, new position) for a row label."""
        k, pos, _ = self._match(ix, label, pos, used)
        return k, pos

    def _match(self, ix: _TreeIndex, label: str, pos: int, used: set[int],
               allowed: set[int] | None = None) -> tuple[int | None, int, str]:
        """Like match_row, plus the label without the headings glued in front of it; `allowed`
        limits the rows it may become (those the arithmetic puts it among)."""
        keys = [norm(w) for w in label.split()]
        keys = [k for k in keys if k]
        # a label that is a row's name as a whole is that row, even when it starts like a heading
        # ("Equity attributable to owners of the parent" after an "Equity" heading)
        whole = self._find(ix, "".join(keys), pos, used, False, allowed)
        if whole is not None and len(keys) > 1:
            return whole, whole, label
        # headings glued in front of the label move the position
        start = 0
        while start < len(keys):
            for j in range(len(keys), start, -1):
                if j == len(keys):
                    continue  # the row itself must keep at least one word
                k = self._find(ix, "".join(keys[start:j]), pos, set(), True)
                if k is not None:
                    pos, start = k, j
                    break
            else:
                break
        for s in range(start, len(keys)):
            if s > start and len(keys) - s < 2:
                break  # "Derivative liabilities" is not "Liabilities": an unknown row, not a shorter one
            k = self._find(ix, "".join(keys[s:]), pos, used, False, allowed)
            if k is not None and s > start and (k in used or k <= pos):
                # "Long-term prepaid expenses" under investments is not the current assets' "Prepaid
                # expenses": words dropped from a label may only find a row still to come
                continue
            if k is not None:
                return k, k, label
        words = [w for w in label.split() if norm(w)]
        return None, pos, " ".join(words[start:])

    def new_row_member(self, axis: str, label: str, row, issues: list[Issue]) -> str:
        """A row naming a member nobody declared (another issuer's segment) becomes an extension member."""
        from disclose.text.tables import member_local_name

        key = norm(label)
        for member, text in self.extensions.members.get(axis, {}).items():
            if norm(text) == key:
                return member
        member = member_local_name(label)
        self.extensions.members.setdefault(axis, {})[member] = label
        self.qname_of_member[member] = self.extensions.qname(member)
        issues.append(Issue("extension-member", "info", f"row '{label}' is not a member the taxonomy or profile "
                            f"knows: extension member {self.extensions.qname(member)} of {axis}", (row.line,)))
        return member

    def row_member(self, axis: str | None, label: str) -> str | None:
        if not axis:
            return None
        key = norm(label)
        for name, member in self.vocab.members.get(axis, []):
            if key == name or (key.endswith(name) and len(name) > 3):
                return member
        return None

    # -- facts ------------------------------------------------------------------------------
    def table_facts(self, table: Table) -> tuple[list[Fact], list[Issue]]:
        spec = self.src.tables[table.spec]
        ix = self.index(spec)
        used: set[int] = set()
        pos = -1
        issues: list[Issue] = []
        last_concept: int | None = None
        member_rows: list[tuple[int, str, Row]] = []
        placed: list[list] = []  # [row, node index or None, label without glued headings, date in the label]
        for row in table.rows:
            label, label_date = _strip_date(row.label)
            k, pos, rest = self._match(ix, label, pos, used)
            if k is None:
                member = self.row_member(spec.row_axis, label)
                if member is None and spec.row_axis and last_concept is not None and _has_figures(row):
                    member = self.new_row_member(spec.row_axis, rest or label, row, issues)
                if member is not None and last_concept is not None:
                    member_rows.append((last_concept, member, row))
                    continue
                if _has_figures(row):
                    placed.append([row, None, rest or label, None])
                continue
            used.add(k)
            last_concept = k
            placed.append([row, k, label, label_date])
        first_reading = [(e[1], (e[0], e[3])) for e in placed if e[1] is not None]
        plain = self._printed_positive(spec, ix, table, first_reading)
        repaired = iter(self._repair_by_sum(spec, ix, table, first_reading, issues, plain))
        for e in placed:
            if e[1] is not None:
                e[1] = next(repaired)[0]
        sum_total = self._place_by_sums(spec, ix, table, placed, issues)
        assigned: list[tuple[int, tuple[Row, date | None]]] = []  # (node index, (row, date)), in print order
        groups: dict[tuple, tuple[int, list[tuple[str, Row]]]] = {}  # unknown rows by what they sum into
        for n, (row, k, label, label_date) in enumerate(placed):
            if k is not None:
                assigned.append((k, (row, label_date)))
                continue
            key = ("sum", sum_total[n], id(row) in self._alone) if n in sum_total else ("at", len(assigned))
            groups.setdefault(key, (len(assigned), []))[1].append((label, row))
        facts: list[Fact] = []
        signs: dict[int, tuple[str, int]] = {}  # id of row -> (its concept, +1 or -1: its facts as printed or negated)
        as_printed = plain | self._printed_positive(spec, ix, table, assigned)
        for k, (row, label_date) in assigned:
            facts.extend(self._row_facts(spec, ix.nodes[k][0], table, row, label_date, (),
                                         printed_positive=id(row) in as_printed))
        for key, (at, group) in groups.items():
            total = key[1] if key[0] == "sum" else None
            made = self.extensions.extend(self.src, spec, ix, assigned, at, group, total, as_printed, self.rounding,
                                          join=not (key[0] == "sum" and key[2]))  # type: ignore[misc]
            for (label, row), ext in zip(group, made):
                if ext is None:
                    issues.append(Issue("unmapped-row", "warning",
                                        f"row '{row.label}' of {spec.id} matches no concept of the table", (row.line,)))
                    continue
                concept, note = ext
                issues.append(Issue("extension-concept", "info", note, (row.line,)))
                facts.extend(self._row_facts(spec, Node(concept.name), table, row, None, (), concept))
                signs[id(row)] = (concept.name, -1 if concept.negated else 1)
        for k, (row, _) in assigned:
            c = self.src.concepts[ix.nodes[k][0].concept]
            signs[id(row)] = (c.name, -1 if c.negated and id(row) not in as_printed else 1)
        self._calculation_as_printed(spec, signs, issues)
        for f in facts:
            if not f.dims and f.value is not None:
                self.printed.setdefault((f.concept, f.period), f.value)
        for k, member, row in member_rows:
            dims: tuple[tuple[str, str], ...] = ()
            if member != self.vocab.defaults.get(spec.row_axis or "") and spec.row_axis:
                dims = ((self.src.qname(spec.row_axis), self.member_qname(member)),)
            facts.extend(self._row_facts(spec, ix.nodes[k][0], table, row, None, dims))
        return facts, issues

    def _place_by_sums(self, spec: TableSpec, ix: _TreeIndex, table: Table, placed: list[list],
                       issues: list[Issue]) -> dict[int, int]:
        """Place rows by the totals they add up to: a row whose label names an item of another
        total ("Other" of the next section) is matched again among the items of its own total, or
        becomes an extension under it. Returns, for rows left unknown, the node of their total."""
        figures = [row_figures(e[0].cells, table.columns) for e in placed]
        owners: dict[str, str] = {}
        for total, items in spec.calculations.items():
            for child, _ in items:
                owners.setdefault(child, total)
        first: dict[int, int] = {}
        for n, e in enumerate(placed):
            if e[1] is not None:
                first.setdefault(e[1], n)
        sum_total: dict[int, int] = {}
        moved: list[tuple[int, int, set[int]]] = []
        sums = find_sums(figures, self.rounding)
        self._runs = [(id(placed[t][0]), tuple(id(placed[i][0]) for i in found.items)) for t, found in sums.items()]
        for t, found in sums.items():
            if placed[t][1] is not None:
                self._total_of_items(spec, ix, placed, t, found.items, owners, issues)
        for t, found in sums.items():
            kt = placed[t][1]
            if kt is None:
                continue
            allowed = self._section(spec, ix, kt)
            head = found.items[0]
            if placed[head][1] is None:
                placed[head][2] = _drop_heading(placed[head][2], ix.names[kt])
            for i in found.items:
                k = placed[i][1]
                if k is None:
                    k = self._printed_elsewhere(spec, ix, table, placed, i, kt)
                    if k is not None:
                        placed[i][1] = k
                        issues.append(Issue("placed-by-sum", "info", f"row '{placed[i][0].label}' of {spec.id} adds up "
                                            f"into {ix.nodes[kt][0].concept} with the figures of "
                                            f"{ix.nodes[k][0].concept} in another statement: mapped to it",
                                            (placed[i][0].line,)))
                        continue
                    sub = self._subtotal_of(spec, ix, placed, found.items, i, kt, owners)
                    sum_total[i] = kt if sub is None else sub
                    if sub is None:
                        self._alone.add(id(placed[i][0]))
                elif k not in allowed and ix.nodes[k][0].concept in owners:
                    moved.append((i, kt, allowed))
                elif first.setdefault(k, i) != i and figures[first[k]] != figures[i]:
                    moved.append((i, kt, allowed))  # a second row of the same name among the items: its own row
        gone = {i for i, _, _ in moved}
        used = {e[1] for n, e in enumerate(placed) if e[1] is not None and n not in gone}
        for i, kt, allowed in moved:
            row, was = placed[i][0], ix.nodes[placed[i][1]][0].concept
            total = ix.nodes[kt][0].concept
            label = _drop_heading(placed[i][2], ix.names[kt])
            k, _, rest = self._match(ix, label, -1, used, allowed)
            if k is not None and k not in used:
                used.add(k)
                placed[i][1] = k
                where = f"mapped to {ix.nodes[k][0].concept}"
            else:
                placed[i][1:3] = [None, rest or label]
                sum_total[i] = kt
                where = "an extension under that total"
            issues[:] = [x for x in issues if not (x.code == "ambiguous-row" and x.lines == (row.line,))]
            issues.append(Issue("placed-by-sum", "info", f"row '{row.label}' of {spec.id} is labelled like {was} but "
                                f"adds up into {total}: {where}", (row.line,)))
        return sum_total

    def _calculation_as_printed(self, spec: TableSpec, signs: dict[int, tuple[str, int]], issues: list[Issue]) -> None:
        """Where a total's items as printed are not its items in the taxonomy (the release skips a
        subtotal the taxonomy sums through), the filing's calculation follows the release: the
        printed items join the total, and the base items the release does not print are
        prohibited, so no calculation binds on half its items."""
        printed = {name for name, _ in signs.values()}
        for total_row, item_rows in self._runs:
            if total_row not in signs or any(r not in signs for r in item_rows):
                continue
            total, total_sign = signs[total_row]
            kids = dict(spec.calculations.get(total, ()))
            items = [signs[r] for r in item_rows]
            names = {c for c, _ in items}
            # a subtotal the release does not print, whose items it prints under this total
            absent = [c for c in kids if c not in printed and names & _descendants(spec, c)]
            extra = [(c, sign * total_sign) for c, sign in items if c not in kids]
            if not absent or not extra:
                continue
            calc = self.extensions.calcs.setdefault((spec.id, total), [])
            for c, w in extra:
                if not any(c == have for have, _ in calc):
                    calc.append((c, w))
            self.extensions.prohibited.setdefault(spec.id, set()).update((total, c) for c in absent)
            issues.append(Issue("calculation-as-printed", "info",
                                f"{total} of {spec.id} is printed as the sum of {', '.join(c for c, _ in items)}: the "
                                f"filing's calculation follows the release (taxonomy items not printed: {', '.join(absent)})",
                                ()))

    def _total_of_items(self, spec: TableSpec, ix: _TreeIndex, placed: list[list], t: int, items, owners,
                        issues: list[Issue]) -> int:
        """The node of the total row t: the total whose calculation its items belong to, when they all
        belong to another one than its label's ("Total" under the comprehensive income attribution)."""
        kt = placed[t][1]
        concepts = [ix.nodes[placed[i][1]][0].concept for i in items if placed[i][1] is not None]
        parents = {owners.get(c) for c in concepts}
        if None in parents:  # no calculation says: the heading the items stand under, and its total row
            parents = {self._closing_total(ix, placed[i][1]) for i in items if placed[i][1] is not None}
        if len(concepts) < 2 or len(parents) != 1 or None in parents:
            return kt
        parent = parents.pop()
        if parent == ix.nodes[kt][0].concept or {ix.nodes[k][0].concept for k in self._section(spec, ix, kt)} >= set(concepts):
            return kt  # the items are the label's total's own, through its subtotals
        node = _node_of(ix, parent)
        if node is None:
            return kt
        placed[t][1] = node
        issues.append(Issue("placed-by-sum", "info", f"row '{placed[t][0].label}' of {spec.id} is labelled like "
                            f"{ix.nodes[kt][0].concept} but is the sum of items of {parent}: mapped to {parent}",
                            (placed[t][0].line,)))
        return node

    @staticmethod
    def _closing_total(ix: _TreeIndex, k: int) -> str | None:
        """The concept of the last row under the heading that node k stands under, when that row
        is not k itself (the total that closes the heading's rows)."""
        depth = ix.nodes[k][1]
        parent = next((j for j in range(k - 1, -1, -1) if ix.nodes[j][1] < depth), None)
        if parent is None or not ix.abstract[parent]:
            return None
        last = None
        for j in range(parent + 1, len(ix.nodes)):
            if ix.nodes[j][1] <= ix.nodes[parent][1]:
                break
            if ix.nodes[j][1] == depth:
                last = j
        return ix.nodes[last][0].concept if last is not None and last != k and not ix.abstract[last] else None

    def _printed_elsewhere(self, spec: TableSpec, ix: _TreeIndex, table: Table, placed: list[list], i: int,
                           kt: int) -> int | None:
        """An item of total kt that this statement lacks, when the unknown row i carries its figures
        as another statement printed them (the profit that opens the comprehensive income statement)."""
        taken = {e[1] for e in placed if e[1] is not None}
        row = placed[i][0]
        for child, _ in spec.calculations.get(ix.nodes[kt][0].concept, ()):
            node = _node_of(ix, child)
            if node is None or node in taken:
                continue
            concept = self.src.concepts[child]
            qname = self.src.qname(child)
            seen = 0
            for col, cell in zip(table.columns, row.cells):
                col_period = col.period or table.period
                if col.kind != "value" or cell is None or cell.value is None or col_period is None:
                    continue
                period = self._period(concept.period, None, col_period, None)
                value, _ = self._value(concept.type, False, cell, table.scale)
                printed = self.printed.get((qname, period))
                if printed is None or abs(printed) != abs(value):  # type: ignore[arg-type]
                    seen = -1
                    break
                seen += 1
            if seen > 0:
                return node
        return None

    def _subtotal_of(self, spec: TableSpec, ix: _TreeIndex, placed: list[list], items, i: int, kt: int,
                     owners: dict[str, str]) -> int | None:
        """The total an unknown item joins: its run's total, or the subtotal of the taxonomy that its
        nearest known neighbours in the run belong to (None: that subtotal is not in this table, so
        the item joins no calculation rather than a partial one)."""
        total = ix.nodes[kt][0].concept
        section = self._section(spec, ix, kt)
        below = {ix.nodes[k][0].concept for k in section}
        at = items.index(i)
        known = [j for j in items if placed[j][1] is not None and placed[j][1] in section]
        for j in sorted(known, key=lambda j: abs(items.index(j) - at)):
            parent = owners.get(ix.nodes[placed[j][1]][0].concept)
            if parent is None or parent == total or parent not in below:
                return kt
            return _node_of(ix, parent)
        return kt

    def _section(self, spec: TableSpec, ix: _TreeIndex, kt: int) -> set[int]:
        """Nodes that may be items of the total at node kt: its calculation descendants, the nodes
        under it in the tree, and the nodes of the heading it closes."""
        concepts = _descendants(spec, ix.nodes[kt][0].concept)
        out = {k for k, (node, _) in enumerate(ix.nodes) if node.concept in concepts}
        depth = ix.nodes[kt][1]
        for k in range(kt + 1, len(ix.nodes)):
            if ix.nodes[k][1] <= depth:
                break
            out.add(k)
        parent = next((j for j in range(kt - 1, -1, -1) if ix.nodes[j][1] < depth), None)
        if parent is not None and ix.abstract[parent]:
            for k in range(parent + 1, len(ix.nodes)):
                if ix.nodes[k][1] <= ix.nodes[parent][1]:
                    break
                out.add(k)
        out.discard(kt)
        return out

    def _printed_positive(self, spec: TableSpec, ix: _TreeIndex, table: Table, assigned: list) -> set[int]:
        """Rows of concepts the taxonomy expects printed negative ("(153,671)") that this release
        prints positive: their totals add up only when they are taken as printed. (id of row)"""
        rows: dict[str, Row] = {}
        for k, (row, _) in assigned:
            rows.setdefault(ix.nodes[k][0].concept, row)
        cols = [j for j, col in enumerate(table.columns) if col.kind == "value"]

        def holds(total: str, items: list[tuple[str, int]], plain: set[str]) -> bool:
            def value(concept: str, j: int) -> Decimal | None:
                cell = rows[concept].cells[j] if j < len(rows[concept].cells) else None
                if cell is None or cell.value is None:
                    return None
                return -cell.value if self.src.concepts[concept].negated and concept not in plain else cell.value
            n = len(items) + 1
            allowed = slack(n, self.rounding)
            seen = False
            for j in cols:
                want = value(total, j)
                if want is None:
                    continue
                got = [(value(c, j), w) for c, w in items]
                if any(v is None for v, _ in got):
                    continue
                seen = True
                if abs(want - sum((w * v for v, w in got if v is not None), Decimal(0))) > allowed:
                    return False
            return seen

        positive = negative = False
        for total, kids in spec.calculations.items():
            items = [(c, w) for c, w in kids if c in rows]
            negated = {c for c, _ in items if self.src.concepts[c].negated}
            if total not in rows or not items or not negated:
                continue
            if holds(total, items, set()):
                negative = True
            elif holds(total, items, negated):
                positive = True
        # a release prints its costs one way throughout: shown by one total, it holds for the table
        if not positive or negative:
            return set()
        return {id(row) for k, (row, _) in assigned if self.src.concepts[ix.nodes[k][0].concept].negated}

    def _row_facts(self, spec: TableSpec, node: Node, table: Table, row, label_date: date | None,
                   row_dims: tuple[tuple[str, str], ...], ext_concept=None, printed_positive: bool = False) -> list[Fact]:
        concept = ext_concept or self.src.concepts[node.concept]
        qname = self.extensions.qname(concept.name) if ext_concept else self.src.qname(concept.name)
        out = []
        for col, cell in zip(table.columns, row.cells):
            if cell is None or cell.value is None or col.kind != "value":
                continue  # nil marks (-, ―) state that there is nothing: no fact
            if cell.is_percent and concept.type != "pure":
                continue
            period = col.period or table.period
            if period is None:
                continue
            period = self._period(concept.period, node.anchor, period, label_date)
            dims = dict((self.src.qname(a), self.member_qname(m)) for a, m in spec.dims)
            if col.member and col.member[1] != self.vocab.defaults.get(col.member[0]):
                dims[self.src.qname(col.member[0])] = self.member_qname(col.member[1])
            dims.update(row_dims)
            value, decimals = self._value(concept.type, concept.negated and not printed_positive, cell, table.scale)
            out.append(Fact(
                concept=qname, period=period, value=value,
                unit=UNIT_OF_TYPE.get(concept.type), decimals=decimals if concept.type in UNIT_OF_TYPE else None,
                dims=tuple(sorted(dims.items())),
                provenance=Provenance(cell.line, row.label, col.header, spec.id, cell.raw)))
        return out

    def _period(self, period_type: str, anchor: str | None, period: Period, label_date: date | None) -> Period:
        if period_type == "instant":
            if label_date is not None and period.start is not None:
                if label_date == period.start:
                    return Period(period.start - timedelta(days=1))
                return Period(label_date)
            if anchor == "start" and period.start is not None:
                return Period(period.start - timedelta(days=1))
            return Period(period.end)
        if period.is_instant:
            return duration_ending(period.end, self.default_months or 12)
        return period

    @staticmethod
    def _value(ctype: str, negated: bool, cell: Cell, scale: int) -> tuple[Decimal | None, int]:
        if cell.value is None:
            return None, 0
        raw = cell.raw.split()[0]
        for p in ("JPY", "¥", "$"):
            raw = raw.replace(p, "")
        if ctype in ("monetary",):
            s = cell.scale if cell.scale is not None else scale
        else:
            s = cell.scale or 0  # per-share figures, counts and shares are printed in units
        value = cell.value.scaleb(s)
        if negated:
            value = -value
        return value, decimals_of(raw, s)

    def _repair_by_sum(self, spec: TableSpec, ix: _TreeIndex, table: Table, assigned: list, issues: list[Issue],
                       plain: AbstractSet[int] = frozenset()) -> list:
        """Two rows on one concept with other figures: the one that sums as an unused total (by the
        taxonomy's calculation) is that total ("Net profit" printed as profit before tax less tax,
        though its words name the owners' share)."""
        seen: dict[int, int] = {}  # node -> index in out of the row that holds it
        used = {k for k, _ in assigned}
        out: list = []
        for k, payload in assigned:
            row = payload[0]
            values = tuple(c.value if c else None for c in row.cells)
            held = seen.get(k)
            if held is not None and tuple(c.value if c else None for c in out[held][1][0].cells) != values:
                for n, r in ((len(out), row), (held, out[held][1][0])):
                    alt = self._sum_match(spec, ix, table, assigned, r, used, plain)
                    if alt is None:
                        continue
                    used.add(alt)
                    issues.append(Issue("mapped-by-sum", "info",
                                        f"row '{r.label}' of {spec.id} is labelled like "
                                        f"{ix.nodes[k][0].concept} but sums as {ix.nodes[alt][0].concept}; "
                                        f"mapped to {ix.nodes[alt][0].concept}", (r.line,)))
                    if n == len(out):
                        out.append((alt, payload))
                    else:
                        out[held] = (alt, out[held][1])
                        seen[k] = len(out)
                        out.append((k, payload))
                    break
                else:
                    issues.append(Issue("ambiguous-row", "warning",
                                        f"row '{row.label}' of {spec.id} repeats {ix.nodes[k][0].concept} with other figures",
                                        (row.line,)))
                    out.append((k, payload))
                continue
            seen.setdefault(k, len(out))
            out.append((k, payload))
        return out

    def _sum_match(self, spec: TableSpec, ix: _TreeIndex, table: Table, assigned: list, row, used: set[int],
                   plain: AbstractSet[int] = frozenset()) -> int | None:
        """The unused total whose calculation items, as read, add up to the row's figures."""
        by_concept: dict[str, tuple] = {}
        for k, (r, _) in assigned:
            c = self.src.concepts[ix.nodes[k][0].concept]
            flip = c.negated and id(r) not in plain
            by_concept.setdefault(c.name, tuple(
                (-(cell.value) if flip else cell.value) if cell and cell.value is not None else None for cell in r.cells))
        target = tuple(cell.value if cell else None for cell in row.cells)
        for k, (node, _) in enumerate(ix.nodes):
            if k in used or ix.abstract[k] or node.concept not in spec.calculations:
                continue
            kids = spec.calculations[node.concept]
            n = len(kids) + 1
            allowed = slack(n, self.rounding)
            ok = seen = False
            for col, want in enumerate(target):
                if want is None:
                    continue
                total = Decimal(0)
                ok = True
                for child, weight in kids:
                    vals = by_concept.get(child)
                    if vals is None or vals[col] is None:
                        ok = False
                        break
                    total += weight * vals[col]
                if not ok or abs(total - want) > allowed:
                    ok = False
                    break
                seen = True
            if ok and seen:
                return k
        return None


def _strip_date(label: str) -> tuple[str, date | None]:
    """ "Balance, April 1, 2019" -> ("Balance", 2019-04-01): the date says which instant."""
    found = find_dates(label)
    if not found:
        return label, None
    f = found[-1]
    rest = (label[:f.pos] + label[f.end:]).strip(" ,")
    return (rest or label), f.date


def _node_of(ix: _TreeIndex, concept: str) -> int | None:
    """The first node of the table's tree that holds the concept."""
    return next((k for k, (n, _) in enumerate(ix.nodes) if n.concept == concept), None)


def _descendants(spec: TableSpec, total: str) -> set[str]:
    """The concepts a total sums, through its subtotals, in a table's calculations."""
    out: set[str] = set()
    todo = [total]
    while todo:
        for child, _ in spec.calculations.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def _drop_heading(label: str, names: set[str]) -> str:
    """The label without its total's own name glued in front (a heading row printed above its
    items: "Selling, general and administrative expenses" + "Salaries and wages")."""
    words = label.split()
    for n in range(len(words) - 1, 0, -1):
        if norm(" ".join(words[:n])) in names:
            return " ".join(words[n:])
    return label


def _has_figures(row) -> bool:
    return any(c is not None and c.value is not None for c in row.cells)


def concept_name(label: str) -> str:
    """An element name from a row label: "Loss on impairment of software" -> LossOnImpairmentOfSoftware."""
    words = re.findall(r"[A-Za-z0-9]+", label)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Item"
    return name if name[0].isalpha() else "Item" + name


@dataclass
class Extensions:
    """Concepts the base taxonomy lacks, made from the release's own rows.

    A row that matches no concept becomes an extension concept: its label is the row's, its type
    and period type those of the statement around it, and it joins the calculation of the subtotal
    that follows it, with the weight its figures add up with (so the totals still validate).
    """

    prefix: str
    concepts: dict[str, Concept] = field(default_factory=dict)
    calcs: dict[tuple[str, str], list[tuple[str, int]]] = field(default_factory=dict)  # (table, total) -> items
    parents: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, concept) -> presentation parent
    members: dict[str, dict[str, str]] = field(default_factory=dict)  # axis -> new member -> its header text
    totals: dict[str, str | None] = field(default_factory=dict)  # concept -> the total it sums into
    prohibited: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # table -> base (total, item) arcs cancelled

    def qname(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def extend(self, src: Source, spec: TableSpec, ix: _TreeIndex, assigned: list, at: int,
               group: list[tuple[str, Row]], sum_total: int | None = None,
               plain: AbstractSet[int] = frozenset(), rounding: str = "round",
               join: bool = True) -> list[tuple[Concept, str] | None]:
        """Extension concepts for unknown rows standing before assigned[at]: together they join the
        calculation of the total they add up to (sum_total, the node the statement's arithmetic
        found) or else of the subtotal that follows them, if the figures add up."""
        following = [(k, payload) for k, payload in assigned[at:] if ix.nodes[k][0].concept in spec.calculations]
        near = assigned[at][0] if at < len(assigned) else (assigned[at - 1][0] if assigned else None)
        if sum_total is not None:
            following, near = [(sum_total, None)], sum_total
        if near is None:
            return [None] * len(group)
        model = src.concepts[ix.nodes[near][0].concept]
        total = following[0] if following else None
        total_concept = src.concepts[ix.nodes[total[0]][0].concept] if total else model
        kids = spec.calculations.get(total_concept.name, ()) if total else ()
        if sum_total is not None:
            negated, weight = total_concept.negated, 1  # the rows were found adding up to it as printed
        else:
            negated = bool(kids) and sum(src.concepts[k].negated for k, _ in kids) * 2 > len(kids) and not plain
            weight = self._weight(src, ix, assigned, total, kids, [row for _, row in group], negated, plain,
                                  rounding) if total else None  # type: ignore[assignment]
        adds_up = weight is not None
        if total and weight is None:
            weight = 1  # the figures do not add up: join the total anyway so validation says so
        parent = _parent_of(ix, total[0] if total else near)
        out: list[tuple[Concept, str] | None] = []
        for label, row in group:
            label = " ".join(label.split()).strip(" :")
            if not label or not any(ch.isalpha() for ch in label):
                out.append(None)
                continue
            balance = None
            if model.type == "monetary":
                balance = total_concept.balance if weight in (None, 1) else {"debit": "credit", "credit": "debit"}.get(
                    total_concept.balance or "", None)
            concept = Concept(concept_name(label), model.type, total_concept.period if total else model.period, balance,
                              False, {"label": {"en": label}}, negated=negated, file="extension")
            name = concept.name
            # the same words in another statement or section (a provision on the balance sheet and its
            # charge in the income statement, "Other" of each section) are another concept: named
            # after the total it sums into when that is known
            named_elsewhere = any(norm(label) in names for names in ix.names)
            if total and (name in src.concepts or named_elsewhere
                          or self.totals.get(name, total_concept.name) != total_concept.name):
                # the gross amount printed above its net total: "Buildings" over "BuildingsNet"
                name += "Gross" if total_concept.name == name + "Net" else total_concept.name
            while name in src.concepts or (name in self.concepts and (not _same_kind(self.concepts[name], concept)
                                                                      or self.totals.get(name) != (total_concept.name if total else None))):
                name += "Extension"
            concept = replace(concept, name=name)
            self.concepts.setdefault(name, concept)
            self.totals.setdefault(name, total_concept.name if total else None)
            if parent:
                self.parents[(spec.id, name)] = parent
            note = f"row '{label}' of {spec.id} is not in the taxonomy: extension concept {self.qname(name)}"
            if not join:
                note += f", under {total_concept.name} (its neighbours sum through a subtotal this statement does not print)"
            elif total and weight:
                items = self.calcs.setdefault((spec.id, total_concept.name), [])
                if (name, weight) not in items:
                    items.append((name, weight))
                note += f", {'added to' if weight > 0 else 'subtracted from'} {total_concept.name}"
                if not adds_up:
                    note += " (its figures do not add up to that total)"
            out.append((concept, note))
        return out

    @staticmethod
    def _weight(src: Source, ix: _TreeIndex, assigned: list, total, kids, rows: list, negated: bool,
                plain: AbstractSet[int] = frozenset(), rounding: str = "round") -> int | None:
        """+1 or -1 when total = its known items + weight * (these rows) in every column, within the
        release's rounding (a unit per item when it rounds down), else None."""
        values: dict[str, tuple] = {}
        for k, (r, _) in assigned:
            c = src.concepts[ix.nodes[k][0].concept]
            values.setdefault(c.name, tuple((-cell.value if c.negated and id(r) not in plain else cell.value)
                                            if cell is not None and cell.value is not None else None for cell in r.cells))
        tot = values.get(src.concepts[ix.nodes[total[0]][0].concept].name)
        if tot is None:
            return None
        n = len(kids) + len(rows) + 1
        allowed = slack(n, rounding)
        found = set()
        for col, t in enumerate(tot):
            cells = [r.cells[col] if col < len(r.cells) else None for r in rows]
            if t is None or all(c is None or c.value is None for c in cells):
                continue
            mine = sum((-c.value if negated else c.value) for c in cells if c is not None and c.value is not None)
            rest = t - sum(w * values[k][col] for k, w in kids if k in values and values[k][col] is not None)
            if mine == 0:
                continue
            if abs(mine) < 10 * allowed:
                allowed = Decimal(0)  # a small figure must add up exactly
            if abs(rest - mine) <= allowed:
                found.add(1)
            elif abs(rest + mine) <= allowed:
                found.add(-1)
            else:
                return None
        return found.pop() if len(found) == 1 else None

    def source(self, base: Source, namespace: str, axes: dict) -> Source:
        """The issuer's extension Source: new concepts, their calculation and presentation arcs."""
        tables: dict[str, dict] = {}
        for (tid, total), items in sorted(self.calcs.items()):
            rows = tables.setdefault(tid, {"rows": {}, "calcs": {}})
            rows["calcs"][total] = tuple(items)
        for (tid, name), parent in sorted(self.parents.items()):
            rows = tables.setdefault(tid, {"rows": {}, "calcs": {}})
            rows["rows"].setdefault(parent, []).append(name)
        for tid in self.prohibited:
            tables.setdefault(tid, {"rows": {}, "calcs": {}})
        specs = {}
        for tid, parts in tables.items():
            t = base.tables[tid]
            nodes = tuple(Node(p, children=tuple(Node(n) for n in kids)) for p, kids in sorted(parts["rows"].items()))
            specs[tid] = replace(t, rows=nodes, calculations=dict(parts["calcs"]), file="extension",
                                 prohibited=tuple(sorted(self.prohibited.get(tid, ()))))
        axes = dict(axes)
        for axis, members in sorted(self.members.items()):
            base_axis = axes.get(axis) or base.axes[axis]
            known = {m.name for m in base_axis.members}
            extra = tuple(Member(name, {"label": {"en": label}}) for name, label in sorted(members.items())
                          if name not in known)
            base_members = axes[axis].members if axis in axes else ()
            axes[axis] = replace(base_axis, members=base_members + extra)
        return Source(dict(sorted(self.concepts.items())), axes, specs, namespace=namespace, prefix=self.prefix)


def _same_kind(a: Concept, b: Concept) -> bool:
    return (a.labels["label"]["en"], a.type, a.period, a.balance, a.negated) == \
        (b.labels["label"]["en"], b.type, b.period, b.balance, b.negated)


def _parent_of(ix: _TreeIndex, k: int) -> str | None:
    """The concept of the node under which node k hangs in the presentation tree."""
    depth = ix.nodes[k][1]
    for j in range(k - 1, -1, -1):
        if ix.nodes[j][1] < depth:
            return ix.nodes[j][0].concept
    return None
