"""Units of numeric facts, as data: which unit a concept type takes in which currency.

`data/units.yaml` declares a unit per concept type of the taxonomy source, with `{currency}`
standing for the ISO 4217 code of the figure's currency; the currency itself is chosen by the
profile or by what the release states (its unit line, the symbol on a figure). Nothing here
names a currency or a measure: adding one is an edit of the data file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


from disclose.paths import read_data
from disclose.model import Unit

_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217, e.g. "USD"
    name: str  # what a unit line prints: "US dollars"
    words: tuple[str, ...]  # how a unit line names it, lower case: "u.s. dollars", "usd"
    symbols: tuple[str, ...]  # printed on a figure: "US$", "$"
    ja: tuple[str, ...]  # in Japanese unit lines: "米ドル"


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The parsed data file (read once per process)."""
    return read_data("units.yaml")


@lru_cache(maxsize=1)
def currencies() -> dict[str, Currency]:
    out = {}
    for code, c in (data().get("currencies") or {}).items():
        out[code] = Currency(code, c.get("name", code), tuple(w.lower() for w in c.get("words", ())),
                             tuple(c.get("symbols", ())), tuple(c.get("ja", ())))
    return out


def default_currency() -> str:
    return str(data()["default_currency"])


def convenience_currencies() -> frozenset[str]:
    """Currencies releases restate figures in for readers abroad (units.yaml)."""
    return frozenset(data().get("convenience_currencies") or ())


def is_translation(currency: str | None, filing_currency: str) -> bool:
    """Figures in this currency, in a filing in that one, are a convenience translation."""
    return currency is not None and currency != filing_currency and currency in convenience_currencies()


def is_currency_code(code: str) -> bool:
    """An ISO 4217 shaped code (three capitals): a profile may name a currency the data lacks words for."""
    return bool(_CODE.match(code))


def numeric_types() -> frozenset[str]:
    """Concept types whose facts take a unit (and decimals)."""
    return frozenset(data()["types"])


def _fill(text: str, currency: str) -> str:
    return text.replace("{currency}", currency)


def unit_id(ctype: str, currency: str) -> str | None:
    """The unit id a fact of this concept type takes in `currency`; None for non-numeric types."""
    spec = data()["types"].get(ctype)
    return _fill(spec["id"], currency) if spec else None


def unit_of(ctype: str, currency: str) -> Unit | None:
    spec = data()["types"].get(ctype)
    if spec is None:
        return None
    return Unit(_fill(spec["id"], currency), tuple(_fill(m, currency) for m in spec["numerator"]),
                tuple(_fill(m, currency) for m in spec.get("denominator", ())))


@lru_cache(maxsize=None)
def unit_by_id(uid: str) -> Unit:
    """The Unit of an id `unit_id` gave (ids carry their currency: "USD", "USDPerShare")."""
    for ctype, spec in data()["types"].items():
        pattern = "^" + re.escape(spec["id"]).replace(re.escape("{currency}"), "(?P<c>[A-Z]{3})") + "$"
        m = re.match(pattern, uid)
        if m:
            unit = unit_of(ctype, m.groupdict().get("c") or "")
            assert unit is not None
            return unit
    raise KeyError(f"no unit of id {uid!r} in units.yaml")


def currency_of_symbol(text: str) -> str | None:
    """The currency a symbol or code printed on a figure names ("US$" -> USD), longest first."""
    best: tuple[int, str] | None = None
    for c in currencies().values():
        for s in c.symbols:
            if text.upper().startswith(s.upper()) and (best is None or len(s) > best[0]):
                best = (len(s), c.code)
    return best[1] if best else None


def symbols() -> tuple[str, ...]:
    """Every currency symbol or code, longest first (for the figure grammar)."""
    return tuple(sorted({s for c in currencies().values() for s in c.symbols}, key=lambda s: (-len(s), s)))


def strip_currency(raw: str) -> str:
    """The figure without the currency symbol printed on it: "(US$1,234" -> "(1,234"."""
    head = raw[:1] if raw[:1] in "(△▲" else ""
    body = raw[len(head):]
    for s in symbols():
        if body.upper().startswith(s.upper()):
            return head + body[len(s):]
    return raw


def choose_currency(stated_by_profile: str | None, stated_by_tables: list[str | None]) -> str:
    """The currency of monetary figures whose own table or sentence names none: the profile's,
    else the one the release's unit lines name most often, else the data's default. A table
    that names its currency keeps it (what is printed wins)."""
    if stated_by_profile:
        return stated_by_profile
    counts: dict[str, int] = {}
    for c in stated_by_tables:
        if c:
            counts[c] = counts.get(c, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda c: counts[c])
    return default_currency()
