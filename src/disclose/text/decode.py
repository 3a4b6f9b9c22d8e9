"""Decode release bytes into text lines, refusing what is not text.

Japanese releases arrive as UTF-8, Shift_JIS or CP932; we try those in order and say which one
was used, so a wrong guess is visible in the report.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ENCODINGS = ("utf-8-sig", "cp932", "shift_jis", "euc_jp")


class InputError(ValueError):
    """Bad input: the message names the problem and, where there is one, the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


@dataclass(frozen=True)
class Document:
    name: str
    lines: tuple[str, ...]  # index 0 is line 1
    encoding: str


def decode(data: bytes, name: str = "release") -> Document:
    if not data.strip():
        raise InputError(f"{name} is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name} is binary data, not text (NUL bytes)")
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise InputError(f"{name} is not text in UTF-8, CP932, Shift_JIS or EUC-JP")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 200):
        raise InputError(f"{name} looks like binary data ({controls} control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # NFKC folds full-width digits, letters and punctuation that PDF extraction produces.
    lines = tuple(_fold(line) for line in text.split("\n"))
    return Document(name, lines, "utf-8" if enc == "utf-8-sig" else enc)


_KEEP = {"△": "△", "▲": "▲", "―": "―", "－": "－"}


def _fold(line: str) -> str:
    out = []
    for ch in line:
        out.append(ch if ch in _KEEP else unicodedata.normalize("NFKC", ch))
    return "".join(out).replace("\u00a0", " ")
