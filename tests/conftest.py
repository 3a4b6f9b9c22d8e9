"""Shared fixtures: one build of the bundled sample per test session (builds take seconds)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclose import api
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE_EXPECTED = SHARED / "sample" / "expected_facts.json"
SCORER = SHARED / "sample" / "score_instance.py"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "iij-1h-fy2020"
    return api.build(SAMPLE_RELEASE, SAMPLE_PROFILE, out)


def score(expected: Path, instance: Path) -> dict[str, tuple[int, int]]:
    """Recall per table from the shared scorer: {table: (found, total)}, plus '_all'."""
    if not SCORER.exists() or not expected.exists():
        pytest.skip(f"scorer or expected figures not found under {SHARED} (the shared folder is absent)")
    res = subprocess.run([sys.executable, str(SCORER), str(expected), str(instance), "--show", "200"],
                         capture_output=True, text=True, check=False)
    out: dict[str, tuple[int, int]] = {}
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and "/" in parts[1] and parts[0][0].isalpha() and not line.startswith(" "):
            hit, total = parts[1].split("/")
            out[parts[0]] = (int(hit), int(total))
        if line.startswith("gold recall"):
            hit, total = line.split()[2].split("/")
            out["_all"] = (int(hit), int(total.rstrip(" =")))
    out["_stdout"] = res.stdout  # type: ignore[assignment]
    return out


def changed_figure(old: str, new: str) -> str:
    """The figure as it reads in `new`, where `new` is `old` with one figure's digits changed."""
    import re

    at = next(i for i, (a, b) in enumerate(zip(old, new)) if a != b)
    return next(m.group(0) for m in re.finditer(r"\d[\d,.]*", new) if m.start() <= at < m.end())


@pytest.fixture(scope="session")
def mutated_build(sample_build, tmp_path_factory):
    """A copy of the sample (with its profile) with one figure of a calculation changed, built by the
    CLI: (exit code, output folder, changed line, the figure as it now reads)."""
    from disclose.coverage import coverage
    from disclose.mutate import mutate

    src = api.taxonomy_source()
    covered = coverage(sample_build.filing, src).covered
    text = SAMPLE_RELEASE.read_text(encoding="utf-8")
    for fact in sample_build.filing.facts:
        if "calculation" in covered.get(fact.id, ()) and fact.provenance.table != "narrative":
            done = mutate(text, fact)
            if done:
                break
    else:
        raise AssertionError("no figure of a calculation can be changed")
    changed, line = done
    d = tmp_path_factory.mktemp("mutated")
    (d / "changed.txt").write_text(changed, encoding="utf-8")
    (d / "changed.toml").write_bytes(SAMPLE_PROFILE.read_bytes())
    out = d / "changed"
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    res = subprocess.run([sys.executable, "-m", "disclose.cli", "build", str(d / "changed.txt"), "--out", str(out)],
                         capture_output=True, text=True, env=env, check=False)
    figure = changed_figure(text.split("\n")[line - 1], changed.split("\n")[line - 1])
    return res.returncode, out, line, figure
