"""An annual report's statements as a PDF written here with reportlab (issue #16): a statement of
changes in equity too wide for the page, printed in two horizontal parts one below the other (the
second part's header names no period), each part's header stacked over several lines under
spanning titles ("Equity attributable to owners of parent", "Other components of equity") with
"Total" cells that name the total of the title before them; and an income statement that counts
the share of profit of equity-method investees inside operating profit.

Read with no profile, every figure must land in its own component and period, and the filing must
be valid: the calculation follows the release where it puts the share inside operating profit.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from disclose import api  # noqa: E402
from disclose.pdf import read_pdf  # noqa: E402

FONT, SIZE, PITCH = "Helvetica", 7, 11

INCOME = [  # label, FY2024, FY2025 (millions of yen)
    ("Revenue", "120,000", "130,000"),
    ("Cost of sales", "90,000", "97,000"),
    ("Gross profit", "30,000", "33,000"),
    ("Selling, general and administrative expenses", "20,000", "21,500"),
    ("Share of profit of investments accounted for using equity method", "500", "600"),
    ("Operating profit", "10,500", "12,100"),
    ("Finance income", "300", "400"),
    ("Finance costs", "800", "700"),
    ("Income before tax", "10,000", "11,800"),
    ("Income tax expense", "3,200", "5,500"),
    ("Profit for the year", "6,800", "6,300"),
    ("Profit for the year attributable to", None, None),
    ("Owners of parent", "6,500", "6,000"),
    ("Non-controlling interests", "300", "300"),
    ("Profit for the year", "6,800", "6,300"),
]

# the first part: share capital, capital surplus, retained earnings, treasury shares, and two of the
# other components of equity; the second part: the third component, the equity-method share, the
# total of other components, the owners' total, non-controlling interests and total equity
FIRST_RIGHT = (245, 300, 355, 410, 475, 540)
FIRST_HEAD = [["Share", "capital"], ["Capital", "surplus"], ["Retained", "earnings"], ["Treasury", "shares"],
              ["Exchange", "differences on", "translation of", "foreign", "operations"], ["Cash flow", "hedges"]]
SECOND_RIGHT = (260, 330, 380, 430, 485, 540)
SECOND_HEAD = [["Remeasurements", "of defined", "benefit plans"],
               ["Share of other", "comprehensive", "income of", "investments", "accounted for", "using equity", "method"],
               [None, None, "Total"], [None, "Total"], ["Non-controlling", "interests"], ["Total", "equity"]]
EQUITY = [  # label, first part's six figures, second part's six figures
    ("Balance at beginning of year", ("10,000", "5,000", "40,000", "(2,000)", "3,000", "100"),
     ("-", "200", "3,300", "56,300", "1,500", "57,800")),
    ("Profit for the year", ("-", "-", "6,000", "-", "-", "-"), ("-", "-", "-", "6,000", "300", "6,300")),
    ("Other comprehensive income", ("-", "-", "-", "-", "800", "(50)"), ("150", "20", "920", "920", "40", "960")),
    ("Comprehensive income", ("-", "-", "6,000", "-", "800", "(50)"), ("150", "20", "920", "6,920", "340", "7,260")),
    ("Dividends", ("-", "-", "(2,500)", "-", "-", "-"), ("-", "-", "-", "(2,500)", "(100)", "(2,600)")),
    ("Purchase of treasury shares", ("-", "-", "-", "(1,000)", "-", "-"), ("-", "-", "-", "(1,000)", "-", "(1,000)")),
    ("Total transactions with owners", ("-", "-", "(2,500)", "(1,000)", "-", "-"),
     ("-", "-", "-", "(3,500)", "(100)", "(3,600)")),
    ("Balance at end of year", ("10,000", "5,000", "43,500", "(3,000)", "3,800", "50"),
     ("150", "220", "4,220", "59,720", "1,740", "61,460")),
]


def _stacked(c: canvas.Canvas, y: float, rights: tuple, cells: list, width: float = 48) -> float:
    """Each column's header words, line by line, centred over the column; returns the y below."""
    depth = max(len(cell) for cell in cells)
    for k in range(depth):
        for right, cell in zip(rights, cells):
            if k < len(cell) and cell[k]:
                c.drawCentredString(right - width / 2, y, cell[k])
        y -= 8
    return y - 4


def write_report(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, SIZE)
    y = 800
    for line in ("Consolidated Financial Statements (IFRS)", "Alder Logistics Holdings, Inc. and Consolidated Subsidiaries",
                 "Year ended December 31, 2025", "Japanese yen figures less than a million yen are rounded down."):
        c.drawString(50, y, line)
        y -= PITCH
    y -= PITCH
    c.drawString(50, y, "a. Consolidated statement of income")
    y -= 2 * PITCH
    for a, b in [("FY2024", "FY2025"), ("(January 1, 2024", "(January 1, 2025"),
                 ("to December 31, 2024)", "to December 31, 2025)"),
                 ("(Millions of yen)", "(Millions of yen)")]:
        c.drawCentredString(430 - 40, y, a)
        c.drawCentredString(540 - 40, y, b)
        y -= 8
    y -= 6
    for label, a, b in INCOME:
        c.drawString(50, y, label)
        if a is not None:
            c.drawRightString(430, y, a)
            c.drawRightString(540, y, b)
        y -= PITCH
    c.showPage()
    c.setFont(FONT, SIZE)
    y = 800
    c.drawString(50, y, "b. Consolidated statement of changes in equity")
    y -= PITCH
    c.drawString(60, y, "FY2025 (January 1, 2025 to December 31, 2025)")
    y -= PITCH
    c.drawRightString(540, y, "(Unit: Millions of yen)")
    y -= PITCH
    c.drawCentredString((FIRST_RIGHT[0] - 48 + FIRST_RIGHT[-1]) / 2, y, "Equity attributable to owners of parent")
    y -= 10
    c.drawCentredString((FIRST_RIGHT[4] - 48 + FIRST_RIGHT[5]) / 2, y, "Other components of equity")
    y -= 10
    y = _stacked(c, y, FIRST_RIGHT, FIRST_HEAD)
    for label, first, _ in EQUITY:
        c.drawString(50, y, label)
        for right, figure in zip(FIRST_RIGHT, first):
            c.drawRightString(right, y, figure)
        y -= PITCH
    y -= PITCH
    c.drawCentredString(330, y, "Equity attributable to owners of parent")
    y -= 10
    c.drawCentredString((SECOND_RIGHT[0] - 48 + SECOND_RIGHT[1]) / 2, y, "Other components of equity")
    y -= 10
    y = _stacked(c, y, SECOND_RIGHT, SECOND_HEAD)
    for label, _, second in EQUITY:
        c.drawString(50, y, label)
        for right, figure in zip(SECOND_RIGHT, second):
            c.drawRightString(right, y, figure)
        y -= PITCH
    c.showPage()
    c.save()
    return path


def test_each_part_gets_one_header_cell_per_column(tmp_path):
    lines = read_pdf(write_report(tmp_path / "report.pdf").read_bytes(), "report.pdf").lines
    assert ("Share capital Capital surplus Retained earnings Treasury shares Exchange differences on translation "
            "of foreign operations Cash flow hedges") in lines
    # the second part: its "Total" cells name the totals of the titles before them
    assert ("Remeasurements of defined benefit plans Share of other comprehensive income of investments accounted "
            "for using equity method Total Other components of equity Total Equity attributable to owners of parent "
            "Non-controlling interests Total equity") in lines


def test_equity_statement_in_two_parts_builds_valid_with_no_profile(tmp_path):
    result = api.build(write_report(tmp_path / "alder-fy2025.pdf"), None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    facts = {(f.concept.split(":")[1], f.period.key(), tuple(m.split(":")[1] for _, m in f.dims)): f.value
             for f in result.filing.facts}
    end, year = "2025-12-31", "2025-01-01--2025-12-31"
    million = Decimal(1_000_000)
    want = {
        ("Equity", end, ("IssuedCapitalMember",)): 10_000,
        ("Equity", end, ("ReserveOfCashFlowHedgesMember",)): 50,
        ("Equity", end, ("ReserveOfRemeasurementsOfDefinedBenefitPlansMember",)): 150,
        ("Equity", end, ("OtherReservesMember",)): 4_220,
        ("Equity", end, ("EquityAttributableToOwnersOfParentMember",)): 59_720,
        ("Equity", end, ("NoncontrollingInterestsMember",)): 1_740,
        ("Equity", end, ()): 61_460,
        # the second part's figures are of the first part's period, which only the first part states
        ("OtherComprehensiveIncome", year, ("ReserveOfRemeasurementsOfDefinedBenefitPlansMember",)): 150,
        ("ProfitLoss", year, ("NoncontrollingInterestsMember",)): 300,
        ("ProfitLossFromOperatingActivities", year, ()): 12_100,
    }
    got = {k: facts.get(k) for k in want}
    assert got == {k: v * million for k, v in want.items()}
    report = json.loads((tmp_path / "out" / "alder-fy2025-report.json").read_text(encoding="utf-8"))
    notes = [m["message"] for m in report["issues"] if m["code"] == "calculation-as-printed"]
    assert any("ProfitLossFromOperatingActivities" in n and "follows the release" in n for n in notes), notes
    assert report["assertions"]["ProfitBeforeTaxFromOperatingProfit"] == [2, 0]  # checked, with the share inside


def test_a_component_named_as_japanese_ifrs_filers_do(tmp_path, monkeypatch):
    # the second component printed as "Subscription rights to shares" (a reserve of share-based
    # payments, inside other components of equity): its column is that member
    head = [list(c) for c in SECOND_HEAD]
    head[1] = ["Subscription", "rights to", "shares"]
    monkeypatch.setattr(__import__(__name__), "SECOND_HEAD", head)
    result = api.build(write_report(tmp_path / "alder-fy2025.pdf"), None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    got = {(f.concept.split(":")[1], f.period.key(), tuple(m.split(":")[1] for _, m in f.dims)): f.value
           for f in result.filing.facts}
    assert got[("Equity", "2025-12-31", ("ReserveOfSharebasedPaymentsMember",))] == Decimal(220_000_000)
