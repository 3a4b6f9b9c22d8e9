"""The issuer's extension taxonomy for a Tanshin filing: its members and its product concepts.

* Segments (from the profile, or found in the segment table's header) extend `SegmentsAxis`;
  other members found in the release (product categories) extend their axis.
* A "by category" table (production, sales, orders received by product category) lists the
  issuer's own products as rows. The base taxonomy only holds such a table's heading and total;
  each other row becomes an extension concept ("Production: Semiconductor-related products"), with
  the sums the table prints as calculations ("Subtotal" = the rows since the heading above it,
  "Total" = the subtotals and the rows outside any group), in the base table's role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from disclose.model import Fact, Table
from disclose.profile import Profile, member_name
from disclose.taxonomy.source import Axis, Concept, Member, Node, Source, TableSpec
from disclose.text.grammar import continues_rx
from disclose.text.tokens import norm

SUBTOTAL = {"subtotal", "subtotals"}
_CONTINUES = continues_rx()  # a label line that ends mid-label (the shared word list: data/grammar.yaml)


@dataclass
class Extension:
    source: Source
    notes: list[str] = field(default_factory=list)

    def merged(self, src: Source) -> Source:
        """The base source with the extension's concepts and table trees, for the mapper."""
        return replace(src, concepts={**src.concepts, **self.source.concepts}, tables={**src.tables, **self.source.tables})

    def with_source(self, other: Source) -> "Extension":
        """This extension plus another one's concepts and table trees (same namespace)."""
        concepts = {**self.source.concepts, **other.concepts}
        tables = dict(self.source.tables)
        for tid, t in other.tables.items():
            mine = tables.get(tid)
            if mine is None:
                tables[tid] = t
                continue
            calcs = dict(mine.calculations)
            for total, items in t.calculations.items():
                calcs[total] = tuple(dict.fromkeys(calcs.get(total, ()) + tuple(items)))
            tables[tid] = replace(mine, rows=mine.rows + t.rows, calculations=calcs,
                                  prohibited=tuple(sorted(set(mine.prohibited) | set(t.prohibited))))
        return Extension(replace(self.source, concepts=concepts, tables=tables), self.notes)

    def requalify(self, fact: Fact) -> Fact:
        _, _, local = fact.concept.partition(":")
        if local in self.source.concepts:
            return replace(fact, concept=self.source.qname(local))
        return fact

    def with_category_rows(self, src: Source, tables: list[Table], reader) -> "Extension":
        concepts: dict[str, Concept] = dict(self.source.concepts)
        specs: dict[str, TableSpec] = dict(self.source.tables)
        for spec in src.tables.values():
            root = _open_tree(src, spec)
            if root is None:
                continue
            mine = [t for t in tables if t.spec == spec.id]
            if not mine:
                continue
            abstract, total = root
            base_names = {norm(n) for n in src.concepts[total].names()}
            stem = _stem(spec)
            tc = src.concepts[total]
            order: list[str] = []
            calcs: dict[str, list[str]] = {}
            for t in mine:
                items: list[str] = []
                top: list[str] = []
                group = None
                for row in t.rows:
                    phrases = _phrases(reader.label_parts.get(row.line) or [row.label])
                    own = phrases[-1]
                    if len(phrases) > 1:
                        group, items = phrases[-2], []
                    key = norm(own)
                    if key in base_names:
                        calcs.setdefault(total, list(top + items if group and items else top))
                        continue
                    if key in SUBTOTAL:
                        name = stem + _camel(group or own)
                        label = f"{stem_words(spec)}: {group or own} (subtotal)"
                        syn = (own,)
                        if items:
                            calcs.setdefault(name, list(items))
                        top.append(name)
                        group, items = None, []
                    else:
                        name = stem + _camel(own)
                        label = f"{stem_words(spec)}: {own}"
                        syn = (own,)
                        (items if group else top).append(name)
                    if name in src.concepts:
                        name = name + "Ext"
                    if name not in concepts:
                        concepts[name] = Concept(name, "monetary", tc.period, tc.balance, False,
                                                 {"label": {"en": label}}, syn, False, (), "extension")
                    if name not in order:
                        order.append(name)
            if not order:
                continue
            nodes = tuple(Node(n) for n in order) + (Node(total, None, "total" if "total" in tc.labels else None),)
            rows = (Node(abstract, None, None, nodes),)
            calc = {k: tuple((c, 1) for c in v) for k, v in calcs.items() if v}
            specs[spec.id] = replace(spec, rows=rows, calculations=calc, file="extension")
        return Extension(replace(self.source, concepts=concepts, tables=specs), self.notes)


def build_extension(src: Source, profile: Profile, members: dict[str, tuple[str, ...]]) -> Extension:
    axes: dict[str, Axis] = {}
    if profile.segments and profile.segment_axis in src.axes:
        ax = src.axes[profile.segment_axis]
        axes[profile.segment_axis] = Axis(profile.segment_axis, ax.labels, ax.domain, tuple(
            Member(s.member, {"label": {"en": s.name, **({"ja": s.ja} if s.ja else {})}}, s.synonyms)
            for s in profile.segments))
    for axis, names in members.items():
        if axis not in src.axes or axis in axes:
            continue
        ax = src.axes[axis]
        known = {m.name for m in (ax.domain, *ax.members)}
        mem = tuple(Member(member_name(n), {"label": {"en": n}}, ()) for n in names if member_name(n) not in known)
        if mem:
            axes[axis] = Axis(axis, ax.labels, ax.domain, mem)
    return Extension(Source({}, axes, {}, namespace=profile.namespace, prefix=profile.prefix))


def _open_tree(src: Source, spec: TableSpec) -> tuple[str, str] | None:
    """(heading, total) of a table whose base tree is only a heading and its total."""
    if len(spec.rows) != 1 or spec.columns != "periods":
        return None
    root = spec.rows[0]
    if not src.concepts[root.concept].abstract or len(root.children) != 1 or root.children[0].children:
        return None
    return root.concept, root.children[0].concept


def _stem(spec: TableSpec) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z]+", stem_words(spec)))


def stem_words(spec: TableSpec) -> str:
    title = spec.title.get("en", spec.id)
    return re.split(r"\s+by\s+", title, maxsplit=1)[0].strip()


def _camel(text: str) -> str:
    return member_name(text).removesuffix("Member")


def _phrases(parts: list[str]) -> list[str]:
    """Label lines joined into phrases: a line that ends mid-phrase continues on the next."""
    out: list[str] = []
    for p in (x.strip() for x in parts if x.strip()):
        if out and (_CONTINUES.search(out[-1]) or p[:1].islower()):
            sep = "" if out[-1].endswith("-") else " "
            out[-1] = out[-1] + sep + p
        else:
            out.append(p)
    return out or [""]
