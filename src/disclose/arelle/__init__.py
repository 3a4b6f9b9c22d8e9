"""The only place in disclose that imports or touches Arelle.

Everything Arelle says is turned into our own plain dataclasses (`ArelleResult`, `ArelleMessage`,
`LoadedFact`) so the rest of the code never sees an Arelle object.

Importing Arelle costs ~0.35 s, so the names below are resolved lazily (PEP 562): importing
``disclose.arelle`` or ``disclose.arelle.resources`` alone does not load Arelle; only touching
`run_validation` & co. does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .resources import StandardSchemaNotFound, arelle_cache_dir, standard_schema_path

if TYPE_CHECKING:  # pragma: no cover
    from .session import (
        ArelleLoadError,
        ArelleMessage,
        ArelleResult,
        LoadedFact,
        extract_facts,
        run_validation,
    )

_LAZY = {"ArelleLoadError", "ArelleMessage", "ArelleResult", "LoadedFact", "extract_facts", "run_validation"}

__all__ = ["ArelleLoadError", "ArelleMessage", "ArelleResult", "LoadedFact", "StandardSchemaNotFound", "arelle_cache_dir",
           "extract_facts", "run_validation", "standard_schema_path"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
