"""Where the project's data lives: taxonomy, templates and bundled samples, all inside the package
(package data), so an installed disclose (editable or not) finds them beside its code.

`INSTANCES` (the committed filings of the bundled samples) exists only in a source checkout;
an installed disclose builds the sample into ./<stem>/ like any other release.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"
TAXONOMY = DATA / "taxonomy"
TAXONOMY_SOURCE = TAXONOMY / "source"
TAXONOMY_BUILD = TAXONOMY / "2026"
TEMPLATES = PACKAGE / "templates"
SAMPLES = PACKAGE / "samples"
_CHECKOUT = PACKAGE.parent.parent  # the repository, when the package runs from src/ of a checkout
INSTANCES: Path | None = _CHECKOUT / "instances" if (_CHECKOUT / "pyproject.toml").is_file() else None
TAXONOMY_DIR = "taxonomy"  # inside an output folder: copies of the base taxonomy files
SAMPLE_RELEASE = SAMPLES / "iij-1h-fy2020.txt"
SAMPLE_PROFILE = SAMPLES / "iij-1h-fy2020.toml"


def read_data(name: str) -> Any:
    """A data file of the package (data/NAME: word lists, units, layouts), parsed; callers cache."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
