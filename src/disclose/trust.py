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
the stamps live in disclose.cache's folder.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from disclose import cache

__all__ = ["check_base_taxonomy", "ensure_trusted", "forget", "trusted_base", "digest"]

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


def _stamp(dig: str) -> str:
    from disclose.arelle.resources import arelle_version

    return f"base-{dig}-arelle-{arelle_version()}.ok"


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
    from disclose.paths import TAXONOMY_BUILD, TAXONOMY_DIR

    if _decided:
        return _trusted is not None
    _decided = True
    _trusted = None
    if not _enabled():
        return False
    dig = digest(TAXONOMY_BUILD)
    stamp = _stamp(dig)
    if cache.read(stamp) is None:
        if not check_base_taxonomy():
            return False
        cache.write(stamp, b"validated clean by Arelle\n")
    _trusted = (TAXONOMY_DIR, dig)
    return True


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
