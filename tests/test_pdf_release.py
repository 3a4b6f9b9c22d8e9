"""Release PDFs without a Tanshin cover, with stacked column headers (issue #16, second part).

The PDF is written here with reportlab: an annual report's statement of financial position with
no securities code on its cover and no results title, its column headers stacked over four lines
(fiscal label / "(As of December" / "31, 2024)" / unit) with a "Notes" header between them, and a
convenience-translation column in U.S. dollars; the build needs no profile. The header merging and
the mapping rules are also tested on their own, on rows and labels built here.
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
from disclose.mapping import Mapper  # noqa: E402
from disclose.pdf import read_pdf  # noqa: E402
from disclose.pdf.headers import merge_stacked_headers  # noqa: E402
from disclose.pdf.words import Row  # noqa: E402
from disclose.pdf.words import Word  # noqa: E402
from disclose.text.tables import vocabulary  # noqa: E402

FONT, SIZE, PITCH = "Helvetica", 9, 14
YEN = (330, 420)  # right edges of the two yen columns
DOLLAR = 520  # right edge of the convenience column
NOTES_X = 200

# label, 2024, 2025 (millions of yen), 2025 in thousands of U.S. dollars (convenience, not a fact)
ROWS = [
    ("Assets", None),
    ("Current assets", None),
    ("Cash and cash equivalents", ("41,056", "42,320", "267,544")),
    ("Trade receivables", ("28,412", "31,877", "201,524")),
    ("Total current assets", ("69,468", "74,197", "469,068")),
    ("Non-current assets", None),
    ("Property, plant and equipment", ("24,605", "26,318", "166,380")),
    ("Investments accounted for using the equity method", ("3,574", "3,612", "22,835")),
    ("Total non-current assets", ("28,179", "29,930", "189,215")),
    ("Total assets", ("97,647", "104,127", "658,283")),
    ("Liabilities and equity", None),
    ("Liabilities", None),
    ("Borrowings", ("10,000", "9,000", "56,897")),
    ("Total liabilities", ("10,000", "9,000", "56,897")),
    ("Equity", None),
    ("Share capital", ("18,250", "18,250", "115,375")),
    ("Retained earnings", ("71,412", "80,395", "508,250")),
    ("Treasury shares", ("(2,015)", "(3,518)", "(22,240)")),
    ("Total equity", ("87,647", "95,127", "601,386")),
    ("Total liabilities and equity", ("97,647", "104,127", "658,283")),
]


def _centred(c: canvas.Canvas, right: float, y: float, text: str, width: float = 70) -> None:
    c.drawCentredString(right - width / 2, y, text)


def write_annual_report(path: Path, rows: list = ROWS, sideways: str | None = None) -> Path:
    """Cover (issuer, title without a period, the period on its own line), then the statement;
    `sideways`, a note printed up the right margin."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, SIZE)
    if sideways:
        c.saveState()
        c.translate(570, 300)
        c.rotate(90)
        c.drawString(0, 0, sideways)
        c.restoreState()
    y = 800
    for line in ("Consolidated Financial Statements (IFRS)", "Harbour Freight Holdings, Inc. and Consolidated Subsidiaries",
                 "Year ended December 31, 2025",
                 "Japanese yen figures less than a million yen are rounded down."):
        c.drawString(50, y, line)
        y -= PITCH
    y -= PITCH
    c.drawString(50, y, "a. Consolidated statement of financial position")
    y -= 2 * PITCH
    # the stacked header: four lines per column, "Notes" between them, a dollar column at the right
    for k, (a, b, d) in enumerate([("FY2024", "FY2025", "FY2025"), ("(As of December", "(As of December", "(As of December"),
                                   (None, None, None), ("31, 2024)", "31, 2025)", "31, 2025)"),
                                   ("(Millions of yen)", "(Millions of yen)", "(Thousands of U.S. dollars)")]):
        if a is None:
            c.drawString(NOTES_X, y + 3, "Notes")  # half a line below the one above: a row of its own
        else:
            _centred(c, YEN[0], y, a)
            _centred(c, YEN[1], y, b)
            _centred(c, DOLLAR, y, d, 90)
        y -= 8 if a is None or k == 1 else PITCH
    y -= 4
    for label, figures in rows:
        c.drawString(50, y, label)
        if figures:
            for x, text in zip((*YEN, DOLLAR), figures):
                c.drawRightString(x, y, text)
        y -= PITCH
    c.showPage()
    c.save()
    return path


def test_stacked_headers_become_one_header_per_column(tmp_path):
    lines = read_pdf(write_annual_report(tmp_path / "report.pdf").read_bytes(), "report.pdf").lines
    assert "FY2024 (As of December 31, 2024) FY2025 (As of December 31, 2025)" in lines
    assert "(Millions of yen) (Millions of yen)" in lines  # the unit line stays a line of its own
    assert not any("U.S. dollars" in l or "267,544" in l for l in lines)  # the convenience column is gone
    assert "Cash and cash equivalents 41,056 42,320" in lines


def test_release_without_securities_code_builds_with_no_profile(tmp_path):
    pdf = write_annual_report(tmp_path / "harbour-fy2025.pdf")
    result = api.build(pdf, None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    facts = {(f.concept.split(":")[1], f.period.key(), f.value) for f in result.filing.facts}
    assert ("CashAndCashEquivalents", "2024-12-31", Decimal("41056000000")) in facts
    assert ("CashAndCashEquivalents", "2025-12-31", Decimal("42320000000")) in facts
    assert ("Assets", "2025-12-31", Decimal("104127000000")) in facts
    assert not any(v in (Decimal("267544000"), Decimal("267544000000")) for _, _, v in facts)  # dollars: no fact
    assert len({(c, p) for c, p, _ in facts}) == 28  # every row with figures (14), both periods
    assert result.filing.entity.name == "Harbour Freight Holdings, Inc."
    report = json.loads((tmp_path / "out" / "harbour-fy2025-report.json").read_text(encoding="utf-8"))
    text = json.dumps(report)
    assert "no securities code" in text  # the fallback is stated, not silent
    assert "c11t" in text  # "rounded down": truncation mode


# -- the header merge on its own ------------------------------------------------------------------
def _w(text: str, x0: float, top: float, size: float = 9) -> Word:
    return Word(text, x0, x0 + 4.5 * len(text), top, top + size, size)


def _row(*words: Word, figures: int = 0) -> Row:
    ws = list(words)
    return Row(ws, ws[len(ws) - figures:] if figures else [])


def test_merge_keeps_titles_apart_and_joins_each_column_top_to_bottom():
    rows = [
        _row(_w("Dividends", 50, 100)),
        _row(_w("Dividend per share", 260, 112)),  # centred over the five cells below: a title
        _row(_w("First quarter", 150, 123), _w("Second quarter", 230, 123), _w("Third quarter", 310, 123),
             _w("Year-end", 390, 123), _w("Annual", 460, 123)),
        _row(_w("yen", 190, 134), _w("yen", 270, 134), _w("yen", 350, 134), _w("yen", 420, 134), _w("yen", 480, 134)),
        _row(_w("Year", 50, 146), _w("10.00", 190, 146), _w("-", 270, 146), _w("12.00", 350, 146), _w("20.00", 420, 146),
             _w("42.00", 480, 146), figures=5),
        _row(_w("Operating", 200, 200), _w("Profit attributable", 380, 200)),
        _row(_w("Net sales", 100, 210), _w("profit", 205, 210), _w("to owners of parent", 380, 210)),
        _row(_w("Year", 50, 222), _w("1,000", 120, 222), _w("100", 210, 222), _w("60", 400, 222), figures=3),
    ]
    texts = [" ".join(w.text for w in r.words) for r in merge_stacked_headers(rows)]
    assert texts[1] == "Dividend per share"  # the title on a line of its own
    assert texts[2] == "First quarter Second quarter Third quarter Year-end Annual"
    assert texts[3] == "yen yen yen yen yen"  # units are not merged
    assert "Net sales Operating profit Profit attributable to owners of parent" in texts
    assert texts[0] == "Dividends"  # a heading at the label margin is no header cell


def test_rows_with_amounts_are_never_header_cells():
    rows = [
        _row(_w("Average rates", 50, 100), _w("109.78", 200, 100), _w("yen", 232, 100)),
        _row(_w("130.83", 200, 110), _w("yen", 232, 110), _w("138.66", 300, 110), _w("yen", 332, 110)),
        _row(_w("Sales", 50, 122), _w("1,000", 200, 122), _w("2,000", 300, 122), figures=2),
    ]
    assert merge_stacked_headers(rows) == rows


# -- mapping rules the PDFs met -------------------------------------------------------------------
@pytest.fixture(scope="module")
def mapper():
    src = api.taxonomy_source()
    return Mapper(src, vocabulary(src))


def test_row_under_a_heading_is_not_a_row_of_another_section(mapper):
    """Printed under "Non-operating expenses", a row the taxonomy lists only under "Extraordinary
    losses" is an unknown row of the heading it stands under (an extension there), not that row."""
    ix = mapper.index(mapper.src.tables["jgaap-income-statement"])
    k, _, rest = mapper._match(ix, "Non-operating expenses Loss on valuation of investment securities", 0, set())
    assert k is None and rest == "Loss on valuation of investment securities"
    k, _, _ = mapper._match(ix, "Extraordinary losses Loss on valuation of investment securities", 0, set())
    assert k is not None and ix.nodes[k][0].concept == "LossOnValuationOfInvestmentSecuritiesEL"


def test_label_going_on_in_lower_case_is_no_heading(mapper):
    ix = mapper.index(mapper.src.tables["financial-position"])
    k, _, rest = mapper._match(ix, "Non-current assets held for sale", 0, set())
    assert rest == "Non-current assets held for sale"  # not "held for sale" under the non-current heading


def test_tail_after_a_preposition_is_the_object_not_the_row(mapper):
    ix = mapper.index(mapper.src.tables["cash-flows"])
    k, _, _ = mapper._match(ix, "Effect of exchange rate change on cash and cash equivalents", 0, set())
    assert k is None or ix.nodes[k][0].concept != "CashAndCashEquivalents"


def test_short_row_after_its_heading_may_follow_a_preposition(mapper):
    ix = mapper.index(mapper.src.tables["profit-or-loss"])
    k, _, _ = mapper._match(ix, "Profit for the year attributable to Owners of parent", 0, set())
    assert k is not None and ix.nodes[k][0].concept == "ProfitLossAttributableToOwnersOfParent"


def test_row_stays_in_its_section_until_the_printed_total(mapper):
    """"Provisions" printed among the current liabilities, whose total the table prints further
    down, is not the taxonomy's non-current provisions."""
    ix = mapper.index(mapper.src.tables["financial-position"])
    at = next(j for j, (n, _) in enumerate(ix.nodes) if n.concept == "CurrentTaxLiabilities")
    total = next(j for j, (n, _) in enumerate(ix.nodes) if n.concept == "CurrentLiabilities" and n.preferred == "total")
    try:
        mapper._printed_totals = {total}
        k, _, _ = mapper._match(ix, "Provisions", at, {at})
        assert k is None or ix.nodes[k][0].concept != "NoncurrentProvisions"
        mapper._printed_totals = set()  # a release that prints no such total: the label finds its row
        k, _, _ = mapper._match(ix, "Provisions", at, {at})
        assert k is not None and ix.nodes[k][0].concept == "NoncurrentProvisions"
    finally:
        mapper._printed_totals = set()


# the current assets with a printed subtotal the taxonomy lacks, then a row below it
SUBTOTAL_ROWS = ROWS[:4] + [
    ("Sub-total", ("69,468", "74,197", "469,068")),
    ("Non-current assets held for sale", ("532", "803", "5,076")),
    ("Total current assets", ("70,000", "75,000", "474,144")),
] + ROWS[5:9] + [
    ("Total assets", ("98,179", "104,930", "663,359")),
] + ROWS[10:16] + [
    ("Retained earnings", ("71,944", "81,198", "513,326")),
    ("Treasury shares", ("(2,015)", "(3,518)", "(22,240)")),
    ("Total equity", ("88,179", "95,930", "606,462")),
    ("Total liabilities and equity", ("98,179", "104,930", "663,359")),
]


def test_printed_subtotal_sums_its_rows_and_the_total_sums_it(tmp_path):
    """"Sub-total" (not in the taxonomy) adds up the rows above it; the total adds it and the row
    below: the filing's calculations follow the release instead of counting the rows twice."""
    result = api.build(write_annual_report(tmp_path / "sub.pdf", SUBTOTAL_ROWS), None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    report = (tmp_path / "out" / "sub-report.json").read_text(encoding="utf-8")
    assert "is printed as the subtotal of" in report
    values = {f.value for f in result.filing.facts}
    assert Decimal("69468000000") in values and Decimal("532000000") in values


def test_a_date_range_split_over_two_header_lines_is_no_figure():
    # "April 1, 2024 -" over "March 31, 2025": the dash continues the range, it is no nil figure
    # (which would stop the header from merging and give the line gap marks)
    from disclose.pdf.lines import page_lines

    def words(text: str, x0: float, top: float) -> list[Word]:
        out, x = [], x0
        for part in text.split():
            out.append(_w(part, x, top))
            x += 4.5 * len(part) + 4
        return out

    page = words("April 1, 2024 -", 250, 100) + words("April 1, 2025 -", 370, 100)
    page += words("March 31, 2025", 250, 111) + words("March 31, 2026", 370, 111)
    for k, (label, a, b) in enumerate([("Net sales", "1,000", "1,100"), ("Cost of sales", "600", "700"),
                                       ("Gross profit", "400", "400")]):
        top = 130 + 12 * k
        page += words(label, 50, top) + [_w(a, 330 - 4.5 * len(a), top), _w(b, 450 - 4.5 * len(b), top)]
    lines = [line.text for line in page_lines(page)]
    assert "April 1, 2024 - March 31, 2025 April 1, 2025 - March 31, 2026" in lines
    assert "Net sales 1,000 1,100" in lines


def test_text_printed_sideways_is_said_not_read(tmp_path):
    # a note printed sideways in the margin: its characters are not upright, so the reader leaves
    # them out; the build says which page held them instead of losing them silently
    pdf = write_annual_report(tmp_path / "harbour-fy2025.pdf", sideways="Figures are unaudited")
    assert "unaudited" not in " ".join(read_pdf(pdf.read_bytes(), pdf.name).lines)
    result = api.build(pdf, None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    assert "page 1: 19 character(s) printed sideways were not read" in result.summary
    report = json.loads((tmp_path / "out" / "harbour-fy2025-report.json").read_text(encoding="utf-8"))
    assert report["pdf_not_read"] == ["page 1: 19 character(s) printed sideways were not read"]
