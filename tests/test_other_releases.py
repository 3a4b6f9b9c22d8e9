"""Releases that are not the sample: another issuer, a December year end, millions, rows and
segments the taxonomy lacks. The path must not be tied to the sample."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from disclose import api
from disclose.model import Period
from disclose.mutate import mutate
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE

DATA = Path(__file__).parent / "data" / "releases"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return api.build(DATA / "example-fy2021.txt", None, tmp_path_factory.mktemp("ex") / "example-fy2021")


def _fact(filing, local: str, period: Period):
    hits = [f for f in filing.facts if f.concept.endswith(":" + local) and f.period == period and not f.dims]
    assert len(hits) == 1, (local, period, hits)
    return hits[0]


def test_december_year_end_in_millions(example):
    assert example.exit_code == 0, example.summary
    fy2021 = Period(date(2021, 12, 31), date(2021, 1, 1))
    revenue = _fact(example.filing, "Revenue", fy2021)
    assert revenue.value == Decimal("5500000000") and revenue.decimals == -6
    cost = _fact(example.filing, "CostOfSales", fy2021)
    assert cost.value == Decimal("3200000000")  # printed (3,200 ): a cost, stored positive
    cash = _fact(example.filing, "CashAndCashEquivalents", Period(date(2021, 12, 31)))
    assert cash.value == Decimal("1200000000")
    assert example.filing.entity.identifier == "99990"


def test_rows_the_taxonomy_lacks_become_extension_concepts(example):
    ext = example.out_dir / "example-fy2021.xsd"
    names = {e.get("name") for e in etree.parse(str(ext)).iter("{http://www.w3.org/2001/XMLSchema}element")}
    assert {"Products", "Services"} <= names
    cal = (example.out_dir / "example-fy2021_cal.xml").read_text(encoding="utf-8")
    assert "exh_Products" in cal and "dis_Revenue" in cal  # joined the revenue total's calculation
    report = json.loads((example.out_dir / "example-fy2021-report.json").read_text(encoding="utf-8"))
    notes = [i["message"] for i in report["issues"] if i["code"] == "extension-concept"]
    assert len(notes) == 2 and all("added to Revenue" in n for n in notes)


def test_a_changed_extension_figure_breaks_the_total(example, tmp_path):
    fact = next(f for f in example.filing.facts if f.concept == "exh:Products" and f.period.end.year == 2021)
    text, line = mutate((DATA / "example-fy2021.txt").read_text(encoding="utf-8"), fact)
    (tmp_path / "example-fy2021.txt").write_text(text, encoding="utf-8")
    (tmp_path / "example-fy2021.toml").write_text((DATA / "example-fy2021.toml").read_text(encoding="utf-8"))
    result = api.build(tmp_path / "example-fy2021.txt", None, tmp_path / "out")
    assert result.exit_code == 1
    assert any(line in m.lines for m in result.report.messages if m.severity == "error")


def test_segments_the_profile_does_not_name_become_extension_members(tmp_path):
    profile = tmp_path / "noseg.toml"
    text = SAMPLE_PROFILE.read_text(encoding="utf-8")
    profile.write_text(text[:text.index("[[segments]]")], encoding="utf-8")
    result = api.build(SAMPLE_RELEASE, profile, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    members = [i for i in result.report.issues if i.code == "extension-member"]
    assert {"iij:ATMOperationBusinessMember", "iij:NetworkServiceAndSystemsIntegrationBusinessMember"} <= {
        m.message.split("extension member ")[1].split()[0] for m in members}
    seg = [f for f in result.filing.facts if f.provenance.table == "segment-information" and f.dims]
    assert len(seg) >= 12
