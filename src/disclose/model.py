"""The one document model every stage passes on (pandoc style).

Readers turn release text into `Table`s (and figures stated in sentences); mapping turns those into `Fact`s;
assembly gathers facts, contexts and units into a `Filing`; writers and the validator read the
`Filing` and never re-parse each other's output. Everything is frozen so a stage cannot change
what an earlier stage produced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal


@dataclass(frozen=True, order=True)
class Period:
    """An XBRL period: an instant (start is None) or a duration from start to end inclusive."""

    end: date
    start: date | None = None

    @property
    def is_instant(self) -> bool:
        return self.start is None

    @property
    def months(self) -> int:
        if self.start is None:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def key(self) -> str:
        return self.end.isoformat() if self.start is None else f"{self.start.isoformat()}--{self.end.isoformat()}"


@dataclass(frozen=True)
class Origin:
    """Where a line of the release stands in its PDF: page, line on that page, left x (points)."""

    page: int
    line: int
    x: float = 0.0

    def where(self) -> str:
        return f"page {self.page}, line {self.line}" if self.line else f"page {self.page}"


@dataclass(frozen=True)
class Provenance:
    """Where a figure came from in the release: line, the row label and column header as written."""

    line: int
    label: str = ""
    column: str = ""
    table: str = ""
    text: str = ""  # the figure as printed, e.g. "(1,234 )"
    scale: int | None = None  # power of ten its digits are printed in ("Thousands of yen" -> 3); None: unknown
    negative: bool = False  # printed as a negative: "(1,234 )", "△1,234", "-1,234"


@dataclass(frozen=True)
class Cell:
    """One figure of a table row, still in the release's scale."""

    raw: str
    value: Decimal | None  # None: a nil mark (-, ―)
    line: int
    scale: int | None = None  # power of ten stated on the figure itself (JPY12.5 billion -> 9)
    is_percent: bool = False


@dataclass(frozen=True)
class Column:
    """A column of a table: its header text and what it qualifies (a period, a member, or a change)."""

    header: str
    period: Period | None = None
    member: tuple[str, str] | None = None  # (axis, member) for member columns
    kind: Literal["value", "change", "percent"] = "value"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell | None, ...]  # aligned with Table.columns; None where the row has no cell
    line: int


@dataclass(frozen=True)
class Table:
    """A table found in the release, before any concept is chosen."""

    spec: str  # id of the table spec in the taxonomy source that recognised it
    heading: str
    line: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    scale: int  # power of ten of the stated unit ("Thousands of yen" -> 3)
    period: Period | None = None  # a period stated for the whole table (sub-heading)
    end_line: int = 0
    currency: str | None = None  # ISO 4217 code its unit line states ("Millions of U.S. dollars"); None: unstated


@dataclass(frozen=True)
class Unit:
    id: str
    numerator: tuple[str, ...]  # QNames such as "iso4217:JPY"
    denominator: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    id: str
    period: Period
    dims: tuple[tuple[str, str], ...] = ()  # sorted (axis QName, member QName)


@dataclass(frozen=True)
class Fact:
    concept: str  # QName, e.g. "dis:Revenue"
    period: Period
    value: Decimal | None  # None: nil
    unit: str | None  # unit id (see units.py), None for non-numeric
    decimals: int | None
    dims: tuple[tuple[str, str], ...] = ()
    provenance: Provenance = field(default_factory=lambda: Provenance(0))
    id: str = ""


@dataclass(frozen=True)
class Issue:
    """A problem found before validation (unmapped row, contradicting duplicate, ...)."""

    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    lines: tuple[int, ...] = ()
    facts: tuple[str, ...] = ()  # ids of the facts it is about, where they became facts


@dataclass(frozen=True)
class RowRead:
    """A statement row that became facts: its line, label as printed and the concepts it went to."""

    line: int
    label: str
    concepts: tuple[str, ...]


@dataclass(frozen=True)
class RowNotRead:
    """A statement row with figures that became no fact, and why (the issue code that says so)."""

    line: int
    label: str
    why: str
    code: str


@dataclass(frozen=True)
class StatementRows:
    """What one table of the release gave: the rows read and the rows not read, so none is dropped silently."""

    table: str  # id of the table spec
    heading: str
    lines: tuple[int, int]  # first and last line of the table
    read: tuple[RowRead, ...]
    not_read: tuple[RowNotRead, ...]


@dataclass(frozen=True)
class Entity:
    scheme: str
    identifier: str
    name: str = ""


@dataclass(frozen=True)
class Filing:
    """Everything a writer needs: entity, DTS entry point, contexts, units and facts, in stable order."""

    entity: Entity
    schema_ref: str
    contexts: tuple[Context, ...]
    units: tuple[Unit, ...]
    facts: tuple[Fact, ...]
    context_of: dict[tuple[Period, tuple[tuple[str, str], ...]], str] = field(default_factory=dict, compare=False, hash=False)
    issues: tuple[Issue, ...] = ()
    source_name: str = ""
    rounding: Literal["round", "truncate"] = "round"
    statements: tuple[StatementRows, ...] = ()  # rows read and not read, per table (see rows_read.py)


@dataclass(frozen=True)
class Message:
    """One validation finding, tied back to the release's lines."""

    code: str
    severity: str
    text: str
    concepts: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    expected: str = ""
    lines: tuple[int, ...] = ()
    labels: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # ids of the facts involved (the review page marks them)


@dataclass(frozen=True)
class Report:
    ok: bool
    messages: tuple[Message, ...]
    fact_count: int
    issues: tuple[Issue, ...] = ()
    calcs: str = "c11r"
    stats: dict = field(default_factory=dict, compare=False, hash=False)
