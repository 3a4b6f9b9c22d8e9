"""Read the summary page of a Tanshin (決算短信サマリー), whose tables are transposed.

On the summary page a table's columns are figures (net sales, operating income, ... each often
followed by its year-on-year change) and its rows are periods:

     Net sales Operating income Ordinary income Net income attributable to owners of parent
    Nine months ended Million yen % Million yen % Million yen % Million yen %
    March 31, 2026 169,539 0.4 78,191 (1.4) 80,449 6.7 56,823 7.8

The reader turns each such group round into a `Table` whose rows are the figures (labelled with
the header's words, so the mapper finds the same concepts) and whose columns are the periods. The
unit line ("Million yen % ...") or the percent signs on the figures tell a change column from a
ratio. Dividends are read per fiscal year with the payment timing (1Q, 2Q, 3Q, year-end, annual)
as member columns; the forecast row fills the columns the actual row of the same year left
empty. Numbers of shares are rows with their periods inline ("March 31, 2026 94,286,400 June 30,
2025 94,286,400") or in a header line. Notes such as "(Note) Comprehensive income: Nine months
ended March 31, 2026: 58,701 million yen [16.3%]" give figures of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from disclose.model import Cell, Column, Period, Row, Table
from disclose.taxonomy.source import Source, TableSpec
from disclose.tanshin import periods as tp
from disclose.tanshin.cells import Value, split, tokens
from disclose.tanshin.drift import by_columns
from disclose.tanshin.statements import NUMBERED, SCALE_POWER, HeadingIndex, scale_of
from disclose.text.periods import FiscalCalendar
from disclose.text.tables import Vocabulary, find_members
from disclose.text.tokens import Token, norm

ROW_KEYWORDS = re.compile(
    r"^\s*(?P<kw>annual|full[\s-]*year|fiscal\s+year|whole\s+year|first\s+half|1st\s+half|six\s+months|interim|"
    r"second\s+quarter\s+\(?cumulative\)?|2q\s*\(?cumulative\)?)\b(?P<rest>.*)$", re.IGNORECASE)
NOTE_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z' ’-]{2,60}?\s*[:：]\s*")
SCALE_WORD = re.compile(r"\b(?:millions?|thousands?|billions?)\s+(?:of\s+)?yen\b", re.IGNORECASE)
NOTE_START = re.compile(r"^\s*(?:\(\s*(?:note|notes|reference)\s*\d*\s*\)|note\s*:|reference\s*:)\s*", re.IGNORECASE)
UNIT_WORDS = {"million": "amt", "millions": "amt", "thousand": "amt", "thousands": "amt", "billion": "amt",
              "billions": "amt", "yen": "yen", "%": "pct", "shares": "shr", "(%)": "pct"}
FORECAST = re.compile(r"\bforecasts?\b", re.IGNORECASE)
FIGURE_SCALE = re.compile(r"\d\s*(?P<w>millions?|thousands?|billions?)\b", re.IGNORECASE)  # "¥1,988 million"
PART_OF_YEAR = re.compile(r"\b(?P<part>first\s+quarter|second\s+quarter|third\s+quarter|first\s+half|first\s+three|"
                          r"first\s+six|first\s+nine)\b(?:\s+\(cumulative\))?\s+of\s+(?:the\s+)?fiscal\s+year\b",
                          re.IGNORECASE)
PART_MONTHS = {"first quarter": 3, "first three": 3, "second quarter": 6, "first half": 6, "first six": 6,
               "third quarter": 9, "first nine": 9}
NONCONSOLIDATED = re.compile(r"\bnon-?\s*consolidated\b", re.IGNORECASE)


@dataclass
class _Block:
    spec: TableSpec | None
    heading: int  # line index
    start: int
    end: int
    nonconsolidated: bool


class SummaryReader:
    def __init__(self, src: Source, cal: FiscalCalendar, vocab: Vocabulary, lines: list[str], specs: list[TableSpec],
                 current: Period | None) -> None:
        self.src = src
        self.cal = cal
        self.vocab = vocab
        self.lines = lines
        self.specs = specs
        self.index = HeadingIndex.of([s for s in specs if s.headings])
        self.current = current
        # specs whose figures are the summary's transposed groups (operating results, financial
        # position, cash flows): chosen per group by the words of its header
        self.transposed = [s for s in specs if s.columns == "ConsolidationAxis"]
        self._block_period: Period | None = None  # the fiscal year a block's heading names (forecasts)

    # -- blocks -----------------------------------------------------------------------------
    def blocks(self, lo: int, hi: int) -> list[_Block]:
        out: list[_Block] = []
        noncons = False
        cur: _Block | None = None
        for i in range(lo, hi):
            s = self.lines[i].strip()
            if not s:
                continue
            # on the summary page a table starts at a numbered heading ("(2) Consolidated financial
            # position", "2. Dividends"); the same words inside a block are its column names
            spec = self.index.match(s) if NUMBERED.match(s) else None
            sp = split(s, i + 1)
            heading_like = not sp.values and not NOTE_START.match(s)
            if heading_like and NONCONSOLIDATED.search(s) and not spec:
                noncons = True
            if spec is not None or (NUMBERED.match(s) and heading_like):
                if cur is not None:
                    cur.end = i
                    out.append(cur)
                if spec is not None and NONCONSOLIDATED.search(s):
                    noncons = True
                cur = _Block(spec, i, i + 1, hi, noncons)
        if cur is not None:
            cur.end = hi
            out.append(cur)
        return [b for b in out if b.spec is not None]

    def read(self, lo: int, hi: int) -> list[Table]:
        tables: list[Table] = []
        for b in self.blocks(lo, hi):
            spec = b.spec
            assert spec is not None
            if spec.columns == "periods" and not spec.dims:
                tables.extend(self._rowwise(b))
            else:
                tables.extend(self._transposed(b))
        return tables

    # -- transposed groups --------------------------------------------------------------------
    def _row_start(self, text: str) -> tuple[Period, str, bool] | None:
        """(period, the text after it, forecast?) when a line starts with its row's period."""
        s = text.strip()
        found = tp.find(s, self.cal)
        forecast = bool(FORECAST.search(s))
        lead = s[:found[0].pos].lower().replace("(", " ").split() if found else []
        if found and (found[0].pos <= 3 or set(lead) <= {"as", "of", "at", "end", "the"}):
            f = found[0]
            rest = s[f.end:]
            return f.period, rest, forecast
        m = ROW_KEYWORDS.match(s)
        if m:
            kw = m["kw"].lower()
            return (self._keyword_period(kw), m["rest"], forecast) if self._keyword_period(kw) else None  # type: ignore[return-value]
        return None

    def _keyword_period(self, kw: str) -> Period | None:
        base = self._block_period
        if base is None:
            return None
        if any(w in kw for w in ("half", "six", "interim", "second", "2q")):
            return Period(tp.add_months(base.start, 6) - _one_day(), base.start)  # type: ignore[arg-type]
        return base

    def _transposed(self, b: _Block) -> list[Table]:
        spec = b.spec
        assert spec is not None
        heading_text = self.lines[b.heading]
        found = tp.find(heading_text, self.cal)
        durations = [f.period for f in found if not f.period.is_instant]
        self._block_period = durations[-1] if durations else (self._year_of(found[-1].period) if found else None)
        block_scale = scale_of(heading_text)
        tables: list[Table] = []
        header: list[tuple[int, str]] = []
        data: list[tuple[int, Period, list[Value], bool, str]] = []  # (line, period, values, forecast, text)
        i = b.start
        member_axis = spec.columns if spec.columns not in ("periods", "ConsolidationAxis") else None

        def flush() -> None:
            nonlocal header, data
            if data:
                if member_axis:
                    tables.extend(self._member_group(spec, header, data, block_scale, b))
                else:
                    t = self._group(spec, header, data, block_scale, b)
                    if t is not None:
                        tables.append(t)
            header, data = [], []

        while i < b.end:
            s = self.lines[i].strip()
            i += 1
            if not s:
                continue
            if NOTE_START.match(s) or self._stated_note(s):
                flush()
                consumed, t = self._note(i - 1, b, spec)
                if t is not None:
                    tables.append(t)
                i = max(i, consumed)
                continue
            start = self._row_start(s)
            if start is not None and (second := self._second_row(start[1])) is not None:
                # two rows on one line ("First half 125,000 ... Full year 280,000 ..."): each its figures
                head = start[1][:second[0]]
                if split(head, i).values and not split(head, i).label and second[1][2]:
                    data.append((i, start[0], list(split(head, i).values), start[2], s))
                    data.append((i, second[1][0], second[1][2], start[2] or second[1][3], s[len(s) - len(start[1]) + second[0]:]))
                    continue
            if start is not None:
                period, rest, forecast = start
                vals = list(split(rest, i).values) if rest.strip() else []
                if not split(rest, i).label or not vals:
                    # figures of the row may follow on the next lines ("(Forecast)" / "197.00 329.00")
                    j = i
                    while not vals and j < b.end and j < i + 5:
                        nxt = self.lines[j].strip()
                        j += 1
                        if not nxt:
                            continue
                        if FORECAST.search(nxt) and not split(nxt, j).values:
                            forecast = True
                            continue
                        sp = split(nxt, j)
                        if sp.values and not sp.label:
                            vals = list(sp.values)
                            i = j
                        break
                if vals:
                    data.append((i, period, vals, forecast, s))
                    continue
                if header and ROW_KEYWORDS.match(s) is None and _drift_follows(self.lines, i, b.end, data) \
                        and not self._continued(period, i, b.end):
                    data.append((i, period, [], forecast, s))  # its figures drifted onto other lines
                    continue
            if data and _stray(self.lines, i - 1, b.end, self._row_start):
                continue  # a piece of a later sentence printed between two rows
            if data:
                flush()
            if _prose(s):
                continue
            header.append((i - 1, s))
        flush()
        return tables

    def _year_of(self, p: Period) -> Period | None:
        try:
            return self.cal.year_containing(p.end)
        except ValueError:
            return None

    def _names(self, spec: TableSpec) -> list[tuple[str, str]]:
        pairs = set()
        for node, _ in spec.nodes():
            c = self.src.concepts[node.concept]
            if c.abstract:
                continue
            for n in c.names():
                if norm(n):
                    pairs.add((norm(n), node.concept))
        return sorted(pairs, key=lambda p: (-len(p[0]), p))

    def _hits(self, spec: TableSpec, toks: list[Token]) -> list[tuple[int, int, str]]:
        return find_members(toks, self._names(spec))

    def _second_row(self, rest: str):
        """(where, (period, text, figures, forecast)) of a second row that starts inside the figures
        of a row's line ("... 254.16 Full year 280,000 ..."), or None."""
        for m in re.finditer(r"(?<=\s)(?=[A-Za-z])", rest):
            if not re.search(r"\d", rest[:m.start()]):
                continue
            start = self._row_start(rest[m.start():])
            if start is not None:
                line = split(start[1], 0)
                return m.start(), (start[0], start[1], list(line.values) if not line.label else [], start[2])
            return None
        return None

    def _continued(self, period: Period, i: int, end: int) -> bool:
        """The next line starts with the same period ("Fiscal year ending" / "March 31, 2027
        54,900 ..."): the row's period wraps onto it, the row is that line's."""
        nxt = next((self.lines[j].strip() for j in range(i, min(end, i + 2)) if self.lines[j].strip()), "")
        start = self._row_start(nxt) if nxt else None
        return start is not None and start[0].end == period.end

    def _split_at_gaps(self, spec: TableSpec, toks: list[Token], hits, gaps: set[int]):
        """Column names matched across a wide gap of their line ("Net income per share" and
        "Diluted net income per share" read as "net income per share, diluted" and "net income per
        share"): the names read again with the words on each side of such a gap apart, kept when
        that names at least as many columns."""
        cut = sorted(g for g in gaps if any(a < g < e for a, e, _ in hits))
        if not cut:
            return hits
        out = []
        for lo, hi in zip([0] + cut, cut + [len(toks)]):
            found = [(lo + x, lo + y, c) for x, y, c in self._hits(spec, toks[lo:hi])]
            if not found and any(a < hi and lo < e for a, e, _ in hits):
                return hits  # the gap splits a name ("Basic earnings  per share"), not two names
            out.extend(found)
        return out if len(out) >= len(hits) else hits

    def _choose(self, spec: TableSpec, toks: list[Token]) -> tuple[TableSpec, list[tuple[int, int, str]]]:
        if spec.dims or spec not in self.transposed:
            return spec, self._hits(spec, toks)
        best = max(self.transposed, key=lambda s: (len(self._hits(s, toks)), s is spec))
        return best, self._hits(best, toks)

    def _group(self, spec: TableSpec, header: list[tuple[int, str]], data, block_scale, b: _Block) -> Table | None:
        readings = []
        for texts in (header, _column_wrapped(self.lines, header)):
            toks: list[Token] = []
            gaps: set[int] = set()
            for i, t in texts:
                gaps.update(len(toks) + g for g in _gaps(t, i + 1))
                toks.extend(tokens(t, i + 1))
            chosen, hits = self._choose(spec, toks)
            readings.append((chosen, toks, self._split_at_gaps(chosen, toks, hits, gaps)))
        # names wrapped within their columns, when read per column they name more columns
        spec, toks, hits = max(readings, key=lambda r: len({c for _, _, c in r[2]}))
        if not hits:
            return None
        concepts = [m for _, _, m in hits]
        labels = [" ".join(t.text for t in toks[a:e]) for a, e, _ in hits]
        units = _units(toks, hits)
        restacked = _restacked(self.lines, header, data, len(units) or len(concepts))
        if restacked is data and units and len(units) != len(concepts):
            restacked = _restacked(self.lines, header, data, len(concepts))  # unit words of a sentence in the header
        if restacked is not data and len(restacked[0][2]) == len(concepts):
            units = []  # one figure per column: the unit words, broken over lines, do not say more
        data = [d for d in restacked if d[2]]
        if not data:
            return None
        scale = block_scale
        for _, t in header:
            sc = scale_of(t) or (6 if re.search(r"\bmillions?\s+(?:of\s+)?yen\b|\bmillion\s+yen\b", t, re.I) else None)
            if sc:
                scale = sc
        member = ("ConsolidationAxis", "NonConsolidatedMember" if b.nonconsolidated else "ConsolidatedMember")
        columns: list[Column] = []
        cells: list[list[Cell | None]] = [[] for _ in concepts]
        for line, period, vals, forecast, text in data:
            per = self._row_period(period, spec, header)
            columns.append(Column(text.split("  ")[0][:40], per, member if spec.columns == "ConsolidationAxis" else None))
            assigned = self._assign(vals, concepts, units)
            for k in range(len(concepts)):
                v = assigned.get(k)
                cells[k].append(_cell(v) if v is not None else None)
        rows = tuple(Row(labels[k], tuple(cells[k]), data[0][0]) for k in range(len(concepts)))
        return Table(spec.id, self.lines[b.heading].strip(), header[0][0] + 1 if header else b.heading + 1,
                     tuple(columns), rows, scale or 0, None, data[-1][0])

    def _row_period(self, period: Period, spec: TableSpec, header: list[tuple[int, str]]) -> Period:
        if not period.is_instant:
            return period
        text = " ".join(t for _, t in header)
        part = self._part_of_year(period, text)
        if part is not None:
            return part
        m = re.search(r"\b(one|three|six|nine|twelve|\d{1,2})[\s-]*months?\s+(?:period\s+)?ended\b", text, re.IGNORECASE)
        if m:
            n = {"one": 1, "three": 3, "six": 6, "nine": 9, "twelve": 12}.get(m[1].lower()) or int(m[1])
            return tp.duration_ending(period.end, n)
        if re.search(r"\b(?:fiscal\s+)?year\s+ended\b", text, re.IGNORECASE):
            return tp.duration_ending(period.end, 12)
        return period  # an instant (financial position); the mapper makes durations year-to-date

    def _part_of_year(self, period: Period, text: str) -> Period | None:
        """"First quarter of fiscal year ending/ended" over a row "March 31, 2027": the row names
        the fiscal year by its last day, the header the part of it (the first three months)."""
        m = PART_OF_YEAR.search(text)
        try:
            year = self.cal.year_containing(period.end)
        except ValueError:
            return None
        if m is None or year.end != period.end or year.start is None:
            return None
        months = PART_MONTHS[" ".join(m["part"].lower().split())]
        return Period(tp.add_months(year.start, months) - _one_day(), year.start)

    def _assign(self, vals: list[Value], concepts: list[str], units: list[str]) -> dict[int, Value]:
        types = [self.src.concepts[c].type for c in concepts]
        if units and len(units) == len(vals):
            kinds = units
        elif not any(v.percent for v in vals) and len(vals) == 2 * len([t for t in types if t != "pure"]) \
                and "pure" not in types:
            kinds = ["num", "pct"] * len(concepts)
        else:
            kinds = ["pct" if v.percent else "num" for v in vals]
        out: dict[int, Value] = {}
        ci = 0
        for v, k in zip(vals, kinds):
            if ci >= len(concepts):
                break
            if k == "pct" and types[ci] != "pure":
                continue  # the change of the figure before
            out[ci] = Value(v.raw, v.value, v.line, percent=(types[ci] == "pure"))
            ci += 1
        return out

    # -- dividends: member columns per fiscal year ---------------------------------------------
    def _member_group(self, spec: TableSpec, header, data, block_scale, b: _Block) -> list[Table]:
        toks: list[Token] = []
        for i, t in header:
            toks.extend(tokens(t, i + 1))
        forecast_spec = self._forecast_twin(spec)
        hits = self._hits(spec, toks)
        taken: set[int] = set()
        for a, e, _ in hits:
            taken.update(range(a, e))
        free = [t for k, t in enumerate(toks) if k not in taken]
        axis = spec.columns
        mhits = find_members(free, self.vocab.members.get(axis, []))
        last: dict[str, int] = {}
        for k, (a, e, m) in enumerate(mhits):
            last[m] = k
        timing = [m for k, (a, e, m) in enumerate(mhits) if last[m] == k]
        domain = self.vocab.defaults[axis]
        first = spec.rows[0].concept if spec.rows else None
        others = [(a, e, c) for a, e, c in hits if c != first]
        others_order = sorted(others, key=lambda h: h[0])
        scale = block_scale or 0
        for _, t in header:
            if re.search(r"\bmillions?\s+(?:of\s+)?yen\b|\bmillion\s+yen\b", t, re.IGNORECASE):
                scale = 6
        out: list[Table] = []
        filled: dict[Period, int] = {}
        for line, period, vals, forecast, text in data:
            if not forecast and len(vals) > len(timing) + len([c for _, _, c in others_order if _in_tree(spec, c)]):
                # more figures than the header has columns (its names wrapped, cells left blank):
                # which column each figure is in, the line does not say (the actual row of the
                # current year stopping early is normal: its forecast row fills the rest)
                continue
            per = period if not period.is_instant else (self._year_of(period) or period)
            use = forecast_spec if forecast and forecast_spec is not None else spec
            start = filled.get(per, 0) if forecast else 0
            if not forecast:
                filled[per] = min(len(vals), len(timing))
            n_t = len(timing)
            t_vals = vals[:max(0, n_t - start)]
            rest = vals[len(t_vals):]
            cols = [Column(m, per, (axis, m)) for m in timing]
            if domain not in timing:
                cols.append(Column(domain, per, (axis, domain)))
            dom_idx = [k for k, c in enumerate(cols) if c.member[1] == domain][0]  # type: ignore[index]
            rows: list[Row] = []
            if first is not None and t_vals:
                cells: list[Cell | None] = [None] * len(cols)
                for k, v in enumerate(t_vals):
                    if start + k < n_t:
                        cells[start + k] = _cell(v)
                rows.append(Row(self._label(first), tuple(cells), line))
            # the other figures of the row (total amount, payout ratio, ...) are annual figures; a
            # forecast row has only those its table knows (no total amount: the payout ratio)
            kept = [(a, e, c) for a, e, c in others_order if _in_tree(use, c)]
            concepts = [c for _, _, c in kept]
            labels = [" ".join(t.text for t in toks[a:e]) for a, e, _ in kept]
            assigned = self._assign(rest, concepts, [])
            for k, c in enumerate(concepts):
                v = assigned.get(k)
                if v is None:
                    continue
                cells = [None] * len(cols)
                cells[dom_idx] = _cell(v)
                rows.append(Row(labels[k], tuple(cells), line))
            if rows:
                out.append(Table(use.id, self.lines[b.heading].strip(), line, tuple(cols), tuple(rows), scale, None, line))
        return out

    def _forecast_twin(self, spec: TableSpec) -> TableSpec | None:
        for s in self.specs:
            if s is not spec and s.columns == spec.columns and dict(s.dims).get("ForecastAxis") == "ForecastMember":
                return s
        return None

    def _label(self, concept: str) -> str:
        return self.src.concepts[concept].labels["label"]["en"]

    # -- notes with figures ---------------------------------------------------------------
    def _stated_note(self, s: str) -> bool:
        """A note printed without its "(Note)" mark: "Comprehensive income: Six months ended
        September 30, 2022: 324,794 million yen [84.0%] ..." (a label, a colon, then period and figure)."""
        m = NOTE_LABEL.match(s)
        if m is None or not SCALE_WORD.search(s):
            return False
        found = tp.find(s[m.end():], self.cal)
        return bool(found) and found[0].pos <= 3

    def _note(self, i: int, b: _Block, spec: TableSpec) -> tuple[int, Table | None]:
        """(first line after the note, its table) for "(Note) X: period: figure million yen ..."."""
        first = self.lines[i].strip()
        body = NOTE_START.sub("", first)
        found = tp.find(body, self.cal)
        if not found:
            return i + 1, None
        phrase = body[:found[0].pos]
        phrase = re.sub(r"\(\s*(?:millions?|thousands?|billions?)\s+of\s+yen\s*\)", " ", phrase, flags=re.IGNORECASE)
        phrase = re.sub(r"\b(?:as\s+of|as\s+at)\s*$", "", phrase.strip(), flags=re.IGNORECASE).strip(" :")
        lines = [(i, body)]
        j = i + 1
        while j < b.end:
            t = self.lines[j].strip()
            if not t:
                j += 1
                continue
            f = tp.find(t, self.cal)
            lead_ok = f and (f[0].pos <= 8 or PART_OF_YEAR.search(t[:f[0].end]))  # "For the first quarter of the fiscal year ended ..."
            if lead_ok and re.search(r"\d[\d,]*", t[f[0].end:]) and not NOTE_START.match(t):
                lines.append((j, t))
                j += 1
                continue
            break
        pairs: list[tuple[Period, Value, int]] = []
        leads: list[str] = []
        scale = None
        for k, text in lines:
            sc = scale_of(text) or _figure_scale(text)
            if sc:
                scale = sc
            fs = tp.find(text, self.cal)
            for n, hit in enumerate(fs):
                seg = text[hit.end:fs[n + 1].pos if n + 1 < len(fs) else len(text)]
                seg = seg.lstrip(" :")
                seg_vals = [v for v in _leading_values(seg, k + 1)]
                if seg_vals:
                    pairs.append((hit.period, seg_vals[0], k + 1))
                    leads.append(text[fs[n - 1].end if n else 0:hit.end])
        if not pairs or scale is None and not phrase:
            return j, None
        toks = tokens(phrase, i + 1)
        candidates = [s for s in self.transposed] if not spec.dims else [spec]
        hits: list = []
        best = None
        for s in candidates:
            h = [x for x in self._hits(s, toks) if x[0] == 0]
            if h and (not hits or h[0][1] > hits[0][1]):
                best, hits = s, h
        if best is None:
            return j, None
        a, e, concept = hits[0]
        if scale is None and self.src.concepts[concept].type == "monetary":
            return j, None  # an amount whose unit the extractor printed elsewhere: not guessed
        member = ("ConsolidationAxis", "NonConsolidatedMember" if b.nonconsolidated else "ConsolidatedMember")
        cols = []
        cells: list[Cell | None] = []
        for (per, v, line), lead in zip(pairs, leads):
            cper = per
            if self.src.concepts[concept].period == "duration" and per.is_instant:
                y = self._year_of(per)
                cper = self._part_of_year(per, lead) or (Period(per.end, y.start) if y else per)
            elif self.src.concepts[concept].period == "duration" and per == self._year_of(per):
                cper = self._part_of_year(per, lead) or per  # "first quarter of the fiscal year ending ..."
            cols.append(Column(per.key(), cper, member if best.columns == "ConsolidationAxis" else None))
            cells.append(_cell(v))
        row = Row(" ".join(t.text for t in toks[a:e]), tuple(cells), pairs[0][2])
        return j, Table(best.id, first, i + 1, tuple(cols), (row,), scale or 0, None, pairs[-1][2])

    # -- row-wise tables (numbers of shares) -------------------------------------------------
    def _rowwise(self, b: _Block) -> list[Table]:
        spec = b.spec
        assert spec is not None
        out: list[Table] = []
        label: list[str] = []
        header_periods: list[Period] = []
        i = b.start
        while i < b.end:
            s = self.lines[i].strip()
            i += 1
            if not s or NOTE_START.match(s):
                if s:
                    label = []
                continue
            found = tp.find(s, self.cal)
            sp = split(s, i)
            if found and not _has_figures_after(s, found):
                header_periods = [f.period for f in found]
                label = []
                continue
            if found and found[0].pos < len(s) and _has_figures_after(s, found):
                # inline periods: "March 31, 2026 94,286,400 June 30, 2025 94,286,400"
                lead = s[:found[0].pos].strip()
                pairs = []
                for n, f in enumerate(found):
                    seg = s[f.end:found[n + 1].pos if n + 1 < len(found) else len(s)]
                    vals = _leading_values(seg, i)
                    if vals:
                        pairs.append((f.period, vals[0]))
                if pairs:
                    text = " ".join(label + [lead]).strip()
                    cols = tuple(Column(p.key(), p) for p, _ in pairs)
                    row = Row(text, tuple(_cell(v) for _, v in pairs), i)
                    out.append(Table(spec.id, self.lines[b.heading].strip(), i, cols, (row,), 0, None, i))
                label = []
                continue
            if sp.values and header_periods:
                n = min(len(sp.values), len(header_periods))
                text = " ".join(label + [sp.label]).strip()
                cols = tuple(Column(p.key(), p) for p in header_periods[-n:])
                row = Row(text, tuple(_cell(v) for v in sp.values[-n:]), i)
                out.append(Table(spec.id, self.lines[b.heading].strip(), i, cols, (row,), 0, None, i))
                label = []
                continue
            if not sp.values:
                label.append(s)
        return out


def _one_day():
    from datetime import timedelta
    return timedelta(days=1)


def _prose(s: str) -> bool:
    words = s.split()
    return len(words) >= 6 and s.rstrip(" )").endswith(".")


def _units(toks: list[Token], hits: list[tuple[int, int, str]]) -> list[str]:
    """The unit of each figure from a unit line ("Million yen % Million yen % Yen")."""
    inside: set[int] = set()
    for a, e, _ in hits:
        inside.update(range(a, e))
    out: list[str] = []
    k = 0
    while k < len(toks):
        if k in inside:
            k += 1
            continue
        w = toks[k].text.lower().strip("()")
        if w in ("million", "millions", "thousand", "thousands", "billion", "billions"):
            out.append("amt")
            k += 1
            while k < len(toks) and toks[k].text.lower().strip("()") in ("of", "yen"):
                k += 1
            continue
        if toks[k].text in ("%", "(%)"):
            out.append("pct")
        elif w == "yen":
            out.append("yen")
        elif w == "shares":
            out.append("shr")
        k += 1
    return out


def _cell(v: Value) -> Cell:
    raw = v.raw.replace("%", "")
    if v.percent:
        return Cell(raw, v.value, v.line, -2, True)
    return Cell(raw, v.value, v.line)


def _leading_values(seg: str, line: int) -> list[Value]:
    sp = split(seg, line)
    # the first figure after the period: "58,701 million yen [16.3%]" -> 58,701
    from disclose.tanshin.cells import as_value
    for t in tokens(seg, line):
        v = as_value(t)
        if v is not None and v.value is not None and not v.percent:
            return [v]
        if v is None and any(ch.isalpha() for ch in t.text):
            break
    return list(v for v in sp.values if not v.percent)[:1]


def _has_figures_after(s: str, found) -> bool:
    tail = s[found[0].end:]
    return any(v.value is not None and (abs(v.value) > 31 or "," in v.raw) for v in split(tail, 0).values) or \
        bool(re.search(r"\d{1,3}(?:,\d{3})+", tail))


def _in_tree(spec: TableSpec, concept: str) -> bool:
    return any(n.concept == concept for n, _ in spec.nodes())


def _figure_scale(text: str) -> int | None:
    """The scale a note states after its figure ("¥1,988 million", "1,988 million yen")."""
    m = FIGURE_SCALE.search(text)
    return SCALE_POWER[m["w"].lower().rstrip("s")] if m else None


def _drift_follows(lines: list[str], i: int, end: int, data) -> bool:
    """A row's date printed without its figures belongs to the group when the figures of the
    group are printed off their rows: a line of figures alone next to it, or a row already read
    with fewer figures than the first one. (Rows named by words, "Fiscal year ending", wrap
    their period and figures onto the next lines instead.)"""
    near = [k for k in range(max(0, i - 4), min(end, i + 1)) if lines[k].strip()]
    alone = any(split(lines[k].strip(), k + 1).values and not split(lines[k].strip(), k + 1).label for k in near)
    return alone or any(len(d[2]) < len(data[0][2]) for d in data)


def _stray(lines: list[str], k: int, end: int, row_start) -> bool:
    """A line between two rows of a group that is neither a row nor a line of figures (the end of
    a sentence printed below, "million yen As of March 31, 2026 : 257,439 million yen"), when a
    row follows it: it does not end the group."""
    s = lines[k].strip()
    if row_start(s) is not None or not any(ch.isalpha() for ch in s) or NOTE_START.match(s):
        return False
    nxt = next((lines[j].strip() for j in range(k + 1, min(end, k + 3)) if lines[j].strip()), "")
    return bool(nxt) and row_start(nxt) is not None and re.match(r"[a-z:]", s) is not None


def _restacked(lines: list[str], header, data, ncols: int):
    """The group's rows with the figures read by columns when the extractor printed them off
    their rows (some row has fewer figures than the header has columns); as read line by line
    otherwise, or when the columns do not hold one figure per row."""
    if not header or not data or all(len(d[2]) >= ncols for d in data):
        return data
    rows = by_columns(lines, header[0][0], data[-1][0], [d[0] for d in data], ncols)
    if rows is None:
        return data
    return [(line, period, vals, forecast, text) for (line, period, _, forecast, text), vals in zip(data, rows)]


def _gaps(text: str, number: int) -> list[int]:
    """Token indices of a line at which a run of two or more spaces starts a new text run (column
    names printed side by side); none when the runs do not tokenize as the whole line does."""
    runs = re.findall(r"\S+(?: \S+)*", text)
    counts = [len(tokens(r, number)) for r in runs]
    if sum(counts) != len(tokens(text, number)):
        return []
    out, at = [], 0
    for c in counts[:-1]:
        at += c
        out.append(at)
    return out


def _column_wrapped(lines: list[str], header: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The header's lines, with column names that wrap within their columns joined: a line whose
    every run of words lies under a different run of the line above ("Profit attributable to  Net
    income" over "owners of parent  per share") continues those names, not the last one."""
    out: list[tuple[int, list[tuple[int, int, list[str]]]]] = []  # (line, runs (start, end, words))
    for i, _ in header:
        runs = [(m.start(), m.end(), [m.group()]) for m in re.finditer(r"\S+(?: \S+)*", lines[i])]
        above = out[-1][1] if out and out[-1][0] == i - 1 else []
        hosts = [next((k for k, r in enumerate(above) if r[0] < e and s < r[1]), -1) for s, e, _ in runs]
        if len(above) > 1 and len(runs) > 1 and -1 not in hosts and len(set(hosts)) == len(hosts) \
                and not any(UNIT_WORDS.get(w.lower().strip("()")) for _, _, t in runs for w in t[0].split()):
            for (_, _, text), h in zip(runs, hosts):
                above[h][2].extend(text)
            out[-1] = (i, above)  # the next line may continue them again
            continue
        out.append((i, runs))
    return [(i, "  ".join(" ".join(r[2]) for r in runs)) for i, runs in out]
