"""The library surface: every CLI command is a thin shell over a function here of the same name,
and each of these is a thin shell over the module that does the work (disclose.pipeline for one
build, disclose.batch for many)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclose import pipeline
from disclose.model import Report
from disclose.paths import TAXONOMY_DIR
from disclose.pipeline import BuildResult, read_document, read_release, taxonomy_source, with_coverage
from disclose.text.decode import InputError

if TYPE_CHECKING:  # pragma: no cover
    from disclose.batch import BatchResult, Outcome

__all__ = ["TAXONOMY_DIR", "BatchResult", "BuildResult", "InputError", "Outcome", "build", "build_many",
           "generate_taxonomy", "read_document", "read_release", "taxonomy_source", "validate", "with_coverage"]

_BATCH = {"BatchResult", "Outcome"}  # disclose.batch, imported when a batch is asked for


def __getattr__(name: str) -> Any:
    if name in _BATCH:
        from disclose import batch

        return getattr(batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build(release: Path | None = None, profile: Path | None = None, out: Path | None = None, *,
          calcs: str | None = None, formulas: bool = True, min_coverage: float = 0.0,
          formats: str | list[str] | None = None, viewer: bool = False) -> BuildResult:
    """Build a validated filing from a release into `out` (atomically); see pipeline.build.

    Raises InputError for bad input (exit 2); the result's exit_code is 0 valid, 1 invalid."""
    return pipeline.build(release, profile, out, calcs=calcs, formulas=formulas, min_coverage=min_coverage,
                          formats=formats, viewer=viewer)


def build_many(releases: list[Path] | tuple[Path, ...], profile: Path | None = None, out: Path | None = None,
               jobs: int = 1, *, progress: bool = True, executor: str = "local", scheduler: str | None = None,
               **options: Any) -> BatchResult:
    """Build every release into its own folder, `jobs` at a time; see batch.build_many."""
    from disclose import batch

    return batch.build_many(releases, profile, out, jobs, progress=progress, executor=executor, scheduler=scheduler,
                            **options)


def validate(instance: Path, *, calcs: str = "c11r", formulas: bool = True) -> Report:
    """Validate any instance offline, the way build does."""
    return pipeline.validate(instance, calcs=calcs, formulas=formulas)


def generate_taxonomy(check: bool = False) -> list[str]:
    """Write the base taxonomy from its source; with check=True only report files that differ."""
    return pipeline.generate_taxonomy(check=check)
