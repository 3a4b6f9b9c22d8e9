"""Validate a filing the way a third party would: Arelle's own command line with stock options.

The build's verdict must be the filing's verdict, so nothing a check needs may come from the build
(no run-time formula parameters, no filtering of Arelle's findings). This module runs
``arelleCmdLine`` in a separate process with only the options anyone would pick -- ``--validate``
(XBRL 2.1, XDT, formulas), ``--calc`` in the mode the filing's rounding needs, and the
inconsistent-duplicate check -- and reads back what it said: problems, the number of facts and the
evaluations of each formula assertion (``--formulaAsserResultCounts``). ``--internetConnectivity
offline`` and ``--disablePersistentConfig`` only keep the run off the network and out of the
user's configuration; they change no result.

`command_line` is also what the report and the report package print, so a reader can repeat it.
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ThirdPartyResult", "check", "command_line", "calculation_mode_note"]

#: levels Arelle's JSON log uses for what a validator counts against a filing (a duplicate-fact
#: finding is a warning in Arelle; a filing with one is not accepted, so it counts too)
PROBLEM_LEVELS = frozenset({"warning", "error", "inconsistency", "assertion-not-satisfied", "error-semantic",
                            "warning-semantic", "critical", "fatal"})
_COUNTS = re.compile(r"Value Assertion (\S+) evaluations : (\d+) satisfied, (\d+) not satisfied")


@dataclass(frozen=True)
class ThirdPartyResult:
    """What stock Arelle said about one entry point (instance, Inline XBRL or xBRL-JSON)."""

    problems: tuple[tuple[str, str, str], ...]  # (code, level, text) of every warning or worse
    facts: int
    assertions: dict[str, tuple[int, int]] = field(default_factory=dict, hash=False)  # id -> (satisfied, not)
    returncode: int = 0

    @property
    def evaluations(self) -> int:
        return sum(s + u for s, u in self.assertions.values())

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.problems


def command_line(entry: str, calcs: str) -> list[str]:
    """The stock command line that validates `entry` in calculation mode `calcs` (c11r / c11t)."""
    return ["arelleCmdLine", "--file", entry, "--validate", "--calc", calcs, "--validateDuplicateFacts", "inconsistent"]


def calculation_mode_note(calcs: str) -> str:
    """Why the filing needs its calculation mode, in one sentence (for the report and package)."""
    if calcs == "c11t":
        return ("The release truncates its figures (rounds down), so Calculations 1.1 must run in truncation mode "
                "(--calc c11t); the filing's formula tolerances for truncated figures are in its own DTS "
                "(the extension's _for-tolerance.xml).")
    return ("The release rounds its figures to nearest, so Calculations 1.1 runs in round-to-nearest mode "
            f"(--calc {calcs}).")


def check(entry: Path, calcs: str = "c11r", *, timeout: float = 600) -> ThirdPartyResult:
    """Run stock ``arelleCmdLine`` on `entry` in a fresh process and collect its findings."""
    entry = Path(entry).resolve()
    with tempfile.TemporaryDirectory(prefix="disclose-arelle-") as tmp:
        log, facts = Path(tmp) / "log.json", Path(tmp) / "facts.csv"
        args = command_line(str(entry), calcs)[1:] + [
            "--formulaAsserResultCounts", "--facts", str(facts), "--factListCols", "Name,contextRef,Value",
            "--internetConnectivity", "offline", "--disablePersistentConfig", "--logFile", str(log)]
        run = subprocess.run([sys.executable, "-c", "import sys; from arelle.CntlrCmdLine import main; sys.exit(main())",
                              *args], capture_output=True, text=True, check=False, timeout=timeout, cwd=entry.parent)
        records = json.loads(log.read_text(encoding="utf-8"))["log"] if log.exists() else []
        n_facts = 0
        if facts.exists():
            with facts.open(encoding="utf-8-sig", newline="") as fh:
                n_facts = max(0, sum(1 for _ in csv.reader(fh)) - 1)  # minus the header row
    problems: list[tuple[str, str, str]] = []
    assertions: dict[str, tuple[int, int]] = {}
    for r in records:
        text = r.get("message", {}).get("text", "") if isinstance(r.get("message"), dict) else str(r.get("message", ""))
        m = _COUNTS.search(text)
        if m:
            old = assertions.get(m[1], (0, 0))
            assertions[m[1]] = (old[0] + int(m[2]), old[1] + int(m[3]))
        elif str(r.get("level", "")).lower() in PROBLEM_LEVELS:
            problems.append((str(r.get("code", "")), str(r.get("level", "")), text))
    if run.returncode != 0 and not records:
        problems.append(("arelleCmdLine", "error", (run.stderr or run.stdout).strip()[-500:]))
    return ThirdPartyResult(tuple(problems), n_facts, {k: v for k, v in sorted(assertions.items()) if sum(v)},
                            run.returncode)
