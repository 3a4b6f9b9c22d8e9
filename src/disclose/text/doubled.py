"""Lines whose characters an extractor printed twice ("CCoonnssoolliiddaatteedd"), printed once.

Some PDF extractors emit every glyph of a bold heading twice (the glyph is drawn twice, slightly
offset). A line is mended only when every word of it is doubled that way and it has a word of at
least four letters, so a figure such as 1,100 or a word such as "Ltd." is never touched."""
from __future__ import annotations

MIN_LETTERS = 4  # a doubled line has a word of at least this many letters once mended


def _doubled(word: str) -> bool:
    return len(word) >= 2 and len(word) % 2 == 0 and word[0::2] == word[1::2]


def mend_line(line: str) -> str:
    words = line.split()
    if not words or not all(_doubled(w) for w in words):
        return line
    if not any(sum(c.isalpha() for c in w[0::2]) >= MIN_LETTERS for w in words):
        return line
    out, at = [], 0
    for w in words:  # keep the line's own spacing
        k = line.index(w, at)
        out.append(line[at:k] + w[0::2])
        at = k + len(w)
    return "".join(out) + line[at:]


def mend(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The lines with each doubled line printed once (line numbers unchanged)."""
    return tuple(mend_line(line) for line in lines)
