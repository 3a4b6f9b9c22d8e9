"""The command line: each command is a thin shell over the api function of the same name."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from disclose import api


@click.group()
def main() -> None:
    """disclose: results release text -> validated XBRL filing."""


@main.command()
@click.argument("release", required=False, type=click.Path(path_type=Path))
@click.option("--profile", type=click.Path(path_type=Path), help="Issuer profile (TOML).")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: ./<release stem>/).")
@click.option("--calcs", type=click.Choice(["c11r", "c11t"]), default=None, help="Calculations 1.1 mode.")
def build(release: Path | None, profile: Path | None, out: Path | None, calcs: str | None) -> None:
    """Build RELEASE (default: the bundled sample) into a validated filing."""
    try:
        result = api.build(release, profile, out, calcs=calcs)
    except api.InputError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    click.echo(result.summary)
    sys.exit(result.exit_code)


@main.command()
@click.argument("instance", type=click.Path(path_type=Path))
@click.option("--calcs", type=click.Choice(["c11r", "c11t"]), default="c11r")
def validate(instance: Path, calcs: str) -> None:
    """Validate any XBRL instance offline (calculations, dimensions, formulas)."""
    try:
        report = api.validate(instance, calcs=calcs)
    except api.InputError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    from disclose.report import summary_text

    click.echo(summary_text(report, source=str(instance), instance=str(instance)))
    sys.exit(0 if report.ok else 1)


@main.command()
@click.option("--check", is_flag=True, help="Only check that the generated files match the source.")
def taxonomy(check: bool) -> None:
    """Generate the taxonomy schema and linkbases from taxonomy/source."""
    files = api.generate_taxonomy(check=check)
    if check:
        if files:
            click.echo("out of sync with taxonomy/source: " + ", ".join(files))
            sys.exit(1)
        click.echo("taxonomy in sync with its source")
    else:
        click.echo("\n".join(files))


if __name__ == "__main__":
    main()
