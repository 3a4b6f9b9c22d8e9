"""Formula assertions (disclose.taxonomy.formula): the generated `{stem}_for.xml` makes Arelle check
member sums, roll-forwards and equalities, within the rounding tolerance of the figures.

The mini taxonomy (tests/data/taxonomy_mini/*.yaml) plus tests/data/taxonomy_mini/formula/*.yaml
(equity statement, balance sheet and the assertions) is generated into a tmp dir; the instances
are small strings written next to it. Levels and codes are what arelle-release 2.47.3 reports.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from disclose.arelle import run_validation
from disclose.taxonomy.formula import assertion_ids, formula_linkbase, truncation_parameters
from disclose.taxonomy.generate import generate
from disclose.taxonomy.source import Assertion, Source, SourceError, load

MINI = Path(__file__).parent / "data" / "taxonomy_mini"
STEM = "mini"
NS = "https://disclose.dev/taxonomy/2026"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"


def source_dir(directory: Path, extra: str | None = None) -> Path:
    """The mini source with the formula additions (and optionally one more YAML file)."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in [*MINI.glob("*.yaml"), *(MINI / "formula").glob("*.yaml")]:
        shutil.copy(path, directory / path.name)
    if extra is not None:
        (directory / "zz_extra.yaml").write_text(extra, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return load(source_dir(tmp_path_factory.mktemp("src")))


@pytest.fixture(scope="module")
def taxonomy(src: Source, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini")
    generate(src, out, file_stem=STEM)
    return out


# --- instances --------------------------------------------------------------------------------
FY = ("2025-04-01", "2026-03-31")
PY = ("2024-04-01", "2025-03-31")


def _dims(dims: dict[str, str]) -> str:
    if not dims:
        return ""
    members = "".join(f'<xbrldi:explicitMember dimension="dis:{axis}">{_prefixed(member)}</xbrldi:explicitMember>'
                      for axis, member in sorted(dims.items()))
    return f"<xbrli:scenario>{members}</xbrli:scenario>"


def _prefixed(name: str) -> str:
    return name if ":" in name else f"dis:{name}"


class Instance:
    """Facts added as (concept, value, period, dims); contexts and ids are made up as needed."""

    def __init__(self, decimals: int = 0) -> None:
        self.decimals = decimals
        self.contexts: dict[str, str] = {}
        self.facts: list[str] = []

    def context(self, period: str | tuple[str, str], dims: dict[str, str]) -> str:
        cid = ("I" + period if isinstance(period, str) else f"D{period[0]}_{period[1]}").replace("-", "")
        cid += "".join(f"_{m.rpartition(':')[2]}" for _, m in sorted(dims.items()))
        if isinstance(period, str):
            xml = f"<xbrli:instant>{period}</xbrli:instant>"
        else:
            xml = f"<xbrli:startDate>{period[0]}</xbrli:startDate><xbrli:endDate>{period[1]}</xbrli:endDate>"
        self.contexts[cid] = (
            f'<xbrli:context id="{cid}"><xbrli:entity><xbrli:identifier scheme="https://disclose.dev/entity">'
            f"E0001</xbrli:identifier></xbrli:entity><xbrli:period>{xml}</xbrli:period>{_dims(dims)}</xbrli:context>")
        return cid

    def add(self, concept: str, value: str | int | None, period: str | tuple[str, str], decimals: int | None = None,
            **dims: str) -> "Instance":
        cid = self.context(period, dims)
        fid = f"f{len(self.facts) + 1}"
        if value is None:
            self.facts.append(f'<{_prefixed(concept)} id="{fid}" contextRef="{cid}" unitRef="JPY" xsi:nil="true"/>')
        else:
            d = self.decimals if decimals is None else decimals
            self.facts.append(f'<{_prefixed(concept)} id="{fid}" contextRef="{cid}" unitRef="JPY" decimals="{d}">'
                              f"{value}</{_prefixed(concept)}>")
        return self

    def write(self, directory: Path, name: str, schema: str = f"{STEM}.xsd", extra_ns: str = "") -> Path:
        text = f"""<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xbrldi="http://xbrl.org/2006/xbrldi"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:dis="{NS}" {extra_ns}>
  <link:schemaRef xlink:type="simple" xlink:href="{schema}"/>
  {chr(10).join(self.contexts[c] for c in sorted(self.contexts))}
  <xbrli:unit id="JPY"><xbrli:measure>iso4217:JPY</xbrli:measure></xbrli:unit>
  {chr(10).join(self.facts)}
</xbrli:xbrl>
"""
        path = directory / name
        path.write_text(text, encoding="utf-8")
        return path


def segments(revenue: tuple[int, int, int] = (1000, 1050, -50), cost: tuple[int, int, int] = (600, 630, -30),
             decimals: int = 0) -> Instance:
    """Segment table: (consolidated, reportable, adjustments); gross profit follows."""
    inst = Instance(decimals)
    for concept, (total, rep, adj) in (("Revenue", revenue), ("CostOfSales", cost),
                                       ("GrossProfit", tuple(r - c for r, c in zip(revenue, cost)))):
        inst.add(concept, total, FY)
        inst.add(concept, rep, FY, SegmentAxis="ReportableSegmentsMember")
        inst.add(concept, adj, FY, SegmentAxis="AdjustmentsMember")
    return inst


def equity(retained_close: int = 1200, decimals: int = 0) -> Instance:
    """Changes in equity FY: per component (share capital, retained earnings, treasury shares,
    owners, NCI) and in total (no axis = the default)."""
    inst = Instance(decimals)
    start, end = PY[1], FY[1]
    rows = {  # member: (opening, profit, dividends, treasury, closing)
        "ShareCapitalMember": (500, None, None, None, 500),
        "RetainedEarningsMember": (1000, 300, 100, None, retained_close),
        "TreasurySharesMember": (-50, None, None, -20, -70),
        "OwnersOfParentMember": (1450, 300, 100, -20, 1630),
        "NonControllingInterestsMember": (100, 10, None, None, 110),
        None: (1550, 310, 100, -20, 1740),
    }
    for member, (opening, profit, dividends, treasury, closing) in rows.items():
        dims = {"ComponentsOfEquityAxis": member} if member else {}
        inst.add("Equity", opening, start, **dims)
        for concept, value in (("ProfitLoss", profit), ("DividendsOfSurplus", dividends),
                               ("TreasuryShareTransactions", treasury)):
            if value is not None:
                inst.add(concept, value, FY, **dims)
        inst.add("Equity", closing, end, **dims)
    return inst


def run(taxonomy: Path, inst: Instance, name: str, **kw):
    return run_validation(inst.write(taxonomy, name), **kw)


def describe(result) -> list[tuple[str, str, str]]:
    return [(m.level, m.code, m.text) for m in result.messages if m.levelno >= logging.WARNING]


# --- the linkbase ------------------------------------------------------------------------------
def test_linkbase_is_written_and_referenced(taxonomy: Path) -> None:
    assert (taxonomy / f"{STEM}_for.xml").exists()
    xsd = etree.parse(str(taxonomy / f"{STEM}.xsd")).getroot()
    refs = [r for r in xsd.iter(f"{LINK}linkbaseRef") if r.get(f"{XLINK}href") == f"{STEM}_for.xml"]
    assert len(refs) == 1 and refs[0].get(f"{XLINK}role") is None


def test_assertion_ids(src: Source) -> None:
    ids = assertion_ids(src)
    assert list(ids) == ["SegmentsSum_Revenue", "SegmentsSum_CostOfSales", "SegmentsSum_GrossProfit",
                         "OwnersEquitySum_Equity", "EquitySum_Equity", "CashRollForward", "EquityRollForward",
                         "BalanceSheetBalances"]
    assert ids["SegmentsSum_CostOfSales"] == ("SegmentsSum", ("CostOfSales",))
    assert ids["EquityRollForward"] == ("EquityRollForward",
                                        ("Equity", "ProfitLoss", "DividendsOfSurplus", "TreasuryShareTransactions"))


def test_parts_all_follows_the_member_hierarchy(taxonomy: Path) -> None:
    root = etree.parse(str(taxonomy / f"{STEM}_for.xml")).getroot()

    def members(label: str) -> list[str]:
        flt = root.find(f".//*[@{XLINK}label='{label}']")
        return [q.text for q in flt.iter("{http://xbrl.org/2008/filter/dimension}qname")][1:]  # [0]: the axis

    # total = default: parts are all facts of the axis but the domain and the members that add up
    # into another member (members an extension adds are parts)
    assert members("EquitySum_Equity.notPartMembers") == [
        "dis:EquityTotalMember", "dis:ShareCapitalMember", "dis:RetainedEarningsMember", "dis:TreasurySharesMember"]
    assert members("SegmentsSum_Revenue.notPartMembers") == ["dis:EntityTotalMember"]  # a flat axis
    # total = a member: its children
    assert members("OwnersEquitySum_Equity.partMembers") == [
        "dis:ShareCapitalMember", "dis:RetainedEarningsMember", "dis:TreasurySharesMember"]
    arcs = {(a.get(f"{XLINK}from"), a.get(f"{XLINK}to")): a for a in root.iter("{http://xbrl.org/2008/variable}variableFilterArc")}
    assert arcs[("EquitySum_Equity.parts", "EquitySum_Equity.notPartMembers")].get("complement") == "true"
    assert {a.get("cover") for a in arcs.values()} == {"true"}


def test_output_is_deterministic(src: Source, tmp_path: Path) -> None:
    """Byte-identical across runs and hash seeds."""
    generate(src, tmp_path / "a", file_stem=STEM)
    directory = source_dir(tmp_path / "src")
    code = ("import sys; from pathlib import Path; from disclose.taxonomy.source import load; "
            "from disclose.taxonomy.generate import generate; "
            f"generate(load(Path({str(directory)!r})), Path(sys.argv[1]), file_stem={STEM!r})")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / seed)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    for name in (f"{STEM}_for.xml", f"{STEM}.xsd"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "1" / name).read_bytes() \
            == (tmp_path / "2" / name).read_bytes()


def test_no_assertions_no_linkbase(src: Source, tmp_path: Path) -> None:
    (tmp_path / f"{STEM}_for.xml").write_text("stale")
    bare = Source(src.concepts, src.axes, src.tables)
    assert formula_linkbase(bare) is None
    names = [p.name for p in generate(bare, tmp_path, file_stem=STEM)]
    assert f"{STEM}_for.xml" not in names and not (tmp_path / f"{STEM}_for.xml").exists()
    assert "_for.xml" not in (tmp_path / f"{STEM}.xsd").read_text(encoding="utf-8")


def test_taxonomy_loads_in_arelle_without_messages(taxonomy: Path) -> None:
    result = run_validation(taxonomy / f"{STEM}.xsd")
    assert result.ok, describe(result)
    assert describe(result) == []


# --- member-sum --------------------------------------------------------------------------------
def test_member_sum_to_axis_default_holds(taxonomy: Path) -> None:
    result = run(taxonomy, segments(), "seg_ok.xbrl")
    assert result.ok, describe(result)
    assert describe(result) == []
    for concept in ("Revenue", "CostOfSales", "GrossProfit"):
        assert result.assertions[f"SegmentsSum_{concept}"] == (1, 0)


def test_member_sum_to_axis_default_fails(taxonomy: Path) -> None:
    # reportable revenue 1060 - 50 = 1010, consolidated 1000 (gross profit moves with it)
    result = run(taxonomy, segments(revenue=(1000, 1060, -50)), "seg_bad.xbrl")
    assert not result.ok
    assert result.assertions["SegmentsSum_Revenue"] == (0, 1)
    assert result.assertions["SegmentsSum_GrossProfit"] == (0, 1)
    assert result.assertions["SegmentsSum_CostOfSales"] == (1, 0)
    msg = only(result, "message:SegmentsSum_Revenue")
    assert (msg.level, msg.levelno, msg.severity, msg.assertion) == ("ERROR", 40, "error", "SegmentsSum_Revenue")
    assert msg.text == ("SegmentsSum: Revenue: sum of Operating segments members 1010 ≠ Consolidated 1000 "
                        "(difference 10, tolerance 1.5, context D20250401_20260331)")
    assert set(msg.fact_ids) == {"f1", "f2", "f3"}  # the total and both parts


def test_member_sum_to_a_member_with_listed_parts(taxonomy: Path) -> None:
    result = run(taxonomy, equity(), "equity_ok.xbrl")
    assert result.ok, describe(result)
    # owners = share capital + retained earnings + treasury shares; total (no axis) = owners + NCI
    assert result.assertions["OwnersEquitySum_Equity"] == (2, 0)  # opening and closing
    assert result.assertions["EquitySum_Equity"] == (2, 0)
    inst = equity()
    inst.facts = [f.replace(">1630<", ">1640<") for f in inst.facts]  # owners' closing equity
    result = run(taxonomy, inst, "equity_owners_bad.xbrl")
    assert result.assertions["OwnersEquitySum_Equity"] == (1, 1)
    assert result.assertions["EquitySum_Equity"] == (1, 1)  # 1640 + 110 != 1740
    assert only(result, "message:OwnersEquitySum_Equity").text == (
        "OwnersEquitySum: Equity: sum of Share capital + Retained earnings + Treasury shares 1630 ≠ "
        "Attributable to owners of parent 1640 (difference -10, tolerance 2, context I20260331_OwnersOfParentMember)")


def test_rounded_figures_within_tolerance(taxonomy: Path) -> None:
    # decimals -3: 1,235,000 + 566,000 = 1,801,000 vs 1,802,000 -- off by one unit of the last
    # digit, which rounding explains (tolerance 3 figures x 500 = 1,500)
    result = run(taxonomy, segments(revenue=(1802000, 1235000, 566000), cost=(0, 0, 0), decimals=-3),
                 "round_ok.xbrl", calcs="none")
    assert result.ok, describe(result)
    assert result.assertions["SegmentsSum_Revenue"] == (1, 0)
    # two units off is more than rounding can explain
    result = run(taxonomy, segments(revenue=(1803000, 1235000, 566000), cost=(0, 0, 0), decimals=-3),
                 "round_bad.xbrl", calcs="none")
    assert result.assertions["SegmentsSum_Revenue"] == (0, 1)
    assert "difference -2000, tolerance 1500," in only(result, "message:SegmentsSum_Revenue").text
    # a real misstatement: one segment 1% off
    result = run(taxonomy, segments(revenue=(1801000, 1247000, 566000), cost=(0, 0, 0), decimals=-3),
                 "round_1pct.xbrl", calcs="none")
    assert result.assertions["SegmentsSum_Revenue"] == (0, 1)


def test_mixed_and_infinite_decimals(taxonomy: Path) -> None:
    # total in millions (decimals -6), parts in thousands: tolerance 500,000 + 2 x 500 = 501,000
    inst = Instance()
    inst.add("Revenue", 2000000, FY, decimals=-6)
    inst.add("Revenue", 1234000, FY, decimals=-3, SegmentAxis="ReportableSegmentsMember")
    inst.add("Revenue", 266000, FY, decimals=-3, SegmentAxis="AdjustmentsMember")
    result = run(taxonomy, inst, "mixed.xbrl")
    assert result.assertions["SegmentsSum_Revenue"] == (1, 0), describe(result)
    # exact figures: no tolerance at all
    inst = Instance()
    inst.add("Revenue", 1001, FY, decimals="INF")
    inst.add("Revenue", 1000, FY, decimals="INF", SegmentAxis="ReportableSegmentsMember")
    result = run(taxonomy, inst, "inf.xbrl")
    assert result.assertions["SegmentsSum_Revenue"] == (0, 1)
    assert re.search(r"difference -1, tolerance 0(\.0)?,", only(result, "message:SegmentsSum_Revenue").text)


def test_truncation_parameter(src: Source, taxonomy: Path) -> None:
    """Truncated figures: pass the parameter toleranceFactor=1 (a full unit per figure)."""
    from disclose.arelle.session import _run  # run_validation has no `parameters` option

    path = segments(revenue=(1803000, 1235000, 566000), cost=(0, 0, 0), decimals=-3).write(taxonomy, "trunc.xbrl")
    options = {"validate": True, "calcs": None, "parameters": truncation_parameters(src)}
    assert options["parameters"] == f"{{{NS}}}toleranceFactor=1"
    result = _run(path, options, keep_facts=False)
    assert result.ok and result.assertions["SegmentsSum_Revenue"] == (1, 0), describe(result)
    # 3 figures x 1,000 = 3,000 still catches a real misstatement
    path = segments(revenue=(1805000, 1235000, 566000), cost=(0, 0, 0), decimals=-3).write(taxonomy, "trunc_bad.xbrl")
    result = _run(path, options, keep_facts=False)
    assert result.assertions["SegmentsSum_Revenue"] == (0, 1)
    assert "difference -4000, tolerance 3000," in only(result, "message:SegmentsSum_Revenue").text


def test_nil_and_missing_facts_do_not_break_evaluation(taxonomy: Path) -> None:
    inst = Instance()
    inst.add("Revenue", 1000, FY)
    inst.add("Revenue", 1000, FY, SegmentAxis="ReportableSegmentsMember")
    inst.add("Revenue", None, FY, SegmentAxis="AdjustmentsMember")  # nil: not a part
    inst.add("CostOfSales", 600, FY)  # no parts at all: nothing to check
    inst.add("GrossProfit", None, FY)  # nil total: nothing to check
    inst.add("GrossProfit", 400, FY, SegmentAxis="ReportableSegmentsMember")
    result = run(taxonomy, inst, "nil.xbrl", calcs="none")
    assert result.ok, describe(result)
    assert result.assertions["SegmentsSum_Revenue"] == (1, 0)
    assert result.assertions["SegmentsSum_CostOfSales"] == (0, 0)
    assert result.assertions["SegmentsSum_GrossProfit"] == (0, 0)


# --- roll-forward ------------------------------------------------------------------------------
def test_roll_forward_holds_per_member_and_in_total(taxonomy: Path) -> None:
    result = run(taxonomy, equity(), "rf_ok.xbrl")
    assert result.ok, describe(result)
    # retained earnings, treasury shares (its only flow is not the first listed), owners, NCI,
    # total; share capital has no flows, so nothing to check
    assert result.assertions["EquityRollForward"] == (5, 0)


def test_roll_forward_fails_for_one_member(taxonomy: Path) -> None:
    result = run(taxonomy, equity(retained_close=1210), "rf_bad.xbrl")
    assert not result.ok
    assert result.assertions["EquityRollForward"] == (4, 1)
    msg = only(result, "message:EquityRollForward")
    assert msg.text == ("EquityRollForward: Equity: opening 1000 + movements 200 = 1200 ≠ closing 1210 "
                        "(period 2025-04-01 to 2026-03-31, difference -10, tolerance 2, "
                        "context I20260331_RetainedEarningsMember)")
    assert msg.level == "ERROR"


def test_roll_forward_single_flow_and_periods(taxonomy: Path) -> None:
    """Cash: the opening balance is the instant the day before the flow's start; a half-year flow
    and a full-year flow are checked separately."""
    inst = Instance()
    inst.add("CashAndCashEquivalents", 500, PY[1])
    inst.add("NetIncreaseInCash", 120, (FY[0], "2025-09-30"))
    inst.add("CashAndCashEquivalents", 620, "2025-09-30")
    inst.add("NetIncreaseInCash", 300, FY)
    inst.add("CashAndCashEquivalents", 800, FY[1])
    inst.add("NetIncreaseInCash", 50, PY)  # no opening balance for the prior year: not checked
    result = run(taxonomy, inst, "cash_ok.xbrl")
    assert result.ok, describe(result)
    assert result.assertions["CashRollForward"] == (2, 0)
    inst.facts[-2] = inst.facts[-2].replace(">800<", ">810<")
    result = run(taxonomy, inst, "cash_bad.xbrl")
    assert result.assertions["CashRollForward"] == (1, 1)
    assert "opening 500 + movements 300 = 800 ≠ closing 810" in only(result, "message:CashRollForward").text


# --- equal ---------------------------------------------------------------------------------------
def test_equal(taxonomy: Path) -> None:
    inst = Instance()
    inst.add("Assets", 5000, FY[1])
    inst.add("LiabilitiesAndEquity", 5000, FY[1])
    inst.add("Assets", 4000, PY[1])
    inst.add("LiabilitiesAndEquity", 4100, PY[1])
    result = run(taxonomy, inst, "equal.xbrl")
    assert result.assertions["BalanceSheetBalances"] == (1, 1)
    assert only(result, "message:BalanceSheetBalances").text == (
        "BalanceSheetBalances: Assets 4000 ≠ LiabilitiesAndEquity 4100 "
        "(difference -100, tolerance 1, context I20250331)")


# --- sum ------------------------------------------------------------------------------------------
SUM = """assertions:
  - kind: sum
    id: GrossProfitFromItems
    total: GrossProfit
    parts: [Revenue, -CostOfSales, NetIncreaseInCash]
    optional: [NetIncreaseInCash]
    dims: {SegmentAxis: EntityTotalMember}
"""


@pytest.fixture(scope="module")
def sum_taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sum")
    generate(load(source_dir(out / "src", SUM)), out, file_stem=STEM)
    return out


def test_sum_only_where_the_total_has_the_members(sum_taxonomy: Path) -> None:
    """Evaluated where the total's context has the listed members (the domain: no axis at all);
    an optional part that is absent counts 0, a required one that is absent means no evaluation."""
    inst = segments()  # consolidated 1000 - 600 = 400; segment contexts are not evaluated
    inst.add("GrossProfit", 999, PY)  # the prior year has no items: nothing to check
    inst.add("Revenue", 50, PY, SegmentAxis="ReportableSegmentsMember")
    inst.add("GrossProfit", 7, PY, SegmentAxis="ReportableSegmentsMember")  # wrong, but a segment context
    result = run(sum_taxonomy, inst, "sum_ok.xbrl", calcs="none")
    assert result.assertions["GrossProfitFromItems"] == (1, 0), describe(result)
    assert not result.by_code("message:GrossProfitFromItems")
    inst.add("NetIncreaseInCash", 5, FY)  # the optional part, when reported, is added
    result = run(sum_taxonomy, inst, "sum_bad.xbrl", calcs="none")
    assert result.assertions["GrossProfitFromItems"] == (0, 1)
    assert only(result, "message:GrossProfitFromItems").text == (
        "GrossProfitFromItems: GrossProfit 400 ≠ Revenue - CostOfSales + NetIncreaseInCash = 405 "
        "(difference 5, tolerance 2, context D20250401_20260331)")


# --- the filing's own tolerance ---------------------------------------------------------------------
def test_truncating_filing_carries_its_tolerance_in_its_dts(src: Source, tmp_path: Path) -> None:
    """An extension generated with tolerance=1 rebinds every base assertion's $factor: stock Arelle
    (no parameters) then allows a full unit per truncated figure; the base is untouched."""
    from disclose.taxonomy.formula import TRUNCATION_FACTOR

    generate(src, tmp_path / "base", file_stem=STEM)
    before = (tmp_path / "base" / f"{STEM}_for.xml").read_bytes()
    ext = Source({}, {}, {}, namespace="https://example.com/ext/2026", prefix="ext")
    plain = generate(ext, tmp_path / "round", file_stem="ext", base=src, base_href=f"../base/{STEM}.xsd")
    assert "ext_for-tolerance.xml" not in [p.name for p in plain]
    written = generate(ext, tmp_path / "trunc", file_stem="ext", base=src, base_href=f"../base/{STEM}.xsd",
                       tolerance=TRUNCATION_FACTOR)
    assert "ext_for-tolerance.xml" in [p.name for p in written]
    assert "ext_for-tolerance.xml" in (tmp_path / "trunc" / "ext.xsd").read_text(encoding="utf-8")
    assert (tmp_path / "base" / f"{STEM}_for.xml").read_bytes() == before
    truncated = segments(revenue=(1803000, 1235000, 566000), cost=(0, 0, 0), decimals=-3)  # off by 2,000 of 3,000
    for folder, expected in (("round", (0, 1)), ("trunc", (1, 0))):
        path = truncated.write(tmp_path / folder, "t.xbrl", schema="ext.xsd")
        result = run_validation(path, calcs="none")
        assert result.assertions["SegmentsSum_Revenue"] == expected, (folder, describe(result))
        assert not [m for m in result.messages if m.code.startswith(("xbrlve", "xbrl.", "xmlSchema"))], describe(result)
    # a real misstatement is still caught with a full unit per figure
    path = segments(revenue=(1805000, 1235000, 566000), cost=(0, 0, 0), decimals=-3).write(
        tmp_path / "trunc", "t_bad.xbrl", schema="ext.xsd")
    assert run_validation(path, calcs="none").assertions["SegmentsSum_Revenue"] == (0, 1)


# --- extension mode ------------------------------------------------------------------------------
def test_extension_assertions_use_base_names(src: Source, tmp_path: Path) -> None:
    from disclose.taxonomy.source import Axis, Concept, Member

    label = {"label": {"en": "Network", "ja": "ネットワーク"}}
    axes = {"SegmentAxis": Axis("SegmentAxis", {"label": {"en": "Segments"}}, Member("EntityTotalMember", label),
                                (Member("NetworkMember", label),))}
    concepts = {"OtherIncome": Concept("OtherIncome", "monetary", "duration", "credit", False, label)}
    ext = Source(concepts, axes, {}, (
        Assertion("member-sum", "ExtSegments", axis="SegmentAxis", concepts=("Revenue", "OtherIncome"),
                  parts=("NetworkMember", "AdjustmentsMember")),
    ), namespace="https://example.com/ext/2026", prefix="ext")
    generate(src, tmp_path / "base", file_stem=STEM)
    written = generate(ext, tmp_path / "ext", file_stem="ext", base=src, base_href=f"../base/{STEM}.xsd")
    assert written[-1].name == "ext_for.xml"
    text = written[-1].read_text(encoding="utf-8")
    assert "<cf:qname>dis:Revenue</cf:qname>" in text and "<cf:qname>ext:OtherIncome</cf:qname>" in text
    assert "<df:qname>ext:NetworkMember</df:qname>" in text and "<df:qname>dis:AdjustmentsMember</df:qname>" in text
    assert 'name="ext:toleranceFactor"' in text
    assert run_validation(tmp_path / "ext" / "ext.xsd").ok
    # both linkbases (base and extension) run; "all" parts of the base assertion include the
    # extension's member
    inst = Instance()
    inst.add("Revenue", 1000, FY)
    inst.add("Revenue", 1050, FY, SegmentAxis="ext:NetworkMember")
    inst.add("Revenue", -50, FY, SegmentAxis="AdjustmentsMember")
    inst.add("ext:OtherIncome", 10, FY)
    inst.add("ext:OtherIncome", 12, FY, SegmentAxis="ext:NetworkMember")
    path = inst.write(tmp_path / "ext", "ext.xbrl", schema="ext.xsd", extra_ns=f'xmlns:ext="{ext.namespace}"')
    result = run_validation(path)
    assert result.assertions["SegmentsSum_Revenue"] == (1, 0)
    assert result.assertions["ExtSegments_Revenue"] == (1, 0)
    assert result.assertions["ExtSegments_OtherIncome"] == (0, 1)
    assert [m.code for m in result.errors] == ["message:ExtSegments_OtherIncome"], describe(result)
    clash = Source(concepts, axes, {}, (Assertion("equal", "BalanceSheetBalances", left="Assets",
                                                  right="LiabilitiesAndEquity"),),
                   namespace="https://example.com/ext/2026", prefix="ext")
    with pytest.raises(SourceError, match="already an assertion of the base"):
        generate(clash, tmp_path / "ext2", file_stem="ext", base=src, base_href=f"../base/{STEM}.xsd")


# --- source errors -------------------------------------------------------------------------------
@pytest.mark.parametrize("entry, error", [
    ("{kind: member-sum, axis: SegmentAxis, concepts: [Revenue]}", r"'id' must be a name"),
    ("{kind: product, id: X}", r"assertion X: kind must be one of member-sum, roll-forward, equal, sum"),
    ("{kind: sum, id: X, total: GrossProfit, parts: [Revenue, GrossProfit]}", r"total GrossProfit is also one of"),
    ("{kind: sum, id: X, total: GrossProfit, parts: [Revenue], optional: [Revenue]}", r"at least one part must be"),
    ("{kind: sum, id: X, total: GrossProfit, parts: [Revenue], optional: [CostOfSales]}", r"CostOfSales, which are not"),
    ("{kind: sum, id: X, total: GrossProfit, parts: [Revenue], dims: [SegmentAxis]}", r"'dims' must map axis names"),
    ("{kind: equal, id: X, left: Revenue, right: GrossProfit, axis: SegmentAxis}", r"unknown key\(s\) for equal: axis"),
    ("{kind: member-sum, id: X, axis: SegmentAxis}", r"exactly one of 'table'"),
    ("{kind: member-sum, id: X, axis: SegmentAxis, table: segments, concepts: [Revenue]}", r"exactly one of 'table'"),
    ("{kind: member-sum, id: X, axis: SegmentAxis, concepts: [Revenue], parts: [AdjustmentsMember], "
     "total: AdjustmentsMember}", r"total member AdjustmentsMember is also one of the parts"),
    ("{kind: member-sum, id: X, axis: SegmentAxis, concepts: [], parts: all}", r"'concepts' must be a non-empty list"),
    ("{kind: roll-forward, id: X, balance: CashAndCashEquivalents, flows: [CashAndCashEquivalents]}",
     r"balance CashAndCashEquivalents is also one of its flows"),
    ("{kind: roll-forward, id: X, balance: CashAndCashEquivalents, flows: [NetIncreaseInCash, -NetIncreaseInCash]}",
     r"names a concept twice"),
    ("{kind: equal, id: X, left: Revenue, right: Revenue}", r"'left' and 'right' are the same"),
    ("{kind: equal, id: SegmentsSum, left: Revenue, right: GrossProfit}", r"assertion id SegmentsSum is also used"),
])
def test_source_errors(tmp_path: Path, entry: str, error: str) -> None:
    with pytest.raises(SourceError, match=error):
        load(source_dir(tmp_path, f"assertions:\n  - {entry}\n"))


@pytest.mark.parametrize("entry, error", [
    ("{kind: equal, id: X, left: Revenue, right: NoSuchConcept}", r"assertion X: NoSuchConcept is not a defined"),
    ("{kind: equal, id: X, left: Revenue, right: CompanyName}", r"CompanyName is not a numeric"),
    ("{kind: equal, id: X, left: Revenue, right: Assets}", r"different period types"),
    ("{kind: member-sum, id: X, axis: NoAxis, concepts: [Revenue]}", r"axis NoAxis is not defined"),
    ("{kind: member-sum, id: X, axis: SegmentAxis, concepts: [Revenue], parts: [ShareCapitalMember]}",
     r"ShareCapitalMember is not a member of SegmentAxis"),
    ("{kind: member-sum, id: X, axis: SegmentAxis, table: nope}", r"table nope is not defined"),
    ("{kind: member-sum, id: X, axis: ComponentsOfEquityAxis, concepts: [Equity], total: NonControllingInterestsMember}",
     r"no member of ComponentsOfEquityAxis has parent NonControllingInterestsMember; list the parts"),
    ("{kind: roll-forward, id: X, balance: Revenue, flows: [NetIncreaseInCash]}", r"Revenue must be an instant"),
    ("{kind: roll-forward, id: X, balance: Equity, flows: [Assets]}", r"Assets must be a duration concept"),
    ("{kind: equal, id: SegmentsSum_Revenue, left: Revenue, right: GrossProfit}",
     r"generated id SegmentsSum_Revenue clashes"),
])
def test_generation_errors(tmp_path: Path, entry: str, error: str) -> None:
    src = load(source_dir(tmp_path / "src", f"assertions:\n  - {entry}\n"))
    with pytest.raises(SourceError, match=error):
        generate(src, tmp_path / "out", file_stem=STEM)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def only(result, code):
    found = result.by_code(code)
    assert len(found) == 1, describe(result)
    return found[0]
