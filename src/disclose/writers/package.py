"""Zip packages any XBRL processor opens offline: the taxonomy package and the report package.

* Taxonomy package (Taxonomy Packages 1.0) of the base taxonomy, `taxonomy/disclose-taxonomy-2026.zip`:
  META-INF/taxonomyPackage.xml names the entry point by its published URL and
  META-INF/catalog.xml rewrites https://disclose.dev/taxonomy/2026/ to the files inside, so a
  filing that imports the published URL resolves offline once the package is loaded.
* Report package (Report Packages 1.0, Inline XBRL: `<stem>.xbri`): META-INF/reportPackage.json
  and reports/ holding the .xhtml with the extension schema and the taxonomy copies beside it at
  the same relative places as in the output folder, so one file carries a filing that validates.

Zips are deterministic: entries sorted, fixed timestamps and permissions, so two builds give
byte-identical files.
"""
from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from disclose.render import environment
from disclose.taxonomy.source import PUBLISHED_BASE, VERSION

PACKAGE_NAME = f"disclose-taxonomy-{VERSION}"
PACKAGE_FILE = f"{PACKAGE_NAME}.zip"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no build time leaks in
REPORT_PACKAGE_TYPE = "https://xbrl.org/report-package/2023/xbri"


def zip_bytes_entries(path: Path, entries: dict[str, bytes]) -> Path:
    """Write `entries` (zip name -> bytes) as a reproducible zip, atomically."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as z:
            for name in sorted(entries):
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # unix, whatever the host
                info.external_attr = 0o644 << 16
                z.writestr(info, entries[name], compresslevel=9)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


@dataclass(frozen=True)
class EntryPoint:
    name: str
    description: str
    href: str


def _published_host_path(base: str) -> str:
    """https://disclose.dev/taxonomy/2026/ -> disclose.dev/taxonomy/2026 (the folder inside the zip)."""
    return base.split("://", 1)[-1].rstrip("/")


def taxonomy_package_entries(source_dir: Path, entry: str, *, base: str = PUBLISHED_BASE,
                             top: str = PACKAGE_NAME) -> dict[str, bytes]:
    """The files of a taxonomy package of every file in `source_dir`, published under `base`."""
    folder = _published_host_path(base)
    files = {f"{top}/{folder}/{f.name}": f.read_bytes() for f in sorted(source_dir.iterdir()) if f.is_file()}
    env = environment()
    meta = env.get_template("package/taxonomyPackage.xml.j2").render(
        source_dir=f"taxonomy/{source_dir.name}", identifier=base + PACKAGE_FILE,
        name=f"disclose taxonomy {VERSION}", name_ja=f"disclose タクソノミ {VERSION}",
        description="Concepts, labels (en, ja), presentation, calculation, definition and formula linkbases "
                    "for results releases turned into XBRL by disclose.",
        version=VERSION, publisher="disclose", publisher_url=base.split("/taxonomy/")[0] + "/",
        entry_points=[EntryPoint(f"disclose {VERSION}", "The whole base taxonomy (all statements and tables).",
                                 base + entry)],
        languages=["en", "ja"])
    catalog = env.get_template("package/catalog.xml.j2").render(rewrites=[(base, f"../{folder}/")])
    files[f"{top}/META-INF/taxonomyPackage.xml"] = meta.encode("utf-8")
    files[f"{top}/META-INF/catalog.xml"] = catalog.encode("utf-8")
    return files


def write_taxonomy_package(source_dir: Path, target: Path, entry: str) -> Path:
    """Write the taxonomy package of `source_dir` (e.g. taxonomy/2026/) to `target`."""
    return zip_bytes_entries(target, taxonomy_package_entries(source_dir, entry))


def stale_taxonomy_package(source_dir: Path, target: Path, entry: str) -> list[str]:
    """[target name] when the committed zip differs from a fresh one (for `disclose taxonomy --check`)."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        fresh = write_taxonomy_package(source_dir, Path(d) / target.name, entry)
        if not target.exists() or target.read_bytes() != fresh.read_bytes():
            return [target.name]
    return []


def write_report_package(folder: Path, stem: str, report: str, target: Path, *, content: bytes | None = None) -> Path:
    """An Inline XBRL report package of the output `folder`: reports/<report> (read from the folder
    unless `content` is given) plus every file it needs (extension schema, linkbases, taxonomy/
    copies) at the same relative places, so its relative schemaRef resolves inside the zip."""
    entries: dict[str, bytes] = {
        f"{stem}/META-INF/reportPackage.json":
            (json.dumps({"documentInfo": {"documentType": REPORT_PACKAGE_TYPE}}, indent=1) + "\n").encode("utf-8"),
        f"{stem}/reports/{report}": content if content is not None else (folder / report).read_bytes(),
    }
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.suffix in (".xsd", ".xml"):
            entries[f"{stem}/reports/{f.relative_to(folder).as_posix()}"] = f.read_bytes()
    return zip_bytes_entries(target, entries)
