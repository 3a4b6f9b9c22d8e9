"""One line of a Tanshin table: its label words and the run of figures that ends it.

The number grammar is the project's (`text.numbers`: `1,234`, `(1,234)`, `△1,234`, nil marks
`-`, `--`, `－`, `―`) plus what Tanshin pages add: percentages glued to figures (`0.5%`,
`(14.4%)`), bracketed figures (`[1,508]`, `[(66)]`), year-on-year changes in brackets glued to the
figure (`531,832[(37.0%)]`), and `△0` as a zero.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from disclose.text.tables import mark_dates
from disclose.text.tokens import Token, tokenize

_GLUED_CHANGE = re.compile(r"(?<=\d)\[\(?[△▲-]?[\d.,]+%?\)?\]")
_BRACKET = re.compile(r"\[\s*(\(?[△▲-]?[\d.,]+\)?)\s*\]")
_PERCENT = re.compile(r"^(?P<open>\()?(?P<neg>[△▲-])?(?P<num>\d+(?:\.\d+)?)%(?P<close>\))?$")
_UNIT_NOTE = re.compile(r"\(\s*(?:yen|in\s+yen|millions?\s+of\s+yen|thousands?\s+of\s+shares|shares|thousand\s+shares|"
                        r"%|times|yen/share)\s*\)", re.IGNORECASE)
NIL_WORDS = {"-", "--", "－", "―", "—", "–", "ー", "‐", "−", "―――", "－－", "———"}


@dataclass(frozen=True)
class Value:
    raw: str
    value: Decimal | None  # None: nil mark
    line: int
    percent: bool = False

    @property
    def nil(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Line:
    number: int
    label: str  # words before the figures (unit notes such as "(yen)" removed)
    values: tuple[Value, ...]
    text: str
    share_scale: int = 0  # "(thousands of shares)" on the label: power of ten of share counts
    words: tuple[Token, ...] = ()  # all tokens, dates marked


def prepare(text: str) -> str:
    text = _GLUED_CHANGE.sub("", text)
    return _BRACKET.sub(lambda m: " " + m[1] + " ", text)


def tokens(text: str, number: int) -> list[Token]:
    toks = tokenize([prepare(text)], number)
    mark_dates(toks)
    return toks


def as_value(t: Token) -> Value | None:
    """A figure (or nil mark) from one token, None for a word."""
    if t.date_part:
        return None
    if t.value is not None:
        return Value(t.text, abs(t.value) if t.value == 0 else t.value, t.line)  # "△0" is a zero
    if t.nil or t.text in NIL_WORDS:
        return Value(t.text, None, t.line)
    m = _PERCENT.match(t.text)
    if m and bool(m["open"]) == bool(m["close"]):
        v = Decimal(m["num"])
        if m["open"] or m["neg"]:
            v = -v
        return Value(t.text, v, t.line, percent=True)
    return None


def split(text: str, number: int) -> Line:
    """Label words and the trailing run of figures of one line."""
    toks = tokens(text, number)
    vals: list[Value] = []
    k = len(toks)
    while k > 0:
        t = toks[k - 1]
        v = as_value(t)
        if v is None and t.text == "%" and k >= 2 and as_value(toks[k - 2]) is not None:
            prev = as_value(toks[k - 2])
            assert prev is not None
            vals.insert(0, Value(prev.raw + "%", prev.value, prev.line, percent=True))
            k -= 2
            continue
        if v is None:
            break
        vals.insert(0, v)
        k -= 1
    label = " ".join(t.text for t in toks[:k]).strip()
    share_scale = 3 if re.search(r"thousands?\s+(?:of\s+)?shares", label, re.IGNORECASE) else 0
    label = _UNIT_NOTE.sub(" ", label)
    label = re.sub(r"\s+", " ", label).strip(" :")
    return Line(number, label, tuple(vals), text, share_scale, tuple(toks))
