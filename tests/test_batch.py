"""build_many: one folder per release, a failed release never stops the batch, worst exit code wins.

Most tests replace api.build with a stand-in (jobs=1 builds in this process), so they check the
batch logic in milliseconds; one test runs a real pool of two workers end to end.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from disclose import api, batch, pipeline, cli, trust
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE


def _fake_build(calls: list):
    """A stand-in for api.build: the release's name says how it ends (bad, invalid, crash, ok)."""

    def build(release, profile=None, out=None, **options):
        calls.append((Path(release).name, Path(out), options))
        name = Path(release).stem
        if name.startswith("bad"):
            raise api.InputError(f"{release}: not a release")
        if name.startswith("crash"):
            raise RuntimeError("boom")
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / f"{name}.xbrl").write_text("<xbrl/>", encoding="utf-8")
        code = 1 if name.startswith("invalid") else 0
        return SimpleNamespace(out_dir=Path(out), exit_code=code, summary=f"{name}: built",
                               filing=SimpleNamespace(facts=(1, 2, 3)))

    return build


@pytest.fixture
def fake(monkeypatch):
    calls: list = []
    monkeypatch.setattr(pipeline, "build", _fake_build(calls))
    monkeypatch.setattr(trust, "ensure_trusted", lambda: False)  # no Arelle run for stand-in builds
    return calls


def _releases(tmp_path: Path, *names: str) -> list[Path]:
    out = []
    for n in names:
        p = tmp_path / "in" / f"{n}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("text", encoding="utf-8")
        out.append(p)
    return out


def test_one_folder_per_release_under_out(tmp_path, fake):
    rels = _releases(tmp_path, "a", "b", "c")
    res = api.build_many(rels, out=tmp_path / "out", progress=False)
    assert res.exit_code == 0
    assert [o.out_dir for o in res.outcomes] == [tmp_path / "out" / s for s in ("a", "b", "c")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a", "b", "c"]
    assert all((tmp_path / "out" / s / f"{s}.xbrl").is_file() for s in ("a", "b", "c"))


def test_default_folders_are_next_to_the_working_directory(tmp_path, fake, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rels = _releases(tmp_path, "a", "b")
    res = api.build_many(rels, progress=False)
    assert [o.out_dir for o in res.outcomes] == [tmp_path / "a", tmp_path / "b"]


def test_continues_past_failures_and_reports_the_worst_exit_code(tmp_path, fake):
    rels = _releases(tmp_path, "a", "bad", "invalid", "crash", "z")
    res = api.build_many(rels, out=tmp_path / "out", progress=False)
    assert [o.exit_code for o in res.outcomes] == [0, 2, 1, batch.EXIT_CRASH, 0]
    assert [c[0] for c in fake] == [r.name for r in rels]  # every release was tried, in order
    assert res.exit_code == batch.EXIT_CRASH
    assert "RuntimeError: boom" in res.outcomes[3].summary
    assert (tmp_path / "out" / "z" / "z.xbrl").is_file()  # built after the failures
    assert not (tmp_path / "out" / "bad").exists()
    assert "5 release(s)" in res.summary and "2 valid" in res.summary


@pytest.mark.parametrize("names, code", [(("a", "b"), 0), (("a", "invalid"), 1), (("invalid", "bad", "a"), 2)])
def test_exit_code_is_the_worst_seen(tmp_path, fake, names, code):
    assert api.build_many(_releases(tmp_path, *names), out=tmp_path / "o", progress=False).exit_code == code


def test_options_reach_every_build(tmp_path, fake):
    rels = _releases(tmp_path, "a", "b")
    api.build_many(rels, tmp_path / "p.toml", tmp_path / "o", calcs="c11t", formulas=False, progress=False)
    assert [c[2] for c in fake] == [{"calcs": "c11t", "formulas": False}] * 2


def test_single_release_with_out_uses_out_itself(tmp_path):
    assert batch.out_dirs([Path("x/a.txt")], tmp_path / "here") == [tmp_path / "here"]


def test_releases_with_the_same_stem_are_refused_before_any_build(tmp_path, fake):
    a = tmp_path / "one" / "r.txt"
    b = tmp_path / "two" / "r.txt"
    with pytest.raises(api.InputError, match="same file stem"):
        api.build_many([a, b], out=tmp_path / "o", progress=False)
    assert fake == []


def test_no_release_is_bad_input():
    with pytest.raises(api.InputError):
        api.build_many([], progress=False)


def test_cli_builds_several_and_exits_with_the_worst(tmp_path, fake):
    rels = _releases(tmp_path, "a", "invalid", "b")
    res = CliRunner().invoke(cli.main, ["build", *map(str, rels), "--out", str(tmp_path / "o"), "--jobs", "1"])
    assert res.exit_code == 1, res.output
    assert "3 release(s)" in res.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a", "b", "invalid"]


def test_pool_of_two_workers_end_to_end(tmp_path, sample_build):
    """Real builds in spawned workers: a binary file fails as bad input, the sample still builds,
    and its folder is byte-identical to a single build's (the workers trust the base taxonomy
    they validated once instead of re-validating its copy per release)."""
    good = tmp_path / "in" / SAMPLE_RELEASE.name
    good.parent.mkdir(parents=True)
    shutil.copyfile(SAMPLE_RELEASE, good)
    shutil.copyfile(SAMPLE_PROFILE, good.with_suffix(".toml"))
    bad = tmp_path / "in" / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 not text")
    shutil.copyfile(SAMPLE_PROFILE, bad.with_suffix(".toml"))
    res = api.build_many([bad, good], out=tmp_path / "out", jobs=2, progress=False)
    assert [o.exit_code for o in res.outcomes] == [2, 0], res.summary
    assert res.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [good.stem]
    built = tmp_path / "out" / good.stem
    for f in sorted(sample_build.out_dir.rglob("*")):
        if f.is_file():
            twin = built / f.relative_to(sample_build.out_dir)
            assert twin.read_bytes() == f.read_bytes(), f.name


