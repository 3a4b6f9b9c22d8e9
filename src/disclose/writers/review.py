"""The review page (`<stem>-review.html`): the release as printed beside what the filing says.

Whoever signs a filing off reads the release's own lines (each `id="L<n>"`) with every figure
that became a fact marked where it is printed (`data-fact` = the fact's id in the instance,
`data-line` = its line), and the report above them: every message and issue links to its lines
and names its facts, then check coverage, figures not read and extensions. Each fact's details
(concept, labels, period, dimensions, unit, decimals, and the checks it takes part in with their
result) are listed beside the text, so the page reads without JavaScript; a little inline script
shows the chosen figure's details next to it and marks the facts of a chosen message. One
self-contained file: inline CSS and script, no network.

Everything comes from what the build already knows: the Filing (facts and their provenance),
the Report (messages and issues with their lines and fact ids) and the check coverage.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from disclose.coverage import Coverage
from disclose.model import Fact, Filing, Issue, Message, Report
from disclose.mutate import printed_digits
from disclose.writers.instance import environment
from disclose.taxonomy.source import Source
from disclose.writers.layout import _Names

__all__ = ["render_review", "write_review", "place"]

# which coverage check (coverage.py's kinds) a failing message or issue is the result of
_KIND_OF_CODE = (("calc", "calculation"), ("arelle:duplicateFacts", "duplicate-consistency"),
                 ("inconsistent-duplicate", "duplicate-consistency"), ("summary-disagrees", "summary-consistency"))
_ASSERTION_PREFIX = "message:"  # formula assertion messages: message:<assertion id>


@dataclass
class Finding:
    """A message or issue as the page lists it."""

    anchor: str
    code: str
    severity: str
    text: str
    lines: tuple[int, ...]
    facts: tuple[str, ...]
    labels: tuple[str, ...] = ()
    expected: str = ""


@dataclass
class Detail:
    """What the filing says of one fact."""

    fact: Fact
    label_en: str
    label_ja: str
    period: str
    dims: list[tuple[str, str]]
    unit: str
    checks: list[tuple[str, str]]  # (check, held | failed | not evaluated)
    findings: list[str] = field(default_factory=list)  # anchors of the messages naming it


@dataclass
class Line:
    number: int
    parts: list[tuple[str, Fact | None]]  # text, or a figure that became this fact
    unplaced: list[Fact]  # facts of this line whose printed text was not found in it
    bad: bool = False


def _figure_pattern(text: str) -> re.Pattern[str] | None:
    """A printed figure as one or more whitespace-delimited words ("(1,234 )", "JPY12.5 billion"),
    allowing the spacing to differ ("(1,234" and ")" were joined into one token)."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return None
    return re.compile(r"(?<!\S)" + r"\s*".join(map(re.escape, chars)) + r"(?!\S)")


def _digits_pattern(fact: Fact) -> re.Pattern[str] | None:
    digits = printed_digits(fact)
    return re.compile(r"(?<![\d,.])" + re.escape(digits) + r"(?![\d]|,\d|\.\d)") if digits else None


def _label_ends(text: str, label: str) -> list[int]:
    """Where the row label (or, when it is not printed as one run, its last words) ends in the line."""
    words = label.split()
    for k in (len(words), 2, 1):
        if 0 < k <= len(words):
            found = [m.end() for m in re.finditer(r"\s+".join(map(re.escape, words[-k:])), text)]
            if found:
                return found
    return []


def place(text: str, facts: list[Fact]) -> tuple[list[tuple[str, Fact | None]], list[Fact]]:
    """Split a line into plain text and figures: each fact at an occurrence of its printed text
    (else of its digits alone) not taken by another, the one nearest after its row label first
    (a line may hold many rows, and rows repeat figures); facts found nowhere are returned apart."""
    spans: list[tuple[int, int, Fact]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e, _ in spans)

    left = list(facts)
    for pattern_of in (lambda f: _figure_pattern(f.provenance.text), _digits_pattern):
        options = []  # (distance after the label, start, order, end, fact)
        for order, f in enumerate(left):
            pat = pattern_of(f)
            ends = _label_ends(text, f.provenance.label) if pat else []
            for m in pat.finditer(text) if pat else ():
                before = [e for e in ends if e <= m.start()]
                options.append((m.start() - max(before) if before else len(text) + m.start(), m.start(), order,
                                m.end(), f))
        placed: set[int] = set()
        for _, start, order, end, f in sorted(options, key=lambda o: o[:3]):
            if order not in placed and free(start, end):
                spans.append((start, end, f))
                placed.add(order)
        left = [f for order, f in enumerate(left) if order not in placed]
    parts: list[tuple[str, Fact | None]] = []
    at = 0
    for s, e, f in sorted(spans, key=lambda x: x[0]):
        if s > at:
            parts.append((text[at:s], None))
        parts.append((text[s:e], f))
        at = e
    if at < len(text):
        parts.append((text[at:], None))
    return parts, left


def _kind(code: str) -> str | None:
    if code.startswith(_ASSERTION_PREFIX):
        return "assertion:" + code[len(_ASSERTION_PREFIX):]
    return next((kind for prefix, kind in _KIND_OF_CODE if code.startswith(prefix)), None)


def _findings(report: Report) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(messages and issues to act on, figures not read, extensions): the report's sections."""
    def of_issue(n: int, i: Issue) -> Finding:
        return Finding(f"i{n}", i.code, i.severity, i.message, i.lines, i.facts)

    def of_message(n: int, m: Message) -> Finding:
        return Finding(f"m{n}", m.code, m.severity, m.text, m.lines, m.facts, m.labels, m.expected)

    messages = [of_message(n, m) for n, m in enumerate(report.messages, 1)]
    not_read, extensions = [], []
    for n, i in enumerate(report.issues, 1):
        if i.code.startswith("extension-"):
            extensions.append(of_issue(n, i))
        elif i.severity == "warning":
            not_read.append(of_issue(n, i))
        else:
            messages.append(of_issue(n, i))
    order = {"error": 0, "warning": 1, "info": 2}
    messages.sort(key=lambda f: order.get(f.severity, 3))  # stable: errors first, in report order
    return messages, not_read, extensions


def _period(fact: Fact) -> str:
    p = fact.period
    return f"as of {p.end.isoformat()}" if p.start is None else f"{p.start.isoformat()} to {p.end.isoformat()}"


def _details(filing: Filing, report: Report, src: Source, ext: Source, cov: Coverage,
             findings: list[Finding]) -> dict[str, Detail]:
    names = _Names(src, ext)
    units = {u.id: u for u in filing.units}
    failed: dict[str, set[str]] = defaultdict(set)  # fact id -> checks that failed
    naming: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        for fid in f.facts:
            naming[fid].append(f.anchor)
            kind = _kind(f.code)
            if kind and f.severity == "error":
                failed[fid].add(kind)
    arelle_ran = not any(m.code.startswith("xmlschema:") for m in report.messages)
    evaluated = set(report.stats.get("assertions", {}))
    out = {}
    for fact in filing.facts:
        concept = names.concept(fact.concept)
        labels = concept.labels.get("label", {}) if concept else {}
        checks = []
        for kind in cov.covered.get(fact.id, ()):
            if not arelle_ran or (kind.startswith("assertion:") and kind.split(":", 1)[1] not in evaluated):
                result = "not evaluated"
            else:
                result = "failed" if kind in failed[fact.id] else "held"
            checks.append((kind, result))
        # a check it failed although coverage does not count it (the duplicate it contradicts was not kept)
        checks += [(kind, "failed") for kind in sorted(failed[fact.id] - set(cov.covered.get(fact.id, ())))]
        unit = units.get(fact.unit) if fact.unit else None
        unit_text = ""
        if unit is not None:
            unit_text = " ".join(unit.numerator) + (" / " + " ".join(unit.denominator) if unit.denominator else "")
        dims = [(_axis_label(src, ext, axis), f"{names.member(member)} ({member})") for axis, member in fact.dims]
        out[fact.id] = Detail(fact, labels.get("en", fact.concept), labels.get("ja", ""), _period(fact), dims,
                              unit_text, checks, naming.get(fact.id, []))
    return out


def _axis_label(src: Source, ext: Source, qname: str) -> str:
    prefix, _, local = qname.partition(":")
    axis = (src if prefix == src.prefix else ext).axes.get(local) or src.axes.get(local)
    label = axis.labels.get("label", {}).get("en") if axis is not None else None
    return f"{label} ({qname})" if label else qname


def render_review(filing: Filing, report: Report, lines: tuple[str, ...], src: Source, ext: Source,
                  cov: Coverage, *, title: str = "") -> str:
    """The review page as text (see the module docstring)."""
    messages, not_read, extensions = _findings(report)
    every = messages + not_read + extensions
    details = _details(filing, report, src, ext, cov, every)
    by_line: dict[int, list[Fact]] = defaultdict(list)
    for f in filing.facts:
        by_line[f.provenance.line].append(f)
    bad_lines = {n for f in every if f.severity == "error" for n in f.lines}
    bad_facts = {fid for f in every if f.severity == "error" for fid in f.facts}
    rows = []
    for n, text in enumerate(lines, 1):
        parts, unplaced = place(text, by_line.get(n, []))
        rows.append(Line(n, parts, unplaced, n in bad_lines))
    lineless = [f for ln, fs in sorted(by_line.items()) if not 1 <= ln <= len(lines) for f in fs]
    uncovered = {f.id for f in cov.uncovered}
    return environment().get_template("review/page.html.j2").render(
        filing=filing, report=report, title=title or filing.source_name, lines=rows, lineless=lineless,
        messages=messages, not_read=not_read, extensions=extensions, details=details, cov=cov,
        coverage=report.stats.get("coverage", cov.as_dict()), bad_facts=bad_facts, uncovered=uncovered,
        errors=sum(1 for f in every if f.severity == "error"))


def write_review(path: Path, filing: Filing, report: Report, lines: tuple[str, ...], src: Source, ext: Source,
                 cov: Coverage) -> Path:
    path.write_text(render_review(filing, report, lines, src, ext, cov), encoding="utf-8")
    return path
