"""The .xbrl instance writer (Jinja2): the Filing rendered by templates/instance.xbrl.j2; the shared
Jinja environment and number form the other writers use too."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import jinja2

from disclose.model import Filing
from disclose.paths import TEMPLATES


def xbrl_number(value: Decimal) -> str:
    """Canonical lexical form: no exponent, no trailing '.0' added, sign kept."""
    text = format(value, "f")
    return text


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["xbrl", "xml", "xhtml", "html", "j2"], default=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["xbrl_number"] = xbrl_number
    return env


def render_instance(filing: Filing, namespaces: list[tuple[str, str]]) -> str:
    return environment().get_template("instance.xbrl.j2").render(filing=filing, namespaces=sorted(namespaces))
