"""Japanese GAAP results releases in the Tanshin (決算短信) layout, in English.

`is_tanshin(doc)` recognises one; `read(doc, src, profile)` turns it into facts the way
`api.read_release` does for other releases, and also says who files (from the first page: no
profile is needed, a given one still wins), how the figures are rounded, and which extension
members and concepts the issuer's filing needs:

    layout.py     page furniture, detection, the rounding rule ("rounded down" -> truncate)
    identity.py   company, securities code, period and fiscal year end from the title
    periods.py    Tanshin period expressions ("July 1, 2024 thru March 31, 2025", "24/4 - 25/3")
    cells.py      one line: label words and its run of figures (△, －, 12.5%, [1,508])
    statements.py the statements and notes: one row per line, wrapped labels, repeated headers
    summary.py    the summary page: transposed tables, dividends, numbers of shares, notes
    overview.py   the per-segment blocks of the management discussion
    discover.py   the issuer's segments and product categories, named in table headers
    extension.py  the issuer's extension: members and the concepts of "by category" rows
    resolve.py    figures one per line whose order only the table's arithmetic settles

Only the Japanese GAAP tables (data/taxonomy/source/jgaap-*.yaml, standard "jgaap") are read here; the
reader of other releases leaves them out by the profile's standard.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from disclose.arithmetic import find_sums, row_figures
from disclose.mapping import Mapper

try:  # the mapper's extension concepts for rows the taxonomy lacks
    from disclose.extensions import Extensions
except ImportError:  # pragma: no cover - older mapper
    Extensions = None  # type: ignore[assignment,misc]
from disclose.model import Fact, Issue, Period, Table
from disclose.rows_read import statement_rows
from disclose.profile import Profile, issuer_source, load_profile, profile_from_dict
from disclose.taxonomy.source import Source
from disclose.tanshin import layout
from disclose.tanshin.discover import discover
from disclose.tanshin.equity_streams import read_member_streams
from disclose.tanshin.extension import build_extension
from disclose.tanshin.identity import identify
from disclose.tanshin.resolve import resolve_stacked
from disclose.tanshin.rollforward import columns_failing
from disclose.tanshin.cells import split
from disclose.tanshin.statements import HeadingIndex, LineTableReader, currency_of
from disclose.tanshin.streams import read_stacked
from disclose.tanshin.summary import SummaryReader
from disclose.tanshin.overview import segment_overview
from disclose.text.decode import Document, InputError
from disclose.text.doubled import mend as mend_doubled
from disclose.text.tables import vocabulary
from disclose.units import choose_currency, is_translation

__all__ = ["TanshinRead", "filing", "is_tanshin", "read", "reads_statements", "tanshin_specs"]

TANSHIN_FILE_PREFIX = "jgaap-"
PRIMARY = ("jgaap-balance-sheet", "jgaap-income-statement", "jgaap-comprehensive-income", "jgaap-cash-flows",
           "jgaap-changes-in-net-assets",
           "financial-position", "profit-or-loss", "comprehensive-income", "cash-flows", "changes-in-equity")
ATTACHMENT_PREFIXES = ("tableofcontents", "contentsofattach", "contentsofsupplement", "indexofattach")
ATTACHMENT_MARKS = ("contentsofsupplementarymaterial", "attacheddocuments", "tableofcontents", "contents", "index",
                    "attachments", "attachedmaterial", "appendix")


@dataclass(frozen=True)
class TanshinRead:
    tables: list[Table]
    facts: list[Fact]
    issues: list[Issue]
    profile: Profile
    ext: Source
    rounding: str  # "truncate" | "round"
    calcs: str  # Calculations 1.1 mode for that rounding: "c11t" | "c11r"


def is_tanshin(doc: Document) -> bool:
    return layout.is_tanshin(mend_doubled(doc.lines))


STATEMENT_ROWS = 5  # rows with figures a statement heading must be followed by to count as one


def reads_statements(doc: Document, src: Source) -> bool:
    """A results release without the Tanshin cover (no securities code, another title), recognised
    by its statements laid out one row per line: a primary statement's heading followed by rows of
    a label and figures (what a PDF gives). A text that flattens its statements into long lines is
    not one: the line reader could not read it."""
    lines = layout.clean_lines(doc.lines, None)
    index = HeadingIndex.of([s for s in tanshin_specs(src, "jgaap") + tanshin_specs(src, "ifrs")
                             if s.headings and s.id in PRIMARY])
    for i, line in enumerate(lines):
        if index.match(line) is None:
            continue
        rows = 0
        for nxt in lines[i + 1:i + 40]:
            cell = split(nxt, 0)
            if len(nxt) < 200 and cell.label and len([v for v in cell.values if not v.percent]) >= 1:
                rows += 1
        if rows >= STATEMENT_ROWS:
            return True
    return False


def tanshin_specs(src: Source, standard: str = "jgaap"):
    """The tables of the release's accounting standard: Japanese GAAP (data/taxonomy/source/jgaap-*.yaml)
    or IFRS (ifrs-*.yaml)."""
    if standard != "jgaap":
        return [t for t in src.tables.values() if getattr(t, "standard", None) == standard]
    return [t for t in src.tables.values()
            if getattr(t, "standard", None) == "jgaap" or t.file.startswith(TANSHIN_FILE_PREFIX)]


def _attachments_start(lines: list[str], reader: LineTableReader) -> int:
    """Where the summary page ends: the contents of the attached material, or the first primary
    statement's heading when the release prints no contents."""
    from disclose.text.tokens import norm

    first_statement = next((a for spec, a, _ in reader.regions(0, len(lines)) if spec.id in PRIMARY), len(lines))
    for i, line in enumerate(lines[:first_statement]):
        key = norm(line)
        if i > 10 and len(key) < 60 and (key in ATTACHMENT_MARKS or key.startswith("contentsof")
                                          or any(key.startswith(m) for m in ATTACHMENT_PREFIXES)):
            return i
    return first_statement


def _best_reading(reader: LineTableReader, spec, start: int, end: int, rounding: str) -> list[Table]:
    """The region read line by line, or as label and column streams when the extractor let the
    columns drift from their labels: whichever reading has more totals adding up."""
    mark = len(reader.issues)
    by_line = reader.read_region(spec, start, end)
    if spec.columns != "periods":
        by_members = read_member_streams(reader, spec, start, end)
        if by_members is not None and _score(by_members, rounding) > _score(by_line, rounding):
            del reader.issues[mark:]  # what the line reading could not place: the streams placed it
            return by_members
        return by_line
    stacked = read_stacked(reader, spec, start, end)
    if stacked is None:
        return by_line
    if _score([stacked], rounding) > _score(by_line, rounding):
        del reader.issues[mark:]  # the line reading's unlabelled figures: the streams gave them labels
        return [stacked]
    return by_line


def _with_currency(table: Table, lines: list[str], start: int) -> Table:
    """The table with the currency its unit line names (the last one from its heading down to its
    first row), so a release in another currency than yen files in that currency."""
    first = table.rows[0].line if table.rows else table.line
    for i in range(min(max(first, table.line), len(lines)) - 1, start - 1, -1):
        code = currency_of(lines[i])
        if code is not None:
            return replace(table, currency=code)
    return table


def _filing_currency(tables: list[Table], currency: str) -> tuple[list[Table], list[Issue], set[int]]:
    """The tables in the filing's currency, what was said of the others, and their lines. A
    statement printed again in a convenience currency (U.S. dollars) is no fact of the filing."""
    kept: list[Table] = []
    issues: list[Issue] = []
    lines: set[int] = set()
    for t in tables:
        if is_translation(t.currency, currency):
            lines.update(range(t.line, max(t.end_line, t.line) + 1))
            issues.append(Issue("convenience-translation", "info",
                                f"{t.spec} (line {t.line}) is printed in {t.currency}, the filing in {currency}: a "
                                f"translation for convenience, not read", (t.line,)))
            continue
        kept.append(t)
    return kept, issues, lines


def _score(tables: list[Table], rounding: str) -> tuple[int, int]:
    """(totals that add up, rows with a figure in every column) of a reading."""
    totals = full = 0
    for table in tables:
        figures = [row_figures(r.cells, table.columns) for r in table.rows]
        totals += len(find_sums(figures, rounding))
        full += sum(all(c is not None for c, col in zip(r.cells, table.columns) if col.kind == "value") and bool(r.label)
                    for r in table.rows)
    return totals, full


def read(doc: Document, src: Source, profile_path: Path | None = None) -> TanshinRead:
    issues: list[Issue] = []
    doc = replace(doc, lines=mend_doubled(doc.lines))  # headings an extractor printed twice, once
    ident = identify(doc.lines, Path(doc.name).stem)  # the file names the issuer when the cover does not
    code = ident.code
    lines = layout.clean_lines(doc.lines, code)
    rounding = layout.rounding_rule(doc.lines)
    standard = layout.standard_of(doc.lines)
    specs = tanshin_specs(src, standard)
    given = load_profile(Path(profile_path)) if profile_path else None
    if given is not None:
        src = issuer_source(src, given)  # the profile's own wordings of its concepts
    cal = given.calendar if given is not None else ident.calendar()
    try:
        current = Period(ident.period_end, cal.year_containing(ident.period_end).start)
    except ValueError:
        current = ident.current()
    base_vocab = vocabulary(src)
    scout = LineTableReader(src, cal, base_vocab, lines, specs, current)
    split_at = _attachments_start(lines, scout)

    # the issuer's members, as its tables name them
    found = {}
    for spec in specs:
        if spec.columns in ("periods",) or not spec.headings or spec.columns in found:
            continue
        f = discover(scout, spec, base_vocab, split_at, len(lines))
        if f is not None and f.names:
            found[spec.columns] = f
    if given is not None:
        profile = given
    else:
        data = ident.profile_dict()
        data["reporting"]["standard"] = standard
        seg = found.get(data.get("reporting", {}).get("segment_axis", "SegmentsAxis"))
        if seg is not None:
            data["segments"] = [{"name": n} for n in seg.names]
        profile = profile_from_dict(data, f"{doc.name} (first page)")
    ext = build_extension(src, profile, {a: f.names for a, f in found.items() if a != profile.segment_axis})
    extra = {axis: [(m.name, list(m.names())) for m in a.members] for axis, a in ext.source.axes.items()}
    vocab = vocabulary(src, extra)
    reader = LineTableReader(src, cal, vocab, lines, specs, current)
    reader.member_order = {axis: [m.name for m in a.members] for axis, a in ext.source.axes.items()}

    tables: list[Table] = []
    tables.extend(SummaryReader(src, cal, vocab, lines, specs, current).read(0, split_at))
    regions = reader.regions(split_at, len(lines))
    for spec, a, b in regions:
        tables.extend(_with_currency(t, lines, a) for t in _best_reading(reader, spec, a, b, rounding.mode))
    currency = choose_currency(profile.currency, [t.currency for t in tables])
    tables, translated, left_out = _filing_currency(tables, currency)
    issues.extend(translated)
    seg_axis = ext.source.axes.get(profile.segment_axis)
    if seg_axis is not None:
        tables.extend(segment_overview(reader, src, [(m.name, m.labels["label"]["en"]) for m in seg_axis.members],
                                       split_at, len(lines)))

    # rows of "by category" tables that name the issuer's products become extension concepts
    ext = ext.with_category_rows(src, tables, reader)
    merged = ext.merged(src)
    qnames = {m.name: ext.source.qname(m.name) for a in ext.source.axes.values() for m in a.members}
    extensions = Extensions(ext.source.prefix) if Extensions is not None else None
    mapper = Mapper(merged, vocab, ident.months, rounding.mode, qname_of_member=qnames, currency=currency,
                    **({"extensions": extensions} if extensions else {}))  # type: ignore[arg-type]
    facts: list[Fact] = []
    junk: list[tuple[int, int]] = []
    for t in tables:
        table_facts, i = mapper.table_facts(t)
        if not table_facts:
            # no row names a concept of the table: a caption that repeats a heading (a chart), not the table
            junk.append((t.line, t.end_line))
            continue
        if t.columns and t.columns[0].member is not None:
            failed, checked = columns_failing(table_facts, merged, merged.tables.get(t.spec))
            mismatched = sum(1 for x in reader.issues if x.code == "row-columns-mismatch"
                             and any(t.line <= n <= t.end_line for n in x.lines))
            if (checked >= 2 and failed * 2 > checked) or (failed and mismatched):
                # most columns neither roll forward nor add up as read, or a check fails where rows
                # held more figures than columns: a misreading, filed as nothing
                issues.append(Issue("statement-not-read", "warning",
                                    f"{t.spec} (lines {t.line}-{t.end_line}): {failed} of its {checked} column checks "
                                    f"fail as read (opening + changes = closing, totals = their items): the "
                                    f"extraction scrambled its rows; the table is not filed (give the PDF or "
                                    f"another extraction)", (t.line,)))
                junk.append((t.line, t.end_line))
                continue
        facts.extend(table_facts)
        issues.extend(i)
    issues.extend(i for i in reader.issues if not any(a <= ln <= b for ln in i.lines for a, b in junk))
    facts = [ext.requalify(f) for f in facts]
    facts, notes = resolve_stacked(facts, tables, reader.stacked, merged, mapper, ext)
    issues.extend(notes)
    if extensions is not None and (extensions.concepts or extensions.prohibited or extensions.calcs):
        # rows the taxonomy lacks: the mapper made them extension concepts (with their sums)
        ext = ext.with_source(extensions.source(src, ext.source.namespace, ext.source.axes))

    for text, line in ident.warnings:
        issues.append(Issue("cover-field-missing", "warning", text, (line,) if line else ()))
    issues.insert(0, Issue("tanshin-identity", "info",
                           f"{'IFRS' if standard == 'ifrs' else 'Japanese GAAP'} "
                           f"{'Tanshin release' if ident.code else 'results release (recognised by its statements)'}: "
                           f"{profile.name}, {'securities code ' + ident.code if ident.code else 'no securities code'} "
                           f"(entity {profile.scheme} {profile.identifier}), {ident.title!r}; fiscal year ends "
                           f"{cal.year_end_month:02d}-{cal.year_end_day:02d}"
                           + (f"; profile {profile.source} overrides the first page" if given is not None else ""),
                           (ident.title_line,)))
    mode = "c11t" if rounding.mode == "truncate" else "c11r"
    why = (f"the release says {rounding.text!r}" if rounding.line else "the release does not say how it rounds")
    issues.insert(1, Issue("rounding", "info",
                           f"figures are {'truncated' if rounding.mode == 'truncate' else 'rounded'} ({why}): "
                           f"calculations are checked with Calculations 1.1 "
                           f"{'truncation' if mode == 'c11t' else 'round-to-nearest'} mode ({mode})",
                           (rounding.line,) if rounding.line else ()))
    if found:
        for axis, f in found.items():
            issues.append(Issue("extension-members", "info",
                                f"{axis}: the release's own members {', '.join(f.names)} (from the header on line "
                                f"{f.line})", (f.line,)))
    issues.extend(statement_lines(lines, [(spec.id, a, b) for spec, a, b in regions], tables, facts, left_out))
    if not facts:
        # a filing of nothing would pass every check: say that the figures could not be read
        raise InputError("a Tanshin release, but no figure of its statements or summary could be read: the text "
                         "does not keep rows and their figures together (try another PDF extractor)",
                         split_at + 1 if split_at else None, name=doc.name)
    return TanshinRead(tables, facts, issues, profile, ext.source, rounding.mode, mode)


_YEAR = re.compile(r"^(?:19|20)\d\d$")  # "... ended March 31, 2025 and 2026": a heading's year, no figure


def statement_lines(lines: list[str], regions: list[tuple[str, int, int]], tables: list[Table],
                   facts: list[Fact], left_out: set[int] | None = None) -> list[Issue]:
    """Per primary statement, how many of its lines with a label and figures became facts and which
    did not (an info line each; a warning naming the lines not read). Lines `left_out` on purpose
    (a convenience translation, already said) count as neither."""
    left_out = left_out or set()
    done = {f.provenance.line for f in facts}
    for t in tables:  # a row's facts carry its figures' line; its label may start lines above
        for r in t.rows:
            if r.line in done or any(c is not None and c.line in done for c in r.cells):
                done.update(range(t.line if t.rows and r is t.rows[0] else r.line, r.line + 1))
    seen: dict[str, tuple[list[int], list[int]]] = {}
    for spec, a, b in regions:
        if spec not in PRIMARY:
            continue
        read, unread = seen.setdefault(spec, ([], []))
        for i in range(a + 1, b):
            if i + 1 in left_out:
                continue
            cell = split(lines[i], i + 1)
            if len(lines[i]) < 200 and any(ch.isalpha() for ch in cell.label) \
                    and any(v.value is not None and not v.percent and not _YEAR.match(v.raw) for v in cell.values):
                (read if i + 1 in done else unread).append(i + 1)
    out = []
    for spec, (read, unread) in seen.items():
        text = f"{spec}: {len(read)} line(s) with figures read, {len(unread)} not read"
        out.append(Issue("statement-rows", "warning" if unread else "info",
                         text + (f" (lines {', '.join(map(str, unread))})" if unread else ""), tuple(unread)))
    return out


def filing(doc: Document, release: Path, profile: Path | None, src: Source):
    """(Filing, extension source, namespaces, calcs mode) of a Tanshin release, for api.build.

    A profile given explicitly, or found next to the release (release.toml), overrides the
    identity read from the first page.
    """
    from disclose.assemble import assemble
    from disclose.model import Entity

    release = Path(release)
    if profile is None and release.with_suffix(".toml").exists():
        profile = release.with_suffix(".toml")
    t = read(doc, src, Path(profile) if profile else None)
    entity = Entity(t.profile.scheme, t.profile.identifier, t.profile.name)
    built = assemble(t.facts, entity, f"{release.stem}.xsd", rounding=t.rounding, source_name=release.name,
                     issues=tuple(t.issues))
    built = replace(built, statements=statement_rows(t.tables, t.facts, built.issues))
    namespaces = [(src.prefix, src.namespace)]
    if t.ext.axes or t.ext.concepts:
        namespaces.append((t.ext.prefix, t.ext.namespace))
    return built, t.ext, namespaces, t.calcs
