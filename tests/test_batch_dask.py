"""Batches on Dask distributed (the `dask` extra): same folders and bytes as single builds, a
failed release never stops the others, the worst exit code wins, one JSON line per release.

One real run: `disclose build ... --executor dask --jobs 2` as a process (a local cluster of two
worker processes) on two copies of the sample and one bad input. The batch logic (crashes, order,
an existing cluster given by address) runs on an in-process cluster with a stand-in build.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from disclose import api, batch, pipeline, trust
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE

distributed = pytest.importorskip("distributed")

SRC = Path(api.__file__).resolve().parents[1]


def _release(folder: Path, stem: str) -> Path:
    p = folder / f"{stem}.txt"
    p.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE_RELEASE, p)
    shutil.copyfile(SAMPLE_PROFILE, p.with_suffix(".toml"))
    return p


@pytest.fixture(scope="module")
def dask_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("dask")
    rels = [_release(work / "in", "north"), _release(work / "in", "south")]
    bad = work / "in" / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 not a release")
    shutil.copyfile(SAMPLE_PROFILE, bad.with_suffix(".toml"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-c", "from disclose.cli import main; main()", "build", str(rels[0]), str(bad), str(rels[1]),
         "--executor", "dask", "--jobs", "2", "--out", str(work / "out")],
        cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False)
    return SimpleNamespace(work=work, releases=rels, bad=bad, proc=proc)


def test_exit_code_is_the_worst_and_the_bad_release_did_not_stop_the_others(dask_run):
    assert dask_run.proc.returncode == 2, dask_run.proc.stderr
    out = dask_run.work / "out"
    assert sorted(p.name for p in out.iterdir()) == ["north", "south"]  # nothing written for the bad one


def test_one_json_line_per_release_in_the_order_given(dask_run):
    lines = [json.loads(line) for line in dask_run.proc.stdout.splitlines() if line.strip()]
    assert [Path(d["release"]).name for d in lines] == ["north.txt", "broken.txt", "south.txt"]
    assert [d["exit_code"] for d in lines] == [0, 2, 0]
    assert [d["status"] for d in lines] == ["valid", "bad input", "valid"]
    assert lines[0]["facts"] > 0 and lines[0]["out_dir"].endswith("north")
    assert "binary" in lines[1]["message"] and lines[1]["facts"] == 0


def test_table_on_stderr(dask_run):
    err = dask_run.proc.stderr
    assert "release" in err and "status" in err
    assert "3 release(s)" in err and "2 valid, 1 BAD INPUT; exit code 2" in err


def test_outputs_byte_identical_to_a_single_build(dask_run, tmp_path):
    single = api.build(_release(tmp_path / "in", "north"), out=tmp_path / "north")
    built = dask_run.work / "out" / "north"
    files = sorted(p.relative_to(single.out_dir) for p in single.out_dir.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    for f in files:
        assert (built / f).read_bytes() == (single.out_dir / f).read_bytes(), f


def _fake_build(release, profile=None, out=None, **options):
    name = Path(release).stem
    if name.startswith("bad"):
        raise api.InputError(f"{release}: not a release")
    if name.startswith("crash"):
        raise RuntimeError("boom")
    Path(out).mkdir(parents=True, exist_ok=True)
    (Path(out) / f"{name}.xbrl").write_text(str(options), encoding="utf-8")
    return SimpleNamespace(out_dir=Path(out), exit_code=1 if name.startswith("invalid") else 0,
                           summary=f"{name}: built", filing=SimpleNamespace(facts=(1, 2)))


@pytest.fixture
def in_process_cluster(monkeypatch):
    """A cluster whose workers are threads of this process, so the stand-in build reaches them."""
    monkeypatch.setattr(pipeline, "build", _fake_build)
    monkeypatch.setattr(batch, "warm_up", lambda: None)
    monkeypatch.setattr("disclose.batch_dask.warm_up", lambda: None)
    monkeypatch.setattr(trust, "ensure_trusted", lambda: False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=False, dashboard_address=None) as c:
        yield c


def test_existing_cluster_by_address_continues_past_failures(tmp_path, in_process_cluster):
    rels = []
    for n in ("a", "bad", "crash", "invalid", "z"):
        p = tmp_path / "in" / f"{n}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("text", encoding="utf-8")
        rels.append(p)
    res = api.build_many(rels, out=tmp_path / "out", scheduler=in_process_cluster.scheduler_address,
                         progress=False, calcs="c11t")
    assert [o.exit_code for o in res.outcomes] == [0, 2, batch.EXIT_CRASH, 1, 0]
    assert [o.release for o in res.outcomes] == rels  # given order, whatever order they finished in
    assert res.exit_code == batch.EXIT_CRASH
    assert "RuntimeError: boom" in res.outcomes[2].summary
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a", "invalid", "z"]
    assert "c11t" in (tmp_path / "out" / "z" / "z.xbrl").read_text(encoding="utf-8")  # options reach the workers
    assert [json.loads(line)["exit_code"] for line in res.json_lines().splitlines()] == [0, 2, 3, 1, 0]


def test_unknown_executor_is_bad_input(tmp_path):
    with pytest.raises(api.InputError, match="executor"):
        api.build_many([tmp_path / "a.txt"], executor="ray", progress=False)
