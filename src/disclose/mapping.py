"""Turn tables read from the release into facts, using only the taxonomy's data.

A row is matched against the concepts of its table's presentation tree: headings glued to the
front of a label move the position in the tree, and among rows that share words ("Others",
"Borrowings") the next unused node in release order wins. A row whose label matches a concept
already used with other figures is mapped by where it sits and what it sums to (a total
mislabelled in the source), and the report says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from decimal import Decimal


from disclose.paths import read_data
from disclose.extensions import Extensions
from disclose.model import Cell, Fact, Issue, Period, Provenance, Row, Table
from disclose.names import member_name
from disclose.placement import Placement
from disclose.taxonomy.source import Node, Source, TableSpec
from disclose.text.numbers import decimals_of
from disclose.text.periods import duration_ending, strip_date
from disclose.text.tables import Vocabulary
from disclose.text.tokens import norm
from disclose.tree_index import TreeIndex, build_index, under
from disclose.units import default_currency, numeric_types, strip_currency, unit_id



@dataclass
class Mapper(Placement):
    src: Source
    vocab: Vocabulary
    default_months: int = 0
    rounding: str = "round"  # "truncate" when the release rounds down: sums may miss by a unit per item
    qname_of_member: dict[str, str] = field(default_factory=dict)  # member local name -> QName
    extensions: Extensions = None  # type: ignore[assignment]
    _indexes: dict[str, TreeIndex] = field(default_factory=dict)
    printed: dict[tuple[str, Period], Decimal] = field(default_factory=dict)  # undimensioned facts mapped so far
    _alone: set[int] = field(default_factory=set)  # rows whose extension joins no calculation (id of row)
    _runs: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)  # (total row, item rows) of the last table
    currency: str = field(default_factory=default_currency)  # of monetary facts whose table states none (the profile's)
    _printed_totals: set[int] = field(default_factory=set)  # total nodes the table being mapped prints a row of

    def __post_init__(self) -> None:
        if self.extensions is None:
            self.extensions = Extensions("ext")

    def index(self, spec: TableSpec) -> TreeIndex:
        if spec.id not in self._indexes:
            self._indexes[spec.id] = build_index(self.src, spec)
        return self._indexes[spec.id]

    def member_qname(self, member: str) -> str:
        return self.qname_of_member.get(member, self.src.qname(member))

    # -- rows to nodes ----------------------------------------------------------------------
    def _find(self, ix: TreeIndex, key: str, pos: int, used: set[int], abstract: bool,
              allowed: set[int] | None = None) -> int | None:
        hits = [k for k, names in enumerate(ix.names) if key in names and ix.abstract[k] == abstract
                and (abstract or allowed is None or k in allowed)]
        for pool in ([k for k in hits if k > pos and k not in used], [k for k in hits if k not in used],
                     [k for k in hits if k > pos], hits):
            if pool:
                return pool[0]
        return None

    def match_row(self, ix: TreeIndex, label: str, pos: int, used: set[int]) -> tuple[int | None, int]:
        """(node index or None, new position) for a row label."""
        k, pos, _ = self._match(ix, label, pos, used)
        return k, pos

    def _match(self, ix: TreeIndex, label: str, pos: int, used: set[int],
               allowed: set[int] | None = None) -> tuple[int | None, int, str]:
        """Like match_row, plus the label without the headings glued in front of it; `allowed`
        limits the rows it may become (those the arithmetic puts it among)."""
        words = [w for w in label.split() if norm(w)]
        keys = [norm(w) for w in words]
        # a label that is a row's name as a whole is that row, even when it starts like a heading
        # ("Equity attributable to owners of the parent" after an "Equity" heading)
        whole = self._find(ix, "".join(keys), pos, used, False, allowed)
        if whole is not None and len(keys) > 1:
            return whole, whole, label
        # headings glued in front of the label move the position
        start = 0
        heading = None
        while start < len(keys):
            for j in range(len(keys), start, -1):
                if j == len(keys):
                    continue  # the row itself must keep at least one word
                if words[j][:1].islower():
                    continue  # "Non-current assets held for sale": the label goes on, no heading ends here
                k = self._find(ix, "".join(keys[start:j]), pos, set(), True)
                if k is not None:
                    pos, start, heading = k, j, k
                    break
            else:
                break
        for s in range(start, len(keys)):
            if s > start and len(keys) - s < 2:
                break  # "Derivative liabilities" is not "Liabilities": an unknown row, not a shorter one
            k = self._find(ix, "".join(keys[s:]), pos, used, False, allowed)
            if k is not None and allowed is None and self._past_open_total(ix, pos, k, used, "".join(keys[s:])):
                # "Provisions" among the current liabilities is not the non-current provisions: a
                # row does not leave its section before the section's printed total
                continue
            if k is not None and s > start and words[s - 1].lower() in _object_prepositions() \
                    and ix.nodes[k][0].preferred != "terse":
                # "Effect of exchange rate change on cash and cash equivalents" is not the cash (but a
                # short row printed after its heading is: "... attributable to" / "Owners of parent")
                continue
            if k is not None and s > start and (k in used or k <= pos):
                # "Long-term prepaid expenses" under investments is not the current assets' "Prepaid
                # expenses": words dropped from a label may only find a row still to come
                continue
            if k is not None and heading is not None and not under(ix, heading, k):
                # printed under "Non-operating expenses", a row the taxonomy only lists under
                # "Extraordinary losses" is not that row: a row of the heading it stands under
                continue
            if k is not None:
                return k, k, label
        return None, pos, " ".join(words[start:])

    def _past_open_total(self, ix: TreeIndex, pos: int, k: int, used: set[int], key: str) -> bool:
        """Whether node k lies past a section total the table prints but has not reached yet, and the
        label names no row before that total (an "Other" of this section, taken by an earlier row,
        is left to the placement by sums)."""
        if not k > pos >= 0:
            return False
        open_total = next((j for j in range(pos + 1, k) if j in self._printed_totals and j not in used), None)
        if open_total is None:
            return False
        return not any(key in ix.names[j] and not ix.abstract[j] for j in range(open_total))

    def _totals_printed(self, ix: TreeIndex, table: Table) -> set[int]:
        """The total nodes (shown with their total label) that some row of the table names."""
        labels = {norm(r.label) for r in table.rows}
        return {j for j, (node, _) in enumerate(ix.nodes) if node.preferred == "total"
                and any(label.endswith(name) for label in labels for name in ix.names[j] if name.startswith("total"))}

    def new_row_member(self, axis: str, label: str, row, issues: list[Issue]) -> str:
        """A row naming a member nobody declared (another issuer's segment) becomes an extension member."""
        key = norm(label)
        for member, text in self.extensions.members.get(axis, {}).items():
            if norm(text) == key:
                return member
        member = member_name(label)
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
        self._printed_totals = self._totals_printed(ix, table)
        issues: list[Issue] = []
        last_concept: int | None = None
        member_rows: list[tuple[int, str, Row]] = []
        placed: list[list] = []  # [row, node index or None, label without glued headings, date in the label]
        for row in table.rows:
            label, label_date = strip_date(row.label)
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
        self._items_printed_inside(spec, facts, [ix.nodes[k][0].concept for k, _ in assigned], issues)
        for f in facts:
            if not f.dims and f.value is not None:
                self.printed.setdefault((f.concept, f.period), f.value)
        for k, member, row in member_rows:
            dims: tuple[tuple[str, str], ...] = ()
            if member != self.vocab.defaults.get(spec.row_axis or "") and spec.row_axis:
                dims = ((self.src.qname(spec.row_axis), self.member_qname(member)),)
            facts.extend(self._row_facts(spec, ix.nodes[k][0], table, row, None, dims))
        return facts, issues

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
            printed_in = self._scale(concept.type, cell, table.scale)
            out.append(Fact(
                concept=qname, period=period, value=value,
                unit=unit_id(concept.type, table.currency or self.currency),
                decimals=decimals if concept.type in numeric_types() else None,
                dims=tuple(sorted(dims.items())),
                provenance=Provenance(cell.line, row.label, col.header, spec.id, cell.raw, printed_in,
                                      cell.value.is_signed())))
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
    def _scale(ctype: str, cell: Cell, scale: int) -> int:
        """The power of ten a cell's digits are printed in: its own (JPY101.7 billion), else the
        table's for money; per-share figures, counts and shares are printed in units."""
        if ctype in ("monetary",):
            return cell.scale if cell.scale is not None else scale
        return cell.scale or 0

    @staticmethod
    def _value(ctype: str, negated: bool, cell: Cell, scale: int) -> tuple[Decimal | None, int]:
        if cell.value is None:
            return None, 0
        raw = strip_currency(cell.raw.split()[0])
        s = Mapper._scale(ctype, cell, scale)
        value = cell.value.scaleb(s)
        if negated:
            value = -value
        return value, decimals_of(raw, s)


@lru_cache(maxsize=1)
def _object_prepositions() -> frozenset[str]:
    data = read_data("label_words.yaml")
    return frozenset(w.lower() for w in data["object_prepositions"])


def _has_figures(row) -> bool:
    return any(c is not None and c.value is not None for c in row.cells)
