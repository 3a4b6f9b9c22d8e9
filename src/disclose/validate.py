"""Validation as the tool reports it: Arelle's findings tied back to the release's lines.

The Arelle subpackage returns plain dataclasses; here each message's facts are looked up in the
Filing so the report can name the rows in the release's own words.
"""
from __future__ import annotations

from pathlib import Path

from disclose.model import Filing, Message, Report
from disclose.schema_check import check_instance_schema
from disclose.timing import lap

DUPLICATE_FACTS = "arelle:duplicateFacts"


def validate_instance(path: Path, filing: Filing | None = None, *, calcs: str = "c11r", formulas: bool = True,
                      base: Path | None = None) -> Report:
    """Schema-check then run Arelle on a written instance; tie messages to the release lines.

    `base`: the instance's copy of the base taxonomy when it is trusted (disclose.trust.trusted_base:
    validated clean once, byte-identical): its DTS checks are skipped. The caller decides, so
    validation reads no process-wide setting."""
    from disclose import arelle  # the one subpackage that touches Arelle

    schema_errors = check_instance_schema(path)
    lap("schema check")
    if schema_errors:
        msgs = tuple(Message("xmlschema:invalid", "error", e) for e in schema_errors)
        return Report(False, msgs, len(filing.facts) if filing else 0, filing.issues if filing else (), calcs)
    # Arelle runs with stock options only (calcs, formulas, the inconsistent-duplicate check): the
    # tolerances are in the filing's DTS, so this verdict is any third party's verdict.
    result = arelle.run_validation(path, calcs=calcs, formulas=formulas,
                                   keep_facts=filing is None,  # with a Filing only messages are read: skip the copy
                                   base_dirs=(base,) if base else (), base_validation="none" if base else None)
    lap("arelle")
    facts = {f.id: f for f in filing.facts} if filing else {}
    messages = []
    for m in result.messages:
        # Arelle's level, except that an inconsistent duplicate (a WARNING to Arelle) fails the filing;
        # errors and warnings are reported, info (and satisfied assertions) are not
        sev = "error" if m.code == DUPLICATE_FACTS else m.severity
        if sev == "info":
            continue
        involved = [facts[i] for i in m.fact_ids if i in facts]
        lines = tuple(sorted({f.provenance.line for f in involved}))
        labels = tuple(dict.fromkeys(f"{f.provenance.label} ({f.provenance.column})" for f in involved))
        messages.append(Message(
            code=m.code, severity=sev, text=m.text, concepts=m.concepts, contexts=m.contexts,
            values=tuple(str(f.value) for f in involved), expected=m.args.get("computedSum", ""),
            lines=lines or (m.lines if not filing else ()), labels=labels,
            facts=tuple(f.id for f in involved)))
    issues = filing.issues if filing else ()
    ok = (not result.load_error and not any(m.severity == "error" for m in messages)
          and not any(i.severity == "error" for i in issues))
    # only assertions that bound facts: the taxonomy's others (other standards, other tables) did not apply
    stats = {"assertions": {k: list(v) for k, v in sorted(result.assertions.items()) if sum(v)}}
    messages.sort(key=_release_order)  # Arelle's order follows object addresses: it varies from run to run
    return Report(ok, tuple(messages), len(filing.facts) if filing else len(result.facts), tuple(issues), calcs, stats)


def _release_order(m: Message) -> tuple:
    """Messages in the order of the release lines they point at, then by code, context and text,
    so the report is byte-identical for the same input whatever order Arelle found them in."""
    return (m.lines or (float("inf"),), m.code, m.contexts, m.concepts, m.text)
