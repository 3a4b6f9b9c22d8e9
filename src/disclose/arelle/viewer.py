"""The interactive ixbrl-viewer page of an Inline XBRL report (Arelle plugin `ixbrl-viewer`).

Lives in disclose.arelle because it drives Arelle (see the Arelle notes, arelle.md §7): the plugin
runs inside an offline validation of the .xhtml, embeds the facts, labels and validation messages
in a copy of the page and copies its bundled `ixbrlviewer.js` next to it, so the page opens from
the file system with no network. Installed with the `viewer` extra (`pip install 'disclose[viewer]'`).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from .session import run_validation

PLUGIN = "ixbrl-viewer"
SCRIPT = "ixbrlviewer.js"


class ViewerError(RuntimeError):
    """The viewer page could not be written (plugin missing, or it refused the report)."""


def viewer_available() -> bool:
    return importlib.util.find_spec("iXBRLViewerPlugin") is not None


def write_viewer(xhtml: Path, dest: Path, *, calcs: str = "c11r") -> list[Path]:
    """Write the viewer page for `xhtml` to `dest` (+ ixbrlviewer.js beside it); returns both paths.

    The run validates the report like a build does (calculations, formulas), and the viewer shows
    those messages in its validation panel."""
    if not viewer_available():
        raise ViewerError("the ixbrl-viewer plugin is not installed (pip install 'disclose[viewer]')")
    dest.parent.mkdir(parents=True, exist_ok=True)
    result = run_validation(xhtml, calcs=calcs, plugins=PLUGIN, keep_facts=False,
                            plugin_options={"saveViewerDest": str(dest), "validationMessages": True})
    script = dest.parent / SCRIPT
    if not dest.is_file() or not script.is_file():
        said = "; ".join(f"{m.code}: {m.text}" for m in result.messages if m.code.startswith("viewer") or
                         m.severity == "error") or "no message"
        raise ViewerError(f"ixbrl-viewer wrote no page for {xhtml.name}: {said}")
    return [dest, script]
