"""The taxonomy generator: deterministic output that Arelle (offline) accepts, whose calculation
and definition linkbases make Arelle catch inconsistent sums and misplaced dimensions."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from disclose.taxonomy.generate import generate
from disclose.taxonomy.source import Axis, Concept, Member, Node, Source, SourceError, TableSpec, load

MINI = Path(__file__).parent / "data" / "taxonomy_mini"
STEM = "mini"
NS = "https://disclose.dev/taxonomy/2026"
EXT_NS = "https://example.com/ext/2026"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"


# --- Arelle, in process and offline (see /work/shared/notes/arelle.md) -------------------------
class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[tuple[int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # pragma: no cover - Arelle's own formatting problem
            text = str(record.msg)
        self.records.append((record.levelno, getattr(record, "messageCode", ""), text))


def arelle(entry: Path, calcs: str | None = "c11r") -> list[tuple[int, str, str]]:
    """Validate with a fresh Session (a Session keeps its first log handler); return problems."""
    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    handler = _Collect()
    opts = RuntimeOptions(entrypointFile=str(entry), validate=True, calcs=calcs, internetConnectivity="offline",
                          disablePersistentConfig=True, logPropagate=False, utrValidate=True)
    with Session() as session:
        session.run(opts, logHandler=handler)
    return [r for r in handler.records if r[0] >= logging.WARNING]


def codes(problems: list[tuple[int, str, str]]) -> list[str]:
    return [code for _, code, _ in problems]


# --- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def src() -> Source:
    return load(MINI)


@pytest.fixture(scope="module")
def taxonomy(src: Source, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini")
    generate(src, out, file_stem=STEM)
    return out


def _context(cid: str, period: str, member: str | None = None) -> str:
    scenario = ""
    if member:
        scenario = ("<xbrli:scenario><xbrldi:explicitMember dimension=\"dis:SegmentAxis\">"
                    f"{member}</xbrldi:explicitMember></xbrli:scenario>")
    return (f'<xbrli:context id="{cid}"><xbrli:entity><xbrli:identifier scheme="https://disclose.dev/entity">'
            f"E0001</xbrli:identifier></xbrli:entity><xbrli:period>{period}</xbrli:period>{scenario}</xbrli:context>")


FY = "<xbrli:startDate>2025-04-01</xbrli:startDate><xbrli:endDate>2026-03-31</xbrli:endDate>"
START = "<xbrli:instant>2025-03-31</xbrli:instant>"
END = "<xbrli:instant>2026-03-31</xbrli:instant>"


def instance(schema_ref: str, facts: str, *, extra_ns: str = "", contexts: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xbrldi="http://xbrl.org/2006/xbrldi"
    xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:dis="{NS}" {extra_ns}>
  <link:schemaRef xlink:type="simple" xlink:href="{schema_ref}"/>
  {_context("FY", FY)}
  {_context("FY_Adj", FY, "dis:AdjustmentsMember")}
  {_context("Start", START)}
  {_context("End", END)}
  {_context("End_Adj", END, "dis:AdjustmentsMember")}
  {contexts}
  <xbrli:unit id="JPY"><xbrli:measure>iso4217:JPY</xbrli:measure></xbrli:unit>
  <xbrli:unit id="shares"><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unit>
  <xbrli:unit id="pure"><xbrli:measure>xbrli:pure</xbrli:measure></xbrli:unit>
  <xbrli:unit id="Gbps"><xbrli:measure>dis:Gbps</xbrli:measure></xbrli:unit>
  <xbrli:unit id="JPYPerShare"><xbrli:divide>
    <xbrli:unitNumerator><xbrli:measure>iso4217:JPY</xbrli:measure></xbrli:unitNumerator>
    <xbrli:unitDenominator><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unitDenominator>
  </xbrli:divide></xbrli:unit>
  {facts}
</xbrli:xbrl>
"""


def mini_facts(gross_profit: str = "400") -> str:
    """Every item type once; GrossProfit = Revenue - CostOfSales in both contexts."""
    return f"""
  <dis:Revenue contextRef="FY" unitRef="JPY" decimals="0">1000</dis:Revenue>
  <dis:CostOfSales contextRef="FY" unitRef="JPY" decimals="0">600</dis:CostOfSales>
  <dis:GrossProfit contextRef="FY" unitRef="JPY" decimals="0">{gross_profit}</dis:GrossProfit>
  <dis:Revenue contextRef="FY_Adj" unitRef="JPY" decimals="0">-50</dis:Revenue>
  <dis:CostOfSales contextRef="FY_Adj" unitRef="JPY" decimals="0">-30</dis:CostOfSales>
  <dis:GrossProfit contextRef="FY_Adj" unitRef="JPY" decimals="0">-20</dis:GrossProfit>
  <dis:BasicEarningsPerShare contextRef="FY" unitRef="JPYPerShare" decimals="2">12.34</dis:BasicEarningsPerShare>
  <dis:NumberOfEmployees contextRef="End" unitRef="pure" decimals="0">1234</dis:NumberOfEmployees>
  <dis:BackboneBandwidth contextRef="End" unitRef="Gbps" decimals="0">3000</dis:BackboneBandwidth>
  <dis:SharesOutstanding contextRef="End" unitRef="shares" decimals="0">1000000</dis:SharesOutstanding>
  <dis:PayoutRatio contextRef="FY" unitRef="pure" decimals="3">0.305</dis:PayoutRatio>
  <dis:CompanyName contextRef="FY">Example Corporation</dis:CompanyName>
  <dis:FiscalYearEndDate contextRef="FY">2026-03-31</dis:FiscalYearEndDate>
  <dis:CashAndCashEquivalents contextRef="Start" unitRef="JPY" decimals="0">500</dis:CashAndCashEquivalents>
  <dis:NetIncreaseInCash contextRef="FY" unitRef="JPY" decimals="0">300</dis:NetIncreaseInCash>
  <dis:CashAndCashEquivalents contextRef="End" unitRef="JPY" decimals="0">800</dis:CashAndCashEquivalents>
"""


def write_instance(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# --- (a) determinism ----------------------------------------------------------------------------
def test_output_is_byte_identical_across_runs(src: Source, tmp_path: Path) -> None:
    first = generate(src, tmp_path / "a", file_stem=STEM)
    second = generate(load(MINI), tmp_path / "b", file_stem=STEM)
    assert [p.name for p in first] == [p.name for p in second] == [
        "mini.xsd", "mini_lab-en.xml", "mini_lab-ja.xml", "mini_pre.xml", "mini_cal.xml", "mini_def.xml"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert a.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the files must not."""
    code = ("import sys; from pathlib import Path; from disclose.taxonomy.source import load; "
            "from disclose.taxonomy.generate import generate; "
            f"generate(load(Path({str(MINI)!r})), Path(sys.argv[1]), file_stem={STEM!r})")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / seed)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    for a in sorted((tmp_path / "1").iterdir()):
        assert a.read_bytes() == (tmp_path / "2" / a.name).read_bytes(), a.name


def test_default_file_stem(src: Source, tmp_path: Path) -> None:
    names = [p.name for p in generate(src, tmp_path)]
    assert names[0] == "disclose-2026.xsd" and "disclose-2026_def.xml" in names


# --- (b) the taxonomy alone is clean ----------------------------------------------------------
def test_taxonomy_loads_in_arelle_without_messages(taxonomy: Path) -> None:
    assert arelle(taxonomy / f"{STEM}.xsd") == []


def test_schema_declarations(taxonomy: Path) -> None:
    xsd = etree.parse(str(taxonomy / f"{STEM}.xsd")).getroot()
    els = {e.get("name"): e for e in xsd.iter("{http://www.w3.org/2001/XMLSchema}element")}
    xbrli = "{http://www.xbrl.org/2003/instance}"
    assert els["Revenue"].get("id") == "dis_Revenue"
    assert els["Revenue"].get(f"{xbrli}balance") == "credit"
    assert els["BasicEarningsPerShare"].get("type") == "dtr-types:perShareItemType"
    assert els["NumberOfEmployees"].get("type") == "dis:countItemType"
    assert els["SegmentAxis"].get("substitutionGroup") == "xbrldt:dimensionItem"
    assert els["SegmentsTable"].get("substitutionGroup") == "xbrldt:hypercubeItem"
    assert els["AdjustmentsMember"].get("type") == "dtr-types:domainItemType"
    assert els["SummaryAbstract"].get("abstract") == "true"
    defs = [d.text for d in xsd.iter(f"{LINK}definition")]
    assert defs == ["010 - Summary", "020 - Statement of profit or loss", "040 - Statement of cash flows",
                    "050 - Segment information", "060 - Cash flows by segment"]


def test_labels_per_language(taxonomy: Path) -> None:
    def labels(lang: str) -> dict[tuple[str, str], str]:
        root = etree.parse(str(taxonomy / f"{STEM}_lab-{lang}.xml")).getroot()
        out = {}
        for lab in root.iter(f"{LINK}label"):
            assert lab.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
            out[(lab.get(f"{XLINK}label"), lab.get(f"{XLINK}role").rsplit("/", 1)[1])] = lab.text
        return out

    en, ja = labels("en"), labels("ja")
    assert en[("label_dis_Revenue", "totalLabel")] == "Total revenue"
    assert ja[("label_dis_Revenue", "totalLabel")] == "売上収益合計"
    assert ("label_dis_Revenue", "terseLabel") not in ja  # no Japanese terse label in the source
    assert ("label_dis_CashAndCashEquivalents", "periodEndLabel") not in ja
    assert ja[("label_dis_SummaryAbstract", "label")] == "Summary"  # standard label falls back to en
    assert ja[("label_dis_SegmentAxis", "label")] == "事業セグメント"
    assert ja[("label_dis_EntityTotalMember", "label")] == "連結"


def test_presentation_duplicates_and_preferred_labels(taxonomy: Path) -> None:
    root = etree.parse(str(taxonomy / f"{STEM}_pre.xml")).getroot()
    links = {l.get(f"{XLINK}role").rsplit("/", 1)[1]: l for l in root.iter(f"{LINK}presentationLink")}
    summary = links["Summary"].findall(f"{LINK}presentationArc")
    assert len(summary) == 8  # Revenue#terse listed twice under the same parent: one arc
    assert [a.get("order") for a in summary] == [str(i) for i in range(1, 9)]
    cash = links["CashFlows"].findall(f"{LINK}presentationArc")
    assert [a.get("preferredLabel", "").rsplit("/", 1)[-1] for a in cash] == [
        "periodStartLabel", "", "periodEndLabel"]
    assert len({(a.get(f"{XLINK}from"), a.get(f"{XLINK}to")) for a in cash}) == 3


# --- (c) calculations ---------------------------------------------------------------------------
def test_consistent_instance_has_no_messages(taxonomy: Path) -> None:
    path = write_instance(taxonomy, "ok.xbrl", instance(f"{STEM}.xsd", mini_facts()))
    assert arelle(path) == []


def test_inconsistent_sum_is_reported(taxonomy: Path) -> None:
    path = write_instance(taxonomy, "bad_calc.xbrl", instance(f"{STEM}.xsd", mini_facts(gross_profit="410")))
    found = codes(arelle(path))
    # once per role holding the calculation (ProfitOrLoss, Segments)
    assert found and set(found) == {"calc11e:inconsistentCalculationUsingRounding"}


# --- (d) dimensions -----------------------------------------------------------------------------
def test_axis_outside_its_table_is_dimensionally_invalid(taxonomy: Path) -> None:
    facts = mini_facts() + '<dis:NumberOfEmployees contextRef="End_Adj" unitRef="pure" decimals="0">5</dis:NumberOfEmployees>'
    path = write_instance(taxonomy, "bad_dims.xbrl", instance(f"{STEM}.xsd", facts))
    assert codes(arelle(path)) == ["xbrldie:PrimaryItemDimensionallyInvalidError"]


def test_row_axis_member_is_valid_in_a_second_role(taxonomy: Path) -> None:
    facts = mini_facts() + '<dis:NetIncreaseInCash contextRef="FY_Adj" unitRef="JPY" decimals="0">5</dis:NetIncreaseInCash>'
    path = write_instance(taxonomy, "row_axis.xbrl", instance(f"{STEM}.xsd", facts))
    assert arelle(path) == []


def test_default_member_in_context_is_an_error(taxonomy: Path) -> None:
    ctx = _context("FY_Total", FY, "dis:EntityTotalMember")
    facts = mini_facts() + '<dis:Revenue contextRef="FY_Total" unitRef="JPY" decimals="0">1000</dis:Revenue>'
    path = write_instance(taxonomy, "default_dims.xbrl", instance(f"{STEM}.xsd", facts, contexts=ctx))
    assert "xbrldie:DefaultValueUsedInInstanceError" in codes(arelle(path))


def test_open_tables_option(src: Source, tmp_path: Path) -> None:
    """Without empty hypercubes only the axis table has one; a stray dimension then passes."""
    generate(src, tmp_path, file_stem=STEM, all_tables_closed=False)
    xsd = (tmp_path / f"{STEM}.xsd").read_text(encoding="utf-8")
    assert "SegmentsTable" in xsd and "SummaryTable" not in xsd
    facts = mini_facts() + '<dis:NumberOfEmployees contextRef="End_Adj" unitRef="pure" decimals="0">5</dis:NumberOfEmployees>'
    path = write_instance(tmp_path, "open.xbrl", instance(f"{STEM}.xsd", facts))
    assert arelle(path) == []


# --- extension mode -----------------------------------------------------------------------------
def _label(en: str, ja: str | None = None) -> dict[str, dict[str, str]]:
    return {"label": {"en": en, **({"ja": ja} if ja else {})}}


def ext_source() -> Source:
    """An issuer extension: two segment members on the base SegmentAxis, two revenue lines in a
    role of its own (summing to the base Revenue), and one more row in the base ProfitOrLoss role."""
    def concept(name: str, en: str, ja: str, abstract: bool = False) -> Concept:
        if abstract:
            return Concept(name, "string", "duration", None, True, _label(en))
        return Concept(name, "monetary", "duration", "credit", False, _label(en, ja))

    concepts = {c.name: c for c in (
        concept("RevenueBreakdownAbstract", "Revenue breakdown", "", abstract=True),
        concept("NetworkRevenue", "Network services revenue", "ネットワークサービス売上高"),
        concept("AtmRevenue", "ATM operation revenue", "ATM運営事業売上高"),
        concept("OtherIncome", "Other income", "その他の収益"),
    )}
    axes = {"SegmentAxis": Axis(
        "SegmentAxis", _label("Operating segments"), Member("EntityTotalMember", _label("Consolidated")),
        (Member("NetworkMember", _label("Network services", "ネットワークサービス")),
         Member("AtmMember", _label("ATM operation")),
         Member("AdjustmentsMember", _label("Adjustments"))))}  # a base member: a reference only
    breakdown = TableSpec(
        id="revenue-breakdown", role="RevenueBreakdown", order=60, title={"en": "Revenue breakdown"},
        headings=(), columns="periods",
        rows=(Node("RevenueBreakdownAbstract", children=(
            Node("NetworkRevenue"), Node("AtmRevenue"), Node("Revenue", preferred="total"))),),
        calculations={"Revenue": (("NetworkRevenue", 1), ("AtmRevenue", 1))})
    pl = TableSpec(
        id="profit-or-loss", role="ProfitOrLoss", order=20, title={"en": "Statement of profit or loss"},
        headings=(), columns="periods",
        rows=(Node("ProfitOrLossAbstract", children=(
            Node("Revenue"), Node("CostOfSales"), Node("GrossProfit", preferred="total"), Node("OtherIncome"))),),
        calculations={})
    return Source(concepts, axes, {t.id: t for t in (breakdown, pl)}, namespace=EXT_NS, prefix="ext")


@pytest.fixture(scope="module")
def extension(src: Source, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ext")
    generate(src, root / "base", file_stem=STEM)
    written = generate(ext_source(), root / "ext", file_stem="ext", base=src, base_href=f"../base/{STEM}.xsd")
    assert [p.name for p in written] == ["ext.xsd", "ext_lab-en.xml", "ext_lab-ja.xml", "ext_pre.xml",
                                         "ext_cal.xml", "ext_def.xml"]
    return root / "ext"


def test_extension_declares_only_its_own_elements(extension: Path) -> None:
    xsd = etree.parse(str(extension / "ext.xsd")).getroot()
    names = sorted(e.get("name") for e in xsd.iter("{http://www.w3.org/2001/XMLSchema}element"))
    assert names == ["AtmMember", "AtmRevenue", "NetworkMember", "NetworkRevenue", "OtherIncome",
                     "RevenueBreakdownAbstract", "RevenueBreakdownTable"]
    imports = {i.get("namespace"): i.get("schemaLocation") for i in xsd.iter("{http://www.w3.org/2001/XMLSchema}import")}
    assert imports[NS] == "../base/mini.xsd"
    roles = [r.get("roleURI").rsplit("/", 1)[1] for r in xsd.iter(f"{LINK}roleType")]
    assert roles == ["RevenueBreakdown"]  # ProfitOrLoss is the base's


def test_extension_adds_only_new_relationships(extension: Path) -> None:
    pre = etree.parse(str(extension / "ext_pre.xml")).getroot()
    links = {l.get(f"{XLINK}role").rsplit("/", 1)[1]: l for l in pre.iter(f"{LINK}presentationLink")}
    assert [a.get(f"{XLINK}to") for a in links["ProfitOrLoss"].iter(f"{LINK}presentationArc")] == ["ext_OtherIncome"]
    hrefs = {l.get(f"{XLINK}href") for l in pre.iter(f"{LINK}loc")}
    assert "../base/mini.xsd#dis_Revenue" in hrefs and "ext.xsd#ext_NetworkRevenue" in hrefs
    definition = etree.parse(str(extension / "ext_def.xml")).getroot()
    links = {l.get(f"{XLINK}role").rsplit("/", 1)[1]: l for l in definition.iter(f"{LINK}definitionLink")}
    seg = [(a.get(f"{XLINK}arcrole").rsplit("/", 1)[1], a.get(f"{XLINK}to"))
           for a in links["Segments"].iter(f"{LINK}definitionArc")]
    assert seg == [("domain-member", "ext_NetworkMember"), ("domain-member", "ext_AtmMember")]


def test_extension_validates_with_base(extension: Path) -> None:
    assert arelle(extension / "ext.xsd") == []
    ctx = _context("FY_Net", FY, "ext:NetworkMember")
    ext_facts = """
  <ext:NetworkRevenue contextRef="FY" unitRef="JPY" decimals="0">700</ext:NetworkRevenue>
  <ext:AtmRevenue contextRef="FY" unitRef="JPY" decimals="0">300</ext:AtmRevenue>
  <ext:OtherIncome contextRef="FY" unitRef="JPY" decimals="0">10</ext:OtherIncome>
  <dis:Revenue contextRef="FY_Net" unitRef="JPY" decimals="0">700</dis:Revenue>
"""
    ns = f'xmlns:ext="{EXT_NS}"'
    ok = write_instance(extension, "ok.xbrl", instance("ext.xsd", mini_facts() + ext_facts, extra_ns=ns, contexts=ctx))
    assert arelle(ok) == []
    bad = ext_facts.replace(">300<", ">310<") + (
        '<ext:OtherIncome contextRef="FY_Adj" unitRef="JPY" decimals="0">1</ext:OtherIncome>')
    path = write_instance(extension, "bad.xbrl", instance("ext.xsd", mini_facts() + bad, extra_ns=ns, contexts=ctx))
    assert sorted(codes(arelle(path))) == ["calc11e:inconsistentCalculationUsingRounding",
                                           "xbrldie:PrimaryItemDimensionallyInvalidError"]


def test_extension_rejects_unknown_names(src: Source, tmp_path: Path) -> None:
    ext = ext_source()
    t = ext.tables["revenue-breakdown"]
    broken = TableSpec(**{**t.__dict__, "rows": (Node("NoSuchConcept"),)})
    with pytest.raises(SourceError, match="NoSuchConcept"):
        generate(Source(ext.concepts, ext.axes, {"x": broken}, namespace=EXT_NS, prefix="ext"), tmp_path,
                 base=src, base_href="base.xsd")
    with pytest.raises(SourceError, match="already defined in the base"):
        clash = {**ext.concepts, "Revenue": ext.concepts["OtherIncome"]}
        generate(Source(clash, ext.axes, ext.tables, namespace=EXT_NS, prefix="ext"), tmp_path,
                 base=src, base_href="base.xsd")


def test_calculation_weight_must_match_balances(src: Source, tmp_path: Path) -> None:
    pl = src.tables["profit-or-loss"]
    wrong = TableSpec(**{**pl.__dict__, "calculations": {"GrossProfit": (("Revenue", 1), ("CostOfSales", 1))}})
    bad = Source(src.concepts, src.axes, {**src.tables, "profit-or-loss": wrong})
    with pytest.raises(SourceError, match="CostOfSales .debit.; a debit item needs weight -1"):
        generate(bad, tmp_path)
    string_calc = TableSpec(**{**pl.__dict__, "calculations": {"GrossProfit": (("CompanyName", 1),)}})
    with pytest.raises(SourceError, match="not numeric"):
        generate(Source(src.concepts, src.axes, {"x": string_calc}), tmp_path)
    assert not list(tmp_path.iterdir())  # checked before anything is written
