"""Decode release bytes into text lines, refusing what is not text.

Japanese releases arrive as UTF-8, Shift_JIS/CP932 or EUC-JP (and, from Windows tools, UTF-16);
we try those in order and say which one was used, so a wrong guess is visible in the report.
Anything else gets a clear refusal that names the problem and, where there is one, the line:
an empty file, another file format (PDF, Word, Excel, images, archives, XML/HTML), binary data,
text in no supported encoding, or a UTF-8 file with a stretch in another encoding.
"""
from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from disclose.model import Origin

#: Legacy Japanese encodings tried, in order, when the bytes are not UTF-8 (CP932 is the superset
#: of Shift_JIS that Windows writes; plain Shift_JIS is kept for the name in the report).
LEGACY = ("cp932", "shift_jis", "euc_jp")
ENCODINGS = ("utf-8", "utf-16", "iso2022_jp", *LEGACY)

# Other file formats, by their first bytes: (magic, what it is, what to do instead).
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF file", "extract its text first (e.g. pdftotext -layout)"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel/ODF document)", "save or extract the release as plain text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel (OLE) document", "save the release as plain text"),
    (b"{\\rtf", "an RTF document", "save the release as plain text"),
    (b"\x89PNG", "a PNG image", "give the release's text, not a picture of it"),
    (b"\xff\xd8\xff", "a JPEG image", "give the release's text, not a picture of it"),
    (b"GIF8", "a GIF image", "give the release's text, not a picture of it"),
    (b"\x1f\x8b", "a gzip archive", "decompress it first"),
    (b"\x7fELF", "an executable", "give the release text"),
)
_MARKUP = (("<?xml", "an XML document (an XBRL instance?)"), ("<!doctype html", "an HTML page"),
           ("<html", "an HTML page"), ("<xbrli:xbrl", "an XBRL instance"), ("<xbrl", "an XBRL instance"))


class InputError(ValueError):
    """Bad input (exit 2): the message names the problem and, where there is one, the line."""

    def __init__(self, message: str, line: int | None = None, *, name: str | None = None) -> None:
        where = ", ".join(p for p in (name, f"line {line}" if line else None) if p)
        super().__init__(f"{where}: {message}" if where else message)
        self.line = line


@dataclass(frozen=True)
class Document:
    name: str
    lines: tuple[str, ...]  # index 0 is line 1
    encoding: str
    ends_with_newline: bool = True  # False: the text stops mid-line (a cut copy often does)
    origins: tuple[Origin, ...] = ()  # read from a PDF: where each line stands (same index as lines)
    unread: tuple[str, ...] = ()  # what the reader saw but could not read (text printed sideways)

    def where(self, line: int) -> str:
        """"page 4, line 7" for a line read from a PDF, "" for text."""
        if 1 <= line <= len(self.origins):
            return self.origins[line - 1].where()
        return ""


def decode(data: bytes, name: str = "release") -> Document:
    """Bytes to a Document, or InputError saying why these bytes are not a release text."""
    if not data:
        raise InputError("the file is empty (0 bytes)", name=name)
    if not data.replace(codecs.BOM_UTF8, b"").strip():
        raise InputError(f"the file holds only blank space ({len(data)} bytes), no text", name=name)
    for magic, what, hint in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"this is {what}, not a release text: {hint}", name=name)
    text, enc = _text(data, name)
    head = text.lstrip("\ufeff \t\r\n").lower()
    for start, what in _MARKUP:
        if head.startswith(start):
            raise InputError(f"this is {what}, not a release text (disclose reads the release's plain text)", name=name)
    controls = [i for i, ch in enumerate(text) if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"]
    if len(controls) > max(8, len(text) // 200):
        line = text.count("\n", 0, controls[0]) + 1
        raise InputError(f"this looks like binary data, not text ({len(controls)} control characters, the first on "
                         f"line {line})", name=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    # NFKC folds full-width digits, letters and punctuation that PDF extraction produces.
    lines = tuple(_fold(line) for line in text.split("\n"))
    return Document(name, lines, enc, ends_with_newline=not lines[-1].strip())


def _text(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read in, trying UTF-8 first, then the Japanese encodings."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, name), utf16
    if b"\x00" in data[:4096]:
        at = data.index(b"\x00")
        raise InputError(f"this is binary data, not text (NUL bytes, the first at byte {at})", _position(data, at)[0],
                         name=name)
    if b"\x1b$B" in data or b"\x1b$@" in data:
        try:
            return data.decode("iso2022_jp"), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        first = e
    if first.reason == "unexpected end of data" and first.start >= len(data) - 3:
        line = data.count(b"\n", 0, first.start) + 1
        raise InputError("the file ends in the middle of a character: the copy is cut off (truncated)", line, name=name)
    line, col = _position(data, first.start)
    bad = data[first.start:first.start + 1].hex().upper()
    if _mostly_utf8(data):
        raise InputError(f"invalid UTF-8 (byte 0x{bad} at column {col}) in a file that is otherwise UTF-8: part of it "
                         f"was saved in another encoding; re-save the whole file as UTF-8", line, name=name)
    for enc in LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_japanese(text):
            return text, enc
    raise InputError(f"not text in UTF-8 (byte 0x{bad} at column {col} is invalid), nor in Shift_JIS/CP932 or EUC-JP; "
                     f"re-save the release as UTF-8", line, name=name)


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        raise InputError(f"looks like {enc.upper()} text but byte {e.start} is not valid {enc.upper()}",
                         name=name) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _position(data: bytes, at: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, at) + 1
    return data.count(b"\n", 0, at) + 1, at - line_start + 1


def _mostly_utf8(data: bytes) -> bool:
    """True when nearly all non-ASCII bytes form valid UTF-8 sequences (a UTF-8 file with a bad stretch)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return good >= 3 and bad * 2 <= good


def _plausible_japanese(text: str) -> bool:
    """Legacy decodings accept most byte soup; real Japanese text has no private-use characters and
    is not mostly half-width katakana (what Latin-1 accents turn into when read as CP932)."""
    high = [ch for ch in text if ord(ch) > 0x7F]
    if not high:
        return True
    if any("\ue000" <= ch <= "\uf8ff" for ch in high):
        return False
    halfwidth = sum(1 for ch in high if "\uff61" <= ch <= "\uff9f")
    return halfwidth * 2 <= len(high)


_KEEP = {"△": "△", "▲": "▲", "―": "―", "－": "－"}


def _fold(line: str) -> str:
    """NFKC, keeping the marks releases use for negatives and nil; drop invisible format characters
    (zero-width spaces, soft hyphens, direction marks) that PDF extraction leaves inside figures."""
    out = []
    for ch in line:
        if ch in _KEEP:
            out.append(ch)
        elif unicodedata.category(ch) == "Cf":
            continue
        else:
            out.append(unicodedata.normalize("NFKC", ch))
    return "".join(out).replace("\u00a0", " ")
