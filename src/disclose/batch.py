"""Build many releases in one go: each into its own folder, on a pool of warm worker processes.

Why a pool of processes and not threads: Arelle keeps global state (one Session at a time per
process, used from the thread that created it), so parallel validation needs processes. Why an
initializer: importing Arelle, compiling the xmlschema instance schema, loading the taxonomy
source and compiling the templates cost about a second and do not depend on the release; each
worker pays that once and every release after the first is a pure build.

The base taxonomy is release-independent work too: it is validated once and trusted after (see
disclose.trust); a worker decides that in its initializer.

A failed release never stops the batch: bad input (exit 2), an invalid filing (1) or a crash (3)
is recorded and the next release is built. The batch's exit code is the worst one seen.
"""
from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclose.worker import EXIT_CRASH, Outcome, build_one, warm_up

__all__ = ["EXIT_CRASH", "BatchResult", "Outcome", "build_many", "warm_up"]

@dataclass(frozen=True)
class BatchResult:
    outcomes: tuple[Outcome, ...]  # in the order the releases were given
    seconds: float

    @property
    def exit_code(self) -> int:
        """The worst exit code seen (0 when every release built valid)."""
        return max((o.exit_code for o in self.outcomes), default=0)

    def json_lines(self) -> str:
        """One JSON object per release, in the order given (for scripts: `disclose build ... | jq`)."""
        import json

        return "\n".join(json.dumps(o.as_dict(), ensure_ascii=False) for o in self.outcomes)

    @property
    def summary(self) -> str:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        width = max([len("release")] + [len(o.release.name) for o in self.outcomes])
        lines = [f"{'release':<{width}}  {'status':<9}  {'facts':>6}  {'seconds':>7}  output folder / message"]
        for o in self.outcomes:
            said = str(o.out_dir) if o.exit_code in (0, 1) else (o.summary.splitlines() or [""])[0]
            lines.append(f"{o.release.name:<{width}}  {o.status:<9}  {o.facts:>6}  {o.seconds:>7.1f}  {said}")
        tally = ", ".join(f"{n} {s}" for s, n in counts.items())
        lines.append(f"{len(self.outcomes)} release(s) in {self.seconds:.1f} s: {tally}; exit code {self.exit_code}")
        return "\n".join(lines)


def out_dirs(releases: Sequence[Path], out: Path | None) -> list[Path]:
    """Each release's folder: ./<stem>/ by default, <out>/<stem>/ with several releases, and
    `out` itself for a single release (as `disclose build --out` does).

    Raises InputError when two releases would write the same folder (same stem)."""
    from disclose.text.decode import InputError

    if len(releases) == 1 and out is not None:
        return [Path(out)]
    parent = Path(out) if out is not None else Path.cwd()
    dirs = [parent / Path(r).stem for r in releases]
    seen: dict[Path, Path] = {}
    for r, d in zip(releases, dirs):
        if d in seen:
            raise InputError(f"{seen[d]} and {r} would both be built into {d} (same file stem)")
        seen[d] = Path(r)
    return dirs


EXECUTORS = ("local", "dask")


def build_many(releases: Iterable[Path], profile: Path | None = None, out: Path | None = None, jobs: int = 1, *,
               progress: bool = True, executor: str = "local", scheduler: str | None = None,
               **options: Any) -> BatchResult:
    """Build every release into its own folder (see `out_dirs`) with `jobs` worker processes.

    profile: one profile for every release; None looks for <release>.toml next to each release.
    jobs: 1 builds in this process; more uses a pool of warm worker processes (started with
    "spawn": a script that calls this with jobs > 1 needs the usual `if __name__ == "__main__":`).
    options: pipeline.build's keyword arguments (calcs, formulas, min_coverage, formats, viewer), the
    same for every release. progress: a tqdm bar on stderr.
    executor: "local" (this machine's process pool) or "dask" (disclose.batch_dask: a local Dask
    cluster of `jobs` worker processes, or the existing cluster at `scheduler`, an address such as
    tcp://host:8786; giving a scheduler implies "dask").
    Never raises for a failed release (see Outcome.exit_code); raises InputError only when the
    batch itself is unusable (no release, clashing folders).
    """
    from disclose.text.decode import InputError

    if scheduler:
        executor = "dask"
    if executor not in EXECUTORS:
        raise InputError(f"unknown executor {executor!r} (choose {' or '.join(EXECUTORS)})")
    paths = [Path(r) for r in releases]
    if not paths:
        raise InputError("no release given")
    dirs = out_dirs(paths, out)
    if options.get("formats") is not None:  # a bad --format is the batch's fault: say so once
        from disclose.writers import parse_formats

        parse_formats(options["formats"])
    prof = Path(profile) if profile is not None else None
    jobs = max(1, min(int(jobs), len(paths)))
    started = time.perf_counter()
    outcomes: list[Outcome | None] = [None] * len(paths)
    bar = _progress(len(paths), progress)
    try:
        if executor == "dask":
            from disclose import batch_dask

            def done(k: int, outcome: Outcome) -> None:
                outcomes[k] = outcome
                _advance(bar, outcome)

            batch_dask.run(paths, dirs, prof, options, jobs, scheduler, done)
        elif jobs == 1:
            for k, (r, d) in enumerate(zip(paths, dirs)):
                outcomes[k] = build_one(r, prof, d, options)
                _advance(bar, outcomes[k])
        else:
            # spawn: workers start clean (no copy of this process's threads or Arelle state)
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=warm_up) as pool:
                futures: dict[Future[Outcome], int] = {
                    pool.submit(build_one, r, prof, d, options): k for k, (r, d) in enumerate(zip(paths, dirs))}
                try:
                    for fut in as_completed(futures):
                        k = futures[fut]
                        try:
                            outcomes[k] = fut.result()
                        except Exception as e:  # noqa: BLE001 - the worker died (killed, out of memory)
                            outcomes[k] = Outcome(paths[k], dirs[k], EXIT_CRASH, f"crash: worker failed: {e!r}", 0.0)
                        _advance(bar, outcomes[k])
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    finally:
        if bar is not None:
            bar.close()
    return BatchResult(tuple(o for o in outcomes if o is not None), time.perf_counter() - started)


def _progress(total: int, enabled: bool):  # -> tqdm | None
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="release", file=sys.stderr, dynamic_ncols=True, leave=False)


def _advance(bar, outcome: Outcome | None) -> None:
    if bar is None or outcome is None:
        return
    if outcome.exit_code:
        bar.write(f"{outcome.release.name}: {outcome.status}", file=sys.stderr)
    bar.set_postfix_str(outcome.release.name, refresh=False)
    bar.update(1)
