"""A Japanese GAAP full year's statement of changes in net assets, as a PDF written here with
reportlab (issue #16): printed in two parts one below the other (shareholders' equity, then the
other components of net assets), each part's header stacked under a spanning title whose "Total"
cell names its total. Read with no profile, each figure lands in its component, every column
rolls forward, and the filing is valid.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from disclose import api  # noqa: E402

FIRST_RIGHT = (260, 320, 380, 440, 520)
FIRST_HEAD = [["Share", "capital"], ["Capital", "surplus"], ["Retained", "earnings"], ["Treasury", "shares"], [None, "Total"]]
SECOND_RIGHT = (250, 320, 390, 450, 510, 560)
SECOND_HEAD = [["Valuation", "difference on", "available-for-", "sale securities"],
               ["Foreign", "currency", "translation", "adjustment"], [None, None, "Total"],
               ["Share", "acquisition", "rights"], ["Non-", "controlling", "interests"], ["Total net", "assets"]]
ROWS = [  # label, first part, second part (millions of yen); None: a heading without figures
    ("Balance at beginning of period", ("5,000", "4,000", "30,000", "(1,000)", "38,000"),
     ("1,000", "500", "1,500", "100", "2,000", "41,600")),
    ("Changes during period", None, None),
    ("Dividends of surplus", ("-", "-", "(1,200)", "-", "(1,200)"), ("-", "-", "-", "-", "-", "(1,200)")),
    ("Profit attributable to owners of parent", ("-", "-", "3,000", "-", "3,000"), ("-", "-", "-", "-", "-", "3,000")),
    ("Purchase of treasury shares", ("-", "-", "-", "(500)", "(500)"), ("-", "-", "-", "-", "-", "(500)")),
    ("Net changes in items other than shareholders' equity", ("-", "-", "-", "-", "-"),
     ("200", "(100)", "100", "10", "50", "160")),
    ("Total changes during period", ("-", "-", "1,800", "(500)", "1,300"), ("200", "(100)", "100", "10", "50", "1,460")),
    ("Balance at end of period", ("5,000", "4,000", "31,800", "(1,500)", "39,300"),
     ("1,200", "400", "1,600", "110", "2,050", "43,060")),
]


def _stacked(c: canvas.Canvas, y: float, rights: tuple, cells: list, width: float = 50) -> float:
    for k in range(max(len(cell) for cell in cells)):
        for right, cell in zip(rights, cells):
            if k < len(cell) and cell[k]:
                c.drawCentredString(right - width / 2, y, cell[k])
        y -= 8
    return y - 4


def _part(c: canvas.Canvas, y: float, rights: tuple, head: list, spans: list, column: int) -> float:
    for text, first, last in spans:
        c.drawCentredString((rights[first] - 50 + rights[last]) / 2, y, text)
        y -= 10
    y = _stacked(c, y, rights, head)
    for label, *parts in ROWS:
        c.drawString(40, y, label)
        for right, figure in zip(rights, parts[column] or ()):
            c.drawRightString(right, y, figure)
        y -= 12
    return y - 12


def write_release(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 7)
    y = 800
    for line in ("Consolidated Financial Results for the Fiscal Year Ended March 31, 2026 (Japanese GAAP)",
                 "May 12, 2026", "Company name: Birch Instruments Co., Ltd.", "Listing: Tokyo Stock Exchange",
                 "Securities code: 9997", "(Amounts less than one million yen are rounded down.)"):
        c.drawString(40, y, line)
        y -= 11
    c.showPage()
    c.setFont("Helvetica", 7)
    y = 800
    for line in ("3. Consolidated Financial Statements", "(3) Consolidated Statements of Changes in Net Assets",
                 "Fiscal year ended March 31, 2026 (April 1, 2025 to March 31, 2026)"):
        c.drawString(40, y, line)
        y -= 11
    c.drawRightString(560, y, "(Millions of yen)")
    y -= 12
    y = _part(c, y, FIRST_RIGHT, FIRST_HEAD, [("Shareholders' equity", 0, 4)], 0)
    _part(c, y, SECOND_RIGHT, SECOND_HEAD, [("Accumulated other comprehensive income", 0, 2)], 1)
    c.showPage()
    c.save()
    return path


def test_statement_of_changes_in_net_assets_in_two_parts(tmp_path):
    result = api.build(write_release(tmp_path / "birch-fy2025.pdf"), None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    got = {(f.concept.split(":")[1], f.period.key(), tuple(m.split(":")[1] for _, m in f.dims)): f.value
           for f in result.filing.facts}
    end, year = "2026-03-31", "2025-04-01--2026-03-31"
    want = {
        ("NetAssets", end, ("RetainedEarningsJPMember",)): 31_800,
        ("NetAssets", end, ("TreasuryStockMember",)): -1_500,
        ("NetAssets", end, ("ShareholdersEquityMember",)): 39_300,
        ("NetAssets", end, ("AccumulatedOtherComprehensiveIncomeMember",)): 1_600,
        ("NetAssets", end, ("SubscriptionRightsToSharesMember",)): 110,
        ("NetAssets", end, ()): 43_060,
        ("NetAssets", "2025-03-31", ("ForeignCurrencyTranslationAdjustmentMember",)): 500,
        ("DividendsPaid", year, ("RetainedEarningsJPMember",)): 1_200,  # stored positive, subtracted
        ("NetChangesInItemsOtherThanShareholdersEquity", year, ("NonControllingInterestsJPMember",)): 50,
        ("IncreaseDecreaseInNetAssets", year, ()): 1_460,
    }
    assert {k: got.get(k) for k in want} == {k: Decimal(v) * 1_000_000 for k, v in want.items()}
    checks = result.report.stats["assertions"]
    # every column with a change rolls forward (share capital and capital surplus print none)
    assert checks["NetAssetsRollForward"] == [9, 0]
    assert checks["NetAssetsTotalSum_NetAssets"] == [2, 0] and checks["NetAssetsShareholdersEquitySum_NetAssets"] == [2, 0]
    assert not [i for i in result.report.issues if i.code in ("statement-not-read", "statement-rows")
                and i.severity == "warning"]
