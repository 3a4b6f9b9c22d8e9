"""The report JSON follows its documented schema, and the human summary says what matters."""
import json
from pathlib import Path

import jsonschema

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "report.schema.json"


def test_report_matches_its_json_schema(sample_build):
    report = json.loads((sample_build.out_dir / "iij-1h-fy2020-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_report_proves_the_sample(sample_build):
    report = json.loads((sample_build.out_dir / "iij-1h-fy2020-report.json").read_text(encoding="utf-8"))
    assert report["coverage"]["percent"] >= 90
    evaluated = {k: v for k, v in report["assertions"].items() if sum(v)}
    assert sum(v[0] for v in evaluated.values()) >= 20
    assert all(v[1] == 0 for v in evaluated.values())
    assert "check coverage:" in sample_build.summary and "formula assertions:" in sample_build.summary


def test_schema_rejects_a_report_without_lines(sample_build):
    report = json.loads((sample_build.out_dir / "iij-1h-fy2020-report.json").read_text(encoding="utf-8"))
    report["issues"] = [{"code": "x", "severity": "fatal", "message": "m", "lines": []}]
    try:
        jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted an unknown severity")
