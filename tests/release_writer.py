"""Release writer for round-trip tests (test tooling, not shipped with the package).

From a random but consistent fact set it renders a results release in the style of the bundled
sample (each statement flattened onto one paragraph: heading, column header, then rows of label
words followed by one run of figures) together with the issuer profile (TOML) and the facts a
perfect reader would file. Round-trip tests build the text and compare.

Why the facts are consistent at every precision: leaf values are drawn as integers in the printed
scale and every total is computed from the taxonomy's calculations of its table (plus the links
the statements share: profit before tax in the cash flows, cash at both ends of the cash flows in
the balance sheet, equity rolled forward by comprehensive income, the consolidated column of the
segments), so every sum, calculation and formula assertion of the taxonomy holds exactly.

What varies (`Layout`): period kind (first quarter, half year, nine months, full year), fiscal
year end (March 31, December 31, June 30) and year, scale and its wording, column order, how the
header states periods (grouped, paired, one phrase, fiscal labels) and dates (June 30, 2020 /
30 June 2020 / Jun. 30, 2020; "As of"), where the scale marker sits, line breaks inside headers
and between rows, extra spaces, statement order, negative style, nil marks, row wording (any of a
concept's label, terse/total label and synonyms), headings with or without colons, issuer and
segment names, and optionally rows the taxonomy lacks (issuer extensions, included in the
section's total).

    python tests/release_writer.py SEED [OUT_DIR [EXTENSIONS]]   # OUT_DIR/release-SEED.txt + .toml
"""
from __future__ import annotations

import calendar
import itertools
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from disclose.model import Period
from disclose.profile import member_name
from disclose.taxonomy.source import Concept, Node, Source, TableSpec
from disclose.text.periods import add_months
from disclose.text.tokens import norm

STATEMENTS = ("financial-position", "profit-or-loss", "comprehensive-income", "cash-flows")
ORDERS = tuple(itertools.permutations(STATEMENTS))
BASE_PREFIX = "dis"
SEGMENT_AXIS = "SegmentsAxis"

SCALE_WORDS: dict[int, tuple[str, ...]] = {
    3: ("Thousands of yen", "Yen in thousands", "JPY thousands", "(Thousands of yen)", "(In thousands of yen)"),
    6: ("Millions of yen", "JPY millions", "Yen in millions", "Millions of JPY", "(Millions of yen)",
        "(In millions of yen)"),
}
DURATION_WORDS: dict[int, tuple[str, ...]] = {
    3: ("Three Months Ended", "Three months ended", "Three-month period ended"),
    6: ("Six Months Ended", "Six months ended", "Six-month period ended"),
    9: ("Nine Months Ended", "Nine months ended", "Nine-month period ended"),
    12: ("Year Ended", "Fiscal Year Ended", "Fiscal year ended", "Year ended", "Twelve Months Ended"),
}
KINDS = {"Q1": 3, "H1": 6, "9M": 9, "FY": 12}
FISCAL_LABEL = {3: "1Q FY{y}", 6: "1H FY{y}", 9: "9M FY{y}", 12: "FY{y}"}
YEAR_ENDS = ("03-31", "12-31", "06-30")
TITLE_PREFIX = ("Condensed Consolidated ", "Consolidated ", "Condensed Interim Consolidated ", "Interim Consolidated ",
                "")
NIL_MARKS = ("-", "―", "—")

# Rows a taxonomy lacks, by where they go: (table, insert after this node's concept, the total they
# are included in, printed like its items in parentheses, labels). Labels match no concept name.
EXTENSION_SLOTS: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = (
    ("profit-or-loss", "ATMOperationBusinessRevenue", "Revenue", False,
     ("Cloud platforms", "Managed security services", "Data center services", "Licence fees")),
    ("profit-or-loss", "CostOfATMOperationBusiness", "CostOfSales", True,
     ("Cost of cloud platforms", "Cost of data center services", "Cost of licence fees")),
    ("profit-or-loss", "OtherIncome", "ProfitLossFromOperatingActivities", False,
     ("Research grants received", "Gain on sale of subsidiary", "Subsidies received")),
    ("financial-position", "OtherCurrentFinancialAssets", "CurrentAssets", False,
     ("Assets held for sale", "Short-term deposits", "Derivative assets", "Right of return assets")),
    ("financial-position", "DeferredTaxLiabilities", "NoncurrentLiabilities", False,
     ("Warranty provisions", "Refund liabilities", "Derivative liabilities", "Long-term accrued expenses")),
    ("cash-flows", "OtherAdjustmentsForNoncashItems", "CashFlowsFromUsedInOperations", False,
     ("Share-based payment expenses", "Loss on impairment of software", "Loss on valuation of inventories")),
    ("cash-flows", "ProceedsFromCollectionOfLeaseholdAndGuaranteeDeposits", "CashFlowsFromUsedInInvestingActivities",
     False, ("Acquisition of subsidiaries", "Loans to related parties")),
)


def _names(src: Source, spec: TableSpec, abstract: bool) -> set[str]:
    return {norm(n) for node, _ in spec.nodes() for c in (src.concepts[node.concept],) if c.abstract == abstract
            for n in c.names() if norm(n)}


def heading_prefixed(src: Source, spec: TableSpec, label: str) -> bool:
    """True when the label's first words are a section heading's name ("Equity attributable to
    owners of the parent", "Liabilities for retirement benefits"): the mapper reads those words
    as a heading glued to the row and cannot match the rest (mapping.Mapper._match)."""
    words = [norm(w) for w in label.split() if norm(w)]
    headings = _names(src, spec, True)
    return any("".join(words[:j]) in headings for j in range(1, len(words)))


def suffix_named(src: Source, spec: TableSpec, label: str) -> bool:
    """True when the label's last words are a concept's name ("Derivative liabilities" ends with
    "Liabilities"): the mapper matches such a row to that concept instead of extending."""
    words = [norm(w) for w in label.split() if norm(w)]
    rows = _names(src, spec, False)
    return any("".join(words[j:]) in rows for j in range(1, len(words)))


# Concepts whose amount may be either sign in a real release (the rest are drawn positive).
_SIGNED = re.compile(r"IncreaseDecrease|DecreaseIncrease|ShareOf|OtherComprehensiveIncomeNetOf|Effect|OtherInflows|"
                     r"OtherAdjustments|LossesGains|RetainedEarnings|OtherReserves")

ISSUER_WORDS = ("Aurora", "Bluefield", "Cobalt", "Dunmore", "Everly", "Fairhaven", "Granite", "Halcyon", "Ironwood",
                "Juniper", "Kestrel", "Larkspur", "Meridian", "Norrland", "Orchard", "Pinecrest", "Quarry", "Redwood",
                "Silverline", "Tidewater", "Umber", "Vantage", "Westmark", "Yellowpine", "Zephyr")
ISSUER_KINDS = ("Holdings Inc.", "Corporation", "Co., Ltd.", "Group Inc.", "Networks Inc.", "Industries Ltd.")
SEGMENT_WORDS = ("Cloud", "Payments", "Logistics", "Semiconductor", "Media", "Healthcare", "Energy", "Robotics",
                 "Retail", "Mobility", "Security", "Software", "Materials", "Broadband", "Insurance", "Leasing",
                 "Agritech", "Aerospace", "Gaming", "Textiles")
SEGMENT_TAILS = ("business", "services", "solutions", "products", "operations", "")


@dataclass(frozen=True)
class Layout:
    """Every layout choice of one release (hypothesis draws these; `random_layout` too)."""

    kind: str = "H1"  # Q1 | H1 | 9M | FY
    year_end: str = "03-31"  # MM-DD
    fiscal_year_end: int = 2021  # calendar year in which the current fiscal year ends
    naming: str = "start"  # profile [fiscal] naming, used by fiscal labels
    scale: int = 3
    scale_text: str = "Thousands of yen"
    current_first: bool = False
    scale_place: str = "per-column"  # per-column | once-after | once-before
    period_style: str = "grouped"  # grouped | paired | single | labels
    date_style: str = "mdy"  # mdy | dmy | abbr
    instant_prefix: str = ""  # "" | "As of " | "As at "
    header_breaks: float = 0.0  # chance of a line break between two header words
    blank_in_header: bool = False  # one blank line inside a column header (as the sample's segment table)
    row_breaks: float = 0.0  # chance of a line break between two rows
    extra_spaces: float = 0.0  # chance of 2-4 spaces instead of one
    split_words: float = 0.0  # chance of a stray space inside a long label word ("c ost")
    order: tuple[str, ...] = STATEMENTS
    quarter_tables: bool = False  # three-month P&L and comprehensive income beside the cumulative ones
    negative: str = "paren-space"  # paren-space "(1,234 )" | paren "(1,234)" | triangle "△1,234"
    nil_mark: str = "-"
    nil_rate: float = 0.0  # share of leaf cells that are empty (nil mark, no fact)
    heading_colon: bool = False
    drop_headings: float = 0.0  # chance of leaving a section heading out
    preferred_labels: float = 0.5  # chance of the table's preferred label instead of any synonym
    segments: int = 0  # 0: no segment table; else this many segments of the issuer
    extensions: int = 0  # rows the taxonomy lacks
    heading_prefixed: bool = False  # also row labels that begin with a section heading's name (see `misread`)
    suffix_names: bool = False  # also extension labels that end with a concept's name ("Derivative liabilities")
    seed: int = 0  # values, labels and names


@dataclass(frozen=True)
class ExpectedFact:
    """A fact the release states: concept QName ("ext:<label>" for an extension row), period, dims,
    value and decimals, and where it was printed."""

    concept: str
    period: Period
    dims: tuple[tuple[str, str], ...]
    value: Decimal
    decimals: int
    table: str = ""
    label: str = ""

    @property
    def key(self) -> tuple:
        return (self.concept, self.period, self.dims)


@dataclass
class Release:
    text: str
    profile: str  # TOML
    facts: list[ExpectedFact]
    layout: Layout
    issuer: str
    prefix: str
    extension_labels: list[str] = field(default_factory=list)

    def write(self, directory: Path, stem: str) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{stem}.txt"
        path.write_text(self.text, encoding="utf-8")
        path.with_suffix(".toml").write_text(self.profile, encoding="utf-8")
        return path


# ------------------------------------------------------------------------------------ layouts
def layout_from(choose: Callable[[Sequence[Any]], Any], *, extensions: int = 0, heading_prefixed: bool = False,
                suffix_names: bool = False) -> Layout:
    """A layout whose every choice is `choose(options)`: `rng.choice` for plain randomness, or a
    hypothesis `draw(sampled_from(...))` so failures shrink and print as a Layout."""
    scale = choose((3, 6))
    yes = (True, False)
    return Layout(
        kind=choose(tuple(KINDS)), year_end=choose(YEAR_ENDS), fiscal_year_end=choose(range(2019, 2028)),
        naming=choose(("start", "end")), scale=scale, scale_text=choose(SCALE_WORDS[scale]),
        current_first=choose(yes), scale_place=choose(("per-column", "once-after", "once-before", "per-column")),
        period_style=choose(("grouped", "paired", "single", "labels", "grouped")),
        date_style=choose(("mdy", "dmy", "abbr", "mdy")), instant_prefix=choose(("", "As of ", "As at ", "")),
        header_breaks=choose((0.0, 0.2, 0.5, 0.0)), blank_in_header=choose((False, True, False, False)),
        row_breaks=choose((0.0, 0.1, 0.4, 0.0)), extra_spaces=choose((0.0, 0.1, 0.3)),
        split_words=choose((0.0, 0.03, 0.0, 0.0)), order=choose(ORDERS) if choose(yes) else STATEMENTS,
        quarter_tables=choose((False, True, False)),
        negative=choose(("paren-space", "paren", "triangle", "paren-space")), nil_mark=choose(NIL_MARKS),
        nil_rate=choose((0.0, 0.03, 0.08)), heading_colon=choose((False, True, False)),
        drop_headings=choose((0.0, 0.2, 0.0)), preferred_labels=choose((0.2, 0.5, 0.9)),
        segments=choose((0, 2, 3, 4, 0)), extensions=extensions, seed=choose(range(2 ** 32)),
        heading_prefixed=heading_prefixed, suffix_names=suffix_names,
    )


def random_layout(rng: random.Random, **flags: Any) -> Layout:
    """A layout drawn from `rng` (the CLI and quick experiments; tests draw with hypothesis)."""
    return layout_from(rng.choice, **flags)


# ------------------------------------------------------------------------------------ periods
def _month_day(year_end: str) -> tuple[int, int]:
    m, d = year_end.split("-")
    return int(m), int(d)


@dataclass(frozen=True)
class Periods:
    current: Period
    prior: Period
    quarter_current: Period | None  # the three months to the current end (half year, nine months)
    quarter_prior: Period | None
    instants: tuple[date, date]  # prior fiscal year end, current period end


def periods_of(layout: Layout) -> Periods:
    m, d = _month_day(layout.year_end)
    fy_end = date(layout.fiscal_year_end, m, min(d, calendar.monthrange(layout.fiscal_year_end, m)[1]))
    fy_start = add_months(fy_end, -12) + timedelta(days=1)
    months = KINDS[layout.kind]
    end = add_months(fy_start, months) - timedelta(days=1)
    current = Period(end, fy_start)
    prior = Period(add_months(end, -12), add_months(fy_start, -12))
    q_cur = q_pri = None
    if months in (6, 9):
        qs = add_months(fy_start, months - 3)
        q_cur = Period(end, qs)
        q_pri = Period(add_months(end, -12), add_months(qs, -12))
    return Periods(current, prior, q_cur, q_pri, (fy_start - timedelta(days=1), end))


def format_date(d: date, style: str, rng: random.Random) -> str:
    name = calendar.month_name[d.month]
    if style == "dmy":
        return f"{d.day} {name} {d.year}"
    if style == "abbr" and d.month != 5:
        abbr = "Sept." if d.month == 9 and rng.random() < 0.5 else calendar.month_abbr[d.month] + "."
        return f"{abbr} {d.day}, {d.year}"
    return f"{name} {d.day}, {d.year}"


def fiscal_label_year(layout: Layout, p: Period) -> int:
    """The year in "FY2020" for the fiscal year holding period p (the profile's naming, as
    FiscalCalendar.year reads it back)."""
    m, d = _month_day(layout.year_end)
    end_year = p.end.year if (p.end.month, p.end.day) <= (m, d) else p.end.year + 1
    return end_year - 1 if layout.naming == "start" and m != 12 else end_year


# ------------------------------------------------------------------------------------ numbers
def format_amount(value: int, layout: Layout) -> str:
    text = f"{abs(value):,}"
    if value >= 0:
        return text
    if layout.negative == "paren":
        return f"({text})"
    if layout.negative == "triangle":
        return f"△{text}"
    return f"({text} )"


def format_per_share(value: Decimal, layout: Layout) -> str:
    text = f"{abs(value):,.2f}"
    if value >= 0:
        return text
    return f"({text})" if layout.negative == "paren" else (f"△{text}" if layout.negative == "triangle" else f"({text} )")


# ------------------------------------------------------------------------------------ values
Key = str  # node key within a table: concept, "Concept@start", "Concept@end", "ext:<label>"


def node_key(node: Node) -> Key:
    return node.concept + (f"@{node.anchor}" if node.anchor in ("start", "end") else "")


@dataclass
class Extension:
    table: str
    after: str
    total: str
    negated: bool
    label: str


class Generator:
    """Draws one consistent set of statement values per period (integers in the printed scale)."""

    def __init__(self, src: Source, layout: Layout, rng: random.Random, extensions: list[Extension]) -> None:
        self.src = src
        self.layout = layout
        self.rng = rng
        self.extensions = extensions
        self.book: dict[tuple[str, Period], int] = {}  # shared figures: (concept, fact period) -> value
        self.values: dict[tuple[str, Period], dict[Key, int | None]] = {}  # (table, column period) -> key -> value
        self.eps: dict[tuple[str, Period], Decimal] = {}

    def amount(self, concept: str) -> int:
        digits = self.rng.uniform(1.0, 5.5 if self.layout.scale == 3 else 3.5)
        v = max(1, int(10 ** digits))
        if _SIGNED.search(concept) and self.rng.random() < 0.35:
            v = -v
        elif self.src.concepts.get(concept) is not None and self.src.concepts[concept].negated and self.rng.random() < 0.05:
            v = -v  # a refund / a benefit: printed without parentheses
        return v

    def fact_period(self, concept: Concept, anchor: str | None, column: Period) -> Period:
        if concept.period == "instant":
            if anchor == "start":
                return Period(column.start - timedelta(days=1))
            return Period(column.end)
        return column

    def fill(self, spec: TableSpec, column: Period, derived: dict[Key, Callable[[dict], int]] | None = None,
             fixed: dict[Key, int] | None = None) -> dict[Key, int | None]:
        """Values of every non-abstract node of `spec` for one column: shared figures from the book,
        totals from the calculations (extension rows included), `derived` from other values, the
        rest drawn. None = an empty cell (nil mark)."""
        derived = derived or {}
        calcs: dict[str, list[tuple[str, int]]] = {t: list(kids) for t, kids in spec.calculations.items()}
        for e in self.extensions:
            if e.table == spec.id:
                calcs.setdefault(e.total, []).append((f"ext:{e.label}", 1))  # a cost row is a positive cost
        vals: dict[Key, int | None] = dict(fixed or {})
        keys: list[tuple[Key, Node | None]] = []
        for node, _ in spec.nodes():
            c = self.src.concepts[node.concept]
            if c.abstract or c.type == "perShare":
                continue
            keys.append((node_key(node), node))
        for e in self.extensions:
            if e.table == spec.id:
                keys.append((f"ext:{e.label}", None))
        for key, node in keys:
            if key in vals:
                continue
            if node is not None:
                c = self.src.concepts[node.concept]
                shared = self.book.get((c.name, self.fact_period(c, node.anchor, column)))
                if shared is not None and key not in calcs:
                    vals[key] = shared
                    continue
            if key in calcs or key in derived:
                continue
            if key.startswith("ext:"):
                vals[key] = abs(self.amount(key))
            elif self.layout.nil_rate and self.rng.random() < self.layout.nil_rate and "@" not in key:
                vals[key] = None
            else:
                vals[key] = self.amount(key)
        pending = {k for k, _ in keys if k not in vals}
        while pending:
            progress = False
            for key in sorted(pending):
                if key in calcs:
                    kids = calcs[key]
                    if all(k in vals for k, _ in kids):
                        vals[key] = sum(w * (vals[k] or 0) for k, w in kids)
                        pending.discard(key)
                        progress = True
                elif key in derived:
                    try:
                        v = derived[key](vals)
                    except KeyError:
                        continue
                    vals[key] = v
                    pending.discard(key)
                    progress = True
            if not progress:
                raise RuntimeError(f"{spec.id}: cannot compute {sorted(pending)}")
        for key, node in keys:
            if node is not None and vals.get(key) is not None:
                c = self.src.concepts[node.concept]
                p = self.fact_period(c, node.anchor, column)
                old = self.book.setdefault((c.name, p), vals[key])
                if old != vals[key]:
                    raise RuntimeError(f"{spec.id}: {c.name} {p.key()} is {vals[key]} here but {old} elsewhere")
        self.values[(spec.id, column)] = vals
        return vals

    def statements(self, periods: Periods) -> None:
        """Every statement for every column, in the order the links need (printed or not)."""
        src = self.src
        columns = [periods.prior, periods.current]
        quarters = [p for p in (periods.quarter_prior, periods.quarter_current) if p is not None]
        for col in columns + quarters:
            self.fill(src.tables["profit-or-loss"], col, derived={
                "ProfitLossBeforeTax": lambda v: (v["ProfitLossFromOperatingActivities"] + (v["FinanceIncome"] or 0)
                                                  - (v["FinanceCosts"] or 0)
                                                  + (v["ShareOfProfitLossOfAssociatesAndJointVenturesAccountedForUsingEquityMethod"] or 0)),
                "ProfitLossAttributableToOwnersOfParent": lambda v: v["ProfitLoss"] - (
                    v["ProfitLossAttributableToNoncontrollingInterests"] or 0),
            })
            basic = Decimal(self.rng.randint(-5000, 40000)) / 100
            self.eps[("BasicEarningsLossPerShare", col)] = basic
            self.eps[("DilutedEarningsLossPerShare", col)] = basic - Decimal(self.rng.randint(0, 200)) / 100 \
                if basic > 0 else basic
            self.fill(src.tables["comprehensive-income"], col, derived={
                "ComprehensiveIncomeAttributableToOwnersOfParent": lambda v: v["ComprehensiveIncome"] - (
                    v["ComprehensiveIncomeAttributableToNoncontrollingInterests"] or 0),
            })
        for col in sorted(columns, key=lambda p: p.start):
            self.fill(src.tables["cash-flows"], col, derived={
                "CashAndCashEquivalents@end": lambda v: v["CashAndCashEquivalents@start"]
                + v["IncreaseDecreaseInCashAndCashEquivalents"],
            }, fixed=self._cash_start(col))
        # balance sheet: assets = liabilities + equity (retained earnings balance it), and equity rolls
        # forward (the taxonomy's EquityRollForward assertion binds with absent flows as 0): equity at
        # the period end = equity at the prior year end + comprehensive income of the period, so an
        # asset line (other non-current assets) balances the current column instead
        spec = src.tables["financial-position"]
        others = ("IssuedCapital", "SharePremium", "OtherReserves")
        prior = self.fill(spec, Period(periods.instants[0]), derived={
            "RetainedEarnings": lambda v: (v["Assets"] - v["Liabilities"] - (v["NoncontrollingInterests"] or 0)
                                           - sum(v[k] or 0 for k in others) + (v["TreasuryShares"] or 0)),
        })
        target = prior["Equity"] + self.book[("ComprehensiveIncome", periods.current)]
        plug = "OtherNoncurrentAssets"
        rest = [k for k, w in spec.calculations["NoncurrentAssets"] if k != plug]
        self.fill(spec, Period(periods.instants[1]), derived={
            "RetainedEarnings": lambda v: (target - (v["NoncontrollingInterests"] or 0) - sum(v[k] or 0 for k in others)
                                           + (v["TreasuryShares"] or 0)),
            plug: lambda v: v["Liabilities"] + target - v["CurrentAssets"] - sum(v[k] or 0 for k in rest),
        })

    def _cash_start(self, col: Period) -> dict[Key, int]:
        before = Period(col.start - timedelta(days=1))
        v = self.book.get(("CashAndCashEquivalents", before))
        if v is None:
            v = abs(self.amount("CashAndCashEquivalents")) * 3 + 1000
        return {"CashAndCashEquivalents@start": v}


# ------------------------------------------------------------------------------------ labels
_ANCHOR_WORDS = re.compile(r"\b(beginning|end|balance|opening|closing)\b", re.I)


def label_choices(concept: Concept, node: Node, full_year: bool) -> list[str]:
    """The ways a release may write this node's row: its names, minus those that say another
    anchor (beginning / end of period) or another period length."""
    names = list(dict.fromkeys(concept.names()))
    if node.anchor == "start":
        names = [n for n in names if re.search(r"\bbeginning\b", n, re.I)]
    elif node.anchor == "end":
        names = [n for n in names if re.search(r"\bend\b", n, re.I)]
    else:
        names = [n for n in names if not _ANCHOR_WORDS.search(n)]
    if full_year:
        names = [n for n in names if not re.search(r"\bperiod\b", n, re.I)] or names
    else:
        names = [n for n in names if not re.search(r"\byear\b", n, re.I)] or names
    return names or list(concept.names())


def preferred_label(concept: Concept, node: Node) -> str:
    key = node.preferred or "label"
    return concept.labels.get(key, concept.labels["label"])["en"]


# ------------------------------------------------------------------------------------ rendering
class Writer:
    def __init__(self, src: Source, layout: Layout) -> None:
        self.src = src
        self.layout = layout
        self.rng = random.Random(layout.seed)
        self.periods = periods_of(layout)
        self.full_year = layout.kind == "FY"
        rng = self.rng
        self.issuer = f"{rng.choice(ISSUER_WORDS)} {rng.choice(ISSUER_KINDS)}"
        self.identifier = f"{rng.randint(1300, 9999)}0"
        self.prefix = "e" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4))
        words = rng.sample(SEGMENT_WORDS, layout.segments)
        self.segment_names = [(w + " " + rng.choice(SEGMENT_TAILS)).strip() for w in words]
        self.adjust_member, self.adjust_label = rng.choice((
            ("MaterialReconcilingItemsMember", "Adjustments"), ("MaterialReconcilingItemsMember", "Reconciliations"),
            ("MaterialReconcilingItemsMember", "Adjustments and eliminations"),
            ("EliminationOfIntersegmentAmountsMember", "Eliminations"),
            ("EliminationOfIntersegmentAmountsMember", "Elimination"),
        ))
        self.extensions = self._pick_extensions(layout.extensions)
        self.gen = Generator(src, layout, rng, self.extensions)
        self.facts: list[ExpectedFact] = []

    # -- pieces ---------------------------------------------------------------------------
    def _pick_extensions(self, n: int) -> list[Extension]:
        names = {norm(x) for c in self.src.concepts.values() for x in c.names()}
        slots = list(EXTENSION_SLOTS)
        self.rng.shuffle(slots)
        out = []
        for table, after, total, negated, labels in slots[:n]:
            spec = self.src.tables[table]
            fits = [x for x in labels if self.layout.suffix_names or not suffix_named(self.src, spec, x)]
            label = self.rng.choice(fits)
            assert norm(label) not in names, f"{label} is a concept's name: not an extension"
            out.append(Extension(table, after, total, negated, label))
        return out

    def sep(self) -> str:
        return " " * self.rng.randint(2, 4) if self.rng.random() < self.layout.extra_spaces else " "

    def words(self, text: str) -> str:
        """A label as printed: maybe a stray space inside a long word, maybe extra spaces."""
        out = []
        for w in text.split():
            if len(w) > 5 and w.isalpha() and self.rng.random() < self.layout.split_words:
                k = self.rng.randint(1, len(w) - 2)
                w = w[:k] + " " + w[k:]
            out.append(w)
        return self.sep().join(out)

    def header_join(self, parts: list[str]) -> str:
        """Header words with line breaks between some of them (and maybe one blank line)."""
        tokens = " ".join(parts).split()
        out = tokens[0] if tokens else ""
        blank_at = self.rng.randrange(1, len(tokens)) if self.layout.blank_in_header and len(tokens) > 1 else -1
        for i, t in enumerate(tokens[1:], 1):
            if i == blank_at:
                out += "\n\n"
            elif self.rng.random() < self.layout.header_breaks:
                out += "\n"
            else:
                out += self.sep()
            out += t
        return out

    def date_text(self, d: date) -> str:
        return format_date(d, self.layout.date_style, self.rng)

    def scale_text(self) -> str:
        return self.layout.scale_text

    def ordered(self, cols: list[Period]) -> list[Period]:
        cols = sorted(cols, key=lambda p: p.end)
        return cols[::-1] if self.layout.current_first else cols

    def duration_header(self, cols: list[Period]) -> list[str]:
        lay = self.layout
        months = cols[0].months
        phrase = self.rng.choice(DURATION_WORDS[months])
        if lay.period_style == "labels":
            return [self.fiscal_label(p) for p in cols]
        dates = [self.date_text(p.end) for p in cols]
        if lay.period_style == "paired":
            return [x for d in dates for x in (phrase, d)]
        if lay.period_style == "single":
            return [phrase, *dates]
        return [phrase] * len(cols) + dates

    def fiscal_label(self, p: Period) -> str:
        """ "1H FY2020", "3Q FY2020", "FY2020": a three-month period is named by its quarter."""
        fy_start = self.periods.current.start
        quarter = ((p.end.year - fy_start.year) * 12 + p.end.month - fy_start.month) % 12 // 3 + 1
        text = f"{quarter}Q FY{{y}}" if p.months == 3 else FISCAL_LABEL[p.months]
        return text.format(y=fiscal_label_year(self.layout, p))

    def instant_header(self, cols: list[Period]) -> list[str]:
        return [self.layout.instant_prefix + self.date_text(p.end) for p in cols]

    def with_scale(self, periods: list[str], n: int) -> list[str]:
        place = self.layout.scale_place
        if place == "once-before":
            return [self.scale_text(), *periods]
        if place == "once-after":
            return [*periods, self.scale_text()]
        return [*periods, *([self.scale_text()] * n)]

    def title(self, spec: TableSpec, months: int) -> str:
        heading = self.rng.choice(spec.headings[:4] if len(spec.headings) > 4 else spec.headings)
        prefix = self.rng.choice(TITLE_PREFIX)
        if prefix.startswith(("Condensed", "Interim")) and months == 12:
            prefix = "Consolidated "
        suffix = " (Unaudited)" if months != 12 and self.rng.random() < 0.6 else ""
        return prefix + heading + suffix

    def label_for(self, spec: TableSpec, concept: Concept, node: Node) -> str:
        choices = label_choices(concept, node, self.full_year)
        if not self.layout.heading_prefixed:
            choices = [c for c in choices if not heading_prefixed(self.src, spec, c)] or choices
        if self.rng.random() < self.layout.preferred_labels:
            text = preferred_label(concept, node)
            if text in choices and (node.anchor is None or _ANCHOR_WORDS.search(text)):
                return text
        return self.rng.choice(choices)

    # -- statements -----------------------------------------------------------------------
    def statement(self, tid: str, cols: list[Period]) -> str:
        spec = self.src.tables[tid]
        cols = self.ordered(cols)
        instants = all(p.is_instant for p in cols)
        header = self.instant_header(cols) if instants else self.duration_header(cols)
        header = self.with_scale(header, len(cols))
        parts = [self.header_join([self.title(spec, 0 if instants else cols[0].months), *header])]
        body: list[str] = []
        pending_headings: list[str] = []
        exts = {e.after: e for e in self.extensions if e.table == tid}
        for node, depth in spec.nodes():
            c = self.src.concepts[node.concept]
            if c.abstract:
                if self.rng.random() >= self.layout.drop_headings:
                    h = self.rng.choice(list(dict.fromkeys(c.names())))
                    pending_headings.append(h + (":" if self.layout.heading_colon and self.rng.random() < 0.5 else ""))
                continue
            label = self.label_for(spec, c, node)
            if c.type == "perShare":
                cells = [format_per_share(self.gen.eps[(c.name, p)], self.layout) for p in cols]
                for p in cols:
                    self.expect(c.name, p, (), self.gen.eps[(c.name, p)], 2, tid, label)
            else:
                cells = []
                for p in cols:
                    v = self.gen.values[(tid, p if not instants else p)][node_key(node)]
                    cells.append(self.cell(v, c.negated))
                    if v is not None:
                        self.expect(c.name, self.gen.fact_period(c, node.anchor, p), (), v, -self.layout.scale, tid,
                                    label, monetary=True)
            body.append(self.sep().join([*(self.words(h) for h in pending_headings), self.words(label), *cells]))
            pending_headings = []
            e = exts.get(node.concept)
            if e is not None:
                cells = []
                for p in cols:
                    v = self.gen.values[(tid, p)][f"ext:{e.label}"]
                    cells.append(self.cell(v, e.negated))
                    self.expect(f"ext:{e.label}", p, (), v, -self.layout.scale, tid, e.label, monetary=True)
                body.append(self.sep().join([self.words(e.label), *cells]))
        return self.join_rows(parts[0], body)

    def join_rows(self, head: str, rows: list[str]) -> str:
        out = head
        for r in rows:
            out += ("\n" if self.rng.random() < self.layout.row_breaks else self.sep()) + r
        return out

    def cell(self, v: int | None, negated: bool) -> str:
        if v is None:
            return self.layout.nil_mark
        return format_amount(-v if negated else v, self.layout)

    def expect(self, concept: str, period: Period, dims: tuple, v: int | Decimal, decimals: int, table: str,
               label: str, monetary: bool = False) -> None:
        value = Decimal(v).scaleb(self.layout.scale) if monetary else Decimal(v)
        qname = concept if concept.startswith("ext:") else f"{BASE_PREFIX}:{concept}"
        self.facts.append(ExpectedFact(qname, period, tuple(sorted(dims)), value, decimals, table, label))

    # -- segments -------------------------------------------------------------------------
    def segment_table(self) -> str:
        """Segment information: one sub-table per period, segments + adjustments + consolidated
        columns (the sample's layout); consolidated figures are the profit or loss statement's."""
        rng = self.rng
        lay = self.layout
        spec = self.src.tables["segment-information"]
        out = [rng.choice(spec.headings),
               f"{self.issuer} manages its business in {len(self.segment_names)} reportable segments. "
               "Segment information for the Company is as follows:"]
        for col in self.ordered([self.periods.prior, self.periods.current]):
            book = self.gen.book
            revenue = book[("Revenue", col)]
            op = book[("ProfitLossFromOperatingActivities", col)]
            n = len(self.segment_names)
            weights = [rng.random() + 0.2 for _ in range(n)]
            cust = [max(1, int(revenue * w / sum(weights))) for w in weights]
            cust[-1] = revenue - sum(cust[:-1])
            inter = [rng.choice((0, rng.randint(1, max(1, revenue // 50)))) for _ in range(n)]
            seg_op = [int(op * w / sum(weights)) + rng.randint(-abs(op) // 20 - 1, abs(op) // 20 + 1) for w in weights]
            adj_op = op - sum(seg_op)
            rows: list[tuple[str, list[int | None], Concept, Node]] = []
            nodes = {n_.concept: n_ for n_, _ in spec.nodes()}

            def row(concept: str, values: list[int | None]) -> None:
                c = self.src.concepts[concept]
                rows.append((self.label_for(spec, c, nodes[concept]), values, c, nodes[concept]))

            inter_adj = -sum(inter)
            row("RevenueFromExternalCustomers", [*cust, None, revenue])
            row("IntersegmentRevenue", [*(x or None for x in inter), inter_adj or None, None])
            row("Revenue", [*(c + i for c, i in zip(cust, inter)), inter_adj or None, revenue])
            row("ProfitLossFromOperatingActivities", [*seg_op, adj_op, op])
            for concept in ("FinanceIncome", "FinanceCosts",
                            "ShareOfProfitLossOfAssociatesAndJointVenturesAccountedForUsingEquityMethod",
                            "ProfitLossBeforeTax"):
                v = book.get((concept, col))
                if v is not None:
                    row(concept, [v])
            months = col.months
            phrase = rng.choice(DURATION_WORDS[months])
            out.append(f"{phrase} {self.date_text(col.end)}")
            members = [(name, f"{self.prefix}:{member_name(name)}") for name in self.segment_names]
            members.append((self.adjust_label, f"{BASE_PREFIX}:{self.adjust_member}"))
            members.append((rng.choice(("Consolidated", "Consolidated", "Consolidated total", "Total")), None))
            head = ["Reportable segments", *(m for m, _ in members)]
            head += [self.scale_text()] * (len(members) if lay.scale_place == "per-column" else 1)
            body = []
            heading = self.rng.choice(list(self.src.concepts["RevenueAbstract"].names()))
            for i, (label, values, c, node) in enumerate(rows):
                cells = [self.cell(v, c.negated) for v in values]
                body.append(self.sep().join([*([heading] if i == 0 else []), self.words(label), *cells]))
                cols_of = members[-len(values):]
                for (mname, mq), v in zip(cols_of, values):
                    if v is None:
                        continue
                    dims = () if mq is None else ((f"{BASE_PREFIX}:{SEGMENT_AXIS}", mq),)
                    self.expect(c.name, col, dims, v, -lay.scale, spec.id, label, monetary=True)
            out.append(self.join_rows(self.header_join(head), body))
        return "\n\n".join(out)

    # -- the release ----------------------------------------------------------------------
    def release(self) -> Release:
        lay = self.layout
        per = self.periods
        self.gen.statements(per)
        months = KINDS[lay.kind]
        what = {3: "First Quarter", 6: "First Half", 9: "First Nine Months", 12: "Full Year"}[months]
        blocks = [f"{self.issuer} Announces Consolidated Financial Results for the {what} of the Fiscal Year Ending "
                  f"{self.date_text(add_months(per.current.start, 12) - timedelta(days=1))}",
                  f"{self.issuer} (the Company) today announced its results. All figures are prepared in accordance "
                  "with IFRS and are unaudited unless otherwise stated."]
        for tid in lay.order:
            if tid == "financial-position":
                blocks.append(self.statement(tid, [Period(d) for d in per.instants]))
            else:
                blocks.append(self.statement(tid, [per.prior, per.current]))
                if lay.quarter_tables and per.quarter_current is not None and tid in ("profit-or-loss",
                                                                                    "comprehensive-income"):
                    blocks.append(self.statement(tid, [per.quarter_prior, per.quarter_current]))
        if lay.segments:
            blocks.append(self.segment_table())
        blocks.append("Subsequent Events\n\nNothing to be reported.")
        text = "\n\n".join(blocks) + "\n"
        return Release(text, self.profile_toml(), self.unique_facts(), lay, self.issuer, self.prefix,
                       [e.label for e in self.extensions])

    def unique_facts(self) -> list[ExpectedFact]:
        seen: dict[tuple, ExpectedFact] = {}
        for f in self.facts:
            old = seen.setdefault(f.key, f)
            if old.value != f.value:
                raise RuntimeError(f"writer bug: {f.key} is {old.value} and {f.value}")
        return list(seen.values())

    def profile_toml(self) -> str:
        lay = self.layout
        lines = ["# generated by tests/release_writer.py", "[issuer]", f'name = "{self.issuer}"',
                 f'identifier = "{self.identifier}"', f'prefix = "{self.prefix}"', "", "[fiscal]",
                 f'year_end = "{lay.year_end}"', f'naming = "{lay.naming}"', "", "[reporting]", 'currency = "JPY"',
                 'standard = "ifrs"']
        for name in self.segment_names:
            lines += ["", "[[segments]]", f'name = "{name}"']
        return "\n".join(lines) + "\n"


def write_release(src: Source, layout: Layout) -> Release:
    """The release text, its profile and the facts it states, for one layout."""
    return Writer(src, layout).release()


# ------------------------------------------------------------------------------------ comparing
@dataclass
class Comparison:
    """What a filing recovered of a release's facts."""

    expected: int
    found: int
    missed: list[tuple[ExpectedFact, list]]  # (expected fact, facts filed under its key)
    extra: list  # base-taxonomy facts filed that the release does not state

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def describe(self, n: int = 12) -> str:
        out = []
        for e, got in self.missed[:n]:
            filed = ", ".join(f"{f.value} (decimals {f.decimals}, row '{f.provenance.label}')" for f in got[:2]) or "nothing"
            out.append(f"missed {e.concept} {e.period.key()} {dict(e.dims) or ''} = {e.value} (decimals {e.decimals}) "
                       f"printed as '{e.label}' in {e.table}; filed: {filed}")
        for f in self.extra[:n]:
            out.append(f"extra {f.concept} {f.period.key()} {dict(f.dims) or ''} = {f.value} from row "
                       f"'{f.provenance.label}' line {f.provenance.line}")
        return "\n".join(out)


def compare(release: Release, facts: Iterable[Any]) -> Comparison:
    """Match filed facts against the release's: by concept, period, dims, value and decimals. An
    extension row ("ext:<label>") matches a fact of an issuer concept (the release's prefix)."""
    facts = list(facts)
    by_key: dict[tuple, list] = {}
    ext: dict[tuple, list] = {}
    for f in facts:
        by_key.setdefault((f.concept, f.period, f.dims), []).append(f)
        if f.concept.split(":", 1)[0] == release.prefix:
            ext.setdefault((f.period, f.dims), []).append(f)
    found, missed = 0, []
    for e in release.facts:
        got = ext.get((e.period, e.dims), []) if e.concept.startswith("ext:") else by_key.get(e.key, [])
        if any(f.value == e.value and f.decimals == e.decimals for f in got):
            found += 1
        else:
            missed.append((e, got))
    keys = {e.key for e in release.facts}
    extra = [f for f in facts if f.concept.startswith(f"{BASE_PREFIX}:") and (f.concept, f.period, f.dims) not in keys]
    return Comparison(len(release.facts), found, missed, extra)


def main(argv: list[str]) -> int:
    from disclose.api import taxonomy_source

    seed = int(argv[1]) if len(argv) > 1 else 0
    out = Path(argv[2]) if len(argv) > 2 else Path(".")
    ext = int(argv[3]) if len(argv) > 3 else 0
    layout = random_layout(random.Random(seed), extensions=ext)
    rel = write_release(taxonomy_source(), layout)
    path = rel.write(out, f"release-{seed}")
    print(path, len(rel.facts), "facts")
    print(layout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
