"""disclose.trust: the base taxonomy is validated once, stamped, and only byte-identical copies are trusted."""
from __future__ import annotations

import shutil

import pytest

from disclose import api, trust
from disclose.paths import TAXONOMY_BUILD


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DISCLOSE_TRUST_BASE", raising=False)
    trust.forget()
    yield tmp_path
    trust.forget()


def _copy(tmp_path):
    copy = tmp_path / "filing" / api.TAXONOMY_DIR
    shutil.copytree(TAXONOMY_BUILD, copy)
    return tmp_path / "filing" / "x.xbrl", copy


def test_validated_once_then_stamped(fresh, monkeypatch):
    calls = []
    monkeypatch.setattr(trust, "check_base_taxonomy", lambda: calls.append(1) or True)
    instance, copy = _copy(fresh)
    assert trust.trusted_base(instance) == copy
    assert len(calls) == 1 and len(list((fresh / "cache").glob("base-*.ok"))) == 1
    trust.forget()  # a new process: the stamp is enough
    assert trust.trusted_base(instance) == copy
    assert len(calls) == 1


def test_changed_copy_is_not_trusted(fresh, monkeypatch):
    monkeypatch.setattr(trust, "check_base_taxonomy", lambda: True)
    instance, copy = _copy(fresh)
    first = sorted(copy.iterdir())[0]
    first.write_bytes(first.read_bytes() + b" ")
    assert trust.trusted_base(instance) is None


def test_unclean_base_is_never_trusted_nor_stamped(fresh, monkeypatch):
    monkeypatch.setattr(trust, "check_base_taxonomy", lambda: False)
    instance, _ = _copy(fresh)
    assert trust.trusted_base(instance) is None
    assert not (fresh / "cache").exists() or not list((fresh / "cache").glob("*.ok"))


def test_switched_off(fresh, monkeypatch):
    monkeypatch.setenv("DISCLOSE_TRUST_BASE", "0")
    monkeypatch.setattr(trust, "check_base_taxonomy", lambda: pytest.fail("must not validate"))
    instance, _ = _copy(fresh)
    assert trust.trusted_base(instance) is None


def test_real_base_taxonomy_is_clean():
    assert trust.check_base_taxonomy()


def test_trusted_and_full_validation_give_the_same_report(fresh, monkeypatch, tmp_path):
    """The plugin skips only the copy's DTS checks: same messages, same report bytes."""
    trusted = api.build(out=tmp_path / "t")
    assert trust.trusted_base(trusted.instance) is not None
    monkeypatch.setenv("DISCLOSE_TRUST_BASE", "0")
    trust.forget()
    full = api.build(out=tmp_path / "f")
    for f in sorted(p for p in full.out_dir.rglob("*") if p.is_file()):
        assert (trusted.out_dir / f.relative_to(full.out_dir)).read_bytes() == f.read_bytes(), f.name


def test_trusted_copy_still_reports_instance_errors(fresh, tmp_path):
    """A broken calculation in the instance is still found with the base copy trusted."""
    from disclose.validate import validate_instance

    built = api.build(out=tmp_path / "b")
    text = built.instance.read_text(encoding="utf-8")
    import re

    # every revenue figure changed: the gross profit calculation fails wherever it binds
    broken, n = re.subn(r'(<dis:Revenue [^>]*contextRef="[^"]+"[^>]*>)(\d+)(<)',
                        lambda m: m[1] + str(int(m[2]) + 1_000_000_000) + m[3], text)
    assert n, "no revenue fact"
    built.instance.write_text(broken, encoding="utf-8")
    assert trust.trusted_base(built.instance) is not None
    report = validate_instance(built.instance, None)
    assert not report.ok
    assert any("calc" in msg.code or "message:" in msg.code for msg in report.messages)
