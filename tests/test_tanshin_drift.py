"""Statements and summary tables whose figures the extractor printed off their rows, with blank
cells (#14, LINTEC-like pdftotext -layout output). Each release is written here."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from disclose import api
from disclose.tanshin.drift import by_columns
from disclose.tanshin.streams import with_blanks

COVER = """Consolidated Financial Results for the Three Months Ended June 30, 2026 (Japanese GAAP)
July 30, 2026
Company name: Sample Drift Industries Co., Ltd.
Listing: Tokyo Stock Exchange
Securities code: 9997
(Amounts less than one million yen are omitted)
"""

# (indent, label, (previous year, current year)); None: no figure (a heading), "" a blank cell
INCOME = [
    (0, "Net sales", ("10,000", "11,000")),
    (0, "Cost of sales", ("6,000", "6,500")),
    (0, "Gross profit", ("4,000", "4,500")),
    (0, "Selling, general and administrative expenses", ("3,000", "3,200")),
    (0, "Operating income", ("1,000", "1,300")),
    (0, "Non-operating income", None),
    (3, "Interest income", ("10", "12")),
    (3, "Foreign exchange gains", ("", "30")),
    (3, "Other", ("5", "6")),
    (3, "Total non-operating income", ("15", "48")),
    (0, "Non-operating expenses", None),
    (3, "Interest expenses", ("8", "9")),
    (3, "Foreign exchange losses", ("20", "")),
    (3, "Total non-operating expenses", ("28", "9")),
    (0, "Ordinary income", ("987", "1,339")),
    (0, "Profit before income taxes", ("987", "1,339")),
    (0, "Income taxes - current", ("250", "350")),
    (0, "Income taxes - deferred", ("50", "50")),
    (0, "Total income taxes", ("300", "400")),
    (0, "Profit", ("687", "939")),
    (0, "Profit attributable to non-controlling interests", ("7", "9")),
    (0, "Profit attributable to owners of parent", ("680", "930")),
]


def _drifted(rows, shifts, edges) -> str:
    """Labels in order at their indents; each column's figures right-aligned at its edge, drifted
    down by its own number of lines, a blank cell leaving its line empty in that column."""
    width = max(edges) + 2
    out = [(" " * indent + label).ljust(width) for indent, label, _ in rows] + [" " * width] * (max(shifts) + 1)
    for col, (shift, edge) in enumerate(zip(shifts, edges)):
        for n, (_, _, figs) in enumerate(rows):
            if figs and figs[col]:
                at = n + shift
                out[at] = out[at][:edge - len(figs[col])] + figs[col] + out[at][edge:]
    return "\n".join(line.rstrip() for line in out)


def _income_statement(shifts=(2, 5)) -> str:
    header = ("2. Quarterly Consolidated Financial Statements and Notes\n"
              "(2) Quarterly Consolidated Statements of Income and Comprehensive Income\n"
              "    Quarterly Consolidated Statements of Income\n"
              + "(Million yen)".rjust(100) + "\n"
              + "Three months ended June 30, 2025".rjust(66) + "Three months ended June 30, 2026".rjust(34) + "\n")
    return header + _drifted(INCOME, shifts, (66, 100)) + "\n"


def _build(tmp_path: Path, text: str):
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return api.build(path, None, tmp_path / "out")


def _values(result, label: str) -> dict[str, Decimal]:
    return {f.period.start.isoformat(): f.value for f in result.filing.facts if f.provenance.label.endswith(label)}


def test_drifted_statement_with_blank_cells_in_each_column_reads_every_row(tmp_path):
    # the columns drift 2 and 5 lines below their labels and each leaves one cell blank (a
    # different row): their counts differ, so pairing by count would shift every row below the
    # blank; paired by their steady drift against each other, every row gets its own figures
    text = COVER + _income_statement()
    lines = text.splitlines()
    assert not any("Foreign exchange gains" in ln and "30" in ln for ln in lines)  # nothing on its label's line
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    million = Decimal("1000000")
    for _, label, figs in INCOME:
        if figs is None:
            continue
        want = {y: Decimal(v.replace(",", "")) * million
                for y, v in zip(("2025-04-01", "2026-04-01"), figs) if v}
        assert _values(result, label) == want, label
    # the figures the line-by-line reading could not place are placed: no warning about them
    assert not [i for i in result.report.issues if i.code in ("unmapped-row", "ambiguous-row", "unlabelled-figures")]


def test_blank_cells_placed_by_the_drift_between_columns():
    # column a: rows 0, 1, 3 (row 2 blank) one line below column b's rows 0..3: the blank is
    # where a's offset to b would otherwise jump, not at the end
    a = [(11, 0, "a0"), (12, 0, "a1"), (14, 0, "a3")]
    b = [(10, 0, "b0"), (11, 0, "b1"), (12, 0, "b2"), (13, 0, "b3")]
    placed = with_blanks([a, b], 4)
    assert placed == [[a[0], a[1], None, a[2]], b]
    # neither column complete: a lacks row 1, b row 2, over 4 rows
    a = [(10, 0, "a0"), (14, 0, "a2"), (16, 0, "a3")]
    b = [(11, 0, "b0"), (13, 0, "b1"), (17, 0, "b3")]
    assert with_blanks([a, b], 4) == [[a[0], None, a[1], a[2]], [b[0], b[1], None, b[2]]]
    # more figures than rows, or columns too far apart: not this layout
    assert with_blanks([a, b], 2) is None
    assert with_blanks([a, [(40, 0, "x"), (41, 0, "y"), (42, 0, "z")]], 4) is None


SUMMARY = """
1. Consolidated financial results for the first quarter of the fiscal year ending March 31, 2027 (from April 1, 2026
      to June 30, 2026)

(2) Consolidated financial position

                                     Total assets                           Net assets                     Equity ratio
                                                                                      Millions of yen                                 %
As of                                           Millions of yen                              2,700
                                                                                             2,200                             67.5
June 30, 2026                                        4,000                                                                     68.7
March 31, 2026                                       3,200

"""

BALANCE_SHEET = """
2. Quarterly Consolidated Financial Statements and Notes
(1) Quarterly Consolidated Balance Sheets
(Million yen)
 As of March 31, 2026 As of June 30, 2026
Assets
Current assets
Cash and deposits 2,000 2,500
Inventories 700 900
Total current assets 2,700 3,400
Non-current assets
Investment securities 500 600
Total non-current assets 500 600
Total assets 3,200 4,000
Liabilities
Current liabilities
Notes and accounts payable - trade 500 700
Short-term borrowings 300 300
Total current liabilities 800 1,000
Non-current liabilities
Long-term borrowings 200 300
Total non-current liabilities 200 300
Total liabilities 1,000 1,300
Net assets
Shareholders' equity
Share capital 1,000 1,000
Retained earnings 1,200 1,700
Total shareholders' equity 2,200 2,700
Total net assets 2,200 2,700
Total liabilities and net assets 3,200 4,000
"""


def test_summary_figures_printed_off_their_rows_are_read_by_column(tmp_path):
    # net assets of June 30 printed two lines above its row, the equity ratio of March 31 on the
    # June row: line by line June's net assets would be March's equity ratio; by columns (one
    # figure per row in each band of x positions) the summary agrees with the balance sheet
    result = _build(tmp_path, COVER + SUMMARY + BALANCE_SHEET)
    assert result.exit_code == 0, result.summary
    by = {(f.concept, f.period.end.isoformat()): f.value for f in result.filing.facts}
    assert by[("dis:NetAssetsSummary", "2026-06-30")] == Decimal("2700000000")
    assert by[("dis:NetAssetsSummary", "2026-03-31")] == Decimal("2200000000")
    assert by[("dis:TotalAssetsSummary", "2026-03-31")] == Decimal("3200000000")
    assert by[("dis:EquityRatio", "2026-06-30")] == Decimal("0.675")
    assert by[("dis:EquityRatio", "2026-03-31")] == Decimal("0.687")


def test_by_columns_refuses_what_is_not_one_figure_per_row():
    lines = ["  1,000      50", "        2,000      60", "x"]
    assert by_columns(lines, 0, 2, [1, 2], 2) == [[v for v in row] for row in by_columns(lines, 0, 2, [1, 2], 2)]
    rows = by_columns(lines, 0, 2, [1, 2], 2)
    assert [[v.raw for v in r] for r in rows] == [["1,000", "50"], ["2,000", "60"]]
    assert by_columns(lines, 0, 2, [1, 2], 3) is None  # not three columns
    assert by_columns(lines, 0, 2, [1], 2) is None  # not one row
    assert by_columns(lines, 0, 2, [1, 9], 2) is None  # a figure far from its row


RESULTS = """
1. Consolidated financial results for the first quarter of the fiscal year ending March 31, 2027 (from April 1, 2026
      to June 30, 2026)

(1) Consolidated operating results (cumulative)

                                                                               (% figures represent year-on-year changes.)

                                     Net sales           Operating income      Ordinary income            Profit attributable to
                                                                                                            owners of parent

First quarter of fiscal year  Millions of yen     % Millions of yen          % Millions of yen         % Millions of yen                 %
ending/ended                          11,000
                                                10.0              1,300 30.0              1,339 35.6             930 36.7
    March 31, 2027

March 31, 2026                       10,000 1.4                   1,000 (9.8)               987 (26.0)           680 (35.2)

(Note) Comprehensive income : For the first quarter of the fiscal year ending March 31, 2027 : 950 million yen, [ %]

                              For the first quarter of the fiscal year ended March 31, 2026 : 690 million yen, [ %]

"""


def test_summary_row_without_its_figures_and_quarter_of_the_fiscal_year(tmp_path):
    # the current row's date stands below its figures (printed on the two lines above); the rows
    # name fiscal years by their last day under "First quarter of fiscal year": each row is that
    # year's first three months, as is the note's "first quarter of the fiscal year ending"
    result = _build(tmp_path, COVER + RESULTS + _income_statement())
    assert result.exit_code == 0, result.summary
    by = {(f.concept, f.period.start.isoformat(), f.period.end.isoformat()): f.value
          for f in result.filing.facts if not f.dims}
    million = Decimal("1000000")
    assert by[("dis:NetSalesSummary", "2026-04-01", "2026-06-30")] == 11000 * million
    assert by[("dis:NetSalesSummary", "2025-04-01", "2025-06-30")] == 10000 * million
    assert by[("dis:ProfitAttributableToOwnersOfParentSummary", "2026-04-01", "2026-06-30")] == 930 * million
    assert by[("dis:ComprehensiveIncomeSummary", "2026-04-01", "2026-06-30")] == 950 * million
    assert by[("dis:ComprehensiveIncomeSummary", "2025-04-01", "2025-06-30")] == 690 * million
    assert not [k for k in by if k[0].endswith("Summary") and (k[1], k[2]) != ("2026-04-01", "2026-06-30")
                and (k[1], k[2]) != ("2025-04-01", "2025-06-30")]


FORECAST = """
3. Consolidated financial results forecasts for the fiscal year ending March 31, 2027 (from April 1, 2026 to
      March 31, 2027)

                                                                                                              (% figures represent year-on-year changes.)

           Net sales             Operating income                Ordinary income                Profit attributable to  Net income
                                                                                                  owners of parent       per share

           Millions of yen  % Millions of yen      % Millions of yen              % Millions of yen      %              Yen

Full year   45,000 7.1                         5,500 9.3          5,400 7.1                       3,800 12.2            297.79

"""


def test_forecast_names_wrapped_within_their_columns(tmp_path):
    # "Profit attributable to" and "Net income" side by side, "owners of parent" and "per share"
    # under them: read line by line the header says "... to Net income owners of parent ...";
    # joined per column each figure has its own column
    result = _build(tmp_path, COVER + FORECAST + _income_statement())
    assert result.exit_code == 0, result.summary
    fc = {f.concept: f.value for f in result.filing.facts if f.dims and f.period.start.isoformat() == "2026-04-01"
          and f.period.end.isoformat() == "2027-03-31"}
    million = Decimal("1000000")
    assert fc["dis:NetSalesSummary"] == 45000 * million
    assert fc["dis:ProfitAttributableToOwnersOfParentSummary"] == 3800 * million
    assert fc["dis:NetIncomePerShare"] == Decimal("297.79")
    assert "dis:NetIncomeSummary" not in fc


def test_two_forecast_rows_printed_on_one_line(tmp_path):
    # "First half ... Full year ..." on one line: two rows, each with its own figures
    one_line = FORECAST.replace(
        "Full year   45,000 7.1                         5,500 9.3          5,400 7.1                       3,800 12.2            297.79",
        "First half 20,000 5.0 2,500 4.0 2,450 3.0 1,700 2.0 132.50 Full year 45,000 7.1 5,500 9.3 5,400 7.1 3,800 12.2 297.79")
    assert one_line != FORECAST
    result = _build(tmp_path, COVER + one_line + _income_statement())
    assert result.exit_code == 0, result.summary
    fc = {(f.concept, f.period.end.isoformat()): f.value for f in result.filing.facts if f.dims}
    million = Decimal("1000000")
    assert fc[("dis:NetSalesSummary", "2026-09-30")] == 20000 * million
    assert fc[("dis:NetSalesSummary", "2027-03-31")] == 45000 * million
    assert fc[("dis:NetIncomePerShare", "2026-09-30")] == Decimal("132.50")
    assert fc[("dis:NetIncomePerShare", "2027-03-31")] == Decimal("297.79")


DIVIDENDS = """
2. Dividends

                                                                  Annual dividends per share

                                         First             Second               Third            Fiscal        Annual
                                     quarter-end         quarter-end         quarter-end        year-end                  Yen

Fiscal year ended/ending                        Yen               Yen          Yen                        Yen

March 31, 2026                                                    55.00                                 55.00        110.00

"""


def test_dividend_row_whose_columns_the_line_does_not_tell_is_not_guessed(tmp_path):
    # the quarter-end columns left blank (no "-") and the column names wrapped (two columns found,
    # three figures): by position 55.00 would be filed as the annual dividend; the row is not read
    result = _build(tmp_path, COVER + DIVIDENDS + _income_statement())
    assert result.exit_code == 0, result.summary
    annual = [f.value for f in result.filing.facts if f.concept == "dis:DividendsPerShare" and not f.dims]
    assert annual in ([], [Decimal("110.00")])
