"""Synthetic releases in the sample's style, for scaling measurements.

The sample's financial statements (financial position, profit or loss, comprehensive income,
changes in equity, cash flows, segments) are repeated with every year shifted by two per copy,
so each copy adds the same tables for new, non-overlapping periods: the same rows, the same
figures (calculations stay consistent), more contexts per concept. The narrative before and
after the statements is kept once, as in a real release.

    python bench/synth.py 220 out/big.txt     # ~100k facts; writes out/big.toml next to it
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "disclose" / "samples" / "iij-1h-fy2020.txt"
PROFILE = SAMPLE.with_suffix(".toml")

FIRST = "Condensed Consolidated Statements of Financial Position"
LAST = "Intersegment transactions are based on market price."
_YEAR = re.compile(r"\b(20[12]\d)\b")

#: Facts one copy of the statements adds (measured on the sample; the benchmark re-counts).
FACTS_PER_COPY = 432

#: The smallest release the pipeline accepts: one whole statement (a cut-off one is refused).
#: Building it costs about what every build costs whatever its size (the fixed start-up).
MINIMAL_STATEMENT = FIRST


def _split(text: str) -> tuple[str, str, str]:
    """(text before the statements, the statements, text after them)."""
    start = text.index(FIRST)
    start = text.rfind("\n", 0, start) + 1
    end = text.index(LAST, start)
    end = text.index("\n", end) + 1
    return text[:start], text[start:end], text[end:]


def shifted(block: str, years: int) -> str:
    """The block with every year 2010-2029 moved by `years` (figures never hit: they have commas)."""
    if not years:
        return block
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), block)


def minimal_text() -> str:
    """Only the sample's statement of financial position (one paragraph)."""
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index(MINIMAL_STATEMENT)
    return text[start:text.index("\n", start) + 1]


def release_text(copies: int) -> str:
    """The sample with its statements repeated `copies` times (copies=1 is the sample itself)."""
    if copies < 1:
        raise ValueError("copies must be >= 1")
    head, block, tail = _split(SAMPLE.read_text(encoding="utf-8"))
    # newest periods first, as releases print them; copy 0 keeps the sample's own years
    body = "\n".join(shifted(block, 2 * k) for k in reversed(range(copies)))
    return head + body + tail


def write_release(path: Path, copies: int | None = None, *, minimal: bool = False) -> Path:
    """Write a synthetic release and its profile (same stem, .toml) and return the release path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = minimal_text() if minimal else release_text(copies or 1)
    path.write_text(text, encoding="utf-8")
    shutil.copyfile(PROFILE, path.with_suffix(".toml"))
    return path


def copies_for(facts: int, per_copy: int = FACTS_PER_COPY, base: int = 135) -> int:
    """Copies needed for about `facts` facts (`base`: facts of the narrative kept once)."""
    return max(1, round((facts - base) / per_copy))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/synth.py COPIES OUT.txt")
    print(write_release(Path(sys.argv[2]), int(sys.argv[1])))
