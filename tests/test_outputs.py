"""Outputs XBRL-aware tools read: Inline XBRL, xBRL-JSON, taxonomy package, report package, viewer.

Each is checked the way a processor would read it (Arelle, offline), and against the .xbrl:
the facts must be the same facts (concept, period, dimensions, unit, value, decimals, id).
"""
from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from disclose import api, pipeline
from disclose.arelle import extract_facts, run_validation
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE, TAXONOMY, TAXONOMY_BUILD
from disclose.profile import load_profile
from disclose.taxonomy.source import ENTRY_NAME, PUBLISHED_BASE
from disclose.writers import parse_formats
from disclose.writers.ixbrl import render_ixbrl
from disclose.writers.layout import Block, layout, number_text, printed_negative
from disclose.writers.package import PACKAGE_FILE, taxonomy_package_entries, write_taxonomy_package

STEM = "iij-1h-fy2020"
IX = "{http://www.xbrl.org/2013/inlineXBRL}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def fact_key(f) -> tuple:
    """A loaded fact as a comparable value (numbers as decimals: 1E+3 == 1000)."""
    value = Decimal(f.value) if f.value not in ("", None) else None
    return (f.id, f.concept, f.period, tuple(sorted(f.dims.items())), f.unit, value, f.decimals, f.is_nil)


def problems(result) -> list[tuple[str, str, str]]:
    return [(m.level, m.code, m.text[:300]) for m in result.messages if m.severity != "info"]


@pytest.fixture(scope="module")
def instance_facts(sample_build) -> Counter:
    return Counter(fact_key(f) for f in extract_facts(sample_build.instance))


@pytest.fixture(scope="module")
def sources():
    src = api.taxonomy_source()
    return src, pipeline.extension_source(src, load_profile(SAMPLE_PROFILE))


# ------------------------------------------------------------------------------------ Inline XBRL

@pytest.fixture(scope="module")
def ixbrl_run(sample_build):
    return run_validation(sample_build.out_dir / f"{STEM}.xhtml", calcs="c11r")


def test_ixbrl_validates_offline(ixbrl_run):
    assert not ixbrl_run.load_error
    assert problems(ixbrl_run) == []  # not even a warning: XHTML schema, ix rules, calcs c11r, formulas
    assert ixbrl_run.ok


def test_ixbrl_facts_equal_instance_facts(ixbrl_run, instance_facts, sample_build):
    got = Counter(fact_key(f) for f in ixbrl_run.facts)
    assert got == instance_facts
    assert len(ixbrl_run.facts) == len(sample_build.filing.facts)
    # same contexts too (the .xhtml carries the .xbrl's contexts in ix:resources)
    assert {f.context_id for f in ixbrl_run.facts} == {c.id for c in sample_build.filing.contexts}


def test_ixbrl_formula_assertions_match_instance(ixbrl_run, sample_build):
    """Every assertion evaluates as often on the .xhtml as on the .xbrl (no node-name() tests,
    which see ix:nonFraction on Inline XBRL), and the roll-forwards are among them."""
    instance_run = run_validation(sample_build.instance, calcs="c11r", keep_facts=False)
    assert ixbrl_run.assertions == instance_run.assertions
    assert sum(ixbrl_run.assertions["EquityRollForward"]) > 0


def test_every_fact_is_tagged_once_and_visible(sample_build):
    tree = etree.parse(str(sample_build.out_dir / f"{STEM}.xhtml"))
    tags = tree.findall(f".//{IX}nonFraction")
    ids = [t.get("id") for t in tags]
    assert sorted(ids) == sorted(f.id for f in sample_build.filing.facts)
    assert tree.find(f".//{IX}hidden") is None  # every fact sits in a table or a sentence
    for t in tags:
        assert t.get("format") == "ixt:num-dot-decimal"
        assert t.nsmap["ixt"] in ("http://www.xbrl.org/inlineXBRL/transformation/2020-02-12",
                                  "http://www.xbrl.org/inlineXBRL/transformation/2022-02-16")
        parent = t.getparent()
        assert parent.tag in (f"{XHTML}td", f"{XHTML}li")
        if parent.tag == f"{XHTML}td":
            assert "num" in parent.get("class").split()  # right-aligned column


def test_ixbrl_negatives_read_as_in_the_release(sample_build):
    """Printed "(84,020 )" shows as "(84,020)"; sign="-" exactly where the fact is negative."""
    tree = etree.parse(str(sample_build.out_dir / f"{STEM}.xhtml"))
    by_id = {t.get("id"): t for t in tree.iter(f"{IX}nonFraction")}
    src = api.taxonomy_source()
    checked = 0
    for f in sample_build.filing.facts:
        tag = by_id[f.id]
        assert (tag.get("sign") == "-") == (f.value < 0), f
        if f.provenance.table == "narrative":
            continue
        cell = "".join(tag.getparent().itertext()).strip()
        negated = src.concepts[f.concept.split(":")[1]].negated
        if printed_negative(f, negated):
            assert cell.startswith("(") and cell.endswith(")"), (f, cell)
            checked += 1
        else:
            assert "(" not in cell, (f, cell)
    assert checked > 100


def test_ixbrl_tables_follow_the_release(sample_build, sources):
    doc = layout(sample_build.filing, *sources)
    lines = [s.line for s in doc.sections]
    assert lines == sorted(lines)
    specs = [s.spec for s in doc.sections if isinstance(s, Block)]
    assert specs[:2] == ["highlights", "targets"]
    assert specs.index("financial-position") < specs.index("profit-or-loss") < specs.index("cash-flows")
    assert specs.count("profit-or-loss") == 2 and specs.count("changes-in-equity") == 2
    pl = [s for s in doc.sections if isinstance(s, Block) and s.spec == "profit-or-loss"]
    assert pl[0].columns[0][0].startswith("Six months") and pl[1].columns[0][0].startswith("Three months")
    assert pl[0].unit_note == "Thousands of yen"
    row = next(r for r in pl[0].rows if r.label == "Total cost of sales")
    assert [(c.negative, c.text) for c in row.cells] == [(True, "84,020,322"), (True, "84,210,372")]


def test_number_text_is_exact_and_keeps_printed_places():
    assert number_text(Decimal("1.75E+10"), 9, -8) == "17.5"
    assert number_text(Decimal("5.0E+9"), 9, -8) == "5.0"
    assert number_text(Decimal("-84020322000"), 3, -3) == "84,020,322"
    assert number_text(Decimal("41.00"), 0, 2) == "41.00"
    assert number_text(Decimal("1234567"), 3, -3) == "1,234.567"  # never rounds a digit away


def test_ixbrl_escapes_labels(sample_build, sources):
    src, ext = sources
    tricky = 'R&D <"quoted"> & \'apostrophe\''
    concepts = dict(src.concepts)
    c = concepts["Revenue"]
    concepts["Revenue"] = replace(c, labels={**c.labels, "total": {"en": tricky, "ja": tricky}})
    filing = replace(sample_build.filing, entity=replace(sample_build.filing.entity, name="A & B <Holdings>"),
                     source_name='x&y "release".txt')
    text = render_ixbrl(filing, replace(src, concepts=concepts), ext, [(src.prefix, src.namespace),
                                                                       (ext.prefix, ext.namespace)])
    root = etree.fromstring(text.encode("utf-8"))  # well-formed XML
    all_text = "".join(root.itertext())
    assert tricky in all_text and "A & B <Holdings>" in all_text and 'x&y "release".txt' in all_text


# ------------------------------------------------------------------------------------- xBRL-JSON

def test_json_loads_offline_and_equals_instance(sample_build, instance_facts):
    result = run_validation(sample_build.out_dir / f"{STEM}.json", calcs="c11r")
    assert not result.load_error
    assert problems(result) == []
    assert result.ok
    assert Counter(fact_key(f) for f in result.facts) == instance_facts


# ------------------------------------------------------------------------------ taxonomy package

def test_taxonomy_package_is_committed_and_current(tmp_path):
    committed = TAXONOMY / PACKAGE_FILE
    assert committed.is_file(), "run `disclose taxonomy` and commit taxonomy/" + PACKAGE_FILE
    fresh = write_taxonomy_package(TAXONOMY_BUILD, tmp_path / PACKAGE_FILE, ENTRY_NAME)
    again = write_taxonomy_package(TAXONOMY_BUILD, tmp_path / "again.zip", ENTRY_NAME)
    assert fresh.read_bytes() == again.read_bytes() == committed.read_bytes()
    names = zipfile.ZipFile(committed).namelist()
    assert "disclose-taxonomy-2026/META-INF/taxonomyPackage.xml" in names
    assert "disclose-taxonomy-2026/META-INF/catalog.xml" in names
    assert f"disclose-taxonomy-2026/disclose.dev/taxonomy/2026/{ENTRY_NAME}" in names
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(committed).infolist())


def test_taxonomy_package_loads_offline():
    result = run_validation(PUBLISHED_BASE + ENTRY_NAME, packages=[TAXONOMY / PACKAGE_FILE], keep_facts=False)
    assert not result.load_error
    assert problems(result) == []
    assert any("Activation of package" in m.text and "successful" in m.text for m in result.messages)


def test_instance_on_published_urls_validates_with_the_package_alone(sample_build, instance_facts, tmp_path):
    """An issuer schema that imports https://disclose.dev/taxonomy/2026/... (no local copies)
    resolves through the package's catalog, offline."""
    for f in sample_build.out_dir.iterdir():
        if f.is_file() and f.suffix in (".xbrl", ".xsd", ".xml"):
            text = f.read_text(encoding="utf-8")
            if f.suffix != ".xbrl":
                text = text.replace(f"taxonomy/{ENTRY_NAME}", PUBLISHED_BASE + ENTRY_NAME)
            (tmp_path / f.name).write_text(text, encoding="utf-8")
    assert not (tmp_path / "taxonomy").exists()
    result = run_validation(tmp_path / f"{STEM}.xbrl", packages=[TAXONOMY / PACKAGE_FILE])
    assert problems(result) == [] and result.ok
    assert Counter(fact_key(f) for f in result.facts) == instance_facts


def test_taxonomy_package_metadata_escapes(tmp_path):
    (tmp_path / "a&b.xsd").write_text("<x/>", encoding="utf-8")
    entries = taxonomy_package_entries(tmp_path, "a&b.xsd")
    meta = next(v for k, v in entries.items() if k.endswith("taxonomyPackage.xml"))
    root = etree.fromstring(meta)
    hrefs = [e.get("href") for e in root.iter("{http://xbrl.org/2016/taxonomy-package}entryPointDocument")]
    assert hrefs == [PUBLISHED_BASE + "a&b.xsd"]


# ------------------------------------------------------------------------------- report package

def test_report_package_validates_offline(sample_build, instance_facts):
    xbri = sample_build.out_dir / f"{STEM}.xbri"
    names = zipfile.ZipFile(xbri).namelist()
    assert f"{STEM}/META-INF/reportPackage.json" in names and f"{STEM}/reports/{STEM}.xhtml" in names
    result = run_validation(xbri, calcs="c11r")
    assert not result.load_error
    assert problems(result) == []
    assert Counter(fact_key(f) for f in result.facts) == instance_facts


# -------------------------------------------------------------------------------------- formats

def test_format_option_chooses_outputs(tmp_path):
    result = api.build(SAMPLE_RELEASE, SAMPLE_PROFILE, tmp_path / "only-xbrl", formats="xbrl", formulas=False)
    names = {p.name for p in result.out_dir.iterdir()}
    assert f"{STEM}.xbrl" in names and f"{STEM}-report.json" in names
    assert not names & {f"{STEM}.xhtml", f"{STEM}.json", f"{STEM}.xbri"}
    assert parse_formats("ixbrl, JSON") == {"xbrl", "ixbrl", "json"}
    assert parse_formats(None) == {"xbrl", "ixbrl", "json", "package"}
    with pytest.raises(api.InputError):
        api.build(SAMPLE_RELEASE, SAMPLE_PROFILE, tmp_path / "bad", formats="xbrl,pdf")
    assert not (tmp_path / "bad").exists()


# ---------------------------------------------------------------------------------------- viewer

def test_viewer_page_written(sample_build, tmp_path):
    """The page embeds the viewer's data and loads its script from beside it (tests/test_browser.py
    opens it in Chromium)."""
    pytest.importorskip("iXBRLViewerPlugin")
    from disclose.arelle.viewer import write_viewer

    folder = tmp_path / STEM
    shutil.copytree(sample_build.out_dir, folder)
    page, script = write_viewer(folder / f"{STEM}.xhtml", folder / f"{STEM}-viewer.html")
    html = page.read_text(encoding="utf-8")
    assert 'application/x.ixbrl-viewer+json' in html and script.name in html


def test_ixbrl_places_extension_rows_in_their_section(tmp_path):
    """Rows the taxonomy lacks (issuer extension concepts) sit under their section, before the
    subtotal they add into; a tree section the release did not print is left out."""
    data = Path(__file__).parent / "data" / "releases"
    result = api.build(data / "example-fy2021.txt", None, tmp_path / "example-fy2021", formats="ixbrl", formulas=False)
    tree = etree.parse(str(result.out_dir / "example-fy2021.xhtml"))
    labels = [" ".join("".join(th.itertext()).split()) for th in tree.iter(f"{XHTML}th")
              if th.get("scope") == "row"]
    i = labels.index("Products")
    assert labels[i - 1:i + 3] == ["Revenues", "Products", "Services", "Total revenues"]
    assert "Profit (loss) attributable to" not in labels
    ids = sorted(t.get("id") for t in tree.iter(f"{IX}nonFraction"))
    assert ids == sorted(f.id for f in result.filing.facts)
