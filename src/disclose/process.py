"""What a build asks of the process it runs in: output folders that appear whole or not at all,
and signals that unwind instead of killing.

Why one module: a filing folder is written into a temporary folder beside it and moved into place
only when complete (a failed or interrupted build leaves the old folder as it was), and that is
only true if SIGTERM unwinds like Ctrl-C (the default action would end the process on the spot,
leaving the temp folder behind) and both are held off while the folders are swapped.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from glob import escape as glob_escape
from pathlib import Path

from disclose.text.decode import InputError

__all__ = ["EXIT_INTERRUPTED", "EXIT_TERMINATED", "Terminated", "atomic_folder", "exit_code_of_interrupt",
           "replace_dir", "sigterm_unwinds", "sweep_stale"]

EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so a killed build unwinds and removes its temp folder."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated()


def exit_code_of_interrupt(e: KeyboardInterrupt) -> int:
    """130 for Ctrl-C (SIGINT), 143 for SIGTERM."""
    return EXIT_TERMINATED if isinstance(e, Terminated) else EXIT_INTERRUPTED


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises Terminated while the block runs (main thread only); the old handler comes back after."""
    if not _main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """A temporary folder beside `out` to write into; it replaces `out` when the block ends normally
    and is removed when it raises (anything, KeyboardInterrupt included).

    Raises InputError when `out` exists and is not a folder."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"the output path {out} exists and is not a folder; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp{os.getpid()}-", dir=out.parent))
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private (0700); the filing folder is an ordinary one
    try:
        yield tmp
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def replace_dir(tmp: Path, out: Path) -> None:
    """Move a finished folder into place; signals are held off so no half state is left."""
    old = None
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)} if _main_thread() else {}
    for s in previous:
        signal.signal(s, signal.SIG_IGN)
    try:
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        try:
            os.replace(tmp, out)
        except BaseException:
            if old is not None:
                os.replace(old, out)  # put the previous filing back: nothing is lost
            raise
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def sweep_stale(out: Path) -> None:
    """Remove temp and old folders of `out` left by builds that were killed (SIGKILL, power loss):
    their names carry the pid, and only folders of processes that no longer run are removed."""
    for p in out.parent.glob(f".{glob_escape(out.name)}.*"):
        m = re.fullmatch(re.escape(f".{out.name}.") + r"(?:tmp(\d+)-\w+|old-(\d+))", p.name)
        if m and not _alive(int(m[1] or m[2])):
            if m[2] and not out.exists():
                os.replace(p, out)  # killed between moving the old filing aside and the new one in
            else:
                shutil.rmtree(p, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
