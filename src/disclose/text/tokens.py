"""Split release text into tokens that remember their line, and normalise labels for matching.

Tables flattened out of a PDF lose their layout, so readers work on the token stream: words,
figures (`12,345,678`, `(1,234 )`, `△1,234`, `JPY12.5 billion`) and nil marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from disclose.text.numbers import NEG_MARKS, SCALE_WORDS, is_nil, parse_number
from disclose.units import currency_of_symbol, symbols


@dataclass(frozen=True)
class Token:
    text: str
    line: int
    value: Decimal | None = None  # a figure
    nil: bool = False
    scale: int | None = None  # scale stated on the figure itself ("billion")
    currency: str = ""  # ISO 4217 code of a currency written on the figure ("JPY", "US$" -> "USD"); "": none
    date_part: bool = False  # part of a date or period expression: never a figure

    @property
    def is_value(self) -> bool:
        return (self.value is not None or self.nil) and not self.date_part


_CURRENCY = re.compile(r"^(?P<cur>" + "|".join(re.escape(s) for s in symbols()) + r")(?P<num>[\d,]+(?:\.\d+)?)$",
                       re.IGNORECASE)


def tokenize(lines: tuple[str, ...] | list[str], first_line: int = 1) -> list[Token]:
    raw: list[tuple[str, int]] = []
    for i, line in enumerate(lines):
        for w in line.split():
            raw.append((w, first_line + i))
    out: list[Token] = []
    i = 0
    while i < len(raw):
        w, ln = raw[i]
        nxt = raw[i + 1][0] if i + 1 < len(raw) else ""
        # "(1,234" ")" -> one figure; "△" "1,234" -> one figure
        if w.startswith("(") and nxt == ")" and parse_number(w + ")") is not None:
            out.append(Token(w + " )", ln, parse_number(w + ")")))
            i += 2
            continue
        if w in NEG_MARKS and parse_number(w + nxt) is not None:
            out.append(Token(w + nxt, ln, parse_number(w + nxt)))
            i += 2
            continue
        m = _CURRENCY.match(w.lstrip("("))
        if m:
            scale = SCALE_WORDS.get(nxt.lower().strip(".,;")) if nxt else None
            tok = Token(w + (" " + nxt if scale else ""), ln, parse_number(m["num"]), scale=scale or 0,
                        currency=currency_of_symbol(m["cur"]) or "")
            out.append(tok)
            i += 2 if scale else 1
            continue
        v = parse_number(w)
        if v is not None:
            out.append(Token(w, ln, v))
        elif is_nil(w):
            out.append(Token(w, ln, nil=True))
        else:
            out.append(Token(w, ln))
        i += 1
    return out


_FOOTNOTE = re.compile(r"(?<=[A-Za-z\)])\d$")


@lru_cache(maxsize=1 << 16)  # pure, and called for the same words again and again by every reader
def norm(text: str) -> str:
    """Matching key: lower case, letters and digits only, footnote marks on words dropped.

    Stray spaces inside words ("Total c ost") vanish because spaces do.
    """
    words = [_FOOTNOTE.sub("", w) for w in text.split()]
    return re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]", "", " ".join(words).lower())
