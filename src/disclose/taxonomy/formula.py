"""Build the XBRL Formula 1.0 linkbase (`{stem}_for.xml`) from the source's `assertions`.

Calculations cannot add members of an axis up to a total, roll a balance forward across periods,
or say that two concepts report one amount; value assertions can. Arelle runs them when it
validates an instance whose DTS holds this linkbase (no plugin; see the Arelle notes, arelle.md
section 3). Everything is one `generic:link` (standard link role), so the one tolerance parameter
can be shared by all assertions.

YAML -> XML (all `va:valueAssertion aspectModel="dimensional" implicitFiltering="true"`, so every
aspect a variable does not cover -- period, entity, unit, other dimensions -- must match):

member-sum -> one assertion per concept, id `{id}_{Concept}`:
    $total  fact variable: cf:conceptName Concept + df:explicitDimension axis = total member
            (`default` -> the axis domain, which Arelle also matches for contexts that omit the axis)
    $parts  fact variable, bindAsSequence: cf:conceptName Concept + df:explicitDimension axis =
            the listed members. `parts: all` follows the member hierarchy (`Member.parent`: the
            member it adds up into; none given = the domain):
            - total `default`: complement of [domain + every member whose parent is not the
              domain] -- so members the taxonomy does not know (an issuer extension's segments)
              count as parts, and subtotals (`parent: none`, or a parent member) do not;
            - total a member: the members whose parent is that member (error if there are none).
            Without any `parent` in the axis this is "every member but the total".
    $sum = sum($parts)            test: abs($sum - $total) le $tolerance
roll-forward -> one assertion, id `{id}`:
    $flow   fact variable over all flow concepts (the anchor; one evaluation per context: a
            precondition keeps only the first flow, in YAML order, that is present)
    $flows  fact variable, bindAsSequence, over all flow concepts (same period/dims/unit)
    $open   balance concept, pf:instantDuration $flow boundary="start" (the day before the start)
    $close  balance concept, pf:instantDuration $flow boundary="end"
    $movement = sum of $flows (a `-Name` flow subtracted)
                                  test: abs($open + $movement - $close) le $tolerance
equal -> one assertion, id `{id}`: $left, $right (one concept each)
                                  test: abs($left - $right) le $tolerance
sum -> one assertion, id `{id}`:
    $total  the total concept, with an explicitDimension filter per `dims` entry (a domain member
            matches contexts without the axis: `ForecastAxis: ActualMember` = actual figures only)
    $part1.. one per part; an `optional` part binds as a sequence with fallback () (absent = 0)
    $sum = the parts with their signs  test: abs($sum - $total) le $tolerance

Tolerance: each reported figure is rounded to its `decimals`, so it may be off by half a unit of
its last digit; the assertion allows the sum of those, `$tolerance = $factor * sum(10^-decimals)`
over every figure involved (0 for decimals="INF"). With n parts and one total at the same
decimals that is (n + 1) half-units -- the bound in the README; with mixed decimals it is tighter.
`$factor` is the formula parameter `{prefix}:toleranceFactor` (xs:decimal, its `select` 0.5 =
round-to-nearest; the resource has id `toleranceFactor`).

Releases that truncate instead of rounding need a full unit per figure. That choice is carried in
the filing's own DTS, so any processor with stock options gets the same result (no run-time
`--parameters`): the filing's extension schema references `tolerance_override(...)`, a linkbase
that prohibits each base assertion's arc to the base parameter and binds `$factor` to a
parameter of its own whose `select` is 1 (XLink prohibition of equivalent relationships, XBRL 2.1
section 3.5.3.9.7). The published base taxonomy is untouched.

Each assertion has an unsatisfied message (xml:lang en) that names the concept(s) and states the
values, difference, tolerance and context. Arelle logs it at level ERROR with code
`message:{assertion id}`; a satisfied evaluation is only counted (`ArelleResult.assertions`).

Nil facts do not bind (nils="false"), so they never break an evaluation; an evaluation needs
every non-fallback variable bound, so a member-sum is checked only where the total and at least
one part are reported, a roll-forward only where a flow and both balances are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from lxml import etree

from disclose.taxonomy.source import Assertion, Axis, Concept, Member, Source, SourceError, TableSpec

# --- namespaces and standard URLs ------------------------------------------------------------
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XS = "http://www.w3.org/2001/XMLSchema"
GEN = "http://xbrl.org/2008/generic"
VARIABLE = "http://xbrl.org/2008/variable"
VA = "http://xbrl.org/2008/assertion/value"
CF = "http://xbrl.org/2008/filter/concept"
DF = "http://xbrl.org/2008/filter/dimension"
PF = "http://xbrl.org/2008/filter/period"
MSG = "http://xbrl.org/2010/message"
XFI = "http://www.xbrl.org/2008/function/instance"
XBRLI = "http://www.xbrl.org/2003/instance"

SCHEMAS = (  # namespace, schema location (all in Arelle's offline bundle)
    (LINK, "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd"),
    (GEN, "http://www.xbrl.org/2008/generic-link.xsd"),
    (VARIABLE, "http://www.xbrl.org/2008/variable.xsd"),
    (VA, "http://www.xbrl.org/2008/value-assertion.xsd"),
    (CF, "http://www.xbrl.org/2008/concept-filter.xsd"),
    (DF, "http://www.xbrl.org/2008/dimension-filter.xsd"),
    (PF, "http://www.xbrl.org/2008/period-filter.xsd"),
    (MSG, "http://www.xbrl.org/2010/generic-message.xsd"),
)
ROLE_GENERIC_LINK = "http://www.xbrl.org/2008/role/link"
ROLE_MESSAGE = "http://www.xbrl.org/2010/role/message"
AR_VARIABLE_SET = "http://xbrl.org/arcrole/2008/variable-set"
AR_VARIABLE_FILTER = "http://xbrl.org/arcrole/2008/variable-filter"
AR_PRECONDITION = "http://xbrl.org/arcrole/2008/variable-set-precondition"
AR_UNSATISFIED = "http://xbrl.org/arcrole/2010/assertion-unsatisfied-message"
ROLE_REFS = (
    (ROLE_GENERIC_LINK, "http://www.xbrl.org/2008/generic-link.xsd#standard-link-role"),
    (ROLE_MESSAGE, "http://www.xbrl.org/2010/generic-message.xsd#standard-message"),
)
ARCROLE_REFS = (
    (AR_VARIABLE_SET, "http://www.xbrl.org/2008/variable.xsd#variable-set"),
    (AR_VARIABLE_FILTER, "http://www.xbrl.org/2008/variable.xsd#variable-filter"),
    (AR_PRECONDITION, "http://www.xbrl.org/2008/variable.xsd#variable-set-precondition"),
    (AR_UNSATISFIED, "http://www.xbrl.org/2010/validation-message.xsd#assertion-unsatisfied-message"),
)

#: local name of the tolerance parameter (in the source's namespace)
TOLERANCE_PARAMETER = "toleranceFactor"
#: its default: half a unit of each figure's last digit (figures rounded to nearest)
ROUNDING_FACTOR = "0.5"
#: what to pass for figures that are truncated: a full unit per figure
TRUNCATION_FACTOR = "1"

NUMERIC_TYPES = {"monetary", "perShare", "shares", "pure", "count", "bandwidth"}


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def _xl(name: str) -> str:
    return _q(XLINK, name)


def _unit(var: str) -> str:
    """XPath: one unit of the last digit of fact `var` (10^-decimals; 0 for INF) as xs:double."""
    return (f"(if (string(xfi:decimals({var})) eq 'INF') then 0 "
            f"else xs:double(concat('1E', string(-xfi:decimals({var})))))")


def _tolerance(facts: str) -> str:
    """XPath: $factor times the sum of the last-digit units of the facts in `facts`."""
    return f"$factor * sum(for $f in ({facts}) return {_unit('$f')})"


def _text(s: str) -> str:
    """Literal text inside a msg:message (where `{...}` is an XPath expression)."""
    return s.replace("{", "{{").replace("}", "}}")


def truncation_parameters(*sources: Source) -> str:
    """Arelle's `parameters` option (RuntimeOptions.parameters, CLI --parameters) that makes the
    assertions of these sources' linkbases allow a full unit per figure (truncated figures).

    Not used by builds any more (a filing carries its tolerance in its DTS: `tolerance_override`);
    kept for checking a filing of another tool by hand."""
    return ",".join(f"{{{s.namespace}}}{TOLERANCE_PARAMETER}={TRUNCATION_FACTOR}" for s in sources)


#: local name of the parameter an override linkbase binds instead of the base's
OVERRIDE_PARAMETER = "filingToleranceFactor"


def tolerance_override(base: Source, prefix: str, namespace: str, base_formula_href: str,
                       factor: str = TRUNCATION_FACTOR) -> etree._Element | None:
    """A linkbase for a filing's extension schema that gives every assertion of `base` the
    tolerance factor `factor` (e.g. 1 for truncated figures) instead of the base's default.

    For each base assertion: a prohibiting arc equivalent to its arc to the base parameter
    (`{base_formula_href}#toleranceFactor`), and an arc to this linkbase's own parameter
    `{prefix}:filingToleranceFactor` with the same variable name. None when the base has no
    assertions."""
    ids = list(assertion_ids(base))
    if not ids:
        return None
    nsmap = {"link": LINK, "xlink": XLINK, "xsi": XSI, "xs": XS, "generic": GEN, "variable": VARIABLE, prefix: namespace}
    root = etree.Element(_q(LINK, "linkbase"), nsmap=nsmap)
    root.set(_q(XSI, "schemaLocation"), " ".join(f"{ns} {loc}" for ns, loc in SCHEMAS[:3]))
    etree.SubElement(root, _q(LINK, "roleRef"), {"roleURI": ROLE_GENERIC_LINK, _xl("type"): "simple",
                                                 _xl("href"): ROLE_REFS[0][1]})
    etree.SubElement(root, _q(LINK, "arcroleRef"), {"arcroleURI": AR_VARIABLE_SET, _xl("type"): "simple",
                                                    _xl("href"): ARCROLE_REFS[0][1]})
    link = _Link(root)
    link.resource(VARIABLE, "parameter", OVERRIDE_PARAMETER,
                  [("name", f"{prefix}:{OVERRIDE_PARAMETER}"), ("select", factor), ("as", "xs:decimal"),
                   ("required", "false")])
    base_param = f"base.{TOLERANCE_PARAMETER}"
    _locator(link, base_param, f"{base_formula_href}#{TOLERANCE_PARAMETER}")
    for aid in ids:
        loc = f"assertion.{aid}"
        _locator(link, loc, f"{base_formula_href}#{aid}")
        link.arc(VARIABLE, "variableArc", AR_VARIABLE_SET, loc, base_param,
                 [("name", "factor"), ("use", "prohibited"), ("priority", "1")])
        link.arc(VARIABLE, "variableArc", AR_VARIABLE_SET, loc, OVERRIDE_PARAMETER, [("name", "factor"), ("priority", "1")])
    return root


def _locator(link: "_Link", label: str, href: str) -> None:
    el = etree.SubElement(link.el, _q(LINK, "loc"))
    el.set(_xl("type"), "locator")
    el.set(_xl("label"), label)
    el.set(_xl("href"), href)


def assertion_ids(src: Source, base: Source | None = None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every valueAssertion id the linkbase will hold -> (source assertion id, concepts it checks).

    Lets a caller map an Arelle result (`ArelleResult.assertions`, `message:<id>`) back to the
    source entry and the concepts (for member-sum: the one concept; roll-forward: the balance and
    its flows; equal: left and right)."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for plan in _plans(_Names(src, base)):
        out[plan.id] = (plan.source.id, plan.concepts)
    return out


# --- name resolution (the source, else the base taxonomy) -------------------------------------
class _Names:
    def __init__(self, src: Source, base: Source | None) -> None:
        self.src, self.base = src, base

    def _find(self, attr: str, name: str):
        for s in (self.src, self.base):
            if s is not None and name in getattr(s, attr):
                return s, getattr(s, attr)[name]
        return None, None

    def concept(self, name: str, where: str) -> tuple[str, Concept]:
        s, c = self._find("concepts", name)
        if c is None:
            raise SourceError(f"{where}: {name} is not a defined concept")
        return f"{s.prefix}:{name}", c

    def numeric(self, name: str, where: str, period: str | None = None) -> str:
        qn, c = self.concept(name, where)
        if c.abstract or c.type not in NUMERIC_TYPES:
            raise SourceError(f"{where}: {name} is not a numeric (non-abstract) concept")
        if period and c.period != period:
            article = "an" if period == "instant" else "a"
            raise SourceError(f"{where}: {name} must be {article} {period} concept, not {c.period}")
        return qn

    def axis(self, name: str, where: str) -> tuple[str, Axis]:
        """QName and definition; an extension entry for a base axis only adds members, so the
        element (and the QName) is the base's."""
        s, a = self._find("axes", name)
        if a is None:
            raise SourceError(f"{where}: axis {name} is not defined")
        owner = self.base if self.base is not None and name in self.base.axes else s
        return f"{owner.prefix}:{name}", a

    def member(self, axis: str, name: str, where: str) -> str:
        """QName of a member (or the domain) of an axis; an extension may add members to a base axis."""
        for s in (self.src, self.base):
            if s is None or axis not in s.axes:
                continue
            a = s.axes[axis]
            if name in (a.domain.name, *(m.name for m in a.members)):
                # a member the extension re-lists is the base's element
                owner = self.base if (self.base is not None and s is self.src and self._base_has(axis, name)) else s
                return f"{owner.prefix}:{name}"
        raise SourceError(f"{where}: {name} is not a member of {axis}")

    def members(self, axis: str) -> list[Member]:
        """Every member of an axis the base and the source know (base first), without the domain."""
        out: dict[str, Member] = {}
        for s in (self.base, self.src):
            if s is not None and axis in s.axes:
                for m in s.axes[axis].members:
                    out.setdefault(m.name, m)
        return list(out.values())

    def _base_has(self, axis: str, name: str) -> bool:
        a = self.base.axes.get(axis) if self.base is not None else None
        return a is not None and name in (a.domain.name, *(m.name for m in a.members))

    def label(self, name: str, kind: str) -> str:
        """English standard label of a concept/axis/member (for messages), else the name."""
        for s in (self.src, self.base):
            if s is None:
                continue
            if kind == "concept" and name in s.concepts:
                return s.concepts[name].labels["label"]["en"]
            if kind == "axis" and name in s.axes:
                return s.axes[name].labels["label"]["en"]
            if kind == "member":
                for a in s.axes.values():
                    for m in (a.domain, *a.members):
                        if m.name == name:
                            return m.labels["label"]["en"]
        return name

    def table(self, tid: str, where: str) -> TableSpec:
        _s, t = self._find("tables", tid)
        if t is None:
            raise SourceError(f"{where}: table {tid} is not defined")
        return t


# --- what to write, per valueAssertion ---------------------------------------------------------
@dataclass(frozen=True)
class _Plan:
    id: str
    source: Assertion
    concepts: tuple[str, ...]  # names it checks (for assertion_ids)
    # member-sum
    concept: str = ""  # QName
    axis: str = ""  # QName
    total: str = ""  # member QName
    parts: tuple[str, ...] = ()  # member QNames (a list, or the total's children)
    excluded: tuple[str, ...] = ()  # with parts=(): facts of these members (domain first) are not parts
    parts_label: str = ""  # how the message names the parts
    # roll-forward
    balance: str = ""
    flows: tuple[tuple[str, int], ...] = ()  # (QName, weight)
    # equal
    left: str = ""
    right: str = ""
    # sum (total + flows as parts; optional: QNames of the parts that may be absent)
    optional: tuple[str, ...] = ()
    within: tuple[str, ...] = ()  # QNames of parts a release may print inside another part
    dims: tuple[tuple[str, str], ...] = ()  # (axis QName, member QName) the total must have


def _plans(names: _Names) -> list[_Plan]:
    plans: list[_Plan] = []
    for a in names.src.assertions:
        where = f"{a.file or 'source'}: assertion {a.id}"
        if a.kind == "member-sum":
            plans.extend(_member_sum_plans(names, a, where))
        elif a.kind == "roll-forward":
            balance = names.numeric(a.balance or "", where, "instant")
            flows = tuple((names.numeric(f, where, "duration"), w) for f, w in a.flows)
            plans.append(_Plan(a.id, a, (a.balance or "", *(f for f, _ in a.flows)), balance=balance, flows=flows))
        elif a.kind == "equal":
            left, right = names.numeric(a.left or "", where), names.numeric(a.right or "", where)
            if names.concept(a.left or "", where)[1].period != names.concept(a.right or "", where)[1].period:
                raise SourceError(f"{where}: {a.left} and {a.right} have different period types")
            plans.append(_Plan(a.id, a, (a.left or "", a.right or ""), left=left, right=right))
        elif a.kind == "sum":
            total = names.numeric(a.total, where)
            period = names.concept(a.total, where)[1].period
            parts = tuple((names.numeric(f, where, period), w) for f, w in a.flows)
            optional = tuple(names.numeric(f, where) for f in a.optional)
            within = tuple(names.numeric(f, where) for f in a.printed_within)
            dims = tuple((names.axis(ax, where)[0], names.member(ax, m, where)) for ax, m in a.dims)
            plans.append(_Plan(a.id, a, (a.total, *(f for f, _ in a.flows)), total=total, flows=parts,
                               optional=optional, within=within, dims=dims))
        else:  # pragma: no cover - source.py only makes these kinds
            raise SourceError(f"{where}: unknown kind {a.kind}")
    seen: dict[str, str] = {}
    for p in plans:
        if p.id in seen:
            raise SourceError(f"assertion {p.source.id}: generated id {p.id} clashes with assertion {seen[p.id]}")
        seen[p.id] = p.source.id
    return plans


def _member_sum_plans(names: _Names, a: Assertion, where: str) -> list[_Plan]:
    axis_qn, axis = names.axis(a.axis or "", where)
    domain = names.member(axis.name, axis.domain.name, where)
    total = domain if a.total == "default" else names.member(axis.name, a.total, where)
    parts: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    axis_label = names.label(axis.name, "axis")
    if a.parts != "all":
        parts = tuple(names.member(axis.name, m, where) for m in a.parts)
        if total in parts:
            raise SourceError(f"{where}: the total member is also one of the parts")
        parts_label = " + ".join(names.label(m, "member") for m in a.parts)
    else:
        members = names.members(axis.name)
        hierarchy = any(_parent(m) is not None for m in members)
        if a.total == "default":
            # not parts: the domain, and every member that adds up into something else
            excluded = (domain, *(names.member(axis.name, m.name, where) for m in members
                                  if _parent(m) not in (None, axis.domain.name)))
            parts_label = f"{axis_label} members"
        else:
            children = [m.name for m in members if _parent(m) == a.total] if hierarchy else \
                [m.name for m in members if m.name != a.total]
            if not children:
                raise SourceError(f"{where}: no member of {axis.name} has parent {a.total}; list the parts")
            parts = tuple(names.member(axis.name, m, where) for m in children)
            parts_label = " + ".join(names.label(m, "member") for m in children)
    if a.table is not None:
        table = names.table(a.table, where)
        concepts: list[str] = []
        for node, _ in table.nodes():
            _, c = names.concept(node.concept, where)
            if not c.abstract and c.type in NUMERIC_TYPES and node.concept not in concepts:
                concepts.append(node.concept)
        if not concepts:
            raise SourceError(f"{where}: table {a.table} has no numeric concepts")
    else:
        concepts = list(a.concepts)
    return [_Plan(f"{a.id}_{name}", a, (name,), concept=names.numeric(name, where), axis=axis_qn, total=total,
                  parts=parts, excluded=excluded, parts_label=parts_label) for name in concepts]


def _parent(member: Member) -> str | None:
    """The member a member adds up into (None: the domain). `parent` is optional on Member."""
    parent = getattr(member, "parent", None)
    return None if parent in (None, "") else str(parent)


# --- XML ---------------------------------------------------------------------------------------
class _Link:
    """The one generic:link; resources and arcs are appended in a fixed order."""

    def __init__(self, root: etree._Element) -> None:
        self.el = etree.SubElement(root, _q(GEN, "link"))
        self.el.set(_xl("type"), "extended")
        self.el.set(_xl("role"), ROLE_GENERIC_LINK)

    def resource(self, ns: str, tag: str, label: str, attrs: Iterable[tuple[str, str]] = (),
                 text: str | None = None) -> etree._Element:
        el = etree.SubElement(self.el, _q(ns, tag))
        el.set(_xl("type"), "resource")
        el.set(_xl("label"), label)
        for k, v in attrs:
            el.set(k, v)
        if text is not None:
            el.text = text
        return el

    def arc(self, ns: str, tag: str, arcrole: str, frm: str, to: str, attrs: Iterable[tuple[str, str]] = ()) -> None:
        el = etree.SubElement(self.el, _q(ns, tag))
        el.set(_xl("type"), "arc")
        el.set(_xl("arcrole"), arcrole)
        el.set(_xl("from"), frm)
        el.set(_xl("to"), to)
        for k, v in attrs:
            el.set(k, v)

    # building blocks
    def fact_variable(self, assertion: str, name: str, *, sequence: bool = False,
                      filters: Iterable[tuple[str, bool]] = (), fallback: str | None = None) -> None:
        """A fact variable `$name` of `assertion` with (filter label, complement) filters, all covering."""
        label = f"{assertion}.{name}"
        attrs = [("bindAsSequence", "true" if sequence else "false")]
        if fallback is not None:
            attrs.append(("fallbackValue", fallback))
        self.resource(VARIABLE, "factVariable", label, attrs)
        self.arc(VARIABLE, "variableArc", AR_VARIABLE_SET, assertion, label, [("name", name)])
        for flt, complement in filters:
            self.arc(VARIABLE, "variableFilterArc", AR_VARIABLE_FILTER, label, flt,
                     [("complement", "true" if complement else "false"), ("cover", "true")])

    def general_variable(self, assertion: str, name: str, select: str) -> None:
        label = f"{assertion}.{name}"
        self.resource(VARIABLE, "generalVariable", label, [("bindAsSequence", "false"), ("select", select)])
        self.arc(VARIABLE, "variableArc", AR_VARIABLE_SET, assertion, label, [("name", name)])

    def concept_filter(self, label: str, qnames: Iterable[str]) -> str:
        el = self.resource(CF, "conceptName", label)
        for qn in qnames:
            etree.SubElement(etree.SubElement(el, _q(CF, "concept")), _q(CF, "qname")).text = qn
        return label

    def dimension_filter(self, label: str, axis: str, members: Iterable[str]) -> str:
        el = self.resource(DF, "explicitDimension", label)
        etree.SubElement(etree.SubElement(el, _q(DF, "dimension")), _q(DF, "qname")).text = axis
        for m in members:
            etree.SubElement(etree.SubElement(el, _q(DF, "member")), _q(DF, "qname")).text = m
        return label

    def message(self, assertion: str, text: str) -> None:
        label = f"{assertion}.message"
        self.resource(MSG, "message", label, [(_xl("role"), ROLE_MESSAGE), (_q(XML_NS, "lang"), "en")], text)
        self.arc(GEN, "arc", AR_UNSATISFIED, assertion, label)


def _assertion(link: _Link, aid: str, test: str, parameter: str) -> None:
    link.resource(VA, "valueAssertion", aid, [("id", aid), ("aspectModel", "dimensional"),
                                              ("implicitFiltering", "true"), ("test", test)])
    link.arc(VARIABLE, "variableArc", AR_VARIABLE_SET, aid, parameter, [("name", "factor")])


def _context_note(var: str) -> str:
    """Message tail: difference, tolerance and the context of fact variable `var`."""
    return "difference {$difference}, tolerance {$tolerance}, context {" + var + "/@contextRef}"


def _write_member_sum(link: _Link, p: _Plan, names: _Names) -> None:
    a = p.source
    _assertion(link, p.id, "abs($difference) le $tolerance", TOLERANCE_PARAMETER)
    concept = link.concept_filter(f"{p.id}.concept", [p.concept])
    total = link.dimension_filter(f"{p.id}.totalMember", p.axis, [p.total])
    link.fact_variable(p.id, "total", filters=[(concept, False), (total, False)])
    if p.parts:
        part_filters = [(concept, False), (link.dimension_filter(f"{p.id}.partMembers", p.axis, p.parts), False)]
    else:  # every member but the excluded ones (the domain = the total, and subtotals)
        part_filters = [(concept, False), (link.dimension_filter(f"{p.id}.notPartMembers", p.axis, p.excluded), True)]
    link.fact_variable(p.id, "parts", sequence=True, filters=part_filters)
    link.general_variable(p.id, "sum", "sum($parts)")
    link.general_variable(p.id, "difference", "$sum - $total")
    link.general_variable(p.id, "tolerance", _tolerance("$parts, $total"))
    total_name = p.total.split(":", 1)[1]
    concept_name = p.concept.split(":", 1)[1]
    link.message(p.id, _text(f"{a.id}: {concept_name}: sum of {p.parts_label} ") + "{$sum}"
                 + _text(f" ≠ {names.label(total_name, 'member')} ") + "{$total}"
                 + _text(" (") + _context_note("$total") + _text(")"))


def _write_roll_forward(link: _Link, p: _Plan, names: _Names) -> None:
    a = p.source
    flow_qnames = [qn for qn, _ in p.flows]
    _assertion(link, p.id, "abs($difference) le $tolerance", TOLERANCE_PARAMETER)
    flows = link.concept_filter(f"{p.id}.flowConcepts", flow_qnames)
    balance = link.concept_filter(f"{p.id}.balanceConcept", [p.balance])
    link.fact_variable(p.id, "flow", filters=[(flows, False)])
    link.fact_variable(p.id, "flows", sequence=True, filters=[(flows, False)])
    for name, boundary in (("open", "start"), ("close", "end")):
        period = f"{p.id}.{name}Instant"
        link.resource(PF, "instantDuration", period, [("variable", "flow"), ("boundary", boundary)])
        link.fact_variable(p.id, name, filters=[(balance, False), (period, False)])
    negative = [k for k, (_, w) in enumerate(p.flows, 1) if w < 0]
    if len(flow_qnames) > 1 or negative:
        # one evaluation per context: $flow must be the fact of the first listed flow concept that is
        # reported. Each flow concept gets a variable of its own ($flow1.., empty when absent) and the
        # precondition compares nodes (`is`), never node-name(): on Inline XBRL that is ix:nonFraction,
        # so a name test would silently drop the evaluations there.
        for k, qn in enumerate(flow_qnames, 1):
            flt = link.concept_filter(f"{p.id}.flow{k}Concept", [qn])
            link.fact_variable(p.id, f"flow{k}", sequence=True, filters=[(flt, False)], fallback="()")
    if len(flow_qnames) > 1:
        firsts = ", ".join(f"$flow{k}" for k in range(1, len(flow_qnames) + 1))
        test = f"$flow is ({firsts})[1]"
        label = f"{p.id}.firstFlow"
        link.resource(VARIABLE, "precondition", label, [("test", test)])
        link.arc(GEN, "arc", AR_PRECONDITION, p.id, label)
    if negative:  # each flow's own variable says its sign (again no node-name())
        plus = ", ".join(f"$flow{k}" for k in range(1, len(flow_qnames) + 1) if k not in negative)
        minus = ", ".join(f"$flow{k}" for k in negative)
        movement = f"sum(({plus})) - sum(({minus}))"
    else:
        movement = "sum($flows)"
    link.general_variable(p.id, "movement", movement)
    link.general_variable(p.id, "difference", "$open + $movement - $close")
    link.general_variable(p.id, "tolerance", _tolerance("$flows, $open, $close"))
    balance_name = p.balance.split(":", 1)[1]
    link.message(p.id, _text(f"{a.id}: {balance_name}: opening ") + "{$open}" + _text(" + movements ")
                 + "{$movement}" + _text(" = ") + "{$open + $movement}" + _text(" ≠ closing ") + "{$close}"
                 + _text(" (period ") + "{string(xfi:context($flow)/xbrli:period/xbrli:startDate)}"
                 + _text(" to ") + "{string(xfi:context($flow)/xbrli:period/xbrli:endDate)}" + _text(", ")
                 + _context_note("$close") + _text(")"))


def _write_sum(link: _Link, p: _Plan, names: _Names) -> None:
    """total = the signed sum of its parts, in the contexts whose members `dims` names (e.g. actual
    figures only: forecasts print a total with fewer of its items). A required part must be
    reported for an evaluation; an optional one is a sequence that may be empty (0)."""
    a = p.source
    _assertion(link, p.id, "abs($difference) le $tolerance", TOLERANCE_PARAMETER)
    # the member filters cover their axes, so every variable gets them (implicit filtering no
    # longer matches a covered axis between the variables)
    members = [(link.dimension_filter(f"{p.id}.member{k}", axis, [member]), False)
               for k, (axis, member) in enumerate(p.dims, 1)]
    link.fact_variable(p.id, "total", filters=[(link.concept_filter(f"{p.id}.totalConcept", [p.total]), False),
                                               *members])
    terms: list[str] = []
    inside: list[str] = []  # the terms of the parts that may be printed inside another part
    names_used: list[str] = []
    for k, (qn, weight) in enumerate(p.flows, 1):
        optional = qn in p.optional
        flt = link.concept_filter(f"{p.id}.part{k}Concept", [qn])
        link.fact_variable(p.id, f"part{k}", sequence=optional, filters=[(flt, False), *members],
                           fallback="()" if optional else None)
        term = f"sum($part{k})" if optional else f"$part{k}"
        terms.append(("- " if weight < 0 else "+ ") + term)
        if qn in p.within:
            inside.append(("- " if weight < 0 else "+ ") + term)
        names_used.append(f"$part{k}")
    expr = " ".join(terms)
    link.general_variable(p.id, "sum", expr[2:] if expr.startswith("+ ") else "0 " + expr)
    if inside:  # the nearer of the two readings: with those parts, or with them inside another part
        without = "$sum - (0 " + " ".join(inside) + ") - $total"
        link.general_variable(p.id, "difference", f"if (abs($sum - $total) le abs({without})) "
                                                  f"then $sum - $total else {without}")
    else:
        link.general_variable(p.id, "difference", "$sum - $total")
    link.general_variable(p.id, "tolerance", _tolerance(", ".join(["$total", *names_used])))
    total_name = p.total.split(":", 1)[1]
    parts_label = " ".join(("- " if w < 0 else "+ ") + qn.split(":", 1)[1] for qn, w in p.flows)[2:]
    link.message(p.id, _text(f"{a.id}: {total_name} ") + "{$total}" + _text(f" ≠ {parts_label} = ") + "{$sum}"
                 + _text(" (") + _context_note("$total") + _text(")"))


def _write_equal(link: _Link, p: _Plan, names: _Names) -> None:
    a = p.source
    _assertion(link, p.id, "abs($difference) le $tolerance", TOLERANCE_PARAMETER)
    for name, qn in (("left", p.left), ("right", p.right)):
        flt = link.concept_filter(f"{p.id}.{name}Concept", [qn])
        link.fact_variable(p.id, name, filters=[(flt, False)])
    link.general_variable(p.id, "difference", "$left - $right")
    link.general_variable(p.id, "tolerance", _tolerance("$left, $right"))
    left, right = p.left.split(":", 1)[1], p.right.split(":", 1)[1]
    link.message(p.id, _text(f"{a.id}: {left} ") + "{$left}" + _text(f" ≠ {right} ") + "{$right}"
                 + _text(" (") + _context_note("$left") + _text(")"))


def formula_linkbase(src: Source, *, base: Source | None = None,
                     factor: str = ROUNDING_FACTOR) -> etree._Element | None:
    """The formula linkbase for `src.assertions` (None when there are none).

    `factor`: the `select` of its tolerance parameter (0.5: figures rounded to nearest; 1: truncated).

    `base`: in extension mode, names the source does not define are looked up there (and written
    with the base's prefix)."""
    names = _Names(src, base)
    plans = _plans(names)
    if not plans:
        return None
    if base is not None:  # Arelle counts results by id across the whole DTS
        base_ids = assertion_ids(base)
        for p in plans:
            if p.id in base_ids:
                raise SourceError(f"assertion {p.source.id}: id {p.id} is already an assertion of the base taxonomy")
    nsmap = {"link": LINK, "xlink": XLINK, "xsi": XSI, "xs": XS, "xbrli": XBRLI, "generic": GEN, "variable": VARIABLE,
             "va": VA, "cf": CF, "df": DF, "pf": PF, "msg": MSG, "xfi": XFI, src.prefix: src.namespace}
    if base is not None:
        nsmap[base.prefix] = base.namespace
    root = etree.Element(_q(LINK, "linkbase"), nsmap=nsmap)
    root.set(_q(XSI, "schemaLocation"), " ".join(f"{ns} {loc}" for ns, loc in SCHEMAS))
    uses_precondition = any(len(p.flows) > 1 for p in plans)
    for uri, href in ROLE_REFS:
        etree.SubElement(root, _q(LINK, "roleRef"), {"roleURI": uri, _xl("type"): "simple", _xl("href"): href})
    for uri, href in ARCROLE_REFS:
        if uri == AR_PRECONDITION and not uses_precondition:
            continue
        etree.SubElement(root, _q(LINK, "arcroleRef"), {"arcroleURI": uri, _xl("type"): "simple", _xl("href"): href})
    link = _Link(root)
    link.resource(VARIABLE, "parameter", TOLERANCE_PARAMETER,
                  [("id", TOLERANCE_PARAMETER), ("name", f"{src.prefix}:{TOLERANCE_PARAMETER}"), ("select", factor),
                   ("as", "xs:decimal"), ("required", "false")])
    writers = {"member-sum": _write_member_sum, "roll-forward": _write_roll_forward, "equal": _write_equal,
               "sum": _write_sum}
    for p in plans:
        writers[p.source.kind](link, p, names)
    return root
