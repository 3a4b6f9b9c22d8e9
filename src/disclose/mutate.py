"""Rewrite one printed figure of a release: the tool behind the mutation tests and benchmark.

A filing proves its figures only if changing any one of them makes validation fail; these helpers
find where a fact was printed and change its leading digit, far beyond any rounding slack.
"""
from __future__ import annotations

import re

from disclose.model import Fact


def printed_digits(fact: Fact) -> str:
    """The digits of the figure as printed ("(1,234 )" -> "1,234", "JPY12.5 billion" -> "12.5")."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", fact.provenance.text)
    return m.group(0) if m else ""


def mutate_line(line: str, digits: str) -> str | None:
    """Change the leading digit of the one occurrence of `digits` in `line` (None if not unique)."""
    pattern = re.compile(r"(?<![\d,.])" + re.escape(digits) + r"(?![\d]|,\d|\.\d)")
    found = list(pattern.finditer(line))
    if len(found) != 1 or not digits:
        return None
    m = found[0]
    first = int(digits[0])
    new_first = str(first + 1) if first < 9 else "1"
    new = new_first + digits[1:] if first < 9 else "1" + "0" + digits[1:]
    return line[:m.start()] + new + line[m.end():]


def mutate(text: str, fact: Fact) -> tuple[str, int] | None:
    """The release text with `fact`'s printed figure changed, and the changed line (1-based)."""
    lines = text.split("\n")
    idx = fact.provenance.line - 1
    if not (0 <= idx < len(lines)):
        return None
    changed = mutate_line(lines[idx], printed_digits(fact))
    if changed is None:
        return None
    lines[idx] = changed
    return "\n".join(lines), fact.provenance.line
