"""Rules of the Tanshin reader, each shown on a small release written here (#14)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from disclose import api
from disclose.tanshin.identity import identify

COVER = """Consolidated Financial Results for the Three Months Ended June 30, 2026 (Japanese GAAP)
July 30, 2026
Company name: Sample Test Industries Co., Ltd.
Listing: Tokyo Stock Exchange
Securities code: 9998
(Amounts less than one million yen are rounded down.)
"""

BALANCE_SHEET = """
2. Quarterly Consolidated Financial Statements
(1) Quarterly Consolidated Balance Sheets
(Million yen)
 As of March 31, 2026 As of June 30, 2026
Assets
Current assets
Cash and deposits 1,000 1,100
Prepaid expenses 50 60
Other 20 30
Total current assets 1,070 1,190
Non-current assets
Investments and other assets
Investment securities 300 310
Long-term prepaid expenses 40 45
Other 10 12
Total investments and other assets 350 367
Total non-current assets 350 367
Total assets 1,420 1,557
"""

SEGMENTS = """
(Segment information)
II. For the three months ended June 30, 2026
1. Information on net sales and profit (loss) by reportable segment
(Million yen)
Reportable segment Other
(Note) Total Alpha
Devices
Beta
Services Total
Net sales
Net sales to outside customers 600 400 1,000 5 1,005
Inter-segment net sales or transfers 10 – 10 – 10
Total 610 400 1,010 5 1,015
Segment profit 60 40 100 1 101
(Note) "Other" refers to business segments not included in the reportable segments.
"""

OVERVIEW = """
(1) Explanation of operating results
1) Alpha Devices
Net sales were 600 million yen.
2) Beta Services
Net sales were 400 million yen.
"""


def _build(tmp_path: Path, text: str):
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return api.build(path, None, tmp_path / "out")


def _facts(result, concept):
    return [f for f in result.filing.facts if f.concept == concept]


def test_a_label_naming_another_sections_row_stays_in_its_section(tmp_path):
    # "Long-term prepaid expenses" ends like the current assets' "Prepaid expenses": where it sits
    # (under investments, summing into their total) decides, not the words it ends with
    result = _build(tmp_path, COVER + BALANCE_SHEET)
    assert result.exit_code == 0, result.summary
    prepaid = _facts(result, "dis:PrepaidExpensesCA")
    assert sorted(f.value for f in prepaid) == [Decimal("50000000"), Decimal("60000000")]
    lines = {f.provenance.line for f in result.filing.facts if f.provenance.label == "Long-term prepaid expenses"}
    assert lines, "the row is read (as an extension under investments)"
    ext = [f for f in result.filing.facts if f.provenance.label == "Long-term prepaid expenses"]
    assert all(not f.concept.startswith("dis:") for f in ext)


def test_segment_columns_in_tanshin_order_when_the_header_is_scrambled(tmp_path):
    # the extractor printed "Other" and the first "Total" before the segment names; the total of
    # the reportable segments and the total with "Other" are no consolidated figure
    result = _build(tmp_path, COVER + OVERVIEW + BALANCE_SHEET + SEGMENTS)
    assert result.exit_code == 0, result.summary
    profit = {dict(f.dims).get("dis:SegmentsAxis"): f.value for f in _facts(result, "dis:SegmentIncome")}
    assert profit == {"e99980:AlphaDevicesMember": Decimal("60000000"),
                      "e99980:BetaServicesMember": Decimal("40000000"),
                      "dis:ReportableSegmentsMember": Decimal("100000000"),
                      "dis:AllOtherSegmentsMember": Decimal("1000000"),
                      "dis:ReportableSegmentsAndOtherMember": Decimal("101000000")}
    # the period the heading above the table names
    assert {f.period.key() for f in _facts(result, "dis:SegmentIncome")} == {"2026-04-01--2026-06-30"}


@pytest.mark.parametrize("cover", [
    # label and value on one line
    "Company name: Sample Test Industries Co., Ltd.\nSecurities code: 9998\n",
    # label, then the value on a later line
    "Company name:\n\nSample Test Industries Co., Ltd.\nSecurities code:\n9998\n",
    # the whole cover run onto one line
    "Company name: Sample Test Industries Co., Ltd. Listing: Tokyo Stock Exchange Securities code: 9998 URL: x\n",
])
def test_cover_layouts(cover):
    lines = ["Consolidated Financial Results for the Three Months Ended June 30, 2026 (Japanese GAAP)",
             *cover.splitlines()]
    ident = identify(lines)
    assert ident.code == "9998"
    assert ident.name == "Sample Test Industries Co., Ltd."
    assert ident.period_end.isoformat() == "2026-06-30"


def test_a_cover_without_a_name_falls_back_to_the_code():
    ident = identify(["Consolidated Financial Results for the Three Months Ended June 30, 2026 (Japanese GAAP)",
                      "Securities code: 9998"])
    assert ident.code == "9998"
    assert "9998" in ident.name and ident.warnings


def test_a_release_whose_figures_cannot_be_read_is_bad_input(tmp_path):
    # an extraction that put every figure away from its row: no filing of nothing, but exit 2
    rows = "\n".join(line.rsplit(" ", 2)[0] if any(ch.isdigit() for ch in line) else line
                     for line in BALANCE_SHEET.splitlines() if "As of" not in line)
    with pytest.raises(api.InputError, match=r"line \d+: a Tanshin release, but no figure"):
        _build(tmp_path, COVER + rows)
    assert not (tmp_path / "out").exists()


INCOME_STATEMENT = """
(2) Quarterly Consolidated Statements of Income
(Million yen)
 For the three months ended June 30, 2025 For the three months ended June 30, 2026
Net sales 5,000 6,000
Cost of sales 3,000 3,500
Gross profit 2,000 2,500
Selling, general and administrative expenses
Salaries and allowances 400 450
Packing and transportation costs 97 115
Other 300 320
Total selling, general and administrative expenses 797 885
Operating profit 1,203 1,615
Non-operating income
Interest income 5 6
Subsidy income 3 17
Subsidy income 43 46
Other 40 15
Total non-operating income 91 84
Non-operating expenses
Interest expenses 10 12
Other 14 6
Total non-operating expenses 24 18
Ordinary profit 1,270 1,681
Profit before income taxes 1,270 1,681
Income taxes 400 500
Profit 870 1,181
Profit attributable to owners of parent 870 1,181
"""


def _by_line(result, line):
    return {f.concept for f in result.filing.facts if f.provenance.line == line}


def _line_of(text: str, label: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(label + " ")]
    return hits[nth - 1]


def test_each_other_is_the_other_of_the_total_it_adds_up_to(tmp_path):
    # three sections each end in "Other": the arithmetic, not the order of the taxonomy's rows,
    # says whose Other each is; the section with no items in the taxonomy gets extensions under
    # its total, and a label printed twice among one total's items is a second row, not a clash
    text = COVER + INCOME_STATEMENT
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    assert _by_line(result, _line_of(text, "Other", 2)) == {"dis:OtherNOI"}
    assert _by_line(result, _line_of(text, "Other", 3)) == {"dis:OtherNOE"}
    sga_other = _by_line(result, _line_of(text, "Other", 1))
    assert len(sga_other) == 1 and not next(iter(sga_other)).startswith("dis:")
    first, second = _by_line(result, _line_of(text, "Subsidy income")), _by_line(result, _line_of(text, "Subsidy income", 2))
    assert first == {"dis:SubsidyIncomeNOI"} and len(second) == 1 and second != first
    # the extensions join the calculation of the total they add up to
    salaries = next(iter(_by_line(result, _line_of(text, "Salaries and allowances"))))
    assert salaries.endswith(":SalariesAndAllowances"), "the heading printed above is not part of the label"
    assert ("SellingGeneralAndAdministrativeExpenses", "SalariesAndAllowances") in _calc_arcs(result.out_dir)
    assert ("NonOperatingIncome", second.pop().split(":")[1]) in _calc_arcs(result.out_dir)


def _calc_arcs(out_dir: Path) -> set[tuple[str, str]]:
    """(from, to) element names of the calculation arcs of the filing's extension."""
    from lxml import etree
    arcs = set()
    for cal in out_dir.glob("*_cal.xml"):
        tree = etree.parse(str(cal))
        ns = {"link": "http://www.xbrl.org/2003/linkbase", "xlink": "http://www.w3.org/1999/xlink"}
        for link in tree.iterfind(".//link:calculationLink", ns):
            locs = {loc.get("{http://www.w3.org/1999/xlink}label"): loc.get("{http://www.w3.org/1999/xlink}href").split("#")[1]
                    for loc in link.iterfind("link:loc", ns)}
            for arc in link.iterfind("link:calculationArc", ns):
                a, b = (locs[arc.get("{http://www.w3.org/1999/xlink}" + e)] for e in ("from", "to"))
                arcs.add((a.split("_", 1)[-1], b.split("_", 1)[-1]))
    return arcs


def test_a_figure_broken_at_its_thousands_separator_is_rejoined(tmp_path):
    sheet = BALANCE_SHEET.replace("Cash and deposits 1,000 1,100", "Cash and deposits 1,000 1,\n100")
    result = _build(tmp_path, COVER + sheet)
    assert result.exit_code == 0, result.summary
    assert sorted(f.value for f in _facts(result, "dis:CashAndDeposits")) == [Decimal("1000000000"), Decimal("1100000000")]


def test_a_page_number_above_the_page_break_is_no_row(tmp_path):
    sheet = BALANCE_SHEET.replace("(1) Quarterly Consolidated Balance Sheets", "4\n\n=== page 5 ===\n(1) Quarterly Consolidated Balance Sheets")
    result = _build(tmp_path, COVER + sheet)
    assert result.exit_code == 0, result.summary
    assert not [f for f in result.filing.facts if f.value == Decimal(4) or f.value == Decimal(4_000_000)]


GROSS_AND_NET = """
2. Quarterly Consolidated Financial Statements
(1) Quarterly Consolidated Balance Sheets
(Million yen)
 As of March 31, 2026 As of June 30, 2026
Assets
Current assets
Cash and deposits 1,000 1,100
Other 20 30
Total current assets 1,020 1,130
Non-current assets
Property, plant and equipment
Buildings and structures 2,000 2,100
Accumulated depreciation (1,200) (1,260)
Buildings and structures, net 800 840
Machinery, equipment and vehicles 1,500 1,550
Accumulated depreciation (1,100) (1,150)
Machinery, equipment and vehicles, net 400 400
Land 300 300
Total property, plant and equipment 1,500 1,540
Total non-current assets 1,500 1,540
Total assets 2,520 2,670
"""


def test_gross_accumulated_depreciation_and_net_each_have_their_row(tmp_path):
    # the net amount is the base concept; the gross amount and the accumulated depreciation above
    # it are extensions that add up to it, each class its own
    text = COVER + GROSS_AND_NET
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    assert _by_line(result, _line_of(text, "Buildings and structures,")) == {"dis:BuildingsAndStructuresNet"}
    assert _by_line(result, _line_of(text, "Machinery, equipment and vehicles,")) == {"dis:MachineryEquipmentAndVehiclesNet"}
    gross = _by_line(result, _line_of(text, "Buildings and structures"))
    dep1, dep2 = (_by_line(result, _line_of(text, "Accumulated depreciation", n)) for n in (1, 2))
    assert len(gross) == len(dep1) == len(dep2) == 1 and len(gross | dep1 | dep2) == 3
    assert not any(c.startswith("dis:") for c in gross | dep1 | dep2)
    arcs = _calc_arcs(result.out_dir)
    assert ("BuildingsAndStructuresNet", dep1.pop().split(":")[1]) in arcs
    assert ("MachineryEquipmentAndVehiclesNet", dep2.pop().split(":")[1]) in arcs
    assert ("BuildingsAndStructuresNet", gross.pop().split(":")[1]) in arcs


def _drifted(rows, shifts=(2, 4), edges=(62, 88)):
    """A statement as some extractors print it: labels in order with their indents, and each
    column's figures in order, right-aligned at its x position but drifted down by some lines."""
    width = max(edges) + 2
    out = [(" " * indent + label).ljust(width) for indent, label, _ in rows] + [" " * width] * (max(shifts) + 1)
    items = [n for n, (_, _, figs) in enumerate(rows) if figs]
    for col, (shift, edge) in enumerate(zip(shifts, edges)):
        for k, n in enumerate(items):
            fig = rows[n][2][col]
            at = n + shift
            line = out[at]
            out[at] = line[:edge - len(fig)] + fig + line[edge:]
    return "\n".join(line.rstrip() for line in out)


DRIFTED_ROWS = [
    (0, "Assets", None),
    (3, "Current assets", None),
    (6, "Cash and deposits", ("1,000", "1,100")),
    (6, "Notes and accounts receivable", ("500", "550")),
    (6, "- trade", None),
    (6, "Other", ("20", "30")),
    (6, "Total current assets", ("1,520", "1,680")),
    (3, "Non-current assets", None),
    (6, "Investment securities", ("300", "310")),
    (6, "Total non-current assets", ("300", "310")),
    (3, "Total assets", ("1,820", "1,990")),
]


def test_columns_drifted_from_their_labels_are_read_as_streams(tmp_path):
    # the first column two lines late, the second four: line by line nothing adds up; as streams
    # (headings by indent, a wrapped label joined) every total does
    rows = DRIFTED_ROWS
    header = ("2. Quarterly Consolidated Financial Statements\n(1) Quarterly Consolidated Balance Sheets\n"
              + "(Million yen)".rjust(88) + "\n" + "As of March 31, 2026".rjust(62) + "As of June 30, 2026".rjust(26) + "\n")
    body = _drifted(rows)
    assert "Cash and deposits" in body and "1,000" not in body.splitlines()[2]
    result = _build(tmp_path, COVER + header + body + "\n")
    assert result.exit_code == 0, result.summary
    assert sorted(f.value for f in _facts(result, "dis:CashAndDeposits")) == [Decimal("1000000000"), Decimal("1100000000")]
    totals = {f.period.end.isoformat(): f.value for f in _facts(result, "dis:AssetsJP")}
    assert totals == {"2026-03-31": Decimal("1820000000"), "2026-06-30": Decimal("1990000000")}
    labels = {f.provenance.label for f in result.filing.facts}
    assert "Notes and accounts receivable - trade" in labels


IFRS_COVER = COVER.replace("(Japanese GAAP)", "(IFRS)")

IFRS_PROFIT_AND_OCI = """
(2) Quarterly Consolidated Statement of Profit or Loss
(Million yen)
 For the three months ended June 30, 2025 For the three months ended June 30, 2026
Revenue 5,000 6,000
Cost of sales 3,000 3,500
Gross profit 2,000 2,500
Selling, general and administrative expenses 800 900
Research and development expenses 200 250
Other income 30 40
Other expenses 30 90
Operating profit 1,000 1,300
Profit before income taxes 1,000 1,300
Income tax expenses 300 400
Net profit 700 900
Net profit attributable to:
Owners of the parent company 690 880
Non-controlling interests 10 20
Total 700 900
(Quarterly Consolidated Statement of Comprehensive Income)
(Million yen)
 For the three months ended June 30, 2025 For the three months ended June 30, 2026
Net profit 700 900
Other comprehensive income
Exchange differences on translation of foreign operations 50 (20)
Net changes in fair value of cash flow hedges 5 (2)
Total other comprehensive income 55 (22)
Total comprehensive income 755 878
Total comprehensive income attributable to:
Owners of the parent company 745 858
Non-controlling interests 10 20
Total 755 878
"""


def test_costs_printed_positive_and_totals_placed_by_their_arithmetic(tmp_path):
    # the release prints its costs as positive figures (the taxonomy expects them in parentheses):
    # gross profit = revenue - cost of sales says so for the whole statement; "Net profit" is profit
    # before tax less tax whatever its words; each "Total" is the total of the rows above it; the
    # comprehensive income statement's profit is the profit of the statement before it
    text = IFRS_COVER + IFRS_PROFIT_AND_OCI
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    assert {f.value for f in _facts(result, "dis:CostOfSales")} == {Decimal("3000000000"), Decimal("3500000000")}
    assert _by_line(result, _line_of(text, "Net profit")) == {"dis:ProfitLoss"}
    # the rows that repeat a figure already filed (the attributions' totals, the profit opening the
    # comprehensive income statement) are the same facts, not extensions
    assert {f.value for f in _facts(result, "dis:ProfitLoss")} == {Decimal("700000000"), Decimal("900000000")}
    assert {f.value for f in _facts(result, "dis:ComprehensiveIncome")} == {Decimal("755000000"), Decimal("878000000")}
    assert not [i for i in result.report.issues if i.code in ("extension-concept", "unmapped-row", "ambiguous-row")
                and ("'Total'" in i.message or "'Net profit'" in i.message)]
    rnd = next(iter(_by_line(result, _line_of(text, "Research and development expenses"))))
    assert ("ProfitLossFromOperatingActivities", rnd.split(":")[1]) in _calc_arcs(result.out_dir)


IFRS_CASH_FLOWS = """
(4) Quarterly Consolidated Statement of Cash Flows
(Million yen)
 For the three months ended June 30, 2025 For the three months ended June 30, 2026
Cash flows from operating activities
Profit before income taxes 1,000 1,300
Depreciation and amortization 200 210
Decrease (increase) in trade and other receivables (50) (60)
Increase (decrease) in trade and other payables 30 20
Interest paid (10) (12)
Income taxes paid (300) (350)
Net cash provided by (used in) operating activities 870 1,108
"""


def test_a_total_printed_without_the_taxonomys_subtotal_is_checked_as_printed(tmp_path):
    # the taxonomy sums operating cash flow through "cash generated from operations"; this release
    # prints no such subtotal: the filing's calculation follows the release instead of binding on
    # interest and taxes alone
    result = _build(tmp_path, IFRS_COVER + IFRS_CASH_FLOWS)
    assert result.exit_code == 0, result.summary
    assert any(i.code == "calculation-as-printed" for i in result.report.issues)
    arcs = _calc_arcs(result.out_dir)
    assert ("CashFlowsFromUsedInOperatingActivities", "ProfitLossBeforeTax") in arcs
    cal = "".join(p.read_text() for p in result.out_dir.glob("*_cal.xml"))
    assert 'use="prohibited"' in cal


def test_drifted_columns_under_headers_wrapped_over_lines(tmp_path):
    # "(from April 1, 2025" / "to June 30, 2025)" over each column is one period, not two dates
    rows = [(0, "Net sales", ("5,000", "6,000")), (0, "Cost of sales", ("3,000", "3,500")),
            (0, "Gross profit", ("2,000", "2,500")), (0, "Selling, general and administrative expenses", ("800", "900")),
            (0, "Operating profit", ("1,200", "1,600"))]
    header = ("(2) Quarterly Consolidated Statements of Income\n" + "(Million yen)".rjust(88) + "\n"
              + "(from April 1, 2025".rjust(62) + "\n" + "to June 30, 2025)".rjust(62) + "(from April 1, 2026".rjust(26) + "\n"
              + "to June 30, 2026)".rjust(88) + "\n")
    result = _build(tmp_path, COVER + header + _drifted(rows) + "\n")
    assert result.exit_code == 0, result.summary
    sales = {(f.period.start.isoformat(), f.period.end.isoformat()): f.value for f in _facts(result, "dis:NetSales")}
    assert sales == {("2025-04-01", "2025-06-30"): Decimal("5000000000"), ("2026-04-01", "2026-06-30"): Decimal("6000000000")}


def test_a_statement_restated_in_dollars_is_no_fact_of_a_yen_filing(tmp_path):
    # the balance sheet printed again in thousands of U.S. dollars "for the convenience of readers":
    # the filing is in yen (its unit lines say so most), so the dollar table is said and left out
    dollars = BALANCE_SHEET.replace("(Million yen)", "(Thousands of U.S. dollars)").replace(
        "2. Quarterly Consolidated Financial Statements\n", "")
    for yen, usd in (("1,000 1,100", "6,800 7,480"), ("1,420 1,557", "9,656 10,587")):
        dollars = dollars.replace(yen, usd)
    result = _build(tmp_path, COVER + BALANCE_SHEET + dollars)
    assert result.exit_code == 0, result.summary
    assert {f.unit for f in result.filing.facts if f.concept == "dis:AssetsJP"} == {"JPY"}
    assert {f.value for f in result.filing.facts if f.concept == "dis:AssetsJP"} == {Decimal("1420000000"),
                                                                                  Decimal("1557000000")}
    said = [i for i in result.report.issues if i.code == "convenience-translation"]
    assert len(said) == 1 and "USD" in said[0].message
    assert not [i for i in result.report.issues if i.code == "statement-rows" and i.severity == "warning"]


NET_ASSETS = """
3. Consolidated Financial Statements
(3) Consolidated Statements of Changes in Net Assets
Fiscal year ended March 31, 2026 (April 1, 2025 to March 31, 2026)
(Million yen)
 Share capital Capital surplus Retained earnings Treasury shares Total shareholders' equity
Balance at beginning of period 5,000 4,000 30,000 (1,000) 38,000
Changes during period
Dividends of surplus - - (1,200) - (1,200)
Profit attributable to owners of parent - - 3,000 - 3,000
Purchase of treasury shares - - - (500) (500)
Total changes during period - - 1,800 (500) 1,300
Balance at end of period 5,000 4,000 31,800 (1,500) 39,300
"""


def test_statement_of_changes_in_net_assets_read_in_its_columns(tmp_path):
    result = _build(tmp_path, COVER.replace("Three Months Ended June 30, 2026", "Fiscal Year Ended March 31, 2026")
                    + NET_ASSETS)
    assert result.exit_code == 0, result.summary
    got = {(f.period.key(), dict(f.dims).get("dis:ComponentsOfNetAssetsAxis")): f.value
           for f in result.filing.facts if f.concept == "dis:NetAssets"}
    assert got[("2026-03-31", "dis:RetainedEarningsJPMember")] == Decimal("31800000000")
    assert got[("2025-03-31", "dis:ShareholdersEquityMember")] == Decimal("38000000000")
    assert result.report.stats["assertions"]["NetAssetsRollForward"] == [3, 0]


def test_a_statement_that_does_not_roll_forward_as_read_is_not_filed(tmp_path):
    # an extraction that scrambled the rows: the closing balances print the opening figures, so
    # no column rolls forward and no total adds up; the reading is said to fail, not filed
    scrambled = NET_ASSETS.replace("Balance at end of period 5,000 4,000 31,800 (1,500) 39,300",
                                   "Balance at end of period 4,000 31,800 (1,500) 5,000 1,300").replace(
        "Total changes during period - - 1,800 (500) 1,300", "Total changes during period - - (500) 1,800 39,300")
    result = _build(tmp_path, COVER.replace("Three Months Ended June 30, 2026", "Fiscal Year Ended March 31, 2026")
                    + BALANCE_SHEET + scrambled)
    said = [i for i in result.report.issues if i.code == "statement-not-read"]
    assert len(said) == 1 and "do not" not in said[0].message and "not filed" in said[0].message
    assert not [f for f in result.filing.facts if dict(f.dims).get("dis:ComponentsOfNetAssetsAxis")]
    assert result.exit_code == 0, result.summary  # the balance sheet is filed, valid
