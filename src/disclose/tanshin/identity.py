"""Who files and for which period, from the first page of a Tanshin: no profile needed.

    Consolidated Financial Results for the Third Quarter Ended March 31, 2026 (Japanese GAAP)
    Company name: Example Corporation
    Code number: 1234

The entity identifier is the securities code with TDnet's trailing "0" (1234 -> 12340) under the
TSE scheme; the title gives the period's end and how far into the fiscal year it is, hence the
fiscal year end (the explicit "fiscal year ending June 30, 2026" of the dividend or forecast tables
wins when the release prints one).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from disclose.model import Period
from disclose.profile import TSE_SCHEME
from disclose.tanshin import periods as tp
from disclose.tanshin.layout import CODE, TITLE
from disclose.text.decode import InputError
from disclose.text.periods import FiscalCalendar, add_months, find_dates

COMPANY = re.compile(r"^\s*(?:company\s+name|name\s+of\s+(?:listed\s+)?company|listed\s+company)\s*[:：]\s*(?P<name>.+?)\s*$",
                     re.IGNORECASE)
SUFFIX = re.compile(r"\b(?:Co\.,?\s*Ltd\.?|Corporation|Corp\.|Inc\.|Incorporated|K\.K\.|Kabushiki\s+Kaisha|Limited|Ltd\.|"
                    r"Holdings|Group)\s*$", re.IGNORECASE)
QUARTER = (
    (re.compile(r"\b(?:first\s+quarter|1st\s+quarter|three\s+months)\b", re.I), 3),
    (re.compile(r"\b(?:second\s+quarter|2nd\s+quarter|six\s+months|first\s+half|interim|first\s+six)\b", re.I), 6),
    (re.compile(r"\b(?:third\s+quarter|3rd\s+quarter|nine\s+months)\b", re.I), 9),
    (re.compile(r"\b(?:fiscal\s+year|full\s+year|year\s+ended|annual)\b", re.I), 12),
)
YEAR_END = re.compile(r"\b(?:fiscal\s+)?year\s+(?:ended|ending)\s*:?\s*$", re.IGNORECASE)
FY_NEAR = re.compile(r"\bFY\s?(?P<y>\d{4})\b[^\n]{0,40}")


@dataclass(frozen=True)
class Identity:
    name: str
    code: str
    identifier: str
    title: str
    title_line: int
    period_end: date
    months: int  # how far into the fiscal year the release reports (3, 6, 9, 12)
    year_end: tuple[int, int]  # (month, day)
    naming: str

    def calendar(self) -> FiscalCalendar:
        return FiscalCalendar(self.year_end[0], self.year_end[1], self.naming)

    def current(self) -> Period:
        cal = self.calendar()
        fy = cal.year_containing(self.period_end)
        return Period(self.period_end, fy.start)

    def profile_dict(self) -> dict:
        return {
            "issuer": {"name": self.name, "identifier": self.identifier, "scheme": TSE_SCHEME},
            "fiscal": {"year_end": f"{self.year_end[0]:02d}-{self.year_end[1]:02d}", "naming": self.naming},
            "reporting": {"currency": "JPY", "standard": "jgaap"},
        }


def identify(lines: list[str] | tuple[str, ...], name_hint: str = "") -> Identity:
    head = list(lines[:80])
    code = None
    for line in head:
        m = CODE.search(line)
        if m:
            code = m["code"].upper()
            break
    if code is None:
        raise InputError("Tanshin release without a securities code (\"Code number: 1234\") on its first page")
    title, title_line = "", 0
    for i, line in enumerate(lines[:60]):
        if TITLE.search(line):
            title, title_line = re.sub(r"\s+", " ", line).strip(), i + 1
            break
    if not title:
        raise InputError("Tanshin release without a title (\"Consolidated Financial Results for the ...\")")
    dates = find_dates(title)
    if not dates and title_line < len(lines):  # the title wrapped: "... for the Nine Months Ended" / "December 31, 2025"
        title = title + " " + " ".join(lines[title_line].split())
        dates = find_dates(title)
    if not dates:
        raise InputError(f"line {title_line}: the title names no period end", title_line)
    end = dates[-1].date
    months = 12
    for rx, n in QUARTER:
        if rx.search(title):
            months = n
            break
    year_end = _year_end(lines, end, months)
    naming = _naming(lines, year_end)
    name = name_hint or _company(lines, code)
    return Identity(name, code, code + "0" if len(code) == 4 else code, title, title_line, end, months, year_end, naming)


def _company(lines, code: str) -> str:
    for line in lines[:40]:
        m = COMPANY.match(line)
        if m:
            return m["name"].strip()
    rx = re.compile(r"^\s*(?P<name>.+?)\s*\(\s*(?:TSE\s*)?" + re.escape(code) + r"\s*\)")
    for line in lines:
        m = rx.match(line)
        if m and SUFFIX.search(m["name"]):
            return m["name"].strip()
    for line in lines[:30]:
        s = line.strip()
        if SUFFIX.search(s) and len(s) < 80 and not CODE.search(s):
            return s
    raise InputError("Tanshin release without a company name on its first page")


def _year_end(lines, end: date, months: int) -> tuple[int, int]:
    """The fiscal year end: stated ("fiscal year ending June 30, 2026") or from the title's period."""
    votes: Counter = Counter()
    for line in lines[:200]:
        for d in find_dates(line):
            before = line[max(0, d.pos - 30):d.pos]
            if YEAR_END.search(before):
                votes[(d.date.month, d.date.day)] += 1
    if months == 12:
        return end.month, end.day
    if votes:
        return votes.most_common(1)[0][0]
    fy_end = add_months(end, 12 - months)
    return fy_end.month, fy_end.day


def _naming(lines, year_end: tuple[int, int]) -> str:
    """Whether "FY2025" names the year that starts (April 2025 - March 2026) or ends in 2025."""
    for i, line in enumerate(lines):
        for m in FY_NEAR.finditer(line):
            tail = m.group(0) + " " + (lines[i + 1] if i + 1 < len(lines) else "")
            found = tp.find(tail[len(m["y"]) + 3:])
            if not found:
                continue
            y = int(m["y"])
            d = found[0].period.end
            if d.year == y + 1 and d.month == year_end[0]:
                return "start"
            if d.year == y and d.month == year_end[0]:
                return "end"
    return "start" if year_end[0] <= 3 else "end"
