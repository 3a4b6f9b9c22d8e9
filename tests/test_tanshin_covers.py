"""Every common cover layout of a Tanshin first page builds with no profile (#14).

Each release is written here: a first page in one layout and a small balance sheet. The issuer,
securities code and period come from the first page; a name that cannot be found is a warning
with a stated fallback (the securities code), never a refusal."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from disclose import api

TITLE = "Consolidated Financial Results for the Three Months Ended June 30, 2026 (Japanese GAAP)"
NAME = "Sample Test Industries Co., Ltd."
ROUNDING = "(Amounts less than one million yen are rounded down.)"

BALANCE_SHEET = """
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
Investment securities 300 310
Total non-current assets 300 310
Total assets 1,320 1,440
"""


def doubled(text: str) -> str:
    """Every character but spaces printed twice, as some extractors print bold headings."""
    return "".join(c if c == " " else c + c for c in text)


COVERS = {
    "label and value on one line": f"{TITLE}\nJuly 30, 2026\nCompany name: {NAME}\nSecurities code: 9998\n{ROUNDING}\n",
    "value on a later line": f"{TITLE}\nJuly 30, 2026\nCompany name:\n\n{NAME}\nSecurities code:\n9998\n{ROUNDING}\n",
    "leader dots": f"{TITLE}\nListed company name ........ {NAME}\nCode number ........ 9998\n{ROUNDING}\n",
    "whole cover on one line": f"{TITLE} July 30, 2026 Company name: {NAME} Listing: Tokyo Stock Exchange "
                               f"Securities code: 9998 URL: https://example.com {ROUNDING}\n",
    "letters repeated by the extractor": f"{doubled(TITLE)}\nJuly 30, 2026\nCompany name: {NAME}\n"
                                         f"Securities code: 9998\n{ROUNDING}\n",
}


def _build(tmp_path: Path, text: str):
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return api.build(path, None, tmp_path / "out")


@pytest.mark.parametrize("layout", sorted(COVERS))
def test_each_cover_layout_builds_with_no_profile(tmp_path, layout):
    result = _build(tmp_path, COVERS[layout] + BALANCE_SHEET)
    assert result.exit_code == 0, result.summary
    entity = result.filing.entity
    assert (entity.name, entity.identifier) == (NAME, "99980")
    assert result.report.calcs == "c11t"  # the rounding rule read off the first page
    assets = {f.period.end.isoformat(): f.value for f in result.filing.facts if f.concept == "dis:AssetsJP"}
    assert assets == {"2026-03-31": Decimal("1320000000"), "2026-06-30": Decimal("1440000000")}
    assert not [i for i in result.report.issues if i.code == "cover-field-missing"]


def test_statement_headings_with_repeated_letters_are_read(tmp_path):
    text = COVERS["label and value on one line"] + BALANCE_SHEET.replace(
        "(1) Quarterly Consolidated Balance Sheets", doubled("(1) Quarterly Consolidated Balance Sheets"))
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    assert {f.concept for f in result.filing.facts} >= {"dis:AssetsJP", "dis:CashAndDeposits"}


def test_a_missing_issuer_name_is_a_warning_with_the_code_as_name(tmp_path):
    cover = f"{TITLE}\nJuly 30, 2026\nSecurities code: 9998\n{ROUNDING}\n"
    result = _build(tmp_path, cover + BALANCE_SHEET)
    assert result.exit_code == 0, result.summary
    assert result.filing.entity.identifier == "99980"
    assert "9998" in result.filing.entity.name
    (warning,) = [i for i in result.report.issues if i.code == "cover-field-missing"]
    assert warning.severity == "warning" and "9998" in warning.message
    assert "cover-field-missing" in result.summary


def test_an_ifrs_tanshin_builds_with_no_profile(tmp_path):
    cover = COVERS["label and value on one line"].replace("(Japanese GAAP)", "(IFRS)")
    statement = """
2. Condensed Quarterly Consolidated Financial Statements
(1) Condensed Quarterly Consolidated Statement of Financial Position
(Million yen)
 As of March 31, 2026 As of June 30, 2026
Assets
Current assets
Cash and cash equivalents 1,000 1,100
Other current assets 20 30
Total current assets 1,020 1,130
Non-current assets
Property, plant and equipment 300 310
Total non-current assets 300 310
Total assets 1,320 1,440
"""
    result = _build(tmp_path, cover + statement)
    assert result.exit_code == 0, result.summary
    assert result.filing.entity.name == NAME
    assert any(i.code == "tanshin-identity" and i.message.startswith("IFRS") for i in result.report.issues)
    assets = {f.value for f in result.filing.facts if f.concept == "dis:Assets"}
    assert assets == {Decimal("1320000000"), Decimal("1440000000")}


@pytest.mark.parametrize("line, mended", [
    ("CCoonnssoolliiddaatteedd  FFiinnaanncciiaall RReessuullttss", "Consolidated  Financial Results"),
    ("((JJaappaanneessee GGAAAAPP))", "(Japanese GAAP)"),
    ("Total assets 1,100 2,200", "Total assets 1,100 2,200"),  # not every word doubled
    ("1100 2200 3300", "1100 2200 3300"),  # figures only: never
    ("Ltd. Inc. Co.", "Ltd. Inc. Co."),
])
def test_doubled_letters_are_mended_only_on_doubled_lines(line, mended):
    from disclose.text.doubled import mend_line

    assert mend_line(line) == mended
