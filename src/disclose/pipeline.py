"""The build itself: a release read, mapped, assembled, written and validated into one folder.

disclose.api exposes these as the library surface (and the CLI as commands); disclose.batch runs
`build` for many releases. Nothing here imports either, so the modules form no import cycle.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from disclose.assemble import assemble
from disclose.checks import check_release
from disclose.coverage import Coverage, coverage
from disclose.extensions import Extensions
from disclose.mapping import Mapper
from disclose.model import Entity, Fact, Filing, Issue, Report, Table
from disclose.paths import INSTANCES, SAMPLE_PROFILE, SAMPLE_RELEASE, TAXONOMY_BUILD, TAXONOMY_DIR, TAXONOMY_SOURCE
from disclose.pdf import is_pdf, read_pdf
from disclose.process import atomic_folder
from disclose.profile import Profile, issuer_source, load_profile
from disclose.rows_read import as_dicts, statement_rows
from disclose.writers.instance import render_instance
from disclose.writers.report import report_dict, summary_text
from disclose.taxonomy.source import ENTRY_NAME, Axis, Member, Source, load
from disclose.text.decode import Document, InputError, decode
from disclose.text.sentences import SentenceReader
from disclose.text.tables import TableReader, vocabulary
from disclose.text.tokens import tokenize
from disclose.timing import lap
from disclose.units import choose_currency

__all__ = ["BuildResult", "InputError", "build", "extension_source", "generate_taxonomy", "read_document",
           "read_release", "taxonomy_source", "validate", "with_coverage"]


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    instance: Path
    report: Report
    filing: Filing
    summary: str

    @property
    def exit_code(self) -> int:
        return 0 if self.report.ok else 1


@lru_cache(maxsize=4)
def taxonomy_source(directory: str = str(TAXONOMY_SOURCE)) -> Source:
    return load(Path(directory))


def _read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a release text") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None


def read_document(release: Path) -> Document:
    """The release as the one Document every reader takes: a PDF read by its characters' positions
    (disclose.pdf), anything else decoded as text."""
    data = _read_bytes(release)
    if is_pdf(data):
        return read_pdf(data, Path(release).name)
    return decode(data, Path(release).name)


def extension_source(base: Source, profile: Profile) -> Source:
    """The issuer's own schema: its segments as members of the base segment axis."""
    axes = {}
    if profile.segments:
        if profile.segment_axis not in base.axes:
            raise InputError(f"{profile.source}: segment axis {profile.segment_axis} is not in the taxonomy")
        members = tuple(Member(s.member, {"label": {"en": s.name, **({"ja": s.ja} if s.ja else {})}}, s.synonyms)
                        for s in profile.segments)
        ax = base.axes[profile.segment_axis]
        axes[profile.segment_axis] = Axis(profile.segment_axis, ax.labels, ax.domain, members)
    return Source({}, axes, {}, namespace=profile.namespace, prefix=profile.prefix)


def read_release(doc: Document, src: Source, profile: Profile, ext: Source,
                 extensions: Extensions | None = None) -> tuple[list[Table], list[Fact], list[Issue]]:
    """Text to facts: find tables, map rows, keep every problem as an Issue with its line.

    Rows the taxonomy lacks become concepts of `extensions` (the issuer's extension taxonomy); the
    profile's own wordings of the taxonomy's rows ([synonyms]) are read as theirs."""
    src = issuer_source(src, profile)
    extra = {axis: [(m.name, list(m.names())) for m in a.members] for axis, a in ext.axes.items()}
    vocab = vocabulary(src, extra)
    toks = tokenize(doc.lines)
    reader = TableReader(src, profile.calendar, vocab, profile.standard)
    tables, issues = reader.read(toks, 0)
    tables, found = check_release(doc, toks, reader, tables)  # cut-off text: InputError; untrusted rows: issues
    issues.extend(found)
    lap("extract")
    if not tables:
        raise InputError(f"{doc.name}: no recognisable statement or table (none of the taxonomy's headings occurs "
                         f"with figures after it)")
    months: Counter[int] = Counter()
    ends = [c.period.end for t in tables for c in t.columns if c.period and not c.period.is_instant]
    latest = max(ends) if ends else None
    for t in tables:
        for c in t.columns:
            if c.period and not c.period.is_instant and c.period.end == latest:
                months[c.period.months] += 1
    extensions = extensions or Extensions(ext.prefix)
    member_qnames = {m.name: ext.qname(m.name) for a in ext.axes.values() for m in a.members}
    for axis, members in sorted(reader.new_members.items()):
        for member, label in sorted(members.items()):
            extensions.members.setdefault(axis, {})[member] = label
            member_qnames[member] = ext.qname(member)
            issues.append(Issue("extension-member", "info",
                                f"column '{label}' is not a member the taxonomy or profile knows: extension member "
                                f"{ext.qname(member)} of {axis}", (reader.new_member_lines[member],)))
    currency = choose_currency(profile.currency, [t.currency for t in tables])
    mapper = Mapper(src, vocab, max(months) if months else 12, qname_of_member=member_qnames, extensions=extensions,
                    currency=currency)
    facts: list[Fact] = []
    for t in tables:
        f, i = mapper.table_facts(t)
        facts.extend(f)
        issues.extend(i)
    current = next((c.period for t in tables for c in t.columns if c.period and c.period.end == latest
                    and c.period.months == mapper.default_months), None)
    lap("map")
    facts.extend(SentenceReader(src, profile.calendar, currency).read(doc.lines, current))
    lap("extract")  # figures in sentences: found and mapped in one pass
    return tables, facts, issues


def build(release: Path | None = None, profile: Path | None = None, out: Path | None = None, *,
          calcs: str | None = None, formulas: bool = True, min_coverage: float = 0.0,
          formats: str | list[str] | None = None, viewer: bool = False) -> BuildResult:
    """Build a validated filing from a release text into `out` (atomically) and return the result.

    `formats` ("xbrl,ixbrl,json,package"; None = all) chooses the outputs beside the .xbrl and its
    report, which are always written; `viewer` adds the ixbrl-viewer page (see disclose.writers).

    `min_coverage` (percent): the share of figures that must take part in a check that held;
    below it the filing is invalid.

    Raises InputError for bad input (exit 2). The returned result's exit_code is 0 when the filing
    validates and 1 when it does not.
    """
    from disclose.writers import parse_formats

    chosen = parse_formats(formats)  # a bad --format is bad input (exit 2) before any work
    sample = release is None
    release = Path(release) if release else SAMPLE_RELEASE
    doc = read_document(release)
    if not sample:
        from disclose import tanshin  # imported when used: the bundled sample is not a Tanshin

        bare = profile is None and not release.with_suffix(".toml").exists()
        if tanshin.is_tanshin(doc) or (bare and tanshin.reads_statements(doc, taxonomy_source())):
            # Japanese GAAP Tanshin (#10), or a release recognised by its statements printed one row per
            # line (#16: no securities code on its cover): identity and rounding from the text
            filing, ext, namespaces, mode = tanshin.filing(doc, release, profile, taxonomy_source())
            out = Path(out) if out else Path.cwd() / release.stem
            return _write_and_validate(filing, out, release.stem, taxonomy_source(), ext, namespaces, doc,
                                       calcs or mode, formulas, min_coverage, formats=chosen, viewer=viewer)
    if profile is None and sample:
        profile = SAMPLE_PROFILE
    if profile is None:
        sibling = release.with_suffix(".toml")
        if sibling.exists():
            profile = sibling
        else:
            raise InputError(f"no profile given for {release.name} (use --profile ISSUER.toml)")
    prof = load_profile(Path(profile))
    stem = release.stem
    if out is None:
        out = (INSTANCES / stem) if sample and INSTANCES is not None else Path.cwd() / stem
    out = Path(out)
    src = taxonomy_source()
    ext = extension_source(src, prof)
    extensions = Extensions(ext.prefix)
    tables, facts, issues = read_release(doc, src, prof, ext, extensions)
    if extensions.concepts or extensions.members or extensions.prohibited or extensions.calcs:
        ext = extensions.source(src, ext.namespace, ext.axes)
    entity = Entity(prof.scheme, prof.identifier, prof.name)
    same_as = {src.qname(c.name): src.qname(c.same_as) for c in src.concepts.values() if c.same_as}
    filing = assemble(facts, entity, f"{stem}.xsd", source_name=release.name, issues=tuple(issues), same_as=same_as)
    filing = replace(filing, statements=statement_rows(tables, facts, filing.issues))
    lap("assemble")
    namespaces = [(src.prefix, src.namespace)]
    if ext.axes or ext.concepts:
        namespaces.append((ext.prefix, ext.namespace))
    return _write_and_validate(filing, out, stem, src, ext, namespaces, doc, calcs or "c11r", formulas, min_coverage,
                               formats=chosen, viewer=viewer)


def _write_and_validate(filing: Filing, out: Path, stem: str, src: Source, ext: Source,
                        namespaces: list[tuple[str, str]], doc: Document, calcs: str, formulas: bool,
                        min_coverage: float = 0.0, formats: frozenset[str] | None = None,
                        viewer: bool = False) -> BuildResult:
    from disclose.taxonomy.generate import generate
    from disclose.trust import trusted_base
    from disclose.validate import validate_instance

    with atomic_folder(out) as tmp:
        tax = tmp / TAXONOMY_DIR
        tax.mkdir()
        for f in sorted(TAXONOMY_BUILD.iterdir()):
            if f.is_file():
                shutil.copyfile(f, tax / f.name)
        # the filing's DTS carries its rounding rule for the formula tolerances (truncated: a full unit)
        from disclose.taxonomy.formula import TRUNCATION_FACTOR

        generate(ext, tmp, file_stem=stem, base=src, base_href=f"{TAXONOMY_DIR}/{ENTRY_NAME}",
                 tolerance=TRUNCATION_FACTOR if calcs == "c11t" else None)
        lap("outputs")
        instance = tmp / f"{stem}.xbrl"
        instance.write_text(render_instance(filing, namespaces), encoding="utf-8")
        lap("render")
        report = validate_instance(instance, filing, calcs=calcs, formulas=formulas, base=trusted_base(instance))
        cov = coverage(filing, src)
        report = with_coverage(report, filing, src, min_coverage, cov)
        report = replace(report, stats=dict(report.stats, statements=as_dicts(filing.statements)))
        rel = f"{stem}.xbrl"
        data = report_dict(report, source=filing.source_name, instance=rel, encoding=doc.encoding)
        if doc.origins:
            data["pdf_lines"] = _pdf_lines(doc, report)
            data["pdf_not_read"] = list(doc.unread)
        (tmp / f"{stem}-report.json").write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n",
                                                 encoding="utf-8")
        from disclose.writers import write_outputs

        write_outputs(filing, tmp, stem, src, ext, namespaces, formats=formats, viewer=viewer, calcs=calcs)  # .xhtml .json .xbri
        lap("outputs")
        from disclose.writers.review import write_review

        write_review(tmp / f"{stem}-review.html", filing, report, doc.lines, src, ext, cov)  # for the person signing off
        lap("review")
    summary = summary_text(report, source=filing.source_name, instance=str(out / rel))
    if doc.origins:
        summary += "\nread from the PDF: line numbers count the text lines read from its pages (the JSON report's " \
                   "pdf_lines gives each one's page, line on the page and x position)"
        summary += "".join(f"\nwarning [pdf-not-read] {text}" for text in doc.unread)
    elif doc.encoding != "utf-8":
        summary += f"\nencoding: {doc.encoding} (the release is not UTF-8; check the figures' text in the report)"
    return BuildResult(out, out / rel, report, filing, summary)


def _pdf_lines(doc: Document, report: Report) -> dict[str, dict]:
    """Page, line on the page and x (points) of every release line the report names."""
    lines = {n for m in report.messages for n in m.lines} | {n for i in report.issues for n in i.lines}
    out = {}
    for n in sorted(lines):
        if 1 <= n <= len(doc.origins):
            o = doc.origins[n - 1]
            out[str(n)] = {"page": o.page, "line": o.line, "x": o.x}
    return out


def with_coverage(report: Report, filing: Filing, src: Source, min_coverage: float = 0.0,
                  cov: Coverage | None = None) -> Report:
    """Add check coverage (`cov`, computed when not given) to the report; coverage under the threshold is an error."""
    cov = cov or coverage(filing, src)
    stats = dict(report.stats, coverage=cov.as_dict())
    issues = report.issues
    if cov.percent < min_coverage:
        issues = issues + (Issue("coverage-below-threshold", "error",
                                 f"check coverage {cov.percent:.1f}% is below --min-coverage {min_coverage:g}%"),)
    return replace(report, stats=stats, issues=issues, ok=report.ok and cov.percent >= min_coverage)


def validate(instance: Path, *, calcs: str = "c11r", formulas: bool = True) -> Report:
    """Validate any instance offline, the way build does."""
    from disclose.validate import validate_instance

    from disclose.trust import trusted_base

    path = Path(instance)
    if not path.is_file():
        raise InputError(f"{path} does not exist")
    return validate_instance(path, None, calcs=calcs, formulas=formulas, base=trusted_base(path))


def generate_taxonomy(check: bool = False) -> list[str]:
    """Write the base taxonomy from its source; with check=True only report files that differ."""
    from disclose.taxonomy.generate import generate

    from disclose.writers.package import PACKAGE_FILE, stale_taxonomy_package, write_taxonomy_package

    src = taxonomy_source.__wrapped__(str(TAXONOMY_SOURCE))
    if not check:
        written = [str(p) for p in generate(src, TAXONOMY_BUILD)]
        return written + [str(write_taxonomy_package(TAXONOMY_BUILD, TAXONOMY_BUILD.parent / PACKAGE_FILE, ENTRY_NAME))]
    with tempfile.TemporaryDirectory() as d:
        generated = generate(src, Path(d))
        stale = []
        for p in generated:
            target = TAXONOMY_BUILD / p.name
            if not target.exists() or target.read_bytes() != p.read_bytes():
                stale.append(p.name)
        extra = {p.name for p in TAXONOMY_BUILD.glob("*") if p.is_file()} - {p.name for p in generated}
        zipped = [] if stale or extra else stale_taxonomy_package(TAXONOMY_BUILD, TAXONOMY_BUILD.parent / PACKAGE_FILE,
                                                                  ENTRY_NAME)
        return sorted(stale + list(extra) + zipped)
