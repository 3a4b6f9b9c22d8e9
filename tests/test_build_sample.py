"""The bundled sample, end to end: text in, validated filing out, every primary statement complete."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from disclose import api
from disclose.paths import INSTANCES, SAMPLE_PROFILE, SAMPLE_RELEASE
from conftest import SAMPLE_EXPECTED, score

PRIMARY = ["financial-position", "profit-or-loss-6m", "profit-or-loss-3m", "comprehensive-income-6m",
           "comprehensive-income-3m", "cash-flows"]


def test_sample_builds_valid(sample_build):
    assert sample_build.exit_code == 0, sample_build.summary
    assert sample_build.instance.name == "iij-1h-fy2020.xbrl"
    report = json.loads((sample_build.out_dir / "iij-1h-fy2020-report.json").read_text(encoding="utf-8"))
    assert report["valid"] is True
    assert report["errors"] == 0
    assert report["calculation_mode"] == "c11r"


def test_primary_statements_complete(sample_build):
    got = score(SAMPLE_EXPECTED, sample_build.instance)
    for table in PRIMARY:
        hit, total = got[table]
        assert hit == total, f"{table}: {hit}/{total}\n{got['_stdout']}"


def test_every_fact_keeps_its_line(sample_build):
    lines = Path(SAMPLE_RELEASE).read_text(encoding="utf-8").splitlines()
    for fact in sample_build.filing.facts:
        assert 1 <= fact.provenance.line <= len(lines)
        printed = fact.provenance.text.split()[0].strip("()△").replace("JPY", "")
        assert printed in lines[fact.provenance.line - 1], (fact, printed)


def test_calculation_arcs_cover_the_statements(sample_build):
    """The primary statements' roles hold >= 60 calculation arcs, every one exercised by facts."""
    L, X = "{http://www.xbrl.org/2003/linkbase}", "{http://www.w3.org/1999/xlink}"
    src = api.taxonomy_source()
    roles = {src.tables[t].role_uri for t in ("financial-position", "profit-or-loss", "comprehensive-income",
                                              "cash-flows", "changes-in-equity", "attribution")}
    tree = etree.parse(str(sample_build.out_dir / "taxonomy" / "disclose-2026_cal.xml"))
    used = {f.concept.split(":")[1] for f in sample_build.filing.facts}
    arcs, unexercised = 0, set()
    for link in tree.iter(L + "calculationLink"):
        if link.get(X + "role") not in roles:
            continue
        locs = {l.get(X + "label"): l.get(X + "href").split("#dis_")[1] for l in link.iter(L + "loc")}
        for arc in link.iter(L + "calculationArc"):
            arcs += 1
            for end in ("from", "to"):
                if locs[arc.get(X + end)] not in used:
                    unexercised.add(locs[arc.get(X + end)])
    assert arcs >= 60
    assert not unexercised, unexercised


def test_two_builds_are_byte_identical(sample_build, tmp_path):
    again = api.build(SAMPLE_RELEASE, SAMPLE_PROFILE, tmp_path / "again")
    for f in sorted(sample_build.out_dir.rglob("*")):
        if f.is_file():
            twin = tmp_path / "again" / f.relative_to(sample_build.out_dir)
            assert twin.read_bytes() == f.read_bytes(), f.name


def test_committed_instance_is_up_to_date(sample_build):
    committed = INSTANCES / "iij-1h-fy2020"
    assert committed.is_dir(), "run `make demo` and commit instances/"
    for f in sorted(sample_build.out_dir.rglob("*")):
        if f.is_file():
            twin = committed / f.relative_to(sample_build.out_dir)
            assert twin.exists() and twin.read_bytes() == f.read_bytes(), f"instances/ is stale: {f.name}; run make demo"


def test_every_table_of_the_release_is_complete(sample_build):
    """Summaries, segments (note and summary), equity components, targets, stock split, operating
    data and figures stated in sentences: every expected figure is in the filing."""
    got = score(SAMPLE_EXPECTED, sample_build.instance)
    tables = {k: v for k, v in got.items() if not k.startswith("_")}
    assert len(tables) >= 16
    for table, (hit, total) in tables.items():
        assert hit == total, f"{table}: {hit}/{total}\n{got['_stdout']}"
    assert "instance figures no gold figure accounts for: 0" in got["_stdout"]
