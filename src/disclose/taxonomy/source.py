"""Load and check the human-edited taxonomy source (taxonomy/source/*.yaml).

The source is the one place that knows concepts, labels, synonyms, tables and calculations; the
generator turns it into XBRL files and the mapper reads it to recognise rows. See
taxonomy/README.md for the format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

NAMESPACE = "https://disclose.dev/taxonomy/2026"
PREFIX = "dis"
VERSION = "2026"
ENTRY_NAME = f"disclose-{VERSION}.xsd"
PUBLISHED_BASE = f"{NAMESPACE}/"
ROLE_BASE = f"{NAMESPACE}/role/"

TYPES = {"monetary", "perShare", "shares", "pure", "count", "bandwidth", "string", "date"}
LABEL_KEYS = ("label", "terse", "total", "start", "end")
PREFERRED = {"total", "terse", "start", "end"}


class SourceError(ValueError):
    """The taxonomy source is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Concept:
    name: str
    type: str
    period: str  # "duration" | "instant"
    balance: str | None
    abstract: bool
    labels: dict[str, dict[str, str]]  # role key (label, terse, total, start, end) -> {lang: text}
    synonyms: tuple[str, ...] = ()
    negated: bool = False
    phrases: tuple[str, ...] = ()
    file: str = ""

    def names(self) -> Iterator[str]:
        """Every English way a release may write this concept's row."""
        for key in LABEL_KEYS:
            if key in self.labels and "en" in self.labels[key]:
                yield self.labels[key]["en"]
        yield from self.synonyms


@dataclass(frozen=True)
class Member:
    name: str
    labels: dict[str, dict[str, str]]
    synonyms: tuple[str, ...] = ()

    def names(self) -> Iterator[str]:
        yield self.labels["label"]["en"]
        yield from self.synonyms


@dataclass(frozen=True)
class Axis:
    name: str
    labels: dict[str, dict[str, str]]
    domain: Member
    members: tuple[Member, ...]

    def member(self, name: str) -> Member:
        for m in (self.domain, *self.members):
            if m.name == name:
                return m
        raise KeyError(name)


@dataclass(frozen=True)
class Node:
    """A node of a table's presentation tree."""

    concept: str
    anchor: str | None = None  # "start" | "end" for instants anchored to the period
    preferred: str | None = None  # label key: total, terse, start, end
    children: tuple["Node", ...] = ()

    def walk(self, depth: int = 0) -> Iterator[tuple["Node", int]]:
        yield self, depth
        for c in self.children:
            yield from c.walk(depth + 1)


@dataclass(frozen=True)
class TableSpec:
    id: str
    role: str
    order: int
    title: dict[str, str]
    headings: tuple[str, ...]
    columns: str  # "periods" or an axis name
    rows: tuple[Node, ...]
    calculations: dict[str, tuple[tuple[str, int], ...]]  # total -> ((child, weight), ...)
    row_axis: str | None = None
    dims: tuple[tuple[str, str], ...] = ()
    file: str = ""

    @property
    def role_uri(self) -> str:
        return ROLE_BASE + self.role

    def nodes(self) -> list[tuple[Node, int]]:
        """Depth-first list of (node, depth): the release order of the table's rows."""
        out: list[tuple[Node, int]] = []
        for n in self.rows:
            out.extend(n.walk())
        return out

    @property
    def axes(self) -> tuple[str, ...]:
        axes = [] if self.columns == "periods" else [self.columns]
        if self.row_axis and self.row_axis not in axes:
            axes.append(self.row_axis)
        axes.extend(a for a, _ in self.dims if a not in axes)
        return tuple(axes)


@dataclass(frozen=True)
class Source:
    concepts: dict[str, Concept]
    axes: dict[str, Axis]
    tables: dict[str, TableSpec]
    assertions: tuple[dict, ...] = ()
    namespace: str = NAMESPACE
    prefix: str = PREFIX
    files: tuple[str, ...] = field(default=())

    def qname(self, name: str) -> str:
        return f"{self.prefix}:{name}"


def _labels(entry: dict, where: str, keys=LABEL_KEYS) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key in keys:
        if key in entry:
            val = entry[key]
            if not isinstance(val, dict) or "en" not in val:
                raise SourceError(f"{where}: '{key}' needs at least an 'en' text")
            out[key] = {k: str(v) for k, v in val.items()}
    if "label" not in out:
        raise SourceError(f"{where}: missing 'label'")
    return out


def _concept(name: str, e: dict, where: str) -> Concept:
    if not isinstance(e, dict):
        raise SourceError(f"{where}: expected a mapping")
    abstract = bool(e.get("abstract", False))
    ctype = e.get("type", "string" if abstract else None)
    if ctype not in TYPES:
        raise SourceError(f"{where}: type must be one of {sorted(TYPES)}, got {ctype!r}")
    period = e.get("period", "duration" if abstract else None)
    if period not in ("duration", "instant"):
        raise SourceError(f"{where}: period must be duration or instant, got {period!r}")
    balance = e.get("balance")
    if balance not in (None, "debit", "credit") or (balance and ctype != "monetary"):
        raise SourceError(f"{where}: balance must be debit/credit and only on monetary concepts")
    labels = _labels(e, where)
    if not abstract and "ja" not in labels["label"]:
        raise SourceError(f"{where}: missing Japanese standard label")
    return Concept(name, ctype, period, balance, abstract, labels, tuple(e.get("synonyms", ()) or ()),
                   bool(e.get("negated", False)), tuple(e.get("phrases", ()) or ()), where)


def _member(name: str, e: dict, where: str) -> Member:
    return Member(name, _labels(e, where, ("label",)), tuple(e.get("synonyms", ()) or ()))


_NODE = re.compile(r"^(?P<c>[A-Za-z][A-Za-z0-9_]*)(?:@(?P<a>start|end))?(?:#(?P<p>total|terse|start|end))?$")


def _node(item, where: str) -> Node:
    children: tuple[Node, ...] = ()
    if isinstance(item, dict):
        if len(item) != 1:
            raise SourceError(f"{where}: a tree node with children is a one-key mapping")
        (text, kids), = item.items()
        children = tuple(_node(k, where) for k in (kids or ()))
    else:
        text = item
    m = _NODE.match(str(text))
    if not m:
        raise SourceError(f"{where}: bad tree node {text!r}")
    preferred = m["p"] or (m["a"] if m["a"] else None)
    return Node(m["c"], m["a"], preferred, children)


def _calc(total: str, kids, where: str) -> tuple[tuple[str, int], ...]:
    out = []
    for k in kids or ():
        k = str(k).strip()
        weight = -1 if k.startswith("-") else 1
        out.append((k.lstrip("-+ "), weight))
    return tuple(out)


def load(directory: Path) -> Source:
    concepts: dict[str, Concept] = {}
    axes: dict[str, Axis] = {}
    tables: dict[str, TableSpec] = {}
    assertions: list[dict] = []
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise SourceError(f"no taxonomy source files in {directory}")
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise SourceError(f"{path.name}: {e}") from e
        for name, e in (doc.get("concepts") or {}).items():
            if name in concepts:
                raise SourceError(f"{path.name}: concept {name} is also defined in {concepts[name].file}")
            concepts[name] = _concept(name, e, f"{path.name}: concept {name}")
        for name, e in (doc.get("axes") or {}).items():
            where = f"{path.name}: axis {name}"
            if name in axes:
                raise SourceError(f"{where}: defined twice")
            dom = e.get("domain") or {}
            axes[name] = Axis(name, _labels(e, where, ("label",)),
                              _member(dom.get("name", ""), dom, where + " domain"),
                              tuple(_member(n, m, f"{where} member {n}") for n, m in (e.get("members") or {}).items()))
        for tid, e in (doc.get("tables") or {}).items():
            where = f"{path.name}: table {tid}"
            if tid in tables:
                raise SourceError(f"{where}: defined twice")
            tables[tid] = TableSpec(
                id=tid, role=e["role"], order=int(e.get("order", 999)), title={k: str(v) for k, v in e["title"].items()},
                headings=tuple(e.get("headings", ())), columns=e.get("columns", "periods"),
                rows=tuple(_node(n, where) for n in e.get("rows", ())),
                calculations={t: _calc(t, k, where) for t, k in (e.get("calculations") or {}).items()},
                row_axis=e.get("row_axis"), dims=tuple(sorted((e.get("dims") or {}).items())), file=path.name)
        assertions.extend(doc.get("assertions") or ())
    src = Source(concepts, axes, tables, tuple(assertions), files=tuple(p.name for p in files))
    check(src)
    return src


def check(src: Source) -> None:
    """Cross-references: every tree node, calculation and dim names something defined."""
    for t in src.tables.values():
        where = f"{t.file}: table {t.id}"
        for node, _ in t.nodes():
            if node.concept not in src.concepts:
                raise SourceError(f"{where}: row {node.concept} is not a defined concept")
            c = src.concepts[node.concept]
            if node.anchor and c.period != "instant":
                raise SourceError(f"{where}: {node.concept}@{node.anchor} needs an instant concept")
        for total, kids in t.calculations.items():
            for name in (total, *(k for k, _ in kids)):
                if name not in src.concepts:
                    raise SourceError(f"{where}: calculation names undefined concept {name}")
        for axis in t.axes:
            if axis not in src.axes:
                raise SourceError(f"{where}: axis {axis} is not defined")
        for axis, member in t.dims:
            src.axes[axis].member(member)
