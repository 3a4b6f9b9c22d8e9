"""The grammar of unit lines: the scale and the currency a table's figures are printed in.

"Thousands of yen", "Millions of U.S. dollars", "JPY millions", "USD thousands", "yen in
millions", "(In thousands of euros)", "百万円", "(単位：千ユーロ)". The words are data
(`data/units.yaml`): scale words before or after a currency word; a code or symbol ("JPY",
"US$", "€") may also stand before its scale word. Words are compared as `word()` leaves them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from disclose.units import currencies, data


@dataclass(frozen=True)
class Scale:
    length: int  # words the marker spans
    power: int  # power of ten: "Millions" -> 6
    currency: str | None  # ISO 4217 code the marker names


def word(text: str) -> str:
    """A word as the grammar compares it: lower case, brackets and trailing stops dropped."""
    return text.lower().strip("()[],;:").rstrip(".")


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], tuple[int, str]]:
    """Every marker as a word sequence -> (power, currency)."""
    out: dict[tuple[str, ...], tuple[int, str]] = {}
    scales = {str(k).lower(): int(v) for k, v in (data().get("scales") or {}).items()}
    for c in currencies().values():
        codes = {s.lower() for s in c.symbols}
        for name in c.words:
            cur = tuple(word(w) for w in name.split())
            for s, power in scales.items():
                out.setdefault((s, "of", *cur), (power, c.code))  # millions of U.S. dollars
                out.setdefault((s, *cur), (power, c.code))  # thousand yen
                out.setdefault((*cur, "in", s), (power, c.code))  # yen in millions
                if name in codes:
                    out.setdefault((*cur, s), (power, c.code))  # JPY millions, US$ thousands
    return out


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(p) for p in _phrases())


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """Words a marker can start with (a cheap test before matching)."""
    return frozenset(p[0] for p in _phrases())


@lru_cache(maxsize=1)
def _japanese() -> re.Pattern[str]:
    scales = sorted((data().get("scales_ja") or {}), key=len, reverse=True)
    names = sorted((j for c in currencies().values() for j in c.ja), key=len, reverse=True)
    return re.compile(r"^[(（\[【]?(?:単位\s*[:：]\s*)?(?P<scale>" + "|".join(map(re.escape, scales)) + r")(?P<cur>"
                      + "|".join(map(re.escape, names)) + r")[)）\]】]?$")


def could_start(text: str) -> bool:
    """A cheap test before matching: can a marker start at this token?"""
    return word(text) in first_words() or not text.isascii()


@lru_cache(maxsize=1)
def currency_suffixes() -> frozenset[str]:
    """Currency words printed after a figure ("19.48 yen", "1.52 dollars", "12.5 円")."""
    return frozenset({c.name.split()[-1].lower() for c in currencies().values()} | {j for c in currencies().values() for j in c.ja})


def _japanese_currency(name: str) -> str:
    return next(c.code for c in currencies().values() if name in c.ja)


def scale_at(words: Sequence[str], k: int, raw: str = "") -> Scale | None:
    """The longest marker starting at words[k] (words as `word()` leaves them); `raw`, the token's
    text, is matched against the Japanese form (百万円)."""
    if raw:
        m = _japanese().match(raw.strip())
        if m:
            return Scale(1, int(data()["scales_ja"][m["scale"]]), _japanese_currency(m["cur"]))
    if words[k] not in first_words():
        return None
    phrases = _phrases()
    for n in range(min(_longest(), len(words) - k), 0, -1):
        hit = phrases.get(tuple(words[k:k + n]))
        if hit is not None:
            return Scale(n, hit[0], hit[1])
    return None


def find_scales(words: Sequence[str], raws: Sequence[str] = ()) -> list[tuple[int, int, Scale]]:
    """Every marker in a run of words, left to right, not overlapping: (start, end, scale)."""
    out = []
    k = 0
    while k < len(words):
        s = scale_at(words, k, raws[k] if k < len(raws) else "")
        if s is not None:
            out.append((k, k + s.length, s))
            k += s.length
        else:
            k += 1
    return out
