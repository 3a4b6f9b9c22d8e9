"""The command line: each command is a thin shell over the api function of the same name."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from disclose import api
from disclose.process import exit_code_of_interrupt, sigterm_unwinds

T = TypeVar("T")


def _run(call: Callable[[], T], interrupted: str) -> T:
    """Run one api call with the exits every command shares: bad input 2, a bug 3 (one line;
    DISCLOSE_DEBUG=1 shows the traceback), SIGINT 130 / SIGTERM 143 (`interrupted` says what is left)."""
    try:
        with sigterm_unwinds():
            return call()
    except api.InputError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    except KeyboardInterrupt as e:
        click.echo(f"error: interrupted; {interrupted}", err=True)
        sys.exit(exit_code_of_interrupt(e))
    except Exception as e:  # a bug, not bad input: one line instead of a traceback
        if os.environ.get("DISCLOSE_DEBUG"):
            raise
        click.echo(f"error: internal error ({type(e).__name__}: {e}); this is a bug in disclose, please report it with "
                   f"the release (DISCLOSE_DEBUG=1 shows the traceback)", err=True)
        sys.exit(3)


@click.group()
def main() -> None:
    """disclose: results release text -> validated XBRL filing."""


@main.command()
@click.argument("releases", nargs=-1, type=click.Path(path_type=Path))
@click.option("--profile", type=click.Path(path_type=Path), help="Issuer profile (TOML).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Output folder (default: ./<release stem>/); with several releases, their parent folder.")
@click.option("--calcs", type=click.Choice(["c11r", "c11t"]), default=None, help="Calculations 1.1 mode.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, help="Worker processes for several releases.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              help="Where several releases are built: this machine's process pool, or Dask distributed.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler of an existing cluster (e.g. tcp://host:8786); without it --executor dask "
                   "starts a local cluster of --jobs workers.")
@click.option("--no-formulas", is_flag=True, help="Skip formula assertions (bulk runs of very large filings).")
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=0.0,
              help="Percent of figures that must take part in a check that held (else exit 1).")
@click.option("--format", "formats", default=None, metavar="LIST",
              help="Outputs, comma-separated: xbrl,ixbrl,json,package (default: all; .xbrl and report always).")
@click.option("--viewer", is_flag=True, help="Also write an ixbrl-viewer page beside the Inline XBRL.")
def build(releases: tuple[Path, ...], profile: Path | None, out: Path | None, calcs: str | None, jobs: int,
          executor: str, scheduler: str | None, no_formulas: bool, min_coverage: float, formats: str | None,
          viewer: bool) -> None:
    """Build RELEASES (default: the bundled sample) into validated filings, one folder each.

    With several releases (or --executor dask) a failed one does not stop the others; the exit
    code is the worst seen (0 valid, 1 invalid, 2 bad input, 3 crash). A batch prints one JSON line
    per release on stdout and a table on stderr."""
    if len(releases) > 1 or (releases and (executor != "local" or scheduler)):
        batch = _run(lambda: api.build_many(releases, profile, out, jobs, executor=executor, scheduler=scheduler,
                                            calcs=calcs, formulas=not no_formulas, min_coverage=min_coverage,
                                            formats=formats, viewer=viewer),
                     # finished folders stay; the ones under way leave no partial output
                     "releases already built are complete, the others were not written")
        click.echo(batch.json_lines())
        click.echo(batch.summary, err=True)
        sys.exit(batch.exit_code)
    release = releases[0] if releases else None
    result = _run(lambda: api.build(release, profile, out, calcs=calcs, formulas=not no_formulas,
                                    min_coverage=min_coverage, formats=formats, viewer=viewer),
                  "no partial output was left (the output folder is as it was, or complete)")
    click.echo(result.summary)
    sys.exit(result.exit_code)


@main.command()
@click.argument("instance", type=click.Path(path_type=Path))
@click.option("--calcs", type=click.Choice(["c11r", "c11t"]), default="c11r")
def validate(instance: Path, calcs: str) -> None:
    """Validate any XBRL instance offline (calculations, dimensions, formulas)."""
    report = _run(lambda: api.validate(instance, calcs=calcs), "nothing was written")
    from disclose.writers.report import summary_text

    click.echo(summary_text(report, source=str(instance), instance=str(instance)))
    sys.exit(0 if report.ok else 1)


@main.command()
@click.option("--check", is_flag=True, help="Only check that the generated files match the source.")
def taxonomy(check: bool) -> None:
    """Generate the taxonomy schema and linkbases from src/disclose/data/taxonomy/source."""
    files = api.generate_taxonomy(check=check)
    if check:
        if files:
            click.echo("out of sync with data/taxonomy/source: " + ", ".join(files))
            sys.exit(1)
        click.echo("taxonomy in sync with its source")
    else:
        click.echo("\n".join(files))


if __name__ == "__main__":
    main()
