"""Placement of rows by the statement's own arithmetic: which runs of rows sum to which totals
decides where a row belongs when its label alone would put it elsewhere (an "Other" of the next
section, a total labelled like another, costs printed positive), and the filing's calculation
follows the release where it skips a subtotal the taxonomy sums through."""
from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from disclose.arithmetic import find_sums, row_figures, slack
from disclose.extensions import Extensions
from disclose.model import Cell, Issue, Period, Row, Table
from disclose.taxonomy.source import Source, TableSpec
from disclose.text.tokens import norm
from disclose.tree_index import TreeIndex, descendants, node_of


class Placement:
    """What the mapper knows of a table's arithmetic; mixed into the Mapper, whose state it reads."""

    src: Source
    rounding: str
    extensions: Extensions
    printed: dict[tuple[str, Period], Decimal]
    _alone: set[int]
    _runs: list[tuple[int, tuple[int, ...]]]

    if TYPE_CHECKING:
        def _match(self, ix: TreeIndex, label: str, pos: int, used: set[int],
                   allowed: set[int] | None = None) -> tuple[int | None, int, str]: ...

        def _period(self, period_type: str, anchor: str | None, period: Period,
                    label_date: date | None) -> Period: ...

        @staticmethod
        def _value(ctype: str, negated: bool, cell: Cell, scale: int) -> tuple[Decimal | None, int]: ...

    def _place_by_sums(self, spec: TableSpec, ix: TreeIndex, table: Table, placed: list[list],
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
                placed[head][2] = drop_heading(placed[head][2], ix.names[kt])
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
            label = drop_heading(placed[i][2], ix.names[kt])
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
        self._printed_subtotals(spec, signs, issues)
        for total_row, item_rows in self._runs:
            if total_row not in signs or any(r not in signs for r in item_rows):
                continue
            total, total_sign = signs[total_row]
            kids = dict(spec.calculations.get(total, ()))
            items = [signs[r] for r in item_rows]
            names = {c for c, _ in items}
            # a subtotal the release does not print, whose items it prints under this total
            absent = [c for c in kids if c not in printed and names & descendants(spec, c)]
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

    def _items_printed_inside(self, spec: TableSpec, facts: list, order: list[str], issues: list[Issue]) -> None:
        """An item the taxonomy sums into a later total or into none, printed inside an earlier total
        whose figures add up only with it (a share of profit of equity-method investees above
        operating profit): the filing's calculation sums it where the release does, and the later
        total's base arc to it is prohibited. The totals must add up that way in every period, or
        nothing changes."""
        values: dict[str, dict[Period, Decimal]] = {}
        for f in facts:
            if not f.dims and f.value is not None:
                values.setdefault(f.concept.split(":")[-1], {}).setdefault(f.period, f.value)
        at = {c: n for n, c in enumerate(order)}
        owners = {c: (t, w) for t, items in spec.calculations.items() for c, w in items}

        def adds_up(total: str, items: list[tuple[str, int]]) -> bool:
            if total not in values or any(c not in values for c, _ in items) or len(items) < 2:
                return False
            for period, want in values[total].items():
                if any(period not in values[c] for c, _ in items):
                    return False
                got = sum((w * values[c][period] for c, w in items), Decimal(0))
                if abs(want - got) > slack(len(items), self.rounding):
                    return False
            return True

        for total, kids in spec.calculations.items():
            items = [(c, w) for c, w in kids if c in at]  # as Calculations 1.1 sums: the items reported
            if total not in at or not items or adds_up(total, items):
                continue
            start = min(at[c] for c, _ in items)
            for c in order[start:at[total]]:
                other, w = owners.get(c, (None, 0))
                if other == total or c in dict(items) or c in spec.calculations:
                    continue
                if other is None:  # in no calculation of the table: its sign is the one that adds up
                    w = next((sign for sign in (1, -1) if adds_up(total, [*items, (c, sign)])), 0)
                    if not w:
                        continue
                elif at.get(other, -1) < at[total] or not adds_up(
                        other, [(k, kw) for k, kw in spec.calculations[other] if k != c and k in at]):
                    continue
                if adds_up(total, [*items, (c, w)]):
                    calc = self.extensions.calcs.setdefault((spec.id, total), [])
                    if not any(c == have for have, _ in calc):
                        calc.append((c, w))
                    if other is not None:
                        self.extensions.prohibited.setdefault(spec.id, set()).add((other, c))
                    issues.append(Issue("calculation-as-printed", "info",
                                        f"{total} of {spec.id} is printed with {c}, which the taxonomy sums "
                                        f"{'into ' + other if other else 'into no total'}: the filing's calculation "
                                        f"follows the release", ()))
                    break

    def _printed_subtotals(self, spec: TableSpec, signs: dict[int, tuple[str, int]], issues: list[Issue]) -> None:
        """A subtotal the taxonomy lacks ("Sub-total" of the current assets above "Non-current assets
        held for sale"): an extension row that adds up the base items of the total it joins becomes
        their total; the total sums the subtotal instead of them (those base arcs prohibited)."""
        runs = {t: items for t, items in self._runs}
        for total_row, item_rows in self._runs:
            if total_row not in signs:
                continue
            total, _ = signs[total_row]
            kids = {c for c, _ in spec.calculations.get(total, ())}
            for sub_row in item_rows:
                inner = runs.get(sub_row)
                if sub_row not in signs or inner is None or signs[sub_row][0] not in self.extensions.concepts:
                    continue
                ext = self.extensions.concepts
                if any(r not in signs or (signs[r][0] not in kids and signs[r][0] not in ext) for r in inner) \
                        or not any(signs[r][0] in kids for r in inner):
                    continue
                sub, sub_sign = signs[sub_row]
                calc = self.extensions.calcs.setdefault((spec.id, sub), [])
                outer = self.extensions.calcs.get((spec.id, total), [])
                for r in inner:
                    c, w = signs[r]
                    if not any(c == have for have, _ in calc):
                        calc.append((c, w * sub_sign))
                    if c in ext:
                        outer[:] = [(have, hw) for have, hw in outer if have != c]  # it joins the subtotal
                    else:
                        self.extensions.prohibited.setdefault(spec.id, set()).add((total, c))
                issues.append(Issue("calculation-as-printed", "info",
                                    f"{sub} of {spec.id} is printed as the subtotal of "
                                    f"{', '.join(signs[r][0] for r in inner)}: {total} sums it instead of them", ()))

    def _total_of_items(self, spec: TableSpec, ix: TreeIndex, placed: list[list], t: int, items, owners,
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
        node = node_of(ix, parent)
        if node is None:
            return kt
        placed[t][1] = node
        issues.append(Issue("placed-by-sum", "info", f"row '{placed[t][0].label}' of {spec.id} is labelled like "
                            f"{ix.nodes[kt][0].concept} but is the sum of items of {parent}: mapped to {parent}",
                            (placed[t][0].line,)))
        return node

    @staticmethod
    def _closing_total(ix: TreeIndex, k: int) -> str | None:
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

    def _printed_elsewhere(self, spec: TableSpec, ix: TreeIndex, table: Table, placed: list[list], i: int,
                           kt: int) -> int | None:
        """An item of total kt that this statement lacks, when the unknown row i carries its figures
        as another statement printed them (the profit that opens the comprehensive income statement)."""
        taken = {e[1] for e in placed if e[1] is not None}
        row = placed[i][0]
        for child, _ in spec.calculations.get(ix.nodes[kt][0].concept, ()):
            node = node_of(ix, child)
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

    def _subtotal_of(self, spec: TableSpec, ix: TreeIndex, placed: list[list], items, i: int, kt: int,
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
            return node_of(ix, parent)
        return kt

    def _section(self, spec: TableSpec, ix: TreeIndex, kt: int) -> set[int]:
        """Nodes that may be items of the total at node kt: its calculation descendants, the nodes
        under it in the tree, and the nodes of the heading it closes."""
        concepts = descendants(spec, ix.nodes[kt][0].concept)
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

    def _printed_positive(self, spec: TableSpec, ix: TreeIndex, table: Table, assigned: list) -> set[int]:
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

    def _repair_by_sum(self, spec: TableSpec, ix: TreeIndex, table: Table, assigned: list, issues: list[Issue],
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

    def _sum_match(self, spec: TableSpec, ix: TreeIndex, table: Table, assigned: list, row, used: set[int],
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


def drop_heading(label: str, names: set[str]) -> str:
    """The label without its total's own name glued in front (a heading row printed above its
    items: "Selling, general and administrative expenses" + "Salaries and wages")."""
    words = label.split()
    for n in range(len(words) - 1, 0, -1):
        if norm(" ".join(words[:n])) in names:
            return " ".join(words[n:])
    return label
