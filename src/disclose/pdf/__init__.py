"""Read a release PDF into the one Document the text readers take (pandoc style: one model).

A PDF keeps where each character stands; a text dump throws that away. Here each page's
characters become words (blank padding characters that overlap glyphs dropped, so `1 ,797` stays
`1,797`), words become visual rows, and rows become text lines in reading order whose figures sit in
the columns their x positions say (a sparse row gets a gap mark in its empty columns, so the text
readers right-align nothing wrongly) and whose wrapped labels are rejoined to their figure row.
Every line keeps its origin (page, line on the page, x), so messages point into the PDF.

    words.py   characters -> words per page (blanks dropped, doubled bold glyphs merged)
    lines.py   words -> rows -> text lines (note columns dropped, gaps marked, wraps rejoined)
"""
from __future__ import annotations

from pathlib import Path

from disclose.model import Origin
from disclose.pdf.words import Word
from disclose.text.decode import Document, InputError, _fold

__all__ = ["is_pdf", "read_pdf"]

PDF_MAGIC = b"%PDF-"
MIN_CHARS = 40  # fewer characters than this on all pages: no text layer (a scan)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def read_pdf(data: bytes, name: str = "release.pdf") -> Document:
    """PDF bytes to a Document of positioned lines, or InputError saying why not (exit 2)."""
    import io

    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psparser import PSException
    except ImportError:  # pragma: no cover - declared dependency
        raise InputError("reading a PDF needs pdfplumber (pip install pdfplumber)", name=name) from None
    from disclose.pdf.lines import main_currency, page_lines
    from disclose.pdf.words import page_words, sideways

    lines: list[str] = []
    origins: list[Origin] = []
    unread: list[str] = []
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise InputError("the PDF has no pages", name=name)
            pages: list[list[Word]] = []
            for number, page in enumerate(pdf.pages, 1):
                pages.append(page_words(page))
                turned = sideways(page)
                if turned:
                    unread.append(f"page {number}: {turned} character(s) printed sideways were not read")
                page.flush_cache()
    except InputError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise InputError(f"the PDF is encrypted and cannot be read without its password ({type(e).__name__}); "
                         f"give an unprotected copy", name=name) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(f"the PDF is damaged or not a PDF that can be read ({type(e).__name__}: {str(e)[:120]})",
                         name=name) from None
    except Exception as e:  # pdfminer raises assorted errors for broken files (pdfplumber wraps them)
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "Password" in str(e) \
                or "Encrypt" in str(e):
            raise InputError(f"the PDF is encrypted and cannot be read without its password "
                             f"({type(inner).__name__}); give an unprotected copy", name=name) from None
        if type(e).__module__.startswith(("pdfminer", "pdfplumber")):
            raise InputError(f"the PDF is damaged or cannot be read ({type(e).__name__}: {str(e)[:120]})",
                             name=name) from None
        raise
    currency = main_currency(pages)  # figures in any other currency are convenience translations
    for number, words in enumerate(pages, 1):
        chars += sum(len(w.text) for w in words)
        for k, line in enumerate(page_lines(words, currency), 1):
            lines.append(_fold(line.text))
            origins.append(Origin(number, k, round(line.x, 1)))
        lines.append("")  # a page break ends a paragraph
        origins.append(Origin(number, 0, 0.0))
    if chars < MIN_CHARS:
        raise InputError(f"the PDF has no text layer ({chars} characters on {origins[-1].page} page(s)): a scanned "
                         f"image; run OCR on it or give the release's text", name=name)
    return Document(name, tuple(lines), "pdf", True, tuple(origins), tuple(unread))


def read_pdf_file(path: Path) -> Document:
    return read_pdf(Path(path).read_bytes(), Path(path).name)
