"""disclose.process on its own: a folder appears whole or not at all, and every command's errors
are handled once (cli._run), a batch's included."""
from __future__ import annotations

import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclose import api, cli, process


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_finished_block_replaces_the_folder_and_a_failed_one_leaves_it_as_it_was(tmp_path: Path):
    out = tmp_path / "filing"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), process.atomic_folder(out) as tmp:
        (tmp / "half.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("failed half-way")
    assert _entries(out) == ["old.txt"] and _entries(tmp_path) == ["filing"]  # no temp folder left
    with pytest.raises(KeyboardInterrupt), process.atomic_folder(out) as tmp:
        raise process.Terminated()
    assert _entries(out) == ["old.txt"] and _entries(tmp_path) == ["filing"]
    with process.atomic_folder(out) as tmp:
        (tmp / "new.txt").write_text("new", encoding="utf-8")
    assert _entries(out) == ["new.txt"] and _entries(tmp_path) == ["filing"]  # the old one is gone too


def test_an_output_path_that_is_a_file_is_bad_input(tmp_path: Path):
    target = tmp_path / "a-file"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(api.InputError, match="is not a folder"), process.atomic_folder(target):
        pass
    assert target.read_text(encoding="utf-8") == "keep"


def test_sigterm_raises_terminated_inside_the_block_and_the_old_handler_comes_back():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(process.Terminated), process.sigterm_unwinds():
        signal.raise_signal(signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == before
    assert process.exit_code_of_interrupt(process.Terminated()) == 143
    assert process.exit_code_of_interrupt(KeyboardInterrupt()) == 130


@pytest.mark.parametrize("raised, code, said", [
    (RuntimeError("boom"), 3, "internal error (RuntimeError: boom)"),
    (api.InputError("no release given"), 2, "error: no release given"),
    (KeyboardInterrupt(), 130, "interrupted; releases already built are complete"),
])
def test_a_batch_ends_like_a_single_build(monkeypatch, tmp_path: Path, raised, code, said):
    def build_many(*args, **kwargs):
        raise raised

    monkeypatch.setattr(api, "build_many", build_many)
    result = CliRunner().invoke(cli.main, ["build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == code and said in result.stderr
    assert "Traceback" not in result.output
