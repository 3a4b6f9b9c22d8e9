"""Structure from arithmetic, each rule on a small release written here (#14): a total whose items
are not adjacent, and a label that names the wrong concept for where it sits."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from disclose import api
from disclose.arithmetic import find_sums

COVER = """Consolidated Financial Results for the Three Months Ended June 30, 2026 (Japanese GAAP)
July 30, 2026
Company name: Sample Test Industries Co., Ltd.
Securities code: 9998
(Amounts less than one million yen are rounded down.)
"""

HEAD = """
2. Quarterly Consolidated Financial Statements
(2) Quarterly Consolidated Statements of Income
(Million yen)
 For the three months ended June 30, 2025 For the three months ended June 30, 2026
Net sales 5,000 6,000
Cost of sales 3,000 3,500
Gross profit 2,000 2,500
Selling, general and administrative expenses 800 885
Operating profit 1,200 1,615
"""

TAIL = """Ordinary profit 1,223 1,621
Profit before income taxes 1,223 1,621
Income taxes 400 500
Profit 823 1,121
Profit attributable to owners of parent 823 1,121
"""

# the extractor printed the next section's heading and first item before this section's total
INTERLEAVED = HEAD + """Non-operating income
Interest income 5 6
Dividend income 2 3
Other 40 15
Non-operating expenses
Interest expenses 10 12
Total non-operating income 47 24
Other 14 6
Total non-operating expenses 24 18
""" + TAIL

# a row labelled like a non-operating expense, printed (and adding up) among the income items
MISPLACED = HEAD + """Non-operating income
Interest income 5 6
Share of loss of entities accounted for using equity method 2 3
Other 40 15
Total non-operating income 47 24
Non-operating expenses
Interest expenses 10 12
Other 14 6
Total non-operating expenses 24 18
""" + TAIL


def _build(tmp_path: Path, text: str):
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return api.build(path, None, tmp_path / "out")


def _line(text: str, label: str, nth: int = 1) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(label + " ")][nth - 1]


def _concepts(result, line: int) -> set[str]:
    return {f.concept for f in result.filing.facts if f.provenance.line == line}


def _d(*rows):
    return [tuple(Decimal(v) for v in r) for r in rows]


def test_find_sums_finds_items_with_another_sections_row_between():
    # a, b, c | x (next section) | total of a..c | y | total of x, y
    rows = _d((5, 6), (2, 3), (40, 15), (10, 12), (47, 24), (14, 6), (24, 18))
    sums = find_sums(rows, "truncate")
    assert sums[4].items == (0, 1, 2)
    assert sums[6].items == (3, 5)
    # an unbroken run still wins over one with a gap
    rows = _d((1, 1), (10, 10), (20, 20), (30, 30))
    assert find_sums(rows, "round")[3].items == (1, 2)


def test_a_total_whose_items_are_not_adjacent(tmp_path):
    text = COVER + INTERLEAVED
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    assert _concepts(result, _line(text, "Other", 1)) == {"dis:OtherNOI"}
    assert _concepts(result, _line(text, "Other", 2)) == {"dis:OtherNOE"}
    assert _concepts(result, _line(text, "Interest expenses")) == {"dis:InterestExpensesNOE"}
    totals = {f.value for f in result.filing.facts if f.concept == "dis:NonOperatingIncome"}
    assert totals == {Decimal("47000000"), Decimal("24000000")}
    assert result.report.ok  # the calculations (total = its items) hold in both columns


def test_a_label_naming_the_wrong_concept_is_placed_by_the_arithmetic(tmp_path):
    text = COVER + MISPLACED
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    line = _line(text, "Share of loss of entities accounted for using equity method")
    (concept,) = _concepts(result, line)
    assert concept != "dis:ShareOfLossOfEntitiesAccountedForUsingEquityMethodNOE"
    assert not concept.startswith("dis:")  # an extension under the total it adds up into
    notes = [i for i in result.report.issues if i.code == "placed-by-sum" and i.lines == (line,)]
    assert notes and "NonOperatingIncome" in notes[0].message
    report = (result.out_dir / "release-report.json").read_text(encoding="utf-8")
    assert '"placed-by-sum"' in report
    # the "Other" that follows is the Other of the income section it adds up into
    assert _concepts(result, _line(text, "Other", 1)) == {"dis:OtherNOI"}
