"""The issuer profile: who files, the fiscal calendar, the currency and the issuer's own segments.

A profile is TOML so issuers edit it by hand; every field is checked here and a missing or
malformed one is bad input (exit 2) with its name in the message.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from disclose.names import member_name
from disclose.taxonomy.source import Source, SourceError, with_synonyms
from disclose.text.decode import InputError
from disclose.text.periods import FiscalCalendar
from disclose.units import is_currency_code

TSE_SCHEME = "http://www.tse.or.jp/sicc"


@dataclass(frozen=True)
class Segment:
    member: str  # local name of the extension member
    name: str
    synonyms: tuple[str, ...] = ()
    ja: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


@dataclass(frozen=True)
class Profile:
    name: str
    scheme: str
    identifier: str
    calendar: FiscalCalendar
    currency: str | None = None  # ISO 4217 code of monetary figures; None: what the release states (see disclose.units)
    segments: tuple[Segment, ...] = ()
    prefix: str = "issuer"
    segment_axis: str = "SegmentsAxis"
    standard: str = "ifrs"  # accounting standard: which of the taxonomy's statement tables apply
    namespace: str = ""
    source: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # concept name -> the issuer's own wordings of its row (product names): [synonyms] of the TOML
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)


def load_profile(path: Path) -> Profile:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"profile {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"profile {path} is not valid TOML: {e}") from None
    except OSError as e:  # a folder, no permission, ...
        raise InputError(f"cannot read profile {path}: {e.strerror or e}") from None
    return profile_from_dict(data, str(path))


def _currency(data: dict, where: str) -> str | None:
    """[reporting] currency: an ISO 4217 code such as "USD"; absent: chosen from the release."""
    value = (data.get("reporting") or {}).get("currency")
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not is_currency_code(value):
        raise InputError(f"{where}: [reporting] currency must be an ISO 4217 code such as JPY or USD, got {value!r}")
    return value


def profile_from_dict(data: dict, where: str = "profile") -> Profile:
    for section in ("issuer", "fiscal", "reporting"):
        if not isinstance(data.get(section, {}), dict):
            raise InputError(f"{where}: [{section}] must be a table of key = value lines, got {data[section]!r}")
    if not isinstance(data.get("segments", []), list):
        raise InputError(f"{where}: segments must be an array of tables ([[segments]] blocks)")
    def need(section: str, key: str) -> str:
        value = (data.get(section) or {}).get(key)
        if value in (None, ""):
            raise InputError(f"{where}: missing field [{section}] {key}")
        return str(value)

    year_end = need("fiscal", "year_end")
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", year_end)
    if not m or not (1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31):
        raise InputError(f"{where}: [fiscal] year_end must be MM-DD, got {year_end!r}")
    naming = (data.get("fiscal") or {}).get("naming", "start")
    if naming not in ("start", "end"):
        raise InputError(f"{where}: [fiscal] naming must be 'start' or 'end', got {naming!r}")
    segments = []
    for i, s in enumerate(data.get("segments") or []):
        if not isinstance(s, dict) or not s.get("name") or not isinstance(s["name"], str):
            raise InputError(f"{where}: segments[{i}] needs a name")
        if not isinstance(s.get("synonyms", []), list) or not all(isinstance(x, str) for x in s.get("synonyms", [])):
            raise InputError(f"{where}: segments[{i}] synonyms must be a list of strings, got {s['synonyms']!r}")
        segments.append(Segment(s.get("member") or member_name(s["name"]), s["name"],
                                tuple(s.get("synonyms") or ()), s.get("ja", "")))
    identifier = need("issuer", "identifier")
    prefix = (re.sub(r"[^a-z0-9]", "", str((data.get("issuer") or {}).get("prefix", "") or ""))
              or f"e{identifier.lower()}")
    if not prefix[0].isalpha():
        prefix = "e" + prefix
    return Profile(
        name=need("issuer", "name"),
        scheme=(data.get("issuer") or {}).get("scheme", TSE_SCHEME),
        identifier=identifier,
        calendar=FiscalCalendar(int(m[1]), int(m[2]), naming),
        currency=_currency(data, where),
        segments=tuple(segments),
        segment_axis=(data.get("reporting") or {}).get("segment_axis", "SegmentsAxis"),
        standard=(data.get("reporting") or {}).get("standard", "ifrs"),
        prefix=prefix,
        namespace=(data.get("issuer") or {}).get("namespace", f"https://disclose.dev/issuer/{identifier}"),
        source=where,
        extra=data,
        synonyms=_synonyms(data, where),
    )


def issuer_source(src: Source, profile: Profile) -> Source:
    """The taxonomy source with the profile's own wordings of its concepts ([synonyms])."""
    try:
        return with_synonyms(src, profile.synonyms, profile.source or "profile")
    except SourceError as e:
        raise InputError(str(e)) from None


def _synonyms(data: dict, where: str) -> dict[str, tuple[str, ...]]:
    """[synonyms]: ConceptName = ["the issuer's wording", ...]; the names are checked against the
    taxonomy when the profile is used (disclose.taxonomy.source.with_synonyms)."""
    raw = data.get("synonyms") or {}
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)
            for k, v in raw.items()):
        raise InputError(f"{where}: [synonyms] must map concept names to lists of labels, "
                         f'e.g. MobileServicesRevenue = ["Acme Mobile services"]')
    return {k: tuple(v) for k, v in raw.items()}
