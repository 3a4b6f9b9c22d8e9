"""Read the statements and notes of a Tanshin: one table row per line.

A table starts at a line that is one of the taxonomy's headings for a Japanese GAAP table and runs
to the next such heading or to the next numbered section ("(4) Notes to ...", "3. Supplementary
information"). Inside it:

* the column header is every line up to the first row with figures: a scale ("(In millions of
  yen)"), the column periods ("Previous (June 30, 2025) Current (March 31, 2026)", "April 1, 2024 -
  March 31, 2025"), change columns ("Year-on-year increase (%)") or, for tables whose columns are
  members (segments, product categories), the members' names; words after the last header marker
  are the first row's label ("Assets Current assets");
* a row is label words and a run of figures at the end of a line; a label wrapped onto several lines
  is glued together ("Notes and accounts receivable-trade, and" + "contract assets 24,790 17,133"),
  and figures alone on the following lines complete the row ("Income before income taxes and
  non-controlling interests" / "826,229" / "708,488"); heading lines without figures are glued in
  front of the next row, where the mapper uses them to find its place in the tree;
* a scale or period line after rows is a repeated header (a new page) or a sub-table's header; when
  its columns differ, a new table starts.

Nothing here knows an issuer: headings, concept names and member names come from the taxonomy
source and the members the reader found in the release.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field


from disclose.paths import read_data
from disclose.model import Cell, Column, Issue, Period, Row, Table
from disclose.taxonomy.source import Source, TableSpec
from disclose.tanshin import periods as tp
from disclose.tanshin.cells import Line, Value, split, tokens
from disclose.text.periods import FiscalCalendar
from disclose.text.scales import Scale, could_start, find_scales
from disclose.text.scales import word as scale_word
from disclose.text.tables import Vocabulary, find_members
from disclose.text.tokens import Token, norm

SCALE_POWER = {"million": 6, "thousand": 3, "billion": 9}
CHANGE_RE = re.compile(r"year[\s-]*on[\s-]*year|increase\s*/?\s*\(?\s*decrease\s*\)?|\bchanges?\b|\byoy\b|\(\s*%\s*\)"
                       r"|increase\s+\(%\)|rate\s+of\s+change", re.IGNORECASE)
COLUMN_WORDS = {"previous", "current", "prior", "category", "decrease)", "(decrease)", "fiscal", "year", "years", "period", "as", "of", "for", "the", "ended",
                "ending", "from", "to", "thru", "through", "and", "quarter", "first", "second", "third", "fourth", "nine",
                "six", "three", "twelve", "months", "month", "cumulative", "amount", "amounts", "consolidated",
                "reference", "in", "yen", "millions", "million", "thousands", "billions", "unit", "increase", "decrease",
                "change", "yoy", "%", "rate", "on", "year-on-year", "results", "result", "term", "half", "end"}
NOTE_WORDS = {"notes", "note", "note no"}  # a column of references to the notes
NUMBERED = re.compile(r"^\s*(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.)]|[①-⑳]|[IVX]{1,4}\.)\s*\S")
NOTE_LINE = re.compile(r"^\s*(?:\(\s*notes?\s*\d*\s*\)|\*|※|notes?\s*\d*\s*:)", re.IGNORECASE)


def is_note(s: str) -> bool:
    """A footnote line ("(Note) “Other” refers to ..."), not a header fragment that a PDF extractor
    started with a column's note mark ("(Note) Total Energy")."""
    m = NOTE_LINE.match(s)
    if m is None:
        return False
    rest = s[m.end():].split()
    return not rest or len(rest) >= 4 or s.rstrip().endswith(".")


SEGMENT_OTHERS = ("AllOtherSegmentsMember",)
SEGMENT_RECONCILING = ("EliminationOfIntersegmentAmountsMember", "MaterialReconcilingItemsMember")
SEGMENT_TOTALS = ("ReportableSegmentsMember", "ReportableSegmentsAndOtherMember")
PROSE_VERBS = re.compile(r"\b(?:was|were|is|are|has|have|had|will|increased|decreased|amounted|totaled|totalled|"
                         r"compared|resulted|due\s+to|mainly)\b", re.IGNORECASE)
PAREN_HEADING = re.compile(r"^\s*\(\s*[A-Z][^()]*\)\s*$")


def _unit_marker(text: str) -> Scale | None:
    """The first unit marker of a line ("(Millions of yen)", "Thousands of U.S. dollars")."""
    raws = text.split()
    if not any(could_start(r) for r in raws):
        return None
    found = find_scales([scale_word(r) for r in raws], raws)
    return found[0][2] if found else None


def scale_of(text: str) -> int | None:
    """The power of ten a unit line states, in any currency the unit data names."""
    m = _unit_marker(text)
    return m.power if m else None


def currency_of(text: str) -> str | None:
    """The ISO 4217 code a unit line names; None when it names none."""
    m = _unit_marker(text)
    return m.currency if m else None


def strip_numbering(text: str) -> str:
    s = text.strip()
    s = re.sub(r"^(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.)]|[①-⑳]|[IVX]{1,4}\.|\(?[a-h][.)](?=\s))\s*", "", s)
    s = s.strip()
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1]
    return s.strip()


@dataclass
class HeadingIndex:
    """The headings of the Japanese GAAP tables, longest first."""

    items: list[tuple[str, TableSpec]]

    @classmethod
    def of(cls, specs: list[TableSpec]) -> "HeadingIndex":
        items = sorted({(norm(h), s.id): s for s in specs for h in s.headings if norm(h)}.items(),
                       key=lambda kv: (-len(kv[0][0]), kv[0][1]))
        return cls([(k[0], s) for k, s in items])

    def match(self, line: str) -> TableSpec | None:
        s = " ".join(line.split())
        if not s or len(s) > 160:
            return None
        body = strip_numbering(s)
        key = norm(body)
        if not key or (body.endswith(".") and (len(body.split()) >= 8 or body[:1].islower())):
            return None
        toks = tokens(body, 0)
        if any(t.is_value and not t.date_part and t.value is not None and abs(t.value) > 31 for t in toks):
            return None  # a row with figures, not a heading
        for candidate in (key, norm(_without_qualifiers(body))):
            for hk, spec in self.items:
                if candidate and candidate.startswith(hk) and len(candidate) - len(hk) <= 70:
                    return spec
        return None


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    data = read_data("headings.yaml")
    return frozenset(w.lower() for w in data["qualifiers"])


def _without_qualifiers(heading: str) -> str:
    """The heading without the words before the statement's name ("Quarterly consolidated ...")."""
    words = heading.split()
    n = 0
    while n < len(words) - 1 and words[n].lower().strip("()") in _qualifiers():
        n += 1
    return " ".join(words[n:])


@dataclass
class _Header:
    columns: list[Column]
    scale: int
    period: Period | None
    rest: str  # label words after the header (the first row's heading)
    line: int


@dataclass
class _Pending:
    label: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of label-only lines
    values: list[Value] = field(default_factory=list)
    value_line: int = 0
    stacked: int = 0  # figures that came one per line
    share_scale: int = 0  # "(thousands of shares)" on one of the label lines


class LineTableReader:
    def __init__(self, src: Source, cal: FiscalCalendar, vocab: Vocabulary, lines: list[str], specs: list[TableSpec],
                 current: Period | None = None) -> None:
        self.src = src
        self.cal = cal
        self.vocab = vocab
        self.lines = lines
        self.specs = specs
        self.index = HeadingIndex.of([s for s in specs if s.headings])
        self.current = current  # the release's current (year-to-date) period
        self.issues: list[Issue] = []
        self.stacked: list[tuple[int, int]] = []  # (line, row index) of rows whose figures came one per line
        self.member_order: dict[str, list[str]] = {}
        self._adopted: dict[int, int] = {}
        self.label_parts: dict[int, list[str]] = {}  # row line -> its label lines, for row structure

    # -- regions ----------------------------------------------------------------------------
    def regions(self, lo: int, hi: int) -> list[tuple[TableSpec, int, int]]:
        """(spec, heading line index, end index) of each table region in lines[lo:hi]."""
        starts: list[tuple[int, TableSpec | None]] = []
        for i in range(lo, hi):
            line = self.lines[i]
            if not line.strip():
                continue
            spec = self.index.match(line)
            if spec is not None:
                starts.append((i, spec))
            elif NUMBERED.match(line) and self._section_end(line):
                starts.append((i, None))
        out = []
        for k, (i, spec) in enumerate(starts):
            if spec is None:
                continue
            end = starts[k + 1][0] if k + 1 < len(starts) else hi
            out.append((spec, i, end))
        return out

    def _section_end(self, line: str) -> bool:
        """A numbered or parenthesised section heading that is not a sub-table's period heading."""
        s = line.strip()
        if not (NUMBERED.match(s) or PAREN_HEADING.match(s)):
            return False
        if tp.find(s, self.cal) or scale_of(s) is not None:
            return False
        sp = split(s, 0)
        if sp.values and sp.label:
            return False  # a numbered row with figures ("1. Cash flows from operating activities 881.9 712.6")
        words = re.findall(r"[A-Za-z]+", s)
        return len(words) >= 2

    # -- one region -------------------------------------------------------------------------
    def read_region(self, spec: TableSpec, start: int, end: int, *, columns_override=None) -> list[Table]:
        heading = self.lines[start].strip()
        tables: list[Table] = []
        zone: list[int] = []  # header zone line indexes
        header: _Header | None = None
        rows: list[Row] = []
        pend = _Pending()
        orphans: list[int] = []  # indexes into rows of rows whose figures came before their label
        names = self._names(spec)
        mark = len(self.issues)  # issues of the table being read: dropped if it turns out to be none

        def flush_table() -> None:
            nonlocal rows, mark
            self._finish_pending(pend, header, rows, orphans, names)
            # a lone small number after the last row, without a label, is the page number
            while rows and not rows[-1].label and _page_number(rows[-1]):
                gone = rows.pop()
                self.issues[:] = [i for i in self.issues if not (i.code == "unlabelled-figures" and i.lines == (gone.line,))]
            if header is not None and rows:
                tables.append(Table(spec.id, heading, header.line, tuple(header.columns), tuple(rows), header.scale,
                                    header.period, rows[-1].line))
            else:
                del self.issues[mark:]  # rows of no table (figures of a chart): nothing to report
            mark = len(self.issues)
            rows = []
            orphans.clear()

        i = start + 1
        in_header = True
        while i < end:
            text = self.lines[i]
            s = text.strip()
            i += 1
            if not s:
                continue
            if is_note(s):
                continue
            line = split(s, i)
            if in_header:
                if line.values and not self._header_like(line) and (header is not None or zone):
                    n = len([v for v in line.values if not v.percent])
                    new = self._header(spec, zone, header, columns_override, start, n)
                    zone = []
                    if new is None:
                        return tables  # no columns: not a table after all
                    if header is not None and _same_columns(header, new):
                        header.rest = new.rest
                        header.scale = new.scale if new.scale else header.scale
                    else:
                        flush_table()
                        header = new
                    in_header = False
                    if header.rest:
                        pend.label.append((header.line, header.rest))
                    self._row_line(line, pend, header, rows, orphans, names)
                    continue
                if (tables or rows) and self._prose(s, line):
                    break  # the text after the table (a note's sentences), not another header
                zone.append(i - 1)
                continue
            # data mode
            if self._header_like(line) or (NUMBERED.match(s) and tp.find(s, self.cal) and not line.values) \
                    or (not line.values and self.member_header_like(spec, s)):
                self._finish_pending(pend, header, rows, orphans, names)
                in_header = True
                zone = [i - 1]
                continue
            if (self._section_end(s) and norm(s) not in names) or (self._prose(s, line) and norm(line.label or s) not in names):
                break  # (a row the table names is no sentence: "Items that will not be reclassified ...")
            self._row_line(line, pend, header, rows, orphans, names)
        flush_table()
        return tables

    # -- header -----------------------------------------------------------------------------
    def _header_like(self, line: Line) -> bool:
        """A scale line or a line of column periods and column words only."""
        if scale_of(line.text) is not None and not _has_amounts(line):
            return True
        found = tp.find(line.text, self.cal)
        if not found:
            return False
        rest = line.text
        for f in reversed(found):
            rest = rest[:f.pos] + " " + rest[f.end:]
        if _has_amounts(split(rest, line.number)):
            return False
        words = [w.lower().strip("():,.[]") for w in rest.split()]
        return all(not w or w in COLUMN_WORDS or not any(ch.isalpha() for ch in w) for w in words)

    def member_header_like(self, spec: TableSpec, text: str) -> bool:
        """A line of member column names only (two or more, besides column words and a notes column):
        the header of the table's columns continued in a part printed below the first."""
        if spec.columns == "periods":
            return False
        toks = tokens(text, 0)
        hits = find_members(toks, self.vocab.members.get(spec.columns, []))
        if len(hits) < 2:
            return False
        inside = {k for a, b, _ in hits for k in range(a, b)}
        rest = [t.text.lower().strip("():,.[]") for k, t in enumerate(toks) if k not in inside]
        return all(not w or w in COLUMN_WORDS or w in NOTE_WORDS for w in rest)

    def _header(self, spec: TableSpec, zone: list[int], previous: _Header | None, columns_override,
                heading_line: int | None = None, n: int | None = None) -> _Header | None:
        texts = [(i, self.lines[i].strip()) for i in zone]
        # prose before the header (a sentence introducing the table) is not part of it
        cut = 0
        for k, (_, t) in enumerate(texts):
            if t.endswith(".") and len(t.split()) >= 6:
                cut = k + 1
        texts = texts[cut:]
        scale = previous.scale if previous else 0
        for _, t in texts:
            sc = scale_of(t)
            if sc is not None:
                scale = sc
        toks: list[Token] = []
        marks_end = 0
        after_scale: list[Token] | None = None
        for i, t in texts:
            line_toks = tokens(t, i + 1)
            toks.extend(line_toks)
            if scale_of(t) is not None:
                after_scale = []
            elif after_scale is not None:
                after_scale.extend(line_toks)
            if self._header_like(split(t, i + 1)) or CHANGE_RE.search(t) or _column_words_only(t):
                marks_end = len(toks)
        joined, _spans = _joined(toks)
        line_no = texts[0][0] + 1 if texts else (zone[0] + 1 if zone else 0)
        found = tp.find(joined, self.cal)
        if columns_override is not None:
            cols, period = columns_override(found, joined, toks)
            hits_end = 0
        elif spec.columns == "periods":
            found_after = tp.find(_joined(after_scale)[0], self.cal) if after_scale else []
            if after_scale is not None and not found_after and heading_line is not None:
                found_after = tp.find(self.lines[heading_line], self.cal)
            cols, period = self._period_columns(spec, found_after or found, joined)
            hits_end = 0
        else:
            cols, period, hits_end = self._member_columns(spec, found, toks, n, heading_line, previous)
        if not cols:
            if previous is not None:
                return _Header(previous.columns, scale, previous.period, _rest(toks, marks_end), line_no)
            return None
        end = max(marks_end, hits_end)
        return _Header(cols, scale, period, _rest(toks, end), line_no)

    def _period_columns(self, spec, found, joined):
        if any(f.kind != "fy" for f in found):
            found = [f for f in found if f.kind != "fy"]  # "FY2024 (As of March 31, 2025)": the date says it
        periods: list[Period] = []
        for f in found:
            if f.period not in periods:
                periods.append(f.period)
        words = joined.lower()
        prev_cur = bool(re.search(r"\bprevious\b|\bprior\b", words) and re.search(r"\bcurrent\b", words))
        if len(periods) == 1 and prev_cur:
            periods = [tp.shift_year(periods[0]), periods[0]]
        if not periods and self.current is not None and prev_cur:
            periods = [tp.shift_year(self.current), self.current]
        if self._flows(spec):
            periods = [self._as_duration(p) for p in periods]
        cols = [Column(p.key(), p) for p in periods]
        if periods:
            cols += [Column("change", None, None, "change") for _ in range(_change_columns(joined))]
        return cols, None

    def _member_columns(self, spec: TableSpec, found, toks: list[Token], n: int | None = None,
                        heading_line: int | None = None, previous: _Header | None = None):
        """The member columns a header names, and their period: the header's own, else (the table's
        columns continued in a second part printed below the first) the previous header's, else the
        one a heading above states, else the release's current period."""
        names = self.vocab.members.get(spec.columns, [])
        hits = find_members(toks, names)
        if not hits:
            return [], None, 0
        members = [m for _, _, m in hits]
        if spec.columns != "SegmentsAxis":
            members = self._without_titles(spec.columns, members)
        if spec.columns == "SegmentsAxis":
            members = self._segment_order(spec.columns, members, n)
        else:
            members = self._order_members(spec.columns, members)
        seen: list[str] = []
        for m in members:
            if m not in seen:
                seen.append(m)
        cols = [Column(m, None, (spec.columns, m)) for m in seen]
        if not found and previous is not None and previous.period is not None:
            return cols, previous.period, max(b for _, b, _ in hits)
        if not found and heading_line is not None:
            found = self._period_above(heading_line)
        ranges = [f.period for f in found if not f.period.is_instant]
        period = ranges[-1] if ranges else (found[-1].period if found else None)
        if period is not None and period.is_instant and self._flows(spec):
            period = self._as_duration(period)
        if period is None:
            period = self.current
        return cols, period, max(b for _, b, _ in hits)

    def _without_titles(self, axis: str, members: list[str]) -> list[str]:
        """The header's members less the titles over its columns: a member named before members that
        add up into it ("Other components of equity" over its reserves) is a title there, and a
        column only where the header names it again after them (its "Total" column)."""
        parents = (self.vocab.parents or {}).get(axis, {})

        def under(m: str, title: str) -> bool:
            seen: set[str] = set()
            while m in parents and m not in seen:
                seen.add(m)
                m = parents[m]
                if m == title:
                    return True
            return False

        domain = self.vocab.defaults.get(axis)  # "Total" anywhere in a scrambled header is a column
        return [m for k, m in enumerate(members)
                if m == domain or not any(under(later, m) for later in members[k + 1:])]

    def _period_above(self, heading_line: int):
        """The period a heading just above the table names ("I. For the three months ended ...")."""
        k = heading_line
        for _ in range(3):
            if k < 0:
                break
            s = self.lines[k].strip()
            if s:
                if _has_amounts(split(s, k + 1)):
                    break
                got = tp.find(s, self.cal)
                if got:
                    return got
            k -= 1
        return []

    def _segment_order(self, axis: str, members: list[str], n: int | None) -> list[str]:
        """Segment columns in the order Tanshin print them, whatever order an extractor left the
        header words in: the issuer's segments, their total, "Other", the total with "Other",
        adjustments, and the consolidated figure. A "Total" is the consolidated figure only after an
        adjustments column; without one it is a total of segments (intersegment sales included)."""
        domain = self.vocab.defaults.get(axis)
        order = self.member_order.get(axis) or []
        fixed = set(SEGMENT_OTHERS) | set(SEGMENT_RECONCILING) | set(SEGMENT_TOTALS) | {domain}
        own = [m for m in order if m in members and m not in fixed]
        own += [m for m in members if m not in fixed and m not in own]
        others = [m for m in SEGMENT_OTHERS if m in members]
        reconciling = [m for m in SEGMENT_RECONCILING if m in members]
        explicit = [m for m in SEGMENT_TOTALS if m in members]
        generic = members.count(domain)  # type: ignore[arg-type]
        if n is not None:
            generic = n - len(own) - len(others) - len(reconciling) - len(explicit)
            if generic < 0 or generic > 3:
                return self._order_members(axis, members)
        totals = set(explicit)
        last = False
        if reconciling and generic:
            last, generic = True, generic - 1
        if generic and others and "ReportableSegmentsAndOtherMember" not in totals:
            if generic >= 2 and "ReportableSegmentsMember" not in totals:
                totals.add("ReportableSegmentsMember")
                generic -= 1
            totals.add("ReportableSegmentsAndOtherMember")
            generic -= 1
        if generic and "ReportableSegmentsMember" not in totals:
            totals.add("ReportableSegmentsMember")
            generic -= 1
        if generic and not last:
            last = True
        out = own + [m for m in ("ReportableSegmentsMember",) if m in totals] + others
        out += [m for m in ("ReportableSegmentsAndOtherMember",) if m in totals] + reconciling
        if last and domain:
            out.append(domain)
        return out

    def _order_members(self, axis: str, members: list[str]) -> list[str]:
        """Issuer members in the order the release lists them elsewhere, then the others as found."""
        order = self.member_order.get(axis)
        if not order:
            return members
        own = [m for m in order if m in members]
        rest = [m for m in members if m not in own]
        domain = self.vocab.defaults.get(axis)
        totals = [m for m in rest if m == domain]
        return own + [m for m in rest if m != domain] + totals

    def _flows(self, spec: TableSpec) -> bool:
        return any(self.src.concepts[n.concept].period == "duration" and not self.src.concepts[n.concept].abstract
                   for n, _ in spec.nodes())

    def _as_duration(self, p: Period) -> Period:
        if not p.is_instant:
            return p
        try:
            return tp.year_to_date(p.end, self.cal)
        except ValueError:
            return p

    # -- rows -------------------------------------------------------------------------------
    def _names(self, spec: TableSpec) -> set[str]:
        out: set[str] = set()
        for node, _ in spec.nodes():
            c = self.src.concepts[node.concept]
            out.update(norm(n) for n in c.names())
        return out

    def _row_line(self, line: Line, pend: _Pending, header: _Header | None, rows: list[Row], orphans: list[int],
                  names: set[str]) -> None:
        if header is None:
            return
        ncols = len(header.columns)
        if line.values and not line.label:
            if not pend.values:
                pend.value_line = line.number
            pend.values.extend(line.values)
            if len(line.values) == 1:
                pend.stacked += 1
            if len(pend.values) >= ncols:
                self._emit(pend, header, rows, orphans, names)
            return
        if line.values:
            if pend.values:
                self._emit(pend, header, rows, orphans, names)
            pend.label.append((line.number, line.label))
            pend.share_scale = max(pend.share_scale, line.share_scale)
            pend.values = list(line.values)
            pend.value_line = line.number
            if len(pend.values) >= ncols:
                self._emit(pend, header, rows, orphans, names)
            return
        # a label-only line
        if pend.values:
            self._emit(pend, header, rows, orphans, names)
        if orphans:
            self._adopt(line, rows, orphans, names)
            return
        pend.label.append((line.number, line.label or line.text.strip()))
        pend.share_scale = max(pend.share_scale, line.share_scale)

    def _adopt(self, line: Line, rows: list[Row], orphans: list[int], names: set[str]) -> None:
        """Figures printed before their label: the label lines that follow name them."""
        k = orphans[0]
        row = rows[k]
        text = (row.label + " " + (line.label or line.text.strip())).strip()
        rows[k] = Row(text, row.cells, row.line)
        self._adopted[k] = self._adopted.get(k, 0) + 1
        if norm(text) in names or self._adopted[k] >= 3:
            orphans.pop(0)

    def _emit(self, pend: _Pending, header: _Header, rows: list[Row], orphans: list[int], names: set[str]) -> None:
        label = " ".join(t for _, t in pend.label).strip()
        vals = pend.values
        ncols = len(header.columns)
        if len(vals) > ncols:
            extra = vals[:len(vals) - ncols]
            if len(extra) == 1 and extra[0].value is not None and re.fullmatch(r"\d{1,4}", extra[0].raw):
                label = (label + " " + extra[0].raw).strip()  # a number that ends the label ("Stock option in 2024")
                vals = vals[1:]
            else:
                self.issues.append(Issue("row-columns-mismatch", "info",
                                         f"row '{label[:60]}' has {len(vals)} figures for {ncols} columns; skipped",
                                         (pend.value_line,)))
                pend.label, pend.values, pend.value_line, pend.stacked, pend.share_scale = [], [], 0, 0, 0
                return
        share_scale = 3 if re.search(r"thousands?\s+(?:of\s+)?shares", label, re.IGNORECASE) else pend.share_scale
        label = re.sub(r"\(\s*(?:yen|thousands?\s+of\s+shares|shares|millions?\s+of\s+yen)\s*\)\s*\]?", " ", label,
                       flags=re.IGNORECASE)
        label = re.sub(r"\s+", " ", label).strip(" :[]")
        cells: list[Cell | None] = [None] * ncols
        value_slots = [k for k, c in enumerate(header.columns) if c.kind == "value"]
        other_slots = [k for k, c in enumerate(header.columns) if c.kind != "value"]
        if len(vals) <= len(value_slots):
            slots = value_slots[len(value_slots) - len(vals):]
        else:
            slots = value_slots + other_slots[:len(vals) - len(value_slots)]
        for slot, v in zip(slots, vals):
            cells[slot] = Cell(v.raw, v.value, v.line, share_scale or None, v.percent)
        line_no = vals[0].line if vals else pend.value_line
        self.label_parts[line_no] = [t for _, t in pend.label]
        if not label:
            orphans.append(len(rows))
        if pend.stacked >= 2 and len(vals) >= 2:
            self.stacked.append((line_no, len(rows)))
        rows.append(Row(label, tuple(cells), line_no))
        pend.label, pend.values, pend.value_line, pend.stacked, pend.share_scale = [], [], 0, 0, 0

    def _finish_pending(self, pend: _Pending, header: _Header | None, rows: list[Row], orphans: list[int],
                        names: set[str]) -> None:
        if header is not None and pend.values:
            self._emit(pend, header, rows, orphans, names)
        pend.label, pend.values, pend.value_line, pend.stacked, pend.share_scale = [], [], 0, 0, 0
        self._adopted.clear()
        for k in list(orphans):
            if not rows[k].label and not any(i.code == "unlabelled-figures" and i.lines == (rows[k].line,)
                                             for i in self.issues):
                self.issues.append(Issue("unlabelled-figures", "warning",
                                         f"figures on line {rows[k].line} have no row label", (rows[k].line,)))
        orphans.clear()

    def _prose(self, s: str, line: Line) -> bool:
        """A sentence of the text around the table: the table is over."""
        words = (line.label or s).split()
        if len(words) >= 12 and not line.values and s.rstrip().endswith("."):
            return True
        return len(words) >= 8 and bool(PROSE_VERBS.search(line.label or s))


def _page_number(row: Row) -> bool:
    cells = [c for c in row.cells if c is not None]
    return len(cells) == 1 and cells[0].value is not None and cells[0].raw.isdigit() and len(cells[0].raw) <= 3


def _column_words_only(text: str) -> bool:
    """A header line of column words only ("Previous", "Increase /", "(Decrease)", "Category")."""
    words = [w.lower().strip("():,.[]/") for w in text.split()]
    words = [w for w in words if w]
    return bool(words) and all(w in COLUMN_WORDS for w in words)


def _change_columns(text: str) -> int:
    """Change columns in a header: matches close together ("Year-on-year increase (%)") are one column."""
    n, last = 0, -100
    for m in CHANGE_RE.finditer(text):
        if m.start() - last > 14:
            n += 1
        last = m.end()
    return min(n, 2)


def _same_columns(a: _Header, b: _Header) -> bool:
    return [(c.period, c.member, c.kind) for c in a.columns] == [(c.period, c.member, c.kind) for c in b.columns] \
        and a.period == b.period


def _has_amounts(line: Line) -> bool:
    return any(v.value is not None and not v.percent and (abs(v.value) > 31 or "," in v.raw or "." in v.raw)
               for v in line.values)


def _joined(toks: list[Token]) -> tuple[str, list[int]]:
    parts, spans, pos = [], [], 0
    for t in toks:
        spans.append(pos)
        parts.append(t.text)
        pos += len(t.text) + 1
    return " ".join(parts), spans


def _rest(toks: list[Token], end: int) -> str:
    words = [t.text for t in toks[end:] if not t.is_value]
    return " ".join(words).strip()


