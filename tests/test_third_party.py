"""The build's verdict is the filing's verdict (#15): stock Arelle, run as a third party would run it
(``arelleCmdLine`` in its own process: --validate, --calc in the filing's mode, the inconsistent-
duplicate check, no formula parameters), accepts every output of the bundled samples and of a small
Tanshin release that rounds down, and counts the same facts and the same assertion evaluations in
the .xbrl, the .xhtml and the .json as the build's own report.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from disclose import api
from disclose.arelle.third_party import check, command_line
from disclose.paths import INSTANCES

EXAMPLE = Path(__file__).parent / "data" / "tanshin" / "example-2q.txt"
FORMATS = ("xbrl", "xhtml", "json")


@pytest.fixture(scope="module")
def truncating(tmp_path_factory) -> Path:
    """A Tanshin release whose figures are rounded down (calculation mode c11t)."""
    result = api.build(EXAMPLE, None, tmp_path_factory.mktemp("third-party") / "example-2q")
    assert result.exit_code == 0, result.summary
    return result.out_dir


def folders(truncating: Path) -> dict[str, Path]:
    return {"iij-1h-fy2020": INSTANCES / "iij-1h-fy2020", "northwind-fy2025": INSTANCES / "northwind-fy2025",
            "example-2q": truncating}


def assert_third_party_agrees(folder: Path) -> None:
    """0 problems in every format, and the facts and evaluations the build's report states."""
    stem = folder.name
    report = json.loads((folder / f"{stem}-report.json").read_text(encoding="utf-8"))
    assert report["valid"], report["messages"]
    calcs = report["calculation_mode"]
    assert report["third_party_command"] == " ".join(command_line(f"{stem}.xbrl", calcs))
    expected = {k: tuple(v) for k, v in report["assertions"].items()}
    for fmt in FORMATS:
        got = check(folder / f"{stem}.{fmt}", calcs)
        assert got.ok, (fmt, got.problems[:5])
        assert got.facts == report["fact_count"], fmt
        assert got.assertions == expected, fmt
        assert got.evaluations == sum(s + u for s, u in expected.values()) > 0, fmt


@pytest.mark.parametrize("name", ["iij-1h-fy2020", "northwind-fy2025", "example-2q"])
def test_stock_arelle_accepts_every_output(truncating, name):
    assert_third_party_agrees(folders(truncating)[name])


def test_truncating_filing_names_its_mode_and_carries_its_tolerance(truncating):
    stem = truncating.name
    report = json.loads((truncating / f"{stem}-report.json").read_text(encoding="utf-8"))
    assert report["calculation_mode"] == "c11t" and "truncation mode" in report["rounding_note"]
    assert (truncating / f"{stem}_for-tolerance.xml").exists()
    assert f"{stem}_for-tolerance.xml" in (truncating / f"{stem}.xsd").read_text(encoding="utf-8")
    import zipfile

    with zipfile.ZipFile(truncating / f"{stem}.xbri") as z:
        readme = z.read(f"{stem}/README.txt").decode("utf-8")
    assert "--calc c11t" in readme and f"reports/{stem}.xhtml" in readme


def test_a_coarse_duplicate_of_a_statement_figure_is_found(tmp_path):
    """The check can fail: a figure repeated in billions as the statement's own concept is an
    inconsistent duplicate to a validator that rounds it (why summary figures have their own concepts)."""
    folder = tmp_path / "iij-1h-fy2020"
    shutil.copytree(INSTANCES / "iij-1h-fy2020", folder)
    path = folder / "iij-1h-fy2020.xbrl"
    text = path.read_text(encoding="utf-8")
    fact = '<dis:GrossProfit id="dup1" contextRef="D20200401-20200930" unitRef="JPY" decimals="-8">17400000000</dis:GrossProfit>'
    path.write_text(text.replace("</xbrli:xbrl>", fact + "\n</xbrli:xbrl>"), encoding="utf-8")
    got = check(path, "c11r")
    assert "arelle:duplicateFacts" in {c for c, _, _ in got.problems}, got.problems
    assert got.facts == json.loads((folder / "iij-1h-fy2020-report.json").read_text())["fact_count"] + 1
