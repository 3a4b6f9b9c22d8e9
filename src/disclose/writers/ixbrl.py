"""Inline XBRL 1.1 writer: the Filing as a readable XHTML page whose numbers are its facts.

The page is laid out by `layout` (presentation trees, release order) and rendered by the
Jinja2 templates in disclose/templates/ixbrl/. Every fact of the Filing is tagged exactly once, so the
facts an Inline XBRL processor extracts equal those of the .xbrl: a fact the layout could not
place (none in the sample) goes to ix:hidden rather than being lost.
"""
from __future__ import annotations

from collections import Counter

from disclose.model import Filing
from disclose.writers.instance import environment
from disclose.taxonomy.source import Source
from disclose.writers.layout import Block, Document, Shown, layout, printed_scale, shown

#: Transformation Registry 4 (num-dot-decimal is a TR4/TR5 name; TR4 is the most widely read).
IXT_TR4 = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"


def toc(doc: Document) -> list[tuple[str, str]]:
    """(anchor, text) of each section: its title, plus what tells a repeated title apart (the
    block's period, or the kind of its columns: six months / three months)."""
    repeated = Counter(s.title for s in doc.sections)
    out = []
    for s in doc.sections:
        text = s.title
        if isinstance(s, Block) and repeated[s.title] > 1:
            if s.caption:
                text += f", {s.caption[0].lower()}{s.caption[1:]}"
            elif s.columns and len(s.columns[0]) > 1 and s.columns[0][0] != "As of":
                text += f", {s.columns[-1][0].lower()}"
        out.append((s.anchor, text))
    return out


def render_ixbrl(filing: Filing, src: Source, ext: Source, namespaces: list[tuple[str, str]],
                 instance_name: str = "") -> str:
    doc = layout(filing, src, ext)
    tagged = {f.id for f in doc.tagged()}
    hidden: list[Shown] = [shown(f, printed_scale(f) or 0, False) for f in filing.facts if f.id not in tagged]
    return environment().get_template("ixbrl/report.xhtml.j2").render(
        filing=filing, doc=doc, namespaces=sorted(namespaces), ixt=IXT_TR4, hidden=hidden, toc=toc(doc),
        instance_name=instance_name or "the XBRL instance")
