"""A non-editable install carries everything a build needs: `pip install .` into a fresh virtual
environment, then `disclose build` from another folder builds the bundled sample valid.

Slow (builds a wheel, installs it, runs a build), so it runs under CI (`CI` set, as .ci/run does)
or with DISCLOSE_SLOW=1. The new environment gets only disclose itself (`--no-deps`); its
dependencies come from this environment's site-packages through a .pth file, which adds them
after the new environment's own site-packages, so the installed copy of disclose is the one
imported, never this checkout."""
from __future__ import annotations

import os
import site
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not (os.environ.get("CI") or os.environ.get("DISCLOSE_SLOW")),
                                reason="slow: builds and installs a wheel (runs under CI or with DISCLOSE_SLOW=1)")


def _dependency_dirs() -> list[str]:
    """This environment's site-packages (where lxml, Arelle, jinja2 ... are installed)."""
    dirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    return sorted(d for d in dirs if Path(d).is_dir())


def test_a_plain_install_builds_the_sample_from_another_folder(tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    # a copy of the checkout: the build must not write into this one (build/, *.egg-info)
    src_copy = tmp_path / "src-copy"
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (src_copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (src_copy / rel).write_bytes((ROOT / rel).read_bytes())
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(src_copy)],
                             capture_output=True, text=True, env=env, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    Path(purelib, "disclose-test-deps.pth").write_text("\n".join(_dependency_dirs()) + "\n", encoding="utf-8")

    where = subprocess.run([str(py), "-c", "import disclose; print(disclose.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where  # the installed copy, not this checkout

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([str(env_dir / "bin" / "disclose"), "build"], cwd=elsewhere, capture_output=True,
                         text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "VALID" in run.stdout
    out = elsewhere / "iij-1h-fy2020"
    assert (out / "iij-1h-fy2020.xbrl").is_file() and (out / "iij-1h-fy2020-report.json").is_file()
    assert (out / "taxonomy").is_dir() and (out / "iij-1h-fy2020.xhtml").is_file()
    assert not (Path(where).parents[2] / "instances").exists()  # nothing written beside the installed package

    check = subprocess.run([str(env_dir / "bin" / "disclose"), "taxonomy", "--check"], cwd=elsewhere,
                           capture_output=True, text=True, env=env, timeout=300)
    assert check.returncode == 0 and "in sync" in check.stdout, check.stdout + check.stderr
