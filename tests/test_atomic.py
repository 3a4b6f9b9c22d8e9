"""A build interrupted by a signal leaves no partial output folder (issue #7).

`disclose build` runs in child processes whose pipeline is held at one stage (a patched function
that waits), then gets SIGINT or SIGTERM. Whatever the stage, the output folder is afterwards either
as it was (absent, or an existing one byte for byte) or a complete filing, and no temp folder is
left beside it. SIGKILL cannot be caught: its leftovers are swept (and an old filing moved aside
is put back) by the next build into the same folder.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from disclose import api, process
from disclose.paths import SAMPLE_PROFILE, SAMPLE_RELEASE

# The child: `disclose build` with one stage held. MARK is written when the stage is reached.
DRIVER = r'''
import os, shutil, sys, time
from pathlib import Path

stage, mark, out = os.environ["STAGE"], Path(os.environ["MARK"]), Path(os.environ["OUT"])


def hold(name):
    if name == stage and not mark.exists():
        mark.write_text(name)
        time.sleep(120)


def wrap(owner, attr, name, after=False):
    fn = getattr(owner, attr)

    def held(*args, **kwargs):
        if not after:
            hold(name)
        result = fn(*args, **kwargs)
        if after:
            hold(name)
        return result

    setattr(owner, attr, held)


from disclose import pipeline
from disclose.model import Report
import disclose.validate
import disclose.writers


def checked(path, filing, calcs="c11r", **kwargs):
    """Arelle's verdict is not what is tested here: a quick stand-in keeps the children fast."""
    return Report(True, (), len(filing.facts), filing.issues, calcs)


disclose.validate.validate_instance = checked
wrap(pipeline, "read_release", "reading")                             # nothing written yet
wrap(shutil, "copyfile", "copying")                                   # temp folder half filled
wrap(pipeline, "render_instance", "rendering", after=True)            # instance rendered, not written
wrap(disclose.validate, "validate_instance", "validating")            # instance written, Arelle next
wrap(disclose.writers, "write_outputs", "writing", after=True)        # all written, not yet moved
real_replace = os.replace


def replace(src, dst, *args, **kwargs):
    if stage == "replacing" and Path(dst).name == out.name and not mark.exists():
        mark.write_text(stage)  # the old folder is moved aside, the new one not yet in place
        time.sleep(3)
    return real_replace(src, dst, *args, **kwargs)


os.replace = replace
from disclose.cli import main

main(["build", *sys.argv[1:]])
'''


def small_release(folder: Path) -> Path:
    """Two statements of the sample: a real build, but a quick one."""
    lines = SAMPLE_RELEASE.read_text(encoding="utf-8").split("\n")
    keep = [line for line in lines if line.startswith(("Condensed Consolidated Statements of Financial Position",
                                                        "Condensed Consolidated Statements of Profit or Loss"))][:2]
    path = folder / "small.txt"
    path.write_text("Results for the six months ended September 30, 2020\n\n" + "\n\n".join(keep) + "\n",
                    encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def complete(out: Path) -> bool:
    """A finished filing: instance, report (valid JSON naming the instance) and the taxonomy copies."""
    report = out / "small-report.json"
    return ((out / "small.xbrl").is_file() and report.is_file() and (out / "taxonomy").is_dir()
            and json.loads(report.read_text(encoding="utf-8"))["instance"] == "small.xbrl")


@dataclass
class Child:
    stage: str
    sig: int
    existing: bool
    out: Path
    mark: Path
    before: dict[str, bytes] | None = None
    proc: subprocess.Popen | None = None


def start(tmp: Path, release: Path, stage: str, sig: int, existing: bool) -> Child:
    case = tmp / f"{stage}-{sig}-{int(existing)}"
    case.mkdir()
    out = case / "filing"
    if existing:
        out.mkdir()
        (out / "small.xbrl").write_text("<previous/>")
        (out / "notes").mkdir()
        (out / "notes" / "keep.txt").write_text("previous filing")
    child = Child(stage, sig, existing, out, case / "mark", snapshot(out))
    env = dict(os.environ, STAGE=stage, MARK=str(child.mark), OUT=str(out))
    driver = tmp / "driver.py"
    if not driver.exists():
        driver.write_text(DRIVER, encoding="utf-8")
    child.proc = subprocess.Popen(
        [sys.executable, str(driver), str(release), "--profile", str(SAMPLE_PROFILE), "--out", str(out),
         "--format", "xbrl"], env=env, cwd=case, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return child


def wait_for(children: list[Child], timeout: float = 180) -> None:
    """Signal each child as soon as it reaches its stage."""
    pending = list(children)
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for c in list(pending):
            if c.mark.exists():
                time.sleep(0.2 if c.stage == "replacing" else 0.05)
                c.proc.send_signal(c.sig)
                pending.remove(c)
            elif c.proc.poll() is not None:
                raise AssertionError(f"{c.stage}: ended before its stage: {c.proc.communicate()}")
        time.sleep(0.05)
    for c in pending:
        c.proc.kill()
    assert not pending, [c.stage for c in pending]


MATRIX = [  # (stage, signal, existing output folder)
    ("reading", signal.SIGINT, True),
    ("copying", signal.SIGTERM, False),
    ("rendering", signal.SIGTERM, True),
    ("validating", signal.SIGINT, True),
    ("writing", signal.SIGTERM, True),
    ("writing", signal.SIGINT, False),
    ("replacing", signal.SIGTERM, True),
]  # each child holds at its stage; Arelle is stubbed (see DRIVER): the file handling is under test


def test_a_signal_at_any_stage_leaves_the_folder_as_it_was_or_complete(tmp_path: Path):
    release = small_release(tmp_path)
    children = [start(tmp_path, release, stage, sig, existing) for stage, sig, existing in MATRIX]
    try:
        wait_for(children)
        for c in children:
            stdout, stderr = c.proc.communicate(timeout=120)
            name = f"{c.stage}/{signal.Signals(c.sig).name}/{'existing' if c.existing else 'absent'}"
            assert "Traceback" not in stderr, (name, stderr)
            assert leftovers(c.out) == [], (name, leftovers(c.out))
            if c.stage == "replacing":  # signals are held off while the folder moves: it completes
                assert c.proc.returncode == 0, (name, stdout, stderr)
                assert complete(c.out) and not (c.out / "notes").exists(), name
            else:
                assert c.proc.returncode == (130 if c.sig == signal.SIGINT else 143), (name, c.proc.returncode, stderr)
                assert "interrupted" in stderr, (name, stderr)
                assert snapshot(c.out) == c.before, name  # absent stays absent, existing stays byte for byte
    finally:
        for c in children:
            if c.proc.poll() is None:
                c.proc.kill()


def test_leftovers_of_a_killed_build_are_swept_and_the_old_filing_put_back(tmp_path: Path):
    """SIGKILL leaves a temp folder (or, mid-move, the old filing moved aside); the next build into
    the same folder cleans up and restores, touching nothing of live builds."""
    release = small_release(tmp_path)
    children = [start(tmp_path, release, stage, signal.SIGKILL, True) for stage in ("validating", "replacing")]
    try:
        wait_for(children)
        for c in children:
            c.proc.communicate(timeout=60)
        validating, replacing = children
        assert any(".tmp" in name for name in leftovers(validating.out))  # the scenario: a temp folder left
        assert snapshot(validating.out) == validating.before
        assert not replacing.out.exists() and any(".old-" in name for name in leftovers(replacing.out))
        live = validating.out.parent / f".{validating.out.name}.tmp{os.getpid()}-live"
        live.mkdir()  # a build still running (this process): never swept
        for c in children:
            process.sweep_stale(c.out)
            assert snapshot(c.out) == c.before
        assert leftovers(validating.out) == [live.name] and leftovers(replacing.out) == []
    finally:
        for c in children:
            if c.proc.poll() is None:
                c.proc.kill()
