"""Shared fixtures: one build of the bundled sample per test session (builds take seconds)."""
from __future__ import annotations

import json
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
