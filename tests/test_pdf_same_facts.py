"""A release read from its PDF gives the facts its text gives (issue #16): each shared Tanshin text
whose columns the extraction kept is typeset here as a PDF, line by line in a fixed-width font at
the positions the text gives its characters, and both are built with no profile. The shared texts
are read from ../shared (never copied here); the test skips where that folder is absent.

Texts whose extractor let figures drift off their rows (LINTEC, Nitto Denko, Shin-Etsu) are left
out: typeset, their figures stand on other lines than their labels, which no printed PDF does.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
from reportlab.pdfgen import canvas  # noqa: E402

from disclose import api  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "tanshin"
RELEASES = ["lasertec-3q-fy2026", "daihen-1q-fy2027", "uniontool-1h-fy2026", "fujibo-1q-fy2027"]
PAGE = re.compile(r"^=+ ?PAGE \d+ ?=+\s*$", re.M)
SIZE, PITCH, LINES_PER_PAGE = 6.0, 8.4, 95


def _plain(text: str) -> str:
    """The text in the characters a standard PDF font has: full-width forms folded, the triangle
    of negatives as a minus sign."""
    text = unicodedata.normalize("NFKC", text).replace("△", "-").replace("▲", "-")
    return text.encode("cp1252", "replace").decode("cp1252")


def typeset(text: str, path: Path) -> Path:
    pages = [p.splitlines() for p in PAGE.split(text) if p.strip()]
    width = 40 + 0.6 * SIZE * max(len(line) for p in pages for line in p)
    c = canvas.Canvas(str(path), pagesize=(width, 842))
    for page in pages:
        for start in range(0, len(page), LINES_PER_PAGE):
            c.setFont("Courier", SIZE)
            y = 820.0
            for line in page[start:start + LINES_PER_PAGE]:
                c.drawString(20, y, line)
                y -= PITCH
            c.showPage()
    c.save()
    return path


def _facts(result) -> set[tuple]:
    return {(f.concept, f.period.key(), f.dims, f.unit, f.value) for f in result.filing.facts}


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared Tanshin releases (../shared/tanshin) are absent")
@pytest.mark.parametrize("name", RELEASES)
def test_pdf_and_text_give_the_same_facts(tmp_path, name):
    text = _plain((SHARED / f"{name}.txt").read_text(encoding="utf-8"))
    txt = tmp_path / f"{name}.txt"
    txt.write_text(text, encoding="utf-8")
    pdf = typeset(text, tmp_path / f"{name}.pdf")
    from_text = api.build(txt, None, tmp_path / "text")
    from_pdf = api.build(pdf, None, tmp_path / "pdf")
    assert from_text.exit_code == 0, from_text.summary
    assert from_pdf.exit_code == 0, from_pdf.summary
    a, b = _facts(from_text), _facts(from_pdf)
    assert a == b, (sorted(a - b)[:5], sorted(b - a)[:5])
