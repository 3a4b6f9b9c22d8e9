"""Statements of changes in equity with wrapped component headers and drifted or sparse figures
(#14), each shown on a small IFRS release written here."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from disclose import api

COVER = """Consolidated Financial Results for the Three Months Ended June 30, 2026 (IFRS)
July 30, 2026
Company name: Sample Test Industries Co., Ltd.
Listing: Tokyo Stock Exchange
Securities code: 9998
(Amounts less than one million yen are rounded down.)
"""

EDGES = (32, 44, 56, 68, 80, 92, 104, 116)  # right edge of each column
# each component's header, one word group per line, right-aligned over its column
HEADER = [("Share", "capital"), ("Capital", "surplus"), ("Retained", "earnings"), ("Treasury", "shares"),
          ("Other", "components", "of equity"), ("Total",), ("Non-", "controlling", "interests"), ("Total", "equity")]
MEMBERS = ("IssuedCapitalMember", "SharePremiumMember", "RetainedEarningsMember", "TreasurySharesMember",
           "OtherReservesMember", "EquityAttributableToOwnersOfParentMember", "NoncontrollingInterestsMember", None)

PRIOR = [  # (indent, label lines, figures per column or None)
    (0, ["Balance as of April 1,", "2025"], ("1,000", "800", "5,000", "(200)", "300", "6,900", "100", "7,000")),
    (3, ["Net profit"], ("-", "-", "690", "-", "-", "690", "10", "700")),
    (3, ["Other comprehensive", "income"], ("-", "-", "-", "-", "55", "55", "-", "55")),
    (0, ["Total comprehensive", "income"], ("-", "-", "690", "-", "55", "745", "10", "755")),
    (3, ["Dividends"], ("-", "-", "(300)", "-", "-", "(300)", "(5)", "(305)")),
    (3, ["Purchase of treasury", "shares"], ("-", "-", "-", "(100)", "-", "(100)", "-", "(100)")),
    (0, ["Total transactions with", "owners"], ("-", "-", "(300)", "(100)", "-", "(400)", "(5)", "(405)")),
    (0, ["Balance as of June 30,", "2025"], ("1,000", "800", "5,390", "(300)", "355", "7,245", "105", "7,350")),
]
CURRENT = [
    (0, ["Balance as of April 1,", "2026"], ("1,000", "800", "5,800", "(300)", "400", "7,700", "110", "7,810")),
    (3, ["Net profit"], ("-", "-", "880", "-", "-", "880", "20", "900")),
    (3, ["Other comprehensive", "income"], ("-", "-", "-", "-", "(22)", "(22)", "-", "(22)")),
    (0, ["Total comprehensive", "income"], ("-", "-", "880", "-", "(22)", "858", "20", "878")),
    (3, ["Share-based payment", "transactions"], ("-", "5", "-", "10", "-", "15", "-", "15")),
    (3, ["Dividends"], ("-", "-", "(350)", "-", "-", "(350)", "(6)", "(356)")),
    (0, ["Total transactions with", "owners"], ("-", "5", "(350)", "10", "-", "(335)", "(6)", "(341)")),
    (0, ["Balance as of June 30,", "2026"], ("1,000", "805", "6,330", "(290)", "378", "8,223", "124", "8,347")),
]


def _put(line: str, text: str, right: int) -> str:
    line = line.ljust(right)
    return line[:right - len(text)] + text + line[right:]


def _header() -> list[str]:
    out = [_put("", "(Millions of yen)", 120), "", " " * 36 + "Equity attributable to owners of the parent", ""]
    for depth in range(3):
        line = ""
        for words, edge in zip(HEADER, EDGES):
            if depth < len(words):
                line = _put(line, words[depth], edge)
        out.append(line.rstrip())
    return out + [""]


def _body(rows, shifts, blank_nil: bool = False) -> list[str]:
    """The rows as some extractors print them: labels in order, each wrapped over its lines, and
    each column's figures in order at their x position but `shifts[col]` lines below their row
    (nil marks one character right of the figures' edge). With `blank_nil`, nil marks are left
    out: those cells are blank."""
    starts, lines = [], []
    for indent, label, _ in rows:
        starts.append(len(lines))
        lines.extend(" " * indent + part for part in label)
        lines.append("")
    lines.extend([""] * (max(shifts) + 1))
    for (_, _, figs), at in zip(rows, starts):
        for col, (fig, shift, edge) in enumerate(zip(figs, shifts, EDGES)):
            if fig == "-" and blank_nil:
                continue
            n = at + shift
            lines[n] = _put(lines[n], fig, edge + (1 if fig == "-" else 0))
    return [line.rstrip() for line in lines]


def _release(shifts, blank_nil: bool = False) -> str:
    text = [COVER, "2. Condensed Quarterly Consolidated Financial Statements",
            "(3) Quarterly consolidated statement of changes in equity", "      For the three months ended June 30, 2025", ""]
    text += _header() + _body(PRIOR, shifts, blank_nil) + ["", "      For the three months ended June 30, 2026", ""]
    text += _header() + _body(CURRENT, shifts, blank_nil)
    # the text after the statement is no row
    text += ["", "(Note) The dividends above were resolved by the Board of Directors at its meeting held in May of",
             "each year, and the amounts shown are the total paid to the shareholders on the register at that date."]
    return "\n".join(text) + "\n"


def _build(tmp_path: Path, text: str):
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return api.build(path, None, tmp_path / "out")


def _member(fact) -> str | None:
    dims = dict(fact.dims)
    m = dims.get("dis:ComponentsOfEquityAxis")
    return m.split(":")[1] if m else None


def _table(result, concept: str) -> dict[tuple[str, str | None], Decimal]:
    """{(period, member): value} of a concept's facts."""
    return {(f.period.key(), _member(f)): f.value for f in result.filing.facts if f.concept == concept}


def _check_figures(result) -> None:
    equity = _table(result, "dis:Equity")
    m = dict(zip(MEMBERS, range(8)))
    for rows, start, end in ((PRIOR, "2025-03-31", "2025-06-30"), (CURRENT, "2026-03-31", "2026-06-30")):
        for member, k in m.items():
            for date, figs in ((start, rows[0][2]), (end, rows[-1][2])):
                printed = Decimal(figs[k].strip("()").replace(",", "")) * (-1 if "(" in figs[k] else 1)
                assert equity[(date, member)] == printed * 1_000_000, (date, member)
    dividends = _table(result, "dis:DividendsPaid")
    # dividends are filed positive (the taxonomy's sign); only the columns that print a figure
    assert dividends == {("2025-04-01--2025-06-30", "RetainedEarningsMember"): Decimal("300000000"),
                         ("2025-04-01--2025-06-30", "EquityAttributableToOwnersOfParentMember"): Decimal("300000000"),
                         ("2025-04-01--2025-06-30", "NoncontrollingInterestsMember"): Decimal("5000000"),
                         ("2025-04-01--2025-06-30", None): Decimal("305000000"),
                         ("2026-04-01--2026-06-30", "RetainedEarningsMember"): Decimal("350000000"),
                         ("2026-04-01--2026-06-30", "EquityAttributableToOwnersOfParentMember"): Decimal("350000000"),
                         ("2026-04-01--2026-06-30", "NoncontrollingInterestsMember"): Decimal("6000000"),
                         ("2026-04-01--2026-06-30", None): Decimal("356000000")}
    sbp = _table(result, "dis:IncreaseDecreaseThroughSharebasedPaymentTransactions")
    assert sbp == {("2026-04-01--2026-06-30", "SharePremiumMember"): Decimal("5000000"),
                   ("2026-04-01--2026-06-30", "TreasurySharesMember"): Decimal("10000000"),
                   ("2026-04-01--2026-06-30", "EquityAttributableToOwnersOfParentMember"): Decimal("15000000"),
                   ("2026-04-01--2026-06-30", None): Decimal("15000000")}
    oci = _table(result, "dis:OtherComprehensiveIncome")
    assert oci[("2026-04-01--2026-06-30", "OtherReservesMember")] == Decimal("-22000000")
    assert ("2026-04-01--2026-06-30", "NoncontrollingInterestsMember") not in oci  # printed "-": no fact


def _check_checks(result) -> None:
    """Every column rolls forward (16 columns of two periods, less the three that print no
    movement: share capital in both, capital surplus in the first) and the components add up."""
    checks = result.report.stats["assertions"]
    assert checks["EquityRollForward"] == [13, 0]
    assert checks["EquityOwnersSum_Equity"] == [4, 0] and checks["EquityTotalSum_Equity"] == [4, 0]
    assert checks["EquityOwnersSum_DividendsPaid"] == [2, 0]


def test_drifted_figures_under_wrapped_component_headers(tmp_path):
    # each column's figures drift a different number of lines below their row, so a printed line
    # mixes figures of two or three rows, and the nil marks stand off the figures' edge: read as
    # streams (each column a member named by its wrapped header words) every row is whole
    shifts = (0, 1, 0, 2, 1, 0, 2, 1)
    text = _release(shifts)
    lines = text.splitlines()
    start = next(n for n, s in enumerate(lines) if s.startswith("Balance as of April 1, ".strip()))
    assert "800" not in lines[start] and "5,000" in lines[start]  # drifted: not one row per line
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    _check_figures(result)
    _check_checks(result)
    assert not [i for i in result.report.issues if i.code in ("row-columns-mismatch", "unmapped-row", "unlabelled-figures")]


def test_sparse_rows_are_placed_by_position(tmp_path):
    # no drift, but cells left blank where a row has nothing in a column (dividends only in
    # retained earnings and the totals): each figure goes to the row printed nearest to it
    text = _release((0,) * 8, blank_nil=True)
    result = _build(tmp_path, text)
    assert result.exit_code == 0, result.summary
    _check_figures(result)
    _check_checks(result)


def test_figures_of_a_line_keep_their_order_across_columns():
    # a line that mixes rows: the owners' total printed left of its column, next to a nil mark of
    # the column before; each figure takes the column that keeps them in order and closest
    from disclose.tanshin.cells import Value
    from disclose.tanshin.equity_streams import _Band, _Fig, _place

    bands = [_Band(25, 31), _Band(37, 43), _Band(49, 56), _Band(67, 75), _Band(79, 86), _Band(91, 97),
             _Band(103, 108), _Band(111, 117)]
    at = [(32, 33), (44, 45), (67, 75), (79, 80), (81, 89), (103, 107), (108, 116)]
    figs = [_Fig(0, a, b, Value(str(n), None, 1)) for n, (a, b) in enumerate(at)]
    assert [k for k, _ in _place(figs, bands)] == [0, 1, 3, 4, 5, 6, 7]
    # a figure between two columns goes where the next figure leaves room
    at = [(49, 56), (79, 81), (82, 90), (103, 107), (108, 116)]
    figs = [_Fig(0, a, b, Value(str(n), None, 1)) for n, (a, b) in enumerate(at)]
    assert [k for k, _ in _place(figs, bands)] == [2, 4, 5, 6, 7]


def _two_part_header(cells: list[tuple[str, ...]], edges: tuple[int, ...], title: bool) -> list[str]:
    out = [" " * 30 + "Equity attributable to owners of the parent", ""] if title else []
    for depth in range(max(len(c) for c in cells)):
        line = ""
        for words, edge in zip(cells, edges):
            if depth < len(words):
                line = _put(line, words[depth], edge)
        out.append(line.rstrip())
    return out


def _two_part_body(rows, part: slice, edges: tuple[int, ...]) -> list[str]:
    out = []
    for indent, label, figs in rows:  # the label wrapped as in the one-part layout
        line = " " * indent + label[0]
        for fig, edge in zip(figs[part], edges):
            line = _put(line, fig, edge)
        out += [line.rstrip(), *(" " * indent + more for more in label[1:]), ""]
    return out


def test_statement_printed_in_two_parts_reads_the_second_part_in_the_first_parts_period(tmp_path):
    # too wide for the page, each period's statement is printed in two parts one below the other:
    # the share capital to treasury shares columns, then the other components to total equity,
    # whose header names its columns only, on one line (no period, no unit): they are of the first
    # part's period
    left, right = EDGES[:4], (55, 67, 94, 108)
    text = [COVER, "2. Condensed Quarterly Consolidated Financial Statements",
            "(3) Quarterly consolidated statement of changes in equity"]
    for heading, rows in (("For the three months ended June 30, 2025", PRIOR), ("For the three months ended June 30, 2026", CURRENT)):
        text += ["      " + heading, _put("", "(Millions of yen)", 110), ""]
        text += _two_part_header(HEADER[:4], left, True) + [""]
        text += _two_part_body(rows, slice(0, 4), left) + [""]
        text += _two_part_header([("Other components of equity",), ("Total",), ("Non-controlling interests",),
                                  ("Total equity",)], right, False) + [""]
        text += _two_part_body(rows, slice(4, 8), right) + [""]
    result = _build(tmp_path, "\n".join(text) + "\n")
    assert result.exit_code == 0, result.summary
    _check_figures(result)
    _check_checks(result)
