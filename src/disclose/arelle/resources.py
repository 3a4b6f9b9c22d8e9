"""Where Arelle's bundled copies of the standard XBRL files are, without importing Arelle.

Arelle ships an offline web cache (``arelle/resources/cache/<scheme>/<host>/<path>``) holding the
XBRL 2.1 schemas, XDT, formula, DTR, LRR, UTR and more. Other stages (e.g. the instance schema
check) need those files offline too, but importing Arelle costs ~0.35 s, so this module only asks
the import system where the package lives (``find_spec`` of a top-level package does not run it).
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

__all__ = ["StandardSchemaNotFound", "arelle_cache_dir", "arelle_version", "standard_schema_path"]


class StandardSchemaNotFound(FileNotFoundError):
    """A standard XBRL file is not in Arelle's bundled offline cache (we never download it)."""


@lru_cache(maxsize=1)
def arelle_cache_dir() -> Path:
    """The directory of Arelle's bundled web cache (``.../site-packages/arelle/resources/cache``)."""
    spec = importlib.util.find_spec("arelle")
    if spec is None or not spec.submodule_search_locations:
        raise StandardSchemaNotFound("the arelle package (arelle-release) is not installed")
    for location in spec.submodule_search_locations:
        cache = Path(location) / "resources" / "cache"
        if cache.is_dir():
            return cache
    raise StandardSchemaNotFound(
        f"arelle is installed at {list(spec.submodule_search_locations)} but has no resources/cache directory"
    )


def standard_schema_path(url: str) -> Path:
    """The local file of a standard URL such as http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd.

    Mirrors Arelle's ``WebCache.urlToCacheFilepath`` (scheme/host/path). xbrl.org serves the same
    files on http and https, so the other scheme is tried when the exact one is not bundled.
    Raises StandardSchemaNotFound rather than ever fetching anything.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("http", "https") or not rest or rest.endswith("/"):
        raise StandardSchemaNotFound(f"not a file URL of a standard schema: {url!r}")
    host, _, path = rest.partition("/")
    parts = [p for p in path.split("/") if p]
    if not host or not parts or any(p in (".", "..") for p in parts):
        raise StandardSchemaNotFound(f"not a file URL of a standard schema: {url!r}")
    cache = arelle_cache_dir()
    for sch in (scheme, "https" if scheme == "http" else "http"):
        candidate = cache.joinpath(sch, host, *parts)
        if candidate.is_file():
            return candidate
    raise StandardSchemaNotFound(f"{url} is not in Arelle's offline cache ({cache})")


@lru_cache(maxsize=1)
def arelle_version() -> str:
    """The installed Arelle's version (package metadata; Arelle itself is not imported)."""
    from importlib import metadata

    for dist in ("arelle-release", "arelle"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"
