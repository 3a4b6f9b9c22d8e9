"""Write the XBRL taxonomy (schema + label/presentation/calculation/definition linkbases) from a Source.

The YAML source is the one thing people edit; everything here is derived from it, so the output
must be byte-identical for the same source (the generated files are committed and a test checks
they are in sync). Standard schemas are referenced by their official URLs; Arelle resolves them
from its offline bundle.

Files written into `out_dir` (`stem` = `file_stem`):

    {stem}.xsd         elements, custom item types, roleTypes, linkbaseRefs
    {stem}_lab-en.xml  labels, English
    {stem}_lab-ja.xml  labels, Japanese
    {stem}_pre.xml     one presentationLink per table role
    {stem}_cal.xml     one calculationLink per table role with calculations (summation-item)
    {stem}_def.xml     one definitionLink per table role: a closed `all` hypercube
    {stem}_for.xml     XBRL Formula 1.0 value assertions from the source's `assertions`
                       (see disclose.taxonomy.formula); its linkbaseRef has no xlink:role
    {stem}_for-tolerance.xml  extension mode with `tolerance`: the filing's tolerance factor for
                       every base assertion (truncated figures), so stock processors agree

A linkbase that would hold no extended link is not written (and a stale file of that name is
removed), so the directory always matches the source.

Dimensions. Every table with at least one non-abstract row gets a hypercube `{Role}Table`: its
rows' non-abstract concepts are primary items of a closed `all` hypercube (context element
`scenario`) holding the table's axes (`columns` axis, `row_axis`, `dims` axes), each axis with
dimension-domain -> its domain, domain-member -> each member, and dimension-default -> the
domain. A table without axes therefore gets an *empty* closed hypercube: its concepts may only be
reported without dimensions unless another table allows an axis for them (XDT: a fact is valid if
it meets the hypercubes of any one role). Without that, a concept in no hypercube accepts any
dimension silently. Pass `all_tables_closed=False` to give hypercubes only to tables with axes.

Presentation. Top-level rows are roots; only parent-child arcs are written, so a top-level row
without children appears in no relationship (give tables an abstract heading). A repeated
parent -> child pair with the same preferred label is written once; with another preferred label
(`X@start` / `X@end` under one parent) it gets a second locator so XLink from/to pairs stay unique.
A preferred label the concept does not define is left off (Arelle: preferredLabelMissing).

Extension mode (`base` and `base_href` given): `src` is an issuer's extension of `base`.
- The xsd imports `base.namespace` from `base_href` (relative to `out_dir`, or an absolute URL
  that a taxonomy package maps), and declares only what `src` itself defines.
- A name used by `src` tables (rows, calculations, axes) that `src` does not define is looked up
  in `base` and referenced as `{base_href}#{base.prefix}_{Name}`; a name in neither is an error.
- An entry of `src.axes` whose name is also a base axis *adds members to that base axis*: its
  `domain` must name the base domain (its labels are ignored), members that already exist in the
  base axis are references, the others are declared in the extension xsd and labelled there, and
  the extension definition linkbase hangs them under the base domain in every role that uses the
  axis (base tables and extension tables), so base hypercubes accept them.
- A `src` table with a role of its own gets its roleType in the extension xsd. A `src` table that
  reuses a base table's role adds to that role: only relationships the base does not already
  have are written (no duplicates across the DTS), and the base roleType/hypercube are reused.
- Custom item types (count, bandwidth) come from the base schema.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from lxml import etree

from disclose.taxonomy.formula import ROUNDING_FACTOR, formula_linkbase, tolerance_override
from disclose.taxonomy.source import Axis, Concept, Member, Node, Source, SourceError, TableSpec

# --- namespaces and standard URLs ------------------------------------------------------------
XS = "http://www.w3.org/2001/XMLSchema"
XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDT = "http://xbrl.org/2005/xbrldt"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DTR = "http://www.xbrl.org/dtr/type/2024-01-31"  # bundled with Arelle (resources/cache)

XBRLI_XSD = "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"
LINK_XSD = "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd"
XBRLDT_XSD = "http://www.xbrl.org/2005/xbrldt-2005.xsd"
DTR_XSD = "https://www.xbrl.org/dtr/type/2024-01-31/types.xsd"

ROLE_LINK = "http://www.xbrl.org/2003/role/link"
LABEL_ROLES = {
    "label": "http://www.xbrl.org/2003/role/label",
    "terse": "http://www.xbrl.org/2003/role/terseLabel",
    "total": "http://www.xbrl.org/2003/role/totalLabel",
    "start": "http://www.xbrl.org/2003/role/periodStartLabel",
    "end": "http://www.xbrl.org/2003/role/periodEndLabel",
}
LANGS = ("en", "ja")

AR_LABEL = "http://www.xbrl.org/2003/arcrole/concept-label"
AR_PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
AR_SUMMATION = "http://www.xbrl.org/2003/arcrole/summation-item"
AR_ALL = "http://xbrl.org/int/dim/arcrole/all"
AR_HC_DIM = "http://xbrl.org/int/dim/arcrole/hypercube-dimension"
AR_DIM_DOMAIN = "http://xbrl.org/int/dim/arcrole/dimension-domain"
AR_DOMAIN_MEMBER = "http://xbrl.org/int/dim/arcrole/domain-member"
AR_DIM_DEFAULT = "http://xbrl.org/int/dim/arcrole/dimension-default"
XDT_ARCROLES = (AR_ALL, AR_HC_DIM, AR_DIM_DOMAIN, AR_DOMAIN_MEMBER, AR_DIM_DEFAULT)

# source type -> (namespace key, local type name); "self" = a type this generator declares
ITEM_TYPES: dict[str, tuple[str, str]] = {
    "monetary": ("xbrli", "monetaryItemType"),
    "shares": ("xbrli", "sharesItemType"),
    "pure": ("xbrli", "pureItemType"),
    "string": ("xbrli", "stringItemType"),
    "date": ("xbrli", "dateItemType"),
    "perShare": ("dtr-types", "perShareItemType"),  # DTR type: UTR checks money/shares units
    "count": ("self", "countItemType"),
    "bandwidth": ("self", "bandwidthItemType"),
}
# item types declared in a (non-extension) schema: name -> documentation
CUSTOM_TYPES = {
    "countItemType": "A number of things (customers, employees, sites): a decimal, unit pure.",
    "bandwidthItemType": "A data rate (e.g. backbone capacity in Gbps): a decimal, unit e.g. Gbps.",
}

LINKBASES = (  # file suffix, linkbaseRef role, extended link element
    ("_lab-en.xml", "http://www.xbrl.org/2003/role/labelLinkbaseRef", "labelLink"),
    ("_lab-ja.xml", "http://www.xbrl.org/2003/role/labelLinkbaseRef", "labelLink"),
    ("_pre.xml", "http://www.xbrl.org/2003/role/presentationLinkbaseRef", "presentationLink"),
    ("_cal.xml", "http://www.xbrl.org/2003/role/calculationLinkbaseRef", "calculationLink"),
    ("_def.xml", "http://www.xbrl.org/2003/role/definitionLinkbaseRef", "definitionLink"),
)
FORMULA_SUFFIX = "_for.xml"  # generic linkbase: linkbaseRef without a role
TOLERANCE_SUFFIX = "_for-tolerance.xml"  # extension mode: the filing's tolerance factor for the base assertions
TABLE_WORD = {"en": "table", "ja": "表"}  # hypercube labels: "<table title> [table]"
HEADER = " Generated by disclose.taxonomy.generate from the taxonomy source; do not edit. "


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def role_id(table: TableSpec) -> str:
    """The roleType id; hyphenated so it can never clash with an element id `{prefix}_{Name}`."""
    return f"role-{table.role}"


def hypercube_name(table: TableSpec) -> str:
    return f"{table.role}Table"


def sorted_tables(src: Source) -> list[TableSpec]:
    """Tables in role order (then id): the order of roles, links and hypercubes everywhere."""
    return sorted(src.tables.values(), key=lambda t: (t.order, t.id))


# --- one Source seen as a set of elements with hrefs -------------------------------------------
@dataclass
class _View:
    """What one schema declares and how linkbases in `out_dir` point at it."""

    src: Source
    xsd_href: str  # href of the schema as seen from the output directory
    all_tables_closed: bool
    parent: "_View | None" = None  # the base taxonomy, in extension mode
    concepts: dict[str, Concept] = field(default_factory=dict, init=False)
    axes: dict[str, Axis] = field(default_factory=dict, init=False)  # axes whose element this schema declares
    members: dict[str, Member] = field(default_factory=dict, init=False)  # domains + members declared here
    axis_members: dict[str, tuple[str, list[str]]] = field(default_factory=dict, init=False)  # axis -> (domain, members)
    hypercubes: dict[str, TableSpec] = field(default_factory=dict, init=False)  # declared here
    roles: dict[str, TableSpec] = field(default_factory=dict, init=False)  # role URI -> table declaring its roleType

    def __post_init__(self) -> None:
        src, parent = self.src, self.parent
        self.concepts = dict(src.concepts)
        for axis in sorted(src.axes.values(), key=lambda a: a.name):
            base_axis = parent.axis_members.get(axis.name) if parent else None
            if base_axis is None:  # a new axis
                self.axes[axis.name] = axis
                members = [axis.domain, *axis.members]
                for m in members:
                    self.members.setdefault(m.name, m)
                self.axis_members[axis.name] = (axis.domain.name, [m.name for m in axis.members])
            else:  # extra members for a base axis
                domain, known = base_axis
                if axis.domain.name != domain:
                    raise SourceError(f"axis {axis.name}: an extension of a base axis must keep the base "
                                      f"domain {domain}, not {axis.domain.name}")
                extra = [m for m in axis.members if m.name not in known and m.name != domain]
                for m in extra:
                    if parent is not None and parent.declares(m.name):
                        raise SourceError(f"axis {axis.name}: member {m.name} is already a base element")
                    self.members.setdefault(m.name, m)
                self.axis_members[axis.name] = (domain, [*known, *(m.name for m in extra)])
        if parent is not None:
            for name, val in parent.axis_members.items():
                self.axis_members.setdefault(name, val)
        for t in sorted_tables(src):
            if parent is not None and t.role_uri in parent.roles:
                continue  # reuse the base roleType and hypercube
            self.roles[t.role_uri] = t
            if self._primary_items(t) and (t.axes or self.all_tables_closed):
                self.hypercubes[hypercube_name(t)] = t
        self._check_names()

    # lookups that fall back to the base
    def declares(self, name: str) -> bool:
        return (name in self.concepts or name in self.axes or name in self.members
                or name in self.hypercubes)

    def href(self, name: str) -> str:
        if self.declares(name):
            return f"{self.xsd_href}#{self.src.prefix}_{name}"
        if self.parent is not None:
            return self.parent.href(name)
        raise SourceError(f"{name} is not defined in the taxonomy source")

    def concept(self, name: str) -> Concept:
        if name in self.concepts:
            return self.concepts[name]
        if self.parent is not None:
            return self.parent.concept(name)
        raise SourceError(f"concept {name} is not defined")

    def role_href(self, role_uri: str) -> str:
        if role_uri in self.roles:
            return f"{self.xsd_href}#{role_id(self.roles[role_uri])}"
        if self.parent is not None:
            return self.parent.role_href(role_uri)
        raise SourceError(f"role {role_uri} is not declared")

    def hypercube_of(self, table: TableSpec) -> str | None:
        """The hypercube name for a table's role (declared here or in the base), if any."""
        if table.role_uri in self.roles:
            name = hypercube_name(table)
            return name if name in self.hypercubes else None
        if self.parent is not None:
            base_table = self.parent.roles.get(table.role_uri)
            if base_table is not None:
                name = hypercube_name(base_table)
                if name in self.parent.hypercubes:
                    return name
        return None

    def _primary_items(self, t: TableSpec) -> list[str]:
        out: list[str] = []
        for node, _ in t.nodes():
            try:
                abstract = self.concept(node.concept).abstract
            except SourceError:
                raise SourceError(f"table {t.id}: row {node.concept} is not a defined concept") from None
            if node.concept not in out and not abstract:
                out.append(node.concept)
        return out

    def _check_names(self) -> None:
        seen: dict[str, str] = {}
        for kind, names in (("concept", self.concepts), ("axis", self.axes), ("member", self.members),
                            ("hypercube", self.hypercubes)):
            for name in names:
                if name in seen:
                    raise SourceError(f"{name} is both a {seen[name]} and a {kind}")
                if self.parent is not None and self.parent.declares(name):
                    raise SourceError(f"{kind} {name} is already defined in the base taxonomy; use that one")
                seen[name] = kind


# --- relationships ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Arc:
    arcrole: str
    frm: str  # href
    to: str  # href
    attrs: tuple[tuple[str, str], ...] = ()  # (qualified attribute name, value), in output order
    to_variant: str = ""  # locator label suffix to keep the XLink from/to pair unique

    def key(self) -> tuple:
        """What makes two arcs the same relationship for de-duplication."""
        pref = dict(self.attrs).get("preferredLabel", "")
        return self.arcrole, self.frm, self.to, pref, dict(self.attrs).get("use", "")


def _pre_arcs(view: _View, t: TableSpec) -> list[_Arc]:
    arcs: list[_Arc] = []

    def walk(parent: Node) -> None:
        for i, child in enumerate(parent.children, 1):
            attrs: list[tuple[str, str]] = [("order", str(i))]
            if child.preferred and _has_label(view, child.concept, child.preferred):
                attrs.append(("preferredLabel", LABEL_ROLES[child.preferred]))
            arcs.append(_Arc(AR_PARENT_CHILD, view.href(parent.concept), view.href(child.concept), tuple(attrs)))
            walk(child)

    for root in t.rows:
        walk(root)
    return arcs


def _has_label(view: _View, name: str, key: str) -> bool:
    """A preferredLabel must exist in the DTS (else Arelle: xbrl.5.2.4.2.1:preferredLabelMissing)."""
    return bool(view.concept(name).labels.get(key))


def _cal_arcs(view: _View, t: TableSpec) -> list[_Arc]:
    arcs: list[_Arc] = []
    for total in sorted(t.calculations):  # dict order is YAML order; sort for stability
        for i, (item, weight) in enumerate(t.calculations[total], 1):
            arcs.append(_Arc(AR_SUMMATION, view.href(total), view.href(item),
                             (("order", str(i)), ("weight", "1.0" if weight > 0 else "-1.0"))))
    if t.prohibited and view.parent is not None and t.id in view.parent.src.tables:
        # the release's own arithmetic replaces a base total's items: the base arcs it does not
        # print are prohibited (an equivalent arc, use="prohibited", of higher priority)
        base = {(a.frm, a.to): a for a in _cal_arcs(view.parent, view.parent.src.tables[t.id])}
        for total, item in t.prohibited:
            arc = base.get((view.href(total), view.href(item)))
            if arc is not None:
                arcs.append(_Arc(AR_SUMMATION, arc.frm, arc.to, arc.attrs + (("use", "prohibited"), ("priority", "1"))))
    return arcs


def _def_arcs(view: _View, t: TableSpec) -> list[_Arc]:
    cube = view.hypercube_of(t)
    if cube is None:
        return []
    cube_href = view.href(cube)
    arcs: list[_Arc] = []
    for i, name in enumerate(view._primary_items(t), 1):
        arcs.append(_Arc(AR_ALL, view.href(name), cube_href,
                         (("order", str(i)), (_q(XBRLDT, "contextElement"), "scenario"),
                          (_q(XBRLDT, "closed"), "true"))))
    for i, axis in enumerate(t.axes, 1):
        if axis not in view.axis_members:
            raise SourceError(f"table {t.id}: axis {axis} is not defined")
        domain, members = view.axis_members[axis]
        axis_href, domain_href = view.href(axis), view.href(domain)
        arcs.append(_Arc(AR_HC_DIM, cube_href, axis_href, (("order", str(i)),)))
        arcs.append(_Arc(AR_DIM_DOMAIN, axis_href, domain_href, (("order", "1"),)))
        for j, m in enumerate(members, 1):
            arcs.append(_Arc(AR_DOMAIN_MEMBER, domain_href, view.href(m), (("order", str(j)),)))
        # same from/to as dimension-domain: a second locator label avoids xlink:dupArcs
        arcs.append(_Arc(AR_DIM_DEFAULT, axis_href, domain_href, to_variant="default"))
    return arcs


ARC_BUILDERS = {"presentationLink": _pre_arcs, "calculationLink": _cal_arcs, "definitionLink": _def_arcs}
ARC_ELEMENTS = {"presentationLink": "presentationArc", "calculationLink": "calculationArc",
                "definitionLink": "definitionArc"}


def _links(view: _View, link: str) -> list[tuple[str, list[_Arc]]]:
    """(role URI, arcs) per role, duplicates and relationships the base already has removed."""
    tables = sorted_tables(view.src)
    own_roles = {t.role_uri for t in tables}
    base = view.parent
    base_by_role: dict[str, TableSpec] = {}
    if base is not None:
        base_by_role = {t.role_uri: t for t in sorted_tables(base.src)}
        # base roles that use an axis this extension adds members to: re-derive to find new arcs
        extended = {a for a in view.src.axes if a in base.axis_members}
        tables += [t for t in sorted_tables(base.src)
                   if t.role_uri not in own_roles and extended & set(t.axes)]
        tables.sort(key=lambda t: (t.order, t.id))
    out: list[tuple[str, list[_Arc]]] = []
    for t in tables:
        seen: set[tuple] = set()
        if base is not None and t.role_uri in base_by_role:
            seen = {a.key() for a in ARC_BUILDERS[link](base, base_by_role[t.role_uri])}
        arcs = []
        for arc in ARC_BUILDERS[link](view, t):
            if arc.key() not in seen:
                seen.add(arc.key())
                arcs.append(arc)
        if arcs:
            out.append((t.role_uri, arcs))
    return out


# --- XML building -----------------------------------------------------------------------------
def _loc_label(href: str, variant: int | str = 0) -> str:
    frag = href.rsplit("#", 1)[1]
    if variant in (0, ""):
        return frag
    return f"{frag}-{variant}"  # '-' never occurs in a name, so this cannot clash with a real element


def _linkbase(extra_ns: dict[str, str] | None = None) -> etree._Element:
    nsmap = {"link": LINK, "xlink": XLINK, "xsi": XSI, **(extra_ns or {})}
    root = etree.Element(_q(LINK, "linkbase"), nsmap=nsmap)
    loc = f"{LINK} {LINK_XSD}" + (f" {XBRLDT} {XBRLDT_XSD}" if extra_ns and XBRLDT in extra_ns.values() else "")
    root.set(_q(XSI, "schemaLocation"), loc)
    return root


def _sub(parent: etree._Element, ns: str, tag: str, attrs: Iterable[tuple[str, str]] = (),
         text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, _q(ns, tag))
    for k, v in attrs:
        el.set(k, v)
    if text is not None:
        el.text = text
    return el


def _xl(name: str) -> str:
    return _q(XLINK, name)


def _relationship_linkbase(view: _View, link: str) -> etree._Element | None:
    links = _links(view, link)
    if not links:
        return None
    dims = link == "definitionLink"
    root = _linkbase({"xbrldt": XBRLDT} if dims else None)
    for role in sorted({r for r, _ in links}, key=[r for r, _ in links].index):
        _sub(root, LINK, "roleRef", [("roleURI", role), (_xl("type"), "simple"), (_xl("href"), view.role_href(role))])
    if dims:
        used = {a.arcrole for _, arcs in links for a in arcs}
        for ar in XDT_ARCROLES:
            if ar in used:
                _sub(root, LINK, "arcroleRef", [("arcroleURI", ar), (_xl("type"), "simple"),
                                                (_xl("href"), f"{XBRLDT_XSD}#{ar.rsplit('/', 1)[1]}")])
    for role, arcs in links:
        el = _sub(root, LINK, link, [(_xl("type"), "extended"), (_xl("role"), role)])
        locs: dict[str, str] = {}  # xlink:label -> href
        pairs: set[tuple[str, str]] = set()
        rendered: list[tuple[_Arc, str, str]] = []
        for arc in arcs:
            frm = _loc_label(arc.frm)
            locs.setdefault(frm, arc.frm)
            n = 0
            to = _loc_label(arc.to, arc.to_variant)
            while (frm, to) in pairs:  # same concept twice under one parent (e.g. @start and @end)
                n += 1
                to = _loc_label(arc.to, f"{arc.to_variant}{n + 1}" if arc.to_variant else n + 1)
            pairs.add((frm, to))
            locs.setdefault(to, arc.to)
            rendered.append((arc, frm, to))
        for label, href in locs.items():
            _sub(el, LINK, "loc", [(_xl("type"), "locator"), (_xl("href"), href), (_xl("label"), label)])
        for arc, frm, to in rendered:
            attrs = [(_xl("type"), "arc"), (_xl("arcrole"), arc.arcrole), (_xl("from"), frm), (_xl("to"), to)]
            _sub(el, LINK, ARC_ELEMENTS[link], attrs + list(arc.attrs))
    return root


def _labelled(view: _View) -> list[tuple[str, dict[str, dict[str, str]], bool]]:
    """(name, labels, is_concept) for every element the schema declares, in schema order."""
    out: list[tuple[str, dict[str, dict[str, str]], bool]] = []
    for name in sorted(view.concepts):
        out.append((name, view.concepts[name].labels, True))
    for t in view.hypercubes.values():
        out.append((hypercube_name(t), {"label": {k: f"{v} [{TABLE_WORD.get(k, 'table')}]"
                                                  for k, v in t.title.items()}}, False))
    for name in sorted(view.axes):
        out.append((name, view.axes[name].labels, False))
    for name in sorted(view.members):
        out.append((name, view.members[name].labels, False))
    return out


def _label_linkbase(view: _View, lang: str) -> etree._Element | None:
    items = _labelled(view)
    if not items:
        return None
    root = _linkbase()
    el = _sub(root, LINK, "labelLink", [(_xl("type"), "extended"), (_xl("role"), ROLE_LINK)])
    for name, labels, _ in items:
        href = view.href(name)
        loc = _loc_label(href)
        res = f"label_{loc}"
        _sub(el, LINK, "loc", [(_xl("type"), "locator"), (_xl("href"), href), (_xl("label"), loc)])
        for key, role in LABEL_ROLES.items():
            texts = labels.get(key)
            if not texts:
                continue
            # the standard label falls back to English so every element has one in each language
            text = texts.get(lang) or (texts.get("en") if key == "label" else None)
            if text is None:
                continue
            _sub(el, LINK, "label", [(_xl("type"), "resource"), (_xl("label"), res), (_xl("role"), role),
                                     (_q(XML_NS, "lang"), lang)], text)
        _sub(el, LINK, "labelArc", [(_xl("type"), "arc"), (_xl("arcrole"), AR_LABEL), (_xl("from"), loc),
                                    (_xl("to"), res)])
    return root


def _schema(view: _View, stem: str, linkbase_files: Sequence[tuple[str, str | None]],
            base_href: str | None) -> etree._Element:
    src, base = view.src, view.parent
    p = src.prefix
    nsmap = {"xs": XS, "xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xbrldt": XBRLDT, "dtr-types": DTR, p: src.namespace}
    if base is not None:
        nsmap[base.src.prefix] = base.src.namespace
    type_prefix = base.src.prefix if base is not None else p
    root = etree.Element(_q(XS, "schema"), nsmap=nsmap)
    root.set("targetNamespace", src.namespace)
    root.set("elementFormDefault", "qualified")
    root.set("attributeFormDefault", "unqualified")
    appinfo = _sub(_sub(root, XS, "annotation"), XS, "appinfo")
    for href, role in linkbase_files:
        attrs = [(_xl("type"), "simple"), (_xl("href"), href)]
        if role:
            attrs.append((_xl("role"), role))
        attrs.append((_xl("arcrole"), "http://www.w3.org/1999/xlink/properties/linkbase"))
        _sub(appinfo, LINK, "linkbaseRef", attrs)
    for role_uri, t in view.roles.items():
        rt = _sub(appinfo, LINK, "roleType", [("roleURI", role_uri), ("id", role_id(t))])
        _sub(rt, LINK, "definition", text=f"{t.order:03d} - {t.title.get('en', t.role)}")
        for used in ("presentationLink", "calculationLink", "definitionLink"):
            _sub(rt, LINK, "usedOn", text=f"link:{used}")
    imports = [(XBRLI, XBRLI_XSD), (LINK, LINK_XSD), (XBRLDT, XBRLDT_XSD), (DTR, DTR_XSD)]
    if base is not None:
        imports.append((base.src.namespace, base_href or ""))
    for ns, loc in imports:
        _sub(root, XS, "import", [("namespace", ns), ("schemaLocation", loc)])
    if base is None:
        for name, doc in CUSTOM_TYPES.items():
            ct = _sub(root, XS, "complexType", [("name", name)])
            _sub(_sub(ct, XS, "annotation"), XS, "documentation", text=doc)
            _sub(_sub(ct, XS, "simpleContent"), XS, "restriction", [("base", "xbrli:decimalItemType")])

    def element(name: str, type_: str, group: str, period: str, balance: str | None = None,
                abstract: bool = False) -> None:
        attrs = [("name", name), ("id", f"{p}_{name}"), ("type", type_), ("substitutionGroup", group),
                 (_q(XBRLI, "periodType"), period)]
        if balance:
            attrs.append((_q(XBRLI, "balance"), balance))
        if abstract:
            attrs.append(("abstract", "true"))
        attrs.append(("nillable", "true"))
        _sub(root, XS, "element", attrs)

    for name in sorted(view.concepts):
        c = view.concepts[name]
        if c.abstract:
            element(name, "xbrli:stringItemType", "xbrli:item", c.period, abstract=True)
            continue
        ns_key, local = ITEM_TYPES[c.type]
        type_ = f"{type_prefix}:{local}" if ns_key == "self" else f"{ns_key}:{local}"
        element(name, type_, "xbrli:item", c.period, c.balance)
    for t in view.hypercubes.values():
        element(hypercube_name(t), "xbrli:stringItemType", "xbrldt:hypercubeItem", "duration", abstract=True)
    for name in sorted(view.axes):
        element(name, "xbrli:stringItemType", "xbrldt:dimensionItem", "duration", abstract=True)
    for name in sorted(view.members):
        element(name, "dtr-types:domainItemType", "xbrli:item", "duration", abstract=True)
    return root


def _write(path: Path, root: etree._Element) -> Path:
    root.addprevious(etree.Comment(HEADER))
    data = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if not path.exists() or path.read_bytes() != data:  # keep mtimes of unchanged files
        path.write_bytes(data)
    return path


def generate(src: Source, out_dir: Path, *, file_stem: str = "disclose-2026", base: Source | None = None,
             base_href: str | None = None, all_tables_closed: bool = True,
             extra_linkbases: Sequence[str] = (), tolerance: str | None = None) -> list[Path]:
    """Write the taxonomy for `src` into `out_dir` and return the files written, schema first.

    `tolerance` (extension mode): the formula tolerance factor of the filing when it is not the
    base's round-to-nearest 0.5 (1: truncated figures). The extension then carries
    `{stem}_for-tolerance.xml`, which rebinds every base assertion's `$factor` (see
    disclose.taxonomy.formula.tolerance_override), and its own assertions use it too.

    `base`/`base_href`: extension mode (see the module docstring). `extra_linkbases`: hrefs of
    further linkbases (e.g. a formula linkbase written elsewhere) the schema should reference, so
    one entry point discovers them. `all_tables_closed`: give tables without axes an empty closed
    hypercube (default) or no hypercube.
    """
    if (base is None) != (base_href is None):
        raise ValueError("extension mode needs both base and base_href")
    parent = None
    if base is not None:
        if base.namespace == src.namespace or base.prefix == src.prefix:
            raise SourceError("an extension needs its own namespace and prefix")
        parent = _View(base, base_href or "", all_tables_closed)
    view = _View(src, f"{file_stem}.xsd", all_tables_closed, parent)
    _check_tables(view)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    docs: list[tuple[str, str | None, etree._Element | None]] = []
    for suffix, role, link in LINKBASES:
        if link == "labelLink":
            doc = _label_linkbase(view, suffix[5:7])
        else:
            doc = _relationship_linkbase(view, link)
        docs.append((file_stem + suffix, role, doc))
    factor = tolerance or ROUNDING_FACTOR
    docs.append((file_stem + FORMULA_SUFFIX, None, formula_linkbase(src, base=base, factor=factor)))
    override = None
    if base is not None and factor != ROUNDING_FACTOR:
        base_formula = (base_href or "").rsplit(".xsd", 1)[0] + FORMULA_SUFFIX
        override = tolerance_override(base, src.prefix, src.namespace, base_formula, factor)
    docs.append((file_stem + TOLERANCE_SUFFIX, None, override))
    refs: list[tuple[str, str | None]] = [(name, role) for name, role, doc in docs if doc is not None]
    refs += [(href, None) for href in extra_linkbases]
    written = [_write(out_dir / f"{file_stem}.xsd", _schema(view, file_stem, refs, base_href))]
    for name, _, doc in docs:
        path = out_dir / name
        if doc is None:
            path.unlink(missing_ok=True)
        else:
            written.append(_write(path, doc))
    return written


def _check_tables(view: _View) -> None:
    """Everything a table names resolves (locally or in the base) before any file is written."""
    for t in sorted_tables(view.src):
        where = f"table {t.id}"
        names = [n.concept for n, _ in t.nodes()]
        for total, kids in t.calculations.items():
            names += [total, *(k for k, _ in kids)]
        for name in names:
            try:
                c = view.concept(name)
            except SourceError:
                raise SourceError(f"{where}: {name} is not a defined concept") from None
        for total, kids in t.calculations.items():
            for name, _ in ((total, 1), *kids):
                c = view.concept(name)
                if c.abstract or c.type in ("string", "date"):
                    raise SourceError(f"{where}: calculation {total} names {name}, which is not numeric")
            for name, weight in kids:
                # XBRL 2.1 5.1.1.2: same balance -> weight +1, opposite -> -1 (else Arelle errors)
                tb, ib = view.concept(total).balance, view.concept(name).balance
                if tb and ib and (tb == ib) != (weight > 0):
                    raise SourceError(f"{where}: calculation {total} ({tb}) has {'-' if weight < 0 else ''}"
                                      f"{name} ({ib}); a {ib} item needs weight {'+1' if tb == ib else '-1'}")
        for axis in t.axes:
            if axis not in view.axis_members:
                raise SourceError(f"{where}: axis {axis} is not defined")
