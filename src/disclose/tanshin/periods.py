"""Period expressions of Tanshin releases, in the order they occur in a header or row label.

    July 1, 2024 thru March 31, 2025 / April 1, 2024 - March 31, 2025 / From April 1, 2025 to ...
    April 2025 - March 2026 / Fiscal year 24/4 - 25/3           -> durations
    Nine months ended March 31, 2026 / Fiscal year ended June 30, 2025 / year ending June 30, 2026
    March 31, 2026 / As of March 31, 2025                       -> instants (or durations by context)
    FY2026                                                      -> a fiscal year of the calendar
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from disclose.model import Period
from disclose.text.periods import MONTHS, FiscalCalendar, add_months, duration_ending, find_dates

_MON = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_RANGE_JOIN = re.compile(r"^[\s(),]*(?:thru|through|to|until|[-–—~〜])[\s(),]*$", re.IGNORECASE)
MONTH_YEAR_RANGE = re.compile(
    rf"\b(?P<m1>{_MON})\s*,?\s*(?P<y1>\d{{4}})\s*(?:[-–—~〜]|to|thru|through)\s*(?P<m2>{_MON})\s*,?\s*(?P<y2>\d{{4}})\b",
    re.IGNORECASE)
# "April-June 2025", "October - March 2026" (the first month's year is the second's, or the one before)
MONTH_RANGE_ONE_YEAR = re.compile(
    rf"\b(?P<m1>{_MON})\s*(?:[-–—~〜]|to|thru|through)\s*(?P<m2>{_MON})\s*,?\s*(?P<y>\d{{4}})\b", re.IGNORECASE)
SLASH_RANGE = re.compile(r"(?<![\d/])(?P<y1>\d{2})/(?P<m1>\d{1,2})\s*[-–—~〜]\s*(?P<y2>\d{2})/(?P<m2>\d{1,2})(?![\d/])")
_NUM = {"one": 1, "two": 2, "three": 3, "six": 6, "nine": 9, "twelve": 12}
LEAD = re.compile(
    r"(?:(?P<n>one|two|three|six|nine|twelve|\d{1,2})[\s-]*months?(?:\s+period)?|(?P<fy>(?:fiscal\s+)?year|full\s+year)"
    r"|(?P<q>(?:first|second|third|1st|2nd|3rd)\s+quarter))\s*(?:ended|ending|ends|to)?\s*:?\s*$",
    re.IGNORECASE)
FY_LABEL = re.compile(r"(?<![A-Za-z0-9])FY\s?(?P<y>\d{4})(?![0-9])")
FORECAST_WORDS = re.compile(r"\b(?:forecasts?|projected|projection|outlook|plan)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    pos: int
    end: int
    period: Period
    kind: str  # "range" | "lead" (n months ended DATE) | "date" | "fy"


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find(text: str, cal: FiscalCalendar | None = None) -> list[Found]:
    """Every period expression in `text`, left to right, without overlaps."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in MONTH_YEAR_RANGE.finditer(text):
        try:
            start = date(int(m["y1"]), _month(m["m1"]), 1)
            end = _month_end(int(m["y2"]), _month(m["m2"]))
        except (KeyError, ValueError):
            continue
        out.append(Found(m.start(), m.end(), Period(end, start), "range"))
        taken.append((m.start(), m.end()))
    for m in MONTH_RANGE_ONE_YEAR.finditer(text):
        if not free(m.start(), m.end()):
            continue
        try:
            m1, m2, y = _month(m["m1"]), _month(m["m2"]), int(m["y"])
            start = date(y if m1 <= m2 else y - 1, m1, 1)
            end = _month_end(y, m2)
        except (KeyError, ValueError):
            continue
        out.append(Found(m.start(), m.end(), Period(end, start), "range"))
        taken.append((m.start(), m.end()))
    for m in SLASH_RANGE.finditer(text):
        try:
            start = date(2000 + int(m["y1"]), int(m["m1"]), 1)
            end = _month_end(2000 + int(m["y2"]), int(m["m2"]))
        except ValueError:
            continue
        if end <= start or free(m.start(), m.end()) is False:
            continue
        out.append(Found(m.start(), m.end(), Period(end, start), "range"))
        taken.append((m.start(), m.end()))
    dates = [d for d in find_dates(text) if free(d.pos, d.end)]
    i = 0
    while i < len(dates):
        d = dates[i]
        if i + 1 < len(dates) and _RANGE_JOIN.match(text[d.end:dates[i + 1].pos]) and dates[i + 1].date > d.date:  # type: ignore[operator]
            nxt = dates[i + 1]
            out.append(Found(d.pos, nxt.end, Period(nxt.date, d.date), "range"))  # type: ignore[arg-type]
            taken.append((d.pos, nxt.end))
            i += 2
            continue
        lead = LEAD.search(text[max(0, d.pos - 40):d.pos])
        if lead:
            if lead["n"]:
                n = _NUM.get(lead["n"].lower()) or int(lead["n"])
                per = duration_ending(d.date, n)  # type: ignore[arg-type]
            elif lead["q"] and cal is not None:
                per = Period(d.date, cal.year_containing(d.date).start)  # type: ignore[arg-type]
            else:
                per = duration_ending(d.date, 12)  # type: ignore[arg-type]
            a = max(0, d.pos - 40) + lead.start()
            out.append(Found(a, d.end, per, "lead"))
        else:
            out.append(Found(d.pos, d.end, Period(d.date), "date"))  # type: ignore[arg-type]
        taken.append((d.pos, d.end))
        i += 1
    if cal is not None:
        for m in FY_LABEL.finditer(text):
            if free(m.start(), m.end()):
                out.append(Found(m.start(), m.end(), cal.year(int(m["y"])), "fy"))
    out.sort(key=lambda f: f.pos)
    return out


def year_to_date(d: date, cal: FiscalCalendar) -> Period:
    """The cumulative period of the fiscal year that ends on `d` (a quarter-end or the year-end)."""
    fy = cal.year_containing(d)
    return Period(d, fy.start)


def shift_year(p: Period, years: int = -1) -> Period:
    def sh(d: date) -> date:
        return add_months(d, 12 * years)
    return Period(sh(p.end), sh(p.start) if p.start else None)
