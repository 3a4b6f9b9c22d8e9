"""Extension concepts: rows the base taxonomy lacks, made from the release's own rows and
joined to the totals their figures add up to."""
from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from decimal import Decimal

from disclose.arithmetic import slack
from disclose.model import Row
from disclose.names import element_name
from disclose.taxonomy.source import Concept, Member, Node, Source, TableSpec
from disclose.text.tokens import norm
from disclose.tree_index import TreeIndex, parent_of


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

    def extend(self, src: Source, spec: TableSpec, ix: TreeIndex, assigned: list, at: int,
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
        parent = parent_of(ix, total[0] if total else near)
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
            concept = Concept(element_name(label), model.type, total_concept.period if total else model.period, balance,
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
    def _weight(src: Source, ix: TreeIndex, assigned: list, total, kids, rows: list, negated: bool,
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
