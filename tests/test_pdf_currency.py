"""A release whose statements are in U.S. dollars, as a PDF written here with reportlab (issue #16):
its dollar tables are the filing's figures, not a convenience translation. Which currency is the
filing's comes from the release's unit lines; a column in a convenience currency other than that
one is dropped (tests/test_pdf_release.py writes the yen release with a dollar column).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from disclose import api  # noqa: E402

ROWS = [  # label, FY2024, FY2025 (millions of U.S. dollars)
    ("Assets", None, None),
    ("Cash and cash equivalents", "1,204", "1,377"),
    ("Trade receivables", "860", "912"),
    ("Total current assets", "2,064", "2,289"),
    ("Property, plant and equipment", "3,410", "3,588"),
    ("Total non-current assets", "3,410", "3,588"),
    ("Total assets", "5,474", "5,877"),
    ("Liabilities and equity", None, None),
    ("Borrowings", "1,500", "1,450"),
    ("Total liabilities", "1,500", "1,450"),
    ("Share capital", "800", "800"),
    ("Retained earnings", "3,174", "3,627"),
    ("Total equity", "3,974", "4,427"),
    ("Total liabilities and equity", "5,474", "5,877"),
]


def write_dollar_report(path: Path, unit: str = "(Millions of U.S. dollars)") -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    y = 800
    for line in ("Consolidated Financial Statements (IFRS)", "Cedar Freight Corporation and Consolidated Subsidiaries",
                 "Year ended December 31, 2025", "Figures less than a million dollars are rounded down.", "",
                 "a. Consolidated statement of financial position"):
        c.drawString(50, y, line)
        y -= 14
    y -= 14
    for a, b in [("FY2024", "FY2025"), ("(As of December 31, 2024)", "(As of December 31, 2025)"), (unit, unit)]:
        c.drawCentredString(380, y, a)
        c.drawCentredString(500, y, b)
        y -= 11
    y -= 6
    for label, a, b in ROWS:
        c.drawString(50, y, label)
        if a is not None:
            c.drawRightString(420, y, a)
            c.drawRightString(540, y, b)
        y -= 14
    c.showPage()
    c.save()
    return path


def test_a_release_in_dollars_files_in_dollars(tmp_path):
    result = api.build(write_dollar_report(tmp_path / "cedar-fy2025.pdf"), None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    facts = {(f.concept.split(":")[1], f.period.key()): f for f in result.filing.facts}
    cash = facts[("CashAndCashEquivalents", "2025-12-31")]
    assert (cash.value, cash.unit, cash.decimals) == (Decimal("1377000000"), "USD", -6)
    assert facts[("Assets", "2024-12-31")].value == Decimal("5474000000")
    assert {f.unit for f in result.filing.facts} == {"USD"}
    assert len(facts) == 24  # every row with figures (12), both years: none dropped as a translation
