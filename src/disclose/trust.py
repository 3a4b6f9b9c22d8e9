"""Trust a base taxonomy that Arelle validated once, so each build validates only what is new.

Why: every output folder holds a copy of the base taxonomy (a filing is self-contained), and Arelle
checks every document under the instance's folder as the filer's extension: about a third of a
sample build's time went to checking the same unchanged files again. The base does not depend on
the release. So it is validated once on its own, with every check (as its own entry point), and
when Arelle reports nothing at all, a stamp records that these exact bytes came out clean under
this Arelle version (a file in the user cache named by the digest of the files and the version).
A build whose copy is byte-identical then skips the copy's DTS checks (disclose.arelle's
trusted-base plugin); everything that spans the DTS still runs for the instance (links,
relationships, dimensions, calculations, formulas, duplicates), and the issuer's extension is
checked in full. A changed copy, a changed base or another Arelle is validated in full again.

DISCLOSE_TRUST_BASE=0 turns trusting off (every build validates everything, as Arelle alone does);
DISCLOSE_CACHE_DIR chooses the stamp folder (default $XDG_CACHE_HOME/disclose or ~/.cache/disclose).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["cache_dir", "check_base_taxonomy", "ensure_trusted", "forget", "trusted_base", "digest"]

#: (folder name inside an output folder, digest of its files) of the base taxonomy trusted in
#: this process, or None; `_decided` says whether ensure_trusted has run.
_trusted: tuple[str, str] | None = None
_decided = False


def digest(folder: Path) -> str:
    """Names and contents of the files of a folder (about 3 ms for the base taxonomy)."""
    h = hashlib.blake2b(digest_size=16)
    for f in sorted(folder.iterdir()) if folder.is_dir() else ():
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def cache_dir() -> Path:
    if os.environ.get("DISCLOSE_CACHE_DIR"):
        return Path(os.environ["DISCLOSE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "disclose"


def _stamp(dig: str) -> Path:
    from disclose.arelle.resources import arelle_version

    return cache_dir() / f"base-{dig}-arelle-{arelle_version()}.ok"


def _enabled() -> bool:
    return os.environ.get("DISCLOSE_TRUST_BASE", "1").strip().lower() not in ("0", "no", "false", "off")


def check_base_taxonomy() -> bool:
    """Validate the base taxonomy with Arelle as its own entry point (every document checked as
    extension); True when nothing at all is reported."""
    from disclose.arelle import run_validation
    from disclose.paths import TAXONOMY_BUILD
    from disclose.taxonomy.source import ENTRY_NAME

    result = run_validation(TAXONOMY_BUILD / ENTRY_NAME, calcs="none", formulas=False, keep_facts=False)
    return not result.load_error and not any(m.severity in ("error", "warning") for m in result.messages)


def ensure_trusted() -> bool:
    """Decide once per process whether copies of the base taxonomy are trusted: a stamp for its
    digest says it was validated clean before; otherwise it is validated now (and stamped when clean)."""
    global _trusted, _decided
    from disclose.api import TAXONOMY_DIR
    from disclose.paths import TAXONOMY_BUILD

    if _decided:
        return _trusted is not None
    _decided = True
    _trusted = None
    if not _enabled():
        return False
    dig = digest(TAXONOMY_BUILD)
    stamp = _stamp(dig)
    if not stamp.is_file():
        if not check_base_taxonomy():
            return False
        _write_stamp(stamp)
    _trusted = (TAXONOMY_DIR, dig)
    return True


def _write_stamp(stamp: Path) -> None:
    """Atomically; a cache that cannot be written only means the next process checks again."""
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".stamp-", dir=stamp.parent)
        os.close(fd)
        os.replace(tmp, stamp)
    except OSError:
        pass


def trusted_base(instance: Path) -> Path | None:
    """The instance's copy of the base taxonomy when it is byte-identical to the trusted one, else None."""
    ensure_trusted()
    if _trusted is None:
        return None
    folder = Path(instance).parent / _trusted[0]
    return folder if digest(folder) == _trusted[1] else None


def forget() -> None:
    """Decide again on the next build (tests; a process that regenerated the taxonomy)."""
    global _trusted, _decided
    _trusted, _decided = None, False
