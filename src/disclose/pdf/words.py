"""A page's characters as words, each with its box.

PDF printer drivers pad lines with blank characters that overlap the digits they stand next to;
joined naively they split figures (`2 04,183`). A blank is a word break only where it stands in a
gap between glyphs; one that overlaps a glyph is padding and is dropped. Bold printed by stroking
each glyph twice (`TThhiiss`) is printed once.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


GAP = 0.18  # a gap wider than this share of the font size between glyphs breaks a word


def sideways(page) -> int:
    """How many visible characters of the page are printed sideways (not upright): the reader
    leaves them out, and says so."""
    return sum(1 for c in page.chars if not c.get("upright", True) and _visible(c["text"]))


def page_words(page) -> list[Word]:
    """The words of a pdfplumber page, top to bottom, left to right within a visual line."""
    chars = [c for c in page.chars if c.get("upright", True)]
    # a glyph whose text is a control character (a font without its character map gives NUL) has
    # no known text: it stands in its place as a blank does, so it neither joins nor splits words
    glyphs = _dedupe([c for c in chars if _visible(c["text"])])
    blanks = [c for c in chars if not _visible(c["text"])]
    out: list[Word] = []
    rows = _rows(glyphs)
    spaces = _blanks_by_row(rows, blanks)
    for row, row_blanks in zip(rows, spaces):
        row.sort(key=lambda c: (c["x0"], c["x1"]))
        starts = [b["x0"] for b in row_blanks]
        word: list[dict] = []
        for c in row:
            if word:
                prev = word[-1]
                gap = c["x0"] - prev["x1"]
                size = max(prev["size"], c["size"], 1.0)
                spaced = gap > GAP * size
                if not spaced and gap > -0.5 and row_blanks:
                    k = bisect_left(starts, prev["x1"] - 0.3)
                    spaced = k < len(row_blanks) and _in_gap(row_blanks[k], prev, c)
                if spaced:
                    out.append(_word(word))
                    word = []
            word.append(c)
        if word:
            out.append(_word(word))
    return out


def _visible(text: str) -> bool:
    return bool(text.strip()) and not any(unicodedata.category(ch) == "Cc" for ch in text)


def _dedupe(glyphs: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop a glyph printed again within `tolerance` points of the same glyph (simulated bold)."""
    seen: dict[tuple[str, int, int], list[dict]] = {}
    out = []
    for c in glyphs:
        x, y = int(c["x0"]), int(c["top"])
        twin = any(abs(o["x0"] - c["x0"]) <= tolerance and abs(o["top"] - c["top"]) <= tolerance
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1) for o in seen.get((c["text"], x + dx, y + dy), ()))
        if twin:
            continue
        seen.setdefault((c["text"], x, y), []).append(c)
        out.append(c)
    return out


def _rows(glyphs: list[dict]) -> list[list[dict]]:
    """Glyphs grouped by baseline: a glyph joins a row whose vertical middle it shares."""
    rows: list[tuple[float, float, list[dict]]] = []
    for c in sorted(glyphs, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        mid = (c["top"] + c["bottom"]) / 2
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom, row = rows[k]
            if top <= mid <= bottom:
                row.append(c)
                break
        else:
            rows.append((c["top"], c["bottom"], [c]))
    return [r for _, _, r in rows]


def _blanks_by_row(rows: list[list[dict]], blanks: list[dict]) -> list[list[dict]]:
    """Each row's blank characters (those whose middle lies in the row's height), by x."""
    out: list[list[dict]] = [[] for _ in rows]
    spans = sorted(((min(c["top"] for c in r), max(c["bottom"] for c in r), k) for k, r in enumerate(rows)))
    tops = [s[0] for s in spans]
    for b in blanks:
        mid = (b["top"] + b["bottom"]) / 2
        k = bisect_right(tops, mid) - 1
        while k >= 0 and spans[k][0] > mid - 50:
            if spans[k][0] <= mid <= spans[k][1]:
                out[spans[k][2]].append(b)
                break
            k -= 1
    for r in out:
        r.sort(key=lambda b: b["x0"])
    return out


def _in_gap(b: dict, left: dict, right: dict) -> bool:
    """A blank standing between two glyphs without covering either: a real space."""
    return left["x1"] - 0.3 <= b["x0"] and b["x1"] <= right["x0"] + 0.3 and b["x1"] - b["x0"] > 0.3


def _word(chars: list[dict]) -> Word:
    return Word("".join(c["text"] for c in chars), min(c["x0"] for c in chars), max(c["x1"] for c in chars),
                min(c["top"] for c in chars), max(c["bottom"] for c in chars), max(c["size"] for c in chars))


@dataclass
class Row:
    """One printed row of a page: its words, and the trailing figures with their columns."""
    words: list[Word]
    figures: list[Word] = field(default_factory=list)  # the trailing run of figure words
    columns: list[int] = field(default_factory=list)  # column index of each figure (-1: none)

    @property
    def label(self) -> list[Word]:
        return self.words[:len(self.words) - len(self.figures)]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return self.words[0].x0
