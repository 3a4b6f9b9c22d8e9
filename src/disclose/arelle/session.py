"""Run Arelle in-process and offline, and turn what it says into our own dataclasses.

Why it is shaped like this (see the Arelle notes, arelle.md; arelle-release 2.47.3):

* One fresh ``Session`` per call: a Session keeps the log handler of its first ``run()`` only,
  and a second ``run()`` that passes ``plugins``/``packages`` raises ``KeyError``. A fresh
  Session costs nothing (the controller is created lazily).
* ``keepOpen=True`` + ``ModelXbrl.close()``: we need the model after ``run()`` to read facts and
  resolve log refs, and closing it ourselves skips ``ModelManager.close``'s ``gc.collect()``
  (~15 ms per run on a tiny filing).
* ``calcs`` must be given: Arelle's default runs no calculation checks at all.
* ``validateDuplicateFacts``: Calculations 1.1 misses inconsistent duplicates that share
  ``decimals``; only this option reports them (as a WARNING, ``arelle:duplicateFacts``).
* ``formulaUnmessagedUnsatisfiedAsser``: without it an unsatisfied assertion that has no message
  resource is not logged at all (only counted in ``modelXbrl.errors``).
* A custom handler gets no ref ``properties`` unless the "arelle" logger has
  ``logRefObjectProperties`` set, and the ixbrl-viewer plugin needs ``handler.logRecordBuffer``.
"""
from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arelle.api.Session import Session
from arelle.ModelDtsObject import ModelConcept
from arelle.ModelFormulaObject import ModelConsistencyAssertion, ModelVariableSetAssertion
from arelle.ModelInstanceObject import ModelContext, ModelDimensionValue, ModelFact
from arelle.RuntimeOptions import RuntimeOptions

from .trusted_base_plugin import OPTION as TRUSTED_BASE_OPTION

__all__ = [
    "ArelleLoadError",
    "ArelleMessage",
    "ArelleResult",
    "LoadedFact",
    "extract_facts",
    "run_validation",
]

# Refs carry 'properties' only when the (global) "arelle" logger has this flag; with a custom
# handler Session does not set it. Set it once, before any model is created.
logging.getLogger("arelle").logRefObjectProperties = True  # type: ignore[attr-defined]

#: Arelle's custom level numbers (Cntlr.startLogging), for reference.
LEVEL_INFO_SEMANTIC = 21
LEVEL_WARNING_SEMANTIC = 31
LEVEL_ASSERTION_SATISFIED = 32
LEVEL_INCONSISTENCY = 33  # first level that Arelle counts in modelXbrl.errors
LEVEL_ERROR_SEMANTIC = 38
LEVEL_ASSERTION_NOT_SATISFIED = 39

#: Codes meaning a file of the entry or its DTS could not be read at all.
LOAD_ERROR_CODES = frozenset(
    {"IOerror", "FileNotLoadable", "xmlSchema:syntax", "xbrl:schemaImportMissing", "webCache:retrievalError"}
)

#: Args copied from Arelle's message arguments are stringified; these are the ones a caller most
#: often wants (calc messages carry all of them).
KEY_ARGS = ("reportedSum", "computedSum", "concept", "contextID", "unitID")

#: The plugin file Arelle loads (by path) when a run trusts base taxonomy folders.
TRUSTED_BASE_PLUGIN = Path(__file__).with_name("trusted_base_plugin.py")

_TIMING_CHATTER = re.compile(r"\b\d+(\.\d+)?\s*secs?\b")


class ArelleLoadError(RuntimeError):
    """The entry (or its DTS) could not be loaded, so there are no facts to return."""

    def __init__(self, entry: str, messages: tuple["ArelleMessage", ...]) -> None:
        self.entry = entry
        self.messages = messages
        detail = "; ".join(f"{m.code}: {m.text}" for m in messages if m.severity == "error") or "no model"
        super().__init__(f"Arelle could not load {entry}: {detail}")


@dataclass(frozen=True)
class LoadedFact:
    """A fact as Arelle read it back (for round-trip checks of what our writers produced)."""

    concept: str  # QName with the instance's prefix, e.g. "dis:Revenue"
    context_id: str | None
    unit_id: str | None
    value: str  # lexical value as loaded ("" for nil); inline facts: after transform, sign and scale
    decimals: int | str | None  # int, "INF", or None
    id: str
    dims: dict[str, str] = field(default_factory=dict, hash=False)  # axis QName -> member QName / typed value
    period: str = ""  # model.Period.key(): "2024-03-31" or "2023-04-01--2024-03-31"; "forever"
    is_nil: bool = False
    line: int | None = None
    unit: str = ""  # measures, ids aside: "iso4217:JPY", "iso4217:JPY/xbrli:shares" (OIM renames unit ids)


@dataclass(frozen=True)
class ArelleMessage:
    """One Arelle log record, with the objects it points at already resolved."""

    code: str  # e.g. "calc11e:inconsistentCalculationUsingRounding"
    level: str  # Arelle level name: INFO, WARNING, INCONSISTENCY, ERROR, ASSERTION-NOT-SATISFIED, ...
    text: str
    args: dict[str, str] = field(default_factory=dict, hash=False)
    fact_ids: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()  # sourceLine of each ref, in ref order, de-duplicated (any file!)
    refs: tuple[tuple[str, int | None], ...] = ()  # (href "file#fragment", sourceLine) of each ref
    assertion: str | None = None  # id of the formula assertion that produced it
    levelno: int = 0

    def lines_in(self, file_name: str) -> tuple[int, ...]:
        """Source lines of the refs into one file (hrefs are relative to the entry, e.g. "x.xbrl#f1")."""
        return _uniq(line for href, line in self.refs if href.partition("#")[0].endswith(file_name))

    @property
    def severity(self) -> str:
        """"error" (>= INCONSISTENCY, as Arelle counts errors), "warning" or "info": the one
        mapping of Arelle's levels (the report reads it; see validate for duplicates)."""
        if self.levelno >= LEVEL_INCONSISTENCY:
            return "error"
        if self.levelno >= logging.WARNING and self.levelno != LEVEL_ASSERTION_SATISFIED:
            return "warning"
        return "info"


@dataclass(frozen=True)
class ArelleResult:
    """Everything one validation run said, free of Arelle objects."""

    ok: bool  # loaded, nothing at >= INCONSISTENCY, and no unsatisfied assertion
    messages: tuple[ArelleMessage, ...]
    facts: tuple[LoadedFact, ...] = ()
    assertions: dict[str, tuple[int, int]] = field(default_factory=dict, hash=False)  # id -> (satisfied, not)
    load_error: bool = False
    elapsed: float = field(default=0.0, compare=False)  # seconds spent in Session.run + extraction

    @property
    def errors(self) -> tuple[ArelleMessage, ...]:
        return tuple(m for m in self.messages if m.severity == "error")

    @property
    def warnings(self) -> tuple[ArelleMessage, ...]:
        return tuple(m for m in self.messages if m.severity == "warning")

    def by_code(self, code: str) -> tuple[ArelleMessage, ...]:
        return tuple(m for m in self.messages if m.code == code)


class _CollectingHandler(logging.Handler):
    """Keeps the raw records; they are turned into ArelleMessages while the model is still open
    (refs are resolved through it). ``logRecordBuffer`` is what the ixbrl-viewer plugin reads
    for its embedded validation messages."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.logRecordBuffer: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.logRecordBuffer.append(record)

    # ixbrl-viewer (and Arelle's own buffer handlers) may call this
    def clearLogBuffer(self) -> None:  # Arelle's name
        self.logRecordBuffer.clear()


def _uniq(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(i for i in items if i is not None and i != ""))


def _resolve(models: list[Any], ref: Mapping[str, Any]) -> Any:
    """The model object a log ref points at, or None.

    ``objectId`` is an index into one ModelXbrl's object list; with several models open it is
    ambiguous, so the candidate must also sit on the ref's source line."""
    object_id = ref.get("objectId")
    if object_id is None:
        return None
    line = ref.get("sourceLine")
    for mx in models:
        try:
            obj = mx.modelObject(object_id)
        except Exception:  # noqa: BLE001  # pragma: no cover - defensive: a closed or foreign model
            obj = None
        if obj is None:
            continue
        if len(models) == 1 or line is None or str(getattr(obj, "sourceline", "")) == str(line):
            return obj
    return None


def _context_of(obj: Any) -> Any:
    node = obj
    while node is not None and not isinstance(node, ModelContext):
        node = node.getparent()
    return node


_FRAME_NAMESPACES = frozenset({"http://www.xbrl.org/2003/instance", "http://www.xbrl.org/2003/linkbase"})


def _is_unknown_fact(obj: Any) -> bool:
    """A child of xbrli:xbrl that is neither frame (context, unit, link) nor a ModelFact."""
    try:
        parent = obj.getparent()
        return (
            parent is not None
            and parent.localName == "xbrl"
            and parent.namespaceURI == "http://www.xbrl.org/2003/instance"
            and obj.namespaceURI not in _FRAME_NAMESPACES
        )
    except AttributeError:
        return False


def _to_message(record: logging.LogRecord, models: list[Any]) -> ArelleMessage:
    raw_args = record.args if isinstance(record.args, Mapping) else {}
    args = {str(k): str(v) for k, v in raw_args.items()}
    try:
        text = record.getMessage()
    except Exception:  # noqa: BLE001 - a message whose args do not fit its format string
        text = str(record.msg)
    fact_ids: list[str] = []
    concepts: list[str] = []
    contexts: list[str] = []
    lines: list[int] = []
    refs: list[tuple[str, int | None]] = []
    assertion: str | None = None
    for ref in getattr(record, "refs", None) or ():
        href = str(ref.get("href", ""))
        try:
            line: int | None = int(ref["sourceLine"])
        except (KeyError, TypeError, ValueError):
            line = None
        refs.append((href, line))
        if line is not None:
            lines.append(line)
        obj = _resolve(models, ref)
        if isinstance(obj, ModelFact):
            if obj.id:
                fact_ids.append(obj.id)
            concepts.append(str(obj.qname))
            contexts.append(obj.contextID)
        elif isinstance(obj, ModelConcept):
            concepts.append(str(obj.qname))
        elif isinstance(obj, ModelContext):
            contexts.append(obj.id)
        elif isinstance(obj, ModelDimensionValue):
            ctx = _context_of(obj)
            if ctx is not None:
                contexts.append(ctx.id)
        elif isinstance(obj, (ModelVariableSetAssertion, ModelConsistencyAssertion)):
            assertion = assertion or obj.id or getattr(obj, "xlinkLabel", None)
        elif obj is not None and _is_unknown_fact(obj):
            # a fact whose concept is not in the DTS (xbrl:schemaImportMissing & co.)
            if obj.id:
                fact_ids.append(obj.id)
            concepts.append(str(obj.qname))
    if "concept" in args:
        concepts.insert(0, args["concept"])
    if "contextID" in args:
        contexts.insert(0, args["contextID"])
    code = getattr(record, "messageCode", "") or ""
    if assertion is None and code.startswith("message:"):
        assertion = code.partition(":")[2]
    return ArelleMessage(
        code=code,
        level=record.levelname,
        text=text,
        args=args,
        fact_ids=_uniq(fact_ids),
        concepts=_uniq(concepts),
        contexts=_uniq(contexts),
        lines=_uniq(lines),
        refs=tuple(refs),
        assertion=assertion,
        levelno=record.levelno,
    )


def _keep(record: logging.LogRecord) -> bool:
    """Drop DEBUG and the 'loaded in 0.02 secs' chatter (non-deterministic, says nothing)."""
    if record.levelno < logging.INFO:
        return False
    code = getattr(record, "messageCode", "") or ""
    if record.levelno == logging.INFO and code in ("", "info"):
        try:
            return not _TIMING_CHATTER.search(record.getMessage())
        except Exception:  # noqa: BLE001 - a message that cannot be formatted is kept
            return True
    return True


def _decimals(raw: str | None) -> int | str | None:
    if raw is None or raw == "":
        return None
    raw = raw.strip()
    if raw == "INF":
        return "INF"
    try:
        return int(raw)
    except ValueError:
        return raw


def _period_key(ctx: Any) -> str:
    if ctx is None:
        return ""
    if ctx.isForeverPeriod:
        return "forever"
    if ctx.isInstantPeriod:
        d = ctx.instantDate
        return d.isoformat() if d else ""
    start, end = ctx.startDatetime, ctx.endDate
    if start is None or end is None:
        return ""
    return f"{start.date().isoformat()}--{end.isoformat()}"


def _dims(ctx: Any) -> dict[str, str]:
    if ctx is None:
        return {}
    out: dict[str, str] = {}
    for dim_qname, dim_value in ctx.qnameDims.items():
        if dim_value.isExplicit:
            out[str(dim_qname)] = str(dim_value.memberQname)
        else:
            typed = dim_value.typedMember
            out[str(dim_qname)] = "" if typed is None else str(typed.stringValue).strip()
    return out


def _measures(unit: Any) -> str:
    if unit is None:
        return ""
    num, den = unit.measures
    text = "*".join(sorted(str(m) for m in num))
    return text + ("/" + "*".join(sorted(str(m) for m in den)) if den else "")


def _iter_items(facts: Iterable[Any]) -> Iterable[Any]:
    for f in facts:
        if f.isTuple:
            yield from _iter_items(f.modelTupleFacts)
        else:
            yield f


def _loaded_facts(mx: Any) -> tuple[LoadedFact, ...]:
    rows: list[LoadedFact] = []
    for f in _iter_items(mx.facts):  # document order
        ctx = f.context
        rows.append(
            LoadedFact(
                concept=str(f.qname),
                context_id=f.contextID or None,
                unit_id=f.unitID or None,
                value="" if f.isNil else str(f.value),
                decimals=_decimals(f.decimals),
                id=f.id or "",
                dims=_dims(ctx),
                period=_period_key(ctx),
                is_nil=bool(f.isNil),
                line=f.sourceline,
                unit=_measures(f.unit),
            )
        )
    return tuple(rows)


def _assertion_counts(errors: Iterable[Any]) -> dict[str, tuple[int, int]]:
    """Formula runs append {assertionId: (satisfied, notSatisfied, okMsgs, warnMsgs, errMsgs)}."""
    counts: dict[str, tuple[int, int]] = {}
    for entry in errors:
        if isinstance(entry, Mapping):
            for assertion_id, result in entry.items():
                sat, unsat = int(result[0]), int(result[1])
                old = counts.get(str(assertion_id), (0, 0))
                counts[str(assertion_id)] = (old[0] + sat, old[1] + unsat)
    return counts


def _run(entry: Path | str, options: dict[str, Any], keep_facts: bool) -> ArelleResult:
    handler = _CollectingHandler()
    opts = RuntimeOptions(
        entrypointFile=str(entry),
        internetConnectivity="offline",  # uses arelle/resources/cache; never the network
        disablePersistentConfig=True,  # never read/write ~/.config/arelle
        keepOpen=True,
        logPropagate=False,  # keep Arelle out of the host application's root logger
        **options,
    )
    # re-assert per run: a logToBuffer/logToStructuredMessage run elsewhere may have reset it
    logging.getLogger("arelle").logRefObjectProperties = True  # type: ignore[attr-defined]
    started = time.perf_counter()
    facts: tuple[LoadedFact, ...] = ()
    errors: list[Any] = []
    loaded = False
    with Session() as session:
        session.run(opts, logHandler=handler)
        models = list(session.get_models())
        try:
            main = models[-1] if models else None
            loaded = main is not None and main.modelDocument is not None
            if loaded and keep_facts:
                facts = _loaded_facts(main)
            for mx in models:
                errors.extend(mx.errors)
            messages = tuple(_to_message(r, models) for r in handler.logRecordBuffer if _keep(r))
        finally:
            for mx in models:
                mx.close()  # not modelManager.close(): that forces gc.collect() per run
            session.get_models().clear()
    elapsed = time.perf_counter() - started
    assertions = _assertion_counts(errors)
    load_error = not loaded or any(m.code in LOAD_ERROR_CODES for m in messages)
    ok = (
        not load_error
        and not any(m.levelno >= LEVEL_INCONSISTENCY for m in messages)
        and not any(unsat for _, unsat in assertions.values())
    )
    return ArelleResult(
        ok=ok, messages=messages, facts=facts, assertions=assertions, load_error=load_error, elapsed=elapsed
    )


def run_validation(
    entry: Path,
    *,
    calcs: str = "c11r",
    formulas: bool = True,
    duplicates: str = "inconsistent",
    packages: list[Path] | None = None,
    plugins: str | None = None,
    plugin_options: dict[str, Any] | None = None,
    keep_facts: bool = True,
    base_validation: str | None = None,
    parameters: str | None = None,
    base_dirs: Iterable[Path] = (),
) -> ArelleResult:
    """Validate one entry point (instance, iXBRL, xBRL-JSON/CSV, zip) offline with a fresh Session.

    calcs: "c11r" (Calculations 1.1 round-to-nearest), "c11t" (truncation), "c10", "c10d", "none".
    duplicates: Arelle's validateDuplicateFacts ("inconsistent", "consistent", "incomplete",
      "complete", "all", "none"); findings come as WARNING ``arelle:duplicateFacts``.
    base_validation: Arelle's baseTaxonomyValidationMode (None = its default, "none" skips
      re-validating a base taxonomy outside the instance directory: ~40% faster).
    parameters: formula parameters (RuntimeOptions.parameters), e.g. the truncation tolerance
      from disclose.taxonomy.formula.truncation_parameters.
    base_dirs: folders (inside the instance's folder) holding copies of a base taxonomy that was
      validated once already (see disclose.trust): their documents get no DTS checks again
      (Arelle checks everything under the instance's folder as extension whatever base_validation
      says; the plugin trusted_base_plugin, passed through Arelle's `plugins` option, marks them).
    """
    options: dict[str, Any] = {
        "validate": True,
        "calcs": None if calcs in ("", "none", None) else calcs,
        "validateDuplicateFacts": None if duplicates in ("", "none", None) else duplicates,
        "formulaAction": None if formulas else "none",
        "formulaUnmessagedUnsatisfiedAsser": True if formulas else None,
        "baseTaxonomyValidationMode": base_validation,
    }
    if parameters:
        options["parameters"] = parameters
    if packages:
        options["packages"] = [str(p) for p in packages]
    if plugins:
        options["plugins"] = plugins
    if plugin_options:
        options["pluginOptions"] = dict(plugin_options)
    if base_dirs:  # the trusted copies: DTS checks skipped by our plugin (see trusted_base_plugin)
        folders = os.pathsep.join(os.path.abspath(d) for d in base_dirs)
        options["plugins"] = "|".join(p for p in (options.get("plugins"), str(TRUSTED_BASE_PLUGIN)) if p)
        options["pluginOptions"] = {**options.get("pluginOptions", {}), TRUSTED_BASE_OPTION: folders}
    return _run(entry, options, keep_facts)


def extract_facts(entry: Path, *, packages: list[Path] | None = None) -> tuple[LoadedFact, ...]:
    """Load an entry point without validating it and return its facts in document order.

    For round-trip tests of our writers (XBRL, iXBRL, xBRL-JSON/CSV all load the same way).
    Raises ArelleLoadError when the entry or its DTS cannot be loaded."""
    options: dict[str, Any] = {"validate": False}
    if packages:
        options["packages"] = [str(p) for p in packages]
    result = _run(entry, options, keep_facts=True)
    if result.load_error:
        raise ArelleLoadError(str(entry), result.messages)
    return result.facts
