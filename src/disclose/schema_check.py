"""Check the XBRL 2.1 frame of an instance with xmlschema, offline, before Arelle sees it.

Why a second validator: it is independent of Arelle (a writer bug that Arelle tolerates or
reports obscurely shows up here with a plain XML Schema message and a line number), and it is
the place where untrusted XML is refused early (DTD / entity declarations).

What is checked: the root ``xbrli:xbrl`` content model, schemaRef/linkbaseRef, contexts
(entity, segment with ``xbrldi`` members, period), units and footnote links, against the official
schemas (xbrl-instance, xbrl-linkbase, xl, xlink, xbrldi) taken from Arelle's bundled offline
cache. The facts belong to the filer's taxonomy, which these schemas do not know: each fact
element is validated as a lax placeholder item (any attributes, any content), so only its
position in ``xbrli:xbrl`` is checked. Concept types, contextRef/unitRef and the rest are Arelle's
job.

This module never imports Arelle; it finds the standard files through
``disclose.arelle.resources`` (which locates the package without importing it), or through any
``resolve(url) -> Path`` the caller passes.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = ["SchemaFilesNotFound", "check_instance_schema", "instance_schema"]

XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XBRLDI = "http://xbrl.org/2006/xbrldi"
INSTANCE_XSD = "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"
XBRLDI_XSD = "http://www.xbrl.org/2006/xbrldi-2006.xsd"
# Everything the two entry schemas pull in (relative imports resolve inside the same cache dir).
STANDARD_URLS = (
    INSTANCE_XSD,
    "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd",
    "http://www.xbrl.org/2003/xl-2003-12-31.xsd",
    "http://www.xbrl.org/2003/xlink-2003-12-31.xsd",
    XBRLDI_XSD,
)

#: Namespace and name of the placeholder each fact element is renamed to before validation.
_FACT_NS = "urn:disclose:schema-check:fact"
_FACT_TAG = f"{{{_FACT_NS}}}fact"
_STUB_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="{XBRLI}"
    targetNamespace="{_FACT_NS}" elementFormDefault="qualified">
  <xs:import namespace="{XBRLI}" schemaLocation="{INSTANCE_XSD}"/>
  <xs:import namespace="{XBRLDI}" schemaLocation="{XBRLDI_XSD}"/>
  <!-- xbrli:item is abstract with type anyType: a concrete anyType member stands in for any fact -->
  <xs:element name="fact" substitutionGroup="xbrli:item"/>
</xs:schema>
"""

REFUSED_DTD = "instance declares a DTD/entities; refused"

# how xmlschema may print the placeholder: '{urn:...}fact', 'ns4:fact' or fact
_PLACEHOLDER_RE = re.compile(r"'?(?:\{" + re.escape(_FACT_NS) + r"\}|\bns\d+:)fact'?")

Resolver = Callable[[str], Path]


class SchemaFilesNotFound(RuntimeError):
    """The standard XBRL schemas are not available offline (we never download them)."""


def _default_resolver() -> Resolver:
    from disclose.arelle.resources import standard_schema_path  # locates arelle without importing it

    return standard_schema_path


_lock = threading.Lock()
_schemas: dict[tuple[str, ...], Any] = {}


def instance_schema(resolve: Resolver | None = None) -> Any:
    """The compiled xmlschema.XMLSchema for the instance frame, once per process: compiled (~0.25 s)
    the first time on a machine, then read back from disclose.cache (~30 ms).

    Every standard URL is mapped to a local file; ``allow="local"`` makes xmlschema refuse any
    remote location, so a missing mapping fails loudly instead of reaching for the network."""
    import xmlschema  # imported here: compiling is only needed when a check is actually run

    resolve = resolve or _default_resolver()
    try:
        local = {url: resolve(url) for url in STANDARD_URLS}
    except FileNotFoundError as exc:
        raise SchemaFilesNotFound(f"standard XBRL schemas not found offline: {exc}") from exc
    missing = [str(p) for p in local.values() if not Path(p).is_file()]
    if missing:
        raise SchemaFilesNotFound(f"standard XBRL schemas not found offline: {', '.join(missing)}")
    key = tuple(str(local[u]) for u in STANDARD_URLS)
    with _lock:
        schema = _schemas.get(key)
        if schema is None:
            by_url = {url: Path(path).resolve().as_uri() for url, path in local.items()}
            schema = _cached(local, by_url)
            if schema is None:
                try:
                    schema = xmlschema.XMLSchema10(
                        _STUB_XSD,
                        base_url=str(Path(local[INSTANCE_XSD]).resolve().parent),
                        allow="local",
                        defuse="always",
                        uri_mapper=_UriMapper(by_url),
                    )
                except (xmlschema.XMLSchemaException, OSError) as exc:
                    raise SchemaFilesNotFound(f"could not compile the XBRL instance schemas offline: {exc}") from exc
                _store(local, by_url, schema)
            _schemas[key] = schema
        return schema


class _UriMapper:
    """Standard URLs (http or https) to the local files; a class, not a closure, so the compiled
    schema can be pickled into the cache."""

    def __init__(self, by_url: dict[str, str]) -> None:
        self.by_url = by_url

    def __call__(self, uri: str) -> str:
        return self.by_url.get(uri) or self.by_url.get(uri.replace("https://", "http://", 1)) or uri


def _cache_name(local: dict[str, Path], by_url: dict[str, str]) -> str:
    """Named by everything the compiled schema depends on: xmlschema, Python, this module's stub
    and mapping, and the bytes of each standard file."""
    import sys

    import xmlschema

    from disclose import cache

    parts: list[str | bytes] = [xmlschema.__version__, sys.version, _STUB_XSD, repr(sorted(by_url.items()))]
    for url in STANDARD_URLS:
        parts += [url, str(local[url]), Path(local[url]).read_bytes()]
    return f"instance-schema-{cache.key(parts)}.pickle"


def _cached(local: dict[str, Path], by_url: dict[str, str]) -> Any:
    """The compiled schema from the cache (about 30 ms instead of 250 ms to compile), or None."""
    import pickle

    from disclose import cache

    try:
        data = cache.read(_cache_name(local, by_url))
        return pickle.loads(data) if data else None
    except Exception:  # noqa: BLE001 - an unreadable or foreign entry: compile instead
        return None


def _store(local: dict[str, Path], by_url: dict[str, str], schema: Any) -> None:
    import pickle

    from disclose import cache

    try:
        data = pickle.dumps(schema, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    cache.write(_cache_name(local, by_url), data)


def _doctype_line(raw: bytes) -> int | None:
    """Line of a DOCTYPE declaration in the raw bytes (ASCII-compatible encodings), or None."""
    head = raw.lstrip(b"\xef\xbb\xbf")
    pos = head.find(b"<!DOCTYPE")
    if pos < 0:
        return None
    return head.count(b"\n", 0, pos) + 1


def _parse(path: Path) -> tuple[Any | None, list[str]]:
    """Parse without ever resolving entities, loading a DTD or touching the network.

    A DOCTYPE is refused before lxml sees the document (found in the raw bytes) and again after
    parsing (docinfo; covers encodings the byte scan cannot read)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [f"{path.name}: cannot read: {exc}"]
    line = _doctype_line(raw)
    if line is not None:
        return None, [f"{path.name}:{line}: {REFUSED_DTD}"]
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    try:
        tree = etree.fromstring(raw, parser, base_url=path.resolve().as_uri()).getroottree()
    except etree.XMLSyntaxError as exc:
        return None, [f"{path.name}:{exc.lineno or 0}: not well-formed XML: {exc.msg}"]
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        return None, [f"{path.name}:1: {REFUSED_DTD}"]
    return tree, []


def _qname(elem: Any) -> str:
    q = etree.QName(elem)
    return f"{elem.prefix}:{q.localname}" if elem.prefix else q.localname


def check_instance_schema(path: Path, *, resolve: Resolver | None = None) -> list[str]:
    """Validate an XBRL 2.1 instance's frame; return messages "file:line: what (where)", [] if valid.

    Refuses documents with a DOCTYPE (DTD/entity declarations): XBRL never needs one, and
    entities are the classic XXE / entity-expansion vector.
    Raises SchemaFilesNotFound when the standard schemas are not available offline."""
    path = Path(path)
    schema = instance_schema(resolve)
    tree, problems = _parse(path)
    if tree is None:
        return problems
    root = tree.getroot()
    if root.tag != f"{{{XBRLI}}}xbrl":
        return [f"{path.name}:{root.sourceline}: root element is {_qname(root)}, expected xbrli:xbrl ({XBRLI})"]
    original: dict[Any, str] = {}
    for child in root:
        if not isinstance(child.tag, str):  # comments, processing instructions
            continue
        ns = etree.QName(child).namespace
        if ns not in (XBRLI, LINK):
            original[child] = _qname(child)
            child.tag = _FACT_TAG  # lxml keeps sourceline; contents are validated laxly
    messages: list[str] = []
    for error in schema.iter_errors(tree):
        elem = getattr(error, "elem", None)
        reason = str(error.reason or error.message)
        # "unexpected child" errors sit on the parent: point at the child itself
        index = getattr(error, "index", None)
        target = elem
        if elem is not None and isinstance(index, int) and 0 <= index < len(elem):
            target = elem[index]
        line = getattr(target, "sourceline", None) or getattr(error, "sourceline", None) or 0
        if target is not None and target in original:
            reason = _PLACEHOLDER_RE.sub(repr(original[target]), reason)
        reason = _PLACEHOLDER_RE.sub("a fact", reason)
        where = _PLACEHOLDER_RE.sub("fact", str(error.path or ""))
        messages.append(f"{path.name}:{line}: {reason}" + (f" (at {where})" if where else ""))
    return messages
