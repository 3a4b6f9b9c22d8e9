"""Rows read and not read, per table: in the JSON report, the summary and the review page (#14)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema

from disclose import api
from disclose.model import Cell, Column, Fact, Issue, Period, Provenance, Row, Table
from disclose.rows_read import statement_rows

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "report.schema.json"

RELEASE = """Consolidated Financial Results for the Three Months Ended June 30, 2026 (Japanese GAAP)
July 30, 2026
Company name: Sample Test Industries Co., Ltd.
Securities code: 9998
(Amounts less than one million yen are rounded down.)

2. Quarterly Consolidated Financial Statements
(1) Quarterly Consolidated Balance Sheets
(Million yen)
 As of March 31, 2026 As of June 30, 2026
Assets
Current assets
Cash and deposits 1,000 1,100
Prepaid expenses 50 60
Other 20 30
Deposits paid 1,005 6 7
Total current assets 1,070 1,190
Non-current assets
Investment securities 300 310
Total non-current assets 300 310
Total assets 1,370 1,500
 7 8
"""


def _line(label: str) -> int:
    return next(n for n, text in enumerate(RELEASE.splitlines(), 1) if text.startswith(label))


def test_the_report_lists_rows_read_and_not_read_with_lines_and_why(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(RELEASE, encoding="utf-8")
    result = api.build(path, None, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    report = json.loads((tmp_path / "out" / "release-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (bs,) = [s for s in report["statements"] if s["table"] == "jgaap-balance-sheet"]
    read = {r["line"]: r for r in bs["read"]}
    assert read[_line("Total assets")]["concepts"] == ["dis:AssetsJP"]
    assert read[_line("Prepaid expenses")]["label"] == "Prepaid expenses"
    assert bs["rows_read"] == len(bs["read"]) == 7
    not_read = {r["line"]: (r["label"], r["why"]) for r in bs["not_read"]}
    # three figures under two columns: skipped, and said so; figures with no label: said so
    assert not_read == {_line("Deposits paid"): ("Deposits paid", "more figures than columns"),
                        _line(" 7 8"): ("", "figures without a label")}
    assert bs["rows_not_read"] == 2
    # the headings (no figures) are neither read nor not read
    headings = {_line("Assets"), _line("Current assets"), _line("Non-current assets")}
    assert not headings & (set(read) | set(not_read))
    # the summary: one line per table, naming the lines not read
    line = next(s for s in result.summary.splitlines() if s.strip().startswith("jgaap-balance-sheet"))
    assert "7 row(s) read, 2 not read" in line
    assert f"line {_line('Deposits paid')} (more figures than columns)" in line
    # the review page lists them too, each linked to its line
    page = (tmp_path / "out" / "release-review.html").read_text(encoding="utf-8")
    section = page.split('<section id="rows-read">', 1)[1].split("</section>", 1)[0]
    assert f'href="#L{_line("Deposits paid")}"' in section and "figures without a label" in section


def test_the_sample_reads_every_row_of_every_table(sample_build):
    report = json.loads((sample_build.out_dir / "iij-1h-fy2020-report.json").read_text(encoding="utf-8"))
    statements = report["statements"]
    assert {"financial-position", "profit-or-loss", "cash-flows"} <= {s["table"] for s in statements}
    assert all(s["rows_read"] > 0 and s["not_read"] == [] for s in statements)
    # every fact of a table row is accounted to a row read
    rows = {(s["table"], r["line"]) for s in statements for r in s["read"]}
    tabled = [f for f in sample_build.filing.facts if f.provenance.table != "narrative"]
    assert tabled and all((f.provenance.table, f.provenance.line) in rows for f in tabled)


def _cell(text: str, line: int) -> Cell:
    return Cell(text, None if text == "-" else Decimal(text), line)


def test_rows_are_classified_by_what_became_of_them():
    cols = (Column("2026", Period(date_(2026, 3, 31))),)
    rows = (Row("Revenue", (_cell("10", 2),), 2),
            Row("Expenses", (), 3),  # a heading
            Row("Nothing here", (_cell("-", 4),), 4),  # nil marks only: nothing to file
            Row("Widgets", (_cell("5", 5),), 5),
            Row("Gadgets", (_cell("6", 6),), 6))
    table = Table("profit-or-loss", "Statement of profit or loss", 1, cols, rows, 6, end_line=6)
    facts = [Fact("dis:Revenue", cols[0].period, Decimal(10), "JPY", -6,
                  provenance=Provenance(2, "Revenue", "2026", "profit-or-loss"))]
    issues = [Issue("unmapped-row", "warning", "row 'Widgets' of profit-or-loss matches no concept", (5,)),
              Issue("bad-number", "warning", "'1O' (in row 'Bolts' of profit-or-loss) is not a number", (7,))]
    (s,) = statement_rows([table], facts, issues)
    assert [(r.line, r.concepts) for r in s.read] == [(2, ("dis:Revenue",))]
    assert [(r.line, r.why) for r in s.not_read] == [(5, "unmapped label"), (6, "no fact made of its figures")]
    # a row the reader took out but reported, inside the table's lines, is not read of that table
    table = Table("profit-or-loss", "Statement of profit or loss", 1, cols, rows, 6, end_line=8)
    (s,) = statement_rows([table], facts, issues)
    assert (7, "a figure that does not parse") in [(r.line, r.why) for r in s.not_read]
    # a table none of whose rows became a fact and which reported nothing is a caption, not listed
    assert statement_rows([table], [], []) == ()


def date_(y: int, m: int, d: int):
    from datetime import date

    return date(y, m, d)
