"""A page's words as text lines: visual rows, figures in their columns, wrapped labels rejoined.

* A row is the words that share a vertical middle, left to right.
* Its figures are the run of figure words that ends it (`1,234`, `(1,234)`, `△1,234`, `12.5%`, nil
  marks); dates ("March 31, 2024") are never figures.
* Figures under a note-reference column header ("Notes", listed in data/pdf.yaml) are references,
  not amounts: they are dropped.
* Columns are the right edges that figures of several rows share on the page. A row whose figures
  fill only some of the columns of a fuller row near it gets the gap mark `-` (a nil: no fact) in
  the others, so the text readers, which align a short row to the right, keep each figure in its
  column (`Cash dividends (25,271) (25,271)` under retained earnings and total).
* A label that wraps around its figures (`Share of profit of entities` / `1,887 9,199` /
  `accounted for using equity method`) is one row: label-only lines closer to a figure row than
  rows stand apart join it.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache


from disclose.text.scales import could_start, find_scales
from disclose.text.scales import word as scale_word
from disclose.units import currencies, currency_of_symbol, default_currency, is_translation, strip_currency
from disclose.pdf.headers import merge_stacked_headers, note_headers
from disclose.pdf.words import Row, Word
from disclose.text.numbers import is_nil, parse_number
from disclose.text.tables import mark_dates
from disclose.text.tokens import Token

GAP_MARK = "-"
_PERCENT = re.compile(r"^\(?[△▲-]?\d+(?:\.\d+)?%\)?$")
_NOTE_REF = re.compile(r"^\d{1,3}(?:[,、]\s?\d{1,3})*$")
_AMOUNT = re.compile(r"^\(?[△▲-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?$")
_OPENERS = ("(", "△", "▲", "[", "(△")
_RANGE_DASHES = frozenset({"-", "–", "—", "~", "〜", "～"})
# a unit line's words besides its units ("(Thousands of" stacked over "U.S. dollars)")
_UNIT_FILLER = frozenset({"", "unit", "in", "amounts", "notes", "note", "of", "thousands", "thousand", "millions",
                          "million", "billions", "billion"})


@dataclass(frozen=True)
class Line:
    text: str
    x: float


def main_currency(pages: list[list[Word]]) -> str:
    """The release's currency: the one its unit lines ("(Millions of yen)") name most often, else
    the data's default."""
    counts: dict[str, int] = {}
    for words in pages:
        for row in _visual_rows(words):
            if not any(could_start(w.text) for w in row):
                continue
            for _, _, sc in find_scales([scale_word(w.text) for w in row], [w.text for w in row]):
                if sc.currency is not None:
                    counts[sc.currency] = counts.get(sc.currency, 0) + 1
    return max(sorted(counts), key=lambda c: counts[c]) if counts else default_currency()


def page_lines(words: list[Word], currency: str | None = None) -> list[Line]:
    """The text lines of one page in reading order; figures in another currency than the
    release's (`currency`, as `main_currency` finds it) are convenience translations, dropped."""
    currency = currency or default_currency()
    rows = [_figures(_drop_signed(_merge_signs(r), currency))
            for r in _drop_convenience(_drop_note_refs(_visual_rows(words)), currency) if r]
    cols = _columns(rows)
    for r in rows:
        r.columns = [_column_of(w, cols) for w in r.figures]
    rows = _rejoin_wraps(merge_stacked_headers(rows))
    blocks = _blocks(rows)
    return [Line(_text(r, rows, k, blocks), r.x) for k, r in enumerate(rows)]


def _blocks(rows: list[Row]) -> list[int]:
    """A block number per row: tables end at prose or at two lines in a row without figures."""
    out, block, bare = [], 0, 0
    for r in rows:
        if r.figures:
            bare = 0
        else:
            bare += 1
            if bare >= 2 or len(r.words) >= 8:
                block += 1
        out.append(block)
    return out


def _visual_rows(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for k in range(len(rows) - 1, max(-1, len(rows) - 3), -1):
            top, bottom = bounds[k]
            if top <= w.middle <= bottom or w.top <= (top + bottom) / 2 <= w.bottom:
                rows[k].append(w)
                bounds[k] = (min(top, w.top), max(bottom, w.bottom))
                break
        else:
            rows.append([w])
            bounds.append((w.top, w.bottom))
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _merge_signs(words: list[Word]) -> list[Word]:
    """`(` `220,343)` and `△` `1,234` printed apart are one figure."""
    out: list[Word] = []
    for w in words:
        if out and out[-1].text in _OPENERS and (w.text[:1].isdigit() or w.text[:1] in "△▲") \
                and w.x0 - out[-1].x1 < 2.5 * max(w.size, 1):
            p = out.pop()
            w = Word(p.text + w.text, p.x0, w.x1, min(p.top, w.top), max(p.bottom, w.bottom), max(p.size, w.size))
        elif out and w.text == ")" and _is_figure(out[-1].text + ")"):
            p = out.pop()
            w = Word(p.text + ")", p.x0, w.x1, min(p.top, w.top), max(p.bottom, w.bottom), max(p.size, w.size))
        out.append(w)
    return out


def _drop_signed(words: list[Word], currency: str) -> list[Word]:
    """Trailing figures printed with another currency's sign ("$0.77" after "139.53 121.47" in a
    yen release), when the row's other figures have none: a translation, not a fact."""
    def signed(w: Word) -> bool:
        t = w.text.lstrip("(△▲-")
        return is_translation(currency_of_symbol(t), currency) and _is_figure(strip_currency(t))
    k = len(words)
    while k > 0 and signed(words[k - 1]):
        k -= 1
    if k == len(words) or k == 0 or not _is_figure(words[k - 1].text):
        return words
    return words[:k]


def _is_figure(text: str) -> bool:
    return parse_number(text) is not None or is_nil(text) or bool(_PERCENT.match(text))


def _figures(words: list[Word]) -> Row:
    toks = [Token(w.text, 0, parse_number(w.text)) for w in words]
    mark_dates(toks)
    k = len(words)
    while k > 0 and _is_figure(words[k - 1].text) and not toks[k - 1].date_part:
        k -= 1
    if k == len(words) - 1 and k > 0 and toks[k - 1].date_part and words[k].text in _RANGE_DASHES:
        k += 1  # "April 1, 2024 -": the dash of a date range over two lines, no nil figure
    if k == 0 and len(words) == 1 and not is_nil(words[0].text):
        k = 0  # a lone figure (a page number, a figure of a wrapped row): still a figure row
    return Row(words, words[k:])


def _drop_note_refs(rows: list[list[Word]]) -> list[list[Word]]:
    """Remove the references under a note-reference column header ("Notes": data/pdf.yaml)."""
    names = note_headers()
    spans: list[tuple[float, float, float]] = []  # (x0, x1, below y)
    for r in rows:
        if any(_AMOUNT.match(w.text) for w in r):
            continue
        for w in r:
            if w.text.lower().strip(":") in names:
                spans.append((w.x0, w.x1, w.bottom))
    if not spans:
        return rows
    out = []
    for r in rows:
        top = min(w.top for w in r)
        out.append([w for w in r if not (_NOTE_REF.match(w.text) and not _AMOUNT.match(w.text) and any(
            a - 4 <= (w.x0 + w.x1) / 2 <= b + 4 and top >= y - 2 for a, b, y in spans))])
    return out


def _drop_convenience(rows: list[list[Word]], currency: str) -> list[list[Word]]:
    """Remove a convenience-translation column (its header cells above, its figures below): one
    whose unit ("(Thousands of U.S. dollars)") names a convenience currency other than the
    release's (units.yaml); or the figures of a table whose unit line names that currency alone."""
    cuts: list[tuple[float, float, int, bool]] = []  # (x0, x1, row index, whole table)
    for k, r in enumerate(rows):
        if any(_AMOUNT.match(w.text) for w in r) or not any(could_start(w.text) for w in r):
            continue
        words = [scale_word(w.text) for w in r]
        scaled = [(a, b, sc.currency) for a, b, sc in find_scales(words, [w.text for w in r])]
        bare = _currency_names(words, {n for a, b, _ in scaled for n in range(a, b)})
        marked = {n for a, b, _ in scaled + bare for n in range(a, b)}
        if not marked or any(w not in _UNIT_FILLER and w not in _name_parts()
                             for n, w in enumerate(words) if n not in marked):
            continue  # a unit line holds units only (a sentence naming dollars is no column header)
        for a, b, code in scaled + bare:
            if is_translation(code, currency):
                # the whole table is a translation only when its one unit line says so in full
                whole = len(scaled) == 1 and not bare and (a, b, code) in scaled
                cuts.append((r[a].x0, r[b - 1].x1, k, whole))
    if not cuts:
        return rows
    out = [list(r) for r in rows]
    for x0, x1, k, whole in cuts:
        def inside(w: Word, x0: float = x0, x1: float = x1) -> bool:
            mid = (w.x0 + w.x1) / 2
            return x0 - 4 <= mid <= x1 + 4
        for j in range(k + 1, len(out)):
            out[j] = [w for w in out[j] if not ((whole or inside(w)) and _is_figure(w.text))]
        if whole:
            continue
        out[k] = [w for w in out[k] if not inside(w)]
        for j in range(k - 1, max(-1, k - 7), -1):
            if any(_AMOUNT.match(w.text) for w in out[j]):
                break
            out[j] = [w for w in out[j] if not inside(w)]
    return out


def _currency_names(words: list[str], taken: set[int]) -> list[tuple[int, int, str | None]]:
    """Currency names standing alone in a unit line ("(Thousands of" / "U.S. dollars)" stacked):
    (start, end, ISO code) of each, outside the words already taken by a unit marker."""
    names = _currency_words()
    out: list[tuple[int, int, str | None]] = []
    k = 0
    while k < len(words):
        hit = next(((n, names[tuple(words[k:k + n])]) for n in (3, 2, 1)
                    if k + n <= len(words) and not taken & set(range(k, k + n)) and tuple(words[k:k + n]) in names),
                   None)
        if hit is not None:
            out.append((k, k + hit[0], hit[1]))
            k += hit[0]
        else:
            k += 1
    return out


@lru_cache(maxsize=1)
def _name_parts() -> frozenset[str]:
    """Words of currency names, which a unit line wrapped over two lines holds apart ("U.S.")."""
    return frozenset(w for name in _currency_words() for w in name)


@lru_cache(maxsize=1)
def _currency_words() -> dict[tuple[str, ...], str]:
    return {tuple(scale_word(w) for w in name.split()): c.code for c in currencies().values() for name in c.words}


def _columns(rows: list[Row]) -> list[tuple[float, float]]:
    """Right-edge ranges shared by figures of at least two rows: the page's figure columns."""
    edges = sorted((w.x1, w.size) for r in rows for w in r.figures if len(r.figures) >= 2)
    clusters: list[list[float]] = []
    for x, size in edges:
        if clusters and x - clusters[-1][-1] <= 1.2 * size:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [(c[0], c[-1]) for c in clusters if len(c) >= 2]


def _column_of(w: Word, cols: list[tuple[float, float]]) -> int:
    for k, (a, b) in enumerate(cols):
        if a - 1.5 <= w.x1 <= b + 1.5:
            return k
    return -1


def _rejoin_wraps(rows: list[Row]) -> list[Row]:
    """Label lines wrapped around a figure row (above and below it, closer than the row pitch) join it."""
    pitches = [b.middle - a.middle for a, b in zip(rows, rows[1:]) if a.figures and b.figures and a.label and b.label]
    pitch = statistics.median(pitches) if pitches else None
    if pitch is None or pitch <= 0:
        return rows
    out: list[Row] = []
    k = 0
    while k < len(rows):
        r = rows[k]
        # label line / figures alone / label line, packed tighter than the rows
        if (k + 2 < len(rows) and not r.figures and rows[k + 1].figures
                and not rows[k + 2].figures and rows[k + 2].words
                and rows[k + 2].middle - r.middle < 1.5 * pitch
                and r.middle < rows[k + 1].middle < rows[k + 2].middle
                and min(rows[k + 1].x, rows[k + 2].x) >= r.x - 1
                and rows[k + 2].words[-1].x1 < rows[k + 1].figures[0].x0):
            f = rows[k + 1]
            out.append(Row(r.words + f.label + rows[k + 2].words + f.figures, list(f.figures), list(f.columns)))
            k += 3
            continue
        # figures on the first line of a label that goes on below, closer than rows stand
        if (k + 1 < len(rows) and r.figures and r.label and not rows[k + 1].figures
                and rows[k + 1].middle - r.middle < 0.7 * pitch and rows[k + 1].x >= r.x - 1
                and rows[k + 1].words[-1].x1 < r.figures[0].x0):
            out.append(Row(r.label + rows[k + 1].words + r.figures, list(r.figures), list(r.columns)))
            k += 2
            continue
        out.append(r)
        k += 1
    return out


def _text(r: Row, rows: list[Row], k: int, blocks: list[int]) -> str:
    label = " ".join(w.text for w in r.label)
    figures = [w.text for w in r.figures]
    full = _fuller(r, rows, k, blocks)
    if full is not None:
        slots = {c: w.text for c, w in zip(r.columns, r.figures)}
        figures = [slots.get(c, GAP_MARK) for c in full]
    return " ".join(p for p in [label, *figures] if p)


def _fuller(r: Row, rows: list[Row], k: int, blocks: list[int], reach: int = 25) -> list[int] | None:
    """The columns of the nearest fuller row whose columns include all of this row's, if several
    rows share them; None when the row is not short."""
    mine = r.columns
    if not mine or -1 in mine or len(set(mine)) != len(mine):
        return None
    best: tuple[int, int, list[int]] | None = None
    for j in range(max(0, k - reach), min(len(rows), k + reach + 1)):
        other = rows[j].columns
        if j == k or blocks[j] != blocks[k] or len(other) <= len(mine) or -1 in other or not set(mine) < set(other) \
                or len(set(other)) != len(other):  # two figures in one column: no row to align with
            continue
        support = sum(1 for i in range(max(0, j - reach), min(len(rows), j + reach + 1))
                      if blocks[i] == blocks[k] and rows[i].columns == other)
        if support < 2 and abs(j - k) > 2:
            continue
        key = (len(other), -abs(j - k))
        if best is None or key > best[:2]:
            best = (key[0], key[1], other)
    if best is None:
        return None
    full = best[2]
    # the gap marks go where the fuller row has columns the short row lacks, in left-to-right order
    return sorted(full)
