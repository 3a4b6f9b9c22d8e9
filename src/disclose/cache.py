"""A small per-user cache for work that does not depend on the release (start-up of a build).

What goes here is derived only from files that ship with disclose or its dependencies, named by a
digest of everything it was made from, so a stale entry is never read: a changed input gives
another name. Losing the folder costs only time. DISCLOSE_CACHE_DIR chooses it (default
$XDG_CACHE_HOME/disclose or ~/.cache/disclose).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["cache_dir", "key", "read", "write"]


def cache_dir() -> Path:
    if os.environ.get("DISCLOSE_CACHE_DIR"):
        return Path(os.environ["DISCLOSE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "disclose"


def key(parts: Iterable[str | bytes]) -> str:
    """A short digest of everything an entry is made from."""
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        b = p.encode() if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little") + b)
    return h.hexdigest()


def read(name: str) -> bytes | None:
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Atomically (readers see all of it or nothing); a cache that cannot be written is skipped."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
