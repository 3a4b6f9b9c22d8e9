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
from datetime import date, timedelta

from disclose.model import Period
from disclose.profile import TSE_SCHEME
from disclose.tanshin import periods as tp
from disclose.tanshin.cover import cover_data, find_field
from disclose.tanshin.layout import CODE, TITLE, mend_months
from disclose.text.tokens import norm
from disclose.text.decode import InputError
from disclose.text.grammar import year_end_rx
from disclose.text.periods import FiscalCalendar, add_months, find_dates

SUFFIX = re.compile(r"\b(?:Co\.,?\s*Ltd\.?|Corporation|Corp\.|Inc\.|Incorporated|K\.K\.|Kabushiki\s+Kaisha|Limited|Ltd\.|"
                    r"Holdings|Group|CO\.)\s*$", re.IGNORECASE)
FY_BEFORE = year_end_rx()  # the one year-end pattern (data/grammar.yaml)
ENDED_BEFORE = re.compile(r"\b(?:ended|ending)\s*:?\s*$", re.IGNORECASE)
GROUP_TAIL = re.compile(r"\s+and\s+(?:its\s+)?(?:consolidated\s+)?subsidiaries\s*$", re.IGNORECASE)
NAME_SCHEME = "https://disclose.dev/entity-name"  # the identifier is the issuer's name: the release states no code
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
    warnings: tuple[tuple[str, int], ...] = ()  # (message, line) of fields the first page lacks

    def calendar(self) -> FiscalCalendar:
        return FiscalCalendar(self.year_end[0], self.year_end[1], self.naming)

    def current(self) -> Period:
        cal = self.calendar()
        fy = cal.year_containing(self.period_end)
        return Period(self.period_end, fy.start)

    def profile_dict(self) -> dict:
        return {
            "issuer": {"name": self.name, "identifier": self.identifier, "scheme": TSE_SCHEME if self.code else NAME_SCHEME},
            "fiscal": {"year_end": f"{self.year_end[0]:02d}-{self.year_end[1]:02d}", "naming": self.naming},
            "reporting": {"standard": "jgaap"},  # the currency: what the unit lines name
        }


def identify(lines: list[str] | tuple[str, ...], name_hint: str = "") -> Identity:
    """Who files and for which period; a field that cannot be found falls back with a warning."""
    warnings: list[tuple[str, int]] = []
    code_field = find_field(lines, "code", 80)
    code = code_field.value if code_field else None
    if code is None:
        for line in lines[:80]:
            m = CODE.search(line)
            if m:
                code = m["code"].upper()
                break
    if code is None:
        code = ""
        warnings.append((("the first page states no securities code (\"Code number: 1234\"): the entity identifier "
                         "falls back to the issuer's name; give a profile (--profile) to file under the code"), 0))
    title, title_line = _title(lines)
    end, months, fy_end = title_period(title) if title else (None, 12, None)
    if end is None:
        # no results title ("Consolidated Financial Statements" of an annual report): the first
        # line near the top that states a period ("Year ended December 31, 2024")
        found = _period_line(lines)
        if found is None:
            if not title:
                raise InputError("results release without a title (\"Consolidated Financial Results for the ...\") "
                                 "or a line stating its period (\"Year ended March 31, 2026\") near the top")
            raise InputError(f"line {title_line}: the title names no period end", title_line)
        title, title_line = found
        end, months, fy_end = title_period(title)
        if end is None:  # _period_line found a date in it: not reached
            raise InputError(f"line {title_line}: the line names no period end", title_line)
        warnings.append(((f"no results title on the first page: the period is the one line {title_line} states "
                         f"({title!r})"), title_line))
    year_end = (fy_end.month, fy_end.day) if fy_end else _year_end(lines, end, months)
    naming = _naming(lines, year_end)
    # no company named: the securities code names the issuer, else the file's stem
    name = _company(lines, code) or ""
    if not name:
        name = f"Securities code {code}" if code else (name_hint or "Unnamed issuer")
        after = " after the file" if not code and name_hint else ""
        warnings.append(((f"the first page names no company the reader recognises: the filing names the issuer "
                         f"{name!r}{after}; give a profile (--profile) to name it"), 0))
    identifier = (code + "0" if len(code) == 4 else code) if code else name_identifier(name)
    return Identity(name, code, identifier, title, title_line, end, months, year_end, naming, tuple(warnings))


def name_identifier(name: str) -> str:
    """An entity identifier from the issuer's name when the release states no code ("Nintendo Co., Ltd." -> "NINTENDO")."""
    core = SUFFIX.sub("", name.strip()).strip(" ,.") or name
    return re.sub(r"[^A-Z0-9]+", "-", core.upper()).strip("-")[:40] or "ISSUER"


def _title(lines) -> tuple[str, int]:
    """The title with the lines it wraps onto ("... for the first half" / "of Fiscal Year ending ...")."""
    for i, line in enumerate(lines[:60]):
        if TITLE.search(line):
            parts = [line]
            for j in range(i + 1, min(len(lines), i + 4)):
                nxt = lines[j].strip()
                if not nxt:
                    if len(parts) > 1:
                        break
                    continue
                if find_field([nxt], "name", 1) or find_field([nxt], "code", 1) or len(nxt) > 120:
                    break
                if not _continues(" ".join(parts)):
                    break
                parts.append(nxt)
            return re.sub(r"\s+", " ", " ".join(parts)).strip(), i + 1
    return "", 0


PERIOD_LINE = re.compile(r"\b(?:year|months|quarter|half|period)\s+(?:ended|ending)\b", re.IGNORECASE)


def _period_line(lines) -> tuple[str, int] | None:
    """(text, 1-based line) of the first short line near the top that names a period and its end."""
    for i, line in enumerate(lines[:40]):
        s = " ".join(line.split())
        if s and len(s) < 120 and PERIOD_LINE.search(s) and find_dates(s):
            return s, i + 1
    return None


def _continues(title: str) -> bool:
    """A title that does not end with its period yet (wrapped at "ending" or inside "(April 1, 2026 -")."""
    t = title.rstrip()
    if t.count("(") > t.count(")"):
        return True
    tail = t[-40:]
    found = find_dates(tail)
    return not found or found[-1].end < len(tail) - 25 or bool(re.search(r"(?:ended|ending|the|of|for|[-–~,])\s*$", t, re.I))


def title_period(title: str) -> tuple[date | None, int, date | None]:
    """(period end, months into the fiscal year, fiscal year end if stated) from a title.

    "First Quarter Ended June 30, 2026" ends on that day; "First Quarter of the Fiscal Year Ending
    March 31, 2027" three months into the year that ends then; "(April 1, 2026 - June 30, 2026)" at
    the range's end.
    """
    text = mend_months(title)
    squeezed = norm(text)
    months = 12
    for n, words in cover_data()["quarters"].items():
        if any(norm(w) in squeezed for w in words):
            months = int(n)
            break
    fy_end = ended = None
    for d in find_dates(text):
        before = text[max(0, d.pos - 40):d.pos]
        if FY_BEFORE.search(before):
            fy_end = fy_end or d.date
        elif ENDED_BEFORE.search(before):
            ended = ended or d.date
    ranges = [f.period for f in tp.find(text) if f.kind == "range"]
    if ended is not None:
        end = ended
    elif ranges:
        end = ranges[0].end
    elif fy_end is not None:
        end = fy_end if months == 12 else add_months(fy_end + timedelta(days=1), months - 12) - timedelta(days=1)
    else:
        dates = find_dates(text)
        end = dates[-1].date if dates else None  # type: ignore[assignment]
    if months == 12 and fy_end is None and end is not None:
        fy_end = end
    return end, months, fy_end


def _company(lines, code: str) -> str:
    found = find_field(lines, "name", 60)
    if found:
        return found.value
    rx = re.compile(r"^\s*(?P<name>.+?)\s*\(\s*(?:TSE\s*)?" + re.escape(code) + r"\s*\)")
    for line in lines if code else ():
        m = rx.match(line)
        if m and SUFFIX.search(m["name"]):
            return m["name"].strip()
    for line in lines[:30]:
        s = GROUP_TAIL.sub("", line.strip())
        if SUFFIX.search(s) and len(s) < 80 and not CODE.search(s):
            return s
    return ""


def _year_end(lines, end: date, months: int) -> tuple[int, int]:
    """The fiscal year end: stated ("fiscal year ending June 30, 2026") or from the title's period."""
    votes: Counter = Counter()
    for line in lines[:200]:
        for d in find_dates(line):
            before = line[max(0, d.pos - 30):d.pos]
            if FY_BEFORE.search(before):
                votes[(d.date.month, d.date.day)] += 1  # type: ignore[union-attr]
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
