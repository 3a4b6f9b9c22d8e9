"""disclose.arelle: in-process, offline Arelle runs on the tiny taxonomy in tests/data/arelle_mini.

The codes and levels asserted here are what arelle-release 2.47.3 reports; if an Arelle upgrade
changes them, these tests say so before the report mapping silently stops matching.
"""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from disclose.arelle import (
    ArelleLoadError,
    StandardSchemaNotFound,
    extract_facts,
    run_validation,
    standard_schema_path,
)

MINI = Path(__file__).parent / "data" / "arelle_mini"
INST = MINI / "instances"
SRC = Path(__file__).parents[1] / "src" / "disclose"

CALC_ROUND = "calc11e:inconsistentCalculationUsingRounding"
CALC_TRUNC = "calc11e:inconsistentCalculationUsingTruncation"
CALC_10 = "xbrl.5.2.5.2:calcInconsistency"
DUPLICATES = "arelle:duplicateFacts"


def only(result, code):
    found = result.by_code(code)
    assert len(found) == 1, [(m.code, m.text) for m in result.messages]
    return found[0]


def test_consistent_instance_is_ok():
    result = run_validation(INST / "ok.xbrl")
    assert result.ok
    assert not result.load_error
    assert result.errors == () and result.warnings == ()
    assert result.assertions == {}
    assert [(f.concept, f.value, f.decimals, f.id) for f in result.facts] == [
        ("mini:ItemA", "100", 0, "fA"),
        ("mini:ItemB", "200", 0, "fB"),
        ("mini:Total", "300", 0, "fT"),
    ]
    fact = result.facts[0]
    assert (fact.context_id, fact.unit_id, fact.period, fact.dims, fact.line) == (
        "FY2024", "EUR", "2024-01-01--2024-12-31", {}, 12,
    )
    assert result.elapsed > 0


def test_calc_inconsistency_c11r():
    result = run_validation(INST / "inconsistent.xbrl")
    assert not result.ok
    msg = only(result, CALC_ROUND)
    assert msg.level == "INCONSISTENCY" and msg.severity == "error"
    assert msg.fact_ids == ("fT", "fA", "fB")  # the total first, then its items
    assert msg.args["reportedSum"] == "[309.5, 310.5]"
    assert msg.args["computedSum"] == "[299.0, 301.0]"
    assert (msg.args["concept"], msg.args["contextID"], msg.args["unitID"]) == ("mini:Total", "FY2024", "EUR")
    assert msg.concepts[0] == "mini:Total" and set(msg.concepts) == {"mini:Total", "mini:ItemA", "mini:ItemB"}
    assert msg.contexts == ("FY2024",)
    assert msg.lines == (14, 12, 13)
    assert msg.lines_in("inconsistent.xbrl") == (14, 12, 13)
    assert msg.refs[0] == ("inconsistent.xbrl#fT", 14)


def test_calc_inconsistency_c11t():
    msg = only(run_validation(INST / "inconsistent.xbrl", calcs="c11t"), CALC_TRUNC)
    assert msg.level == "INCONSISTENCY"
    assert (msg.args["reportedSum"], msg.args["computedSum"]) == ("[310, 311)", "[300, 302)")
    assert msg.fact_ids == ("fT", "fA", "fB")


def test_truncation_differs_from_rounding():
    # 1234 + 2345 (decimals 0) vs 4000 (decimals -3): fine when rounding, not when truncating
    assert run_validation(INST / "truncation.xbrl", calcs="c11r").ok
    result = run_validation(INST / "truncation.xbrl", calcs="c11t")
    assert not result.ok
    msg = only(result, CALC_TRUNC)
    assert (msg.args["reportedSum"], msg.args["computedSum"]) == ("[4000, 5000)", "[3579, 3581)")


def test_calc_10_and_none():
    assert only(run_validation(INST / "inconsistent.xbrl", calcs="c10"), CALC_10).level == "INCONSISTENCY"
    assert run_validation(INST / "inconsistent.xbrl", calcs="none").ok


def test_inconsistent_duplicate_is_a_warning():
    result = run_validation(INST / "duplicate.xbrl", duplicates="inconsistent")
    msg = only(result, DUPLICATES)
    assert msg.level == "WARNING" and msg.severity == "warning"
    assert msg.fact_ids == ("fA", "fA2")
    assert msg.args["duplicateType"] == "inconsistent" and msg.args["values"] == "100, 150"
    # Calculations 1.1 does not see same-decimals duplicates, and a WARNING does not make ok False
    assert result.ok and result.errors == ()
    assert run_validation(INST / "duplicate.xbrl", duplicates="none").warnings == ()


def test_formula_satisfied():
    result = run_validation(INST / "formula_ok.xbrl")
    assert result.ok, [(m.code, m.text) for m in result.messages]
    assert result.assertions == {"TotalIsSum": (1, 0), "ItemANotAboveTotal": (1, 0)}


def test_formula_unsatisfied():
    result = run_validation(INST / "formula_fail.xbrl", calcs="none")
    assert not result.ok
    assert result.assertions == {"TotalIsSum": (0, 1), "ItemANotAboveTotal": (0, 1)}
    msg = only(result, "message:TotalIsSum")  # the assertion's own message resource
    assert msg.level == "ERROR"
    assert msg.text == "Total 300 is not ItemA 400 + ItemB -90 (context FY2024)"
    assert msg.assertion == "TotalIsSum"
    assert msg.fact_ids == ("fA", "fB", "fT")
    assert msg.lines_in("formula_fail.xbrl") == (12, 13, 14)
    # no message resource: logged only thanks to formulaUnmessagedUnsatisfiedAsser
    bare = only(result, "formula:assertionUnsatisfied")
    assert bare.level == "ERROR" and bare.assertion == "ItemANotAboveTotal"
    assert bare.fact_ids == ("fA", "fT")


def test_formulas_can_be_switched_off():
    result = run_validation(INST / "formula_fail.xbrl", calcs="none", formulas=False)
    assert result.ok and result.assertions == {}


def test_dimensions():
    result = run_validation(INST / "dims_ok.xbrl")
    assert result.ok, [(m.code, m.text) for m in result.messages]
    north = [f for f in result.facts if f.id == "fAN"][0]
    assert north.dims == {"dim:SegmentAxis": "dim:NorthMember"} and north.context_id == "FY2024_North"

    msg = only(run_validation(INST / "dims_default_member.xbrl"), "xbrldie:DefaultValueUsedInInstanceError")
    assert msg.level == "ERROR" and msg.contexts == ("FY2024_All",) and msg.fact_ids == ("fA",)

    msg = only(run_validation(INST / "dims_invalid_member.xbrl"), "xbrldie:PrimaryItemDimensionallyInvalidError")
    assert msg.level == "ERROR" and msg.fact_ids == ("fA",) and msg.contexts == ("FY2024_Bad",)


def test_base_validation_none_gives_same_findings():
    result = run_validation(INST / "inconsistent.xbrl", base_validation="none")
    assert [m.code for m in result.errors] == [CALC_ROUND]


def test_missing_entry_is_a_load_error(tmp_path):
    result = run_validation(tmp_path / "nope.xbrl")
    assert result.load_error and not result.ok
    assert result.messages[0].code == "IOerror"
    assert result.facts == ()


def test_missing_taxonomy_is_a_load_error(tmp_path):
    text = (INST / "ok.xbrl").read_text().replace("../taxonomy/mini.xsd", "missing.xsd")
    (tmp_path / "x.xbrl").write_text(text)
    result = run_validation(tmp_path / "x.xbrl")
    assert result.load_error and not result.ok
    msg = only(result, "xbrl:schemaImportMissing")
    assert msg.fact_ids == ("fA", "fB", "fT")
    with pytest.raises(ArelleLoadError):
        extract_facts(tmp_path / "x.xbrl")


def test_extract_facts_without_validation(tmp_path):
    facts = extract_facts(INST / "inconsistent.xbrl")  # loads although it is inconsistent
    assert [(f.concept, f.value) for f in facts] == [
        ("mini:ItemA", "100"), ("mini:ItemB", "200"), ("mini:Total", "310"),
    ]
    # works from any directory as long as the schemaRef resolves
    shutil.copytree(MINI, tmp_path / "mini")
    assert len(extract_facts(tmp_path / "mini" / "instances" / "dims_ok.xbrl")) == 4


def test_no_handler_leaks_and_nothing_propagates():
    from disclose.arelle.session import _CollectingHandler

    seen: list[logging.LogRecord] = []

    class Spy(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    spy = Spy()
    root = logging.getLogger()
    root.addHandler(spy)
    try:
        run_validation(INST / "inconsistent.xbrl")
    finally:
        root.removeHandler(spy)
    assert not [r for r in seen if r.name.startswith("arelle")]
    arelle_logger = logging.getLogger("arelle")
    assert arelle_logger.propagate is False
    # (pytest's own capture handlers may sit there; ours must be gone)
    assert not [h for h in arelle_logger.handlers if isinstance(h, _CollectingHandler)]


def test_handler_has_log_record_buffer():
    from disclose.arelle.session import _CollectingHandler  # the ixbrl-viewer plugin reads it

    assert _CollectingHandler().logRecordBuffer == []


def test_standard_schema_path():
    path = standard_schema_path("http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd")
    assert path.is_file() and path.name == "xbrl-instance-2003-12-31.xsd"
    assert standard_schema_path("https://www.xbrl.org/2006/xbrldi-2006.xsd").is_file()
    with pytest.raises(StandardSchemaNotFound):
        standard_schema_path("http://www.example.com/nothing.xsd")
    with pytest.raises(StandardSchemaNotFound):
        standard_schema_path("http://www.xbrl.org/../../etc/passwd")


def test_only_disclose_arelle_imports_arelle():
    """Project rule: every line that imports Arelle lives in src/disclose/arelle/."""
    pattern = re.compile(r"^\s*(from\s+arelle[\s.]|import\s+arelle\b)", re.M)
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "arelle" not in p.relative_to(SRC).parts[:-1] and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
