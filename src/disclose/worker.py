"""What one worker does for a batch (disclose.batch's process pool, disclose.batch_dask's cluster):
warm up once, then build releases, each folded into a small Outcome that travels back.

Its own module so that both executors use it without importing each other.
"""
from __future__ import annotations

import gc
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["EXIT_CRASH", "Outcome", "build_one", "warm_up"]

#: Exit code of a release whose build raised something other than bad input (a bug): the batch
#: goes on, and this code (worse than bad input) says a traceback is waiting in the summary.
EXIT_CRASH = 3


@dataclass(frozen=True)
class Outcome:
    """One release's result, small enough to send back from a worker (no Filing inside)."""

    release: Path
    out_dir: Path
    exit_code: int  # 0 valid, 1 invalid, 2 bad input, 3 crash
    summary: str  # the build summary, or the error message
    seconds: float
    facts: int = 0

    @property
    def status(self) -> str:
        return {0: "valid", 1: "INVALID", 2: "BAD INPUT"}.get(self.exit_code, "CRASHED")

    def as_dict(self) -> dict[str, Any]:
        """The release's line of the batch summary: what, where, how it ended, and why if it failed."""
        first = self.summary.splitlines()[0] if self.summary else ""
        return {"release": str(self.release), "out_dir": str(self.out_dir), "exit_code": self.exit_code,
                "status": self.status.lower(), "facts": self.facts, "seconds": round(self.seconds, 3),
                "message": "" if self.exit_code in (0, 1) else first}


def warm_up() -> None:
    """Do once per process the work that does not depend on the release (pool initializer)."""
    from disclose import pipeline, trust
    from disclose.arelle import session  # noqa: F401  (imports Arelle: ~0.35 s)
    from disclose.writers import report  # noqa: F401  (imported lazily by the build)
    from disclose.writers.instance import environment
    from disclose.schema_check import instance_schema
    from disclose.taxonomy import generate  # noqa: F401
    from disclose.validate import validate_instance  # noqa: F401

    pipeline.taxonomy_source()
    environment().get_template("instance.xbrl.j2")
    instance_schema()
    try:  # the other writers (Inline XBRL, JSON, package) import their templates lazily
        import disclose.writers  # noqa: F401
    except ImportError:  # pragma: no cover - an install without the writers
        pass
    trust.ensure_trusted()
    # what was loaded here lives as long as the worker: keep it out of every later full garbage
    # collection (they otherwise rescan ~100k objects; about 6% of a sample build)
    gc.collect()
    gc.freeze()


def build_one(release: Path, profile: Path | None, out_dir: Path, options: dict[str, Any]) -> Outcome:
    """Build one release and fold every way it can end into an Outcome (runs in a worker)."""
    from disclose import pipeline
    from disclose.text.decode import InputError

    started = time.perf_counter()
    try:
        result = pipeline.build(release, profile, out_dir, **options)
    except InputError as e:
        return Outcome(release, out_dir, 2, f"error: {e}", time.perf_counter() - started)
    except Exception as e:  # noqa: BLE001 - a bug: keep going, report it with its traceback
        text = f"crash: {type(e).__name__}: {e}\n{traceback.format_exc()}"
        return Outcome(release, out_dir, EXIT_CRASH, text, time.perf_counter() - started)
    return Outcome(release, result.out_dir, result.exit_code, result.summary, time.perf_counter() - started,
                   len(result.filing.facts))
