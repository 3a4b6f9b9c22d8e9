"""The validation report: the Report as JSON for machines and a short summary for people that
names rows in the release's words."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from disclose.model import Report
from disclose.rows_read import summary_lines as statement_summary


def report_dict(report: Report, *, source: str, instance: str, encoding: str = "utf-8") -> dict:
    from disclose.arelle.third_party import calculation_mode_note, command_line  # no Arelle import: text only

    return {
        "source": source,
        "instance": instance,
        "encoding": encoding,
        "valid": report.ok,
        "calculation_mode": report.calcs,
        "rounding_note": calculation_mode_note(report.calcs),
        # the verdict above is what this stock command gives (for the .xbrl, and likewise the .xhtml / .json)
        "third_party_command": " ".join(command_line(instance, report.calcs)),
        "fact_count": report.fact_count,
        "errors": sum(1 for m in report.messages if m.severity == "error")
        + sum(1 for i in report.issues if i.severity == "error"),
        "messages": [asdict(m) for m in report.messages],
        "issues": [asdict(i) for i in report.issues],
        "unmapped_rows": sum(1 for i in report.issues if i.code == "unmapped-row"),
        "coverage": report.stats.get("coverage", {}),
        # per table read: the rows read (with their concepts) and the rows not read, with lines and why
        "statements": report.stats.get("statements", []),
        "assertions": report.stats.get("assertions", {}),
    }


def summary_text(report: Report, *, source: str, instance: str) -> str:
    from disclose.arelle.third_party import command_line

    errors = [m for m in report.messages if m.severity == "error"]
    issue_errors = [i for i in report.issues if i.severity == "error"]
    unmapped = [i for i in report.issues if i.code == "unmapped-row"]
    lines = [f"{source}: {report.fact_count} facts -> {instance}",
             (f"validation ({report.calcs}): {'VALID' if report.ok else 'INVALID'}, "
              f"{len(errors) + len(issue_errors)} error(s), {len(unmapped)} unmapped row(s)"),
             f"  any validator agrees with stock options: {' '.join(command_line(Path(instance).name, report.calcs))}"]
    for i in issue_errors:
        lines.append(f"  error [{i.code}] lines {', '.join(map(str, i.lines))}: {i.message}")
    for m in errors[:20]:
        where = f"lines {', '.join(map(str, m.lines))}" if m.lines else "no release line"
        rows = "; ".join(m.labels[:4])
        lines.append(f"  error [{m.code}] {where}: {rows or m.text[:200]}"
                     + (f" (computed {m.expected})" if m.expected else ""))
    statements = report.stats.get("statements", [])
    if statements:
        lines.append(f"rows read per table ({sum(s['rows_read'] for s in statements)} read, "
                     f"{sum(s['rows_not_read'] for s in statements)} not read):")
        lines.extend(statement_summary(statements))
    cov = report.stats.get("coverage")
    if cov:
        lines.append(f"check coverage: {cov['percent']}% of {cov['facts']} figures take part in a calculation, "
                     f"assertion or consistency check ({len(cov['uncovered'])} in none, listed in the JSON report)")
    evaluated = report.stats.get("assertions", {})
    if evaluated:
        sat = sum(v[0] for v in evaluated.values())
        unsat = sum(v[1] for v in evaluated.values())
        lines.append(f"formula assertions: {sat} satisfied, {unsat} not satisfied")
    if len(errors) > 20:
        lines.append(f"  ... and {len(errors) - 20} more errors in the JSON report")
    extensions = [i for i in report.issues if i.code in ("extension-concept", "extension-member")]
    if extensions:
        lines.append(f"issuer extensions: {len(extensions)} (rows or members the base taxonomy lacks)")
        for i in extensions[:10]:
            lines.append(f"  extension: line {i.lines[0] if i.lines else '?'}: {i.message}")
    for i in [i for i in report.issues if i.code == "mapped-by-sum"]:
        lines.append(f"  note: line {i.lines[0]}: {i.message}")
    warned = [i for i in report.issues if i.severity == "warning" and i.code != "unmapped-row"]
    for i in warned[:10]:  # figures not read (short rows, bad numbers, headers without periods): say so
        lines.append(f"  warning [{i.code}] line {i.lines[0] if i.lines else '-'}: {i.message}")
    if len(warned) > 10:
        lines.append(f"  ... and {len(warned) - 10} more warnings in the JSON report")
    return "\n".join(lines)
