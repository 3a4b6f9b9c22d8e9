"""Round-trip properties: read(write(facts)) == facts, over releases of varied layout.

tests/release_writer.py renders a random but consistent fact set as a release in the sample's
style (see its docstring for what varies). The fast properties read the text, map and assemble it
(no Arelle) and compare facts by concept, period, dims, value and decimals; the build properties run
the whole `api.build` and also require a valid filing (zero validation errors). Hypothesis runs
derandomized (fixed examples in CI) and without an example database.

Recall over every generated fact is printed (`pytest -s tests/test_roundtrip.py`). Sizes:
ROUNDTRIP_EXAMPLES (fast, default 120), ROUNDTRIP_BUILDS (full builds, default 20).
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from disclose import api, pipeline
from disclose.assemble import assemble
from disclose.extensions import Extensions
from disclose.model import Entity
from disclose.paths import SAMPLES
from disclose.profile import profile_from_dict
from disclose.text.decode import decode
from release_writer import Comparison, Layout, Release, compare, layout_from, write_release

FAST_EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES", "120"))
BUILD_EXAMPLES = int(os.environ.get("ROUNDTRIP_BUILDS", "20"))
EXTENSION_BUILDS = max(1, BUILD_EXAMPLES // 3)
SRC = api.taxonomy_source()


def _settings(n: int, shrink: bool = True) -> settings:
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])
    return settings(max_examples=n, derandomize=True, database=None, deadline=None, print_blob=False, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def layouts(draw: Any, **flags: Any) -> Layout:
    return layout_from(lambda options: draw(st.sampled_from(options)), **flags)


@dataclass
class Tally:
    """Recall over every generated fact of a property's examples, printed at the end."""

    name: str
    releases: int = 0
    expected: int = 0
    found: int = 0
    extra: int = 0
    invalid: list[str] = field(default_factory=list)

    def add(self, c: Comparison) -> None:
        self.releases += 1
        self.expected += c.expected
        self.found += c.found
        self.extra += len(c.extra)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    def report(self) -> str:
        line = (f"[roundtrip] {self.name}: {self.releases} releases, recall {self.found}/{self.expected} = "
                f"{self.recall:.4%}, {self.extra} facts not in the releases")
        if self.invalid is not None and self.name.startswith("build"):
            line += f", {len(self.invalid)} invalid filings"
        return line


def read(rel: Release) -> list:
    """The fast path of api.build: text -> tables -> facts -> assembled filing facts (no Arelle)."""
    prof = profile_from_dict(tomllib.loads(rel.profile), "generated profile")
    doc = decode(rel.text.encode("utf-8"), "generated.txt")
    ext = pipeline.extension_source(SRC, prof)
    _, facts, issues = api.read_release(doc, SRC, prof, ext, Extensions(ext.prefix))
    filing = assemble(facts, Entity(prof.scheme, prof.identifier, prof.name), "generated.xsd", issues=tuple(issues))
    return list(filing.facts)


def _fail(rel: Release, c: Comparison, what: str = "") -> str:
    return f"{what}{c.found}/{c.expected} facts recovered for {rel.layout}\n{c.describe()}"


def _fast_property(name: str, n: int, strict: bool = True, **flags: Any) -> Tally:
    """Read `n` generated releases. strict: every example must recover every fact (hypothesis
    shrinks a failure to a small layout); else all `n` run and the tally tells the recall."""
    tally = Tally(name)
    failures: list[str] = []

    @_settings(n, shrink=strict)
    @given(layouts(**flags))
    def check(layout: Layout) -> None:
        rel = write_release(SRC, layout)
        c = compare(rel, read(rel))
        tally.add(c)
        if c.missed or c.extra:
            failures.append(_fail(rel, c))
            assert not strict, failures[-1]

    try:
        check()
    finally:
        print("\n" + tally.report())
    assert not failures, f"{len(failures)} of {tally.releases} releases lose facts; the first:\n{failures[0]}"
    return tally


def _build_property(name: str, n: int, tmp: Path, **flags: Any) -> Tally:
    tally = Tally(name)

    @_settings(n)
    @given(layouts(**flags))
    def check(layout: Layout) -> None:
        rel = write_release(SRC, layout)
        k = tally.releases
        path = rel.write(tmp / "in", f"release-{k}")
        res = api.build(path, path.with_suffix(".toml"), tmp / "out" / f"release-{k}", formats="xbrl")
        c = compare(rel, res.filing.facts)
        tally.add(c)
        errors = [f"{m.code}: {m.text}" for m in res.report.messages if m.severity.lower() == "error"]
        errors += [f"{i.code}: {i.message}" for i in res.report.issues if i.severity == "error"]
        if not res.report.ok:
            tally.invalid.append(f"{layout}: {errors[:3]}")
        assert res.report.ok and not errors, f"invalid filing for {layout}:\n" + "\n".join(errors[:10])
        assert not c.missed and not c.extra, _fail(rel, c)

    try:
        check()
    finally:
        print("\n" + tally.report())
    return tally


# -- the properties ----------------------------------------------------------------------------
def test_read_recovers_every_fact() -> None:
    """Every figure of every statement (and the segments) comes back with its concept, period,
    dims, value and decimals, whatever the layout."""
    tally = _fast_property("read", FAST_EXAMPLES)
    assert tally.releases >= min(FAST_EXAMPLES, 100)
    assert tally.recall >= 0.995


def test_build_recovers_every_fact_and_validates(tmp_path: Path) -> None:
    """The whole build (Arelle, Calculations 1.1, formula assertions) files every fact, valid."""
    tally = _build_property("build", BUILD_EXAMPLES, tmp_path)
    assert not tally.invalid
    assert tally.recall >= 0.995


def test_read_recovers_extension_rows() -> None:
    """Rows the taxonomy lacks, included in their section's total, become issuer concepts."""
    tally = _fast_property("read+extensions", FAST_EXAMPLES // 2, extensions=2)
    assert tally.recall >= 0.995


def test_build_with_extension_rows_validates(tmp_path: Path) -> None:
    """The extension rows' calculation arcs keep the totals consistent: the filing validates."""
    tally = _build_property("build+extensions", EXTENSION_BUILDS, tmp_path, extensions=2)
    assert not tally.invalid


@pytest.mark.xfail(strict=False, reason="a row label that begins with a heading's name is matched whole first "
                                        "now (99.93% recall); a few labels still lose their head to a heading")
def test_read_labels_that_begin_with_a_heading() -> None:
    _fast_property("read+heading-prefixed labels", FAST_EXAMPLES // 2, strict=False, heading_prefixed=True)


@pytest.mark.xfail(strict=False, reason="an unknown row whose last words spell a concept's name with a stray space "
                                        "('Right of return ass ets') is still matched to that concept (~99.95% recall)")
def test_read_extension_rows_ending_in_a_concept_name() -> None:
    _fast_property("read+extensions ending in a concept's name", FAST_EXAMPLES // 2, strict=False, extensions=3,
                   suffix_names=True)


# -- the second bundled sample -----------------------------------------------------------------
NORTHWIND = SAMPLES / "northwind-fy2025.txt"


def test_northwind_sample_builds_valid(tmp_path: Path) -> None:
    """The hand-written full-year sample (fictional issuer, December year end, millions of yen,
    three segments, eight rows the base taxonomy lacks) files every figure and validates."""
    res = api.build(NORTHWIND, NORTHWIND.with_suffix(".toml"), tmp_path / NORTHWIND.stem, formats="xbrl")
    errors = [f"{m.code}: {m.text}" for m in res.report.messages if m.severity == "error"]
    errors += [f"{i.code}: {i.message}" for i in res.report.issues if i.severity == "error"]
    assert res.report.ok and not errors, "\n".join(errors[:10])
    lost = [i.message for i in res.report.issues if i.code in ("unmapped-row", "short-row", "ambiguous-row")]
    assert not lost, lost
    fy25 = "2025-01-01--2025-12-31"
    facts = {(f.concept, f.period.key(), f.dims): f for f in res.filing.facts}
    assert facts[("dis:Revenue", fy25, ())].value == Decimal("158313E6")
    assert facts[("dis:Revenue", fy25, ())].decimals == -6
    assert facts[("dis:ProfitLossAttributableToOwnersOfParent", fy25, ())].value == Decimal("10388E6")
    assert facts[("dis:Equity", "2025-12-31", ())].value == Decimal("93682E6")
    assert facts[("dis:CashAndCashEquivalents", "2023-12-31", ())].value == Decimal("37638E6")
    segment = (("dis:SegmentsAxis", "nws:CloudPlatformsBusinessMember"),)
    assert facts[("dis:RevenueFromExternalCustomers", fy25, segment)].value == Decimal("47915E6")
    extensions = {f.concept for f in res.filing.facts if f.concept.startswith("nws:")}
    assert {"nws:CloudPlatforms", "nws:ResearchGrantsReceived"} <= extensions and len(extensions) >= 8, extensions
    assert len(res.filing.facts) >= 349  # 388 printed figures, repeats across statements filed once
