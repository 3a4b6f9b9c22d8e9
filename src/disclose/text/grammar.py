"""The shared grammar's word lists (src/disclose/data/grammar.yaml), compiled once.

One copy for every reader: the Tanshin reader's label streams and extension members, its cover
and title, and the generic reader use the same patterns, so a word added to the data file is
known everywhere at once."""
from __future__ import annotations

import re
from functools import lru_cache


from disclose.paths import read_data



@lru_cache(maxsize=1)
def data() -> dict:
    return read_data("grammar.yaml")


def _alts(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def continues_rx() -> re.Pattern[str]:
    """A line that ends mid-label: with a joining mark or word (the next line continues it)."""
    c = data()["continues"]
    return re.compile(rf"(?:[{''.join(map(re.escape, c['marks']))}]|\b(?:{_alts(c['words'])}))$", re.IGNORECASE)


def continues(text: str) -> bool:
    return bool(continues_rx().search(text))


@lru_cache(maxsize=1)
def title_rx() -> re.Pattern[str]:
    """A results release's title, wherever it stands in its line."""
    t = data()["title"]
    return re.compile(rf"\b(?:(?:{_alts(t['lead'])})\s+)?(?:(?:{_alts(t['scope'])})\s+)?financial\s+"
                      rf"(?:{_alts(t['kind'])})\s+for\s+the\b|\bresults\s+for\s+the\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def year_end_rx() -> re.Pattern[str]:
    """Text that ends just before a fiscal year end date: "(fiscal) year ending:"."""
    return re.compile(rf"\b(?:fiscal\s+)?year\s+(?:{_alts(data()['year_end'])})\s*:?\s*$", re.IGNORECASE)
