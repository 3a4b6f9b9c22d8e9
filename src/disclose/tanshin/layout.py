"""The page layout of a Tanshin text: what is furniture, what is a heading, how figures are rounded.

A Tanshin (決算短信) flattened from its PDF keeps one table row per line, but also the pages'
running headers ("Example Corporation (1234)", "- 4 -"), page markers ("=== PAGE 3 ==="), table
of contents lines with dot leaders, and words broken by stray spaces ("Ma rch 31"). `clean_lines`
blanks the furniture and mends month names so dates parse, keeping every line at its number.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass

from disclose.tanshin.cover import find_field
from disclose.text.grammar import title_rx
from disclose.text.tokens import norm

PAGE_MARK = re.compile(r"^\s*=+\s*PAGE\s+\d+\s*=+\s*$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
LEADERS = re.compile(r"(?:[·•．.…‥・]\s*){6,}")
_MONTH_NAMES = [m for m in calendar.month_name if m]
# a month name broken by stray spaces ("Ma rch", "Ap ril"): letters with single optional spaces
_BROKEN_MONTHS = [(re.compile(r"\b" + r" ?".join(m) + r"\b", re.IGNORECASE), m) for m in _MONTH_NAMES if len(m) > 3]

GAAP_MARKS = ("japanese gaap", "jp gaap", "j-gaap", "jgaap", "japanese generally accepted accounting principles",
              "jp-gaap")
US_GAAP_MARKS = ("(u.s. gaap)", "[u.s. gaap]", "(us gaap)", "[us gaap]", "(u.s.gaap)")
IFRS_MARK = re.compile(r"[(\[]\s*[\"“']?\s*ifrs\b|\bifrs\s+basis\b|\(\s*international\s+financial\s+reporting\s+standards\s*\)"
                       r"|in\s+accordance\s+with\s+(?:the\s+)?international\s+financial\s+reporting\s+standards")
TITLE = title_rx()  # the one title pattern (data/grammar.yaml)
CODE = re.compile(
    r"(?:code\s*(?:number|no\.?)?|securities\s+code|stock\s+code|listing\s+code|ticker\s+code)\s*[:：]?\s*"
    r"(?:no\.?\s*)?(?P<code>[0-9][0-9A-Z]{3})\b",
    re.IGNORECASE)

# how a release says its amounts are cut, not rounded (matched on norm()ed text: no spaces)
TRUNCATE_KEYS = ("roundeddown", "rounddown", "truncated", "truncate", "discardingfraction", "disregardingfraction",
                 "fractionsarediscarded", "fractionaldiscarded", "areomitted", "isomitted", "beenomitted", "cutoff",
                 "切捨", "切り捨")
ROUND_KEYS = ("roundedtothenearest", "roundedoff", "roundedup", "arerounded", "rounding", "四捨五入")


def mend_months(line: str) -> str:
    for rx, month in _BROKEN_MONTHS:
        if rx.search(line):
            line = rx.sub(month, line)
    return line


SPLIT_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*,\s*$")  # "2,998 2," (the rest, "998", on the next line)
FIGURE_REST = re.compile(r"^\s*(\d{3}(?:,\d{3})*)(?![\d,.])\s*(.*)$")


def mend_split_figures(lines: list[str]) -> list[str]:
    """Rejoin a figure the extractor broke after a thousands separator: the digits that start the
    next line go back onto the line that ends with "2,", and that line is left blank (line numbers stay)."""
    out = list(lines)
    for i in range(len(out) - 1):
        if SPLIT_FIGURE.search(out[i]):
            m = FIGURE_REST.match(out[i + 1])
            if m and not m[2]:
                out[i] = out[i].rstrip() + m[1]
                out[i + 1] = ""
    return out


def is_tanshin(lines: tuple[str, ...] | list[str]) -> bool:
    """A results release in the Tanshin layout (English): a results title and a securities code
    on its first page, under Japanese GAAP or IFRS (US GAAP statements are not in the taxonomy)."""
    head = "\n".join(lines[:200]).lower()
    if any(m in head for m in US_GAAP_MARKS):
        return False
    title = bool(TITLE.search("\n".join(lines[:40])))
    code = bool(CODE.search("\n".join(lines[:60]))) or find_field(lines, "code", 60) is not None
    gaap = any(m in head for m in GAAP_MARKS) or "tanshin" in head
    return (title and code) or (gaap and (title or code))


def standard_of(lines: tuple[str, ...] | list[str]) -> str:
    """"ifrs" when the first page says the figures are under IFRS, else "jgaap"."""
    head = "\n".join(lines[:60]).lower()
    return "ifrs" if IFRS_MARK.search(head) else "jgaap"


def securities_code(lines: tuple[str, ...] | list[str]) -> tuple[str, int] | None:
    for i, line in enumerate(lines[:80]):
        m = CODE.search(line)
        if m:
            return m["code"].upper(), i + 1
    return None


@dataclass(frozen=True)
class Rounding:
    mode: str  # "truncate" | "round"
    line: int  # where the release says so (0: not stated, rounding assumed)
    text: str = ""


def rounding_rule(lines: tuple[str, ...] | list[str]) -> Rounding:
    """How the release cuts its figures to millions: "rounded down" and the like mean truncation."""
    for i, line in enumerate(lines):
        key = norm(line)
        if not key:
            continue
        if ("million" in key or "thousand" in key or "billion" in key or "円" in key or "amount" in key or "figure" in key) \
                and any(k in key for k in TRUNCATE_KEYS):
            return Rounding("truncate", i + 1, line.strip())
    for i, line in enumerate(lines):
        key = norm(line)
        if ("million" in key or "thousand" in key or "円" in key) and any(k in key for k in ROUND_KEYS):
            return Rounding("round", i + 1, line.strip())
    return Rounding("round", 0)


def clean_lines(lines: tuple[str, ...] | list[str], code: str | None) -> list[str]:
    """The release's lines with page furniture blanked (same length, so line numbers stay)."""
    out = mend_split_figures([mend_months(line.replace("\u3000", " ")) for line in lines])
    counts = Counter(l.strip() for l in out if l.strip())
    running = re.compile(r"\(\s*" + re.escape(code) + r"\s*\)") if code else None
    heads = [i for i, line in enumerate(out) if running is not None and running.search(line.strip())
             and counts[line.strip()] >= 2 and len(line.strip()) < 90]
    # the lines that follow the running header on most pages ("Fiscal Year Ended March 31, 2026")
    follow: Counter = Counter()
    for i in heads:
        j = _next_text(out, i)
        if j is not None:
            follow[out[j].strip()] += 1
    for i in heads:
        out[i] = ""
        j, seen = i, 0
        while seen < 2:
            j = _next_text(out, j)
            if j is None:
                break
            t = out[j].strip()
            if PAGE_NUMBER.match(t) or (follow[t] >= 3 and follow[t] >= len(heads) // 2):
                out[j] = ""
                seen += 1
                continue
            break
    for i, line in enumerate(out):
        s = line.strip()
        if s and (PAGE_MARK.match(s) or LEADERS.search(s)):
            out[i] = ""
            # a page number right after the marker, or the footer's just before it
            j = _next_text(out, i)
            if j is not None and j <= i + 4 and PAGE_NUMBER.match(out[j].strip()):
                out[j] = ""
            j = _previous_text(out, i)
            if j is not None and j >= i - 3 and PAGE_NUMBER.match(out[j].strip()):
                out[j] = ""
    return out


def _previous_text(lines: list[str], i: int) -> int | None:
    for j in range(i - 1, max(-1, i - 6), -1):
        if lines[j].strip():
            return j
    return None


def _next_text(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, min(len(lines), i + 6)):
        if lines[j].strip():
            return j
    return None
