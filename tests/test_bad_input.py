"""Bad input gets a clear answer and nothing is lost or half-written (issue #7).

Every kind of bad input exits 2 with a message naming the problem (and its line where there is
one) and writes nothing: no output folder appears, an existing one is left byte for byte as it
was, and no temp folder is left beside it. Contradicting figures exit 1 with the problem named in
the summary and the report. Figures that cannot be trusted (rows with too few figures, text that
looks like a figure but does not parse, headers without periods) are reported, never guessed.
Also here: every output escapes & < > and quotes, and `disclose validate` refuses DTDs and
external entities without touching the network.

Most cases run the CLI in-process (click's CliRunner); they never reach Arelle, so they are fast.
"""
from __future__ import annotations

import http.server
import json
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from disclose import api, pipeline
from disclose.cli import main
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE
from disclose.profile import load_profile
from disclose.text.decode import decode

BAD = Path(__file__).resolve().parent / "data" / "bad"
SAMPLE = SAMPLE_RELEASE.read_text(encoding="utf-8")
SAMPLE_LINES = SAMPLE.split("\n")


def sample_line(prefix: str) -> int:
    """1-based number of the sample line starting with `prefix` (so the tests follow the sample)."""
    return next(i + 1 for i, line in enumerate(SAMPLE_LINES) if line.startswith(prefix))


BS_LINE = sample_line("Condensed Consolidated Statements of Financial Position")
PL_LINE = sample_line("Condensed Consolidated Statements of Profit or Loss")
CF_LINE = sample_line("Condensed Consolidated Statements of Cash Flows")
SUMMARY_LINE = next(i + 1 for i, line in enumerate(SAMPLE_LINES) if "Total revenues 99,220 101,665 2.5" in line)


# -- the cases ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """One kind of bad input: how to make it, and what the message must say."""

    id: str
    make: Callable[[Path], list[str]]  # tmp folder -> CLI arguments after "build" (without --out)
    says: tuple[str, ...]  # regexes the error message must match (case-insensitive)
    line: int | None = None  # the line the message must name


USED: set[str] = set()  # files of tests/data/bad the cases use


def bad_file(name: str, profile: Path = SAMPLE_PROFILE) -> Callable[[Path], list[str]]:
    USED.add(name)
    return lambda tmp: [str(BAD / name), "--profile", str(profile)]


def bad_profile(name: str) -> Callable[[Path], list[str]]:
    USED.add(name)
    return lambda tmp: [str(SAMPLE_RELEASE), "--profile", str(BAD / name)]


def written(name: str, data: bytes | Callable[[], bytes], profile: bool = True) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / name
        path.write_bytes(data() if callable(data) else data)
        return [str(path)] + (["--profile", str(SAMPLE_PROFILE)] if profile else [])
    return make


def cut_sample_at(marker: str, keep: int) -> Callable[[], bytes]:
    """The sample's bytes cut `keep` bytes into the first occurrence of `marker` (no line end after)."""
    def data() -> bytes:
        raw = SAMPLE.encode("utf-8")
        at = raw.index(marker.encode("utf-8"))
        return raw[:at + keep]
    return data


def sample_until_line(n: int) -> Callable[[], bytes]:
    """The sample's first n-1 lines and line n cut before its closing rows, ending with a line end."""
    def data() -> bytes:
        line = SAMPLE_LINES[n - 1]
        cut = line.index("Cash flows from investing activities")
        return ("\n".join(SAMPLE_LINES[:n - 1] + [line[:cut].rstrip()]) + "\n").encode("utf-8")
    return data


def missing(tmp: Path) -> list[str]:
    return [str(tmp / "no-such-release.txt"), "--profile", str(SAMPLE_PROFILE)]


def folder(tmp: Path) -> list[str]:
    (tmp / "a-folder.txt").mkdir()
    return [str(tmp / "a-folder.txt"), "--profile", str(SAMPLE_PROFILE)]


def profile_missing(tmp: Path) -> list[str]:
    return [str(SAMPLE_RELEASE), "--profile", str(tmp / "no-such-profile.toml")]


def profile_folder(tmp: Path) -> list[str]:
    (tmp / "profile.toml").mkdir()
    return [str(SAMPLE_RELEASE), "--profile", str(tmp / "profile.toml")]


def no_profile(tmp: Path) -> list[str]:
    (tmp / "release.txt").write_bytes(SAMPLE_RELEASE.read_bytes())
    return [str(tmp / "release.txt")]


CASES = [
    Case("missing-file", missing, (r"does not exist",)),
    Case("a-folder", folder, (r"is a directory",)),
    Case("empty", bad_file("empty.txt"), (r"empty \(0 bytes\)",)),
    Case("blank", bad_file("blank.txt"), (r"only blank space",)),
    Case("binary-nul", bad_file("binary.txt"), (r"binary data", r"NUL"), 1),
    Case("binary-controls", bad_file("controls.txt"), (r"binary data", r"control characters")),
    Case("pdf-without-pages", bad_file("pdf-renamed.txt"), (r"PDF", r"no pages")),
    Case("zip-docx", bad_file("docx-renamed.txt"), (r"ZIP archive|Word",)),
    Case("not-utf8-nor-japanese", bad_file("latin1.txt"), (r"not text in UTF-8", r"Shift_JIS/CP932", r"0xE9"), 1),
    Case("mixed-encoding", bad_file("mixed-encoding.txt"), (r"invalid UTF-8", r"otherwise UTF-8"), 10),
    Case("cut-mid-character", written("cut.txt", cut_sample_at("“Under", 2)), (r"middle of a character", r"cut off"),
         sample_line("“Under")),
    Case("xml-instance", bad_file("instance.xbrl.txt"), (r"XML document",)),
    Case("html", bad_file("page.html"), (r"HTML page",)),
    Case("no-statement", bad_file("prose.txt"), (r"no recognisable statement",)),
    Case("headings-without-figures", bad_file("headings-only.txt"), (r"no recognisable statement",)),
    Case("no-period", bad_file("no-period.txt"), (r"gives no period", r"Profit or Loss"), 3),
    Case("truncated-before-closing-total", bad_file("truncated-statement.txt"),
         (r"stops at 'Total current liabilities'", r"closing row", r"cut off"), 3),
    Case("truncated-mid-row", bad_file("truncated-row.txt"), (r"'15,580,000' of row 'Borrowings'", r"no line end"), 3),
    Case("truncated-mid-figure", bad_file("truncated-figure.txt"), (r"middle of a figure \('18,75'\)",), 3),
    Case("truncated-mid-label", bad_file("truncated-label.txt"), (r"'Retirement ben' has no figures",), 3),
    Case("truncated-in-header", bad_file("truncated-header.txt"), (r"inside the header", r"Profit or Loss"), 5),
    Case("truncated-mid-sentence", bad_file("truncated-sentence.txt"), (r"stops mid-line", r"JPY43,291"), 5),
    Case("sample-cut-in-cash-flows", written("cut.txt", sample_until_line(CF_LINE)),
         (r"Cash Flows", r"before its closing row", r"cut off"), CF_LINE),
    Case("sample-cut-mid-figure", written("cut.txt", cut_sample_at("Total equity 80,057,117 83,8", 28)),
         (r"middle of a figure \('83,8'\)",), BS_LINE),
    Case("no-profile", no_profile, (r"no profile given", r"--profile")),
    Case("profile-missing", profile_missing, (r"profile .* does not exist",)),
    Case("profile-a-folder", profile_folder, (r"cannot read profile",)),
    Case("profile-not-toml", bad_profile("profile-not-toml.toml"), (r"not valid TOML", r"line 1")),
    Case("profile-missing-field", bad_profile("profile-missing-identifier.toml"),
         (r"missing field \[issuer\] identifier",)),
    Case("profile-section-not-table", bad_profile("profile-section-not-table.toml"), (r"\[fiscal\] must be a table",)),
    Case("profile-bad-year-end", bad_profile("profile-bad-year-end.toml"), (r"year_end must be MM-DD", r"31/03")),
    Case("profile-bad-synonyms", bad_profile("profile-bad-synonyms.toml"), (r"synonyms must be a list",)),
]


def test_at_least_fifteen_kinds_and_every_bad_file_is_used():
    assert len(CASES) >= 15 and len({c.id for c in CASES}) == len(CASES)
    assert {p.name for p in BAD.iterdir() if p.name != "README.md"} == USED


# -- running a case ---------------------------------------------------------------------------
def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def build(args: list[str]):
    result = CliRunner().invoke(main, ["build", *args], catch_exceptions=True)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        f"crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_exits_2_names_the_problem_and_writes_nothing(case: Case, tmp_path: Path):
    args = case.make(tmp_path)
    # 1) no output folder: none appears
    out = tmp_path / "out" / "filing"
    result = build(args + ["--out", str(out)])
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert message.startswith("error: ") and "\n" not in message, message
    for pattern in case.says:
        assert re.search(pattern, message, re.IGNORECASE), f"{pattern!r} not in {message!r}"
    if case.line is not None:
        assert re.search(rf"\bline {case.line}\b", message), f"line {case.line} not named in {message!r}"
    assert not out.exists()
    assert not out.parent.exists() or leftovers(out) == []
    # 2) an existing output folder: left as it was
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "previous.xbrl").write_text("<previous filing/>")
    (kept / "sub").mkdir()
    (kept / "sub" / "notes.txt").write_text("keep me")
    before = snapshot(kept)
    result = build(args + ["--out", str(kept)])
    assert result.exit_code == 2, result.output
    assert snapshot(kept) == before
    assert leftovers(kept) == []


def test_out_that_is_a_file_is_refused_and_kept(tmp_path: Path):
    target = tmp_path / "filing"
    target.write_text("not a folder")
    result = build([str(SAMPLE_RELEASE), "--profile", str(SAMPLE_PROFILE), "--out", str(target)])
    assert result.exit_code == 2
    assert "exists and is not a folder" in result.stderr
    assert target.read_text() == "not a folder"
    assert leftovers(target) == []


def test_a_crash_is_one_line_with_exit_3_and_an_interrupt_exit_130(monkeypatch, tmp_path: Path):
    """Never a traceback: a bug (not bad input) is one line with exit 3; Ctrl-C is exit 130."""
    def boom(*args, **kwargs):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(api, "build", boom)
    result = build([str(SAMPLE_RELEASE), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3 and "internal error (RuntimeError: something unexpected)" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "build", interrupted)
    result = build([str(SAMPLE_RELEASE), "--out", str(tmp_path / "out")])
    assert result.exit_code == 130 and "interrupted" in result.stderr


# -- contradicting figures: exit 1, the problem named, a complete folder --------------------------
def _edit_line(text: str, n: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert lines[n - 1].count(old) == 1, (n, old)
    lines[n - 1] = lines[n - 1].replace(old, new)
    return "\n".join(lines)


# (problem, line, old text, new text, the code the report gives it): three at once, one build
CONTRADICTIONS = [
    # the summary table says one revenue, the statement another
    ("summary-disagrees", SUMMARY_LINE, "Total revenues 99,220 101,665", "Total revenues 99,220 111,665",
     "summary-disagrees"),
    # one line of the balance sheet does not add up to its total
    ("calculation-inconsistent", BS_LINE, "Inventories 2,476,477 2,547,154", "Inventories 2,476,477 2,647,154", "calc"),
    # a label that maps ambiguously: a second 'Finance income' row with other figures
    ("ambiguous-label", PL_LINE, "Finance income 118,609 109,178",
     "Finance income 118,609 109,178 Finance income 218,609 209,178", "inconsistent-duplicate"),
]


def test_contradicting_figures_exit_1_and_name_their_lines(tmp_path: Path):
    text = SAMPLE
    for _, line, old, new, _ in CONTRADICTIONS:
        text = _edit_line(text, line, old, new)
    release = tmp_path / "contradicting.txt"
    release.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = build([str(release), "--profile", str(SAMPLE_PROFILE), "--out", str(out), "--format", "xbrl"])
    assert result.exit_code == 1, result.output
    assert "INVALID" in result.stdout
    report = json.loads((out / "contradicting-report.json").read_text(encoding="utf-8"))
    assert report["valid"] is False
    errors = [m for m in report["messages"] + report["issues"] if m.get("severity") == "error"]
    for name, line, _, _, code in CONTRADICTIONS:
        assert code in result.stdout, (name, result.stdout)
        assert any(code in m["code"] and line in m["lines"] for m in errors), (name, errors)
    assert any(i["code"] == "ambiguous-row" and i["lines"] == [PL_LINE] for i in report["issues"])
    assert (out / "contradicting.xbrl").is_file() and leftovers(out) == []


# -- figures that cannot be trusted: reported, not guessed ---------------------------------------
PROFILE = load_profile(SAMPLE_PROFILE)


def read(text: str, name: str = "r.txt"):
    src = api.taxonomy_source()
    return api.read_release(decode(text.encode("utf-8"), name), src, PROFILE, pipeline.extension_source(src, PROFILE))


BS = SAMPLE_LINES[BS_LINE - 1]
INTRO = "Example Corp. results\n\n"


def test_a_row_with_too_few_figures_is_reported_and_not_read():
    text = INTRO + BS.replace("Inventories 2,476,477 2,547,154", "Inventories 2,547,154") + "\n"
    tables, facts, issues = read(text)
    short = [i for i in issues if i.code == "short-row"]
    assert len(short) == 1 and short[0].lines == (3,) and "'Inventories'" in short[0].message
    assert not [f for f in facts if f.concept == "dis:Inventories"]  # neither column guessed
    assert [f for f in facts if f.concept == "dis:Goodwill"]  # the rest is read


def test_a_number_that_does_not_parse_is_reported():
    text = INTRO + BS.replace("Inventories 2,476,477 2,547,154", "Inventories 2,476,477 2,547,15,4") + "\n"
    tables, facts, issues = read(text)
    bad = [i for i in issues if i.code == "bad-number"]
    assert bad and "'2,547,15,4'" in bad[0].message and bad[0].lines == (3,)
    assert {f.value for f in facts if f.concept == "dis:Inventories"} <= {None}  # no figure invented
    assert any(i.code == "short-row" and "'Inventories'" in i.message for i in issues)


def test_unmapped_rows_are_issues_with_their_line_and_counted():
    """A row whose label maps to no concept (nor to an extension) is an Issue with its line; the
    report JSON counts them and the summary says how many."""
    from disclose.model import Report
    from disclose.writers.report import report_dict, summary_text

    text = INTRO + BS.replace("Goodwill 6,082,472 6,082,472 ", "Goodwill 6,082,472 6,082,472 ** 1,000 1,000 ") + "\n"
    tables, facts, issues = read(text)
    unmapped = [i for i in issues if i.code == "unmapped-row"]
    assert len(unmapped) == 1 and unmapped[0].lines == (3,) and "'**'" in unmapped[0].message
    assert not [f for f in facts if f.provenance.label == "**"]
    report = Report(True, (), len(facts), tuple(issues))
    assert report_dict(report, source="r.txt", instance="r.xbrl")["unmapped_rows"] == 1
    assert "1 unmapped row(s)" in summary_text(report, source="r.txt", instance="r.xbrl")


def test_a_header_without_periods_is_reported_when_other_tables_read():
    header = "Six Months Ended Six Months Ended September 30, 2019 September 30, 2020 "
    pl = SAMPLE_LINES[PL_LINE - 1].replace(header, "")
    tables, facts, issues = read(INTRO + BS + "\n\n" + pl + "\n")
    assert [i for i in issues if i.code == "no-period" and i.lines == (5,)]
    assert not [f for f in facts if f.provenance.line == 5]
    assert [f for f in facts if f.provenance.line == 3]


@pytest.mark.parametrize("encoding,expected", [("utf-16", "utf-16"), ("euc_jp", "euc_jp"), ("iso2022_jp", "iso2022_jp"),
                                               ("utf-8-sig", "utf-8")])
def test_other_japanese_encodings_are_decoded(encoding, expected):
    text = "ネットワークサービスの売上高\n" * 5 + "Total revenues 99,220 101,665\n"
    doc = decode(text.encode(encoding), "r.txt")
    assert doc.encoding == expected and doc.lines[0] == "ネットワークサービスの売上高"


def test_invisible_characters_inside_figures_are_dropped():
    doc = decode("Goodwill 6,082,\u200b472 6,\u00ad082,472\n".encode("utf-8"), "r.txt")
    assert doc.lines[0] == "Goodwill 6,082,472 6,082,472"


# -- safe XML -------------------------------------------------------------------------------------
NASTY = "& < > \" '"


def test_every_output_escapes_markup_characters_of_a_shift_jis_release(tmp_path: Path):
    """Labels, names and file names with & < > and quotes come out escaped in every output. The
    release is in Shift_JIS (CP932): it is read, and the summary and report say so. (One full
    build for both, to keep the suite fast.)"""
    text = SAMPLE.replace("Goodwill 6,082,472 6,082,472", f"Goodwill {NASTY} 6,082,472 6,082,472")
    text = text.replace("Other operating income 159,068 80,433",
                        'Other operating income <i>&amp; "misc" 159,068 80,433')
    release = tmp_path / "r&d's.txt"
    release.write_bytes(("決算短信（英語版）\n" + text).encode("cp932"))
    profile = SAMPLE_PROFILE.read_text(encoding="utf-8").replace(
        'name = "Internet Initiative Japan Inc."', 'name = "Internet & <Initiative> \\"Japan\\" \'Inc.\'"')
    profile += '\n[[segments]]\nname = "R&D <lab> \\"alpha\\" \'beta\'"\nja = "研究&<開発>"\n'
    (tmp_path / "r&d's.toml").write_text(profile, encoding="utf-8")
    out = tmp_path / "out"
    result = build([str(release), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "encoding: cp932" in result.stdout
    assert json.loads((out / "r&d's-report.json").read_text(encoding="utf-8"))["encoding"] == "cp932"
    texts: list[str] = []

    def check(name: str, data: bytes) -> None:
        if name.endswith((".xbrl", ".xsd", ".xml", ".xhtml", ".html")):
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
            texts.append("".join(root.itertext()))
            texts.extend(v for e in root.iter() if isinstance(e.tag, str) for v in e.attrib.values())
        elif name.endswith(".json"):
            json.loads(data)

    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 6
    for p in files:
        if p.suffix in (".xbri", ".zip"):
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    check(n, z.read(n))
        else:
            check(p.name, p.read_bytes())
    joined = "\n".join(texts)
    for expected in ('R&D <lab> "alpha" \'beta\'', "研究&<開発>", '<i>&amp; "misc"', "r&d's.xsd"):
        assert expected in joined, expected


def _instance(extra_head: str = "", schema_href: str = "mini.xsd", root_attrs: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{extra_head}'
            '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" '
            'xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" {root_attrs}>'
            f'<link:schemaRef xlink:type="simple" xlink:href="{schema_href}"/>'
            '<xbrli:context id="c"><xbrli:entity><xbrli:identifier scheme="http://x">&secret;</xbrli:identifier>'
            '</xbrli:entity><xbrli:period><xbrli:instant>2020-09-30</xbrli:instant></xbrli:period></xbrli:context>'
            '</xbrli:xbrl>\n')


@pytest.fixture
def listener():
    """A local HTTP server that records every request: the proof that nothing was fetched."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<!ENTITY leaked 'yes'>")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_validate_refuses_dtd_and_external_entities_without_fetching(tmp_path: Path, listener):
    base, hits = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doctype = (f'<!DOCTYPE xbrli:xbrl SYSTEM "{base}/dtd" [\n<!ENTITY secret SYSTEM "{secret.as_uri()}">\n'
               f'<!ENTITY % remote SYSTEM "{base}/remote"> %remote;\n]>\n')
    path = tmp_path / "xxe.xbrl"
    path.write_text(_instance(doctype, f"{base}/schema.xsd"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "DTD/entities; refused" in result.output and "xxe.xbrl:2" in result.output
    assert "TOP-SECRET-VALUE" not in result.output and hits == []


def test_validate_never_fetches_a_remote_schema(tmp_path: Path, listener):
    base, hits = listener
    path = tmp_path / "remote.xbrl"
    text = _instance(schema_href=f"{base}/schema.xsd",
                     root_attrs=f'xsi:schemaLocation="http://www.xbrl.org/2003/instance {base}/instance.xsd"')
    path.write_text(text.replace("&secret;", "E1"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output  # the schema cannot be loaded offline: invalid, not fetched
    assert hits == []
