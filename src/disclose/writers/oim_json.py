"""xBRL-JSON (OIM 1.0) writer, straight from the Filing.

Written from the model rather than by converting the .xbrl with Arelle's saveLoadableOIM
plugin: no second Arelle run per build, the fact ids stay ours (f1, f2, ...), and the output
does not depend on the plugin's prefix and ordering choices. Arelle loads it (OIM loading is
built in) and its facts equal the instance's; a test checks both.
"""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from disclose.model import Filing, Period, Unit
from disclose.writers.instance import xbrl_number

DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
STANDARD_NAMESPACES = {
    "xbrl": "https://xbrl.org/2021",
    "xbrli": "http://www.xbrl.org/2003/instance",
    "iso4217": "http://www.xbrl.org/2003/iso4217",
}
#: Entity schemes with a conventional OIM prefix; any other scheme is bound to "scheme".
SCHEME_PREFIXES = {"http://www.sec.gov/CIK": "cik", "http://standard.iso.org/iso/17442": "lei"}


def oim_period(p: Period) -> str:
    """OIM periods are date-times: an XBRL date ends at the next day's midnight."""
    end = (p.end + timedelta(days=1)).isoformat() + "T00:00:00"
    return end if p.start is None else f"{p.start.isoformat()}T00:00:00/{end}"


def oim_unit(u: Unit) -> str | None:
    """"iso4217:JPY", "iso4217:JPY/xbrli:shares"; None for xbrli:pure (OIM leaves it out)."""
    def part(measures: tuple[str, ...]) -> str:
        text = "*".join(sorted(measures))
        return f"({text})" if len(measures) > 1 else text

    if not u.denominator and u.numerator == ("xbrli:pure",):
        return None
    return part(u.numerator) + (f"/{part(u.denominator)}" if u.denominator else "")


def oim_dict(filing: Filing, namespaces: list[tuple[str, str]], taxonomy: list[str] | None = None) -> dict[str, Any]:
    scheme_prefix = SCHEME_PREFIXES.get(filing.entity.scheme, "scheme")
    ns = {**STANDARD_NAMESPACES, **dict(sorted(namespaces)), scheme_prefix: filing.entity.scheme}
    entity = f"{scheme_prefix}:{filing.entity.identifier}"
    units = {u.id: oim_unit(u) for u in filing.units}
    facts: dict[str, Any] = {}
    for f in filing.facts:
        dims: dict[str, str] = {"concept": f.concept, "entity": entity, "period": oim_period(f.period)}
        if f.unit and units.get(f.unit):
            dims["unit"] = units[f.unit]  # type: ignore[assignment]
        dims.update(dict(f.dims))
        fact: dict[str, Any] = {}
        if f.value is None:
            fact["value"] = None
        elif f.unit:
            fact["value"] = xbrl_number(f.value)
            if f.decimals is not None:
                fact["decimals"] = f.decimals
        else:
            fact["value"] = str(f.value)
        fact["dimensions"] = dims
        facts[f.id] = fact
    return {
        "documentInfo": {
            "documentType": DOCUMENT_TYPE,
            "namespaces": ns,
            "taxonomy": taxonomy if taxonomy is not None else [filing.schema_ref],
        },
        "facts": facts,
    }


def write_oim_json(filing: Filing, path: Path, namespaces: list[tuple[str, str]]) -> Path:
    data = oim_dict(filing, namespaces)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
