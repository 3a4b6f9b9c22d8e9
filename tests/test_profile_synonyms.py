"""The issuer's own wordings of a row, given in its profile ([synonyms]), not in the base taxonomy:
product and service names belong to the issuer. Shown on the bundled Northwind release with one
row renamed as an issuer would print it."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from disclose import api
from disclose.text.decode import InputError

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "disclose" / "samples"


def _release(tmp_path: Path, synonyms: str) -> tuple[Path, Path]:
    text = (SAMPLES / "northwind-fy2025.txt").read_text(encoding="utf-8")
    assert "Trade receivables 28,412 31,877" in text
    release = tmp_path / "northwind-fy2025.txt"
    release.write_text(text.replace("Trade receivables 28,412", "Northwind Pay receivables 28,412"), encoding="utf-8")
    profile = tmp_path / "northwind.toml"
    profile.write_text((SAMPLES / "northwind-fy2025.toml").read_text(encoding="utf-8") + synonyms, encoding="utf-8")
    return release, profile


def test_a_row_named_by_the_profile_maps_to_its_concept(tmp_path):
    release, profile = _release(tmp_path, '\n[synonyms]\nCurrentTradeReceivables = ["Northwind Pay receivables"]\n')
    result = api.build(release, profile, tmp_path / "out")
    assert result.exit_code == 0, result.summary
    got = {(f.concept, f.period.key()): f.value for f in result.filing.facts if not f.dims}
    assert got[("dis:CurrentTradeReceivables", "2025-12-31")] == Decimal("31877000000")
    # without the profile's wording the row is an extension of the issuer, not the base concept
    (tmp_path / "plain").mkdir()
    plain = api.build(*_release(tmp_path / "plain", ""), tmp_path / "plain-out")
    assert ("dis:CurrentTradeReceivables", "2025-12-31") not in {(f.concept, f.period.key()) for f in plain.filing.facts}


def test_a_profile_naming_an_unknown_concept_is_bad_input(tmp_path):
    release, profile = _release(tmp_path, '\n[synonyms]\nNoSuchConcept = ["Northwind Pay receivables"]\n')
    with pytest.raises(InputError, match="NoSuchConcept"):
        api.build(release, profile, tmp_path / "out")
    assert not (tmp_path / "out").exists()
