"""Load and check the human-edited taxonomy source (src/disclose/data/taxonomy/source/*.yaml).

The source is the one place that knows concepts, labels, synonyms, tables and calculations; the
generator turns it into XBRL files and the mapper reads it to recognise rows. See
src/disclose/data/taxonomy/README.md for the format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace, field
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
    same_as: str | None = None  # the statement concept a summary concept repeats (checked, not a linkbase arc)
    as_of: tuple[str, ...] = ()  # phrases whose following date is the instant of a stated figure ("record date")

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
    parent: str | None = None  # the member it adds up into; None: the axis domain (default)

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
    standard: str | None = None  # "ifrs", "jgaap", ...: read only from releases under that standard
    prohibited: tuple[tuple[str, str], ...] = ()  # (total, item) base calculation arcs an extension cancels

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


ASSERTION_KINDS = ("member-sum", "roll-forward", "equal", "sum")
_ASSERTION_KEYS = {
    "member-sum": {"axis", "table", "concepts", "parts", "total"},
    "roll-forward": {"balance", "flows"},
    "equal": {"left", "right"},
    "sum": {"total", "parts", "optional", "printed_within", "dims"},
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # also a valid XML id / xlink:label


@dataclass(frozen=True)
class Assertion:
    """One `assertions` entry (see data/taxonomy/README.md, "### assertions").

    member-sum: `axis`, exactly one of `table` / `concepts`, `parts` ("all" or member names),
      `total` ("default" = the axis domain, or a member name).
    roll-forward: `balance` (an instant concept) and `flows` ((concept, weight), ...): weight -1
      for a flow written `-Name`, which is subtracted.
    equal: `left` and `right`.
    sum: `total` (a concept), `flows` holds the parts ((concept, weight), ...; `-Name` subtracted),
      `optional` the parts that may be absent (0), `printed_within` the parts a release may print
      inside another part instead (the assertion holds with them or without them), `dims` ((axis, member), ...) the members the
      total's context must have (an axis's domain = contexts without the axis, e.g. actual figures).
    Names are only checked for shape here; formula.py resolves them (also against a base taxonomy).
    """

    kind: str  # "member-sum" | "roll-forward" | "equal"
    id: str
    axis: str | None = None
    concepts: tuple[str, ...] = ()
    table: str | None = None
    parts: str | tuple[str, ...] = "all"
    total: str = "default"
    balance: str | None = None
    flows: tuple[tuple[str, int], ...] = ()
    left: str | None = None
    right: str | None = None
    optional: tuple[str, ...] = ()
    printed_within: tuple[str, ...] = ()
    dims: tuple[tuple[str, str], ...] = ()
    file: str = ""


@dataclass(frozen=True)
class Source:
    concepts: dict[str, Concept]
    axes: dict[str, Axis]
    tables: dict[str, TableSpec]
    assertions: tuple[Assertion, ...] = ()
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
                   bool(e.get("negated", False)), tuple(e.get("phrases", ()) or ()), where, e.get("same_as"),
                   tuple(e.get("as_of", ()) or ()))


def _member(name: str, e: dict, where: str) -> Member:
    return Member(name, _labels(e, where, ("label",)), tuple(e.get("synonyms", ()) or ()), e.get("parent"))


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


def _assertion(e, where: str, file: str) -> Assertion:
    if not isinstance(e, dict):
        raise SourceError(f"{where}: an assertion is a mapping with 'kind' and 'id'")
    aid = e.get("id")
    if not isinstance(aid, str) or not _NAME.match(aid):
        raise SourceError(f"{where}: 'id' must be a name (letters, digits, '_'), got {aid!r}")
    where = f"{file}: assertion {aid}"
    kind = e.get("kind")
    if kind not in ASSERTION_KINDS:
        raise SourceError(f"{where}: kind must be one of {', '.join(ASSERTION_KINDS)}, got {kind!r}")
    unknown = sorted(set(e) - {"kind", "id"} - _ASSERTION_KEYS[kind])
    if unknown:
        raise SourceError(f"{where}: unknown key(s) for {kind}: {', '.join(unknown)}")

    def name(key: str, required: bool = True) -> str | None:
        val = e.get(key)
        if val is None and not required:
            return None
        if not isinstance(val, str) or not _NAME.match(val):
            raise SourceError(f"{where}: '{key}' must be a concept/member name, got {val!r}")
        return val

    def names(key: str, val, signed: bool = False) -> tuple[str, ...]:
        if not isinstance(val, list) or not val:
            raise SourceError(f"{where}: '{key}' must be a non-empty list of names")
        out = []
        for v in val:
            if not isinstance(v, str) or not _NAME.match(v.lstrip("-") if signed or key == "flows" else v):
                raise SourceError(f"{where}: '{key}' has a bad name {v!r}")
            if v in out:
                raise SourceError(f"{where}: '{key}' names {v} twice")
            out.append(v)
        return tuple(out)

    if kind == "member-sum":
        axis = name("axis")
        table = e.get("table")
        has_concepts = e.get("concepts") is not None
        if (table is None) == (not has_concepts):
            raise SourceError(f"{where}: give exactly one of 'table' (a table id) or 'concepts' (a list)")
        if table is not None and not isinstance(table, str):
            raise SourceError(f"{where}: 'table' must be a table id, got {table!r}")
        concepts = names("concepts", e["concepts"]) if has_concepts else ()
        parts_raw = e.get("parts", "all")
        parts: str | tuple[str, ...] = "all" if parts_raw == "all" else names("parts", parts_raw)
        total = e.get("total", "default")
        if not isinstance(total, str) or not (total == "default" or _NAME.match(total)):
            raise SourceError(f"{where}: 'total' must be 'default' or a member name, got {total!r}")
        if parts != "all" and total in parts:
            raise SourceError(f"{where}: the total member {total} is also one of the parts")
        return Assertion(kind, aid, axis=axis, concepts=concepts, table=table, parts=parts, total=total, file=file)
    if kind == "roll-forward":
        balance = name("balance")
        flows = tuple((f.lstrip("-"), -1 if f.startswith("-") else 1) for f in names("flows", e.get("flows")))
        if len({f for f, _ in flows}) != len(flows):
            raise SourceError(f"{where}: 'flows' names a concept twice")
        if balance in {f for f, _ in flows}:
            raise SourceError(f"{where}: the balance {balance} is also one of its flows")
        return Assertion(kind, aid, balance=balance, flows=flows, file=file)
    if kind == "sum":
        total = name("total")
        signed = tuple((f.lstrip("-"), -1 if f.startswith("-") else 1) for f in names("parts", e.get("parts"), signed=True))
        part_names = [f for f, _ in signed]
        if len(set(part_names)) != len(part_names):
            raise SourceError(f"{where}: 'parts' names a concept twice")
        if total in part_names:
            raise SourceError(f"{where}: the total {total} is also one of its parts")
        optional = names("optional", e["optional"]) if e.get("optional") is not None else ()
        stray = sorted(set(optional) - set(part_names))
        if stray:
            raise SourceError(f"{where}: 'optional' names {', '.join(stray)}, which are not parts")
        if len(optional) == len(signed):
            raise SourceError(f"{where}: at least one part must be required (not 'optional')")
        within = names("printed_within", e["printed_within"]) if e.get("printed_within") is not None else ()
        stray = sorted(set(within) - set(part_names))
        if stray:
            raise SourceError(f"{where}: 'printed_within' names {', '.join(stray)}, which are not parts")
        dims_raw = e.get("dims") or {}
        if not isinstance(dims_raw, dict) or not all(isinstance(k, str) and _NAME.match(k) and isinstance(v, str)
                                                     and _NAME.match(v) for k, v in dims_raw.items()):
            raise SourceError(f"{where}: 'dims' must map axis names to member names")
        return Assertion(kind, aid, total=str(total), flows=signed, optional=optional, printed_within=within,
                         dims=tuple(sorted(dims_raw.items())),
                         file=file)
    left, right = name("left"), name("right")
    if left == right:
        raise SourceError(f"{where}: 'left' and 'right' are the same concept {left}")
    return Assertion(kind, aid, left=left, right=right, file=file)


STANDARDS = ("ifrs", "jgaap", "usgaap")


def _standard_of(filename: str) -> str | None:
    """A file's tables belong to the standard its name starts with (ifrs-*.yaml, jgaap-*.yaml)
    unless the file or the table says otherwise with a `standard` key."""
    head = filename.split("-", 1)[0].lower()
    return head if head in STANDARDS else None


#: libyaml's safe loader when PyYAML was built with it: the same documents, about six times faster
#: (parsing the source is a fixed cost of every build process).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(directory: Path) -> Source:
    concepts: dict[str, Concept] = {}
    axes: dict[str, Axis] = {}
    tables: dict[str, TableSpec] = {}
    assertions: list[Assertion] = []
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise SourceError(f"no taxonomy source files in {directory}")
    for path in files:
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        except yaml.YAMLError as err:
            raise SourceError(f"{path.name}: {err}") from err
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
                row_axis=e.get("row_axis"), dims=tuple(sorted((e.get("dims") or {}).items())), file=path.name,
                standard=e.get("standard", doc.get("standard", _standard_of(path.name))))
        entries = doc.get("assertions") or []
        if not isinstance(entries, list):
            raise SourceError(f"{path.name}: 'assertions' must be a list")
        for i, e in enumerate(entries, 1):
            a = _assertion(e, f"{path.name}: assertion #{i}", path.name)
            for other in assertions:
                if other.id == a.id:
                    raise SourceError(f"{path.name}: assertion id {a.id} is also used in {other.file}")
            assertions.append(a)
    src = Source(concepts, axes, tables, tuple(assertions), files=tuple(p.name for p in files))
    check(src)
    return src


def check(src: Source) -> None:
    """Cross-references: every tree node, calculation and dim names something defined."""
    for c in src.concepts.values():
        if c.same_as and c.same_as not in src.concepts:
            raise SourceError(f"{c.file}: concept {c.name} same_as names undefined concept {c.same_as}")
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


def with_synonyms(src: Source, synonyms: dict[str, tuple[str, ...]], where: str = "profile") -> Source:
    """The source with an issuer's own wordings added to its concepts' synonyms (a profile's
    [synonyms]): product names belong to the issuer, not to the base taxonomy. An unknown concept
    name is a SourceError naming it."""
    if not synonyms:
        return src
    unknown = sorted(n for n in synonyms if n not in src.concepts)
    if unknown:
        raise SourceError(f"{where}: [synonyms] names {', '.join(unknown)}, which the taxonomy does not define")
    concepts = dict(src.concepts)
    for name, extra in synonyms.items():
        c = concepts[name]
        concepts[name] = replace(c, synonyms=c.synonyms + tuple(x for x in extra if x not in c.synonyms))
    return replace(src, concepts=concepts)
