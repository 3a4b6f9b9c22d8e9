"""Writers of the outputs XBRL-aware tools read, each from the Filing (never from another's output).

`write_outputs` is what the build calls on its temporary folder before moving it into place:
Inline XBRL (`<stem>.xhtml`), xBRL-JSON (`<stem>.json`), the report package (`<stem>.xbri`) and,
on request, the ixbrl-viewer page (`<stem>-viewer.html` + `ixbrlviewer.js`). The .xbrl
(`writers.instance`) and the validation report (`writers.report`) are always written, by the
build itself.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from disclose.model import Filing
from disclose.taxonomy.source import Source
from disclose.text.decode import InputError

__all__ = ["FORMATS", "parse_formats", "write_outputs"]

FORMATS = ("xbrl", "ixbrl", "json", "package")


def parse_formats(formats: str | Iterable[str] | None) -> frozenset[str]:
    """"xbrl,ixbrl" or ["json"] -> the chosen set (None: all). The .xbrl is always written."""
    if formats is None:
        return frozenset(FORMATS)
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    chosen = {i.strip().lower() for i in items if i and i.strip()}
    unknown = sorted(chosen - set(FORMATS))
    if unknown:
        raise InputError(f"unknown output format(s) {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    return frozenset(chosen | {"xbrl"})


def write_outputs(filing: Filing, folder: Path, stem: str, src: Source, ext: Source,
                  namespaces: list[tuple[str, str]], *, formats: frozenset[str] | None = None,
                  viewer: bool = False, calcs: str | None = None) -> list[Path]:
    """Write the chosen outputs of `filing` into `folder` (which already holds the .xbrl, the
    extension schema and taxonomy/); returns the files written. `calcs`: the filing's calculation
    mode, documented in the report package."""
    from disclose.writers.ixbrl import render_ixbrl
    from disclose.writers.oim_json import write_oim_json
    from disclose.writers.package import write_report_package

    chosen = frozenset(FORMATS) if formats is None else formats
    written: list[Path] = []
    xhtml_name = f"{stem}.xhtml"
    xhtml: bytes | None = None
    if chosen & {"ixbrl", "package"} or viewer:
        xhtml = render_ixbrl(filing, src, ext, namespaces, instance_name=f"{stem}.xbrl").encode("utf-8")
    if "package" in chosen and xhtml is not None:
        written.append(write_report_package(folder, stem, xhtml_name, folder / f"{stem}.xbri", content=xhtml,
                                            calcs=calcs))
    if ("ixbrl" in chosen or viewer) and xhtml is not None:
        (folder / xhtml_name).write_bytes(xhtml)
        written.append(folder / xhtml_name)
    if "json" in chosen:
        written.append(write_oim_json(filing, folder / f"{stem}.json", namespaces))
    if viewer:
        from disclose.arelle.viewer import write_viewer

        written.extend(write_viewer(folder / xhtml_name, folder / f"{stem}-viewer.html"))
    return written
