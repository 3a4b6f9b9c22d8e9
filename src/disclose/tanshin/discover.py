"""Find the issuer's own members (segments, product categories) in the release itself.

A table whose columns are members of an axis (segment information, revenue by product category)
names the issuer's members in its header, wrapped over several lines and mixed with the axis'
known members ("Total", "Adjustment", "Figures in consolidated financial statements"). The number
of figures in its first row says how many columns there are; the known members account for some,
and the rest are the issuer's. Which words make one name is decided by the release's other pages:
a name is a run of header words that the release also prints as a line or a row label of its own
("Electronics Materials", "Semiconductor-related products 164,912 107,473").
"""
from __future__ import annotations

from dataclasses import dataclass

from disclose.taxonomy.source import TableSpec
from disclose.tanshin.cells import split, tokens
from disclose.tanshin.statements import LineTableReader, is_note, strip_numbering
from disclose.text.tables import Vocabulary, find_members
from disclose.text.tokens import Token, norm


@dataclass(frozen=True)
class Found:
    axis: str
    names: tuple[str, ...]
    line: int  # header line where they were found


def discover(reader: LineTableReader, spec: TableSpec, vocab: Vocabulary, lo: int, hi: int) -> Found | None:
    axis = spec.columns
    regions = [(a, b) for s, a, b in reader.regions(lo, hi) if s.id == spec.id]
    if not regions:
        return None
    inside: set[int] = set()
    for a, b in regions:
        inside.update(range(a, b))
    index, rows_index = _label_index(reader.lines, inside)
    rows_known = reader._names(spec)  # a section row ("Net sales") before the first figures is no member
    for a, b in regions:
        zone, first = _zone(reader, a, b)
        if first is None or not zone:
            continue
        n = len(first.values)
        toks: list[Token] = []
        tail_from = 0
        for i in zone:
            t = reader.lines[i].strip()
            lt = tokens(t, i + 1)
            if reader._header_like(split(t, i + 1)):
                tail_from = len(toks) + len(lt)
            toks.extend(lt)
        tail = toks[tail_from:]
        base = find_members(tail, vocab.members.get(axis, []))
        k = n - len(base)
        if k <= 0:
            continue
        used: set[int] = set()
        for x, y, _ in base:
            used.update(range(x, y))
        spans = []
        for x in range(len(tail)):
            for y in range(x + 1, min(len(tail), x + 8) + 1):
                if any(j in used for j in range(x, y)):
                    break
                key = norm(" ".join(t.text for t in tail[x:y]))
                if key and key in index and key not in rows_known:
                    spans.append((x, y, key))
        spans.sort(key=lambda s: (-(s[1] - s[0]), -len(s[2]), s[0]))
        chosen: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for x, y, key in spans:
            if len(chosen) == k:
                break
            if any(j in taken for j in range(x, y)):
                continue
            chosen.append((x, y, key))
            taken.update(range(x, y))
        if len(chosen) != k:
            chosen = _by_lines(tail, used, k)
            if chosen is None:
                continue
            names = tuple(_display(tail[x:y]) for x, y, _ in chosen)
            return Found(axis, names, zone[0] + 1)
        if all(key in rows_index for _, _, key in chosen):
            chosen.sort(key=lambda c: rows_index[c[2]])
        else:
            chosen.sort(key=lambda c: c[0])
        names = tuple(_display(tail[x:y]) for x, y, _ in chosen)
        return Found(axis, names, zone[0] + 1)
    return None


SPANNING = {"reportablesegments", "reportablesegment", "segments", "segment", "salesofproducts", "products"}


def _by_lines(tail: list[Token], used: set[int], k: int):
    """Names from the header's own lines, before the known members: one per line, or lines joined
    where a line ends mid-phrase ("Processing &") or the next one starts in lower case."""
    first_known = min(used) if used else len(tail)
    groups: list[list[int]] = []
    for j in range(first_known):
        if groups and tail[groups[-1][-1]].line == tail[j].line:
            groups[-1].append(j)
        else:
            groups.append([j])
    groups = [g for g in groups if norm(" ".join(tail[j].text for j in g)) not in SPANNING]
    for join in (False, True):
        phrases: list[list[int]] = []
        for g in groups:
            prev = " ".join(tail[j].text for j in phrases[-1]) if phrases else ""
            if join and phrases and (prev.endswith(("&", "-", ",", " and", " of")) or tail[g[0]].text[:1].islower()):
                phrases[-1].extend(g)
            else:
                phrases.append(list(g))
        if len(phrases) == k:
            return [(p[0], p[-1] + 1, "") for p in phrases]
    return None


def _zone(reader: LineTableReader, a: int, b: int):
    zone: list = []
    for i in range(a + 1, b):
        s = reader.lines[i].strip()
        if not s or is_note(s):
            continue
        line = split(s, i + 1)
        if line.values and not reader._header_like(line):
            # prose before the header is not part of it
            cut = 0
            for k, j in enumerate(zone):
                t = reader.lines[j].strip()
                if t.endswith(".") and len(t.split()) >= 6:
                    cut = k + 1
            return zone[cut:], line
        zone.append(i)
    return zone, None


def _label_index(lines: list[str], inside: set[int]) -> tuple[dict[str, int], dict[str, int]]:
    """norm(text) -> first line, for lines and row labels outside the tables being read."""
    index: dict[str, int] = {}
    rows: dict[str, int] = {}
    for i, raw in enumerate(lines):
        if i in inside:
            continue
        s = raw.strip()
        if not s:
            continue
        sp = split(s, i + 1)
        if sp.values and sp.label:
            key = norm(sp.label)
            rows.setdefault(key, i)
            index.setdefault(key, i)
        elif not sp.values:
            index.setdefault(norm(s), i)
            index.setdefault(norm(strip_numbering(s)), i)  # a numbered heading ("1) Energy") names it too
    return index, rows


def _display(toks: list[Token]) -> str:
    out = ""
    for t in toks:
        if out.endswith("-") and t.text[:1].islower():
            out += t.text
        else:
            out += (" " if out else "") + t.text
    return out.strip(" *:")
