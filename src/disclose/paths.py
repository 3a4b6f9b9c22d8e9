"""Where the project's data lives: taxonomy, templates and bundled samples.

The package is installed editable (make demo / make test), so the repository's top-level
taxonomy/ and templates/ folders are found next to src/.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent.parent
TAXONOMY = ROOT / "taxonomy"
TAXONOMY_SOURCE = TAXONOMY / "source"
TAXONOMY_BUILD = TAXONOMY / "2026"
TEMPLATES = ROOT / "templates"
SAMPLES = PACKAGE / "samples"
INSTANCES = ROOT / "instances"
TAXONOMY_DIR = "taxonomy"  # inside an output folder: copies of the base taxonomy files
SAMPLE_RELEASE = SAMPLES / "iij-1h-fy2020.txt"
SAMPLE_PROFILE = SAMPLES / "iij-1h-fy2020.toml"
