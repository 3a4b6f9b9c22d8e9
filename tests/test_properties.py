"""Property tests (hypothesis) of the readers: numbers, periods, tables and whatever bytes arrive.

Every property runs at least 200 examples from a fixed seed (derandomize=True: the same examples
on every run and in CI, no example database), with no deadline so a loaded machine cannot fail it.

- numbers: a figure printed the way releases print it (commas, decimals, parentheses with or
  without the PDF's space, △/▲, a leading minus) parses back to the same Decimal, alone and in a
  token stream; no text makes the number grammar raise.
- periods: "Six Months Ended" style headers in several date styles give back their periods;
  fiscal labels (FY2020, 1H20, 3Q FY2020, ...) land inside the fiscal year of any calendar.
- tables: a profit-or-loss statement with random figures, rendered like the sample's, reads back
  through TableReader + Mapper to exactly those figures.
- robustness: random bytes, corrupted statements and random truncations of the sample never raise
  anything but InputError; a truncated sample never yields a figure the full sample does not have.
"""
from __future__ import annotations

import calendar
import os
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclose import api, pipeline
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE
from disclose.profile import load_profile
from disclose.text.decode import InputError, decode
from disclose.text.numbers import decimals_of, is_nil, parse_number
from disclose.text.periods import FiscalCalendar, add_months, column_periods, duration_ending, find_periods
from disclose.text.tokens import tokenize

# at least 200 per property; DISCLOSE_PROPERTY_EXAMPLES=5000 for a deeper run (still from the fixed seed)
EXAMPLES = max(200, int(os.environ.get("DISCLOSE_PROPERTY_EXAMPLES", "200")))
PROPERTY = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PROFILE = load_profile(SAMPLE_PROFILE)
SAMPLE_BYTES = SAMPLE_RELEASE.read_bytes()


def read(data: bytes, name: str = "r.txt"):
    """decode + read_release: the reading and mapping stages of a build, without writing or Arelle."""
    src = api.taxonomy_source()
    return api.read_release(decode(data, name), src, PROFILE, pipeline.extension_source(src, PROFILE))


# -- numbers --------------------------------------------------------------------------------------
NEGATIVE_STYLES = ("({} )", "({})", "△{}", "▲{}", "△ {}", "-{}")


def printed(magnitude: Decimal, places: int) -> str:
    return format(magnitude, f",.{places}f")


@PROPERTY
@given(units=st.integers(0, 10**15), places=st.integers(0, 3), negative=st.booleans(),
       style=st.sampled_from(NEGATIVE_STYLES), scale=st.sampled_from([0, 3, 6]))
def test_printed_figures_parse_back(units: int, places: int, negative: bool, style: str, scale: int):
    magnitude = Decimal(units).scaleb(-places)
    text = printed(magnitude, places)
    if negative:
        text = style.format(text)
    expected = -magnitude if negative else magnitude
    if " " not in text:
        assert parse_number(text) == expected
        assert decimals_of(text, scale) == places - scale
    figures = [t for t in tokenize([f"Total revenues {text} Gross profit"]) if t.value is not None]
    assert len(figures) == 1 and figures[0].value == expected


@PROPERTY
@given(st.text(max_size=60))
def test_number_grammar_never_raises(text: str):
    value = parse_number(text)
    assert value is None or isinstance(value, Decimal)
    if value is not None:
        assert not is_nil(text)
        digits = str(value.copy_abs()).replace(".", "").lstrip("0")
        assert value == 0 or digits in re.sub(r"[^0-9]", "", text).lstrip("0")  # nothing but the text's digits
    for tok in tokenize([text]):
        assert tok.value is None or isinstance(tok.value, Decimal)


# -- periods --------------------------------------------------------------------------------------
MONTH_WORDS = {3: "Three Months Ended", 6: "Six Months Ended", 9: "Nine Months Ended", 12: "Year Ended"}


def date_text(d: date, style: str) -> str:
    name = calendar.month_name[d.month]
    return {"long": f"{name} {d.day}, {d.year}", "abbr": f"{name[:3]}. {d.day}, {d.year}",
            "day-first": f"{d.day} {name} {d.year}", "iso": d.isoformat(),
            "slash": f"{d.year}/{d.month}/{d.day}"}[style]


def same_day_a_year_before(d: date) -> date:
    return date(d.year - 1, d.month, min(d.day, calendar.monthrange(d.year - 1, d.month)[1]))


@PROPERTY
@given(end=st.dates(date(2001, 1, 1), date(2040, 12, 31)), months=st.sampled_from(sorted(MONTH_WORDS)),
       style=st.sampled_from(["long", "abbr", "day-first", "iso", "slash"]), grouped=st.booleans())
def test_duration_headers_give_back_their_periods(end: date, months: int, style: str, grouped: bool):
    before = same_day_a_year_before(end)
    words = MONTH_WORDS[months]
    d1, d2 = date_text(before, style), date_text(end, style)
    header = f"{words} {words} {d1} {d2}" if grouped else f"{words} {d1} {words} {d2}"
    got = column_periods(header, FiscalCalendar())
    assert got == [duration_ending(before, months), duration_ending(end, months)]
    for p in got:
        assert p.start is not None and p.start < p.end
        if p.end.day == calendar.monthrange(p.end.year, p.end.month)[1]:
            assert p.months == months and p.start.day == 1  # whole months from a month-end


@PROPERTY
@given(end=st.dates(date(2001, 1, 1), date(2040, 12, 31)), style=st.sampled_from(["long", "abbr", "day-first", "iso"]))
def test_instant_headers_give_back_their_dates(end: date, style: str):
    before = same_day_a_year_before(end)
    got = column_periods(f"As of {date_text(before, style)} As of {date_text(end, style)}", FiscalCalendar())
    assert [(p.end, p.start) for p in got] == [(before, None), (end, None)]


@PROPERTY
@given(month=st.integers(1, 12), naming=st.sampled_from(["start", "end"]), year=st.integers(2001, 2040),
       kind=st.sampled_from(["FY", "H", "Q", "M"]), part=st.integers(1, 4), short=st.booleans(), spaced=st.booleans())
def test_fiscal_labels_fall_inside_their_fiscal_year(month, naming, year, kind, part, short, spaced):
    cal = FiscalCalendar(month, calendar.monthrange(2001, month)[1], naming)
    y = f"{year % 100:02d}" if short else str(year)
    sep = " " if spaced else ""
    if kind == "FY":
        label, months, offset = f"FY{sep}{y}", 12, 0
    elif kind == "H":
        half = 1 + part % 2
        label, months, offset = (f"{half}H{sep}FY{y}" if spaced else f"{half}H{y}"), 6, 6 * (half - 1)
    elif kind == "Q":
        label, months, offset = (f"{part}Q FY{y}" if spaced else f"{part}Q{y}"), 3, 3 * (part - 1)
    else:
        m = (3, 6, 9)[part % 3]
        label, months, offset = f"{m}M{y}", m, 0
    fy = cal.year(year)
    got = column_periods(label, cal)
    assert len(got) == 1, (label, got)
    p = got[0]
    assert fy.months == 12 and fy.end.month == month
    assert (fy.end.year == year) if naming == "end" or month == 12 else (fy.start.year == year)
    assert fy.start <= p.start <= p.end <= fy.end, (label, p, fy)
    assert p.start == add_months(fy.start, offset) and p.months == months, (label, p)


@PROPERTY
@given(st.text(max_size=80), st.integers(1, 12), st.sampled_from(["start", "end"]))
def test_period_grammar_never_raises(text: str, month: int, naming: str):
    cal = FiscalCalendar(month, calendar.monthrange(2001, month)[1], naming)
    find_periods(text, cal)
    column_periods(text, cal, 6)


# -- a statement with random figures reads back -----------------------------------------------------
@lru_cache(maxsize=1)
def pl_rows() -> tuple[tuple[str, str, Decimal, int], ...]:
    """(label, concept, fact value per printed unit incl. sign, decimal places) of the sample's
    six-month profit-or-loss rows, as the sample itself reads: the rows the generator prints."""
    tables, facts, _ = read(SAMPLE_BYTES)
    table = next(t for t in tables if t.spec == "profit-or-loss")
    out = []
    for row in table.rows:
        fact = next(f for f in facts if f.provenance.line == table.line and f.provenance.label == row.label
                    and f.provenance.table == table.spec)
        cell = row.cells[0]
        places = len(cell.raw.split(".")[1].split()[0]) if "." in cell.raw else 0
        out.append((row.label, fact.concept, fact.value / cell.value, places))
    return tuple(out)


HEADING = "Condensed Consolidated Statements of Profit or Loss (Unaudited)"


@st.composite
def statements(draw):
    """A profit-or-loss statement in the sample's style: (text, {(concept, period): value})."""
    rows = pl_rows()
    months = draw(st.sampled_from([3, 6, 9]))
    year = draw(st.integers(2001, 2035))
    style = draw(st.sampled_from(["long", "abbr"]))
    negative = draw(st.sampled_from(["({} )", "({})", "△{}", "▲{}"]))
    one_per_line = draw(st.booleans())
    ends = [date(year - 1, 9, 30), date(year, 9, 30)]
    periods = [duration_ending(e, months) for e in ends]
    words = MONTH_WORDS[months]
    values: dict[str, list[Decimal | None]] = {}
    for _, concept, _, places in rows:
        if concept not in values:  # a concept printed twice ("Profit (loss)" and "Total") repeats its figures
            units = st.integers(-10**10, 10**10) if places == 0 else st.integers(-99999, 99999)
            values[concept] = [None if draw(st.integers(0, 19)) == 0 else Decimal(draw(units)).scaleb(-places)
                               for _ in periods]
    lines = []
    expected = {}
    for label, concept, factor, places in rows:
        cells = []
        for period, v in zip(periods, values[concept]):
            if v is None:
                cells.append("-")
                continue
            text = printed(abs(v), places)
            cells.append(negative.format(text) if v < 0 else text)
            expected[(concept, period)] = v * factor
        lines.append(f"{label} {' '.join(cells)}")
    header = (f"{HEADING} {words} {words} {date_text(ends[0], style)} {date_text(ends[1], style)} "
              f"Thousands of yen Thousands of yen")
    body = ("\n" if one_per_line else " ").join(lines)
    return f"Results of Example Corp.\n\n{header} {body}\n", expected, periods


@PROPERTY
@given(statements())
def test_a_statement_with_random_figures_reads_back(statement):
    text, expected, periods = statement
    tables, facts, issues = read(text.encode("utf-8"))
    got = {(f.concept, f.period): f.value for f in facts if f.provenance.table == "profit-or-loss"}
    assert got == expected
    assert [t.columns[0].period for t in tables] == [periods[0]]
    assert not [i for i in issues if i.severity != "info"], issues


# -- whatever bytes arrive ------------------------------------------------------------------------
def read_or_refuse(data: bytes) -> list | None:
    """Facts, or None when the input is refused; anything but InputError fails the property."""
    try:
        return read(data)[1]
    except InputError:
        return None


@PROPERTY
@given(st.binary(max_size=2048))
def test_random_bytes_are_read_or_refused(data: bytes):
    read_or_refuse(data)


STATEMENT_BYTES = b"\n\n".join(
    line for line in SAMPLE_BYTES.split(b"\n")
    if line.startswith((b"Condensed Consolidated Statements of Financial Position",
                        b"Condensed Consolidated Statements of Profit or Loss")))[:6000] + b"\n"


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, len(STATEMENT_BYTES)), st.integers(0, 6), st.binary(max_size=6)), max_size=6))
def test_corrupted_statements_are_read_or_refused(edits: list[tuple[int, int, bytes]]):
    data = STATEMENT_BYTES
    for at, drop, insert in edits:
        data = data[:at] + insert + data[at + drop:]
    read_or_refuse(data)


@lru_cache(maxsize=1)
def full_sample() -> tuple[dict, dict]:
    """The sample's values of table facts by (concept, period, dims) (a summary and a statement may
    state one figure at two precisions), and every value of each concept."""
    facts = read(SAMPLE_BYTES)[1]
    exact: dict[tuple, set] = {}
    by_concept: dict[tuple, set] = {}
    for f in facts:
        if f.provenance.table != "narrative":
            exact.setdefault((f.concept, f.period, f.dims), set()).add(f.value)
        by_concept.setdefault((f.concept, f.dims), set()).add(f.value)
    return exact, by_concept


@PROPERTY
@given(cut=st.integers(1, len(SAMPLE_BYTES) - 1), newline=st.booleans())
def test_a_truncated_sample_is_refused_or_yields_only_true_figures(cut: int, newline: bool):
    data = SAMPLE_BYTES[:cut] + (b"\n" if newline else b"")
    facts = read_or_refuse(data)
    if facts is None or newline:
        return  # refused; or a line end added after the cut: a figure cut short then looks whole
    exact, by_concept = full_sample()
    for f in facts:
        if f.provenance.table == "narrative":
            # the period of a stated figure may come from a later sentence that the cut removed
            assert f.value in by_concept.get((f.concept, f.dims), set()), (cut, f)
        else:
            assert f.value in exact.get((f.concept, f.period, f.dims), set()), (cut, f)


def test_truncated_sample_full_builds(tmp_path):
    """A handful of full builds: a cut in the closing notes builds valid with the full figures; a cut
    inside the cash-flow statement is refused (exit 2) and writes nothing."""
    notes = SAMPLE_BYTES.index(b"Changes in Accounting Policies")
    (tmp_path / "notes-cut.txt").write_bytes(SAMPLE_BYTES[:notes])
    result = api.build(tmp_path / "notes-cut.txt", SAMPLE_PROFILE, tmp_path / "a", formats="xbrl")
    assert result.exit_code == 0, result.summary
    exact, _ = full_sample()
    for f in result.filing.facts:
        if f.provenance.table != "narrative":
            assert f.value in exact[(f.concept, f.period, f.dims)], f
    cash = SAMPLE_BYTES.index(b"Cash flows from financing activities")
    (tmp_path / "cf-cut.txt").write_bytes(SAMPLE_BYTES[:cash])
    try:
        api.build(tmp_path / "cf-cut.txt", SAMPLE_PROFILE, tmp_path / "b", formats="xbrl")
    except InputError as e:
        assert "cut off" in str(e)
    else:
        raise AssertionError("a release cut inside its cash-flow statement was built")
    assert not (tmp_path / "b").exists()
