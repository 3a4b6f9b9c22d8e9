"""One way to name an element after the words a release prints.

Extension concepts (a row the taxonomy lacks), extension members (a segment column, a profile's
segment, a Tanshin segment) are all named by `element_name`, so the same words always give the
same name wherever they were read: "ATM operation business" -> ATMOperationBusinessMember.
"""
from __future__ import annotations

import re


def element_name(text: str, suffix: str = "", fallback: str = "Item") -> str:
    """An XML NCName from words: each word capitalised (the rest kept as printed, so acronyms
    stay), `fallback` for no words or put before a leading digit, then `suffix`."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    return (name if name[0].isalpha() else fallback + name) + suffix


def member_name(text: str) -> str:
    """A member's local name: "Retail banking business" -> RetailBankingBusinessMember."""
    return element_name(text, "Member", "Segment")
