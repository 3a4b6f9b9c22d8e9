"""Release PDFs read by their characters' positions (issue #16).

The PDFs are written here with reportlab: a statement whose labels wrap around their figures,
a sparse table whose figures only their x positions place, negatives as `(1,234)` and `△1,234`,
padding blanks over digits (what printer drivers leave); and the bad PDFs: no text layer,
encrypted, damaged, not a results release. The shared real PDFs are read in the last tests, which
skip when ../shared is absent.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from disclose import api  # noqa: E402
from disclose.cli import main  # noqa: E402
from disclose.pdf import read_pdf  # noqa: E402
from disclose.text.decode import InputError  # noqa: E402

pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "pdf"
PROFILE = Path(__file__).resolve().parents[1] / "src" / "disclose" / "samples" / "northwind-fy2025.toml"
FONT, SIZE, PITCH = "HeiseiKakuGo-W5", 9, 14  # a CID font reportlab knows without font files: it has △
COLUMNS = (330, 420)  # right edges of the two period columns

# (label lines, figures): a label of two lines wraps around its figures, printed between them
BALANCE = [
    (["Consolidated Statements of Financial Position"], ()),
    (["December 31, 2024"], ()),  # header cells are placed below
    (["Assets"], ()),
    (["Current assets"], ()),
    (["Cash and cash equivalents"], ("41,056", "42,320")),
    (["Trade receivables"], ("28,412", "31,877")),
    (["Total current assets"], ("69,468", "74,197")),
    (["Non-current assets"], ()),
    (["Property, plant and equipment"], ("24,605", "26,318")),
    (["Investments accounted for using the", "equity method"], ("3,574", "3,612")),
    (["Total non-current assets"], ("28,179", "29,930")),
    (["Total assets"], ("97,647", "104,127")),
    (["Liabilities and equity"], ()),
    (["Liabilities"], ()),
    (["Borrowings"], ("10,000", "9,000")),
    (["Total liabilities"], ("10,000", "9,000")),
    (["Equity"], ()),
    (["Share capital"], ("18,250", "18,250")),
    (["Retained earnings"], ("71,412", "80,395")),
    (["Treasury shares"], ("(2,015)", "△3,518")),
    (["Total equity"], ("87,647", "95,127")),
    (["Total liabilities and equity"], ("97,647", "104,127")),
]


def _pad(c: canvas.Canvas, x_right: float, y: float, text: str) -> None:
    """A figure right-aligned at x_right, with a blank drawn over each digit (printer-driver padding)."""
    width = c.stringWidth(text, FONT, SIZE)
    c.drawRightString(x_right, y, text)
    x = x_right - width
    for ch in text:
        c.drawString(x + 0.1, y, " ")
        x += c.stringWidth(ch, FONT, SIZE)


def write_statement(path: Path, *, padding: bool = True, wrapped: bool = True) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, SIZE)
    y = 800
    c.drawString(50, y, "Northwind Systems Inc.")
    y -= 2 * PITCH
    for labels, figures in BALANCE:
        if labels[0] == "December 31, 2024":
            c.drawRightString(COLUMNS[0], y, "December 31, 2024")
            c.drawRightString(COLUMNS[1], y, "December 31, 2025")
            y -= PITCH
            c.drawRightString(COLUMNS[0], y, "Millions of yen")
            c.drawRightString(COLUMNS[1], y, "Millions of yen")
            y -= PITCH
            continue
        if len(labels) == 2 and wrapped:
            y -= 6
            c.drawString(50, y + 5, labels[0])
            c.drawString(50, y - 5, labels[1])
        else:
            c.drawString(50, y, " ".join(labels))
        for x, text in zip(COLUMNS, figures):
            (_pad if padding else c.drawRightString)(*((c,) if padding else ()), x, y, text)
        y -= PITCH + (6 if len(labels) == 2 else 0)
    c.showPage()
    c.save()
    return path


def write_text(path: Path) -> Path:
    """The same release as a good text extraction: one row per line."""
    out = ["Northwind Systems Inc.", ""]
    for labels, figures in BALANCE:
        if labels[0] == "December 31, 2024":
            out += ["December 31, 2024 December 31, 2025", "Millions of yen Millions of yen"]
            continue
        out.append(" ".join([" ".join(labels), *figures]))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_lines_keep_rows_whole_and_figures_unsplit(tmp_path):
    doc = read_pdf(write_statement(tmp_path / "s.pdf").read_bytes(), "s.pdf")
    text = [l for l in doc.lines if l]
    # padding blanks over the digits do not split figures
    assert "Cash and cash equivalents 41,056 42,320" in text
    # the wrapped label is one row, with its figures
    assert "Investments accounted for using the equity method 3,574 3,612" in text
    assert not any(l == "equity method" for l in text)
    # both notations of negatives survive as printed
    assert "Treasury shares (2,015) △3,518" in text
    # every line knows its page and position
    k = doc.lines.index("Total assets 97,647 104,127")
    assert doc.origins[k].page == 1 and doc.origins[k].x == pytest.approx(50, abs=1)
    assert doc.where(k + 1).startswith("page 1, line ")


def test_sparse_rows_keep_their_columns(tmp_path):
    """Figures that fill only some columns are placed by their x: the empty columns get a gap mark."""
    path = tmp_path / "equity.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, SIZE)
    cols = (250, 310, 370, 430, 490)
    rows = [("Balance at beginning of year", ("18,250", "21,113", "42,828", "(2,015)", "80,176")),
            ("Profit for the year", (None, None, "10,388", None, "10,388")),
            ("Cash dividends", (None, None, "(3,087)", None, "(3,087)")),
            ("Purchase of treasury shares", (None, None, None, "△1,503", "△1,503")),
            ("Share-based payment", (None, "289", None, None, "289")),
            ("Balance at end of year", ("18,250", "21,402", "50,129", "(3,518)", "86,263"))]
    y = 800
    for label, cells in rows:
        c.drawString(40, y, label)
        for x, v in zip(cols, cells):
            if v:
                c.drawRightString(x, y, v)
        y -= PITCH
    c.save()
    lines = [l for l in read_pdf(path.read_bytes()).lines if l]
    assert lines == ["Balance at beginning of year 18,250 21,113 42,828 (2,015) 80,176",
                     "Profit for the year - - 10,388 - 10,388",
                     "Cash dividends - - (3,087) - (3,087)",
                     "Purchase of treasury shares - - - △1,503 △1,503",
                     "Share-based payment - 289 - - 289",
                     "Balance at end of year 18,250 21,402 50,129 (3,518) 86,263"]


def test_note_and_convenience_columns_are_not_figures(tmp_path):
    path = tmp_path / "notes.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, SIZE)
    c.drawString(200, 800, "Notes")
    c.drawRightString(330, 800, "Millions of yen")
    c.drawRightString(420, 800, "Millions of yen")
    c.drawRightString(540, 800, "Thousands of U.S. dollars")
    for k, (label, note, a, b, usd) in enumerate([("Cash and cash equivalents", "6", "315,076", "251,339", "1,588,949"),
                                                   ("Trade receivables", "7,34", "424,054", "520,340", "3,289,544"),
                                                   ("Inventories", "", "10,680", "12,650", "79,976")]):
        y = 786 - k * PITCH
        c.drawString(40, y, label)
        if note:
            c.drawString(205, y, note)
        for x, v in ((330, a), (420, b), (540, usd)):
            c.drawRightString(x, y, v)
    c.save()
    lines = [l for l in read_pdf(path.read_bytes()).lines if l]
    assert lines == ["Notes Millions of yen Millions of yen", "Cash and cash equivalents 315,076 251,339",
                     "Trade receivables 424,054 520,340", "Inventories 10,680 12,650"]


def _facts(result) -> set[tuple[str, str, Decimal]]:
    return {(f.concept, f.period.key(), f.value) for f in result.filing.facts}


def test_pdf_and_text_give_the_same_facts(tmp_path):
    pdf = api.build(write_statement(tmp_path / "release.pdf"), PROFILE, tmp_path / "from-pdf")
    txt = api.build(write_text(tmp_path / "release.txt"), PROFILE, tmp_path / "from-text")
    assert pdf.exit_code == 0, pdf.summary
    assert _facts(pdf) == _facts(txt)
    assert len(_facts(pdf)) >= 28  # every row, both periods (total liabilities and equity is total assets)
    treasury = {p: v for c, p, v in _facts(pdf) if abs(v) in (Decimal("2015000000"), Decimal("3518000000"))}
    assert set(treasury) == {"2024-12-31", "2025-12-31"}  # (2,015) and △3,518: one notation each, same sign
    assert (treasury["2024-12-31"] < 0) == (treasury["2025-12-31"] < 0)
    assert any(v == Decimal("3574000000") for _, _, v in _facts(pdf))  # the wrapped row
    report = (tmp_path / "from-pdf" / "release-report.json").read_text(encoding="utf-8")
    assert '"encoding": "pdf"' in report and '"pdf_lines"' in report


# -- bad PDFs: exit 2, a clear message, nothing written ------------------------------------------
def _no_text(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)  # a scan is a picture: no characters
    c.save()
    return path


def _encrypted(path: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption

    c = canvas.Canvas(str(path), pagesize=A4, encrypt=StandardEncryption("secret", "owner"))
    c.setFont(FONT, SIZE)
    c.drawString(50, 800, "Consolidated Statements of Financial Position")
    c.save()
    return path


def _damaged(path: Path) -> Path:
    data = write_statement(path.with_suffix(".ok.pdf")).read_bytes()
    path.write_bytes(data[: len(data) // 3] + b"\x00garbage" * 20)
    return path


def _not_a_release(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, SIZE)
    for k, line in enumerate(["Dear customer,", "Thank you for your letter of March 3. We will reply soon.",
                              "Our office is open from 9 to 17 on weekdays.", "Kind regards"]):
        c.drawString(50, 800 - k * PITCH, line)
    c.save()
    return path


@pytest.mark.parametrize("make,says", [(_no_text, r"no text layer"), (_encrypted, r"encrypted"),
                                       (_damaged, r"damaged|cannot be read|no text layer"),
                                       (_not_a_release, r"no recognisable statement")],
                         ids=["scanned", "encrypted", "damaged", "not-a-release"])
def test_bad_pdfs_exit_2_and_write_nothing(tmp_path, make, says):
    import re

    path = make(tmp_path / "bad.pdf")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(path), "--profile", str(PROFILE), "--out", str(out)])
    assert r.exit_code == 2, r.output
    assert re.search(says, r.output, re.IGNORECASE), r.output
    assert "bad.pdf" in r.output
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_bad_pdf_error_is_input_error(tmp_path):
    with pytest.raises(InputError, match="no text layer"):
        read_pdf(_no_text(tmp_path / "scan.pdf").read_bytes(), "scan.pdf")


# -- the shared release PDFs --------------------------------------------------------------------
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/pdf is absent")
def test_shared_pdfs_read_into_rows():
    nintendo = read_pdf((SHARED / "nintendo-2q-fy2023.pdf").read_bytes(), "n.pdf").lines
    assert any(l.startswith("Inventories ") and l.split()[-2:][0].count(",") == 1 for l in nintendo)
    assert not any(" ,"in l for l in nintendo)  # no figure split by padding blanks
    assert any(l.startswith("Share of other comprehensive income of entities accounted for using equity method ")
               for l in nintendo)
