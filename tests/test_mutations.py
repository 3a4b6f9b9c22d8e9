"""Changing one printed figure makes the build fail and the report name the changed line."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

from disclose import api
from disclose.coverage import coverage
from disclose.mutate import mutate
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE


def _picks(filing, per_table: int, tables: int):
    """Figures spread over the tables: the first, middle and last mutable facts of each table."""
    text = SAMPLE_RELEASE.read_text(encoding="utf-8")
    covered = coverage(filing, api.taxonomy_source()).covered
    by_table = defaultdict(list)
    for f in filing.facts:
        if f.id in covered and mutate(text, f) is not None:
            by_table[f.provenance.table].append(f)
    picks = []
    for table, facts in sorted(by_table.items()):
        idx = sorted({0, len(facts) // 2, len(facts) - 1, len(facts) // 3, 2 * len(facts) // 3})[:per_table]
        picks.extend(facts[i] for i in idx)
    return picks, len(by_table)


def test_picks_span_the_tables(sample_build):
    picks, n_tables = _picks(sample_build.filing, 3, 99)
    assert n_tables >= 8 and len(picks) >= 30


def test_figures_no_check_covers_are_listed_in_the_report(sample_build):
    """Figures outside every relationship cannot be caught by a mutation: the report lists them."""
    report = json.loads((sample_build.out_dir / "iij-1h-fy2020-report.json").read_text(encoding="utf-8"))
    cov = report["coverage"]
    listed = {u["id"] for u in cov["uncovered"]}
    expected = set(coverage(sample_build.filing, api.taxonomy_source()).covered)
    assert listed and not listed & expected
    assert cov["covered"] + len(listed) == cov["facts"] == len(sample_build.filing.facts)


@pytest.mark.parametrize("n", range(30))
def test_one_changed_figure_fails_and_names_its_line(sample_build, tmp_path, n):
    picks, _ = _picks(sample_build.filing, 3, 99)
    fact = picks[n * len(picks) // 30]
    text, line = mutate(SAMPLE_RELEASE.read_text(encoding="utf-8"), fact)
    release = tmp_path / "mutated.txt"
    release.write_text(text, encoding="utf-8")
    result = api.build(release, SAMPLE_PROFILE, tmp_path / "out")
    report = json.loads((tmp_path / "out" / "mutated-report.json").read_text(encoding="utf-8"))
    lines = {l for m in report["messages"] if m["severity"] == "error" for l in m["lines"]}
    lines |= {l for i in report["issues"] if i["severity"] == "error" for l in i["lines"]}
    assert result.exit_code == 1, f"{fact.concept} on line {line} ({fact.provenance.label}) changed, still valid"
    assert line in lines, f"changed line {line} not named: {sorted(lines)}"
