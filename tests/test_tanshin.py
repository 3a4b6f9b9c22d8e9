"""Japanese GAAP results releases in the Tanshin layout (#10).

The grammar and the reader are tested on `tests/data/tanshin/example-2q.txt`, an invented release
in the Tanshin layout (page markers, running headers, wrapped labels, figures on the lines after
their label, △ and － marks, a transposed summary page, dividends with a forecast row, an issuer's
own segments). The two real releases in ../shared/tanshin are read from there (never copied into
the repository); those tests skip when the folder is absent.
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SHARED, score
from disclose import api, tanshin
from disclose.coverage import coverage
from disclose.model import Period
from disclose.mutate import mutate
from disclose.paths import SAMPLE_RELEASE
from disclose.tanshin import cells, layout
from disclose.tanshin import periods as tp
from disclose.tanshin.identity import identify
from disclose.text.decode import decode
from disclose.text.periods import FiscalCalendar

EXAMPLE = Path(__file__).parent / "data" / "tanshin" / "example-2q.txt"
TANSHIN = SHARED / "tanshin"
RELEASES = ["lasertec-3q-fy2026", "shinetsu-fy2025"]
STATEMENTS = {"jgaap-balance-sheet", "jgaap-income-statement", "jgaap-comprehensive-income", "jgaap-cash-flows",
              "jgaap-segment-information"}


def _doc(path: Path):
    return decode(path.read_bytes(), path.name)


def _shared(name: str) -> Path:
    path = TANSHIN / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path} not found: the shared Tanshin releases are read from ../shared/tanshin (folder absent)")
    return path


# -- the grammar ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, truncate", [
    ("(Figures less than a million yen are rounded down.)", True),
    ("Amounts are stated in millions of yen by di scarding fractional amounts less than 1 million.", True),
    ("(Amounts of less than one million yen are truncated.)", True),
    ("（百万円未満切捨て）", True),
    ("(Amounts less than one million yen have been omitted.)", True),
    ("(Amounts are rounded to the nearest million yen.)", False),
])
def test_rounding_rule(text, truncate):
    rule = layout.rounding_rule(["Consolidated Financial Results", text])
    assert rule.mode == ("truncate" if truncate else "round")
    assert rule.line == 2


def test_rounding_not_stated_is_rounding():
    assert layout.rounding_rule(["Consolidated Financial Results"]) == layout.Rounding("round", 0)


@pytest.mark.parametrize("text, start, end", [
    ("(July 1, 2024 thru March 31, 2025)", date(2024, 7, 1), date(2025, 3, 31)),
    ("April 1, 2024 -  March 31, 2025", date(2024, 4, 1), date(2025, 3, 31)),
    ("(From April 1, 2025 to March 31, 2026)", date(2025, 4, 1), date(2026, 3, 31)),
    ("April 2025 - March 2026", date(2025, 4, 1), date(2026, 3, 31)),
    ("Fiscal year 24/4 - 25/3", date(2024, 4, 1), date(2025, 3, 31)),
    ("Nine months ended March 31, 2026", date(2025, 7, 1), date(2026, 3, 31)),
    ("Fiscal year ending June 30, 2026", date(2025, 7, 1), date(2026, 6, 30)),
    ("June 30, 2025", None, date(2025, 6, 30)),
])
def test_periods(text, start, end):
    found = tp.find(text, FiscalCalendar(6, 30, "end"))
    assert [f.period for f in found] == [Period(end, start)]


def test_broken_month_names_are_mended():
    assert layout.mend_months(" Ma rch 31, 2026  Ap ril 1, 2025") == " March 31, 2026  April 1, 2025"


@pytest.mark.parametrize("text, label, values", [
    ("Allowance for doubtful accounts △167 △20", "Allowance for doubtful accounts", ["-167", "-20"]),
    ("Treasury shares (976)  (12,977)", "Treasury shares", ["-976", "-12977"]),
    ("Retirement benefit assets 103  --", "Retirement benefit assets", ["103", None]),
    ("Gain on step acquisitions  5,421  －", "Gain on step acquisitions", ["5421", None]),
    ("Income taxes-deferred △0 2", "Income taxes-deferred", ["0", "2"]),
    ("Adjustments of dilutive shares issued by subsidiaries [(66)]   [(64)]",
     "Adjustments of dilutive shares issued by subsidiaries", ["-66", "-64"]),
    ("Net assets per share (yen) 2,375.48   2,400.39", "Net assets per share", ["2375.48", "2400.39"]),
])
def test_line_cells(text, label, values):
    line = cells.split(text, 1)
    assert line.label == label
    assert [None if v.value is None else str(v.value) for v in line.values] == values


def test_percent_and_glued_changes():
    line = cells.split("2,573,969 0.5% 635,204 (14.4%) 531,832[(37.0%)]", 1)
    assert [(str(v.value), v.percent) for v in line.values] == [
        ("2573969", False), ("0.5", True), ("635204", False), ("-14.4", True), ("531832", False)]


def test_shares_in_thousands_are_noted():
    assert cells.split("Increase of common stock (thousands of shares) 1,508  1,173", 1).share_scale == 3


# -- detection and identity -------------------------------------------------------------------
def test_detection():
    assert tanshin.is_tanshin(_doc(EXAMPLE))
    assert not tanshin.is_tanshin(_doc(SAMPLE_RELEASE))  # the IFRS sample keeps its own reader
    ifrs = ["Consolidated Financial Results for the Year Ended March 31, 2026 (IFRS)", "Code number: 9999"]
    assert layout.is_tanshin(ifrs)  # IFRS Tanshin build with no profile
    assert layout.standard_of(ifrs) == "ifrs"
    us = ["Consolidated Financial Results for the Year Ended March 31, 2026 (U.S. GAAP)", "Code number: 9999"]
    assert not layout.is_tanshin(us)


def test_identity_from_the_first_page():
    ident = identify(_doc(EXAMPLE).lines)
    assert (ident.name, ident.code, ident.identifier) == ("Example Works Co., Ltd.", "9999", "99990")
    assert (ident.period_end, ident.months, ident.year_end) == (date(2025, 9, 30), 6, (3, 31))
    assert ident.current() == Period(date(2025, 9, 30), date(2025, 4, 1))


@pytest.mark.parametrize("line, code", [
    ("Code number: 6920", "6920"),
    ("Listing Code:  No. 4063 (URL:  https://www.example.com/)", "4063"),
    ("Securities code: 130A", "130A"),
])
def test_securities_codes(line, code):
    assert layout.securities_code(["Consolidated Financial Results for the Year", line]) == (code, 2)


# -- the invented release, end to end ---------------------------------------------------------
@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return api.build(EXAMPLE, None, tmp_path_factory.mktemp("tanshin") / "example-2q")


def _facts(result, concept):
    return {(f.period, f.dims): f for f in result.filing.facts if f.concept == concept}


def test_example_builds_valid_without_profile(example):
    assert example.exit_code == 0, example.summary
    report = json.loads((example.out_dir / "example-2q-report.json").read_text(encoding="utf-8"))
    assert report["calculation_mode"] == "c11t" and example.filing.rounding == "truncate"
    rounding = [i for i in report["issues"] if i["code"] == "rounding"]
    assert rounding and rounding[0]["lines"] == [10] and "c11t" in rounding[0]["message"]
    assert example.filing.entity.identifier == "99990"
    assert example.filing.entity.scheme == "http://www.tse.or.jp/sicc"
    assert not [i for i in report["issues"] if i["severity"] != "info"]


def test_example_statements(example):
    h1 = Period(date(2025, 9, 30), date(2025, 4, 1))
    sales = _facts(example, "dis:NetSales")
    assert sales[(h1, ())].value == Decimal("3300000000") and sales[(h1, ())].decimals == -6
    # deductions printed with △ are stored positive and subtracted
    allowance = _facts(example, "dis:AllowanceForDoubtfulAccountsCA")
    assert allowance[(Period(date(2025, 9, 30)), ())].value == Decimal("12000000")
    # a wrapped label whose figures stand alone on the following lines
    ibt = _facts(example, "dis:IncomeBeforeIncomeTaxes")
    assert ibt[(h1, ())].value == Decimal("353000000")
    assert ibt[(h1, ())].provenance.line == 180
    # cash at the start of the period is the instant the day before it starts
    cash = _facts(example, "dis:CashAndCashEquivalentsJP")
    assert cash[(Period(date(2025, 3, 31)), ())].value == Decimal("1034000000")


def test_example_summary_page(example):
    h1 = Period(date(2025, 9, 30), date(2025, 4, 1))
    fy = Period(date(2026, 3, 31), date(2025, 4, 1))
    assert _facts(example, "dis:OrdinaryIncomeSummary")[(h1, ())].value == Decimal("373000000")
    assert _facts(example, "dis:EquityRatio")[(Period(date(2025, 9, 30)), ())].value == Decimal("0.774")
    assert _facts(example, "dis:ComprehensiveIncomeSummary")[(h1, ())].value == Decimal("231000000")
    forecast = (("dis:ForecastAxis", "dis:ForecastMember"),)
    assert _facts(example, "dis:NetSalesSummary")[(fy, forecast)].value == Decimal("6800000000")
    dps = _facts(example, "dis:DividendsPerShare")
    assert dps[(fy, (("dis:DividendTimingAxis", "dis:SecondQuarterEndDividendMember"),))].value == Decimal("6.00")
    # the forecast row fills the columns the actual row of the same year left empty
    assert dps[(fy, tuple(sorted(forecast + (("dis:DividendTimingAxis", "dis:YearEndDividendMember"),))))].value == 6
    assert dps[(fy, forecast)].value == Decimal("12.00")
    avg = _facts(example, "dis:AverageNumberOfSharesSummary")  # the summary page's own concept (#15)
    assert avg[(h1, ())].value == Decimal("10005000")
    issued = _facts(example, "dis:NumberOfIssuedSharesIncludingTreasuryShares")
    assert issued[(Period(date(2025, 3, 31)), ())].value == Decimal("10200000")


def test_example_segments_found_in_the_release(example):
    seg = [f for f in example.filing.facts if f.concept == "dis:SegmentIncome"]
    members = {m for f in seg for _, m in f.dims}
    assert {"e99990:AlphaDevicesMember", "e99990:BetaServicesMember", "dis:ReportableSegmentsMember",
            "dis:MaterialReconcilingItemsMember"} <= members
    assert any(not f.dims and f.value == Decimal("370000000") for f in seg)


def test_example_changed_figure_fails_and_names_its_line(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("Land 200 200", "Land 200 300")
    line = text.splitlines().index("Land 200 300") + 1
    release = tmp_path / "changed.txt"
    release.write_text(text, encoding="utf-8")
    result = api.build(release, None, tmp_path / "out", formats="xbrl")
    report = json.loads((tmp_path / "out" / "changed-report.json").read_text(encoding="utf-8"))
    lines = {n for m in report["messages"] if m["severity"] == "error" for n in m["lines"]}
    assert result.exit_code == 1 and line in lines


def test_a_profile_still_overrides(tmp_path):
    profile = tmp_path / "override.toml"
    profile.write_text('[issuer]\nname = "Override Works"\nidentifier = "12340"\n\n[fiscal]\nyear_end = "03-31"\n',
                       encoding="utf-8")
    result = api.build(EXAMPLE, profile, tmp_path / "out", formats="xbrl")
    assert result.exit_code == 0, result.summary
    assert (result.filing.entity.name, result.filing.entity.identifier) == ("Override Works", "12340")


# -- the two real releases (../shared/tanshin) -----------------------------------------------
@pytest.fixture(scope="module")
def shared_builds(tmp_path_factory):
    out = {}
    for name in RELEASES:
        path = _shared(name)
        out[name] = api.build(path, None, tmp_path_factory.mktemp("shared") / name)
    return out


@pytest.mark.parametrize("name", RELEASES)
def test_shared_release_builds_valid_in_truncation_mode(shared_builds, name):
    result = shared_builds[name]
    assert result.exit_code == 0, result.summary
    report = json.loads((result.out_dir / f"{name}-report.json").read_text(encoding="utf-8"))
    assert report["valid"] and report["errors"] == 0 and report["calculation_mode"] == "c11t"
    assert any(i["code"] == "rounding" and "truncat" in i["message"] for i in report["issues"])
    assert result.filing.entity.scheme == "http://www.tse.or.jp/sicc"
    assert len(result.filing.entity.identifier) == 5 and result.filing.entity.identifier.endswith("0")


@pytest.mark.parametrize("name", RELEASES)
def test_shared_release_third_party_agrees(shared_builds, name):
    """Stock Arelle (no formula parameters, c11t, the inconsistent-duplicate check) accepts the
    .xbrl, .xhtml and .json with the report's fact and evaluation counts (#15)."""
    from test_third_party import assert_third_party_agrees

    assert_third_party_agrees(shared_builds[name].out_dir)


@pytest.mark.parametrize("name", RELEASES)
def test_shared_release_recall(shared_builds, name):
    got = score(TANSHIN / f"{name}.expected.json", shared_builds[name].instance)
    hit, total = got["_all"]
    assert hit / total >= 0.98, got["_stdout"]
    for table, counts in got.items():
        if not table.startswith("_"):
            h, t = counts
            assert h / t >= 0.90, f"{table}: {h}/{t}\n{got['_stdout']}"


def _mutation_picks(result, text: str, n: int = 10):
    """n statement figures spread over the release, each checked by something and printed with at
    least three digits (a changed leading digit then moves it far beyond any truncation slack)."""
    covered = coverage(result.filing, api.taxonomy_source()).covered
    cands = []
    for f in result.filing.facts:
        if f.provenance.table not in STATEMENTS or f.id not in covered or f.value is None:
            continue
        digits = f.provenance.text.strip("()△▲ -").replace(",", "")
        if not digits.isdigit() or len(digits) < 3 or mutate(text, f) is None:
            continue
        cands.append(f)
    cands.sort(key=lambda f: (f.provenance.line, f.id))
    return [cands[k * len(cands) // n] for k in range(n)]


@pytest.mark.parametrize("name", RELEASES)
@pytest.mark.parametrize("k", range(10))
def test_shared_release_changed_figure_fails_and_names_its_line(shared_builds, tmp_path, name, k):
    path = _shared(name)
    text = path.read_text(encoding="utf-8")
    fact = _mutation_picks(shared_builds[name], text)[k]
    changed, line = mutate(text, fact)
    release = tmp_path / f"{name}.txt"
    release.write_text(changed, encoding="utf-8")
    result = api.build(release, None, tmp_path / "out", formats="xbrl")
    report = json.loads((tmp_path / "out" / f"{name}-report.json").read_text(encoding="utf-8"))
    lines = {n for m in report["messages"] if m["severity"] == "error" for n in m["lines"]}
    lines |= {n for i in report["issues"] if i["severity"] == "error" for n in i["lines"]}
    assert result.exit_code == 1, f"{fact.concept} on line {line} ({fact.provenance.label}) changed, still valid"
    assert line in lines, f"changed line {line} not named: {sorted(lines)}"
