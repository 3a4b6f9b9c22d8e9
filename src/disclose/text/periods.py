"""The period grammar: dates, "Six months ended", fiscal labels ("1H20", "3Q FY2020", "FY2020").

A `FiscalCalendar` (year-end month and day, and whether "FY2020" names the year that starts or
ends in 2020) turns fiscal labels into XBRL periods.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from disclose.model import Period

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9

_MONTH_RE = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_RE = re.compile(
    rf"(?:\b{_MONTH_RE}\s*(?P<day>\d{{1,2}})\s*,?\s*(?P<year>\d{{4}})\b"
    rf"|\b(?P<day2>\d{{1,2}})\s+{_MONTH_RE.replace('mon', 'mon2')}\s*,?\s*(?P<year2>\d{{4}})\b"
    rf"|\b(?P<iy>\d{{4}})[-/](?P<im>\d{{1,2}})[-/](?P<id>\d{{1,2}})\b)",
    re.IGNORECASE,
)
_NUMWORDS = {"one": 1, "three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12, "1": 1}
DURATION_RE = re.compile(
    r"\b(?:(?P<n>one|three|six|nine|twelve|3|6|9|12)[\s-]*months?|(?P<fy>(?:fiscal\s+)?years?)|(?P<q>quarters?))"
    r"\s+(?:period\s+)?(?:ended|ending|ends|to)\b",
    re.IGNORECASE,
)
FISCAL_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<q>[1-4])Q|Q(?P<q2>[1-4])|(?P<h>[12])H|H(?P<h2>[12])|(?P<m>9|6|3)M)\s*(?:FY\s*)?(?P<y>\d{4}|\d{2})(?![0-9])"
    r"|(?<![A-Za-z0-9])FY\s*(?P<fy>\d{4}|\d{2})(?![0-9])"
    r"|(?<![A-Za-z0-9])(?P<q3>[1-4])Q\s+FY\s*(?P<y3>\d{4}|\d{2})(?![0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FiscalCalendar:
    year_end_month: int = 3
    year_end_day: int = 31
    naming: str = "start"  # "start": FY2020 starts in 2020; "end": FY2020 ends in 2020

    def year(self, label_year: int) -> Period:
        """The whole fiscal year a label such as FY2020 names."""
        end_year = label_year + 1 if self.naming == "start" and self.year_end_month != 12 else label_year
        # a February year end on the 28th is the month's end: the 29th in leap years (else 2H/4Q overrun the year)
        day = 29 if self.year_end_month == 2 and self.year_end_day == 28 else self.year_end_day
        end = date(end_year, self.year_end_month, _last_day(end_year, self.year_end_month, day))
        return Period(end, add_months(end, -12) + timedelta(days=1))

    def year_containing(self, d: date) -> Period:
        for y in (d.year - 1, d.year, d.year + 1):
            p = self.year(y)
            if p.start <= d <= p.end:  # type: ignore[operator]
                return p
        raise ValueError(d)

    def part(self, label_year: int, months: int, first_month_offset: int = 0) -> Period:
        """`months` months of fiscal year `label_year`, starting `first_month_offset` months in."""
        fy = self.year(label_year)
        start = add_months(fy.start, first_month_offset)  # type: ignore[arg-type]
        end = add_months(start, months) - timedelta(days=1)
        return Period(end, start)


def _last_day(year: int, month: int, day: int) -> int:
    return min(day, calendar.monthrange(year, month)[1])


def add_months(d: date, n: int) -> date:
    """Add months keeping month-ends at month-ends (Sep 30 + 6 = Mar 31)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    is_end = d.day == calendar.monthrange(d.year, d.month)[1]
    return date(year, month, last if is_end else min(d.day, last))


def duration_ending(end: date, months: int) -> Period:
    """A period of whole months ending on `end` (a month-end)."""
    start = add_months(end + timedelta(days=1), -months) if end.day == calendar.monthrange(end.year, end.month)[1] else None
    if start is None:
        start = add_months(end, -months) + timedelta(days=1)
    return Period(end, start)


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


@dataclass(frozen=True)
class Found:
    """A period expression found in a header, with its place in the text."""

    pos: int
    end: int
    kind: str  # "date" | "duration" | "fiscal"
    date: date | None = None
    months: int = 0
    period: Period | None = None
    text: str = ""


def find_dates(text: str) -> list[Found]:
    out = []
    for m in DATE_RE.finditer(text):
        try:
            if m["mon"]:
                d = date(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]))
            elif m["mon2"]:
                d = date(int(m["year2"]), MONTHS[m["mon2"].lower().rstrip(".")], int(m["day2"]))
            else:
                d = date(int(m["iy"]), int(m["im"]), int(m["id"]))
        except (ValueError, KeyError):
            continue
        out.append(Found(m.start(), m.end(), "date", date=d, text=m.group(0)))
    return out


def strip_date(label: str) -> tuple[str, date | None]:
    """ "Balance, April 1, 2019" -> ("Balance", 2019-04-01): a row label's last date says which
    instant its figures are at; the rest of the label is what it is matched by."""
    found = find_dates(label)
    if not found:
        return label, None
    f = found[-1]
    rest = (label[:f.pos] + label[f.end:]).strip(" ,")
    return (rest or label), f.date


def find_periods(text: str, cal: FiscalCalendar) -> list[Found]:
    """Every date, duration phrase and fiscal label in `text`, in order."""
    out = find_dates(text)
    for m in DURATION_RE.finditer(text):
        months = _NUMWORDS[m["n"].lower()] if m["n"] else (12 if m["fy"] else 3)
        out.append(Found(m.start(), m.end(), "duration", months=months, text=m.group(0)))
    for m in FISCAL_RE.finditer(text):
        if m["fy"]:
            p = cal.year(_year(m["fy"]))
        else:
            y = _year(m["y"] or m["y3"])
            q = m["q"] or m["q2"] or m["q3"]
            h = m["h"] or m["h2"]
            if q:
                p = cal.part(y, 3, 3 * (int(q) - 1))
            elif h:
                p = cal.part(y, 6, 6 * (int(h) - 1))
            else:
                p = cal.part(y, int(m["m"]))
        out.append(Found(m.start(), m.end(), "fiscal", period=p, text=m.group(0)))
    out.sort(key=lambda f: f.pos)
    return out


def column_periods(text: str, cal: FiscalCalendar, default_months: int = 0) -> list[Period]:
    """The periods of a table's columns, in column order, from its header text.

    "Six Months Ended Six Months Ended September 30, 2019 September 30, 2020" gives two six-month
    durations; bare dates are instants unless `default_months` says the table reports durations.
    Dates introduced by "on" (revision or announcement dates) are not columns.
    """
    found = [f for f in find_periods(text, cal) if not _announced(text, f)]
    fiscal = [f.period for f in found if f.kind == "fiscal"]
    dates = [f for f in found if f.kind == "date"]
    durations = [f for f in found if f.kind == "duration"]
    if fiscal and not dates:
        return [p for p in fiscal if p is not None]
    out: list[Period] = []
    for i, d in enumerate(dates):
        before = [u for u in durations if u.pos < d.pos]
        if len(durations) == len(dates) and durations:
            months = durations[i].months
        elif before:
            months = before[-1].months
        else:
            months = default_months
        out.append(duration_ending(d.date, months) if months else Period(d.date))  # type: ignore[arg-type]
    return out


def _announced(text: str, f: Found) -> bool:
    head = text[max(0, f.pos - 12):f.pos].lower()
    return f.kind == "date" and bool(re.search(r"\b(on|dated|revised|announced)\s*$", head))
