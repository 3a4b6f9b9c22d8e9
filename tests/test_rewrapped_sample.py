"""The bundled sample re-wrapped at other line widths reads the same (#14).

An extractor or editor breaks sentences and table rows wherever its width ends: a long label
wrapped onto the next line, a figure on the line after its label, "JPY296" and "million" on two
lines, prose re-flowed. The filing must not depend on where the lines break."""
from __future__ import annotations

import textwrap

import pytest

from disclose import api
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE


def rewrap(text: str, width: int) -> str:
    """Every line of `text` re-flowed at `width` columns; blank lines (paragraph breaks) kept."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(out) + "\n"


def _figures(filing) -> set[tuple]:
    return {(f.concept, f.period, f.dims, f.unit, f.value) for f in filing.facts}


@pytest.mark.parametrize("width", [60, 43])
def test_the_sample_rewrapped_builds_valid_with_every_figure(sample_build, tmp_path, width):
    original = SAMPLE_RELEASE.read_text(encoding="utf-8")
    text = rewrap(original, width)
    assert max(map(len, text.splitlines())) <= max(width, max(len(w) for w in original.split()))
    assert len(text.splitlines()) > 2 * len(original.splitlines())  # really broken at other places
    path = tmp_path / f"{SAMPLE_RELEASE.stem}-w{width}.txt"
    path.write_text(text, encoding="utf-8")
    result = api.build(path, SAMPLE_PROFILE, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    assert result.report.ok
    assert _figures(result.filing) == _figures(sample_build.filing)
    # each figure keeps the line it is printed on in the re-wrapped text
    lines = text.splitlines()
    for f in result.filing.facts:
        digits = f.provenance.text.strip("()△ ").split()[0].lstrip("JPY¥(").rstrip(",.")
        assert digits in lines[f.provenance.line - 1], (f.concept, f.provenance)
