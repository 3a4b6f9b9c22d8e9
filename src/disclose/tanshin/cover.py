"""The first page's fields (company name, securities code) in every common cover layout.

    Company name: Example Corporation            label and value on one line
    Listed Company Name ........ EXAMPLE CO.     leader dots instead of a colon
    Company name:                                the value on the next line with text
        Example Corporation
    Company name: Example Corp. Code number: 1234 URL: ...   the whole cover on one line

The labels are data (src/disclose/data/cover.yaml): a value runs to the next label of any field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from disclose.paths import read_data

SEPARATOR = r"[\s:：.…‥·・_-]*"


@lru_cache(maxsize=1)
def cover_data() -> dict:
    return read_data("cover.yaml")


def _label_rx(label: str) -> str:
    return r"\b" + r"\s+".join(re.escape(w) for w in label.split()) + r"\b"


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, re.Pattern], re.Pattern]:
    fields = cover_data()["fields"]
    own = {}
    for name, labels in fields.items():
        if name == "other":
            continue
        alts = "|".join(_label_rx(l) for l in sorted(labels, key=len, reverse=True))
        own[name] = re.compile(rf"(?:^|(?<=\s))(?P<label>{alts})\s*(?P<sep>[:：]|[.…‥·・_]{{2,}}|\s{{2,}}|\s)", re.IGNORECASE)
    every = [l for labels in fields.values() for l in labels]
    any_label = re.compile(r"(?:^|\s)(?:" + "|".join(_label_rx(l) for l in sorted(every, key=len, reverse=True))
                           + r")\s*(?:[:：]|[.…‥·・_]{2,})", re.IGNORECASE)
    return own, any_label


@dataclass(frozen=True)
class Field:
    value: str
    line: int  # 1-based line of the value


def find_field(lines: list[str] | tuple[str, ...], name: str, limit: int = 60) -> Field | None:
    """The value printed after the field's label, on its line or on the next line with text."""
    own, any_label = _patterns()
    rx = own[name]
    for i, line in enumerate(lines[:limit]):
        for m in rx.finditer(line):
            loose = not m["sep"].strip() and len(m["sep"]) < 2  # "Code No 1234": a plain space
            value = _value(line[m.end():], any_label)
            if value and _fits(name, value, loose):
                return Field(_fits(name, value, loose), i + 1)
            if not value and not loose:
                # "Company name:" alone: the value is on the next line that holds text
                for j in range(i + 1, min(len(lines), i + 4)):
                    nxt = lines[j].strip()
                    if not nxt:
                        continue
                    if any_label.match(" " + nxt):
                        break
                    value = _fits(name, _value(nxt, any_label), False)
                    if value:
                        return Field(value, j + 1)
                    break
    return None


CODE_VALUE = re.compile(r"^(?:No\.?\s*)?(?P<code>[0-9][0-9A-Z]{3})\b", re.IGNORECASE)


def _fits(name: str, value: str, loose: bool) -> str:
    """The value if it can be the field's (a code is four characters; a name is not a sentence)."""
    if name == "code":
        m = CODE_VALUE.match(value)
        return m["code"].upper() if m else ""
    if loose or len(value.split()) > 12 or (value.endswith(".") and len(value.split()) >= 6):
        return ""
    return value


def _value(text: str, any_label: re.Pattern) -> str:
    """The text up to where the next field's label starts."""
    text = re.sub(r"^[\s:：.…‥·・_]+", "", text)
    m = any_label.search(" " + text)
    if m:
        text = text[:max(0, m.start() - 1)]
    return " ".join(text.split()).strip(" ,;")
