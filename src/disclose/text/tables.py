"""Find the tables of a release in its token stream and read their columns and rows.

A table starts where one of the taxonomy's headings for it occurs. Its header runs up to the
last scale marker, period, change column or column member; each row is label words followed by
one run of figures. Nothing here knows any particular release: the vocabulary (headings, column
members) comes from the taxonomy source and the issuer profile.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from disclose.model import Cell, Column, Issue, Period, Row, Table
from disclose.names import member_name
from disclose.taxonomy.source import Source, TableSpec
from disclose.text.periods import DATE_RE, FiscalCalendar, column_periods, find_periods
from disclose.text.scales import could_start, currency_suffixes, scale_at, word
from disclose.text.tokens import Token, norm

PERCENT = -100  # the "scale" of a percent marker in a header
CHANGE_WORDS = (("yoy", "change"), ("change",), ("increase", "decrease"), ("yoy",))
UNIT_SUFFIX = {"shares", "share", "株", "gbps"} | currency_suffixes()
_UPDOWN = {"up", "down", "increased", "decreased", "increase", "decrease", "+", "plus", "minus"}
_ABBREV = {m for m in ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "inc", "co", "ltd", "corp")}


def _word(t: Token) -> str:
    return word(t.text)


def money_at(toks: list[Token], k: int):
    """The scale marker ("Millions of U.S. dollars", "百万円") starting at toks[k], or None."""
    if not could_start(toks[k].text):
        return None
    return scale_at([_word(t) for t in toks[k:k + 8]], 0, toks[k].text)


def has_scale(toks: list[Token]) -> bool:
    return any(money_at(toks, k) is not None for k in range(len(toks)))


def _match_seq(toks: list[Token], i: int, seq: tuple[str, ...]) -> bool:
    if i + len(seq) > len(toks):
        return False
    return all(_word(toks[i + k]) == s for k, s in enumerate(seq))


def _sentence_end(t: Token, colon: bool = True) -> bool:
    text = t.text
    if not text.endswith((".", ":", "?", "!") if colon else (".", "?", "!")) or t.is_value:
        return False
    core = text.rstrip(".:?!").lower().strip("(")
    if core in _ABBREV or len(core) <= 1:
        return False
    return core.isalpha() or core[-1:].isdigit() or core.endswith((")", "”", '"', "’"))


@dataclass
class _Header:
    columns: list[Column]
    scale: int
    period: Period | None
    end: int  # token index after the header
    currency: str | None = None  # the currency the scale marker names ("Millions of U.S. dollars" -> USD)


@dataclass(frozen=True)
class Vocabulary:
    """Column member names per axis (taxonomy members plus the issuer's), normalised."""

    members: dict[str, list[tuple[str, str]]]  # axis -> [(norm name, member name)], longest first
    defaults: dict[str, str]  # axis -> domain member
    parents: dict[str, dict[str, str]] = None  # type: ignore[assignment]  # axis -> member -> parent
    order: dict[str, list[str]] = None  # type: ignore[assignment]  # axis -> members in taxonomy order


def vocabulary(src: Source, extra: dict[str, list[tuple[str, list[str]]]] | None = None) -> Vocabulary:
    members: dict[str, list[tuple[str, str]]] = {}
    defaults: dict[str, str] = {}
    parents: dict[str, dict[str, str]] = {}
    order: dict[str, list[str]] = {}
    for name, axis in src.axes.items():
        parents[name] = {m.name: m.parent or axis.domain.name for m in axis.members}
        # the issuer's members (segments) add up into the domain too: without them the column-order
        # score saw only the adjustments column as a part and could reorder correct headers
        parents[name].update((member, axis.domain.name) for member, _ in (extra or {}).get(name, []))
        order[name] = [m.name for m in axis.members] + [member for member, _ in (extra or {}).get(name, [])]
        order[name].append(axis.domain.name)
        pairs = [(norm(n), m.name) for m in (axis.domain, *axis.members) for n in m.names()]
        for member, names in (extra or {}).get(name, []):
            pairs.extend((norm(n), member) for n in names)
        members[name] = sorted({p for p in pairs if p[0]}, key=lambda p: (-len(p[0]), p))
        defaults[name] = axis.domain.name
    return Vocabulary(members, defaults, parents, order)


def find_members(text_tokens: list[Token], names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Greedy longest matches of member names at token boundaries: (start, end, member)."""
    keys = [norm(t.text) for t in text_tokens]
    out = []
    i = 0
    while i < len(keys):
        best = None
        for j in range(i + 1, min(len(keys), i + 14) + 1):
            joined = "".join(keys[i:j])
            for key, member in names:
                if joined == key and (best is None or j > best[1]):
                    best = (i, j, member)
        if best:
            out.append(best)
            i = best[1]
        else:
            i += 1
    return out


class TableReader:
    def __init__(self, src: Source, cal: FiscalCalendar, vocab: Vocabulary, standard: str | None = None) -> None:
        self.src = src
        self.cal = cal
        self.vocab = vocab
        self.new_members: dict[str, dict[str, str]] = {}  # axis -> member -> header text (issuer extensions)
        self.new_member_lines: dict[str, int] = {}
        self.headings = sorted(
            {(norm(h), t.id) for t in src.tables.values() for h in t.headings
             if norm(h) and (t.standard is None or standard is None or t.standard == standard)},
            key=lambda p: (-len(p[0]), p[1]),
        )

    # -- headings ---------------------------------------------------------------------------
    def heading_hits(self, toks: list[Token]) -> list[tuple[int, int, str]]:
        keys = [norm(t.text) for t in toks]
        starts, pos = [], 0
        for k in keys:
            starts.append(pos)
            pos += len(k)
        joined = "".join(keys)
        at = {p: i for i, p in enumerate(starts) if keys[i]}
        hits: dict[int, tuple[int, int, str]] = {}
        for key, tid in self.headings:
            for m in re.finditer(re.escape(key), joined):
                i = at.get(m.start())
                if i is None:
                    continue
                j = i
                while j < len(keys) and starts[j] < m.end():
                    j += 1
                if starts[j - 1] + len(keys[j - 1]) != m.end():
                    continue
                if i not in hits or (j - i) > (hits[i][1] - hits[i][0]):
                    hits[i] = (i, j, tid)
        out, last_end = [], -1
        for i in sorted(hits):
            if i >= last_end:
                out.append(hits[i])
                last_end = hits[i][1]
        return out

    def read(self, toks: list[Token], default_months: int) -> tuple[list[Table], list[Issue]]:
        mark_dates(toks)
        hits = self.heading_hits(toks)
        tables: list[Table] = []
        issues: list[Issue] = []
        for k, (i, j, tid) in enumerate(hits):
            end = hits[k + 1][0] if k + 1 < len(hits) else len(toks)
            spec = self.src.tables[tid]
            heading = " ".join(t.text for t in toks[i:j])
            tables.extend(self._read_region(spec, heading, toks, j, end, default_months, issues))
        return tables, issues

    # -- one table region -------------------------------------------------------------------
    def _read_region(self, spec: TableSpec, heading: str, toks: list[Token], start: int, end: int,
                     default_months: int, issues: list[Issue]) -> list[Table]:
        region = _drop_change_phrases(toks[start:end])
        first = _first_run(region)
        if first is None:
            return []
        hdr = self._header(spec, region, 0, first, default_months)
        if hdr is None:
            return []
        out: list[Table] = []
        rows: list[Row] = []
        label: list[Token] = []
        i = hdr.end
        head_line = region[0].line if region else 0

        def flush() -> None:
            if rows:
                columns = self._column_order(spec, hdr.columns, rows)  # type: ignore[union-attr]
                out.append(Table(spec.id, heading, head_line, tuple(columns), tuple(rows), hdr.scale, hdr.period,  # type: ignore[union-attr]
                                 rows[-1].line, hdr.currency))  # type: ignore[union-attr]

        while i < len(region):
            t = region[i]
            if not t.is_value:
                label.append(t)
                i += 1
                continue
            run_end = i
            run: list[Token] = []
            while run_end < len(region):
                r = region[run_end]
                if r.is_value:
                    run.append(r)
                    run_end += 1
                elif r.text == "%" and run:
                    run[-1] = _as_percent(run[-1])
                    run_end += 1
                elif _word(r) in UNIT_SUFFIX and run and _suffix_ends(region, run_end):
                    run_end += 1
                else:
                    break
            if (spec.columns == "periods" and label and len(run) == 1 and run[0].nil and len(hdr.columns) > 1
                    and run_end < len(region) and run[0].line == region[run_end].line):
                label.append(t)  # "Accounts payable - trade": a dash between label words, not an empty cell
                i += 1
                continue
            if rows and label and _paragraph_before(region, i - len(label)) and not _scale_markers(label):
                break  # a new paragraph that is not a sub-header: the table is over
            if any(_sentence_end(x, False) for x in label[:-1]) or (label and _sentence_end(label[-1], False) and len(label) > 3):
                # prose: is it a new sub-table header (scale markers) or the end of the table?
                sub_start = _after_last_sentence(label)
                sub = label[sub_start:]
                if not _scale_markers(sub):
                    break
                label = sub
            if _scale_markers(label) or (spec.columns != "periods" and _period_heading(label, self.cal)):
                new = self._header(spec, label, 0, len(label), default_months)
                if new is not None and new.end <= len(label):
                    flush()
                    rows = []
                    hdr = new
                    head_line = label[0].line
                    label = label[new.end:]
            if len(label) > 40:
                break
            ncols = len(hdr.columns)
            extra = len(run) - ncols
            if extra > 0:
                label = label + run[:extra]
                run = run[extra:]
            cells = _align(run, hdr.columns)
            text = " ".join(t.text for t in label).strip()
            if text:
                rows.append(Row(text, tuple(cells), run[0].line if run else label[-1].line))
            label = []
            i = run_end
        flush()
        return out

    def _column_order(self, spec: TableSpec, columns: list[Column], rows: list[Row]) -> list[Column]:
        """Member columns whose headers were flattened out of order: keep the order in which the
        figures add up (each member into its parent), trying the header order, then the taxonomy's."""
        if spec.columns == "periods" or not columns or any(c.member is None for c in columns):
            return columns
        axis = spec.columns
        parents = (self.vocab.parents or {}).get(axis, {})
        rank = {m: i for i, m in enumerate((self.vocab.order or {}).get(axis, []))}
        by_taxonomy = sorted(columns, key=lambda c: rank.get(c.member[1], len(rank)))  # type: ignore[index]

        def score(order: list[Column]) -> int:
            names = [c.member[1] for c in order]  # type: ignore[index]
            hits = 0
            for row in rows:
                vals = {n: (cell.value or Decimal(0)) if cell else None for n, cell in zip(names, row.cells)}
                for parent in set(parents.get(n) for n in names) & set(names):
                    kids = [n for n in names if parents.get(n) == parent]
                    if kids and vals[parent] is not None and all(vals[k] is not None for k in kids):
                        hits += sum(vals[k] for k in kids) == vals[parent]  # type: ignore[misc]
            return hits

        return by_taxonomy if score(by_taxonomy) > score(columns) else columns

    def _unknown_members(self, axis: str, seg: list[Token], hits: list[tuple[int, int, str]], found, spans,
                         first_mark: int, columns: int) -> list[tuple[int, int, str]]:
        """Column headers the taxonomy and profile do not know (another issuer's segments) become new
        members: the header words left between known members, split at capitalised words."""
        taken: set[int] = set()
        for a, b, _ in hits:
            taken.update(range(a, b))
        for f in found:
            taken.update(range(_tok_at(spans, f.pos), _tok_at(spans, f.end - 1) + 1))
        free = [k for k in range(first_mark) if k not in taken and norm(seg[k].text) not in _GROUP_WORDS
                and norm(seg[k].text)]
        need = columns - len(hits)
        chunks = _split_names([seg[k] for k in free], [k for k in free], need)
        if chunks is None:
            return hits
        out = list(hits)
        for ks in chunks:
            label = " ".join(seg[k].text for k in ks)
            member = member_name(label)
            self.new_members.setdefault(axis, {})[member] = label
            self.new_member_lines.setdefault(member, seg[ks[0]].line)
            out.append((ks[0], ks[-1] + 1, member))
        return sorted(out)

    def _header(self, spec: TableSpec, toks: list[Token], lo: int, hi: int, default_months: int) -> _Header | None:
        """Read the column header in toks[lo:hi]; rows start after the last header marker."""
        seg = toks[lo:hi]
        # prose before the header ("... is as follows:") is cut off, but only before the first scale
        # marker: "Cash flows from operating activities:" after it is the first row's heading
        first_mark = next((k for k in range(len(seg)) if money_at(seg, k) is not None), len(seg))
        cut = _after_last_sentence(seg[:first_mark])
        seg = seg[cut:]
        base = lo + cut
        marks: list[tuple[int, int, int]] = []  # (start, end, scale)
        currency: str | None = None  # the currency the first scale marker names
        k = 0
        while k < len(seg):
            found_scale = money_at(seg, k)
            if found_scale is not None:
                marks.append((k, k + found_scale.length, found_scale.power))
                if currency is None:
                    currency = found_scale.currency
                k += found_scale.length - 1
            elif _word(seg[k]) == "%":
                marks.append((k, k + 1, PERCENT))
            k += 1
        changes: list[tuple[int, int]] = []
        k = 0
        while k < len(seg):
            for words in CHANGE_WORDS:
                if _match_seq(seg, k, words):
                    changes.append((k, k + len(words)))
                    k += len(words) - 1
                    break
            k += 1
        text, spans = _joined(seg)
        found = [f for f in find_periods(text, self.cal)]
        period_end_tok = max((_tok_at(spans, f.end - 1) + 1 for f in found), default=0)
        money = [m for m in marks if m[2] != PERCENT]
        scale = money[0][2] if money else 0
        # with scale markers the header ends at the last one ("Thousands of yen Balance, April 1,
        # 2019 ..." keeps the date in the first row's label); without, at the last period or change
        ends = [m[1] for m in marks] if money else [m[1] for m in marks] + [c[1] for c in changes] + [period_end_tok]
        if money:
            # a scale marker printed before the dates ("Thousands of yen Six months ended ... 2018
            # September 30, 2017"): the period expressions right after it are still header
            covered = {k for f in found for k in range(_tok_at(spans, f.pos), _tok_at(spans, f.end - 1) + 1)}
            k = max(ends)
            while k < len(seg) and (k in covered or _word(seg[k]) in _HEADER_FILLERS):
                k += 1
            if any(j in covered for j in range(max(ends), k)):
                ends.append(k)
        columns: list[Column]
        period = None
        if spec.columns == "periods":
            periods = column_periods(text, self.cal, default_months)
            if not periods:
                return None
            columns = [Column(p.key(), p) for p in periods]
            n_change = max(len(changes), len([m for m in marks if m[2] == PERCENT]))
            columns += [Column("change", None, None, "change") for _ in range(n_change)]
            while len(columns) < len(money):
                columns.append(Column("unknown", None, None, "change"))
        else:
            hits = find_members(seg, self.vocab.members.get(spec.columns, []))
            hits = _last_of_each(hits)
            if money and len(money) > len(hits):
                hits = self._unknown_members(spec.columns, seg, hits, found, spans, money[0][0], len(money))
            if not hits:
                return None
            if not money:
                ends.extend(h[1] for h in hits)
            columns = [Column(" ".join(t.text for t in seg[a:b]), None, (spec.columns, m)) for a, b, m in hits]
            periods = column_periods(text, self.cal, default_months)
            period = periods[0] if periods else None
        header_end = max(ends)
        return _Header(columns, scale, period, base + header_end, currency)


_HEADER_FILLERS = {"as", "of", "at", "and", "unaudited", "(unaudited)"}
_GROUP_WORDS = {"reportablesegments", "reportablesegment", "reportable", "segments", "segment", "businesssegments"}
_CONNECTORS = {"and", "of", "&", "for", "the", "in", "to"}


def _split_names(toks: list[Token], idx: list[int], need: int) -> list[list[int]] | None:
    """Split header words into `need` names: a name starts at a capitalised word that does not follow
    a connector ("and", "of"); extra pieces are merged evenly or, failing that, from the shortest."""
    if need <= 0 or not toks:
        return None
    pieces: list[list[int]] = []
    for t, k in zip(toks, idx):
        starts = t.text[:1].isupper() and not (pieces and _word(toks[idx.index(pieces[-1][-1])]) in _CONNECTORS)
        if starts or not pieces or (pieces and k != pieces[-1][-1] + 1):
            pieces.append([k])
        else:
            pieces[-1].append(k)
    if len(pieces) < need:
        return None
    if len(pieces) % need == 0 and len(pieces) > need:
        size = len(pieces) // need
        return [[w for piece in pieces[i:i + size] for w in piece] for i in range(0, len(pieces), size)]
    while len(pieces) > need:
        i = min(range(len(pieces) - 1), key=lambda i: len(pieces[i]) + len(pieces[i + 1]))
        pieces[i:i + 2] = [pieces[i] + pieces[i + 1]]
    return pieces


def _joined(seg: list[Token]) -> tuple[str, list[int]]:
    parts, spans, pos = [], [], 0
    for t in seg:
        spans.append(pos)
        parts.append(t.text)
        pos += len(t.text) + 1
    return " ".join(parts), spans


def _tok_at(spans: list[int], pos: int) -> int:
    """Index of the token whose text covers character `pos` of the joined text (spans ascend:
    a binary search, so marking dates stays linear in the release)."""
    return max(bisect_right(spans, pos) - 1, 0)


def mark_dates(toks: list[Token]) -> None:
    """Mark tokens that belong to dates so years are never read as figures."""
    text, spans = _joined(toks)
    for m in DATE_RE.finditer(text):
        a, b = _tok_at(spans, m.start()), _tok_at(spans, m.end() - 1)
        for i in range(a, b + 1):
            if toks[i].value is not None and not toks[i].date_part:
                toks[i] = Token(toks[i].text, toks[i].line, toks[i].value, toks[i].nil, toks[i].scale,
                                toks[i].currency, True)


def _drop_change_phrases(toks: list[Token]) -> list[Token]:
    """Remove "up 2.5 % YoY" style comments between a figure and the next label."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if _word(t) in _UPDOWN and i + 2 < len(toks) and toks[i + 1].value is not None and toks[i + 2].text == "%":
            i += 3
            while i < len(toks) and norm(toks[i].text) in ("yoy", "yearonyear", "fromthepreviousyear"):
                i += 1
            continue
        out.append(t)
        i += 1
    return out


def _suffix_ends(region: list[Token], k: int) -> bool:
    """A unit word after a figure ("19.48 yen 30.71 yen") rather than the next row's first word."""
    nxt = region[k + 1] if k + 1 < len(region) else None
    return nxt is None or nxt.is_value or nxt.line > region[k].line + 1


def _paragraph_before(region: list[Token], k: int) -> bool:
    """True when a blank line separates region[k] from the token before it."""
    return 0 < k < len(region) and region[k].line > region[k - 1].line + 1


def _first_run(toks: list[Token]) -> int | None:
    for i, t in enumerate(toks):
        if t.is_value:
            return i
    return None


def _after_last_sentence(label: list[Token]) -> int:
    last = 0
    for i, t in enumerate(label):
        if _sentence_end(t) and i + 1 < len(label):
            last = i + 1
    return last


def _scale_markers(label: list[Token]) -> bool:
    return has_scale(label)


def _period_heading(label: list[Token], cal: FiscalCalendar) -> bool:
    text = " ".join(t.text for t in label)
    return any(f.kind == "duration" for f in find_periods(text, cal)) and len(label) > 4


def _last_of_each(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    last = {m: (a, b, m) for a, b, m in hits}
    return [h for h in hits if last[h[2]] == h]


def _as_percent(t: Token) -> Token:
    return Token(t.text + " %", t.line, t.value, t.nil, -100, t.currency, t.date_part)


def _align(run: list[Token], columns: list[Column]) -> list[Cell | None]:
    values = [c for c in columns if c.kind == "value"]
    cells: list[Cell | None] = [None] * len(columns)
    if len(run) == len(values) and len(values) != len(columns):
        slots = [i for i, c in enumerate(columns) if c.kind == "value"]
    else:
        slots = list(range(len(columns) - len(run), len(columns)))
    for slot, t in zip(slots, run):
        cells[slot] = Cell(t.text, t.value, t.line, t.scale if t.scale not in (None, -100) else None, t.scale == -100)
    return cells
