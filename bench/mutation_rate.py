"""Detection rate of one-figure mutations over every figure of the sample.

For each fact whose printed figure is unique on its line, rewrite it (leading digit + 1) in a copy
of the release, build, and count the build as a detection when it exits 1 and the report names
the changed line. Prints the rate over all figures and over the figures some check covers, and
lists the misses. Slow (one full build per figure): run by hand, not in CI.

usage: python bench/mutation_rate.py [--limit N]
"""
from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from disclose import api
from disclose.coverage import coverage
from disclose.mutate import mutate
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE


def main() -> None:
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    text = SAMPLE_RELEASE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as d:
        base = api.build(SAMPLE_RELEASE, SAMPLE_PROFILE, Path(d) / "base", formats="xbrl")
        covered = coverage(base.filing, api.taxonomy_source()).covered
        facts = base.filing.facts[:limit] if limit else base.filing.facts
        caught, missed, skipped = Counter(), [], 0
        for n, fact in enumerate(facts, 1):
            m = mutate(text, fact)
            if m is None:
                skipped += 1
                continue
            changed, line = m
            release = Path(d) / "mutated.txt"
            release.write_text(changed, encoding="utf-8")
            try:
                result = api.build(release, SAMPLE_PROFILE, Path(d) / "out", formats="xbrl")
                lines = {l for x in result.report.messages if x.severity == "error" for l in x.lines}
                lines |= {l for x in result.report.issues if x.severity == "error" for l in x.lines}
                hit = result.exit_code == 1 and line in lines
            except api.InputError:
                hit = True  # refused as bad input: also caught
            kind = "covered" if fact.id in covered else "uncovered"
            caught[(kind, hit)] += 1
            if not hit:
                missed.append(f"{kind:9s} line {line:4d} {fact.concept} {fact.period.key()} {fact.provenance.label[:50]}")
            if n % 50 == 0:
                print(f"  {n}/{len(facts)} ...", file=sys.stderr)
    for kind in ("covered", "uncovered"):
        hit, miss = caught[(kind, True)], caught[(kind, False)]
        if hit + miss:
            print(f"{kind:9s}: {hit}/{hit + miss} detected ({100 * hit / (hit + miss):.1f}%)")
    total_hit = caught[("covered", True)] + caught[("uncovered", True)]
    total = sum(caught.values())
    print(f"all      : {total_hit}/{total} detected ({100 * total_hit / total:.1f}%); {skipped} figures not unique on their line")
    for m in missed:
        print("  missed:", m)


if __name__ == "__main__":
    main()
