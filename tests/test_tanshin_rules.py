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
