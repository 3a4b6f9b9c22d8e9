"""The number grammar of releases: `12,345,678`, `(1,234 )`, `△1,234`, `-`, `―`, `JPY12.5 billion`.

Everything stays `Decimal` from the first character on.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NIL_MARKS = frozenset({"-", "―", "—", "–", "－", "--", "ー", "‐", "−"})
NEG_MARKS = ("△", "▲")

_NUM = re.compile(r"^(?P<neg>[△▲]|-|−)?\s*(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?$")
_PAREN = re.compile(r"^\(\s*(?P<inner>[△▲]?\s*[\d,]+(?:\.\d+)?)\s*\)$")

SCALE_WORDS = {
    "thousand": 3, "thousands": 3, "million": 6, "millions": 6, "billion": 9, "billions": 9,
    "trillion": 12, "mn": 6, "mil": 6, "bn": 9,
}


def parse_number(token: str) -> Decimal | None:
    """Parse one printed figure; None when it is not a figure. Nil marks are not figures here."""
    t = token.strip()
    neg = False
    m = _PAREN.match(t)
    if m:
        neg, t = True, m["inner"].replace(" ", "")
    m = _NUM.match(t)
    if not m:
        return None
    try:
        value = Decimal(m["digits"].replace(",", "") + (m["frac"] or ""))
    except InvalidOperation:
        return None
    if m["neg"]:
        neg = not neg if m["neg"] in NEG_MARKS or m["neg"] in "-−" else neg
    return -value if neg and value else (value if not neg else -value)


def is_nil(token: str) -> bool:
    return token.strip() in NIL_MARKS


def decimals_of(raw: str, scale: int) -> int:
    """XBRL decimals of a printed figure: digits after the point, less the stated scale."""
    digits = raw.strip().strip("()△▲ ")
    frac = len(digits.split(".", 1)[1]) if "." in digits else 0
    return frac - scale
