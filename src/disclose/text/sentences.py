"""Figures stated in sentences: "Orders received for the services ... totaled JPY12,345 million, up 5.0% YoY
(JPY11,757 million for the prior period)".

The phrases that introduce a figure are data (each concept's `phrases` in the taxonomy source);
this module only knows the grammar around them: the amount after the phrase (or "JPY x million
of <phrase>"), a comparative in parentheses with its own period, "as of <date>" for balances.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from disclose.model import Fact, Period, Provenance
from disclose.taxonomy.source import Source
from disclose.text.numbers import decimals_of
from disclose.text.periods import FiscalCalendar, find_dates, find_periods
from disclose.text.tokens import Token, norm, tokenize
from disclose.units import default_currency, numeric_types, unit_id


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    concept: str


_ENDS_SENTENCE = re.compile(r"[.!?][\"”’)]*\s*$")
_SPLIT = re.compile(r"(?<=[a-z\)”\"’])[.;]\s+(?=[A-Z“\"(])")


def _sentences(lines: tuple[str, ...]) -> list[tuple[list[str], int]]:
    """(the sentence's pieces, one per line it spans, and its first line).

    A sentence runs on over a line break when the line does not end one (prose wrapped at any
    width, as extractors and editors do); a blank line or a line that ends a sentence ends it."""
    out = []
    i = 0
    while i < len(lines):
        start = i
        while i + 1 < len(lines) and lines[i + 1].strip() and lines[i].strip() and not _ENDS_SENTENCE.search(lines[i]):
            i += 1
        block = lines[start:i + 1]
        i += 1
        text, bounds = "", []  # the block joined by spaces, and where each line's text lies in it
        for line in block:
            if text:
                text += " "
            bounds.append((len(text), len(text) + len(line)))
            text += line
        at = 0
        for part in _SPLIT.split(text):
            a = text.index(part, at)
            b = at = a + len(part)
            if not re.search(r"\d", part):  # a stated figure has digits
                continue
            pieces = [text[max(a, x):min(b, y)] for x, y in bounds if x < b and y > a]
            first = next(k for k, (x, y) in enumerate(bounds) if x < b and y > a) if pieces else 0
            out.append((pieces, start + first + 1))
    return out


UNIT_WORDS = {"shares": "shares", "share": "shares", "contracts": "count", "subscriptions": "count"}


def _is_amount(toks: list[Token], k: int, ctype: str) -> bool:
    """A stated figure: a currency amount for money, a number followed by its unit word otherwise."""
    t = toks[k]
    if t.value is None or t.date_part:
        return False
    if ctype in ("monetary",):
        return bool(t.currency)
    nxt = toks[k + 1].text.lower().strip(".,;)") if k + 1 < len(toks) else ""
    return not t.currency and UNIT_WORDS.get(nxt) == ctype


class SentenceReader:
    def __init__(self, src: Source, cal: FiscalCalendar, currency: str | None = None) -> None:
        self.src = src
        self.cal = cal
        self.currency = currency or default_currency()  # of an amount with no symbol on it
        self.phrases = sorted({(norm(p), c.name) for c in src.concepts.values() for p in c.phrases
                               if norm(p) and c.type in numeric_types()},
                              key=lambda p: (-len(p[0]), p[1]))
        self._concept_of: dict[str, str] = {}  # phrase key -> concept (first in the order above)
        for key, concept in self.phrases:
            self._concept_of.setdefault(key, concept)

    def _as_of_dates(self, lines: tuple[str, ...]) -> dict[str, Period]:
        """Concept -> instant from "<as_of phrase>: <date>" anywhere in the release (first occurrence)."""
        out: dict[str, Period] = {}
        text = " ".join(lines)
        flat = re.sub(r"\s+", " ", text)
        for c in self.src.concepts.values():
            for phrase in c.as_of:
                for m in re.finditer(re.escape(phrase) + r"\s*(?:[:：]|\bof\b|\bis\b|\bwill be\b)?\s*(?:\w+day,?\s*)?",
                                     flat, re.IGNORECASE):
                    dates = find_dates(flat[m.end():m.end() + 40])
                    if dates and dates[0].pos == 0:
                        out[c.name] = Period(dates[0].date)  # type: ignore[arg-type]
                        break
                if c.name in out:
                    break
        return out

    def _hits(self, toks: list[Token]) -> list[_Hit]:
        keys = [norm(t.text) for t in toks]
        hits: list[_Hit] = []
        i = 0
        while i < len(keys):
            best = None
            acc = ""
            for j in range(i, min(len(keys), i + 16)):
                acc += keys[j]
                concept = self._concept_of.get(acc)  # a dict: cost does not grow with the phrase list
                if concept is not None:
                    best = _Hit(i, j + 1, concept)  # the longest phrase starting at i wins
            if best:
                hits.append(best)
                i = best.end
            else:
                i += 1
        return hits

    def read(self, lines: tuple[str, ...], current: Period | None) -> list[Fact]:
        if current is None or not self.phrases:
            return []
        self.as_of = self._as_of_dates(lines)
        facts: list[Fact] = []
        for pieces, line in _sentences(lines):
            toks = tokenize(pieces, line)  # each figure keeps the line it is printed on
            text = " ".join(pieces)
            hits = self._hits(toks)
            for n, hit in enumerate(hits):
                limit = hits[n + 1].start if n + 1 < len(hits) else len(toks)
                facts.extend(self._figures(toks, hit, limit, current, text, line))
        return facts

    def _figures(self, toks: list[Token], hit: _Hit, limit: int, current: Period, text: str, line: int) -> list[Fact]:
        concept = self.src.concepts[hit.concept]
        if hit.start >= 2 and toks[hit.start - 1].text.lower() == "of" and toks[hit.start - 2].currency:
            # "JPY1,234 million of depreciation of ...": the amount stands just before the phrase
            amounts = [hit.start - 2]
        else:
            amounts = [k for k in range(hit.end, limit) if _is_amount(toks, k, concept.type)]
            if not amounts or amounts[0] - hit.end > 12:
                return []
        out = []
        first = amounts[0]
        out.append(self._fact(concept, toks[first], self._own_period(concept, toks, hit.end, first, current), hit, text, line))
        for k in amounts[1:2]:
            # a comparative: "(JPY11,757 million for 1H19)" / "(JPY20,480 million as of September 30, 2019)"
            tail = " ".join(t.text for t in toks[k + 1:min(limit, k + 8)])
            head = " ".join(t.text for t in toks[max(hit.end, k - 2):k])
            if "(" not in head + toks[k].text and not tail.startswith(("for", "as of")):
                continue
            period = self._stated_period(concept, tail.split(")")[0])
            if period is not None and period != out[0].period:
                out.append(self._fact(concept, toks[k], period, hit, text, line))
        return out

    def _own_period(self, concept, toks: list[Token], a: int, b: int, current: Period) -> Period:
        if concept.as_of and concept.period == "instant":
            stated = self.as_of.get(concept.name)
            if stated is not None:
                return stated
        between = " ".join(t.text for t in toks[a:b])
        stated = self._stated_period(concept, between)
        if stated is not None:
            return stated
        return Period(current.end) if concept.period == "instant" else current

    def _stated_period(self, concept, text: str) -> Period | None:
        found = find_periods(text, self.cal)
        for f in found:
            if f.kind == "fiscal" and f.period is not None:
                return Period(f.period.end) if concept.period == "instant" else f.period
            if f.kind == "date" and concept.period == "instant":
                return Period(f.date)  # type: ignore[arg-type]
        return None

    def _fact(self, concept, tok: Token, period: Period, hit: _Hit, text: str, line: int) -> Fact:
        scale = tok.scale or 0
        raw = re.sub(r"^[^\d(]+", "", tok.text.split()[0]).rstrip(",.")
        assert tok.value is not None  # an amount (_is_amount) has a value
        return Fact(self.src.qname(concept.name), period, tok.value.scaleb(scale),
                    unit_id(concept.type, tok.currency or self.currency),
                    decimals_of(raw, scale),
                    provenance=Provenance(tok.line, concept.labels["label"]["en"], "sentence", "narrative", tok.text, scale,
                                          tok.value.is_signed()))
